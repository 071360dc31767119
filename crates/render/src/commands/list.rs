//! `render list`: the environments, a tab-separated line each, which the Makefile reads.

use axisor_profile::Catalog;

pub(crate) fn list(catalog: &Catalog) -> String {
    catalog
        .profiles()
        .iter()
        .map(|p| {
            // Tab-separated `key=value` fields; the Makefile reads them by key.
            format!(
                "{}\tnamespace={}\tversion={}\tcluster={}\tcontext={}\tpreviews={}\n",
                p.name,
                p.namespace,
                p.version,
                p.cluster.server,
                p.cluster.context.as_deref().unwrap_or_default(),
                if p.previews.is_some() { "yes" } else { "no" },
            )
        })
        .collect()
}
