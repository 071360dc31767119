//! Whatever the bytes, loading gives a profile or a located error, never a panic: every
//! real profile file is mutated at many places (bytes deleted, YAML indicators and invalid
//! UTF-8 inserted, the file cut short) and loaded. Fuzzing goes further (a later issue).

use std::panic::{AssertUnwindSafe, catch_unwind};

use axisor_profile::{Catalog, Source};

const FILES: [&str; 4] = ["base", "development", "staging", "production"];
const INSERTS: [&[u8]; 12] = [
    b":", b"-", b"[", b"{", b"&a ", b"*a", b"!!", b"\n", b"\"", b"\xff", b"9", b"  ",
];

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("../../environments/{name}.yaml")).unwrap()
}

fn mutations(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for at in (0..bytes.len()).step_by(11) {
        out.push(bytes[..at].to_vec());
        let mut deleted = bytes.to_vec();
        deleted.remove(at);
        out.push(deleted);
        for insert in INSERTS {
            let mut inserted = bytes[..at].to_vec();
            inserted.extend_from_slice(insert);
            inserted.extend_from_slice(&bytes[at..]);
            out.push(inserted);
        }
    }
    out
}

fn load(files: &[(&str, Vec<u8>)]) -> Result<(), String> {
    let source = |(name, bytes): &(&str, Vec<u8>)| {
        Source::new(format!("environments/{name}.yaml"), bytes.clone())
    };
    let environments = files[1..].iter().map(source).collect();
    Catalog::from_sources(source(&files[0]), environments)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Mutates one file, loading it with the other files as they are.
fn mutate_and_load(index: usize) {
    let originals: Vec<(&str, Vec<u8>)> = FILES.iter().map(|n| (*n, read(n))).collect();
    let mut loads = 0;
    let (name, bytes) = &originals[index];
    for mutated in mutations(bytes) {
        let mut files = originals.clone();
        files[index].1 = mutated.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| load(&files)));
        let text = String::from_utf8_lossy(&mutated);
        match outcome {
            Err(_) => panic!("{name}.yaml panicked the loader with:\n{text}"),
            Ok(Err(message)) => assert!(
                message
                    .lines()
                    .all(|l| l.starts_with("environments/") && l.contains(".yaml:")),
                "unlocated error {message:?} for {name}.yaml:\n{text}"
            ),
            Ok(Ok(())) => {}
        }
        loads += 1;
    }
    assert!(loads > 800, "only {loads} loads");
}

#[test]
fn mutated_base_never_panics() {
    mutate_and_load(0);
}

#[test]
fn mutated_development_never_panics() {
    mutate_and_load(1);
}

#[test]
fn mutated_staging_never_panics() {
    mutate_and_load(2);
}

#[test]
fn mutated_production_never_panics() {
    mutate_and_load(3);
}

#[test]
fn absurd_numbers_are_errors_not_overflows() {
    let base = read("base");
    let mut production = String::from_utf8(read("production")).unwrap();
    production = production.replace("replicas: 3", "replicas: 4294967295");
    production = production.replace("memory: 2Gi }", "memory: 100Ei }");
    let err = load(&[("base", base), ("production", production.into_bytes())]).unwrap_err();
    assert!(err.contains("quota.limits.memory"), "{err}");
}
