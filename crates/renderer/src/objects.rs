//! The table of kinds: every kind of object a template may print, in the order `kubectl
//! apply` takes them in one pass, each read back into its Kubernetes 1.37 type (k8s-openapi)
//! or, for a custom resource, its type written from the CRD. A template names the kind of
//! each document with `apiVersion` and `kind`; `read_back.rs` looks them up here.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::admissionregistration::v1::{
    MutatingAdmissionPolicy, MutatingAdmissionPolicyBinding, MutatingWebhookConfiguration,
    ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding, ValidatingWebhookConfiguration,
};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, LimitRange, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec,
    PodTemplate, PodTemplateSpec, ReplicationController, ResourceQuota, Secret, Service,
    ServiceAccount,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::flowcontrol::v1::{FlowSchema, PriorityLevelConfiguration};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass, NetworkPolicy};
use k8s_openapi::api::node::v1::RuntimeClass;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::api::resource::v1::{DeviceClass, ResourceClaim, ResourceClaimTemplate};
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::api::storage::v1::{CSIDriver, StorageClass, VolumeAttributesClass};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{NamespaceResourceScope, Resource};
use serde::Serialize;

use crate::external_secret::ExternalSecret;
use crate::prometheus_rule::PrometheusRule;
use crate::service_monitor::ServiceMonitor;

/// A kind of the table: what `apiVersion` and `kind` a document writes to be read as it.
pub(crate) struct KindSpec {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// The API group (empty for the core group) and the plural kubectl names it by.
    pub group: &'static str,
    pub plural: &'static str,
}

/// Declares [`Object`], its accessors, [`KINDS`] and `deserialize_kind` from one list of
/// types, in apply order. Each type gives its apiVersion and kind through
/// `k8s_openapi::Resource`.
macro_rules! kinds {
    ($($kind:ident,)*) => {
        /// One checked Kubernetes object. Boxed: the types are kilobytes each (a
        /// Deployment's pod spec inline), and a render moves each object several times
        /// (out of the reader, into the manifest, through the sort into apply order).
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Object {
            $(
                #[doc = concat!("A ", stringify!($kind), ".")]
                $kind(Box<$kind>),
            )*
        }

        /// Every kind a template may print, in the order `kubectl apply` takes them in one
        /// pass: the Namespace first, then what constrains the namespace, identities and
        /// configuration, the network rules, and the workloads and what watches them.
        pub(crate) const KINDS: &[KindSpec] = &[
            $(KindSpec {
                api_version: <$kind as Resource>::API_VERSION,
                kind: <$kind as Resource>::KIND,
                group: <$kind as Resource>::GROUP,
                plural: <$kind as Resource>::URL_PATH_SEGMENT,
            },)*
        ];

        /// Reads the document `deserializer` holds as the type of `api_version` and
        /// `kind`; `None` when the table has no such kind.
        pub(crate) fn deserialize_kind<'de, D: serde::Deserializer<'de>>(
            api_version: &str,
            kind: &str,
            deserializer: D,
        ) -> Result<Option<Object>, D::Error> {
            $(
                if kind == <$kind as Resource>::KIND && api_version == <$kind as Resource>::API_VERSION {
                    let object = <$kind as serde::Deserialize>::deserialize(deserializer)?;
                    return Ok(Some(Object::$kind(Box::new(object))));
                }
            )*
            Ok(None)
        }

        impl Object {
            /// The object's kind, such as `Deployment`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Object::$kind(_) => <$kind as Resource>::KIND,)*
                }
            }

            /// The object's apiVersion, such as `apps/v1`.
            pub fn api_version(&self) -> &'static str {
                match self {
                    $(Object::$kind(_) => <$kind as Resource>::API_VERSION,)*
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

            /// Whether objects of this kind live in a namespace (all but the Namespace).
            pub(crate) fn namespaced(&self) -> bool {
                match self {
                    $(Object::$kind(_) => std::any::TypeId::of::<<$kind as Resource>::Scope>()
                        == std::any::TypeId::of::<NamespaceResourceScope>(),)*
                }
            }

            /// Where the object comes in apply order: its kind's place in the table.
            pub(crate) fn apply_rank(&self) -> usize {
                let (api_version, kind) = (self.api_version(), self.kind());
                // Every variant is in the table (one list makes both); no panic either way.
                KINDS
                    .iter()
                    .position(|k| k.kind == kind && k.api_version == api_version)
                    .unwrap_or(KINDS.len())
            }
        }
    };
}

kinds! {
    Namespace,
    // What the cluster offers the namespace's objects, before anything uses it.
    PriorityClass,
    ResourceQuota,
    LimitRange,
    StorageClass,
    VolumeAttributesClass,
    CSIDriver,
    RuntimeClass,
    IngressClass,
    DeviceClass,
    PriorityLevelConfiguration,
    FlowSchema,
    // Identities and configuration.
    ServiceAccount,
    ClusterRole,
    ClusterRoleBinding,
    Role,
    RoleBinding,
    ConfigMap,
    Secret,
    ExternalSecret,
    PersistentVolume,
    PersistentVolumeClaim,
    ResourceClaimTemplate,
    ResourceClaim,
    // The network, then the workloads and what watches them.
    NetworkPolicy,
    Service,
    EndpointSlice,
    PodTemplate,
    Pod,
    ReplicationController,
    ReplicaSet,
    Deployment,
    StatefulSet,
    DaemonSet,
    HorizontalPodAutoscaler,
    PodDisruptionBudget,
    Ingress,
    ServiceMonitor,
    PrometheusRule,
    Job,
    CronJob,
    // Admission last: a webhook or policy applied before the objects it judges could
    // refuse them, or call a Service that does not run yet.
    ValidatingAdmissionPolicy,
    ValidatingAdmissionPolicyBinding,
    MutatingAdmissionPolicy,
    MutatingAdmissionPolicyBinding,
    ValidatingWebhookConfiguration,
    MutatingWebhookConfiguration,
}

