//! Reading profile YAML: a located tree, layering, and typed deserialization.

mod de;
mod fast;
mod json;
mod tree;

pub(crate) use de::from_node;
pub(crate) use tree::{Node, parse};

use std::sync::Arc;

use crate::error::Diagnostic;

/// Reads one YAML document (`name` is how messages call it) as a JSON value, with the
/// profile reader's rules: YAML 1.2 core scalars, no duplicate keys, anchors, aliases or
/// tags, at most 32 levels deep.
///
/// ```
/// let value = axisor_profile::yaml_to_json("doc", "a: [1, \"x\", yes]").unwrap();
/// assert_eq!(value, serde_json::json!({"a": [1, "x", "yes"]}));
/// ```
pub fn yaml_to_json(name: &str, text: &str) -> Result<serde_json::Value, Diagnostic> {
    if let Some(value) = fast::parse(text) {
        return Ok(value);
    }
    let file: Arc<str> = name.into();
    tree::build(&file, text, json::JsonSink, |_| serde_json::Value::Null)
}

/// The full parser's reading, for holding the fast path to it in tests.
#[doc(hidden)]
pub fn yaml_to_json_full(name: &str, text: &str) -> Result<serde_json::Value, Diagnostic> {
    let file: Arc<str> = name.into();
    tree::build(&file, text, json::JsonSink, |_| serde_json::Value::Null)
}

/// The fast path's reading (`None` where it defers to the full parser), for tests.
#[doc(hidden)]
pub fn yaml_to_json_fast(text: &str) -> Option<serde_json::Value> {
    fast::parse(text)
}
