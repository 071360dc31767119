//! `render list`: the environments, a tab-separated line each (which the Makefile reads),
//! or with `-o json` an array of objects.

use axisor_profile::{Catalog, Profile};
use serde_json::json;

use crate::flags::Format;

pub(crate) fn list(catalog: &Catalog, format: Format) -> anyhow::Result<String> {
    let profiles = catalog.profiles();
    Ok(match format {
        Format::Yaml => profiles.iter().map(line).collect(),
        Format::Json => {
            let entries: Vec<_> = profiles.iter().map(entry).collect();
            serde_json::to_string_pretty(&entries)? + "\n"
        }
    })
}

/// Tab-separated `key=value` fields; the Makefile reads them by key.
fn line(p: &Profile) -> String {
    format!(
        "{}\tnamespace={}\tversion={}\tcluster={}\tcontext={}\tdeploy={}\tpreviews={}\n",
        p.name,
        p.namespace,
        p.version,
        p.cluster.server,
        p.cluster.context.as_deref().unwrap_or_default(),
        p.gitops.mode.as_str(),
        if p.previews.is_some() { "yes" } else { "no" },
    )
}

/// `{"name", "namespace", "version", "cluster": {"server", "context"}, "deploy",
/// "previews"}`, the same fields as a line; `context` is null where the profile names none.
fn entry(p: &Profile) -> serde_json::Value {
    json!({
        "name": p.name.as_str(),
        "namespace": p.namespace.as_str(),
        "version": p.version.to_string(),
        "cluster": {"server": p.cluster.server.to_string(), "context": p.cluster.context},
        "deploy": p.gitops.mode.as_str(),
        "previews": p.previews.is_some(),
    })
}
