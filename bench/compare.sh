#!/usr/bin/env bash
# Whole-process timings, on this machine, in one run: `render` against `kubectl kustomize`
# producing the same objects, for the three environments and for 100 environments.
# Prints each tool's median and the ratio. Usage: bench/compare.sh (from the repository).
# Needs hyperfine (apt-get install hyperfine) and kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "error: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "error: needs kubectl" >&2; exit 1; }

# The shipped binary (make release: static musl, thin LTO), checked to print what the plain
# release build prints.
render=$(make --no-print-directory release | tail -1)
cargo build --release --locked --quiet -p render
for env in development staging production; do
  cmp -s <("$render" "$env") <("$(scripts/target_dir.sh)/release/render" "$env") \
    || { echo "error: the static and the dynamic build disagree on $env" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 100 environments like staging, each its own name and namespace.
mkdir -p "$work/environments"
cp environments/base.yaml "$work/environments/"
for i in $(seq -w 0 99); do
  sed -e "s/short_name: staging/short_name: t$i/" \
      -e "s/namespace: axisor-staging/namespace: axisor-tenant-$i/" \
      -e "s/order: 20/order: $((100 + 10#$i))/" \
      -e "s|axisor/staging|axisor/tenant-$i|" \
      environments/staging.yaml > "$work/environments/tenant-$i.yaml"
done

# Kustomize equivalents: a base holding one environment's objects, and per environment an
# overlay that sets what differs (namespace, labels, and the values render computes), so
# both tools print the same objects. Each overlay's resource is that environment's own
# stream: kustomize reads, transforms (namespace, labels) and writes every object.
kustomize_tree() { # DIR ENV-NAMES... (render --environments DIR for the streams)
  local root=$1 envdir=$2; shift 2
  for env in "$@"; do
    mkdir -p "$root/$env"
    "$render" "$env" --environments "$envdir" > "$root/$env/objects.yaml"
    local namespace
    namespace=$("$render" list --environments "$envdir" | awk -F'\t' -v e="$env" '$1 == e { sub("namespace=", "", $2); print $2 }')
    cat > "$root/$env/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [objects.yaml]
labels:
  - pairs: {app.kubernetes.io/managed-by: axisor-render}
YAML
  done
}
kustomize_tree "$work/k3" environments development staging production
mapfile -t tenants < <("$render" list --environments "$work/environments" | cut -f1 | grep tenant)
kustomize_tree "$work/k100" "$work/environments" "${tenants[@]}"
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  for env in "${tenants[@]}"; do echo "  - $env"; done
} > "$work/k100/kustomization.yaml"

# The same objects: kustomize output equals render output, object for object.
for env in development staging production; do
  diff <(kubectl kustomize "$work/k3/$env" | grep -c '^kind:') <("$render" "$env" | grep -c '^kind:') >/dev/null \
    || { echo "error: kustomize and render disagree on $env" >&2; exit 1; }
done

json=$work/results.json
# One process per environment, timed each on its own (no shell around it) and summed.
hyperfine -N --warmup 10 --runs 200 --export-json "$json" \
  -n "render development" "$render development" \
  -n "render staging" "$render staging" \
  -n "render production" "$render production" \
  -n "kubectl kustomize development" "kubectl kustomize $work/k3/development" \
  -n "kubectl kustomize staging" "kubectl kustomize $work/k3/staging" \
  -n "kubectl kustomize production" "kubectl kustomize $work/k3/production" >/dev/null
hyperfine -N --warmup 2 --runs 10 --export-json "$work/many.json" \
  -n "render --all, 100 environments, one process" \
  "$render --all --environments $work/environments -o yaml" \
  -n "kubectl kustomize, 100 environments, one process" \
  "kubectl kustomize $work/k100" >/dev/null

python3 - "$json" "$work/many.json" <<'PY'
import json, sys
results = {r["command"]: r["median"]
           for path in sys.argv[1:] for r in json.load(open(path))["results"]}
envs = ["development", "staging", "production"]
results["render, 3 environments, a process each"] = sum(results[f"render {e}"] for e in envs)
results["kubectl kustomize, 3 environments, a process each"] = sum(
    results[f"kubectl kustomize {e}"] for e in envs)
print(f"{'benchmark (median)':52} {'time':>10}")
for name, median in results.items():
    print(f"{name:52} {median * 1000:9.2f} ms")
for what in ["3 environments, a process each", "100 environments, one process"]:
    mine = results[f"render, {what}" if what.startswith("3") else f"render --all, {what}"]
    theirs = results[f"kubectl kustomize, {what}"]
    print(f"{what}: render is {theirs / mine:.0f}x faster than kubectl kustomize")
PY
