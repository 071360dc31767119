//! Built-in profiles never go stale silently: run beside an `environments/` folder whose
//! profiles differ from those built into the binary (after `render promote --write`, a
//! `git pull`, an edit), the built-in ones are refused.

use std::path::Path;
use std::sync::LazyLock;

use anyhow::anyhow;
use axisor_environments::{PROFILE_FILES, PROFILES_DIGEST};

/// The folder a checkout keeps its profiles in, relative to where `render` runs.
const FOLDER: &str = "environments";

/// Refuses the built-in profiles when `./environments` holds different ones. A folder
/// without `base.yaml` is not a profiles folder and is left alone.
pub(crate) fn check() -> anyhow::Result<()> {
    let folder = Path::new(FOLDER);
    if !folder.join(axisor_profile::BASE_FILE).is_file() {
        return Ok(());
    }
    let files = axisor_profile::folder_files(folder)?;
    let on_disk = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
    if on_disk.eq(PROFILE_FILES.iter().copied()) {
        return Ok(());
    }
    let digest = axisor_profile::folder_digest(folder)?;
    Err(anyhow!(
        "./{FOLDER} holds profiles that differ from the ones built into this binary \
         (folder {}, built in {}); rebuild with `cargo run -p render -- ...`, or read the \
         files with `--{FOLDER} {FOLDER}`",
        short(&digest),
        short(PROFILES_DIGEST),
    ))
}

/// `render --version`: the package version, and which profiles the binary holds.
pub(crate) static VERSION: LazyLock<String> = LazyLock::new(version);

fn version() -> String {
    let names: Vec<&str> = axisor_environments::Environment::ALL
        .iter()
        .map(|e| e.name())
        .collect();
    format!(
        "{}\nprofiles: sha256:{PROFILES_DIGEST} ({})",
        env!("CARGO_PKG_VERSION"),
        names.join(", ")
    )
}

fn short(digest: &str) -> &str {
    digest.get(..12).unwrap_or(digest)
}
