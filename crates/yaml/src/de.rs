//! A serde deserializer over the located tree. Errors come out with the location and
//! field path of the node that caused them.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::diagnostic::{Diagnostic, Location};
use crate::tree::{Entry, Kind, Node, is_null, join};

/// Deserializes a typed value from a (merged) tree; errors name the node's place and path.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, Diagnostic> {
    T::deserialize(NodeDeserializer {
        node,
        path: &Path::Root,
    })
    .map_err(|e| {
        let (location, path) = e
            .place
            .unwrap_or_else(|| (node.location.clone(), String::new()));
        Diagnostic {
            location,
            path,
            message: e.message,
        }
    })
}

#[derive(Debug)]
pub(crate) struct Error {
    message: String,
    place: Option<(Location, String)>,
}

impl Error {
    /// Pins the error to the innermost node it came out of; outer nodes keep that place.
    fn located(mut self, location: &Location, path: &Path<'_>) -> Self {
        if self.place.is_none() {
            self.place = Some((location.clone(), path.to_string()));
        }
        self
    }
}

/// Where a node sits below the root, written out only when an error needs it: a profile
/// has hundreds of fields, and formatting each one's path up front cost a tenth of
/// loading it.
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => f.write_str(&join(&parent.to_string(), key)),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            message: message.to_string(),
            place: None,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        de::Error::custom(format!(
            "missing field `{field}`; expected it in this environment's file or in base.yaml"
        ))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// How a plain scalar reads under the YAML 1.2 core schema (YAML 1.2.2, 10.3.2: "Tag
/// Resolution"), in full: null, booleans, decimal, octal (`0o17`) and hexadecimal (`0x1F`)
/// integers, floats with `.inf` and `.nan` in their three spellings.
pub(crate) enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    /// Above `i64::MAX`, up to `u64::MAX`.
    UInt(u64),
    Float(f64),
    Str(&'a str),
    /// An integer beyond 64 bits: refused, never rounded into a float.
    OutOfRange,
}

pub(crate) fn resolve(text: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(text);
    }
    if is_null(text) {
        return Resolved::Null;
    }
    match text {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    if let Some(integer) = integer(text) {
        return match integer {
            Some(n) => match i64::try_from(n) {
                Ok(n) => Resolved::Int(n),
                Err(_) => u64::try_from(n).map_or(Resolved::OutOfRange, Resolved::UInt),
            },
            None => Resolved::OutOfRange,
        };
    }
    if is_float(text)
        && let Ok(x) = text.parse()
    {
        return Resolved::Float(x);
    }
    Resolved::Str(text)
}

/// `Some(value)` for the core schema's integer forms (`None` inside: too large even for
/// i128); `None` for anything else. Octal and hexadecimal take no sign, as in the spec.
fn integer(text: &str) -> Option<Option<i128>> {
    let radix_digits = |prefix: &str, radix: u32| {
        let digits = text.strip_prefix(prefix)?;
        let valid = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
        valid.then(|| i128::from_str_radix(digits, radix).ok())
    };
    if let Some(n) = radix_digits("0o", 8).or_else(|| radix_digits("0x", 16)) {
        return Some(n);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let decimal = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    decimal.then(|| text.parse().ok())
}

/// The message for an integer beyond 64 bits, wherever it is read.
pub(crate) fn out_of_range(text: &str) -> String {
    format!("the integer `{text}` does not fit in 64 bits; quote it to make it a string")
}

fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

struct NodeDeserializer<'de, 'p> {
    node: &'de Node,
    path: &'p Path<'p>,
}

impl<'de> NodeDeserializer<'de, '_> {
    fn describe(&self) -> String {
        match &self.node.kind {
            Kind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => "an empty value".to_owned(),
                Resolved::Bool(_) => format!("the boolean `{text}`"),
                Resolved::Int(_)
                | Resolved::UInt(_)
                | Resolved::Float(_)
                | Resolved::OutOfRange => {
                    format!("the number `{text}`")
                }
                Resolved::Str(_) => format!("the string {text:?}"),
            },
            Kind::Sequence(_) => "a list".to_owned(),
            Kind::Mapping(_) => "a mapping".to_owned(),
        }
    }
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(n) => visitor.visit_i64(n),
                Resolved::UInt(n) => visitor.visit_u64(n),
                Resolved::Float(x) => visitor.visit_f64(x),
                Resolved::Str(s) => visitor.visit_borrowed_str(s),
                Resolved::OutOfRange => Err(de::Error::custom(out_of_range(text))),
            },
            Kind::Sequence(items) => visitor.visit_seq(SeqAccess {
                items: items.iter().enumerate(),
                path: self.path,
            }),
            Kind::Mapping(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
                path: self.path,
            }),
        }
    }

    /// Strings must read as strings: `version: 1.10` is a number in YAML, so it is refused
    /// with a hint instead of silently becoming `1.1`.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Str(s) => visitor.visit_borrowed_str(s),
                _ => Err(de::Error::custom(format!(
                    "expected a string, found {}; quote it to make it a string",
                    self.describe()
                ))),
            },
            _ => Err(de::Error::custom(format!(
                "expected a string, found {}",
                self.describe()
            ))),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Mapping(_) => self.deserialize_any(visitor),
            _ => Err(de::Error::custom(format!(
                "expected a mapping of keys to values, found {}",
                self.describe()
            ))),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Sequence(_) => self.deserialize_any(visitor),
            _ => Err(de::Error::custom(format!(
                "expected a list, found {}",
                self.describe()
            ))),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, plain } if matches!(resolve(text, *plain), Resolved::Str(_)) => {
                visitor.visit_enum(text.as_str().into_deserializer())
            }
            _ => Err(de::Error::custom(format!(
                "expected one name, found {}",
                self.describe()
            ))),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct tuple tuple_struct identifier
    }
}

struct SeqAccess<'de, 'p> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Node>>,
    path: &'p Path<'p>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((index, node)) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, index);
        seed.deserialize(NodeDeserializer { node, path: &path })
            .map(Some)
            .map_err(|e| e.located(&node.location, &path))
    }
}

struct MapAccess<'de, 'p> {
    entries: indexmap::map::Iter<'de, String, Entry>,
    value: Option<(&'de Node, &'de str)>,
    path: &'p Path<'p>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, entry)) = self.entries.next() else {
            return Ok(None);
        };
        let key_value = seed
            .deserialize(BorrowedStrDeserializer::<Error>::new(key))
            .map_err(|e| e.located(&entry.key_location, &Path::Key(self.path, key)))?;
        self.value = Some((&entry.value, key));
        Ok(Some(key_value))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((node, key)) = self.value.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let path = Path::Key(self.path, key);
        seed.deserialize(NodeDeserializer { node, path: &path })
            .map_err(|e| e.located(&node.location, &path))
    }
}
