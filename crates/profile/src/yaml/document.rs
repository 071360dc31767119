//! One YAML document as a serde deserializer, for reading rendered objects into their
//! types. The fast reader's documents borrow their keys and plain strings from the text, so
//! nothing is copied that the type does not keep; a document the fast reader defers to the
//! full parser comes in as a JSON value. Either way the types see what serde_json's value
//! deserializer would show them, and its error messages.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, Unexpected, Visitor};

/// A read document: scalars resolved by the YAML 1.2 core schema, mapping keys unique and
/// in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Document<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Seq(Vec<Document<'a>>),
    Map(Vec<(Cow<'a, str>, Document<'a>)>),
}

impl Document<'_> {
    /// The document as a JSON value (mapping keys sorted, as serde_json keeps them).
    pub fn into_json(self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Document::Null => Value::Null,
            Document::Bool(b) => Value::Bool(b),
            Document::Int(n) => Value::Number(n.into()),
            Document::Float(x) => {
                serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
            }
            Document::Str(s) => Value::String(s.into_owned()),
            Document::Seq(items) => Value::Array(items.into_iter().map(Self::into_json).collect()),
            Document::Map(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_json()))
                    .collect(),
            ),
        }
    }

    /// A JSON value as a document.
    pub fn from_json(value: serde_json::Value) -> Document<'static> {
        use serde_json::Value;
        match value {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Bool(b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Document::Int(i),
                None => n.as_f64().map_or(Document::Null, Document::Float),
            },
            Value::String(s) => Document::Str(Cow::Owned(s)),
            Value::Array(items) => {
                Document::Seq(items.into_iter().map(Document::from_json).collect())
            }
            Value::Object(map) => Document::Map(
                map.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Document::from_json(v)))
                    .collect(),
            ),
        }
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Document::Null => Unexpected::Unit,
            Document::Bool(b) => Unexpected::Bool(*b),
            Document::Int(n) if *n >= 0 => Unexpected::Unsigned(*n as u64),
            Document::Int(n) => Unexpected::Signed(*n),
            Document::Float(x) => Unexpected::Float(*x),
            Document::Str(s) => Unexpected::Str(s),
            Document::Seq(_) => Unexpected::Seq,
            Document::Map(_) => Unexpected::Map,
        }
    }
}

/// A JSON value written in a document (a template's `{{ labels }}`), read straight into
/// the document with its strings borrowed. A repeated key is an error, which sends the
/// document to the full parser, whose message names it.
impl<'de> de::Deserialize<'de> for Document<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Document<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Document<'de>, E> {
        Ok(Document::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Document<'de>, E> {
        Ok(Document::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Document<'de>, E> {
        // As serde_json::Value::as_i64 then as_f64 read it.
        Ok(i64::try_from(n).map_or(Document::Float(n as f64), Document::Int))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Document<'de>, E> {
        Ok(Document::Float(x))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Document<'de>, E> {
        Ok(Document::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Document<'de>, E> {
        Ok(Document::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Document<'de>, E> {
        Ok(Document::Str(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Document<'de>, E> {
        Ok(Document::Null)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Document<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Document::Seq(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Document<'de>, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, Document<'de>)> = Vec::new();
        while let Some(JsonKey(key)) = map.next_key()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            entries.push((key, map.next_value()?));
        }
        Ok(Document::Map(entries))
    }
}

/// A JSON object's key, borrowed when it has no escapes (serde's `Cow` always copies).
struct JsonKey<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for JsonKey<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_str(JsonVisitor)? {
            Document::Str(key) => Ok(JsonKey(key)),
            _ => Err(de::Error::custom("a JSON object key that is not a string")),
        }
    }
}

/// A type error while reading a document, worded as serde_json words it.
#[derive(Debug)]
pub struct DocumentError(String);

impl de::Error for DocumentError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DocumentError(message.to_string())
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DocumentError {}

impl<'de> de::Deserializer<'de> for Document<'_> {
    type Error = DocumentError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DocumentError> {
        match self {
            Document::Null => visitor.visit_unit(),
            Document::Bool(b) => visitor.visit_bool(b),
            // serde_json hands non-negative integers over as u64.
            Document::Int(n) if n >= 0 => visitor.visit_u64(n as u64),
            Document::Int(n) => visitor.visit_i64(n),
            Document::Float(x) => visitor.visit_f64(x),
            Document::Str(Cow::Borrowed(s)) => visitor.visit_str(s),
            Document::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Document::Seq(items) => {
                let len = items.len();
                let mut access = SeqAccess(items.into_iter());
                let value = visitor.visit_seq(&mut access)?;
                match access.0.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in array")),
                }
            }
            Document::Map(entries) => {
                let len = entries.len();
                let mut access = MapAccess {
                    entries: entries.into_iter(),
                    value: None,
                };
                let value = visitor.visit_map(&mut access)?;
                match access.entries.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in map")),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DocumentError> {
        match self {
            Document::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DocumentError> {
        visitor.visit_newtype_struct(self)
    }

    /// A variant's name, or a mapping of one variant's name to its content.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DocumentError> {
        match self {
            Document::Str(s) => visitor.visit_enum(StrDeserializer::<DocumentError>::new(&s)),
            Document::Map(mut entries) if entries.len() == 1 => {
                let (variant, content) = entries.remove(0);
                visitor.visit_enum(Variant { variant, content })
            }
            Document::Map(_) => Err(de::Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            )),
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"string or map",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, DocumentError> {
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct SeqAccess<'a>(std::vec::IntoIter<Document<'a>>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = DocumentError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DocumentError> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapAccess<'a> {
    entries: std::vec::IntoIter<(Cow<'a, str>, Document<'a>)>,
    value: Option<Document<'a>>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = DocumentError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DocumentError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(StrDeserializer::<DocumentError>::new(&key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DocumentError> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as `{variant: content}`.
struct Variant<'a> {
    variant: Cow<'a, str>,
    content: Document<'a>,
}

impl<'de, 'a> de::EnumAccess<'de> for Variant<'a> {
    type Error = DocumentError;
    type Variant = Document<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Document<'a>), DocumentError> {
        let variant = seed.deserialize(StrDeserializer::<DocumentError>::new(&self.variant))?;
        Ok((variant, self.content))
    }
}

impl<'de> de::VariantAccess<'de> for Document<'_> {
    type Error = DocumentError;

    fn unit_variant(self) -> Result<(), DocumentError> {
        <() as de::Deserialize>::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DocumentError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DocumentError> {
        match self {
            Document::Seq(_) => de::Deserializer::deserialize_any(self, visitor),
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DocumentError> {
        match self {
            Document::Map(_) => de::Deserializer::deserialize_any(self, visitor),
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"struct variant",
            )),
        }
    }
}
