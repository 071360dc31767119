//! Rendered streams read back from files: one YAML stream, or every `*.yaml`/`*.yml` file
//! of a folder (such as `render --out-dir` or a GitOps repository's folder), in name order
//! (`render diff --against`, `render prune --applied`).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::Value;

/// The objects of the stream at `path`, or of every stream in the folder `path`.
pub(crate) fn read_objects(path: &Path) -> anyhow::Result<Vec<Value>> {
    let mut objects = Vec::new();
    for file in stream_files(path)? {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        objects.extend(axisor_renderer::diff::read_stream(&file, &text)?);
    }
    Ok(objects)
}

fn stream_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let listing = || format!("cannot read the folder {}", path.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).with_context(listing)? {
        let file = entry.with_context(listing)?.path();
        if matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(file);
        }
    }
    files.sort();
    Ok(files)
}
