//! `render`: prints an environment's Kubernetes objects. A thin command line over
//! axisor-renderer; every decision lives in the libraries.

// musl's own allocator is slow for the many small allocations of a render (`make release`).
#[cfg(target_env = "musl")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

mod commands;
mod expiry;
mod flags;
mod freshness;
mod secret_input;
mod stream_files;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

use flags::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(usage) = cli.refuse_meaningless_flags() {
        usage.exit();
    }
    // diff(1)'s convention for `render diff`: 1 means "different", so errors are 2.
    let error_code = if matches!(cli.command, Some(Command::Diff(_))) {
        2
    } else {
        1
    };
    match commands::run(&cli) {
        Ok(printed) => match print(&printed.text) {
            code if code == ExitCode::SUCCESS && printed.differs => ExitCode::from(1),
            code => code,
        },
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error_code)
        }
    }
}

fn print(output: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`render production | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}
