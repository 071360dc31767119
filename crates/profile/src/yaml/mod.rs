//! Reading profile YAML: a located tree, layering, and typed deserialization.

mod de;
mod json;
mod strict;
mod tree;

pub(crate) use de::from_node;
pub(crate) use tree::{Node, parse};

use std::sync::Arc;

use crate::error::Diagnostic;

/// Reads one YAML document (`name` is how messages call it) as a JSON value, with the
/// profile reader's rules: the YAML 1.2 core schema, no duplicate keys, anchors, aliases or
/// tags, at most 32 levels deep. The one YAML reader of the workspace: profiles go through
/// the same parser into a located tree instead.
///
/// ```
/// let value = axisor_profile::yaml_to_json("doc", "a: [1, \"x\", yes, 0x1F]").unwrap();
/// assert_eq!(value, serde_json::json!({"a": [1, "x", "yes", 31]}));
/// let error = axisor_profile::yaml_to_json("doc", "a: .inf").unwrap_err();
/// assert_eq!(error.location.line, 1);
/// ```
pub fn yaml_to_json(name: &str, text: &str) -> Result<serde_json::Value, Diagnostic> {
    let file: Arc<str> = name.into();
    tree::build(&file, text, json::JsonSink, |_| serde_json::Value::Null)
}
