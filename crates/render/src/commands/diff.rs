//! `render diff`: two environments, or a fresh render against files.

use std::io::IsTerminal as _;

use anyhow::anyhow;
use axisor_profile::Profile;
use axisor_renderer::Manifest;
use axisor_renderer::diff::ObjectDiff;
use axisor_renderer::diff::{self, Side};

use super::{find, load_catalog, render_one, templates};
use crate::flags::{Cli, Colour, DiffArgs, Format};

/// The report of `render diff`, and whether both sides are equal.
pub(crate) fn diff(cli: &Cli, args: &DiffArgs) -> anyhow::Result<(String, bool)> {
    let catalog = load_catalog(cli)?;
    let templates = templates(cli)?;
    let render_side = |name: &str| -> anyhow::Result<(Manifest, &Profile)> {
        let profile = find(&catalog, name)?;
        let manifest = render_one(cli, Some(&catalog), &templates, profile)?;
        Ok((manifest, profile))
    };
    let (left_manifest, left_profile) = render_side(&args.left)?;
    let (diffs, right_label) = match (&args.right, &args.against) {
        (Some(right), _) => {
            let (right_manifest, right_profile) = render_side(right)?;
            let left = Side::environment(&args.left, &left_manifest, left_profile)?;
            let right_side = Side::environment(right, &right_manifest, right_profile)?;
            (diff::diff(&left, &right_side), right.clone())
        }
        (None, Some(path)) => {
            let committed = crate::stream_files::read_objects(path)?;
            let fresh = Side::environment(&args.left, &left_manifest, left_profile)?;
            let label = path.display().to_string();
            let left = Side::exact(&args.left, fresh.objects);
            (diff::diff(&left, &Side::exact(&label, committed)), label)
        }
        (None, None) => {
            return Err(anyhow!(
                "name a second environment or --against FILE_OR_DIR"
            ));
        }
    };
    let equal = diffs.is_empty();
    if cli.format() == Format::Json {
        return Ok((json_report(&diffs, &args.left, &right_label)?, equal));
    }
    let colour = match args.colour {
        Colour::Always => true,
        Colour::Never => false,
        Colour::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    Ok((
        diff::report(&diffs, &args.left, &right_label, colour),
        equal,
    ))
}

/// `{"left", "right", "equal", "objects": [{"kind", "left_name", "right_name",
/// "fields": [{"path", "left", "right"}]}]}`; names and values are null where absent on
/// that side, and Secret values are redacted as in the text report.
fn json_report(diffs: &[ObjectDiff], left: &str, right: &str) -> anyhow::Result<String> {
    let report = serde_json::json!({
        "left": left,
        "right": right,
        "equal": diffs.is_empty(),
        "objects": diffs,
    });
    Ok(serde_json::to_string_pretty(&report)? + "\n")
}
