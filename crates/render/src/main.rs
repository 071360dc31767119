//! `render`: prints an environment's Kubernetes objects. A thin command line over
//! axisor-renderer; every decision lives in the libraries.

// musl's own allocator is slow for the many small allocations of a render (`make release`).
#[cfg(target_env = "musl")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use axisor_environments::Environment;
use axisor_profile::{Catalog, Profile, SecretSource, promotion, record_rollback, record_version};
use axisor_renderer::diff::{self, Side};
use axisor_renderer::{
    Manifest, SecretValues, Secrets, Templates, render, render_many, render_with_secrets,
};
use clap::{Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "Examples:
  render production > out.yaml && kubectl apply -f out.yaml
  render staging -o json | jq '.items[].metadata.name'
  render production --out-dir k8s/production      # one file per object; kubectl apply -f k8s/production
  render --all --out-dir k8s                       # every environment, a folder each
  render list                                      # environments, in promotion order
  render promote --from staging --to production --write   # pin staging's version in production
  render diff staging production                   # what differs; exit 1 when something does
  render explain production                        # a summary of an environment
  render preview --pr 123 | kubectl apply -f -     # pull request 123's preview, namespace axisor-pr-123
  kubectl get ns -l axisor.io/preview -o json | render preview --expired   # previews to remove
  render staging --environments ./environments --templates ./templates   # files instead of the built-in ones
  AXISOR_SECRET_JWT_SECRET=... render staging --secrets values            # a Secret instead of an ExternalSecret";

/// Renders Axisor environment profiles into Kubernetes manifests.
///
/// Prints every object of one environment as a YAML stream, in an order `kubectl apply`
/// takes in one pass. Each object is checked against its Kubernetes 1.37 type before
/// anything is printed; on an error nothing is printed and the exit status is 1.
#[derive(Parser)]
#[command(name = "render", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// The environments to render, such as `production` (see `render list`); several
    /// print one stream, or with --out-dir write one folder each.
    environments_to_render: Vec<String>,

    /// Render every environment, in promotion order. Example: `render --all --out-dir k8s`.
    #[arg(long, conflicts_with = "environments_to_render")]
    all: bool,

    /// Write one file per object into DIR (created if needed) instead of printing.
    /// Files are named `NN-kind-name.yaml` so `kubectl apply -f DIR` applies them in
    /// order; files of objects that no longer exist are removed; a failure leaves the old
    /// files as they were. Example: `--out-dir k8s/production`.
    #[arg(long, value_name = "DIR", global = true)]
    out_dir: Option<PathBuf>,

    /// Output format: `yaml` (a multi-document stream) or `json` (a v1 List).
    /// Example: `-o json`.
    #[arg(short, long, value_enum, default_value_t = Format::Yaml, global = true)]
    output: Format,

    /// Load profiles from DIR (a `base.yaml` and one file per environment) instead of the
    /// built-in ones, with the same validation. Example: `--environments ./environments`.
    #[arg(long, value_name = "DIR", global = true)]
    environments: Option<PathBuf>,

    /// Load the templates from DIR instead of the built-in ones; DIR must hold every
    /// template (`namespace.yaml.j2`, ...). Example: `--templates ./templates`.
    #[arg(long, value_name = "DIR", global = true)]
    templates: Option<PathBuf>,

    /// Where the Secret's values come from, instead of the profile's `secrets.source`:
    /// `external` (an ExternalSecret; nothing secret is printed), `values` (a Secret from
    /// the environment variables AXISOR_SECRET_<KEY> or from --secrets-file), or
    /// `placeholders` (development only). Example: `--secrets values`.
    #[arg(long, value_enum, value_name = "SOURCE", global = true)]
    secrets: Option<SecretsArg>,

    /// Read secret values from FILE (`KEY=value` lines), which must live outside any git
    /// work tree; implies `--secrets values`. Example: `--secrets-file ~/.axisor/staging.env`.
    #[arg(long, value_name = "FILE", global = true)]
    secrets_file: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SecretsArg {
    External,
    Values,
    Placeholders,
}

#[derive(Subcommand)]
// Each subcommand's arguments are built only when it runs: a render skips building them.
#[command(defer = true)]
enum Command {
    /// List the environments, in promotion order, with their namespaces and versions.
    /// Example: `render list`.
    List,
    /// Promote the version one environment runs to the next, and print the target's stream
    /// with that version pinned. A refused promotion prints and writes nothing.
    /// Example: `render promote --from staging --to production --write`.
    Promote(PromoteArgs),
    /// Show what differs between two environments (objects matched by kind and role, the
    /// environment's own names and namespace set aside), or between a fresh render and a
    /// stream or folder written earlier. Exit status as diff(1): 0 equal, 1 different,
    /// 2 error. Secret values are never shown.
    /// Example: `render diff staging production`, `render diff production --against k8s/production`.
    Diff(DiffArgs),
    /// Summarise an environment: namespace, version, promotion chain, quotas, limits,
    /// replicas, images, intervals, schedules, secret source. Example: `render explain staging`.
    Explain {
        /// The environment, such as `production`.
        environment: String,
    },
    /// A pull request's preview: the profile that sets `previews` (testing) in its own
    /// namespace, axisor-pr-N, every object labelled axisor.io/preview=pr-N; or, with
    /// --expired, the previews to remove. Example: `render preview --pr 123`.
    Preview(PreviewArgs),
    /// What to delete after a server-side apply: reads `kubectl get … -l KEY=VALUE -o json`
    /// on stdin and prints `NAMESPACE<TAB>Kind.group/name` for each listed object that
    /// carries the label, is of a kind the renderer emits, has no owner, and is not in the
    /// applied stream; every other listed object is named on stderr. `make apply` runs it.
    /// Example: `kubectl get … -o json | render prune --applied out.yaml --selector app.kubernetes.io/instance=axisor-staging`.
    Prune(PruneArgs),
}

#[derive(clap::Args)]
struct PruneArgs {
    /// The stream (or folder) that was applied.
    #[arg(long, value_name = "FILE")]
    applied: std::path::PathBuf,
    /// The label that marks this environment's (or preview's) objects, KEY=VALUE.
    #[arg(long, value_name = "KEY=VALUE")]
    selector: String,
}

#[derive(clap::Args)]
struct PreviewArgs {
    /// The pull request's number.
    #[arg(long, value_name = "N", required_unless_present = "expired")]
    pr: Option<String>,
    /// When the preview is deployed (RFC 3339); its expiry counts from here. Default: now.
    #[arg(long, value_name = "TIME")]
    created_at: Option<String>,
    /// Run the nightly backup in this preview too.
    #[arg(long)]
    backup: bool,
    /// Read `kubectl get namespaces -l axisor.io/preview -o json` from standard input and
    /// print the namespaces of expired previews, one per line.
    #[arg(long, conflicts_with_all = ["pr", "created_at", "backup"])]
    expired: bool,
    /// The time to compare expiries with (RFC 3339). Default: now.
    #[arg(long, value_name = "TIME", requires = "expired")]
    now: Option<String>,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The environment on the left, such as `staging`.
    left: String,
    /// The environment on the right, such as `production`.
    #[arg(required_unless_present = "against", conflicts_with = "against")]
    right: Option<String>,
    /// Compare a fresh render of the left environment with a YAML stream or a folder of
    /// YAML files (`render --out-dir`, a GitOps repository), to catch drift.
    /// Example: `--against k8s/production`.
    #[arg(long, value_name = "FILE_OR_DIR")]
    against: Option<PathBuf>,
    /// Colour: `auto` (when printing to a terminal and NO_COLOR is unset), `always`, `never`.
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    colour: Colour,
}

#[derive(Clone, Copy, ValueEnum)]
enum Colour {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct PromoteArgs {
    /// The environment whose version is promoted, such as `staging`.
    #[arg(long)]
    from: String,
    /// The environment that receives it, such as `production`.
    #[arg(long)]
    to: String,
    /// The version to promote; it must be what --from runs, unless --force gives a
    /// reason (a rollback promotes an older version). Example: `--version 1.2.0`.
    #[arg(long)]
    version: Option<String>,
    /// Why a version --from does not run is promoted anyway. Example: `--force "rollback: 1.3.0 breaks logins"`.
    #[arg(long, value_name = "REASON")]
    force: Option<String>,
    /// Also record the version in the target's profile file (in --environments DIR, or
    /// ./environments), so the repository says what runs there.
    #[arg(long)]
    write: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // diff(1)'s convention for `render diff`: 1 means "different", so errors are 2.
    let error_code = if matches!(cli.command, Some(Command::Diff(_))) {
        2
    } else {
        1
    };
    if let Some(Command::Diff(args)) = &cli.command {
        return match diff(&cli, args) {
            Ok((report, equal)) => match print(&report) {
                code if code == ExitCode::SUCCESS && !equal => ExitCode::from(1),
                code => code,
            },
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(error_code)
            }
        };
    }
    match run(&cli) {
        Ok(output) => print(&output),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(error_code)
        }
    }
}

