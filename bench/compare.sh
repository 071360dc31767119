#!/usr/bin/env bash
# Whole-process timings, on this machine, in one run: `render` against `kubectl kustomize`
# producing the same objects, for the three environments and for 100 environments.
# Prints each tool's medians and the ratio; the three environments' and render's 100 from
# the median of alternating rounds. Usage: [ROUNDS=10] bench/compare.sh (from the repository).
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

# Both binaries as a machine finds a program it has not run lately: out of the page cache,
# so that the warm-up runs read each back in through page faults. How a binary came into
# the cache changes how dear its pages are to map: a freshly linked or exec-read render
# takes about 15% longer than a copy written in one go, kubectl 5-10% (docs/benchmarks.md).
for binary in "$render" "$(command -v kubectl)"; do
  sync "$binary"
  dd if="$binary" iflag=nocache count=0 status=none
done

# One process per environment, each timed on its own (no shell around it), the three
# summed. The two tools are timed in alternating rounds, each round both within about two
# seconds: this VM's speed drifts by 10-40% from minute to minute, and timing all of one
# tool and then all of the other compares two different machines. Each round gives a
# ratio; the median round is reported, with the range. Each round also times render over
# 100 environments in one process, whose median round is reported against 50 ms.
rounds=${ROUNDS:-10}
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 5 --runs 60 --export-json "$work/render-$round.json" \
    -n "render development" "$render development" \
    -n "render staging" "$render staging" \
    -n "render production" "$render production" >/dev/null
  hyperfine -N --warmup 1 --runs 8 --export-json "$work/kustomize-$round.json" \
    -n "kubectl kustomize development" "kubectl kustomize $work/k3/development" \
    -n "kubectl kustomize staging" "kubectl kustomize $work/k3/staging" \
    -n "kubectl kustomize production" "kubectl kustomize $work/k3/production" >/dev/null
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/many-$round.json" \
    -n "render --all, 100 environments, one process" \
    "$render --all --environments $work/environments -o yaml" >/dev/null
done
hyperfine -N --warmup 1 --runs 5 --export-json "$work/many-kustomize.json" \
  -n "kubectl kustomize, 100 environments, one process" \
  "kubectl kustomize $work/k100" >/dev/null

python3 - "$work" "$rounds" <<'PY'
import json, sys
work, rounds = sys.argv[1], int(sys.argv[2])
envs = ["development", "staging", "production"]
def medians(path):
    return {r["command"]: r["median"] for r in json.load(open(path))["results"]}
per_round = []
for n in range(1, rounds + 1):
    results = medians(f"{work}/render-{n}.json") | medians(f"{work}/kustomize-{n}.json")
    mine = sum(results[f"render {e}"] for e in envs)
    theirs = sum(results[f"kubectl kustomize {e}"] for e in envs)
    per_round.append((theirs / mine, mine, theirs, results))
per_round.sort(key=lambda r: r[0])
ratio, mine, theirs, results = per_round[len(per_round) // 2]
print(f"{f'benchmark (medians of the median round of {rounds})':52} {'time':>10}")
for name, median in results.items():
    print(f"{name:52} {median * 1000:9.2f} ms")
print(f"{'render, 3 environments, a process each':52} {mine * 1000:9.2f} ms")
print(f"{'kubectl kustomize, 3 environments, a process each':52} {theirs * 1000:9.2f} ms")
ratios = [r[0] for r in per_round]
print(f"3 environments, a process each: render is {ratio:.0f}x faster than kubectl kustomize "
      f"(median round; rounds {min(ratios):.1f}x to {max(ratios):.1f}x, "
      f"{sum(r >= 30 for r in ratios)} of {rounds} at 30x or more)")
name = "render --all, 100 environments, one process"
many = sorted(medians(f"{work}/many-{n}.json")[name] for n in range(1, rounds + 1))
mine = many[len(many) // 2]
theirs = medians(f"{work}/many-kustomize.json")["kubectl kustomize, 100 environments, one process"]
print(f"{name:52} {mine * 1000:9.2f} ms (median round; rounds {many[0] * 1000:.1f} to "
      f"{many[-1] * 1000:.1f} ms, {sum(m < 0.05 for m in many)} of {rounds} under 50 ms)")
print(f"{'kubectl kustomize, 100 environments, one process':52} {theirs * 1000:9.2f} ms")
print(f"100 environments, one process: render is {theirs / mine:.0f}x faster than kubectl kustomize")
PY
