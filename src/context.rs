//! What the whole text is like: which scripts it is written in, where its right-to-left lines
//! are, how it writes apostrophes and number separators.
//!
//! The same character is innocent in one text and a mark in another (a ZWNJ in Persian, a
//! U+2019 in a text typeset with curly quotes), so rules judge against these counts. They are
//! gathered in one pass and hold counts and positions, never the text.

use std::cell::OnceCell;

use crate::catalogue::{self, props, Script};
use crate::report::Kind;
use crate::text;

/// Most positions kept for document-wide patterns; counts go on past it.
const MAX_POSITIONS: usize = 1 << 16;
/// Most catalogued characters judged one by one; hostile input beyond it is still counted by
/// the decoders and the runs already judged.
const MAX_CANDIDATES: usize = 1 << 24;

/// Letters of a script that make a text written in it, whatever its ASCII, when they are most
/// of its letters outside ASCII: a sentence or two, not a word quoted in English.
pub const SENTENCE: usize = 32;

/// Document-wide facts the rules judge against. What only some rules need (the ASCII letters,
/// apostrophes and separators) is counted the first time a rule asks, so plain ASCII text with
/// nothing suspicious costs one pass over its non-ASCII bytes.
#[derive(Debug, Default)]
pub struct Doc<'t> {
    text: &'t str,
    /// Latin letters outside ASCII.
    latin_wide: usize,
    ascii_letters: OnceCell<usize>,
    /// Cyrillic and Greek letters.
    pub cyrillic_greek: usize,
    /// Thai, Lao, Khmer, Myanmar, Han, Kana and Hangul letters.
    pub spaceless_cjk: usize,
    /// Han, Kana and Hangul letters.
    pub cjk: usize,
    /// Letters of scripts that use joiners (Arabic and its kin, Hebrew, Brahmic scripts).
    joining: usize,
    /// Letters outside ASCII.
    letters: usize,
    /// Braille patterns other than the blank (U+2801..U+28FF): a text that writes braille.
    braille: usize,
    /// Byte ranges of lines that hold a right-to-left letter, sorted.
    pub rtl_lines: Vec<(usize, usize)>,
    /// Word-internal apostrophes outside ASCII (between two letters): position and character.
    wide_apostrophes: Vec<(usize, char)>,
    apostrophes: OnceCell<Vec<(usize, char)>>,
    digit_separators: OnceCell<[usize; 4]>,
    gettext: OnceCell<bool>,
    /// Every catalogued (non-ASCII) character: position, character, kind. The rules read these
    /// instead of the text.
    pub candidates: Vec<(usize, char, Kind)>,
}

/// The braille patterns that make a text one that writes braille.
const BRAILLE_TEXT: usize = 16;

/// The ASCII separators the separator rule compares against, in `ascii_digit_separators` order.
pub const DIGIT_SEPARATORS: [char; 4] = ['-', '/', '.', ':'];

/// Whether the character `c` at byte `at` stands between two letters, as a reader sees it:
/// invisible characters beside it do not count, so that `clean` removing them changes nothing.
fn between_letters(text: &str, at: usize, c: char) -> bool {
    let letter = |x: Option<char>| x.is_some_and(|x| props(x).is_letter());
    letter(text::visible_before(text, at)) && letter(text::visible_after(text, at + c.len_utf8()))
}

/// Merges ASCII apostrophe positions with the (sorted) non-ASCII ones, in text order.
fn merge_sorted(
    ascii: impl Iterator<Item = usize>,
    wide: impl Iterator<Item = (usize, char)>,
) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    let mut wide = wide.peekable();
    for i in ascii {
        while let Some(&w) = wide.peek().filter(|w| w.0 < i) {
            out.push(w);
            wide.next();
        }
        out.push((i, '\''));
    }
    out.extend(wide);
    out
}

/// Whether `c` is written as an apostrophe: U+0027 or a look-alike of it.
/// Grave and acute accents are left out: between letters they are code quotes (`name`x) or
/// diacritics typed on their own, not apostrophes.
pub fn is_apostrophe_like(c: char) -> bool {
    c == '\'' || (catalogue::imitates_apostrophe(c) && !matches!(c, '`' | '\u{00B4}'))
}

