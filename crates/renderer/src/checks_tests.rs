//! The checks across objects: each with an input that breaks it, and the message it gives.
//! The inputs are rendered environments with one object changed.

use super::check;
use crate::{Object, Templates, render};
use axisor_environments::Environment;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn objects() -> Vec<Object> {
    let manifest = render(
        Environment::Production.profile(),
        &Templates::builtin().unwrap(),
    )
    .unwrap();
    manifest.objects().to_vec()
}

fn problems_after(change: impl FnOnce(&mut Vec<Object>)) -> Vec<String> {
    let mut objects = objects();
    change(&mut objects);
    check(&objects, "axisor")
}

#[test]
fn the_rendered_environments_pass_every_check() {
    for env in Environment::ALL {
        let manifest = render(env.profile(), &Templates::builtin().unwrap()).unwrap();
        assert_eq!(
            check(manifest.objects(), env.profile().namespace.as_str()),
            Vec::<String>::new()
        );
    }
}

#[test]
fn a_service_that_selects_no_deployment() {
    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::Service(s) = object
                && s.metadata.name.as_deref() == Some("axisor-frontend")
            {
                let selector = s.spec.as_mut().unwrap().selector.as_mut().unwrap();
                selector.insert("app.kubernetes.io/component".into(), "web".into());
            }
        }
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("Service axisor-frontend selects {"),
        "{problems:?}"
    );
    assert!(problems[0].ends_with(
        "but no rendered workload's pods carry those labels; expected it to select the pods of a Deployment, StatefulSet or other workload of this environment"
    ));
}

#[test]
fn a_service_port_that_targets_no_container_port() {
    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::Service(s) = object
                && s.metadata.name.as_deref() == Some("axisor-backend")
            {
                let port = &mut s.spec.as_mut().unwrap().ports.as_mut().unwrap()[1];
                port.target_port = Some(IntOrString::String("prometheus".into()));
            }
        }
    });
    assert_eq!(
        problems,
        [
            "Service axisor-backend port metrics targets port name `prometheus`, which no container of Deployment axisor-backend declares; expected a declared container port"
        ]
    );
}

#[test]
fn a_service_monitor_whose_service_or_port_is_missing() {
    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::ServiceMonitor(m) = object {
                m.spec.endpoints[0].port = Some("prom".into());
            }
        }
    });
    assert_eq!(
        problems,
        [
            "ServiceMonitor axisor-prod-monitor scrapes port \"prom\", but Service axisor-backend has only [\"http\", \"metrics\"]; expected one of its port names"
        ]
    );

    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::ServiceMonitor(m) = object {
                m.spec.namespace_selector = None; // looks in its own namespace (`monitoring`) only
            }
        }
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("in [\"monitoring\"], but there is none"),
        "{problems:?}"
    );
}

#[test]
fn a_container_requesting_more_than_its_limit() {
    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::CronJob(c) = object {
                let pod = c
                    .spec
                    .job_template
                    .spec
                    .as_mut()
                    .unwrap()
                    .template
                    .spec
                    .as_mut()
                    .unwrap();
                let resources = pod.containers[0].resources.as_mut().unwrap();
                resources
                    .requests
                    .as_mut()
                    .unwrap()
                    .insert("memory".into(), Quantity("3Gi".into()));
            }
        }
    });
    assert!(
        problems.contains(&"CronJob prod-backup container upload: memory request 3Gi is more than its limit 2Gi; expected requests <= limits".to_owned()),
        "{problems:?}"
    );
}

#[test]
fn pods_that_do_not_fit_the_quota() {
    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::ResourceQuota(q) = object {
                let hard = q.spec.as_mut().unwrap().hard.as_mut().unwrap();
                hard.insert("limits.cpu".into(), Quantity("10".into()));
                hard.insert("pods".into(), Quantity("8".into()));
                hard.insert("services".into(), Quantity("1".into()));
            }
        }
    });
    assert_eq!(
        problems,
        [
            // The autoscalers' maximum (6) plus one surge pod each.
            "ResourceQuota axisor-prod-quota: limits.cpu 10 is less than a rollout needs: Deployment axisor-backend 7 × 2 + Deployment axisor-frontend 7 × 1 + CronJob prod-backup 1 × 2 = 23; expected the pods to fit the quota",
            "ResourceQuota axisor-prod-quota: pods 8 is less than the 15 pods a rollout runs at once; expected at least 15",
            "ResourceQuota axisor-prod-quota: services 1 is less than the 2 Services rendered; expected at least 2",
        ]
    );
}

#[test]
fn an_object_outside_the_environments_namespace() {
    let problems = problems_after(|objects| {
        for object in objects {
            if let Object::ConfigMap(c) = object {
                c.metadata.namespace = Some("default".into());
            }
        }
    });
    assert_eq!(
        problems,
        [
            "ConfigMap axisor-config is in namespace default; expected the environment's namespace axisor"
        ]
    );
}

#[test]
fn render_refuses_to_emit_when_a_check_fails() {
    let dir = axisor_test_support::copy_of(concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates"));
    let service = std::fs::read_to_string(dir.path().join("service.yaml.j2")).unwrap();
    std::fs::write(
        dir.path().join("service.yaml.j2"),
        service.replace("targetPort: {{ port.name }}", "targetPort: 8000"),
    )
    .unwrap();
    let error = render(
        Environment::Staging.profile(),
        &Templates::load_dir(dir.path()).unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.starts_with("the rendered objects do not fit together:\n  - Service axisor-backend port http targets port 8000, which no container of Deployment axisor-backend declares"), "{error}");
}
