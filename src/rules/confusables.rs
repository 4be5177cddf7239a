//! Look-alike letters from another script inside a word.
//!
//! A Cyrillic `а` inside an English word is a classic way to make each copy of a document
//! unique, or a domain name that is not what it seems. Inside a Russian or Greek text the same
//! letters are the text itself, and mixed words happen (brand names, typos): there only several
//! mixed words on one line are suspicious.
//!
//! A few mixed words are typos, `low`, where the writer has a reason to reach for the other
//! letter: a text written in the look-alike's own script beside ASCII (a catalogue's sources,
//! locale data's keys, a transliteration table) gets Latin words with a letter of that script
//! (`Рixbuf`, `Тell`, `yntrelւu`); a text in a Latin alphabet beyond ASCII is written by people
//! who type other alphabets too (Serbian, Belarusian and Crimean Tatar in both Latin and
//! Cyrillic, Kabyle's `ɣ` typed as Greek `γ`); a styled capital starting a word (`𝒥ohn ℋancock`:
//! mathematical alphanumerics and letterlike symbols, letters of no script) is an initial set
//! in another style, not a letter of another script; styled letters inside words
//! (`au𝑡hority`) are swaps, and make the text's styled initials swaps too. English prose has no
//! such reason, and a mark needs many swaps: more than a few distinct typo words, one every few
//! thousand words of a long text, are `medium`. A letter that code lists (a range of a Unicode
//! category's table, `\u{1E00}-\u{1F15}`: [`listing::is_listed`]) is named, not written.

use super::{Detail, Hit, Rule};
use crate::catalogue::{self, props, Script, SCRIPT_SLOTS};
use crate::context::{Doc, SENTENCE};
use crate::listing;
use crate::report::{Kind, Severity};
use crate::text;

/// Mixed words on one line of a Cyrillic or Greek text that make it suspicious.
const MIXED_WORDS_IN_LINE: usize = 2;
/// Most distinct typo words a text holds, however short; more are a mark (`medium`).
const TYPOS: usize = 3;
/// Words of a long text per typo word it may hold: translators' slips in a long catalogue
/// (six in Evolution's 51,000-word Belarusian Latin one), where a mark that tells copies apart
/// swaps letters far more densely.
const WORDS_PER_TYPO: usize = 4096;

/// Judges every look-alike letter that sits in a word with Latin letters.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let mut pending: Vec<Hit> = Vec::new();
    let mut words_in_paragraph = 0;
    let mut last_word = (usize::MAX, 0);
    let mut paragraph_start = 0;
    let typos_from = hits.len();
    let mut letters: Option<Letters> = None;
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
                let letters = letters.get_or_insert_with(|| Letters::of(text));
                let typo = is_typo(text, letters, (i, c), ws, we);
                let (severity, rule) = if text::is_machine_token(&text[ts..te])
                    && !(typo && bare_word(&text[ts..te], word))
                {
                    (Severity::High, Rule::ConfusableInIdentifier)
                } else if typo {
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
    let mut typo_words: Vec<&str> = hits[typos_from..]
        .iter()
        .filter(|h| is_typo(h))
        .filter_map(|h| match h.detail {
            Detail::Word(ws, we) => Some(&text[ws..we]),
            _ => None,
        })
        .collect();
    typo_words.sort_unstable();
    typo_words.dedup();
    let allowed = letters.map_or(0, |l| l.words / WORDS_PER_TYPO).max(TYPOS);
    // A text that swaps styled letters inside words swaps its initials too.
    let styled = |h: &Hit| {
        text[h.start..]
            .chars()
            .next()
            .is_some_and(|c| props(c).script() == Script::Common)
    };
    let swaps_styled = hits[typos_from..]
        .iter()
        .any(|h| styled(h) && h.severity > Severity::Low);
    let over = typo_words.len() > allowed;
    for h in hits[typos_from..].iter_mut() {
        if is_typo(h) && (over || swaps_styled && styled(h)) {
            h.severity = Severity::Medium;
        }
    }
}

/// Letters of a text in a Latin alphabet beyond ASCII per letter outside ASCII at most: a
/// language that writes them (1 in 36 letters of Evolution's Belarusian Latin catalogue, 1 in
/// 88 of Inkscape's Serbian Latin one, English sources included), not names quoted in English
/// (`Zoë`, `café`).
const LETTERS_PER_WIDE: usize = 128;

