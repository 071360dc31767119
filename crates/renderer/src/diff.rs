//! Semantic differences between two sets of Kubernetes objects: objects are matched by
//! kind and role, and each pair is compared field by field.
//!
//! Between two environments the role is the name without its environment part
//! (`axisor-dev-quota` and `axisor-prod-quota` are both `axisor-quota`), and identity values
//! (namespace, environment name, instance label) are set aside, so what remains is what
//! really differs. Secret data is compared but never shown.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use axisor_profile::Profile;
use serde_json::Value;

use crate::context::APP;
use crate::error::RenderError;
use crate::manifest::Manifest;
use crate::objects::documents_with_lines;

/// Shown instead of any value under a Secret's `data` or `stringData`.
pub const REDACTED: &str = "<redacted>";

/// One object's difference. Serialized as `render diff -o json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObjectDiff {
    /// The object's kind.
    pub kind: String,
    /// The object's name on each side (`None` where it exists on one side only).
    pub left_name: Option<String>,
    /// The object's name on the right, when it differs from the left's.
    pub right_name: Option<String>,
    /// Field paths that differ, with both values; empty for an object on one side only.
    pub fields: Vec<FieldDiff>,
}

/// A field whose values differ; `None` where the field is absent on that side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldDiff {
    /// The dotted path of the field.
    pub path: String,
    /// The left value, absent when the field is not there; [`REDACTED`] for secret data.
    pub left: Option<Value>,
    /// The right value, absent when the field is not there; [`REDACTED`] for secret data.
    pub right: Option<Value>,
}

/// One side of a comparison: objects as JSON values and how to read their identity.
pub struct Side<'a> {
    /// What the report calls this side.
    pub label: &'a str,
    /// The side's objects, as JSON.
    pub objects: Vec<Value>,
    /// Identity strings (environment name, short name, namespace, instance label) to set
    /// aside; empty when both sides are the same environment.
    pub identity: Vec<String>,
    /// Name parts that say which environment an object belongs to (`prod` in
    /// `axisor-prod-quota`).
    pub name_parts: Vec<String>,
}

impl<'a> Side<'a> {
    /// A rendered environment, with its identity set aside.
    pub fn environment(
        label: &'a str,
        manifest: &Manifest,
        profile: &Profile,
    ) -> Result<Self, RenderError> {
        Ok(Side {
            label,
            objects: manifest_values(manifest)?,
            identity: vec![
                format!("{APP}-{}", profile.name),
                profile.namespace.to_string(),
                profile.name.to_string(),
                profile.short_name.to_string(),
            ],
            name_parts: vec![profile.name.to_string(), profile.short_name.to_string()],
        })
    }

    /// Objects compared as they are, such as a render and what was committed from it.
    pub fn exact(label: &'a str, objects: Vec<Value>) -> Self {
        Side {
            label,
            objects,
            identity: Vec::new(),
            name_parts: Vec::new(),
        }
    }
}

fn manifest_values(manifest: &Manifest) -> Result<Vec<Value>, RenderError> {
    manifest
        .objects()
        .iter()
        .map(|o| {
            serde_json::to_value(o).map_err(|e| RenderError::Serialize {
                kind: o.kind(),
                name: o.name().to_owned(),
                message: e.to_string(),
            })
        })
        .collect()
}

/// The differences between two sides, in the left side's order, then objects only on the
/// right. Empty when they are equal.
pub fn diff(left: &Side, right: &Side) -> Vec<ObjectDiff> {
    let left_keyed = keyed(left);
    let right_keyed = keyed(right);
    let mut diffs = Vec::new();
    for (key, (name, value)) in &left_keyed {
        match right_keyed.iter().find(|(k, _)| k == key) {
            Some((_, (right_name, right_value))) => {
                let fields = compare(value, right_value, left, right, is_secret(&key.0));
                if !fields.is_empty() {
                    diffs.push(ObjectDiff {
                        kind: key.0.clone(),
                        left_name: Some(name.clone()),
                        right_name: Some(right_name.clone()),
                        fields,
                    });
                }
            }
            None => diffs.push(ObjectDiff {
                kind: key.0.clone(),
                left_name: Some(name.clone()),
                right_name: None,
                fields: Vec::new(),
            }),
        }
    }
    for (key, (name, _)) in &right_keyed {
        if !left_keyed.iter().any(|(k, _)| k == key) {
            diffs.push(ObjectDiff {
                kind: key.0.clone(),
                left_name: None,
                right_name: Some(name.clone()),
                fields: Vec::new(),
            });
        }
    }
    diffs
}

fn is_secret(kind: &str) -> bool {
    kind == "Secret"
}

type Key = (String, String);

/// Objects by (kind, role), keeping their order.
fn keyed(side: &Side) -> Vec<(Key, (String, Value))> {
    side.objects
        .iter()
        .map(|object| {
            let kind = object["kind"].as_str().unwrap_or_default().to_owned();
            let name = object["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let role = if kind == "Namespace" {
                String::new()
            } else {
                role(&name, &side.name_parts)
            };
            ((kind, role), (name, object.clone()))
        })
        .collect()
}

/// The name without its environment parts: `axisor-prod-quota` -> `axisor-quota`.
fn role(name: &str, name_parts: &[String]) -> String {
    let parts: Vec<&str> = name
        .split('-')
        .filter(|part| !name_parts.iter().any(|i| i == part))
        .collect();
    parts.join("-")
}

