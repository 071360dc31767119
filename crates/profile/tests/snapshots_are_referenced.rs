//! Every committed error snapshot belongs to a case that still exists, so deleting a case
//! cannot leave a stale snapshot behind.

#[test]
fn every_error_snapshot_has_its_case() {
    let snapshots = std::fs::read_dir("../../snapshots/profile-errors").unwrap();
    let mut count = 0;
    for entry in snapshots {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // Folder cases are snapshotted by tests/folder_errors.rs, one name each.
        let folder_cases = [
            "folder-missing",
            "folder-is-a-file",
            "folder-empty",
            "base-missing",
            "no-environment",
            "huge-file",
        ];
        if folder_cases.iter().any(|c| name == format!("{c}.snap")) {
            continue;
        }
        let case = name
            .strip_prefix("every_bad_profile_is_refused_with_a_located_message@")
            .and_then(|rest| rest.strip_suffix(".snap"))
            .unwrap_or_else(|| panic!("unexpected file {name} in snapshots/profile-errors"));
        let path = format!("tests/cases/invalid/{case}");
        assert!(
            std::path::Path::new(&path).exists(),
            "{name} has no case {path}"
        );
        count += 1;
    }
    assert!(count >= 20, "the catalogue holds {count} snapshots");
}
