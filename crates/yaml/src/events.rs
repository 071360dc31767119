//! The one YAML reader: saphyr-parser's events, checked against the reader's rules and
//! reduced to what a plain-data document holds (scalars, keys, lists, mappings).
//!
//! Both ways of reading consume this stream: the located tree that profiles are merged in
//! (`tree.rs`), and the serde deserializer for everything else (`stream.rs`). So a rule
//! (no anchors, aliases, tags, duplicate keys or second documents, at most 32 levels, the
//! text rules of `strict.rs`) holds for every document, however it is read.

use std::borrow::Cow;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostic::{Diagnostic, Location};
use crate::input::TextInput;
use crate::strict;
use crate::tree::join;

/// Profiles are a few levels deep; anything deeper is a mistake or an attack.
const MAX_DEPTH: usize = 32;

/// One piece of a document, in document order. Every `SequenceStart` and `MappingStart`
/// is closed by an `End`; inside a mapping, each `Key` is followed by one value.
#[derive(Debug)]
pub(crate) enum Item<'a> {
    /// `plain` is false for quoted and block scalars, which are always strings.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Key(Cow<'a, str>),
    SequenceStart,
    MappingStart,
    /// Closes the innermost list or mapping; located where that one started.
    End,
    /// The document is over (an empty document is only this).
    Done,
}

/// An open list (how many items it has begun) or mapping (where its keys start in
/// `Events::keys`).
enum Frame {
    Sequence(Mark, usize),
    Mapping(Mark, usize, MappingState),
}

/// A key of an open mapping: its text in `Events::key_text`, and its line.
struct Key {
    text: std::ops::Range<usize>,
    line: usize,
}

#[derive(PartialEq)]
enum MappingState {
    AwaitingKey,
    AwaitingValue,
}

pub(crate) struct Events<'a> {
    parser: Parser<'a, TextInput<'a>>,
    text: &'a str,
    file: Arc<str>,
    frames: Vec<Frame>,
    /// The keys of every open mapping, innermost last, and their text: one buffer for the
    /// whole document rather than a string per key, as a document has hundreds.
    keys: Vec<Key>,
    key_text: String,
    /// Whether the document's top value has begun: a later `---` is a second document.
    begun: bool,
    /// Where the last scalar was, if it was a block scalar (see `strict::refuse_ending`).
    last_block_scalar: Option<Mark>,
    /// Where the last item was, for errors found by whoever consumes it.
    last: Mark,
    /// The last key's place, until its value begins (see `check_key_colon`).
    last_key: Option<KeySpan>,
    /// Where the last scalar written out ended (see `KeySpan::gap_start`).
    gap_start: usize,
    offsets: Offsets<'a>,
    done: bool,
}

impl<'a> Events<'a> {
    /// Checks the text as a whole (`strict::refuse_text`) and starts the parser.
    pub(crate) fn new(file: &Arc<str>, text: &'a str) -> Result<Self, Diagnostic> {
        let events = Events {
            parser: Parser::new(TextInput::new(text)),
            text,
            file: file.clone(),
            frames: Vec::new(),
            keys: Vec::new(),
            key_text: String::new(),
            begun: false,
            last_block_scalar: None,
            last: Mark { line: 1, column: 0 },
            last_key: None,
            gap_start: 0,
            offsets: Offsets::new(text),
            done: false,
        };
        if let Some((line, column, message)) = strict::refuse_text(text) {
            return Err(events.diagnostic(Mark { line, column }, false, message));
        }
        Ok(events)
    }

