//! Profiles: their types, loading them from files (through `axisor-yaml`, the one YAML
//! reader), and the rules they must follow. Typed environment profiles for the Axisor platform.
//!
//! A folder holds `base.yaml` and one file per environment (`production.yaml`). Each
//! environment's file is layered on the base (mappings merge key by key; scalars and
//! lists replace whole), deserialized into a [`Profile`] and checked by rules across
//! fields; then the set is checked as a whole (unique namespaces, one promotion chain).
//! Every error names the file, line, column, field path and what was expected.
//!
//! ```
//! use axisor_profile::Catalog;
//! let catalog = Catalog::load_dir("../../environments").unwrap();
//! let chain = catalog.promotion_chain();
//! assert_eq!((chain[0], chain[chain.len() - 1]), ("development", "production"));
//! let production = catalog.get("production").unwrap();
//! assert_eq!(production.namespace.as_str(), "axisor");
//! assert_eq!(production.quota.limits.memory, "64Gi".parse().unwrap());
//! ```

mod catalog;
mod digest;
mod error;
pub mod preview;
mod profile;
pub mod promotion;
mod record;
mod rules;
mod schema;
mod shape;
mod types;

pub use catalog::{BASE_FILE, Catalog, MAX_FILE_BYTES, RESERVED_NAMES, Source};
pub use digest::{folder_digest, folder_files};
pub use error::{Diagnostic, Location, ProfileError};
pub use profile::{
    Alerts, AppSettings, ArgoCd, Autoscaling, Backup, Cluster, Database, DeployMode,
    ExternalSecrets, Flux, GitOps, GitOpsSource, Ingress, LimitRange, LnMarkets, LogLevel,
    Monitoring, Network, NodeEnv, Previews, Profile, Promotion, Quota, Redis, Resources, S3Access,
    SecretSource, SecretStoreKind, SecretStoreRef, Secrets, Spread, SyncPolicy, Workload,
    WorkloadResources, Workloads,
};
pub use record::{record_rollback, record_version};
pub use rules::{Violation, check as check_rules};
pub use schema::layer_schema;
pub use types::{
    Duration, EnvVarName, ImageReference, ImageRepository, ImageTag, InvalidValue, Name, PlainUrl,
    PortName, Quantity, Schedule, TimeZone,
};
