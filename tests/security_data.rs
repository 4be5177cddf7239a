//! The UTS #39 data the tables are generated from (`data/confusables.txt`, see `data/README.md`):
//! rows that newer versions of the file dropped or added, which the generator must still read
//! right. Newer versions leave out what canonical decomposition already maps (13.0.0 had those
//! rows), so the generator takes a singleton NFD first, as the UTS #39 skeleton does.

use unmask::catalogue::{imitates, imitates_apostrophe, name};

#[test]
fn canonical_equivalents_of_apostrophe_look_alikes_still_imitate_it() {
    // U+0374 GREEK NUMERAL SIGN is canonically U+02B9 MODIFIER LETTER PRIME, one of the four
    // apostrophes of the 2026 date-line marker; 18.0.0 no longer lists it.
    assert!(imitates_apostrophe('\u{0374}'));
    assert!(imitates_apostrophe('\u{02B9}'));
    assert_eq!(imitates('\u{2019}'), Some('\''));
}

#[test]
fn ideographs_listed_as_look_alikes_have_their_derived_names() {
    // UTS #39 lists U+4E05 and U+4E2B as look-alikes of T and Y; UnicodeData.txt names them
    // only by their range, so the generator derives the name (UAX #44 rule NR2).
    assert_eq!(name('\u{4E05}'), Some("CJK UNIFIED IDEOGRAPH-4E05"));
    assert_eq!(name('\u{4E2B}'), Some("CJK UNIFIED IDEOGRAPH-4E2B"));
}

#[test]
fn look_alikes_new_in_the_data_are_catalogued() {
    // U+FE55 SMALL COLON: a separator look-alike that 13.0.0 did not list.
    assert_eq!(imitates('\u{FE55}'), Some(':'));
}

#[test]
fn mathematical_letters_inside_a_latin_word_are_look_alikes() {
    // textwatermark's HOMOGRAPH_LETTERS template swaps letters for mathematical ones (Script=Common).
    let report = unmask::scan(
        "The har\u{1D5BB}our au\u{1D461}hority met Dr \u{210B}ilbert.",
        &unmask::Options::default(),
    );
    let flagged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity >= unmask::Severity::Medium)
        .collect();
    assert_eq!(flagged.len(), 3, "{:?}", report.findings);
    // Mathematics and styled words with no Latin letter beside them stay quiet.
    let quiet = unmask::scan(
        "Solve for \u{1D465} when \u{1D465} + 2 = 5. The \u{1D5D5}\u{1D5FC}\u{1D5F9}\u{1D5F1} title, 5 m\u{2113}.",
        &unmask::Options::default(),
    );
    assert!(
        quiet
            .findings
            .iter()
            .all(|f| f.severity < unmask::Severity::Medium),
        "{:?}",
        quiet.findings
    );
}
