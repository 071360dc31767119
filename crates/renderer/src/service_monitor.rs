//! A typed prometheus-operator ServiceMonitor (`monitoring.coreos.com/v1`), written from
//! the operator's CRD for the fields this renderer uses. Unknown fields are caught like those
//! of built-in kinds; `make test` also checks every rendered ServiceMonitor against the
//! pinned npm package `@kubernetes-models/prometheus-operator`
//! (scripts/check_custom_resources.mjs).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
/// A typed monitoring.coreos.com/v1 ServiceMonitor, for the fields the renderer writes.
pub struct ServiceMonitor {
    /// Always `monitoring.coreos.com/v1`.
    pub api_version: ApiVersion,
    /// Always `ServiceMonitor`.
    pub kind: Kind,
    /// The object's metadata.
    pub metadata: ObjectMeta,
    /// Which Services to scrape, and how.
    pub spec: ServiceMonitorSpec,
}

/// Only `monitoring.coreos.com/v1` reads as this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiVersion {
    #[serde(rename = "monitoring.coreos.com/v1")]
    V1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    ServiceMonitor,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceMonitorSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<NamespaceSelector>,
    pub selector: LabelSelector,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamespaceSelector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scrape_timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honor_labels: Option<bool>,
}

crate::custom_resource!(
    ServiceMonitor,
    "monitoring.coreos.com",
    "v1",
    "servicemonitors"
);
