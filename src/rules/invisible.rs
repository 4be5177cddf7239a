//! Invisible characters: zero-width characters, joiners, selectors, tags, bidi controls,
//! invisible operators, fillers and other format controls.
//!
//! Real text is full of them: joiners inside emoji and Indic conjuncts, ZWNJ in Persian, VS16
//! after emoji, tags in the flags of England, Scotland and Wales, selectors after Han
//! ideographs, bidi marks in Arabic and Hebrew, soft hyphens in German. Each character is
//! judged by its neighbours first; what has no innocent reading is then judged by where it
//! stands (touching an ASCII word, inside code) and by the pattern it forms (runs, alphabets).
//!
//! One character alone carries no data: what does are runs and alphabets. So a lone character
//! with a typographic use, even where its use is not certain (a joiner gluing a minus sign, a
//! SOFT HYPHEN in a table row, a ZWSP a machine translation left between two words), is `low`:
//! not raised for touching a word unless it splits an identifier or address, but still counted
//! when its paragraph's invisible characters alternate like an alphabet, and still raised by a
//! payload the decoders read through it.

use super::{Detail, Hit, Rule};
use crate::catalogue::{self, props, Script};
use crate::chars::{BOM, WJ, ZWJ, ZWNJ, ZWSP};
use crate::context::Doc;
use crate::graphemes;
use crate::listing;
use crate::report::{Kind, Severity};
use crate::text::{self, is_ascii_word};

/// A run of this many invisible characters has no innocent reading.
pub const RUN_HIGH: usize = 10;
/// Longer clusters are judged as one run, without looking at each character.
const CLUSTER_DETAIL: usize = 64;
/// The most characters side by side that a listing ([`is_listed`]) names.
const MAX_LISTED: usize = 3;
/// The longest line (bytes each way from a character) that [`named_above`] takes for a pattern.
const SHORT_LINE: usize = 64;
/// The most code points in ascending order side by side that a listing names as a table.
const MAX_RANGE: usize = 16;
/// How far (characters) a joiner looks for the letter it shapes: past a mnemonic marker and
/// a space, or a mark.
const JOIN_REACH: usize = 3;
/// Most joiners in a row beside a letter that takes them (translators repeat them), or left as
/// a slip in a text written in a script that uses them.
const JOINERS: usize = 4;
/// Most copies in a row of a line-breaking or shaping control that are a slip.
const REPEATED_CONTROLS: usize = 3;
/// Most zero-width spaces side by side that are a slip (a doubled word break), not a run.
const REPEATED_ZWSP: usize = 4;

const SOFT_HYPHEN: char = '\u{00AD}';
const CANCEL_TAG: char = '\u{E007F}';
const WAVING_BLACK_FLAG: char = '\u{1F3F4}';

/// Judges every invisible character of `text`.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let mut cluster: Vec<(usize, char, Kind)> = Vec::new();
    let mut long: Option<(usize, usize)> = None;
    let mut judged_from = hits.len();
    let mut paragraph_hits: Vec<usize> = Vec::new();
    let mut last_end = 0;
    for &(i, c, k) in &doc.candidates {
        if !k.is_invisible() {
            continue;
        }
        let contiguous = cluster
            .last()
            .is_some_and(|&(j, d, _)| j + d.len_utf8() == i)
            || long.is_some_and(|(_, end)| end == i);
        if !contiguous {
            flush(text, doc, &mut cluster, &mut long, hits);
            if text::has_blank_line(&text[last_end.min(i)..i]) {
                alphabet(text, hits, &paragraph_hits);
                paragraph_hits.clear();
            }
            paragraph_hits.extend(judged_from..hits.len());
            judged_from = hits.len();
        }
        if let Some((_, end)) = long.as_mut() {
            *end = i + c.len_utf8();
        } else if cluster.len() >= CLUSTER_DETAIL {
            let start = cluster[0].0;
            cluster.clear();
            long = Some((start, i + c.len_utf8()));
        } else {
            cluster.push((i, c, k));
        }
        last_end = i + c.len_utf8();
    }
    flush(text, doc, &mut cluster, &mut long, hits);
    paragraph_hits.extend(judged_from..hits.len());
    alphabet(text, hits, &paragraph_hits);
}

/// Judges one cluster of adjacent invisible characters.
fn flush(
    text: &str,
    doc: &Doc,
    cluster: &mut Vec<(usize, char, Kind)>,
    long: &mut Option<(usize, usize)>,
    hits: &mut Vec<Hit>,
) {
    if let Some((start, end)) = long.take() {
        let kind = text[start..]
            .chars()
            .next()
            .and_then(catalogue::kind)
            .unwrap_or(Kind::FormatControl);
        hits.push(Hit::new(start, end, Severity::High, Rule::run(kind)));
        return;
    }
    if cluster.is_empty() {
        return;
    }
    let start = cluster[0].0;
    let (last_at, last_c, _) = cluster[cluster.len() - 1];
    let end = last_at + last_c.len_utf8();
    let before = text::char_before(text, start);
    let after = text::char_at(text, end);
    let chars: Vec<char> = cluster.iter().map(|&(_, c, _)| c).collect();
    let mut verdicts: Vec<Option<(Severity, Rule, Detail)>> = (0..chars.len())
        .map(|j| {
            judge_one(text, doc, &chars, j, before, after, start).map(|(s, r)| (s, r, Detail::None))
        })
        .collect();
    flag_sequence(&chars, before, &mut verdicts);
    if verdicts.iter().any(Option::is_some) && is_listed(text, &chars, start, end) {
        for (v, &(_, c, kind)) in verdicts.iter_mut().zip(cluster.iter()) {
            if kind != Kind::BidiControl || is_bidi_mark(c) {
                *v = None;
            }
        }
    }
    let suspicious = verdicts.iter().filter(|v| v.is_some()).count();
    if suspicious >= RUN_HIGH {
        enlist_between(cluster, &mut verdicts);
    }
    let touching_ascii = before.is_some_and(is_ascii_word) || after.is_some_and(is_ascii_word);
    let word = touching_ascii.then(|| text::word_around(text, start));
    // Where a quiet (`low`) character still splits or ends an identifier: inside an ASCII
    // word, or after one in an address or identifier (`isAdmin\u{200B}()`). Not in the
    // translator credits of a catalogue (`# sag\u{200B}e <e-mail>, 2019`): no program reads a
    // name there, and one character spells nothing.
    let alnum = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric());
    let in_identifier = std::cell::OnceCell::new();
    let in_identifier = || {
        *in_identifier.get_or_init(|| {
            // The token between quotes or markup (`K\u{200B}</unitPattern>` is no identifier),
            // read only when the characters beside do not settle it.
            let machine_token = || {
                let (a, b) = text::token_around(text, start);
                let quote = |c: char| text::is_one_of(c, b"\"'<>`");
                let a = text[a..start].rfind(quote).map_or(a, |i| a + i + 1);
                let b = text[start..b].find(quote).map_or(b, |i| start + i);
                text::is_machine_token(&text[a..b])
            };
            alnum(before) && (alnum(after) || machine_token())
        })
    };
    for (j, verdict) in verdicts.into_iter().enumerate() {
        let Some((mut severity, mut rule, mut detail)) = verdict else {
            continue;
        };
        let (at, c, kind) = cluster[j];
        let bidi_in_rtl = kind == Kind::BidiControl && doc.has_rtl();
        if suspicious >= RUN_HIGH {
            severity = Severity::High;
            rule = Rule::run(kind);
        } else if touching_ascii
            && !bidi_in_rtl
            && c != SOFT_HYPHEN
            && (severity == Severity::Medium
                || severity == Severity::Low && in_identifier() && !doc.in_translator_notes(at))
        {
            severity = Severity::High;
            rule = Rule::inside_word(kind);
        }
        if let (Some((a, b)), Detail::None) = (word, &detail) {
            detail = Detail::Word(a, b);
        }
        hits.push(Hit::on(at, c, severity, rule).with(detail));
    }
    cluster.clear();
}

/// A few distinct characters that code lists (see [`listing::is_listed`]: in a character
/// class, between a pattern's alternatives or ranges, alone in a quoted string or an XML element,
/// an item of a collation rule, in a table of code points in ascending order), or one named on
/// its line, between bidi marks or not (Unicode's collation rules and tests), or on the line
/// above (a comment on a pattern). Bidi controls but the marks (LRM, RLM, ALM) stay judged:
/// wherever they stand, they reorder how the rest of the line displays.
fn is_listed(text: &str, chars: &[char], start: usize, end: usize) -> bool {
    let distinct = chars
        .iter()
        .enumerate()
        .all(|(i, c)| !chars[..i].contains(c));
    // Code points in ascending order written out (`[\u{600}\u{601}\u{602}\u{603}`, CLDR's
    // exemplar sets; `\u{605}\u{61C}\u{6DD}\u{70F}` in XRegExp's categories) are a table: one
    // fixed sequence spells nothing.
    let range = chars.len() <= MAX_RANGE && chars.windows(2).all(|w| w[0] < w[1]);
    (chars.len() <= MAX_LISTED || range) && distinct && listing::is_listed(text, start, end)
        || listing::names_shown(text, start, end, chars)
        || chars.len() == 1 && named_above(text, start, chars[0])
}

