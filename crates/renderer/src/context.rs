//! What templates see: the profile's fields at the top level, plus values derived from
//! them (object names, components with their labels and ports, the database endpoint,
//! development's Secret data).

use std::collections::BTreeMap;

use axisor_profile::preview::Preview;
use axisor_profile::{PlainUrl, Profile, Resources, SecretStoreRef, Workload};
use serde::Serialize;

use crate::secrets::Secrets;

/// The application's name, the prefix of most object names.
pub const APP: &str = "axisor";

#[derive(Serialize)]
pub(crate) struct Context<'a> {
    #[serde(flatten)]
    profile: &'a Profile,
    names: Names,
    components: Components,
    ports: Ports,
    database_endpoint: Endpoint<'a>,
    backup_deadline_seconds: u64,
    /// Secret data to render, by key; `None` where no values are at hand.
    secret_data: Option<BTreeMap<String, String>>,
    /// True when `secret_data` holds development's placeholders.
    secret_placeholders: bool,
    /// The ExternalSecret to render, where the source is `external`.
    external_secret: Option<ExternalSecretContext>,
    /// Where the ServiceMonitor lives: the monitoring namespace, or a preview's own (so
    /// deleting the preview's namespace removes it too).
    service_monitor_namespace: String,
    /// False for previews without a backup: no CronJob, its ServiceAccount or policy.
    backup_enabled: bool,
    /// Set when rendering a pull request's preview.
    preview: Option<PreviewContext>,
    /// The frontend's host, where the profile has an ingress: the host of CORS_ORIGIN.
    ingress_host: Option<String>,
    /// The backup's age limit in seconds, for the alert that compares it with time().
    backup_max_age_seconds: u64,
}

