//! The profiles carry the seed's figures for every environment
//! (../shared/seed/environment-management.md).

use axisor_profile::{Catalog, LogLevel, NodeEnv, Profile, Quantity};

fn catalog() -> Catalog {
    Catalog::load_dir("../../environments").unwrap()
}

fn q(text: &str) -> Quantity {
    text.parse().unwrap()
}

struct Seed {
    name: &'static str,
    namespace: &'static str,
    short_name: &'static str,
    quota: [&'static str; 4],
    counts: [u32; 3],
    default: [&'static str; 2],
    default_request: [&'static str; 2],
    interval: &'static str,
    schedule: &'static str,
    destination: &'static str,
}

const SEED: [Seed; 3] = [
    Seed {
        name: "development",
        namespace: "axisor-dev",
        short_name: "dev",
        quota: ["2", "4Gi", "4", "8Gi"],
        counts: [4, 10, 5],
        default: ["500m", "512Mi"],
        default_request: ["100m", "128Mi"],
        interval: "30s",
        schedule: "0 2 * * *",
        destination: "s3://axisor-backups/development/",
    },
    Seed {
        name: "staging",
        namespace: "axisor-staging",
        short_name: "staging",
        quota: ["4", "8Gi", "8", "16Gi"],
        counts: [8, 20, 10],
        default: ["1", "1Gi"],
        default_request: ["250m", "256Mi"],
        interval: "15s",
        schedule: "0 3 * * *",
        destination: "s3://axisor-backups/staging/",
    },
    Seed {
        name: "production",
        namespace: "axisor",
        short_name: "prod",
        quota: ["16", "32Gi", "32", "64Gi"],
        counts: [20, 50, 25],
        default: ["2", "2Gi"],
        default_request: ["500m", "512Mi"],
        interval: "10s",
        schedule: "0 1 * * *",
        destination: "s3://axisor-backups/production/",
    },
];

#[test]
fn quotas_limits_intervals_and_schedules_match_the_seed() {
    let catalog = catalog();
    for seed in SEED {
        let p: &Profile = catalog.get(seed.name).unwrap();
        assert_eq!(p.namespace.as_str(), seed.namespace, "{}", seed.name);
        assert_eq!(p.short_name.as_str(), seed.short_name, "{}", seed.name);
        let quota = &p.quota;
        assert_eq!(quota.requests.cpu, q(seed.quota[0]), "{}", seed.name);
        assert_eq!(quota.requests.memory, q(seed.quota[1]), "{}", seed.name);
        assert_eq!(quota.limits.cpu, q(seed.quota[2]), "{}", seed.name);
        assert_eq!(quota.limits.memory, q(seed.quota[3]), "{}", seed.name);
        let counts = [quota.persistent_volume_claims, quota.pods, quota.services];
        assert_eq!(counts, seed.counts, "{}", seed.name);
        let range = &p.limit_range;
        assert_eq!(range.default.cpu, q(seed.default[0]), "{}", seed.name);
        assert_eq!(range.default.memory, q(seed.default[1]), "{}", seed.name);
        assert_eq!(
            range.default_request.cpu,
            q(seed.default_request[0]),
            "{}",
            seed.name
        );
        assert_eq!(
            range.default_request.memory,
            q(seed.default_request[1]),
            "{}",
            seed.name
        );
        assert_eq!(
            p.monitoring.interval.as_str(),
            seed.interval,
            "{}",
            seed.name
        );
        assert_eq!(p.monitoring.namespace.as_str(), "monitoring");
        assert_eq!(p.monitoring.path, "/metrics");
        assert_eq!(p.monitoring.port_name.as_str(), "metrics");
        assert_eq!(p.backup.schedule.as_str(), seed.schedule, "{}", seed.name);
        assert_eq!(
            p.backup.destination.as_str(),
            seed.destination,
            "{}",
            seed.name
        );
    }
}

#[test]
fn application_settings_match_the_seed() {
    let catalog = catalog();
    let expected = [
        (
            "development",
            NodeEnv::Development,
            LogLevel::Debug,
            1000,
            "http://localhost:3000",
            "24h",
            "https://api.testnet.lnmarkets.com",
        ),
        (
            "staging",
            NodeEnv::Staging,
            LogLevel::Info,
            500,
            "https://staging.axisor.com",
            "12h",
            "https://api.testnet.lnmarkets.com",
        ),
        (
            "production",
            NodeEnv::Production,
            LogLevel::Warn,
            100,
            "https://app.axisor.com",
            "8h",
            "https://api.lnmarkets.com",
        ),
    ];
    for (name, node_env, level, rate, cors, jwt, api) in expected {
        let app = &catalog.get(name).unwrap().app;
        assert_eq!(app.node_env, node_env, "{name}");
        assert_eq!(app.log_level, level, "{name}");
        assert_eq!(app.rate_limit_max, rate, "{name}");
        assert_eq!(app.cors_origin.as_str(), cors, "{name}");
        assert_eq!(app.jwt_expires_in.as_str(), jwt, "{name}");
        assert_eq!(app.ln_markets.api_url.as_str(), api, "{name}");
        assert_eq!(
            app.ln_markets.testnet_api_url.as_str(),
            "https://api.testnet.lnmarkets.com"
        );
        assert_eq!(app.port.get(), 3010);
        assert_eq!(app.prometheus_port.get(), 9090);
    }
}

#[test]
fn endpoints_match_the_seed_without_credentials() {
    let catalog = catalog();
    let expected = [
        (
            "development",
            "postgresql://axisor-db-dev:5432/axisor_dev",
            "redis://axisor-redis-dev:6379",
        ),
        (
            "staging",
            "postgresql://axisor-db-staging:5432/axisor_staging",
            "redis://axisor-redis-staging:6379",
        ),
        (
            "production",
            "postgresql://axisor-db:5432/axisor",
            "redis://axisor-redis:6379",
        ),
    ];
    for (name, database, redis) in expected {
        let p = catalog.get(name).unwrap();
        assert_eq!(p.database.url.as_str(), database, "{name}");
        assert_eq!(p.database.user, "postgres", "{name}");
        assert_eq!(p.redis.url.as_str(), redis, "{name}");
    }
}

#[test]
fn secret_key_names_match_the_seed() {
    let catalog = catalog();
    for p in catalog.profiles() {
        let keys: Vec<&str> = p.secrets.keys.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "DATABASE_PASSWORD",
                "JWT_SECRET",
                "LN_MARKETS_API_KEY",
                "LN_MARKETS_API_SECRET",
                "REDIS_PASSWORD",
                // Not in the seed: the backup upload's S3 credentials (backup.s3_access).
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY"
            ]
        );
        let backup_keys = p.backup.s3_access.secret_keys.as_ref().unwrap();
        assert!(backup_keys.iter().all(|k| p.secrets.keys.contains(k)));
        assert_eq!(p.secrets.name.as_str(), "axisor-secrets");
    }
}

#[test]
fn promotion_runs_development_testing_staging_production() {
    // The seed's diagram: Development -> Testing -> Staging -> Production, in this order
    // (other environments may sit between them).
    let catalog = catalog();
    let chain = catalog.promotion_chain();
    let stages: Vec<&str> = chain
        .iter()
        .copied()
        .filter(|n| ["development", "testing", "staging", "production"].contains(n))
        .collect();
    assert_eq!(stages, ["development", "testing", "staging", "production"]);
    assert_eq!(
        (chain[0], chain[chain.len() - 1]),
        ("development", "production")
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