/// Whether the line holding byte `at`, a short one with no letter (a pattern, a table row, the
/// character alone), stands under a line that names `c` by its Unicode name or its code point:
/// a comment on what the next line holds (`% Do not break either side of ZERO-WIDTH JOINER
/// (U+200D)` over the hyphenation pattern `2\u{200D}2`). A line of words is text, whatever the
/// line above says.
fn named_above(text: &str, at: usize, c: char) -> bool {
    let bytes = text.as_bytes();
    // Looked for within a bounded reach, so that a long line costs nothing.
    let from = at.saturating_sub(SHORT_LINE);
    let to = (at + SHORT_LINE).min(bytes.len());
    let Some(line_start) = memchr::memrchr(b'\n', &bytes[from..at]).map(|i| from + i + 1) else {
        return false;
    };
    let line_end = memchr::memchr(b'\n', &bytes[at..to]).map_or(to, |i| at + i);
    (line_end < to || to == bytes.len())
        && !text[line_start..line_end].chars().any(|x| props(x).is_letter())
        // From the line break ending the line above, [`listing::names_beside`] reads that line.
        && listing::names_beside(text, line_start - 1, line_start - 1, c)
}

/// In a run of hidden symbols, the characters between the first and the last flagged one are
/// part of the run whatever they would be alone: an RLM among zero-width symbols in Arabic text
/// does no bidi work there, and once the symbols around it are removed, such marks would stand
/// together as a run of their own.
fn enlist_between(
    cluster: &[(usize, char, Kind)],
    verdicts: &mut [Option<(Severity, Rule, Detail)>],
) {
    let first = verdicts.iter().position(Option::is_some);
    let last = verdicts.iter().rposition(Option::is_some);
    if let (Some(first), Some(last)) = (first, last) {
        for (v, &(_, _, kind)) in verdicts[first..last].iter_mut().zip(&cluster[first..]) {
            v.get_or_insert((Severity::High, Rule::run(kind), Detail::None));
        }
    }
}

/// The innocent reading of character `j` of a cluster, or its standalone judgement.
fn judge_one(
    text: &str,
    doc: &Doc,
    chars: &[char],
    j: usize,
    before: Option<char>,
    after: Option<char>,
    start: usize,
) -> Option<(Severity, Rule)> {
    let c = chars[j];
    let right = chars.get(j + 1).copied().or(after);
    let medium = |rule| Some((Severity::Medium, rule));
    match catalogue::kind(c)? {
        Kind::ZeroWidth if c == ZWJ || c == ZWNJ => {
            let at = start + chars[..j].iter().map(|d| d.len_utf8()).sum::<usize>();
            if c == ZWJ && graphemes::joins_emoji(text, at) {
                return None;
            }
            let end = start + chars.iter().map(|d| d.len_utf8()).sum::<usize>();
            if joins(text, chars, start, end, before)
                || stray_in_joining_text(text, doc, chars, start, before, after)
                || suffix_after_latin(chars, before, after)
            {
                return None;
            }
            if chars.len() == 1 && (glues(before) || glues(after))
                || slip_in_joining_text(doc, chars)
            {
                return Some((Severity::Low, Rule::ZeroWidthStandalone));
            }
            medium(Rule::ZeroWidthStandalone)
        }
        Kind::ZeroWidth if c == ZWSP => {
            let zwsp_run = chars.iter().filter(|&&d| d == ZWSP).count();
            let spaceless = |x: Option<char>| {
                x.is_some_and(|x| {
                    matches!(
                        props(x).script(),
                        Script::Spaceless | Script::Han | Script::Kana | Script::Hangul
                    )
                })
            };
            let end = start + chars.iter().map(|d| d.len_utf8()).sum::<usize>();
            let only_zwsp = zwsp_run == chars.len();
            if zwsp_run <= 4 && (doc.mostly_spaceless() || spaceless(before) || spaceless(after))
                || only_zwsp && (doc.writes_without_spaces() || in_spaceless_text(text, start, end))
                || stray_in_joining_text(text, doc, chars, start, before, after)
            {
                return None;
            }
            // A few alone are a slip that spells nothing: what machine translation leaves
            // after a space (`bestaan \u{200B}\u{200B}uit`), at a word's edge (`mreži\u{200B}\u{200B}“`),
            // after a placeholder (`%\u{200B}%2`) or Markdown emphasis (`_n_\u{200B}th`). Inside an
            // identifier or address they are raised (see [`flush`]).
            if only_zwsp && zwsp_run <= REPEATED_ZWSP {
                return Some((Severity::Low, Rule::ZeroWidthStandalone));
            }
            medium(Rule::ZeroWidthStandalone)
        }
        Kind::VariationSelector => judge_selector(chars, j, before),
        Kind::Tag => Some((Severity::High, Rule::TagOutsideFlag)),
        Kind::BidiControl => judge_bidi(text, doc, chars, c, start),
        Kind::FormatControl
            if c == SOFT_HYPHEN
                && chars.len() == 1
                && [before, after]
                    .iter()
                    .any(|x| x.is_some_and(|x| props(x).is_word() || is_dash(x))) =>
        {
            None
        }
        // Glue between placeholders, digits or symbols (CLDR's `{0}\u{2060}{1}`).
        Kind::FormatControl
            if c == WJ
                && chars.len() == 1
                && !before.is_some_and(|b| b.is_ascii_alphabetic())
                && !after.is_some_and(|a| a.is_ascii_alphabetic()) =>
        {
            None
        }
        // The signs of the Arabic and Syriac scripts that are format characters (the number
        // signs U+0600..U+0605, SYRIAC ABBREVIATION MARK) stand over what follows them.
        Kind::FormatControl
            if props(c).script() == Script::Arabic && right.is_some_and(|r| props(r).is_word()) =>
        {
            None
        }
        Kind::FormatControl if c == BOM && start == 0 && j == 0 => None,
        Kind::FormatControl if c == '\u{034F}' && right.is_some_and(|r| props(r).is_mark()) => None,
        Kind::FormatControl if c == '\u{180E}' && near_script(before, after, Script::Mongolian) => {
            None
        }
        // Controls that only keep things on one line or select a shaping, alone or the same one
        // repeated, spell nothing: a SOFT HYPHEN in a charset table's row or at a catalogue
        // string's start (`\u{AD}\u{AD}_Mută`), a ZWNBSP left mid-text (`zum \u{FEFF}HTTP`), the
        // deprecated digit shapes U+206A..U+206F in Arabic numbers (`١\u{206D}\u{206D}\u{206D}٫١٥`).
        Kind::FormatControl
            if is_line_or_shaping_control(c)
                && chars.len() <= REPEATED_CONTROLS
                && chars.iter().all(|&d| d == c) =>
        {
            Some((Severity::Low, Rule::FormatStandalone))
        }
        Kind::Filler
            if near_script(before, after, Script::Hangul)
                || (c == '\u{2800}' && (near_braille(before, after) || doc.writes_braille())) =>
        {
            None
        }
        kind => medium(Rule::standalone(kind)),
    }
}

/// ZWJ/ZWNJ (a few, bidi marks among them) after a virama or beside a letter of a script that
/// uses joiners: they shape that letter, at the end of a word (`کتاب\u{200C} `), before a
/// placeholder (`%s\u{200D}తో`) or after a Latin word (`Evolution\u{200D}ನ್ನು`) too, and across
/// the mnemonic marker of a menu label (`ال\u{200D}_\u{200D}غ`) or a vowel mark.
fn joins(text: &str, chars: &[char], start: usize, end: usize, before: Option<char>) -> bool {
    let joiners = chars.iter().filter(|&&c| c == ZWJ || c == ZWNJ).count();
    if joiners > JOINERS
        || !chars
            .iter()
            .all(|&c| c == ZWJ || c == ZWNJ || is_bidi_mark(c))
    {
        return false;
    }
    if before.is_some_and(|b| props(b).is_virama()) {
        return true;
    }
    let joining = |x: char| uses_joiners(props(x).script());
    text::letter_before(text, start, JOIN_REACH, joining)
        || text::letter_after(text, end, JOIN_REACH, joining)
}

/// A visible symbol or punctuation mark outside ASCII (`−`, `–`, `❤`): a lone joiner beside
/// one glues it to its neighbour (`10\u{200D}−\u{200D}16`).
fn glues(x: Option<char>) -> bool {
    x.is_some_and(|x| {
        !x.is_ascii() && !x.is_whitespace() && !props(x).is_word() && !text::is_invisible(x)
    })
}

