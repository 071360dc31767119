//! Reading profile YAML: a located tree, layering, and typed deserialization.

mod de;
mod document;
mod fast;
mod json;
mod tree;

pub(crate) use de::from_node;
pub(crate) use tree::{Node, parse};

pub use document::{Document, DocumentError};

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
    read_document(name, text).map(Document::into_json)
}

/// Reads one YAML document with the rules of [`yaml_to_json`], as a serde deserializer
/// for typed values: keys and plain strings stay borrowed from `text` where the fast
/// reader can read it.
///
/// ```
/// use serde::Deserialize;
/// #[derive(Deserialize)]
/// struct Port { name: String, port: u16 }
/// let document = axisor_profile::read_document("doc", "name: http\nport: 8080\n").unwrap();
/// let port = Port::deserialize(document).unwrap();
/// assert_eq!((port.name.as_str(), port.port), ("http", 8080));
/// ```
pub fn read_document<'a>(name: &str, text: &'a str) -> Result<Document<'a>, Diagnostic> {
    if let Some(document) = fast::parse(text) {
        return Ok(document);
    }
    yaml_to_json_full(name, text).map(Document::from_json)
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
    fast::parse(text).map(Document::into_json)
}
