//! The embedded profiles are exactly what the files say, reachable by name.

use axisor_environments::{Environment, catalog};
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
fn one_variant_per_file_in_promotion_order() {
    let names: Vec<&str> = Environment::ALL.iter().map(|e| e.name()).collect();
    assert_eq!(names, ["development", "staging", "production"]);
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
    assert_eq!(
        err.to_string(),
        "unknown environment `prod`; expected one of: development, staging, production"
    );
}
