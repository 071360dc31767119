//! The rules of each kind beyond its metadata, after `pkg/apis/{apps,batch,core,policy,
//! networking}/validation`; the function each mirrors is named at the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{LimitRange, ResourceQuota, Service};
use k8s_openapi::api::networking::v1::{NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::formats::{config_key, non_negative_quantity, port_name};
use super::{Found, autoscaling, custom_resources, ingress, metadata, pod};
use crate::objects::Object;

pub(crate) fn check(object: &Object, found: &mut Found) {
    match object {
        Object::Deployment(d) => deployment(d, found),
        Object::CronJob(c) => cron_job(c, found),
        Object::Service(s) => service(s, found),
        Object::PodDisruptionBudget(p) => disruption_budget(p, found),
        Object::NetworkPolicy(n) => network_policy(n, found),
        Object::ResourceQuota(q) => resource_quota(q, found),
        Object::LimitRange(l) => limit_range(l, found),
        Object::ServiceMonitor(m) => custom_resources::service_monitor(m, found),
        Object::ExternalSecret(e) => custom_resources::external_secret(e, found),
        Object::PrometheusRule(r) => custom_resources::prometheus_rule(r, found),
        Object::HorizontalPodAutoscaler(h) => autoscaling::check(h, found),
        Object::Ingress(i) => ingress::check(i, found),
        Object::ConfigMap(c) => {
            let keys = c.data.iter().flat_map(BTreeMap::keys);
            let binary = c.binary_data.iter().flat_map(BTreeMap::keys);
            data_keys(&"data", keys.chain(binary), found);
        }
        Object::Secret(s) => {
            let keys = s.data.iter().flat_map(BTreeMap::keys);
            let strings = s.string_data.iter().flat_map(BTreeMap::keys);
            data_keys(&"data", keys.chain(strings), found);
        }
        // Kinds without rules of their own: the pod-spec rules where they hold a pod or
        // a pod template (ValidatePodSpec, ValidatePodTemplateSpec), with the restart
        // policies the pod or its controller takes.
        other => {
            if let Some(pods) = other.pods() {
                let restart = match other {
                    Object::Job(_) => &["OnFailure", "Never"][..],
                    Object::Pod(_) | Object::PodTemplate(_) => &["Always", "OnFailure", "Never"],
                    _ => &["Always"][..],
                };
                pod::check(pods.spec, &pods.path, restart, found);
            }
        }
    }
}

/// ValidateConfigMap / ValidateSecret: every key IsConfigMapKey, and no key twice.
fn data_keys<'a>(path: &dyn Display, keys: impl Iterator<Item = &'a String>, found: &mut Found) {
    let mut seen = BTreeSet::new();
    for key in keys {
        found.invalid(&format_args!("{path}[{key}]"), key, config_key(key));
        if !seen.insert(key) {
            found.duplicate(&format_args!("{path}[{key}]"), key);
        }
    }
}

/// ValidateDeploymentSpec: replicas and history at least 0; a selector that is not empty
/// and selects the template's labels; a known strategy; the pod template
/// (ValidatePodTemplateSpecForDeployment: restartPolicy Always).
fn deployment(deployment: &Deployment, found: &mut Found) {
    let spec = &deployment.spec;
    if let Some(replicas) = spec.replicas {
        pod::non_negative(&"spec.replicas", i64::from(replicas), found);
    }
    for (field, value) in [
        ("spec.minReadySeconds", spec.min_ready_seconds),
        ("spec.revisionHistoryLimit", spec.revision_history_limit),
    ] {
        if let Some(value) = value {
            pod::non_negative(&field, i64::from(value), found);
        }
    }
    let empty = BTreeMap::new();
    let labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref())
        .unwrap_or(&empty);
    selector(&"spec.selector", Some(&spec.selector), labels, found);
    metadata::labels(&"spec.template.metadata.labels", Some(labels), found);
    if let Some(strategy) = &spec.strategy {
        let kind = strategy.type_.as_deref().unwrap_or("RollingUpdate");
        if !["Recreate", "RollingUpdate"].contains(&kind) {
            found.unsupported(&"spec.strategy.type", kind, &["Recreate", "RollingUpdate"]);
        }
        if kind == "Recreate" && strategy.rolling_update.is_some() {
            found.add(
                &"spec.strategy.rollingUpdate",
                "Forbidden: may not be specified when strategy `type` is 'Recreate'",
            );
        }
    }
    match &spec.template.spec {
        Some(pod) => pod::check(pod, &"spec.template.spec", &["Always"], found),
        None => found.required(&"spec.template.spec"),
    }
}

