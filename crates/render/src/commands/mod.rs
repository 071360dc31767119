//! One module per subcommand, and what they share: loading profiles and templates,
//! choosing the secret source, formatting and writing.

mod diff;
mod explain;
mod gitops;
mod list;
mod preview;
mod promote;
mod prune;
mod render;

use diff::diff;
use explain::explain;
use gitops::gitops;
use list::list;
use preview::preview;
use promote::promote;
use prune::prune;
use render::render_environments;

use std::path::Path;

use anyhow::anyhow;
use axisor_profile::{Catalog, Profile, SecretSource};
use axisor_renderer::{Manifest, Secrets, Templates, render_with_secrets};

use crate::flags::{Cli, Command, Format, SecretsArg};
use crate::secret_input;

/// What a command prints, and whether it found a difference (`render diff`'s exit 1).
pub(crate) struct Printed {
    pub(crate) text: String,
    pub(crate) differs: bool,
}

/// Runs the command line's command. Everything is produced before anything is printed, so
/// an error prints nothing.
pub(crate) fn run(cli: &Cli) -> anyhow::Result<Printed> {
    let uses_profiles = !matches!(cli.command, Some(Command::Prune(_)));
    if uses_profiles && cli.environments.is_none() {
        crate::freshness::check()?;
    }
    let Some(command) = &cli.command else {
        return render_environments(cli).map(printed);
    };
    let text = match command {
        Command::Diff(args) => {
            let (text, equal) = diff(cli, args)?;
            return Ok(Printed {
                text,
                differs: !equal,
            });
        }
        Command::Prune(args) => prune(args)?,
        Command::List => list(&load_catalog(cli)?, cli.format())?,
        Command::Promote(args) => promote(cli, &load_catalog(cli)?, args)?,
        Command::Explain { environment } => {
            let catalog = load_catalog(cli)?;
            let profile = find(&catalog, environment)?;
            let source = secret_source(cli, profile)?;
            explain(
                profile,
                &catalog,
                source,
                cli.secrets_file.as_deref(),
                cli.format(),
            )?
        }
        Command::Preview(args) => preview(cli, &load_catalog(cli)?, args)?,
        Command::Gitops(args) => gitops(cli, &load_catalog(cli)?, args)?,
    };
    Ok(printed(text))
}

fn printed(text: String) -> Printed {
    Printed {
        text,
        differs: false,
    }
}

pub(crate) fn templates(cli: &Cli) -> anyhow::Result<Templates> {
    match &cli.templates {
        Some(dir) => Templates::load_dir(dir),
        None => Templates::builtin(),
    }
    .map_err(anyhow::Error::from)
}

/// `catalog` is the loaded folder, or `None` for the built-in profiles.
pub(crate) fn render_one(
    cli: &Cli,
    catalog: Option<&Catalog>,
    templates: &Templates,
    profile: &Profile,
) -> anyhow::Result<Manifest> {
    let secrets = secrets(cli, catalog, profile)?;
    Ok(render_with_secrets(profile, templates, &secrets)?)
}

/// `--out-dir DIR` has one layout: each environment (or preview) in `DIR/<name>`, however
/// many are rendered at once.
pub(crate) fn write_dir(manifest: &Manifest, dir: &Path, name: &str) -> anyhow::Result<String> {
    manifest.write_dir(dir.join(name))?;
    Ok(String::new())
}

/// Renders one profile and prints it, or writes it to --out-dir.
pub(crate) fn output(cli: &Cli, catalog: &Catalog, profile: &Profile) -> anyhow::Result<String> {
    let manifest = render_one(cli, Some(catalog), &templates(cli)?, profile)?;
    match &cli.out_dir {
        Some(dir) => write_dir(&manifest, dir, profile.name.as_str()),
        None => format(&manifest, cli.format()),
    }
}

/// The secret source the flags choose, else the profile's.
pub(crate) fn secret_source(cli: &Cli, profile: &Profile) -> anyhow::Result<SecretSource> {
    match (cli.secrets, &cli.secrets_file) {
        (Some(SecretsArg::External), None) => Ok(SecretSource::External),
        (Some(SecretsArg::Placeholders), None) => Ok(SecretSource::Placeholders),
        (Some(SecretsArg::Values) | None, Some(_)) | (Some(SecretsArg::Values), None) => {
            Ok(SecretSource::Values)
        }
        (Some(_), Some(_)) => Err(anyhow!("--secrets-file goes with --secrets values")),
        (None, None) => Ok(profile.secrets.source),
    }
}

/// The secrets to render with. Values come from `--secrets-file` or the environment, and
/// may not be any environment's placeholder.
pub(crate) fn secrets(
    cli: &Cli,
    catalog: Option<&Catalog>,
    profile: &Profile,
) -> anyhow::Result<Secrets> {
    match secret_source(cli, profile)? {
        SecretSource::External => return Ok(Secrets::External),
        SecretSource::Placeholders => return Ok(Secrets::Placeholders),
        SecretSource::Values => {}
    }
    let values = match &cli.secrets_file {
        Some(file) => secret_input::from_file(file)?,
        None => secret_input::from_env()?,
    };
    let catalog = catalog.unwrap_or_else(|| axisor_environments::catalog());
    let defaults = catalog.profiles().iter().flat_map(|p| {
        p.secrets
            .local_placeholders
            .iter()
            .flatten()
            .map(|(_, v)| v.as_str())
    });
    Ok(Secrets::Values(values.refusing(defaults)))
}

pub(crate) fn load_catalog(cli: &Cli) -> anyhow::Result<Catalog> {
    match &cli.environments {
        Some(dir) => Ok(Catalog::load_dir(dir)?),
        None => Ok(axisor_environments::catalog().clone()),
    }
}

pub(crate) fn find<'a>(catalog: &'a Catalog, name: &str) -> anyhow::Result<&'a Profile> {
    catalog.get(name).ok_or_else(|| {
        anyhow!(
            "unknown environment `{name}`; expected one of: {}",
            catalog.promotion_chain().join(", ")
        )
    })
}

pub(crate) fn format(manifest: &Manifest, format: Format) -> anyhow::Result<String> {
    match format {
        Format::Yaml => manifest.to_yaml(),
        Format::Json => manifest.to_json_list(),
    }
    .map_err(anyhow::Error::from)
}
