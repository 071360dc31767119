//! `render promote`: checks a promotion, prints the pinned target and records it.

use std::path::PathBuf;

use anyhow::anyhow;
use axisor_profile::{Catalog, promotion, record_rollback, record_version};

use super::output;
use crate::flags::{Cli, PromoteArgs};

/// Checks the promotion, renders the target with the version pinned and, with --write,
/// records the version; nothing is written unless the render succeeded.
pub(crate) fn promote(cli: &Cli, catalog: &Catalog, args: &PromoteArgs) -> anyhow::Result<String> {
    let plan = promotion::plan(
        catalog,
        &args.from,
        &args.to,
        args.version.as_deref(),
        args.force.as_deref(),
    )?;
    let pinned = plan
        .pinned(catalog)
        .ok_or_else(|| anyhow!("unknown environment `{}`", args.to))?;
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
        match recorded.transpose()? {
            Some(path) => eprintln!("{plan}; recorded in {}", path.display()),
            None => eprintln!("{plan}; nothing to record"),
        }
    } else {
        eprintln!("{plan}");
    }
    Ok(stream)
}
