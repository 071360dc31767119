//! Object metadata, after apimachinery's `pkg/api/validation/objectmeta.go`
//! (ValidateObjectMeta, ValidateLabels, ValidateAnnotations) and each kind's name rule in
//! `pkg/apis/*/validation`.

use std::collections::BTreeMap;
use std::fmt::Display;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::Found;
use super::formats::{
    dns1035_label, dns1123_label, dns1123_subdomain, label_key, label_value, path_segment_name,
};
use crate::objects::Object;

/// TotalAnnotationSizeLimitB: the keys and values of an object's annotations together.
const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

pub(crate) fn check(object: &Object, found: &mut Found) {
    check_meta(
        object.metadata(),
        object.namespaced(),
        name_rule(object),
        found,
    );
}

/// ValidateObjectMeta for an object whose kind names it by `name_rule`.
pub(crate) fn check_meta(
    meta: &ObjectMeta,
    namespaced: bool,
    name_rule: fn(&str) -> Vec<String>,
    found: &mut Found,
) {
    match meta.name.as_deref() {
        None | Some("") => found.required(&"metadata.name"),
        Some(name) => found.invalid(&"metadata.name", name, name_rule(name)),
    }
    // ValidateObjectMeta: namespaced kinds need a namespace (ValidateNamespaceName:
    // a DNS-1123 label); a Namespace has none.
    match (namespaced, meta.namespace.as_deref()) {
        (true, None | Some("")) => found.required(&"metadata.namespace"),
        (true, Some(namespace)) => {
            found.invalid(&"metadata.namespace", namespace, dns1123_label(namespace))
        }
        (false, Some(namespace)) if !namespace.is_empty() => {
            found.add(&"metadata.namespace", "Forbidden: not allowed on this type")
        }
        (false, _) => {}
    }
    labels(&"metadata.labels", meta.labels.as_ref(), found);
    annotations(&"metadata.annotations", meta.annotations.as_ref(), found);
}

/// The name rule of each kind: ValidateNamespaceName (a DNS-1123 label),
/// ValidateServiceName (a DNS-1035 label), roles and bindings minimalNameRequirements
/// (IsValidPathSegmentName), the rest NameIsDNSSubdomain. A CronJob's name is also at most
/// 52 characters (ValidateCronJob: its Jobs add 11).
fn name_rule(object: &Object) -> fn(&str) -> Vec<String> {
    match object {
        Object::Namespace(_) => dns1123_label,
        Object::Service(_) => dns1035_label,
        Object::Role(_)
        | Object::RoleBinding(_)
        | Object::ClusterRole(_)
        | Object::ClusterRoleBinding(_) => path_segment_name,
        Object::CronJob(_) => |name| {
            let mut errors = dns1123_subdomain(name);
            if name.len() > 52 {
                errors.push("must be no more than 52 characters".to_owned());
            }
            errors
        },
        _ => dns1123_subdomain,
    }
}

/// ValidateLabels: every key a qualified name, every value a label value.
pub(crate) fn labels(
    path: &dyn Display,
    labels: Option<&BTreeMap<String, String>>,
    found: &mut Found,
) {
    for (key, value) in labels.into_iter().flatten() {
        found.invalid(path, key, label_key(key));
        found.invalid(&format_args!("{path}.{key}"), value, label_value(value));
    }
}

/// ValidateLabelSelector (apimachinery's `pkg/apis/meta/v1/validation`): `matchLabels`
/// as labels; each expression a known operator, with values for `In` and `NotIn` and none
/// for `Exists` and `DoesNotExist` (ValidateLabelSelectorRequirement), its key a qualified
/// name and its values label values (checked on create).
pub(crate) fn label_selector(path: &dyn Display, selector: &LabelSelector, found: &mut Found) {
    labels(
        &format_args!("{path}.matchLabels"),
        selector.match_labels.as_ref(),
        found,
    );
    for (index, expression) in selector.match_expressions.iter().flatten().enumerate() {
        let at = format_args!("{path}.matchExpressions[{index}]");
        let values = expression.values.as_deref().unwrap_or_default();
        match expression.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => found.add(
                &format_args!("{at}.values"),
                "Required value: must be specified when `operator` is 'In' or 'NotIn'",
            ),
            "Exists" | "DoesNotExist" if !values.is_empty() => found.add(
                &format_args!("{at}.values"),
                "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            operator => found.add(
                &format_args!("{at}.operator"),
                format!("Invalid value: {operator:?}: not a valid selector operator"),
            ),
        }
        found.invalid(
            &format_args!("{at}.key"),
            &expression.key,
            label_key(&expression.key),
        );
        for (i, value) in values.iter().enumerate() {
            found.invalid(&format_args!("{at}.values[{i}]"), value, label_value(value));
        }
    }
}

/// Whether `selector` selects an object labelled `labels` (LabelSelectorAsSelector, then
/// Matches).
pub(crate) fn selects(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let by_labels = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    by_labels
        && selector.match_expressions.iter().flatten().all(|e| {
            let value = labels.get(&e.key);
            let listed = value.is_some_and(|v| e.values.iter().flatten().any(|x| x == v));
            match e.operator.as_str() {
                "In" => listed,
                "NotIn" => !listed,
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                _ => false,
            }
        })
}

/// ValidateAnnotations: every key a qualified name once lower-cased, and all of them with
/// their values at most 256 KiB.
fn annotations(
    path: &dyn Display,
    annotations: Option<&BTreeMap<String, String>>,
    found: &mut Found,
) {
    let mut total = 0;
    for (key, value) in annotations.into_iter().flatten() {
        // IsQualifiedName(strings.ToLower(key)); most keys are lower case already.
        let lower = match key.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            true => std::borrow::Cow::Owned(key.to_lowercase()),
            false => std::borrow::Cow::Borrowed(key.as_str()),
        };
        found.invalid(path, key, label_key(&lower));
        total += key.len() + value.len();
    }
    if total > ANNOTATIONS_MAX_BYTES {
        found.add(
            path,
            format!("Too long: may not be more than {ANNOTATIONS_MAX_BYTES} bytes"),
        );
    }
}
