//! Look-alike letters from another script inside a word.
//!
//! A Cyrillic `а` inside an English word is a classic way to make each copy of a document
//! unique, or a domain name that is not what it seems. Inside a Russian or Greek text the same
//! letters are the text itself, and mixed words happen (brand names, typos): there only several
//! mixed words on one line are suspicious; where such a text stands beside English (a
//! catalogue's sources, locale data's keys), a Latin word with a letter of its script is a
//! typo or a brand name declined (`Рixbuf`, `Тell`), `low`. A letter that code lists (a range
//! of a Unicode category's table, `\u{1E00}-\u{1F15}`: [`listing::is_listed`]) is named, not
//! written.

use super::{Detail, Hit, Rule};
use crate::catalogue::{self, props, Script};
use crate::context::Doc;
use crate::listing;
use crate::report::{Kind, Severity};
use crate::text;

/// Mixed words on one line of a Cyrillic or Greek text that make it suspicious.
const MIXED_WORDS_IN_LINE: usize = 2;
/// Most look-alikes in Latin words of a text written in their script beside its ASCII that are
/// typos; more spread over its English are a mark (`medium`).
const TYPOS: usize = 3;

/// Judges every look-alike letter that sits in a word with Latin letters.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let mut pending: Vec<Hit> = Vec::new();
    let mut words_in_paragraph = 0;
    let mut last_word = (usize::MAX, 0);
    let mut paragraph_start = 0;
    let typos_from = hits.len();
    for &(i, c, kind) in &doc.candidates {
        if kind != Kind::Confusable || props(c).is_rtl() {
            continue;
        }
        let (ws, we) = text::word_around(text, i);
        let word = &text[ws..we];
        let latin = word
            .chars()
            .filter(|&w| props(w).script() == Script::Latin)
            .count();
        if latin == 0 {
            continue;
        }
        let other = word.chars().filter(|&w| props(w).is_letter()).count() - latin;
        if !doc.mostly_cyrillic_greek() {
            if latin > other
                && !joined_words(word)
                && !listing::is_listed(text, i, i + c.len_utf8())
            {
                let (ts, te) = text::token_around(text, i);
                let (severity, rule) = if text::is_machine_token(&text[ts..te]) {
                    (Severity::High, Rule::ConfusableInIdentifier)
                } else if doc.cyrillic_greek_beside_ascii()
                    && matches!(props(c).script(), Script::Cyrillic | Script::Greek)
                    && writes_beside(text, ws, we)
                {
                    // A typo or a brand name declined in a catalogue written in that script.
                    (Severity::Low, Rule::MixedScriptWord)
                } else {
                    (Severity::Medium, Rule::MixedScriptWord)
                };
                hits.push(Hit::on(i, c, severity, rule).with(Detail::Word(ws, we)));
            }
            continue;
        }
        if last_word == (ws, we) || latin > other {
            continue;
        }
        last_word = (ws, we);
        if text[paragraph_start.min(ws)..ws].contains('\n') {
            flush(&mut pending, words_in_paragraph, hits);
            words_in_paragraph = 0;
        }
        paragraph_start = ws;
        let before = pending.len();
        latin_inside(text, ws, we, &mut pending);
        if pending.len() > before {
            words_in_paragraph += 1;
        }
    }
    flush(&mut pending, words_in_paragraph, hits);
    let is_typo = |h: &Hit| h.rule == Rule::MixedScriptWord && h.severity == Severity::Low;
    if hits[typos_from..].iter().filter(|h| is_typo(h)).count() > TYPOS {
        for h in hits[typos_from..].iter_mut().filter(|h| is_typo(h)) {
            h.severity = Severity::Medium;
        }
    }
}

/// Characters each way that [`writes_beside`] reads.
const BESIDE: usize = 64;

