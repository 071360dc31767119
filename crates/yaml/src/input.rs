//! saphyr-parser's `&str` input with a smaller look-ahead window.
//!
//! The plain-scalar scanner reserves the input's `bufmaxlen()` characters in each scalar's
//! string after its first character. `StrInput` says 128, so every key and plain value
//! (scalars start at 32 bytes) is reallocated once: about 8% of a render's instructions.
//! saphyr's own `BufferedInput` says 16, and the scanner is written for both; with 16 a
//! scalar of up to 32 bytes fits the string it starts with. Every other method is
//! `StrInput`'s own, so what is read is exactly what `StrInput` reads.

use saphyr_parser::StrInput;
use saphyr_parser::input::{Input, SkipTabs};

/// The look-ahead window saphyr's `BufferedInput` uses.
const WINDOW: usize = 16;

#[derive(Clone, Copy)]
pub(crate) struct TextInput<'a>(StrInput<'a>);

impl<'a> TextInput<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        TextInput(StrInput::new(text))
    }
}

impl Input for TextInput<'_> {
    #[inline]
    fn bufmaxlen(&self) -> usize {
        WINDOW
    }

    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.0.lookahead(count);
    }
    #[inline]
    fn buflen(&self) -> usize {
        self.0.buflen()
    }
    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.0.buf_is_empty()
    }
    #[inline]
    fn raw_read_ch(&mut self) -> char {
        self.0.raw_read_ch()
    }
    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        self.0.raw_read_non_breakz_ch()
    }
    #[inline]
    fn skip(&mut self) {
        self.0.skip();
    }
    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.0.skip_n(count);
    }
    #[inline]
    fn peek(&self) -> char {
        self.0.peek()
    }
    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        self.0.peek_nth(n)
    }
    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.0.peek_opt()
    }
    #[inline]
    fn look_ch(&mut self) -> char {
        self.0.look_ch()
    }
    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.0.next_char_is(c)
    }
    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.0.nth_char_is(n, c)
    }
    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        self.0.next_2_are(c1, c2)
    }
    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        self.0.next_3_are(c1, c2, c3)
    }
    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        self.0.next_is_document_indicator()
    }
    #[inline]
    fn next_is_document_start(&self) -> bool {
        self.0.next_is_document_start()
    }
    #[inline]
    fn next_is_document_end(&self) -> bool {
        self.0.next_is_document_end()
    }
    #[inline]
    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        self.0.skip_ws_to_eol(skip_tabs)
    }
    #[inline]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        self.0.next_can_be_plain_scalar(in_flow)
    }
    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        self.0.next_is_blank_or_break()
    }
    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        self.0.next_is_blank_or_breakz()
    }
    #[inline]
    fn next_is_blank(&self) -> bool {
        self.0.next_is_blank()
    }
    #[inline]
    fn next_is_break(&self) -> bool {
        self.0.next_is_break()
    }
    #[inline]
    fn next_is_breakz(&self) -> bool {
        self.0.next_is_breakz()
    }
    #[inline]
    fn next_is_z(&self) -> bool {
        self.0.next_is_z()
    }
    #[inline]
    fn next_is_flow(&self) -> bool {
        self.0.next_is_flow()
    }
    #[inline]
    fn next_is_digit(&self) -> bool {
        self.0.next_is_digit()
    }
    #[inline]
    fn next_is_alpha(&self) -> bool {
        self.0.next_is_alpha()
    }
    #[inline]
    fn skip_while_non_breakz(&mut self) -> usize {
        self.0.skip_while_non_breakz()
    }
    #[inline]
    fn skip_while_blank(&mut self) -> usize {
        self.0.skip_while_blank()
    }
    #[inline]
    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_alpha(out)
    }
    #[inline]
    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_yaml_non_space(out)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use saphyr_parser::{Input, Parser};

    use super::TextInput;

    /// Every event and span up to the first error, and that error and its place, as text.
    /// (After an error the parser would repeat it for ever.)
    fn events<T: Input>(parser: Parser<'_, T>) -> Vec<String> {
        let mut events = Vec::new();
        for next in parser {
            match next {
                Ok((event, span)) => events.push(format!("{event:?} {span:?}")),
                Err(error) => {
                    events.push(format!("error {error:?}"));
                    break;
                }
            }
        }
        events
    }

    fn assert_reads_alike(text: &str) {
        assert_eq!(
            events(Parser::new(TextInput::new(text))),
            events(Parser::new_from_str(text)),
            "TextInput and StrInput disagree on {text:?}"
        );
    }

    /// Texts around the window: plain scalars of one word and of several, on one line and
    /// on several; quoted ones; block scalars indented less and more than the window.
    fn window_edges() -> Vec<String> {
        let mut texts = Vec::new();
        for length in [1, 15, 16, 17, 31, 32, 33, 127, 128, 129, 300] {
            let word = "x".repeat(length);
            texts.push(format!("key: {word}\n"));
            texts.push(format!("{word}: value\n"));
            texts.push(format!("key: {word} {word} {word}\n"));
            texts.push(format!("key: {word}\n  {word}\n\n  {word}\n"));
            texts.push(format!("- [{word}, {word}]\n- {{{word}: {word}}}\n"));
            texts.push(format!("key: \"{word} {word}\"\nother: '{word}'\n"));
        }
        for indent in [1, 2, 13, 14, 15, 16, 17, 40] {
            let pad = " ".repeat(indent);
            texts.push(format!(
                "key: |\n{pad}line\n\n{pad}  more\n{pad}end\nnext: 1\n"
            ));
            texts.push(format!("key: >-\n{pad}folded\n{pad}text\n"));
            texts.push(format!("key: |2\n{pad}  explicit\n"));
        }
        texts
    }

    #[test]
    fn reads_what_str_input_reads_at_the_window_edges() {
        for text in window_edges() {
            assert_reads_alike(&text);
        }
    }

    /// The reader's own cases and the fuzzer's corpus: valid and invalid YAML of every shape.
    #[test]
    fn reads_what_str_input_reads_for_every_case_and_corpus_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let folders = [
            root.join("tests/cases/yaml"),
            root.join("../../fuzz/corpus/load_and_render"),
            root.join("../../fuzz/corpus/yaml_differential"),
        ];
        let mut read = 0;
        for folder in folders {
            for entry in std::fs::read_dir(&folder).expect("the folder is in the repository") {
                let bytes = std::fs::read(entry.expect("a listed file").path()).expect("readable");
                if let Ok(text) = std::str::from_utf8(&bytes) {
                    assert_reads_alike(text);
                    read += 1;
                }
            }
        }
        assert!(read > 500, "only {read} files were read");
    }
}
