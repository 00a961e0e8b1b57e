"""Certificates for TLS tests, made with openssl at test time: a CA, and server certificates it signs
(each with its subjectAltName), as PEM files in a directory."""

import os
import subprocess


def openssl(directory, *args):
    subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True, timeout=60)


def make_ca(directory):
    """ca.pem and ca.key in `directory`; returns the path of ca.pem."""
    openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=rasa-chat test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return os.path.join(directory, "ca.pem")


def make_server(directory, name, subject_alt_name="IP:127.0.0.1,DNS:localhost"):
    """<name>.pem and <name>.key signed by the CA of `directory`; returns (cert path, key path)."""
    with open(os.path.join(directory, name + ".ext"), "w") as f:
        f.write("subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n" % subject_alt_name)
    openssl(directory, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
            "-subj", "/CN=" + name)
    openssl(directory, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext")
    return os.path.join(directory, name + ".pem"), os.path.join(directory, name + ".key")
