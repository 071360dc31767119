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
use proptest::test_runner::{Config, TestRunner};
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

/// One case: refused with a message about the field, or rendered unchanged; an accepted
/// case joins `cases`.
fn check(field_index: usize, text: &str, cases: &Mutex<Vec<Value>>) -> Result<(), TestCaseError> {
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
    cases.lock().unwrap().push(
        json!({"kind": kind, "name": name, "pointer": pointer, "expected": text, "yaml": yaml}),
    );
    Ok(())
}

/// Both properties run here, one after the other, and their accepted cases are written
/// for the PyYAML check at the end: no other test hands anything over.
#[test]
fn free_text_is_refused_or_comes_out_unchanged() {
    let cases = Mutex::new(Vec::new());
    // `source_file` keeps proptest's regressions file (free_text.proptest-regressions) in use.
    let config = || Config {
        cases: 64,
        source_file: Some(file!()),
        ..Config::default()
    };
    let any_string = (0..FIELDS.len(), any::<String>());
    TestRunner::new(config())
        .run(&any_string, |(field, text)| check(field, &text, &cases))
        .unwrap();
    let look_alikes = (
        0..FIELDS.len(),
        prop::sample::select(vec![
            "on",
            "yes",
            "no",
            "y",
            "~",
            "null",
            "12:30",
            "1_000",
            "0755",
            "2024-01-01",
            "1e3",
            "/on",
            "/12:30",
            "a: b",
            "# c",
            "{{ x }}",
            "'q'",
            "\"q\"",
            "-",
            "- a",
            "*a",
            "&a",
            "!t",
            "|",
            ">",
            "%x",
            "@x",
            "`x`",
            "a\nb",
            " lead",
            "trail ",
            "",
        ]),
    );
    TestRunner::new(config())
        .run(&look_alikes, |(field, text)| check(field, text, &cases))
        .unwrap();
    let cases = cases.into_inner().unwrap();
    assert!(!cases.is_empty());
    let path = concat!(env!("CARGO_TARGET_TMPDIR"), "/free-text-cases.json");
    std::fs::write(path, serde_json::to_string(&cases).unwrap()).unwrap();
}
