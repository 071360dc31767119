//! Embeds every template of the repository's `templates/` folder (its `*.yaml.j2` files;
//! `templates/workflows/` is xtask's), so adding a kind of object to the built-in set is
//! adding a file there.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    println!("cargo::rerun-if-changed={}", folder.display());
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .map(|entry| entry.expect("a readable templates folder").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(".yaml.j2") && !name.starts_with('.'))
        .collect();
    files.sort();
    let mut code = format!("const BUILTIN: [(&str, &str); {}] = [\n", files.len());
    for file in &files {
        let path = folder.join(file);
        writeln!(
            code,
            "    ({file:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_templates.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
