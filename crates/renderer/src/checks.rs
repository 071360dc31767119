//! Checks across the rendered objects, run on every render: what one object promises,
//! another must keep. A failed check stops the render with a message that says what does
//! not fit.
//!
//! Quantities are added with axisor-profile's `Quantity` (exact, saturating i128), which
//! cannot overflow into a panic as decimal arithmetic can.

use std::collections::BTreeMap;

use axisor_profile::Quantity;
use k8s_openapi::api::core::v1::{Container, LimitRangeItem, PodSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::objects::Object;

/// Every problem found, in a fixed order; empty when all objects fit together.
pub(crate) fn check(objects: &[Object], namespace: &str) -> Vec<String> {
    let mut problems = Vec::new();
    check_namespaces(objects, namespace, &mut problems);
    let pods = pod_sources(objects);
    check_services(objects, &pods, &mut problems);
    check_service_monitors(objects, &mut problems);
    check_ingresses(objects, &mut problems);
    check_autoscalers(objects, &mut problems);
    check_requests_within_limits(&pods, &mut problems);
    check_quota(objects, &pods, &mut problems);
    problems
}

fn describe(object: &Object) -> String {
    format!("{} {}", object.kind(), object.name())
}

fn check_namespaces(objects: &[Object], namespace: &str, problems: &mut Vec<String>) {
    for object in objects {
        // Cluster-wide kinds have no namespace (the metadata rules refuse one), and the
        // monitoring objects live where Prometheus looks for them.
        if !object.namespaced()
            || matches!(
                object,
                Object::ServiceMonitor(_) | Object::PrometheusRule(_)
            )
        {
            continue;
        }
        let actual = object.metadata().namespace.as_deref().unwrap_or("(none)");
        if actual != namespace {
            problems.push(format!(
                "{} is in namespace {actual}; expected the environment's namespace {namespace}",
                describe(object)
            ));
        }
    }
}

/// A workload's pods: labels, spec, and how many run at once at most.
struct PodSource<'a> {
    owner: String,
    labels: BTreeMap<String, String>,
    spec: &'a PodSpec,
    count: u64,
}

/// Every object that runs pods (a PodTemplate only describes them), with how many run at
/// once at most: a scalable workload its replicas, or its autoscaler's maximum, plus for a
/// Deployment the rolling update's surge; a Job its parallelism; a CronJob one Job at a
/// time (the templates' concurrencyPolicy is Forbid); a DaemonSet one pod, as the nodes
/// are unknown offline; a Pod itself.
fn pod_sources(objects: &[Object]) -> Vec<PodSource<'_>> {
    let sources = objects.iter().filter_map(|object| {
        let pods = object.pods()?;
        let count = match object {
            Object::PodTemplate(_) => return None,
            Object::Deployment(d) => {
                let replicas = replicas(objects, object);
                let surge = d
                    .spec
                    .strategy
                    .as_ref()
                    .and_then(|s| s.rolling_update.as_ref())
                    .and_then(|r| r.max_surge.as_ref());
                replicas + max_surge(surge, replicas)
            }
            Object::StatefulSet(_) | Object::ReplicaSet(_) | Object::ReplicationController(_) => {
                replicas(objects, object)
            }
            Object::Job(j) => count(j.spec.as_ref().and_then(|s| s.parallelism).unwrap_or(1)),
            _ => 1,
        };
        Some(PodSource {
            owner: describe(object),
            labels: pods.labels.cloned().unwrap_or_default(),
            spec: pods.spec,
            count,
        })
    });
    sources.collect()
}

fn count(n: i32) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The replicas a scalable workload may run: its autoscaler's maximum where one scales it,
/// else its own (1 when unset).
fn replicas(objects: &[Object], workload: &Object) -> u64 {
    let autoscaler = objects.iter().find_map(|o| match o {
        Object::HorizontalPodAutoscaler(hpa)
            if hpa.spec.scale_target_ref.kind == workload.kind()
                && hpa.spec.scale_target_ref.name == workload.name() =>
        {
            Some(hpa)
        }
        _ => None,
    });
    match autoscaler {
        Some(hpa) => count(hpa.spec.max_replicas),
        None => count(own_replicas(workload).flatten().unwrap_or(1)),
    }
}

