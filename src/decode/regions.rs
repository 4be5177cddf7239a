//! Finding the places in a text where invisible characters can carry data.
//!
//! Two shapes carry payloads: *runs* (two or more invisible characters side by side, as every
//! tool that inserts its whole payload at one point writes them) and *spread symbols* (single
//! invisible characters in word gaps or after letters, one symbol per position). Characters with
//! an innocent reading in their context (a ZWNJ inside a Persian word, a ZWJ between emoji, one
//! variation selector on its base, a subdivision flag's tags, a leading BOM, bidi marks in RTL
//! text, a Hangul filler beside Hangul, a Braille blank among Braille cells, a combining
//! grapheme joiner before a mark, a Mongolian vowel separator in Mongolian) are kept out of both,
//! so that natural text never yields a payload.

use super::context::{is_emoji, is_joining_script, is_non_latin_text, is_virama};
use crate::catalogue::{props, Script};

/// How many runs one text may contribute; beyond it the rest are ignored (hostile input).
const MAX_RUNS: usize = 10_000;
/// How many spread symbols one text may contribute.
const MAX_SPREAD: usize = 1 << 20;

/// Can `c` carry hidden data (an invisible or blank character some scheme uses as a symbol)?
/// Besides the zero-width characters, joiners, selectors, tags and invisible operators, the
/// blank letters: the Hangul fillers and the Braille blank draw nothing (or a blank) and any
/// two of them make a binary alphabet.
pub(crate) fn is_carrier(c: char) -> bool {
    matches!(c as u32,
        0x034F | 0x061C | 0x115F | 0x1160 | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x2069 | 0x2800 | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF
        | 0xFFA0 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

fn is_hangul_filler(c: char) -> bool {
    matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

/// A Hangul letter (a syllable or a jamo), next to which a Hangul filler is spelling.
fn is_hangul(c: char) -> bool {
    !is_hangul_filler(c) && props(c).script() == Script::Hangul && props(c).is_letter_or_mark()
}

/// A Braille pattern with dots, among which the blank pattern is a blank cell.
fn is_braille_dots(c: char) -> bool {
    matches!(c, '\u{2801}'..='\u{28FF}')
}

fn is_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

fn is_bidi(c: char) -> bool {
    matches!(c as u32, 0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
}

fn is_tag(c: char) -> bool {
    matches!(c as u32, 0xE0000..=0xE007F)
}

/// Two or more adjacent invisible characters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run<'a> {
    /// Byte range of the run in the scanned text.
    pub start: usize,
    pub end: usize,
    /// The visible characters around the run.
    pub before: Option<char>,
    pub after: Option<char>,
    text: &'a str,
}

impl<'a> Run<'a> {
    /// The run's characters.
    pub fn chars(&self) -> std::str::Chars<'a> {
        self.text.chars()
    }

    /// A run of the characters `text` standing for the range `start..end` of the scanned text
    /// (several runs gathered into one, or a test).
    pub fn of_range(text: &'a str, start: usize, end: usize) -> Self {
        Run {
            start,
            end,
            before: None,
            after: None,
            text,
        }
    }
}

/// One invisible character standing alone between visible ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Symbol {
    pub offset: usize,
    pub ch: char,
    /// It stands in a word gap (right after whitespace).
    pub gap: bool,
}

/// The carrying places of a text.
pub(crate) struct Regions<'a> {
    pub runs: Vec<Run<'a>>,
    pub spread: Vec<Symbol>,
}

