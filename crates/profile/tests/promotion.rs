//! Every promotion rule, allowed and refused, on the four shipped stages
//! development -> testing -> staging -> production (environments added later are left
//! out, so these tests are about the rules, not about today's chain).

use axisor_profile::promotion::{plan, targets};
use axisor_profile::{Catalog, record_rollback, record_version};

fn catalog() -> Catalog {
    let all = Catalog::load_dir("../../environments").unwrap();
    let stages = ["development", "testing", "staging", "production"];
    let profiles = all
        .profiles()
        .iter()
        .filter(|p| stages.contains(&p.name.as_str()));
    Catalog::from_profiles(profiles.cloned().collect()).unwrap()
}

fn refusal(from: &str, to: &str, version: Option<&str>, force: Option<&str>) -> String {
    plan(&catalog(), from, to, version, force)
        .unwrap_err()
        .to_string()
}

#[test]
fn one_step_forward_moves_the_sources_version() {
    let catalog = catalog();
    for (from, to) in [
        ("development", "testing"),
        ("testing", "staging"),
        ("staging", "production"),
    ] {
        let plan = plan(&catalog, from, to, None, None).unwrap();
        assert_eq!(plan.version, catalog.get(from).unwrap().version);
        assert_eq!(plan.replaces, catalog.get(to).unwrap().version);
        assert_eq!(plan.forced, None);
        assert_eq!(plan.pinned(&catalog).unwrap().version, plan.version);
    }
}

#[test]
fn naming_the_sources_version_explicitly_is_allowed() {
    let staging = catalog().get("staging").unwrap().version.to_string();
    let plan = plan(&catalog(), "staging", "production", Some(&staging), None).unwrap();
    assert_eq!(plan.version.as_str(), staging);
}

#[test]
fn backwards_is_refused_with_what_is_allowed() {
    assert_eq!(
        refusal("production", "staging", None, None),
        "promotion refused: promotion goes forward only (development -> testing -> staging -> production), and staging comes before production; production is the last environment, so nothing is promoted from it. To run an older version in staging, promote it from testing with --version and --force (a rollback)"
    );
}

#[test]
fn the_same_environment_is_refused() {
    assert_eq!(
        refusal("staging", "staging", None, None),
        "promotion refused: staging cannot be promoted to itself; from staging, allowed: production"
    );
}

#[test]
fn skipping_a_step_is_refused_unless_the_target_allows_it() {
    assert_eq!(
        refusal("development", "production", None, None),
        "promotion refused: development -> production skips testing, staging; promote one step at a time (from development, allowed: testing), or set promotion.allow_skip in production's profile"
    );
    let mut profiles = catalog().profiles().to_vec();
    let production = profiles
        .iter_mut()
        .find(|p| p.name.as_str() == "production");
    production.unwrap().promotion.allow_skip = true;
    let skipping = Catalog::from_profiles(profiles).unwrap();
    assert_eq!(targets(&skipping, "development"), ["testing", "production"]);
    assert!(plan(&skipping, "development", "production", None, None).is_ok());
}

#[test]
fn another_version_needs_force_with_a_reason() {
    let refused = refusal("staging", "production", Some("1.1.0"), None);
    assert!(
        refused.contains("staging runs 1.2.0, not 1.1.0; promote what staging runs"),
        "{refused}"
    );
    assert_eq!(
        refusal("staging", "production", Some("1.1.0"), Some("  ")),
        "promotion refused: --force needs a reason, such as \"rollback: 1.3.0 breaks logins\""
    );
    let rollback = plan(
        &catalog(),
        "staging",
        "production",
        Some("1.1.0"),
        Some("rollback: 1.2.0 breaks logins"),
    )
    .unwrap();
    assert_eq!(rollback.version.as_str(), "1.1.0");
    assert_eq!(
        rollback.forced.as_deref(),
        Some("rollback: 1.2.0 breaks logins")
    );
}

