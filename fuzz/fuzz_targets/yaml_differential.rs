//! The workspace's one YAML reader (`axisor_yaml::from_yaml`, over saphyr-parser)
//! against a parser of another lineage: libyaml-safer, a Rust port of libyaml's C code.
//! - what ours accepts, libyaml reads to the same value;
//! - what ours refuses, libyaml refuses too, unless the document breaks one of the rules
//!   the reader adds to YAML (docs/profiles.md): anchors, aliases, tags, duplicate keys,
//!   keys that are not scalars or are block scalars, missing keys, directives, more than
//!   one document, more than 32 levels,
//!   numbers JSON cannot hold (`.inf`, `.nan`, integers beyond 64 bits), and a block
//!   scalar that ends the text without a line break.
#![no_main]

use libfuzzer_sys::fuzz_target;
use libyaml_safer::{EventData, MappingStyle, Parser, ScalarStyle, SequenceStyle};
use serde_json::{Map, Number, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = axisor_yaml::from_yaml::<serde_json::Value>("fuzz", text);
    let Some(theirs) = libyaml_unless_it_panics(text) else {
        return;
    };
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert!(
                theirs.rule_broken.is_none(),
                "ours accepts what breaks a rule ({:?}): {text:?}",
                theirs.rule_broken
            );
            assert_eq!(ours, theirs.value, "the readers disagree on {text:?}");
        }
        (Ok(ours), Err(error)) => assert!(
            libyaml_stricter_than_yaml_1_2(text, &error),
            "ours reads {ours} where libyaml refuses ({}): {text:?}",
            error.message
        ),
        (Err(ours), Ok(theirs)) => assert!(
            theirs.rule_broken.is_some()
                || stricter_than_libyaml(&ours.message)
                || theirs.lenient_indentation
                // saphyr-parser refuses some tabs YAML 1.2 allows as separation (after
                // `:`, before a comment): a limitation docs/profiles.md states.
                || text.contains('\t'),
            "ours refuses ({ours}) what libyaml reads as {}: {text:?}",
            theirs.value
        ),
        (Err(_), Err(_)) => {}
    }
});

/// Where YAML 1.2 is stricter than libyaml, which follows YAML 1.1 and is lenient in
/// places; docs/profiles.md lists these. Each is the parser's message for it.
/// Besides these, YAML 1.2 wants a block's content indented deeper than the block around
/// it (YAML 1.2.2, 6.3: s-flow-line-prefix; 8.1: block scalars), where libyaml takes the
/// continuation lines of flow collections and quoted scalars, and a value's block scalar,
/// at any column: see `Reading::lenient_indentation`.
const STRICTER_THAN_LIBYAML: &[&str] = &[
    // A comment needs white space before its `#` (6.6: s-b-comment); libyaml takes
    // `'quoted'#text` as a value and a comment.
    "comments must be separated from other tokens by whitespace",
    // `-`, `?` or `:` start a plain scalar only before a safe character (7.3.3:
    // ns-plain-first): not `[-]` or `{"k":-}`.
    "plain scalar cannot start with",
    // Our reader's refusals where the two lineages read different values: `[?x]` (a
    // string in YAML 1.2, a mapping to libyaml; `:x` likewise), and a block scalar with lines at column 0
    // (content in YAML 1.2, the scalar's end to libyaml).
    "a plain value cannot start with",
    "must be indented; YAML readers disagree",
    // Directives: YAML 1.2 ignores reserved ones, libyaml refuses them; we refuse all.
    "YAML directives",
    // Leading empty lines of a block scalar with more spaces than its first line (8.1.1.1).
    "wrongly indented line in block scalar",
    // U+0085, U+2028, U+2029: line breaks to libyaml (YAML 1.1), not to YAML 1.2.
    "which YAML 1.1 readers",
    // Implicit keys fit on one line (7.4.2).
    "a key must fit on one line",
    // A byte order mark only at the start of a stream or document (5.2).
    "a byte order mark must not appear inside a document",
];

fn stricter_than_libyaml(message: &str) -> bool {
    STRICTER_THAN_LIBYAML.iter().any(|m| message.contains(m))
}

