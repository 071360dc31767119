#!/usr/bin/env bash
# The binary `make release` ships (static musl, jemalloc) must print byte
# for byte what the test build prints: every environment as YAML and JSON, `--all` into
# folders, a preview, and the same error for a bad profile.
# With LLVM_MEM=1 (the musl build), it also checks that the binary's memory functions are
# LLVM's libc's, not musl's (crates/render/build.rs). With FUNCTION_ORDER=FILE (the
# profile-guided build, scripts/build_release.sh), that its code begins with the first
# function of that order and that blocks no training render ran were split out of their
# functions: both need the profile to have been used.
# Usage: [LLVM_MEM=1] [FUNCTION_ORDER=FILE] scripts/check_release.sh RELEASE-BINARY REFERENCE-BINARY
set -euo pipefail
release=$1 reference=$2
symbols=$(nm -n "$release") # by address
if [ "${LLVM_MEM:-}" = 1 ]; then
  for function in memcpy memmove memset memcmp bcmp; do
    # LLVM's libc defines each as an alias of its own `__llvm_libc_<version>::<function>`
    # (global with GNU ld, local with rust-lld, which exports nothing from an executable).
    address=$(awk -v f="$function" '$2 ~ /^[tT]$/ && $3 == f { print $1 }' <<<"$symbols")
    grep -q "^$address [tT] _ZN[0-9]*__llvm_libc_[0-9_]*[0-9]$function" <<<"$symbols" \
      || { echo "FAILED: the release binary's $function is not LLVM's libc's" >&2; exit 1; }
  done
fi
if [ -n "${FUNCTION_ORDER:-}" ]; then
  first_ordered=$(awk '!/^#/ { print; exit }' "$FUNCTION_ORDER")
  first_in_code=$(awk '$2 ~ /^[tT]$/ { print $3; exit }' <<<"$symbols")
  [ -n "$first_ordered" ] && [ "$first_in_code" = "$first_ordered" ] \
    || { echo "FAILED: the release binary's code begins with $first_in_code, not with $first_ordered from $FUNCTION_ORDER" >&2; exit 1; }
  # Rust's legacy symbol names end in a hash (`17h...E`); the splitter adds `.cold`.
  grep -q '17h[0-9a-f]*E\.cold$' <<<"$symbols" \
    || { echo "FAILED: the release binary has no split-out cold blocks: was it built with the profile?" >&2; exit 1; }
fi
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
same "render diff staging production" diff staging production
same "render preview" preview --pr 123 --created-at 2026-11-29T10:00:00Z
"$release" --all --out-dir "$work/release-all"
"$reference" --all --out-dir "$work/reference-all"
diff -r "$work/reference-all" "$work/release-all" >&2 \
  || { echo "FAILED: the release binary differs on render --all --out-dir" >&2; exit 1; }
mkdir "$work/bad"
cp environments/base.yaml "$work/bad/"
sed 's/^\(  *\)replicas: .*/\1replicas: many/' environments/staging.yaml >"$work/bad/staging.yaml"
same "a bad profile" staging --environments "$work/bad"
echo "ok: the release binary prints what the test build prints ($(wc -w <<<"$environments") environments, YAML, JSON, folders, a preview, an error)"
