//! How a rendered document becomes its typed object: its `apiVersion` and `kind` pick the
//! type from the table of kinds (`objects.rs`), and the rest of the document is read into
//! that type in the same pass, with every field the type does not have reported.
//!
//! Templates write `apiVersion` and `kind` first, as every Kubernetes example does; the
//! reader takes them from there and hands the rest of the mapping to the type. A document
//! that puts them elsewhere is read twice: once for the two fields, once into the type.

use std::cell::Cell;

use serde::de::value::{MapAccessDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

use crate::objects::{KINDS, Object, deserialize_kind};

/// A rendered document read back: the object and the paths of fields its type ignored.
pub(crate) struct Read {
    pub object: Object,
    pub unknown_fields: Vec<String>,
}

/// Why a document could not be read back.
pub(crate) enum ReadError {
    /// The table has no such kind.
    UnknownKind { api_version: String, kind: String },
    /// Not an object of the kind it names (`line L, column C path: message`), or no
    /// `apiVersion`/`kind` at all. `kind` is the kind it names, if it got that far.
    Invalid {
        kind: Option<String>,
        message: String,
    },
}

/// Reads one rendered document into the type its `apiVersion` and `kind` name.
pub(crate) fn read(document: &str) -> Result<Read, ReadError> {
    let moved = Cell::new(false);
    let named = Cell::new(None);
    let seed = TypeFirst {
        moved: &moved,
        named: &named,
    };
    match axisor_yaml::from_yaml_seed_reporting_unknown("rendered", document, seed) {
        Ok((object, unknown_fields)) => Ok(Read {
            object,
            unknown_fields: sorted(unknown_fields),
        }),
        Err(_) if moved.get() => read_twice(document),
        Err(diagnostic) => Err(error(named.take(), diagnostic)),
    }
}

/// The slow way, for documents whose `apiVersion` and `kind` are not their first fields.
fn read_twice(document: &str) -> Result<Read, ReadError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct TypeMeta {
        api_version: Option<String>,
        kind: Option<String>,
    }
    let meta: TypeMeta =
        axisor_yaml::from_yaml("rendered", document).map_err(|d| error(None, d))?;
    let missing = match (&meta.api_version, &meta.kind) {
        (None, None) => "apiVersion and kind are",
        (None, Some(_)) => "apiVersion is",
        (Some(_), None) => "kind is",
        (Some(_), Some(_)) => "",
    };
    let (Some(api_version), Some(kind)) = (meta.api_version, meta.kind) else {
        return Err(ReadError::Invalid {
            kind: None,
            message: format!("expected a Kubernetes object: {missing} missing"),
        });
    };
    let seed = Named {
        api_version: &api_version,
        kind: &kind,
    };
    match axisor_yaml::from_yaml_seed_reporting_unknown("rendered", document, seed) {
        Ok((Some(object), unknown_fields)) => Ok(Read {
            object,
            unknown_fields: sorted(unknown_fields),
        }),
        Ok((None, _)) => Err(ReadError::UnknownKind { api_version, kind }),
        Err(diagnostic) => Err(error(Some((api_version, kind)), diagnostic)),
    }
}

fn sorted(mut paths: Vec<String>) -> Vec<String> {
    paths.sort();
    paths
}

fn error(named: Option<(String, String)>, d: axisor_yaml::Diagnostic) -> ReadError {
    if let Some((api_version, kind)) = &named
        && !KINDS
            .iter()
            .any(|k| k.kind == kind && k.api_version == api_version)
    {
        return ReadError::UnknownKind {
            api_version: api_version.clone(),
            kind: kind.clone(),
        };
    }
    let place = if d.path.is_empty() {
        String::new()
    } else {
        format!(" {}", d.path)
    };
    ReadError::Invalid {
        kind: named.map(|(_, kind)| kind),
        message: format!(
            "line {}, column {}{place}: {}",
            d.location.line, d.location.column, d.message
        ),
    }
}

