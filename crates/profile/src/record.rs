//! Recording a promoted version in the target's profile file, so the repository says
//! what runs where and a later plain render never rolls it back.

use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, read_folder};
use crate::error::ProfileError;
use crate::types::ImageTag;

/// Sets `version` in `dir/<environment>.yaml`, keeping every other line (comments
/// included). The result is validated with the whole folder before it replaces the file,
/// atomically; on any error the file is unchanged.
pub fn record_version(
    dir: &Path,
    environment: &str,
    version: &ImageTag,
) -> Result<PathBuf, ProfileError> {
    let path = dir.join(format!("{environment}.yaml"));
    let text = std::fs::read_to_string(&path).map_err(|e| ProfileError::io(&path, e))?;
    let updated = with_version(&text, version.as_str());
    validate_folder(dir, &path, &updated)?;
    let temporary = dir.join(format!(".{environment}.yaml.tmp"));
    std::fs::write(&temporary, &updated).map_err(|e| ProfileError::io(&temporary, e))?;
    std::fs::rename(&temporary, &path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        ProfileError::io(&path, e)
    })?;
    Ok(path)
}

/// Replaces the top-level `version:` line, or appends one.
fn with_version(text: &str, version: &str) -> String {
    let line = format!("version: \"{version}\"");
    let mut found = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            if !found && l.starts_with("version:") {
                found = true;
                line.clone()
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
            "# keep me\nshort_name: x\nversion: \"1.1.0\"\nnested:\n  version: 9\n"
        );
        assert_eq!(
            with_version("a: 1\n", "2.0.0"),
            "a: 1\nversion: \"2.0.0\"\n"
        );
    }
}