/// Everything is produced before anything is printed, so an error prints nothing.
fn run(cli: &Cli) -> Result<String, String> {
    if let Some(command) = &cli.command {
        let catalog = load_catalog(cli)?;
        return match command {
            Command::List => Ok(list(&catalog)),
            Command::Promote(args) => promote(cli, &catalog, args),
            Command::Explain { environment } => Ok(axisor_profile::explain(
                find(&catalog, environment)?,
                &catalog,
            )),
            Command::Preview(args) => preview(cli, &catalog, args),
            Command::Prune(args) => prune(args),
            Command::Diff(_) => Err("render diff is handled before run".to_owned()),
        };
    }
    // The built-in profiles are decoded one by one, only those asked for.
    let loaded = match &cli.environments {
        Some(dir) => Some(Catalog::load_dir(dir).map_err(|e| e.to_string())?),
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
        return Err(format!(
            "name an environment to render, or --all; expected one of: {}",
            chain()
        ));
    }
    let templates = templates(cli)?;
    let mut jobs = Vec::new();
    for name in &names {
        let profile = match &loaded {
            Some(catalog) => find(catalog, name)?,
            None => name
                .parse::<Environment>()
                .map_err(|e| e.to_string())?
                .profile(),
        };
        jobs.push((profile, secrets(cli, loaded.as_ref(), profile)?));
    }
    // Everything is rendered (in parallel) before anything is printed or written.
    match (&cli.out_dir, cli.output) {
        (Some(dir), _) => {
            let manifests = render_many(&jobs, &templates, Ok).map_err(|e| e.to_string())?;
            if let [manifest] = manifests.as_slice() {
                return write_dir(manifest, dir);
            }
            for (name, manifest) in names.iter().zip(&manifests) {
                write_dir(manifest, &dir.join(name))?;
            }
            Ok(String::new())
        }
        (None, Format::Yaml) => {
            let streams =
                render_many(&jobs, &templates, |m| m.to_yaml()).map_err(|e| e.to_string())?;
            Ok(streams.concat())
        }
        (None, Format::Json) => {
            let manifests = render_many(&jobs, &templates, Ok).map_err(|e| e.to_string())?;
            format(&Manifest::join(manifests), Format::Json)
        }
    }
}