/// ValidateLabelSelector and the controllers' rule that it selects the template:
/// `selector` must be set, not empty, and match the template's labels.
fn selector(
    path: &dyn Display,
    selector: Option<&LabelSelector>,
    labels: &BTreeMap<String, String>,
    found: &mut Found,
) {
    let Some(selector) = selector else {
        return found.required(path);
    };
    let no_labels = selector
        .match_labels
        .as_ref()
        .is_none_or(BTreeMap::is_empty);
    let no_expressions = selector
        .match_expressions
        .as_ref()
        .is_none_or(Vec::is_empty);
    if no_labels && no_expressions {
        return found.add(
            path,
            "Invalid value: empty selector is invalid for deployment",
        );
    }
    metadata::label_selector(path, selector, found);
    if !metadata::selects(selector, labels) {
        found.add(
            &"spec.template.metadata.labels",
            "Invalid value: `selector` does not match template `labels`",
        );
    }
}

/// ValidateCronJobSpec: a known concurrency policy, history limits and the starting
/// deadline at least 0, the job template (ValidateJobTemplateSpec: restartPolicy OnFailure
/// or Never; activeDeadlineSeconds, backoffLimit in range).
fn cron_job(cron_job: &CronJob, found: &mut Found) {
    let spec = &cron_job.spec;
    // validateScheduleFormat: the five fields (or a macro such as `@daily`) that the API
    // server's cron parser takes, read by the profiles' own schedule rule.
    if spec.schedule.trim().is_empty() {
        found.required(&"spec.schedule");
    } else if let Err(message) = spec.schedule.parse::<axisor_profile::Schedule>() {
        found.add(&"spec.schedule", format!("Invalid value: {message}"));
    }
    // validateTimeZone: a zone the API server's time zone database holds.
    if let Some(zone) = spec.time_zone.as_deref()
        && zone.parse::<axisor_profile::TimeZone>().is_err()
    {
        found.add(
            &"spec.timeZone",
            format!("Invalid value: {zone:?}: unknown time zone {zone}"),
        );
    }
    let policies = ["Allow", "Forbid", "Replace"];
    found.one_of(
        &"spec.concurrencyPolicy",
        spec.concurrency_policy.as_deref(),
        &policies,
    );
    for (field, value) in [
        (
            "spec.successfulJobsHistoryLimit",
            spec.successful_jobs_history_limit.map(i64::from),
        ),
        (
            "spec.failedJobsHistoryLimit",
            spec.failed_jobs_history_limit.map(i64::from),
        ),
        (
            "spec.startingDeadlineSeconds",
            spec.starting_deadline_seconds,
        ),
    ] {
        if let Some(value) = value {
            pod::non_negative(&field, value, found);
        }
    }
    let Some(job) = &spec.job_template.spec else {
        return found.required(&"spec.jobTemplate.spec");
    };
    let at = "spec.jobTemplate.spec";
    if let Some(seconds) = job.active_deadline_seconds
        && seconds <= 0
    {
        found.add(
            &format_args!("{at}.activeDeadlineSeconds"),
            format!("Invalid value: {seconds}: must be greater than or equal to 1"),
        );
    }
    for (field, value) in [
        ("backoffLimit", job.backoff_limit),
        ("parallelism", job.parallelism),
        ("completions", job.completions),
    ] {
        if let Some(value) = value {
            pod::non_negative(&format_args!("{at}.{field}"), i64::from(value), found);
        }
    }
    match &job.template.spec {
        Some(pod) => pod::check(
            pod,
            &format_args!("{at}.template.spec"),
            &["OnFailure", "Never"],
            found,
        ),
        None => found.required(&format_args!("{at}.template.spec")),
    }
}

