//! A serde deserializer straight over the reader's checked events, for documents that are
//! read into a type at once (the renderer's output, read back into Kubernetes types)
//! rather than merged first as profiles are. No tree and no intermediate JSON value is
//! built. Scalars resolve by the YAML 1.2 core schema; what JSON cannot hold (`.inf`,
//! `.nan`, integers beyond 64 bits) is an error, never a `null` or a rounded float.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Unexpected, Visitor};

use crate::de::{Resolved, out_of_range, resolve};
use crate::diagnostic::Diagnostic;
use crate::events::{Events, Item};
use crate::tree::is_null;

/// Reads one YAML document (`name` is how messages call it) into `T`, with the reader's
/// rules: the YAML 1.2 core schema, no duplicate keys, anchors, aliases or tags, at most
/// 32 levels deep. Errors name the line, column and field path. Fields `T` does not have
/// are skipped (see [`from_yaml_reporting_unknown`]).
///
/// ```
/// let value: serde_json::Value = axisor_yaml::from_yaml("doc", "a: [1, \"x\", yes, 0x1F]").unwrap();
/// assert_eq!(value, serde_json::json!({"a": [1, "x", "yes", 31]}));
/// let error = axisor_yaml::from_yaml::<serde_json::Value>("doc", "a:\n  b: .inf").unwrap_err();
/// assert_eq!((error.location.line, error.path.as_str()), (2, "a.b"));
/// ```
pub fn from_yaml<T: de::DeserializeOwned>(name: &str, text: &str) -> Result<T, Diagnostic> {
    from_yaml_reporting_unknown(name, text).map(|(value, _)| value)
}

/// Like [`from_yaml`], with the paths of the fields `T` does not have, in document order
/// (`spec.template.spec.restartPolicyy`): types such as k8s-openapi's drop unknown fields
/// silently, and a misspelt field is a mistake worth reporting.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Port { port: u16 }
/// let (port, unknown): (Vec<Port>, _) =
///     axisor_yaml::from_yaml_reporting_unknown("doc", "- port: 80\n  protocl: TCP\n").unwrap();
/// assert_eq!(port[0].port, 80);
/// assert_eq!(unknown, ["[0].protocl"]);
/// ```
pub fn from_yaml_reporting_unknown<T: de::DeserializeOwned>(
    name: &str,
    text: &str,
) -> Result<(T, Vec<String>), Diagnostic> {
    from_yaml_seed_reporting_unknown(name, text, std::marker::PhantomData::<T>)
}

/// Like [`from_yaml_reporting_unknown`], for a type chosen while reading: `seed` decides,
/// from what it reads first, what the rest of the document becomes (the renderer picks a
/// Kubernetes type by the document's `apiVersion` and `kind`).
///
/// ```
/// use serde::de::{DeserializeSeed, Deserializer};
/// /// Reads a number, doubled.
/// struct Doubled;
/// impl<'de> DeserializeSeed<'de> for Doubled {
///     type Value = u64;
///     fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
///         serde::Deserialize::deserialize(d).map(|n: u64| 2 * n)
///     }
/// }
/// let (n, _) = axisor_yaml::from_yaml_seed_reporting_unknown("doc", "21", Doubled).unwrap();
/// assert_eq!(n, 42);
/// ```
pub fn from_yaml_seed_reporting_unknown<'de, S: DeserializeSeed<'de>>(
    name: &str,
    text: &'de str,
    seed: S,
) -> Result<(S::Value, Vec<String>), Diagnostic> {
    let file: Arc<str> = name.into();
    let mut deserializer = Deserializer {
        events: Events::new(&file, text)?,
        peeked: None,
        unknown: Vec::new(),
    };
    let value = seed
        .deserialize(&mut deserializer)
        .map_err(|e| deserializer.diagnostic(e))?;
    match deserializer.next() {
        Ok(Item::Done) => Ok((value, deserializer.unknown)),
        Ok(_) => Err(deserializer
            .events
            .error_at_last("expected the end of the document")),
        Err(e) => Err(deserializer.diagnostic(e)),
    }
}

