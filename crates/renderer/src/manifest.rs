//! A rendered environment: its checked objects, written as a YAML stream, a JSON `List`,
//! or one file per object.

use std::path::{Path, PathBuf};

use crate::error::RenderError;
use crate::objects::Object;

/// The checked objects of one environment, in apply order.
///
/// ```
/// use axisor_environments::Environment;
/// use axisor_renderer::{Templates, render};
///
/// let manifest = render(Environment::Staging.profile(), &Templates::builtin().unwrap()).unwrap();
/// let json = manifest.to_json_list().unwrap();
/// assert!(json.contains("\"kind\": \"List\""));
///
/// let dir = std::env::temp_dir().join(format!("axisor-doc-{}", std::process::id()));
/// manifest.write_dir(&dir).unwrap();
/// assert!(dir.join("00-namespace-axisor-staging.yaml").exists());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub(crate) objects: Vec<Object>,
}

impl Manifest {
    /// The objects, in apply order.
    pub fn objects(&self) -> &[Object] {
        &self.objects
    }

    /// Several manifests as one, in order (`render --all` prints one stream).
    pub fn join(manifests: impl IntoIterator<Item = Manifest>) -> Manifest {
        Manifest {
            objects: manifests.into_iter().flat_map(|m| m.objects).collect(),
        }
    }

    /// A multi-document YAML stream: fields in the order the types hold them, and every
    /// string that a YAML 1.1 reader could take for something else (`on`, `12:30`) quoted.
    pub fn to_yaml(&self) -> Result<String, RenderError> {
        let mut stream = String::with_capacity(YAML_BYTES_PER_OBJECT * self.objects.len());
        for object in &self.objects {
            append_document(object, &mut stream)?;
        }
        Ok(stream)
    }

    /// A `v1` `List` holding every object, as pretty JSON.
    pub fn to_json_list(&self) -> Result<String, RenderError> {
        let list = serde_json::json!({
            "apiVersion": "v1",
            "kind": "List",
            "metadata": {},
            "items": self.objects,
        });
        let mut text = serde_json::to_string_pretty(&list).map_err(|e| RenderError::Serialize {
            kind: "List",
            name: String::new(),
            message: e.to_string(),
        })?;
        text.push('\n');
        Ok(text)
    }

    /// One `(file name, YAML)` per object. Names start with the object's position, so
    /// `kubectl apply -f DIR` (which reads files in name order) applies them in order:
    /// `00-namespace-axisor.yaml`.
    pub fn files(&self) -> Result<Vec<(String, String)>, RenderError> {
        self.objects
            .iter()
            .enumerate()
            .map(|(index, object)| {
                let name = format!(
                    "{index:02}-{}-{}.yaml",
                    object.kind().to_ascii_lowercase(),
                    object.name()
                );
                let mut text = String::with_capacity(YAML_BYTES_PER_OBJECT);
                append_document(object, &mut text)?;
                Ok((name, text))
            })
            .collect()
    }

    /// Writes [`Manifest::files`] into `dir` and removes files of earlier renders whose
    /// objects no longer exist; other files are left alone. Every file is first written
    /// to the staging folder `dir/.render-staging`, so a failure while writing leaves the
    /// old files as they were; each file then replaces its old version with an atomic
    /// rename. The staging folder doubles as a lock against two renders into one folder.
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<(), RenderError> {
        let dir = dir.as_ref();
        let files = self.files()?;
        std::fs::create_dir_all(dir).map_err(|e| RenderError::io(dir, e))?;
        let staging = dir.join(STAGING);
        std::fs::create_dir(&staging).map_err(|source| RenderError::Staging {
            path: staging.clone(),
            source,
        })?;
        if let Err(e) = stage(&staging, &files) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        for (name, _) in &files {
            std::fs::rename(staging.join(name), dir.join(name))
                .map_err(|e| RenderError::io(dir.join(name), e))?;
        }
        let _ = std::fs::remove_dir_all(&staging);
        remove_stale(dir, &files)
    }
}

/// About what one object takes as YAML (production: 21 objects, 20 KB): enough that the
/// stream's buffer rarely grows.
const YAML_BYTES_PER_OBJECT: usize = 1024;

/// Appends `---` and the object as YAML.
fn append_document(object: &Object, out: &mut String) -> Result<(), RenderError> {
    out.push_str("---\n");
    crate::yaml_writer::append_yaml(object, out).map_err(|e| RenderError::Serialize {
        kind: object.kind(),
        name: object.name().to_owned(),
        message: e.to_string(),
    })
}

pub(crate) const STAGING: &str = ".render-staging";

fn stage(staging: &Path, files: &[(String, String)]) -> Result<(), RenderError> {
    for (name, text) in files {
        let path = staging.join(name);
        std::fs::write(&path, text).map_err(|e| RenderError::io(&path, e))?;
    }
    Ok(())
}

/// Files this renderer writes look like `NN-kind-name.yaml`; others are left alone.
fn is_rendered_file(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 8
        && bytes[0].is_ascii_digit()
        && bytes[1].is_ascii_digit()
        && bytes[2] == b'-'
        && name.ends_with(".yaml")
}

fn remove_stale(dir: &Path, files: &[(String, String)]) -> Result<(), RenderError> {
    let entries = std::fs::read_dir(dir).map_err(|e| RenderError::io(dir, e))?;
    for entry in entries {
        let path: PathBuf = entry.map_err(|e| RenderError::io(dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if is_rendered_file(name) && !files.iter().any(|(f, _)| f == name) {
            std::fs::remove_file(&path).map_err(|e| RenderError::io(&path, e))?;
        }
    }
    Ok(())
}
