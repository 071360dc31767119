//! HorizontalPodAutoscaler (autoscaling/v2), after `pkg/apis/autoscaling/validation`:
//! validateHorizontalPodAutoscalerSpec, ValidateCrossVersionObjectReference,
//! validateMetricSpec and validateMetricTarget.

use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, MetricSpec, MetricTarget,
};
use std::fmt::Display;

use super::Found;
use super::formats::quantity;

/// The metric source types of autoscaling/v2, each with the field that holds it.
const SOURCES: [(&str, &str); 5] = [
    ("ContainerResource", "containerResource"),
    ("External", "external"),
    ("Object", "object"),
    ("Pods", "pods"),
    ("Resource", "resource"),
];

pub(crate) fn check(hpa: &HorizontalPodAutoscaler, found: &mut Found) {
    let spec = &hpa.spec;
    if let Some(min) = spec.min_replicas
        && min < 1
    {
        found.add(
            &"spec.minReplicas",
            format!("Invalid value: {min}: must be greater than 0"),
        );
    }
    if spec.max_replicas < 1 {
        found.add(
            &"spec.maxReplicas",
            format!(
                "Invalid value: {}: must be greater than 0",
                spec.max_replicas
            ),
        );
    }
    if let Some(min) = spec.min_replicas
        && spec.max_replicas < min
    {
        found.add(
            &"spec.maxReplicas",
            format!(
                "Invalid value: {}: must be greater than or equal to `minReplicas`",
                spec.max_replicas
            ),
        );
    }
    reference(&"spec.scaleTargetRef", &spec.scale_target_ref, found);
    for (index, metric) in spec.metrics.iter().flatten().enumerate() {
        metric_spec(&format_args!("spec.metrics[{index}]"), metric, found);
    }
}

/// ValidateCrossVersionObjectReference: a kind and a name, each a path segment name.
fn reference(at: &dyn Display, reference: &CrossVersionObjectReference, found: &mut Found) {
    for (field, value) in [("kind", &reference.kind), ("name", &reference.name)] {
        if value.is_empty() {
            found.required(&format_args!("{at}.{field}"));
        } else {
            found.invalid(
                &format_args!("{at}.{field}"),
                value,
                path_segment_name(value),
            );
        }
    }
}

/// IsValidPathSegmentName: not `.` or `..`, no `/` or `%`.
fn path_segment_name(name: &str) -> Vec<String> {
    if name == "." || name == ".." {
        return vec![format!("may not be '{name}'")];
    }
    ["/", "%"]
        .iter()
        .filter(|c| name.contains(*c))
        .map(|c| format!("may not contain '{c}'"))
        .collect()
}

/// validateMetricSpec: a known type whose field, and only that one, is set; a resource
/// metric names its resource and has a valid target, by utilization or average value.
fn metric_spec(at: &dyn Display, metric: &MetricSpec, found: &mut Found) {
    let present: Vec<&str> = [
        ("containerResource", metric.container_resource.is_some()),
        ("external", metric.external.is_some()),
        ("object", metric.object.is_some()),
        ("pods", metric.pods.is_some()),
        ("resource", metric.resource.is_some()),
    ]
    .into_iter()
    .filter_map(|(field, set)| set.then_some(field))
    .collect();
    let Some((_, expected)) = SOURCES.iter().find(|(kind, _)| *kind == metric.type_) else {
        let kinds: Vec<&str> = SOURCES.iter().map(|(kind, _)| *kind).collect();
        found.unsupported(&format_args!("{at}.type"), &metric.type_, &kinds);
        return;
    };
    if !present.contains(expected) {
        found.add(
            &format_args!("{at}.{expected}"),
            "Required value: must populate information for the given metric source",
        );
    }
    for other in present.iter().filter(|field| *field != expected) {
        found.add(
            &format_args!("{at}.{other}"),
            "Forbidden: must populate the given metric source only",
        );
    }
    if let Some(resource) = &metric.resource {
        let at = format_args!("{at}.resource");
        if resource.name.is_empty() {
            found.add(
                &format_args!("{at}.name"),
                "Required value: must specify a resource name",
            );
        }
        target(&format_args!("{at}.target"), &resource.target, found);
        let target = &resource.target;
        match (&target.average_utilization, &target.average_value) {
            (None, None) => found.add(
                &format_args!("{at}.target.averageUtilization"),
                "Required value: must set either a target raw value or a target utilization",
            ),
            (Some(_), Some(_)) => found.add(
                &format_args!("{at}.target.averageValue"),
                "Forbidden: may not set both a target raw value and a target utilization",
            ),
            _ => {}
        }
    }
}

/// validateMetricTarget: type Utilization, Value or AverageValue; values positive; a
/// utilization above 0.
fn target(at: &dyn Display, target: &MetricTarget, found: &mut Found) {
    if target.type_.is_empty() {
        found.add(
            &format_args!("{at}.type"),
            "Required value: must specify a metric target type",
        );
    }
    if !["Utilization", "Value", "AverageValue"].contains(&target.type_.as_str()) {
        found.add(
            &format_args!("{at}.type"),
            format!(
                "Invalid value: {:?}: must be either Utilization, Value, or AverageValue",
                target.type_
            ),
        );
    }
    for (field, value) in [
        ("value", &target.value),
        ("averageValue", &target.average_value),
    ] {
        if let Some(value) = value
            && quantity(&value.0).is_ok_and(|amount| amount <= 0)
        {
            found.add(
                &format_args!("{at}.{field}"),
                format!("Invalid value: {:?}: must be positive", value.0),
            );
        }
    }
    if let Some(utilization) = target.average_utilization
        && utilization < 1
    {
        found.add(
            &format_args!("{at}.averageUtilization"),
            format!("Invalid value: {utilization}: must be greater than 0"),
        );
    }
}