#[test]
fn the_version_must_be_a_valid_image_tag() {
    for bad in ["latest", "1.0 beta", "", "-1"] {
        let refused = refusal("staging", "production", Some(bad), Some("testing"));
        assert!(
            refused.starts_with("promotion refused: version `"),
            "{refused}"
        );
        assert!(refused.contains("is not an image tag"), "{refused}");
    }
}

#[test]
fn unknown_environments_list_the_known_ones() {
    assert_eq!(
        refusal("qa", "production", None, None),
        "promotion refused: unknown environment `qa`; expected one of: development, testing, staging, production"
    );
}

#[test]
fn recording_a_version_rewrites_one_line_and_keeps_the_folder_valid() {
    let dir = axisor_test_support::copy_of("../../environments");
    let before = std::fs::read_to_string(dir.path().join("production.yaml")).unwrap();
    let version = "1.4.0".parse().unwrap();
    record_version(dir.path(), "production", &version).unwrap();
    let after = std::fs::read_to_string(dir.path().join("production.yaml")).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("version: \"1.2.0\"", "version: \"1.4.0\"")]);
    assert_eq!(
        Catalog::load_dir(dir.path())
            .unwrap()
            .get("production")
            .unwrap()
            .version
            .as_str(),
        "1.4.0"
    );

    // A folder that would be invalid afterwards is not written.
    std::fs::write(dir.path().join("broken.yaml"), "short_name: [").unwrap();
    let error = record_version(dir.path(), "production", &"1.5.0".parse().unwrap()).unwrap_err();
    assert!(error.to_string().contains("broken.yaml"), "{error}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("production.yaml")).unwrap(),
        after
    );
}

/// A forced promotion is recorded with its reason; the deploy gate (a promotion check of the
/// version the target runs) accepts it while the source still runs the version rolled back
/// from, refuses once the source has moved on, and a plain promotion ends it.
#[test]
fn a_recorded_rollback_holds_until_the_source_moves_on() {
    let dir = axisor_test_support::copy_of("../../environments");
    let reason = "rollback: 1.2.0 breaks \"logins\"";
    let forced = plan(
        &catalog(),
        "staging",
        "production",
        Some("1.1.0"),
        Some(reason),
    )
    .unwrap();
    let rollback = forced.rollback().unwrap();
    assert_eq!(
        (rollback.version.as_str(), rollback.from.as_str()),
        ("1.1.0", "1.2.0")
    );
    record_rollback(dir.path(), "production", &rollback).unwrap();
    let catalog = Catalog::load_dir(dir.path()).unwrap();
    let production = catalog.get("production").unwrap();
    assert_eq!(production.version.as_str(), "1.1.0");
    assert_eq!(production.rollback.as_ref(), Some(&rollback));

    // The gate: staging still runs 1.2.0, the version rolled back from.
    let held = plan(&catalog, "staging", "production", Some("1.1.0"), None).unwrap();
    assert_eq!(held.held.as_ref(), Some(&rollback));
    assert_eq!(
        held.to_string(),
        "production keeps 1.1.0, a rollback from 1.2.0 on record (rollback: 1.2.0 breaks \"logins\"); staging still runs 1.2.0"
    );

    // Staging moves on: production should take the new version, and the gate says so.
    record_version(dir.path(), "staging", &"1.2.1".parse().unwrap()).unwrap();
    let moved = Catalog::load_dir(dir.path()).unwrap();
    let refused = plan(&moved, "staging", "production", Some("1.1.0"), None).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("staging now runs 1.2.1, which production may take: promote it"),
        "{refused}"
    );

    // A plain promotion ends the rollback, in the file too.
    let promoted = plan(&moved, "staging", "production", None, None).unwrap();
    assert_eq!(promoted.rollback(), None);
    record_version(dir.path(), "production", &promoted.version).unwrap();
    let text = std::fs::read_to_string(dir.path().join("production.yaml")).unwrap();
    assert!(!text.contains("rollback"), "{text}");
    let after = Catalog::load_dir(dir.path()).unwrap();
    assert_eq!(after.get("production").unwrap().rollback, None);
}
