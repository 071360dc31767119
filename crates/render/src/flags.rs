//! The command line's flags and subcommands (clap), apart from what each command does.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub(crate) const EXAMPLES: &str = "Examples:
  render production > out.yaml && kubectl apply -f out.yaml
  render staging -o json | jq '.items[].metadata.name'
  render production --out-dir k8s                 # one file per object in k8s/production
  render --all --out-dir k8s                       # every environment, a folder each: k8s/<env>
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
/// anything is printed; on an error nothing is printed.
///
/// Built-in profiles are refused when ./environments holds different ones (rebuild, or
/// pass --environments environments); `render --version` names the profiles built in.
///
/// Exit status: 0 done; 1 an error (a profile, template or file refused); 2 a usage
/// error (an unknown or misplaced flag, a flag the command gives no meaning to, an
/// environment named twice). `render diff`: 0 equal, 1 different, 2 any error.
#[derive(Parser)]
#[command(name = "render", version = crate::freshness::VERSION.as_str(), after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,

    /// The environments to render, such as `production` (see `render list`); several
    /// print one stream, or with --out-dir write one folder each.
    pub(crate) environments_to_render: Vec<String>,

    /// Render every environment, in promotion order. Example: `render --all --out-dir k8s`.
    #[arg(long, conflicts_with = "environments_to_render")]
    pub(crate) all: bool,

    /// Write one file per object into DIR/<environment> (created if needed) instead of
    /// printing, for one environment or many alike (a preview: DIR/pr-N). Files are named
    /// `NN-kind-name.yaml` so `kubectl apply -f DIR/production` applies them in order;
    /// `.render-files` records what was written, and only recorded files of objects that no
    /// longer exist are removed (a hand-written file never is); Secrets are readable by
    /// their owner only; a failure leaves the old files as they were.
    /// Example: `render --all --out-dir deploy` writes deploy/development, ...
    #[arg(long, value_name = "DIR", global = true)]
    pub(crate) out_dir: Option<PathBuf>,

    /// Output format: `yaml` (a multi-document stream) or `json` (a v1 List).
    /// Example: `-o json`.
    #[arg(short, long, value_enum, global = true)]
    pub(crate) output: Option<Format>,

    /// Load profiles from DIR (a `base.yaml` and one file per environment) instead of the
    /// built-in ones, with the same validation. Example: `--environments ./environments`.
    #[arg(long, value_name = "DIR", global = true)]
    pub(crate) environments: Option<PathBuf>,

    /// Load the templates from DIR instead of the built-in ones: every `*.yaml.j2` in DIR
    /// renders (DIR is the object set), and `render gitops` reads DIR/gitops.
    /// Example: `--templates ./templates`.
    #[arg(long, value_name = "DIR", global = true)]
    pub(crate) templates: Option<PathBuf>,

    /// Where the Secret's values come from, instead of the profile's `secrets.source`:
    /// `external` (an ExternalSecret; nothing secret is printed), `values` (a Secret from
    /// the environment variables AXISOR_SECRET_<KEY> or from --secrets-file), or
    /// `placeholders` (development only). Example: `--secrets values`.
    #[arg(long, value_enum, value_name = "SOURCE", global = true)]
    pub(crate) secrets: Option<SecretsArg>,

    /// Read secret values from FILE (`KEY=value` lines), which must live outside any git
    /// work tree; implies `--secrets values`. Example: `--secrets-file ~/.axisor/staging.env`.
    #[arg(long, value_name = "FILE", global = true)]
    pub(crate) secrets_file: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SecretsArg {
    External,
    Values,
    Placeholders,
}

#[derive(Subcommand)]
// Each subcommand's arguments are built only when it runs: a render skips building them.
#[command(defer = true)]
pub(crate) enum Command {
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
    /// Summarise an environment: namespace, version, promotion chain, how it is deployed,
    /// quotas, limits, replicas and autoscaling, images, ingress, intervals, schedules,
    /// alert thresholds, secret source; `-o json` prints the same rows as one object.
    /// Example: `render explain staging`.
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
    /// The objects with which a GitOps controller deploys the environments from git
    /// (docs/gitops.md): for `argocd`, the AppProject, an Application per environment
    /// pointing at its hydrated folder (`make hydrate`), and, with the environment that
    /// sets `previews`, the ApplicationSet of pull-request previews; for `flux`, a
    /// GitRepository and a Kustomization per environment. Environments still deployed by
    /// push (`gitops.mode: push`) are named on stderr. Example: `render gitops argocd`,
    /// `render gitops flux production | kubectl apply -f -`.
    Gitops(GitopsArgs),
}

