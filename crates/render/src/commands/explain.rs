//! `render explain ENV`: a short human summary of an environment, as a two-column table,
//! or with `-o json` an object with the same rows.

use std::path::Path;

use axisor_profile::{
    Catalog, DeployMode, GitOpsSource, Profile, Resources, SecretSource, Spread, Workload,
};

use crate::flags::Format;

/// The summary `render explain ENV` prints, with the secret source the flags chose.
/// JSON is one object: each row's label (spaces as `_`) and its text.
pub(crate) fn explain(
    profile: &Profile,
    catalog: &Catalog,
    source: SecretSource,
    secrets_file: Option<&Path>,
    format: Format,
) -> anyhow::Result<String> {
    let rows = vec![
        ("environment", profile.name.to_string()),
        ("namespace", profile.namespace.to_string()),
        ("cluster", cluster(profile)),
        ("version", version(profile)),
        ("promotion", chain(profile, catalog)),
        ("deployed by", deployed_by(profile)),
        ("gitops", gitops(profile)),
        ("quota", quota(profile)),
        (
            "limits",
            format!(
                "containers default to requests {} and limits {}",
                pair(&profile.limit_range.default_request),
                pair(&profile.limit_range.default)
            ),
        ),
        ("backend", workload(profile, &profile.workloads.backend)),
        ("frontend", workload(profile, &profile.workloads.frontend)),
        ("ingress", ingress(profile)),
        (
            "monitoring",
            format!(
                "scraped every {} at :{}{} (ServiceMonitor in {})",
                profile.monitoring.interval,
                profile.app.prometheus_port,
                profile.monitoring.path,
                profile.monitoring.namespace
            ),
        ),
        (
            "backup",
            format!(
                "{} {} ({}), to {}",
                profile.backup.schedule,
                profile.backup.time_zone,
                profile.backup.schedule.describe(),
                profile.backup.destination
            ),
        ),
        ("alerts", alerts(profile)),
        ("secrets", secrets(profile, source, secrets_file)),
        (
            "app",
            format!(
                "NODE_ENV={} LOG_LEVEL={} RATE_LIMIT_MAX={} JWT_EXPIRES_IN={}",
                serde_name(&profile.app.node_env),
                serde_name(&profile.app.log_level),
                profile.app.rate_limit_max,
                profile.app.jwt_expires_in
            ),
        ),
    ];
    if format == Format::Json {
        let object: serde_json::Map<String, serde_json::Value> = rows
            .into_iter()
            .map(|(k, v)| (k.replace(' ', "_"), v.into()))
            .collect();
        return Ok(serde_json::to_string_pretty(&object)? + "\n");
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    Ok(rows
        .iter()
        .map(|(k, v)| format!("{k:<width$}  {v}\n"))
        .collect())
}

fn chain(profile: &Profile, catalog: &Catalog) -> String {
    let names: Vec<String> = catalog
        .promotion_chain()
        .into_iter()
        .map(|n| {
            if n == profile.name.as_str() {
                format!("[{n}]")
            } else {
                n.to_owned()
            }
        })
        .collect();
    names.join(" -> ")
}

fn pair(r: &Resources) -> String {
    format!("{} CPU / {}", r.cpu, r.memory)
}

fn quota(p: &Profile) -> String {
    let q = &p.quota;
    format!(
        "requests {}, limits {}, {} pods, {} services, {} volume claims",
        pair(&q.requests),
        pair(&q.limits),
        q.pods,
        q.services,
        q.persistent_volume_claims
    )
}

fn workload(p: &Profile, w: &Workload) -> String {
    let spread = match p.spread(w) {
        Spread::None => "",
        Spread::Nodes => ", spread across nodes",
        Spread::NodesAndZones => ", spread across nodes and zones",
    };
    let scaling = match &w.autoscaling {
        Some(a) => format!(
            " (scaled up to {} at {}% CPU / {}% memory of the requests)",
            a.max_replicas, a.cpu_utilization, a.memory_utilization
        ),
        None => String::new(),
    };
    format!(
        "{} x{}{scaling}{spread}, requests {}, limits {}",
        p.image(w),
        w.replicas,
        pair(&w.resources.requests),
        pair(&w.resources.limits)
    )
}

/// Where the frontend is reached from outside, or that it is not.
fn ingress(p: &Profile) -> String {
    let Some(ingress) = &p.ingress else {
        return "none (no Ingress; the profile sets no `ingress`)".to_owned();
    };
    let api = match ingress.api_paths.as_slice() {
        [] => String::new(),
        paths => format!("; {} to the backend", paths.join(", ")),
    };
    format!(
        "{} through IngressClass {}, certificate from ClusterIssuer {}{api}",
        p.app.cors_origin, ingress.class, ingress.cluster_issuer
    )
}

/// When the PrometheusRule's alerts fire.
fn alerts(p: &Profile) -> String {
    let a = &p.monitoring.alerts;
    format!(
        "backup failed or none for {}, replicas missing for {}, more than {} restarts in {}, metrics target down for {} (PrometheusRule in {})",
        a.backup_max_age,
        a.replicas_missing_for,
        a.restarts,
        a.restarts_window,
        a.target_down_for,
        p.monitoring.namespace
    )
}

fn secrets(p: &Profile, source: SecretSource, file: Option<&Path>) -> String {
    let keys = p.secrets.keys.len();
    if let (SecretSource::Values, Some(file)) = (source, file) {
        return format!("{keys} keys from {} (a Secret)", file.display());
    }
    match (source, &p.secrets.external) {
        (SecretSource::External, Some(external)) => format!(
            "{keys} keys from {:?} {}, key {} (ExternalSecret)",
            external.store.kind, external.store.name, external.key
        ),
        (SecretSource::Placeholders, _) => {
            format!("{keys} keys from documented local placeholders (development only)")
        }
        (SecretSource::External, None) => {
            format!("{keys} keys; the profile names no secret store, so rendering fails")
        }
        (SecretSource::Values, _) => format!(
            "{keys} keys given at render time (AXISOR_SECRET_<KEY> or --secrets-file; a Secret)"
        ),
    }
}

/// An enum's name as profiles write it (`warn`, `production`).
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What deploys this environment in the generated deploy workflow.
fn deployed_by(profile: &Profile) -> String {
    let mut ways = Vec::new();
    if !profile.branches.is_empty() {
        ways.push(format!("pushes to {}", profile.branches.join(", ")));
    }
    if let Some(previews) = &profile.previews {
        ways.push(format!(
            "promotion; pull requests get previews of it (render preview --pr N, namespace axisor-pr-N, expiring after {})",
            previews.ttl
        ));
    }
    if ways.is_empty() {
        ways.push("promotion only".to_owned());
    }
    ways.join("; ")
}

/// Who applies the environment, and what a GitOps controller pulls and how it syncs.
fn gitops(profile: &Profile) -> String {
    let g = &profile.gitops;
    let what = match g.source {
        GitOpsSource::Hydrated => format!("{}/{}", g.path, profile.name),
        GitOpsSource::Plugin => "what the Argo CD plugin renders".to_owned(),
    };
    let sync = match (g.sync.automated, g.sync.self_heal) {
        (true, true) => "automated, undoing changes made by hand",
        (true, false) => "automated",
        (false, _) => "manual (a person syncs)",
    };
    let prune = if g.sync.prune { ", pruning" } else { "" };
    let pulled = format!(
        "{what} of {} at {}, sync {sync}{prune}",
        g.repository, g.branch
    );
    match g.mode {
        DeployMode::Push => format!(
            "push (make apply); in pull mode a controller would apply {pulled} (render gitops)"
        ),
        DeployMode::Pull => {
            format!("pull: a controller applies {pulled} (render gitops); make apply refuses")
        }
    }
}

/// The API server, and the kubeconfig context when the profile names one.
fn cluster(profile: &Profile) -> String {
    match &profile.cluster.context {
        Some(context) => format!("{} (kubeconfig context {context})", profile.cluster.server),
        None => format!(
            "{} (the current kubeconfig context, checked)",
            profile.cluster.server
        ),
    }
}

/// The version, and the rollback on record that put it in place.
fn version(profile: &Profile) -> String {
    match &profile.rollback {
        Some(r) => format!(
            "{} (rolled back from {}: {})",
            profile.version, r.from, r.reason
        ),
        None => profile.version.to_string(),
    }
}
