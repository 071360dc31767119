"""The scripts that talk to a cluster, run against a test double of kubectl
(scripts/kubectl_double/kubectl) that records its arguments and answers from fixtures.
No cluster is reached. Standard library only; Python 3.11 (Debian 12's) and later.

Run: python3 -m unittest scripts/test_cluster_scripts.py
"""
import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
DOUBLE = SCRIPTS / "kubectl_double"
INSTANCE_PATH = "jsonpath={.metadata.labels.app\\.kubernetes\\.io/instance}{'\\t'}{.metadata.name}"


def namespace_answer(namespace, owner):
    """What `kubectl get namespace` prints for a namespace whose instance label is `owner`."""
    key = f"get namespace {namespace} --ignore-not-found -o {INSTANCE_PATH}"
    return {key: {"stdout": f"{owner}\t{namespace}"}}


class DeleteEnvironment(unittest.TestCase):
    def run_delete(self, env, namespace, answers, confirm=None, typed=""):
        with tempfile.TemporaryDirectory() as work:
            log = Path(work, "calls.jsonl")
            answers_file = Path(work, "answers.json")
            answers_file.write_text(json.dumps(answers), encoding="utf-8")
            environ = dict(os.environ, PATH=f"{DOUBLE}:{os.environ['PATH']}",
                           KUBECTL_DOUBLE_LOG=str(log),
                           KUBECTL_DOUBLE_ANSWERS=str(answers_file))
            environ.pop("CONFIRM", None)
            if confirm is not None:
                environ["CONFIRM"] = confirm
            result = subprocess.run(
                [str(SCRIPTS / "delete_environment.sh"), env, namespace, f"axisor-{env}"],
                input=typed, capture_output=True, text=True, env=environ, check=False)
            calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
        return result, calls

    def deletions(self, calls):
        return [call for call in calls if call[0] == "delete"]

    def test_development_is_deleted_without_asking(self):
        result, calls = self.run_delete("development", "axisor-dev",
                                        namespace_answer("axisor-dev", "axisor-development"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.deletions(calls), [
            ["delete", "servicemonitors", "--all-namespaces", "-l",
             "app.kubernetes.io/instance=axisor-development", "--ignore-not-found"],
            ["delete", "namespace", "axisor-dev"],
        ])
        self.assertNotIn("Type", result.stderr)

    def test_staging_asks_and_a_wrong_answer_deletes_nothing(self):
        result, calls = self.run_delete("staging", "axisor-staging",
                                        namespace_answer("axisor-staging", "axisor-staging"),
                                        typed="yes\n")
        self.assertEqual(result.returncode, 1)
        self.assertIn('Type "staging" to go on', result.stderr)
        self.assertIn("not deleted", result.stderr)
        self.assertEqual(calls, [])

    def test_typing_the_name_deletes(self):
        result, calls = self.run_delete("staging", "axisor-staging",
                                        namespace_answer("axisor-staging", "axisor-staging"),
                                        typed="staging\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.deletions(calls)[-1], ["delete", "namespace", "axisor-staging"])

    def test_confirm_answers_in_advance_and_must_name_the_environment(self):
        answers = namespace_answer("axisor", "axisor-production")
        result, calls = self.run_delete("production", "axisor", answers, confirm="production")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.deletions(calls)[-1], ["delete", "namespace", "axisor"])
        result, calls = self.run_delete("production", "axisor", answers, confirm="staging")
        self.assertEqual(result.returncode, 1)
        self.assertIn("CONFIRM=staging does not name environment production", result.stderr)
        self.assertEqual(calls, [])

    def test_a_namespace_of_another_instance_is_refused(self):
        result, calls = self.run_delete("staging", "axisor",
                                        namespace_answer("axisor", "axisor-production"),
                                        confirm="staging")
        self.assertEqual(result.returncode, 1)
        self.assertIn("carries app.kubernetes.io/instance=axisor-production, not axisor-staging",
                      result.stderr)
        self.assertEqual(self.deletions(calls), [])

    def test_a_namespace_without_the_label_is_refused(self):
        result, calls = self.run_delete("staging", "kube-system",
                                        namespace_answer("kube-system", ""), confirm="staging")
        self.assertEqual(result.returncode, 1)
        self.assertIn("app.kubernetes.io/instance=(none)", result.stderr)
        self.assertEqual(self.deletions(calls), [])

    def test_a_missing_namespace_leaves_only_the_service_monitors_to_delete(self):
        result, calls = self.run_delete("staging", "axisor-staging", {}, confirm="staging")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([call[1] for call in self.deletions(calls)], ["servicemonitors"])
        self.assertIn("does not exist", result.stderr)

    def test_a_failed_read_deletes_nothing(self):
        key = f"get namespace axisor-staging --ignore-not-found -o {INSTANCE_PATH}"
        answers = {key: {"stderr": "Unable to connect to the server", "exit": 1}}
        result, calls = self.run_delete("staging", "axisor-staging", answers, confirm="staging")
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot read namespace axisor-staging", result.stderr)
        self.assertEqual(self.deletions(calls), [])


if __name__ == "__main__":
    unittest.main()
