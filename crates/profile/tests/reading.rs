//! Reading profile files: hostile or unusual bytes give a located error, never a panic.

use axisor_profile::{Catalog, ProfileError, Source};

const BASE: &str = include_str!("cases/base.yaml");
const ENV: &str = "short_name: case\nnamespace: case\npromotion:\n  order: 10\n";

fn error_for(env: impl Into<Vec<u8>>) -> String {
    Catalog::from_sources(
        Source::new("environments/base.yaml", BASE),
        vec![Source::new("environments/case.yaml", env)],
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn strings_must_be_strings() {
    let err = error_for(format!("{ENV}version: 2\n"));
    assert_eq!(
        err,
        "environments/case.yaml:5:10: version: expected a string, found the number `2`; quote it to make it a string"
    );
    let err = error_for(format!("{ENV}database:\n  user: true\n"));
    assert!(
        err.contains("database.user: expected a string, found the boolean `true`"),
        "{err}"
    );
    // `yes` is a string in YAML 1.2 (which profiles are read as), though kubectl's YAML
    // 1.1 would read a boolean: it stays the string it is, and the renderer quotes it.
    let catalog = Catalog::from_sources(
        Source::new("environments/base.yaml", BASE),
        vec![Source::new(
            "environments/case.yaml",
            format!("{ENV}database:\n  user: yes\n"),
        )],
    )
    .unwrap();
    assert_eq!(catalog.get("case").unwrap().database.user, "yes");
}

#[test]
fn tags_and_extra_documents_are_refused() {
    assert!(
        error_for(format!("{ENV}version: !!str 2\n"))
            .contains("5:10: version: YAML tags are not supported")
    );
    assert!(
        error_for(format!("{ENV}---\nshort_name: x\n")).contains("a profile is one YAML document")
    );
}

#[test]
fn alias_bombs_stop_at_the_first_alias() {
    let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
    let err = error_for(bomb);
    assert!(
        err.starts_with("environments/case.yaml:1:4: a: anchors are not supported"),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let nested = |depth: usize| format!("{ENV}app: {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let err = error_for(nested(40));
    assert!(err.starts_with("environments/case.yaml:5:"), "{err}");
    assert!(err.contains("nesting deeper than 32 levels"), "{err}");
    // Far deeper, the YAML parser's own limit stops it first, also with a location.
    let err = error_for(nested(100_000));
    assert!(err.starts_with("environments/case.yaml:5:"), "{err}");
    assert!(
        err.contains("invalid YAML: recursion limit exceeded"),
        "{err}"
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let mut bytes = ENV.as_bytes().to_vec();
    bytes.extend_from_slice(b"version: \"1.0\xff\"\n");
    let err = error_for(bytes);
    assert_eq!(
        err,
        "environments/case.yaml:5:14: the file is not valid UTF-8; expected UTF-8 text"
    );
}

#[test]
fn huge_files_are_refused_before_parsing() {
    let huge = format!("{ENV}# {}\n", "x".repeat(axisor_profile::MAX_FILE_BYTES));
    assert!(error_for(huge).contains("larger than 1048576 bytes"));
}

#[test]
fn keys_must_be_strings() {
    let err = error_for(format!("{ENV}? [a, b]\n: 1\n"));
    assert!(err.contains("keys must be plain strings"), "{err}");
}

#[test]
fn folder_problems_name_the_folder() {
    let missing = Catalog::load_dir("no/such/folder").unwrap_err();
    assert!(matches!(missing, ProfileError::Folder { .. }));
    assert!(
        std::error::Error::source(&missing).is_some(),
        "the io::Error is kept"
    );
    assert!(
        missing
            .to_string()
            .starts_with("no/such/folder: cannot read the environments folder"),
        "{missing}"
    );

    let file = tempfile::NamedTempFile::new().unwrap();
    let not_a_folder = Catalog::load_dir(file.path()).unwrap_err().to_string();
    assert!(
        not_a_folder.contains("cannot read the environments folder"),
        "{not_a_folder}"
    );

    let empty = tempfile::tempdir().unwrap();
    let no_base = Catalog::load_dir(empty.path()).unwrap_err().to_string();
    assert!(
        no_base.ends_with("base.yaml: missing: every environment is layered on it"),
        "{no_base}"
    );

    std::fs::write(empty.path().join("base.yaml"), BASE).unwrap();
    let no_envs = Catalog::load_dir(empty.path()).unwrap_err().to_string();
    assert!(
        no_envs.contains("no environment profiles beside"),
        "{no_envs}"
    );

    std::fs::write(empty.path().join("case.yaml"), ENV).unwrap();
    std::fs::write(empty.path().join("notes.txt"), "not a profile").unwrap();
    let catalog = Catalog::load_dir(empty.path()).unwrap();
    assert_eq!(
        catalog.promotion_chain(),
        ["case"],
        "only .yaml files are profiles"
    );
}

#[test]
fn profile_numbers_follow_the_core_schema() {
    let replicas = |value: &str| {
        let text = BASE.replacen("    replicas: 1\n", &format!("    replicas: {value}\n"), 1);
        Catalog::from_sources(
            Source::new("environments/base.yaml", text),
            vec![Source::new("environments/case.yaml", ENV)],
        )
        .map(|catalog| catalog.get("case").unwrap().workloads.backend.replicas)
        .map_err(|error| error.to_string())
    };
    assert_eq!(replicas("0x2"), Ok(2));
    assert_eq!(replicas("0o3"), Ok(3));
    let error = replicas("99999999999999999999").unwrap_err();
    assert!(
        error.contains("replicas: the integer `99999999999999999999` does not fit in 64 bits"),
        "{error}"
    );
    let error = replicas(".inf").unwrap_err();
    assert!(error.contains("replicas: "), "{error}");
}
