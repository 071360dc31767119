#!/usr/bin/env bash
# Without a cluster: `make validate` passes on its offline checks and says what it skipped;
# the targets that need a cluster fail with a clear message. Prints "N passed, N failed".
set -uo pipefail
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

if kubectl cluster-info --request-timeout=5s >/dev/null 2>&1; then
  echo "a cluster is reachable here; these checks are for machines without one"
  echo "0 passed, 0 failed"
  exit 0
fi

output=$(make --no-print-directory validate ENV=staging 2>&1)
if [ $? -eq 0 ] && grep -q "no Kubernetes cluster is reachable" <<<"$output"; then
  pass "make validate ENV=staging runs its offline checks and says it skipped the cluster"
else
  fail "make validate ENV=staging"; echo "$output" | tail -20
fi

output=$(make --no-print-directory render ENV=staging 2>/dev/null)
if [ $? -eq 0 ] && grep -q "^kind: Namespace" <<<"$output"; then
  pass "make render ENV=staging prints the stream"
else
  fail "make render ENV=staging"
fi

for target in apply rollout health status delete; do
  output=$(make --no-print-directory "$target" ENV=staging </dev/null 2>&1)
  if [ $? -ne 0 ] && grep -q "error: make $target ENV=staging needs a Kubernetes cluster, and none is reachable" <<<"$output"; then
    pass "make $target ENV=staging refuses clearly without a cluster"
  else
    fail "make $target ENV=staging"; echo "$output" | tail -5
  fi
done

for target in preview-apply preview-delete; do
  output=$(make --no-print-directory "$target" PR=123 </dev/null 2>&1)
  if [ $? -ne 0 ] && grep -q "error: make $target PR=123 needs a Kubernetes cluster, and none is reachable" <<<"$output"; then
    pass "make $target PR=123 refuses clearly without a cluster"
  else
    fail "make $target PR=123"; echo "$output" | tail -5
  fi
done

output=$(make --no-print-directory preview-delete PR='1; echo injected' 2>&1)
if [ $? -ne 0 ] && grep -q "PR must be a pull request number" <<<"$output" && ! grep -q "^injected" <<<"$output"; then
  pass "make preview-delete refuses a PR that is not a number, before any shell runs"
else
  fail "make preview-delete PR='1; echo injected'"; echo "$output" | tail -5
fi

output=$(make --no-print-directory apply ENV=nowhere 2>&1)
if [ $? -ne 0 ] && grep -q "unknown environment nowhere" <<<"$output"; then
  pass "make apply ENV=nowhere names the unknown environment"
else
  fail "make apply ENV=nowhere"; echo "$output" | tail -5
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
