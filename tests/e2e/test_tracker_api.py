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
        # session_persistence: true, so that the socketio sender is the session id the probe knows
        mock = Mock("--bot", "script", f.name, "--enable-api", "--credentials",
                    os.path.join(EXAMPLES, "../credentials.yml"), "--callback-url", "http://127.0.0.1:9/x")
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
        # With the API the same script passes against the bot it describes...
        p = probe("test", f.name, "--url", mock.url, "--api-url", mock.url)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("1 passed, 0 failed", p.stdout)
        # ... and a wrong name or slot fails with its line.
        for wrong, error in (("utter: utter_hello", "utter: utter_bye"),
                             ("- person: Ada", "- person: Bob")):
            g = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
            g.write(self.SCRIPT.replace(wrong, error))
            g.close()
            self.addCleanup(os.unlink, g.name)
            p = probe("test", g.name, "--url", mock.url, "--api-url", mock.url, "--channel", "socketio")
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            if "utter" in wrong:
                self.assertIn(g.name + ":7: expected utter utter_bye, got utter_hello", p.stdout)
            else:
                self.assertIn(g.name + ':5: expected slot_was_set person = "Bob", got slots set: person = "Ada"',
                              p.stdout)


class RasaE2ETestCases(unittest.TestCase):
    """Rasa's own end-to-end format (test_cases:), run over each live channel with the API."""

    EXAMPLE = os.path.join(EXAMPLES, "e2e_test_cases.yml")

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.mock = Mock("--enable-api", "--auth-token", "s3cret", "--credentials",
                        os.path.join(EXAMPLES, "../credentials.yml"),
                        "--callback-url", "http://127.0.0.1:%d/bot" % cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()

    def run_probe(self, path, channel="rest", *extra, api=True):
        args = ["test", path, "--url", self.mock.url, "--channel", channel, "--receiver-port", str(self.port)]
        if api:
            args += ["--api-url", self.mock.url, "--api-token", "s3cret"]
        return probe(*args, *extra)

    def file(self, text):
        f = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_the_example_passes_on_every_channel(self):
        for channel in ("rest", "socketio", "callback"):
            p = self.run_probe(self.EXAMPLE, channel, "--jobs", "3", "--sender", "e2e-" + channel)
            self.assertEqual(p.returncode, 0, channel + "\n" + p.stdout + p.stderr)
            self.assertIn("6 passed, 0 failed", p.stdout)
            # the fixture was set before the first message, the metadata (case's and step's) was sent
            r, body = self.mock.request("GET", "/conversations/e2e-%s-3/tracker?token=s3cret" % channel)
            events = json.loads(body)["events"]
            kinds = [e["event"] for e in events]
            self.assertEqual(events[kinds.index("slot")]["value"], "Grace")
            self.assertLess(kinds.index("slot"), kinds.index("user"))
            r, body = self.mock.request("GET", "/conversations/e2e-%s-4/tracker?token=s3cret" % channel)
            user = [e for e in json.loads(body)["events"] if e["event"] == "user"][0]
            # Rasa's callback channel reads only sender and message, and so does the mock's
            expected = {} if channel == "callback" else {"language": "de", "device": "phone"}
            self.assertEqual(user["metadata"], expected)

    def test_without_the_api_those_steps_are_skipped_never_passed(self):
        junit = self.file("") + ".xml"
        self.addCleanup(lambda: os.path.exists(junit) and os.unlink(junit))
        p = self.run_probe(self.EXAMPLE, "rest", "--junit", junit, api=False)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertNotIn("PASS", p.stdout)
        self.assertIn("SKIP  greeting", p.stdout)
        self.assertIn("1 step(s) need Rasa's HTTP API (--api-url): %s:26" % self.EXAMPLE, p.stdout)
        self.assertIn("its fixtures (%s:40) need Rasa's HTTP API (--api-url)" % self.EXAMPLE, p.stdout)
        self.assertIn("0 passed, 0 failed, 6 skipped", p.stdout)
        suite = ET.parse(junit).getroot().find("testsuite")
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("skipped")), ("6", "0", "6"))
        self.assertTrue(all(c.find("skipped") is not None for c in suite.findall("testcase")))

    def test_a_wrong_utter_fails_with_file_and_line(self):
        path = self.file("""test_cases:
  - test_case: wrong name
    steps:
      - user: hi
      - bot: Hey! How are you?
      - utter: utter_goodbye
  - test_case: wrong slot
    steps:
      - user: /name Ada
      - slot_was_set:
          - name: Grace
  - test_case: wrong text
    steps:
      - user: hi
      - bot: Hello!
""")
        for channel in ("rest", "socketio"):
            p = self.run_probe(path, channel)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("%s:6: expected utter utter_goodbye, got utter_greet" % path, p.stdout)
            self.assertIn('%s:10: expected slot_was_set name = "Grace", got slots set: name = "Ada"' % path,
                          p.stdout)
            self.assertIn('%s:15: expected bot "Hello!", got "Hey! How are you?"' % path, p.stdout)
            self.assertIn("0 passed, 3 failed", p.stdout)

    def test_a_turns_bot_steps_are_checked_against_that_turn_only(self):
        # /multi answers two messages, hi one: "second" is never said, whatever the channel or the API.
        path = self.file("""test_cases:
  - test_case: the rest of turn one is not turn two's
    steps:
      - user: /multi
      - bot: first
      - user: hi
      - bot: second
""")
        for channel in ("rest", "socketio", "callback"):
            for api in (False, True):
                p = self.run_probe(path, channel, api=api)
                self.assertEqual(p.returncode, 1, "%s %s\n%s%s" % (channel, api, p.stdout, p.stderr))
                self.assertNotIn("PASS", p.stdout)
                self.assertIn('%s:7: expected bot "second", got "Hey! How are you?"' % path, p.stdout)
        # and the turn's own messages, all of them, in any order, pass
        path = self.file("""test_cases:
  - test_case: whole turns
    steps:
      - user: /multi
      - bot: second
      - bot: first
      - user: hi
      - bot: Hey! How are you?
""")
        for channel in ("rest", "socketio", "callback"):
            p = self.run_probe(path, channel, api=False)
            self.assertEqual(p.returncode, 0, channel + "\n" + p.stdout + p.stderr)

    def test_a_wrong_token_is_a_failure_that_says_so(self):
        p = probe("test", self.EXAMPLE, "--url", self.mock.url, "--api-url", self.mock.url, "--api-token", "nope",
                  "--name", "greeting")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("401", p.stdout)
        self.assertIn("User is not authenticated.", p.stdout)

    def test_malformed_test_cases_name_file_and_line(self):
        for text, error in (
                ("test_cases:\n  - test_case: a\n    steps:\n      - user: hi\n        assertions: []\n",
                 ":5: 'assertions' (Rasa Pro's assertions) is not supported by rasa-probe"),
                ("test_cases:\n  - test_case: a\n    fixtures: [nope]\n    steps:\n      - user: hi\n",
                 ":3: fixture 'nope' is not defined in the file's top-level 'fixtures:'"),
                ("test_cases:\n  - test_case: a\n    steps:\n      - user: hi\n      - utter: x\n        bot: y\n",
                 ":5: a step holds exactly one of user, bot, utter, slot_was_set, slot_was_not_set")):
            path = self.file(text)
            p = probe("test", path, "--url", self.mock.url)
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn(path + error, p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
