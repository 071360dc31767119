#!/usr/bin/env bash
# The cluster half of `make validate ENV=...`: when a cluster is reachable, checks that it
# is the environment's own (scripts/check_cluster.sh), then its prerequisites (every kind
# the stream holds is served, so the CRDs of ServiceMonitor, PrometheusRule and
# ExternalSecret are installed; the monitoring namespace; the secret store), then
# `kubectl diff`. It only reads. Without a reachable cluster it says what it skipped.
#
# Usage: scripts/validate_cluster.sh ENV NAMESPACE DIR SERVER [CONTEXT]
#   DIR holds ENV.yaml and ENV.json, the rendered stream; SERVER and CONTEXT are the
#   profile's cluster.
set -euo pipefail

env=$1 namespace=$2 out=$3 server=$4 context=${5:-}
k() { kubectl ${context:+--context "$context"} "$@"; }

if ! k cluster-info --request-timeout=5s >/dev/null 2>&1; then
  echo "== $env: no Kubernetes cluster is reachable (kubectl cluster-info failed): offline checks passed; kubectl diff and the cluster prerequisites were skipped"
  exit 0
fi
scripts/check_cluster.sh "$env" "$server" "$context"

echo "== $env: cluster prerequisites"
# A field (dotted path) of the first object of a kind in the rendered List, or nothing.
field() {
  python3 -c 'import json, sys
items = json.load(open(sys.argv[1]))["items"]
value = next((i for i in items if i["kind"] == sys.argv[2]), None)
for key in sys.argv[3].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print(value or "")' "$out/$env.json" "$1" "$2"
}
missing=0
# Every kind of the stream outside the core group must be served: a custom resource whose
# CRD is not installed (ServiceMonitor, PrometheusRule, ExternalSecret), or an API the
# cluster does not offer, would fail `kubectl apply` half-way. One `apiVersion kind` a line.
kinds_used=$(python3 -c 'import json, sys
items = json.load(open(sys.argv[1]))["items"]
for pair in sorted({(i["apiVersion"], i["kind"]) for i in items if "/" in i["apiVersion"]}):
    print(*pair)' "$out/$env.json")
while read -r api_version kind; do
  if ! served=$(k get --raw "/apis/$api_version" 2>/dev/null); then
    echo "missing API $api_version, which $kind needs (its CRD is not installed, or the cluster does not serve it)"
    missing=1
    continue
  fi
  printf '%s' "$served" | python3 -c 'import json, sys
resources = json.load(sys.stdin).get("resources", [])
sys.exit(0 if any(r.get("kind") == sys.argv[1] for r in resources) else 1)' "$kind" 2>/dev/null \
    || { echo "missing kind $kind in $api_version (its CRD is not installed?)"; missing=1; }
done <<< "$kinds_used"
monitoring=$(field ServiceMonitor metadata.namespace)
if [ -n "$monitoring" ]; then
  k get namespace "$monitoring" >/dev/null 2>&1 || { echo "missing namespace $monitoring"; missing=1; }
fi
store_kind=$(field ExternalSecret spec.secretStoreRef.kind)
store="${store_kind,,}/$(field ExternalSecret spec.secretStoreRef.name)"
if [ -n "$store_kind" ]; then
  k get "$store" -n "$namespace" >/dev/null 2>&1 || { echo "missing secret store $store"; missing=1; }
fi
[ "$missing" = 0 ] || exit 1

echo "== $env: kubectl diff (exit 1 means the cluster differs)"
status=0
k diff -f "$out/$env.yaml" || status=$?
[ "$status" -le 1 ] || exit "$status"
