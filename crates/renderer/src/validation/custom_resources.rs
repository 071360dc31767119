//! The custom resources, after their CRDs' schemas as the pinned npm packages carry them
//! (`scripts/package.json`: `@kubernetes-models/prometheus-operator`,
//! `@kubernetes-models/external-secrets`): every enum and pattern of the fields the
//! renderer writes, worded as the API server words a CRD schema failure. Neither CRD has
//! CEL rules (`x-kubernetes-validations`) on these fields. Two rules are the operators'
//! rather than the schemas', and say so. `scripts/check_custom_resources.test.mjs` holds
//! the schema rules to the packages' own validators, case by case
//! (`crates/renderer/tests/cases/custom-resource-rules.json`).

use super::formats::is_subdomain_shape;
use super::{Found, metadata};
use crate::external_secret::ExternalSecret;
use crate::prometheus_rule::PrometheusRule;
use crate::service_monitor::ServiceMonitor;
use std::fmt::Display;

/// monitoring.coreos.com/v1 `Endpoint.scheme`.
const SCHEMES: [&str; 4] = ["http", "https", "HTTP", "HTTPS"];
/// monitoring.coreos.com/v1 `Duration`.
const PROMETHEUS_DURATION: &str =
    "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$";
/// external-secrets.io/v1 names of stores and Secrets.
const OBJECT_NAME: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/// external-secrets.io/v1 `ExternalSecretData.secretKey`.
const SECRET_KEY: &str = "^[-._a-zA-Z0-9]+$";

pub(crate) fn service_monitor(monitor: &ServiceMonitor, found: &mut Found) {
    // The operator reads the selector with LabelSelectorAsSelector, which refuses what
    // ValidateLabelSelector refuses; the schema itself types it only.
    metadata::label_selector(&"spec.selector", &monitor.spec.selector, found);
    for (index, endpoint) in monitor.spec.endpoints.iter().enumerate() {
        let at = format_args!("spec.endpoints[{index}]");
        if let Some(scheme) = endpoint.scheme.as_deref()
            && !SCHEMES.contains(&scheme)
        {
            found.unsupported(&format_args!("{at}.scheme"), scheme, &SCHEMES);
        }
        let mut millis = [None, None];
        for (slot, (field, value)) in [
            ("interval", &endpoint.interval),
            ("scrapeTimeout", &endpoint.scrape_timeout),
        ]
        .into_iter()
        .enumerate()
        {
            let Some(value) = value.as_deref() else {
                continue;
            };
            millis[slot] = prometheus_duration_millis(value);
            if millis[slot].is_none() {
                pattern(
                    &format_args!("{at}.{field}"),
                    value,
                    PROMETHEUS_DURATION,
                    found,
                );
            }
        }
        // The operator's rule, stated in the CRD's description of scrapeTimeout: a
        // timeout longer than the interval makes it reject the ServiceMonitor.
        if let [Some(interval), Some(timeout)] = millis
            && interval > 0
            && timeout > interval
        {
            found.add(
                &format_args!("{at}.scrapeTimeout"),
                format!(
                    "Invalid value: {:?}: must not be greater than the scrape interval {:?} (prometheus-operator rejects it)",
                    endpoint.scrape_timeout.as_deref().unwrap_or_default(),
                    endpoint.interval.as_deref().unwrap_or_default(),
                ),
            );
        }
    }
}

/// The PrometheusRule schema: group names of at least one character and, groups being a
/// list keyed by name (`x-kubernetes-list-type: map`), each name once; durations in the
/// Duration pattern. The operator's admission webhook also refuses a rule that is both or
/// neither an alert and a recording rule, and an empty expression (it parses PromQL, which
/// is not checked here).
pub(crate) fn prometheus_rule(rule: &PrometheusRule, found: &mut Found) {
    let mut names = std::collections::BTreeSet::new();
    for (index, group) in rule.spec.groups.iter().enumerate() {
        let at = format_args!("spec.groups[{index}]");
        if group.name.is_empty() {
            found.add(
                &format_args!("{at}.name"),
                format!("Invalid value: \"\": {at}.name in body should be at least 1 chars long"),
            );
        } else if !names.insert(group.name.as_str()) {
            // How the API server words a repeated key of a list-type map.
            found.add(
                &at,
                format!(
                    "Duplicate value: map[string]interface {{}}{{\"name\":{:?}}}",
                    group.name
                ),
            );
        }
        duration(
            &format_args!("{at}.interval"),
            group.interval.as_deref(),
            found,
        );
        for (i, item) in group.rules.iter().enumerate() {
            let at = format_args!("{at}.rules[{i}]");
            duration(&format_args!("{at}.for"), item.for_.as_deref(), found);
            duration(
                &format_args!("{at}.keepFiringFor"),
                item.keep_firing_for.as_deref(),
                found,
            );
            if item.alert.is_some() == item.record.is_some() {
                found.add(
                    &at,
                    "Invalid value: exactly one of `alert` and `record` must be set (prometheus-operator rejects it)",
                );
            }
            if item.expr.trim().is_empty() {
                found.required(&format_args!("{at}.expr"));
            }
        }
    }
}

/// A duration field, when set, in the CRD's Duration pattern.
fn duration(at: &dyn Display, value: Option<&str>, found: &mut Found) {
    if let Some(value) = value
        && prometheus_duration_millis(value).is_none()
    {
        pattern(at, value, PROMETHEUS_DURATION, found);
    }
}

