#!/usr/bin/env bash
# Whole-process timings, on this machine, in one run: the shipped binary (make release)
# against `kubectl kustomize` producing the same objects, and against the speed targets:
#   - three environments, one process each: at least 15 times faster than kubectl kustomize
#     (the median of paired rounds);
#   - 100 environments in one process: under 50 ms (the median round);
#   - 1,000 environments in one process: under 0.5 s (the median round).
# Prints each figure and whether it meets its target; exits 1 if one does not.
# Usage: [ROUNDS=10] bench/compare.sh (from the repository). Needs hyperfine
# (apt-get install hyperfine), kubectl, and what make release needs (musl-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "error: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "error: needs kubectl" >&2; exit 1; }

# The shipped binary (make release: static musl with jemalloc, fat LTO), checked to print
# what the plain release build prints.
render=$(make --no-print-directory release | tail -1)
cargo build --release --locked --quiet -p render
mapfile -t three < <("$render" list | cut -f1 | head -3)
for env in "${three[@]}"; do
  cmp -s <("$render" "$env") <("$(scripts/target_dir.sh)/release/render" "$env") \
    || { echo "error: the static and the dynamic build disagree on $env" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 100 and 1,000 environments like staging, each its own name and namespace.
tenants() { # DIR COUNT
  mkdir -p "$1"
  cp environments/base.yaml "$1/"
  for i in $(seq -w 0 $(($2 - 1))); do
    sed -e "s/short_name: staging/short_name: t$i/" \
        -e "s/namespace: axisor-staging/namespace: axisor-tenant-$i/" \
        -e "s/order: 20/order: $((100 + 10#$i))/" \
        -e "s|axisor/staging|axisor/tenant-$i|" \
        environments/staging.yaml > "$1/tenant-$i.yaml"
  done
}
tenants "$work/environments" 100
tenants "$work/environments-1000" 1000

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
kustomize_tree "$work/k3" environments "${three[@]}"
mapfile -t tenants < <("$render" list --environments "$work/environments" | cut -f1 | grep tenant)
kustomize_tree "$work/k100" "$work/environments" "${tenants[@]}"
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  for env in "${tenants[@]}"; do echo "  - $env"; done
} > "$work/k100/kustomization.yaml"

# The same objects: kustomize output equals render output, object for object.
for env in "${three[@]}"; do
  diff <(kubectl kustomize "$work/k3/$env" | grep -c '^kind:') <("$render" "$env" | grep -c '^kind:') >/dev/null \
    || { echo "error: kustomize and render disagree on $env" >&2; exit 1; }
done

# Both binaries as a machine finds a program it has not run lately: out of the page cache,
# so that the warm-up runs read each back in.
for binary in "$render" "$(command -v kubectl)"; do
  sync "$binary"
  dd if="$binary" iflag=nocache count=0 status=none
done

# One process per environment, each timed on its own (no shell around it), the three
# summed. The two tools are timed in alternating rounds, each round both within about two
# seconds: a VM's speed drifts from minute to minute, and timing all of one tool and then
# all of the other compares two different machines. Each round gives a ratio; the median
# round is reported, with the range. Each round also times render over 100 and 1,000
# environments in one process.
rounds=${ROUNDS:-10}
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 5 --runs 60 --export-json "$work/render-$round.json" \
    -n "render ${three[0]}" "$render ${three[0]}" \
    -n "render ${three[1]}" "$render ${three[1]}" \
    -n "render ${three[2]}" "$render ${three[2]}" >/dev/null
  hyperfine -N --warmup 1 --runs 8 --export-json "$work/kustomize-$round.json" \
    -n "kubectl kustomize ${three[0]}" "kubectl kustomize $work/k3/${three[0]}" \
    -n "kubectl kustomize ${three[1]}" "kubectl kustomize $work/k3/${three[1]}" \
    -n "kubectl kustomize ${three[2]}" "kubectl kustomize $work/k3/${three[2]}" >/dev/null
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/many-$round.json" \
    -n "render --all, 100 environments, one process" \
    "$render --all --environments $work/environments -o yaml" \
    -n "render --all, 1000 environments, one process" \
    "$render --all --environments $work/environments-1000 -o yaml" >/dev/null
done
hyperfine -N --warmup 1 --runs 5 --export-json "$work/many-kustomize.json" \
  -n "kubectl kustomize, 100 environments, one process" \
  "kubectl kustomize $work/k100" >/dev/null

python3 - "$work" "$rounds" "${three[@]}" <<'PY'
import json, sys
work, rounds, envs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def medians(path):
    return {r["command"]: r["median"] for r in json.load(open(path))["results"]}
def median(values):
    return sorted(values)[len(values) // 2]
missed = []
def target(met, what):
    print(f"  {'ok' if met else 'MISSED'}: {what}")
    if not met:
        missed.append(what)
per_round = []
for n in range(1, rounds + 1):
    results = medians(f"{work}/render-{n}.json") | medians(f"{work}/kustomize-{n}.json")
    mine = sum(results[f"render {e}"] for e in envs)
    theirs = sum(results[f"kubectl kustomize {e}"] for e in envs)
    per_round.append((theirs / mine, mine, theirs, results))
per_round.sort(key=lambda r: r[0])
ratio, mine, theirs, results = per_round[len(per_round) // 2]
print(f"{f'benchmark (medians of the median round of {rounds})':52} {'time':>10}")
for name, value in results.items():
    print(f"{name:52} {value * 1000:9.2f} ms")
print(f"{'render, 3 environments, a process each':52} {mine * 1000:9.2f} ms")
print(f"{'kubectl kustomize, 3 environments, a process each':52} {theirs * 1000:9.2f} ms")
ratios = [r[0] for r in per_round]
print(f"3 environments, a process each: render is {ratio:.1f}x faster than kubectl kustomize "
      f"(median round; rounds {min(ratios):.1f}x to {max(ratios):.1f}x)")
target(ratio >= 15, f"at least 15x faster than kubectl kustomize ({ratio:.1f}x)")
kustomize_100 = medians(f"{work}/many-kustomize.json")["kubectl kustomize, 100 environments, one process"]
for count, limit in [(100, 0.05), (1000, 0.5)]:
    name = f"render --all, {count} environments, one process"
    many = sorted(medians(f"{work}/many-{n}.json")[name] for n in range(1, rounds + 1))
    print(f"{name:52} {median(many) * 1000:9.2f} ms (median round; rounds "
          f"{many[0] * 1000:.1f} to {many[-1] * 1000:.1f} ms)")
    target(median(many) < limit, f"{count} environments under {limit * 1000:.0f} ms")
    if count == 100:
        print(f"{'kubectl kustomize, 100 environments, one process':52} {kustomize_100 * 1000:9.2f} ms")
sys.exit(1 if missed else 0)
PY
