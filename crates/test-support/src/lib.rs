//! Helpers shared by the workspace's tests (a dev-dependency only).

use std::path::Path;

/// Copies the files (not the folders) of `from` into `to`.
pub fn copy_files(from: impl AsRef<Path>, to: impl AsRef<Path>) {
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let entry = entry.expect("a readable entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.as_ref().join(entry.file_name())).expect("a copy");
        }
    }
}

/// A temporary folder holding a copy of the files of `from`.
pub fn copy_of(from: impl AsRef<Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_files(from, dir.path());
    dir
}
