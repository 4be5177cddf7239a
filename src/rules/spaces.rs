//! Unicode spaces other than U+0020.
//!
//! No-break, narrow no-break, thin and hair spaces are everyday typography (French punctuation,
//! digit groups, `3:27 PM` from ICU, web layout) and stay quiet when they stand singly or in a
//! run of one kind. Quads, em/en spaces and their kin between words are unusual, and several
//! kinds alternating between the words of one passage read as an alphabet. A space that code
//! lists (`numsp: '\u{2007}'` in an entity table, a checkbox `[\u{2007}]`) is named, not used.

use super::{Hit, Rule};
use crate::catalogue::props;
use crate::context::Doc;
use crate::listing;
use crate::report::{Kind, Severity};
use crate::text;

/// Spaces of everyday typography: quiet one by one and in the alternation rule (Czech puts NBSP
/// after one-letter prepositions and NNBSP in numbers in the same sentence).
const EVERYDAY: [char; 4] = ['\u{00A0}', '\u{202F}', '\u{2009}', '\u{200A}'];

/// Judges every non-ASCII space of `text`.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let first = hits.len();
    let mut alternate: Vec<(usize, char)> = Vec::new();
    let mut gaps: Vec<(usize, char)> = Vec::new();
    let mut paragraph_start = 0;
    for &(i, c, kind) in &doc.candidates {
        if kind != Kind::Space {
            continue;
        }
        let end = i + c.len_utf8();
        // Neighbours as a reader sees them: once `clean` removes invisible characters around a
        // space, it stands where these are.
        let before = text::visible_before(text, i);
        let after = text::visible_after(text, end);
        let word = |x: Option<char>| x.is_some_and(|x| props(x).is_word());
        let between_words = word(before) && word(after);
        if text::has_blank_line(&text[paragraph_start..i]) {
            alternating(&gaps, &mut alternate);
            gaps.clear();
        }
        paragraph_start = i;
        if between_words && !EVERYDAY.contains(&c) {
            gaps.push((i, c));
        }
        let same_kind_neighbour = before == Some(c) || after == Some(c);
        let innocent = match c {
            c if EVERYDAY.contains(&c) => true,
            '\u{2028}' | '\u{2029}' | '\u{0085}' => true,
            '\u{3000}' => doc.cjk > 0 || !between_words,
            '\u{2007}' => [before, after]
                .iter()
                .flatten()
                .any(|d| props(*d).is_digit()),
            _ => !between_words || same_kind_neighbour && !word(before) && !word(after),
        };
        if !innocent && !listing::is_listed(text, i, end) {
            hits.push(Hit::new(i, end, Severity::Medium, Rule::SpaceBetweenWords));
        }
    }
    alternating(&gaps, &mut alternate);
    mark_alternating(&alternate, first, hits);
    mixed_runs(doc, hits);
}

/// Fewest spaces in a mixed run, and fewest kinds among them: padding repeats one space, and
/// typography puts at most two side by side (a no-break space before an em space).
const MIXED_RUN: (usize, usize) = (4, 3);

/// Runs of adjacent non-ASCII spaces of several kinds: what writes a number's digits in spaces
/// (textwatermark puts such a run at the start of the text).
fn mixed_runs(doc: &Doc, hits: &mut Vec<Hit>) {
    let spaces = doc.candidates.iter().filter(|&&(_, _, k)| k == Kind::Space);
    let mut run: Vec<(usize, char)> = Vec::new();
    // The spaces of every mixed run, in text order.
    let mut mixed: Vec<(usize, char)> = Vec::new();
    let mut flush = |run: &mut Vec<(usize, char)>| {
        if run.len() < MIXED_RUN.0 {
            run.clear();
            return;
        }
        let mut kinds: Vec<char> = run.iter().map(|&(_, c)| c).collect();
        kinds.sort_unstable();
        kinds.dedup();
        // Spaces in code point order are a list of them (a regex class, a table), not digits.
        let listed = run.windows(2).all(|w| w[0].1 < w[1].1);
        if kinds.len() >= MIXED_RUN.1 && !listed {
            mixed.append(run);
        }
        run.clear();
    };
    for &(i, c, _) in spaces {
        if run
            .last()
            .is_some_and(|&(at, prev)| at + prev.len_utf8() != i)
        {
            flush(&mut run);
        }
        run.push((i, c));
    }
    flush(&mut run);
    if mixed.is_empty() {
        return;
    }
    // A space another rule of this family flagged keeps that rule: one pass over the hits
    // (text where every character is suspect has millions), each looked up among the spaces.
    let mut flagged = vec![false; mixed.len()];
    for h in hits.iter() {
        if let Ok(k) = mixed.binary_search_by_key(&h.start, |&(i, _)| i) {
            flagged[k] = true;
        }
    }
    for (&(i, c), flagged) in mixed.iter().zip(flagged) {
        if !flagged {
            hits.push(Hit::on(i, c, Severity::Medium, Rule::SpaceMixedRun));
        }
    }
}

