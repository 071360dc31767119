//! Writes the JSON Schema of profile files: `cargo run -p axisor-profile --example write_schema -- environments/schema.json`.
//! `make generate` runs this; a test fails when the committed file is stale.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: write_schema OUTPUT.json");
        std::process::exit(2);
    };
    // Write beside the target and rename, so a failure never leaves half a file.
    let temporary = format!("{path}.tmp");
    let result = std::fs::write(&temporary, axisor_profile::layer_schema())
        .and_then(|()| std::fs::rename(&temporary, &path));
    if let Err(e) = result {
        eprintln!("cannot write {path}: {e}");
        std::process::exit(1);
    }
}
