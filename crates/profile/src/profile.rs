//! The typed profile of one environment: every value that differs between environments.

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::types::{
    Duration, EnvVarName, ImageReference, ImageRepository, ImageTag, Name, PlainUrl, PortName,
    Quantity, Schedule, TimeZone,
};

/// One environment's profile: `base.yaml` with the environment's file layered on top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The environment's name, taken from its file name (`production.yaml`).
    #[schemars(skip)]
    pub name: Name,
    /// Short form used in object names (`axisor-prod-quota`).
    pub short_name: Name,
    /// The namespace everything of this environment lives in.
    pub namespace: Name,
    /// The cluster this environment runs in; every target that touches a cluster checks
    /// first that it is talking to this one.
    pub cluster: Cluster,
    /// The version (image tag) this environment runs; promotion changes it here.
    pub version: ImageTag,
    /// Set by a forced promotion (`render promote --force ... --write`): this environment
    /// runs an older version than its predecessor, on purpose. The next plain promotion
    /// clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<Rollback>,
    /// Where this environment stands in the promotion chain, and what it may skip.
    pub promotion: Promotion,
    /// The application's settings, written into its ConfigMap.
    pub app: AppSettings,
    /// The PostgreSQL database the backend uses.
    pub database: Database,
    /// The Redis instance the backend uses.
    pub redis: Redis,
    /// The secret keys the backend needs, and where their values come from.
    pub secrets: Secrets,
    /// The namespace's ResourceQuota.
    pub quota: Quota,
    /// The namespace's LimitRange: defaults and bounds per container.
    pub limit_range: LimitRange,
    /// Prometheus scraping of the backend.
    pub monitoring: Monitoring,
    /// What the NetworkPolicies let in.
    pub network: Network,
    /// The Ingress that routes the frontend's host (the host of `app.cors_origin`) to
    /// the frontend, and API paths to the backend. Without it, no Ingress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Ingress>,
    /// The nightly database backup (a CronJob).
    pub backup: Backup,
    /// The backend and frontend Deployments.
    pub workloads: Workloads,
    /// Git branches whose pushes deploy this environment, as GitHub branch filters
    /// (`feature/**`, `main`); the generated deploy workflow follows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<String>,
    /// Pull-request previews rendered from this profile (`render preview --pr N`); at most
    /// one environment sets this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previews: Option<Previews>,
    /// How the environment is deployed: pushed by `make apply`, or pulled from git by Argo
    /// CD or Flux (`render gitops`, docs/gitops.md).
    pub gitops: GitOps,
}

/// A rollback on record: the version it put in place, the one it replaced, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    /// The version rolled back to; the profile's `version`.
    pub version: ImageTag,
    /// The version rolled back from.
    pub from: ImageTag,
    pub reason: String,
}

/// A Kubernetes cluster, as kubeconfig names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// The API server's URL, as kubeconfig's `clusters[].cluster.server` holds it
    /// (`https://kubernetes.staging.example:6443`).
    pub server: PlainUrl,
    /// The kubeconfig context to use. Without it, the current context is used, and its
    /// server must be `server` all the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// How a pull request's preview differs from the profile it is rendered from: its own
/// namespace (`axisor-pr-N`), fewer replicas, a smaller quota, a time to live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Previews {
    /// How long a preview lives after its last deployment; the deploy workflow removes
    /// expired ones.
    pub ttl: Duration,
    /// Replicas of each workload.
    pub replicas: u32,
    /// Whether previews run the nightly backup (`render preview --backup` turns it on).
    pub backup: bool,
    /// Each preview namespace's ResourceQuota.
    pub quota: Quota,
}

/// Where this environment stands in the promotion chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// Position in the chain; versions move from lower to higher. Leave gaps (10, 20, 30)
    /// so an environment can be inserted without renumbering.
    pub order: u32,
    /// This environment may receive a version from any earlier environment, skipping
    /// those between. Off unless set.
    #[serde(default)]
    pub allow_skip: bool,
}

/// The application's plain settings, rendered into ConfigMap `axisor-config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppSettings {
    /// NODE_ENV.
    pub node_env: NodeEnv,
    /// PORT: the backend's HTTP port.
    pub port: NonZeroU16,
    /// LOG_LEVEL.
    pub log_level: LogLevel,
    /// RATE_LIMIT_MAX: requests per client per window.
    pub rate_limit_max: u32,
    /// CORS_ORIGIN: one browser origin (scheme, host, port; no path).
    pub cors_origin: PlainUrl,
    /// PROMETHEUS_PORT: where the backend serves metrics.
    pub prometheus_port: NonZeroU16,
    /// JWT_EXPIRES_IN.
    pub jwt_expires_in: Duration,
    /// The LN Markets API endpoints the backend calls.
    pub ln_markets: LnMarkets,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
