#!/usr/bin/python3
"""rasa-probe load and merge as a user runs them, against a child rasa-mock --bot echo on a port the OS
picks: stages, thresholds, the per-second series and merging the results of several runs."""

import csv
import json
import os
import select
import signal
import subprocess
import tempfile
import unittest

BIN = os.environ.get("RASACHAT_BIN", os.path.join(os.path.dirname(__file__), "../../build/bin"))
MOCK = os.path.join(BIN, "rasa-mock")
PROBE = os.path.join(BIN, "rasa-probe")


class EchoMock:
    def __init__(self):
        self.proc = subprocess.Popen([MOCK, "--port", "0", "--bot", "echo", "--quiet"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        line = self.proc.stdout.readline().strip() if ready else ""
        if not line.startswith("rasa-mock listening on "):
            self.proc.kill()
            raise AssertionError("unexpected first line: %r" % line)
        self.url = line.split()[-1]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)
        self.proc.stdout.close()


def probe(*args, timeout=60):
    return subprocess.run([PROBE, *args], capture_output=True, text=True, timeout=timeout)


class Load(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = EchoMock()

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def load(self, *args):
        return probe("load", "--url", self.mock.url, "--sessions", "2", *args)

    def test_stages_ramp_the_rate(self):
        # 0 -> 40/s over 1 s (20 messages), 40/s for 1 s (40), 40 -> 0 over 1 s (20): 80 in all
        p = self.load("--stages", "1s:40,1s:40,1s:0", "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        report = json.loads(p.stdout)
        self.assertEqual((report["scheduled"], report["sent"], report["answered"]), (80, 80, 80))
        self.assertEqual(report["rate"], 40)
        self.assertEqual(report["duration_s"], 3)
        self.assertIn("in 3 stages, up to 40 messages/s", p.stderr)

    def test_stages_are_checked(self):
        p = self.load("--stages", "1s:40,fast:10")
        self.assertEqual(p.returncode, 2)
        self.assertIn('"fast:10" is not DURATION:RATE', p.stderr)
        p = self.load("--stages", "1s:40", "--duration", "5")
        self.assertEqual(p.returncode, 2)

    def test_a_crossed_threshold_is_named_and_exit_1(self):
        p = self.load("--rate", "20", "--duration", "1", "--threshold", "p99<60s", "--threshold", "errors<0.1%",
                      "--threshold", "answered>20", "--json")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("threshold crossed: answered>20 (answered was 20)", p.stderr)
        self.assertNotIn("p99<60s", p.stderr)
        self.assertNotIn("errors<", p.stderr)
        p = self.load("--rate", "20", "--duration", "1", "--threshold", "p99<60s", "--threshold", "timeouts==0")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = self.load("--threshold", "p99 fast")
        self.assertEqual(p.returncode, 2)
        self.assertIn("not METRIC OP VALUE", p.stderr)

    def test_out_writes_one_row_per_second(self):
        for ext in ("csv", "jsonl"):
            path = os.path.join(self.tmp.name, "run." + ext)
            p = self.load("--rate", "20", "--duration", "2", "--out", path)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(path) as f:
                rows = list(csv.DictReader(f)) if ext == "csv" else [json.loads(line) for line in f]
            self.assertGreaterEqual(len(rows), 2)
            self.assertEqual([int(r["second"]) for r in rows], list(range(1, len(rows) + 1)))
            self.assertEqual(sum(int(r["offered"]) for r in rows), 40)
            self.assertEqual(sum(int(r["sent"]) for r in rows), 40)
            self.assertEqual(sum(int(r["answered"]) for r in rows), 40)
            self.assertEqual(sum(int(r["errors"]) + int(r["timeouts"]) + int(r["late"]) for r in rows), 0)
            self.assertEqual(list(rows[0].keys()), ["second", "offered", "sent", "answered", "errors", "timeouts",
                                                    "late", "p50_ms", "p99_ms"])
        p = self.load("--out", os.path.join(self.tmp.name, "run.txt"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("must end in .csv or .jsonl", p.stderr)

    def test_merge_adds_up_exactly(self):
        paths, parts = [], []
        for channel in ("rest", "socketio"):
            p = self.load("--channel", channel, "--rate", "30", "--duration", "1", "--json")
            self.assertEqual(p.returncode, 0, p.stderr)
            parts.append(json.loads(p.stdout))
            paths.append(os.path.join(self.tmp.name, channel + ".json"))
            with open(paths[-1], "w") as f:
                f.write(p.stdout)
        p = probe("merge", "--json", *paths)
        self.assertEqual(p.returncode, 0, p.stderr)
        merged = json.loads(p.stdout)
        for key in ("scheduled", "sent", "answered", "errors", "timeouts", "late", "sessions"):
            self.assertEqual(merged[key], parts[0][key] + parts[1][key], key)
        self.assertEqual(merged["histogram"]["count"], 60)
        counts = {}
        for part in parts:
            for lo, hi, n in part["histogram"]["buckets"]:
                counts[(lo, hi)] = counts.get((lo, hi), 0) + n
        self.assertEqual({(lo, hi): n for lo, hi, n in merged["histogram"]["buckets"]}, counts)
        self.assertEqual(merged["max_ms"], max(parts[0]["max_ms"], parts[1]["max_ms"]))
        # the median of all 60 latencies: the 30th smallest, as the middle of its bucket
        values = sorted(v for (lo, hi), n in counts.items() for v in [(lo + hi - 1) / 2] * n)
        lo_all = min(parts[0]["histogram"]["min"], parts[1]["histogram"]["min"])
        hi_all = max(parts[0]["histogram"]["max"], parts[1]["histogram"]["max"])
        self.assertAlmostEqual(merged["p50_ms"], round(min(max(values[29], lo_all), hi_all) / 1000, 2))
        table = probe("merge", *paths)
        self.assertEqual(table.returncode, 0)
        self.assertIn("answered    60", table.stdout)
        crossed = probe("merge", "--threshold", "sent>60", *paths)
        self.assertEqual(crossed.returncode, 1)
        self.assertIn("sent>60 (sent was 60)", crossed.stderr)

    def test_script_plays_conversations_and_counts_failed_expectations(self):
        path = os.path.join(self.tmp.name, "flows.yml")
        with open(path, "w") as f:
            f.write("conversations:\n"
                    "  - name: two turns that fit the echo bot\n"
                    "    steps:\n"
                    "      - user: hello\n"
                    "      - bot: \"you said: hello\"\n"
                    "      - user: bye\n"
                    "      - bot: { contains: bye }\n"
                    "  - name: one turn that does not\n"
                    "    steps:\n"
                    "      - user: hi\n"
                    "      - bot: \"Hey! How are you?\"\n"
                    "      - user: never sent\n")
        for channel in ("rest", "socketio"):
            # A session per conversation: with fewer, a slow machine (ASan, busy cores) leaves arrivals without
            # a free session, which the tool rightly counts as scheduled but not started.
            p = self.load("--channel", channel, "--script", path, "--sessions", "10", "--rate", "10", "--duration",
                          "1", "--json")
            self.assertEqual(p.returncode, 1, p.stderr)
            r = json.loads(p.stdout)
            # 10 conversations, in turn: 5 pass (2 messages each), 5 stop at their first bot step (1 message)
            self.assertEqual((r["scheduled"], r["conversations"], r["passed"], r["failed_expectations"]),
                             (10, 10, 5, 5), channel)
            self.assertEqual((r["sent"], r["answered"], r["errors"], r["timeouts"]), (15, 15, 0, 0), channel)
            self.assertEqual(r["histogram"]["count"], 15)
        p = self.load("--script", os.path.join(self.tmp.name, "missing.yml"))
        self.assertEqual(p.returncode, 2)

    def test_script_sender_is_each_conversations_own(self):
        # ${sender} is the id the conversation's session was confirmed with (Rasa's: 32 hex digits); were
        # it sent as the literal text, the echo would not match.
        path = os.path.join(self.tmp.name, "sender.yml")
        with open(path, "w") as f:
            f.write("conversations:\n"
                    "  - name: who am I\n"
                    "    steps:\n"
                    "      - user: \"I am ${sender}\"\n"
                    "      - bot: { matches: \"^you said: I am [0-9a-f]{32}$\" }\n")
        for channel in ("rest", "socketio"):
            # A session per conversation: with fewer, a slow machine finds them all busy and misses the schedule.
            p = self.load("--channel", channel, "--script", path, "--sessions", "10", "--rate", "10", "--duration",
                          "1", "--json")
            self.assertEqual(p.returncode, 0, p.stderr)
            r = json.loads(p.stdout)
            self.assertEqual((r["conversations"], r["passed"], r["failed_expectations"]), (10, 10, 0), channel)

    def test_merge_refuses_what_is_not_a_result(self):
        path = os.path.join(self.tmp.name, "old.json")
        with open(path, "w") as f:
            f.write('{"sent": 1, "answered": 1}')
        p = probe("merge", path)
        self.assertEqual(p.returncode, 2)
        self.assertIn('no "histogram"', p.stderr)
        p = probe("merge", os.path.join(self.tmp.name, "missing.json"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("cannot read", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
