//! Rules across the fields of one profile. Each broken rule is a violation at a field
//! path; the loader turns paths into file locations.

mod gitops;

use std::collections::HashSet;

use crate::profile::{Autoscaling, NodeEnv, Profile, Resources, SecretSource, Workload};
use crate::types::{PlainUrl, Quantity};

/// A broken rule: the field it is about and a message that says what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The dotted field path, such as `quota.limits.cpu`.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

fn violation(path: impl Into<String>, message: impl Into<String>) -> Violation {
    Violation {
        path: path.into(),
        message: message.into(),
    }
}

/// Every rule that one profile breaks, in a fixed order.
pub fn check(profile: &Profile) -> Vec<Violation> {
    let mut found = Vec::new();
    check_limit_range(profile, &mut found);
    check_quota(profile, &mut found);
    check_urls(profile, &mut found);
    check_rollback(profile, &mut found);
    check_app(profile, &mut found);
    check_secrets(profile, &mut found);
    check_workloads(profile, &mut found);
    check_monitoring(profile, &mut found);
    check_alerts(profile, &mut found);
    check_ingress(profile, &mut found);
    check_backup(profile, &mut found);
    check_quota_fits_workloads(profile, &mut found);
    gitops::check(profile, &mut found);
    found
}

/// `smaller.cpu <= larger.cpu` and the same for memory.
fn at_most(
    smaller: (&str, &Resources),
    larger: (&str, &Resources),
    rule: &str,
    found: &mut Vec<Violation>,
) {
    let pairs = [
        ("cpu", &smaller.1.cpu, &larger.1.cpu),
        ("memory", &smaller.1.memory, &larger.1.memory),
    ];
    for (field, small, large) in pairs {
        if small > large {
            found.push(violation(
                format!("{}.{field}", smaller.0),
                format!(
                    "{small} is more than {}.{field} ({large}); expected {rule}",
                    larger.0
                ),
            ));
        }
    }
}

fn check_limit_range(p: &Profile, found: &mut Vec<Violation>) {
    let range = &p.limit_range;
    at_most(
        ("limit_range.default_request", &range.default_request),
        ("limit_range.default", &range.default),
        "the LimitRange's defaultRequest <= its default",
        found,
    );
    at_most(
        ("limit_range.default", &range.default),
        ("quota.limits", &p.quota.limits),
        "the LimitRange's default <= the ResourceQuota's limits",
        found,
    );
}

fn check_quota(p: &Profile, found: &mut Vec<Violation>) {
    at_most(
        ("quota.requests", &p.quota.requests),
        ("quota.limits", &p.quota.limits),
        "the ResourceQuota's requests <= its limits",
        found,
    );
}

fn check_urls(p: &Profile, found: &mut Vec<Violation>) {
    let mut scheme = |path: &str, url: &PlainUrl, allowed: &[&str]| {
        if !allowed.contains(&url.scheme()) {
            found.push(violation(
                path,
                format!(
                    "the scheme `{}` is not allowed here; expected {}",
                    url.scheme(),
                    allowed.join(" or ")
                ),
            ));
        }
    };
    scheme("cluster.server", &p.cluster.server, &["https"]);
    scheme("database.url", &p.database.url, &["postgresql", "postgres"]);
    scheme("redis.url", &p.redis.url, &["redis", "rediss"]);
    scheme("backup.destination", &p.backup.destination, &["s3"]);
    scheme("app.cors_origin", &p.app.cors_origin, &["https", "http"]);
    scheme(
        "app.ln_markets.api_url",
        &p.app.ln_markets.api_url,
        &["https"],
    );
    scheme(
        "app.ln_markets.testnet_api_url",
        &p.app.ln_markets.testnet_api_url,
        &["https"],
    );
    if let Some(context) = &p.cluster.context
        && (context.is_empty() || context.contains(char::is_whitespace))
    {
        found.push(violation(
            "cluster.context",
            "expected the name of a kubeconfig context, without spaces, such as `axisor-staging`",
        ));
    }
    if p.database.url.path().is_empty() || p.database.url.path().contains('/') {
        found.push(violation(
            "database.url",
            "expected the database name as the URL's path, such as `postgresql://axisor-db:5432/axisor`",
        ));
    }
    if !p.backup.destination.as_str().ends_with('/') || p.backup.destination.host().is_none() {
        found.push(violation(
            "backup.destination",
            "expected a bucket and prefix ending in `/`, such as `s3://axisor-backups/production/`; dumps are uploaded under it",
        ));
    }
    if !p.app.cors_origin.is_origin() {
        found.push(violation(
            "app.cors_origin",
            "expected an origin (scheme, host and port only, no path or trailing `/`), such as `https://app.axisor.com`",
        ));
    }
}

