//! Preview expiry removes previews only: each case in `cases/preview-expiry/` is what
//! `kubectl get namespaces -l axisor.io/preview -o json` might print, and its snapshot in
//! `snapshots/preview-expiry/` what `render preview --expired` makes of it.

use std::path::Path;

use axisor_profile::Catalog;
use axisor_profile::preview::{Kept, expired, parse_time};

const ENVIRONMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../environments");
const NOW: &str = "2026-12-03T00:00:00Z";

#[test]
fn only_expired_previews_are_removed() {
    let catalog = Catalog::load_dir(ENVIRONMENTS).unwrap();
    insta::with_settings!({
        snapshot_path => "../../../snapshots/preview-expiry",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("cases/preview-expiry/*.json", |path| {
            let input = std::fs::read_to_string(path).unwrap();
            let outcome = match expired(&input, parse_time(NOW).unwrap(), &catalog) {
                Ok(expiry) => {
                    // Whatever is removed is a preview's namespace; nothing is both.
                    for name in &expiry.expired {
                        assert!(name.starts_with("axisor-pr-"), "{name}");
                        assert!(!expiry.kept.iter().any(|(kept, _)| kept == name), "{name}");
                    }
                    let mut lines: Vec<String> =
                        expiry.expired.iter().map(|n| format!("remove {n}")).collect();
                    lines.extend(expiry.kept.iter().map(|(n, why)| format!("keep {n}: {why}")));
                    lines.join("\n")
                }
                Err(error) => format!("error: {error}"),
            };
            insta::assert_snapshot!(outcome);
        });
    });
}

/// A namespace an environment uses is never removed, even named and labelled as a preview.
#[test]
fn an_environments_namespace_is_never_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(ENVIRONMENTS).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let text = match path.file_name().unwrap().to_str().unwrap() {
                "development.yaml" => {
                    text.replace("namespace: axisor-dev", "namespace: axisor-pr-5")
                }
                _ => text,
            };
            std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let catalog = Catalog::load_dir(dir.path()).unwrap();
    assert_eq!(
        catalog.get("development").unwrap().namespace.as_str(),
        "axisor-pr-5"
    );
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases/preview-expiry/expired-and-live-previews.json");
    let input = std::fs::read_to_string(case)
        .unwrap()
        .replace("axisor-pr-9", "axisor-pr-5")
        .replace("pr-9", "pr-5");
    let expiry = expired(&input, parse_time(NOW).unwrap(), &catalog).unwrap();
    assert!(expiry.expired.is_empty(), "{expiry:?}");
    assert_eq!(
        expiry.kept[0],
        (
            "axisor-pr-5".to_owned(),
            Kept::Environment("development".to_owned())
        )
    );
}

/// A preview expires at its `expires-at` to the second, not a second before.
#[test]
fn a_preview_expires_at_its_expiry_time() {
    let catalog = Catalog::load_dir(ENVIRONMENTS).unwrap();
    let namespace = |expires: &str| {
        format!(
            r#"{{"kind": "Namespace", "metadata": {{"name": "axisor-pr-1",
                "labels": {{"axisor.io/preview": "pr-1"}},
                "annotations": {{"axisor.io/created-at": "2026-11-29T09:00:00Z",
                    "axisor.io/expires-at": "{expires}"}}}}}}"#
        )
    };
    let now = parse_time("2026-12-02T09:00:00Z").unwrap();
    for (expires, removed) in [
        ("2026-12-02T08:59:59Z", true),
        ("2026-12-02T09:00:00Z", true),
        ("2026-12-02T09:00:01Z", false),
    ] {
        let expiry = expired(&namespace(expires), now, &catalog).unwrap();
        assert_eq!(expiry.expired.len() == 1, removed, "{expires}: {expiry:?}");
    }
}
