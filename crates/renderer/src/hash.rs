//! The configuration hash on pod templates: a change to the ConfigMap, to a Secret this
//! render holds values of, or to an ExternalSecret's spec (its store, keys or template)
//! changes the pod template and so rolls the pods.

use sha2::{Digest, Sha256};

use crate::objects::Object;

/// The pod-template annotation holding a hash of the configuration the pods read, so a change rolls them.
pub const ANNOTATION: &str = "axisor.io/config-hash";

/// SHA-256 over the data of every ConfigMap and Secret and the spec of every
/// ExternalSecret, in stream order.
pub(crate) fn config_hash(objects: &[Object]) -> String {
    let mut hasher = Sha256::new();
    for object in objects {
        let data = match object {
            Object::ConfigMap(config) => serde_json::to_vec(&(&config.data, &config.binary_data)),
            Object::Secret(secret) => serde_json::to_vec(&(&secret.data, &secret.string_data)),
            Object::ExternalSecret(external) => serde_json::to_vec(&external.spec),
            _ => continue,
        };
        hasher.update(object.kind().as_bytes());
        hasher.update(object.name().as_bytes());
        hasher.update(data.unwrap_or_default());
    }
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Puts the hash on the pod template of every Deployment.
pub(crate) fn annotate(objects: &mut [Object]) {
    let hash = config_hash(objects);
    for object in objects {
        if let Object::Deployment(deployment) = object {
            let metadata = deployment
                .spec
                .template
                .metadata
                .get_or_insert_with(Default::default);
            metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert(ANNOTATION.to_owned(), hash.clone());
        }
    }
}
