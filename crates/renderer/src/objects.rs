//! The kinds of object the renderer produces, in apply order, and how a rendered
//! document is read back into its type with every unknown field reported.

use std::collections::BTreeMap;

use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{ConfigMap, LimitRange, Namespace, ResourceQuota, Secret};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::service_monitor::ServiceMonitor;

/// One checked Kubernetes object. (Variants differ in size; a manifest holds a handful,
/// so boxing would buy nothing.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Object {
    Namespace(Namespace),
    ResourceQuota(ResourceQuota),
    LimitRange(LimitRange),
    ConfigMap(ConfigMap),
    Secret(Secret),
    ServiceMonitor(ServiceMonitor),
    CronJob(CronJob),
}

/// A kind: its template and how to read its rendered text.
pub(crate) struct KindSpec {
    pub kind: &'static str,
    pub template: &'static str,
    pub read: fn(&str) -> Result<Read, serde_saphyr::Error>,
}

/// A rendered document read back: the object and the paths of fields its type ignored.
pub(crate) struct Read {
    pub object: Object,
    pub unknown_fields: Vec<String>,
}

/// Every kind, in the order `kubectl apply` takes them in one pass: the Namespace first,
/// then what constrains the namespace, then configuration, then what uses it.
pub(crate) const KINDS: [KindSpec; 7] = [
    KindSpec {
        kind: "Namespace",
        template: "namespace.yaml.j2",
        read: |t| read(t, Object::Namespace),
    },
    KindSpec {
        kind: "ResourceQuota",
        template: "resourcequota.yaml.j2",
        read: |t| read(t, Object::ResourceQuota),
    },
    KindSpec {
        kind: "LimitRange",
        template: "limitrange.yaml.j2",
        read: |t| read(t, Object::LimitRange),
    },
    KindSpec {
        kind: "ConfigMap",
        template: "configmap.yaml.j2",
        read: |t| read(t, Object::ConfigMap),
    },
    KindSpec {
        kind: "Secret",
        template: "secret.yaml.j2",
        read: |t| read(t, Object::Secret),
    },
    KindSpec {
        kind: "ServiceMonitor",
        template: "servicemonitor.yaml.j2",
        read: |t| read(t, Object::ServiceMonitor),
    },
    KindSpec {
        kind: "CronJob",
        template: "cronjob.yaml.j2",
        read: |t| read(t, Object::CronJob),
    },
];

/// Deserializes `text` as `T`, collecting the paths of fields `T` does not have
/// (k8s-openapi would drop them silently).
fn read<T: DeserializeOwned>(
    text: &str,
    wrap: fn(T) -> Object,
) -> Result<Read, serde_saphyr::Error> {
    let mut unknown_fields = Vec::new();
    let value = serde_saphyr::with_deserializer_from_str(text, |deserializer| {
        serde_ignored::deserialize(deserializer, |path| unknown_fields.push(field_path(&path)))
    })?;
    Ok(Read {
        object: wrap(value),
        unknown_fields,
    })
}

/// `spec.jobTemplate.spec` rather than serde_ignored's `spec.?.jobTemplate.?.spec`:
/// optional and newtype wrappers are not fields.
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => {
            let parent = field_path(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

impl Object {
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Namespace(_) => "Namespace",
            Object::ResourceQuota(_) => "ResourceQuota",
            Object::LimitRange(_) => "LimitRange",
            Object::ConfigMap(_) => "ConfigMap",
            Object::Secret(_) => "Secret",
            Object::ServiceMonitor(_) => "ServiceMonitor",
            Object::CronJob(_) => "CronJob",
        }
    }

    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::Namespace(o) => &o.metadata,
            Object::ResourceQuota(o) => &o.metadata,
            Object::LimitRange(o) => &o.metadata,
            Object::ConfigMap(o) => &o.metadata,
            Object::Secret(o) => &o.metadata,
            Object::ServiceMonitor(o) => &o.metadata,
            Object::CronJob(o) => &o.metadata,
        }
    }

    fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::Namespace(o) => &mut o.metadata,
            Object::ResourceQuota(o) => &mut o.metadata,
            Object::LimitRange(o) => &mut o.metadata,
            Object::ConfigMap(o) => &mut o.metadata,
            Object::Secret(o) => &mut o.metadata,
            Object::ServiceMonitor(o) => &mut o.metadata,
            Object::CronJob(o) => &mut o.metadata,
        }
    }

    /// The object's name, or an empty string for a template that left it out.
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    /// Sets `labels` on the object, replacing values a template gave for the same keys.
    pub(crate) fn add_labels(&mut self, labels: &BTreeMap<String, String>) {
        let own = self.metadata_mut().labels.get_or_insert_with(BTreeMap::new);
        own.extend(labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}
