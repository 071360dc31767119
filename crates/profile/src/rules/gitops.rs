//! What a GitOps controller needs from a profile: a repository it can fetch without
//! credentials in the URL, a branch and folder git can name, and a sync policy that
//! means what it says.

use super::{Violation, violation};
use crate::profile::{DeployMode, Profile};

/// The `gitops` section's rules.
pub(super) fn check(p: &Profile, found: &mut Vec<Violation>) {
    let gitops = &p.gitops;
    let repository = &gitops.repository;
    if repository.scheme() != "https" || repository.path().trim_end_matches('/').is_empty() {
        found.push(violation(
            "gitops.repository",
            "expected an https URL of a repository, such as `https://github.com/axisor/environments.git`",
        ));
    }
    if let Some(problem) = branch_problem(&gitops.branch) {
        found.push(violation(
            "gitops.branch",
            format!("{problem}; expected a branch name git accepts, such as `main`"),
        ));
    }
    if !is_relative_folder(&gitops.path) {
        found.push(violation(
            "gitops.path",
            "expected a folder inside the repository, such as `deploy`: relative, without `.` or `..` parts, of letters, digits, `.`, `_`, `-` and `/`",
        ));
    }
    if gitops.sync.self_heal && !gitops.sync.automated {
        found.push(violation(
            "gitops.sync.self_heal",
            "undoing changes in the cluster is part of automated sync; expected `self_heal: false` when `automated` is false",
        ));
    }
    // Argo CD reads open pull requests from GitHub for the preview ApplicationSet.
    if p.previews.is_some() && gitops.mode == DeployMode::Pull && gitops.github_repo().is_none() {
        found.push(violation(
            "gitops.repository",
            "previews in pull mode come from Argo CD's GitHub pull-request generator; expected `https://github.com/OWNER/REPO`",
        ));
    }
}

/// Why git would refuse `name` as a branch (`git check-ref-format --branch`'s rules), if
/// it would.
fn branch_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("empty");
    }
    if name.starts_with(['-', '/']) || name.ends_with(['/', '.']) || name.ends_with(".lock") {
        return Some("it starts with `-` or `/`, or ends with `/`, `.` or `.lock`");
    }
    if name.contains("..") || name.contains("//") || name.contains("@{") || name == "@" {
        return Some("it holds `..`, `//` or `@{`");
    }
    if name
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "~^:?*[\\".contains(c))
    {
        return Some("it holds a space, a control character or one of `~^:?*[\\`");
    }
    if name.split('/').any(|part| part.starts_with('.')) {
        return Some("a part of it starts with `.`");
    }
    None
}

fn is_relative_folder(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        })
}
