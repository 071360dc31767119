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

output=$(make --no-print-directory check-hydrated 2>&1)
if [ $? -eq 0 ] && grep -q "deploy/ holds what every environment renders" <<<"$output"; then
  pass "make check-hydrated passes on the committed deploy/"
else
  fail "make check-hydrated"; echo "$output" | tail -10
fi

# A hydrated folder that lags behind a profile: one changed value, one object missing.
stale=$(mktemp -d)
cp -r deploy/. "$stale"
sed -i 's/revisionHistoryLimit: 5/revisionHistoryLimit: 4/' "$stale"/staging/*-deployment-axisor-backend.yaml
rm "$stale"/production/*-ingress-*.yaml
output=$(make --no-print-directory check-hydrated HYDRATED="$stale" 2>&1)
if [ $? -ne 0 ] && grep -q "error: $stale/staging is not what staging renders; run make hydrate and commit it" <<<"$output" \
  && grep -q "spec.revisionHistoryLimit" <<<"$output"; then
  pass "make check-hydrated fails on a stale folder and shows the difference"
else
  fail "make check-hydrated HYDRATED=<stale copy>"; echo "$output" | tail -10
fi
rm "$stale"/staging/*-deployment-axisor-backend.yaml
cp deploy/staging/*-deployment-axisor-backend.yaml "$stale"/staging/
output=$(make --no-print-directory check-hydrated HYDRATED="$stale" 2>&1)
if [ $? -ne 0 ] && grep -q "$stale/production is not what production renders" <<<"$output" \
  && grep -q "Ingress axisor-prod" <<<"$output"; then
  pass "make check-hydrated names a missing object"
else
  fail "make check-hydrated HYDRATED=<copy without the Ingress>"; echo "$output" | tail -10
fi
# A hydrated folder never holds a Secret, not even in a file the diff passes over (hidden).
rm -rf "$stale" && stale=$(mktemp -d) && cp -r deploy/. "$stale"
printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n' > "$stale/development/.leaked.yaml"
output=$(make --no-print-directory check-hydrated HYDRATED="$stale" 2>&1)
if [ $? -ne 0 ] && grep -q "holds a Secret; hydrate with --secrets external" <<<"$output"; then
  pass "make check-hydrated refuses a Secret in the hydrated folder"
else
  fail "make check-hydrated HYDRATED=<copy with a Secret>"; echo "$output" | tail -10
fi
rm -rf "$stale"

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