/// A rollback on record describes the version the profile runs.
fn check_rollback(p: &Profile, found: &mut Vec<Violation>) {
    let Some(rollback) = &p.rollback else {
        return;
    };
    if rollback.version != p.version {
        found.push(violation(
            "rollback.version",
            format!(
                "`{}` is not the profile's version `{}`; expected the version the rollback put in place (a plain promotion removes the record)",
                rollback.version, p.version
            ),
        ));
    }
    if rollback.reason.trim().is_empty() {
        found.push(violation(
            "rollback.reason",
            "expected why the rollback was made",
        ));
    }
}

fn check_app(p: &Profile, found: &mut Vec<Violation>) {
    if p.app.port == p.app.prometheus_port {
        found.push(violation(
            "app.prometheus_port",
            format!(
                "{} is also app.port; expected the metrics port to differ from the HTTP port",
                p.app.port
            ),
        ));
    }
    if !p.monitoring.path.starts_with('/') {
        found.push(violation(
            "monitoring.path",
            "expected an absolute HTTP path such as `/metrics`",
        ));
    }
    let user = &p.database.user;
    if user.is_empty() || user.contains([':', '@', '/']) || user.chars().any(char::is_whitespace) {
        found.push(violation(
            "database.user",
            "expected a database user name without `:`, `@`, `/` or spaces",
        ));
    }
}

fn check_secrets(p: &Profile, found: &mut Vec<Violation>) {
    check_placeholders(p, found);
    if p.secrets.keys.is_empty() {
        found.push(violation(
            "secrets.keys",
            "expected at least one secret key name",
        ));
    }
    let mut seen = HashSet::new();
    for (index, key) in p.secrets.keys.iter().enumerate() {
        if !seen.insert(key) {
            found.push(violation(
                "secrets.keys",
                format!("`{key}` is listed twice (entry {index}); expected each key once"),
            ));
        }
    }
}

/// Placeholders make a local cluster work out of the box; anywhere else they would be
/// weak, published credentials.
fn check_placeholders(p: &Profile, found: &mut Vec<Violation>) {
    check_source(p, found);
    let Some(placeholders) = &p.secrets.local_placeholders else {
        return;
    };
    let path = "secrets.local_placeholders";
    if p.app.node_env != NodeEnv::Development {
        found.push(violation(
            path,
            "local placeholders are for development only (app.node_env: development); expected this environment's secrets to come from its secret source",
        ));
        return;
    }
    let missing: Vec<&str> = p
        .secrets
        .keys
        .iter()
        .filter(|k| !placeholders.contains_key(*k))
        .map(|k| k.as_str())
        .collect();
    let extra: Vec<&str> = placeholders
        .keys()
        .filter(|k| !p.secrets.keys.contains(k))
        .map(|k| k.as_str())
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        found.push(violation(
            path,
            format!(
                "expected exactly the keys of secrets.keys; missing: [{}], not in secrets.keys: [{}]",
                missing.join(", "),
                extra.join(", ")
            ),
        ));
    }
}

