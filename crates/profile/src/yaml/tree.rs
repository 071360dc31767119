//! A YAML document as a tree of nodes that remember where they were written.
//!
//! Profiles are read into this tree first, merged (base, then environment), and only then
//! deserialized into types, so every error can point at the file, line and column that
//! produced the value, whichever layer it came from. The same event handling also builds
//! plain JSON values directly (see `json.rs`): the one reader of rendered templates too.

use std::sync::Arc;

use indexmap::IndexMap;
use saphyr_parser::{Event, Parser, ScalarStyle};

use super::strict;
use crate::error::{Diagnostic, Location};

/// Profiles are a few levels deep; anything deeper is a mistake or an attack.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
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
    pub key_location: Location,
    pub value: Node,
}

/// What the builder makes of each piece of a document. A scalar the sink cannot hold is
/// an error message, which the builder locates.
pub(crate) trait Sink {
    type Node;
    fn scalar(&self, text: String, plain: bool, at: &Location) -> Result<Self::Node, String>;
    fn sequence(&self, items: Vec<Self::Node>, at: &Location) -> Self::Node;
    fn mapping(&self, entries: Vec<(String, Location, Self::Node)>, at: &Location) -> Self::Node;
}

/// Builds the located tree profiles are read into.
struct TreeSink;

impl Sink for TreeSink {
    type Node = Node;

    /// Scalars are resolved when they are deserialized, where the field's type is known.
    fn scalar(&self, text: String, plain: bool, at: &Location) -> Result<Node, String> {
        Ok(Node {
            kind: Kind::Scalar { text, plain },
            location: at.clone(),
        })
    }

    fn sequence(&self, items: Vec<Node>, at: &Location) -> Node {
        Node {
            kind: Kind::Sequence(items),
            location: at.clone(),
        }
    }

    fn mapping(&self, entries: Vec<(String, Location, Node)>, at: &Location) -> Node {
        let entries = entries
            .into_iter()
            .map(|(key, key_location, value)| {
                (
                    key,
                    Entry {
                        key_location,
                        value,
                    },
                )
            })
            .collect();
        Node {
            kind: Kind::Mapping(entries),
            location: at.clone(),
        }
    }
}

/// Parses one YAML document. Anchors, aliases, tags and further documents are refused:
/// profiles are plain data, and sharing belongs in `base.yaml`.
pub(crate) fn parse(file: &Arc<str>, text: &str) -> Result<Node, Diagnostic> {
    let empty = |at: &Location| Node {
        kind: Kind::Scalar {
            text: String::new(),
            plain: true,
        },
        location: at.clone(),
    };
    build(file, text, TreeSink, empty)
}

/// Runs the parser over `text`, handing each finished piece to `sink`; `empty` makes the
/// document of an empty file.
pub(crate) fn build<S: Sink>(
    file: &Arc<str>,
    text: &str,
    sink: S,
    empty: impl FnOnce(&Location) -> S::Node,
) -> Result<S::Node, Diagnostic> {
    let mut builder = Builder {
        file: file.clone(),
        sink,
        stack: Vec::new(),
        root: None,
    };
    if let Some((line, column, message)) = strict::refuse_text(text) {
        return Err(builder.diagnostic(builder.location_at(line, column), message));
    }
    let mut last_block_scalar = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let marker = e.marker();
            let location = builder.location_at(marker.line(), marker.col());
            builder.diagnostic(location, format!("invalid YAML: {}", e.info()))
        })?;
        let location = builder.location_at(span.start.line(), span.start.col());
        if let Event::Scalar(text, style, ..) = &event {
            let is_key = builder.expects_key();
            if let Some(message) = strict::refuse_scalar(text, *style, &span, is_key) {
                return Err(builder.diagnostic(location, message));
            }
            let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
            last_block_scalar = block.then(|| location.clone());
        }
        builder.event(event, location)?;
    }
    if let Some(location) = last_block_scalar
        && let Some(message) = strict::refuse_ending(text)
    {
        return Err(builder.diagnostic(location, message));
    }
    match builder.root {
        Some(root) => Ok(root),
        None => Ok(empty(&builder.location_at(1, 0))),
    }
}

enum Frame<N> {
    Sequence(Location, Vec<N>),
    /// Entries so far, and the key waiting for its value.
    Mapping(
        Location,
        Vec<(String, Location, N)>,
        Option<(String, Location)>,
    ),
}

