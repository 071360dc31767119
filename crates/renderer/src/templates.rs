//! The minijinja templates, one per kind of object, with YAML-safe output: every
//! `{{ value }}` is written as JSON (a double-quoted string, a number, a flow list or
//! mapping), which YAML 1.1 and 1.2 readers both take literally, so no template author has
//! to remember to quote `on`, `12:30` or `0755`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use minijinja::{Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value};

use crate::error::RenderError;
use crate::yaml_scalars::is_printable;

// `BUILTIN` and `BUILTIN_GITOPS`: `(file, text)` of every template in this repository's
// `templates/` and `templates/gitops/` folders, in file-name order (build.rs).
include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// A complete set of templates, ready to render.
pub struct Templates {
    env: Environment<'static>,
    /// How template names appear in messages: `templates` or the folder given.
    folder: String,
    /// The template files, by name.
    files: Vec<String>,
}

impl Templates {
    /// The templates in this repository's `templates/` folder, built in.
    ///
    /// ```
    /// let templates = axisor_renderer::Templates::builtin().unwrap();
    /// assert!(templates.names().any(|n| n == "templates/configmap.yaml.j2"));
    /// ```
    pub fn builtin() -> Result<Templates, RenderError> {
        let sources = BUILTIN
            .iter()
            .map(|(f, s)| (f.to_string(), Cow::Borrowed(*s)));
        Templates::from_sources("templates", sources.collect())
    }

    /// The templates of this repository's `templates/gitops/` folder, built in: the Argo
    /// CD and Flux objects of `render gitops` ([`crate::gitops`]).
    ///
    /// ```
    /// let templates = axisor_renderer::Templates::builtin_gitops().unwrap();
    /// assert!(templates.names().any(|n| n == "templates/gitops/flux.yaml.j2"));
    /// ```
    pub fn builtin_gitops() -> Result<Templates, RenderError> {
        let sources = BUILTIN_GITOPS
            .iter()
            .map(|(f, s)| (f.to_string(), Cow::Borrowed(*s)));
        Templates::from_sources("templates/gitops", sources.collect())
    }

    /// Every `*.yaml.j2` file of `dir` (not its subfolders); each renders any number of
    /// objects of the kinds the renderer knows. A folder without one is an error.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Templates, RenderError> {
        let dir = dir.as_ref();
        let entries = std::fs::read_dir(dir).map_err(|e| RenderError::TemplateSet {
            dir: dir.to_owned(),
            message: format!("cannot read the templates folder: {e}"),
        })?;
        let mut sources = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| RenderError::io(dir, e))?.path();
            let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !file.ends_with(".yaml.j2") || file.starts_with('.') || !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| RenderError::io(&path, e))?;
            sources.push((file.to_owned(), Cow::Owned(text)));
        }
        if sources.is_empty() {
            return Err(RenderError::TemplateSet {
                dir: dir.to_owned(),
                message:
                    "no templates here; expected *.yaml.j2 files, each printing Kubernetes objects"
                        .into(),
            });
        }
        Templates::from_sources(&dir.display().to_string(), sources)
    }

    fn from_sources(
        folder: &str,
        mut sources: Vec<(String, Cow<'static, str>)>,
    ) -> Result<Templates, RenderError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(yaml_scalar_formatter);
        env.add_filter("b64encode", |text: String| {
            base64::engine::general_purpose::STANDARD.encode(text)
        });
        // Rendered in file-name order, whatever order the folder lists them in.
        sources.sort_by(|(a, _), (b, _)| a.cmp(b));
        let files = sources.iter().map(|(file, _)| file.clone()).collect();
        for (file, text) in sources {
            let name = format!("{folder}/{file}");
            env.add_template_owned(name, text)
                .map_err(|e| template_error(folder, &e))?;
        }
        Ok(Templates {
            env,
            folder: folder.to_owned(),
            files,
        })
    }

    /// The template files, in the order they render (by name).
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// Template names as they appear in messages.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.env.templates().map(|(name, _)| name)
    }

    /// Renders one template file (`configmap.yaml.j2`) with `context`.
    pub(crate) fn render(&self, file: &str, context: &Value) -> Result<String, RenderError> {
        let name = self.display_name(file);
        let template = self
            .env
            .get_template(&name)
            .map_err(|e| template_error(&self.folder, &e))?;
        template
            .render(context)
            .map_err(|e| template_error(&self.folder, &e))
    }

    pub(crate) fn display_name(&self, file: &str) -> String {
        format!("{}/{file}", self.folder)
    }
}