/// The chosen source must have what it needs.
fn check_source(p: &Profile, found: &mut Vec<Violation>) {
    let secrets = &p.secrets;
    match secrets.source {
        SecretSource::Placeholders if secrets.local_placeholders.is_none() => found.push(violation(
            "secrets.source",
            "`placeholders` needs secrets.local_placeholders; expected `external` or `values` otherwise",
        )),
        SecretSource::External => match &secrets.external {
            None => found.push(violation(
                "secrets.source",
                "`external` needs secrets.external (the store, the remote key and a property per key)",
            )),
            Some(external) => {
                // The operator reads refreshInterval as a Go duration (time.ParseDuration),
                // which has no days or weeks; the ExternalSecret would never sync.
                let interval = external.refresh_interval.as_str();
                if interval.contains(['d', 'w']) {
                    found.push(violation(
                        "secrets.external.refresh_interval",
                        format!("`{interval}` uses days or weeks, which the external-secrets operator cannot read (a Go duration); expected hours, minutes or seconds, such as `24h` or `1h30m`"),
                    ));
                }
                if external.key.trim().is_empty() {
                    found.push(violation("secrets.external.key", "expected the remote secret's key, such as `axisor/production`"));
                }
                let missing: Vec<&str> = secrets.keys.iter().filter(|k| !external.properties.contains_key(*k)).map(|k| k.as_str()).collect();
                let extra: Vec<&str> = external.properties.keys().filter(|k| !secrets.keys.contains(k)).map(|k| k.as_str()).collect();
                if !missing.is_empty() || !extra.is_empty() {
                    found.push(violation(
                        "secrets.external.properties",
                        format!(
                            "expected exactly the keys of secrets.keys; missing: [{}], not in secrets.keys: [{}]",
                            missing.join(", "),
                            extra.join(", ")
                        ),
                    ));
                }
            }
        },
        _ => {}
    }
}

