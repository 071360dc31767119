//! No secret value is in the repository: the tracked files hold none of the platform's
//! known secret values (plain, inside a word such as a URL, or base64-encoded), and every
//! base64 value in a Secret's data decodes to one of development's documented placeholders.
//! The known values are here only as SHA-256 digests (`tests/fixtures/seed-secret-digests.txt`),
//! so neither this file nor its fixture holds a secret.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use axisor_environments::Environment;
use axisor_renderer::{Templates, render};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use sha2::{Digest, Sha256};

/// SHA-256 of a text, in lowercase hex: how the fixture names a value.
type Digest256 = String;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Standard base64, with or without its `=` padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn decode(text: &str) -> Option<String> {
    String::from_utf8(BASE64.decode(text).ok()?).ok()
}

fn digest(text: &str) -> Digest256 {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
            axisor_renderer::Object::Secret(s) => s.data.clone(),
            _ => None,
        })
        .flatten()
        .filter_map(|(_, v)| String::from_utf8(v.0).ok())
        .collect()
}

/// The digests of the platform's known secret values, from the fixture.
fn seed_digests() -> BTreeSet<Digest256> {
    include_str!("fixtures/seed-secret-digests.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let digest = line.split_whitespace().next().unwrap();
            assert!(
                digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
                "seed-secret-digests.txt: `{digest}` is not a SHA-256 digest in hex"
            );
            digest.to_owned()
        })
        .collect()
}

/// Characters that join the parts of a word: a secret such as `some-long_value` may also
/// sit inside a longer word (`x-some-long_value-2`), between two of them.
const JOINERS: [char; 3] = ['-', '_', '.'];

/// Every text a secret value could be, as it appears in `text`: each word (a run of ASCII
/// letters, digits and joiners, so that `user:value@host` gives `value`), each run of
/// parts of a word between joiners, and the same within whatever a base64 run decodes to.
fn candidates(text: &str) -> Vec<String> {
    let mut found = words(text);
    // `=` ends a run: it is only padding, and `KEY=value` must still give `value`.
    for run in text.split(|c: char| !(c.is_ascii_alphanumeric() || "+/".contains(c))) {
        if run.len() >= 8
            && let Some(plain) = decode(run)
        {
            found.extend(words(&plain));
        }
    }
    found
}

fn words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let is_word = |c: char| c.is_ascii_alphanumeric() || JOINERS.contains(&c);
    for word in text.split(|c: char| !is_word(c)).filter(|w| !w.is_empty()) {
        let starts = std::iter::once(0).chain(word.match_indices(JOINERS).map(|(i, _)| i + 1));
        let ends: Vec<usize> = word
            .match_indices(JOINERS)
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        for start in starts {
            for &end in ends.iter().filter(|&&end| end > start) {
                found.push(word[start..end].to_owned());
            }
        }
    }
    found
}

/// Problems in one file's text: known secret values (`forbidden` holds their digests), and
/// Secret data that is not a placeholder.
fn scan(
    name: &str,
    text: &str,
    forbidden: &BTreeSet<String>,
    allowed: &BTreeSet<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    if candidates(text)
        .iter()
        .any(|candidate| forbidden.contains(&digest(candidate)))
    {
        found.push(format!(
            "{name}: holds a secret value of the platform's hand-written manifests"
        ));
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
    let placeholders: BTreeSet<Digest256> = allowed().iter().map(|v| digest(v)).collect();
    let forbidden: BTreeSet<Digest256> =
        seed_digests().difference(&placeholders).cloned().collect();
    assert!(
        forbidden.len() >= 10,
        "the hand-written manifests' staging and production values: {}",
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
    let value = "not-a-real-but-forbidden";
    let forbidden: BTreeSet<Digest256> = [digest(value)].into();
    let allowed: BTreeSet<String> = ["documented-placeholder".to_owned()].into();
    let found = |text: &str| scan("a.rs", text, &forbidden, &allowed);
    let hit = ["a.rs: holds a secret value of the platform's hand-written manifests"];
    for text in [
        format!("let x = \"{value}\";"),
        format!("url: postgresql://postgres:{value}@db:5432/app"),
        format!("name: x-{value}.2"),
        format!("note: {}", b64(value)),
        format!("PASSWORD={}", b64(value).trim_end_matches('=')),
        format!(
            "DATABASE_URL: {}",
            b64(&format!("postgresql://u:{value}@db"))
        ),
    ] {
        assert_eq!(found(&text), hit, "{text}");
    }
    for text in [
        "not-a-real-but-forbiddenx",
        "xnot-a-real-but-forbidden",
        "not-a-real",
    ] {
        assert!(found(text).is_empty(), "{text}");
    }
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

#[test]
fn the_digests_are_the_ones_the_fixture_names() {
    // A known text and its digest (sha256sum's), so that a wrong digest function cannot
    // make every known value unfindable.
    assert_eq!(
        digest("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(seed_digests().len(), 16);
}
