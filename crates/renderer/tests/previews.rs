//! Pull-request previews: their own namespace, names and labels, no backup unless asked,
//! an expiry, and clear refusals of numbers Kubernetes could not take. The rendered
//! preview of pull request 123 is snapshotted in `snapshots/preview/`.

use axisor_environments::catalog;
use axisor_profile::preview::{PreviewError, parse_time, preview};
use axisor_renderer::{Manifest, Object, Secrets, Templates, render_preview};

const DEPLOYED: &str = "2026-11-29T10:00:00Z";

fn rendered(number: &str, backup: Option<bool>) -> Manifest {
    let pr = preview(catalog(), number, parse_time(DEPLOYED).unwrap(), backup).unwrap();
    let secrets = Secrets::for_profile(&pr.profile);
    render_preview(&pr, &Templates::builtin().unwrap(), &secrets).unwrap()
}

#[test]
fn the_preview_of_a_pull_request() {
    insta::with_settings!({ snapshot_path => "../../../snapshots/preview", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("pr-123", rendered("123", None).to_yaml().unwrap());
    });
}

#[test]
fn everything_of_a_preview_is_in_its_namespace_and_carries_its_label() {
    let manifest = rendered("123", None);
    for object in manifest.objects() {
        let metadata = object_metadata(object);
        assert_eq!(
            metadata["labels"]["axisor.io/preview"], "pr-123",
            "{metadata}"
        );
        if object.kind() != "Namespace" {
            // The ServiceMonitor too: one namespace deletion removes the whole preview.
            assert_eq!(metadata["namespace"], "axisor-pr-123", "{metadata}");
        }
    }
    let namespace = object_metadata(&manifest.objects()[0]);
    assert_eq!(namespace["name"], "axisor-pr-123");
    assert_eq!(namespace["annotations"]["axisor.io/created-at"], DEPLOYED);
    assert_eq!(namespace["annotations"]["axisor.io/ttl"], "72h");
    assert_eq!(
        namespace["annotations"]["axisor.io/expires-at"],
        "2026-12-02T10:00:00Z"
    );
}

#[test]
fn previews_run_no_backup_unless_asked() {
    let kinds =
        |m: &Manifest| -> Vec<String> { m.objects().iter().map(|o| o.kind().to_owned()).collect() };
    let without = rendered("5", None);
    assert!(!kinds(&without).contains(&"CronJob".to_owned()));
    let yaml = without.to_yaml().unwrap();
    assert!(!yaml.contains("backup"), "{yaml}");
    assert!(kinds(&rendered("5", Some(true))).contains(&"CronJob".to_owned()));
}

#[test]
fn two_previews_share_no_name_in_a_namespace_of_the_other() {
    let names = |m: &Manifest| -> Vec<(String, String)> {
        m.objects()
            .iter()
            .map(|o| {
                let metadata = object_metadata(o);
                (
                    metadata["namespace"].as_str().unwrap_or("").to_owned(),
                    o.name().to_owned(),
                )
            })
            .collect()
    };
    let (one, two) = (names(&rendered("1", None)), names(&rendered("2", None)));
    assert!(one.iter().all(|n| !two.contains(n)), "{one:?}\n{two:?}");
}

#[test]
fn invalid_numbers_are_refused_with_what_is_expected() {
    let now = parse_time(DEPLOYED).unwrap();
    for number in ["", "0", "007", "-1", "12a", "1.5", " 1", "1e3", "pr-1"] {
        let error = preview(catalog(), number, now, None).unwrap_err();
        assert_eq!(error, PreviewError::Number(number.to_owned()));
        assert!(
            error
                .to_string()
                .contains("expected a whole number from 1 up"),
            "{error}"
        );
    }
}

#[test]
fn numbers_too_long_for_kubernetes_names_are_refused() {
    let now = parse_time(DEPLOYED).unwrap();
    // axisor-pr- and 53 digits make 63 characters: the longest namespace allowed.
    assert!(preview(catalog(), &"9".repeat(53), now, None).is_ok());
    let error = preview(catalog(), &"9".repeat(54), now, None).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "pull request {0} makes the namespace `axisor-pr-{0}` 64 characters long; Kubernetes allows at most 63",
            "9".repeat(54)
        )
    );
    // With a backup, the CronJob's name (52 at most) is the tighter limit.
    let error = preview(catalog(), &"9".repeat(43), now, Some(true)).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("backup CronJob `pr-9999999999999999999999999999999999999999999-backup` 53 characters long; Kubernetes allows at most 52"),
        "{error}"
    );
}

#[test]
fn a_preview_never_takes_an_environments_namespace() {
    let mut profiles = catalog().profiles().to_vec();
    let development = profiles
        .iter_mut()
        .find(|p| p.name.as_str() == "development");
    development.unwrap().namespace = "axisor-pr-7".parse().unwrap();
    let catalog = axisor_profile::Catalog::from_profiles(profiles).unwrap();
    let error = preview(&catalog, "7", parse_time(DEPLOYED).unwrap(), None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "pull request 7's namespace `axisor-pr-7` is environment development's; expected previews to have namespaces of their own"
    );
}

fn object_metadata(object: &Object) -> serde_json::Value {
    serde_json::to_value(object).unwrap()["metadata"].clone()
}