/// Two or more kinds of unusual space alternating between the words of one passage.
fn alternating(gaps: &[(usize, char)], alternate: &mut Vec<(usize, char)>) {
    let switches = gaps.windows(2).filter(|w| w[0].1 != w[1].1).count();
    if switches >= 3 && gaps.len() >= 4 {
        alternate.extend_from_slice(gaps);
    }
}

/// Gives the alternating gaps their rule: this rule's own hits (from `first` on, in text order)
/// are relabelled, the other gaps get a hit of their own. Sorted lookups keep it linear-ish on
/// text where every gap alternates.
fn mark_alternating(alternate: &[(usize, char)], first: usize, hits: &mut Vec<Hit>) {
    let mut added = Vec::new();
    for &(i, c) in alternate {
        let own = &mut hits[first..];
        match own.binary_search_by_key(&i, |h| h.start) {
            Ok(k) => own[k].rule = Rule::SpaceAlternating,
            Err(_) => added.push(Hit::on(i, c, Severity::Medium, Rule::SpaceAlternating)),
        }
    }
    hits.extend(added);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::judged_rules;

    #[test]
    fn everyday_typography_is_innocent() {
        assert!(judged_rules(
            judge,
            "Fichier\u{202F}: introuvable\u{202F}! « Bonjour\u{202F}» 1\u{00A0}000\u{00A0}000"
        )
        .is_empty());
        assert!(judged_rules(judge, "3:27\u{202F}PM, 50\u{00A0}%").is_empty());
        assert!(judged_rules(judge, "日本語\u{3000}テキスト").is_empty());
        assert!(judged_rules(judge, "  1\u{2007}234").is_empty());
    }

    #[test]
    fn a_run_of_mixed_spaces_is_medium() {
        // textwatermark's WHITESPACE_CHARS: the digits of a number at the start of the text.
        let run = "\u{2000}\u{A0}\u{A0}\u{2008}\u{2005}\u{2004}\u{2009}\u{2000}";
        let rules = judged_rules(judge, &format!("{run}El museo de la ciudad"));
        assert_eq!(rules, vec![Rule::SpaceMixedRun; 8]);
        // xregexp's Space_Separator class (MIT): the spaces listed in code point order.
        let listed = "bmp:\"  \u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\
                      \u{2007}\u{2008}\u{2009}\u{200A}\u{202F}\u{205F}\u{3000}\"";
        assert!(!judged_rules(judge, listed).contains(&Rule::SpaceMixedRun));
        // Padding and a heading's spacing are one or two kinds.
        assert!(judged_rules(judge, "Total\u{A0}\u{A0}\u{A0}\u{A0}12").is_empty());
        assert!(judged_rules(judge, "1.\u{A0}\u{2003}Introduction").is_empty());
    }

    #[test]
    fn unusual_spaces_between_words_are_medium() {
        assert_eq!(
            judged_rules(judge, "the\u{2006}quick brown"),
            vec![Rule::SpaceBetweenWords]
        );
        let ninam = "a\u{2005}b c\u{2008}d e\u{2005}f g\u{2008}h i\u{2005}j";
        assert!(judged_rules(judge, ninam)
            .iter()
            .all(|&r| r == Rule::SpaceAlternating));
        assert_eq!(judged_rules(judge, ninam).len(), 5);
        assert!(judged_rules(
            judge,
            "v\u{00A0}Praze je 10\u{202F}000 lidí a\u{00A0}v\u{00A0}Brně 5\u{202F}000 a\u{00A0}tak"
        )
        .is_empty());
    }
}