/// Where libyaml refuses what YAML 1.2 allows and our reader reads:
/// - tabs as separation white space (YAML 1.2.2, 6.2: s-separate-in-line is spaces or
///   tabs), on a blank line or before a value, which libyaml reads as indentation;
/// - a `:` right before a flow indicator (`{ key:}`, 7.4.2: c-ns-flow-map-separate-value),
///   YAML 1.2 and not YAML 1.1 (a plain value starting with `:` our reader refuses);
/// - a bare document after `...` (9.2: l-bare-document);
/// - libyaml-safer's misreading of text that starts with U+F000 to U+FFFD.
fn libyaml_stricter_than_yaml_1_2(text: &str, error: &Refusal) -> bool {
    // libyaml-safer's check for a UTF-16 byte order mark misreads UTF-8 text that starts
    // with U+F000 to U+FFFD.
    if error.message.contains("tab character")
        || error.message.contains("invalid byte order marker")
    {
        return true;
    }
    // A bare document after `...` (9.2: l-bare-document), which libyaml refuses; the
    // text's first line may start with a byte order mark.
    let mut lines = text.strip_prefix('\u{feff}').unwrap_or(text).split(['\n', '\r']);
    if lines.any(|line| line.starts_with("...")) {
        return true;
    }
    if implicit_key_over_1024_bytes(text, error) {
        return true;
    }
    // libyaml's marks count bytes, and not a leading byte order mark, which it skips.
    let body = text.strip_prefix('\u{feff}');
    [Some(text), body].into_iter().flatten().any(|text| {
        let mut chars = error
            .at
            .and_then(|at| text.get(at..))
            .into_iter()
            .flat_map(str::chars);
        match (chars.next(), chars.next()) {
            (Some('\t'), _) => true,
            (Some(':'), Some(next)) => !next.is_whitespace(),
            // libyaml's mark may point past the `:` it refused.
            (Some(c), _) => {
                !c.is_whitespace()
                    && text
                        .get(..error.at.unwrap_or(0))
                        .is_some_and(|before| before.ends_with(':'))
            }
            _ => false,
        }
    })
}

/// An implicit key may be 1024 characters long (YAML 1.2.2, 7.4.2; C libyaml counts
/// characters too); libyaml-safer's marks count bytes, so it refuses a key of non-ASCII
/// characters that is longer than 1024 bytes. The text on the refused `:`'s line before
/// it is that long in bytes and not ASCII.
fn implicit_key_over_1024_bytes(text: &str, error: &Refusal) -> bool {
    let Some(before) = error.at.and_then(|at| text.get(..at)) else {
        return false;
    };
    let line = before.rsplit(['\n', '\r']).next().unwrap_or(before);
    error.message.contains("mapping values are not allowed")
        && line.len() > 1024
        && !line.is_ascii()
}

/// libyaml's refusal: its message, and the character index of the problem.
struct Refusal {
    message: String,
    at: Option<usize>,
}

/// libyaml-safer 0.3 still has `panic!("TODO ...")` in places (a tag followed by `,` in a
/// flow collection): such inputs say nothing about our reader. libfuzzer's panic hook
/// aborts, so it is set aside while libyaml runs.
fn libyaml_unless_it_panics(text: &str) -> Option<Result<Reading, Refusal>> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let reading = std::panic::catch_unwind(|| libyaml(text)).ok();
    std::panic::set_hook(hook);
    reading
}

/// libyaml's reading: the value, the first of our rules the document breaks, and whether
/// it holds what libyaml may have taken at a column YAML 1.2 refuses: flow content (a flow
/// collection or a quoted scalar) over several lines, or a block scalar (`|`, `>`) that
/// starts at or left of its key.
struct Reading {
    value: Value,
    rule_broken: Option<&'static str>,
    lenient_indentation: bool,
}

/// An open collection, with the line it started on if it is a flow collection.
enum Open {
    Sequence(Vec<Value>, Option<u64>),
    Mapping(Map<String, Value>, Option<String>, Option<u64>),
}