/// Finds the runs and spread symbols of `text`, leaving out innocent characters.
/// `joining_text`: the text is written in a script that uses joiners
/// ([`Doc::uses_joiners`](crate::context::Doc::uses_joiners)), where stray joiners are innocent.
pub(crate) fn find(text: &str, joining_text: bool) -> Regions<'_> {
    let mut regions = Regions {
        runs: Vec::new(),
        spread: Vec::new(),
    };
    // Every carrier is outside ASCII: walk those characters only.
    let mut iter = crate::text::non_ascii(text).peekable();
    while let Some((offset, c)) = iter.next() {
        if !is_carrier(c) {
            continue;
        }
        let before = crate::text::char_before(text, offset);
        let mut start = offset;
        let mut end = offset + c.len_utf8();
        let mut count = 1usize;
        while let Some((o, n)) = iter.next_if(|&(o, n)| o == end && is_carrier(n)) {
            end = o + n.len_utf8();
            count += 1;
        }
        // A byte-order mark at the very start is a file signature, not a symbol.
        if start == 0 && c == '\u{FEFF}' {
            start = c.len_utf8();
            count -= 1;
        }
        let after = crate::text::char_at(text, end);
        let first = text.get(start..end).and_then(|s| s.chars().next());
        match (count, first) {
            (0, _) | (_, None) => {}
            (1, Some(ch)) => {
                if !innocent_single(ch, before, after, joining_text)
                    && regions.spread.len() < MAX_SPREAD
                {
                    regions.spread.push(Symbol {
                        offset: start,
                        ch,
                        gap: before.is_some_and(char::is_whitespace),
                    });
                }
            }
            (_, Some(_)) => {
                let run = Run {
                    start,
                    end,
                    before,
                    after,
                    text: text.get(start..end).unwrap_or(""),
                };
                if !innocent_run(&run) && regions.runs.len() < MAX_RUNS {
                    regions.runs.push(run);
                }
            }
        }
    }
    if joining_text {
        // What the rules hold innocent there carries nothing either: read together, a few such
        // leftovers spell something in some layout.
        regions
            .runs
            .retain(|run| !crate::text::stray_joiners(run.chars(), run.before, run.after));
    }
    regions
}

/// A lone invisible character with a normal use in its context (or too little to carry data).
fn innocent_single(c: char, before: Option<char>, after: Option<char>, joining_text: bool) -> bool {
    let before_script = before.is_some_and(|b| is_joining_script(b) || is_virama(b));
    match c {
        '\u{200C}' => before_script,
        '\u{200D}' => {
            before_script || (before.is_some_and(is_emoji) && after.is_some_and(is_emoji))
        }
        '\u{200B}' => before.is_some_and(is_non_latin_text),
        '\u{034F}' => after.is_some_and(|a| props(a).is_mark()),
        '\u{180E}' => [before, after]
            .iter()
            .any(|x| x.is_some_and(|x| props(x).script() == Script::Mongolian)),
        '\u{2800}' => [before, after]
            .iter()
            .any(|x| x.is_some_and(|x| is_braille_dots(x) || x == '\u{2800}')),
        c if is_hangul_filler(c) => before.is_some_and(is_hangul) || after.is_some_and(is_hangul),
        // A bidi mark orders right-to-left text; in a text with no such script it orders
        // nothing: canarytrap puts an LRM before the spaces that carry a 1.
        c if is_bidi(c) => {
            joining_text
                || before.is_some_and(is_joining_script)
                || after.is_some_and(is_joining_script)
        }
        _ => is_selector(c) || is_tag(c),
    }
}

/// Is `text[start..end]`, two or more adjacent invisible characters, a run natural text writes
/// (see [`innocent_run`])?
pub(crate) fn is_innocent_run(text: &str, start: usize, end: usize) -> bool {
    innocent_run(&Run {
        start,
        end,
        before: crate::text::char_before(text, start),
        after: crate::text::char_at(text, end),
        text: text.get(start..end).unwrap_or(""),
    })
}

/// A run of invisible characters that natural text writes: emoji presentation and joiners, a
/// subdivision flag, a joiner pair in Indic or Arabic script, a few bidi controls, Hangul
/// fillers spelling an old syllable, blank cells of Braille.
fn innocent_run(run: &Run<'_>) -> bool {
    let mut len = 0usize;
    let (mut emoji_parts, mut joiners, mut bidi) = (true, true, true);
    let (mut fillers, mut blanks) = (true, true);
    for c in run.chars() {
        len += 1;
        emoji_parts &= matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}');
        joiners &= matches!(c, '\u{200C}' | '\u{200D}');
        bidi &= is_bidi(c);
        fillers &= is_hangul_filler(c);
        blanks &= c == '\u{2800}';
        if len > 8 {
            return false;
        }
    }
    let emoji_near = run.before.is_some_and(is_emoji) || run.after.is_some_and(is_emoji);
    let script_before = run
        .before
        .is_some_and(|b| is_joining_script(b) || is_virama(b));
    let near = |f: fn(char) -> bool| run.before.is_some_and(f) || run.after.is_some_and(f);
    (emoji_parts && len <= 3 && emoji_near)
        || (joiners && len <= 2 && script_before)
        || (bidi && len <= 4)
        || (fillers && len <= 2 && near(is_hangul))
        || (blanks && near(is_braille_dots))
        || is_subdivision_flag(run)
}