/// A scalable workload's own `replicas` (`Some(None)` when it leaves them out); `None` for
/// a kind no autoscaler can scale.
fn own_replicas(object: &Object) -> Option<Option<i32>> {
    match object {
        Object::Deployment(d) => Some(d.spec.replicas),
        Object::StatefulSet(s) => Some(s.spec.replicas),
        Object::ReplicaSet(r) => Some(r.spec.replicas),
        Object::ReplicationController(r) => Some(r.spec.as_ref().and_then(|s| s.replicas)),
        _ => None,
    }
}

/// Every autoscaler scales a rendered workload, and that workload leaves `replicas` out:
/// otherwise each `kubectl apply` resets what the autoscaler chose.
fn check_autoscalers(objects: &[Object], problems: &mut Vec<String>) {
    for object in objects {
        let Object::HorizontalPodAutoscaler(hpa) = object else {
            continue;
        };
        let target = &hpa.spec.scale_target_ref;
        let replicas = objects
            .iter()
            .find(|o| o.kind() == target.kind && o.name() == target.name)
            .and_then(own_replicas);
        match replicas {
            None => problems.push(format!(
                "{} scales {} {}, which is not rendered; expected it to scale a Deployment, StatefulSet, ReplicaSet or ReplicationController of this environment",
                describe(object),
                target.kind,
                target.name
            )),
            Some(Some(_)) => problems.push(format!(
                "{} scales {} {}, which sets replicas; expected the {} to leave replicas to its autoscaler",
                describe(object),
                target.kind,
                target.name,
                target.kind
            )),
            Some(None) => {}
        }
    }
}

/// Every Ingress path leads to a rendered Service, through a port that Service declares.
fn check_ingresses(objects: &[Object], problems: &mut Vec<String>) {
    for object in objects {
        let Object::Ingress(ingress) = object else {
            continue;
        };
        let rules = ingress.spec.iter().flat_map(|s| s.rules.iter().flatten());
        let paths = rules.flat_map(|r| r.http.iter().flat_map(|h| h.paths.iter()));
        for path in paths {
            let Some(backend) = &path.backend.service else {
                continue;
            };
            let service = objects.iter().find_map(|o| match o {
                Object::Service(s) if o.name() == backend.name => Some(s),
                _ => None,
            });
            let Some(service) = service else {
                problems.push(format!(
                    "{} routes {} to Service {}, which is not rendered; expected a Service of this environment",
                    describe(object),
                    path.path.as_deref().unwrap_or("/"),
                    backend.name
                ));
                continue;
            };
            let port = backend.port.as_ref();
            let declared = service
                .spec
                .iter()
                .flat_map(|s| s.ports.iter().flatten())
                .any(|p| {
                    port.is_some_and(|want| {
                        want.name
                            .as_deref()
                            .is_some_and(|n| p.name.as_deref() == Some(n))
                            || want.number == Some(p.port)
                    })
                });
            if !declared {
                problems.push(format!(
                    "{} routes {} to a port Service {} does not declare; expected one of its ports, by name or number",
                    describe(object),
                    path.path.as_deref().unwrap_or("/"),
                    backend.name
                ));
            }
        }
    }
}

/// Extra pods a rolling update starts: `maxSurge`, 25% (rounded up) when unset.
fn max_surge(surge: Option<&IntOrString>, replicas: u64) -> u64 {
    match surge {
        Some(IntOrString::Int(n)) => u64::try_from(*n).unwrap_or(0),
        Some(IntOrString::String(percent)) => {
            let p: u64 = percent.trim_end_matches('%').parse().unwrap_or(25);
            (replicas * p).div_ceil(100)
        }
        None => (replicas * 25).div_ceil(100),
    }
}