/// ValidateService: at least one port (but for headless ExternalName), port names IANA
/// service names and unique (and required when there are several), numbers 1-65535,
/// no (port, protocol) twice, known protocols, target ports in range or named.
fn service(service: &Service, found: &mut Found) {
    let Some(spec) = &service.spec else {
        return found.required(&"spec");
    };
    let ports = spec.ports.as_deref().unwrap_or_default();
    let kinds = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    let kind = spec.type_.as_deref().unwrap_or("ClusterIP");
    if !kinds.contains(&kind) {
        found.unsupported(&"spec.type", kind, &kinds);
    }
    if ports.is_empty() && kind != "ExternalName" {
        found.required(&"spec.ports");
    }
    let mut names = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for (index, port) in ports.iter().enumerate() {
        let at = format_args!("spec.ports[{index}]");
        match port.name.as_deref() {
            Some(name) if !name.is_empty() => {
                found.invalid(&format_args!("{at}.name"), name, port_name(name));
                if !names.insert(name) {
                    found.duplicate(&format_args!("{at}.name"), name);
                }
            }
            _ if ports.len() > 1 => found.required(&format_args!("{at}.name")),
            _ => {}
        }
        pod::number(&format_args!("{at}.port"), port.port, found);
        let protocol = port.protocol.as_deref().unwrap_or("TCP");
        pod::protocol(&format_args!("{at}.protocol"), Some(protocol), found);
        if !numbers.insert((port.port, protocol)) {
            found.duplicate(&at, format!("{}/{protocol}", port.port));
        }
        match &port.target_port {
            Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n)) => {
                pod::number(&format_args!("{at}.targetPort"), *n, found);
            }
            Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(name)) => {
                found.invalid(&format_args!("{at}.targetPort"), name, port_name(name));
            }
            None => {}
        }
    }
    if let Some(selector) = &spec.selector {
        metadata::labels(&"spec.selector", Some(selector), found);
    }
}

/// ValidatePodDisruptionBudgetSpec: a valid label selector; minAvailable or maxUnavailable, not both; integers at
/// least 0, percentages at most 100%.
fn disruption_budget(budget: &PodDisruptionBudget, found: &mut Found) {
    let Some(spec) = &budget.spec else {
        return;
    };
    if let Some(selector) = &spec.selector {
        metadata::label_selector(&"spec.selector", selector, found);
    }
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        found.add(
            &"spec",
            "Invalid value: minAvailable and maxUnavailable cannot be both set",
        );
    }
    for (field, value) in [
        ("spec.minAvailable", &spec.min_available),
        ("spec.maxUnavailable", &spec.max_unavailable),
    ] {
        match value {
            Some(IntOrString::Int(n)) => pod::non_negative(&field, i64::from(*n), found),
            Some(IntOrString::String(text)) => {
                let percent = text
                    .strip_suffix('%')
                    .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|d| d.parse::<u64>().ok());
                match percent {
                    None => found.add(
                        &field,
                        format!("Invalid value: {text:?}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')"),
                    ),
                    Some(p) if p > 100 => found.add(
                        &field,
                        format!("Invalid value: {text:?}: must not be greater than 100%"),
                    ),
                    Some(_) => {}
                }
            }
            None => {}
        }
    }
}

/// ValidateNetworkPolicySpec: the pod selector, policy types Ingress or Egress, and each
/// rule's ports (protocols known, numbers in range) and peers.
fn network_policy(policy: &NetworkPolicy, found: &mut Found) {
    let Some(spec) = &policy.spec else {
        return;
    };
    if let Some(selector) = &spec.pod_selector {
        metadata::label_selector(&"spec.podSelector", selector, found);
    }
    let types = ["Ingress", "Egress"];
    for (index, kind) in spec.policy_types.iter().flatten().enumerate() {
        if !types.contains(&kind.as_str()) {
            found.unsupported(&format_args!("spec.policyTypes[{index}]"), kind, &types);
        }
    }
    let ingress = spec.ingress.iter().flatten().enumerate();
    let egress = spec.egress.iter().flatten().enumerate();
    let rules = ingress
        .map(|(i, r)| {
            (
                format!("spec.ingress[{i}]"),
                r.ports.as_deref(),
                ("from", r.from.as_deref()),
            )
        })
        .chain(egress.map(|(i, r)| {
            (
                format!("spec.egress[{i}]"),
                r.ports.as_deref(),
                ("to", r.to.as_deref()),
            )
        }));
    for (at, ports, (peers_field, peers)) in rules {
        for (index, port) in ports.unwrap_or_default().iter().enumerate() {
            network_policy_port(&format_args!("{at}.ports[{index}]"), port, found);
        }
        for (index, peer) in peers.unwrap_or_default().iter().enumerate() {
            network_policy_peer(&format_args!("{at}.{peers_field}[{index}]"), peer, found);
        }
    }
}

/// ValidateNetworkPolicyPort: a known protocol; a port number in range or a port name.
fn network_policy_port(at: &dyn Display, port: &NetworkPolicyPort, found: &mut Found) {
    pod::protocol(
        &format_args!("{at}.protocol"),
        port.protocol.as_deref(),
        found,
    );
    match &port.port {
        Some(IntOrString::Int(n)) => pod::number(&format_args!("{at}.port"), *n, found),
        Some(IntOrString::String(name)) => {
            found.invalid(&format_args!("{at}.port"), name, port_name(name));
        }
        None => {}
    }
}

