//! `render gitops`: the Argo CD or Flux objects that deploy environments from git.

use axisor_profile::{Catalog, DeployMode, Profile};
use axisor_renderer::gitops::{Controller, Deployed, render_gitops};
use axisor_renderer::{Secrets, Templates, render_many};

use super::{find, templates};
use crate::flags::{Cli, ControllerArg, Format, GitopsArgs};

pub(crate) fn gitops(cli: &Cli, catalog: &Catalog, args: &GitopsArgs) -> anyhow::Result<String> {
    // Each named once (the flags refuse repeats); all of them, in promotion order, when
    // none is named.
    let selected: Vec<&Profile> = if args.names.is_empty() {
        catalog.profiles().iter().collect()
    } else {
        args.names
            .iter()
            .map(|name| find(catalog, name))
            .collect::<anyhow::Result<_>>()?
    };
    let names: Vec<&str> = selected.iter().map(|p| p.name.as_str()).collect();
    // Every environment as `make hydrate` writes it (ExternalSecrets): the AppProject
    // lists the namespaces all of them use.
    let jobs: Vec<_> = catalog
        .profiles()
        .iter()
        .map(|p| (p, Secrets::External))
        .collect();
    let manifests = render_many(&jobs, &templates(cli)?, Ok)?;
    let all: Vec<Deployed> = catalog
        .profiles()
        .iter()
        .zip(&manifests)
        .map(|(profile, manifest)| Deployed { profile, manifest })
        .collect();
    let controller = match args.controller {
        ControllerArg::Argocd => Controller::ArgoCd,
        ControllerArg::Flux => Controller::Flux,
    };
    let gitops_templates = match &cli.templates {
        Some(dir) => Templates::load_dir(dir.join("gitops"))?,
        None => Templates::builtin_gitops()?,
    };
    let previews = catalog.preview_source().map(|(profile, _)| profile);
    let objects = render_gitops(controller, &all, &names, previews, &gitops_templates)?;
    for profile in selected {
        if profile.gitops.mode == DeployMode::Push {
            eprintln!(
                "note: {} is deployed by push (gitops.mode: push); set `gitops.mode: pull` in its profile before a controller applies these objects (docs/gitops.md)",
                profile.name
            );
        }
    }
    Ok(match cli.format() {
        Format::Yaml => objects.to_yaml()?,
        Format::Json => objects.to_json_list()?,
    })
}
