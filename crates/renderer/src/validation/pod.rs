//! Pod specs in workload templates, after `pkg/apis/core/validation/validation.go`
//! (ValidatePodSpec and the functions it calls, named at each rule).

use std::collections::BTreeSet;
use std::fmt::Display;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, PodSpec, Probe, TopologySpreadConstraint, Volume,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::formats::{
    dns1123_label, env_var_name, label_key, non_negative_quantity, port_name, port_number,
};
use super::{Found, metadata, security};

/// The protocols a port may name (validateContainerPorts, ValidateService).
pub(crate) const PROTOCOLS: [&str; 3] = ["TCP", "UDP", "SCTP"];

/// ValidatePodSpec at `path`; `restart_policies` are those its controller allows
/// (Deployment: `Always`; Job: `OnFailure`, `Never`).
pub(crate) fn check(
    spec: &PodSpec,
    path: &dyn Display,
    restart_policies: &[&str],
    found: &mut Found,
) {
    let volumes = check_volumes(spec.volumes.as_deref().unwrap_or_default(), path, found);
    let init = spec.init_containers.as_deref().unwrap_or_default();
    if spec.containers.is_empty() {
        found.required(&format_args!("{path}.containers"));
    }
    let mut names = BTreeSet::new();
    for (list, containers) in [
        ("initContainers", init),
        ("containers", &spec.containers[..]),
    ] {
        for (index, container) in containers.iter().enumerate() {
            let at = format_args!("{path}.{list}[{index}]");
            // validateInitContainers / validateContainers: names unique across both lists.
            if !names.insert(container.name.as_str()) {
                found.duplicate(&format_args!("{at}.name"), &container.name);
            }
            check_container(container, &at, &volumes, found);
        }
    }
    // validateRestartPolicy, narrowed by the controller (ValidatePodTemplateSpecForDeployment
    // / ValidateJobTemplateSpec).
    let policy = spec.restart_policy.as_deref().unwrap_or("Always");
    if !restart_policies.contains(&policy) {
        found.unsupported(
            &format_args!("{path}.restartPolicy"),
            policy,
            restart_policies,
        );
    }
    if let Some(seconds) = spec.active_deadline_seconds
        && seconds <= 0
    {
        found.add(
            &format_args!("{path}.activeDeadlineSeconds"),
            format!("Invalid value: {seconds}: must be greater than or equal to 1"),
        );
    }
    if let Some(context) = &spec.security_context {
        security::pod(
            spec,
            context,
            &format_args!("{path}.securityContext"),
            found,
        );
    }
    let constraints = spec
        .topology_spread_constraints
        .as_deref()
        .unwrap_or_default();
    check_topology_spread(
        constraints,
        &format_args!("{path}.topologySpreadConstraints"),
        found,
    );
    if let Some(seconds) = spec.termination_grace_period_seconds {
        non_negative(
            &format_args!("{path}.terminationGracePeriodSeconds"),
            seconds,
            found,
        );
    }
}