fn templates(cli: &Cli) -> Result<Templates, String> {
    match &cli.templates {
        Some(dir) => Templates::load_dir(dir),
        None => Templates::builtin(),
    }
    .map_err(|e| e.to_string())
}

/// `catalog` is the loaded folder, or `None` for the built-in profiles.
fn render_one(
    cli: &Cli,
    catalog: Option<&Catalog>,
    templates: &Templates,
    profile: &Profile,
) -> Result<Manifest, String> {
    let secrets = secrets(cli, catalog, profile)?;
    render_with_secrets(profile, templates, &secrets).map_err(|e| e.to_string())
}

fn prune(args: &PruneArgs) -> Result<String, String> {
    let applied = axisor_renderer::diff::read_objects(&args.applied).map_err(|e| e.to_string())?;
    let mut listed = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut listed)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let pruning = axisor_renderer::prune::stale(&applied, &listed, &args.selector)
        .map_err(|e| e.to_string())?;
    for (object, why) in &pruning.kept {
        eprintln!("kept {object}: {why}");
    }
    Ok(pruning
        .stale
        .iter()
        .map(|s| format!("{}\t{}\n", s.namespace, s.resource))
        .collect())
}

fn preview(cli: &Cli, catalog: &Catalog, args: &PreviewArgs) -> Result<String, String> {
    use axisor_profile::preview;
    let time = |given: &Option<String>| match given {
        Some(text) => preview::parse_time(text),
        None => Ok(preview::now()),
    };
    if args.expired {
        let mut input = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let expiry =
            preview::expired(&input, time(&args.now)?, catalog).map_err(|e| e.to_string())?;
        for (name, why) in &expiry.kept {
            eprintln!("kept namespace {name}: {why}");
        }
        return Ok(expiry.expired.iter().map(|n| format!("{n}\n")).collect());
    }
    let number = args.pr.as_deref().unwrap_or_default();
    let backup = args.backup.then_some(true);
    let pr = preview::preview(catalog, number, time(&args.created_at)?, backup)
        .map_err(|e| e.to_string())?;
    let secrets = secrets(cli, Some(catalog), &pr.profile)?;
    let manifest = axisor_renderer::render_preview(&pr, &templates(cli)?, &secrets)
        .map_err(|e| e.to_string())?;
    match &cli.out_dir {
        Some(dir) => write_dir(&manifest, dir),
        None => format(&manifest, cli.output),
    }
}

