#!/usr/bin/python3
"""rasa-mock --enable-api: Rasa's tracker endpoints over the mock's own conversations, spoken to by
Python's own HTTP client; and rasa-probe test's utter/slot steps against them."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import EXAMPLES, MOCK, Mock, free_port, probe  # noqa: E402

NOT_AUTHENTICATED = (b'{"version":"3.6.21","status":"failure","message":"User is not authenticated.",'
                     b'"reason":"NotAuthenticated","details":{},"help":"https:\\/\\/rasa.com\\/docs\\/rasa\\/'
                     b'user-guide\\/configuring-http-api\\/#security-considerations","code":401}')


class TrackerApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = Mock("--enable-api", "--auth-token", "s3cret")

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()

    def tracker(self, sender):
        r, body = self.mock.request("GET", "/conversations/%s/tracker?token=s3cret" % sender)
        self.assertEqual(r.status, 200, body)
        return json.loads(body)

    def test_missing_or_wrong_token_is_401_as_rasa_answers(self):
        for query in ("", "?token=wrong", "?token="):
            for method, path, body in (("GET", "/conversations/a/tracker", None),
                                       ("POST", "/conversations/a/tracker/events", b'{"event":"restart"}'),
                                       ("GET", "/status", None)):
                r, data = self.mock.request(method, path + query, body)
                self.assertEqual((r.status, data), (401, NOT_AUTHENTICATED), method + " " + path + query)
        r, _ = self.mock.request("GET", "/status?token=s3cret")
        self.assertEqual(r.status, 200)

    def test_a_rest_turn_is_in_the_tracker_with_names_and_slots(self):
        r, body = self.mock.request("POST", "/webhooks/rest/webhook",
                                    json.dumps({"sender": "ada", "message": "/name Ada", "metadata": {"k": 1}}))
        self.assertEqual(json.loads(body), [{"recipient_id": "ada", "text": "Nice to meet you, Ada!"}])
        self.mock.request("POST", "/webhooks/rest/webhook", json.dumps({"sender": "ada", "message": "hi"}))
        t = self.tracker("ada")
        self.assertEqual(t["sender_id"], "ada")
        self.assertEqual(t["slots"]["name"], "Ada")
        self.assertEqual(t["latest_input_channel"], "rest")
        self.assertEqual(t["latest_action_name"], "action_listen")
        kinds = [e["event"] + (":" + e["name"] if e["event"] in ("action", "slot") else "") for e in t["events"]]
        self.assertEqual(kinds, ["action:action_session_start", "session_started", "action:action_listen",
                                 "user", "slot:name", "action:utter_nice_to_meet_you", "bot", "action:action_listen",
                                 "user", "action:utter_greet", "bot", "action:action_listen"])
        user = t["events"][3]
        self.assertEqual((user["text"], user["input_channel"], user["metadata"]), ("/name Ada", "rest", {"k": 1}))
        bots = [e for e in t["events"] if e["event"] == "bot"]
        self.assertEqual([b["metadata"]["utter_action"] for b in bots], ["utter_nice_to_meet_you", "utter_greet"])
        self.assertEqual(bots[1]["text"], "Hey! How are you?")

    def test_posted_events_set_slots_and_bad_ones_are_400(self):
        r, body = self.mock.request("POST", "/conversations/fix/tracker/events?token=s3cret",
                                    json.dumps([{"event": "slot", "name": "name", "value": "Grace"}]))
        self.assertEqual(r.status, 200, body)
        self.assertEqual(json.loads(body)["slots"]["name"], "Grace")
        self.assertEqual(self.tracker("fix")["slots"]["name"], "Grace")
        for bad in (b"", b"not json", b'{"event":"teleport"}', b'[{"event":"slot"}]'):
            r, body = self.mock.request("POST", "/conversations/fix/tracker/events?token=s3cret", bad)
            self.assertEqual(r.status, 400, bad)
            error = json.loads(body)
            self.assertEqual((error["reason"], error["code"], error["status"]), ("BadRequest", 400, "failure"))
        r, _ = self.mock.request("PUT", "/conversations/fix/tracker?token=s3cret", b"{}")
        self.assertEqual(r.status, 405)
        r, _ = self.mock.request("GET", "/conversations/fix/story?token=s3cret")
        self.assertEqual(r.status, 404)

    def test_socketio_sender_is_the_session_id(self):
        # session_persistence: true, as Rasa: the sender is the session id of session_request
        mock = Mock("--enable-api", "--credentials", os.path.join(EXAMPLES, "../credentials.yml"))
        self.addCleanup(mock.stop)
        p = probe("send", "--url", mock.url, "--channel", "socketio", "--session-id", "sio-1", "/buttons")
        self.assertEqual(p.returncode, 0, p.stderr)
        r, body = mock.request("GET", "/conversations/sio-1/tracker")
        t = json.loads(body)
        self.assertEqual(t["latest_input_channel"], "socketio")
        self.assertIn("utter_buttons", [e.get("name") for e in t["events"]])


class WithoutApi(unittest.TestCase):
    def test_no_api_without_enable_api(self):
        mock = Mock()
        self.addCleanup(mock.stop)
        r, _ = mock.request("GET", "/conversations/a/tracker")
        self.assertEqual(r.status, 404)

    def test_auth_token_needs_enable_api(self):
        p = subprocess.run([MOCK, "--port", "0", "--auth-token", "x"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--auth-token protects the HTTP API: give --enable-api too", p.stderr)


class ScriptBotNamesAndSlots(unittest.TestCase):
    SCRIPT = """conversations:
  - name: named and slotted
    steps:
      - user: my name is Ada
      - slot_was_set:
          - person: Ada
      - bot: { text: "Hello Ada!", utter: utter_hello }
"""

    def test_script_bot_names_its_responses_and_sets_slots(self):
        f = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
        f.write(self.SCRIPT)
        f.close()
        self.addCleanup(os.unlink, f.name)
        mock = Mock("--bot", "script", f.name, "--enable-api")
        self.addCleanup(mock.stop)
        mock.request("POST", "/webhooks/rest/webhook", json.dumps({"sender": "s", "message": "my name is Ada"}))
        r, body = mock.request("GET", "/conversations/s/tracker")
        t = json.loads(body)
        self.assertEqual(t["slots"]["person"], "Ada")
        self.assertEqual([e["metadata"]["utter_action"] for e in t["events"] if e["event"] == "bot"], ["utter_hello"])
        # Without the API, rasa-probe test checks the text but never passes what it could not check.
        junit = f.name + ".xml"
        self.addCleanup(lambda: os.path.exists(junit) and os.unlink(junit))
        p = probe("test", f.name, "--url", mock.url, "--junit", junit)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("SKIP  named and slotted", p.stdout)
        self.assertIn("2 step(s) need Rasa's HTTP API (--api-url): %s:5, %s:7" % (f.name, f.name), p.stdout)
        self.assertIn("0 passed, 0 failed, 1 skipped", p.stdout)
        self.assertNotIn("PASS", p.stdout)
        case = ET.parse(junit).getroot().find("testsuite").find("testcase")
        self.assertIsNotNone(case.find("skipped"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
