//! The shape of a profile, checked before its values: keys a profile does not have,
//! reported in the file that holds them with a suggestion, and fields no layer sets,
//! reported all at once in the environment's file. Read from the profile's JSON Schema,
//! so the check follows the types without a second list of fields.

use std::collections::BTreeMap;

use axisor_yaml::{Diagnostic, Location, Node};
use serde_json::Value;

use crate::profile::Profile;

/// How alike a misspelt key and a field must be to suggest the field (Jaro-Winkler, as
/// clap uses for misspelt flags).
const SUGGESTION_SIMILARITY: f64 = 0.85;

/// The profile's schema, compiled once per load into a tree of fields, so that walking a
/// file costs map lookups and no path strings unless something is wrong.
pub(crate) struct Shape {
    root: Fields,
}

/// What a value may hold: fields of a mapping, items of a list, or nothing to check.
#[derive(Default)]
struct Fields {
    /// Named fields, each with its own shape.
    named: BTreeMap<String, Fields>,
    /// Named fields that some layer must set.
    required: Vec<String>,
    /// The shape of keys outside `named` (a map, or keys by pattern); `None` with `closed`
    /// means such keys are refused.
    others: Option<Box<Fields>>,
    closed: bool,
    items: Option<Box<Fields>>,
}

impl Shape {
    pub(crate) fn new() -> Shape {
        let schema = schemars::schema_for!(Profile).to_value();
        Shape {
            root: compile(&schema, &schema),
        }
    }

    /// Whether `key` is a top-level field of a profile.
    pub(crate) fn is_field(&self, key: &str) -> bool {
        self.root.named.contains_key(key)
    }

    /// Every key in `tree` (one file) that the profile does not have, in document order.
    pub(crate) fn unknown_keys(&self, tree: &Node) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        walk_unknown(tree, &self.root, &mut Vec::new(), &mut found);
        found
    }

    /// The dotted paths of required fields that `merged` (base and environment) lacks,
    /// each with the path of the mapping that should hold it.
    pub(crate) fn missing_fields(&self, merged: &Node) -> Vec<(String, String)> {
        let mut found = Vec::new();
        walk_missing(merged, &self.root, &mut Vec::new(), &mut found);
        found
    }
}

/// The fields of `schema`, following `$ref`s into `root`'s `$defs` and optional fields'
/// non-null branch. Profile types do not nest themselves, so this ends.
fn compile(schema: &Value, root: &Value) -> Fields {
    let schema = resolve(schema, root);
    let named = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, field)| (name.clone(), compile(field, root)))
                .collect()
        })
        .unwrap_or_default();
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    // Keys by pattern (secret keys): their form is the typed reader's to check.
    let patterned = schema
        .get("patternProperties")
        .and_then(Value::as_object)
        .and_then(|patterns| patterns.values().next());
    let additional = schema.get("additionalProperties");
    let others = patterned
        .or(additional.filter(|a| a.is_object()))
        .map(|values| Box::new(compile(values, root)));
    Fields {
        named,
        required,
        others,
        closed: additional == Some(&Value::Bool(false)),
        items: schema
            .get("items")
            .map(|item| Box::new(compile(item, root))),
    }
}

/// The object schema behind a `$ref`, or behind the one non-null branch of an optional
/// field's `anyOf`.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        return resolve(&root["$defs"][name], root);
    }
    let branches = schema.get("anyOf").and_then(Value::as_array);
    let object = branches
        .into_iter()
        .flatten()
        .find(|branch| branch.get("type") != Some(&Value::from("null")));
    match object {
        Some(branch) => resolve(branch, root),
        None => schema,
    }
}

fn walk_unknown<'a>(
    node: &'a Node,
    fields: &Fields,
    path: &mut Vec<&'a str>,
    found: &mut Vec<Diagnostic>,
) {
    if let (Some(items), Some(item)) = (node.items(), &fields.items) {
        for value in items {
            walk_unknown(value, item, path, found);
        }
        return;
    }
    let Some(entries) = node.entries() else {
        return;
    };
    for (key, location, value) in entries {
        let shape = fields.named.get(key).or(fields.others.as_deref());
        path.push(key);
        match shape {
            Some(shape) => walk_unknown(value, shape, path, found),
            None if fields.closed => found.push(unknown(location, &path.join("."), key, fields)),
            None => {}
        }
        path.pop();
    }
}

fn walk_missing<'a>(
    node: &'a Node,
    fields: &Fields,
    path: &mut Vec<&'a str>,
    found: &mut Vec<(String, String)>,
) {
    let Some(entries) = node.entries() else {
        return;
    };
    for field in &fields.required {
        if node.contains_key(field).is_none() {
            let parent = path.join(".");
            found.push((join(&parent, field), parent));
        }
    }
    for (key, _, value) in entries {
        if let Some(shape) = fields.named.get(key) {
            path.push(key);
            walk_missing(value, shape, path, found);
            path.pop();
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn unknown(location: &Location, path: &str, key: &str, fields: &Fields) -> Diagnostic {
    let fields: Vec<&str> = fields.named.keys().map(String::as_str).collect();
    let suggestion = fields
        .iter()
        .map(|field| (strsim::jaro_winkler(key, field), *field))
        .filter(|(similarity, _)| *similarity >= SUGGESTION_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let message = match suggestion {
        Some((_, field)) => format!("unknown field; did you mean `{field}`?"),
        None => format!(
            "unknown field; expected one of {}",
            fields
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic {
        location: location.clone(),
        path: path.to_owned(),
        message,
    }
}