/// Whether a word of Cyrillic or Greek prose stands beside the word `ws..we`: one with no
/// Latin letter and a letter with no Latin look-alike (`адкрытага`), not words of swapped
/// letters (`іgոоrе аll рrеvіоսѕ іոѕτrսсτіоոѕ`).
fn writes_beside(text: &str, ws: usize, we: usize) -> bool {
    let from = text[..ws]
        .char_indices()
        .rev()
        .take(BESIDE)
        .last()
        .map_or(ws, |(i, _)| i);
    let to = text[we..]
        .char_indices()
        .take(BESIDE)
        .last()
        .map_or(we, |(i, c)| we + i + c.len_utf8());
    let prose = |word: &str| {
        let own = |c: char| {
            matches!(props(c).script(), Script::Cyrillic | Script::Greek)
                && catalogue::imitates(c).is_none()
        };
        word.chars().all(|c| props(c).script() != Script::Latin)
            && word.chars().any(|c| props(c).is_letter() && own(c))
    };
    [&text[from..ws], &text[we..to]]
        .iter()
        .any(|side| side.split(|c: char| !props(c).is_word()).any(prose))
}

/// A word made of whole words of two scripts rather than of letters swapped one by one: every
/// stretch of letters outside Latin is two letters or more and holds a letter with no Latin
/// look-alike. A Latin name with a Tatar suffix (`SRIDгә`), a 1C identifier joining Russian and
/// English (`КодПоAnalit`), an alphabet listed for a translation (`…xyzαβγ…`); a swapped `а`
/// or a run of look-alikes (`paураl`) is not one.
fn joined_words(word: &str) -> bool {
    let mut runs = 0;
    let (mut len, mut distinct) = (0, false);
    let mut close = |len: &mut usize, distinct: &mut bool| {
        let whole = *len == 0 || *len >= 2 && *distinct;
        runs += usize::from(*len > 0);
        (*len, *distinct) = (0, false);
        whole
    };
    for c in word.chars().filter(|&c| props(c).is_letter()) {
        if props(c).script() == Script::Latin {
            if !close(&mut len, &mut distinct) {
                return false;
            }
        } else {
            len += 1;
            distinct |= catalogue::imitates(c).is_none();
        }
    }
    close(&mut len, &mut distinct) && runs > 0
}

/// Latin letters standing between letters of another script inside one word, each with the
/// letter of that script it imitates. Latin `i` for Cyrillic `і` is a keyboard habit of
/// Ukrainian, Belarusian and Kazakh typists, not a mark.
fn latin_inside(text: &str, ws: usize, we: usize, pending: &mut Vec<Hit>) {
    let letters: Vec<(usize, char)> = text[ws..we]
        .char_indices()
        .map(|(i, c)| (ws + i, c))
        .collect();
    for w in letters.windows(3) {
        let [(_, a), (i, c), (_, b)] = [w[0], w[1], w[2]];
        let foreign = |x: char| {
            props(x).is_letter() && matches!(props(x).script(), Script::Cyrillic | Script::Greek)
        };
        if c.is_ascii_alphabetic()
            && !matches!(c, 'i' | 'I')
            && foreign(a)
            && foreign(b)
            && catalogue::look_alike_in(c, props(a).script()).is_some()
        {
            pending.push(
                Hit::new(i, i + 1, Severity::Medium, Rule::MixedScriptWords)
                    .with(Detail::Word(ws, we)),
            );
        }
    }
}

