#!/usr/bin/env bash
# Applies a rendered stream with server-side apply (field manager `axisor-render`), then
# prunes what the stream no longer holds: objects labelled SELECTOR, of the kinds the
# renderer emits, with no owner (`render prune` decides, and names what it keeps).
# kubectl refuses `--prune` with `--server-side`, hence the separate step.
#
# Usage: scripts/apply_environment.sh RENDER FILE SELECTOR
#   RENDER: the render binary; FILE: the stream to apply; SELECTOR: KEY=VALUE, the label of
#   this environment's (or preview's) objects. KUBECTL_CONTEXT, when set, is the kubeconfig
#   context to use; FORCE_CONFLICTS=yes takes over fields another manager owns. The
#   Makefile has checked the cluster first (scripts/check_cluster.sh).
set -euo pipefail

render=$1 file=$2 selector=$3
k() { kubectl ${KUBECTL_CONTEXT:+--context "$KUBECTL_CONTEXT"} "$@"; }
# The kinds a template may print (the renderer's table, less the Namespace), as kubectl
# names them; pruning looks at these only.
kinds=$("$render" prune --list-kinds)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
force=()
if [ "${FORCE_CONFLICTS:-}" = yes ]; then force=(--force-conflicts); fi

status=0
k apply --server-side --field-manager=axisor-render "${force[@]}" -f "$file" 2>"$work/errors" || status=$?
cat "$work/errors" >&2
if [ "$status" != 0 ]; then
  if grep -qi "conflict" "$work/errors"; then
    echo "error: server-side apply stopped on fields another field manager owns (kubectl lists them above); nothing was pruned. If the rendered values should win, run again with FORCE_CONFLICTS=yes (kubectl apply --force-conflicts); otherwise change the profile, or the other manager." >&2
  else
    echo "error: kubectl apply failed (exit $status); nothing was pruned" >&2
  fi
  exit 1
fi

k get "$kinds" --all-namespaces -l "$selector" -o json >"$work/listed.json"
"$render" prune --applied "$file" --selector "$selector" <"$work/listed.json" >"$work/stale.tsv"
while IFS=$'\t' read -r namespace resource; do
  k delete --namespace "$namespace" "$resource" --ignore-not-found
done <"$work/stale.tsv"
