//! A fast reader for the plain block YAML that templates produce: block mappings and
//! sequences, JSON values from the template formatter, plain scalars, simple flow lists
//! and `|` literals. Anything else (anchors, tags, other quoting, odd indentation,
//! duplicate keys) makes it give up, and the full parser reads the document instead, with
//! its exact errors. On what it accepts it gives the same value as the full parser; a test
//! holds it to that on every rendered document.

use std::borrow::Cow;

use super::de::{Resolved, resolve};
use super::document::Document;

/// The document, or `None` when it needs the full parser.
pub(crate) fn parse(text: &str) -> Option<Document<'_>> {
    if text.contains('\t') || text.contains('\r') {
        return None;
    }
    let lines: Vec<Line> = text
        .lines()
        .filter_map(|raw| {
            let content = raw.trim_start_matches(' ');
            (!content.is_empty() && !content.starts_with('#')).then(|| Line {
                indent: raw.len() - content.len(),
                content,
                raw,
            })
        })
        .collect();
    let mut reader = Reader { lines, next: 0 };
    if reader.lines.is_empty() {
        return Some(Document::Null);
    }
    let value = reader.block(0)?;
    (reader.next == reader.lines.len()).then_some(value)
}

#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    content: &'a str,
    raw: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
}

fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.next).copied()
    }

    /// A block mapping or sequence whose lines start at column `indent`.
    fn block(&mut self, indent: usize) -> Option<Document<'a>> {
        let first = self.peek()?;
        if first.indent != indent {
            return None;
        }
        if is_item(first.content) {
            self.sequence(indent)
        } else {
            self.mapping(indent, None)
        }
    }

    /// Mapping entries at `indent`; `first` is an entry already cut from a `- key: value`
    /// line.
    fn mapping(&mut self, indent: usize, first: Option<&'a str>) -> Option<Document<'a>> {
        let mut entries: Vec<(Cow<'a, str>, Document<'a>)> = Vec::new();
        let mut pending = first;
        loop {
            let content = match pending.take() {
                Some(content) => content,
                None => match self.peek() {
                    Some(line) if line.indent == indent && !is_item(line.content) => {
                        self.next += 1;
                        line.content
                    }
                    Some(line) if line.indent > indent => return None,
                    _ => break,
                },
            };
            let (key, rest) = split_key(content)?;
            if entries.iter().any(|(k, _)| *k == key) {
                return None; // duplicate key: the full parser reports it
            }
            let value = self.value_after_key(indent, rest)?;
            entries.push((key, value));
        }
        Some(Document::Map(entries))
    }

    /// What follows `key:` on a line of a mapping at `indent`.
    fn value_after_key(&mut self, indent: usize, rest: &'a str) -> Option<Document<'a>> {
        match rest {
            "" => match self.peek() {
                Some(line) if line.indent > indent => self.block(line.indent),
                // YAML lets a list sit at its key's own indentation.
                Some(line) if line.indent == indent && is_item(line.content) => {
                    self.sequence(indent)
                }
                _ => Some(Document::Null),
            },
            "|" | "|-" => self.literal(indent, rest == "|"),
            _ => inline(rest),
        }
    }

    fn sequence(&mut self, indent: usize) -> Option<Document<'a>> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent != indent || !is_item(line.content) {
                if line.indent > indent {
                    return None;
                }
                break;
            }
            self.next += 1;
            let rest = line.content.strip_prefix('-')?.trim_start_matches(' ');
            let column = line.raw.len() - rest.len();
            let item = if rest.is_empty() {
                match self.peek() {
                    Some(next) if next.indent > indent => self.block(next.indent)?,
                    _ => Document::Null,
                }
            } else if rest == "|" || rest == "|-" {
                self.literal(indent, rest == "|")?
            } else if is_item(rest) {
                return None; // `- - x`: nested on one line
            } else if split_key(rest).is_some() && !starts_flow_or_quote(rest) {
                self.mapping(column, Some(rest))?
            } else {
                inline(rest)?
            };
            items.push(item);
        }
        Some(Document::Seq(items))
    }

    /// A `|` (keep one final newline) or `|-` (none) literal below a key at `indent`.
    fn literal(&mut self, indent: usize, clip: bool) -> Option<Document<'a>> {
        let start = self.next;
        let first = self.peek().filter(|l| l.indent > indent)?;
        let block_indent = first.indent;
        // The line with the `|` comes right before; anything between was dropped as blank
        // or a comment, and belongs to the literal: the full parser reads it.
        if !contiguous(self.lines.get(start.checked_sub(1)?)?.raw, first.raw) {
            return None;
        }
        while let Some(line) = self.peek() {
            if line.indent < block_indent {
                break;
            }
            self.next += 1;
        }
        // Blank lines inside a literal were dropped by `parse`: give up if there were any.
        let lines = &self.lines[start..self.next];
        let mut text = String::new();
        for (index, line) in lines.iter().enumerate() {
            if index > 0 && !contiguous(lines[index - 1].raw, line.raw) {
                return None;
            }
            text.push_str(&line.raw[block_indent..]);
            text.push('\n');
        }
        if !clip {
            text.pop();
        }
        Some(Document::Str(Cow::Owned(text)))
    }
}

