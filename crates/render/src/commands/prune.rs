//! `render prune`: what to delete after a server-side apply.

use anyhow::Context as _;

use crate::flags::PruneArgs;

pub(crate) fn prune(args: &PruneArgs) -> anyhow::Result<String> {
    let (Some(applied), Some(selector)) = (&args.applied, &args.selector) else {
        // clap requires both unless --list-kinds is given.
        return Ok(format!("{}\n", axisor_renderer::prune::kinds()));
    };
    let applied = crate::stream_files::read_objects(applied)?;
    let mut listed = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut listed)
        .context("cannot read standard input")?;
    let pruning = axisor_renderer::prune::stale(&applied, &listed, selector)?;
    for (object, why) in &pruning.kept {
        eprintln!("kept {object}: {why}");
    }
    Ok(pruning
        .stale
        .iter()
        .map(|s| format!("{}\t{}\n", s.namespace, s.resource))
        .collect())
}