impl<'t> Doc<'t> {
    /// Gathers the facts about `text`: ASCII is skipped and CJK unified ideographs counted with
    /// byte scans ([`text::each_notable`]); only the other non-ASCII characters are decoded and
    /// looked up.
    pub fn measure(text: &'t str) -> Doc<'t> {
        let mut doc = Doc {
            text,
            ..Doc::default()
        };
        let mut rtl_until = 0;
        // Letters are counted by script in runs (text in one script stays in a register).
        let mut letters_by_script = [0usize; catalogue::SCRIPT_SLOTS];
        let (mut run_slot, mut run) = (0, 0);
        let ideographs = text::each_notable(text, |i, c| {
            let (kind, p) = catalogue::kind_and_props(c);
            if ('\u{2801}'..='\u{28FF}').contains(&c) {
                doc.braille += 1;
            }
            if p.is_letter() {
                if p.script_slot() != run_slot {
                    letters_by_script[run_slot] += run;
                    (run_slot, run) = (p.script_slot(), 0);
                }
                run += 1;
                if p.is_rtl() && i >= rtl_until {
                    let (start, end) = text::line_around(text, i);
                    doc.rtl_line(start, end);
                    rtl_until = end;
                }
            }
            if let Some(kind) = kind {
                if doc.candidates.len() < MAX_CANDIDATES {
                    doc.candidates.push((i, c, kind));
                }
                if kind == Kind::HomoglyphQuote
                    && is_apostrophe_like(c)
                    && between_letters(text, i, c)
                    && doc.wide_apostrophes.len() < MAX_POSITIONS
                {
                    doc.wide_apostrophes.push((i, c));
                }
            }
        });
        letters_by_script[run_slot] += run;
        letters_by_script[catalogue::props('\u{4E00}').script_slot()] += ideographs;
        doc.count_letters(&letters_by_script);
        doc
    }

    /// Adds up the letters outside ASCII counted by [`catalogue::Props::script_slot`].
    fn count_letters(&mut self, by_slot: &[usize; catalogue::SCRIPT_SLOTS]) {
        for (slot, &n) in by_slot.iter().enumerate() {
            let script = catalogue::Props::of_slot(slot).script();
            self.letters += n;
            match script {
                Script::Latin => self.latin_wide += n,
                Script::Cyrillic | Script::Greek => self.cyrillic_greek += n,
                Script::Arabic | Script::Hebrew | Script::Brahmic => self.joining += n,
                Script::Spaceless => self.spaceless_cjk += n,
                Script::Han | Script::Kana | Script::Hangul => {
                    self.spaceless_cjk += n;
                    self.cjk += n;
                }
                _ => {}
            }
        }
    }

    /// All letters, ASCII ones counted on first use.
    fn all_letters(&self) -> usize {
        self.letters + self.ascii_letters()
    }

    fn ascii_letters(&self) -> usize {
        *self
            .ascii_letters
            .get_or_init(|| text::count_ascii_letters(self.text.as_bytes()))
    }

    /// Latin letters, ASCII included.
    pub fn latin(&self) -> usize {
        self.latin_wide + self.ascii_letters()
    }

    /// Word-internal apostrophes (between two letters) in text order: position and character.
    /// Empty when no apostrophe outside ASCII stands in a word: then there is no mix to judge.
    pub fn apostrophes(&self) -> &[(usize, char)] {
        self.apostrophes.get_or_init(|| {
            if self.wide_apostrophes.is_empty() {
                return Vec::new();
            }
            let ascii = memchr::memchr_iter(b'\'', self.text.as_bytes())
                .filter(|&i| between_letters(self.text, i, '\''));
            let mut all = merge_sorted(ascii, self.wide_apostrophes.iter().copied());
            all.truncate(MAX_POSITIONS);
            all
        })
    }

    /// ASCII separators between digits (`2026-07-03`, `10:30`, `1.2`): how many of each, in
    /// [`DIGIT_SEPARATORS`] order.
    pub fn digit_separators(&self) -> [usize; 4] {
        *self.digit_separators.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
            let mut counts = [0; 4];
            let separators = memchr::memchr3_iter(b'-', b'/', b':', bytes)
                .chain(memchr::memchr_iter(b'.', bytes));
            for i in separators {
                let after_word = i >= 2 && bytes[i - 2].is_ascii_alphabetic();
                if i > 0 && digit(i - 1) && digit(i + 1) && !after_word {
                    if let Some(k) = DIGIT_SEPARATORS.iter().position(|&s| s as u8 == bytes[i]) {
                        counts[k] += 1;
                    }
                }
            }
            counts
        })
    }

    fn rtl_line(&mut self, start: usize, end: usize) {
        match self.rtl_lines.last_mut() {
            Some(last) if last.1 + 1 >= start => last.1 = end,
            _ => self.rtl_lines.push((start, end)),
        }
    }

    /// The text has right-to-left lines.
    pub fn has_rtl(&self) -> bool {
        !self.rtl_lines.is_empty()
    }

    /// The line holding byte `at` has a right-to-left letter.
    pub fn rtl_at(&self, at: usize) -> bool {
        let i = self.rtl_lines.partition_point(|&(_, end)| end < at);
        self.rtl_lines.get(i).is_some_and(|&(start, _)| start <= at)
    }

    /// Written mostly in scripts without spaces between words, or CJK.
    pub fn mostly_spaceless(&self) -> bool {
        self.spaceless_cjk * 2 > self.all_letters()
    }

    /// Written, at least a fifth, in a script that separates words with U+200B (Thai, Lao,
    /// Khmer, Myanmar): a catalogue of such a language, its English keys aside.
    pub fn writes_without_spaces(&self) -> bool {
        let spaceless = self.spaceless_cjk - self.cjk;
        spaceless > 0 && spaceless * 5 >= self.all_letters()
    }

    /// Whether the text writes braille (at least [`BRAILLE_TEXT`] patterns besides the blank): a
    /// braille code's table or a braille transcription, where U+2800 is its blank cell.
    pub fn writes_braille(&self) -> bool {
        self.braille >= BRAILLE_TEXT
    }

    /// Written, at least a fifth, in a script that uses joiners.
    pub fn uses_joiners(&self) -> bool {
        self.joining * 5 >= self.all_letters() && self.joining > 0
    }

    /// Written mostly in Cyrillic or Greek.
    pub fn mostly_cyrillic_greek(&self) -> bool {
        self.cyrillic_greek > self.latin()
    }

    /// Written in Cyrillic or Greek beside its ASCII (a Russian catalogue with its English
    /// sources, a Greek locale file with its keys): a sentence or two of those letters at least,
    /// and most of the letters outside ASCII.
    pub fn cyrillic_greek_beside_ascii(&self) -> bool {
        self.cyrillic_greek >= SENTENCE && self.cyrillic_greek * 2 > self.letters
    }

    /// A gettext catalogue (a `.po` file): entries whose lines start `msgid "`.
    pub fn is_gettext(&self) -> bool {
        *self.gettext.get_or_init(|| {
            self.text.starts_with("msgid \"")
                || memchr::memmem::find(self.text.as_bytes(), b"\nmsgid \"").is_some()
        })
    }

    /// Whether byte `at` stands in what a gettext catalogue says about its translation, not in
    /// it: a comment by a translator or the source's programmer (`# `, `#.` lines) or a header
    /// field naming the translators (`"Last-Translator: `, `"Language-Team: `). No program reads
    /// these lines and no user sees them. References (`#:`), flags (`#,`) and previous sources
    /// (`#|`) are not among them.
    pub fn in_translator_notes(&self, at: usize) -> bool {
        let (start, end) = text::line_around(self.text, at);
        let line = &self.text.as_bytes()[start..end];
        let note = matches!(line, [b'#'] | [b'#', b' ' | b'\t' | b'.', ..])
            || line.starts_with(b"\"Last-Translator: ")
            || line.starts_with(b"\"Language-Team: ");
        note && self.is_gettext()
    }

    /// How many word-internal apostrophes are `c`.
    pub fn apostrophes_of(&self, c: char) -> usize {
        self.apostrophes().iter().filter(|&&(_, a)| a == c).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_rtl_lines() {
        let doc = Doc::measure("hello\nשלום world\nbye");
        assert!(doc.has_rtl());
        assert!(doc.rtl_at(8));
        assert!(!doc.rtl_at(2));
        assert!(!doc.rtl_at(25));
        assert!(!doc.mostly_spaceless());
        assert!(Doc::measure("ភាសាខ្មែរ").mostly_spaceless());
        let catalogue = "msgid \"Print preview of the document\"\nmsgstr \"មើល\u{200B}ឯកសារ\u{200B}មុន\u{200B}បោះពុម្ព\"";
        assert!(Doc::measure(catalogue).writes_without_spaces());
        assert!(!Doc::measure("会议 meeting notes").writes_without_spaces());
        assert!(Doc::measure("Привет, мир").mostly_cyrillic_greek());
    }

    #[test]
    fn translator_notes_of_gettext_catalogues() {
        let po = concat!(
            "# Jo <jo@example.org>, 2019.\n#\nmsgid \"\"\nmsgstr \"\"\n",
            "\"Last-Translator: Jo <jo@example.org>, 2019\\n\"\n\n",
            "#: admin.py:12\nmsgid \"Today\"\nmsgstr \"Hari ini\"\n",
        );
        let doc = Doc::measure(po);
        assert!(doc.is_gettext());
        assert!(doc.in_translator_notes(3));
        assert!(doc.in_translator_notes(po.find("\n#\n").unwrap() + 1));
        assert!(doc.in_translator_notes(po.rfind("Jo").unwrap()));
        assert!(!doc.in_translator_notes(po.find("admin").unwrap()));
        assert!(!doc.in_translator_notes(po.find("Hari").unwrap()));
        // The same comment outside a catalogue: a line of a shell or Python script.
        assert!(!Doc::measure("# Jo <jo@example.org>\nx = 1\n").in_translator_notes(3));
    }

    #[test]
    fn apostrophes_and_separators() {
        let doc = Doc::measure("don't can’t won’t 'quoted' 2026-07-03 10:30 x-1");
        assert_eq!(doc.apostrophes().len(), 3);
        assert_eq!(doc.apostrophes_of('’'), 2);
        assert_eq!(doc.digit_separators(), [2, 0, 0, 1]);
        assert!(Doc::measure("don't can't").apostrophes().is_empty());
    }

    /// A catalogue written in Cyrillic beside its English sources.
    #[test]
    fn written_beside_ascii() {
        // GTK 3.24, po-properties/be.po (LGPL-2.1+), English source made up.
        let entry = "msgid \"Pixbuf opened\"\nmsgstr \"Рixbuf адкрытага пашыральніка\"\n";
        assert!(Doc::measure(&entry.repeat(2)).cyrillic_greek_beside_ascii());
        assert!(!Doc::measure(entry).cyrillic_greek_beside_ascii());
    }
}
