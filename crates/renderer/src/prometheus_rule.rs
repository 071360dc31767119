//! A typed prometheus-operator PrometheusRule (`monitoring.coreos.com/v1`), written from the
//! operator's CRD for the fields this renderer uses: groups of alerting rules. Unknown fields
//! are caught like those of built-in kinds; `make test` also checks every rendered
//! PrometheusRule against the pinned npm package `@kubernetes-models/prometheus-operator`
//! (scripts/check_custom_resources.mjs).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
/// A typed monitoring.coreos.com/v1 PrometheusRule, for the fields the renderer writes.
pub struct PrometheusRule {
    /// Always `monitoring.coreos.com/v1`.
    pub api_version: ApiVersion,
    /// Always `PrometheusRule`.
    pub kind: Kind,
    /// The object's metadata.
    pub metadata: ObjectMeta,
    /// The groups of rules.
    pub spec: PrometheusRuleSpec,
}

/// Only `monitoring.coreos.com/v1` reads as this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiVersion {
    #[serde(rename = "monitoring.coreos.com/v1")]
    V1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    PrometheusRule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrometheusRuleSpec {
    pub groups: Vec<RuleGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleGroup {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    pub rules: Vec<Rule>,
}

/// An alerting rule (`alert`) or a recording rule (`record`), never both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The PromQL expression (the CRD takes an integer too; templates write strings).
    pub expr: String,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "for")]
    pub for_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_firing_for: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
}

crate::custom_resource!(
    PrometheusRule,
    "monitoring.coreos.com",
    "v1",
    "prometheusrules"
);
