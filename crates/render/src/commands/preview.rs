//! `render preview`: a pull request's preview, or the expired previews.

use anyhow::Context as _;
use axisor_profile::Catalog;

use super::{format, secrets, templates, write_dir};
use crate::flags::{Cli, PreviewArgs};

pub(crate) fn preview(cli: &Cli, catalog: &Catalog, args: &PreviewArgs) -> anyhow::Result<String> {
    use axisor_profile::preview;
    let time = |given: &Option<String>| match given {
        Some(text) => preview::parse_time(text),
        None => Ok(preview::now()),
    };
    if args.expired {
        let mut input = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
            .context("cannot read standard input")?;
        let expiry = crate::expiry::expired(&input, time(&args.now)?, catalog)?;
        for (name, why) in &expiry.kept {
            eprintln!("kept namespace {name}: {why}");
        }
        return Ok(expiry.expired.iter().map(|n| format!("{n}\n")).collect());
    }
    let number = args.pr.as_deref().unwrap_or_default();
    let backup = args.backup.then_some(true);
    let pr = if args.until_closed {
        preview::until_closed(catalog, number, backup)?
    } else {
        preview::preview(catalog, number, time(&args.created_at)?, backup)?
    };
    let secrets = secrets(cli, Some(catalog), &pr.profile)?;
    let manifest = axisor_renderer::render_preview(&pr, &templates(cli)?, &secrets)?;
    match &cli.out_dir {
        Some(dir) => write_dir(&manifest, dir, &format!("pr-{}", pr.number)),
        None => format(&manifest, cli.format()),
    }
}
