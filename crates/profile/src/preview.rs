//! Pull-request previews: the profile that sets `previews` (testing), moved into a
//! namespace of its own per pull request, so many previews live side by side in one
//! cluster and each is removed whole.

use jiff::Timestamp;

use crate::catalog::Catalog;
use crate::profile::{Previews, Profile};
use crate::rules::check;
use crate::types::InvalidValue;

/// Kubernetes' limits on what a preview's number ends up in: namespaces and label values
/// (63 characters), CronJob names (52: the controller appends 11 to name its Jobs).
const NAMESPACE_LIMIT: usize = 63;
const CRONJOB_LIMIT: usize = 52;

/// The label every object of a preview carries, for one `kubectl delete -l`.
pub const PREVIEW_LABEL: &str = "axisor.io/preview";
/// The namespaces previews live in are this followed by the pull request's number.
pub const NAMESPACE_PREFIX: &str = "axisor-pr-";
/// Annotations on a preview's Namespace: when it was deployed, how long it lives, and when
/// it expires (what the deploy workflow compares).
pub const CREATED_AT: &str = "axisor.io/created-at";
/// Annotation on a preview's Namespace: how long it lives after its last deployment.
pub const TTL: &str = "axisor.io/ttl";
/// Annotation on a preview's Namespace: when it expires (RFC 3339, UTC).
pub const EXPIRES_AT: &str = "axisor.io/expires-at";
/// Annotation on the Namespace of a preview that Argo CD deploys: it lives until its pull
/// request closes, so `render preview --expired` never selects it.
pub const LIFETIME: &str = "axisor.io/lifetime";
/// [`LIFETIME`]'s value.
pub const UNTIL_CLOSED: &str = "until-pull-request-closes";

/// One pull request's preview: the profile to render and what marks it as a preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The pull request's number, as given (digits only).
    pub number: String,
    /// The source profile, moved into the preview's namespace and labelled.
    pub profile: Profile,
    /// How long it lives.
    pub lifetime: Lifetime,
    /// Whether the preview runs the nightly backup.
    pub backup: bool,
}

/// How long a preview lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifetime {
    /// Deployed by the deploy workflow, and removed by it once `expires_at` has passed.
    Expires {
        /// RFC 3339, UTC, to the second.
        created_at: String,
        /// As the profile's `previews.ttl` writes it.
        ttl: String,
        /// `created_at` plus `ttl`, RFC 3339, UTC, to the second.
        expires_at: String,
    },
    /// Deployed by Argo CD's pull-request generator, which removes it when the pull
    /// request closes. Nothing in it depends on the time, so every render is the same.
    UntilClosed,
}

impl Preview {
    /// `pr-123`: the preview's label value and environment name.
    pub fn id(&self) -> &str {
        self.profile.name.as_str()
    }

    /// The annotations of the preview's Namespace, saying how long it lives.
    pub fn annotations(&self) -> Vec<(&'static str, &str)> {
        match &self.lifetime {
            Lifetime::Expires {
                created_at,
                ttl,
                expires_at,
            } => vec![
                (CREATED_AT, created_at),
                (TTL, ttl),
                (EXPIRES_AT, expires_at),
            ],
            Lifetime::UntilClosed => vec![(LIFETIME, UNTIL_CLOSED)],
        }
    }
}

/// Why a preview cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    #[error("invalid pull request number `{0}`: expected a whole number from 1 up, such as 123")]
    /// The pull request number is not a whole number from 1 up.
    Number(String),
    #[error("no environment sets `previews`; expected one (testing) to say how previews run")]
    /// No profile sets `previews`.
    NoSource,
    #[error(
        "pull request {number} makes the {what} `{name}` {length} characters long; Kubernetes allows at most {limit}"
    )]
    /// A name the preview adds is longer than Kubernetes allows.
    TooLong {
        /// The pull request's number.
        number: String,
        /// What the name is for (namespace, label value, CronJob name).
        what: &'static str,
        /// The name.
        name: String,
        /// Its length.
        length: usize,
        /// What Kubernetes allows.
        limit: usize,
    },
    #[error(
        "pull request {number}'s namespace `{namespace}` is environment {environment}'s; expected previews to have namespaces of their own"
    )]
    /// The preview's namespace is an environment's.
    Taken {
        /// The pull request's number.
        number: String,
        /// The namespace.
        namespace: String,
        /// The environment that uses it.
        environment: String,
    },
    /// The deployment time plus the preview's lifetime is past the last time there is.
    #[error("the preview's expiry is past the year 9999; expected a shorter previews.ttl")]
    TooLate,
    /// The moved profile breaks a profile rule (a quota too small for the preview, say).
    #[error("the preview of pull request {number} breaks the profile's rules: {problems}")]
    Rules {
        /// The pull request's number.
        number: String,
        /// Each broken rule, `path: message`, joined by `; `.
        problems: String,
    },
}

