//! Kubernetes objects read back from files (`render diff --against`, `render prune
//! --applied`): a YAML stream, a JSON document or List (`render -o json`, `kubectl get -o
//! json`), or a folder of them, read recursively in path order.
//!
//! What is not an object is skipped and named, never taken for one: kustomize's
//! `kustomization.yaml`, files that are neither YAML nor JSON, documents without
//! `apiVersion` and `kind`. Hidden files and folders (`.git`, the out-dir's record of the
//! files it wrote) are passed over silently.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow};
use serde_json::Value;

/// kustomize's configuration file names: configuration, not objects to compare.
const KUSTOMIZATIONS: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The objects of the file or folder at `path`, naming on stderr what was skipped; an
/// error when there are none.
pub(crate) fn read_objects(path: &Path) -> anyhow::Result<Vec<Value>> {
    let mut objects = Vec::new();
    if path.is_dir() {
        for file in files_under(path)? {
            read_file(&file, &mut objects)?;
        }
    } else {
        read_file(path, &mut objects)?;
    }
    if objects.is_empty() {
        return Err(anyhow!(
            "{} holds no Kubernetes objects; expected a YAML stream, a JSON List or a folder of them",
            path.display()
        ));
    }
    Ok(objects)
}

fn skipped(file: &Path, why: &str) {
    eprintln!("note: skipped {}: {why}", file.display());
}

fn read_file(file: &Path, objects: &mut Vec<Value>) -> anyhow::Result<()> {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if KUSTOMIZATIONS.contains(&name) {
        skipped(file, "kustomize's configuration, not an object");
        return Ok(());
    }
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let before = objects.len();
    let mut others = 0;
    for document in axisor_renderer::diff::read_stream(file, &text)? {
        for value in expand_list(document) {
            if is_object(&value) {
                objects.push(value);
            } else {
                others += 1;
            }
        }
    }
    match others {
        0 => {}
        _ if objects.len() == before => skipped(file, "no document has apiVersion and kind"),
        _ => skipped(file, "documents without apiVersion and kind"),
    }
    Ok(())
}

/// A `v1` List (`kind: List`, or `ConfigMapList` and the like from `kubectl get`) stands
/// for its items.
fn expand_list(value: Value) -> Vec<Value> {
    let is_list = value
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|kind| kind.ends_with("List"));
    match value {
        Value::Object(mut map) if is_list && map.get("items").is_some_and(Value::is_array) => {
            match map.remove("items") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        other => vec![other],
    }
}

fn is_object(value: &Value) -> bool {
    ["apiVersion", "kind"]
        .iter()
        .all(|key| value.get(key).and_then(Value::as_str).is_some())
}

/// Every file under `dir`, in path order: `*.yaml`, `*.yml` and `*.json` to read, kustomize
/// files to skip by name, anything else named as skipped.
fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let listing = || format!("cannot read the folder {}", dir.display());
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(listing)?
        .collect::<Result<_, _>>()
        .with_context(listing)?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().with_context(listing)?.is_dir() {
            files.extend(files_under(&path)?);
        } else if KUSTOMIZATIONS.contains(&name.as_ref())
            || matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        {
            files.push(path);
        } else {
            skipped(&path, "neither YAML nor JSON");
        }
    }
    Ok(files)
}
