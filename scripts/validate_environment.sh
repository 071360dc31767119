#!/usr/bin/env bash
# make validate ENV=...: offline checks always; with a reachable cluster also
# `kubectl diff` and the prerequisites (scripts/validate_cluster.sh).
# Usage: validate_environment.sh RENDER WORK_DIR ENV NAMESPACE SERVER [CONTEXT]
# (RENDER: the render binary; WORK_DIR: where the rendered files go, ENV/ inside it;
# SERVER and CONTEXT: the profile's cluster, checked before anything is read from it)
set -euo pipefail
render="$1" work="$2" env="$3" namespace="$4" server="$5" context="${6:-}"
venv=.venv
out="$work/$env"
rm -rf "$out" && mkdir -p "$out"
"$render" "$env" > "$out/$env.yaml"
"$render" "$env" -o json > "$out/$env.json"

echo "== $env: offline checks"
"$venv/bin/kubernetes-validate" --kubernetes-version 1.37.0 --strict --quiet "$out/$env.yaml"
"$venv/bin/python" scripts/check_rendered.py "$out"
node scripts/check_custom_resources.mjs "$out"
"$venv/bin/checkov" --framework kubernetes --quiet --compact --skip-download --file "$out/$env.yaml"

scripts/validate_cluster.sh "$env" "$namespace" "$out" "$server" "$context"