/// validateTopologySpreadConstraints: maxSkew above 0, a topologyKey, whenUnsatisfiable
/// DoNotSchedule or ScheduleAnyway, each {topologyKey, whenUnsatisfiable} pair once,
/// minDomains above 0 and only with DoNotSchedule, node inclusion policies Honor or Ignore,
/// matchLabelKeys label names that the selector does not hold, only beside a selector
/// (validateMatchLabelKeysInTopologySpread), and the selector itself.
fn check_topology_spread(
    constraints: &[TopologySpreadConstraint],
    path: &dyn Display,
    found: &mut Found,
) {
    for (index, constraint) in constraints.iter().enumerate() {
        let at = format_args!("{path}[{index}]");
        if constraint.max_skew <= 0 {
            let message = format!(
                "Invalid value: {}: must be greater than zero",
                constraint.max_skew
            );
            found.add(&format_args!("{at}.maxSkew"), message);
        }
        if constraint.topology_key.is_empty() {
            found.add(
                &format_args!("{at}.topologyKey"),
                "Required value: can not be empty",
            );
        }
        let action = constraint.when_unsatisfiable.as_str();
        found.one_of(
            &format_args!("{at}.whenUnsatisfiable"),
            Some(action),
            &["DoNotSchedule", "ScheduleAnyway"],
        );
        let repeated = constraints[index + 1..].iter().any(|later| {
            later.topology_key == constraint.topology_key && later.when_unsatisfiable == action
        });
        if repeated {
            found.duplicate(
                &format_args!("{at}.{{topologyKey, whenUnsatisfiable}}"),
                format!("{{{}, {action}}}", constraint.topology_key),
            );
        }
        if let Some(domains) = constraint.min_domains {
            if domains <= 0 {
                found.add(
                    &format_args!("{at}.minDomains"),
                    format!("Invalid value: {domains}: must be greater than zero"),
                );
            }
            if action != "DoNotSchedule" {
                let message = format!(
                    "Invalid value: {domains}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                );
                found.add(&format_args!("{at}.minDomains"), message);
            }
        }
        for (field, policy) in [
            ("nodeAffinityPolicy", &constraint.node_affinity_policy),
            ("nodeTaintsPolicy", &constraint.node_taints_policy),
        ] {
            found.one_of(
                &format_args!("{at}.{field}"),
                policy.as_deref(),
                &["Honor", "Ignore"],
            );
        }
        check_match_label_keys(constraint, &at, found);
        if let Some(selector) = &constraint.label_selector {
            metadata::label_selector(&format_args!("{at}.labelSelector"), selector, found);
        }
    }
}

fn check_match_label_keys(
    constraint: &TopologySpreadConstraint,
    at: &dyn Display,
    found: &mut Found,
) {
    let keys = constraint.match_label_keys.as_deref().unwrap_or_default();
    if keys.is_empty() {
        return;
    }
    let path = format_args!("{at}.matchLabelKeys");
    let Some(selector) = &constraint.label_selector else {
        found.add(
            &path,
            "Forbidden: must not be specified when labelSelector is not set",
        );
        return;
    };
    let in_selector = |key: &str| {
        selector
            .match_labels
            .iter()
            .flatten()
            .any(|(k, _)| k == key)
            || selector
                .match_expressions
                .iter()
                .flatten()
                .any(|e| e.key == key)
    };
    for (index, key) in keys.iter().enumerate() {
        found.invalid(&format_args!("{path}[{index}]"), key, label_key(key));
        if in_selector(key) {
            found.add(
                &format_args!("{path}[{index}]"),
                format!("Invalid value: {key:?}: exists in both matchLabelKeys and labelSelector"),
            );
        }
    }
}

/// validateVolumes: names are unique DNS-1123 labels, each volume has exactly one source.
fn check_volumes(volumes: &[Volume], path: &dyn Display, found: &mut Found) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (index, volume) in volumes.iter().enumerate() {
        let at = format_args!("{path}.volumes[{index}]");
        found.invalid(
            &format_args!("{at}.name"),
            &volume.name,
            dns1123_label(&volume.name),
        );
        if !names.insert(volume.name.clone()) {
            found.duplicate(&format_args!("{at}.name"), &volume.name);
        }
        // The sources are the fields besides `name` (validateVolumeSource).
        let sources = serde_json::to_value(volume)
            .ok()
            .and_then(|v| v.as_object().map(|o| o.len().saturating_sub(1)))
            .unwrap_or(0);
        match sources {
            0 => found.add(&at, "Required value: must specify a volume type"),
            1 => {}
            _ => found.add(&at, "Forbidden: may not specify more than 1 volume type"),
        }
    }
    names
}

fn check_container(
    container: &Container,
    at: &dyn Display,
    volumes: &BTreeSet<String>,
    found: &mut Found,
) {
    found.invalid(
        &format_args!("{at}.name"),
        &container.name,
        dns1123_label(&container.name),
    );
    // validateContainerCommon: an image (only templates may leave it out).
    let image = container.image.as_deref().unwrap_or_default();
    if image.is_empty() {
        found.required(&format_args!("{at}.image"));
    } else if image.trim() != image {
        found.add(
            &format_args!("{at}.image"),
            format!("Invalid value: {image:?}: must not have leading or trailing whitespace"),
        );
    }
    let ports = container.ports.as_deref().unwrap_or_default();
    check_ports(ports, at, found);
    check_resources(container, at, found);
    if let Some(context) = &container.security_context {
        security::container(context, &format_args!("{at}.securityContext"), found);
    }
    check_env(container, at, found);
    check_mounts(container, at, volumes, found);
    let port_names: BTreeSet<&str> = ports.iter().filter_map(|p| p.name.as_deref()).collect();
    for (field, probe) in [
        ("livenessProbe", &container.liveness_probe),
        ("readinessProbe", &container.readiness_probe),
        ("startupProbe", &container.startup_probe),
    ] {
        if let Some(probe) = probe {
            check_probe(
                probe,
                &format_args!("{at}.{field}"),
                field,
                &port_names,
                found,
            );
        }
    }
}

