//! Hidden characters written as escapes (`\u200B`, `&#8203;`, `=E2=80=8B`, ...).
//!
//! Code and JSON legitimately mention a zero-width space now and then (a sanitiser's pattern,
//! a test), so one escape is only worth knowing. A run of them is how a payload hides in a
//! prompt or a tool description, and escaped tag characters have no innocent reading, except
//! where code *lists* characters instead of writing text: a regular expression's character class
//! or alternatives ([`listing::in_pattern`]), distinct characters side by side (a set, where a
//! message repeats the few symbols of its alphabet), or the tag characters of a subdivision flag
//! (England's, Scotland's, Wales's) after an escaped or raw U+1F3F4, or a stretch of a string
//! written wholly in escapes (a generated table, JSON written with `ensure_ascii`). Those are
//! `low` ([`Rule::EscapedListed`]), as is one character escaped a few times over
//! (`&emsp;&emsp;&emsp;` spacing MathML), which carries nothing; a decoder that reads a payload
//! from any of them still raises them.
//!
//! Escapes are judged by what they denote, as the characters themselves would be: a few escaped
//! spaces (fewer than make a mixed run: `&#x02009;&#x0200A;&#x0200A;`, MathML's ThickSpace) are
//! typography, and escaped bidi controls in a line that writes right-to-left letters, raw or
//! escaped (`&#x5E2;&#x5E6;&#x5DD; &#x200F;&#x202A;OLE&#x202C;&#x200F;`), do there the work they
//! do raw: both `low` ([`Rule::EscapedSingle`]) unless a decoder reads a payload from them.
//!
//! Each run of adjacent escapes is one hit; its explanation names the characters the escapes
//! denote (`explain`), a ZERO WIDTH SPACE written as `\u200B`, not a backslash and four digits.

use super::{Hit, Rule};
use crate::catalogue::{self, props};
use crate::decode::escaped::{self, Escape};
use crate::listing;
use crate::report::{Kind, Severity};
use crate::rules::invisible::RUN_HIGH;

/// Escapes in one run that make it `medium`.
const RUN_MEDIUM: usize = 3;
/// Fewest spaces side by side that make a mixed run (`rules::spaces`): fewer escaped are
/// typography.
const SPACING: usize = 4;
/// Bytes on each side of a run of escaped bidi controls searched for right-to-left letters.
const RTL_REACH: usize = 160;

/// Judges every escape of a hidden character in `text`.
pub fn judge(text: &str, hits: &mut Vec<Hit>) {
    let found = escaped::find(text);
    let mut i = 0;
    while i < found.len() {
        let mut j = i + 1;
        while j < found.len() && found[j].start == found[j - 1].end {
            j += 1;
        }
        judge_run(text, &found[i..j], hits);
        i = j;
    }
}

/// Judges one run of adjacent escapes.
fn judge_run(text: &str, run: &[Escape], hits: &mut Vec<Hit>) {
    let (start, end) = (run[0].start, run[run.len() - 1].end);
    let tags = run.iter().any(|e| is_tag(e.decoded));
    if tags && escaped::spells_rgi_flag(text, run) {
        return;
    }
    let repeated = run.iter().all(|e| e.decoded == run[0].decoded);
    // What is `low` as it stands needs no look at its syntax: most escapes stop here.
    let denote = |kind| run.iter().all(|e| catalogue::kind(e.decoded) == Some(kind));
    let mentioned = !tags
        && (run.len() < RUN_MEDIUM
            || repeated && run.len() < RUN_HIGH
            || run.len() < SPACING && denote(Kind::Space)
            || run.len() < RUN_HIGH
                && denote(Kind::BidiControl)
                && writes_rtl_beside(text, start, end));
    let listed = || {
        listing::in_pattern(text, start, end)
            || !tags && listing::among_escapes(text, start, end)
            || !tags && all_distinct(text, run)
            || run.len() == 1 && listing::names_beside(text, start, end, run[0].decoded)
            || run.len() == 1 && tags && listing::is_listed(text, start, end)
    };
    let (severity, rule) = if mentioned {
        (Severity::Low, Rule::EscapedSingle)
    } else if listed() {
        (Severity::Low, Rule::EscapedListed)
    } else if tags {
        (Severity::High, Rule::EscapedTag)
    } else if run.len() >= RUN_HIGH {
        (Severity::High, Rule::EscapedRun)
    } else {
        (Severity::Medium, Rule::EscapedRun)
    };
    hits.push(Hit::new(start, end, severity, rule));
}

