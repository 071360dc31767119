//! Whatever the bytes, loading gives a profile or a located error, never a panic. A
//! sampled property: each run loads the profile folder with one file mutated at random
//! places (cut short, a byte deleted, a YAML indicator or invalid UTF-8 inserted), a
//! different sample every run. The fuzz target `load_and_render` searches the same space
//! without end (docs/fuzzing.md).

use std::panic::{AssertUnwindSafe, catch_unwind};

use axisor_profile::{Catalog, Source};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const INSERTS: [&[u8]; 12] = [
    b":", b"-", b"[", b"{", b"&a ", b"*a", b"!!", b"\n", b"\"", b"\xff", b"9", b"  ",
];

/// `base.yaml` first, then every environment file of the repository's folder.
fn folder() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new("../../environments");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".yaml"))
        .map(|name| (name.clone(), std::fs::read(root.join(&name)).unwrap()))
        .collect();
    files.sort_by_key(|(name, _)| (name != "base.yaml", name.clone()));
    assert_eq!(files[0].0, "base.yaml");
    files
}

fn load(files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let source = |(name, bytes): &(String, Vec<u8>)| {
        Source::new(format!("environments/{name}"), bytes.clone())
    };
    let environments = files[1..].iter().map(source).collect();
    Catalog::from_sources(source(&files[0]), environments)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `kind` 0 cuts the file at `at`, 1 deletes the byte there, the others insert.
fn mutate(bytes: &[u8], at: usize, kind: usize) -> Vec<u8> {
    let at = at % (bytes.len() + 1);
    match kind {
        0 => bytes[..at].to_vec(),
        1 => [&bytes[..at], bytes.get(at + 1..).unwrap_or_default()].concat(),
        _ => [&bytes[..at], INSERTS[kind - 2], &bytes[at..]].concat(),
    }
}

#[test]
fn a_mutated_profile_is_loaded_or_refused_with_a_location_never_a_panic() {
    let originals = folder();
    let config = Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    };
    let cases = (0..originals.len(), any::<usize>(), 0..INSERTS.len() + 2);
    TestRunner::new(config)
        .run(&cases, |(index, at, kind)| {
            let mut files = originals.clone();
            files[index].1 = mutate(&originals[index].1, at, kind);
            let name = &files[index].0;
            let text = String::from_utf8_lossy(&files[index].1).into_owned();
            match catch_unwind(AssertUnwindSafe(|| load(&files))) {
                Err(_) => panic!("{name} panicked the loader with:\n{text}"),
                Ok(Err(message)) => prop_assert!(
                    message
                        .lines()
                        .all(|l| l.starts_with("environments/") && l.contains(".yaml:")),
                    "unlocated error {message:?} for {name}:\n{text}"
                ),
                Ok(Ok(())) => {}
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn absurd_numbers_are_errors_not_overflows() {
    let mut files = folder();
    for (_, bytes) in &mut files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        *bytes = text
            .replace("replicas: 3", "replicas: 4294967295")
            .replace("memory: 2Gi }", "memory: 100Ei }")
            .into_bytes();
    }
    let err = load(&files).unwrap_err();
    assert!(err.contains("quota.limits.memory"), "{err}");
}
