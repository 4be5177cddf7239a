//! Apostrophes: the look-alike channel that carried the 2026 date-line marker and Genius's
//! "RED HANDED" watermark.
//!
//! Curly quotes are everyday autocorrect and stay quiet. What is judged is the apostrophe
//! inside a word, against the text's own habit: a modifier letter (ʼ ʹ) or a prime (′) where
//! the rest of the text writes ' or ’, and ' and ’ alternating regularly.
//!
//! A text written in another script has no habit for its Latin words: they are names and
//! quotes, each with its source's apostrophe (`Lower Princeʼs Quarter` in Uzbek Cyrillic locale
//! data, whose writers type ʼ as a letter in Uzbek Latin), `low`. A long text that writes one
//! style and slips into the other now and then (a translated manual page touched by a second
//! hand) is `low` too. What is read from the choices (a payload decoded) is raised whatever
//! the text.

use super::{Detail, Hit, Rule};
use crate::catalogue::{props, Script};
use crate::context::Doc;
use crate::report::Severity;
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
        let severity = if written_in_another_script(doc) {
            Severity::Low
        } else {
            Severity::Medium
        };
        for &(at, c) in doc
            .apostrophes()
            .iter()
            .filter(|(_, c)| MARKING.contains(c))
        {
            if contraction(text, at, c) {
                hits.push(
                    Hit::on(at, c, severity, Rule::ModifierApostrophe)
                        .with(Detail::Prevailing(usual)),
                );
            }
        }
    }
    alternation(text, doc, hits);
}

/// Written in a script other than Latin beside its ASCII: Cyrillic or Greek, a script that
/// uses joiners, or one that separates words with U+200B.
fn written_in_another_script(doc: &Doc) -> bool {
    doc.cyrillic_greek_beside_ascii() || doc.uses_joiners() || doc.writes_without_spaces()
}

/// An English contraction: a Latin letter, the apostrophe, then `s`, `t`, `d`, `m`, `re`, `ve`
/// or `ll` ending the word (`donʼt`, `itʼs`, `weʼre`). Names written with a modifier letter
/// (`Kʼicheʼ`, `Gwichʼin`, `Hawaiʻi`) are not contractions.
fn contraction(text: &str, at: usize, c: char) -> bool {
    let latin = text::char_before(text, at).is_some_and(|x| props(x).script() == Script::Latin);
    let rest = &text[at + c.len_utf8()..];
    let len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let ends = rest[len..]
        .chars()
        .next()
        .is_none_or(|x| !props(x).is_word());
    latin && ends && matches!(&rest[..len], "s" | "t" | "d" | "m" | "re" | "ve" | "ll")
}

/// Longest stretch of text (visible characters) the Genius pattern is looked for in: a song, a
/// page (what 2,000 bytes of accented Latin text hold).
const PASSAGE: usize = 1900;

/// Where each of the `marks` stands in `text`, counted in visible characters: invisible ones
/// and the byte lengths of look-alikes do not count, so that a passage holds the same marks
/// before and after `clean` removes or replaces characters.
fn visible_places(text: &str, doc: &Doc, marks: &[(usize, char)]) -> Vec<usize> {
    let invisible: Vec<usize> = doc
        .candidates
        .iter()
        .filter(|&&(_, _, kind)| kind.is_invisible())
        .map(|&(at, _, _)| at)
        .collect();
    let mut chars = 0;
    let mut from = 0;
    marks
        .iter()
        .map(|&(at, _)| {
            chars += text::count_chars(&text.as_bytes()[from..at]);
            from = at;
            chars - invisible.partition_point(|&i| i < at)
        })
        .collect()
}