/// ValidateNetworkPolicyPeer: a pod or namespace selector (valid label selectors), or an
/// ipBlock alone.
fn network_policy_peer(at: &dyn Display, peer: &NetworkPolicyPeer, found: &mut Found) {
    for (field, selector) in [
        ("podSelector", &peer.pod_selector),
        ("namespaceSelector", &peer.namespace_selector),
    ] {
        if let Some(selector) = selector {
            metadata::label_selector(&format_args!("{at}.{field}"), selector, found);
        }
    }
    let selectors = peer.pod_selector.is_some() || peer.namespace_selector.is_some();
    match (selectors, peer.ip_block.is_some()) {
        (false, false) => found.add(at, "Required value: must specify a peer"),
        (true, true) => found.add(at, "Forbidden: may not specify more than 1 peer type"),
        _ => {}
    }
}

/// The names IsStandardQuotaResourceName knows (pkg/apis/core/helper), besides hugepages.
const QUOTA_RESOURCES: [&str; 19] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "services.nodeports",
    "services.loadbalancers",
];

/// ValidateResourceQuotaSpec: known scopes (validateResourceQuotaScopes); in `hard`,
/// resource names the quota system tracks (ValidateResourceQuotaResourceName: standard,
/// hugepages, or domain-qualified such as `count/deployments.apps`) and amounts at least 0
/// (ValidateResourceQuantityValue).
fn resource_quota(quota: &ResourceQuota, found: &mut Found) {
    let hard = quota.spec.as_ref().and_then(|s| s.hard.as_ref());
    for (name, amount) in hard.into_iter().flatten() {
        let at = format_args!("spec.hard[{name}]");
        let hugepages = name.starts_with("hugepages-") || name.starts_with("requests.hugepages-");
        if name.contains('/') {
            found.invalid(&format_args!("{at}"), name, super::formats::label_key(name));
        } else if !QUOTA_RESOURCES.contains(&name.as_str()) && !hugepages {
            found.add(
                &at,
                format!("Invalid value: {name:?}: must be a standard resource for quota"),
            );
        }
        if let Err(message) = non_negative_quantity(&amount.0) {
            found.invalid(&at, &amount.0, vec![message]);
        }
    }
    let scopes = [
        "Terminating",
        "NotTerminating",
        "BestEffort",
        "NotBestEffort",
        "PriorityClass",
        "CrossNamespacePodAffinity",
        "VolumeAttributesClass",
    ];
    let given = quota.spec.as_ref().and_then(|s| s.scopes.as_ref());
    for (index, scope) in given.into_iter().flatten().enumerate() {
        if !scopes.contains(&scope.as_str()) {
            found.unsupported(&format_args!("spec.scopes[{index}]"), scope, &scopes);
        }
    }
}

/// ValidateLimitRange: for each resource of an item, min <= defaultRequest <= default <=
/// max, in the API server's words.
fn limit_range(range: &LimitRange, found: &mut Found) {
    let items = range
        .spec
        .as_ref()
        .map(|s| &s.limits[..])
        .unwrap_or_default();
    for (index, item) in items.iter().enumerate() {
        let at = format_args!("spec.limits[{index}]");
        let fields = [
            ("min", "min", item.min.as_ref()),
            (
                "defaultRequest",
                "default request",
                item.default_request.as_ref(),
            ),
            ("default", "default", item.default.as_ref()),
            ("max", "max", item.max.as_ref()),
        ];
        let resources: BTreeSet<&String> = fields
            .iter()
            .flat_map(|(_, _, map)| map.iter().flat_map(|m| m.keys()))
            .collect();
        for resource in resources {
            // Each lower bound against each later upper bound, as the API server pairs them.
            for (low, (_, low_words, low_map)) in fields.iter().enumerate() {
                for (field, high_words, high_map) in &fields[low + 1..] {
                    if let (Some((low_text, low_q)), Some((high_text, high_q))) =
                        (bound(*low_map, resource), bound(*high_map, resource))
                        && low_q > high_q
                    {
                        let high_words = match *high_words {
                            "default" if *low_words == "default request" => "default limit",
                            words => words,
                        };
                        found.add(
                            &format_args!("{at}.{field}[{resource}]"),
                            format!("Invalid value: {low_text:?}: {low_words} value {low_text} is greater than {high_words} value {high_text}"),
                        );
                    }
                }
            }
        }
    }
}

/// A LimitRange bound for `resource`: as written, and its value.
fn bound<'a>(
    map: Option<&'a BTreeMap<String, Quantity>>,
    resource: &str,
) -> Option<(&'a str, i128)> {
    let text = map?.get(resource)?;
    Some((text.0.as_str(), super::formats::quantity(&text.0).ok()?))
}