fn workloads(p: &Profile) -> [(&'static str, &Workload); 2] {
    [
        ("backend", &p.workloads.backend),
        ("frontend", &p.workloads.frontend),
    ]
}

fn check_workloads(p: &Profile, found: &mut Vec<Violation>) {
    if p.workloads.backend.port.is_some() {
        found.push(violation(
            "workloads.backend.port",
            "the backend listens on app.port (PORT); expected no port here",
        ));
    }
    if p.workloads.frontend.port.is_none() {
        found.push(violation(
            "workloads.frontend",
            "missing field `port`; expected the HTTP port the frontend container serves",
        ));
    }
    for (name, workload) in workloads(p) {
        let base = format!("workloads.{name}");
        if !workload.health_path.starts_with('/') {
            found.push(violation(
                format!("{base}.health_path"),
                "expected an absolute HTTP path such as `/health`",
            ));
        }
        if workload.replicas == 0 {
            found.push(violation(
                format!("{base}.replicas"),
                "expected at least 1 replica",
            ));
        }
        if let Some(autoscaling) = &workload.autoscaling {
            check_autoscaling(&base, workload.replicas, autoscaling, found);
        }
        let requests = format!("{base}.resources.requests");
        let limits = format!("{base}.resources.limits");
        let resources = &workload.resources;
        at_most(
            (&requests, &resources.requests),
            (&limits, &resources.limits),
            "a container's requests <= its limits",
            found,
        );
        at_most(
            (&limits, &resources.limits),
            ("limit_range.default", &p.limit_range.default),
            "workloads inside the LimitRange (limits <= its default)",
            found,
        );
    }
}

/// ValidateHorizontalPodAutoscalerSpec: maxReplicas at least minReplicas (`replicas`),
/// and a target utilization above 0.
fn check_autoscaling(base: &str, replicas: u32, a: &Autoscaling, found: &mut Vec<Violation>) {
    if a.max_replicas < replicas.max(1) {
        found.push(violation(
            format!("{base}.autoscaling.max_replicas"),
            format!("expected at least `replicas` ({replicas}), the autoscaler's minimum"),
        ));
    }
    for (field, value) in [
        ("cpu_utilization", a.cpu_utilization),
        ("memory_utilization", a.memory_utilization),
    ] {
        if value == 0 {
            found.push(violation(
                format!("{base}.autoscaling.{field}"),
                "expected a target above 0 percent of the requests, such as 70",
            ));
        }
    }
}

/// An Ingress serves `app.cors_origin`'s host over TLS, so the origin must be https, and
/// every API path an absolute path prefix.
fn check_ingress(p: &Profile, found: &mut Vec<Violation>) {
    let Some(ingress) = &p.ingress else {
        return;
    };
    if p.app.cors_origin.scheme() != "https" || p.app.cors_origin.port() != Some(443) {
        found.push(violation(
            "app.cors_origin",
            "with an ingress, the frontend's origin is its host over TLS; expected `https://<host>` without a port",
        ));
    }
    for (index, path) in ingress.api_paths.iter().enumerate() {
        let bad = !path.starts_with('/')
            || path == "/"
            || path.ends_with('/')
            || path.contains("//")
            || path.contains(char::is_whitespace);
        if bad {
            found.push(violation(
                format!("ingress.api_paths[{index}]"),
                "expected an absolute path prefix other than `/`, without a trailing `/`, such as `/api`",
            ));
        }
    }
}

/// The alerts' windows must be ones Prometheus reads, and a backup is only overdue once
/// the longest gap between two runs of its schedule and the run's deadline have passed.
fn check_alerts(p: &Profile, found: &mut Vec<Violation>) {
    let alerts = &p.monitoring.alerts;
    match p.backup.schedule.longest_gap() {
        None => found.push(violation(
            "backup.schedule",
            format!(
                "`{}` never runs (no such day in any year); expected a schedule that runs",
                p.backup.schedule
            ),
        )),
        Some(gap) if alerts.backup_max_age.as_std() <= gap + p.backup.deadline.as_std() => {
            found.push(violation(
                "monitoring.alerts.backup_max_age",
                format!(
                    "expected longer than the longest gap between two runs of the backup's schedule `{}` ({}s) plus its deadline ({})",
                    p.backup.schedule,
                    gap.as_secs(),
                    p.backup.deadline.as_str()
                ),
            ));
        }
        Some(_) => {}
    }
    if alerts.restarts == 0 {
        found.push(violation(
            "monitoring.alerts.restarts",
            "expected at least 1: the alert fires above this many restarts",
        ));
    }
    if alerts.runbooks.scheme() != "https" {
        found.push(violation(
            "monitoring.alerts.runbooks",
            "expected an https URL of the runbooks page",
        ));
    }
}

fn check_monitoring(p: &Profile, found: &mut Vec<Violation>) {
    let selector = &p.monitoring.prometheus_selector;
    if selector.is_empty() {
        found.push(violation(
            "monitoring.prometheus_selector",
            "expected at least one label, the one the cluster's Prometheus selects ServiceMonitors by",
        ));
    }
    check_labels("monitoring.prometheus_selector", selector, found);
}

fn check_backup(p: &Profile, found: &mut Vec<Violation>) {
    let access = &p.backup.s3_access;
    let path = "backup.s3_access";
    match (&access.service_account_annotations, &access.secret_keys) {
        (Some(annotations), None) => {
            for key in annotations.keys() {
                if !is_label_key(key) {
                    found.push(violation(
                        format!("{path}.service_account_annotations"),
                        format!("`{key}` is not an annotation key; expected `prefix/name` such as `eks.amazonaws.com/role-arn`"),
                    ));
                }
            }
        }
        (None, Some(keys)) => {
            for key in keys {
                if !p.secrets.keys.contains(key) {
                    found.push(violation(
                        format!("{path}.secret_keys"),
                        format!("`{key}` is not in secrets.keys; expected the names of keys the Secret holds"),
                    ));
                }
            }
        }
        _ => found.push(violation(
            path,
            "expected exactly one of `service_account_annotations` (a workload identity) or `secret_keys`",
        )),
    }
    let region = &p.backup.region;
    if region.is_empty()
        || !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        found.push(violation(
            "backup.region",
            "expected a region name such as `eu-west-1`",
        ));
    }
}

