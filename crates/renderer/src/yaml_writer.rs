//! A serde serializer that writes block YAML straight into a string, in the order the types
//! serialize their fields, laid out as `kubectl` writes manifests (list items at their key's
//! indentation). Scalars are written by [`crate::yaml_scalars`].
//!
//! Why not a general YAML serializer such as serde-saphyr: writing the stream through one
//! cost a third of a render, and this writer allocates nothing but the output
//! (docs/benchmarks.md has the measurements).

use std::fmt::{self, Display};

use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::yaml_scalars::{push_indent, write_key, write_string};

/// `value` as a YAML document body (no `---`), ending in a newline.
#[cfg(test)]
pub(crate) fn to_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::new();
    append_yaml(value, &mut out)?;
    Ok(out)
}

/// Appends `value` to `out` as a YAML document body (no `---`), ending in a newline: a
/// stream is written into one buffer, not copied together from one string per object.
pub(crate) fn append_yaml<T: Serialize + ?Sized>(value: &T, out: &mut String) -> Result<(), Error> {
    let mut writer = Writer {
        out: std::mem::take(out),
        at: At::Document,
    };
    let written = value.serialize(&mut writer);
    *out = writer.out;
    written
}

/// A value this writer cannot express (only enum variants with data, bytes and non-string
/// map keys: Kubernetes objects have none).
#[derive(Debug)]
pub(crate) struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("cannot write {what} as YAML")))
}

/// Where the next value goes: the document's start, after `key:` at a column, or after a
/// list item's `-` at a column.
#[derive(Clone, Copy)]
enum At {
    Document,
    Key(usize),
    Dash(usize),
}

struct Writer {
    out: String,
    at: At,
}

impl Writer {
    fn scalar(&mut self, text: &str) {
        if !matches!(self.at, At::Document) {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn string(&mut self, s: &str) {
        // A literal block's lines sit one step right of their key or dash.
        let block_indent = match self.at {
            At::Document => 2,
            At::Key(column) | At::Dash(column) => column + 2,
        };
        if !matches!(self.at, At::Document) {
            self.out.push(' ');
        }
        write_string(&mut self.out, s, block_indent);
        self.out.push('\n');
    }

    fn open_map(&mut self) -> Collection<'_> {
        let (column, first) = match self.at {
            At::Document => (0, Start::InPlace),
            At::Key(column) => (column + 2, Start::NewLine),
            // The first key of a map in a list item follows its `- `.
            At::Dash(column) => (column + 2, Start::SameLine),
        };
        self.open(column, first)
    }

    fn open_seq(&mut self) -> Collection<'_> {
        let (column, first) = match self.at {
            At::Document => (0, Start::InPlace),
            // Lists under a key sit at the key's own indentation, as kubectl writes them.
            At::Key(column) => (column, Start::NewLine),
            At::Dash(column) => (column + 2, Start::NewLine),
        };
        self.open(column, first)
    }

    fn open(&mut self, column: usize, first: Start) -> Collection<'_> {
        let at = self.at;
        Collection {
            writer: self,
            column,
            first,
            at,
        }
    }
}

/// How the first entry of a collection starts.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    InPlace,
    NewLine,
    SameLine,
    /// An entry was written: each further one starts on a new line.
    Written,
}

/// An open map or list: its entries' column, and where it was opened (to restore after).
struct Collection<'a> {
    writer: &'a mut Writer,
    column: usize,
    first: Start,
    at: At,
}

impl Collection<'_> {
    fn begin_entry(&mut self) {
        let out = &mut self.writer.out;
        match self.first {
            Start::SameLine => out.push(' '),
            Start::NewLine => {
                out.push('\n');
                push_indent(out, self.column);
            }
            Start::Written => push_indent(out, self.column),
            Start::InPlace => {}
        }
        self.first = Start::Written;
    }

    fn key(&mut self, key: &str) {
        self.begin_entry();
        write_key(&mut self.writer.out, key);
        self.writer.out.push(':');
        self.writer.at = At::Key(self.column);
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.begin_entry();
        self.writer.out.push('-');
        self.writer.at = At::Dash(self.column);
        value.serialize(&mut *self.writer)
    }

    fn end(self, empty: &str) -> Result<(), Error> {
        self.writer.at = self.at;
        if self.first != Start::Written {
            self.writer.scalar(empty);
        }
        Ok(())
    }
}

