//! Rendering: a profile to checked Kubernetes objects, written as a YAML stream, a JSON
//! List or one file per object. Renders Axisor environment profiles into Kubernetes objects.
//!
//! Each kind of object has a minijinja template (`templates/`). A rendered document is
//! read back into its typed object (k8s-openapi, or [`ServiceMonitor`]), and a field the
//! type does not know is an error. What is printed is those checked objects written out
//! again, so what was validated is exactly what is printed.
//!
//! The library leaves the Kubernetes version to the binary that embeds it: enable one
//! `k8s-openapi` version feature (`v1_37`) there.
//!
//! ```
//! use axisor_environments::Environment;
//! use axisor_renderer::{Templates, render};
//!
//! let templates = Templates::builtin().unwrap();
//! let manifest = render(Environment::Production.profile(), &templates).unwrap();
//! let kinds: Vec<&str> = manifest.objects().iter().map(|o| o.kind()).collect();
//! assert_eq!(kinds[..3], ["Namespace", "ResourceQuota", "LimitRange"]);
//! assert!(kinds.contains(&"Deployment"));
//! let yaml = manifest.to_yaml().unwrap();
//! assert!(yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"));
//! ```

/// `k8s_openapi::Resource` for a namespaced custom resource written from its CRD, so the
/// table of kinds reads its apiVersion, kind and plural as it does a built-in kind's.
macro_rules! custom_resource {
    ($kind:ident, $group:literal, $version:literal, $plural:literal) => {
        impl k8s_openapi::Resource for $kind {
            const API_VERSION: &'static str = concat!($group, "/", $version);
            const GROUP: &'static str = $group;
            const KIND: &'static str = stringify!($kind);
            const VERSION: &'static str = $version;
            const URL_PATH_SEGMENT: &'static str = $plural;
            type Scope = k8s_openapi::NamespaceResourceScope;
        }
    };
}
pub(crate) use custom_resource;

mod checks;
mod context;
pub mod diff;
mod error;
mod external_secret;
pub mod gitops;
mod hash;
mod manifest;
mod objects;
mod prometheus_rule;
pub mod prune;
mod read_back;
mod secrets;
mod service_monitor;
mod templates;
mod validation;
mod yaml_scalars;
mod yaml_writer;

use std::collections::BTreeMap;

use axisor_profile::Profile;
use axisor_profile::preview::{PREVIEW_LABEL, Preview};
use rayon::prelude::*;

pub use context::APP;
pub use error::{RenderError, SecretsError, WeakValue};
pub use external_secret::ExternalSecret;
pub use hash::ANNOTATION as CONFIG_HASH_ANNOTATION;
pub use manifest::Manifest;
pub use objects::Object;
pub use prometheus_rule::PrometheusRule;
pub use secrets::{ENV_PREFIX, MIN_PRODUCTION_LENGTH, SecretValues, Secrets};
pub use service_monitor::ServiceMonitor;
pub use templates::Templates;

use context::Context;
use objects::documents;
use read_back::ReadError;

/// Renders every object of one environment, checked one by one and across objects, in
/// apply order, with the secret source the profile chooses.
pub fn render(profile: &Profile, templates: &Templates) -> Result<Manifest, RenderError> {
    render_with_secrets(profile, templates, &Secrets::for_profile(profile))
}

/// Renders with an explicit secret source (`render --secrets`). Values are checked first:
/// every key present, none weak; placeholders only in development.
///
/// ```
/// use axisor_environments::Environment;
/// use axisor_renderer::{Object, SecretValues, Secrets, Templates, render_with_secrets};
///
/// let staging = Environment::Staging.profile();
/// let keys = staging.secrets.keys.iter().map(|k| (k.to_string(), format!("fake-{k}-value-for-docs")));
/// let secrets = Secrets::Values(SecretValues::new(keys));
/// let manifest = render_with_secrets(staging, &Templates::builtin().unwrap(), &secrets).unwrap();
/// assert!(manifest.objects().iter().any(|o| matches!(o, Object::Secret(_))));
/// ```
pub fn render_with_secrets(
    profile: &Profile,
    templates: &Templates,
    secrets: &Secrets,
) -> Result<Manifest, RenderError> {
    render_checked(profile, templates, secrets, None)
}

/// Renders a pull request's preview ([`axisor_profile::preview::preview`]): every object
/// labelled `axisor.io/preview: pr-N`, the Namespace annotated with its creation time and
/// expiry, and no backup unless the preview asks for one.
///
/// ```
/// use axisor_profile::preview::{parse_time, preview};
/// use axisor_renderer::{Secrets, Templates, render_preview};
///
/// let now = parse_time("2027-01-15T08:00:00Z").unwrap();
/// let pr = preview(axisor_environments::catalog(), "42", now, None).unwrap();
/// let secrets = Secrets::for_profile(&pr.profile);
/// let manifest = render_preview(&pr, &Templates::builtin().unwrap(), &secrets).unwrap();
/// let yaml = manifest.to_yaml().unwrap();
/// for document in yaml.split("---\n").skip(1) {
///     assert!(document.contains("axisor.io/preview: pr-42"), "{document}");
/// }
/// assert!(yaml.contains("axisor.io/expires-at: \"2027-01-18T08:00:00Z\""));
/// ```
pub fn render_preview(
    preview: &Preview,
    templates: &Templates,
    secrets: &Secrets,
) -> Result<Manifest, RenderError> {
    render_checked(&preview.profile, templates, secrets, Some(preview))
}

