//! Running the built `render` as a user does: arguments, a working folder, standard input.

use std::path::Path;
use std::process::{Command, Output};

pub(crate) fn render(args: &[&str]) -> Output {
    render_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `render args` with `input` on standard input.
pub(crate) fn render_with_input(args: &[&str], input: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_render"));
    command.args(args);
    with_input(command, input)
}

/// Runs `command` with `input` on its standard input, capturing its output.
pub(crate) fn with_input(mut command: Command, input: &str) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {command:?} (README: What a machine needs): {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub(crate) fn render_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_render"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A folder holding a copy of the repository's `environments/`, as a checkout has.
pub(crate) fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../environments");
    std::fs::create_dir(dir.path().join("environments")).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let to = dir
            .path()
            .join("environments")
            .join(path.file_name().unwrap());
        std::fs::copy(&path, to).unwrap();
    }
    dir
}