/// The Genius pattern: within one passage, at least 8 apostrophes between Latin letters
/// written ' or ’, the rarer style at least a quarter of them, at least 4 switches, two of them
/// inside a line. (Where the apostrophe is a letter, as in Ukrainian, and in message catalogues
/// whose lines come from many translators, each line keeps one style and the styles mix only
/// from line to line.)
fn alternation(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let latin = |x: Option<char>| x.is_some_and(|x| props(x).script() == Script::Latin);
    let styles: Vec<(usize, char)> = doc
        .apostrophes()
        .iter()
        .copied()
        .filter(|&(at, c)| {
            (c == '\'' || c == '\u{2019}')
                && latin(text::visible_before(text, at))
                && !super::date_marker::is_slot(text, at, c)
        })
        .collect();
    let straight_total = styles.iter().filter(|&&(_, c)| c == '\'').count();
    // A passage needs 8 apostrophes, the rarer style a quarter of them: two of each at least.
    if styles.len() < 8 || straight_total < 2 || styles.len() - straight_total < 2 {
        return;
    }
    let (rare, usual) = if straight_total * 2 < styles.len() {
        ('\'', '\u{2019}')
    } else {
        ('\u{2019}', '\'')
    };
    let place = visible_places(text, doc, &styles);
    let mut marked = vec![false; styles.len()];
    let mut end = 0;
    for start in 0..styles.len() {
        end = end.max(start);
        while end + 1 < styles.len() && place[end + 1] - place[start] <= PASSAGE {
            end += 1;
        }
        let window = &styles[start..=end];
        let straight = window.iter().filter(|&&(_, c)| c == '\'').count();
        let curly = window.len() - straight;
        let switches = window.windows(2).filter(|w| w[0].1 != w[1].1).count();
        let same_line = |a: usize, b: usize| !text.as_bytes()[a..b].contains(&b'\n');
        let in_line = window
            .windows(2)
            .filter(|w| w[0].1 != w[1].1 && same_line(w[0].0, w[1].0))
            .count();
        if window.len() >= 8
            && straight.min(curly) * 4 >= window.len()
            && switches >= 4
            && in_line >= 2
        {
            for (k, &(_, c)) in window.iter().enumerate() {
                marked[start + k] |= c == rare;
            }
        }
    }
    // A long text that writes both styles throughout (a translated manual whose pages come from
    // several hands) alternates somewhere by habit: `low` there, unless a decoder reads it.
    let habit = styles.len() >= HABIT
        && (styles.len() - straight_total).min(straight_total) * 4 >= styles.len();
    // And across the whole text, a watermark switches style about as often as choices made at
    // random would (between two neighbours with probability 2pq); people write a passage in
    // one style and the next in another, so their styles come in clusters: fewer than three
    // quarters of the switches random choices would make. Clustered mixes are `low` too, once
    // there are enough apostrophes to tell (a byte or two of bits can come in runs).
    let (n, curly_total) = (styles.len(), styles.len() - straight_total);
    let switches_total = styles.windows(2).filter(|w| w[0].1 != w[1].1).count();
    let clustered = n >= CLUSTER_MIN
        && switches_total * 4 * n * n < 3 * 2 * straight_total * curly_total * (n - 1);
    // A long text whose rarer style is under a quarter of its apostrophes writes the other and
    // slips now and then; a watermark spelling bits uses both about evenly where it is, and
    // where it is a small part of a long text, it is read (a payload) rather than judged here.
    let slips = n >= CLUSTER_MIN && straight_total.min(curly_total) * 4 < n;
    let severity = if habit || clustered || slips {
        Severity::Low
    } else {
        Severity::High
    };
    for (&(at, c), _) in styles.iter().zip(&marked).filter(|(_, &m)| m) {
        hits.push(
            Hit::on(at, c, severity, Rule::AlternatingApostrophes).with(Detail::Prevailing(usual)),
        );
    }
}

