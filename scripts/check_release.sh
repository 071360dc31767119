#!/usr/bin/env bash
# The binary `make release` ships (static musl, jemalloc) must print byte
# for byte what the test build prints: every environment as YAML and JSON, `--all` into
# folders, a preview, and the same error for a bad profile.
# Usage: scripts/check_release.sh RELEASE-BINARY REFERENCE-BINARY
set -euo pipefail
release=$1 reference=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
same() { # DESCRIPTION ARGS...: both binaries print the same and exit alike
  local what=$1; shift
  local status_release=0 status_reference=0
  "$release" "$@" >"$work/release.out" 2>"$work/release.err" || status_release=$?
  "$reference" "$@" >"$work/reference.out" 2>"$work/reference.err" || status_reference=$?
  if [ "$status_release" != "$status_reference" ] \
    || ! cmp -s "$work/release.out" "$work/reference.out" \
    || ! cmp -s "$work/release.err" "$work/reference.err"; then
    echo "FAILED: the release binary differs on $what" >&2
    diff "$work/reference.out" "$work/release.out" | head -20 >&2
    diff "$work/reference.err" "$work/release.err" | head -20 >&2
    exit 1
  fi
}
environments=$("$reference" list | cut -f1)
for env in $environments; do
  same "render $env" "$env"
  same "render $env -o json" "$env" -o json
  same "render explain $env" explain "$env"
done
# Two environments, whichever the profiles define first.
read -r first second _ <<<"$(tr '\n' ' ' <<<"$environments")"
same "render diff $first $second" diff "$first" "$second"
same "render preview" preview --pr 123 --created-at 2026-11-29T10:00:00Z
"$release" --all --out-dir "$work/release-all"
"$reference" --all --out-dir "$work/reference-all"
diff -r "$work/reference-all" "$work/release-all" >&2 \
  || { echo "FAILED: the release binary differs on render --all --out-dir" >&2; exit 1; }
mkdir "$work/bad"
cp environments/*.yaml "$work/bad/"
sed -i 's/^\(  *\)replicas: .*/\1replicas: many/' "$work/bad/"*.yaml
same "a bad profile" "$first" --environments "$work/bad"
echo "ok: the release binary prints what the test build prints ($(wc -w <<<"$environments") environments, YAML, JSON, folders, a preview, an error)"