/// Leaf values by path: `spec.hard.limits.cpu`, lists of named items keyed by name
/// (`containers[backend]`), others by index (`limits[0]`).
fn flatten(value: &Value, path: String, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let next = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(child, next, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            // Items that carry a name (containers, env, ports; `secretKey` in
            // ExternalSecrets) are matched by it, so an insertion shifts nothing.
            let key = ["name", "secretKey"].into_iter().find(|key| {
                items
                    .iter()
                    .all(|i| i.get(*key).and_then(Value::as_str).is_some())
            });
            for (index, item) in items.iter().enumerate() {
                let label = match key {
                    Some(key) => item[key].as_str().unwrap_or_default().to_owned(),
                    None => index.to_string(),
                };
                flatten(item, format!("{path}[{label}]"), out);
            }
        }
        leaf => {
            out.insert(path, leaf.clone());
        }
    }
}

/// Paths that only say which environment an object belongs to.
fn is_identity_path(path: &str) -> bool {
    path == "metadata.name" || path == "metadata.namespace"
}

fn compare(
    left: &Value,
    right: &Value,
    left_side: &Side,
    right_side: &Side,
    secret: bool,
) -> Vec<FieldDiff> {
    let (mut l, mut r) = (BTreeMap::new(), BTreeMap::new());
    flatten(left, String::new(), &mut l);
    flatten(right, String::new(), &mut r);
    let paths: std::collections::BTreeSet<&String> = l.keys().chain(r.keys()).collect();
    let mut fields = Vec::new();
    for path in paths {
        if !left_side.identity.is_empty() && is_identity_path(path) {
            continue;
        }
        let (a, b) = (l.get(path).cloned(), r.get(path).cloned());
        // Equal as they are, or equal once each side's identity is set aside (the
        // instance label, the namespace): not a difference. Shown raw when they differ.
        if a == b
            || a.as_ref().map(|v| normalise(v, &left_side.identity))
                == b.as_ref().map(|v| normalise(v, &right_side.identity))
        {
            continue;
        }
        let hidden = secret && (path.starts_with("data.") || path.starts_with("stringData."));
        let show = |v: Option<Value>| {
            v.map(|v| {
                if hidden {
                    Value::String(REDACTED.to_owned())
                } else {
                    v
                }
            })
        };
        fields.push(FieldDiff {
            path: path.clone(),
            left: show(a),
            right: show(b),
        });
    }
    fields
}

/// A value with its side's identity strings replaced, when it is exactly one of them.
fn normalise(value: &Value, identity: &[String]) -> Value {
    match value.as_str() {
        Some(text) if identity.iter().any(|i| i == text) => {
            Value::String("<environment>".to_owned())
        }
        _ => value.clone(),
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    }
}

/// The objects of a YAML stream (a file `render` or another tool wrote), read one document
/// at a time by the one YAML reader; an error names `path` and the line, counted from the
/// top of the stream. Empty documents are skipped.
///
/// ```
/// let text = "---\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: Secret\n";
/// let objects = axisor_renderer::diff::read_stream("out.yaml".as_ref(), text).unwrap();
/// assert_eq!(objects[1]["kind"], "Secret");
/// let error = axisor_renderer::diff::read_stream("out.yaml".as_ref(), "---\na: [\n").unwrap_err();
/// assert!(error.to_string().starts_with("out.yaml: line 3"), "{error}");
/// ```
pub fn read_stream(path: &Path, text: &str) -> Result<Vec<Value>, RenderError> {
    let mut objects = Vec::new();
    for (first_line, document) in documents_with_lines(text) {
        let name = path.display().to_string();
        let object: Value = axisor_yaml::from_yaml(&name, &document).map_err(|mut d| {
            d.location.line += first_line - 1;
            RenderError::file(path, format!("line {}: {}", d.location.line, d.message))
        })?;
        if !object.is_null() {
            objects.push(object);
        }
    }
    Ok(objects)
}

/// A readable report: one block per object, `-` left and `+` right, coloured with ANSI
/// codes when `colour` is set.
pub fn report(diffs: &[ObjectDiff], left: &str, right: &str, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    for diff in diffs {
        match (&diff.left_name, &diff.right_name) {
            (Some(name), None) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint("31", &format!("- {} {name} (only in {left})", diff.kind))
                );
            }
            (None, Some(name)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint("32", &format!("+ {} {name} (only in {right})", diff.kind))
                );
            }
            (Some(l), Some(r)) => {
                let names = if l == r {
                    l.clone()
                } else {
                    format!("{l} / {r}")
                };
                let _ = writeln!(out, "{}", paint("1", &format!("~ {} {names}", diff.kind)));
                for field in &diff.fields {
                    let _ = writeln!(out, "    {}", field.path);
                    let shown = |value: &Option<Value>| match value {
                        Some(Value::String(text)) if text == REDACTED => text.clone(),
                        Some(value) => display(value),
                        None => "(absent)".to_owned(),
                    };
                    let _ = writeln!(
                        out,
                        "      {}",
                        paint("31", &format!("- {left}: {}", shown(&field.left)))
                    );
                    let _ = writeln!(
                        out,
                        "      {}",
                        paint("32", &format!("+ {right}: {}", shown(&field.right)))
                    );
                }
            }
            (None, None) => {}
        }
    }
    out
}