/// What the table holds, for a message about `api_version` `kind`, which it lacks: the
/// apiVersion it reads `kind` as, if it has the kind; else the kinds it has of the same API
/// group; else where the whole table is listed (it is too long for one message).
pub(crate) fn known_kinds(api_version: &str, kind: &str) -> String {
    if let Some(known) = KINDS.iter().find(|k| k.kind == kind) {
        return format!("{kind} is read as apiVersion `{}`", known.api_version);
    }
    let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
    let same_group: Vec<String> = KINDS
        .iter()
        .filter(|k| k.group == group)
        .map(|k| format!("{} {}", k.api_version, k.kind))
        .collect();
    if same_group.is_empty() {
        format!(
            "the renderer reads no kind of API group `{group}`; docs/rendering.md (\"Adding a kind\") lists the {} kinds it reads",
            KINDS.len()
        )
    } else {
        format!(
            "of API group `{group}` the renderer reads {} (docs/rendering.md, \"Adding a kind\")",
            same_group.join(", ")
        )
    }
}

/// Splits a template's output into YAML documents at `---` lines; a template may render
/// several objects of its kind, or none. Each document ends in a newline, as in a file.
pub(crate) fn documents(text: &str) -> Vec<Cow<'_, str>> {
    documents_with_lines(text)
        .into_iter()
        .map(|(_, document)| document)
        .collect()
}

/// [`documents`], each with the line (from 1) of the text it starts on. The text is
/// searched for `---` rather than walked line by line: a render splits every template's
/// output, and a search per line was 2% of its instructions.
pub(crate) fn documents_with_lines(text: &str) -> Vec<(usize, Cow<'_, str>)> {
    let mut documents = Vec::new();
    let (mut start, mut start_line) = (0, 1);
    for (separator, next) in separators(text) {
        push_document(&mut documents, &text[start..separator], start_line);
        start_line += text.as_bytes()[start..next]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        start = next;
    }
    push_document(&mut documents, &text[start..], start_line);
    documents
}

/// Each line that is `---` alone (trailing blanks aside): where it starts, and where the
/// line after it starts.
fn separators(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.match_indices("---").filter_map(|(at, _)| {
        let starts_line = at == 0 || text.as_bytes()[at - 1] == b'\n';
        let rest = &text[at + 3..];
        let line_end = rest.find('\n').map_or(text.len(), |i| at + 3 + i + 1);
        let alone = text[at + 3..line_end].trim_end().is_empty();
        (starts_line && alone).then_some((at, line_end))
    })
}

/// Keeps `document` if it holds more than blank lines and comments, ending in a newline
/// as a file does.
fn push_document<'a>(documents: &mut Vec<(usize, Cow<'a, str>)>, document: &'a str, line: usize) {
    let content = document.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !line.starts_with('#')
    });
    if !content {
        return;
    }
    let document = match document.ends_with('\n') {
        true => Cow::Borrowed(document),
        false => Cow::Owned(format!("{document}\n")),
    };
    documents.push((line, document));
}

impl Object {
    /// The pods of a kind that runs or describes them (a Pod, or a pod template:
    /// Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, PodTemplate,
    /// Job, CronJob): their spec with its field path, and their labels.
    pub(crate) fn pods(&self) -> Option<Pods<'_>> {
        match self {
            Object::Pod(o) => Some(Pods {
                path: "spec",
                labels: o.metadata.labels.as_ref(),
                spec: o.spec.as_ref()?,
            }),
            Object::PodTemplate(o) => Pods::of("template.spec", o.template.as_ref()),
            Object::Deployment(o) => Pods::of("spec.template.spec", Some(&o.spec.template)),
            Object::StatefulSet(o) => Pods::of("spec.template.spec", Some(&o.spec.template)),
            Object::DaemonSet(o) => Pods::of("spec.template.spec", Some(&o.spec.template)),
            Object::ReplicaSet(o) => Pods::of("spec.template.spec", o.spec.template.as_ref()),
            Object::ReplicationController(o) => {
                Pods::of("spec.template.spec", o.spec.as_ref()?.template.as_ref())
            }
            Object::Job(o) => Pods::of("spec.template.spec", Some(&o.spec.as_ref()?.template)),
            Object::CronJob(o) => Pods::of(
                "spec.jobTemplate.spec.template.spec",
                Some(&o.spec.job_template.spec.as_ref()?.template),
            ),
            _ => None,
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

/// The pods an object runs or describes (see [`Object::pods`]).
pub(crate) struct Pods<'a> {
    /// The field path of their spec, such as `spec.template.spec`.
    pub path: &'static str,
    /// Their labels, which Services and budgets select.
    pub labels: Option<&'a BTreeMap<String, String>>,
    pub spec: &'a PodSpec,
}

impl<'a> Pods<'a> {
    /// A pod template's pods, if the template and its spec are there.
    fn of(path: &'static str, template: Option<&'a PodTemplateSpec>) -> Option<Self> {
        let template = template?;
        Some(Pods {
            path,
            labels: template.metadata.as_ref().and_then(|m| m.labels.as_ref()),
            spec: template.spec.as_ref()?,
        })
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
        assert_eq!(documents("a: 1\n---"), ["a: 1\n"]);
        assert_eq!(
            documents("a: 1\n--- # x\nb: ---\n"),
            ["a: 1\n--- # x\nb: ---\n"]
        );
        assert!(documents("").is_empty());
        assert!(documents("---\n---\n").is_empty());
        let lines: Vec<usize> = documents_with_lines(text).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 4, 12]);
    }
}