/// Kubernetes label syntax: `[prefix/]name` keys, values of at most 63 characters.
fn check_labels(
    path: &str,
    labels: &std::collections::BTreeMap<String, String>,
    found: &mut Vec<Violation>,
) {
    for (key, value) in labels {
        if !is_label_key(key) || !(value.is_empty() || is_label_name(value)) {
            found.push(violation(
                path,
                format!("`{key}: {value}` is not a Kubernetes label; expected `[prefix/]name: value` of letters, digits, `-`, `_`, `.`, at most 63 characters each"),
            ));
        }
    }
}

fn is_label_key(key: &str) -> bool {
    match key.rsplit_once('/') {
        Some((prefix, name)) => {
            prefix.len() <= 253
                && prefix
                    .split('.')
                    .all(|l| l.parse::<crate::types::Name>().is_ok())
                && is_label_name(name)
        }
        None => is_label_name(key),
    }
}

fn is_label_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge = |b: &u8| b.is_ascii_alphanumeric();
    (1..=63).contains(&bytes.len())
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes
            .iter()
            .all(|b| edge(b) || matches!(b, b'-' | b'_' | b'.'))
}

/// Rolling updates start one extra pod per Deployment before stopping an old one, and the
/// backup Job's pod gets the LimitRange defaults: all of it must fit in the quota, or pods
/// are refused in the middle of a rollout.
fn check_quota_fits_workloads(p: &Profile, found: &mut Vec<Violation>) {
    let range = &p.limit_range;
    // (pods, per-pod requests, per-pod limits) for everything that runs at once.
    let mut groups = vec![(
        "backup".to_owned(),
        1u64,
        &range.default_request,
        &range.default,
    )];
    for (name, workload) in workloads(p) {
        let r = &workload.resources;
        // An autoscaled workload may run its maximum, and roll out from there.
        let pods = u64::from(workload.max_replicas()) + 1;
        groups.push((name.to_owned(), pods, &r.requests, &r.limits));
    }
    type Pick = fn(&Resources) -> &Quantity;
    let dimensions: [(&str, &Quantity, bool, Pick); 4] = [
        ("quota.requests.cpu", &p.quota.requests.cpu, false, |r| {
            &r.cpu
        }),
        (
            "quota.requests.memory",
            &p.quota.requests.memory,
            false,
            |r| &r.memory,
        ),
        ("quota.limits.cpu", &p.quota.limits.cpu, true, |r| &r.cpu),
        ("quota.limits.memory", &p.quota.limits.memory, true, |r| {
            &r.memory
        }),
    ];
    for (path, quota, use_limits, pick) in dimensions {
        let per_group = groups.iter().map(|(name, pods, requests, limits)| {
            let each = pick(if use_limits { limits } else { requests });
            (name, *pods, each)
        });
        // Saturating: absurd replica counts must give an error, not an overflow.
        let needed = per_group.clone().fold(0i128, |sum, (_, n, each)| {
            sum.saturating_add(i128::from(n).saturating_mul(each.nanos()))
        });
        if needed > quota.nanos() {
            let parts: Vec<String> = per_group
                .map(|(name, n, each)| format!("{name} {n} × {each}"))
                .collect();
            found.push(violation(
                path,
                format!(
                    "{quota} is less than a rollout needs: {} = {}, counting each Deployment at its most replicas (an autoscaler's maximum) plus one surge pod; expected at least that",
                    parts.join(" + "),
                    Quantity::from_nanos(needed)
                ),
            ));
        }
    }
    let pods: u64 = groups.iter().map(|(_, n, _, _)| n).sum();
    if pods > u64::from(p.quota.pods) {
        let parts: Vec<String> = groups
            .iter()
            .map(|(name, n, _, _)| format!("{name} {n}"))
            .collect();
        found.push(violation(
            "quota.pods",
            format!(
                "{} is less than a rollout needs: {} = {pods} pods, counting each Deployment at its most replicas (an autoscaler's maximum) plus one surge pod; expected at least {pods}",
                p.quota.pods,
                parts.join(" + ")
            ),
        ));
    }
}
