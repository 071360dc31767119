#!/usr/bin/env bash
# Refuses unless kubectl talks to the environment's own cluster: the API server of the
# kubeconfig context in use (the profile's `cluster.context`, or else the current one) must
# be the profile's `cluster.server`. Every make target that touches a cluster runs this
# first, before anything is applied or deleted.
#
# Usage: scripts/check_cluster.sh ENV SERVER [CONTEXT]
#   AXISOR_CLUSTER=<server> accepts another cluster on purpose (a local kind cluster, say):
#   it must name the server kubectl is talking to, and the override is printed.
set -euo pipefail

env_name=$1 expected=${2%/} context=${3:-}
if [ -z "$expected" ]; then
  echo "error: environment $env_name names no cluster (cluster.server in its profile)" >&2
  exit 1
fi
if [ -z "$context" ]; then
  if ! context=$(kubectl config current-context 2>/dev/null) || [ -z "$context" ]; then
    echo "error: kubeconfig has no current context; environment $env_name's cluster is $expected" >&2
    exit 1
  fi
fi
if ! server=$(kubectl config view --minify --context "$context" \
  -o 'jsonpath={.clusters[0].cluster.server}' 2>/dev/null) || [ -z "$server" ]; then
  echo "error: kubeconfig context $context names no cluster server; environment $env_name's cluster is $expected" >&2
  exit 1
fi
server=${server%/}

if [ "$server" = "$expected" ]; then
  echo "cluster: environment $env_name on $server (kubeconfig context $context)" >&2
  exit 0
fi
if [ -n "${AXISOR_CLUSTER:-}" ] && [ "${AXISOR_CLUSTER%/}" = "$server" ]; then
  echo "warning: environment $env_name on cluster $server (kubeconfig context $context), not its own cluster $expected, because AXISOR_CLUSTER=$AXISOR_CLUSTER" >&2
  exit 0
fi
echo "error: kubeconfig context $context talks to $server, but environment $env_name's cluster is $expected (cluster.server in its profile); nothing was applied or deleted. Switch to that cluster's context, or set AXISOR_CLUSTER=$server to act on $server on purpose." >&2
exit 1
