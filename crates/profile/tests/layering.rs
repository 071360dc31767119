//! How an environment's file is layered on base.yaml: mappings merge key by key,
//! scalars and lists replace whole, and errors point at the layer that wrote the value.

use axisor_profile::{Catalog, ProfileError, Source};

const BASE: &str = include_str!("cases/base.yaml");
const ENV: &str = "short_name: case\nnamespace: case\npromotion:\n  order: 10\n";

fn load(base: &str, env: &str) -> Result<Catalog, ProfileError> {
    Catalog::from_sources(
        Source::new("environments/base.yaml", base),
        vec![Source::new("environments/case.yaml", env)],
    )
}

#[test]
fn mappings_merge_key_by_key() {
    let catalog = load(BASE, &format!("{ENV}app:\n  log_level: warn\n")).unwrap();
    let app = &catalog.get("case").unwrap().app;
    assert_eq!(app.log_level, axisor_profile::LogLevel::Warn);
    assert_eq!(app.port.get(), 3010, "the base's other keys stay");
}

#[test]
fn lists_replace_whole() {
    let catalog = load(
        BASE,
        &format!("{ENV}secrets:\n  keys: [REDIS_PASSWORD]\n  source: values\n"),
    )
    .unwrap();
    let secrets = &catalog.get("case").unwrap().secrets;
    let keys: Vec<&str> = secrets.keys.iter().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["REDIS_PASSWORD"]);
    assert_eq!(secrets.name.as_str(), "app-secrets");
}

#[test]
fn null_replaces_and_is_then_reported_where_it_was_written() {
    let err = load(BASE, &format!("{ENV}redis: ~\n"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "environments/case.yaml:5:8: redis: expected a mapping of keys to values, found an empty value"
    );
}

#[test]
fn a_bad_value_in_the_base_is_reported_in_the_base() {
    let base = BASE.replace("interval: 30s", "interval: soon");
    let err = load(&base, ENV).unwrap_err().to_string();
    let line = BASE
        .lines()
        .position(|l| l.contains("interval: 30s"))
        .unwrap()
        + 1;
    assert!(
        err.starts_with(&format!("environments/base.yaml:{line}:13: monitoring.interval: `soon` is not a positive duration")),
        "{err}"
    );
}

#[test]
fn the_same_input_gives_the_same_profiles_and_the_same_errors() {
    let env = format!("{ENV}app:\n  log_level: warn\n");
    assert_eq!(load(BASE, &env).unwrap(), load(BASE, &env).unwrap());
    let bad = format!("{ENV}quota:\n  requests: {{ cpu: 9, memory: 99Gi }}\n");
    assert_eq!(
        load(BASE, &bad).unwrap_err().to_string(),
        load(BASE, &bad).unwrap_err().to_string()
    );
}

#[test]
fn every_environment_is_checked_before_reporting() {
    let err = Catalog::from_sources(
        Source::new("environments/base.yaml", BASE),
        vec![
            Source::new("environments/b.yaml", format!("{ENV}version: latest\n")),
            Source::new(
                "environments/a.yaml",
                "short_name: a\nnamespace: a\npromotion: { order: 1 }\nversion: \"\"\n",
            ),
        ],
    )
    .unwrap_err();
    let files: Vec<&str> = err
        .diagnostics()
        .iter()
        .map(|d| &*d.location.file)
        .collect();
    assert_eq!(
        files,
        ["environments/a.yaml", "environments/b.yaml"],
        "{err}"
    );
}
