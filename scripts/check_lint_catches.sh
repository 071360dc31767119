#!/usr/bin/env bash
# The lint of the generated workflows would catch the mistakes hand-written ones made:
# actionlint must refuse scripts/fixtures/broken-workflow.yml for each of them.
# Usage: check_lint_catches.sh ACTIONLINT
set -uo pipefail
actionlint="$1"
fixture=scripts/fixtures/broken-workflow.yml
output=$("$actionlint" "$fixture" 2>&1)
status=$?
missing=()
for expected in 'undefined function "upper"' 'runtime "node20" is deprecated' 'property "versoin" is not defined'; do
  grep -qF "$expected" <<<"$output" || missing+=("$expected")
done
if [ "$status" -ne 0 ] && [ "${#missing[@]}" -eq 0 ]; then
  echo "ok: actionlint refuses $fixture (upper(), node20, an undefined step id)"
else
  echo "FAILED: expected actionlint to refuse $fixture with: ${missing[*]}; it said (exit $status):"
  echo "$output"
  exit 1
fi