/// `NODE_ENV`, as the application reads it.
pub enum NodeEnv {
    /// `development`
    Development,
    /// `test`
    Test,
    /// `staging`
    Staging,
    /// `production`
    Production,
}

/// Log levels of the backend's logger (npm levels).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// `error`: errors only.
    Error,
    /// `warn`
    Warn,
    /// `info`
    Info,
    /// `http`
    Http,
    /// `verbose`
    Verbose,
    /// `debug`
    Debug,
    /// `silly`: everything.
    Silly,
}

/// LN Markets API endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LnMarkets {
    /// LN_MARKETS_API_URL (https).
    pub api_url: PlainUrl,
    /// LN_MARKETS_TESTNET_API_URL (https).
    pub testnet_api_url: PlainUrl,
}

/// The PostgreSQL database; its password is a secret key, never here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// `postgresql://host:port/database`, without credentials.
    pub url: PlainUrl,
    /// The user the backend and the backup connect as.
    pub user: String,
}

/// The Redis server; its password is a secret key, never here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redis {
    /// `redis://host:port` or `rediss://host:port`, without credentials.
    pub url: PlainUrl,
}

/// The secret the workloads read. Only key names live in profiles, never values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    /// Name of the Kubernetes Secret.
    pub name: Name,
    /// The keys it must hold.
    pub keys: Vec<EnvVarName>,
    /// Where the values come from unless `render --secrets` says otherwise.
    pub source: SecretSource,
    /// The secret store an ExternalSecret reads from (source `external`).
    #[serde(default)]
    pub external: Option<ExternalSecrets>,
    /// Development only: documented, non-secret values for a local cluster, one per key.
    /// Refused in any environment whose `app.node_env` is not `development`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_placeholders: Option<BTreeMap<EnvVarName, String>>,
}

/// Where secret values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SecretSource {
    /// An ExternalSecret: the cluster fetches the values; nothing secret is rendered.
    External,
    /// A Secret with values given at render time (environment variables or a file).
    Values,
    /// Development's documented placeholders (`local_placeholders`).
    Placeholders,
}

/// An external-secrets.io store and where each key lives in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalSecrets {
    /// The store the values are read from.
    pub store: SecretStoreRef,
    /// The remote secret holding the values, such as `axisor/production`.
    pub key: String,
    /// For each secret key, the property of the remote secret that holds its value.
    pub properties: BTreeMap<EnvVarName, String>,
    /// How often the cluster refetches the values.
    pub refresh_interval: Duration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// An external-secrets.io store, by kind and name.
pub struct SecretStoreRef {
    /// `SecretStore` (the namespace's) or `ClusterSecretStore`.
    pub kind: SecretStoreKind,
    /// The store's name.
    pub name: Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
/// The kinds of external-secrets.io stores.
pub enum SecretStoreKind {
    /// A store in the environment's namespace.
    SecretStore,
    /// A store of the whole cluster.
    ClusterSecretStore,
}

/// CPU and memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// CPU, such as `500m` or `2`.
    pub cpu: Quantity,
    /// Memory, such as `512Mi` or `4Gi`.
    pub memory: Quantity,
}

/// The namespace's ResourceQuota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// requests.cpu and requests.memory: the sum over all pods.
    pub requests: Resources,
    /// limits.cpu and limits.memory: the sum over all pods.
    pub limits: Resources,
    /// PersistentVolumeClaims at most.
    pub persistent_volume_claims: u32,
    /// Pods at most.
    pub pods: u32,
    /// Services at most.
    pub services: u32,
}

/// The namespace's LimitRange for containers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitRange {
    /// Limits given to containers that set none; also the ceiling for workloads here.
    pub default: Resources,
    /// Requests given to containers that set none.
    pub default_request: Resources,
}

/// Prometheus scraping of the backend (a prometheus-operator ServiceMonitor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Namespace of the ServiceMonitor (where the Prometheus operator looks).
    pub namespace: Name,
    /// Scrape interval.
    pub interval: Duration,
    /// Metrics path, starting with `/`.
    pub path: String,
    /// Name of the backend Service's metrics port.
    pub port_name: PortName,
    /// Labels the cluster's Prometheus selects ServiceMonitors and PrometheusRules by
    /// (`serviceMonitorSelector`, `ruleSelector`), such as `release: kube-prometheus-stack`.
    pub prometheus_selector: BTreeMap<String, String>,
    /// The thresholds of the environment's alerting rules (a PrometheusRule).
    pub alerts: Alerts,
}

