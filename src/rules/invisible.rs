//! Invisible characters: zero-width characters, joiners, selectors, tags, bidi controls,
//! invisible operators, fillers and other format controls.
//!
//! Real text is full of them: joiners inside emoji and Indic conjuncts, ZWNJ in Persian, VS16
//! after emoji, tags in the flags of England, Scotland and Wales, selectors after Han
//! ideographs, bidi marks in Arabic and Hebrew, soft hyphens in German. Each character is
//! judged by its neighbours first; what has no innocent reading is then judged by where it
//! stands (touching an ASCII word, inside code) and by the pattern it forms (runs, alphabets).

use super::{Detail, Hit, Rule};
use crate::catalogue::{self, props, Script};
use crate::chars::{BOM, ZWJ, ZWNJ, ZWSP};
use crate::context::Doc;
use crate::graphemes;
use crate::report::{Kind, Severity};
use crate::text::{self, is_ascii_word};

/// A run of this many invisible characters has no innocent reading.
pub const RUN_HIGH: usize = 10;
/// Longer clusters are judged as one run, without looking at each character.
const CLUSTER_DETAIL: usize = 64;

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
    let suspicious = verdicts.iter().filter(|v| v.is_some()).count();
    if suspicious >= RUN_HIGH {
        enlist_between(cluster, &mut verdicts);
    }
    let touching_ascii = before.is_some_and(is_ascii_word) || after.is_some_and(is_ascii_word);
    let word = touching_ascii.then(|| text::word_around(text, start));
    for (j, verdict) in verdicts.into_iter().enumerate() {
        let Some((mut severity, mut rule, mut detail)) = verdict else {
            continue;
        };
        let (at, c, kind) = cluster[j];
        let bidi_in_rtl = kind == Kind::BidiControl && doc.has_rtl();
        if suspicious >= RUN_HIGH {
            severity = Severity::High;
            rule = Rule::run(kind);
        } else if severity < Severity::High && touching_ascii && !bidi_in_rtl && c != SOFT_HYPHEN {
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
            if joins(chars, before, after) || stray_in_joining_text(doc, chars, before, after) {
                return None;
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
            if zwsp_run <= 4 && (doc.mostly_spaceless() || spaceless(before) || spaceless(after))
                || stray_in_joining_text(doc, chars, before, after)
            {
                return None;
            }
            medium(Rule::ZeroWidthStandalone)
        }
        Kind::VariationSelector => judge_selector(chars, j, before),
        Kind::Tag => Some((Severity::High, Rule::TagOutsideFlag)),
        Kind::BidiControl => judge_bidi(text, doc, c, start),
        Kind::FormatControl if c == SOFT_HYPHEN => {
            let word = |x: Option<char>| x.is_some_and(|x| props(x).is_word() || is_dash(x));
            if chars.len() == 1 && (word(before) || word(after)) {
                return None;
            }
            medium(Rule::FormatStandalone)
        }
        Kind::FormatControl if c == BOM && start == 0 && j == 0 => None,
        Kind::FormatControl if c == '\u{034F}' && right.is_some_and(|r| props(r).is_mark()) => None,
        Kind::FormatControl if c == '\u{180E}' && near_script(before, after, Script::Mongolian) => {
            None
        }
        Kind::Filler
            if near_script(before, after, Script::Hangul)
                || (c == '\u{2800}' && near_braille(before, after)) =>
        {
            None
        }
        kind => medium(Rule::standalone(kind)),
    }
}

/// ZWJ/ZWNJ inside a word of a script that uses joiners, after a virama, or between two
/// Arabic-script letters; one redundant repeat is allowed.
fn joins(chars: &[char], before: Option<char>, after: Option<char>) -> bool {
    if chars.len() > 2 || !chars.iter().all(|&c| c == ZWJ || c == ZWNJ) {
        return false;
    }
    let Some(b) = before else { return false };
    let pb = props(b);
    if pb.is_virama() {
        return true;
    }
    let Some(a) = after else { return false };
    let pa = props(a);
    let joining = |s: Script| {
        matches!(
            s,
            Script::Brahmic | Script::Arabic | Script::Spaceless | Script::Mongolian
        )
    };
    pb.is_letter_or_mark()
        && pa.is_letter_or_mark()
        && joining(pb.script())
        && (pa.script() == pb.script() || pa.script() == Script::Inherited)
}

