//! The shape of a profile, checked before its values: keys a profile does not have,
//! reported in the file that holds them with a suggestion, and fields no layer sets,
//! reported all at once in the environment's file. Read from the profile's JSON Schema,
//! so the check follows the types without a second list of fields.

use axisor_yaml::{Diagnostic, Location, Node};
use serde_json::Value;

use crate::profile::Profile;

/// How alike a misspelt key and a field must be to suggest the field (Jaro-Winkler, as
/// clap uses for misspelt flags).
const SUGGESTION_SIMILARITY: f64 = 0.85;

/// The profile's schema, with every field's sub-schema reachable by name.
pub(crate) struct Shape {
    schema: Value,
}

impl Shape {
    pub(crate) fn new() -> Shape {
        Shape {
            schema: schemars::schema_for!(Profile).to_value(),
        }
    }

    /// Whether `key` is a top-level field of a profile.
    pub(crate) fn is_field(&self, key: &str) -> bool {
        self.schema["properties"].get(key).is_some()
    }

    /// Every key in `tree` (one file) that the profile does not have, in document order.
    pub(crate) fn unknown_keys(&self, tree: &Node) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        self.walk_unknown(tree, &self.schema, "", &mut found);
        found
    }

    /// The dotted paths of required fields that `merged` (base and environment) lacks,
    /// each with the path of the mapping that should hold it.
    pub(crate) fn missing_fields(&self, merged: &Node) -> Vec<(String, String)> {
        let mut found = Vec::new();
        self.walk_missing(merged, &self.schema, "", &mut found);
        found
    }

    fn walk_unknown(&self, node: &Node, schema: &Value, path: &str, found: &mut Vec<Diagnostic>) {
        let schema = self.resolve(schema);
        if let Some(items) = node.items() {
            if let Some(item) = schema.get("items") {
                for (index, value) in items.iter().enumerate() {
                    self.walk_unknown(value, item, &format!("{path}[{index}]"), found);
                }
            }
            return;
        }
        let Some(entries) = node.entries() else {
            return;
        };
        let properties = schema.get("properties").and_then(Value::as_object);
        // Keys by pattern (secret keys): their form is the typed reader's to check.
        let patterned = schema
            .get("patternProperties")
            .and_then(Value::as_object)
            .and_then(|patterns| patterns.values().next());
        let other = patterned.or_else(|| schema.get("additionalProperties"));
        for (key, location, value) in entries {
            let key_path = join(path, key);
            match (properties.and_then(|p| p.get(key)), other) {
                (Some(field), _) => self.walk_unknown(value, field, &key_path, found),
                (None, Some(Value::Bool(false))) => {
                    let names = properties.map(|p| p.keys().map(String::as_str).collect());
                    found.push(unknown(location, &key_path, key, names.unwrap_or_default()));
                }
                (None, Some(values @ Value::Object(_))) => {
                    self.walk_unknown(value, values, &key_path, found);
                }
                (None, _) => {}
            }
        }
    }

    fn walk_missing(
        &self,
        node: &Node,
        schema: &Value,
        path: &str,
        found: &mut Vec<(String, String)>,
    ) {
        let schema = self.resolve(schema);
        let Some(entries) = node.entries() else {
            return;
        };
        let present: Vec<&str> = node
            .entries()
            .into_iter()
            .flatten()
            .map(|(k, _, _)| k)
            .collect();
        let required = schema.get("required").and_then(Value::as_array);
        for field in required.into_iter().flatten().filter_map(Value::as_str) {
            if !present.contains(&field) {
                found.push((join(path, field), path.to_owned()));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, _, value) in entries {
            if let Some(field) = properties.and_then(|p| p.get(key)) {
                self.walk_missing(value, field, &join(path, key), found);
            }
        }
    }

    /// The object schema behind a `$ref`, or behind the one non-null branch of an
    /// optional field's `anyOf`.
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            return self.resolve(&self.schema["$defs"][name]);
        }
        let branches = schema.get("anyOf").and_then(Value::as_array);
        let object = branches
            .into_iter()
            .flatten()
            .find(|branch| branch.get("type") != Some(&Value::from("null")));
        match object {
            Some(branch) => self.resolve(branch),
            None => schema,
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

fn unknown(location: &Location, path: &str, key: &str, fields: Vec<&str>) -> Diagnostic {
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
