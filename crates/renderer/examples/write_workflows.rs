//! Writes the generated GitHub workflows from the built-in profiles:
//! `cargo run -p axisor-render --example write_workflows` (run by `make generate`).
//! A test fails when the committed files are stale.

fn main() {
    let workflow = match axisor_render::promote_workflow(axisor_environments::catalog()) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let path = axisor_render::PROMOTE_PATH;
    // Beside the target, then renamed: a failure never leaves half a file.
    let temporary = format!("{path}.tmp");
    let written =
        std::fs::write(&temporary, workflow).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = written {
        eprintln!("error: cannot write {path}: {e}");
        std::process::exit(1);
    }
}
