//! `cargo run -p xtask -- generate`: writes every generated file (see the library).

use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() != Some("generate") {
        eprintln!("usage: cargo run -p xtask -- generate");
        return ExitCode::from(2);
    }
    let files = match xtask::generated(axisor_environments::catalog()) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (path, contents) in files {
        // Beside the target, then renamed: a failure never leaves half a file.
        let temporary = format!("{path}.tmp");
        let written =
            std::fs::write(&temporary, contents).and_then(|()| std::fs::rename(&temporary, path));
        if let Err(e) = written {
            eprintln!("error: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
