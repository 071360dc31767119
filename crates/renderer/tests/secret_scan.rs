//! No secret value is in the repository: the tracked files hold none of the seed's secret
//! values (plain or base64), and every base64 value in a Secret's data decodes to one of
//! development's documented placeholders. The seed is read at run time from
//! `../shared/seed`, so this file holds no secret itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use axisor_environments::Environment;
use axisor_render::{Templates, render};
use base64::Engine as _;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn decode(text: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// Development's placeholders, and what is built from them: not secrets, and known here.
fn allowed() -> BTreeSet<String> {
    let manifest = render(
        Environment::Development.profile(),
        &Templates::builtin().unwrap(),
    )
    .unwrap();
    manifest
        .objects()
        .iter()
        .filter_map(|o| match o {
            axisor_render::Object::Secret(s) => s.data.clone(),
            _ => None,
        })
        .flatten()
        .filter_map(|(_, v)| String::from_utf8(v.0).ok())
        .collect()
}

/// The seed's secret values: its Secrets' data and passwords inside its URLs.
fn seed_secrets() -> BTreeSet<String> {
    let seed =
        std::fs::read_to_string(repository().join("../shared/seed/environment-management.md"))
            .expect("the seed is beside the repository");
    let mut values = BTreeSet::new();
    let mut in_secret = false;
    for line in seed.lines() {
        if line.starts_with("kind: ") {
            in_secret = line == "kind: Secret";
        }
        if line.starts_with("```") {
            in_secret = false;
        }
        let trimmed = line.trim();
        if in_secret
            && line.starts_with("  ")
            && !line.starts_with("   ")
            && let Some((key, value)) = trimmed.split_once(": ")
            && key.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            && let Some(plain) = decode(value)
        {
            values.insert(plain);
        }
        if let Some(credentials) = trimmed
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split_once('@'))
            .map(|(c, _)| c)
            && let Some((_, password)) = credentials.split_once(':')
        {
            values.insert(password.to_owned());
        }
    }
    values
}

/// Problems in one file's text: seed secrets, and Secret data that is not a placeholder.
fn scan(
    name: &str,
    text: &str,
    forbidden: &BTreeSet<String>,
    allowed: &BTreeSet<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    for secret in forbidden {
        if text.contains(secret.as_str()) || text.contains(&b64(secret)) {
            found.push(format!("{name}: holds a secret value of the seed"));
        }
    }
    if text.contains("kind: Secret\n") || text.contains("\"kind\": \"Secret\"") {
        for line in text.lines() {
            let line = line.trim().trim_end_matches(',');
            let Some((key, value)) = line.split_once(": ") else {
                continue;
            };
            let key = key.trim_matches('"');
            let value = value.trim_matches('"');
            let is_key = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if is_key
                && value.len() >= 8
                && let Some(plain) = decode(value)
                && !allowed.contains(&plain)
            {
                found.push(format!(
                    "{name}: Secret data {key} is not a documented placeholder"
                ));
            }
        }
    }
    found
}

fn tracked_files() -> Vec<PathBuf> {
    let output = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repository())
        .output()
        .unwrap();
    assert!(output.status.success(), "git ls-files");
    output
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| repository().join(String::from_utf8_lossy(p).as_ref()))
        .collect()
}

#[test]
fn tracked_files_hold_no_secret_value() {
    let forbidden: BTreeSet<String> = seed_secrets().difference(&allowed()).cloned().collect();
    assert!(
        forbidden.len() >= 10,
        "the seed's staging and production values: {}",
        forbidden.len()
    );
    let allowed = allowed();
    let files = tracked_files();
    assert!(files.len() > 50, "{} tracked files", files.len());
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .strip_prefix(repository())
            .unwrap_or(&path)
            .display()
            .to_string();
        found.extend(scan(&name, &text, &forbidden, &allowed));
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    let forbidden: BTreeSet<String> = ["not-a-real-but-forbidden".to_owned()].into();
    let allowed: BTreeSet<String> = ["documented-placeholder".to_owned()].into();
    let plain = scan(
        "a.rs",
        "let x = \"not-a-real-but-forbidden\";",
        &forbidden,
        &allowed,
    );
    assert_eq!(plain, ["a.rs: holds a secret value of the seed"]);
    let encoded = format!("note: {}", b64("not-a-real-but-forbidden"));
    assert_eq!(scan("b.md", &encoded, &forbidden, &allowed).len(), 1);
    let secret = format!(
        "kind: Secret\ndata:\n  JWT_SECRET: {}\n  REDIS_PASSWORD: {}\n",
        b64("some-other-value"),
        b64("documented-placeholder")
    );
    assert_eq!(
        scan("c.yaml", &secret, &forbidden, &allowed),
        ["c.yaml: Secret data JWT_SECRET is not a documented placeholder"]
    );
}