/// When the alerting rules fire. Each alert's runbook is a section of `runbooks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alerts {
    /// The page holding a section per alert (`docs/runbooks.md` of this repository).
    pub runbooks: PlainUrl,
    /// A backup is overdue when the last success is older than this; longer than the
    /// schedule's longest gap between runs plus the run's deadline.
    pub backup_max_age: Duration,
    /// A Deployment may run fewer replicas than it wants for this long before it alerts.
    pub replicas_missing_for: Duration,
    /// A container restarting more than this many times within `restarts_window` alerts.
    pub restarts: u32,
    /// The window `restarts` are counted over.
    pub restarts_window: Duration,
    /// The backend's metrics target may be down for this long before it alerts.
    pub target_down_for: Duration,
}

/// How an environment reaches its cluster, and what a GitOps controller needs to pull it
/// from git: the repository and branch holding the hydrated manifests (`make hydrate`),
/// and the sync policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GitOps {
    /// `push`: the deploy workflow runs `make apply`. `pull`: a GitOps controller applies
    /// the environment's folder of hydrated manifests; `make apply` refuses, so two
    /// deployers never fight over one namespace.
    pub mode: DeployMode,
    /// The git repository controllers pull from (`https://`, no credentials).
    pub repository: PlainUrl,
    /// The branch controllers follow, such as `main`.
    pub branch: String,
    /// The repository folder `make hydrate` writes: an environment's manifests are in
    /// `<path>/<environment>`.
    pub path: String,
    /// What Argo CD applies: `hydrated`, the committed folder; or `plugin`, what the
    /// Config Management Plugin renders from the commit's profiles and templates, for
    /// repositories that do not commit hydrated manifests (Flux takes only the folder).
    pub source: GitOpsSource,
    /// When a controller applies what git holds.
    pub sync: SyncPolicy,
    /// Where the Argo CD objects live.
    pub argocd: ArgoCd,
    /// Where the Flux objects live and how often they look at git.
    pub flux: Flux,
}

impl GitOps {
    /// `(owner, repo)` when the repository is on GitHub, for Argo CD's pull-request
    /// generator.
    ///
    /// ```
    /// let catalog = axisor_profile::Catalog::load_dir("../../environments").unwrap();
    /// let gitops = &catalog.get("testing").unwrap().gitops;
    /// assert_eq!(gitops.github_repo(), Some(("axisor", "environments")));
    /// ```
    pub fn github_repo(&self) -> Option<(&str, &str)> {
        if self.repository.host() != Some("github.com") {
            return None;
        }
        let path = self.repository.path().trim_end_matches('/');
        let (owner, repo) = path.split_once('/')?;
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        };
        (plain(owner) && plain(repo)).then_some((owner, repo))
    }
}

/// Who applies an environment's manifests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeployMode {
    /// The deploy workflow, with `make apply`.
    Push,
    /// A GitOps controller in the cluster (Argo CD or Flux).
    Pull,
}

impl DeployMode {
    /// `push` or `pull`, as profiles write it.
    pub fn as_str(self) -> &'static str {
        match self {
            DeployMode::Push => "push",
            DeployMode::Pull => "pull",
        }
    }
}

/// Where a controller takes an environment's manifests from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GitOpsSource {
    /// The folder `make hydrate` writes and git holds.
    Hydrated,
    /// `render`, run by Argo CD's Config Management Plugin on the checkout.
    Plugin,
}

/// A controller's sync policy for one environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncPolicy {
    /// Apply every new commit without a person (false: a person syncs, as production does;
    /// Flux's Kustomization is then suspended until resumed).
    pub automated: bool,
    /// Delete objects that git no longer holds.
    pub prune: bool,
    /// Undo changes made in the cluster by hand (automated sync only).
    pub self_heal: bool,
}

/// Argo CD's side: the namespace it runs in, the AppProject the Applications belong to,
/// and the Secret holding a GitHub token for the preview ApplicationSet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgoCd {
    /// Argo CD's namespace, such as `argocd`.
    pub namespace: Name,
    /// The AppProject that limits the Applications to this repository and the
    /// environments' clusters and namespaces.
    pub project: Name,
    /// The Secret, in Argo CD's namespace, whose `token` key the pull-request generator
    /// reads GitHub with. Only its name lives here.
    pub github_token_secret: Name,
}

/// Flux's side: the namespace its objects live in and how often it reconciles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flux {
    /// Flux's namespace, such as `flux-system`.
    pub namespace: Name,
    /// How often Flux fetches the repository and re-applies the folder.
    pub interval: Duration,
    /// How long an apply, and the Deployments' health checks, may take.
    pub timeout: Duration,
}

/// How the frontend is reached from outside: one host, TLS from cert-manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ingress {
    /// The IngressClass whose controller serves it (`ingressClassName`).
    pub class: Name,
    /// The cert-manager ClusterIssuer that issues the host's certificate
    /// (`cert-manager.io/cluster-issuer`).
    pub cluster_issuer: Name,
    /// Path prefixes routed to the backend rather than the frontend, such as `/api`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_paths: Vec<String>,
}