/// `{{ value }}` as JSON: strings double-quoted and escaped, numbers and booleans bare,
/// lists and mappings in flow style. Printing an undefined value is an error.
fn yaml_scalar_formatter(out: &mut Output, _state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            "an undefined value cannot be printed",
        ));
    }
    // Most values are strings JSON writes as they are: skip the serializer for those.
    if let Some(text) = value.as_str()
        && !text
            .bytes()
            .any(|b| b == b'"' || b == b'\\' || !(0x20..0x7F).contains(&b))
    {
        // Three plain writes: `write!` would run the formatting machinery for each value.
        return ["\"", text, "\""]
            .into_iter()
            .try_for_each(|part| out.write_str(part))
            .map_err(Error::from);
    }
    let json = serde_json::to_string(value)
        .map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))?;
    // JSON leaves DEL, C1 controls, U+2028 and U+2029 bare; YAML readers do not all take
    // them (YAML 1.1 reads U+2028 as a line break), so they are escaped as YAML allows.
    if json
        .chars()
        .all(|c| c.is_ascii_graphic() || c == ' ' || is_printable(c))
    {
        return out.write_str(&json).map_err(Error::from);
    }
    for c in json.chars() {
        match c.is_ascii_graphic() || c == ' ' || is_printable(c) {
            true => out.write_char(c),
            false => write!(out, "\\u{:04X}", c as u32),
        }
        .map_err(Error::from)?;
    }
    Ok(())
}

fn template_error(folder: &str, error: &Error) -> RenderError {
    let template = error
        .name()
        .map_or_else(|| folder.to_owned(), str::to_owned);
    let message = match (error.detail(), error.kind()) {
        (Some(detail), kind) => format!("{kind}: {detail}"),
        (None, ErrorKind::UndefinedError) => {
            "undefined value: the template uses a variable or attribute the context does not have"
                .to_owned()
        }
        (None, kind) => kind.to_string(),
    };
    RenderError::Template {
        template,
        line: error.line().unwrap_or(0),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Manifest;
    use crate::objects::Object;

    /// Strings YAML 1.1 (kubectl) or YAML 1.2 would read as something else, or that
    /// break naive templates.
    const TRICKY: [&str; 16] = [
        "on",
        "yes",
        "no",
        "y",
        "N",
        "~",
        "12:30",
        "1_000",
        "0755",
        "2024-01-01",
        "1e3",
        "line one\nline two\n",
        "say \"hi\" it's",
        "key: value # not a comment",
        "{{ not a template }}",
        "",
    ];

    fn configmap_template() -> Templates {
        let mut sources: Vec<(String, Cow<'static, str>)> = BUILTIN
            .iter()
            .map(|(f, s)| (f.to_string(), Cow::Borrowed(*s)))
            .collect();
        let template = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tricky\ndata:\n{% for value in values %}  key{{ loop.index }}: {{ value }}\n{% endfor %}";
        sources.retain(|(f, _)| f != "configmap.yaml.j2");
        sources.push(("configmap.yaml.j2".into(), template.into()));
        Templates::from_sources("test", sources).unwrap()
    }

    #[test]
    fn interpolated_values_survive_exactly_without_hand_quoting() {
        let templates = configmap_template();
        let context = minijinja::context! { values => TRICKY.to_vec() };
        let text = templates.render("configmap.yaml.j2", &context).unwrap();
        let Ok(read) = crate::read_back::read(&text) else {
            panic!("not read back")
        };
        let Object::ConfigMap(config) = &read.object else {
            panic!("not a ConfigMap")
        };
        let data = config.data.as_ref().unwrap();
        for (index, expected) in TRICKY.iter().enumerate() {
            assert_eq!(data[&format!("key{}", index + 1)], *expected);
        }

        // The serializer writes them so that a YAML 1.1 reader sees strings too: every
        // look-alike is quoted or written as a block.
        let yaml = Manifest {
            objects: vec![read.object.clone()],
        }
        .to_yaml()
        .unwrap();
        // The one-line look-alikes (the others are quoted for other reasons or blocks).
        for tricky in TRICKY.iter().filter(|t| !t.contains(['\n', ' '])) {
            let line = yaml.lines().find(|l| {
                l.ends_with(&format!("'{tricky}'")) || l.ends_with(&format!("\"{tricky}\""))
            });
            assert!(line.is_some(), "`{tricky}` is not quoted in:\n{yaml}");
        }
        let back: k8s_openapi::api::core::v1::ConfigMap =
            serde_saphyr::from_str(yaml.trim_start_matches("---\n")).unwrap();
        assert_eq!(back.data, config.data);
    }
}
