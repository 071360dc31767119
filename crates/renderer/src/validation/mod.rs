//! What the Kubernetes API server would refuse, found before anything is printed: its own
//! validation, rule by rule, for every kind the renderer prints. Each rule names the
//! function of kubernetes/kubernetes it mirrors (`pkg/apis/*/validation`, apimachinery's
//! `pkg/api/validation` and `pkg/util/validation`); docs/validation.md lists them.

mod autoscaling;
mod custom_resources;
mod formats;
mod ingress;
mod kinds;
mod metadata;
mod pod;
mod security;

use crate::objects::Object;
use std::fmt::Display;

/// The problems of one object, each `field.path: what is wrong`, in field order.
pub(crate) fn validate(object: &Object) -> Vec<String> {
    let mut found = Found::default();
    metadata::check(object, &mut found);
    kinds::check(object, &mut found);
    found.0
}

/// The metadata problems of a namespaced custom resource (an Argo CD or Flux object),
/// named as CRDs name theirs: a DNS subdomain.
pub(crate) fn validate_custom_resource_metadata(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> Vec<String> {
    let mut found = Found::default();
    metadata::check_meta(meta, true, formats::dns1123_subdomain, &mut found);
    found.0
}

/// The problems found so far. Field paths are `&dyn Display`, written out only for a
/// problem: callers pass `format_args!`, as a render checks hundreds of valid fields and
/// a `format!` per field was 3% of its instructions.
#[derive(Default)]
pub(crate) struct Found(Vec<String>);

impl Found {
    /// One problem at `path`.
    pub(crate) fn add(&mut self, path: &dyn Display, message: impl Display) {
        self.0.push(format!("{path}: {message}"));
    }

    /// The messages of a format rule for `value` at `path`, as the API server words them
    /// (`Invalid value: "x": ...`).
    pub(crate) fn invalid(&mut self, path: &dyn Display, value: &str, messages: Vec<String>) {
        for message in messages {
            self.0
                .push(format!("{path}: Invalid value: {value:?}: {message}"));
        }
    }

    /// A value given twice where each must be unique.
    pub(crate) fn duplicate(&mut self, path: &dyn Display, value: impl std::fmt::Debug) {
        self.add(path, format!("Duplicate value: {value:?}"));
    }

    /// A field that must be set.
    pub(crate) fn required(&mut self, path: &dyn Display) {
        self.add(path, "Required value");
    }

    /// An optional field whose value, when set, must be one of `supported` (an enum).
    pub(crate) fn one_of(&mut self, path: &dyn Display, value: Option<&str>, supported: &[&str]) {
        if let Some(value) = value
            && !supported.contains(&value)
        {
            self.unsupported(path, value, supported);
        }
    }

    /// A value outside the ones the API server supports.
    pub(crate) fn unsupported(&mut self, path: &dyn Display, value: &str, supported: &[&str]) {
        let supported: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
        self.add(
            path,
            format!(
                "Unsupported value: {value:?}: supported values: {}",
                supported.join(", ")
            ),
        );
    }
}
