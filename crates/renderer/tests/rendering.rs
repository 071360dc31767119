//! What every rendered environment must be: complete, ordered, labelled, deterministic.

use axisor_environments::Environment;
use axisor_renderer::{Object, Templates, render};

fn kinds(env: Environment) -> Vec<&'static str> {
    let manifest = render(env.profile(), &Templates::builtin().unwrap()).unwrap();
    manifest.objects().iter().map(Object::kind).collect()
}

fn objects(env: Environment) -> Vec<String> {
    let manifest = render(env.profile(), &Templates::builtin().unwrap()).unwrap();
    manifest
        .objects()
        .iter()
        .map(|o| format!("{} {}", o.kind(), o.name()))
        .collect()
}

#[test]
fn every_object_in_apply_order() {
    let production = [
        "Namespace axisor",
        "ResourceQuota axisor-prod-quota",
        "LimitRange axisor-prod-limits",
        "ServiceAccount axisor-backend",
        "ServiceAccount axisor-frontend",
        "ServiceAccount axisor-backup",
        "ConfigMap axisor-config",
        "ExternalSecret axisor-secrets",
        "NetworkPolicy default-deny",
        "NetworkPolicy allow-dns",
        "NetworkPolicy axisor-frontend",
        "NetworkPolicy axisor-backend",
        "NetworkPolicy axisor-backup",
        "Service axisor-backend",
        "Service axisor-frontend",
        "Deployment axisor-backend",
        "Deployment axisor-frontend",
        "HorizontalPodAutoscaler axisor-backend",
        "HorizontalPodAutoscaler axisor-frontend",
        "PodDisruptionBudget axisor-backend",
        "PodDisruptionBudget axisor-frontend",
        "Ingress axisor-prod",
        "ServiceMonitor axisor-prod-monitor",
        "PrometheusRule axisor-prod-alerts",
        "CronJob prod-backup",
    ];
    assert_eq!(objects(Environment::Production), production);
    assert_eq!(kinds(Environment::Staging).len(), production.len());
    // Development: its Secret from the documented placeholders; one replica each, so no
    // disruption budgets.
    let development = objects(Environment::Development);
    assert!(development.contains(&"Secret axisor-secrets".to_owned()));
    assert!(!development.iter().any(|o| o.starts_with("ExternalSecret")));
    // Nor autoscalers or an Ingress: its profile sets neither.
    for kind in ["PodDisruptionBudget", "HorizontalPodAutoscaler", "Ingress"] {
        assert!(!development.iter().any(|o| o.starts_with(kind)), "{kind}");
    }
    assert!(!kinds(Environment::Production).contains(&"Secret"));
}

#[test]
fn the_same_profile_renders_byte_identical_output() {
    let templates = Templates::builtin().unwrap();
    for env in Environment::ALL {
        let first = render(env.profile(), &templates).unwrap();
        let again = render(env.profile(), &Templates::builtin().unwrap()).unwrap();
        assert_eq!(first.to_yaml().unwrap(), again.to_yaml().unwrap());
        assert_eq!(first.to_json_list().unwrap(), again.to_json_list().unwrap());
    }
}

#[test]
fn every_object_carries_the_standard_labels() {
    let templates = Templates::builtin().unwrap();
    for env in Environment::ALL {
        let manifest = render(env.profile(), &templates).unwrap();
        for object in manifest.objects() {
            let labels = object.metadata().labels.as_ref().unwrap();
            let instance = format!("axisor-{env}");
            let expected = [
                ("app.kubernetes.io/name", "axisor"),
                ("app.kubernetes.io/instance", instance.as_str()),
                ("app.kubernetes.io/part-of", "axisor"),
                ("app.kubernetes.io/managed-by", "axisor-render"),
                ("environment", env.name()),
            ];
            for (key, value) in expected {
                assert_eq!(
                    labels.get(key).map(String::as_str),
                    Some(value),
                    "{} {key}",
                    object.kind()
                );
            }
        }
    }
}

#[test]
fn objects_live_in_the_environments_namespace() {
    let templates = Templates::builtin().unwrap();
    for env in Environment::ALL {
        let profile = env.profile();
        let manifest = render(profile, &templates).unwrap();
        for object in manifest.objects() {
            let expected = match object {
                Object::Namespace(_) => None,
                Object::ServiceMonitor(_) | Object::PrometheusRule(_) => {
                    Some(profile.monitoring.namespace.as_str())
                }
                _ => Some(profile.namespace.as_str()),
            };
            assert_eq!(
                object.metadata().namespace.as_deref(),
                expected,
                "{}",
                object.kind()
            );
        }
    }
}

#[test]
fn no_config_map_holds_a_credential() {
    let dev = render(
        Environment::Development.profile(),
        &Templates::builtin().unwrap(),
    )
    .unwrap();
    for object in dev.objects() {
        if let Object::ConfigMap(config) = object {
            let data = config.data.as_ref().unwrap();
            assert!(!data.contains_key("DATABASE_URL"));
            assert!(data.values().all(|v| !v.contains('@')), "{data:?}");
        }
        if let Object::Secret(secret) = object {
            let data = secret.data.as_ref().unwrap();
            let url = String::from_utf8(data["DATABASE_URL"].0.clone()).unwrap();
            assert_eq!(
                url,
                "postgresql://postgres:postgres@axisor-db-dev:5432/axisor_dev"
            );
        }
    }
}

/// Every alert has a summary and a runbook link to a section of docs/runbooks.md, and its
/// PrometheusRule is selected by the label Prometheus selects ServiceMonitors by.
#[test]
fn every_alert_links_a_runbook_section_that_exists() {
    let runbooks = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/runbooks.md"
    ))
    .unwrap();
    let anchors: Vec<String> = runbooks
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::to_lowercase)
        .collect();
    let templates = Templates::builtin().unwrap();
    for env in Environment::ALL {
        let profile = env.profile();
        let manifest = render(profile, &templates).unwrap();
        let rule = manifest
            .objects()
            .iter()
            .find_map(|o| match o {
                Object::PrometheusRule(r) => Some(r),
                _ => None,
            })
            .unwrap();
        let labels = rule.metadata.labels.as_ref().unwrap();
        for (key, value) in &profile.monitoring.prometheus_selector {
            assert_eq!(labels.get(key), Some(value), "{env}");
        }
        let alerts = rule.spec.groups.iter().flat_map(|g| &g.rules);
        let mut names = Vec::new();
        for alert in alerts {
            let annotations = alert.annotations.as_ref().unwrap();
            assert!(!annotations["summary"].is_empty());
            let (page, anchor) = annotations["runbook_url"].split_once('#').unwrap();
            assert_eq!(page, profile.monitoring.alerts.runbooks.as_str());
            assert!(anchors.iter().any(|a| a == anchor), "{anchor}");
            assert!(
                alert
                    .expr
                    .contains(&format!("namespace=\"{}\"", profile.namespace))
            );
            names.push(alert.alert.clone().unwrap());
        }
        assert_eq!(
            names,
            [
                "AxisorBackupFailed",
                "AxisorBackupOverdue",
                "AxisorReplicasMissing",
                "AxisorPodRestarting",
                "AxisorBackendTargetDown"
            ],
            "{env}"
        );
    }
}