fn libyaml(text: &str) -> Result<Reading, Refusal> {
    let mut input = text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut stack: Vec<Open> = Vec::new();
    let mut documents: Vec<Value> = Vec::new();
    let mut rule_broken = None;
    let mut lenient_indentation = false;
    // The column of the last key read: a block scalar value must start right of it.
    let mut key_column = 0;
    let mut last_block_scalar = false;
    let mut broke = |rule| {
        rule_broken.get_or_insert(rule);
    };
    for event in parser {
        let event = event.map_err(|e| Refusal {
            message: e.to_string(),
            at: e.problem_mark().and_then(|m| usize::try_from(m.index).ok()),
        })?;
        let is_sequence = matches!(event.data, EventData::SequenceStart { .. });
        let is_flow = matches!(
            event.data,
            EventData::SequenceStart {
                style: SequenceStyle::Flow,
                ..
            } | EventData::MappingStart {
                style: MappingStyle::Flow,
                ..
            }
        );
        let (start_line, end_line) = (event.start_mark.line, event.end_mark.line);
        let start_column = event.start_mark.column;
        let finished = match event.data {
            EventData::Alias { .. } => {
                broke("an alias");
                Some(Value::Null)
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                if anchor.is_some() {
                    broke("an anchor");
                }
                if tag.is_some() {
                    broke("a tag");
                }
                let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                lenient_indentation |= quoted && start_line != end_line;
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                lenient_indentation |= block && start_column <= key_column;
                last_block_scalar = block;
                if let Some(Open::Mapping(_, key @ None, _)) = stack.last_mut() {
                    key_column = start_column;
                    if value.is_empty() && style == ScalarStyle::Plain {
                        broke("a missing key");
                    }
                    if block {
                        broke("a block scalar as a key");
                    }
                    *key = Some(value);
                    None
                } else {
                    let plain = style == ScalarStyle::Plain;
                    Some(core_schema(&value, plain).unwrap_or_else(|rule| {
                        broke(rule);
                        Value::Null
                    }))
                }
            }
            EventData::SequenceStart { anchor, tag, .. }
            | EventData::MappingStart { anchor, tag, .. } => {
                if anchor.is_some() {
                    broke("an anchor");
                }
                if tag.is_some() {
                    broke("a tag");
                }
                if let Some(Open::Mapping(_, None, _)) = stack.last() {
                    broke("a key that is not a scalar");
                }
                if stack.len() >= 32 {
                    broke("more than 32 levels");
                }
                let flow_line = is_flow.then_some(start_line);
                stack.push(if is_sequence {
                    Open::Sequence(Vec::new(), flow_line)
                } else {
                    Open::Mapping(Map::new(), None, flow_line)
                });
                None
            }
            EventData::SequenceEnd | EventData::MappingEnd => match stack.pop() {
                Some(Open::Sequence(items, flow_line)) => {
                    lenient_indentation |= flow_line.is_some_and(|line| line != end_line);
                    Some(Value::Array(items))
                }
                Some(Open::Mapping(entries, _, flow_line)) => {
                    lenient_indentation |= flow_line.is_some_and(|line| line != end_line);
                    Some(Value::Object(entries))
                }
                None => {
                    return Err(Refusal {
                        message: "an end without a start".to_owned(),
                        at: None,
                    });
                }
            },
            _ => None,
        };
        let Some(value) = finished else { continue };
        match stack.last_mut() {
            Some(Open::Sequence(items, _)) => items.push(value),
            Some(Open::Mapping(entries, key, _)) => {
                // A non-scalar key was read as a value; it has no key text.
                let key = key.take().unwrap_or_default();
                if entries.insert(key, value).is_some() {
                    broke("a duplicate key");
                }
            }
            None => documents.push(value),
        }
    }
    if documents.len() > 1 {
        broke("more than one document");
    }
    if last_block_scalar && !text.ends_with(['\n', '\r']) {
        broke("a block scalar without a final line break");
    }
    Ok(Reading {
        value: documents.into_iter().next().unwrap_or(Value::Null),
        rule_broken,
        lenient_indentation,
    })
}

/// A plain scalar by the YAML 1.2 core schema (10.3.2), written from the specification's
/// regular expressions, apart from the reader's own; `Err` names what JSON cannot hold.
fn core_schema(text: &str, plain: bool) -> Result<Value, &'static str> {
    if !plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Err("a number JSON cannot hold"),
        _ => {
            if let Some(n) = integer(text) {
                let n = n.ok_or("an integer beyond 64 bits")?;
                if let Ok(n) = i64::try_from(n) {
                    Value::Number(n.into())
                } else {
                    let n = u64::try_from(n).map_err(|_| "an integer beyond 64 bits")?;
                    Value::Number(n.into())
                }
            } else if is_float(text) {
                let x: f64 = text.parse().map_err(|_| "a float Rust cannot parse")?;
                Value::Number(Number::from_f64(x).ok_or("a number JSON cannot hold")?)
            } else {
                Value::String(text.to_owned())
            }
        }
    })
}

/// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`: `Some(None)` when beyond i128.
fn integer(text: &str) -> Option<Option<i128>> {
    let all = |s: &str, f: fn(&char) -> bool| !s.is_empty() && s.chars().all(|c| f(&c));
    if let Some(digits) = text.strip_prefix("0o") {
        return all(digits, |c| ('0'..='7').contains(c))
            .then(|| i128::from_str_radix(digits, 8).ok());
    }
    if let Some(digits) = text.strip_prefix("0x") {
        return all(digits, char::is_ascii_hexdigit).then(|| i128::from_str_radix(digits, 16).ok());
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    all(unsigned, char::is_ascii_digit).then(|| text.parse().ok())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    let whole = digits(rest);
    rest = &rest[whole..];
    if let Some(after) = rest.strip_prefix('.') {
        let fraction = digits(after);
        if whole == 0 && fraction == 0 {
            return false;
        }
        rest = &after[fraction..];
    } else if whole == 0 {
        return false;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        let n = digits(exponent);
        return n > 0 && n == exponent.len();
    }
    rest.is_empty()
}
