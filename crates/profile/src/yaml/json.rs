//! Plain JSON values straight from the parser's events, scalars resolved by the YAML 1.2
//! core schema. The renderer reads its templates' output this way: the same strict reader
//! as profiles (no duplicate keys, aliases or tags), without building a located tree.
//! What JSON cannot hold (`.inf`, `.nan`, integers beyond 64 bits) is an error, never
//! a `null` or a rounded float.

use serde_json::{Map, Number, Value};

use super::de::{Resolved, out_of_range, resolve};
use super::tree::Sink;
use crate::error::Location;

pub(crate) struct JsonSink;

impl Sink for JsonSink {
    type Node = Value;

    fn scalar(&self, text: String, plain: bool, _: &Location) -> Result<Value, String> {
        Ok(match resolve(&text, plain) {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(n) => Value::Number(n.into()),
            Resolved::UInt(n) => Value::Number(n.into()),
            Resolved::Float(x) => match Number::from_f64(x) {
                Some(number) => Value::Number(number),
                None => {
                    return Err(format!(
                        "`{text}` is not a finite number, which JSON and Kubernetes objects cannot hold; quote it to make it a string"
                    ));
                }
            },
            Resolved::OutOfRange => return Err(out_of_range(&text)),
            Resolved::Str(_) => Value::String(text),
        })
    }

    fn sequence(&self, items: Vec<Value>, _: &Location) -> Value {
        Value::Array(items)
    }

    fn mapping(&self, entries: Vec<(String, Location, Value)>, _: &Location) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, _, v)| (k, v))
                .collect::<Map<String, Value>>(),
        )
    }
}
