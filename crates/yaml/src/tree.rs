//! A YAML document as a tree of nodes that remember where they were written.
//!
//! Profiles are read into this tree first, merged (base, then environment), and only then
//! deserialized into types, so every error can point at the file, line and column that
//! produced the value, whichever layer it came from. The tree is built from the checked
//! events of `events.rs`, the one reader that every other document goes through too.

use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Location};
use crate::events::{Events, Item};

/// A value with the place it was written; mappings keep their keys' places too.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub(crate) kind: Kind,
    /// Where the value starts.
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// `plain` is false for quoted and block scalars, which are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Sequence(Vec<Node>),
    Mapping(IndexMap<String, Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key_location: Location,
    pub(crate) value: Node,
}

/// Parses one YAML document (`file` is how messages name it) into a located tree.
/// Anchors, aliases, tags and further documents are refused: profiles are plain data,
/// and sharing belongs in `base.yaml`.
///
/// ```
/// let file = "base.yaml".into();
/// let base = axisor_yaml::parse(&file, "a: 1\nb: {c: 2}\n").unwrap();
/// let top = axisor_yaml::parse(&"top.yaml".into(), "b: {c: 3}\n").unwrap();
/// let merged = base.merge(top);
/// assert_eq!(merged.location_of("b.c").to_string(), "top.yaml:1:8");
/// let value: serde_json::Value = axisor_yaml::from_node(&merged).unwrap();
/// assert_eq!(value, serde_json::json!({"a": 1, "b": {"c": 3}}));
/// ```
pub fn parse(file: &Arc<str>, text: &str) -> Result<Node, Diagnostic> {
    let mut events = Events::new(file, text)?;
    let root = match events.next()? {
        Item::Done => Node {
            kind: Kind::Scalar {
                text: String::new(),
                plain: true,
            },
            location: Location {
                file: file.clone(),
                line: 1,
                column: 1,
            },
        },
        item => node(&mut events, item)?,
    };
    match events.next()? {
        Item::Done => Ok(root),
        _ => Err(events.error_at_last("expected the end of the document")),
    }
}

/// The node that `item` (just read) begins, with everything inside it. The reader refuses
/// nesting deeper than 32 levels, which bounds the recursion.
fn node(events: &mut Events<'_>, item: Item<'_>) -> Result<Node, Diagnostic> {
    let location = events.location();
    let kind = match item {
        Item::Scalar { text, plain } => Kind::Scalar {
            text: text.into_owned(),
            plain,
        },
        Item::SequenceStart => {
            let mut items = Vec::new();
            loop {
                match events.next()? {
                    Item::End => break,
                    item => items.push(node(events, item)?),
                }
            }
            Kind::Sequence(items)
        }
        Item::MappingStart => {
            let mut entries = IndexMap::new();
            loop {
                match events.next()? {
                    Item::End => break,
                    Item::Key(key) => {
                        let key_location = events.location();
                        let item = events.next()?;
                        let value = node(events, item)?;
                        let entry = Entry {
                            key_location,
                            value,
                        };
                        entries.insert(key.into_owned(), entry);
                    }
                    _ => return Err(events.error_at_last("expected a key")),
                }
            }
            Kind::Mapping(entries)
        }
        Item::Key(_) | Item::End | Item::Done => {
            return Err(events.error_at_last("expected a value"));
        }
    };
    Ok(Node { kind, location })
}

impl Node {
    /// Layers `overlay` on `self`: mappings merge key by key, everything else
    /// (scalars, lists, null) replaces whole.
    pub fn merge(self, overlay: Node) -> Node {
        match (self.kind, overlay.kind) {
            (Kind::Mapping(mut base), Kind::Mapping(top)) => {
                for (key, entry) in top {
                    let merged = match base.shift_remove(&key) {
                        Some(old) => Entry {
                            key_location: entry.key_location,
                            value: old.value.merge(entry.value),
                        },
                        None => entry,
                    };
                    base.insert(key, merged);
                }
                Node {
                    kind: Kind::Mapping(base),
                    location: overlay.location,
                }
            }
            (_, kind) => Node {
                kind,
                location: overlay.location,
            },
        }
    }

    /// Where the value at `path` was written, or the nearest enclosing mapping.
    pub fn location_of(&self, path: &str) -> &Location {
        let mut node = self;
        for key in path.split('.') {
            match &node.kind {
                Kind::Mapping(entries) => match entries.get(key) {
                    Some(entry) => node = &entry.value,
                    None => break,
                },
                _ => break,
            }
        }
        &node.location
    }

    /// Adds a string entry to a mapping (used for values implied by the file, such as the
    /// environment's name). Returns false when `self` is not a mapping.
    pub fn insert_string(&mut self, key: &str, value: &str) -> bool {
        let Kind::Mapping(entries) = &mut self.kind else {
            return false;
        };
        let value = Node {
            kind: Kind::Scalar {
                text: value.to_owned(),
                plain: false,
            },
            location: self.location.clone(),
        };
        let key_location = self.location.clone();
        entries.insert(
            key.to_owned(),
            Entry {
                key_location,
                value,
            },
        );
        true
    }

    /// Whether the node is a mapping.
    pub fn is_mapping(&self) -> bool {
        matches!(self.kind, Kind::Mapping(_))
    }

    /// Where `key` was written, when the node is a mapping that has it.
    pub fn contains_key(&self, key: &str) -> Option<&Location> {
        match &self.kind {
            Kind::Mapping(entries) => entries.get(key).map(|e| &e.key_location),
            _ => None,
        }
    }

    /// A mapping's entries in document order: key, where the key was written, value.
    /// `None` when the node is not a mapping.
    pub fn entries(&self) -> Option<impl Iterator<Item = (&str, &Location, &Node)>> {
        match &self.kind {
            Kind::Mapping(entries) => Some(
                entries
                    .iter()
                    .map(|(key, entry)| (key.as_str(), &entry.key_location, &entry.value)),
            ),
            _ => None,
        }
    }

    /// A sequence's items; `None` when the node is not a sequence.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// Whether the node is a YAML null (an empty value, `~` or `null`).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if is_null(text))
    }
}

/// `path.key`, with keys that are not plain identifiers quoted so a path stays one line.
pub(crate) fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if plain {
        key.to_owned()
    } else {
        format!("{key:?}")
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

/// YAML 1.2 core schema nulls.
pub(crate) fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}