#[derive(clap::Args)]
pub(crate) struct GitopsArgs {
    /// The controller: `argocd` or `flux`.
    #[arg(value_enum)]
    pub(crate) controller: ControllerArg,
    /// The environments, such as `production`; all of them when none is named.
    #[arg(value_name = "ENVIRONMENT")]
    pub(crate) names: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ControllerArg {
    Argocd,
    Flux,
}

#[derive(clap::Args)]
pub(crate) struct PruneArgs {
    /// The stream (or folder) that was applied.
    #[arg(long, value_name = "FILE", required_unless_present = "list_kinds")]
    pub(crate) applied: Option<std::path::PathBuf>,
    /// The label that marks this environment's (or preview's) objects, KEY=VALUE.
    #[arg(long, value_name = "KEY=VALUE", required_unless_present = "list_kinds")]
    pub(crate) selector: Option<String>,
    /// Print the resource types pruning looks at, comma-separated as `kubectl get` takes
    /// them (every kind a template may print but the Namespace), and nothing else.
    #[arg(long, conflicts_with_all = ["applied", "selector"])]
    pub(crate) list_kinds: bool,
}

#[derive(clap::Args)]
pub(crate) struct PreviewArgs {
    /// The pull request's number.
    #[arg(long, value_name = "N", required_unless_present = "expired")]
    pub(crate) pr: Option<String>,
    /// When the preview is deployed (RFC 3339); its expiry counts from here. Default: now.
    #[arg(long, value_name = "TIME")]
    pub(crate) created_at: Option<String>,
    /// The preview lives until its pull request closes, as Argo CD's pull-request
    /// generator deploys it (docs/gitops.md): its Namespace carries no expiry, and it
    /// renders the same at any time.
    #[arg(long, conflicts_with = "created_at")]
    pub(crate) until_closed: bool,
    /// Run the nightly backup in this preview too.
    #[arg(long)]
    pub(crate) backup: bool,
    /// Read `kubectl get namespaces -l axisor.io/preview -o json` from standard input and
    /// print the namespaces of expired previews, one per line.
    #[arg(long, conflicts_with_all = ["pr", "created_at", "until_closed", "backup"])]
    pub(crate) expired: bool,
    /// The time to compare expiries with (RFC 3339). Default: now.
    #[arg(long, value_name = "TIME", requires = "expired")]
    pub(crate) now: Option<String>,
}

#[derive(clap::Args)]
pub(crate) struct DiffArgs {
    /// The environment on the left, such as `staging`.
    pub(crate) left: String,
    /// The environment on the right, such as `production`.
    #[arg(required_unless_present = "against", conflicts_with = "against")]
    pub(crate) right: Option<String>,
    /// Compare a fresh render of the left environment with a YAML stream or a folder of
    /// YAML files (`render --out-dir`, a GitOps repository), to catch drift.
    /// Example: `--against k8s/production`.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub(crate) against: Option<PathBuf>,
    /// Colour: `auto` (when printing to a terminal and NO_COLOR is unset), `always`, `never`.
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    pub(crate) colour: Colour,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Colour {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
pub(crate) struct PromoteArgs {
    /// The environment whose version is promoted, such as `staging`.
    #[arg(long)]
    pub(crate) from: String,
    /// The environment that receives it, such as `production`.
    #[arg(long)]
    pub(crate) to: String,
    /// The version to promote; it must be what --from runs, unless --force gives a
    /// reason (a rollback promotes an older version). Example: `--version 1.2.0`.
    #[arg(long)]
    pub(crate) version: Option<String>,
    /// Why a version --from does not run is promoted anyway. Example: `--force "rollback: 1.3.0 breaks logins"`.
    #[arg(long, value_name = "REASON")]
    pub(crate) force: Option<String>,
    /// Also record the version in the target's profile file (in --environments DIR, or
    /// ./environments), so the repository says what runs there.
    #[arg(long)]
    pub(crate) write: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Yaml,
    Json,
}

impl Cli {
    /// The output format asked for; YAML unless `-o json`.
    pub(crate) fn format(&self) -> Format {
        self.output.unwrap_or(Format::Yaml)
    }

    /// Refuses, as a usage error (exit 2), a flag the command gives no meaning to:
    /// `render list --out-dir X` would otherwise write nothing and say nothing.
    pub(crate) fn refuse_meaningless_flags(&self) -> Result<(), clap::Error> {
        let given = [
            ("ENVIRONMENT", !self.environments_to_render.is_empty()),
            ("--all", self.all),
            ("--out-dir", self.out_dir.is_some()),
            ("--output", self.output.is_some()),
            ("--environments", self.environments.is_some()),
            ("--templates", self.templates.is_some()),
            ("--secrets", self.secrets.is_some()),
            ("--secrets-file", self.secrets_file.is_some()),
        ];
        let Some(command) = &self.command else {
            return self.refuse_repeated_or_reserved_names();
        };
        if let Command::Gitops(args) = command
            && let Some(name) = args
                .names
                .iter()
                .enumerate()
                .find_map(|(i, n)| args.names[..i].contains(n).then_some(n))
        {
            let message = format!("environment `{name}` is named twice; name each once");
            return Err(<Cli as clap::CommandFactory>::command()
                .error(clap::error::ErrorKind::ArgumentConflict, message));
        }
        let (name, takes) = command.global_flags();
        match given
            .iter()
            .find(|(flag, set)| *set && !takes.contains(flag))
        {
            None => Ok(()),
            Some((flag, _)) => {
                let takes = if takes.is_empty() {
                    "none of the global flags".to_owned()
                } else {
                    takes.join(", ")
                };
                let message = format!("{flag} means nothing to `render {name}`; it takes {takes}");
                Err(<Cli as clap::CommandFactory>::command()
                    .error(clap::error::ErrorKind::ArgumentConflict, message))
            }
        }
    }
}

impl Cli {
    /// `render production production` would print every object twice, and `render
    /// production list` take `list` for an environment.
    fn refuse_repeated_or_reserved_names(&self) -> Result<(), clap::Error> {
        let names = &self.environments_to_render;
        let problem = names.iter().enumerate().find_map(|(i, name)| {
            if axisor_profile::RESERVED_NAMES.contains(&name.as_str()) {
                Some(format!(
                    "`{name}` is a command, not an environment; give it first: render {name} ..."
                ))
            } else if names[..i].contains(name) {
                Some(format!(
                    "environment `{name}` is named twice; name each once"
                ))
            } else {
                None
            }
        });
        match problem {
            None => Ok(()),
            Some(message) => Err(<Cli as clap::CommandFactory>::command()
                .error(clap::error::ErrorKind::ArgumentConflict, message)),
        }
    }
}

impl Command {
    /// The command's name, and the global flags it gives a meaning to.
    fn global_flags(&self) -> (&'static str, &'static [&'static str]) {
        // What every command that renders a stream takes.
        const RENDERS: [&str; 6] = [
            "--out-dir",
            "--output",
            "--environments",
            "--templates",
            "--secrets",
            "--secrets-file",
        ];
        match self {
            Command::List => ("list", &["--output", "--environments"]),
            Command::Explain { .. } => (
                "explain",
                &["--output", "--environments", "--secrets", "--secrets-file"],
            ),
            Command::Diff(_) => ("diff", &RENDERS[1..]),
            Command::Preview(PreviewArgs { expired: true, .. }) => {
                ("preview --expired", &["--environments"])
            }
            Command::Promote(_) => ("promote", &RENDERS),
            Command::Preview(_) => ("preview", &RENDERS),
            Command::Prune(_) => ("prune", &[]),
            Command::Gitops(_) => ("gitops", &["--output", "--environments", "--templates"]),
        }
    }
}
