//! The configuration hash on the pod template of each workload that rolls its pods when
//! the template changes (Deployment, StatefulSet, DaemonSet): a change to what those pods
//! read (a ConfigMap, a Secret this render holds values of, or the spec of the
//! ExternalSecret that makes their Secret) changes their pod template and so rolls them,
//! and no other workload's.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{PodSpec, PodTemplateSpec};
use sha2::{Digest, Sha256};

use crate::objects::Object;

/// The pod-template annotation holding a hash of the configuration the pods read, so a change rolls them.
pub const ANNOTATION: &str = "axisor.io/config-hash";

/// What a pod reads: a ConfigMap or Secret by name, whole or one key of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Read {
    secret: bool,
    name: String,
    key: Option<String>,
}

/// Puts on each rolling workload's pod template the hash of what its pods read.
pub(crate) fn annotate(objects: &mut [Object]) {
    let hashes: Vec<Option<String>> = objects
        .iter()
        .map(|object| rolled_template(object).and_then(|t| t.spec.as_ref()))
        .map(|pod| pod.map(|pod| config_hash(objects, &reads(pod))))
        .collect();
    for (object, hash) in objects.iter_mut().zip(hashes) {
        let (Some(template), Some(hash)) = (rolled_template_mut(object), hash) else {
            continue;
        };
        template
            .metadata
            .get_or_insert_with(Default::default)
            .annotations
            .get_or_insert_with(Default::default)
            .insert(ANNOTATION.to_owned(), hash);
    }
}

/// The pod template of a workload that replaces its pods when the template changes. A
/// ReplicaSet or ReplicationController does not (its template only shapes new pods), and
/// a Job's or CronJob's pods read their configuration afresh each run.
fn rolled_template(object: &Object) -> Option<&PodTemplateSpec> {
    match object {
        Object::Deployment(o) => Some(&o.spec.template),
        Object::StatefulSet(o) => Some(&o.spec.template),
        Object::DaemonSet(o) => Some(&o.spec.template),
        _ => None,
    }
}

fn rolled_template_mut(object: &mut Object) -> Option<&mut PodTemplateSpec> {
    match object {
        Object::Deployment(o) => Some(&mut o.spec.template),
        Object::StatefulSet(o) => Some(&mut o.spec.template),
        Object::DaemonSet(o) => Some(&mut o.spec.template),
        _ => None,
    }
}

/// Every ConfigMap and Secret a pod spec reads, through environment variables or volumes,
/// in every container.
fn reads(pod: &PodSpec) -> BTreeSet<Read> {
    let read = |secret, name: &str, key: Option<&str>| Read {
        secret,
        name: name.to_owned(),
        key: key.map(str::to_owned),
    };
    let mut found = BTreeSet::new();
    let containers = pod
        .containers
        .iter()
        .chain(pod.init_containers.iter().flatten());
    for container in containers {
        for source in container.env_from.iter().flatten() {
            if let Some(r) = &source.config_map_ref {
                found.insert(read(false, &r.name, None));
            }
            if let Some(r) = &source.secret_ref {
                found.insert(read(true, &r.name, None));
            }
        }
        for var in container.env.iter().flatten() {
            let Some(from) = &var.value_from else {
                continue;
            };
            if let Some(r) = &from.config_map_key_ref {
                found.insert(read(false, &r.name, Some(&r.key)));
            }
            if let Some(r) = &from.secret_key_ref {
                found.insert(read(true, &r.name, Some(&r.key)));
            }
        }
    }
    for volume in pod.volumes.iter().flatten() {
        if let Some(c) = &volume.config_map {
            found.insert(read(false, &c.name, None));
        }
        if let Some(name) = volume
            .secret
            .as_ref()
            .and_then(|s| s.secret_name.as_deref())
        {
            found.insert(read(true, name, None));
        }
        let projected = volume.projected.as_ref().and_then(|p| p.sources.as_ref());
        for source in projected.into_iter().flatten() {
            if let Some(c) = &source.config_map {
                found.insert(read(false, &c.name, None));
            }
            if let Some(s) = &source.secret {
                found.insert(read(true, &s.name, None));
            }
        }
    }
    found
}

/// SHA-256 over what each read finds in this render, in the reads' order: a key's value,
/// a whole object's data, or the spec of the ExternalSecret that makes the Secret.
fn config_hash(objects: &[Object], reads: &BTreeSet<Read>) -> String {
    let mut hasher = Sha256::new();
    for read in reads {
        hasher.update(if read.secret { "Secret/" } else { "ConfigMap/" });
        hasher.update(&read.name);
        hasher.update([0]);
        hasher.update(read.key.as_deref().unwrap_or_default());
        hasher.update([0]);
        hasher.update(content(objects, read));
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes a read sees in this render; empty for an object made elsewhere.
fn content(objects: &[Object], read: &Read) -> Vec<u8> {
    let key = read.key.as_deref();
    let json = |value: Result<Vec<u8>, serde_json::Error>| value.unwrap_or_default();
    for object in objects {
        match object {
            Object::ConfigMap(c) if !read.secret && object.name() == read.name => {
                return match key {
                    Some(k) => json(serde_json::to_vec(&(
                        c.data.as_ref().and_then(|d| d.get(k)),
                        c.binary_data.as_ref().and_then(|d| d.get(k)),
                    ))),
                    None => json(serde_json::to_vec(&(&c.data, &c.binary_data))),
                };
            }
            Object::Secret(s) if read.secret && object.name() == read.name => {
                return match key {
                    Some(k) => json(serde_json::to_vec(&(
                        s.data.as_ref().and_then(|d| d.get(k)),
                        s.string_data.as_ref().and_then(|d| d.get(k)),
                    ))),
                    None => json(serde_json::to_vec(&(&s.data, &s.string_data))),
                };
            }
            Object::ExternalSecret(e) if read.secret && e.spec.target.name == read.name => {
                return json(serde_json::to_vec(&e.spec));
            }
            _ => {}
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::{
        ConfigMap, ConfigMapKeySelector, Container, EnvVar, EnvVarSource,
    };

    use super::*;

    fn config_map(a: &str, b: &str) -> Object {
        let data = [("A", a), ("B", b)].map(|(k, v)| (k.to_owned(), v.to_owned()));
        Object::ConfigMap(Box::new(ConfigMap {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("settings".to_owned()),
                ..Default::default()
            },
            data: Some(data.into_iter().collect()),
            ..Default::default()
        }))
    }

    #[test]
    fn a_key_reference_covers_that_key_only() {
        let pod = PodSpec {
            containers: vec![Container {
                env: Some(vec![EnvVar {
                    name: "A".to_owned(),
                    value_from: Some(EnvVarSource {
                        config_map_key_ref: Some(ConfigMapKeySelector {
                            name: "settings".to_owned(),
                            key: "A".to_owned(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }]),
                ..Default::default()
            }],
            ..Default::default()
        };
        let read = reads(&pod);
        let hash = |a, b| config_hash(&[config_map(a, b)], &read);
        assert_eq!(hash("1", "x"), hash("1", "y"), "B is not read");
        assert_ne!(hash("1", "x"), hash("2", "x"), "A is");
    }
}
