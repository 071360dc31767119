"""The scripts that talk to a cluster, run against test doubles of kubectl (and of gh, git
and make where a script runs them): scripts/double.py, which records its arguments and
answers from fixtures.
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
DOUBLE = SCRIPTS / "double.py"
ROOT = SCRIPTS.parent
SERVER_PATH = "jsonpath={.clusters[0].cluster.server}"
STAGING = "https://kubernetes.staging.axisor.internal:6443"
RENDER = os.environ.get("RENDER", str(ROOT / "target" / "debug" / "render"))
# What pruning lists: the renderer's table of kinds, less the Namespace and Pods.
KINDS = subprocess.run([RENDER, "prune", "--list-kinds"], check=True, capture_output=True,
                       text=True).stdout.strip()
INSTANCE_PATH = "jsonpath={.metadata.labels.app\\.kubernetes\\.io/instance}{'\\t'}{.metadata.name}"


def namespace_answer(namespace, owner):
    """What `kubectl get namespace` prints for a namespace whose instance label is `owner`."""
    key = f"get namespace {namespace} --ignore-not-found -o {INSTANCE_PATH}"
    return {key: {"stdout": f"{owner}\t{namespace}"}}


def current_cluster(context, server):
    """kubeconfig whose current context is `context`, talking to `server`."""
    return {
        "config current-context": {"stdout": f"{context}\n"},
        f"config view --minify --context {context} -o {SERVER_PATH}": {"stdout": server},
    }


def run_with_doubles(command, answers, programs=("kubectl",), typed="", **variables):
    """Runs `command` with doubles of `programs` first on PATH; `answers` maps each
    program's name to its fixture. Returns the result and every recorded call, each
    [program, *arguments]."""
    with tempfile.TemporaryDirectory() as work:
        bin_dir = Path(work, "bin")
        bin_dir.mkdir()
        for program in programs:
            Path(bin_dir, program).symlink_to(DOUBLE)
        log = Path(work, "calls.jsonl")
        answers_file = Path(work, "answers.json")
        answers_file.write_text(json.dumps(answers), encoding="utf-8")
        environ = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}",
                       DOUBLE_LOG=str(log), DOUBLE_ANSWERS=str(answers_file))
        for name in ("CONFIRM", "AXISOR_CLUSTER", "KUBECTL_CONTEXT", "MAKEFLAGS", "FORCE_CONFLICTS"):
            environ.pop(name, None)
        environ.update(variables)
        result = subprocess.run(command, input=typed, capture_output=True, text=True,
                                env=environ, cwd=ROOT, check=False)
        calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return result, calls


def run_with_double(command, answers, typed="", **variables):
    """`run_with_doubles` with kubectl alone: `answers` is kubectl's fixture, and the calls
    are kubectl's arguments."""
    result, calls = run_with_doubles(command, {"kubectl": answers}, typed=typed, **variables)
    return result, [call[1:] for call in calls if call[0] == "kubectl"]