/// The preview of pull request `number`, deployed at `created_at`; `backup` overrides
/// the profile's `previews.backup`.
///
/// ```
/// use axisor_profile::{Catalog, preview::preview};
/// let catalog = Catalog::load_dir("../../environments").unwrap();
/// let now = axisor_profile::preview::parse_time("2027-01-15T08:00:00Z").unwrap();
/// let pr = preview(&catalog, "123", now, None).unwrap();
/// assert_eq!(pr.profile.namespace.as_str(), "axisor-pr-123");
/// assert!(pr.annotations().contains(&("axisor.io/expires-at", "2027-01-18T08:00:00Z")));
/// assert!(preview(&catalog, "12a", now, None).is_err());
/// ```
pub fn preview(
    catalog: &Catalog,
    number: &str,
    created_at: Timestamp,
    backup: Option<bool>,
) -> Result<Preview, PreviewError> {
    let mut pr = moved_preview(catalog, number, backup)?;
    let ttl = &catalog
        .preview_source()
        .ok_or(PreviewError::NoSource)?
        .1
        .ttl;
    pr.lifetime = Lifetime::Expires {
        created_at: rfc3339(created_at),
        ttl: ttl.to_string(),
        expires_at: rfc3339(
            jiff::SignedDuration::try_from(ttl.as_std())
                .ok()
                .and_then(|ttl| created_at.checked_add(ttl).ok())
                .ok_or(PreviewError::TooLate)?,
        ),
    };
    Ok(pr)
}

/// The preview of pull request `number` as Argo CD deploys it: it lives until the pull
/// request closes, and renders the same at any time.
///
/// ```
/// use axisor_profile::{Catalog, preview::until_closed};
/// let catalog = Catalog::load_dir("../../environments").unwrap();
/// let pr = until_closed(&catalog, "123", None).unwrap();
/// assert_eq!(pr.annotations(), [("axisor.io/lifetime", "until-pull-request-closes")]);
/// ```
pub fn until_closed(
    catalog: &Catalog,
    number: &str,
    backup: Option<bool>,
) -> Result<Preview, PreviewError> {
    moved_preview(catalog, number, backup)
}

/// The source profile moved into pull request `number`'s namespace, checked.
fn moved_preview(
    catalog: &Catalog,
    number: &str,
    backup: Option<bool>,
) -> Result<Preview, PreviewError> {
    let valid = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && !number.starts_with('0');
    if !valid {
        return Err(PreviewError::Number(number.to_owned()));
    }
    let (source, settings) = catalog.preview_source().ok_or(PreviewError::NoSource)?;
    let backup = backup.unwrap_or(settings.backup);
    let id = format!("pr-{number}");
    let namespace = format!("{NAMESPACE_PREFIX}{number}");
    check_names(catalog, number, &id, &namespace, backup)?;
    let profile = moved(source, settings, &id, &namespace)
        .ok_or_else(|| PreviewError::Number(number.to_owned()))?;
    let problems = check(&profile);
    if !problems.is_empty() {
        let problems = problems
            .iter()
            .map(|v| format!("{}: {}", v.path, v.message))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(PreviewError::Rules {
            number: number.to_owned(),
            problems,
        });
    }
    Ok(Preview {
        number: number.to_owned(),
        profile,
        lifetime: Lifetime::UntilClosed,
        backup,
    })
}

/// The names a preview adds fit Kubernetes' limits and belong to no environment.
fn check_names(
    catalog: &Catalog,
    number: &str,
    id: &str,
    namespace: &str,
    backup: bool,
) -> Result<(), PreviewError> {
    check_length(number, "namespace", namespace, NAMESPACE_LIMIT)?;
    if backup {
        let cronjob = format!("{id}-backup");
        check_length(number, "backup CronJob", &cronjob, CRONJOB_LIMIT)?;
    }
    let owner = catalog
        .profiles()
        .iter()
        .find(|p| p.namespace.as_str() == namespace);
    match owner {
        Some(owner) => Err(PreviewError::Taken {
            number: number.to_owned(),
            namespace: namespace.to_owned(),
            environment: owner.name.to_string(),
        }),
        None => Ok(()),
    }
}

/// The source profile moved into the preview's namespace, sized by its settings; `None`
/// only if a name does not parse, which `check_names` rules out.
fn moved(source: &Profile, settings: &Previews, id: &str, namespace: &str) -> Option<Profile> {
    let mut profile = source.clone();
    profile.name = id.parse().ok()?;
    profile.short_name = id.parse().ok()?;
    profile.namespace = namespace.parse().ok()?;
    profile.workloads.backend.replicas = settings.replicas;
    profile.workloads.frontend.replicas = settings.replicas;
    profile.quota = settings.quota.clone();
    profile.previews = None;
    // Each preview has a host of its own under the source's (`pr-42.testing.axisor.com`),
    // so its Ingress claims no host another environment serves.
    if profile.ingress.is_some() {
        let host = source.app.cors_origin.host()?;
        profile.app.cors_origin = format!("https://{id}.{host}").parse().ok()?;
    }
    Some(profile)
}

fn check_length(
    number: &str,
    what: &'static str,
    name: &str,
    limit: usize,
) -> Result<(), PreviewError> {
    if name.len() > limit {
        return Err(PreviewError::TooLong {
            number: number.to_owned(),
            what,
            name: name.to_owned(),
            length: name.len(),
            limit,
        });
    }
    Ok(())
}

/// `2026-11-29T10:00:00Z`: sortable as text, so expired previews are found by comparison.
pub fn rfc3339(time: Timestamp) -> String {
    format!("{time:.0}")
}

/// The current time, for a preview deployed now.
pub fn now() -> Timestamp {
    Timestamp::now()
}

/// Parses an RFC 3339 time (`--created-at`, the expiry annotation).
pub fn parse_time(text: &str) -> Result<Timestamp, InvalidValue> {
    text.parse::<Timestamp>().map_err(|e| {
        InvalidValue::from(format!(
            "`{text}` is not an RFC 3339 time such as 2026-11-29T10:00:00Z: {e}"
        ))
    })
}
