#!/usr/bin/env bash
# After a failed deployment in the deploy workflow: re-applies the environment as its last
# successful deployment left it (rendered again from that commit, which gives the same
# stream: rendering is deterministic and secrets come from the same source), waits for the
# rollout, and still exits 1, so the job fails and the failure stays visible.
#
# Usage: scripts/rollback_deployment.sh ENV
#   Needs GITHUB_REPOSITORY, GITHUB_SHA and GH_TOKEN (gh reads the environment's GitHub
#   deployments, newest first), a checkout, and KUBECONFIG for the environment. The
#   re-apply is `make apply` of that commit, which checks the cluster first.
set -euo pipefail

env_name=$1
repo=${GITHUB_REPOSITORY:?} current=${GITHUB_SHA:?}

# The newest deployment of the environment whose latest status is success (the running
# one is in progress, so it is never picked).
last_good=""
for id in $(gh api "repos/$repo/deployments?environment=$env_name&per_page=50" --jq '.[].id'); do
  state=$(gh api "repos/$repo/deployments/$id/statuses?per_page=1" --jq '.[0].state // ""')
  if [ "$state" = success ]; then
    last_good=$(gh api "repos/$repo/deployments/$id" --jq '.sha')
    break
  fi
done

if [ -z "$last_good" ]; then
  echo "::error::the deployment of $current to $env_name failed, and $env_name has no earlier successful deployment to return to" >&2
  exit 1
fi
if [ "$last_good" = "$current" ]; then
  echo "::error::the deployment of $current to $env_name failed; its last successful deployment is this same commit, so there is nothing older to re-apply" >&2
  exit 1
fi

echo "re-applying $env_name as its last successful deployment ($last_good) left it" >&2
worktree="${RUNNER_TEMP:-$(mktemp -d)}/last-good-$env_name"
git fetch --quiet --depth=1 origin "$last_good"
git worktree add --detach "$worktree" "$last_good"
make -C "$worktree" apply ENV="$env_name"
make -C "$worktree" rollout ENV="$env_name"
echo "::error::the deployment of $current to $env_name failed; $env_name was returned to $last_good, its last successful deployment" >&2
exit 1
