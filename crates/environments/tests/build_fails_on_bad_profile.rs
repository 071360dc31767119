//! A broken profile fails `cargo build` with the loader's message. The build runs in a
//! temporary copy of the workspace, with a target folder of its own (the outer `cargo
//! test` holds the lock on the usual one) that persists so later runs are cheap.

use std::path::Path;
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_broken_profile_fails_the_build_naming_file_line_and_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let copy = tempfile::tempdir().unwrap();
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root.join(file), copy.path().join(file)).unwrap();
    }
    for dir in [
        "environments",
        "crates/yaml/src",
        "crates/profile/src",
        "crates/environments/src",
        "crates/test-support/src",
    ] {
        copy_tree(&root.join(dir), &copy.path().join(dir));
    }
    for file in [
        "crates/yaml/Cargo.toml",
        "crates/profile/Cargo.toml",
        "crates/environments/Cargo.toml",
        "crates/environments/build.rs",
        "crates/test-support/Cargo.toml",
    ] {
        std::fs::copy(root.join(file), copy.path().join(file)).unwrap();
    }
    let production = copy.path().join("environments/production.yaml");
    let text = std::fs::read_to_string(&production).unwrap();
    assert!(text.contains("  interval: 10s\n"));
    std::fs::write(
        &production,
        text.replace("  interval: 10s\n", "  interval: 10 seconds\n"),
    )
    .unwrap();
    let line = text.lines().position(|l| l == "  interval: 10s").unwrap() + 1;

    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "-p", "axisor-environments"])
        .current_dir(copy.path())
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("nested-build"),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build must fail:\n{stderr}");
    let expected = format!(
        "error: environments/production.yaml:{line}:13: monitoring.interval: `10 seconds` is not a positive duration"
    );
    assert!(
        stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}
