#!/usr/bin/env bash
# After `cargo test` with INSTA_SNAPSHOT_REFERENCES_FILE=REFERENCES (insta appends the path of
# every snapshot a test asserts): fails on a committed snapshot that no test asserted, and
# on a pending `.snap.new`. With INSTA_UPDATE=no, the run itself fails on a changed or a
# missing snapshot. Usage: scripts/check_snapshots.sh REFERENCES (from the repository).
set -euo pipefail
references=$1
[ -s "$references" ] || { echo "error: no test asserted a snapshot: $references is empty" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xargs -d '\n' realpath --relative-to=. <"$references" | sort -u >"$work/asserted"
find snapshots crates xtask -name '*.snap' | sort >"$work/committed"
unreferenced=$(comm -23 "$work/committed" "$work/asserted")
pending=$(find snapshots crates xtask -name '*.snap.new')
if [ -n "$unreferenced" ]; then
  printf 'error: snapshots no test asserts (delete them, or the test lost its assertion):\n%s\n' "$unreferenced" >&2
  exit 1
fi
if [ -n "$pending" ]; then
  printf 'error: snapshots pending review (make snapshots):\n%s\n' "$pending" >&2
  exit 1
fi
echo "every committed snapshot ($(wc -l <"$work/committed")) is asserted, none is pending"
