//! What an apply prunes. Server-side apply cannot prune by label (kubectl refuses
//! `--prune` with `--server-side`), so `make apply` lists what the cluster holds with the
//! environment's label (`kubectl get … -l KEY=VALUE -o json`) and this decides what of it
//! goes: only what it can prove is its own and no longer rendered.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::objects::KINDS;

/// An object to delete: `kubectl delete -n NAMESPACE RESOURCE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The object's namespace (empty for a cluster-wide object).
    pub namespace: String,
    /// `Kind.group/name` (`Kind/name` for the core group), as kubectl takes it.
    pub resource: String,
}

/// What to delete, and every other listed object with why it stays.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pruning {
    /// The objects to delete.
    pub stale: Vec<Stale>,
    /// `Kind namespace/name` and the reason.
    pub kept: Vec<(String, Kept)>,
}

/// Why a listed object is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Kept {
    #[error("it does not carry {0}")]
    /// The object lacks the selector's label (named here).
    NotLabelled(String),
    #[error("the renderer does not emit {0} objects")]
    /// The renderer never emits this kind (named here).
    KindNotRendered(String),
    #[error("it is owned by {0} (a controller manages it)")]
    /// A controller owns it (its kind named here).
    Owned(String),
    #[error(
        "{0} objects are never pruned: one without an owner may be a copy `kubectl debug` made; delete it by hand if it is stale"
    )]
    /// A kind of the table that pruning leaves alone (named here).
    NeverPruned(String),
}

/// Kinds of the table that pruning leaves alone: the Namespace, which only `make delete`
/// removes, and Pods, which controllers make and remove (a rendered Pod is rare, and a Pod
/// with the environment's labels and no owner is as likely a `kubectl debug --copy-to`
/// copy as a Pod a template stopped printing).
const NEVER_PRUNED: [&str; 2] = ["Namespace", "Pod"];

/// The cluster's list was not one.
#[derive(Debug, thiserror::Error)]
pub enum PruneError {
    #[error("not JSON ({0}); expected the output of `kubectl get … -o json`")]
    /// The input is not JSON.
    Json(#[source] serde_json::Error),
    #[error("expected a List (the output of `kubectl get … -o json`), got {0}")]
    /// The input is not a List (what it is instead).
    NotAList(String),
    #[error("the selector `{0}` is not KEY=VALUE")]
    /// The selector given.
    Selector(String),
}

/// The objects of `listed` (a List from the cluster) to delete after applying `rendered`:
/// those that carry the label `selector` (`KEY=VALUE`, checked again here rather than
/// trusted to kubectl), are of a kind the renderer emits, have no owner (a controller's
/// objects are its to remove), and are not among `rendered`. Every other listed object
/// comes back in `kept`, with why it stays.
///
/// ```
/// use serde_json::json;
/// let rendered = [json!({"kind": "ConfigMap", "metadata": {"name": "a", "namespace": "n"}})];
/// let listed = json!({"kind": "List", "items": [
///     {"kind": "ConfigMap", "metadata": {"name": "a", "namespace": "n", "labels": {"app": "x"}}},
///     {"kind": "ConfigMap", "metadata": {"name": "old", "namespace": "n", "labels": {"app": "x"}}},
///     {"kind": "ConfigMap", "metadata": {"name": "theirs", "namespace": "n"}},
/// ]});
/// let pruning = axisor_renderer::prune::stale(&rendered, &listed.to_string(), "app=x").unwrap();
/// assert_eq!(pruning.stale[0].resource, "ConfigMap/old");
/// assert_eq!(pruning.kept[0].0, "ConfigMap n/theirs");
/// ```
pub fn stale(rendered: &[Value], listed: &str, selector: &str) -> Result<Pruning, PruneError> {
    let (key, value) = selector
        .split_once('=')
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| PruneError::Selector(selector.to_owned()))?;
    let listed: Value = serde_json::from_str(listed).map_err(PruneError::Json)?;
    let kind = listed["kind"].as_str().unwrap_or("no kind");
    let items = match (kind.ends_with("List"), listed["items"].as_array()) {
        (true, Some(items)) => items,
        _ => return Err(PruneError::NotAList(format!("kind {kind}"))),
    };
    let wanted: BTreeSet<(&str, &str, &str)> = rendered.iter().map(identity).collect();
    let emitted: BTreeSet<&str> = KINDS.iter().map(|k| k.kind).collect();
    let mut pruning = Pruning::default();
    for item in items {
        let (kind, namespace, name) = identity(item);
        if wanted.contains(&(kind, namespace, name)) {
            continue;
        }
        let shown = format!("{kind} {namespace}/{name}");
        let metadata = &item["metadata"];
        let owner = metadata["ownerReferences"][0]["kind"].as_str();
        let why = if metadata["labels"][key].as_str() != Some(value) {
            Some(Kept::NotLabelled(selector.to_owned()))
        } else if !emitted.contains(kind) {
            Some(Kept::KindNotRendered(kind.to_owned()))
        } else if NEVER_PRUNED.contains(&kind) {
            Some(Kept::NeverPruned(kind.to_owned()))
        } else {
            owner.map(|o| Kept::Owned(o.to_owned()))
        };
        match why {
            Some(why) => pruning.kept.push((shown, why)),
            None => pruning.stale.push(Stale {
                namespace: namespace.to_owned(),
                resource: format!("{}/{name}", resource_type(item)),
            }),
        }
    }
    Ok(pruning)
}

/// The resource types pruning looks at, as `kubectl get` takes them (`deployments.apps`,
/// `configmaps`), comma-separated: every kind a template may print but those pruning leaves
/// alone (the Namespace and Pods).
///
/// ```
/// let kinds = axisor_renderer::prune::kinds();
/// assert!(kinds.split(',').any(|k| k == "deployments.apps"));
/// assert!(kinds.split(',').any(|k| k == "clusterroles.rbac.authorization.k8s.io"));
/// assert!(!kinds.split(',').any(|k| k == "namespaces" || k == "pods"));
/// ```
pub fn kinds() -> String {
    let names: Vec<String> = KINDS
        .iter()
        .filter(|k| !NEVER_PRUNED.contains(&k.kind))
        .map(|k| match k.group {
            "" => k.plural.to_owned(),
            group => format!("{}.{group}", k.plural),
        })
        .collect();
    names.join(",")
}

/// What identifies an object among the rendered ones: kind, namespace and name (no two
/// kinds the renderer emits share a name across API groups).
fn identity(object: &Value) -> (&str, &str, &str) {
    let metadata = &object["metadata"];
    (
        object["kind"].as_str().unwrap_or_default(),
        metadata["namespace"].as_str().unwrap_or_default(),
        metadata["name"].as_str().unwrap_or_default(),
    )
}

/// `Deployment.apps` from `apps/v1`, `ConfigMap` from `v1`: the type kubectl resolves
/// without guessing the group.
fn resource_type(object: &Value) -> String {
    let kind = object["kind"].as_str().unwrap_or_default();
    match object["apiVersion"]
        .as_str()
        .and_then(|v| v.split_once('/'))
    {
        Some((group, _version)) => format!("{kind}.{group}"),
        None => kind.to_owned(),
    }
}