fn selects(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

fn container_ports(spec: &PodSpec) -> Vec<(Option<&str>, i32)> {
    spec.containers
        .iter()
        .flat_map(|c| c.ports.iter().flatten())
        .map(|p| (p.name.as_deref(), p.container_port))
        .collect()
}

fn check_services(objects: &[Object], pods: &[PodSource], problems: &mut Vec<String>) {
    for object in objects {
        let Object::Service(service) = object else {
            continue;
        };
        let Some(spec) = &service.spec else { continue };
        let selector = spec.selector.clone().unwrap_or_default();
        // Without a selector a Service takes its endpoints from EndpointSlices written
        // for it, or names an external host (ExternalName): no pods to find.
        if selector.is_empty() {
            continue;
        }
        let Some(target) = pods.iter().find(|p| selects(&selector, &p.labels)) else {
            problems.push(format!(
                "{} selects {selector:?}, but no rendered workload's pods carry those labels; expected it to select the pods of a Deployment, StatefulSet or other workload of this environment",
                describe(object)
            ));
            continue;
        };
        let ports = container_ports(target.spec);
        for port in spec.ports.iter().flatten() {
            let found = match &port.target_port {
                Some(IntOrString::String(name)) => {
                    ports.iter().any(|(n, _)| *n == Some(name.as_str()))
                }
                Some(IntOrString::Int(number)) => ports.iter().any(|(_, p)| p == number),
                None => ports.iter().any(|(_, p)| *p == port.port),
            };
            if !found {
                let shown = match &port.target_port {
                    Some(IntOrString::String(name)) => format!("port name `{name}`"),
                    Some(IntOrString::Int(number)) => format!("port {number}"),
                    None => format!("port {}", port.port),
                };
                problems.push(format!(
                    "{} port {} targets {shown}, which no container of {} declares; expected a declared container port",
                    describe(object),
                    port.name.as_deref().unwrap_or_default(),
                    target.owner
                ));
            }
        }
    }
}

fn check_service_monitors(objects: &[Object], problems: &mut Vec<String>) {
    for object in objects {
        let Object::ServiceMonitor(monitor) = object else {
            continue;
        };
        let spec = &monitor.spec;
        let namespaces: Vec<&str> = match &spec.namespace_selector {
            Some(selector) => selector.match_names.iter().map(String::as_str).collect(),
            None => monitor.metadata.namespace.as_deref().into_iter().collect(),
        };
        let selector = spec.selector.match_labels.clone().unwrap_or_default();
        let target = objects.iter().find_map(|o| match o {
            Object::Service(s)
                if namespaces.contains(&s.metadata.namespace.as_deref().unwrap_or_default())
                    && selects(
                        &selector,
                        s.metadata.labels.as_ref().unwrap_or(&BTreeMap::new()),
                    ) =>
            {
                Some(s)
            }
            _ => None,
        });
        let Some(service) = target else {
            problems.push(format!(
                "{} selects Services labelled {selector:?} in {namespaces:?}, but there is none; expected it to select the backend Service",
                describe(object)
            ));
            continue;
        };
        let names: Vec<&str> = service
            .spec
            .iter()
            .flat_map(|s| s.ports.iter().flatten())
            .filter_map(|p| p.name.as_deref())
            .collect();
        for endpoint in &spec.endpoints {
            let port = endpoint.port.as_deref().unwrap_or_default();
            if !names.contains(&port) {
                problems.push(format!(
                    "{} scrapes port {port:?}, but Service {} has only {names:?}; expected one of its port names",
                    describe(object),
                    service.metadata.name.as_deref().unwrap_or_default()
                ));
            }
        }
    }
}

fn quantity(
    map: Option<&BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>,
    key: &str,
) -> Option<Quantity> {
    map.and_then(|m| m.get(key)).and_then(|q| q.0.parse().ok())
}

fn all_containers(spec: &PodSpec) -> impl Iterator<Item = &Container> {
    spec.containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
}

fn check_requests_within_limits(pods: &[PodSource], problems: &mut Vec<String>) {
    for pod in pods {
        for container in all_containers(pod.spec) {
            let resources = container.resources.as_ref();
            for key in ["cpu", "memory"] {
                let request = quantity(resources.and_then(|r| r.requests.as_ref()), key);
                let limit = quantity(resources.and_then(|r| r.limits.as_ref()), key);
                if let (Some(request), Some(limit)) = (request, limit)
                    && request > limit
                {
                    problems.push(format!(
                        "{} container {}: {key} request {request} is more than its limit {limit}; expected requests <= limits",
                        pod.owner, container.name
                    ));
                }
            }
        }
    }
}

/// What the API server charges a container: its own values, else (for a request) its
/// limit, else the LimitRange default.
fn effective(
    container: &Container,
    defaults: Option<&LimitRangeItem>,
    key: &str,
    limits: bool,
) -> i128 {
    let resources = container.resources.as_ref();
    let own_limit = quantity(resources.and_then(|r| r.limits.as_ref()), key);
    let value = if limits {
        own_limit.or_else(|| quantity(defaults.and_then(|d| d.default.as_ref()), key))
    } else {
        quantity(resources.and_then(|r| r.requests.as_ref()), key)
            .or(own_limit)
            .or_else(|| quantity(defaults.and_then(|d| d.default_request.as_ref()), key))
    };
    value.map_or(0, |q| q.nanos())
}

/// A pod's charge: the larger of its containers' sum and its largest init container.
fn pod_charge(spec: &PodSpec, defaults: Option<&LimitRangeItem>, key: &str, limits: bool) -> i128 {
    let running: i128 = spec.containers.iter().fold(0, |sum, c| {
        sum.saturating_add(effective(c, defaults, key, limits))
    });
    let init = spec
        .init_containers
        .iter()
        .flatten()
        .map(|c| effective(c, defaults, key, limits))
        .max()
        .unwrap_or(0);
    running.max(init)
}

fn check_quota(objects: &[Object], pods: &[PodSource], problems: &mut Vec<String>) {
    let defaults = objects.iter().find_map(|o| match o {
        Object::LimitRange(range) => range
            .spec
            .as_ref()
            .and_then(|s| s.limits.iter().find(|l| l.type_ == "Container")),
        _ => None,
    });
    let services = objects
        .iter()
        .filter(|o| matches!(o, Object::Service(_)))
        .count();
    for object in objects {
        let Object::ResourceQuota(quota) = object else {
            continue;
        };
        let hard = quota.spec.as_ref().and_then(|s| s.hard.as_ref());
        for (key, resource, limits) in [
            ("requests.cpu", "cpu", false),
            ("requests.memory", "memory", false),
            ("limits.cpu", "cpu", true),
            ("limits.memory", "memory", true),
        ] {
            let Some(allowed) = quantity(hard, key) else {
                continue;
            };
            let parts: Vec<(String, u64, i128)> = pods
                .iter()
                .map(|p| {
                    (
                        p.owner.clone(),
                        p.count,
                        pod_charge(p.spec, defaults, resource, limits),
                    )
                })
                .collect();
            let needed = parts.iter().fold(0i128, |sum, (_, n, each)| {
                sum.saturating_add(i128::from(*n).saturating_mul(*each))
            });
            if needed > allowed.nanos() {
                let shown: Vec<String> = parts
                    .iter()
                    .map(|(owner, n, each)| {
                        format!("{owner} {n} × {}", Quantity::from_nanos(*each))
                    })
                    .collect();
                problems.push(format!(
                    "{}: {key} {allowed} is less than a rollout needs: {} = {}; expected the pods to fit the quota",
                    describe(object),
                    shown.join(" + "),
                    Quantity::from_nanos(needed)
                ));
            }
        }
        let pod_count: u64 = pods.iter().map(|p| p.count).sum();
        if let Some(allowed) = quantity(hard, "pods")
            && i128::from(pod_count) * 1_000_000_000 > allowed.nanos()
        {
            problems.push(format!(
                "{}: pods {allowed} is less than the {pod_count} pods a rollout runs at once; expected at least {pod_count}",
                describe(object)
            ));
        }
        if let Some(allowed) = quantity(hard, "services")
            && i128::try_from(services)
                .unwrap_or(i128::MAX)
                .saturating_mul(1_000_000_000)
                > allowed.nanos()
        {
            problems.push(format!(
                "{}: services {allowed} is less than the {services} Services rendered; expected at least {services}",
                describe(object)
            ));
        }
    }
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
