//! Validates `environments/` with the same loader the runtime uses, and generates the
//! `Environment` enum with each profile embedded, so a bad profile fails `cargo build`
//! with the loader's own message and a built binary needs no files at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use axisor_profile::{Catalog, Profile};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("../..");
    // Messages name files relative to the repository, as `environments/production.yaml`.
    if let Err(e) = std::env::set_current_dir(&root) {
        fail(&format!("cannot enter {}: {e}", root.display()));
    }
    // Cargo reads this path relative to the package, so give it whole.
    println!(
        "cargo::rerun-if-changed={}",
        root.join("environments").display()
    );
    let catalog = Catalog::load_dir("environments").unwrap_or_else(|e| fail(&e.to_string()));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    for profile in catalog.profiles() {
        let json = serde_json::to_string(profile).unwrap_or_else(|e| fail(&e.to_string()));
        write(&out.join(format!("{}.json", profile.name)), &json);
    }
    let digest =
        axisor_profile::folder_digest("environments").unwrap_or_else(|e| fail(&e.to_string()));
    let files =
        axisor_profile::folder_files("environments").unwrap_or_else(|e| fail(&e.to_string()));
    let copies = out.join("profile-files");
    if let Err(e) = std::fs::create_dir_all(&copies) {
        fail(&format!("cannot create {}: {e}", copies.display()));
    }
    let mut embedded = String::new();
    for (name, bytes) in &files {
        if let Err(e) = std::fs::write(copies.join(name), bytes) {
            fail(&format!("cannot write a copy of {name}: {e}"));
        }
        let _ = writeln!(
            embedded,
            "    ({name:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/profile-files/{name}\"))),"
        );
    }
    write(
        &out.join("environments.rs"),
        &generate(catalog.profiles(), &digest, &embedded),
    );
}

fn fail(message: &str) -> ! {
    eprintln!("invalid environment profiles:");
    for line in message.lines() {
        eprintln!("error: {line}");
    }
    std::process::exit(1);
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

/// `production` -> `Production`, `pr-preview` -> `PrPreview`.
fn variant(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn generate(profiles: &[Profile], digest: &str, embedded: &str) -> String {
    let mut code = String::new();
    let mut variants = String::new();
    let mut names = String::new();
    let mut sources = String::new();
    for profile in profiles {
        let (name, v) = (profile.name.as_str(), variant(profile.name.as_str()));
        let _ = writeln!(
            variants,
            "    /// `environments/{name}.yaml`, namespace `{}`.",
            profile.namespace
        );
        let _ = writeln!(variants, "    {v},");
        let _ = writeln!(names, "            Environment::{v} => {name:?},");
        let _ = writeln!(
            sources,
            "            Environment::{v} => include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}.json\")),"
        );
    }
    let all: Vec<String> = profiles
        .iter()
        .map(|p| format!("Environment::{}", variant(p.name.as_str())))
        .collect();
    let _ = write!(
        code,
        "/// [`axisor_profile::folder_digest`] of `environments/` when this crate was built:
/// `render` compares it with the folder it runs beside, so built-in profiles never go
/// stale silently.
pub const PROFILES_DIGEST: &str = {digest:?};

/// [`axisor_profile::folder_files`] of `environments/` when this crate was built: the bytes
/// `render` compares with the folder beside it.
pub const PROFILE_FILES: &[(&str, &[u8])] = &[
{embedded}];

/// The environments in `environments/` when this crate was built, in promotion order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(usize)]
pub enum Environment {{
{variants}}}

impl Environment {{
    /// Every built-in environment, in promotion order.
    pub const ALL: [Environment; {count}] = [{all}];

    /// Its position in [`Environment::ALL`].
    fn index(self) -> usize {{
        self as usize
    }}

    /// The environment's name, as its file is named.
    pub fn name(self) -> &'static str {{
        match self {{
{names}        }}
    }}

    /// The validated profile, serialized at build time.
    fn embedded_json(self) -> &'static str {{
        match self {{
{sources}        }}
    }}
}}
",
        count = profiles.len(),
        all = all.join(", "),
    );
    code
}
