//! Recording a promoted version in the target's profile file, so the repository says
//! what runs where and a later plain render never rolls it back.

use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, read_folder};
use crate::error::ProfileError;
use crate::profile::Rollback;
use crate::types::ImageTag;

/// The comment written above a recorded rollback, and removed with it.
const ROLLBACK_COMMENT: &str =
    "# Recorded by `render promote --force`: an older version than the previous environment runs.";

/// Sets `version` in `dir/<environment>.yaml`, keeping every other line (comments
/// included), and removes a recorded rollback: a plain promotion ends it. The result is
/// validated with the whole folder before it replaces the file, atomically; on any error
/// the file is unchanged.
pub fn record_version(
    dir: &Path,
    environment: &str,
    version: &ImageTag,
) -> Result<PathBuf, ProfileError> {
    record(dir, environment, version, None)
}

/// Records a forced promotion: `rollback.version` as the version, and the rollback itself
/// (what it replaced and why), which the deploy gate and `render explain` read.
pub fn record_rollback(
    dir: &Path,
    environment: &str,
    rollback: &Rollback,
) -> Result<PathBuf, ProfileError> {
    record(dir, environment, &rollback.version, Some(rollback))
}

fn record(
    dir: &Path,
    environment: &str,
    version: &ImageTag,
    rollback: Option<&Rollback>,
) -> Result<PathBuf, ProfileError> {
    let path = dir.join(format!("{environment}.yaml"));
    let text = std::fs::read_to_string(&path).map_err(|e| ProfileError::io(&path, e))?;
    let updated = with_rollback(&with_version(&text, version.as_str()), rollback);
    validate_folder(dir, &path, &updated)?;
    let temporary = dir.join(format!(".{environment}.yaml.tmp"));
    std::fs::write(&temporary, &updated).map_err(|e| ProfileError::io(&temporary, e))?;
    std::fs::rename(&temporary, &path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        ProfileError::io(&path, e)
    })?;
    Ok(path)
}

/// Removes the top-level `rollback:` block (and the comment this writes above it), then
/// appends `rollback` when there is one.
fn with_rollback(text: &str, rollback: Option<&Rollback>) -> String {
    let mut lines = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        if line == ROLLBACK_COMMENT {
            continue;
        }
        if line.starts_with("rollback:") {
            in_block = true;
            continue;
        }
        if in_block && (line.starts_with([' ', '\t']) || line.is_empty()) {
            continue;
        }
        in_block = false;
        lines.push(line.to_owned());
    }
    if let Some(rollback) = rollback {
        // A JSON string is a YAML double-quoted scalar: the reason needs no escaping of ours.
        let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
        lines.extend([
            ROLLBACK_COMMENT.to_owned(),
            "rollback:".to_owned(),
            format!("  version: {}", quoted(rollback.version.as_str())),
            format!("  from: {}", quoted(rollback.from.as_str())),
            format!("  reason: {}", quoted(&rollback.reason)),
        ]);
    }
    lines.join("\n") + "\n"
}

/// Replaces the value of the top-level `version:` line, keeping a comment after it, or
/// appends the line.
fn with_version(text: &str, version: &str) -> String {
    let line = format!("version: \"{version}\"");
    let mut found = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            if !found && l.starts_with("version:") {
                found = true;
                format!("{line}{}", trailing_comment(l))
            } else {
                l.to_owned()
            }
        })
        .collect();
    if !found {
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

/// The comment ending a `version:` line, with the blanks before it. A version (an image
/// tag) cannot hold `#`, so the first `#` after a blank starts the comment.
fn trailing_comment(line: &str) -> &str {
    let hash = line
        .char_indices()
        .find(|&(i, c)| c == '#' && line[..i].ends_with([' ', '\t']));
    match hash {
        Some((i, _)) => &line[line[..i].trim_end().len()..],
        None => "",
    }
}

/// Loads the folder with `path` replaced by `text`, so a write never leaves it invalid.
fn validate_folder(dir: &Path, path: &Path, text: &str) -> Result<(), ProfileError> {
    let (base, mut environments) = read_folder(dir)?;
    let name = path.display().to_string();
    for source in &mut environments {
        if source.name == name {
            source.bytes = text.as_bytes().to_vec();
        }
    }
    Catalog::from_sources(base, environments).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_top_level_version_line() {
        let text = "# keep me\nshort_name: x\nversion: \"1.0.0\"  # old\nnested:\n  version: 9\n";
        assert_eq!(
            with_version(text, "1.1.0"),
            "# keep me\nshort_name: x\nversion: \"1.1.0\"  # old\nnested:\n  version: 9\n"
        );
        assert_eq!(
            with_version("version: 1.0.0\t# pinned by hand\n", "1.1.0"),
            "version: \"1.1.0\"\t# pinned by hand\n"
        );
        assert_eq!(
            with_version("version: \"1.0#x\"\n", "1.1.0"),
            "version: \"1.1.0\"\n",
            "a `#` not after a blank is no comment"
        );
        assert_eq!(
            with_version("a: 1\n", "2.0.0"),
            "a: 1\nversion: \"2.0.0\"\n"
        );
    }

    #[test]
    fn a_rollback_block_is_written_replaced_and_removed_whole() {
        let rollback = Rollback {
            version: "1.1.0".parse().unwrap(),
            from: "1.2.0".parse().unwrap(),
            reason: "1.2.0 breaks \"logins\"".to_owned(),
        };
        let text = "version: \"1.1.0\"\nbranches: [main]\n";
        let written = with_rollback(text, Some(&rollback));
        assert_eq!(
            written,
            format!(
                "{text}{ROLLBACK_COMMENT}\nrollback:\n  version: \"1.1.0\"\n  from: \"1.2.0\"\n  reason: \"1.2.0 breaks \\\"logins\\\"\"\n"
            )
        );
        assert_eq!(with_rollback(&written, Some(&rollback)), written);
        assert_eq!(
            with_rollback(&(written + "after: 1\n"), None),
            format!("{text}after: 1\n")
        );
    }
}
