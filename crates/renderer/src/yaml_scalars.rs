//! YAML scalars that YAML 1.1 readers (kubectl, PyYAML) and YAML 1.2 readers read back as
//! the same string.
//!
//! One conservative rule, cheaper than a general serializer's per-string analysis (see
//! docs/benchmarks.md). A string is written plain only when it cannot be read as anything
//! else: it starts with a letter, `/` or `-` and a letter, holds only letters, digits,
//! `-_./:@` and, after the start, `,=();'+` and single spaces (never `: `, `#`, a trailing
//! `:` or space) and is not a YAML 1.1 keyword such as
//! `on` or `null`; a string that starts with a digit stays plain only if it holds a letter
//! that no number, date or time can hold (`500m`, `2Gi`, `30s`). Multi-line text becomes a
//! literal block; everything else is double-quoted, every non-printable character escaped.

pub(crate) fn push_indent(out: &mut String, indent: usize) {
    // Copied in one piece rather than pushed one space at a time.
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}

pub(crate) fn write_key(out: &mut String, key: &str) {
    if is_plain_safe(key) {
        out.push_str(key);
    } else {
        write_double_quoted(out, key);
    }
}

/// `indent` is where a literal block's lines start.
pub(crate) fn write_string(out: &mut String, s: &str, indent: usize) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else if is_literal_block_safe(s) {
        write_literal_block(out, s, indent);
    } else {
        write_double_quoted(out, s);
    }
}

/// Words that YAML 1.1 reads as booleans or null, in any letter case.
const KEYWORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// Where a byte may stand in a plain scalar; a table, as every key and value is checked.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Never,
    Anywhere,
    /// Not first: there it would be an indicator.
    NotFirst,
    /// Neither first nor last.
    Inside,
    /// Not before a space (`: ` starts a mapping value) and not last (a key's `:`).
    Colon,
}

const PLACES: [Place; 256] = {
    let mut table = [Place::Never; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' | b'@' => {
                Place::Anywhere
            }
            b',' | b'=' | b'(' | b')' | b';' | b'\'' | b'+' => Place::NotFirst,
            b' ' => Place::Inside,
            b':' => Place::Colon,
            _ => Place::Never,
        };
        b += 1;
    }
    table
};

fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let last = bytes.len() - 1;
    let allowed = |(i, &b): (usize, &u8)| match PLACES[usize::from(b)] {
        Place::Anywhere => true,
        Place::NotFirst => i > 0,
        Place::Inside => i > 0 && i < last,
        Place::Colon => i < last && bytes[i + 1] != b' ',
        Place::Never => false,
    };
    if !bytes.iter().enumerate().all(allowed) {
        return false;
    }
    if s.len() <= 5 && KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(s)) {
        return false;
    }
    match first {
        b'a'..=b'z' | b'A'..=b'Z' | b'/' => true,
        // Command-line flags such as `-c`: a `-` starts a list item only before a space.
        b'-' => bytes.get(1).is_some_and(u8::is_ascii_alphabetic),
        // Numbers (0x1F, 1e3, 1_000, 0o17, 0b101), times (12:30) and dates
        // (2001-12-14t21:59:43z) use only these letters; any other letter makes a string.
        b'0'..=b'9' => bytes
            .iter()
            .any(|b| b.is_ascii_alphabetic() && !b"xXoObBeEtTzZabcdefABCDEF".contains(b)),
        _ => false,
    }
}

/// Literal blocks (`|`) keep every character of the lines as written: they suit text of
/// printable characters whose first line does not start with a space (which would need an
/// indentation indicator) and which ends in at most one newline.
fn is_literal_block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.chars()
            .all(|c| c == '\n' || (is_printable(c) && c != '\t'))
        && !s.lines().any(|line| line.ends_with(' '))
}

fn write_literal_block(out: &mut String, s: &str, indent: usize) {
    out.push_str(if s.ends_with('\n') { "|" } else { "|-" });
    for line in s.lines() {
        out.push('\n');
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
    }
}

/// YAML 1.1's printable characters, less those that YAML 1.1 reads as line breaks (NEL,
/// LS, PS) and the byte order mark.
pub(crate) fn is_printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    // Runs of characters that need no escape are copied whole, not a character at a time.
    let mut run = 0;
    for (at, c) in s.char_indices() {
        let escaped = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\t' => Some("\\t"),
            c if is_printable(c) => continue,
            _ => None,
        };
        out.push_str(&s[run..at]);
        match escaped {
            Some(escaped) => out.push_str(escaped),
            None => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
        run = at + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Strings that other writers have got wrong: none may be written plain.
#[cfg(test)]
pub(crate) const LOOK_ALIKES: &[&str] = &[
    "on",
    "yes",
    "no",
    "y",
    "~",
    "null",
    "12:30",
    "1_000",
    "0755",
    "2024-01-01",
    "1e3",
    "a #b",
    "a: b",
    "a:",
    "# c",
    "{{ x }}",
    "'q'",
    "\"q\"",
    "-",
    "- a",
    "*a",
    "&a",
    "!t",
    "|",
    ">",
    "%x",
    "@x",
    "`x`",
    "a\nb",
    " lead",
    "trail ",
    "",
    "a\n\n",
    "\u{85}",
    "a\r\nb",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_of_any_depth() {
        for indent in [0, 1, 63, 64, 65, 200] {
            let mut out = String::from("x");
            push_indent(&mut out, indent);
            assert_eq!(out, format!("x{}", " ".repeat(indent)));
        }
    }

    fn written(s: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, s, 2);
        out
    }

    #[test]
    fn plain_only_where_nothing_else_can_be_read() {
        for plain in [
            "axisor",
            "app.kubernetes.io/name",
            "500m",
            "2Gi",
            "30s",
            "/healthz",
            "ghcr.io/axisor/backend:2.4.1",
            "http://backend:8080",
            "Container",
        ] {
            assert_eq!(written(plain), plain);
        }
        let extra = [
            "On",
            "YES",
            "n",
            "0x1F",
            "2",
            "1.5",
            ".inf",
            "-1",
            "-.inf",
            "{a}",
            "[a]",
            ",b",
            "a  #b",
            "a:  b",
            "2001-12-14t21:59:43z",
        ];
        for quoted in LOOK_ALIKES
            .iter()
            .chain(&extra)
            .filter(|s| !s.contains('\n'))
        {
            assert!(
                written(quoted).starts_with('"'),
                "{quoted:?} -> {}",
                written(quoted)
            );
        }
    }

    #[test]
    fn non_printable_characters_are_escaped() {
        assert_eq!(
            written("a\u{7}\u{85}\u{2028}\"\\\t"),
            r#""a\u0007\u0085\u2028\"\\\t""#
        );
    }

    #[test]
    fn multi_line_text_is_a_literal_block_unless_it_cannot_be() {
        assert_eq!(written(" a\nb\n"), "\" a\\nb\\n\"");
        assert_eq!(written("a\n  b\n"), "|\n  a\n    b");
        assert_eq!(written("set -e\necho x\n"), "|\n  set -e\n  echo x");
        assert_eq!(written("one\n\ntwo"), "|-\n  one\n\n  two");
        assert!(written("a\n\n").starts_with('"'));
        assert!(written("a \nb").starts_with('"'));
    }
}