fn write_dir(manifest: &Manifest, dir: &std::path::Path) -> Result<String, String> {
    manifest.write_dir(dir).map_err(|e| e.to_string())?;
    Ok(String::new())
}

/// Renders one profile and prints it, or writes it to --out-dir.
fn output(cli: &Cli, catalog: &Catalog, profile: &Profile) -> Result<String, String> {
    let manifest = render_one(cli, Some(catalog), &templates(cli)?, profile)?;
    match &cli.out_dir {
        Some(dir) => write_dir(&manifest, dir),
        None => format(&manifest, cli.output),
    }
}

/// The secret source: the flags, else the profile's choice. Values come from
/// `--secrets-file` or the environment, and may not be any environment's placeholder.
fn secrets(cli: &Cli, catalog: Option<&Catalog>, profile: &Profile) -> Result<Secrets, String> {
    let choice = match (cli.secrets, &cli.secrets_file) {
        (Some(SecretsArg::External), None) => return Ok(Secrets::External),
        (Some(SecretsArg::Placeholders), None) => return Ok(Secrets::Placeholders),
        (Some(SecretsArg::Values) | None, Some(_)) | (Some(SecretsArg::Values), None) => {
            SecretSource::Values
        }
        (Some(_), Some(_)) => return Err("--secrets-file goes with --secrets values".to_owned()),
        (None, None) => profile.secrets.source,
    };
    if choice != SecretSource::Values {
        return Ok(Secrets::for_profile(profile));
    }
    let values = match &cli.secrets_file {
        Some(file) => SecretValues::from_env_file(file).map_err(|e| e.to_string())?,
        None => SecretValues::from_env(profile.secrets.keys.iter().map(|k| k.as_str())),
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

/// The report of `render diff`, and whether both sides are equal.
fn diff(cli: &Cli, args: &DiffArgs) -> Result<(String, bool), String> {
    let catalog = load_catalog(cli)?;
    let templates = templates(cli)?;
    let render_side = |name: &str| -> Result<(Manifest, &Profile), String> {
        let profile = find(&catalog, name)?;
        let manifest = render(profile, &templates).map_err(|e| e.to_string())?;
        Ok((manifest, profile))
    };
    let (left_manifest, left_profile) = render_side(&args.left)?;
    let (diffs, right_label) = match (&args.right, &args.against) {
        (Some(right), _) => {
            let (right_manifest, right_profile) = render_side(right)?;
            let left = Side::environment(&args.left, &left_manifest, left_profile)
                .map_err(|e| e.to_string())?;
            let right_side = Side::environment(right, &right_manifest, right_profile)
                .map_err(|e| e.to_string())?;
            (diff::diff(&left, &right_side), right.clone())
        }
        (None, Some(path)) => {
            let committed = diff::read_objects(path).map_err(|e| e.to_string())?;
            let fresh = Side::environment(&args.left, &left_manifest, left_profile)
                .map_err(|e| e.to_string())?;
            let label = path.display().to_string();
            let left = Side::exact(&args.left, fresh.objects);
            (diff::diff(&left, &Side::exact(&label, committed)), label)
        }
        (None, None) => return Err("name a second environment or --against FILE_OR_DIR".to_owned()),
    };
    let colour = match args.colour {
        Colour::Always => true,
        Colour::Never => false,
        Colour::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    Ok((
        diff::report(&diffs, &args.left, &right_label, colour),
        diffs.is_empty(),
    ))
}

/// Checks the promotion, renders the target with the version pinned and, with --write,
/// records the version; nothing is written unless the render succeeded.
fn promote(cli: &Cli, catalog: &Catalog, args: &PromoteArgs) -> Result<String, String> {
    let plan = promotion::plan(
        catalog,
        &args.from,
        &args.to,
        args.version.as_deref(),
        args.force.as_deref(),
    )
    .map_err(|e| e.to_string())?;
    let pinned = plan
        .pinned(catalog)
        .ok_or_else(|| format!("unknown environment `{}`", args.to))?;
    let stream = output(cli, catalog, &pinned)?;
    if args.write {
        let dir = cli
            .environments
            .clone()
            .unwrap_or_else(|| PathBuf::from("environments"));
        let recorded = match (&plan.held, plan.rollback()) {
            // The target already runs this, on record; writing would end the rollback.
            (Some(_), _) => None,
            (None, Some(rollback)) => Some(record_rollback(&dir, &args.to, &rollback)),
            (None, None) => Some(record_version(&dir, &args.to, &plan.version)),
        };
        match recorded.transpose().map_err(|e| e.to_string())? {
            Some(path) => eprintln!("{plan}; recorded in {}", path.display()),
            None => eprintln!("{plan}; nothing to record"),
        }
    } else {
        eprintln!("{plan}");
    }
    Ok(stream)
}

fn load_catalog(cli: &Cli) -> Result<Catalog, String> {
    match &cli.environments {
        Some(dir) => Catalog::load_dir(dir).map_err(|e| e.to_string()),
        None => Ok(axisor_environments::catalog().clone()),
    }
}

fn find<'a>(catalog: &'a Catalog, name: &str) -> Result<&'a Profile, String> {
    catalog.get(name).ok_or_else(|| {
        format!(
            "unknown environment `{name}`; expected one of: {}",
            catalog.promotion_chain().join(", ")
        )
    })
}

fn format(manifest: &Manifest, format: Format) -> Result<String, String> {
    match format {
        Format::Yaml => manifest.to_yaml(),
        Format::Json => manifest.to_json_list(),
    }
    .map_err(|e| e.to_string())
}

fn list(catalog: &Catalog) -> String {
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

fn print(output: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`render production | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}
