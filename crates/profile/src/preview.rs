//! Pull-request previews: the profile that sets `previews` (testing), moved into a
//! namespace of its own per pull request, so many previews live side by side in one
//! cluster and each is removed whole.

use chrono::{DateTime, SecondsFormat, Utc};

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
/// Annotations on a preview's Namespace: when it was deployed, how long it lives, and when
/// it expires (what the deploy workflow compares).
pub const CREATED_AT: &str = "axisor.io/created-at";
pub const TTL: &str = "axisor.io/ttl";
pub const EXPIRES_AT: &str = "axisor.io/expires-at";

/// One pull request's preview: the profile to render and what marks it as a preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The pull request's number, as given (digits only).
    pub number: String,
    pub profile: Profile,
    /// RFC 3339, UTC, to the second.
    pub created_at: String,
    pub ttl: String,
    pub expires_at: String,
    pub backup: bool,
}

impl Preview {
    /// `pr-123`: the preview's label value and environment name.
    pub fn id(&self) -> &str {
        self.profile.name.as_str()
    }
}

/// Why a preview cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    #[error("invalid pull request number `{0}`: expected a whole number from 1 up, such as 123")]
    Number(String),
    #[error("no environment sets `previews`; expected one (testing) to say how previews run")]
    NoSource,
    #[error(
        "pull request {number} makes the {what} `{name}` {length} characters long; Kubernetes allows at most {limit}"
    )]
    TooLong {
        number: String,
        what: &'static str,
        name: String,
        length: usize,
        limit: usize,
    },
    #[error(
        "pull request {number}'s namespace `{namespace}` is environment {environment}'s; expected previews to have namespaces of their own"
    )]
    Taken {
        number: String,
        namespace: String,
        environment: String,
    },
    #[error("the preview of pull request {number} breaks the profile's rules: {problems}")]
    Rules { number: String, problems: String },
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
/// assert_eq!(pr.created_at, "2027-01-15T08:00:00Z");
/// assert!(preview(&catalog, "12a", now, None).is_err());
/// ```
pub fn preview(
    catalog: &Catalog,
    number: &str,
    created_at: DateTime<Utc>,
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
    let namespace = format!("axisor-{id}");
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
        created_at: rfc3339(created_at),
        ttl: settings.ttl.to_string(),
        expires_at: rfc3339(created_at + settings.ttl.as_std()),
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
pub fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The current time, for a preview deployed now.
pub fn now() -> DateTime<Utc> {
    std::time::SystemTime::now().into()
}

/// Parses an RFC 3339 time (`--created-at`, the expiry annotation).
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, InvalidValue> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            InvalidValue::from(format!(
                "`{text}` is not an RFC 3339 time such as 2026-11-29T10:00:00Z: {e}"
            ))
        })
}

/// The namespaces a preview lives in are `axisor-pr-N`, N the pull request's number.
const NAMESPACE_PREFIX: &str = "axisor-pr-";

/// What `kubectl get namespaces -l axisor.io/preview -o json` gave: the namespaces to
/// remove, and every other namespace with the label, each with why it stays.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expiry {
    pub expired: Vec<String>,
    pub kept: Vec<(String, Kept)>,
}

/// Why a namespace that carries the preview label is not removed. Only a namespace that
/// is provably a preview, and past its time, ever is: the label alone proves nothing (a
/// hand-made label on `kube-system` must not delete it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Kept {
    #[error("its name is not a preview's (`axisor-pr-N`)")]
    NotAPreviewName,
    #[error("its {PREVIEW_LABEL} label is `{label}`, not `{expected}` as its name says")]
    LabelMismatch { label: String, expected: String },
    #[error("it is environment {0}'s namespace")]
    Environment(String),
    #[error("it has no {0} annotation")]
    Unannotated(&'static str),
    #[error("its {annotation} annotation cannot be read: {problem}")]
    Unreadable {
        annotation: &'static str,
        problem: InvalidValue,
    },
    #[error("it expires at {0}")]
    NotYetExpired(String),
}

/// Input that is not a List of Namespaces nor one Namespace.
#[derive(Debug, thiserror::Error)]
pub enum ExpiryError {
    #[error(
        "not JSON ({0}); expected the output of `kubectl get namespaces -l {PREVIEW_LABEL} -o json`"
    )]
    Json(#[source] serde_json::Error),
    #[error(
        "expected a List of Namespaces or one Namespace (`kubectl get namespaces -l {PREVIEW_LABEL} -o json`), got {0}"
    )]
    NotNamespaces(String),
}