    /// The next item and where it was written. Never inlined: every serde visitor of
    /// every type reaches it, and one copy keeps the binary (and its start-up) small.
    #[inline(never)]
    pub(crate) fn next(&mut self) -> Result<Item<'a>, Diagnostic> {
        let (item, mark) = self.next_item()?;
        self.last = mark;
        Ok(item)
    }

    /// Where the last item was written (for `End`, where its list or mapping began).
    pub(crate) fn location(&self) -> Location {
        self.locate(self.last)
    }

    /// The field path of the last item: each open mapping's latest key and each open
    /// list's latest index.
    pub(crate) fn path(&self) -> String {
        self.path_at(false)
    }

    /// An error about the last item, with its place.
    pub(crate) fn error_at_last(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: self.location(),
            path: self.path(),
            message: message.into(),
        }
    }

    fn next_item(&mut self) -> Result<(Item<'a>, Mark), Diagnostic> {
        loop {
            if self.done {
                return Ok((Item::Done, self.last));
            }
            let Some(next) = self.parser.next() else {
                return self.end_of_stream();
            };
            let (event, span) = next.map_err(|e| {
                let marker = e.marker();
                let mark = Mark::new(marker.line(), marker.col());
                self.diagnostic(mark, true, format!("invalid YAML: {}", e.info()))
            })?;
            let location = Mark::new(span.start.line(), span.start.col());
            let at_key = self.expects_key();
            let is_value = matches!(
                event,
                Event::Scalar(..)
                    | Event::Alias(_)
                    | Event::SequenceStart(..)
                    | Event::MappingStart(..)
            );
            if is_value && !at_key {
                self.check_key_colon(&span)?;
                self.begin_value();
            }
            let fail =
                |events: &Self, message: &str| Err(events.diagnostic(location, at_key, message));
            match event {
                Event::DocumentStart(_) if self.begun => {
                    return fail(
                        self,
                        "a profile is one YAML document; remove the second `---`",
                    );
                }
                Event::Alias(_) => {
                    return fail(
                        self,
                        "aliases are not supported in profiles; write the value out, or put shared values in base.yaml",
                    );
                }
                Event::Scalar(ref text, style, ..) => {
                    if let Some(message) = strict::refuse_scalar(text, style, &span, at_key) {
                        return fail(self, &message);
                    }
                    let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                    self.last_block_scalar = block.then_some(location);
                }
                _ => {}
            }
            match event {
                Event::Scalar(_, _, anchor, _)
                | Event::SequenceStart(anchor, _)
                | Event::MappingStart(anchor, _)
                    if anchor != 0 =>
                {
                    return fail(
                        self,
                        "anchors are not supported in profiles; put shared values in base.yaml",
                    );
                }
                Event::Scalar(_, _, _, Some(_))
                | Event::SequenceStart(_, Some(_))
                | Event::MappingStart(_, Some(_)) => {
                    return fail(
                        self,
                        "YAML tags are not supported in profiles; quote a value to make it a string",
                    );
                }
                Event::SequenceStart(..) | Event::MappingStart(..) if at_key => {
                    return fail(self, "keys must be plain strings");
                }
                Event::Scalar(text, ..) if at_key => {
                    self.add_key(&text, location)?;
                    let gap_start = std::mem::replace(&mut self.gap_start, span.end.index());
                    self.last_key = Some(KeySpan {
                        gap_start,
                        start: span.start.index(),
                        end: span.end.index(),
                        end_line: span.end.line(),
                        mark: location,
                    });
                    return Ok((Item::Key(text), location));
                }
                Event::Scalar(text, style, ..) => {
                    self.end_value();
                    let plain = style == ScalarStyle::Plain;
                    // A value left out spans indicators, such as the next key's `?`.
                    if !(plain && text.is_empty()) {
                        self.gap_start = span.end.index();
                    }
                    return Ok((Item::Scalar { text, plain }, location));
                }
                Event::SequenceStart(..) => {
                    self.open(Frame::Sequence(location, 0))?;
                    return Ok((Item::SequenceStart, location));
                }
                Event::MappingStart(..) => {
                    let frame =
                        Frame::Mapping(location, self.keys.len(), MappingState::AwaitingKey);
                    self.open(frame)?;
                    return Ok((Item::MappingStart, location));
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let start = match self.frames.pop() {
                        Some(Frame::Sequence(start, _)) => start,
                        Some(Frame::Mapping(start, first_key, _)) => {
                            self.forget_keys_from(first_key);
                            start
                        }
                        None => location,
                    };
                    self.end_value();
                    return Ok((Item::End, start));
                }
                _ => {}
            }
        }
    }

    /// The parser is done: the document is over, unless it ends in a block scalar that the
    /// parser misreads.
    fn end_of_stream(&mut self) -> Result<(Item<'a>, Mark), Diagnostic> {
        self.done = true;
        if let Some(location) = self.last_block_scalar.take()
            && let Some(message) = strict::refuse_ending(self.text)
        {
            return Err(self.diagnostic(location, false, message));
        }
        Ok((Item::Done, self.last))
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame::Mapping(_, _, MappingState::AwaitingKey))
        )
    }

    /// A key's value begins on a later line than the key: its `:` must still be on the
    /// key's line. YAML 1.2 lets a flow mapping's `:` follow on a later line
    /// (`{ cpu\n  : 5 }`); YAML 1.1 readers (libyaml, PyYAML) refuse it. An explicit key
    /// (`? key`) is the exception both allow.
    fn check_key_colon(&mut self, value: &Span) -> Result<(), Diagnostic> {
        let Some(key) = self.last_key.take() else {
            return Ok(());
        };
        if value.start.line() <= key.end_line {
            return Ok(());
        }
        // Most such keys are a block's (`metadata:` before its mapping): `:` follows.
        let text = self.text;
        let after_key = &text[self.offsets.byte(key.end)..];
        if strict::colon_follows(after_key) {
            return Ok(());
        }
        let before_key = &text[self.offsets.byte(key.gap_start)..self.offsets.byte(key.start)];
        match strict::refuse_colon_on_a_later_line(after_key, before_key) {
            Some(message) => Err(self.diagnostic(key.mark, false, message)),
            None => Ok(()),
        }
    }

    /// A value begins: it is the document's top value, or a list's next item.
    fn begin_value(&mut self) {
        self.begun = true;
        if let Some(Frame::Sequence(_, count)) = self.frames.last_mut() {
            *count += 1;
        }
    }

    /// A value is complete: its mapping, if any, waits for the next key.
    fn end_value(&mut self) {
        if let Some(Frame::Mapping(_, _, state)) = self.frames.last_mut() {
            *state = MappingState::AwaitingKey;
        }
    }

    fn add_key(&mut self, key: &str, location: Mark) -> Result<(), Diagnostic> {
        let Some(&Frame::Mapping(_, first_key, _)) = self.frames.last() else {
            return Ok(());
        };
        let earlier = self.keys[first_key..]
            .iter()
            .find(|k| &self.key_text[k.text.clone()] == key);
        if let Some(first) = earlier {
            let message = format!(
                "duplicate key `{key}` (first written at line {}); expected each key once",
                first.line
            );
            let mut diagnostic = self.diagnostic(location, true, message);
            diagnostic.path = join(&diagnostic.path, key);
            return Err(diagnostic);
        }
        let start = self.key_text.len();
        self.key_text.push_str(key);
        self.keys.push(Key {
            text: start..self.key_text.len(),
            line: location.line,
        });
        if let Some(Frame::Mapping(_, _, state)) = self.frames.last_mut() {
            *state = MappingState::AwaitingValue;
        }
        Ok(())
    }

    /// Drops the keys of a closed mapping, the last ones on the stack.
    fn forget_keys_from(&mut self, first_key: usize) {
        if let Some(key) = self.keys.get(first_key) {
            self.key_text.truncate(key.text.start);
        }
        self.keys.truncate(first_key);
    }

    fn open(&mut self, frame: Frame) -> Result<(), Diagnostic> {
        if self.frames.len() >= MAX_DEPTH {
            let location = match &frame {
                Frame::Sequence(mark, _) | Frame::Mapping(mark, ..) => *mark,
            };
            let message =
                format!("nesting deeper than {MAX_DEPTH} levels; profiles are a few levels deep");
            return Err(self.diagnostic(location, false, message));
        }
        self.frames.push(frame);
        Ok(())
    }

    fn diagnostic(&self, mark: Mark, next: bool, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: self.locate(mark),
            path: self.path_at(next),
            message: message.into(),
        }
    }

    /// The field path of the last item, or with `next` of the item that would come next
    /// (the innermost mapping's next key, or its list's next index), for a problem found
    /// before an item began.
    fn path_at(&self, next: bool) -> String {
        let mut path = String::new();
        let innermost = self.frames.len().saturating_sub(1);
        for (depth, frame) in self.frames.iter().enumerate() {
            let next = next && depth == innermost;
            match frame {
                Frame::Sequence(_, count) => {
                    let index = if next {
                        Some(*count)
                    } else {
                        count.checked_sub(1)
                    };
                    if let Some(index) = index {
                        path.push_str(&format!("[{index}]"));
                    }
                }
                Frame::Mapping(_, _, MappingState::AwaitingKey) if next => {}
                Frame::Mapping(_, first_key, _) => {
                    // This mapping's keys end where the next open mapping's begin.
                    let end = self.frames[depth + 1..]
                        .iter()
                        .find_map(|f| match f {
                            Frame::Mapping(_, first, _) => Some(*first),
                            Frame::Sequence(..) => None,
                        })
                        .unwrap_or(self.keys.len());
                    if end > *first_key {
                        path = join(&path, &self.key_text[self.keys[end - 1].text.clone()]);
                    }
                }
            }
        }
        path
    }
}

