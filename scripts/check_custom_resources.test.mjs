// The custom-resource check can fail: node --test scripts/check_custom_resources.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { checkItems, isBuiltIn, loadModels } from "./check_custom_resources.mjs";

const models = await loadModels();

function serviceMonitor() {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: "m", namespace: "monitoring", labels: { release: "prometheus" } },
    spec: {
      selector: { matchLabels: { app: "backend" } },
      namespaceSelector: { matchNames: ["axisor"] },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "15s" }],
    },
  };
}

function externalSecret() {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: "s", namespace: "axisor" },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: "vault" },
      target: { name: "axisor-secrets", creationPolicy: "Owner" },
      data: [{ secretKey: "JWT_SECRET", remoteRef: { key: "axisor/prod", property: "jwt" } }],
    },
  };
}

const check = (...items) => checkItems("case.json", items, models);

test("the packages model the versions the renderer prints", () => {
  assert.deepEqual([...models.keys()].sort(), [
    "argoproj.io/v1alpha1/AppProject",
    "argoproj.io/v1alpha1/Application",
    "argoproj.io/v1alpha1/ApplicationSet",
    "external-secrets.io/v1/ExternalSecret",
    "kustomize.toolkit.fluxcd.io/v1/Kustomization",
    "monitoring.coreos.com/v1/PrometheusRule",
    "monitoring.coreos.com/v1/ServiceMonitor",
    "source.toolkit.fluxcd.io/v1/GitRepository",
  ]);
});

function application() {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "axisor-staging", namespace: "argocd" },
    spec: {
      project: "axisor",
      source: { repoURL: "https://github.com/axisor/environments.git", targetRevision: "main", path: "deploy/staging" },
      destination: { server: "https://kubernetes.staging.axisor.internal:6443", namespace: "axisor-staging" },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["ServerSideApply=true"] },
    },
  };
}

function kustomization() {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: "axisor-staging", namespace: "flux-system" },
    spec: {
      interval: "5m",
      path: "./deploy/staging",
      prune: true,
      sourceRef: { kind: "GitRepository", name: "axisor-staging" },
      healthChecks: [{ apiVersion: "apps/v1", kind: "Deployment", name: "axisor-backend", namespace: "axisor-staging" }],
    },
  };
}

test("Argo CD and Flux objects are checked like the others", () => {
  assert.deepEqual(check(application(), kustomization()), []);
  const app = application();
  app.spec.syncPolicy.automated.selfheal = true;
  delete app.spec.destination.server;
  app.spec.destination.cluster = "staging";
  const flux = kustomization();
  delete flux.spec.prune;
  const slow = kustomization();
  slow.metadata.name = "axisor-slow";
  slow.spec.interval = 300;
  const text = check(app, flux, slow).join("\n");
  assert.match(text, /Application\/axisor-staging: spec\.syncPolicy\.automated\.selfheal: .*"selfheal"/);
  assert.match(text, /Application\/axisor-staging: spec\.destination\.cluster: .*"cluster"/);
  assert.match(text, /Kustomization\/axisor-staging: .*must have required property prune/);
  assert.match(text, /Kustomization\/axisor-slow: .*interval must be string/);
});

test("valid custom resources pass, and built-in kinds are left to kubernetes-validate", () => {
  const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, bogus: 1 };
  assert.deepEqual(check(serviceMonitor(), externalSecret(), deployment), []);
});

test("an unknown field is refused with its path", () => {
  const monitor = serviceMonitor();
  monitor.spec.endpoints[0].intervall = "15s";
  const secret = externalSecret();
  secret.metadata.labelz = {};
  const problems = check(monitor, secret);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(problems.join("\n"), /ServiceMonitor\/m: spec\.endpoints\.0\.intervall: .*"intervall"/);
  assert.match(problems.join("\n"), /ExternalSecret\/s: metadata\.labelz: .*"labelz"/);
});

test("a wrong type, a bad pattern and a missing required field are refused", () => {
  const monitor = serviceMonitor();
  monitor.spec.endpoints[0].interval = "15 seconds";
  const secret = externalSecret();
  secret.spec.refreshInterval = 5;
  delete secret.spec.data[0].remoteRef.key;
  const text = check(monitor, secret).join("\n");
  assert.match(text, /ServiceMonitor\/m: .*interval must match pattern/);
  assert.match(text, /ExternalSecret\/s: .*refreshInterval must be string/);
  assert.match(text, /ExternalSecret\/s: .*remoteRef must have required property key/);
});

test("a custom resource at a version or kind the packages do not pin is refused", () => {
  const older = { ...externalSecret(), apiVersion: "external-secrets.io/v1beta1" };
  const probe = { apiVersion: "monitoring.coreos.com/v1", kind: "Probe", metadata: { name: "p" } };
  const problems = check(older, probe);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(problems[0], /no pinned CRD model for external-secrets\.io\/v1beta1 ExternalSecret/);
  assert.match(problems[1], /no pinned CRD model for monitoring\.coreos\.com\/v1 Probe/);
});

test("a PrometheusRule is checked against its CRD: required fields and unknown ones", () => {
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "r" },
    spec: { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0", fore: "5m" }] }] },
  };
  const text = check(rule).join("\n");
  assert.match(text, /PrometheusRule\/r: .*fore/);
  delete rule.spec.groups[0].rules[0].fore;
  assert.deepEqual(check(rule), []);
  delete rule.spec.groups[0].name;
  assert.match(check(rule).join("\n"), /PrometheusRule\/r: .*name/);
});

test("built-in API groups are told from custom ones", () => {
  for (const builtIn of ["v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1"]) {
    assert.ok(isBuiltIn(builtIn), builtIn);
  }
  for (const custom of ["monitoring.coreos.com/v1", "external-secrets.io/v1", "argoproj.io/v1alpha1"]) {
    assert.ok(!isBuiltIn(custom), custom);
  }
});

// The renderer's CRD rules (crates/renderer/src/validation/custom_resources.rs) are held
// to the packages here: the same cases, read by the Rust tests too, must get the same
// verdict from each package's own validator.
const RULES = JSON.parse(
  readFileSync(new URL("../crates/renderer/tests/cases/custom-resource-rules.json", import.meta.url), "utf8"),
);

/** The case's object: a copy of the fixture with one field set. */
function objectOf(rule) {
  const object = structuredClone(RULES.objects[rule.kind]);
  const keys = rule.path.split(".");
  const last = keys.pop();
  let parent = object;
  for (const key of keys) parent = parent[key] ??= {};
  parent[last] = rule.repeat ? rule.value.repeat(rule.repeat) : rule.value;
  return object;
}

test("the fixture's objects pass the packages' validators", () => {
  assert.deepEqual(check(...Object.values(RULES.objects)), []);
});

for (const rule of RULES.cases) {
  const shown = rule.repeat ? `${rule.value} x ${rule.repeat}` : JSON.stringify(rule.value);
  test(`${rule.kind} ${rule.path} = ${shown}: ${rule.valid ? "valid" : "invalid"} (${rule.rule ?? "schema"})`, () => {
    const problems = check(objectOf(rule));
    // An operator's rule is beyond the schema: the package must pass what the renderer refuses.
    const schemaValid = rule.valid || rule.rule === "operator";
    assert.equal(problems.length === 0, schemaValid, problems.join("\n"));
    if (!schemaValid) {
      const field = rule.path.replace(/^spec\./, "").split(".").pop();
      assert.match(problems.join("\n"), new RegExp(field), problems.join("\n"));
    }
  });
}
