//! Renders Axisor environment profiles into Kubernetes objects.
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
//! use axisor_render::{Templates, render};
//!
//! let templates = Templates::builtin().unwrap();
//! let manifest = render(Environment::Production.profile(), &templates).unwrap();
//! let kinds: Vec<&str> = manifest.objects().iter().map(|o| o.kind()).collect();
//! assert_eq!(kinds[..3], ["Namespace", "ResourceQuota", "LimitRange"]);
//! assert!(kinds.contains(&"Deployment"));
//! let yaml = manifest.to_yaml().unwrap();
//! assert!(yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"));
//! ```

mod checks;
mod context;
mod error;
mod hash;
mod manifest;
mod objects;
mod service_monitor;
mod templates;

use std::collections::BTreeMap;

use axisor_profile::Profile;

pub use checks::check;
pub use context::APP;
pub use error::RenderError;
pub use hash::ANNOTATION as CONFIG_HASH_ANNOTATION;
pub use manifest::Manifest;
pub use objects::Object;
pub use service_monitor::ServiceMonitor;
pub use templates::Templates;

use context::Context;
use objects::{KINDS, KindSpec, documents};

/// Renders every object of one environment, checked one by one and across objects, in
/// apply order.
pub fn render(profile: &Profile, templates: &Templates) -> Result<Manifest, RenderError> {
    let labels = standard_labels(profile);
    let context = minijinja::Value::from(minijinja::value::Serde(Context::new(profile, &labels)));
    let mut objects = Vec::new();
    for kind in KINDS {
        let text = templates.render(kind.template, &context)?;
        let template = templates.display_name(kind.template);
        // A template renders any number of objects of its kind, none included (the
        // Secret outside development, budgets for single replicas).
        for document in documents(&text) {
            let mut object = read_checked(kind, &template, &document)?;
            object.add_labels(&labels);
            objects.push(object);
        }
    }
    hash::annotate(&mut objects);
    let problems = check(&objects, profile.namespace.as_str());
    if !problems.is_empty() {
        return Err(RenderError::Checks(problems));
    }
    Ok(Manifest { objects })
}

fn read_checked(kind: &KindSpec, template: &str, document: &str) -> Result<Object, RenderError> {
    let read = (kind.read)(document).map_err(|e| RenderError::Invalid {
        template: template.to_owned(),
        kind: kind.kind,
        message: e.to_string(),
    })?;
    if !read.unknown_fields.is_empty() {
        return Err(RenderError::UnknownFields {
            template: template.to_owned(),
            kind: kind.kind,
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
