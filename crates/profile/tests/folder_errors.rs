//! The catalogue's cases that are folders rather than files: a missing, empty or
//! not-a-folder environments folder, a missing base, and a huge file (made at run time, not
//! committed). Each error text is pinned by a snapshot, with the temporary folder's path
//! replaced by `ENVIRONMENTS`.

use std::path::Path;

use axisor_profile::{Catalog, MAX_FILE_BYTES};

const BASE: &str = include_str!("cases/base.yaml");
const ENV: &str = "short_name: case\nnamespace: case\npromotion:\n  order: 10\n";

fn error_in(dir: &Path) -> String {
    let error = Catalog::load_dir(dir).unwrap_err().to_string();
    error.replace(&dir.display().to_string(), "ENVIRONMENTS")
}

fn snapshot(name: &str, text: String) {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/profile-errors",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn folder_cases() {
    let dir = tempfile::tempdir().unwrap();

    let missing = dir.path().join("environments");
    snapshot("folder-missing", error_in(&missing));

    std::fs::write(&missing, "a file").unwrap();
    snapshot("folder-is-a-file", error_in(&missing));
    std::fs::remove_file(&missing).unwrap();

    std::fs::create_dir(&missing).unwrap();
    snapshot("folder-empty", error_in(&missing));

    std::fs::write(missing.join("staging.yaml"), ENV).unwrap();
    snapshot("base-missing", error_in(&missing));

    std::fs::remove_file(missing.join("staging.yaml")).unwrap();
    std::fs::write(missing.join("base.yaml"), BASE).unwrap();
    snapshot("no-environment", error_in(&missing));

    let huge = format!("{ENV}# {}\n", "x".repeat(MAX_FILE_BYTES));
    std::fs::write(missing.join("huge.yaml"), huge).unwrap();
    snapshot("huge-file", error_in(&missing));
}

/// A copy of the repository's `environments/`, to break one way at a time.
fn repository_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("../../environments").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn the_repository_s_folder_broken_one_way_at_a_time() {
    // A misspelt section in staging.yaml: named there, with the suggestion, and not the
    // "missing" interval that base.yaml then seems to lack.
    let dir = repository_copy();
    let staging = dir.path().join("staging.yaml");
    let text = std::fs::read_to_string(&staging).unwrap();
    std::fs::write(&staging, text.replace("\nmonitoring:", "\nmontoring:")).unwrap();
    snapshot("repository-misspelt-section", error_in(dir.path()));

    // A `.yml` file would be ignored silently; it is refused instead.
    std::fs::write(&staging, &text).unwrap();
    std::fs::rename(&staging, dir.path().join("staging.yml")).unwrap();
    snapshot("repository-yml-file", error_in(dir.path()));

    // Notes beside the profiles are read as an environment, and the message says so.
    std::fs::rename(dir.path().join("staging.yml"), &staging).unwrap();
    std::fs::write(dir.path().join("notes.yaml"), "todo: rotate the keys\n").unwrap();
    snapshot("repository-notes-file", error_in(dir.path()));

    // The editors' schema beside them is not a profile.
    std::fs::remove_file(dir.path().join("notes.yaml")).unwrap();
    assert!(dir.path().join("schema.json").is_file());
    assert_eq!(Catalog::load_dir(dir.path()).unwrap().profiles().len(), 4);
}