fn render_checked(
    profile: &Profile,
    templates: &Templates,
    secrets: &Secrets,
    preview: Option<&Preview>,
) -> Result<Manifest, RenderError> {
    check_secret_source(profile, secrets)?;
    let mut labels = standard_labels(profile);
    if let Some(preview) = preview {
        labels.insert(PREVIEW_LABEL.to_owned(), preview.id().to_owned());
    }
    let context = Context::new(profile, &labels, secrets, preview);
    let context = minijinja::Value::from(minijinja::value::Serde(context));
    // A render makes about 25 objects: room for them up front.
    let mut objects = Vec::with_capacity(32);
    for file in templates.files() {
        let text = templates.render(file, &context)?;
        let template = templates.display_name(file);
        // A template renders any number of objects, none included (the Secret outside
        // development, budgets for single replicas).
        for document in documents(&text) {
            let mut object = read_checked(&template, &document)?;
            object.add_labels(&labels);
            let problems = validation::validate(&object);
            if !problems.is_empty() {
                return Err(RenderError::Rejected {
                    template,
                    kind: object.kind(),
                    name: object.name().to_owned(),
                    problems,
                });
            }
            objects.push(object);
        }
    }
    // Apply order is the table's order of kinds; within a kind, the templates' (a
    // stable sort).
    objects.sort_by_key(Object::apply_rank);
    hash::annotate(&mut objects);
    let problems = checks::check(&objects, profile.namespace.as_str());
    if !problems.is_empty() {
        return Err(RenderError::Checks(problems));
    }
    Ok(Manifest { objects })
}

/// Renders many profiles with the secret sources they choose, spread over the cores;
/// results in the profiles' order, the first error wins.
pub fn render_all(
    profiles: &[Profile],
    templates: &Templates,
) -> Result<Vec<Manifest>, RenderError> {
    let jobs: Vec<(&Profile, Secrets)> = profiles
        .iter()
        .map(|p| (p, Secrets::for_profile(p)))
        .collect();
    render_many(&jobs, templates, Ok)
}

/// From this many environments on, they are rendered in parallel.
const PARALLEL_FROM: usize = 8;

/// Renders each `(profile, secrets)` and passes the manifest to `finish` (writing it out,
/// say), spread over the cores; results in the jobs' order, the first error wins.
pub fn render_many<T: Send>(
    jobs: &[(&Profile, Secrets)],
    templates: &Templates,
    finish: impl Fn(Manifest) -> Result<T, RenderError> + Sync,
) -> Result<Vec<T>, RenderError> {
    let render = |(profile, secrets): &(&Profile, Secrets)| {
        render_with_secrets(profile, templates, secrets).and_then(&finish)
    };
    // Threads only where there are enough environments to pay for starting them. Every
    // result is kept, in order, before the first error is taken: with rayon's own
    // short-circuit, which error is reported would depend on the scheduling.
    let results: Vec<_> = if jobs.len() < PARALLEL_FROM {
        jobs.iter().map(render).collect()
    } else {
        jobs.par_iter().map(render).collect()
    };
    results.into_iter().collect()
}

fn check_secret_source(profile: &Profile, secrets: &Secrets) -> Result<(), RenderError> {
    let environment = || profile.name.to_string();
    match secrets {
        Secrets::Values(values) => values.check(profile),
        Secrets::Placeholders if profile.app.node_env != axisor_profile::NodeEnv::Development => {
            Err(SecretsError::PlaceholdersOutsideDevelopment {
                environment: environment(),
            }
            .into())
        }
        Secrets::Placeholders if profile.secrets.local_placeholders.is_none() => {
            Err(SecretsError::NoPlaceholders {
                environment: environment(),
            }
            .into())
        }
        Secrets::External if profile.secrets.external.is_none() => Err(SecretsError::NoStore {
            environment: environment(),
        }
        .into()),
        _ => Ok(()),
    }
}

fn read_checked(template: &str, document: &str) -> Result<Object, RenderError> {
    let read = read_back::read(document).map_err(|e| match e {
        ReadError::UnknownKind { api_version, kind } => RenderError::UnknownKind {
            template: template.to_owned(),
            api_version,
            kind,
        },
        ReadError::Invalid { kind, message } => RenderError::Invalid {
            template: template.to_owned(),
            kind: kind.unwrap_or_else(|| "document".to_owned()),
            message,
        },
    })?;
    if !read.unknown_fields.is_empty() {
        return Err(RenderError::UnknownFields {
            template: template.to_owned(),
            kind: read.object.kind(),
            name: read.object.name().to_owned(),
            paths: read.unknown_fields,
        });
    }
    Ok(read.object)
}

/// Labels on every object, so `kubectl get all -l app.kubernetes.io/instance=axisor-production`
/// and `kubectl apply --prune -l ...` find exactly one environment.
pub fn standard_labels(profile: &Profile) -> BTreeMap<String, String> {
    let env = profile.name.as_str();
    [
        ("app.kubernetes.io/name", APP.to_owned()),
        ("app.kubernetes.io/instance", format!("{APP}-{env}")),
        ("app.kubernetes.io/part-of", APP.to_owned()),
        ("app.kubernetes.io/managed-by", "axisor-render".to_owned()),
        ("environment", env.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}
