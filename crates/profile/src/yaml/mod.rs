//! Reading profile YAML: a located tree, layering, and typed deserialization.

mod de;
mod tree;

pub(crate) use de::from_node;
pub(crate) use tree::{Node, parse};
