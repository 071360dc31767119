#!/usr/bin/env bash
# The seed's promotion workflow fails actionlint (undefined `upper()`, actions on the
# deprecated Node 20 runtime): proof that the lint would catch those mistakes in ours.
# Usage: check_seed_workflow.sh ACTIONLINT
set -uo pipefail
actionlint="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.github/workflows"
awk '/^# .github\/workflows\/promote.yml/ { found = 1 } found && /^```/ { exit } found' \
  ../shared/seed/environment-management.md > "$work/.github/workflows/promote.yml"
git -C "$work" init -q
actionlint=$(realpath "$actionlint")
output=$(cd "$work" && "$actionlint" 2>&1)
if grep -q 'undefined function "upper"' <<<"$output" && grep -q 'runtime "node20" is deprecated' <<<"$output"; then
  echo "the seed's workflow fails actionlint as expected (upper(), node20)"
else
  echo "expected actionlint to reject the seed's workflow; it said:"
  echo "$output"
  exit 1
fi