struct Deserializer<'de> {
    events: Events<'de>,
    /// An item looked at (for `Option` and list ends) but not yet consumed.
    peeked: Option<Item<'de>>,
    /// The paths of the values the type skipped: fields it does not have.
    unknown: Vec<String>,
}

/// Why a document could not be read, before it becomes a located [`Diagnostic`].
#[derive(Debug)]
struct Error(Problem);

#[derive(Debug)]
enum Problem {
    /// The reader's own, already located.
    Reader(Diagnostic),
    /// The type's, located at the item last read.
    Message(String),
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(Problem::Message(message.to_string()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Problem::Reader(diagnostic) => diagnostic.fmt(f),
            Problem::Message(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl<'de> Deserializer<'de> {
    #[inline(never)]
    fn next(&mut self) -> Result<Item<'de>, Error> {
        match self.peeked.take() {
            Some(item) => Ok(item),
            None => self.events.next().map_err(|d| Error(Problem::Reader(d))),
        }
    }

    #[inline(never)]
    fn peek(&mut self) -> Result<&Item<'de>, Error> {
        if self.peeked.is_none() {
            let item = self.next()?;
            self.peeked = Some(item);
        }
        Ok(self.peeked.as_ref().expect("an item was just looked at"))
    }

    fn diagnostic(&self, error: Error) -> Diagnostic {
        match error.0 {
            Problem::Reader(diagnostic) => diagnostic,
            Problem::Message(message) => self.events.error_at_last(message),
        }
    }

    fn scalar<V: Visitor<'de>>(
        &self,
        text: Cow<'de, str>,
        plain: bool,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match resolve(&text, plain) {
            Resolved::Null => visitor.visit_unit(),
            Resolved::Bool(b) => visitor.visit_bool(b),
            // As a JSON value holds them: what is not negative is unsigned.
            Resolved::Int(n) => match u64::try_from(n) {
                Ok(n) => visitor.visit_u64(n),
                Err(_) => visitor.visit_i64(n),
            },
            Resolved::UInt(n) => visitor.visit_u64(n),
            Resolved::Float(x) if x.is_finite() => visitor.visit_f64(x),
            Resolved::Float(_) => Err(de::Error::custom(format!(
                "`{text}` is not a finite number, which JSON and Kubernetes objects cannot hold; quote it to make it a string"
            ))),
            Resolved::OutOfRange => Err(de::Error::custom(out_of_range(&text))),
            Resolved::Str(_) => match text {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_string(text),
            },
        }
    }

    /// A list whose start was just read.
    fn sequence<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.collection(|access| visitor.visit_seq(access))
    }