/// True when `b` directly follows `a` in the same source text (no line between them).
fn contiguous(a: &str, b: &str) -> bool {
    let end = a.as_ptr() as usize + a.len();
    b.as_ptr() as usize == end + 1
}

fn starts_flow_or_quote(text: &str) -> bool {
    text.starts_with(['{', '[', '"'])
}

/// `key: rest` or `key:` with a plain or JSON-quoted key.
fn split_key(content: &str) -> Option<(Cow<'_, str>, &str)> {
    if let Some(quoted) = content.strip_prefix('"') {
        let end = closing_quote(quoted)?;
        let key = json_string(&content[..end + 2])?;
        let rest = content[end + 2..].strip_prefix(':')?;
        return after_colon(rest).map(|rest| (key, rest));
    }
    let colon = find_pair(content, b": ").or_else(|| content.strip_suffix(':').map(|k| k.len()))?;
    let key = &content[..colon];
    let flow_or_quote = |b: &u8| matches!(b, b'{' | b'[' | b']' | b'}' | b',' | b'"' | b'\'');
    if key.is_empty() || !is_plain(key) || key.as_bytes().iter().any(flow_or_quote) {
        return None;
    }
    after_colon(&content[colon + 1..]).map(|rest| (Cow::Borrowed(key), rest))
}

fn after_colon(rest: &str) -> Option<&str> {
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix(' ').map(|r| r.trim_start_matches(' '))
    }
}

/// The byte index in `text` of the `"` that closes a JSON string whose opening quote was
/// just before `text`.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return Some(index),
            _ => escaped = false,
        }
    }
    None
}

/// A JSON string literal, `"..."`, borrowed when it has no escapes.
fn json_string(literal: &str) -> Option<Cow<'_, str>> {
    let inner = &literal[1..literal.len() - 1];
    if !inner.bytes().any(|b| b == b'\\' || b < 0x20) {
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(literal).ok().map(Cow::Owned)
}

/// A value written on the key's (or dash's) line.
fn inline(text: &str) -> Option<Document<'_>> {
    let text = text.trim_end_matches(' ');
    match text.as_bytes().first()? {
        b'"' => {
            let end = closing_quote(&text[1..])?;
            (end + 2 == text.len()).then_some(())?;
            json_string(text).map(Document::Str)
        }
        b'{' | b'[' => flow(text),
        _ => is_plain(text).then(|| plain(text)),
    }
}