#[derive(Serialize)]
struct PreviewContext {
    /// The Namespace's creation time and expiry.
    annotations: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct ExternalSecretContext {
    store: SecretStoreRef,
    key: String,
    refresh_interval: String,
    data: Vec<ExternalItem>,
    /// The operator's Go template for DATABASE_URL, URL-encoding the password.
    database_url_template: String,
}

#[derive(Serialize)]
struct ExternalItem {
    secret_key: String,
    property: String,
}

/// Object names, in the platform's pattern (`axisor-prod-quota`).
#[derive(Serialize)]
struct Names {
    config_map: String,
    quota: String,
    limit_range: String,
    service_monitor: String,
    prometheus_rule: String,
    backup: String,
    ingress: String,
    tls_secret: String,
}

#[derive(Serialize)]
struct Components {
    backend: Component,
    frontend: Component,
    backup: Component,
}

/// One part of the application: its ServiceAccount, pods and (for workloads) Deployment
/// and Service share the name and the labels.
#[derive(Serialize)]
struct Component {
    /// `backend`, `frontend` or `backup`: the container's name.
    part: String,
    name: String,
    /// Pod labels: the standard ones plus the component.
    labels: BTreeMap<String, String>,
    /// The object's own label, beside the standard ones the renderer sets on every
    /// object's metadata (pod templates, which it does not touch, take `labels`).
    own_labels: BTreeMap<String, String>,
    /// The labels that select this component's pods.
    selector: BTreeMap<String, String>,
    image: Option<String>,
    replicas: u32,
    resources: Option<ResourcesPair>,
    ports: Vec<Port>,
    health_path: Option<String>,
    /// Annotations of the component's ServiceAccount.
    service_account_annotations: BTreeMap<String, String>,
    /// Topologies the pods are spread across; none for a single replica.
    spread: Vec<Spread>,
    autoscaling: Option<axisor_profile::Autoscaling>,
}

/// One topologySpreadConstraint: pods as even as one apart across `topology_key`.
#[derive(Serialize)]
struct Spread {
    topology_key: &'static str,
    /// `DoNotSchedule` across nodes (a second replica never joins the first while another
    /// node is free); `ScheduleAnyway` across zones, so a zone short of room slows no
    /// rollout.
    when_unsatisfiable: &'static str,
}

#[derive(Serialize)]
struct ResourcesPair {
    requests: BTreeMap<&'static str, String>,
    limits: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct Port {
    name: String,
    number: u16,
}

/// Ports the NetworkPolicies open.
#[derive(Serialize)]
struct Ports {
    database: u16,
    redis: u16,
}

#[derive(Serialize)]
struct Endpoint<'a> {
    host: &'a str,
    port: u16,
    name: &'a str,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        profile: &'a Profile,
        labels: &BTreeMap<String, String>,
        secrets: &Secrets,
        preview: Option<&Preview>,
    ) -> Context<'a> {
        let short = profile.short_name.as_str();
        let url = &profile.database.url;
        Context {
            profile,
            names: Names {
                config_map: format!("{APP}-config"),
                quota: format!("{APP}-{short}-quota"),
                limit_range: format!("{APP}-{short}-limits"),
                service_monitor: format!("{APP}-{short}-monitor"),
                prometheus_rule: format!("{APP}-{short}-alerts"),
                backup: format!("{short}-backup"),
                ingress: format!("{APP}-{short}"),
                tls_secret: format!("{APP}-{short}-tls"),
            },
            components: Components {
                backend: workload(profile, labels, "backend", &profile.workloads.backend),
                frontend: workload(profile, labels, "frontend", &profile.workloads.frontend),
                backup: backup(profile, labels),
            },
            ports: Ports {
                database: port_of(url, 5432),
                redis: port_of(&profile.redis.url, 6379),
            },
            database_endpoint: Endpoint {
                host: url.host().unwrap_or_default(),
                port: port_of(url, 5432),
                name: url.path(),
            },
            backup_deadline_seconds: profile.backup.deadline.as_std().as_secs(),
            secret_data: secret_data(profile, secrets),
            secret_placeholders: matches!(secrets, Secrets::Placeholders),
            external_secret: external_secret(profile, secrets),
            service_monitor_namespace: match preview {
                Some(_) => profile.namespace.to_string(),
                None => profile.monitoring.namespace.to_string(),
            },
            backup_enabled: preview.is_none_or(|p| p.backup),
            ingress_host: profile
                .ingress
                .as_ref()
                .and(profile.app.cors_origin.host())
                .map(str::to_owned),
            backup_max_age_seconds: profile.monitoring.alerts.backup_max_age.as_std().as_secs(),
            preview: preview.map(|p| PreviewContext {
                annotations: p
                    .annotations()
                    .into_iter()
                    .map(|(key, value)| (key, value.to_owned()))
                    .collect(),
            }),
        }
    }
}

fn port_of(url: &PlainUrl, default: u16) -> u16 {
    url.port().unwrap_or(default)
}

fn component(labels: &BTreeMap<String, String>, part: &str) -> Component {
    let mut selector = BTreeMap::new();
    selector.insert(
        "app.kubernetes.io/instance".to_owned(),
        labels["app.kubernetes.io/instance"].clone(),
    );
    selector.insert("app.kubernetes.io/component".to_owned(), part.to_owned());
    let mut all = labels.clone();
    all.extend(selector.clone());
    Component {
        part: part.to_owned(),
        name: format!("{APP}-{part}"),
        labels: all,
        own_labels: BTreeMap::from([("app.kubernetes.io/component".to_owned(), part.to_owned())]),
        selector,
        image: None,
        replicas: 1,
        resources: None,
        ports: Vec::new(),
        health_path: None,
        service_account_annotations: BTreeMap::new(),
        spread: Vec::new(),
        autoscaling: None,
    }
}

fn workload(
    profile: &Profile,
    labels: &BTreeMap<String, String>,
    part: &str,
    workload: &Workload,
) -> Component {
    let mut ports = vec![Port {
        name: "http".to_owned(),
        number: workload.port.unwrap_or(profile.app.port).get(),
    }];
    if part == "backend" {
        ports.push(Port {
            name: profile.monitoring.port_name.to_string(),
            number: profile.app.prometheus_port.get(),
        });
    }
    Component {
        image: Some(profile.image(workload)),
        replicas: workload.replicas,
        resources: Some(ResourcesPair {
            requests: resources(&workload.resources.requests),
            limits: resources(&workload.resources.limits),
        }),
        ports,
        health_path: Some(workload.health_path.clone()),
        spread: spread(profile.spread(workload)),
        autoscaling: workload.autoscaling.clone(),
        ..component(labels, part)
    }
}

