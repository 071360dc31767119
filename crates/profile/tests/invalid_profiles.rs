//! The catalogue of bad profiles: each file in `tests/cases/invalid/` is loaded as an
//! environment beside a valid companion, on `tests/cases/base.yaml`, and its error text
//! is pinned by a snapshot in `snapshots/profile-errors/`.

use std::path::Path;

use axisor_profile::{Catalog, Source};

const CASES: &str = "tests/cases";

/// Sources named as they appear in messages: relative to the repository.
fn source(path: &Path) -> Source {
    let relative = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path);
    let name = Path::new("crates/profile").join(relative);
    Source::new(name.display().to_string(), std::fs::read(path).unwrap())
}

fn case_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(CASES).join(name)
}

fn load(case: &Path) -> Result<Catalog, axisor_profile::ProfileError> {
    Catalog::from_sources(
        source(&case_path("base.yaml")),
        vec![source(&case_path("companion.yaml")), source(case)],
    )
}

#[test]
fn the_companion_alone_is_valid() {
    let catalog = Catalog::from_sources(
        source(&case_path("base.yaml")),
        vec![source(&case_path("companion.yaml"))],
    )
    .unwrap();
    assert_eq!(catalog.promotion_chain(), ["companion"]);
}

#[test]
fn every_bad_profile_is_refused_with_a_located_message() {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/profile-errors",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("cases/invalid/*.yaml", |path| {
            let error = load(path).expect_err("a bad profile must be refused").to_string();
            let file = path.file_name().unwrap().to_str().unwrap();
            // Problems point at the case, or at base.yaml where the value they are about
            // was written (a quota too small for the case's replicas).
            for line in error.lines() {
                let (file_name, position) = line.split_once(".yaml:").unwrap();
                let (line_number, rest) = position.split_once(':').unwrap();
                let (column, _) = rest.split_once(':').unwrap();
                assert!(
                    file_name == format!("crates/profile/tests/cases/invalid/{}", file.trim_end_matches(".yaml"))
                        || file_name == "crates/profile/tests/cases/base",
                    "{line}"
                );
                assert!(line_number.parse::<usize>().is_ok() && column.parse::<usize>().is_ok(), "{line}");
            }
            assert!(!error.contains(env!("CARGO_MANIFEST_DIR")), "paths are relative: {error}");
            assert!(!error.contains("not-a-real-password"), "secrets are never echoed: {error}");
            insta::assert_snapshot!(error);
        });
    });
}