struct Builder<S: Sink> {
    file: Arc<str>,
    sink: S,
    stack: Vec<Frame<S::Node>>,
    root: Option<S::Node>,
}

impl<S: Sink> Builder<S> {
    fn event(&mut self, event: Event<'_>, location: Location) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(_) if self.root.is_some() => Err(self.diagnostic(
                location,
                "a profile is one YAML document; remove the second `---`",
            )),
            Event::Alias(_) => Err(self.diagnostic(
                location,
                "aliases are not supported in profiles; write the value out, or put shared values in base.yaml",
            )),
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _)
                if anchor != 0 =>
            {
                Err(self.diagnostic(
                    location,
                    "anchors are not supported in profiles; put shared values in base.yaml",
                ))
            }
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => Err(self.diagnostic(
                location,
                "YAML tags are not supported in profiles; quote a value to make it a string",
            )),
            Event::Scalar(text, style, _, None) => {
                if matches!(self.stack.last(), Some(Frame::Mapping(_, _, None))) {
                    return self.push_key(text.into_owned(), location);
                }
                let plain = style == ScalarStyle::Plain;
                match self.sink.scalar(text.into_owned(), plain, &location) {
                    Ok(node) => self.push(node),
                    Err(message) => Err(self.diagnostic(location, message)),
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.expects_key() => {
                Err(self.diagnostic(location, "keys must be plain strings"))
            }
            Event::SequenceStart(..) => self.open(Frame::Sequence(location, Vec::new())),
            Event::MappingStart(..) => self.open(Frame::Mapping(location, Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            _ => Ok(()),
        }
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping(_, _, None)))
    }

    fn open(&mut self, frame: Frame<S::Node>) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            let location = match &frame {
                Frame::Sequence(l, _) | Frame::Mapping(l, _, _) => l.clone(),
            };
            return Err(self.diagnostic(
                location,
                format!("nesting deeper than {MAX_DEPTH} levels; profiles are a few levels deep"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) -> Result<(), Diagnostic> {
        let node = match self.stack.pop() {
            Some(Frame::Sequence(location, items)) => self.sink.sequence(items, &location),
            Some(Frame::Mapping(location, entries, _)) => self.sink.mapping(entries, &location),
            None => return Ok(()),
        };
        self.push(node)
    }

    fn push(&mut self, node: S::Node) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence(_, items)) => items.push(node),
            Some(Frame::Mapping(_, entries, pending)) => {
                if let Some((key, key_location)) = pending.take() {
                    entries.push((key, key_location, node));
                }
            }
        }
        Ok(())
    }

    fn push_key(&mut self, key: String, location: Location) -> Result<(), Diagnostic> {
        let Some(Frame::Mapping(_, entries, _)) = self.stack.last() else {
            return Ok(());
        };
        if let Some((_, first, _)) = entries.iter().find(|(k, _, _)| *k == key) {
            let message = format!(
                "duplicate key `{key}` (first written at line {}); expected each key once",
                first.line
            );
            let mut diagnostic = self.diagnostic(location, message);
            diagnostic.path = join(&diagnostic.path, &key);
            return Err(diagnostic);
        }
        if let Some(Frame::Mapping(_, _, pending)) = self.stack.last_mut() {
            *pending = Some((key, location));
        }
        Ok(())
    }

    fn location_at(&self, line: usize, col: usize) -> Location {
        Location {
            file: self.file.clone(),
            line: line.max(1),
            column: col + 1,
        }
    }

    fn diagnostic(&self, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location,
            path: self.path(),
            message: message.into(),
        }
    }

    /// The field path of the node being read: each open mapping's pending key and each
    /// open list's next index.
    fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Mapping(_, _, Some((key, _))) => path = join(&path, key),
                Frame::Sequence(_, items) => path.push_str(&format!("[{}]", items.len())),
                Frame::Mapping(_, _, None) => {}
            }
        }
        path
    }
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

    pub fn is_mapping(&self) -> bool {
        matches!(self.kind, Kind::Mapping(_))
    }

    pub fn contains_key(&self, key: &str) -> Option<&Location> {
        match &self.kind {
            Kind::Mapping(entries) => entries.get(key).map(|e| &e.key_location),
            _ => None,
        }
    }

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