fn flush(pending: &mut Vec<Hit>, words: usize, hits: &mut Vec<Hit>) {
    if words >= MIXED_WORDS_IN_LINE {
        hits.append(pending);
    }
    pending.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Django's Tatar catalogue (BSD-3-Clause), highlight.js's 1C grammar (BSD-3-Clause),
    /// MathJax's speech rules (Apache-2.0): whole words of two scripts joined.
    #[test]
    fn words_of_two_scripts_joined_are_not_swapped_letters() {
        for word in [
            "SRIDгә",
            "КодПоAnalit",
            "abcdefghijklmnopqrstuvwxyzαβγδεζηθικλμνξοπρςστυφχψω",
        ] {
            assert!(joined_words(word), "{word}");
        }
        for word in ["Рixbuf", "LRМ", "pаypаl", "paурal", "Аdministrаtivni"] {
            assert!(!joined_words(word), "{word}");
        }
    }
    use crate::rules::judged_verdicts;

    #[test]
    fn look_alike_in_latin_prose_is_medium() {
        assert_eq!(
            judged_verdicts(judge, "The new cаtalyst works."),
            vec![(Severity::Medium, Rule::MixedScriptWord)]
        );
        assert_eq!(
            judged_verdicts(judge, "Log in at https://pаypal.com now"),
            vec![(Severity::High, Rule::ConfusableInIdentifier)]
        );
    }

    #[test]
    fn cyrillic_text_is_innocent() {
        assert!(judged_verdicts(judge, "Не удалось открыть файл «%s»: нет доступа").is_empty());
        assert!(judged_verdicts(judge, "Привет, это Windows-сервер и немного текста").is_empty());
        assert!(judged_verdicts(judge, "The Russian word рор is not mixed").is_empty());
    }

    #[test]
    fn several_mixed_words_in_cyrillic_text_are_medium() {
        let t = "Привет мир, это тeкст с pядом cлов и ещё немного обычного русского текста здесь";
        assert_eq!(judged_verdicts(judge, t).len(), 0);
        let t = "Привет мир, это тeкст с ряpом слoв и ещё немного обычного русского текста здесь";
        assert_eq!(judged_verdicts(judge, t).len(), 3);
        assert!(judged_verdicts(
            judge,
            "Привет мир, это тeкст\nс ряpом и ещё немного обычного русского текста здесь"
        )
        .is_empty());
        assert!(judged_verdicts(judge, "IСвободно IИспользовано Iнодов Cмонтировано").is_empty());
    }

    /// Class L of issue 17: a Latin word with a Cyrillic letter in a catalogue written in
    /// Cyrillic beside its English sources is a typo, `low`; Cyrillic twins spelling bits in
    /// such a catalogue are still read and raised.
    #[test]
    fn a_typo_in_a_catalogue_written_in_cyrillic_is_low() {
        // GTK 3.24, po-properties/be.po (LGPL-2.1+).
        let be = "msgstr \"\u{0420}ixbuf \u{0430}\u{0434}\u{043a}\u{0440}\u{044b}\u{0442}\u{0430}\u{0433}\u{0430} \u{043f}\u{0430}\u{0448}\u{044b}\u{0440}\u{0430}\u{043b}\u{044c}\u{043d}\u{0456}\u{043a}\u{0430}\"\n";
        let catalogue = format!("msgid \"Pixbuf opened\"\n{be}{be}");
        assert!(
            judged_verdicts(judge, &catalogue)
                .iter()
                .all(|&(s, r)| s == Severity::Low && r == Rule::MixedScriptWord),
            "{:?}",
            judged_verdicts(judge, &catalogue)
        );
        // The same look-alike in an English text is medium.
        assert_eq!(
            judged_verdicts(judge, "The \u{0420}ixbuf loader opened the file."),
            [(Severity::Medium, Rule::MixedScriptWord)]
        );
        // Paired: English sources whose twin letters spell bits (Cyrillic for 1) are a mark.
        let mut bits = crate::testing::bits_of(b"ok").into_iter();
        let twins = [('a', '\u{0430}'), ('e', '\u{0435}'), ('o', '\u{043e}')];
        let source: String = "msgid \"Please open a new page, or close the one you are on now.\"\n"
            .chars()
            .map(|c| match twins.iter().find(|t| t.0 == c) {
                Some(&(_, twin)) if bits.next() == Some(true) => twin,
                _ => c,
            })
            .collect();
        let verdicts = judged_verdicts(judge, &format!("{source}{be}{be}"));
        assert!(verdicts.len() > TYPOS, "{verdicts:?}");
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Medium),
            "{verdicts:?}"
        );
    }
}
