//! Value types for profile fields: each parses, validates and keeps the text as written.

/// `TryFrom<String>` (through `FromStr`), `From<T> for String` and `Display` (through
/// `as_str`), for the value types that serde reads and writes as strings.
macro_rules! string_conversions {
    ($type:ty) => {
        impl TryFrom<String> for $type {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                text.parse()
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> String {
                value.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

mod duration;
#[macro_use]
mod names;
mod quantity;
mod schedule;
mod url;

pub use duration::Duration;
pub use names::{EnvVarName, ImageReference, ImageRepository, ImageTag, Name, PortName, TimeZone};
pub use quantity::Quantity;
pub use schedule::Schedule;
pub use url::PlainUrl;