/// U+1F3F4 followed by 2-6 tag letters/digits and CANCEL TAG (England, Scotland, Wales, ...).
fn is_subdivision_flag(run: &Run<'_>) -> bool {
    if run.before != Some('\u{1F3F4}') {
        return false;
    }
    let cps: Vec<u32> = run.chars().take(8).map(|c| c as u32).collect();
    let Some((&last, body)) = cps.split_last() else {
        return false;
    };
    last == 0xE007F
        && (2..=6).contains(&body.len())
        && body
            .iter()
            .all(|&cp| matches!(cp, 0xE0061..=0xE007A | 0xE0030..=0xE0039))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> usize {
        find(text, crate::context::Doc::measure(text).uses_joiners())
            .runs
            .len()
    }

    fn spread(text: &str) -> usize {
        find(text, false).spread.len()
    }

    #[test]
    fn stray_joiners_in_joining_text_are_no_run() {
        let persian = "گزارش‌های مالی را تا پایان جلسه \u{200C}\u{200D} ارسال کنید";
        assert_eq!(runs(persian), 0);
        assert_eq!(runs(&format!("{persian} ab\u{200C}\u{200D}cd")), 1);
        assert_eq!(runs("Send the reports \u{200C}\u{200D} by Friday"), 1);
        assert_eq!(
            runs(&persian.replace("\u{200D}", "\u{200D}\u{200B}\u{200C}")),
            1
        );
    }

    #[test]
    fn innocent_contexts_are_left_out() {
        assert_eq!(runs("👨\u{200D}💻 🏳\u{FE0F}\u{200D}🌈"), 0);
        assert_eq!(spread("👨\u{200D}💻 ❤\u{FE0F}"), 0);
        assert_eq!(
            runs("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
            0
        );
        for natural in [
            "می\u{200C}روم",
            "क\u{094D}\u{200D}ष",
            "葛\u{E0100}城",
            "\u{FEFF}hello",
            "ខ្ញុំ\u{200B}ទៅ",
            // Blank letters and joiners where their script puts them.
            "\u{1100}\u{1160}\u{11A8} 옛한글",
            "한\u{3164}글",
            "\u{2801}\u{2800}\u{2803}",
            "e\u{034F}\u{0301}",
            "ᠮᠣᠩᠭᠣᠯ\u{180E}ᠠ",
        ] {
            assert_eq!(spread(natural), 0, "{natural}");
        }
        assert_eq!(runs("abc \u{202B}שלום\u{202C}\u{200F} x"), 0);
        assert_eq!(runs("\u{2801}\u{2800}\u{2800}\u{2800}\u{2803}"), 0);
    }

    #[test]
    fn blank_letters_carry() {
        assert_eq!(runs("a \u{3164}\u{FFA0}\u{3164} b"), 1);
        assert_eq!(runs("a\u{2800}\u{200B}\u{2800}b"), 1);
        assert_eq!(spread("a \u{115F}b \u{1160}c \u{2800}d"), 3);
    }

    #[test]
    fn payload_shapes_are_found() {
        let found = [
            runs("hi \u{200B}\u{200C}\u{200B} there"),
            spread("a \u{200C}b \u{200D}c"),
            runs("🏴\u{E0041}\u{E0042}\u{E007F}"),
            runs("s\u{E0100}\u{E0101}"),
        ];
        assert_eq!(found, [1, 2, 1, 1]);
        let r = find("ab\u{200B}\u{200C}cd", false);
        assert_eq!((r.runs[0].start, r.runs[0].end), (2, 8));
        assert_eq!((r.runs[0].before, r.runs[0].after), (Some('b'), Some('c')));
    }
}
