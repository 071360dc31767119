//! Writes the generated GitHub workflows from the built-in profiles:
//! `cargo run -p axisor-render --example write_workflows` (run by `make generate`).
//! A test fails when the committed files are stale.

use axisor_renderer::{DEPLOY_PATH, PROMOTE_PATH, deploy_workflow, promote_workflow};

fn main() {
    let catalog = axisor_environments::catalog();
    for (path, workflow) in [
        (PROMOTE_PATH, promote_workflow(catalog)),
        (DEPLOY_PATH, deploy_workflow(catalog)),
    ] {
        let workflow = workflow.unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1);
        });
        // Beside the target, then renamed: a failure never leaves half a file.
        let temporary = format!("{path}.tmp");
        let written =
            std::fs::write(&temporary, workflow).and_then(|()| std::fs::rename(&temporary, path));
        if let Err(e) = written {
            eprintln!("error: cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
}