/// Where a key was: its character indexes, its last line, and where it starts.
struct KeySpan {
    /// Where the last scalar written out before the key ended. Between two scalars there
    /// are only indicators (an explicit key's `?` among them), white space and comments;
    /// the spans of the other events may cover some of those indicators.
    gap_start: usize,
    start: usize,
    end: usize,
    end_line: usize,
    mark: Mark,
}

/// Byte offsets of the parser's character indexes. A cursor stays where the last lookup
/// was, and lookups come in document order but for a key's own few (its end, then its
/// start and what came before it): each walks only the distance from the last.
struct Offsets<'a> {
    text: &'a str,
    /// Whether the text is ASCII (so an index is its offset), once a lookup asks.
    ascii: Option<bool>,
    /// A character index and its byte offset.
    cursor: (usize, usize),
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            ascii: None,
            cursor: (0, 0),
        }
    }

    /// The byte offset of the character at `index` (the text's length past its end).
    fn byte(&mut self, index: usize) -> usize {
        if *self.ascii.get_or_insert_with(|| self.text.is_ascii()) {
            return index.min(self.text.len());
        }
        let (chars, bytes) = self.cursor;
        let found = if index >= chars {
            self.text[bytes..]
                .char_indices()
                .nth(index - chars)
                .map(|(offset, _)| bytes + offset)
        } else {
            self.text[..bytes]
                .char_indices()
                .rev()
                .nth(chars - index - 1)
                .map(|(offset, _)| offset)
        };
        match found {
            Some(offset) => {
                self.cursor = (index, offset);
                offset
            }
            None => self.text.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Offsets;

    #[test]
    fn offsets_are_the_characters_byte_offsets_in_any_order() {
        let text = "a: é\n? thé\n: 日本\n";
        let expected: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        let mut offsets = Offsets::new(text);
        for index in [3, 9, 5, 0, 12, 12, 1, 7, 2, 11] {
            assert_eq!(offsets.byte(index), expected[index], "character {index}");
        }
        assert_eq!(offsets.byte(99), text.len());
        assert_eq!(offsets.byte(4), expected[4], "after a lookup past the end");
    }
}

/// A place in the text as the parser counts it: line from 1, column from 0. Kept as two
/// numbers until a message needs a [`Location`], which holds the file's name.
#[derive(Clone, Copy)]
struct Mark {
    line: usize,
    column: usize,
}

impl Mark {
    fn new(line: usize, column: usize) -> Self {
        Mark { line, column }
    }
}

impl Events<'_> {
    fn locate(&self, mark: Mark) -> Location {
        Location {
            file: self.file.clone(),
            line: mark.line.max(1),
            column: mark.column + 1,
        }
    }
}
