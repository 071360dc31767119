//! The profiles carry the platform's figures for every environment, as its hand-written
//! manifests set them. The figures are data in `tests/fixtures/seed-figures.json`.

use axisor_profile::{Catalog, LogLevel, NodeEnv, Profile, Quantity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Figures {
    #[allow(dead_code, reason = "a note for the reader of the fixture")]
    about: String,
    environments: Vec<Environment>,
    every_environment: Shared,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Environment {
    name: String,
    namespace: String,
    short_name: String,
    quota: Quota,
    limit_range: LimitRange,
    monitoring_interval: String,
    backup_schedule: String,
    backup_destination: String,
    app: App,
    database_url: String,
    redis_url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Quota {
    requests_cpu: Quantity,
    requests_memory: Quantity,
    limits_cpu: Quantity,
    limits_memory: Quantity,
    persistent_volume_claims: u32,
    pods: u32,
    services: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitRange {
    default_cpu: Quantity,
    default_memory: Quantity,
    default_request_cpu: Quantity,
    default_request_memory: Quantity,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct App {
    node_env: NodeEnv,
    log_level: LogLevel,
    rate_limit_max: u32,
    cors_origin: String,
    jwt_expires_in: String,
    ln_markets_api_url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Shared {
    monitoring_namespace: String,
    monitoring_path: String,
    monitoring_port_name: String,
    app_port: u16,
    prometheus_port: u16,
    ln_markets_testnet_api_url: String,
    database_user: String,
    secret_name: String,
    secret_keys: Vec<String>,
    promotion_stages: Vec<String>,
}

fn figures() -> Figures {
    let text = include_str!("fixtures/seed-figures.json");
    serde_json::from_str(text).expect("tests/fixtures/seed-figures.json")
}

fn catalog() -> Catalog {
    Catalog::load_dir("../../environments").unwrap()
}

#[test]
fn the_fixture_covers_the_seeds_three_environments() {
    let names: Vec<String> = figures().environments.into_iter().map(|e| e.name).collect();
    assert_eq!(names, ["development", "staging", "production"]);
}

#[test]
fn quotas_limits_intervals_and_schedules_match_the_seed() {
    let catalog = catalog();
    let figures = figures();
    for seed in &figures.environments {
        let name = seed.name.as_str();
        let p: &Profile = catalog.get(name).unwrap();
        assert_eq!(p.namespace.as_str(), seed.namespace, "{name}");
        assert_eq!(p.short_name.as_str(), seed.short_name, "{name}");
        let (quota, expected) = (&p.quota, &seed.quota);
        assert_eq!(quota.requests.cpu, expected.requests_cpu, "{name}");
        assert_eq!(quota.requests.memory, expected.requests_memory, "{name}");
        assert_eq!(quota.limits.cpu, expected.limits_cpu, "{name}");
        assert_eq!(quota.limits.memory, expected.limits_memory, "{name}");
        assert_eq!(
            [quota.persistent_volume_claims, quota.pods, quota.services],
            [
                expected.persistent_volume_claims,
                expected.pods,
                expected.services
            ],
            "{name}"
        );
        let (range, expected) = (&p.limit_range, &seed.limit_range);
        assert_eq!(range.default.cpu, expected.default_cpu, "{name}");
        assert_eq!(range.default.memory, expected.default_memory, "{name}");
        let request = &range.default_request;
        assert_eq!(request.cpu, expected.default_request_cpu, "{name}");
        assert_eq!(request.memory, expected.default_request_memory, "{name}");
        assert_eq!(
            p.monitoring.interval.as_str(),
            seed.monitoring_interval,
            "{name}"
        );
        assert_eq!(p.backup.schedule.as_str(), seed.backup_schedule, "{name}");
        let destination = p.backup.destination.as_str();
        assert_eq!(destination, seed.backup_destination, "{name}");
    }
}

#[test]
fn monitoring_is_set_alike_in_every_environment() {
    let shared = figures().every_environment;
    for p in catalog().profiles() {
        let name = &p.name;
        let monitoring = &p.monitoring;
        assert_eq!(
            monitoring.namespace.as_str(),
            shared.monitoring_namespace,
            "{name}"
        );
        assert_eq!(monitoring.path, shared.monitoring_path, "{name}");
        assert_eq!(
            monitoring.port_name.as_str(),
            shared.monitoring_port_name,
            "{name}"
        );
    }
}

#[test]
fn application_settings_match_the_seed() {
    let catalog = catalog();
    let figures = figures();
    let shared = &figures.every_environment;
    for seed in &figures.environments {
        let name = seed.name.as_str();
        let (app, expected) = (&catalog.get(name).unwrap().app, &seed.app);
        assert_eq!(app.node_env, expected.node_env, "{name}");
        assert_eq!(app.log_level, expected.log_level, "{name}");
        assert_eq!(app.rate_limit_max, expected.rate_limit_max, "{name}");
        assert_eq!(app.cors_origin.as_str(), expected.cors_origin, "{name}");
        assert_eq!(
            app.jwt_expires_in.as_str(),
            expected.jwt_expires_in,
            "{name}"
        );
        let ln_markets = &app.ln_markets;
        assert_eq!(
            ln_markets.api_url.as_str(),
            expected.ln_markets_api_url,
            "{name}"
        );
        assert_eq!(
            ln_markets.testnet_api_url.as_str(),
            shared.ln_markets_testnet_api_url,
            "{name}"
        );
        assert_eq!(app.port.get(), shared.app_port, "{name}");
        assert_eq!(app.prometheus_port.get(), shared.prometheus_port, "{name}");
    }
}

#[test]
fn endpoints_match_the_seed_without_credentials() {
    let catalog = catalog();
    let figures = figures();
    for seed in &figures.environments {
        let name = seed.name.as_str();
        let p = catalog.get(name).unwrap();
        assert_eq!(p.database.url.as_str(), seed.database_url, "{name}");
        assert_eq!(
            p.database.user, figures.every_environment.database_user,
            "{name}"
        );
        assert_eq!(p.redis.url.as_str(), seed.redis_url, "{name}");
    }
}

#[test]
fn secret_key_names_match_the_seed() {
    let shared = figures().every_environment;
    // Not among the platform's figures: the backup upload's S3 credentials (backup.s3_access).
    let backup_upload = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
    let expected: Vec<&str> = shared
        .secret_keys
        .iter()
        .map(String::as_str)
        .chain(backup_upload)
        .collect();
    for p in catalog().profiles() {
        let keys: Vec<&str> = p.secrets.keys.iter().map(|k| k.as_str()).collect();
        assert_eq!(keys, expected, "{}", p.name);
        let backup_keys = p.backup.s3_access.secret_keys.as_ref().unwrap();
        assert!(backup_keys.iter().all(|k| p.secrets.keys.contains(k)));
        assert_eq!(p.secrets.name.as_str(), shared.secret_name, "{}", p.name);
    }
}

#[test]
fn promotion_runs_through_the_seeds_stages_in_order() {
    // The platform's stages, in this order (other environments may sit between
    // them), from the first environment of the chain to the last.
    let stages = figures().every_environment.promotion_stages;
    let catalog = catalog();
    let chain = catalog.promotion_chain();
    let found: Vec<&str> = chain
        .iter()
        .copied()
        .filter(|n| stages.iter().any(|s| s == n))
        .collect();
    assert_eq!(found, stages);
    assert_eq!(
        [chain[0], chain[chain.len() - 1]],
        [stages[0].as_str(), stages[stages.len() - 1].as_str()]
    );
}

#[test]
fn every_environment_records_the_version_it_runs() {
    for p in catalog().profiles() {
        let backend = p.image(&p.workloads.backend);
        assert_eq!(
            backend,
            format!("axisor/backend:{}", p.version),
            "{}",
            p.name
        );
        assert!(!backend.ends_with(":latest"));
    }
}