/// Format controls that only affect line breaking or shaping: SOFT HYPHEN, WORD JOINER,
/// ZWNBSP, MONGOLIAN VOWEL SEPARATOR and the deprecated shaping and digit selectors
/// U+206A..U+206F.
fn is_line_or_shaping_control(c: char) -> bool {
    matches!(
        c,
        SOFT_HYPHEN | WJ | BOM | '\u{180E}' | '\u{206A}'..='\u{206F}'
    )
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters around `start..end`, at most this many each way on its line, that tell what
/// text it stands in.
const NEIGHBOURHOOD: usize = 48;

/// Whether a letter of a script that separates words with U+200B (Thai, Lao, Khmer, Myanmar)
/// stands within [`NEIGHBOURHOOD`] characters of `start..end` on its line: a Latin word, a
/// brand name or a placeholder inside such text (`សភាព RTP\u{200B}`).
fn in_spaceless_text(text: &str, start: usize, end: usize) -> bool {
    // ASCII, most of what is passed over, is never spaceless: no table is read for it.
    let spaceless = |c: char| {
        !c.is_ascii() && {
            let p = props(c);
            p.script() == Script::Spaceless && p.is_letter_or_mark()
        }
    };
    let on_line = |c: &char| *c != '\n';
    let before = text[..start].chars().rev().take(NEIGHBOURHOOD);
    let after = text[end..].chars().take(NEIGHBOURHOOD);
    before.take_while(on_line).any(spaceless) || after.take_while(on_line).any(spaceless)
}

/// Stray zero-width characters ([`text::stray_joiners`]) in text written in a script that uses
/// joiners: the whole text, or the letter the characters touch (translators leave a ZWNJ at the
/// end of a Persian or Myanmar word, `بستن\u{200C}`, in catalogues whose keys are English). A
/// payload spread over such a text is left to the decoders and to the run and alphabet rules.
fn stray_in_joining_text(
    text: &str,
    doc: &Doc,
    chars: &[char],
    start: usize,
    before: Option<char>,
    after: Option<char>,
) -> bool {
    let end = start + chars.iter().map(|c| c.len_utf8()).sum::<usize>();
    let joining = |x: Option<char>| {
        x.is_some_and(|x| props(x).is_letter() && uses_joiners(props(x).script()))
    };
    // The letter before, past its marks (`بِ\u{200D}`).
    let base = text[..start]
        .chars()
        .rev()
        .take(8)
        .find(|&c| !text::is_invisible(c) && !props(c).is_mark());
    text::stray_joiners(chars.iter().copied(), before, after)
        && (doc.uses_joiners() || joining(base) || joining(text::visible_after(text, end)))
}

/// A few joiners alone, beside a Latin word or a digit, in a text written in a script that
/// uses them: a translator's slip at a string's start (`msgstr "\u{200D}\u{200D}UTC"` in Pashto)
/// or after an English key word (`&profile\u{200C}\u{200C}:` in Persian), `low` rather than
/// innocent. A few bits spell nothing; inside an identifier they are still raised (see
/// [`flush`]), and spread over the text they still count for the alphabet and the decoders.
fn slip_in_joining_text(doc: &Doc, chars: &[char]) -> bool {
    chars.len() <= JOINERS && chars.iter().all(|&c| c == ZWJ || c == ZWNJ) && doc.uses_joiners()
}

/// Scripts whose words take ZWJ and ZWNJ.
fn uses_joiners(s: Script) -> bool {
    matches!(
        s,
        Script::Brahmic | Script::Arabic | Script::Spaceless | Script::Mongolian
    )
}

/// One ZWNJ between a Latin word and an Arabic-script letter: a Persian suffix kept apart from
/// the Latin word it inflects (`PDF\u{200C}ها`).
fn suffix_after_latin(chars: &[char], before: Option<char>, after: Option<char>) -> bool {
    let arabic = |x: Option<char>| {
        x.is_some_and(|x| props(x).is_letter() && props(x).script() == Script::Arabic)
    };
    chars == [ZWNJ]
        && (before.is_some_and(is_ascii_word) && arabic(after)
            || arabic(before) && after.is_some_and(is_ascii_word))
}

fn is_dash(c: char) -> bool {
    c == '-' || catalogue::kind(c) == Some(Kind::Separator) && catalogue::imitates(c) == Some('-')
}

/// A variation selector: one on a base that takes it is innocent; two or more on one base,
/// or one after an ASCII letter, has no innocent reading. The same selector written twice or
/// three times on a base that takes it (a stray duplicate FVS in Mongolian CLDR names) is a data
/// error, `low`: it carries nothing unless the run decodes.
fn judge_selector(chars: &[char], j: usize, before: Option<char>) -> Option<(Severity, Rule)> {
    let is_vs = |c: char| catalogue::kind(c) == Some(Kind::VariationSelector);
    let mut first = j;
    while first > 0 && is_vs(chars[first - 1]) {
        first -= 1;
    }
    let run = &chars[first..first + chars[first..].iter().take_while(|&&c| is_vs(c)).count()];
    let base = if first == 0 {
        before
    } else {
        Some(chars[first - 1])
    };
    if run.len() >= 2 {
        let duplicate = run.len() <= 3 && run.iter().all(|&c| c == run[0]);
        return if duplicate && base.is_some_and(|b| takes_selector(b, run[0])) {
            Some((Severity::Low, Rule::SelectorStacked))
        } else {
            Some((Severity::High, Rule::SelectorStacked))
        };
    }
    let Some(base) = base else {
        return Some((Severity::Medium, Rule::SelectorStandalone));
    };
    if base.is_ascii_alphabetic() {
        return Some((Severity::High, Rule::SelectorAfterAsciiLetter));
    }
    if takes_selector(base, chars[j]) {
        None
    } else if !props(base).is_word() {
        // One left after punctuation or a space (`…using it.\u{FE0F}`, `y \u{180B}ᠣᠨ`) selects
        // nothing: a typo.
        Some((Severity::Low, Rule::SelectorStandalone))
    } else {
        Some((Severity::Medium, Rule::SelectorStandalone))
    }
}

/// Whether `base` takes the variation selector `vs`: emoji their presentation selectors,
/// ideographs and some scripts the standardized variants, Mongolian letters the FVS.
fn takes_selector(base: char, vs: char) -> bool {
    if base.is_ascii_alphabetic() {
        return false;
    }
    let c = vs as u32;
    let p = props(base);
    match c {
        0xFE0E | 0xFE0F => p.is_emoji() || p.is_extended_pictographic(),
        0xFE00..=0xFE0D => {
            (c <= 0xFE02
                && (p.is_ideographic()
                    || matches!(
                        p.script(),
                        Script::Spaceless | Script::Mongolian | Script::Han
                    )))
                || (c == 0xFE00 && (base == '0' || !p.is_word()))
        }
        0xE0100..=0xE01EF => p.is_ideographic(),
        _ => p.script() == Script::Mongolian,
    }
}

/// Bidi controls: normal in a text with right-to-left lines, except inside an identifier or
/// URL; overrides outside right-to-left prose (but those reversing nothing in a text with
/// right-to-left lines) and controls left open in code are not. `chars` is the cluster the
/// control stands in, from byte `at`.
fn judge_bidi(
    text: &str,
    doc: &Doc,
    chars: &[char],
    c: char,
    at: usize,
) -> Option<(Severity, Rule)> {
    let override_ = matches!(c, '\u{202D}' | '\u{202E}');
    if override_ && !doc.rtl_at(at) && (!doc.has_rtl() || reverses(text, c, at)) {
        return Some((Severity::High, Rule::BidiOverride));
    }
    let vb = text::visible_before(text, at);
    let va = text::visible_after(text, at);
    // A mark beside a digit sets the direction of a number (`(1\u{200E}_920 × 1080)` in a
    // Hebrew catalogue): that is what marks are for.
    let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    let number = is_bidi_mark(c) && (digit(vb) || digit(va));
    let inside_word = vb.is_some_and(is_ascii_word) && va.is_some_and(is_ascii_word) && !number;
    if doc.has_rtl() {
        return inside_word.then_some((Severity::High, Rule::BidiInsideIdentifier));
    }
    // A mark reorders nothing beyond its neighbours: around signs, currency and digits in
    // locale data (CLDR's `"plusSign": "\u{200E}+\u{200E}"`) it is `low`.
    if is_bidi_mark(c) {
        return Some(if inside_word {
            (Severity::High, Rule::BidiInsideIdentifier)
        } else {
            (Severity::Low, Rule::BidiStandalone)
        });
    }
    let (line_start, line_end) = text::line_around(text, at);
    let line = &text[line_start..line_end];
    if left_open(line, at - line_start) && looks_like_code(line) {
        return Some((Severity::High, Rule::BidiOpenInCode));
    }
    // One control (or the same one repeated) with at most one visible character after it on
    // its line, a string's closing quote (`bli\u{17E}njice\u{202B}"` in a Slovene catalogue):
    // reordering takes two, so it changes nothing on screen and spells nothing.
    let end = at + chars.iter().map(|d| d.len_utf8()).sum::<usize>();
    let visible_after = text[end..line_end]
        .chars()
        .filter(|&x| !x.is_whitespace() && !text::is_invisible(x))
        .take(2)
        .count();
    if chars.len() <= REPEATED_CONTROLS && chars.iter().all(|&d| d == c) && visible_after <= 1 {
        return Some((Severity::Low, Rule::BidiStandalone));
    }
    Some((Severity::Medium, Rule::BidiStandalone))
}

/// Whether the override `c` at byte `at`, in a text with right-to-left lines, reverses anything
/// before the PDF that closes it or the end of its line: for LRO, a right-to-left letter; for
/// RLO, a left-to-right letter or a digit. An LRO over Japanese in a Uyghur catalogue
/// (`msgstr "\u{202D}バ/ヴァ、ハ/ファ(_B)"`), or an RLO over an ellipsis in a Hebrew one,
/// displays as the text would without it: it only settles the direction of the punctuation, as
/// an embedding does. Trojan Source reverses code (`"user\u{202E} \u{2066}// Check if admin`).
fn reverses(text: &str, c: char, at: usize) -> bool {
    let (_, line_end) = text::line_around(text, at);
    let mut depth = 0;
    for x in text[at + c.len_utf8()..line_end].chars() {
        match x {
            '\u{202C}' | '\u{2069}' if depth == 0 => return false,
            '\u{202C}' | '\u{2069}' => depth -= 1,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2068}' => depth += 1,
            _ => {
                let p = props(x);
                let reversed = if c == '\u{202D}' {
                    p.is_letter() && p.is_rtl()
                } else {
                    p.is_letter() && !p.is_rtl() || x.is_numeric()
                };
                if reversed {
                    return true;
                }
            }
        }
    }
    false
}

