//! The workloads a real cluster accepts and that actually work: images, replicas,
//! hardened pods, identities, probes, disruption budgets, network rules, config rollouts.

use axisor_environments::Environment;
use axisor_renderer::{CONFIG_HASH_ANNOTATION, Manifest, Object, Templates, render};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::PodSpec;

fn manifest(env: Environment) -> Manifest {
    render(env.profile(), &Templates::builtin().unwrap()).unwrap()
}

fn deployments(manifest: &Manifest) -> Vec<&Deployment> {
    manifest
        .objects()
        .iter()
        .filter_map(|o| match o {
            Object::Deployment(d) => Some(&**d),
            _ => None,
        })
        .collect()
}

/// Every pod spec of the stream: Deployments and the backup CronJob.
fn pod_specs(manifest: &Manifest) -> Vec<(String, &PodSpec)> {
    manifest
        .objects()
        .iter()
        .filter_map(|o| {
            match o {
                Object::Deployment(d) => d.spec.template.spec.as_ref(),
                Object::CronJob(c) => c.spec.job_template.spec.as_ref()?.template.spec.as_ref(),
                _ => None,
            }
            .map(|spec| (format!("{} {}", o.kind(), o.name()), spec))
        })
        .collect()
}

#[test]
fn images_run_the_recorded_version_with_an_explicit_tag() {
    for env in Environment::ALL {
        let profile = env.profile();
        for deployment in deployments(&manifest(env)) {
            let pod = deployment.spec.template.spec.as_ref().unwrap();
            let image = pod.containers[0].image.as_deref().unwrap();
            let (_, tag) = image.rsplit_once(':').unwrap();
            assert_eq!(tag, profile.version.as_str(), "{image}");
            assert_ne!(tag, "latest");
        }
    }
}

#[test]
fn replicas_come_from_the_profile_or_its_autoscaling_bounds() {
    let mut autoscaled = 0;
    for env in Environment::ALL {
        let profile = env.profile();
        let manifest = manifest(env);
        let workloads = [&profile.workloads.backend, &profile.workloads.frontend];
        for (deployment, workload) in deployments(&manifest).iter().zip(workloads) {
            let name = deployment.metadata.name.as_deref().unwrap();
            let autoscaler = manifest.objects().iter().find_map(|o| match o {
                Object::HorizontalPodAutoscaler(h) if o.name() == name => Some(h),
                _ => None,
            });
            match (&workload.autoscaling, autoscaler) {
                (None, None) => {
                    assert_eq!(
                        deployment.spec.replicas,
                        Some(workload.replicas as i32),
                        "{env}"
                    )
                }
                (Some(bounds), Some(hpa)) => {
                    autoscaled += 1;
                    // The Deployment leaves replicas to its autoscaler.
                    assert_eq!(deployment.spec.replicas, None, "{env} {name}");
                    assert_eq!(hpa.spec.scale_target_ref.name, name);
                    assert_eq!(hpa.spec.min_replicas, Some(workload.replicas as i32));
                    assert_eq!(hpa.spec.max_replicas, bounds.max_replicas as i32);
                    let targets: Vec<(&str, Option<i32>)> = hpa
                        .spec
                        .metrics
                        .iter()
                        .flatten()
                        .map(|m| {
                            let r = m.resource.as_ref().unwrap();
                            (r.name.as_str(), r.target.average_utilization)
                        })
                        .collect();
                    assert_eq!(
                        targets,
                        [
                            ("cpu", Some(bounds.cpu_utilization as i32)),
                            ("memory", Some(bounds.memory_utilization as i32))
                        ]
                    );
                }
                (bounds, hpa) => panic!("{env} {name}: bounds {bounds:?}, autoscaler {hpa:?}"),
            }
        }
    }
    assert_eq!(
        autoscaled, 4,
        "staging and production autoscale both workloads"
    );
}

