//! Property: any string in a free-text profile field is either refused by the profile's
//! rules with a message, or comes out of the rendered stream as exactly that string. The
//! stream is read back here by the YAML 1.2 reader; every accepted case is also written to
//! `free-text-cases.json` in cargo's `CARGO_TARGET_TMPDIR` (under the target directory,
//! wherever `CARGO_TARGET_DIR` puts it), which `make check-rendered` reads with PyYAML (a
//! YAML 1.1 reader, as kubectl is) to check the same.

use std::sync::Mutex;

use axisor_environments::Environment;
use axisor_profile::{Profile, check_rules};
use axisor_renderer::{Templates, render};
use proptest::prelude::*;
use serde_json::{Value, json};

/// (field, where its value lands in the stream: kind, name, JSON pointer)
const FIELDS: [(&str, &str, &str, &str); 4] = [
    (
        "database.user",
        "CronJob",
        "dev-backup",
        "/spec/jobTemplate/spec/template/spec/initContainers/0/env/3/value",
    ),
    (
        "monitoring.path",
        "ServiceMonitor",
        "axisor-dev-monitor",
        "/spec/endpoints/0/path",
    ),
    (
        "workloads.backend.health_path",
        "Deployment",
        "axisor-backend",
        "/spec/template/spec/containers/0/readinessProbe/httpGet/path",
    ),
    (
        "secrets.external.key",
        "ExternalSecret",
        "axisor-secrets",
        "/spec/data/0/remoteRef/key",
    ),
];

static CASES: Mutex<Vec<Value>> = Mutex::new(Vec::new());

fn with_field(field: &str, text: &str) -> Profile {
    let mut profile = Environment::Development.profile().clone();
    match field {
        "database.user" => profile.database.user = text.to_owned(),
        "monitoring.path" => profile.monitoring.path = text.to_owned(),
        "workloads.backend.health_path" => profile.workloads.backend.health_path = text.to_owned(),
        _ => {
            profile.secrets.source = axisor_profile::SecretSource::External;
            profile.secrets.external.as_mut().unwrap().key = text.to_owned();
        }
    }
    profile
}

fn check(field_index: usize, text: &str) -> Result<(), TestCaseError> {
    let (field, kind, name, pointer) = FIELDS[field_index];
    let profile = with_field(field, text);
    let violations = check_rules(&profile);
    if !violations.is_empty() {
        // Refused: with a message about this field, never silently.
        prop_assert!(
            violations
                .iter()
                .any(|v| v.path == field && !v.message.is_empty()),
            "{violations:?}"
        );
        return Ok(());
    }
    let yaml = render(&profile, &Templates::builtin().unwrap())
        .unwrap()
        .to_yaml()
        .unwrap();
    let documents: Vec<Value> = serde_saphyr::from_multiple(&yaml).unwrap();
    let object = documents
        .iter()
        .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
        .unwrap();
    prop_assert_eq!(
        object.pointer(pointer),
        Some(&Value::String(text.to_owned())),
        "{}",
        field
    );
    let mut cases = CASES.lock().unwrap();
    cases.push(
        json!({"kind": kind, "name": name, "pointer": pointer, "expected": text, "yaml": yaml}),
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_refused_or_comes_out_unchanged(field in 0..FIELDS.len(), text in any::<String>()) {
        check(field, &text)?;
    }

    #[test]
    fn yaml_look_alikes_come_out_unchanged(
        field in 0..FIELDS.len(),
        text in prop::sample::select(vec![
            "on", "yes", "no", "y", "~", "null", "12:30", "1_000", "0755", "2024-01-01", "1e3",
            "/on", "/12:30", "a: b", "# c", "{{ x }}", "'q'", "\"q\"", "-", "- a", "*a", "&a", "!t",
            "|", ">", "%x", "@x", "`x`", "a\nb", " lead", "trail ", "",
        ]),
    ) {
        check(field, text)?;
    }
}

/// Hands the accepted cases to the PyYAML check (after the properties above ran in this
/// process: tests of one binary share it).
#[test]
fn zz_write_cases_for_the_yaml_1_1_check() {
    // Make sure there are cases even when this test runs first.
    for (index, text) in ["on", "12:30", "/0755", "yes"].iter().enumerate() {
        check(index % FIELDS.len(), text).unwrap();
    }
    let cases = CASES.lock().unwrap();
    let path = concat!(env!("CARGO_TARGET_TMPDIR"), "/free-text-cases.json");
    std::fs::write(path, serde_json::to_string(&*cases).unwrap()).unwrap();
    assert!(!cases.is_empty());
}
