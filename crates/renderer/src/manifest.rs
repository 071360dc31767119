//! A rendered environment: its checked objects, written as a YAML stream, a JSON `List`,
//! or one file per object.

use std::path::Path;

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
        json_list(&self.objects)
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

    /// Writes [`Manifest::files`] into `dir`, and removes the files an earlier render
    /// wrote there whose objects no longer exist. Which files a render wrote is recorded
    /// in `dir/.render-files`; a file not on that record (a hand-written
    /// `99-configmap-manual.yaml`) is never removed. Secrets are written readable by their
    /// owner only (mode 0600 on Unix).
    ///
    /// Every file is first written to the staging folder `dir/.render-staging`, so a
    /// failure while writing leaves the old files as they were; each file then replaces
    /// its old version with an atomic rename. The staging folder doubles as a lock against
    /// two renders into one folder.
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<(), RenderError> {
        let dir = dir.as_ref();
        let mut files = self.files()?;
        let secret: Vec<bool> = self
            .objects
            .iter()
            .map(|o| matches!(o, Object::Secret(_)))
            .collect();
        std::fs::create_dir_all(dir).map_err(|e| RenderError::io(dir, e))?;
        let written_before = read_record(dir)?;
        let staging = dir.join(STAGING);
        std::fs::create_dir(&staging).map_err(|source| RenderError::Staging {
            path: staging.clone(),
            source,
        })?;
        let record: String = files.iter().map(|(name, _)| format!("{name}\n")).collect();
        files.push((RECORD.to_owned(), record));
        if let Err(e) = stage(&staging, &files, &secret) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        for (name, _) in &files {
            std::fs::rename(staging.join(name), dir.join(name))
                .map_err(|e| RenderError::io(dir.join(name), e))?;
        }
        let _ = std::fs::remove_dir_all(&staging);
        remove_stale(dir, &written_before, &files)
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

/// `items` in a `v1` `List`, as pretty JSON ending in a newline.
pub(crate) fn json_list<T: serde::Serialize>(items: &[T]) -> Result<String, RenderError> {
    let list = serde_json::json!({
        "apiVersion": "v1",
        "kind": "List",
        "metadata": {},
        "items": items,
    });
    let mut text = serde_json::to_string_pretty(&list).map_err(|e| RenderError::Serialize {
        kind: "List",
        name: String::new(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

pub(crate) const STAGING: &str = ".render-staging";
/// The record of the files the last render wrote into a folder, one name per line.
const RECORD: &str = ".render-files";

/// Writes each file into `staging`; `secret[i]` marks the files that hold a Secret.
fn stage(staging: &Path, files: &[(String, String)], secret: &[bool]) -> Result<(), RenderError> {
    for (index, (name, text)) in files.iter().enumerate() {
        let path = staging.join(name);
        let private = secret.get(index).copied().unwrap_or(false);
        write_file(&path, text, private).map_err(|e| RenderError::io(&path, e))?;
    }
    Ok(())
}

fn write_file(path: &Path, text: &str, private: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
}

/// The names an earlier render recorded in `dir`; none when it left no record.
fn read_record(dir: &Path) -> Result<Vec<String>, RenderError> {
    let path = dir.join(RECORD);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text.lines().map(str::to_owned).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(RenderError::io(&path, e)),
    }
}

/// Removes what the earlier render wrote and this one did not. Only plain names are
/// trusted from the record: nothing outside `dir` is ever removed.
fn remove_stale(
    dir: &Path,
    written_before: &[String],
    files: &[(String, String)],
) -> Result<(), RenderError> {
    for name in written_before {
        let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']);
        if !plain || files.iter().any(|(f, _)| f == name) {
            continue;
        }
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(RenderError::io(&path, e)),
        }
    }
    Ok(())
}
