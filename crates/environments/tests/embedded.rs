//! The embedded profiles are exactly what the files say, reachable by name.

use axisor_environments::{Environment, PROFILE_FILES, PROFILES_DIGEST, catalog};
use axisor_profile::Catalog;

#[test]
fn embedded_profiles_match_the_files() {
    let from_files = Catalog::load_dir("../../environments").unwrap();
    assert_eq!(catalog(), &from_files);
    for env in Environment::ALL {
        assert_eq!(env.profile(), from_files.get(env.name()).unwrap());
    }
}

#[test]
fn the_embedded_digest_is_the_folder_s_and_changes_with_any_byte() {
    assert_eq!(
        PROFILES_DIGEST,
        axisor_profile::folder_digest("../../environments").unwrap()
    );
    let files = axisor_profile::folder_files("../../environments").unwrap();
    let embedded: Vec<(String, Vec<u8>)> = PROFILE_FILES
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    assert_eq!(
        embedded, files,
        "the bytes render compares are the folder's"
    );
    let copy = tempfile::tempdir().unwrap();
    for file in std::fs::read_dir("../../environments").unwrap() {
        let path = file.unwrap().path();
        std::fs::copy(&path, copy.path().join(path.file_name().unwrap())).unwrap();
    }
    assert_eq!(
        axisor_profile::folder_digest(copy.path()).unwrap(),
        PROFILES_DIGEST,
        "a copy elsewhere has the same digest"
    );
    let staging = copy.path().join("staging.yaml");
    let text = std::fs::read_to_string(&staging).unwrap();
    std::fs::write(&staging, format!("{text}# a comment\n")).unwrap();
    assert_ne!(
        axisor_profile::folder_digest(copy.path()).unwrap(),
        PROFILES_DIGEST
    );
    std::fs::write(&staging, &text).unwrap();
    std::fs::write(copy.path().join("qa.yaml"), "").unwrap();
    assert_ne!(
        axisor_profile::folder_digest(copy.path()).unwrap(),
        PROFILES_DIGEST,
        "a new environment file changes it"
    );
}

/// The environment files in `environments/`, by name (what `make generate` follows).
fn files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("../../environments")
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(".yaml").map(str::to_owned))
        .filter(|name| name != "base")
        .collect();
    names.sort();
    names
}

#[test]
fn one_variant_per_file_in_promotion_order() {
    let names: Vec<&str> = Environment::ALL.iter().map(|e| e.name()).collect();
    let mut sorted: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    sorted.sort();
    assert_eq!(sorted, files());
    let orders: Vec<u32> = Environment::ALL
        .iter()
        .map(|e| e.profile().promotion.order)
        .collect();
    assert!(orders.is_sorted(), "{names:?} in order {orders:?}");
    assert_eq!(names.first(), Some(&"development"));
    assert_eq!(names.last(), Some(&"production"));
    assert_eq!(
        Environment::Staging.profile().namespace.as_str(),
        "axisor-staging"
    );
}

#[test]
fn names_parse_and_print() {
    for env in Environment::ALL {
        assert_eq!(env.to_string().parse::<Environment>().unwrap(), env);
    }
    let err = "prod".parse::<Environment>().unwrap_err();
    let names: Vec<&str> = Environment::ALL.iter().map(|e| e.name()).collect();
    assert_eq!(
        err.to_string(),
        format!(
            "unknown environment `prod`; expected one of: {}",
            names.join(", ")
        )
    );
}
