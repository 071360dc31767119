//! Reading YAML: one checked event stream (`events.rs`), read either into a located tree
//! that profiles are layered in, or straight into a type through serde.

mod de;
mod events;
mod stream;
mod strict;
mod tree;

pub(crate) use de::from_node;
pub use stream::{from_yaml, from_yaml_reporting_unknown};
pub(crate) use tree::{Node, parse};
