//! The 2026 date-line marker: `Today…s date is YYYY-MM-DD.`
//!
//! A popular AI coding client wrote the apostrophe of this line as one of four look-alikes and
//! the date separator as `-` or `/`, so that a server could read three bits about the user
//! (a relay domain, an AI-lab keyword, a China time zone) from characters no person can tell
//! apart. This rule reads the line back: the documented variants decode with confidence 1.0,
//! any other look-alike in the template is an undocumented variant (0.7).

use super::{Hit, Rule};
use crate::context::Doc;
use crate::i18n::{Lang, Words};
use crate::report::Severity;

/// The facts the marker's bits say, each with its bit.
const FACTS: [(Words, u8); 3] = [
    (Words::new("relay domain list", "中转域名列表"), 1),
    (Words::new("AI-lab keyword", "AI 实验室关键词"), 2),
    (Words::new("China time zone", "中国时区"), 4),
];

/// What one marked date line says.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Where the date line starts (bytes).
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// Where the apostrophe of `Today's` stands.
    pub slot: usize,
    /// The apostrophe of `Today's`: which look-alike says two of the bits.
    pub apostrophe: char,
    /// The two separators of the date: which one says the third bit.
    pub separators: [char; 2],
    /// Bit 0: endpoint on the relay-domain list; bit 1: AI-lab keyword; bit 2: China time zone.
    pub bits: u8,
    /// The line uses a character the published analyses never saw.
    pub undocumented: bool,
    /// Positions of the characters that depart from the default line.
    pub marks: Vec<(usize, char)>,
}

impl Marker {
    /// The marker read in another text, placed in this one by where characters `start` and
    /// where they `end`.
    pub fn placed(self, start: impl Fn(usize) -> usize, end: impl Fn(usize) -> usize) -> Marker {
        Marker {
            start: start(self.start),
            end: end(self.end),
            slot: start(self.slot),
            marks: self.marks.iter().map(|&(i, c)| (start(i), c)).collect(),
            ..self
        }
    }
}

const TEMPLATE: &str = "s date is ";

/// Finds every marked date line and flags its marking characters `high`. A line with flagged
/// invisible characters in it is read again without them by the scan's second look
/// ([`crate::scan()`]), which places the marker back in the text.
pub fn find(text: &str, doc: &Doc, hits: &mut Vec<Hit>) -> Vec<Marker> {
    let mut markers: Vec<Marker> = memchr::memmem::find_iter(text.as_bytes(), TEMPLATE)
        .filter_map(|at| read_line(text, at))
        .collect();
    markers.retain(|m| !judged_innocent(m, doc));
    crate::order::by_key(&mut markers, |m| m.start as u64);
    for m in &markers {
        for &(i, c) in &m.marks {
            let rule = if i == m.slot {
                Rule::DateMarkerApostrophe
            } else {
                Rule::DateMarkerSeparator
            };
            hits.push(Hit::on(i, c, Severity::High, rule));
        }
    }
    markers
}

/// Whether the apostrophe `c` at `at` is the slot of a date line (`Today<slot>s date is `): the
/// marker rule judges it, and `clean` writes it as U+0027 whatever the rest of the text does.
pub fn is_slot(text: &str, at: usize, c: char) -> bool {
    text[..at].ends_with("Today") && text[at + c.len_utf8()..].starts_with(TEMPLATE)
}

/// Reads `Today<slot>s date is [now ]YYYY<sep>MM<sep>DD` around the template at `at`.
fn read_line(text: &str, at: usize) -> Option<Marker> {
    let head = &text[..at];
    let apostrophe = head.chars().next_back()?;
    let today_end = at - apostrophe.len_utf8();
    if !head[..today_end].ends_with("Today") {
        return None;
    }
    let start = today_end - 5;
    let mut rest = at + TEMPLATE.len();
    if text[rest..].starts_with("now ") {
        rest += 4;
    }
    let mut chars = text[rest..].char_indices().map(|(i, c)| (rest + i, c));
    let mut digits =
        |n: usize| (0..n).all(|_| chars.next().is_some_and(|(_, c)| c.is_ascii_digit()));
    if !digits(4) {
        return None;
    }
    let (s1_at, s1) = chars.next()?;
    let mut digits =
        |n: usize| (0..n).all(|_| chars.next().is_some_and(|(_, c)| c.is_ascii_digit()));
    if !digits(2) {
        return None;
    }
    let (s2_at, s2) = chars.next()?;
    let end_digits: Vec<(usize, char)> = chars.by_ref().take(2).collect();
    if end_digits.len() != 2
        || !end_digits.iter().all(|(_, c)| c.is_ascii_digit())
        || s1.is_alphanumeric()
        || s1.is_whitespace()
        || s2.is_whitespace()
    {
        return None;
    }
    let end = end_digits[1].0 + 1;
    let mut bits = 0u8;
    let mut undocumented = false;
    let mut marks = Vec::new();
    match apostrophe {
        '\'' => {}
        '\u{2019}' => bits |= 1,
        '\u{02BC}' => bits |= 2,
        '\u{02B9}' => bits |= 3,
        _ => undocumented = true,
    }
    if apostrophe != '\'' {
        marks.push((today_end, apostrophe));
    }
    match (s1, s2) {
        ('-', '-') => {}
        ('/', '/') => bits |= 4,
        _ => {
            undocumented = true;
            if [s1, s2]
                .iter()
                .all(|&s| crate::catalogue::imitates(s) == Some('/') || s == '/')
            {
                bits |= 4;
            }
        }
    }
    for (i, s) in [(s1_at, s1), (s2_at, s2)] {
        if s != '-' {
            marks.push((i, s));
        }
    }
    if marks.is_empty() {
        return None;
    }
    Some(Marker {
        start,
        end,
        slot: today_end,
        apostrophe,
        separators: [s1, s2],
        bits,
        undocumented,
        marks,
    })
}

