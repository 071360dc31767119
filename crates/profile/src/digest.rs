//! A digest of a profiles folder: what the loader reads from it, so that a binary with
//! profiles built in can tell whether the folder beside it still says the same.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::catalog::read_folder;
use crate::error::ProfileError;

/// The SHA-256 (hex) of the files [`Catalog::load_dir`](crate::Catalog::load_dir) reads from
/// `dir`, by file name (not path, so a copy of the folder has the same digest) and content.
/// The build embeds the digest of `environments/`; `render` compares it with the folder
/// it runs beside.
///
/// ```
/// let digest = axisor_profile::folder_digest("../../environments").unwrap();
/// assert_eq!(digest.len(), 64);
/// assert_eq!(digest, axisor_profile::folder_digest("../../environments/").unwrap());
/// ```
pub fn folder_digest(dir: impl AsRef<Path>) -> Result<String, ProfileError> {
    let mut hasher = Sha256::new();
    for (name, bytes) in folder_files(dir)? {
        // Lengths first, so that no two different folders hash the same bytes.
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize() {
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(hex)
}

/// The files [`Catalog::load_dir`](crate::Catalog::load_dir) reads from `dir`, by file
/// name, in name order: what [`folder_digest`] hashes, and what a binary with built-in
/// profiles compares with the folder beside it (bytes compare faster than they hash).
///
/// ```
/// let files = axisor_profile::folder_files("../../environments").unwrap();
/// assert_eq!(files[0].0, "base.yaml");
/// ```
pub fn folder_files(dir: impl AsRef<Path>) -> Result<Vec<(String, Vec<u8>)>, ProfileError> {
    let (base, environments) = read_folder(dir.as_ref())?;
    let mut files: Vec<(String, Vec<u8>)> = std::iter::once(base)
        .chain(environments)
        .map(|source| (file_name(&source.name).to_owned(), source.bytes))
        .collect();
    files.sort();
    Ok(files)
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}
