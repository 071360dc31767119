//! Embeds the repository's templates: every `*.yaml.j2` of `templates/` (the object set)
//! as `BUILTIN`, and of `templates/gitops/` (the Argo CD and Flux objects) as
//! `BUILTIN_GITOPS`. `templates/workflows/` is xtask's. Adding a kind of object to the
//! built-in set is adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, never compiled in (`env!`): checkouts that share a target
    // folder share this compiled script, and each must embed its own templates.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let templates = Path::new(&manifest).join("../../templates");
    let mut code = String::new();
    embed(&templates, "BUILTIN", &mut code);
    embed(&templates.join("gitops"), "BUILTIN_GITOPS", &mut code);
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_templates.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// `const NAME: [(&str, &str); N]`: `(file, text)` of each template in `folder`, by name.
fn embed(folder: &Path, name: &str, code: &mut String) {
    println!("cargo::rerun-if-changed={}", folder.display());
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .map(|entry| entry.expect("a readable templates folder").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(".yaml.j2") && !name.starts_with('.'))
        .collect();
    files.sort();
    writeln!(code, "const {name}: [(&str, &str); {}] = [", files.len()).expect("a String");
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
}