#[test]
fn every_pod_is_hardened() {
    for env in Environment::ALL {
        let manifest = manifest(env);
        for (owner, pod) in pod_specs(&manifest) {
            let security = pod.security_context.as_ref().unwrap();
            assert_eq!(security.run_as_non_root, Some(true), "{owner}");
            assert_eq!(
                security.seccomp_profile.as_ref().unwrap().type_,
                "RuntimeDefault",
                "{owner}"
            );
            assert_eq!(pod.automount_service_account_token, Some(false), "{owner}");
            let account = pod.service_account_name.as_deref().unwrap();
            let has_account = manifest.objects().iter().any(|o| {
                matches!(o, Object::ServiceAccount(sa) if sa.metadata.name.as_deref() == Some(account)
                    && sa.automount_service_account_token == Some(false))
            });
            assert!(
                has_account,
                "{owner} runs as {account}, which must exist without a token"
            );
            for container in pod
                .containers
                .iter()
                .chain(pod.init_containers.iter().flatten())
            {
                let c = container.security_context.as_ref().unwrap();
                assert_eq!(
                    c.allow_privilege_escalation,
                    Some(false),
                    "{owner}/{}",
                    container.name
                );
                assert_eq!(
                    c.read_only_root_filesystem,
                    Some(true),
                    "{owner}/{}",
                    container.name
                );
                let drop = c.capabilities.as_ref().unwrap().drop.as_ref().unwrap();
                assert_eq!(drop, &["ALL".to_owned()], "{owner}/{}", container.name);
                let resources = container.resources.as_ref().unwrap();
                assert!(
                    resources.requests.is_some() && resources.limits.is_some(),
                    "{owner}/{}",
                    container.name
                );
            }
        }
    }
}

