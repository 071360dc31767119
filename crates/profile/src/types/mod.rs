//! Value types for profile fields: each parses, validates and keeps the text as written.

mod duration;
#[macro_use]
mod names;
mod quantity;
mod schedule;
mod url;

pub use duration::Duration;
pub use names::{EnvVarName, ImageRepository, ImageTag, Name};
pub use quantity::Quantity;
pub use schedule::Schedule;
pub use url::PlainUrl;