/// The topologySpreadConstraints of a workload spread as the profile says.
fn spread(spread: axisor_profile::Spread) -> Vec<Spread> {
    let nodes = Spread {
        topology_key: "kubernetes.io/hostname",
        when_unsatisfiable: "DoNotSchedule",
    };
    let zones = Spread {
        topology_key: "topology.kubernetes.io/zone",
        when_unsatisfiable: "ScheduleAnyway",
    };
    match spread {
        axisor_profile::Spread::None => Vec::new(),
        axisor_profile::Spread::Nodes => vec![nodes],
        axisor_profile::Spread::NodesAndZones => vec![nodes, zones],
    }
}

/// The backup's containers get the LimitRange defaults, written out explicitly.
fn backup(profile: &Profile, labels: &BTreeMap<String, String>) -> Component {
    let range = &profile.limit_range;
    Component {
        resources: Some(ResourcesPair {
            requests: resources(&range.default_request),
            limits: resources(&range.default),
        }),
        service_account_annotations: profile
            .backup
            .s3_access
            .service_account_annotations
            .clone()
            .unwrap_or_default(),
        ..component(labels, "backup")
    }
}

fn resources(r: &Resources) -> BTreeMap<&'static str, String> {
    BTreeMap::from([("cpu", r.cpu.to_string()), ("memory", r.memory.to_string())])
}

/// The values to render into a Secret, plus DATABASE_URL built with the password
/// URL-encoded, so no ConfigMap ever holds a credential.
fn secret_data(profile: &Profile, secrets: &Secrets) -> Option<BTreeMap<String, String>> {
    let mut data: BTreeMap<String, String> = match secrets {
        Secrets::External => return None,
        Secrets::Placeholders => profile
            .secrets
            .local_placeholders
            .as_ref()?
            .iter()
            .map(|(key, value)| (key.to_string(), value.clone()))
            .collect(),
        Secrets::Values(values) => values
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    };
    if let Some(password) = data.get("DATABASE_PASSWORD").cloned() {
        let url = connection_string(profile, &password);
        data.insert("DATABASE_URL".to_owned(), url);
    }
    Some(data)
}

fn external_secret(profile: &Profile, secrets: &Secrets) -> Option<ExternalSecretContext> {
    if !matches!(secrets, Secrets::External) {
        return None;
    }
    let external = profile.secrets.external.as_ref()?;
    // Percent-encoding in Go's `urlquery` writes a space as `+`, which is literal in a
    // URL's user part; `%20` keeps it a space. A literal `+` was already encoded as `%2B`.
    const PASSWORD: &str = "PASSWORD-PLACEHOLDER";
    let template = connection_string(profile, PASSWORD).replace(
        PASSWORD,
        r#"{{ .DATABASE_PASSWORD | urlquery | replace "+" "%20" }}"#,
    );
    Some(ExternalSecretContext {
        store: external.store.clone(),
        key: external.key.clone(),
        refresh_interval: external.refresh_interval.to_string(),
        data: external
            .properties
            .iter()
            .map(|(key, property)| ExternalItem {
                secret_key: key.to_string(),
                property: property.clone(),
            })
            .collect(),
        database_url_template: template,
    })
}

/// `postgresql://user:password@host:port/database` with user and password
/// percent-encoded byte by byte (everything but `A-Z a-z 0-9 - . _ ~`), so any password
/// survives: `url::Url::set_password` leaves `%` as it is, which would corrupt `%41`.
fn connection_string(profile: &Profile, password: &str) -> String {
    let url = &profile.database.url;
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}:{}@{}{port}/{}",
        url.scheme(),
        encode_userinfo(&profile.database.user),
        encode_userinfo(password),
        url.host().unwrap_or_default(),
        url.path()
    )
}

fn encode_userinfo(text: &str) -> String {
    const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, RESERVED).to_string()
}