pub(crate) fn external_secret(secret: &ExternalSecret, found: &mut Found) {
    let spec = &secret.spec;
    let store = &spec.secret_store_ref;
    let kinds = ["SecretStore", "ClusterSecretStore"];
    if !kinds.contains(&store.kind.as_str()) {
        found.unsupported(&"spec.secretStoreRef.kind", &store.kind, &kinds);
    }
    object_name(&"spec.secretStoreRef.name", &store.name, found);
    let target = &spec.target;
    object_name(&"spec.target.name", &target.name, found);
    for (field, value, supported) in [
        (
            "spec.target.creationPolicy",
            &target.creation_policy,
            &["Owner", "Orphan", "Merge", "None"][..],
        ),
        (
            "spec.target.deletionPolicy",
            &target.deletion_policy,
            &["Delete", "Merge", "Retain"],
        ),
        (
            "spec.target.template.engineVersion",
            &target
                .template
                .as_ref()
                .and_then(|t| t.engine_version.clone()),
            &["v2"],
        ),
        (
            "spec.target.template.mergePolicy",
            &target
                .template
                .as_ref()
                .and_then(|t| t.merge_policy.clone()),
            &["Replace", "Merge"],
        ),
    ] {
        found.one_of(&field, value.as_deref(), supported);
    }
    for (index, item) in spec.data.iter().enumerate() {
        let at = format_args!("spec.data[{index}].secretKey");
        let key = &item.secret_key;
        length(&at, key, found);
        let shape = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
        if !key.is_empty() && !key.bytes().all(shape) {
            pattern(&at, key, SECRET_KEY, found);
        }
    }
    // The operator's rule: it reads refreshInterval as a Go duration (metav1.Duration,
    // time.ParseDuration), which has no days or weeks; the schema types it a string.
    if let Some(interval) = spec.refresh_interval.as_deref()
        && !is_go_duration(interval)
    {
        found.add(
            &"spec.refreshInterval",
            format!("Invalid value: {interval:?}: must be a Go duration such as \"1h\", \"15m\" or \"1h30m\" (units h, m, s, ms, us, ns; external-secrets cannot read it otherwise)"),
        );
    }
}

/// A name of 1 to 253 characters in the CRD's RFC 1123 subdomain pattern.
fn object_name(at: &dyn Display, name: &str, found: &mut Found) {
    length(at, name, found);
    if !name.is_empty() && !is_subdomain_shape(name) {
        pattern(at, name, OBJECT_NAME, found);
    }
}

/// `minLength: 1` and `maxLength: 253`.
fn length(at: &dyn Display, value: &str, found: &mut Found) {
    if value.is_empty() {
        found.add(
            at,
            format!("Invalid value: \"\": {at} in body should be at least 1 chars long"),
        );
    } else if value.chars().count() > 253 {
        found.add(at, "Too long: may not be longer than 253");
    }
}

/// A value the schema's `pattern` refuses, in the API server's words.
fn pattern(at: &dyn Display, value: &str, pattern: &str, found: &mut Found) {
    found.add(
        at,
        format!("Invalid value: {value:?}: {at} in body should match '{pattern}'"),
    );
}

/// A duration in the Prometheus form the CRD's pattern allows (`0`, or amounts with units
/// y, w, d, h, m, s, ms, each at most once and largest first), in milliseconds; `None` when
/// the pattern refuses it. The empty string matches the pattern and is 0.
fn prometheus_duration_millis(text: &str) -> Option<u128> {
    const UNITS: [(&str, u128); 7] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("ms", 1),
        ("m", 60_000),
        ("s", 1_000),
    ];
    // Rank of each unit from largest to smallest; `ms` is read before `m`.
    let rank = |unit: &str| {
        ["y", "w", "d", "h", "m", "s", "ms"]
            .iter()
            .position(|u| *u == unit)
    };
    if text == "0" {
        return Some(0);
    }
    let (mut rest, mut total, mut last) = (text, 0u128, None);
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // The pattern has no bound; an amount too large to hold is simply very long.
        let amount: u128 = rest[..digits].parse().unwrap_or(u128::MAX);
        rest = &rest[digits..];
        let (unit, size) = UNITS.iter().find(|(u, _)| rest.starts_with(u))?;
        if last >= rank(unit) {
            return None;
        }
        last = rank(unit);
        total = total.saturating_add(amount.saturating_mul(*size));
        rest = &rest[unit.len()..];
    }
    Some(total)
}

/// time.ParseDuration's grammar: an optional sign, then `0`, or one or more decimal
/// amounts each with a unit (ns, us, µs, μs, ms, s, m, h), in any order.
fn is_go_duration(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if unsigned == "0" {
        return true;
    }
    let mut rest = unsigned;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let number = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let amount = &rest[..number];
        if !amount.bytes().any(|b| b.is_ascii_digit()) || amount.matches('.').count() > 1 {
            return false;
        }
        rest = &rest[number..];
        let Some(unit) = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|u| rest.starts_with(u))
        else {
            return false;
        };
        rest = &rest[unit.len()..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_durations_follow_the_crd_pattern() {
        for (text, millis) in [
            ("", 0),
            ("0", 0),
            ("30s", 30_000),
            ("1m30s", 90_000),
            ("1m1ms", 60_001),
            ("1y", 31_536_000_000),
        ] {
            assert_eq!(prometheus_duration_millis(text), Some(millis), "{text}");
        }
        for text in ["00", "30", "1s1m", "1h1h", "1.5s", "15S", "-1s", "1 m", "s"] {
            assert_eq!(prometheus_duration_millis(text), None, "{text}");
        }
    }

    #[test]
    fn go_durations_follow_time_parse_duration() {
        for text in [
            "0", "1h", "1h30m", "1.5h", "300ms", "-1s", "+2m", "1µs", "3m1h", ".5s",
        ] {
            assert!(is_go_duration(text), "{text}");
        }
        for text in ["", "1d", "1w", "1", "h", "1.2.3s", "1 h", "-", "00"] {
            assert!(!is_go_duration(text), "{text}");
        }
    }
}
