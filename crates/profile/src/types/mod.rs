//! Value types for profile fields: each parses, validates and keeps the text as written.

/// `TryFrom<String>` (through `FromStr`), `From<T> for String` and `Display` (through
/// `as_str`), for the value types that serde reads and writes as strings.
/// A value its type refuses: the message says what was expected (and echoes the value
/// only where it cannot be a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(String);

impl InvalidValue {
    /// The message, as the error displays it.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl From<String> for InvalidValue {
    fn from(message: String) -> Self {
        InvalidValue(message)
    }
}

macro_rules! string_conversions {
    ($type:ty) => {
        impl TryFrom<String> for $type {
            type Error = $crate::types::InvalidValue;
            fn try_from(text: String) -> Result<Self, Self::Error> {
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