/// Map keys: strings, or scalars written as strings.
fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    match serde_json::to_value(key).map_err(|e| Error(e.to_string()))? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        _ => unsupported("a map key that is not a scalar"),
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.scalar(&v.to_string());
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Collection<'a>;
    type SerializeTuple = Collection<'a>;
    type SerializeTupleStruct = Collection<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = MapCollection<'a>;
    type SerializeStruct = Collection<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
              serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
              serialize_u64: u64, serialize_u128: u128);

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.scalar(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        let text = match v {
            v if v.is_nan() => ".nan".to_owned(),
            v if v.is_infinite() => if v > 0.0 { ".inf" } else { "-.inf" }.to_owned(),
            v => v.to_string(),
        };
        self.scalar(&text);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        unsupported("bytes")
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.scalar("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = self.open_map();
        map.key(variant);
        map.value(value)?;
        map.end("{}")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Collection<'a>, Error> {
        Ok(self.open_seq())
    }

    fn serialize_tuple(self, _: usize) -> Result<Collection<'a>, Error> {
        Ok(self.open_seq())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collection<'a>, Error> {
        Ok(self.open_seq())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        unsupported("an enum variant holding a tuple")
    }

    fn serialize_map(self, _: Option<usize>) -> Result<MapCollection<'a>, Error> {
        Ok(MapCollection(self.open_map()))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collection<'a>, Error> {
        Ok(self.open_map())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        unsupported("an enum variant holding fields")
    }
}

/// Lists, tuples and tuple structs are all written as block lists.
macro_rules! list_like {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Collection<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }

            fn end(self) -> Result<(), Error> {
                Collection::end(self, "[]")
            }
        }
    )*};
}

list_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl ser::SerializeStruct for Collection<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        self.value(value)
    }

    fn end(self) -> Result<(), Error> {
        Collection::end(self, "{}")
    }
}

/// A map: unlike a struct, its keys arrive as values to be turned into text.
pub(crate) struct MapCollection<'a>(Collection<'a>);

impl ser::SerializeMap for MapCollection<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key_text(key)?;
        self.0.key(&key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0.value(value)
    }

    fn end(self) -> Result<(), Error> {
        self.0.end("{}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nesting_follows_kubectl_layout() {
        let value = json!({
            "spec": {"ports": [{"name": "http", "port": 80}, {"name": "m", "port": 9}],
                     "empty": {}, "none": [], "args": ["a", "-c"], "nested": [["x"], []],
                     "script": "set -e\necho x\n"},
            "kind": "X",
        });
        assert_eq!(
            to_yaml(&value).unwrap(),
            "kind: X\nspec:\n  args:\n  - a\n  - -c\n  empty: {}\n  nested:\n  -\n    - x\n  - []\n  none: []\n  ports:\n  - name: http\n    port: 80\n  - name: m\n    port: 9\n  script: |\n    set -e\n    echo x\n"
        );
    }

    #[test]
    fn a_document_may_be_a_scalar_or_empty() {
        assert_eq!(to_yaml(&json!("on")).unwrap(), "\"on\"\n");
        assert_eq!(to_yaml(&json!({})).unwrap(), "{}\n");
        assert_eq!(to_yaml(&json!([1, 2])).unwrap(), "- 1\n- 2\n");
    }

    #[test]
    fn what_yaml_cannot_hold_is_an_error_not_a_panic() {
        let bytes = serde_bytes_like(&[1, 2]);
        assert!(to_yaml(&bytes).unwrap_err().to_string().contains("bytes"));
    }

    use proptest::prelude::Strategy;

    use crate::yaml_scalars::LOOK_ALIKES;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any string, as a key, a value, a list item or a whole document, reads back
        /// unchanged with a YAML 1.2 reader (PyYAML checks the YAML 1.1 side in make test,
        /// through the free-text property tests).
        #[test]
        fn any_string_reads_back_unchanged(text in proptest::prop_oneof![
            proptest::prelude::any::<String>(),
            // Short strings of the characters YAML gives meaning to, and of those that
            // numbers, dates and keywords are made of.
            "[a-z][a-z0-9 :#,'\"\\.@/=+_{}\\[\\]*&!|>%?~\n\t-]{0,5}",
            "[0-9 :#,'\"\\.@/=+_{}\\[\\]*&!|>%?~\n\t-]{0,6}",
            "(on|no|y|null|true|0x|0o|1e|12|\\.|_|:|-|\\+|[0-9]){1,4}",
            proptest::sample::select(LOOK_ALIKES).prop_map(str::to_owned),
        ]) {
            let value = json!({ "k": text, "list": [text, {"in": text}], text.clone(): 1 });
            let yaml = to_yaml(&value).unwrap();
            let read: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
            proptest::prop_assert_eq!(&read, &value, "{}", yaml);
            let read: serde_json::Value = serde_saphyr::from_str(&to_yaml(&text).unwrap()).unwrap();
            proptest::prop_assert_eq!(read, json!(text));
        }
    }

    struct BytesLike<'a>(&'a [u8]);
    impl Serialize for BytesLike<'_> {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
    fn serde_bytes_like(bytes: &[u8]) -> BytesLike<'_> {
        BytesLike(bytes)
    }
}