/// An embedding, override or isolate with no closing PDF/PDI after it on its line.
fn left_open(line: &str, at: usize) -> bool {
    let mut depth: i32 = 0;
    for c in line[at..].chars() {
        match c {
            '\u{202C}' | '\u{2069}' => depth -= 1,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2068}' => depth += 1,
            _ => {}
        }
    }
    depth > 0
}

/// A line of source code rather than prose.
fn looks_like_code(line: &str) -> bool {
    let marks = [
        "//", "/*", "#", "'''", "\"\"\"", ";", "{", "}", "==", "!=", "=", "()", "return",
    ];
    marks.iter().filter(|m| line.contains(*m)).count() >= 2
        || line.contains('"') && line.contains(')')
}

/// Subdivision flags: U+1F3F4, two to six tags of lowercase letters or digits, CANCEL TAG.
/// RGI flags are innocent; other well-formed ones are `medium` and name their code.
fn flag_sequence(
    chars: &[char],
    before: Option<char>,
    verdicts: &mut [Option<(Severity, Rule, Detail)>],
) {
    if before != Some(WAVING_BLACK_FLAG) {
        return;
    }
    let spec: Vec<char> = chars
        .iter()
        .take_while(|&&c| matches!(c as u32, 0xE0030..=0xE0039 | 0xE0061..=0xE007A))
        .copied()
        .collect();
    if !(2..=6).contains(&spec.len()) || chars.get(spec.len()) != Some(&CANCEL_TAG) {
        return;
    }
    let code: String = spec
        .iter()
        .filter_map(|&c| char::from_u32(c as u32 - 0xE0000))
        .collect();
    let verdict = if catalogue::is_rgi_subdivision(&code) {
        None
    } else {
        Some((Severity::Medium, Rule::TagNonRgiFlag, Detail::Flag(code)))
    };
    for v in verdicts.iter_mut().take(spec.len() + 1) {
        *v = verdict.clone();
    }
}

fn near_script(before: Option<char>, after: Option<char>, script: Script) -> bool {
    [before, after]
        .iter()
        .flatten()
        .any(|&c| props(c).script() == script)
}

fn near_braille(before: Option<char>, after: Option<char>) -> bool {
    [before, after]
        .iter()
        .flatten()
        .any(|&c| ('\u{2801}'..='\u{28FF}').contains(&c))
}