/// Whether the line around `start..end` (at most [`RTL_REACH`] bytes each way, the run aside)
/// writes a right-to-left letter, raw or escaped.
fn writes_rtl_beside(text: &str, start: usize, end: usize) -> bool {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(start.saturating_sub(RTL_REACH));
    let to = floor((end + RTL_REACH).min(text.len()));
    let from = text[from..start].rfind('\n').map_or(from, |p| from + p + 1);
    let to = text[end..to].find('\n').map_or(to, |p| end + p);
    let rtl = |from: usize, to: usize| {
        let mut at = from;
        text[from..to].char_indices().any(|(i, c)| {
            let i = from + i;
            if i < at {
                return false;
            }
            let c = escaped::escape_at(text, i).map_or(c, |e| {
                at = e.end;
                e.decoded
            });
            props(c).is_rtl()
        })
    };
    rtl(from, start) || rtl(end, to)
}

fn is_tag(c: char) -> bool {
    ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// No two escapes of the run written alike: a list of characters, not a message.
fn all_distinct(text: &str, run: &[Escape]) -> bool {
    let mut written: Vec<&str> = run.iter().map(|e| &text[e.start..e.end]).collect();
    written.sort_unstable();
    written.windows(2).all(|w| w[0] != w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> Vec<(Severity, Rule)> {
        crate::rules::judged_verdicts(|text, _, hits| judge(text, hits), text)
    }

    #[test]
    fn a_single_escape_is_low() {
        assert_eq!(
            judged(r#"s.split("\u200B")"#),
            vec![(Severity::Low, Rule::EscapedSingle)]
        );
        assert_eq!(
            judged(r#"s.replace(/\u200B\u200C\u200D/g, "")"#),
            vec![(Severity::Low, Rule::EscapedListed)]
        );
        assert_eq!(
            judged("<mi>&emsp;&emsp;&emsp;</mi>"),
            vec![(Severity::Low, Rule::EscapedSingle)]
        );
        assert!(judged(r#"{"name": "caf\u00e9\n"}"#).is_empty());
    }

    #[test]
    fn runs_and_tags_are_flagged() {
        assert_eq!(
            judged(r#""Hi\u200B\u200C\u200B there""#),
            vec![(Severity::Medium, Rule::EscapedRun)]
        );
        assert_eq!(
            judged(r#""\uDB40\uDC41\uDB40\uDC42""#),
            vec![(Severity::High, Rule::EscapedTag)]
        );
        // CPython's test_unicode.py (PSF-2.0): one tag character, alone in a string, is a mention.
        assert_eq!(
            judged(r"        self.assertFalse('\U000E0020'.isprintable())"),
            vec![(Severity::Low, Rule::EscapedListed)]
        );
        let message = r"\u200B\u200C".repeat(8);
        assert_eq!(
            judged(&format!(r#"{{"description": "Reads a file.{message}"}}"#)),
            vec![(Severity::High, Rule::EscapedRun)]
        );
    }

    /// ESLint's `no-irregular-whitespace` (lib/rules/no-irregular-whitespace.js, MIT) and a
    /// sanitiser's range: character classes describe the characters.
    #[test]
    fn classes_ranges_and_alternatives_are_listed() {
        let eslint = r"const ALL_IRREGULARS = /[\f\v\u0085\ufeff\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\u2028\u2029]/u;";
        let verdicts = judged(eslint);
        assert!(!verdicts.is_empty());
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Low),
            "{verdicts:?}"
        );
        for t in [
            r"text.replace(/[\u200B-\u200D\uFEFF]/g, '')",
            r"/(?:\u200b\u200b|\u200c\u200c|\u200d\u200d)/",
            r#"const ZW = "\u200B\u200C\u200D\u2060\uFEFF";"#,
            "&ZeroWidthSpace;&NegativeVeryThinSpace;&NegativeThinSpace;",
        ] {
            assert!(
                judged(t).iter().all(|&(s, _)| s == Severity::Low),
                "{t}: {:?}",
                judged(t)
            );
        }
    }

    /// emoji-regex 10.x (index.js, MIT): the tag sequences of the subdivision flags, factored
    /// into alternatives.
    #[test]
    fn the_subdivision_flags_of_an_emoji_regex_are_listed() {
        let emoji_regex = r"|\uDFF4(?:\u200D\u2620\uFE0F?|\uDB40\uDC67\uDB40\uDC62\uDB40(?:\uDC65\uDB40\uDC6E\uDB40\uDC67|\uDC73\uDB40\uDC63\uDB40\uDC74|\uDC77\uDB40\uDC6C\uDB40\uDC73)\uDB40\uDC7F)?)|\uD83D(?:";
        let verdicts = judged(emoji_regex);
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Low),
            "{verdicts:?}"
        );
        let wales = r#"FLAGS = {"wales": "\U0001F3F4\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F"}"#;
        assert!(judged(wales).is_empty(), "{:?}", judged(wales));
        let texas = r#""\U0001F3F4\U000E0075\U000E0073\U000E0074\U000E0078\U000E007F""#;
        assert_eq!(judged(texas), vec![(Severity::High, Rule::EscapedTag)]);
    }

    /// Unicode's collation tests (CLDR common/uca, Unicode-3.0) and CPython's
    /// test_codeccallbacks.py (PSF-2.0) name the character they escape.
    #[test]
    fn an_escape_named_on_its_line_is_listed() {
        for t in [
            "E0001 0021;\t# ('\\U000E0001') LANGUAGE TAG\t[0167 | 0020 | 0002 |]",
            "            (\"\\U000e007f\", \"\\\\N{CANCEL TAG}\"),",
        ] {
            assert_eq!(judged(t), vec![(Severity::Low, Rule::EscapedListed)], "{t}");
        }
        // A code point that only looks alike (E00010) names nothing.
        assert_eq!(
            judged("x = 'a\\U000E0001' # E00010"),
            vec![(Severity::High, Rule::EscapedTag)]
        );
    }

    /// SymPy 1.14 (sympy/utilities/mathml/data/mmltex.xsl, BSD-3-Clause) and LibreOffice 7.4's
    /// Hebrew language pack (share/.registry/res/registry_he.xcd, MPL-2.0): escapes judged as
    /// what they denote.
    #[test]
    fn escapes_are_judged_as_what_they_denote() {
        let low = vec![(Severity::Low, Rule::EscapedSingle)];
        let thick = "\t<xsl:when test=\"contains($content,'&#x02009;&#x0200A;&#x0200A;')\">\t<!-- ThickSpace - space of width 5/18 em -->";
        assert_eq!(judged(thick), low);
        let hebrew = "        <value xml:lang=\"he\">&#x5E2;&#x5E6;&#x5DD; &#x200F;&#x202A;OLE&#x202C;&#x200F;&#x200F;</value>";
        assert_eq!(judged(hebrew), [low.clone(), low].concat());
        // Four spaces of three kinds make a mixed run; bidi controls beside no right-to-left
        // letter, or a run of ten, stay judged as runs.
        let mixed = "'&#x2009;&#x200A;&#x2002;&#x2009;'";
        assert_eq!(judged(mixed), vec![(Severity::Medium, Rule::EscapedRun)]);
        let latin = "<value>&#x5A;&#x5B; &#x202C;&#x200F;&#x200F;</value>";
        assert_eq!(judged(latin), vec![(Severity::Medium, Rule::EscapedRun)]);
        let many = format!("<value>&#x5E2; {}</value>", "&#x200E;&#x200F;".repeat(5));
        assert_eq!(judged(&many), vec![(Severity::High, Rule::EscapedRun)]);
    }

    #[test]
    fn a_run_of_escapes_is_one_hit() {
        let text = r"a\u200B\u200B\u200C&zwnj;b";
        let hits = crate::rules::judged(|text, _, hits| judge(text, hits), text);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].end), (1, 25));
    }
}