/// Stray zero-width characters ([`text::stray_joiners`]) in a text written in a script that
/// uses joiners. A payload spread over such a text is left to the decoders and to the run and
/// alphabet rules.
fn stray_in_joining_text(
    doc: &Doc,
    chars: &[char],
    before: Option<char>,
    after: Option<char>,
) -> bool {
    doc.uses_joiners() && text::stray_joiners(chars.iter().copied(), before, after)
}

fn is_dash(c: char) -> bool {
    c == '-' || catalogue::kind(c) == Some(Kind::Separator) && catalogue::imitates(c) == Some('-')
}

/// A variation selector: one on a base that takes it is innocent; two or more on one base,
/// or one after an ASCII letter, has no innocent reading.
fn judge_selector(chars: &[char], j: usize, before: Option<char>) -> Option<(Severity, Rule)> {
    let is_vs = |c: char| catalogue::kind(c) == Some(Kind::VariationSelector);
    let mut first = j;
    while first > 0 && is_vs(chars[first - 1]) {
        first -= 1;
    }
    let run = chars[first..].iter().take_while(|&&c| is_vs(c)).count();
    if run >= 2 {
        return Some((Severity::High, Rule::SelectorStacked));
    }
    let base = if first == 0 {
        before
    } else {
        Some(chars[first - 1])
    };
    let Some(base) = base else {
        return Some((Severity::Medium, Rule::SelectorStandalone));
    };
    if base.is_ascii_alphabetic() {
        return Some((Severity::High, Rule::SelectorAfterAsciiLetter));
    }
    let c = chars[j] as u32;
    let p = props(base);
    let innocent = match c {
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
    };
    if innocent {
        None
    } else {
        Some((Severity::Medium, Rule::SelectorStandalone))
    }
}

/// Bidi controls: normal in a text with right-to-left lines, except inside an identifier or
/// URL; overrides outside right-to-left prose and controls left open in code are not.
fn judge_bidi(text: &str, doc: &Doc, c: char, at: usize) -> Option<(Severity, Rule)> {
    let override_ = matches!(c, '\u{202D}' | '\u{202E}');
    let line_rtl = doc.rtl_at(at);
    if override_ && !line_rtl {
        return Some((Severity::High, Rule::BidiOverride));
    }
    let vb = text::visible_before(text, at);
    let va = text::visible_after(text, at);
    let inside_word = vb.is_some_and(is_ascii_word) && va.is_some_and(is_ascii_word);
    if doc.has_rtl() {
        return inside_word.then_some((Severity::High, Rule::BidiInsideIdentifier));
    }
    let (line_start, line_end) = text::line_around(text, at);
    let line = &text[line_start..line_end];
    if left_open(line, at - line_start) && looks_like_code(line) {
        return Some((Severity::High, Rule::BidiOpenInCode));
    }
    Some((Severity::Medium, Rule::BidiStandalone))
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

    fn severities(text: &str) -> Vec<Severity> {
        judged(text).into_iter().map(|(_, s, _)| s).collect()
    }

    #[test]
    fn emoji_sequences_are_innocent() {
        for t in [
            "👨\u{200D}💻 at work",
            "🏳\u{FE0F}\u{200D}🌈",
            "❤\u{FE0F} you",
            "1\u{FE0F}\u{20E3}",
            "👩🏽\u{200D}🚀",
            "👁\u{FE0F}\u{200D}🗨\u{FE0F}",
        ] {
            assert!(judged(t).is_empty(), "{t:?}: {:?}", judged(t));
        }
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
        for t in [
            "اتّصل ك\u{200D}\nاتصل",
            "می\u{200C}روم",
            "کتاب\u{200C}ها",
            "क्\u{200D}ष",
            "ক্\u{200C}ষ",
            "ര്\u{200D}",
            "ශ්\u{200D}රී",
        ] {
            assert!(judged(t).is_empty(), "{t:?}: {:?}", judged(t));
        }
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
        assert_eq!(
            severities("plain English\u{200B} text"),
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
        assert_eq!(severities("word \u{00AD} next"), vec![Severity::Medium]);
    }

    #[test]
    fn bom_at_start_is_innocent() {
        assert!(judged("\u{FEFF}Привет").is_empty());
        assert_eq!(severities("Привет\u{FEFF} мир"), vec![Severity::Medium]);
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

    #[test]
    fn hostile_run_is_one_hit() {
        let t: String = std::iter::repeat_n('\u{200B}', 100_000).collect();
        assert_eq!(judged(&t).len(), 1);
    }
}