/// Invisible characters alternating as an alphabet within one paragraph: at least 8, at least
/// two symbols used twice or more, at least 3 switches.
fn alphabet(text: &str, hits: &mut [Hit], indices: &[usize]) {
    let mut symbols: Vec<char> = Vec::new();
    for &i in indices {
        let h = &hits[i];
        if h.kind() == Kind::BidiControl || symbols.len() > 4096 {
            continue;
        }
        symbols.extend(text[h.start..h.end].chars());
    }
    if symbols.len() < 8 {
        return;
    }
    let mut distinct: Vec<(char, usize)> = Vec::new();
    for &c in &symbols {
        match distinct.iter_mut().find(|(d, _)| *d == c) {
            Some((_, n)) => *n += 1,
            None => distinct.push((c, 1)),
        }
    }
    let switches = symbols.windows(2).filter(|w| w[0] != w[1]).count();
    if distinct.iter().filter(|(_, n)| *n >= 2).count() < 2 || switches < 3 {
        return;
    }
    for &i in indices {
        let h = &mut hits[i];
        if h.kind() != Kind::BidiControl && h.severity < Severity::High {
            h.severity = Severity::High;
            h.rule = Rule::alphabet(h.kind());
            h.detail = Detail::Alphabet(symbols.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> Vec<(String, Severity, Rule)> {
        crate::rules::judged(judge, text)
            .into_iter()
            .map(|h| {
                (
                    crate::report::code_point_label(text[h.start..].chars().next().unwrap()),
                    h.severity,
                    h.rule,
                )
            })
            .collect()
    }

    /// Asserts that no character of any of `texts` is judged.
    fn assert_quiet(texts: &[&str]) {
        for t in texts {
            assert!(judged(t).is_empty(), "{t:?}: {:?}", judged(t));
        }
    }

    fn severities(text: &str) -> Vec<Severity> {
        judged(text).into_iter().map(|(_, s, _)| s).collect()
    }

    #[test]
    fn emoji_sequences_are_innocent() {
        assert_quiet(&[
            "👨\u{200D}💻 at work",
            "🏳\u{FE0F}\u{200D}🌈",
            "❤\u{FE0F} you",
            "1\u{FE0F}\u{20E3}",
            "👩🏽\u{200D}🚀",
            "👁\u{FE0F}\u{200D}🗨\u{FE0F}",
        ]);
    }

    /// The emoji ZWJ sequence test is rule GB11 of the grapheme clusters: a family stays
    /// innocent, while a cluster is no exemption for what it holds.
    #[test]
    fn a_zwj_is_innocent_in_an_emoji_sequence_only() {
        let family = "our \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466} at home";
        assert!(judged(family).is_empty(), "{:?}", judged(family));
        // Between letters, the ZWJ is in a cluster (GB9 attaches it to the letter) and flagged.
        assert_eq!(severities("pass\u{200D}word"), vec![Severity::High]);
        // A payload of ZWJs and ZWNJs after an emoji: one cluster with it, every one flagged.
        let payload = format!("\u{1F600}{}\u{1F600}", "\u{200D}\u{200C}".repeat(8));
        let hits = judged(&payload);
        assert_eq!(hits.len(), 16, "{hits:?}");
        assert!(hits.iter().all(|(_, s, _)| *s == Severity::High));
        // The last ZWJ of a payload touching an emoji is flagged with the rest.
        let touching = format!("\u{1F600}{}\u{200D}\u{1F600}", "\u{200C}".repeat(4));
        assert_eq!(judged(&touching).len(), 5, "{:?}", judged(&touching));
        // A ZWSP between the emoji breaks the sequence: both are flagged.
        assert_eq!(judged("\u{1F468}\u{200D}\u{200B}\u{1F469}").len(), 2);
    }

    #[test]
    fn a_joiner_behind_a_stray_presentation_selector_is_flagged_too() {
        let t = "face holding bac\u{FE0F}\u{200D}🗨 eye";
        let rules: Vec<Rule> = judged(t).into_iter().map(|(_, _, r)| r).collect();
        assert_eq!(rules.len(), 2, "{rules:?}");
    }

    #[test]
    fn flags_of_england_scotland_wales_are_innocent() {
        let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Scotland";
        assert!(judged(scotland).is_empty());
        let texas = "🏴\u{E0075}\u{E0073}\u{E0074}\u{E0078}\u{E007F}";
        assert_eq!(severities(texas), vec![Severity::Medium; 5]);
    }

    #[test]
    fn tags_outside_a_flag_are_high() {
        let t = "Hello\u{E0049}\u{E0067}\u{E006E} world";
        assert!(severities(t).iter().all(|&s| s == Severity::High));
        let smuggled_after_flag = "😈\u{E0048}\u{E0069}";
        assert!(severities(smuggled_after_flag)
            .iter()
            .all(|&s| s == Severity::High));
    }

    #[test]
    fn joiners_in_persian_and_indic_words_are_innocent() {
        assert_quiet(&[
            "اتّصل ك\u{200D}\nاتصل",
            "می\u{200C}روم",
            "کتاب\u{200C}ها",
            "क्\u{200D}ष",
            "ক্\u{200C}ষ",
            "ര്\u{200D}",
            "ශ්\u{200D}රී",
        ]);
    }

    #[test]
    fn zero_width_in_an_ascii_word_is_high() {
        assert_eq!(
            judged("isAdmin\u{200B}()"),
            vec![("U+200B".into(), Severity::High, Rule::ZeroWidthInsideWord)]
        );
        assert_eq!(severities("word \u{200D} word"), vec![Severity::Medium]);
    }

    #[test]
    fn zwsp_in_khmer_and_thai_is_innocent() {
        assert!(judged("ភាសា\u{200B}ខ្មែរ\u{200B}គឺ").is_empty());
        assert!(
            judged("Version 11.4 and more English words here សម្អាត\u{200B}ការ\u{200B}ជូន").is_empty()
        );
        // A stray ZWSP in Latin prose is low; inside an identifier or address it is high.
        assert_eq!(
            severities("plain English\u{200B} text"),
            vec![Severity::Low]
        );
        assert_eq!(severities("if (is\u{200B}Admin)"), vec![Severity::High]);
        assert_eq!(
            severities("see https\u{200B}://example.org"),
            vec![Severity::High]
        );
    }

    #[test]
    fn selectors() {
        assert!(judged("葛\u{E0100}城").is_empty());
        assert_eq!(
            severities("s\u{E0158}\u{E0159}"),
            vec![Severity::High, Severity::High]
        );
        assert_eq!(judged("us\u{FE0F}er")[0].2, Rule::SelectorAfterAsciiLetter);
        assert_eq!(
            severities("😀\u{E0158}\u{E0159}"),
            vec![Severity::High, Severity::High]
        );
    }

    #[test]
    fn bidi_controls_in_rtl_text_are_innocent() {
        assert!(judged("שלום \u{202B}%s סיביות\n\u{202B}Could not allocate").is_empty());
        assert!(judged(
            "جرّب \u{202A}\"%s --help\"\u{202C} لمزيد\n\u{200F}\u{202A}ftp://\u{202C} أو"
        )
        .is_empty());
        assert!(judged("أمهري (\u{202C}\u{202A}EZ+\u{202C}\u{202C})").is_empty());
        assert_eq!(severities("عربي abc\u{200F}def"), vec![Severity::High]);
    }

    #[test]
    fn bidi_marks_among_the_symbols_of_a_run_belong_to_it() {
        let run = "\u{200B}\u{200F}\u{200C}\u{200E}".repeat(6);
        let j = judged(&format!("الخلية\u{200F}{run}\u{200F} نص"));
        assert_eq!(j.len(), 6 * 4 - 1, "{j:?}");
        assert!(j.iter().all(|(_, s, _)| *s == Severity::High));
        assert!(judged("الخلية\u{200F}\u{200E} نص \u{200F}\u{200B}\u{200E}").len() <= 1);
    }

    #[test]
    fn trojan_source_is_high() {
        let t = "    ''' Withdraw amount, then log it \u{2067}''' ;return\n";
        assert_eq!(judged(t)[0].1, Severity::High);
        let t = "if access_level != \"user\u{202E} \u{2066}// Check if admin\u{2069} \u{2066}\" {";
        assert!(severities(t).iter().all(|&s| s == Severity::High));
    }

    #[test]
    fn soft_hyphens_inside_words_are_innocent() {
        assert!(
            judged("An\u{00AD}fän\u{00AD}ge\u{00AD}rin\u{00AD}nen, Bundes\u{00AD}regierung")
                .is_empty()
        );
        assert!(judged("fout \u{00AD}– afbreken, (00\u{00AD}–99), \u{00AD}Repleno").is_empty());
        assert_eq!(severities("word \u{00AD} next"), vec![Severity::Low]);
        assert_eq!(
            severities("word \u{00AD}\u{00AD} next"),
            vec![Severity::Low; 2]
        );
        assert_eq!(
            severities("word \u{00AD}\u{00AD}\u{00AD}\u{00AD} next"),
            vec![Severity::Medium; 4]
        );
    }

    #[test]
    fn bom_at_start_is_innocent() {
        assert!(judged("\u{FEFF}Привет").is_empty());
        assert_eq!(severities("Привет\u{FEFF} мир"), vec![Severity::Low]);
        assert_eq!(severities("pass\u{FEFF}word"), vec![Severity::High]);
    }

    #[test]
    fn runs_and_alphabets_are_high() {
        let run: String = std::iter::repeat_n("\u{200C}\u{200D}", 6).collect();
        assert!(severities(&format!("می {run} روم"))
            .iter()
            .all(|&s| s == Severity::High));
        let spread = "ab \u{200C}cd \u{200D}ef \u{200D}gh \u{200C}ij \u{200D}kl \u{200C}mn \u{200C}op \u{200D}qr";
        assert!(judged(spread).iter().all(|(_, s, _)| *s == Severity::High));
        let spread_persian = "می \u{200C}روم \u{200D}کتاب \u{200D}ها \u{200C}می \u{200D}روم \u{200C}می \u{200C}روم \u{200D}ها";
        assert!(judged(spread_persian)
            .iter()
            .all(|(_, _, r)| *r == Rule::ZeroWidthAlphabet));
    }

    /// character-entities 2.x (index.js, MIT): the HTML entities and their characters, raw;
    /// XRegExp 5 (xregexp.min.js, MIT): Unicode categories as ranges of raw characters.
    #[test]
    fn characters_that_code_lists_are_innocent() {
        assert_quiet(&[
            "  InvisibleTimes: '\u{2062}',\n  ZeroWidthSpace: '\u{200B}',\n  lrm: '\u{200E}',\n",
            "NAME = re.compile('[^\\W\\d]|[\u{200C}\u{200D}]')",
            "const ZW = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}'];",
            "bmp:\"\u{1FF1}\u{1FF5}\u{1FFF}\u{200B}-\u{200F}\u{2060}-\u{2064}\u{2072}\u{2073}\",",
            "\u{FB1E}\u{FE00}-\u{FE0F}\u{FE20}-\u{FE2F}\",astral",
            // CLDR 47, common/main/ur.xml (Unicode License v3): a range written out in a set.
            "<exemplarCharacters type=\"auxiliary\">[\u{600}\u{601}\u{602}\u{603}\\u200C\\u200D \\u064B]</exemplarCharacters>",
        ]);
        // Paired: the same set with a binary run of two of those characters is a run.
        let bits = "\u{600}\u{601}\u{601}\u{600}\u{600}\u{601}\u{600}\u{601}".repeat(2);
        let set = format!("<exemplarCharacters>[{bits}\\u200C]</exemplarCharacters>");
        assert!(
            judged(&set).iter().all(|v| v.1 == Severity::High),
            "{:?}",
            judged(&set)
        );
        // A bidi override reorders the line wherever it stands.
        assert_eq!(judged("x = '\u{202E}'")[0].2, Rule::BidiOverride);
    }

    /// What code lists is a few distinct characters: a run in quotes is still a run, and the
    /// decoders still read what it carries.
    #[test]
    fn a_run_in_quotes_is_still_flagged() {
        let run = "\u{200B}\u{200C}".repeat(8);
        let t = format!("const note = '{run}';");
        assert!(judged(&t).iter().all(|(_, s, _)| *s == Severity::High));
        assert_eq!(judged("x = '\u{200B}\u{200B}'").len(), 2);
    }

    /// Firefox's Khmer and Thai localisations (MPL-2.0): U+200B beside a Latin word, a brand or
    /// a placeholder inside Khmer or Thai text; Django's Khmer catalogue (BSD-3-Clause).
    #[test]
    fn zwsp_beside_latin_words_in_spaceless_text_is_innocent() {
        assert_quiet(&[
            "about-webrtc-rtp-stats-heading = សភាព RTP\u{200B}\nabout-webrtc-ice-state = សភាព ICE",
            "profiles-rootdir = ថត\u{200B} Root \u{200B}\nprofiles-localdir = ថត\u{200B}មូលដ្ឋាន",
            "    .tooltiptext = เปิดแผง \u{200B}Web Authentication",
            "msgid \"Boolean (Either True, False or None)\"\nmsgstr \"Boolean (អាចជា True\u{200B} រឺ\u{A0}False រឺ None)\"",
            "ត្រូវ\u{200B}រៀបចំ ឬ\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}យកចេញ\u{A0}។",
        ]);
        // GTK 3's Khmer catalogue (gtk30-properties.po, LGPL; names only): Latin names in a
        // Khmer catalogue.
        let entry = "msgid \"Page Setup\"\nmsgstr \"រៀបចំ\u{200B}ទំព័រ\u{200B}សម្រាប់\u{200B}បោះពុម្ព\"\n";
        let credits =
            "msgid \"translator-credits\"\nmsgstr \"Khoem Sokhem,\u{200B}\u{200B} Morn Met\"";
        assert_quiet(&[&(entry.repeat(3) + credits)]);
        // The same syntax carrying a zero-width binary run is still a run.
        let run = "\u{200B}\u{200C}\u{200C}\u{200B}\u{200C}\u{200B}\u{200B}\u{200C}".repeat(2);
        let t = format!("about-webrtc-rtp-stats-heading = សភាព RTP{run}");
        assert!(judged(&t)
            .iter()
            .all(|(_, s, r)| *s == Severity::High && *r == Rule::ZeroWidthRun));
    }

    /// GTK 3's Persian catalogue (gtk30.po, LGPL-2.1+) marks access keys with `_` beside the
    /// ZWNJ a word needs; Firefox's Persian localisation (MPL-2.0) ends words with a stray ZWNJ
    /// and keeps a Persian suffix off a Latin word.
    #[test]
    fn joiners_across_mnemonics_and_bidi_marks_and_stray_in_persian_are_innocent() {
        assert_quiet(&[
            "msgid \"_Underline\"\nmsgstr \"زیرخط_\u{200C}دار\"",
            "msgid \"_Unlock Device\"\nmsgstr \"قفل\u{200C}_گشایی افزاره\"",
            "msgid \"&Open File\"\nmsgstr \"باز\u{200C}&کردن پرونده\"",
            // LibreOffice's Arabic catalogue (MPL-2.0): ZWJs on both sides of the mnemonic.
            "msgstr \"\u{0623}\u{0644}\u{200D}_\u{200D}\u{063A}\u{0627}\u{0621}\"",
            "msgstr \"می\u{200C}\u{200F}روم\"",
            "close-button =\n    .aria-label = بستن\n    .title = بستن\u{200C}\n",
            "callout-pdfjs-edit-title = PDF\u{200C}ها را با ابزار متن جدید ما ویرایش کنید",
        ]);
        // LibreOffice's Arabic catalogue (sd.po, MPL-2.0): a ZWJ after a letter and its mark.
        assert!(
            judged("msgstr \"\u{0627}\u{0628}_\u{062F}\u{0623} \u{0628}\u{0650}\u{200D}:\"")
                .is_empty()
        );
        // A joiner between ASCII letters, or a run of them, is still flagged.
        assert_eq!(
            severities("msgstr \"Under_\u{200C}line\""),
            vec![Severity::High]
        );
        let run = "\u{200C}\u{200D}".repeat(6);
        assert!(severities(&format!("msgstr \"زیرخط_{run}دار\""))
            .iter()
            .all(|&s| s == Severity::High));
    }

    /// A duplicated Mongolian free variation selector (as in CLDR's Mongolian names) is a data
    /// error; different selectors stacked on one base are not.
    #[test]
    fn a_duplicated_selector_is_low() {
        assert_eq!(
            judged("ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ\u{180B}\u{180B}"),
            vec![
                ("U+180B".into(), Severity::Low, Rule::SelectorStacked),
                ("U+180B".into(), Severity::Low, Rule::SelectorStacked)
            ]
        );
        assert_eq!(
            severities("ᠬᠡᠯᠡ\u{180B}\u{180C}"),
            vec![Severity::High, Severity::High]
        );
        assert_eq!(
            severities("s\u{E0158}\u{E0158}"),
            vec![Severity::High, Severity::High]
        );
    }

    /// CLDR 47 (cldr-numbers-full, cldr-dates-full, Unicode-3.0): a WORD JOINER between two
    /// placeholders, LRMs around a sign, the SYRIAC ABBREVIATION MARK over a numeral; webpack 5
    /// (lib/html/syntax-parser.js, MIT): a soft hyphen in an entity table.
    #[test]
    fn format_characters_doing_their_job_in_locale_data_are_quiet() {
        assert_quiet(&[
            "          \"integerAndRationalPattern-alt-superSub\": \"{0}\u{2060}{1}\",",
            "                  \"1\": \"\u{070F}\u{072A} \u{0710}\",",
            "\"shcy;\":\"\\u0448\",\"shortmid;\":\"\\u2223\",\"shy\":\"\u{AD}\",\"shy;\":\"\u{AD}\",\"sigma;\":\"\\u03C3\"",
        ]);
        assert_eq!(
            severities("          \"plusSign\": \"\u{200E}+\u{200E}\","),
            vec![Severity::Low; 2]
        );
        // The same characters inside an ASCII word are still high.
        assert_eq!(severities("is\u{2060}Admin"), vec![Severity::High]);
        assert_eq!(severities("is\u{200E}Admin"), vec![Severity::High]);
    }

    /// Unicode's collation rules (CLDR common/uca/UCA_Rules.txt, Unicode-3.0) name the character
    /// each row lists; CLDR's Cape Verdean currency symbol is one ZWSP in its element.
    #[test]
    fn characters_named_on_their_line_or_alone_in_an_element_are_listed() {
        assert_quiet(&[
            "    =\t \u{180B}\t# 3.0 [Mn] [0000.0000.0000] U+180B MONGOLIAN FREE VARIATION SELECTOR ONE",
            "    =\t \u{17B4}\t# 3.0 [Mn] [0000.0000.0000] U+17B4 KHMER VOWEL INHERENT AQ",
            "\t\t\t\t<symbol>\u{200B}</symbol>",
        ]);
        // Named for another character, or unnamed, it is judged as ever.
        assert_eq!(severities("x = 1 \u{2062}# U+2063"), vec![Severity::Medium]);
    }

    /// monaco-editor 0.5x (vscode-css-languageservice, MIT) and prosemirror-model 1.x
    /// (src/content.ts, MIT): a selector left after a full stop, a ZWSP after emphasis.
    #[test]
    fn typos_beside_punctuation_and_markup_are_low() {
        assert_eq!(
            severities("return \"\u{26A0}\u{FE0F} Property is experimental. Be cautious when using it.\u{FE0F}\\n\\n\";"),
            vec![Severity::Low]
        );
        assert_eq!(
            severities("  /// Get the _n_\u{200B}th outgoing edge from this node in the finite"),
            vec![Severity::Low]
        );
        assert_eq!(severities("us\u{FE0F}er"), vec![Severity::High]);
    }

    /// Django's Afrikaans catalogue (django.po, BSD-3-Clause): two ZWSPs after a space, as
    /// machine translation leaves them, are `low`; inside a word they are not.
    #[test]
    fn zwsp_pairs_after_a_space_are_low() {
        let af = "\"Gee \u{2019}n geldige \u{201C}slak\u{201D} wat bestaan \u{200B}\u{200B}uit letters, syfers, onderstreep of \"";
        assert_eq!(severities(af), vec![Severity::Low; 2]);
        assert_eq!(
            severities("# sag\u{200B}e <laymonage@example.com>"),
            vec![Severity::High]
        );
        // Evolution's Serbian catalogue (GPL; two words): at the end of a Cyrillic word.
        assert_eq!(
            severities("\u{201E}Рад на мрежи\u{200B}\u{200B}\u{201C}"),
            vec![Severity::Low; 2]
        );
        // A stray ZWSP in Latin prose is low; inside an identifier or address it is high.
        assert_eq!(
            severities("plain English\u{200B} text"),
            vec![Severity::Low]
        );
        assert_eq!(severities("if (is\u{200B}Admin)"), vec![Severity::High]);
        assert_eq!(
            severities("see https\u{200B}://example.org"),
            vec![Severity::High]
        );
    }

    #[test]
    fn hostile_run_is_one_hit() {
        let t: String = std::iter::repeat_n('\u{200B}', 100_000).collect();
        assert_eq!(judged(&t).len(), 1);
    }

    /// `secret` as a binary run of two invisible symbols, 8 bits a byte, the most significant
    /// first: the payload each paired test hides in the syntax an exemption keeps quiet.
    fn binary_run(secret: &str, zero: char, one: char) -> String {
        crate::testing::bits_of(secret.as_bytes())
            .into_iter()
            .map(|bit| if bit { one } else { zero })
            .collect()
    }

    /// What the scan of `text` decodes, and its most severe finding.
    fn scanned(text: &str) -> (Vec<String>, Option<Severity>) {
        let report = crate::scan(text, &crate::Options::default());
        let worst = report.findings.iter().map(|f| f.severity).max();
        let decoded = report.payloads.into_iter().filter_map(|p| p.text).collect();
        (decoded, worst)
    }

    /// Asserts that `text` has no finding above `low` and decodes nothing, and that `paired`,
    /// the same syntax carrying `secret`, is reported `high` and decoded.
    fn quiet_but_paired(text: &str, paired: &str, secret: &str) {
        let (decoded, worst) = scanned(text);
        assert!(decoded.is_empty(), "{text:?}: {decoded:?}");
        assert!(worst <= Some(Severity::Low), "{text:?}: {:?}", judged(text));
        let (decoded, worst) = scanned(paired);
        assert_eq!(decoded, [secret], "{paired:?}");
        assert_eq!(worst, Some(Severity::High), "{paired:?}");
    }

    /// Class G: a stray ZWSP (or two) in Latin or Cyrillic prose, left by a machine translation
    /// or put to break Markdown emphasis, is `low`.
    #[test]
    fn stray_zwsp_in_latin_prose_is_low() {
        // Django 5, django/conf/locale/af/LC_MESSAGES/django.po (BSD-3-Clause).
        let django = "\"Gee \u{2019}n geldige \u{201c}slak\u{201d} wat bestaan \u{200b}\u{200b}uit letters, syfers, onderstreep of \"";
        // prosemirror-model 1.25, dist/index.d.ts (MIT).
        let prosemirror = "    Get the _n_\u{200b}th outgoing edge from this node in the finite";
        // CLDR 41, common/main/ml.xml (Unicode License v3): after a unit, before markup.
        let markup = "<unitPattern count=\"one\">{0} K\u{200b}</unitPattern>";
        for t in [django, prosemirror, markup] {
            assert_eq!(severities(t).iter().max(), Some(&Severity::Low), "{t:?}");
        }
        let paired = django.replace(
            "\u{200b}\u{200b}",
            &binary_run("ok", '\u{200B}', '\u{200D}'),
        );
        quiet_but_paired(django, &paired, "ok");
    }

    /// Class F: joiners shaping a letter of a joining script, judged across the mnemonic
    /// markers of menu labels, bidi marks, placeholders and the end of the word.
    #[test]
    fn joiners_across_mnemonics_placeholders_and_word_ends() {
        for t in [
            // LibreOffice 7.4 Arabic catalogues (MPL-2.0): ZWJ on both sides of the `_`.
            "msgstr \"\u{0623}\u{0644}\u{200d}_\u{200d}\u{063a}\"",
            // moment 2.30, locale/ku.js (MIT): word-final ZWNJ before the `_` of a split list.
            "'\u{06cc}\u{0647}\u{200c}\u{0643}\u{0634}\u{0647}\u{200c}\u{0645}\u{0645}\u{0647}\u{200c}_\u{062f}\u{0648}\u{0648}\u{0634}\u{0647}\u{200c}\u{0645}\u{0645}\u{0647}\u{200c}_'.split('_')",
            // Sphinx 8, locale/fa/LC_MESSAGES/sphinx.po (BSD-2-Clause): after a Latin word.
            "\u{0637} \u{06a9}\u{0644}\u{06cc}\u{062f} Enter\u{200c}\u{0631}\u{0627} \u{0641}\u{0634}\u{0627}\u{0631} \u{062f}\u{0647}\u{06cc}\u{062f}",
            "\u{06cc} \u{062e}\u{0631}\u{0648}\u{062c} Enter\u{200c} \u{0631}\u{0627} \u{0628}\u{0632}\u{0646}\u{06cc}\u{062f})",
            // LibreOffice 7.4 Arabic sd catalogue (MPL-2.0): after a kasra.
            "msgstr \"\u{0627}\u{0628}_\u{062f}\u{0623} \u{0628}\u{0650}\u{200d}:\"",
            // CLDR 41, common/annotations/or.xml (Unicode License v3): repeated after a virama.
            "<annotation cp=\"\u{1f39b}\">\u{0b28}\u{0b2c}\u{0b4d}\u{200c}\u{200c}\u{200c}\u{200c}\u{0b17}\u{0b41}\u{0b21}\u{0b3c}\u{0b3f}\u{0b15}",
            // CLDR 47, cldr-units-full main/fa/units.json (Unicode License v3): between the
            // placeholders of a Persian pattern, in a file whose ASCII is its keys.
            concat!(
                "  \"times\": {\n    \"compoundUnitPattern\": \"{0}\u{200c}{1}\"\n  },\n",
                "  \"acceleration-g-force\": {\n    \"displayName\": \"\u{06af}\u{0631}\u{0627}\u{0646}\u{0634}\",\n",
                "    \"unitPattern-count-one\": \"{0} \u{062c}\u{06cc}\",\n",
                "    \"unitPattern-count-other\": \"{0} \u{062c}\u{06cc}\"\n  },\n",
                "  \"acceleration-meter-per-square-second\": {\n",
                "    \"displayName\": \"\u{0645}\u{062a}\u{0631} \u{0628}\u{0631} \u{0645}\u{062c}\u{0630}\u{0648}\u{0631} \u{062b}\u{0627}\u{0646}\u{06cc}\u{0647}\",\n",
                "    \"unitPattern-count-one\": \"{0} \u{0645}\u{062a}\u{0631} \u{0628}\u{0631} \u{0645}\u{062c}\u{0630}\u{0648}\u{0631} \u{062b}\u{0627}\u{0646}\u{06cc}\u{0647}\",\n",
                "    \"unitPattern-count-other\": \"{0} \u{0645}\u{062a}\u{0631} \u{0628}\u{0631} \u{0645}\u{062c}\u{0630}\u{0648}\u{0631} \u{062b}\u{0627}\u{0646}\u{06cc}\u{0647}\"\n  },",
            ),
            // date-fns 4, locale/ar localize (MIT): before a letter, at a pattern's start.
            "/^\u{0649}\u{200d}/i,",
            // LibreOffice 7.4 Arabic sc catalogue (MPL-2.0): an RLM before the ZWNJ.
            "\u{062a}\u{0627}\u{0631}\u{064a}\u{062e} (\u{064a}\u{200f}\u{200c}\u{0634}\u{200c}\u{200f}\u{0633})",
        ] {
            assert!(judged(t).is_empty(), "{t:?}: {:?}", judged(t));
        }
        // TypeScript 5, lib/lib.es2015.core.d.ts (Apache-2.0): joiners gluing a minus sign.
        let typescript = "     * 2.2204460492503130808472633361816 x 10\u{200d}\u{2212}\u{200d}16.";
        assert!(severities(typescript).iter().all(|&s| s == Severity::Low));
        let label = "msgstr \"\u{0623}\u{0644}\u{200d}_\u{200d}\u{063a}\"";
        let paired = label.replacen(
            "_\u{200d}",
            &format!("_{}", binary_run("go", '\u{200C}', '\u{200D}')),
            1,
        );
        quiet_but_paired(label, &paired, "go");
    }

    /// Classes H and I: one line-breaking or shaping control, or the same one repeated.
    #[test]
    fn repeated_line_and_shaping_controls_are_low() {
        for t in [
            // CLDR 47, cldr-dates-full main/mn-Mong-MN/ca-gregorian.json (Unicode License v3).
            "\"long\": \"y \u{180b}\u{1823}\u{1828} \u{1824}MMMM\u{180e}\u{180e} \u{1824}\u{1829} d\",",
            // LibreOffice 7.4 Arabic cui catalogue (MPL-2.0): shaping selectors in a number.
            "msgstr \"\u{0661}\u{206d}\u{206d}\u{206d}\u{066b}\u{0661}\u{0665} \u{0633}\u{0637}\u{0631}\"",
        ] {
            assert!(severities(t).iter().all(|&s| s == Severity::Low), "{t:?}: {:?}", judged(t));
        }
        assert_eq!(
            severities("x \u{2060}\u{00AD} y"),
            vec![Severity::Medium; 2]
        );
        assert_eq!(severities("sag\u{180e}e"), vec![Severity::High]);
        let cldr = "\"long\": \"y \u{180b}\u{1823}\u{1828} \u{1824}MMMM\u{180e}\u{180e} \u{1824}\u{1829} d\",";
        let paired = cldr.replace(
            "\u{180e}\u{180e}",
            &binary_run("hello", '\u{200B}', '\u{200C}'),
        );
        quiet_but_paired(cldr, &paired, "hello");
    }

    /// Joiners left as a slip beside a Latin word in catalogues written in a script that uses
    /// them are `low`; inside an ASCII word they are still raised, and a payload still decoded.
    #[test]
    fn joiner_slips_in_joining_catalogues_are_low() {
        // Evolution 3.46, po/ps.po (GPL-2.0+): two ZWJs before an English abbreviation.
        let pashto = concat!(
            "msgid \"-------- Forwarded Message --------\"\n",
            "msgstr \"-------- \u{0645}\u{062e}\u{06a9}\u{06d0} \u{0634}\u{0648}\u{06d0} \u{0627}\u{0633}\u{062a}\u{0648}\u{0632}\u{0647} --------\"\n\n",
            "msgid \"<click here to select a date>\"\n",
            "msgstr \"<\u{062f} \u{0646}\u{06d0}\u{067c}\u{06d0} \u{067c}\u{0627}\u{06a9}\u{0644}\u{0648} \u{0644}\u{067e}\u{0627}\u{0631}\u{0647} \u{062f}\u{0644}\u{062a}\u{0647} \u{06a9}\u{06d0}\u{06a9}\u{0627}\u{0696}\u{fe89}>\"\n\n",
            "msgid \"UTC\"\nmsgstr \"\u{200d}\u{200d}UTC\"\n",
        );
        // Plasma 5.27, kcm_mouse fa.po (GPL-2.0+): ZWNJs after an English key word.
        let persian = concat!(
            "msgid \"Mouse wheel scrolls by:\"\n",
            "msgstr \"\u{0686}\u{0631}\u{062e} \u{0645}\u{0648}\u{0634}\u{06cc} \u{062a}\u{0648}\u{0633}\u{0637} \u{0627}\u{06cc}\u{0646} \u{0645}\u{06cc}\u{200c}\u{0644}\u{063a}\u{0632}\u{062f}:\"\n\n",
            "msgid \"Acceleration &profile:\"\n",
            "msgstr \" \u{0634}\u{062a}\u{0627}\u{0628}\u{200c}\u{062f}\u{0647}\u{06cc} &profile\u{200c}\u{200c}:\u{200c}\"\n",
        );
        for t in [pashto, persian] {
            assert_eq!(severities(t).iter().max(), Some(&Severity::Low), "{t:?}");
        }
        // Inside an ASCII word of the same catalogue, a joiner is raised.
        let split = pashto.replace("\u{200d}\u{200d}UTC", "U\u{200d}TC");
        assert_eq!(severities(&split).iter().max(), Some(&Severity::High));
        // In a Latin catalogue, the slip is not excused.
        assert_eq!(
            severities("msgid \"UTC\"\nmsgstr \"\u{200d}\u{200d}UTC\"\n"),
            vec![Severity::High; 2]
        );
        let paired = pashto.replace(
            "\u{200d}\u{200d}",
            &binary_run("go", '\u{200C}', '\u{200D}'),
        );
        quiet_but_paired(pashto, &paired, "go");
        let paired = persian.replace(
            "&profile\u{200c}\u{200c}",
            &format!("&profile{}", binary_run("go", '\u{200C}', '\u{200D}')),
        );
        quiet_but_paired(persian, &paired, "go");
        // The same slips spread over the entries, one a string, carry a payload.
        let words = "UTC URL PDF HTML CSV GMT IMAP SMTP POP LDAP DNS TLS SSL XML JSON ICS";
        let spread: String = words
            .split(' ')
            .zip(binary_run("go", '\u{200C}', '\u{200D}').chars())
            .map(|(w, j)| {
                format!("msgid \"{w}\"\nmsgstr \"\u{0627}\u{0633}\u{062a}\u{0648} {j}{w}\"\n\n")
            })
            .collect();
        let (decoded, worst) = scanned(&format!("{}{spread}", pashto.repeat(2)));
        assert_eq!(
            (decoded, worst),
            (vec!["go".to_string()], Some(Severity::High))
        );
    }

    /// A character named by a comment on the line above, on a line with no letter: a pattern
    /// about that character, not text.
    #[test]
    fn a_character_named_on_the_line_above_a_pattern_is_listed() {
        // Pyphen 0.18, dictionaries/hyph_as_IN.dic (LGPL-3.0+): hyphenation patterns, the
        // digits are break weights around the joiner.
        let patterns = concat!(
            "% Do not break either side of ZERO-WIDTH JOINER  (U+200D)\n2\u{200d}2\n",
            "% Break on both sides of ZERO-WIDTH NON JOINER  (U+200C)\n1\u{200c}1\n",
            "% Break before or after any independent vowel.\n\u{0985}1\n",
        );
        assert!(judged(patterns).is_empty(), "{:?}", judged(patterns));
        // Under a line that names another character, or in a line of words, it is judged.
        assert_eq!(severities("% U+200C\n2\u{200d}2\n"), vec![Severity::High]);
        assert_eq!(
            severities("% U+200B\nsee is\u{200b}Admin\n"),
            vec![Severity::High]
        );
        let paired = patterns.replacen(
            "2\u{200d}2",
            &format!("2{}2", binary_run("go", '\u{200C}', '\u{200D}')),
            1,
        );
        quiet_but_paired(patterns, &paired, "go");
    }

    #[test]
    fn a_braille_blank_in_a_text_that_writes_braille_is_quiet() {
        // MathJax 3.2.2, es5/sre/mathmaps/nemeth.json (Apache-2.0): the rules of the Nemeth
        // braille code, a blank cell quoted far from the patterns of the other rules.
        let rules = concat!(
            "[\"Action\",\"blank-empty\",\"[t] \\\"\u{2800}\u{2800}\u{2800}\\\"\"],\n",
            "[\"Rule\",\"digits\",\"default\",\"[t] \\\"\u{283C}\u{2801}\u{2803}\u{2809}",
            "\u{2819}\u{2811}\u{280B}\u{281B}\u{2813}\u{280A}\u{281A}\u{2808}\u{2818}\u{2838}",
            "\u{2810}\u{2828}\u{2830}\\\"\"]\n",
        );
        assert!(judged(rules).is_empty(), "{:?}", judged(rules));
        // The same blanks in a text that writes no braille are judged.
        assert_eq!(
            severities("[t] \"\u{2800}\u{2800}\u{2800}\""),
            vec![Severity::Medium; 3]
        );
        let paired = rules.replacen(
            "\u{2800}\u{2800}\u{2800}",
            &binary_run("go", '\u{2800}', '\u{200B}'),
            1,
        );
        quiet_but_paired(rules, &paired, "go");
    }

    /// The translator credits of a gettext catalogue (its `#` comments, its header's
    /// `Last-Translator`) are read by no program: a lone mark in a name there is `low`.
    #[test]
    fn a_lone_mark_in_translator_credits_is_low() {
        // Django 5.2, contrib/gis/locale/id/LC_MESSAGES/django.po (BSD-3-Clause), e-mail
        // addresses made up.
        let header = concat!(
            "# Translators:\n# sag\u{200b}e <sage@example.org>, 2018-2019\n",
            "# sag\u{180e}e <sage@example.org>, 2019\n",
            "msgid \"\"\nmsgstr \"\"\n",
            "\"Last-Translator: sag\u{180e}e <sage@example.org>, 2019\\n\"\n\n",
            "msgid \"Today\"\nmsgstr \"Hari ini\"\n",
        );
        assert_eq!(severities(header), vec![Severity::Low; 3]);
        // In a translation, or in a comment outside a catalogue, the same mark is raised.
        let translation = header.replace("Hari ini", "Hari\u{200b}ini");
        assert_eq!(severities(&translation).iter().max(), Some(&Severity::High));
        assert_eq!(
            severities("# sag\u{200b}e <sage@example.org>, 2019\nx = 1\n"),
            vec![Severity::High]
        );
        let paired = header.replacen(
            "sag\u{200b}e",
            &format!("sag{}e", binary_run("hello", '\u{200B}', '\u{200C}')),
            1,
        );
        quiet_but_paired(header, &paired, "hello");
    }

    /// Bidi controls in catalogues: an override that reverses nothing in a right-to-left
    /// catalogue, a mark inside a number, an embedding closing a string.
    #[test]
    fn bidi_controls_that_reorder_nothing_are_quiet() {
        // LibreOffice 7.4, cui catalogue in Uyghur (MPL-2.0): an LRO over Japanese.
        let uyghur = concat!(
            "msgid \"Ignore\"\nmsgstr \"\u{067e}\u{06d5}\u{0631}\u{06cb}\u{0627} \u{0642}\u{0649}\u{0644}\u{0645}\u{0627}\"\n\n",
            "msgid \"_ba/va, ha/fa\"\nmsgstr \"\u{202d}\u{30d0}/\u{30f4}\u{30a1}\u{3001}\u{30cf}/\u{30d5}\u{30a1}(_B)\"\n",
        );
        // LibreOffice 7.4, sd catalogue in Hebrew (MPL-2.0): an LRM inside a number.
        let hebrew = "msgid \"Full HD (1_920 \u{d7} 1080 pixels)\"\nmsgstr \"HD \u{05de}\u{05dc}\u{05d0} (1\u{200e}_920 \u{d7} 1080 \u{05e4}\u{05d9}\u{05e7}\u{05e1}\u{05dc}\u{05d9}\u{05dd})\"\n";
        // Django 5.2, conf/locale/he/LC_MESSAGES/django.po (BSD-3-Clause): an RLO over an
        // ellipsis, after a Hebrew entry made up.
        let ellipsis = concat!(
            "msgid \"Today\"\nmsgstr \"\u{05d4}\u{05d9}\u{05d5}\u{05dd}\"\n\n",
            "msgid \"%(truncated_text)s\u{2026}\"\nmsgstr \"%(truncated_text)s\u{202e}\u{2026}\"\n",
        );
        assert_quiet(&[uyghur, hebrew, ellipsis]);
        // Evolution 3.46, po/sl.po (GPL-2.0+): an RLE closing a string.
        let slovene = "msgid \"Show keyboard shortcuts\"\nmsgstr \"Poka\u{17e}i tipkovne bli\u{17e}njice\u{202b}\"\n";
        // LibreOffice 7.4, sw catalogue in Tamil (MPL-2.0): two LREs after the full stop.
        let tamil = "msgstr \"\u{0ba4}\u{0bc7}\u{0bb0}\u{0bcd}\u{0ba8}\u{0bcd}\u{0ba4} \u{0ba4}\u{0bbe}\u{0ba9}\u{0bbf} \u{0b89}\u{0bb0}\u{0bc8}.\u{202a}\u{202a}\"\n";
        for t in [slovene, tamil] {
            assert_eq!(
                severities(t),
                vec![Severity::Low; t.matches(['\u{202a}', '\u{202b}']).count()],
                "{t:?}"
            );
        }
        // An override that reverses Latin text in the same catalogue, an embedding with words
        // after it, or letters split by a mark, are still raised.
        let reversing = uyghur.replace('\u{202d}', "\u{202e}");
        assert_eq!(judged(&reversing)[0].1, Severity::High);
        let mid = slovene.replace("tipkovne ", "tipkovne\u{202b} ");
        assert_eq!(severities(&mid).iter().max(), Some(&Severity::High));
        assert_eq!(
            severities("HD \u{05de} (pix\u{200e}els)"),
            vec![Severity::High]
        );
        let run = format!("{}\"", binary_run("go", '\u{202A}', '\u{202B}'));
        quiet_but_paired(slovene, &slovene.replace("\u{202b}\"", &run), "go");
        quiet_but_paired(tamil, &tamil.replace("\u{202a}\u{202a}\"", &run), "go");
    }
}
