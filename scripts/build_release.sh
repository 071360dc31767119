#!/usr/bin/env bash
# Builds the static musl binary `make release` ships, guided by a profile of its own
# renders (docs/benchmarks.md, "A profile-guided, profile-ordered build"):
#   1. an instrumented build (`-Cprofile-generate`, with the first-call order of functions);
#   2. that build renders every environment in environments/, one process each;
#   3. llvm-profdata merges the counts and derives a function order that puts the code a
#      render runs together, so a process maps fewer pages of its binary;
#   4. the shipped build uses the counts (`-Cprofile-use`), moves the blocks a render never
#      ran out of their functions (LLVM's machine function splitter), and links with
#      rust-lld in that order.
# The profile only steers optimization and layout: `make check-release` holds the binary's
# output byte for byte equal to the test build's, and checks that the layout took.
# Both builds use Cargo's `dist` profile, so the profile's function names match.
# Usage: scripts/build_release.sh TARGET-DIR TARGET-TRIPLE (environment: RELEASE_FLAGS,
# JEMALLOC_SYS_WITH_MALLOC_CONF and AXISOR_LLVM_MEM_DIR, as the Makefile sets them).
set -euo pipefail
target_dir=$1 target=$2
pgo=$target_dir/pgo
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
if [ ! -x "$profdata" ]; then
  rustup component add llvm-tools >&2
fi
dist_build() { cargo build --profile dist --locked --quiet -p render --target "$target"; }

# 1. Its own target folder, so neither build's flags make Cargo rebuild the other.
RUSTFLAGS="$RELEASE_FLAGS -Cprofile-generate=$pgo/raw -Cllvm-args=-pgo-temporal-instrumentation" \
  CARGO_TARGET_DIR=$pgo/build dist_build
instrumented=$pgo/build/$target/dist/render

# 2 and 3, only for a new instrumented build: rustc reads the profile as an input of every
# crate, and no two trainings write the same bytes (hash seeds vary), so a new profile
# would rebuild everything on every `make release`.
if [ ! -f "$pgo/function-order.txt" ] || [ "$instrumented" -nt "$pgo/function-order.txt" ]; then
  # 2. One process per environment: each is one trace of the order functions first run in.
  rm -rf "$pgo/raw"
  environments=$(LLVM_PROFILE_FILE=/dev/null "$instrumented" list | cut -f1)
  for env in $environments; do
    LLVM_PROFILE_FILE="$pgo/raw/%p.profraw" "$instrumented" "$env" >/dev/null
  done
  # 3.
  "$profdata" merge --output "$pgo/render.profdata" "$pgo/raw"
  "$profdata" order --output "$pgo/function-order.txt" "$pgo/render.profdata"
fi

# 4. `-mfs-psi-cutoff=0`: split out only blocks no training render ran, not those it ran
# rarely, which every render would still fault in from elsewhere in the binary.
RUSTFLAGS="$RELEASE_FLAGS -Cprofile-use=$pgo/render.profdata \
-Cllvm-args=-enable-split-machine-functions -Cllvm-args=-mfs-psi-cutoff=0 \
-Clinker=rust-lld -Clinker-flavor=ld.lld \
-Clink-arg=--symbol-ordering-file=$pgo/function-order.txt -Clink-arg=--no-warn-symbol-ordering" \
  dist_build