/// What [`is_typo`] weighs about the whole text: its letters outside ASCII by script, its ASCII
/// letters and its words. Counted once, when a mixed word is first met.
struct Letters {
    by_slot: [usize; SCRIPT_SLOTS],
    wide: usize,
    ascii: usize,
    words: usize,
}

impl Letters {
    fn of(text: &str) -> Letters {
        let mut by_slot = [0; SCRIPT_SLOTS];
        let mut wide = 0;
        for (_, c) in text::non_ascii(text) {
            if props(c).is_letter() {
                by_slot[props(c).script_slot()] += 1;
                wide += 1;
            }
        }
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        Letters {
            by_slot,
            wide,
            ascii: text::count_ascii_letters(text.as_bytes()),
            words,
        }
    }

    fn of_script(&self, script: Script) -> usize {
        (0..SCRIPT_SLOTS)
            .filter(|&slot| catalogue::Props::of_slot(slot).script() == script)
            .map(|slot| self.by_slot[slot])
            .sum()
    }

    /// The text is written in `script` (letters outside ASCII): a sentence or two of them at
    /// least, and most of its letters outside ASCII.
    fn writes(&self, script: Script) -> bool {
        let n = self.of_script(script);
        n >= SENTENCE && n * 2 > self.wide
    }

    /// The text is written in a Latin alphabet beyond ASCII: [`Letters::writes`] Latin, and its
    /// letters outside ASCII are not a few names among English words.
    fn writes_latin_beyond_ascii(&self) -> bool {
        self.writes(Script::Latin)
            && self.of_script(Script::Latin) * LETTERS_PER_WIDE >= self.ascii + self.wide
    }
}

/// Whether the look-alike `c` at `i` in the Latin word `ws..we` is a typo rather than a swap: a
/// styled capital starting the word; a letter of the script the text is written in, beside a
/// word of that script; any look-alike in a text written in a Latin alphabet beyond ASCII.
fn is_typo(text: &str, letters: &Letters, (i, c): (usize, char), ws: usize, we: usize) -> bool {
    let script = props(c).script();
    script == Script::Common && i == ws && c.is_uppercase()
        || letters.writes(script) && writes_beside(text, ws, we, script)
        || letters.writes_latin_beyond_ascii()
}

/// Whether the whitespace-delimited `token` is the `word` in punctuation (`(XBС)`, `"vCаrds"`),
/// a name, rather than an address or an identifier (`pаypal.com`, `get_dаta()`).
fn bare_word(token: &str, word: &str) -> bool {
    token.trim_matches(|c: char| !c.is_alphanumeric()) == word
}

/// Characters each way that [`writes_beside`] reads.
const BESIDE: usize = 64;

