//! `render ENV...`: one or more environments, printed as one stream or written a folder
//! each.

use anyhow::anyhow;
use axisor_environments::Environment;
use axisor_profile::Catalog;
use axisor_renderer::{Manifest, render_many};

use super::{find, format, secrets, templates, write_dir};
use crate::flags::{Cli, Format};

/// `render ENV...` (or `--all`): every environment asked for, rendered (in parallel) before
/// anything is printed or written.
pub(crate) fn render_environments(cli: &Cli) -> anyhow::Result<String> {
    // The built-in profiles are decoded one by one, only those asked for.
    let loaded = match &cli.environments {
        Some(dir) => Some(Catalog::load_dir(dir)?),
        None => None,
    };
    let chain = || match &loaded {
        Some(catalog) => catalog.promotion_chain().join(", "),
        None => axisor_environments::catalog().promotion_chain().join(", "),
    };
    let names: Vec<String> = match (&loaded, cli.all) {
        (Some(catalog), true) => catalog
            .promotion_chain()
            .iter()
            .map(|n| n.to_string())
            .collect(),
        (None, true) => Environment::ALL
            .iter()
            .map(|e| e.name().to_owned())
            .collect(),
        (_, false) => cli.environments_to_render.clone(),
    };
    if names.is_empty() {
        return Err(anyhow!(
            "name an environment to render, or --all; expected one of: {}",
            chain()
        ));
    }
    let templates = templates(cli)?;
    let mut jobs = Vec::new();
    for name in &names {
        let profile = match &loaded {
            Some(catalog) => find(catalog, name)?,
            None => name.parse::<Environment>()?.profile(),
        };
        jobs.push((profile, secrets(cli, loaded.as_ref(), profile)?));
    }
    // Everything is rendered (in parallel) before anything is printed or written.
    match (&cli.out_dir, cli.format()) {
        (Some(dir), _) => {
            let manifests = render_many(&jobs, &templates, Ok)?;
            for (name, manifest) in names.iter().zip(&manifests) {
                write_dir(manifest, dir, name)?;
            }
            Ok(String::new())
        }
        (None, Format::Yaml) => {
            let streams = render_many(&jobs, &templates, |m| m.to_yaml())?;
            Ok(streams.concat())
        }
        (None, Format::Json) => {
            let manifests = render_many(&jobs, &templates, Ok)?;
            format(&Manifest::join(manifests), Format::Json)
        }
    }
}
