//! Ingress (networking.k8s.io/v1), after `pkg/apis/networking/validation`:
//! ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath,
//! validateIngressBackend and validateIngressTLS.

use k8s_openapi::api::networking::v1::{HTTPIngressPath, Ingress, IngressBackend};
use std::fmt::Display;

use super::Found;
use super::formats::{dns1035_label, dns1123_subdomain, port_name, port_number};

/// Path pieces the API server refuses in Exact and Prefix paths (directory traversal).
const INVALID_SEQUENCES: [&str; 5] = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES: [&str; 2] = ["/..", "/."];
const PATH_TYPES: [&str; 3] = ["Exact", "ImplementationSpecific", "Prefix"];

pub(crate) fn check(ingress: &Ingress, found: &mut Found) {
    let Some(spec) = &ingress.spec else {
        found.add(
            &"spec",
            "Invalid value: null: either `defaultBackend` or `rules` must be specified",
        );
        return;
    };
    let rules = spec.rules.as_deref().unwrap_or_default();
    if rules.is_empty() && spec.default_backend.is_none() {
        found.add(
            &"spec",
            "Invalid value: []: either `defaultBackend` or `rules` must be specified",
        );
    }
    if let Some(backend) = &spec.default_backend {
        self::backend(&"spec.defaultBackend", backend, found);
    }
    for (index, rule) in rules.iter().enumerate() {
        let at = format_args!("spec.rules[{index}]");
        if let Some(host) = rule.host.as_deref().filter(|h| !h.is_empty()) {
            self::host(&format_args!("{at}.host"), host, found);
        }
        let Some(http) = &rule.http else { continue };
        if http.paths.is_empty() {
            found.required(&format_args!("{at}.http.paths"));
        }
        for (i, path) in http.paths.iter().enumerate() {
            self::path(&format_args!("{at}.http.paths[{i}]"), path, found);
        }
    }
    for (index, tls) in spec.tls.iter().flatten().enumerate() {
        let at = format_args!("spec.tls[{index}]");
        for (i, host) in tls.hosts.iter().flatten().enumerate() {
            found.invalid(&format_args!("{at}.hosts[{i}]"), host, host_rule(host));
        }
        // validateTLSSecretName: a Secret's name, when one is given.
        if let Some(name) = tls.secret_name.as_deref().filter(|n| !n.is_empty()) {
            found.invalid(
                &format_args!("{at}.secretName"),
                name,
                dns1123_subdomain(name),
            );
        }
    }
    if let Some(class) = &spec.ingress_class_name {
        found.invalid(&"spec.ingressClassName", class, dns1123_subdomain(class));
    }
}

/// A rule's host: a DNS name, not an IP address; `*.` only as a whole first label.
fn host(at: &dyn Display, host: &str, found: &mut Found) {
    if host.parse::<std::net::IpAddr>().is_ok() {
        found.add(
            at,
            format!("Invalid value: {host:?}: must be a DNS name, not an IP address"),
        );
    }
    found.invalid(at, host, host_rule(host));
}

/// IsWildcardDNS1123Subdomain where the host holds `*`, IsDNS1123Subdomain otherwise.
fn host_rule(host: &str) -> Vec<String> {
    if !host.contains('*') {
        return dns1123_subdomain(host);
    }
    let mut errors = Vec::new();
    if host.len() > 253 {
        errors.push("must be no more than 253 characters".to_owned());
    }
    let valid = host
        .strip_prefix("*.")
        .is_some_and(|rest| !rest.is_empty() && super::formats::is_subdomain_shape(rest));
    if !valid {
        errors.push("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_owned());
    }
    errors
}

/// validateHTTPIngressPath: a known pathType; Exact and Prefix paths absolute and free of
/// traversal sequences; a valid backend.
fn path(at: &dyn Display, path: &HTTPIngressPath, found: &mut Found) {
    let text = path.path.as_deref().unwrap_or_default();
    match path.path_type.as_str() {
        "" => {
            found.add(
                &format_args!("{at}.pathType"),
                "Required value: pathType must be specified",
            );
            return;
        }
        "Exact" | "Prefix" => {
            if !text.starts_with('/') {
                found.add(
                    &format_args!("{at}.path"),
                    format!("Invalid value: {text:?}: must be an absolute path"),
                );
            }
            for sequence in INVALID_SEQUENCES.iter().filter(|s| text.contains(*s)) {
                found.add(
                    &format_args!("{at}.path"),
                    format!("Invalid value: {text:?}: must not contain '{sequence}'"),
                );
            }
            for suffix in INVALID_SUFFIXES.iter().filter(|s| text.ends_with(*s)) {
                found.add(
                    &format_args!("{at}.path"),
                    format!("Invalid value: {text:?}: cannot end with '{suffix}'"),
                );
            }
        }
        "ImplementationSpecific" => {
            if !text.is_empty() && !text.starts_with('/') {
                found.add(
                    &format_args!("{at}.path"),
                    format!("Invalid value: {text:?}: must be an absolute path"),
                );
            }
        }
        other => found.unsupported(&format_args!("{at}.pathType"), other, &PATH_TYPES),
    }
    backend(&format_args!("{at}.backend"), &path.backend, found);
}

/// validateIngressBackend: a Service or a resource, not both; a Service's name a DNS-1035
/// label (ValidateServiceName) and its port a name or a number, not both.
fn backend(at: &dyn Display, backend: &IngressBackend, found: &mut Found) {
    let service = match (&backend.resource, &backend.service) {
        (Some(_), Some(_)) => {
            found.add(
                at,
                "Invalid value: \"\": cannot set both resource and service backends",
            );
            return;
        }
        (None, None) => {
            found.add(
                at,
                "Invalid value: \"\": resource or service backend is required",
            );
            return;
        }
        (Some(_), None) => return,
        (None, Some(service)) => service,
    };
    if service.name.is_empty() {
        found.required(&format_args!("{at}.service.name"));
    } else {
        found.invalid(
            &format_args!("{at}.service.name"),
            &service.name,
            dns1035_label(&service.name),
        );
    }
    let port = service.port.as_ref();
    let name = port
        .and_then(|p| p.name.as_deref())
        .filter(|n| !n.is_empty());
    let number = port.and_then(|p| p.number).filter(|n| *n != 0);
    match (name, number) {
        (Some(_), Some(_)) => found.add(
            at,
            "Invalid value: \"\": cannot set both port name & port number",
        ),
        (Some(name), None) => found.invalid(
            &format_args!("{at}.service.port.name"),
            name,
            port_name(name),
        ),
        (None, Some(number)) => {
            for message in port_number(number) {
                found.add(
                    &format_args!("{at}.service.port.number"),
                    format!("Invalid value: {number}: {message}"),
                );
            }
        }
        (None, None) => found.add(at, "Required value: port name or number is required"),
    }
}