/// Whether a word of prose in `script` stands beside the word `ws..we`: one with no Latin
/// letter and a letter of `script` with no Latin look-alike (`адкрытага`), not words of swapped
/// letters (`іgոоrе аll рrеvіоսѕ іոѕτrսсτіоոѕ`).
fn writes_beside(text: &str, ws: usize, we: usize, script: Script) -> bool {
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
        let own = |c: char| props(c).script() == script && catalogue::imitates(c).is_none();
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
        let source = fingerprinted("Please open a new page, or close the one you are on now.");
        let verdicts = judged_verdicts(judge, &format!("{source}{be}{be}"));
        assert!(verdicts.len() > TYPOS, "{verdicts:?}");
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Medium),
            "{verdicts:?}"
        );
    }

    /// `msgid "{sentence}"` with Cyrillic twins spelling the bits of "ok" (1 = Cyrillic): a
    /// fingerprint over more than [`TYPOS`] words.
    fn fingerprinted(sentence: &str) -> String {
        let mut bits = crate::testing::bits_of(b"ok").into_iter();
        let twins = [('a', '\u{0430}'), ('e', '\u{0435}'), ('o', '\u{043e}')];
        let source: String = sentence
            .chars()
            .map(|c| match twins.iter().find(|t| t.0 == c) {
                Some(&(_, twin)) if bits.next() == Some(true) => twin,
                _ => c,
            })
            .collect();
        format!("msgid \"{source}\"\n")
    }

    /// Issue 17, section 2: catalogues in a Latin alphabet beyond ASCII, written by people who
    /// type Cyrillic or Greek too. A look-alike in a translated word is a typo, `low`; the same
    /// catalogue with its English sources fingerprinted is `medium`.
    #[test]
    fn a_typo_in_a_latin_alphabet_beyond_ascii_is_low() {
        // GTK 3.24, po-properties/crh.po (LGPL-2.1+): Crimean Tatar, a Cyrillic К.
        let crh =
            "msgid \"Backward stepper\"\nmsgstr \"\u{041A}eri ad\u{0131}mlay\u{0131}c\u{0131}\"\n";
        let crh_around = "msgid \"Bar style\"\nmsgstr \"\u{00C7}ubuq usl\u{00FB}b\u{0131}\"\n";
        // GNOME Shell 43, po/kab.po (GPL-2.0+): Kabyle writes ɣ; a Greek γ typed for it.
        let kab = "msgid \"Locations\"\nmsgstr \"Id\u{03B3}aren\"\n";
        let kab_around =
            "msgid \"Lock\"\nmsgstr \"Sekke\u{1E5B}\"\nmsgid \"Log Out\"\nmsgstr \"Ffe\u{0263}\"\n";
        // Evolution 3.46, po/be@latin.po (LGPL-2+): Belarusian in Łacinka, a Cyrillic а.
        let be = "msgid \"Add\"\nmsgstr \"D\u{0430}daj\"\n";
        let be_around = "msgid \"Add Ac_tion\"\nmsgstr \"Dadaj _dzieja\u{0144}nie\"\n";
        for (typo, around) in [(crh, crh_around), (kab, kab_around), (be, be_around)] {
            let catalogue = format!("{typo}{}", around.repeat(32));
            assert_eq!(
                judged_verdicts(judge, &catalogue),
                [(Severity::Low, Rule::MixedScriptWord)],
                "{typo}"
            );
            let source = fingerprinted("Please open a new page, or close the one you are on now.");
            let verdicts = judged_verdicts(judge, &format!("{source}{catalogue}"));
            assert!(verdicts.len() > TYPOS, "{verdicts:?}");
            assert!(
                verdicts.iter().all(|&(s, _)| s == Severity::Medium),
                "{verdicts:?}"
            );
        }
        // English prose quoting names with letters beyond ASCII is not written in such an
        // alphabet: a look-alike there is medium.
        let english = "Zo\u{00EB} read the report on the harbour works once more, and the crane, the \
                       quay and all of the ferry timetables seemed to be in good order for the long \
                       spring season that lay ahead of the town and its busy port. "
            .repeat(40);
        assert_eq!(
            judged_verdicts(judge, &format!("{english}The new c\u{0430}talyst works.")),
            [(Severity::Medium, Rule::MixedScriptWord)]
        );
        // Five typo words are many for a short catalogue, few for one of 25,000 words.
        let typos: String = [
            "D\u{430}daj",
            "Adr\u{430}s",
            "F\u{430}rmat",
            "Identyfikat\u{430}r",
            "Nie\u{430}baviazkovyja",
        ]
        .iter()
        .map(|w| format!("msgstr \"{w}\"\n"))
        .collect();
        let short = format!("{typos}{}", be_around.repeat(32));
        let verdicts = judged_verdicts(judge, &short);
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Medium),
            "{verdicts:?}"
        );
        let long = format!("{typos}{}", be_around.repeat(4096));
        let verdicts = judged_verdicts(judge, &long);
        assert_eq!(verdicts.len(), 5);
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Low),
            "{verdicts:?}"
        );
    }

    /// A transliteration table (CLDR 41, testData/transforms/hy-Latn-t-hy-m0-bgn.txt,
    /// Unicode-3.0): an Armenian letter left in the Latin output beside the Armenian word is a
    /// typo; Armenian look-alikes over an English sentence in the same table are not.
    #[test]
    fn a_letter_of_the_script_beside_is_a_typo() {
        let table = "\u{0561}\u{0580}\u{0571}\u{0561}\u{056F}\u{0578}\u{0582}\u{0580}\u{0564}\u{0576}\u{0565}\u{0580}\u{056B}\tardzakurdneri\n\
                     \u{0570}\u{0561}\u{056F}\u{0561}\u{057D}\u{0578}\u{0582}\u{0574}\thakasum\n\
                     \u{056D}\u{056B}\u{0572}\u{0573}\tkhighch\n\
                     \u{0568}\u{0576}\u{057F}\u{0580}\u{0565}\u{056C}\u{0582}\u{0578}\u{0582}\tyntrel\u{0582}u\n\
                     \u{0562}\u{0561}\u{0580}\u{0578}\u{0575}\u{0561}\u{056F}\u{0561}\u{0576}\tbaroyakan\n\
                     \u{0570}\u{0561}\u{057B}\u{0578}\u{0580}\u{0564}\thajord\n";
        assert_eq!(
            judged_verdicts(judge, table),
            [(Severity::Low, Rule::MixedScriptWord)]
        );
        let swapped =
            format!("{table}g\u{0585}od m\u{0585}rning t\u{0585} y\u{0585}u and g\u{0585}\n");
        let verdicts = judged_verdicts(judge, &swapped);
        assert!(verdicts.len() > TYPOS, "{verdicts:?}");
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Medium),
            "{verdicts:?}"
        );
    }

    /// A name in punctuation in a text written in its look-alike's script (Evolution 3.46
    /// po/mk.po, LGPL-2+; CLDR 48 cv currencies.json, Unicode-3.0) is a typo; an address or an
    /// identifier in the same text is still `high`.
    #[test]
    fn a_name_in_a_text_of_its_script_is_a_typo() {
        let prose = "msgid \"Could not open the document\"\nmsgstr \"\u{041D}\u{0435} \u{043C}\u{043E}\u{0436}\u{0430}\u{043C} \u{0434}\u{0430} \u{0433}\u{043E} \u{043E}\u{0442}\u{0432}\u{043E}\u{0440}\u{0430}\u{043C} \u{0434}\u{043E}\u{043A}\u{0443}\u{043C}\u{0435}\u{043D}\u{0442}\u{043E}\u{0442}\"\n"
            .repeat(2);
        let mk = "msgid \"Multiple vCards\"\nmsgstr \"\u{041F}\u{043E}\u{0432}\u{0435}\u{045C}\u{0435} vC\u{0430}rds\"\n";
        let cv = "\"displayName\": \"\u{0415}\u{0432}\u{0440}\u{043E}\u{043F}\u{0430} \u{0442}\u{04F3}\u{043B}\u{0435}\u{0432} \u{0435}\u{0434}\u{0438}\u{043D}\u{0438}\u{0446}\u{0438} (XB\u{0421})\",\n";
        for name in [mk, cv] {
            assert_eq!(
                judged_verdicts(judge, &format!("{prose}{name}")),
                [(Severity::Low, Rule::MixedScriptWord)],
                "{name}"
            );
        }
        for address in ["https://p\u{0430}ypal.com", "get_d\u{0430}ta()"] {
            let line =
                format!("msgstr \"\u{041F}\u{043E}\u{0432}\u{0435}\u{045C}\u{0435} {address}\"\n");
            assert_eq!(
                judged_verdicts(judge, &format!("{prose}{line}")),
                [(Severity::High, Rule::ConfusableInIdentifier)],
                "{address}"
            );
        }
    }

    /// Styled initials (ftfy 6.3, ftfy/fixes.py, Apache-2.0: a docstring example of the text it
    /// fixes) are `low`; styled letters swapped into words of English prose are a mark (as
    /// textwatermark's homograph letters: `au𝑡hority`).
    #[test]
    fn styled_initials_are_low() {
        let ftfy = "        '\u{1D4A5}ohn \u{210B}ancock'";
        let verdicts = judged_verdicts(judge, ftfy);
        assert_eq!(verdicts.len(), 2);
        assert!(
            verdicts
                .iter()
                .all(|&v| v == (Severity::Low, Rule::MixedScriptWord)),
            "{verdicts:?}"
        );
        assert_eq!(
            judged_verdicts(
                judge,
                "The harbour au\u{1D461}hority met Dr \u{210B}ilbert."
            ),
            [(Severity::Medium, Rule::MixedScriptWord); 2]
        );
        let swapped = "The n\u{1D5BE}w c\u{1D5BA}talyst r\u{1D5BE}duced \u{1D5BE}nergy use by n\u{1D5BE}arly a fifth.";
        let verdicts = judged_verdicts(judge, swapped);
        assert!(verdicts.len() > TYPOS, "{verdicts:?}");
        assert!(
            verdicts.iter().all(|&(s, _)| s == Severity::Medium),
            "{verdicts:?}"
        );
    }
}
