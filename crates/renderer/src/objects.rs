//! The kinds of object the renderer produces, in apply order, and how a rendered
//! document is read back into its type with every unknown field reported.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{
    ConfigMap, LimitRange, Namespace, ResourceQuota, Secret, Service, ServiceAccount,
};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::external_secret::ExternalSecret;
use crate::service_monitor::ServiceMonitor;

/// A kind: its template and how to read its rendered text.
pub(crate) struct KindSpec {
    pub kind: &'static str,
    pub template: &'static str,
    pub read: fn(&str) -> Result<Read, String>,
}

/// A rendered document read back: the object and the paths of fields its type ignored.
pub(crate) struct Read {
    pub object: Object,
    pub unknown_fields: Vec<String>,
}

/// Declares [`Object`], its accessors and [`KINDS`] from one list, in apply order.
macro_rules! kinds {
    ($($kind:ident => $template:literal,)*) => {
        /// One checked Kubernetes object. (Variants differ in size; a manifest holds a
        /// few dozen, so boxing would buy nothing.)
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Object {
            $(
                #[doc = concat!("A ", stringify!($kind), ".")]
                $kind($kind),
            )*
        }

        /// Every kind, in the order `kubectl apply` takes them in one pass: the Namespace
        /// first, then what constrains the namespace, identities and configuration, then
        /// the network rules and the workloads that use them.
        pub(crate) const KINDS: &[KindSpec] = &[
            $(KindSpec {
                kind: stringify!($kind),
                template: $template,
                read: |text| read(text, Object::$kind),
            },)*
        ];

        impl Object {
            /// The object's kind, such as `Deployment`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Object::$kind(_) => stringify!($kind),)*
                }
            }

            /// The object's metadata.
            pub fn metadata(&self) -> &ObjectMeta {
                match self {
                    $(Object::$kind(o) => &o.metadata,)*
                }
            }

            pub(crate) fn metadata_mut(&mut self) -> &mut ObjectMeta {
                match self {
                    $(Object::$kind(o) => &mut o.metadata,)*
                }
            }
        }
    };
}

kinds! {
    Namespace => "namespace.yaml.j2",
    ResourceQuota => "resourcequota.yaml.j2",
    LimitRange => "limitrange.yaml.j2",
    ServiceAccount => "serviceaccount.yaml.j2",
    ConfigMap => "configmap.yaml.j2",
    Secret => "secret.yaml.j2",
    ExternalSecret => "externalsecret.yaml.j2",
    NetworkPolicy => "networkpolicy.yaml.j2",
    Service => "service.yaml.j2",
    Deployment => "deployment.yaml.j2",
    PodDisruptionBudget => "poddisruptionbudget.yaml.j2",
    ServiceMonitor => "servicemonitor.yaml.j2",
    CronJob => "cronjob.yaml.j2",
}

/// Deserializes `text` as `T`, with the paths of the fields `T` does not have (k8s-openapi
/// would drop them silently), in path order. The text is read by the profiles' strict YAML
/// reader (YAML 1.2 core schema; duplicate keys, anchors and tags refused), straight into
/// the type.
fn read<T: DeserializeOwned>(text: &str, wrap: fn(T) -> Object) -> Result<Read, String> {
    let (object, mut unknown_fields) =
        axisor_yaml::from_yaml_reporting_unknown("rendered", text).map_err(describe)?;
    unknown_fields.sort();
    Ok(Read {
        object: wrap(object),
        unknown_fields,
    })
}

fn describe(d: axisor_yaml::Diagnostic) -> String {
    let place = if d.path.is_empty() {
        String::new()
    } else {
        format!(" {}", d.path)
    };
    format!(
        "line {}, column {}{place}: {}",
        d.location.line, d.location.column, d.message
    )
}

/// Splits a template's output into YAML documents at `---` lines; a template may render
/// several objects of its kind, or none. Each document ends in a newline, as in a file.
pub(crate) fn documents(text: &str) -> Vec<Cow<'_, str>> {
    documents_with_lines(text)
        .into_iter()
        .map(|(_, document)| document)
        .collect()
}

/// [`documents`], each with the line (from 1) of the text it starts on.
pub(crate) fn documents_with_lines(text: &str) -> Vec<(usize, Cow<'_, str>)> {
    let mut documents = Vec::new();
    let (mut start, mut line_start) = (0, 0);
    // A `---` that begins a line and is alone on it (trailing blanks aside).
    while line_start < text.len() {
        let rest = &text.as_bytes()[line_start..];
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| line_start + i + 1);
        if rest.starts_with(b"---") && text[line_start + 3..end].trim_end().is_empty() {
            documents.push((start, &text[start..line_start]));
            start = end;
        }
        line_start = end;
    }
    documents.push((start, &text[start..]));
    let (mut line, mut counted) = (1, 0);
    documents
        .into_iter()
        .filter(|(_, d)| {
            d.lines().any(|l| {
                let l = l.trim();
                !l.is_empty() && !l.starts_with('#')
            })
        })
        .map(|(start, d)| {
            line += text[counted..start].matches('\n').count();
            counted = start;
            let d = match d.ends_with('\n') {
                true => Cow::Borrowed(d),
                false => Cow::Owned(format!("{d}\n")),
            };
            (line, d)
        })
        .collect()
}

impl Object {
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

#[cfg(test)]
mod tests {
    use super::{documents, documents_with_lines};

    #[test]
    fn documents_split_at_lines_that_are_only_three_dashes() {
        let text =
            "---\na: 1\n--- \r\nb: 2\n----\nc: 3\n  ---\nd: 4\n---\n# only a comment\n---\n\ne: 5";
        assert_eq!(
            documents(text),
            ["a: 1\n", "b: 2\n----\nc: 3\n  ---\nd: 4\n", "\ne: 5\n"]
        );
        assert_eq!(documents("a: 1"), ["a: 1\n"]);
        assert!(documents("").is_empty());
        assert!(documents("---\n---\n").is_empty());
        let lines: Vec<usize> = documents_with_lines(text).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 4, 12]);
    }
}
