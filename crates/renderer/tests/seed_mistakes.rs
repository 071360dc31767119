//! Mistakes a hand-written manifest commonly makes, each with a test that fails if the
//! rendered output makes it.

use axisor_environments::Environment;
use axisor_renderer::{Manifest, Object, ServiceMonitor, Templates, render};
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{Container, PodSpec, Service};

fn manifest(env: Environment) -> Manifest {
    render(env.profile(), &Templates::builtin().unwrap()).unwrap()
}

fn cronjob(manifest: &Manifest) -> &CronJob {
    manifest
        .objects()
        .iter()
        .find_map(|o| match o {
            Object::CronJob(c) => Some(c),
            _ => None,
        })
        .unwrap()
}

/// The pod the backup Job runs.
fn backup_pod(job: &CronJob) -> &PodSpec {
    let template = &job.spec.job_template.spec.as_ref().unwrap().template;
    template.spec.as_ref().unwrap()
}

fn backup_containers(job: &CronJob) -> Vec<&Container> {
    let pod = backup_pod(job);
    pod.init_containers
        .iter()
        .flatten()
        .chain(pod.containers.iter())
        .collect()
}

fn script(container: &Container) -> String {
    container
        .args
        .iter()
        .flatten()
        .chain(container.command.iter().flatten())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_backup_pod_has_a_restart_policy_jobs_accept() {
    for env in Environment::ALL {
        let manifest = manifest(env);
        let pod = backup_pod(cronjob(&manifest));
        assert!(
            matches!(pod.restart_policy.as_deref(), Some("Never" | "OnFailure")),
            "{env}"
        );
    }
}

#[test]
fn one_timestamp_names_the_upload() {
    let manifest = manifest(Environment::Production);
    let scripts: String = backup_containers(cronjob(&manifest))
        .into_iter()
        .map(script)
        .collect();
    assert_eq!(scripts.matches("date ").count(), 1, "{scripts}");
    assert!(scripts.contains("${stamp}"), "{scripts}");
}

#[test]
fn every_stage_failure_fails_the_job() {
    let manifest = manifest(Environment::Production);
    for container in backup_containers(cronjob(&manifest)) {
        assert!(
            script(container).contains("set -euo pipefail"),
            "{}",
            container.name
        );
    }
    let pod = backup_pod(cronjob(&manifest));
    // The dump runs as an init container: the upload starts only after it succeeded.
    assert!(script(&pod.init_containers.as_ref().unwrap()[0]).contains("pg_dump"));
    assert!(script(&pod.containers[0]).contains("aws s3 cp"));
}

#[test]
fn each_tool_runs_in_an_image_that_holds_it() {
    let manifest = manifest(Environment::Production);
    let profile = Environment::Production.profile();
    let containers = backup_containers(cronjob(&manifest));
    assert_eq!(
        containers[0].image.as_deref(),
        Some(profile.backup.dump_image.as_str())
    );
    assert!(profile.backup.dump_image.as_str().starts_with("postgres:"));
    assert_eq!(
        containers[1].image.as_deref(),
        Some(profile.backup.upload_image.as_str())
    );
    assert!(
        profile
            .backup
            .upload_image
            .as_str()
            .starts_with("amazon/aws-cli:")
    );
}

#[test]
fn backup_is_mounted_and_credentials_come_from_the_secret() {
    let manifest = manifest(Environment::Production);
    let job = cronjob(&manifest);
    for container in backup_containers(job) {
        let mounts = container.volume_mounts.as_ref().unwrap();
        assert!(
            mounts.iter().any(|m| m.mount_path == "/backup"),
            "{}",
            container.name
        );
    }
    let env_from_secret = |container: &Container, name: &str| {
        container.env.iter().flatten().any(|e| {
            e.name == name
                && e.value.is_none()
                && e.value_from
                    .as_ref()
                    .and_then(|v| v.secret_key_ref.as_ref())
                    .is_some_and(|r| r.name == "axisor-secrets")
        })
    };
    let containers = backup_containers(job);
    assert!(env_from_secret(containers[0], "PGPASSWORD"));
    assert!(env_from_secret(containers[1], "AWS_ACCESS_KEY_ID"));
    assert!(env_from_secret(containers[1], "AWS_SECRET_ACCESS_KEY"));
}

#[test]
fn s3_access_by_workload_identity_annotates_the_backup_service_account() {
    let mut profile = Environment::Production.profile().clone();
    profile.backup.s3_access.secret_keys = None;
    let role = "arn:aws:iam::000000000000:role/axisor-backup".to_owned();
    profile.backup.s3_access.service_account_annotations =
        Some([("eks.amazonaws.com/role-arn".to_owned(), role.clone())].into());
    let manifest = render(&profile, &Templates::builtin().unwrap()).unwrap();
    let account = manifest
        .objects()
        .iter()
        .find_map(|o| match o {
            Object::ServiceAccount(sa) if sa.metadata.name.as_deref() == Some("axisor-backup") => {
                Some(sa)
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(
        account.metadata.annotations.as_ref().unwrap()["eks.amazonaws.com/role-arn"],
        role
    );
    let upload = backup_containers(cronjob(&manifest))[1];
    assert!(
        !upload
            .env
            .iter()
            .flatten()
            .any(|e| e.name.starts_with("AWS_ACCESS"))
    );
}

#[test]
fn the_backup_schedule_is_safe_to_run_unattended() {
    for env in Environment::ALL {
        let profile = env.profile();
        let manifest = manifest(env);
        let spec = &cronjob(&manifest).spec;
        assert_eq!(spec.concurrency_policy.as_deref(), Some("Forbid"));
        assert_eq!(
            spec.time_zone.as_deref(),
            Some(profile.backup.time_zone.as_str())
        );
        assert_eq!(spec.schedule, profile.backup.schedule.as_str());
        let history = i32::try_from(profile.backup.history_limit).unwrap();
        assert_eq!(spec.successful_jobs_history_limit, Some(history));
        assert_eq!(spec.failed_jobs_history_limit, Some(history));
        let deadline = spec
            .job_template
            .spec
            .as_ref()
            .unwrap()
            .active_deadline_seconds;
        assert_eq!(
            deadline,
            Some(i64::try_from(profile.backup.deadline.as_std().as_secs()).unwrap())
        );
    }
}

fn service_monitor(manifest: &Manifest) -> &ServiceMonitor {
    manifest
        .objects()
        .iter()
        .find_map(|o| match o {
            Object::ServiceMonitor(m) => Some(m),
            _ => None,
        })
        .unwrap()
}

fn backend_service(manifest: &Manifest) -> &Service {
    manifest
        .objects()
        .iter()
        .find_map(|o| match o {
            Object::Service(s) if s.metadata.name.as_deref() == Some("axisor-backend") => Some(s),
            _ => None,
        })
        .unwrap()
}

#[test]
fn the_service_monitor_selects_the_backend_service_in_the_environments_namespace() {
    for env in Environment::ALL {
        let profile = env.profile();
        let manifest = manifest(env);
        let monitor = service_monitor(&manifest);
        assert_eq!(monitor.metadata.namespace.as_deref(), Some("monitoring"));
        let namespaces = &monitor
            .spec
            .namespace_selector
            .as_ref()
            .unwrap()
            .match_names;
        assert_eq!(namespaces, &[profile.namespace.to_string()]);
        let service = backend_service(&manifest);
        let labels = service.metadata.labels.as_ref().unwrap();
        for (key, value) in monitor.spec.selector.match_labels.as_ref().unwrap() {
            assert_eq!(labels.get(key), Some(value), "{env}: {key}");
        }
        let ports: Vec<&str> = service
            .spec
            .as_ref()
            .unwrap()
            .ports
            .iter()
            .flatten()
            .filter_map(|p| p.name.as_deref())
            .collect();
        assert!(ports.contains(&monitor.spec.endpoints[0].port.as_deref().unwrap()));
        let monitor_labels = monitor.metadata.labels.as_ref().unwrap();
        for (key, value) in &profile.monitoring.prometheus_selector {
            assert_eq!(
                monitor_labels.get(key),
                Some(value),
                "the label Prometheus selects by"
            );
        }
    }
}