    /// A mapping whose start was just read.
    fn mapping<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        self.collection(|access| visitor.visit_map(access))
    }

    /// Hands the items of a list or mapping to `visit`, then expects its end.
    fn collection<T>(
        &mut self,
        visit: impl FnOnce(&mut Access<'_, 'de>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut access = Access {
            de: &mut *self,
            ended: false,
        };
        let value = visit(&mut access)?;
        let ended = access.ended;
        self.end(ended)?;
        Ok(value)
    }

    /// Consumes one whole value (a field the type does not have), still under the
    /// reader's rules.
    fn skip(&mut self) -> Result<(), Error> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Item::SequenceStart | Item::MappingStart => depth += 1,
                Item::End => depth = depth.saturating_sub(1),
                Item::Key(_) => continue,
                Item::Scalar { .. } | Item::Done => {}
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// After a visitor is done with a list or mapping: its end must come next.
    fn end(&mut self, ended: bool) -> Result<(), Error> {
        if ended {
            return Ok(());
        }
        match self.next()? {
            Item::End => Ok(()),
            _ => Err(de::Error::custom("more entries than expected")),
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next()? {
            Item::Scalar { text, plain } => self.scalar(text, plain, visitor),
            Item::SequenceStart => self.sequence(visitor),
            Item::MappingStart => self.mapping(visitor),
            // An empty document is null, as a plain empty value is.
            Item::Done => visitor.visit_unit(),
            Item::Key(_) | Item::End => Err(de::Error::custom("expected a value")),
        }
    }

    // The methods below read only what their type can take: each is compiled once per
    // type, so they keep the binary (and its start-up) smaller than `deserialize_any`.

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next()? {
            Item::Scalar { text, plain } if is_string(&text, plain) => match text {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_string(text),
            },
            item => Err(de::Error::invalid_type(unexpected(&item), &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next()? {
            Item::SequenceStart => self.sequence(visitor),
            item => Err(de::Error::invalid_type(unexpected(&item), &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.next()? {
            Item::MappingStart => self.mapping(visitor),
            item => Err(de::Error::invalid_type(unexpected(&item), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let null = match self.peek()? {
            Item::Scalar { text, plain } => *plain && is_null(text),
            Item::Done => true,
            _ => false,
        };
        if null {
            self.next()?;
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

    /// Enums are read from their names (`kind: ServiceMonitor`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.next()? {
            Item::Scalar { text, plain } if is_string(&text, plain) => match text {
                Cow::Borrowed(text) => {
                    visitor.visit_enum(BorrowedStrDeserializer::<Error>::new(text))
                }
                Cow::Owned(text) => visitor.visit_enum(StringDeserializer::<Error>::new(text)),
            },
            _ => Err(de::Error::custom("expected a name")),
        }
    }

    /// A type asks for a value only to skip it when its key is not one of its fields.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.unknown.push(self.events.path());
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct tuple tuple_struct
    }
}

/// Whether a scalar reads as a string: quoted, a block scalar, or plain text that the core
/// schema does not read as null, a boolean or a number.
fn is_string(text: &str, plain: bool) -> bool {
    matches!(resolve(text, plain), Resolved::Str(_))
}

/// What an item is, for a type that cannot take it.
fn unexpected<'a>(item: &'a Item<'_>) -> Unexpected<'a> {
    match item {
        Item::Scalar { text, plain } => match resolve(text, *plain) {
            Resolved::Null => Unexpected::Unit,
            Resolved::Bool(b) => Unexpected::Bool(b),
            Resolved::Int(n) => Unexpected::Signed(n),
            Resolved::UInt(n) => Unexpected::Unsigned(n),
            Resolved::Float(x) => Unexpected::Float(x),
            Resolved::Str(text) => Unexpected::Str(text),
            Resolved::OutOfRange => Unexpected::Other("an integer beyond 64 bits"),
        },
        Item::SequenceStart => Unexpected::Seq,
        Item::MappingStart => Unexpected::Map,
        Item::Done => Unexpected::Unit,
        Item::Key(_) | Item::End => Unexpected::Other("no value"),
    }
}

/// The items of a list, or the entries of a mapping, as the visitor asks for them.
struct Access<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    /// Whether the list's or mapping's end has been consumed.
    ended: bool,
}

impl<'de> de::SeqAccess<'de> for &mut Access<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.ended {
            return Ok(None);
        }
        if let Item::End = self.de.peek()? {
            self.de.next()?;
            self.ended = true;
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for &mut Access<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.ended {
            return Ok(None);
        }
        match self.de.next()? {
            Item::Key(Cow::Borrowed(key)) => seed
                .deserialize(BorrowedStrDeserializer::<Error>::new(key))
                .map(Some),
            Item::Key(Cow::Owned(key)) => seed
                .deserialize(StringDeserializer::<Error>::new(key))
                .map(Some),
            Item::End => {
                self.ended = true;
                Ok(None)
            }
            _ => Err(de::Error::custom("expected a key")),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }
}
