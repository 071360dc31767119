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
    Secrets(#[from] SecretsError),
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

/// Why the chosen secret source cannot be used for an environment. Names keys, never
/// values.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// Keys the profile names without a value, values for keys it does not name, or both
    /// (a misspelt key is named beside the key it leaves without a value).
    #[error("{}", keys_message(.missing, .unknown, .expected))]
    Keys {
        /// The profile's keys that have no value.
        missing: Vec<String>,
        /// The keys given that the profile does not name.
        unknown: Vec<String>,
        /// Every key the profile names.
        expected: Vec<String>,
    },
    /// Values refused outside development: known development defaults, or in production
    /// values too short.
    #[error(
        "weak values refused for {environment}: {}; expected real secrets",
        .weak.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    Weak {
        /// The environment.
        environment: String,
        /// Each refused value, by key.
        weak: Vec<WeakValue>,
    },
    /// Placeholders were asked for outside development.
    #[error(
        "{environment} refuses placeholder secrets: they are public development defaults; expected --secrets external or values"
    )]
    PlaceholdersOutsideDevelopment {
        /// The environment.
        environment: String,
    },
    /// Placeholders were asked for, and the profile has none.
    #[error(
        "{environment} has no secrets.local_placeholders; expected --secrets external or values"
    )]
    NoPlaceholders {
        /// The environment.
        environment: String,
    },
    /// An ExternalSecret was asked for, and the profile names no store.
    #[error(
        "{environment} names no secret store (secrets.external); expected --secrets values or placeholders"
    )]
    NoStore {
        /// The environment.
        environment: String,
    },
}

fn keys_message(missing: &[String], unknown: &[String], expected: &[String]) -> String {
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!(
            "no value for {}; give each as {}<KEY> in the environment or KEY=value in --secrets-file",
            missing.join(", "),
            crate::ENV_PREFIX
        ));
    }
    if !unknown.is_empty() {
        problems.push(format!(
            "values for keys the profile does not name: {}; expected only {}",
            unknown.join(", "),
            expected.join(", ")
        ));
    }
    problems.join("; and ")
}

/// A secret value refused as weak: its key, never the value, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakValue {
    /// The value is a publicly known development default.
    #[error("{0} (a known development default)")]
    KnownDefault(String),
    /// A production value shorter than [`crate::MIN_PRODUCTION_LENGTH`].
    #[error("{0} (shorter than {min} characters)", min = crate::MIN_PRODUCTION_LENGTH)]
    TooShort(String),
}
