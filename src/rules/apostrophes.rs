//! Apostrophes: the look-alike channel that carried the 2026 date-line marker and Genius's
//! "RED HANDED" watermark.
//!
//! Curly quotes are everyday autocorrect and stay quiet. What is judged is the apostrophe
//! inside a word, against the text's own habit: a modifier letter (ʼ ʹ) or a prime (′) where
//! the rest of the text writes ' or ’, and ' and ’ alternating regularly.

use super::{Detail, Hit};
use crate::catalogue::{props, Script};
use crate::context::Doc;
use crate::report::{Kind, Severity};
use crate::text;

/// Look-alike apostrophes that are `medium` inside a Latin word among ' or ’ apostrophes.
/// (The ʻokina U+02BB and U+02BD are letters of Hawaiian and other languages.)
const MARKING: [char; 4] = ['\u{02BC}', '\u{02B9}', '\u{2032}', '\u{FF07}'];

/// Judges the word-internal apostrophes recorded in `doc`.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let ordinary = doc.apostrophes_of('\'') + doc.apostrophes_of('\u{2019}');
    let modifiers = doc
        .apostrophes()
        .iter()
        .filter(|&&(_, c)| c != '\'' && c != '\u{2019}' && c != '\u{2018}')
        .count();
    if ordinary > modifiers {
        let usual = if doc.apostrophes_of('\u{2019}') > doc.apostrophes_of('\'') {
            '\u{2019}'
        } else {
            '\''
        };
        for &(at, c) in doc
            .apostrophes()
            .iter()
            .filter(|(_, c)| MARKING.contains(c))
        {
            let latin = |x: Option<char>| x.is_some_and(|x| props(x).script() == Script::Latin);
            if latin(text::char_before(text, at)) || latin(text::char_at(text, at + c.len_utf8())) {
                hits.push(
                    Hit::new(
                        at,
                        at + c.len_utf8(),
                        Kind::HomoglyphQuote,
                        Severity::Medium,
                        "homoglyph-quote/modifier-apostrophe",
                    )
                    .with(Detail::Prevailing(usual)),
                );
            }
        }
    }
    alternation(doc, hits);
}

/// The Genius pattern: at least 8 word-internal ' or ’, the rarer style at least a quarter of
/// them, at least 4 switches.
fn alternation(doc: &Doc, hits: &mut Vec<Hit>) {
    let styles: Vec<(usize, char)> = doc
        .apostrophes()
        .iter()
        .copied()
        .filter(|&(_, c)| c == '\'' || c == '\u{2019}')
        .collect();
    let straight = styles.iter().filter(|&&(_, c)| c == '\'').count();
    let curly = styles.len() - straight;
    let switches = styles.windows(2).filter(|w| w[0].1 != w[1].1).count();
    if styles.len() < 8 || straight.min(curly) * 4 < styles.len() || switches < 4 {
        return;
    }
    let (rare, usual) = if straight < curly {
        ('\'', '\u{2019}')
    } else {
        ('\u{2019}', '\'')
    };
    for &(at, c) in &styles {
        if c == rare {
            hits.push(
                Hit::new(
                    at,
                    at + c.len_utf8(),
                    Kind::HomoglyphQuote,
                    Severity::High,
                    "homoglyph-quote/alternating-apostrophes",
                )
                .with(Detail::Prevailing(usual)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> Vec<&'static str> {
        let mut hits = Vec::new();
        judge(text, &Doc::measure(text), &mut hits);
        hits.into_iter().map(|h| h.rule).collect()
    }

    #[test]
    fn consistent_apostrophes_are_innocent() {
        assert!(judged("don’t can’t won’t it’s applications’ ‘quoted’ “double”").is_empty());
        assert!(judged("don't can't won't it's").is_empty());
        assert!(judged("Oʻzbekiston oʻzbek tilida soʻz maʼlumot").is_empty());
        assert!(judged("Hawaiʻi isn't far, it's close").is_empty());
        assert!(judged("don't and can’t, once each").is_empty());
        assert!(judged("impliquer `shortest`afin qu'il").is_empty());
    }

    #[test]
    fn modifier_apostrophe_among_ascii_ones_is_medium() {
        assert_eq!(
            judged("don't can't wonʼt"),
            vec!["homoglyph-quote/modifier-apostrophe"]
        );
        assert_eq!(
            judged("it's here, it's there, it′s gone"),
            vec!["homoglyph-quote/modifier-apostrophe"]
        );
        assert!(judged("wonʼt, alone").is_empty());
    }

    #[test]
    fn genius_alternation_is_high() {
        let t = "don't can’t won't it’s we're you’re they're I’m she's he’s";
        let rules = judged(t);
        assert_eq!(rules.len(), 5);
        assert!(rules
            .iter()
            .all(|&r| r == "homoglyph-quote/alternating-apostrophes"));
    }
}
