//! GitHub Actions workflows generated from the profiles, so their choice lists follow the
//! environments. Templates use `[[ ]]` and `[% %]` so GitHub's `${{ }}` passes through.

use axisor_profile::promotion::targets;
use axisor_profile::{Catalog, DeployMode};
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, context};

use crate::Error;

const PROMOTE: &str = include_str!("../templates/workflows/promote.yml.j2");
const DEPLOY: &str = include_str!("../templates/workflows/deploy.yml.j2");

/// Where `make generate` writes the deploy workflow.
pub const DEPLOY_PATH: &str = ".github/workflows/deploy.yml";

/// Where `make generate` writes the promotion workflow.
pub const PROMOTE_PATH: &str = ".github/workflows/promote.yml";

/// `.github/workflows/promote.yml`: sources are the environments that can promote
/// somewhere, targets those that can receive.
///
/// ```
/// let catalog = axisor_environments::catalog();
/// let workflow = xtask::promote_workflow(catalog).unwrap();
/// assert!(workflow.contains("          - staging\n"));
/// assert!(workflow.contains("${{ inputs.to_environment }}"));
/// ```
pub fn promote_workflow(catalog: &Catalog) -> Result<String, Error> {
    let chain = catalog.promotion_chain();
    let mut sources = Vec::new();
    let mut receiving = Vec::new();
    for name in &chain {
        let reachable = targets(catalog, name);
        if !reachable.is_empty() {
            sources.push(name.to_string());
        }
        receiving.extend(reachable.into_iter().map(str::to_owned));
    }
    // In chain order, each once.
    let receiving: Vec<String> = chain
        .iter()
        .filter(|n| receiving.iter().any(|r| r == *n))
        .map(|n| n.to_string())
        .collect();
    render(
        "templates/workflows/promote.yml.j2",
        PROMOTE,
        context! { sources, targets => receiving },
    )
}

/// `.github/workflows/deploy.yml`: pushes to each environment's `branches` deploy it
/// (the last one, production, only at the version its predecessor runs); pull
/// requests get previews of the environment that sets `previews`.
///
/// ```
/// let workflow = xtask::deploy_workflow(axisor_environments::catalog()).unwrap();
/// assert!(workflow.contains("            release/*) environment=staging mode=push ;;\n"));
/// ```
pub fn deploy_workflow(catalog: &Catalog) -> Result<String, Error> {
    let chain = catalog.promotion_chain();
    let deployed: Vec<minijinja::Value> = chain
        .iter()
        .enumerate()
        .filter_map(|(index, name)| {
            let profile = catalog.get(name)?;
            // The last environment (production) only ever runs what its predecessor runs;
            // the others take what their branch records.
            let last = index + 1 == chain.len();
            let previous = index.checked_sub(1).filter(|_| last).map(|i| chain[i].to_string());
            let mode = profile.gitops.mode.as_str();
            (!profile.branches.is_empty()).then(|| {
                context! { name => name.to_string(), branches => profile.branches.clone(), previous, mode }
            })
        })
        .collect();
    let preview_source = catalog
        .preview_source()
        .map(|(profile, _)| profile.name.to_string())
        .unwrap_or_default();
    // Previews in pull mode come from Argo CD's ApplicationSet, not from this workflow.
    let previews_pushed = catalog
        .preview_source()
        .is_none_or(|(profile, _)| profile.gitops.mode == DeployMode::Push);
    render(
        "templates/workflows/deploy.yml.j2",
        DEPLOY,
        context! { deployed, preview_source, previews_pushed },
    )
}

fn render(name: &str, source: &str, context: minijinja::Value) -> Result<String, Error> {
    let error = |e: minijinja::Error| Error::Template {
        template: name.to_owned(),
        line: e.line().unwrap_or(0),
        message: e.to_string(),
        source: e,
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .block_delimiters("[%", "%]")
        .variable_delimiters("[[", "]]")
        .comment_delimiters("[#", "#]")
        .keep_trailing_newline(true)
        .build()
        .map_err(error)?;
    env.set_syntax(syntax);
    env.render_str(source, context).map_err(error)
}