/// Apostrophes of both styles (the rarer a quarter at least) in a text that make mixing its
/// habit rather than a pattern: many times a song's worth.
const HABIT: usize = 40;
/// Fewest apostrophes in which clustered styles tell a team's habit from bits.
const CLUSTER_MIN: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str) -> Vec<Rule> {
        crate::rules::judged_rules(judge, text)
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
        assert_eq!(judged("don't can't wonʼt"), vec![Rule::ModifierApostrophe]);
        assert_eq!(
            judged("it's here, it's there, it′s gone"),
            vec![Rule::ModifierApostrophe]
        );
        assert!(judged("wonʼt, alone").is_empty());
    }

    #[test]
    fn mixed_styles_far_apart_are_innocent() {
        let filler =
            " Ordinary words without any apostrophe at all fill this line of the catalogue."
                .repeat(4);
        let t: String = [
            "l'outil",
            "l’outil",
            "d'un",
            "d’un",
            "qu'il",
            "qu’il",
            "l'app",
            "l’app",
            "s'il",
            "s’il",
        ]
        .iter()
        .map(|w| format!("{w}{filler}\n"))
        .collect();
        assert!(judged(&t).is_empty());
        assert!(judged("м'який м’який п'ять п’ять об'єкт об’єкт м'ята м’ята").is_empty());
    }

    #[test]
    fn genius_alternation_is_high() {
        let t = "don't can’t won't it’s we're you’re they're I’m she's he’s";
        let rules = judged(t);
        assert_eq!(rules.len(), 5);
        assert!(rules.iter().all(|&r| r == Rule::AlternatingApostrophes));
    }

    /// A French manual mixing ' and ’ throughout (the pattern of manpages-fr's pages, GPL: here
    /// made of common elisions) is its habit; a song's worth of alternation is not.
    #[test]
    fn a_long_text_mixing_both_styles_throughout_is_low() {
        let sentence = "l'option d’intervalle qu'il n’est l'heure d’un ";
        let manual = sentence.repeat(8);
        let verdicts = crate::rules::judged_verdicts(judge, &manual);
        assert!(!verdicts.is_empty());
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Low),
            "{verdicts:?}"
        );
        let song = "don't can’t won't it’s we're you’re they're I’m she's he’s";
        assert!(crate::rules::judged_verdicts(judge, song)
            .iter()
            .all(|&(s, _)| s == Severity::High));
    }

    /// Class K3 of issue 17: a team's mix of ' and ’ comes in clusters; bits switch about as
    /// often as random choices, and a payload in them is read and raised.
    #[test]
    fn clustered_styles_are_low() {
        // Sphinx 8, sphinx/locale/fr/LC_MESSAGES/sphinx.po (BSD-2-Clause), and the lines
        // around it in the same style.
        let mixed = "msgstr \"l’extension %s ne se déclare pas compatible à la lecture en parallèle, on supposera qu’elle ne l'est pas - merci de demander à l'auteur de l’extension de vérifier ce qu’il en est\"\n";
        let straight = "msgstr \"l'option d'aide n'est pas l'objet d'un test\"\n";
        let curly = "msgstr \"l’option d’aide n’est pas l’objet d’un test\"\n";
        let text = [
            straight.repeat(3),
            mixed.into(),
            straight.into(),
            mixed.into(),
            curly.repeat(3),
        ]
        .concat();
        let verdicts = crate::rules::judged_verdicts(judge, &text);
        assert!(!verdicts.is_empty());
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Low),
            "{verdicts:?}"
        );
        // The same mix spelling bits throughout is high.
        let words = ["l'a", "l’a", "d'a", "d’a", "l’a", "l'a", "d’a", "d'a"].repeat(4);
        let verdicts = crate::rules::judged_verdicts(judge, &words.join(" "));
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::High),
            "{verdicts:?}"
        );
        // Paired: apostrophes spelling "okay" (one bit each, curly for 1) are decoded and high.
        let cover = "Researchers can't say that the new catalyst reduced energy use by nearly \
                     a fifth in lab-scale tests - a result that's open to peer review. ";
        let paired = spelled(&cover.repeat(20), b"okay", '\u{2019}');
        assert_eq!(decoded(&paired), (vec!["okay".to_string()], true));
    }

    #[test]
    fn passages_count_visible_characters() {
        let words = [
            "don't", "can’t", "won't", "it’s", "we're", "you’re", "they're", "I’m",
        ];
        let hidden = "\u{200B}".repeat(400);
        let with_runs = words.join(&format!(" {hidden} "));
        let plain = words.join("  ");
        assert_eq!(judged(&with_runs).len(), judged(&plain).len());
        assert_eq!(judged(&plain).len(), 4);
    }

    /// Spells `secret` in the apostrophes of `text`, ' or ’ (1 = curly), from the first; the
    /// ones after it straight.
    fn spelled(text: &str, secret: &[u8], curly: char) -> String {
        let mut bits = crate::testing::bits_of(secret).into_iter();
        text.chars()
            .map(|c| match c {
                '\'' | '\u{2019}' if bits.next() == Some(true) => curly,
                '\'' | '\u{2019}' => '\'',
                c => c,
            })
            .collect()
    }

    /// The payloads `scan` decodes from `text`, and whether it reports a high finding.
    fn decoded(text: &str) -> (Vec<String>, bool) {
        let report = crate::scan(text, &crate::Options::default());
        let payloads = report
            .payloads
            .iter()
            .filter_map(|p| p.text.clone())
            .collect();
        let high = report.findings.iter().any(|f| f.severity == Severity::High);
        (payloads, high)
    }

    /// Issue 17, section 2: manpages-fr 4.18, man1/more.1 (GPL-2.0+), the passage flagged, then
    /// the page's other apostrophes, straight: a manual that slips into curly ones now and then
    /// is `low`. Paired: the same page with its apostrophes spelling a word is read and raised.
    #[test]
    fn a_long_text_slipping_into_the_other_style_is_low() {
        let passage = "commande n'est pas exécutée sur un terminal.\n\
                       Compter les lignes logiques plutôt que celles de l'écran, c'est\\-à\\-dire que\n\
                       Ne pas dérouler\\ : effacer plutôt l’écran avant d'afficher le\n\
                       l’exécutable s'appelle \\fBpage\\fP.\n\
                       issue d'une autre source, telle que le nombre de lignes, indiquée par le\n\
                       Une option numérique signifie la même chose que le paramètre de l'option\n\
                       Afficher l’aide\\-mémoire puis quitter.\n";
        let others = "Rafraîchir l'écran.\n".repeat(12);
        let page = format!("{others}{passage}");
        let verdicts = crate::rules::judged_verdicts(judge, &page);
        assert!(!verdicts.is_empty());
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Low),
            "{verdicts:?}"
        );
        // The passage alone is a song's worth of alternation: high.
        let verdicts = crate::rules::judged_verdicts(judge, passage);
        assert_eq!(verdicts.len(), 3);
        assert!(verdicts.iter().all(|&(s, _)| s == Severity::High));
        let long = format!("{}{passage}", "Rafraîchir l'écran.\n".repeat(40));
        assert_eq!(
            decoded(&spelled(&long, b"okay", '\u{2019}')),
            (vec!["okay".to_string()], true)
        );
    }

    /// CLDR 41, common/main/uz_Cyrl.xml (Unicode-3.0): in Cyrillic locale data the English
    /// names keep their sources' apostrophes; a modifier letter among them is `low`. Paired:
    /// modifier letters spelling a word in such a text are read and raised.
    #[test]
    fn a_modifier_apostrophe_in_a_text_of_another_script_is_low() {
        let cyrillic = "\t\t\t<territory type=\"CI\">\u{041a}\u{043e}\u{0442}-\u{0434}\u{2019}\u{0418}\u{0432}\u{0443}\u{0430}\u{0440}</territory>\n\
                        \t\t\t<territory type=\"UZ\">\u{040e}\u{0437}\u{0431}\u{0435}\u{043a}\u{0438}\u{0441}\u{0442}\u{043e}\u{043d}</territory>\n"
            .repeat(3);
        let names = "\t\t\t\t<exemplarCity>Dumont d\u{2019}Urville</exemplarCity>\n\
                     \t\t\t\t<exemplarCity>St. John\u{2019}s</exemplarCity>\n\
                     \t\t\t\t<exemplarCity>Lower Prince\u{02bc}s Quarter</exemplarCity>\n";
        let data = format!("{cyrillic}{names}");
        assert_eq!(
            crate::rules::judged_verdicts(judge, &data),
            [(Severity::Low, Rule::ModifierApostrophe)]
        );
        // The same names in English text are medium.
        assert_eq!(
            crate::rules::judged_verdicts(judge, names),
            [(Severity::Medium, Rule::ModifierApostrophe)]
        );
        let cover = "Researchers can't say that the catalyst works - it's open to review.\n";
        let cyrillic_only: String = cyrillic.replace('\u{2019}', "");
        let text = format!(
            "{}{cyrillic_only}",
            spelled(&cover.repeat(20), b"okay", '\u{02bc}')
        );
        assert_eq!(decoded(&text), (vec!["okay".to_string()], true));
    }
}
