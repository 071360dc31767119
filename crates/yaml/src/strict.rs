//! What the reader refuses beyond saphyr-parser: text YAML does not allow that the parser
//! lets through, text it misreads, and text that YAML 1.2 and YAML 1.1 readers (libyaml,
//! kubectl's) read to different values. Each rule was found by
//! fuzz/fuzz_targets/yaml_differential.rs and has a case in tests/cases/yaml/.

use saphyr_parser::{ScalarStyle, Span};

/// The first problem of the whole text, before parsing: its line (from 1), column (from
/// 0) and message.
pub(crate) fn refuse_text(text: &str) -> Option<(usize, usize, String)> {
    if let Some((line, column, c)) = first_unprintable(text) {
        let message = format!(
            "invalid YAML: the character U+{:04X} is not allowed: no control characters but tab and line breaks, and no U+0085, U+2028 or U+2029, which YAML 1.1 readers (kubectl's) take as line breaks and YAML 1.2 does not; escape it in a double-quoted string",
            u32::from(c)
        );
        return Some((line, column, message));
    }
    if !text.is_ascii()
        && let Some(index) = inner_byte_order_mark(text)
    {
        let (line, column) = line_and_column(text, index);
        let message = "invalid YAML: a byte order mark must not appear inside a document (U+FEFF is allowed only as the text's first character; YAML 1.1 readers take it as content)";
        return Some((line, column, message.to_owned()));
    }
    let line = directive_line(text)?;
    let message = "YAML directives (`%YAML`, `%TAG`, a line starting with `%`) are not supported; quote a value that starts with `%`";
    Some((line, 0, message.to_owned()))
}

/// The problem of one scalar (`is_key` when it is a mapping's key), if any.
pub(crate) fn refuse_scalar(
    text: &str,
    style: ScalarStyle,
    span: &Span,
    is_key: bool,
) -> Option<String> {
    let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
    let message = if is_key && span.start.line() != span.end.line() {
        // Implicit keys fit on one line (YAML 1.2.2, 7.4.2); the parser takes a plain key
        // inside a flow mapping over several lines.
        "a key must fit on one line".to_owned()
    } else if is_key && block {
        "a key cannot be a block scalar (`|`, `>`); write it on the key's line".to_owned()
    } else if is_key && text.is_empty() && style == ScalarStyle::Plain {
        // YAML 1.2 reads `: value` as a null key; YAML 1.1 readers refuse it.
        "a key is missing before `:`; write the key (quote it if it is empty)".to_owned()
    } else if block && span.start.col() == 0 && !span.is_empty() {
        // Only a document that is one block scalar can hold lines at column 0: YAML 1.2
        // reads them as its content, libyaml as its end (`>\n#x` is `"#x\n"` or `""`).
        "a block scalar's lines (after `|` or `>`) must be indented; YAML readers disagree on unindented ones".to_owned()
    } else if style == ScalarStyle::Plain && text.as_bytes().first().is_some_and(is_indicator) {
        let first = text.chars().next().unwrap_or_default();
        format!("invalid YAML: a plain value cannot start with `{first}`; quote it")
    } else {
        return None;
    };
    Some(message)
}

/// The problem of a key whose `:` comes after a line break, asked once [`colon_follows`]
/// has found none on the key's line: the next thing written after blank lines and
/// comments is `:`. A key without a value (`{ cpu\n  , memory }`) and an explicit key
/// (`? key`, its `?` in `before_key`: the text between the last scalar and the key) are
/// no problem.
pub(crate) fn refuse_colon_on_a_later_line(
    after_key: &str,
    before_key: &str,
) -> Option<&'static str> {
    if !skip_blanks_and_comments(after_key).starts_with(':')
        || has_explicit_key_indicator(before_key)
    {
        return None;
    }
    Some(
        "the `:` after a key must be on the key's line; YAML 1.1 readers refuse it on a later line",
    )
}

/// Whether the text after a key holds its `:` on the key's line (after blanks).
pub(crate) fn colon_follows(after_key: &str) -> bool {
    after_key.trim_start_matches([' ', '\t']).starts_with(':')
}