/// validateContainerPorts: numbers 1-65535, names IANA service names and unique, known
/// protocols.
fn check_ports(ports: &[ContainerPort], at: &dyn Display, found: &mut Found) {
    let mut names = BTreeSet::new();
    for (index, port) in ports.iter().enumerate() {
        let at = format_args!("{at}.ports[{index}]");
        if let Some(name) = &port.name {
            found.invalid(&format_args!("{at}.name"), name, port_name(name));
            if !names.insert(name.as_str()) {
                found.duplicate(&format_args!("{at}.name"), name);
            }
        }
        number(
            &format_args!("{at}.containerPort"),
            port.container_port,
            found,
        );
        if let Some(host) = port.host_port.filter(|p| *p != 0) {
            number(&format_args!("{at}.hostPort"), host, found);
        }
        protocol(
            &format_args!("{at}.protocol"),
            port.protocol.as_deref(),
            found,
        );
    }
}

/// validateEnv and validateEnvFrom: relaxed names (IsRelaxedEnvVarName), one source each.
fn check_env(container: &Container, at: &dyn Display, found: &mut Found) {
    for (index, var) in container.env.iter().flatten().enumerate() {
        let name = &var.name;
        found.invalid(
            &format_args!("{at}.env[{index}].name"),
            name,
            env_var_name(name),
        );
    }
    for (index, source) in container.env_from.iter().flatten().enumerate() {
        let at = format_args!("{at}.envFrom[{index}]");
        if let Some(prefix) = source.prefix.as_deref().filter(|p| !p.is_empty()) {
            found.invalid(&format_args!("{at}.prefix"), prefix, env_var_name(prefix));
        }
        match (&source.config_map_ref, &source.secret_ref) {
            (Some(_), Some(_)) => found.add(
                &at,
                "Invalid value: may not have more than one field specified at a time",
            ),
            (None, None) => found.add(
                &at,
                "Required value: must specify one of: `configMapRef` or `secretRef`",
            ),
            _ => {}
        }
    }
}

/// validateVolumeMounts: each names a volume of the pod; mount paths are unique.
fn check_mounts(
    container: &Container,
    at: &dyn Display,
    volumes: &BTreeSet<String>,
    found: &mut Found,
) {
    let mut paths = BTreeSet::new();
    for (index, mount) in container.volume_mounts.iter().flatten().enumerate() {
        let at = format_args!("{at}.volumeMounts[{index}]");
        if !volumes.contains(&mount.name) {
            found.add(
                &format_args!("{at}.name"),
                format!("Not found: {:?}", mount.name),
            );
        }
        if mount.mount_path.is_empty() {
            found.required(&format_args!("{at}.mountPath"));
        } else if !paths.insert(mount.mount_path.as_str()) {
            found.add(
                &format_args!("{at}.mountPath"),
                format!("Invalid value: {:?}: must be unique", mount.mount_path),
            );
        }
    }
}

