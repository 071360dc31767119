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
//! assert_eq!(kinds, ["Namespace", "ResourceQuota", "LimitRange", "ConfigMap", "ServiceMonitor", "CronJob"]);
//! let yaml = manifest.to_yaml().unwrap();
//! assert!(yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"));
//! ```

mod context;
mod error;
mod manifest;
mod objects;
mod service_monitor;
mod templates;

use std::collections::BTreeMap;

use axisor_profile::Profile;

pub use context::APP;
pub use error::RenderError;
pub use manifest::Manifest;
pub use objects::Object;
pub use service_monitor::ServiceMonitor;
pub use templates::Templates;

use context::Context;
use objects::KINDS;

/// Renders every object of one environment, checked, in apply order.
pub fn render(profile: &Profile, templates: &Templates) -> Result<Manifest, RenderError> {
    let context = minijinja::Value::from(minijinja::value::Serde(Context::new(profile)));
    let labels = standard_labels(profile);
    let mut objects = Vec::new();
    for kind in &KINDS {
        let text = templates.render(kind.template, &context)?;
        if text.trim().is_empty() {
            continue; // the template chose to render nothing (no Secret outside development)
        }
        let template = templates.display_name(kind.template);
        let read = (kind.read)(&text).map_err(|e| RenderError::Invalid {
            template: template.clone(),
            kind: kind.kind,
            message: e.to_string(),
        })?;
        let mut object = read.object;
        if !read.unknown_fields.is_empty() {
            return Err(RenderError::UnknownFields {
                template,
                kind: kind.kind,
                name: object.name().to_owned(),
                paths: read.unknown_fields,
            });
        }
        object.add_labels(&labels);
        objects.push(object);
    }
    Ok(Manifest { objects })
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