/// The text from its first character that is neither white space nor in a comment.
fn skip_blanks_and_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start_matches([' ', '\t', '\r', '\n']);
        match text.strip_prefix('#') {
            Some(comment) => text = comment.find(['\r', '\n']).map_or("", |at| &comment[at..]),
            None => return text,
        }
    }
}

/// Whether text that holds only indicators, white space and comments holds `?` as an
/// indicator (followed by white space or nothing).
fn has_explicit_key_indicator(mut gap: &str) -> bool {
    loop {
        gap = skip_blanks_and_comments(gap);
        let mut chars = gap.chars();
        match chars.next() {
            None => return false,
            Some('?') if chars.next().is_none_or(|c| c.is_whitespace()) => return true,
            Some(_) => gap = chars.as_str(),
        }
    }
}

/// The problem of a text whose last scalar is a block scalar: the parser misreads one
/// that runs to the end without a line break (`a: |\n x` gives `"x\n"`; YAML says `"x"`).
pub(crate) fn refuse_ending(text: &str) -> Option<&'static str> {
    (!text.ends_with(['\n', '\r'])).then_some(
        "a block scalar (`|`, `>`) at the end of a document must end with a line break; add one at the end of the file",
    )
}

/// Indicators that cannot start a plain scalar (YAML 1.2.2, 7.3.3: ns-plain-first; `-`
/// can, before a safe character). The parser takes `|` and `>` inside flow collections as
/// plain values. `?` and `:` can start one in YAML 1.2 but not in YAML 1.1: libyaml reads
/// `[?x]` as the mapping `{x: null}` and refuses `[:x]`.
const INDICATORS: &str = ",[]{}#&*!|>'\"%@`?:";

/// Whether `byte` is one of [`INDICATORS`]; asked of every plain scalar, so a table.
fn is_indicator(byte: &u8) -> bool {
    const TABLE: [bool; 256] = {
        let mut table = [false; 256];
        let indicators = INDICATORS.as_bytes();
        let mut i = 0;
        while i < indicators.len() {
            table[indicators[i] as usize] = true;
            i += 1;
        }
        table
    };
    TABLE[usize::from(*byte)]
}

/// YAML's printable characters (YAML 1.2.2, 5.1 "Character Set"): no control characters
/// but tab and line breaks, no U+FFFE or U+FFFF; the parser refuses NUL but lets the other
/// control characters through. Also refused: U+0085, U+2028 and U+2029, line breaks in
/// YAML 1.1 and ordinary characters in YAML 1.2, so that the two read a value differently.
fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The line (from 1) of the first line that starts with `%`, a directive. The parser
/// ignores directives it does not know, as YAML 1.2 allows, where libyaml refuses them;
/// documents here are plain data and need none.
fn directive_line(text: &str) -> Option<usize> {
    // A byte order mark may come first; the parser skips it.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let any = text.contains('%')
        && (text.starts_with('%') || text.contains("\n%") || text.contains("\r%"));
    if !any {
        return None;
    }
    // A CR LF pair counts once, as the parser counts it.
    text.replace("\r\n", "\n")
        .split(['\n', '\r'])
        .position(|line| line.starts_with('%'))
        .map(|index| index + 1)
}

/// The line (from 1), column (in characters, from 0) and character of the first character
/// YAML does not allow.
fn first_unprintable(text: &str) -> Option<(usize, usize, char)> {
    let ascii_printable = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~');
    // Block by block without stopping early, which the compiler turns into vector code.
    let all_ascii_printable = text
        .as_bytes()
        .chunks(64)
        .all(|block| block.iter().fold(true, |ok, b| ok & ascii_printable(b)));
    if all_ascii_printable {
        return None;
    }
    let (index, c) = text.char_indices().find(|(_, c)| !is_printable(*c))?;
    let (line, column) = line_and_column(text, index);
    Some((line, column, c))
}

/// Where a byte order mark stands after the text's first character, if anywhere: YAML
/// 1.2 leaves it out of content (5.2; `nb-char` excludes it), libyaml reads it as content.
fn inner_byte_order_mark(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let offset = text.len() - rest.len();
    rest.find('\u{FEFF}').map(|index| offset + index)
}

/// The line (from 1) and column (in characters, from 0) of byte `index`.
fn line_and_column(text: &str, index: usize) -> (usize, usize) {
    let before = &text[..index];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count();
    (line, column)
}