/// Who may talk to the application, for its NetworkPolicies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Namespace of the ingress controller, the only one that may reach the frontend
    /// and the backend's HTTP port from outside.
    pub ingress_namespace: Name,
}

/// The nightly database backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// When the backup runs, in cron syntax (five fields or a macro such as `@daily`).
    pub schedule: Schedule,
    /// IANA time zone the schedule is read in, such as `Etc/UTC` (CronJob `timeZone`).
    pub time_zone: TimeZone,
    /// `s3://bucket/prefix/` the dumps are uploaded to.
    pub destination: PlainUrl,
    /// Region of the bucket (AWS_DEFAULT_REGION).
    pub region: String,
    /// Image that holds `pg_dump` (of the database's major version).
    pub dump_image: ImageReference,
    /// Image that holds the `aws` CLI.
    pub upload_image: ImageReference,
    /// How the upload gets S3 access: exactly one of the two ways.
    pub s3_access: S3Access,
    /// Successful and failed Jobs kept for inspection.
    pub history_limit: u32,
    /// A run taking longer is stopped and counts as failed.
    pub deadline: Duration,
}

/// S3 access for the backup upload. Never keys in the profile: either a workload identity
/// (annotations on the backup's ServiceAccount, such as `eks.amazonaws.com/role-arn`), or
/// the names of secret keys that hold `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3Access {
    #[serde(default)]
    /// Annotations for the backup's ServiceAccount that grant it the bucket through a workload identity (for example `eks.amazonaws.com/role-arn`).
    pub service_account_annotations: Option<BTreeMap<String, String>>,
    /// Keys of `secrets.keys`, passed to the upload as environment variables of the
    /// same names.
    #[serde(default)]
    pub secret_keys: Option<Vec<EnvVarName>>,
}

/// The application's workloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workloads {
    /// The API server.
    pub backend: Workload,
    /// The web frontend.
    pub frontend: Workload,
    /// Spread each workload of more than one replica across zones too
    /// (`topology.kubernetes.io/zone`), not only across nodes, which is always done.
    #[serde(default)]
    pub spread_across_zones: bool,
}

/// One Deployment: its image runs the environment's `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Image repository; the tag is the profile's `version`.
    pub image: ImageRepository,
    /// Replicas of the Deployment.
    pub replicas: u32,
    /// The container's requests and limits.
    pub resources: WorkloadResources,
    /// The HTTP port the container serves. The backend's is `app.port` (PORT), so only
    /// the frontend sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<NonZeroU16>,
    /// Path answered with 2xx when the container is ready and alive.
    pub health_path: String,
    /// Scale between `replicas` and a maximum by CPU and memory use (a
    /// HorizontalPodAutoscaler); the Deployment then leaves its replica count to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaling: Option<Autoscaling>,
}

/// A workload's autoscaling: `replicas` is the floor, `max_replicas` the ceiling, and
/// the targets are average use as a percentage of each container's requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Autoscaling {
    /// The most replicas the autoscaler may run; the ResourceQuota must hold them all.
    pub max_replicas: u32,
    /// Target average CPU use, in percent of the requests.
    pub cpu_utilization: u32,
    /// Target average memory use, in percent of the requests.
    pub memory_utilization: u32,
}

impl Workload {
    /// The most replicas the workload runs: the autoscaler's ceiling, or `replicas`.
    pub fn max_replicas(&self) -> u32 {
        self.autoscaling
            .as_ref()
            .map_or(self.replicas, |a| a.max_replicas.max(self.replicas))
    }
}

/// Per-container requests and limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadResources {
    /// What the scheduler reserves for the container.
    pub requests: Resources,
    /// What the container may use at most.
    pub limits: Resources,
}

/// Across which topologies a workload's replicas are spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// One replica: nothing to spread.
    None,
    /// Across nodes.
    Nodes,
    /// Across nodes and zones (`workloads.spread_across_zones`).
    NodesAndZones,
}

impl Profile {
    /// How `workload` is spread: across nodes from two replicas on, and across zones too
    /// where the profile says so. The renderer and `render explain` both ask here.
    pub fn spread(&self, workload: &Workload) -> Spread {
        match (workload.replicas, self.workloads.spread_across_zones) {
            (0..=1, _) => Spread::None,
            (_, false) => Spread::Nodes,
            (_, true) => Spread::NodesAndZones,
        }
    }

    /// The image reference a workload runs: repository and this environment's version,
    /// such as `axisor/backend:1.4.2`.
    pub fn image(&self, workload: &Workload) -> String {
        format!("{}:{}", workload.image, self.version)
    }
}
