#!/usr/bin/env bash
# make validate ENV=...: offline checks always; with a reachable cluster also
# `kubectl diff` and the prerequisites.
# Usage: validate_environment.sh RENDER WORK_DIR ENV NAMESPACE SERVER [CONTEXT]
# (RENDER: the render binary; WORK_DIR: where the rendered files go, ENV/ inside it;
# SERVER and CONTEXT: the profile's cluster, checked before anything is read from it)
set -euo pipefail
render="$1" work="$2" env="$3" namespace="$4" server="$5" context="${6:-}"
kubectl() { command kubectl ${context:+--context "$context"} "$@"; }
venv=.venv
out="$work/$env"
rm -rf "$out" && mkdir -p "$out"
"$render" "$env" > "$out/$env.yaml"
"$render" "$env" -o json > "$out/$env.json"

echo "== $env: offline checks"
"$venv/bin/kubernetes-validate" --kubernetes-version 1.37.0 --strict --quiet "$out/$env.yaml"
"$venv/bin/python" scripts/check_rendered.py "$out"
node scripts/check_custom_resources.mjs "$out"
"$venv/bin/checkov" --framework kubernetes --quiet --compact --skip-download --file "$out/$env.yaml"

if ! kubectl cluster-info --request-timeout=5s >/dev/null 2>&1; then
  echo "== $env: no Kubernetes cluster is reachable (kubectl cluster-info failed): offline checks passed; kubectl diff and the cluster prerequisites were skipped"
  exit 0
fi

scripts/check_cluster.sh "$env" "$server" "$context"

echo "== $env: cluster prerequisites"
missing=0
for crd in servicemonitors.monitoring.coreos.com externalsecrets.external-secrets.io; do
  kubectl get crd "$crd" >/dev/null 2>&1 || { echo "missing CRD $crd"; missing=1; }
done
monitoring=$("$venv/bin/python" -c 'import json,sys; items=json.load(open(sys.argv[1]))["items"]; print(next(i["metadata"]["namespace"] for i in items if i["kind"]=="ServiceMonitor"))' "$out/$env.json")
kubectl get namespace "$monitoring" >/dev/null 2>&1 || { echo "missing namespace $monitoring"; missing=1; }
store=$("$venv/bin/python" -c 'import json,sys; items=json.load(open(sys.argv[1]))["items"]; r=[i["spec"]["secretStoreRef"] for i in items if i["kind"]=="ExternalSecret"]; print(r[0]["kind"].lower() + "/" + r[0]["name"] if r else "")' "$out/$env.json")
if [ -n "$store" ]; then
  kubectl get "$store" -n "$namespace" >/dev/null 2>&1 || { echo "missing secret store $store"; missing=1; }
fi
[ "$missing" = 0 ] || exit 1

echo "== $env: kubectl diff (exit 1 means the cluster differs)"
status=0
kubectl diff -f "$out/$env.yaml" || status=$?
[ "$status" -le 1 ] || exit "$status"