#[test]
fn the_backend_serves_metrics_on_prometheus_port_and_reads_config_and_secret() {
    for env in Environment::ALL {
        let manifest = manifest(env);
        let backend = deployments(&manifest)[0];
        let container = &backend.spec.template.spec.as_ref().unwrap().containers[0];
        let metrics = container
            .ports
            .as_ref()
            .unwrap()
            .iter()
            .find(|p| p.name.as_deref() == Some("metrics"))
            .unwrap();
        assert_eq!(
            metrics.container_port,
            i32::from(env.profile().app.prometheus_port.get())
        );
        let sources: Vec<String> = container
            .env_from
            .as_ref()
            .unwrap()
            .iter()
            .map(|s| match (&s.config_map_ref, &s.secret_ref) {
                (Some(c), _) => format!("configmap/{}", c.name),
                (_, Some(s)) => format!("secret/{}", s.name),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            sources,
            ["configmap/axisor-config", "secret/axisor-secrets"]
        );
        assert!(container.readiness_probe.is_some() && container.liveness_probe.is_some());
    }
}

#[test]
fn disruption_budgets_exactly_where_replicas_exceed_one() {
    for env in Environment::ALL {
        let manifest = manifest(env);
        let budgets: Vec<&str> = manifest
            .objects()
            .iter()
            .filter(|o| o.kind() == "PodDisruptionBudget")
            .map(Object::name)
            .collect();
        let profile = env.profile();
        let floors = [&profile.workloads.backend, &profile.workloads.frontend].map(|w| w.replicas);
        let expected: Vec<&str> = deployments(&manifest)
            .iter()
            .zip(floors)
            .filter(|(_, replicas)| *replicas > 1)
            .map(|(d, _)| d.metadata.name.as_deref().unwrap())
            .collect();
        assert_eq!(budgets, expected, "{env}");
    }
}

#[test]
fn network_policies_deny_by_default_and_allow_dns_database_and_redis() {
    let manifest = manifest(Environment::Staging);
    let policies: Vec<_> = manifest
        .objects()
        .iter()
        .filter_map(|o| match o {
            Object::NetworkPolicy(p) => Some(p),
            _ => None,
        })
        .collect();
    let deny = policies
        .iter()
        .find(|p| p.metadata.name.as_deref() == Some("default-deny"))
        .unwrap();
    let spec = deny.spec.as_ref().unwrap();
    assert!(
        spec.pod_selector.as_ref().unwrap().match_labels.is_none(),
        "selects every pod"
    );
    assert_eq!(spec.policy_types.as_deref().unwrap(), ["Ingress", "Egress"]);
    assert!(spec.ingress.is_none() && spec.egress.is_none());

    let json = serde_json::to_string(&policies).unwrap();
    assert!(json.contains(r#""k8s-app":"kube-dns""#), "DNS egress");
    let backend = policies
        .iter()
        .find(|p| p.metadata.name.as_deref() == Some("axisor-backend"))
        .unwrap();
    let egress_ports: Vec<String> = backend
        .spec
        .as_ref()
        .unwrap()
        .egress
        .iter()
        .flatten()
        .flat_map(|rule| rule.ports.iter().flatten())
        .map(|p| serde_json::to_string(&p.port).unwrap())
        .collect();
    assert_eq!(
        egress_ports,
        ["5432", "6379", "443"],
        "database, Redis, LN Markets API"
    );
}

fn config_hash(manifest: &Manifest) -> Vec<String> {
    deployments(manifest)
        .iter()
        .map(|d| {
            d.spec
                .template
                .metadata
                .as_ref()
                .unwrap()
                .annotations
                .as_ref()
                .unwrap()[CONFIG_HASH_ANNOTATION]
                .clone()
        })
        .collect()
}

#[test]
fn a_configuration_change_rolls_the_pods_and_nothing_else_does() {
    let templates = Templates::builtin().unwrap();
    let profile = Environment::Staging.profile().clone();
    let before = config_hash(&render(&profile, &templates).unwrap());
    assert_eq!(before.len(), 2);
    assert_eq!(
        before,
        config_hash(&render(&profile, &templates).unwrap()),
        "stable"
    );

    // Each Deployment's hash covers what its own pods read: the frontend reads no
    // configuration, so a backend setting rolls the backend alone.
    let names: Vec<String> = deployments(&render(&profile, &templates).unwrap())
        .iter()
        .map(|d| d.metadata.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["axisor-backend", "axisor-frontend"]);
    assert_ne!(before[0], before[1]);
    let mut config_changed = profile.clone();
    config_changed.app.rate_limit_max += 1;
    let after = config_hash(&render(&config_changed, &templates).unwrap());
    assert_ne!(before[0], after[0], "the backend rolls");
    assert_eq!(before[1], after[1], "the frontend does not");

    let mut scaled = profile.clone();
    scaled.workloads.backend.replicas += 1;
    assert_eq!(before, config_hash(&render(&scaled, &templates).unwrap()));

    // With an ExternalSecret (staging), its spec counts: another remote key rolls the pods.
    let mut store_changed = profile.clone();
    store_changed
        .secrets
        .external
        .as_mut()
        .unwrap()
        .key
        .push_str("-v2");
    let after = config_hash(&render(&store_changed, &templates).unwrap());
    assert_ne!(before[0], after[0]);
    assert_eq!(before[1], after[1]);

    // Where the Secret's values are rendered (development), they count too.
    let development = Environment::Development.profile().clone();
    let dev_before = config_hash(&render(&development, &templates).unwrap());
    let mut secret_changed = development.clone();
    let placeholders = secret_changed.secrets.local_placeholders.as_mut().unwrap();
    placeholders.values_mut().next().unwrap().push('x');
    assert_ne!(
        dev_before,
        config_hash(&render(&secret_changed, &templates).unwrap())
    );
}

/// Every workload of more than one replica is spread across nodes, and across zones where
/// the profile says so; each spread counts exactly its own pods.
#[test]
fn replicas_are_spread_across_nodes_and_zones_where_the_profile_says() {
    let templates = Templates::builtin().unwrap();
    for env in Environment::ALL {
        let profile = env.profile();
        let manifest = render(profile, &templates).unwrap();
        let floors = [&profile.workloads.backend, &profile.workloads.frontend].map(|w| w.replicas);
        for (deployment, floor) in deployments(&manifest).into_iter().zip(floors) {
            let spec = &deployment.spec;
            let pod_labels = spec
                .template
                .metadata
                .as_ref()
                .unwrap()
                .labels
                .clone()
                .unwrap();
            let constraints = spec
                .template
                .spec
                .as_ref()
                .unwrap()
                .topology_spread_constraints
                .clone()
                .unwrap_or_default();
            let keys: Vec<&str> = constraints
                .iter()
                .map(|c| c.topology_key.as_str())
                .collect();
            // The floor: an autoscaled Deployment sets no replicas of its own.
            let expected: &[&str] = match (floor, profile.workloads.spread_across_zones) {
                (0..=1, _) => &[],
                (_, false) => &["kubernetes.io/hostname"],
                (_, true) => &["kubernetes.io/hostname", "topology.kubernetes.io/zone"],
            };
            assert_eq!(keys, expected, "{env}");
            for constraint in &constraints {
                let selector = constraint.label_selector.as_ref().unwrap();
                let wanted = selector.match_labels.as_ref().unwrap();
                assert!(
                    wanted.iter().all(|(k, v)| pod_labels.get(k) == Some(v)),
                    "{env}: the spread selects the Deployment's own pods"
                );
                assert_eq!(
                    constraint.match_label_keys.as_deref(),
                    Some(&["pod-template-hash".to_owned()][..])
                );
            }
        }
    }
    // Production says its replicas are spread for availability: across zones too.
    assert!(
        Environment::Production
            .profile()
            .workloads
            .spread_across_zones
    );
}
