//! Plain JSON values straight from the parser's events, scalars resolved by the YAML 1.2
//! core schema. The renderer reads its templates' output this way: the same strict reader
//! as profiles (no duplicate keys, aliases or tags), without building a located tree.

use serde_json::{Map, Number, Value};

use super::de::{Resolved, resolve};
use super::tree::Sink;
use crate::error::Location;

pub(crate) struct JsonSink;

impl Sink for JsonSink {
    type Node = Value;

    fn scalar(&self, text: String, plain: bool, _: &Location) -> Value {
        match resolve(&text, plain) {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(n) => Value::Number(n.into()),
            Resolved::Float(x) => Number::from_f64(x).map_or(Value::Null, Value::Number),
            Resolved::Str(_) => Value::String(text),
        }
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
