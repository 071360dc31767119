#!/usr/bin/env bash
# Prints where cargo builds this workspace: CARGO_TARGET_DIR, a build.target-dir setting, or
# the workspace's own target/. The Makefile and bench/compare.sh find the binaries there.
set -euo pipefail
cargo metadata --format-version 1 --no-deps --offline \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