/// validateProbe and validateHandler: exactly one handler; a named port is one of the
/// container's; thresholds and seconds in range (a liveness or startup probe's success
/// threshold is 1).
fn check_probe(
    probe: &Probe,
    at: &dyn Display,
    field: &str,
    port_names: &BTreeSet<&str>,
    found: &mut Found,
) {
    let handlers = [
        probe.exec.is_some(),
        probe.http_get.is_some(),
        probe.tcp_socket.is_some(),
        probe.grpc.is_some(),
    ];
    match handlers.iter().filter(|h| **h).count() {
        0 => found.add(at, "Required value: must specify a handler type"),
        1 => {}
        _ => found.add(at, "Forbidden: may not specify more than 1 handler type"),
    }
    let ports = [
        probe.http_get.as_ref().map(|h| ("httpGet", &h.port)),
        probe.tcp_socket.as_ref().map(|t| ("tcpSocket", &t.port)),
    ];
    for (handler, port) in ports.into_iter().flatten() {
        let at = format_args!("{at}.{handler}.port");
        match port {
            IntOrString::Int(number) => self::number(&at, *number, found),
            IntOrString::String(name) => {
                found.invalid(&format_args!("{at}"), name, port_name(name));
                if !port_names.contains(name.as_str()) {
                    found.add(
                        &at,
                        format!(
                            "Invalid value: {name:?}: must be the name of a port of the container"
                        ),
                    );
                }
            }
        }
    }
    for (name, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        if let Some(value) = value {
            non_negative(&format_args!("{at}.{name}"), i64::from(value), found);
        }
    }
    if field != "readinessProbe"
        && let Some(threshold) = probe.success_threshold.filter(|t| *t != 1)
    {
        found.add(
            &format_args!("{at}.successThreshold"),
            format!("Invalid value: {threshold}: must be 1"),
        );
    }
}

pub(crate) fn number(at: &dyn Display, port: i32, found: &mut Found) {
    for message in port_number(port) {
        found.add(at, format!("Invalid value: {port}: {message}"));
    }
}

pub(crate) fn protocol(at: &dyn Display, protocol: Option<&str>, found: &mut Found) {
    found.one_of(at, protocol, &PROTOCOLS);
}

/// ValidateNonnegativeField.
pub(crate) fn non_negative(at: &dyn Display, value: i64, found: &mut Found) {
    if value < 0 {
        found.add(
            at,
            format!("Invalid value: {value}: must be greater than or equal to 0"),
        );
    }
}

/// ValidateContainerResourceRequirements: names per validateContainerResourceName (`cpu`,
/// `memory`, `ephemeral-storage`, `hugepages-*`, or an extended resource named with a
/// domain such as `example.com/gpu`), amounts at least 0 (ValidateResourceQuantityValue),
/// and each request no more than its limit; equal to it where the resource cannot be
/// overcommitted (hugepages and extended resources, IsOvercommitAllowed).
fn check_resources(container: &Container, at: &dyn Display, found: &mut Found) {
    let Some(resources) = &container.resources else {
        return;
    };
    for (field, map) in [
        ("limits", &resources.limits),
        ("requests", &resources.requests),
    ] {
        for (name, amount) in map.iter().flatten() {
            let at = format_args!("{at}.resources.{field}[{name}]");
            resource_name(&at, name, found);
            if let Err(message) = non_negative_quantity(&amount.0) {
                found.invalid(&at, &amount.0, vec![message]);
            }
        }
    }
    let limits = resources.limits.as_ref();
    for (name, request) in resources.requests.iter().flatten() {
        let limit = limits.and_then(|l| l.get(name));
        let value = |q: &Quantity| non_negative_quantity(&q.0).ok();
        let (Some(request_q), Some(limit_q)) = (value(request), limit.and_then(value)) else {
            continue;
        };
        let limit = &limit.map(|l| l.0.as_str()).unwrap_or_default();
        let overcommit = !name.starts_with("hugepages-")
            && (!name.contains('/') || name.contains("kubernetes.io/"));
        let message = if !overcommit && request_q != limit_q {
            format!("must be equal to {name} limit of {limit}")
        } else if request_q > limit_q {
            format!("must be less than or equal to {name} limit of {limit}")
        } else {
            continue;
        };
        found.add(
            &format_args!("{at}.resources.requests"),
            format!("Invalid value: {:?}: {message}", request.0),
        );
    }
}

/// validateContainerResourceName.
fn resource_name(at: &dyn Display, name: &str, found: &mut Found) {
    let standard =
        matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-");
    if !standard && !name.contains('/') {
        found.add(
            at,
            format!("Invalid value: {name:?}: must be a standard resource for containers"),
        );
    } else if !standard {
        found.invalid(at, name, super::formats::label_key(name));
    }
}