/// The previews expired at `now` among the namespaces kubectl lists (a List, or a single
/// Namespace). A namespace is removed only if its name is `axisor-pr-N`, its preview label
/// is `pr-N` for the same N, no environment of `catalog` uses it, and its creation and
/// expiry annotations read as times with the expiry passed.
///
/// ```
/// use axisor_profile::{Catalog, preview::{expired, parse_time}};
/// let catalog = Catalog::load_dir("../../environments").unwrap();
/// let now = parse_time("2027-01-15T08:00:00Z").unwrap();
/// let namespace = |name: &str, label: &str| serde_json::json!({
///     "kind": "Namespace",
///     "metadata": {"name": name, "labels": {"axisor.io/preview": label}, "annotations": {
///         "axisor.io/created-at": "2027-01-10T08:00:00Z",
///         "axisor.io/expires-at": "2027-01-13T08:00:00Z"}}});
/// let list = serde_json::json!({"kind": "List", "items": [
///     namespace("axisor-pr-7", "pr-7"), namespace("axisor", "pr-1")]});
/// let expiry = expired(&list.to_string(), now, &catalog).unwrap();
/// assert_eq!(expiry.expired, ["axisor-pr-7"]);
/// assert_eq!(expiry.kept[0].0, "axisor");
/// ```
pub fn expired(
    namespaces_json: &str,
    now: DateTime<Utc>,
    catalog: &Catalog,
) -> Result<Expiry, ExpiryError> {
    let input: serde_json::Value =
        serde_json::from_str(namespaces_json).map_err(ExpiryError::Json)?;
    let mut expiry = Expiry::default();
    for namespace in namespaces(&input)? {
        let metadata = &namespace["metadata"];
        let name = metadata["name"].as_str().unwrap_or_default();
        match verdict(metadata, name, now, catalog) {
            Ok(()) => expiry.expired.push(name.to_owned()),
            Err(kept) => expiry.kept.push((name.to_owned(), kept)),
        }
    }
    Ok(expiry)
}

/// The Namespaces of a List, or the one Namespace given.
fn namespaces(input: &serde_json::Value) -> Result<&[serde_json::Value], ExpiryError> {
    let kind = |value: &serde_json::Value| value["kind"].as_str().unwrap_or("no kind").to_owned();
    let items = match kind(input).as_str() {
        "List" | "NamespaceList" => input["items"].as_array().map(Vec::as_slice),
        "Namespace" => Some(std::slice::from_ref(input)),
        other => return Err(ExpiryError::NotNamespaces(format!("kind {other}"))),
    }
    .ok_or_else(|| ExpiryError::NotNamespaces("a List without items".to_owned()))?;
    match items.iter().find(|item| kind(item) != "Namespace") {
        Some(item) => Err(ExpiryError::NotNamespaces(format!(
            "an item of kind {}",
            kind(item)
        ))),
        None => Ok(items),
    }
}

/// Whether one labelled namespace is an expired preview, or why it stays.
fn verdict(
    metadata: &serde_json::Value,
    name: &str,
    now: DateTime<Utc>,
    catalog: &Catalog,
) -> Result<(), Kept> {
    let number = name
        .strip_prefix(NAMESPACE_PREFIX)
        .filter(|n| !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(Kept::NotAPreviewName)?;
    let expected = format!("pr-{number}");
    let label = metadata["labels"][PREVIEW_LABEL].as_str();
    if label != Some(expected.as_str()) {
        return Err(Kept::LabelMismatch {
            // What a label value can never be, for a namespace without the label.
            label: label.unwrap_or("(none)").to_owned(),
            expected,
        });
    }
    if let Some(owner) = catalog
        .profiles()
        .iter()
        .find(|p| p.namespace.as_str() == name)
    {
        return Err(Kept::Environment(owner.name.to_string()));
    }
    let time = |annotation: &'static str| {
        let text = metadata["annotations"][annotation].as_str();
        let text = text.ok_or(Kept::Unannotated(annotation))?;
        parse_time(text).map_err(|problem| Kept::Unreadable {
            annotation,
            problem,
        })
    };
    time(CREATED_AT)?;
    let expires_at = time(EXPIRES_AT)?;
    if expires_at > now {
        return Err(Kept::NotYetExpired(rfc3339(expires_at)));
    }
    Ok(())
}
