//! Which preview namespaces to remove, from what `kubectl get namespaces -l
//! axisor.io/preview -o json` prints: only namespaces provably previews, and past their
//! time (`render preview --expired`).

use axisor_profile::Catalog;
use axisor_profile::InvalidValue;
use axisor_profile::preview::{
    CREATED_AT, EXPIRES_AT, LIFETIME, NAMESPACE_PREFIX, PREVIEW_LABEL, UNTIL_CLOSED, parse_time,
    rfc3339,
};
use jiff::Timestamp;

/// What `kubectl get namespaces -l axisor.io/preview -o json` gave: the namespaces to
/// remove, and every other namespace with the label, each with why it stays.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Expiry {
    pub(crate) expired: Vec<String>,
    pub(crate) kept: Vec<(String, Kept)>,
}

/// Why a namespace that carries the preview label is not removed. Only a namespace that
/// is provably a preview, and past its time, ever is: the label alone proves nothing (a
/// hand-made label on `kube-system` must not delete it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Kept {
    #[error("its name is not a preview's (`axisor-pr-N`)")]
    NotAPreviewName,
    #[error("its {PREVIEW_LABEL} label is `{label}`, not `{expected}` as its name says")]
    LabelMismatch { label: String, expected: String },
    #[error("it is environment {0}'s namespace")]
    Environment(String),
    #[error(
        "it lives until its pull request closes ({LIFETIME}: {UNTIL_CLOSED}); Argo CD removes it"
    )]
    UntilClosed,
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
pub(crate) enum ExpiryError {
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
pub(crate) fn expired(
    namespaces_json: &str,
    now: Timestamp,
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
    now: Timestamp,
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
    if metadata["annotations"][LIFETIME].as_str() == Some(UNTIL_CLOSED) {
        return Err(Kept::UntilClosed);
    }
    time(CREATED_AT)?;
    let expires_at = time(EXPIRES_AT)?;
    if expires_at > now {
        return Err(Kept::NotYetExpired(rfc3339(expires_at)));
    }
    Ok(())
}