class CheckCluster(unittest.TestCase):
    def check(self, answers, context="", **variables):
        command = [str(SCRIPTS / "check_cluster.sh"), "staging", STAGING, context]
        return run_with_double(command, answers, **variables)

    def test_the_environments_own_cluster_passes(self):
        result, _ = self.check(current_cluster("ops", STAGING + "/"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"environment staging on {STAGING} (kubeconfig context ops)", result.stderr)

    def test_another_cluster_is_refused_naming_both(self):
        result, _ = self.check(current_cluster("prod", "https://kubernetes.production.axisor.internal:6443"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("kubeconfig context prod talks to https://kubernetes.production.axisor.internal:6443", result.stderr)
        self.assertIn(f"environment staging's cluster is {STAGING}", result.stderr)

    def test_an_override_must_name_the_cluster_in_use_and_is_printed(self):
        kind = current_cluster("kind-axisor", "https://127.0.0.1:40123")
        result, _ = self.check(kind, AXISOR_CLUSTER="https://127.0.0.1:40123")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("warning: environment staging on cluster https://127.0.0.1:40123", result.stderr)
        result, _ = self.check(kind, AXISOR_CLUSTER="https://127.0.0.1:9999")
        self.assertEqual(result.returncode, 1)

    def test_the_profiles_context_is_used_instead_of_the_current_one(self):
        answers = {f"config view --minify --context axisor-staging -o {SERVER_PATH}": {"stdout": STAGING}}
        answers.update({"config current-context": {"stdout": "prod\n"}})
        result, calls = self.check(answers, context="axisor-staging")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn(["config", "current-context"], calls)

    def test_no_current_context_is_refused(self):
        result, _ = self.check({"config current-context": {"exit": 1}})
        self.assertEqual(result.returncode, 1)
        self.assertIn("no current context", result.stderr)


class MakeTargetsCheckTheClusterFirst(unittest.TestCase):
    """The Makefile's cluster targets, with `render` built and kubectl the double."""

    def test_apply_on_the_wrong_cluster_applies_nothing(self):
        answers = current_cluster("prod", "https://kubernetes.production.axisor.internal:6443")
        result, calls = run_with_double(["make", "--no-print-directory", "apply", "ENV=staging"], answers)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"environment staging's cluster is {STAGING}", result.stderr)
        self.assertFalse([c for c in calls if c[0] in ("apply", "delete")], calls)

    def test_apply_on_the_right_cluster_applies_server_side_and_prunes_by_instance(self):
        answers = current_cluster("ops", STAGING)
        selector = "app.kubernetes.io/instance=axisor-staging"
        answers[f"get {KINDS} --all-namespaces -l {selector} -o json"] = {
            "stdout": json.dumps({"kind": "List", "items": []})}
        result, calls = run_with_double(["make", "--no-print-directory", "apply", "ENV=staging"], answers)
        self.assertEqual(result.returncode, 0, result.stderr)
        applies = [c for c in calls if c[0] == "apply"]
        self.assertEqual(len(applies), 1, calls)
        self.assertEqual(applies[0][:3], ["apply", "--server-side", "--field-manager=axisor-render"])
        self.assertIn(["get", KINDS, "--all-namespaces", "-l", selector, "-o", "json"], calls)

    def test_delete_on_the_right_cluster_deletes_the_templates_kinds_then_the_namespace(self):
        answers = current_cluster("ops", STAGING)
        answers.update(namespace_answer("axisor-staging", "axisor-staging"))
        result, calls = run_with_double(
            ["make", "--no-print-directory", "delete", "ENV=staging", "CONFIRM=staging"], answers)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([c for c in calls if c[0] == "delete"], [
            ["delete", KINDS, "--all-namespaces", "-l",
             "app.kubernetes.io/instance=axisor-staging,app.kubernetes.io/managed-by=axisor-render",
             "--field-selector", "metadata.namespace!=axisor-staging", "--ignore-not-found"],
            ["delete", "namespace", "axisor-staging"],
        ])

    def test_an_environment_its_gitops_controller_deploys_is_never_pushed_or_deleted(self):
        # staging and testing (the previews' source) switched to pull; nothing reaches kubectl.
        with tempfile.TemporaryDirectory() as environments:
            for profile in (ROOT / "environments").glob("*.yaml"):
                text = profile.read_text(encoding="utf-8")
                if profile.name in ("staging.yaml", "testing.yaml"):
                    text += "\ngitops:\n  mode: pull\n"
                Path(environments, profile.name).write_text(text, encoding="utf-8")
            render = f"{RENDER} --environments {environments}"
            answers = current_cluster("ops", STAGING)
            for target in (["apply", "ENV=staging"], ["delete", "ENV=staging", "CONFIRM=staging"],
                           ["preview-apply", "PR=7"], ["preview-delete", "PR=7"]):
                result, calls = run_with_double(["make", "--no-print-directory", *target, f"RENDER={render}"], answers)
                self.assertNotEqual(result.returncode, 0, target)
                source = "staging" if target[1].startswith("ENV") else "testing"
                self.assertIn(f"error: {source} is deployed by its GitOps controller (gitops.mode: pull in its profile), "
                              f"so make {target[0]} would fight it", result.stderr)
                self.assertEqual(calls, [], target)
            # Environments still pushed are applied as before.
            result, calls = run_with_double(["make", "--no-print-directory", "apply", "ENV=production",
                                             f"RENDER={render}"], current_cluster("prod", STAGING))
            self.assertIn("environment production's cluster is", result.stderr)

    def test_expire_previews_checks_the_preview_profiles_cluster(self):
        answers = current_cluster("staging", STAGING)
        result, calls = run_with_double(["make", "--no-print-directory", "expire-previews"], answers)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("environment testing's cluster is https://kubernetes.testing.axisor.internal:6443",
                      result.stderr)
        self.assertFalse([c for c in calls if c[0] in ("get", "delete")], calls)

    def test_expire_previews_deletes_only_expired_previews(self):
        testing = "https://kubernetes.testing.axisor.internal:6443"
        answers = current_cluster("testing", testing)

        def namespace(name, label):
            return {"apiVersion": "v1", "kind": "Namespace", "metadata": {
                "name": name, "labels": {"axisor.io/preview": label}, "annotations": {
                    "axisor.io/created-at": "2020-01-01T00:00:00Z",
                    "axisor.io/expires-at": "2020-01-04T00:00:00Z"}}}
        listed = [namespace("axisor-pr-7", "pr-7"), namespace("kube-system", "pr-1"),
                  namespace("axisor", "pr-2"), namespace("axisor-pr-8", "pr-9")]
        answers["get namespaces -l axisor.io/preview -o json"] = {
            "stdout": json.dumps({"apiVersion": "v1", "kind": "List", "items": listed})}
        result, calls = run_with_double(["make", "--no-print-directory", "expire-previews"], answers)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([c for c in calls if c[0] == "delete"],
                         [["delete", "namespace", "axisor-pr-7", "--ignore-not-found"]])
        for kept in ("kube-system", "axisor:", "axisor-pr-8"):
            self.assertIn(f"kept namespace {kept}", result.stderr)

    def test_delete_on_the_wrong_cluster_deletes_nothing(self):
        answers = current_cluster("staging", STAGING)
        answers.update(namespace_answer("axisor", "axisor-production"))
        result, calls = run_with_double(
            ["make", "--no-print-directory", "delete", "ENV=production", "CONFIRM=production"], answers)
        self.assertNotEqual(result.returncode, 0)
        self.assertFalse([c for c in calls if c[0] == "delete"], calls)


def item(kind, api_version, name, labels=None, owner=None, namespace="axisor-staging"):
    metadata = {"name": name, "namespace": namespace, "labels": labels or {}}
    if owner:
        metadata["ownerReferences"] = [{"kind": owner, "name": "x", "apiVersion": "v1", "uid": "1"}]
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata}


class ApplyEnvironment(unittest.TestCase):
    SELECTOR = "app.kubernetes.io/instance=axisor-staging"

    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.stream = Path(self.work.name, "staging.yaml")
        rendered = subprocess.run([RENDER, "staging"], capture_output=True, text=True, check=True)
        self.stream.write_text(rendered.stdout, encoding="utf-8")

    def tearDown(self):
        self.work.cleanup()

    def apply(self, answers, **variables):
        command = [str(SCRIPTS / "apply_environment.sh"), RENDER, str(self.stream), self.SELECTOR]
        return run_with_double(command, answers, **variables)

    def listed(self, *items):
        key = f"get {KINDS} --all-namespaces -l {self.SELECTOR} -o json"
        return {key: {"stdout": json.dumps({"kind": "List", "items": list(items)})}}

    def test_only_stale_objects_of_the_environment_are_pruned(self):
        mine = {"app.kubernetes.io/instance": "axisor-staging"}
        answers = self.listed(
            item("Deployment", "apps/v1", "axisor-backend", mine),       # still rendered
            item("ConfigMap", "v1", "axisor-old-config", mine),          # stale: pruned
            item("CronJob", "batch/v1", "staging-old-job", mine),        # stale: pruned
            item("Secret", "v1", "axisor-secrets", mine, owner="ExternalSecret"),  # a controller's
            item("ConfigMap", "v1", "someone-elses", {"team": "data"}),  # not labelled ours
            item("Pod", "v1", "axisor-debug-copy", mine),                 # never pruned
            item("PodMetrics", "metrics.k8s.io/v1beta1", "x", mine),      # not a kind we emit
        )
        result, calls = self.apply(answers)
        self.assertEqual(result.returncode, 0, result.stderr)
        deletes = [c for c in calls if c[0] == "delete"]
        self.assertEqual(deletes, [
            ["delete", "--namespace", "axisor-staging", "ConfigMap/axisor-old-config", "--ignore-not-found"],
            ["delete", "--namespace", "axisor-staging", "CronJob.batch/staging-old-job", "--ignore-not-found"],
        ])
        self.assertIn("kept Secret axisor-staging/axisor-secrets: it is owned by ExternalSecret", result.stderr)
        self.assertIn("kept ConfigMap axisor-staging/someone-elses: it does not carry", result.stderr)
        self.assertIn("kept Pod axisor-staging/axisor-debug-copy: Pod objects are never pruned", result.stderr)
        self.assertIn("kept PodMetrics axisor-staging/x: the renderer does not emit PodMetrics", result.stderr)

    def test_a_field_conflict_is_reported_and_nothing_is_pruned(self):
        conflict = ('error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" '
                    'using apps/v1: .spec.replicas\n')
        answers = {f"apply --server-side --field-manager=axisor-render -f {self.stream}":
                   {"stderr": conflict, "exit": 1}}
        result, calls = self.apply(answers)
        self.assertEqual(result.returncode, 1)
        self.assertIn(".spec.replicas", result.stderr)
        self.assertIn("run again with FORCE_CONFLICTS=yes", result.stderr)
        self.assertEqual([c[0] for c in calls], ["apply"])

    def test_force_conflicts_and_the_profiles_context_reach_kubectl(self):
        answers = {f"--context axisor-staging {key}": answer for key, answer in self.listed().items()}
        result, calls = self.apply(answers, FORCE_CONFLICTS="yes", KUBECTL_CONTEXT="axisor-staging")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--force-conflicts", calls[0])
        for call in calls:
            self.assertEqual(call[:2], ["--context", "axisor-staging"], call)


class RollbackDeployment(unittest.TestCase):
    """A failed rollout in the deploy workflow: the last successful deployment is applied
    again, and the job still fails."""

    REPO = "axisor/environments"
    CURRENT = "c" * 40
    GOOD = "a" * 40

    def deployments(self, *states):
        """gh's answers: deployments 3, 2, 1 (newest first) with these latest states."""
        base = f"repos/{self.REPO}/deployments"
        ids = list(range(len(states), 0, -1))
        gh = {f"api {base}?environment=production&per_page=50 --jq .[].id":
              {"stdout": "".join(f"{i}\n" for i in ids)}}
        for deployment, state in zip(ids, states):
            gh[f"api {base}/{deployment}/statuses?per_page=1 --jq .[0].state // \"\""] = {"stdout": f"{state}\n"}
            sha = self.CURRENT if deployment == len(states) else self.GOOD
            gh[f"api {base}/{deployment} --jq .sha"] = {"stdout": f"{sha}\n"}
        return gh

    def rollback(self, gh):
        with tempfile.TemporaryDirectory() as runner_temp:
            return run_with_doubles(
                [str(SCRIPTS / "rollback_deployment.sh"), "production"], {"gh": gh},
                programs=("gh", "git", "make", "kubectl"), GITHUB_REPOSITORY=self.REPO,
                GITHUB_SHA=self.CURRENT, RUNNER_TEMP=runner_temp)

    def test_the_last_successful_deployment_is_applied_again_and_the_job_fails(self):
        result, calls = self.rollback(self.deployments("in_progress", "failure", "success"))
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"production was returned to {self.GOOD}", result.stderr)
        work = [call for call in calls if call[0] in ("git", "make")]
        self.assertEqual(work[0], ["git", "fetch", "--quiet", "--depth=1", "origin", self.GOOD])
        self.assertEqual(work[1][:4], ["git", "worktree", "add", "--detach"])
        self.assertEqual(work[1][-1], self.GOOD)
        worktree = work[1][4]
        self.assertEqual(work[2:], [["make", "-C", worktree, "apply", "ENV=production"],
                                    ["make", "-C", worktree, "rollout", "ENV=production"]])

    def test_without_an_earlier_success_nothing_is_applied(self):
        result, calls = self.rollback(self.deployments("in_progress", "failure"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("no earlier successful deployment", result.stderr)
        self.assertFalse([c for c in calls if c[0] in ("git", "make", "kubectl")], calls)


class ValidateCluster(unittest.TestCase):
    """The cluster half of `make validate`: it reads, and only from the right cluster."""

    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        for output, name in ((["-o", "json"], "production.json"), ([], "production.yaml")):
            rendered = subprocess.run([RENDER, "production", *output], capture_output=True,
                                      text=True, check=True)
            Path(self.work.name, name).write_text(rendered.stdout, encoding="utf-8")

    def tearDown(self):
        self.work.cleanup()

    def served(self, leave_out=()):
        """Answers to `kubectl get --raw /apis/GROUP/VERSION` serving every kind of the
        rendered stream outside the core group, less the `(apiVersion, kind)` pairs left out."""
        items = json.loads(Path(self.work.name, "production.json").read_text())["items"]
        kinds = {}
        for i in items:
            if "/" in i["apiVersion"] and (i["apiVersion"], i["kind"]) not in leave_out:
                kinds.setdefault(i["apiVersion"], set()).add(i["kind"])
        return {f"get --raw /apis/{api_version}": {"stdout": json.dumps(
                    {"kind": "APIResourceList", "resources": [{"kind": k} for k in sorted(names)]})}
                for api_version, names in kinds.items()}

    def validate(self, answers):
        production = "https://kubernetes.production.axisor.internal:6443"
        command = [str(SCRIPTS / "validate_cluster.sh"), "production", "axisor", self.work.name, production]
        return run_with_double(command, answers)

    def test_the_right_cluster_is_checked_and_diffed(self):
        answers = current_cluster("prod", "https://kubernetes.production.axisor.internal:6443")
        answers.update(self.served())
        result, calls = self.validate(answers)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        for api_version in ("monitoring.coreos.com/v1", "external-secrets.io/v1", "apps/v1"):
            self.assertIn(["get", "--raw", f"/apis/{api_version}"], calls)
        self.assertIn(["get", "namespace", "monitoring"], calls)
        self.assertIn(["get", "clustersecretstore/axisor-secret-store", "-n", "axisor"], calls)
        self.assertEqual(calls[-1], ["diff", "-f", str(Path(self.work.name, "production.yaml"))])

    def test_the_wrong_cluster_is_not_read(self):
        result, calls = self.validate(current_cluster("staging", STAGING))
        self.assertEqual(result.returncode, 1)
        self.assertIn("environment production's cluster is", result.stderr)
        self.assertFalse([c for c in calls if c[0] in ("get", "diff")], calls)

    def test_missing_prerequisites_are_named(self):
        answers = current_cluster("prod", "https://kubernetes.production.axisor.internal:6443")
        answers.update(self.served(leave_out={("monitoring.coreos.com/v1", "PrometheusRule")}))
        answers["get --raw /apis/external-secrets.io/v1"] = {"stderr": "NotFound", "exit": 1}
        result, calls = self.validate(answers)
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing API external-secrets.io/v1, which ExternalSecret needs", result.stdout)
        self.assertIn("missing kind PrometheusRule in monitoring.coreos.com/v1", result.stdout)
        self.assertNotIn("missing kind ServiceMonitor", result.stdout)
        self.assertFalse([c for c in calls if c[0] == "diff"], calls)

    def test_without_a_cluster_the_cluster_checks_are_skipped(self):
        result, calls = self.validate({"cluster-info --request-timeout=5s": {"exit": 1}})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("kubectl diff and the cluster prerequisites were skipped", result.stdout)
        self.assertEqual(calls, [["cluster-info", "--request-timeout=5s"]])


class DeleteEnvironment(unittest.TestCase):
    def run_delete(self, env, namespace, answers, confirm=None, typed=""):
        command = [str(SCRIPTS / "delete_environment.sh"), env, namespace, f"axisor-{env}", KINDS]
        variables = {} if confirm is None else {"CONFIRM": confirm}
        return run_with_double(command, answers, typed=typed, **variables)

    def deletions(self, calls):
        return [call for call in calls if call[0] == "delete"]

    def test_development_is_deleted_without_asking(self):
        result, calls = self.run_delete("development", "axisor-dev",
                                        namespace_answer("axisor-dev", "axisor-development"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.deletions(calls), [
            ["delete", KINDS, "--all-namespaces", "-l",
             "app.kubernetes.io/instance=axisor-development,app.kubernetes.io/managed-by=axisor-render",
             "--field-selector", "metadata.namespace!=axisor-dev", "--ignore-not-found"],
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

    def test_the_kinds_deleted_outside_the_namespace_are_the_templates_kinds(self):
        # The alerting rules and scrape config live in the monitoring namespace.
        self.assertIn("servicemonitors.monitoring.coreos.com", KINDS.split(","))
        self.assertIn("prometheusrules.monitoring.coreos.com", KINDS.split(","))
        result, calls = self.run_delete("staging", "axisor-staging",
                                        namespace_answer("axisor-staging", "axisor-staging"),
                                        confirm="staging")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([call[1] for call in self.deletions(calls)], [KINDS, "namespace"])

    def test_a_missing_namespace_leaves_only_the_objects_outside_it_to_delete(self):
        result, calls = self.run_delete("staging", "axisor-staging", {}, confirm="staging")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([call[1] for call in self.deletions(calls)], [KINDS])
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