/// Reads a document whose first two fields are `apiVersion` and `kind` (in either order)
/// into the type they name; says in `moved` when they are not first, and keeps in
/// `named` what the document named.
struct TypeFirst<'a> {
    moved: &'a Cell<bool>,
    named: &'a Cell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for TypeFirst<'_> {
    type Value = Object;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TypeFirst<'_> {
    type Value = Object;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a Kubernetes object: a mapping with apiVersion and kind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut api_version, mut kind) = (None, None);
        while api_version.is_none() || kind.is_none() {
            let key: Option<String> = map.next_key()?;
            match key.as_deref() {
                Some("apiVersion") if api_version.is_none() => {
                    api_version = Some(map.next_value()?)
                }
                Some("kind") if kind.is_none() => kind = Some(map.next_value()?),
                None if api_version.is_none() || kind.is_none() => {
                    return Err(de::Error::custom(format!(
                        "expected a Kubernetes object: {} is missing",
                        if api_version.is_none() {
                            "apiVersion"
                        } else {
                            "kind"
                        }
                    )));
                }
                _ => {
                    self.moved.set(true);
                    return Err(de::Error::custom(
                        "apiVersion and kind are not the first fields",
                    ));
                }
            }
        }
        let (api_version, kind): (String, String) =
            (api_version.unwrap_or_default(), kind.unwrap_or_default());
        self.named.set(Some((api_version.clone(), kind.clone())));
        let rest = Replay {
            head: [("apiVersion", api_version.clone()), ("kind", kind.clone())].into_iter(),
            value: None,
            rest: map,
        };
        // `error` tells an unknown kind by what `named` holds.
        deserialize_kind(&api_version, &kind, MapAccessDeserializer::new(rest))?
            .ok_or_else(|| de::Error::custom("unknown kind"))
    }
}

/// Reads a whole document as the type of a known `apiVersion` and `kind`.
struct Named<'a> {
    api_version: &'a str,
    kind: &'a str,
}

impl<'de> DeserializeSeed<'de> for Named<'_> {
    type Value = Option<Object>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserialize_kind(self.api_version, self.kind, deserializer)
    }
}

/// A mapping whose first entries were already read: hands them out again, then the rest.
struct Replay<A> {
    head: std::array::IntoIter<(&'static str, String), 2>,
    /// The value of the entry whose key was handed out last, if it was one of `head`.
    value: Option<String>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.head.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(StrDeserializer::new(key)).map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(StringDeserializer::new(value)),
            None => self.rest.next_value_seed(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ReadError, read};
    use crate::objects::Object;

    const MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";

    #[test]
    fn the_kind_picks_the_type_whichever_order_the_fields_are_in() {
        let reordered = "metadata:\n  name: a\ndata:\n  k: v\nkind: ConfigMap\napiVersion: v1\n";
        let kind_first = "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\ndata:\n  k: v\n";
        for text in [MAP, reordered, kind_first] {
            let Ok(read) = read(text) else {
                panic!("{text}")
            };
            let Object::ConfigMap(map) = read.object else {
                panic!("not a ConfigMap")
            };
            assert_eq!(map.data.unwrap()["k"], "v");
            assert!(read.unknown_fields.is_empty());
        }
    }

    #[test]
    fn unknown_kinds_and_versions_are_named() {
        for (text, wanted) in [
            ("apiVersion: v1\nkind: Widget\n", ("v1", "Widget")),
            (
                "apiVersion: extensions/v1beta1\nkind: Ingress\n",
                ("extensions/v1beta1", "Ingress"),
            ),
            (
                "metadata: {}\nkind: Widget\napiVersion: example.com/v1\n",
                ("example.com/v1", "Widget"),
            ),
        ] {
            match read(text) {
                Err(ReadError::UnknownKind { api_version, kind }) => {
                    assert_eq!((api_version.as_str(), kind.as_str()), wanted)
                }
                _ => panic!("{text} read"),
            }
        }
    }

    #[test]
    fn documents_that_are_not_objects_say_what_is_missing() {
        for (text, wanted) in [
            ("apiVersion: v1\nmetadata: {}\n", "kind"),
            ("kind: ConfigMap\n", "apiVersion"),
            ("- a\n", "a Kubernetes object"),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: [1]\n",
                "data.k",
            ),
        ] {
            match read(text) {
                Err(ReadError::Invalid { message, .. }) => {
                    assert!(message.contains(wanted), "{text}: {message}")
                }
                _ => panic!("{text} read"),
            }
        }
    }

    #[test]
    fn fields_the_type_lacks_are_reported_after_the_replayed_ones() {
        let text = format!("{MAP}  extra: x\nspec: {{}}\n");
        let read = read(&text).ok().unwrap();
        assert_eq!(read.unknown_fields, ["spec"]);
    }
}
