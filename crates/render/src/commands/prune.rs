//! `render prune`: what to delete after a server-side apply.

use anyhow::Context as _;

use crate::flags::PruneArgs;

pub(crate) fn prune(args: &PruneArgs) -> anyhow::Result<String> {
    let applied = crate::stream_files::read_objects(&args.applied)?;
    let mut listed = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut listed)
        .context("cannot read standard input")?;
    let pruning = axisor_renderer::prune::stale(&applied, &listed, &args.selector)?;
    for (object, why) in &pruning.kept {
        eprintln!("kept {object}: {why}");
    }
    Ok(pruning
        .stale
        .iter()
        .map(|s| format!("{}\t{}\n", s.namespace, s.resource))
        .collect())
}
