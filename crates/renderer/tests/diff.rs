//! Semantic diffs between real pairs of environments (snapshotted), drift against a
//! hand-edited stream, and redaction of secret values.

use axisor_environments::Environment;
use axisor_renderer::diff::{self, REDACTED, Side, diff};
use axisor_renderer::{Manifest, SecretValues, Secrets, Templates, render, render_with_secrets};

fn rendered(env: Environment) -> Manifest {
    render(env.profile(), &Templates::builtin().unwrap()).unwrap()
}

fn report(left: Environment, right: Environment) -> String {
    let (l, r) = (rendered(left), rendered(right));
    let left_side = Side::environment(left.name(), &l, left.profile()).unwrap();
    let right_side = Side::environment(right.name(), &r, right.profile()).unwrap();
    diff::report(
        &diff(&left_side, &right_side),
        left.name(),
        right.name(),
        false,
    )
}

#[test]
fn pairs_of_environments() {
    insta::with_settings!({
        snapshot_path => "../../../snapshots/diff",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("development-staging", report(Environment::Development, Environment::Staging));
        insta::assert_snapshot!("staging-production", report(Environment::Staging, Environment::Production));
    });
}

#[test]
fn objects_meet_by_kind_and_role_with_identity_set_aside() {
    let (staging, production) = (
        rendered(Environment::Staging),
        rendered(Environment::Production),
    );
    let left = Side::environment("staging", &staging, Environment::Staging.profile()).unwrap();
    let right =
        Side::environment("production", &production, Environment::Production.profile()).unwrap();
    let diffs = diff(&left, &right);
    let quota = diffs.iter().find(|d| d.kind == "ResourceQuota").unwrap();
    assert_eq!(quota.left_name.as_deref(), Some("axisor-staging-quota"));
    assert_eq!(quota.right_name.as_deref(), Some("axisor-prod-quota"));
    let cpu = quota
        .fields
        .iter()
        .find(|f| f.path == "spec.hard.limits.cpu")
        .unwrap();
    assert_eq!(
        (cpu.left.clone(), cpu.right.clone()),
        (Some("8".into()), Some("32".into()))
    );
    // Same structure: every object meets its counterpart; the namespace and instance
    // labels are not reported as differences where both sides have them (a zone spread
    // only production has brings its own selector, instance label included).
    assert!(
        diffs
            .iter()
            .all(|d| d.left_name.is_some() && d.right_name.is_some())
    );
    assert!(
        diffs
            .iter()
            .flat_map(|d| &d.fields)
            .filter(|f| f.left.is_some() && f.right.is_some())
            .all(|f| !f.path.ends_with("metadata.namespace")
                && !f.path.contains("app.kubernetes.io/instance"))
    );
}

#[test]
fn an_environment_equals_itself() {
    let staging = rendered(Environment::Staging);
    let side = || Side::environment("staging", &staging, Environment::Staging.profile()).unwrap();
    assert!(diff(&side(), &side()).is_empty());
}

#[test]
fn secret_values_are_compared_but_never_shown() {
    let profile = Environment::Staging.profile();
    let values = |suffix: &str| {
        let pairs = profile
            .secrets
            .keys
            .iter()
            .map(|k| (k.to_string(), format!("fake-{k}-{suffix}")));
        Secrets::Values(SecretValues::new(pairs))
    };
    let templates = Templates::builtin().unwrap();
    let a = render_with_secrets(profile, &templates, &values("one")).unwrap();
    let b = render_with_secrets(profile, &templates, &values("two")).unwrap();
    let diffs = diff(
        &Side::environment("before", &a, profile).unwrap(),
        &Side::environment("after", &b, profile).unwrap(),
    );
    let secret = diffs.iter().find(|d| d.kind == "Secret").unwrap();
    assert!(secret.fields.iter().any(|f| f.path == "data.JWT_SECRET"));
    assert!(
        secret
            .fields
            .iter()
            .all(|f| f.left == Some(REDACTED.into()) && f.right == Some(REDACTED.into()))
    );
    let text = diff::report(&diffs, "before", "after", false);
    assert!(!text.contains("fake-"), "{text}");
    // The config hash moved too: the pods would roll.
    assert!(text.contains("axisor.io/config-hash"));
}

#[test]
fn drift_from_a_hand_edited_stream_is_found() {
    let staging = rendered(Environment::Staging);
    let dir = tempfile::tempdir().unwrap();
    staging.write_dir(dir.path()).unwrap();
    let fresh = || {
        Side::exact(
            "staging",
            serde_json::to_value(staging.objects())
                .unwrap()
                .as_array()
                .unwrap()
                .clone(),
        )
    };
    let committed = read_folder(dir.path());
    assert!(
        diff(&fresh(), &Side::exact("k8s/staging", committed)).is_empty(),
        "no drift right after writing"
    );

    let deployment = dir.path().join("15-deployment-axisor-backend.yaml");
    let text = std::fs::read_to_string(&deployment).unwrap();
    std::fs::write(
        &deployment,
        text.replace("revisionHistoryLimit: 5", "revisionHistoryLimit: 9"),
    )
    .unwrap();
    std::fs::remove_file(
        dir.path()
            .join("22-servicemonitor-axisor-staging-monitor.yaml"),
    )
    .unwrap();
    let drifted = diff(
        &fresh(),
        &Side::exact("k8s/staging", read_folder(dir.path())),
    );
    assert_eq!(
        diff::report(&drifted, "staging", "k8s/staging", false),
        "~ Deployment axisor-backend\n    spec.revisionHistoryLimit\n      - staging: 5\n      + k8s/staging: 9\n- ServiceMonitor axisor-staging-monitor (only in staging)\n"
    );
}

#[test]
fn colour_only_when_asked() {
    let plain = report(Environment::Staging, Environment::Production);
    assert!(!plain.contains('\x1b'));
    let (l, r) = (
        rendered(Environment::Staging),
        rendered(Environment::Production),
    );
    let diffs = diff(
        &Side::environment("staging", &l, Environment::Staging.profile()).unwrap(),
        &Side::environment("production", &r, Environment::Production.profile()).unwrap(),
    );
    assert!(diff::report(&diffs, "staging", "production", true).contains("\x1b[31m- staging"));
}

/// The objects of every file of an `--out-dir` folder, in name order, as `render diff
/// --against` reads them.
fn read_folder(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|file| diff::read_stream(file, &std::fs::read_to_string(file).unwrap()).unwrap())
        .collect()
}
