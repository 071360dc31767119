//! The one YAML reader of the workspace: profiles, rendered documents read back, and files
//! handed to `render diff --against` all go through it, so one set of rules holds for all.
//!
//! It reads YAML 1.2 (the core schema: `yes` and `on` stay strings) over saphyr-parser's
//! events and refuses what plain data does not need: anchors, aliases, tags, duplicate
//! keys, further documents, more than 32 levels. A document is read either into a located
//! tree ([`parse`], [`Node`]), which profiles are layered in before they become types, or
//! straight into a type ([`from_yaml`]). Every error is a [`Diagnostic`] that names the
//! file, line, column and field path.
//!
//! ```
//! #[derive(Debug, serde::Deserialize)]
//! struct Port { port: u16 }
//! let ports: Vec<Port> = axisor_yaml::from_yaml("ports.yaml", "- port: 80\n").unwrap();
//! assert_eq!(ports[0].port, 80);
//! let error = axisor_yaml::from_yaml::<Vec<Port>>("ports.yaml", "- port: &p 80\n").unwrap_err();
//! assert_eq!(error.location.line, 1);
//! ```

mod de;
mod diagnostic;
mod events;
mod input;
mod stream;
mod strict;
mod tree;

pub use de::from_node;
pub use diagnostic::{Diagnostic, Location};
pub use stream::{from_yaml, from_yaml_reporting_unknown, from_yaml_seed_reporting_unknown};
pub use tree::{Node, parse};