/// U+2019 in the slot of a text typeset throughout with U+2019, with the default separator,
/// is typography, not a marker.
fn judged_innocent(m: &Marker, doc: &Doc) -> bool {
    if m.apostrophe != '\u{2019}' || m.separators != ['-', '-'] {
        return false;
    }
    let slot = m.slot;
    let others: Vec<char> = doc
        .apostrophes()
        .iter()
        .filter(|&&(i, _)| i != slot)
        .map(|&(_, c)| c)
        .collect();
    !others.is_empty() && others.iter().all(|&c| c == '\u{2019}')
}

impl Marker {
    /// The three bits in words (English: the payload's text).
    pub fn meaning(&self) -> String {
        self.meaning_in(Lang::En)
    }

    /// What the bits say, in `lang`: each fact of [`FACTS`] with yes or no.
    pub fn meaning_in(&self, lang: Lang) -> String {
        let (yes, no) = (Words::new("yes", "是"), Words::new("no", "否"));
        let said: Vec<String> = FACTS
            .iter()
            .map(|&(fact, bit)| {
                let answer = if self.bits & bit != 0 { yes } else { no }.get(lang);
                match lang {
                    Lang::En => format!("{}: {answer}", fact.get(lang)),
                    Lang::ZhCn => format!("{}：{answer}", fact.get(lang)),
                }
            })
            .collect();
        said.join(match lang {
            Lang::En => "; ",
            Lang::ZhCn => "；",
        })
    }

    /// How sure the reading is: lower for a variant the published analyses never saw.
    pub fn confidence(&self) -> f32 {
        if self.undocumented {
            0.7
        } else {
            1.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(text: &str) -> Vec<Marker> {
        let mut hits = Vec::new();
        find(text, &Doc::measure(text), &mut hits)
    }

    #[test]
    fn documented_variants_decode() {
        let m = &markers("Today\u{2019}s date is 2026/07/03.")[0];
        assert_eq!(m.bits, 0b101);
        assert!(!m.undocumented);
        assert_eq!(markers("Today\u{02BC}s date is 2026-06-30.")[0].bits, 0b010);
        assert_eq!(markers("Today\u{02B9}s date is 2026/06/30.")[0].bits, 0b111);
        assert_eq!(
            markers("The date has changed. Today's date is now 2026/06/30.")[0].bits,
            0b100
        );
    }

    #[test]
    fn the_slot_is_known() {
        let text = "Today\u{2019}s date is 2026/07/03. Don\u{2019}t.";
        assert!(is_slot(text, 5, '\u{2019}'));
        assert!(!is_slot(text, text.rfind('\u{2019}').unwrap(), '\u{2019}'));
    }

    #[test]
    fn the_default_line_gives_nothing() {
        assert!(markers("# currentDate\nToday's date is 2026-06-30.").is_empty());
        assert!(markers("Today is sunny").is_empty());
    }

    #[test]
    fn undocumented_variants() {
        let m = &markers("Today's date is 2026\u{2215}07\u{2215}03.")[0];
        assert!(m.undocumented);
        assert_eq!(m.bits, 0b100);
        assert_eq!(m.marks.len(), 2);
        assert!(markers("Today\u{FF07}s date is 2026-07-03.")[0].undocumented);
        assert!(markers("Today's date is 2026\u{2013}07\u{2013}03.")[0].undocumented);
    }

    #[test]
    fn curly_apostrophe_in_curly_text_is_typography() {
        assert!(markers("It’s late, isn’t it? Today’s date is 2026-07-03.").is_empty());
        assert_eq!(markers("It's late. Today’s date is 2026-07-03.").len(), 1);
        assert_eq!(markers("Today’s date is 2026-07-03.").len(), 1);
        assert_eq!(markers("It’s late. Today’s date is 2026/07/03.").len(), 1);
    }
}
