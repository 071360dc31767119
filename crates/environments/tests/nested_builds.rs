//! Builds of whole checkouts, through a nested cargo: slow, so `cargo test` skips them
//! (`#[ignore]`) and `make check-builds`, part of `make test`, runs them once. Each
//! checkout is a copy of the workspace in a temporary folder. They build into the folder
//! `AXISOR_NESTED_TARGET_DIR` names: `make check-builds` runs this test binary outside
//! cargo and names its own target folder, so the nested builds reuse the dependencies
//! `make lint` checked. Run by `cargo test -- --ignored`, which holds the lock on that
//! folder, they build into a folder of their own, kept between runs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a checkout needs to build `render`.
const CHECKOUT: [&str; 6] = [
    "Cargo.toml",
    "Cargo.lock",
    "crates",
    "xtask",
    "templates",
    "environments",
];

fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        copy_tree(&entry.path(), &to.join(entry.file_name()));
    }
}

/// A copy of this workspace in a new temporary folder.
fn checkout() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let copy = tempfile::tempdir().unwrap();
    for part in CHECKOUT {
        copy_tree(&root.join(part), &copy.path().join(part));
    }
    copy
}

/// The target folder every nested build of these tests shares.
fn shared_target() -> PathBuf {
    std::env::var_os("AXISOR_NESTED_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("nested-builds"))
}

/// `cargo check -p render` in `checkout`: its status, its stderr, and the `OUT_DIR` of
/// each of our build scripts, by package name.
fn check(checkout: &Path) -> (bool, String, Vec<(String, PathBuf)>) {
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "--locked",
            "--message-format=json",
            "-p",
            "render",
        ])
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", shared_target())
        .output()
        .unwrap();
    let out_dirs = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.contains("\"reason\":\"build-script-executed\""))
        .filter_map(|line| {
            let package = field(line, "package_id")?;
            let name = ["axisor-renderer", "axisor-environments"]
                .into_iter()
                .find(|name| package.contains(name))?;
            Some((name.to_owned(), PathBuf::from(field(line, "out_dir")?)))
        })
        .collect();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr, out_dirs)
}

/// A string field of one line of cargo's JSON messages (no escapes in the values read).
fn field(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!("\"{name}\":\""))? + name.len() + 4;
    let end = start + line[start..].find('"')?;
    Some(line[start..end].to_owned())
}

fn out_dir(out_dirs: &[(String, PathBuf)], package: &str) -> PathBuf {
    out_dirs
        .iter()
        .find(|(name, _)| name == package)
        .unwrap_or_else(|| panic!("no build script output of {package} in {out_dirs:?}"))
        .1
        .clone()
}

/// Checks `root` and asserts that what its build scripts embedded is its own: the
/// templates it names are under `root`, never under `other`, and the profiles are its.
fn check_embeds_its_own(root: &Path, other: &Path) {
    let (ok, stderr, out_dirs) = check(root);
    assert!(ok, "{stderr}");
    let templates =
        std::fs::read_to_string(out_dir(&out_dirs, "axisor-renderer").join("builtin_templates.rs"))
            .unwrap();
    let (own, others) = (root.display().to_string(), other.display().to_string());
    assert!(templates.contains(&own), "not from {own}:\n{templates}");
    assert!(!templates.contains(&others), "from {others}:\n{templates}");
    let embedded = out_dir(&out_dirs, "axisor-environments").join("profile-files/base.yaml");
    assert_eq!(
        std::fs::read(embedded).unwrap(),
        std::fs::read(root.join("environments/base.yaml")).unwrap(),
        "the profiles embedded are not {own}'s"
    );
}

/// Checkouts that build into one target folder each embed their own templates and
/// profiles. The second checkout is made (and differs in a profile and a template) after
/// the first has built, as a clone for review is; then the first is deleted, and this
/// repository builds again, itself, into the same folder.
#[test]
#[ignore = "a nested cargo build; run by make check-builds"]
fn two_checkouts_sharing_a_target_folder_each_embed_their_own_files() {
    let first = checkout();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repository = repository.canonicalize().unwrap();
    check_embeds_its_own(first.path(), &repository);

    let second = checkout();
    let profile = second.path().join("environments/base.yaml");
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::write(&profile, format!("# the second checkout\n{text}")).unwrap();
    let template = std::fs::read_dir(second.path().join("templates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().ends_with(".yaml.j2"))
        .unwrap();
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{{# the second checkout #}}\n{text}")).unwrap();
    check_embeds_its_own(second.path(), first.path());

    // A checkout that built into the folder is gone: the others still build.
    drop(first);
    check_embeds_its_own(&repository, second.path());
}

/// A broken profile fails `cargo build` with the loader's message.
#[test]
#[ignore = "a nested cargo build; run by make check-builds"]
fn a_broken_profile_fails_the_build_naming_file_line_and_field() {
    let copy = checkout();
    let profile = std::fs::read_dir(copy.path().join("environments"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            std::fs::read_to_string(path).is_ok_and(|text| text.contains("\n  interval: "))
        })
        .expect("a profile that sets monitoring.interval");
    let text = std::fs::read_to_string(&profile).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  interval: "))
        .unwrap();
    let broken: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(index, l)| match index == line {
            true => "  interval: 10 seconds".to_owned(),
            false => l.to_owned(),
        })
        .collect();
    std::fs::write(&profile, broken.join("\n") + "\n").unwrap();

    let (ok, stderr, _) = check(copy.path());
    assert!(!ok, "the build must fail:\n{stderr}");
    let name = profile.file_name().unwrap().to_string_lossy();
    let expected = format!(
        "error: environments/{name}:{}:13: monitoring.interval: `10 seconds` is not a positive duration",
        line + 1
    );
    assert!(
        stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}
