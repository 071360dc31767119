#!/usr/bin/env bash
# Deletes one environment from the current cluster: the objects it put outside its
# namespace (today the ServiceMonitor and PrometheusRule in the monitoring namespace), then
# its namespace. Used by `make delete`.
#
# Usage: scripts/delete_environment.sh ENV NAMESPACE INSTANCE KINDS
#   KINDS is `render prune --list-kinds`, the kinds the templates can emit, so a kind added
#   to the templates is covered without a change here. Objects of those kinds outside the
#   namespace (cluster-wide ones included) are deleted only where they carry both the
#   environment's instance label and app.kubernetes.io/managed-by=axisor-render, the labels
#   the renderer sets on each.
#   Every environment but development asks first: type the environment's name
#   (CONFIRM=<name> answers in advance). A namespace that does not carry the environment's
#   instance label (app.kubernetes.io/instance=INSTANCE) is not this tool's: refused.
#   KUBECTL_CONTEXT, when set, is the kubeconfig context to use. `make delete` has checked
#   the cluster first (scripts/check_cluster.sh).
set -euo pipefail

env_name=$1 namespace=$2 instance=$3 kinds=$4
label=app.kubernetes.io/instance
[ -n "$kinds" ] || { echo "error: no kinds given (render prune --list-kinds printed nothing); not deleted" >&2; exit 1; }
# kubectl on the profile's kubeconfig context, when it names one (the Makefile passes it).
k() { kubectl ${KUBECTL_CONTEXT:+--context "$KUBECTL_CONTEXT"} "$@"; }

if [ "$env_name" != development ] && [ "${CONFIRM:-}" != "$env_name" ]; then
  if [ -n "${CONFIRM:-}" ]; then
    echo "error: CONFIRM=$CONFIRM does not name environment $env_name; not deleted" >&2
    exit 1
  fi
  printf 'This deletes namespace %s (environment %s) and everything in it. Type "%s" to go on: ' \
    "$namespace" "$env_name" "$env_name" >&2
  answer=
  read -r answer || true
  if [ "$answer" != "$env_name" ]; then
    echo "not deleted" >&2
    exit 1
  fi
fi

# The namespace's instance label, or nothing when the namespace does not exist.
if ! found=$(k get namespace "$namespace" --ignore-not-found \
  -o "jsonpath={.metadata.labels.app\.kubernetes\.io/instance}{'\t'}{.metadata.name}"); then
  echo "error: cannot read namespace $namespace (kubectl get failed); not deleted" >&2
  exit 1
fi
if [ -n "$found" ]; then
  owner=${found%%$'\t'*}
  if [ "$owner" != "$instance" ]; then
    echo "error: namespace $namespace carries $label=${owner:-(none)}, not $instance: it is not environment $env_name's; not deleted" >&2
    exit 1
  fi
fi

# Outside the namespace only: what is inside goes with it.
k delete "$kinds" --all-namespaces -l "$label=$instance,app.kubernetes.io/managed-by=axisor-render" \
  --field-selector "metadata.namespace!=$namespace" --ignore-not-found
if [ -n "$found" ]; then
  k delete namespace "$namespace"
else
  echo "namespace $namespace does not exist; nothing else to delete" >&2
fi