/// `{}`, `[]`, JSON flow values, or a flow list of plain words such as `[Ingress, Egress]`.
/// Plain-word lists are read first: a failed JSON parse builds an error whose position
/// lookup costs more than the whole list (and, once per process, CPU feature detection).
fn flow(text: &str) -> Option<Document<'_>> {
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'))
        && !inner.contains(['[', ']', '{', '}', '"', '\'', '#'])
    {
        if inner.trim_matches(' ').is_empty() {
            return Some(Document::Seq(Vec::new()));
        }
        return inner
            .split(',')
            .map(|item| {
                let item = item.trim_matches(' ');
                (!item.is_empty() && is_plain(item) && !item.contains(": ")).then(|| plain(item))
            })
            .collect::<Option<Vec<Document>>>()
            .map(Document::Seq);
    }
    serde_json::from_str(text).ok()
}

/// A plain scalar YAML would read as written: no indicator first, no `: ` or ` #` inside.
fn is_plain(text: &str) -> bool {
    let first = text.as_bytes()[0];
    let indicator = matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    // `-x` and `:x` are plain when followed by a non-space; keep only `-` of those.
    let dash_ok = first == b'-' && text.len() > 1 && text.as_bytes()[1] != b' ';
    let comment_or_value = |pair: &[u8]| pair == b": " || pair == b" #";
    (!indicator || dash_ok)
        && !text.as_bytes().windows(2).any(comment_or_value)
        && !text.ends_with(':')
}

/// Where the two bytes `pair` first occur in `text` (cheaper than `str::find` for the
/// short lines of a document).
fn find_pair(text: &str, pair: &[u8; 2]) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w == pair)
}

fn plain(text: &str) -> Document<'_> {
    match resolve(text, true) {
        Resolved::Null => Document::Null,
        Resolved::Bool(b) => Document::Bool(b),
        Resolved::Int(n) => Document::Int(n),
        // JSON has no infinities or NaN; serde_json reads them as null.
        Resolved::Float(x) if !x.is_finite() => Document::Null,
        Resolved::Float(x) => Document::Float(x),
        Resolved::Str(s) => Document::Str(Cow::Borrowed(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::yaml::yaml_to_json_full;

    fn same(text: &str) {
        let full = yaml_to_json_full("t", text).unwrap();
        assert_eq!(parse(text).map(|d| d.into_json()), Some(full), "{text}");
    }

    #[test]
    fn reads_what_templates_write() {
        same("a: 1\nb:\n  c: \"x: #y\"\n  d: [Ingress, Egress]\n  e: {\"k\": [1, \"2\"]}\n");
        same("list:\n  - name: a\n    value: \"1\"\n  - name: b\n  - plain\n  - 3\n");
        same("same_indent:\n- a\n- b: c\n  d: e\nafter: true\n");
        same("script: |\n  set -e\n  echo \"$X\" | gzip\nnext: |-\n  one\n  two\n");
        same("\"QUOTED_KEY\": \"v\"\nempty:\nnull_value: ~\nflag: yes\nversion: 1.10\n");
        same("args: [/bin/bash, -c]\nscripts:\n  - |\n    one\n  - x\n");
        same("flow: {\"k\\\"q\": \"v\\n\", \"n\": [null, true, -1, 2.5, 18446744073709551615]}\n");
        same("\n# a comment\n\nlast: line without a newline");
    }

    /// serde_json would keep the last of two equal keys; the full parser refuses them.
    #[test]
    fn a_repeated_key_in_a_flow_mapping_is_refused() {
        let text = "a: {\"k\": 1, \"k\": 2}\n";
        assert_eq!(parse(text), None);
        let error = yaml_to_json_full("t", text).unwrap_err();
        assert!(error.message.contains("duplicate"), "{error}");
    }

    #[test]
    fn defers_what_it_does_not_know() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 'single'\n",
            "a: 1\na: 2\n",
            "a: b\n  c\n",
            "a: |\n  x\n\n  y\n",
            "a: |\n  # not a comment\n  x\n",
            "a: >\n  folded\n",
            "a: b # comment\n",
            "a:\tb\n",
            "? complex\n: key\n",
            "a: [x, \"y\", z]\n",
            "a: {\"k\": 1, \"k\": 2}\n",
            "deep:\n  - - not\n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
