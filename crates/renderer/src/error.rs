//! Why rendering failed. Every message names the template, and the object where known.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
/// Why an environment could not be rendered or written.
pub enum RenderError {
    /// The template engine refused: a syntax error, an undefined variable, a bad filter.
    #[error("{template}:{line}: {message}")]
    Template {
        /// The template file.
        template: String,
        /// The line in the template (0 when unknown).
        line: usize,
        /// minijinja's message.
        message: String,
    },
    /// A rendered document is not a valid object of the kind it names (`document` when
    /// it names none).
    #[error("{template}: the rendered {kind} is invalid: {message}")]
    Invalid {
        /// The template file.
        template: String,
        /// The kind the document names, or `document`.
        kind: String,
        /// What is wrong.
        message: String,
    },
    /// A rendered document names an apiVersion and kind that the table of kinds lacks.
    #[error(
        "{template}: unknown kind `{kind}` of apiVersion `{api_version}`; {}",
        crate::objects::known_kinds(.api_version, .kind)
    )]
    UnknownKind {
        /// The template file.
        template: String,
        /// The apiVersion the document names.
        api_version: String,
        /// The kind the document names.
        kind: String,
    },
    /// A GitOps template printed a kind its controller does not take.
    #[error(
        "{template}: unknown kind `{kind}` of apiVersion `{api_version}`; {controller} objects are {known}"
    )]
    UnknownControllerKind {
        /// The template file.
        template: String,
        /// The controller, `Argo CD` or `Flux`.
        controller: &'static str,
        /// The apiVersion the document names.
        api_version: String,
        /// The kind the document names.
        kind: String,
        /// The kinds the controller takes, `apiVersion kind` each.
        known: String,
    },
    /// A profile asks a GitOps controller for what it cannot do.
    #[error("{environment}: {controller}: {problem}")]
    Controller {
        /// The controller, `Argo CD` or `Flux`.
        controller: &'static str,
        /// The environment.
        environment: String,
        /// What it cannot do, and what to set instead.
        problem: String,
    },
    /// The rendered object has fields its Kubernetes type does not know; applying it
    /// would silently drop them.
    #[error(
        "{template}: {kind} {name}: unknown field{} {}; expected only fields of {kind} in Kubernetes 1.37",
        if .paths.len() > 1 { "s" } else { "" },
        .paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
    )]
    UnknownFields {
        /// The template file.
        template: String,
        /// The kind of object.
        kind: &'static str,
        /// The object's name.
        name: String,
        /// The dotted paths of the unknown fields.
        paths: Vec<String>,
    },
    /// The rendered object breaks rules the Kubernetes API server enforces
    /// (docs/validation.md): `kubectl apply` would refuse it, after applying the objects
    /// before it.
    #[error(
        "{}",
        .problems.iter().map(|p| format!("{template}: {kind} {name}: {p}")).collect::<Vec<_>>().join("\n")
    )]
    Rejected {
        /// The template file.
        template: String,
        /// The kind of object.
        kind: &'static str,
        /// The object's name.
        name: String,
        /// Each problem, `field.path: what is wrong`.
        problems: Vec<String>,
    },
    /// Objects that do not fit together (a Service selecting no pods, a quota too small).
    #[error("the rendered objects do not fit together:\n{}", .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Checks(Vec<String>),
    /// The secret source cannot be used: missing or weak values, placeholders outside
    /// development. Names keys, never values.
    #[error("secrets: {0}")]
    Secrets(String),
    /// A templates folder cannot be read, or holds no template.
    #[error("{}: {message}", .dir.display())]
    TemplateSet {
        /// The templates folder.
        dir: PathBuf,
        /// Which templates are missing or unknown.
        message: String,
    },
    /// Reading templates or writing output failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    /// The staging folder of `--out-dir` could not be made: another render may be
    /// writing there, or one was interrupted.
    #[error("{}: {source}; another render may be writing here, or one was interrupted: remove {} and retry", .path.display(), crate::manifest::STAGING)]
    Staging {
        /// The staging folder.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    /// A file that may not be used as asked (a secrets file inside a work tree, a document
    /// that does not read, ...).
    #[error("{}: {message}", .path.display())]
    File {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Writing YAML or JSON failed.
    #[error("cannot write {kind} {name}: {message}")]
    Serialize {
        /// The kind of object.
        kind: &'static str,
        /// The object's name.
        name: String,
        /// The serializer's message.
        message: String,
    },
}

impl RenderError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RenderError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn file(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> Self {
        RenderError::File {
            path: path.into(),
            message: message.to_string(),
        }
    }
}
