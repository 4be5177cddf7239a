//! End-to-end on real carrier text: every two- and four-symbol alphabet of invisible or blank
//! characters decodes, in a run, one symbol per word gap, and split over paragraphs; random
//! bits in StegCloak's characters are an unknown scheme, not StegCloak. The carrier is a clean
//! sample of the corpus (a news page, `tests/corpus/samples/clean/`).

use std::path::Path;

use unmask::{scan, Options};

fn carrier() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/samples/clean/seed_news__001_e4e96975468d5220.txt");
    std::fs::read_to_string(path).expect("carrier")
}

/// `secret` as 8 bits (two symbols) or 4 base-4 digits (four symbols) per byte, most
/// significant first.
fn symbols(digits: &[char], secret: &[u8]) -> Vec<char> {
    let (width, bits) = if digits.len() == 2 { (8, 1) } else { (4, 2) };
    secret
        .iter()
        .flat_map(|&b| {
            (0..width)
                .rev()
                .map(move |i| (b >> (i * bits)) & (digits.len() as u8 - 1))
        })
        .map(|d| digits[usize::from(d)])
        .collect()
}

const SECRET: &str = "meet at the north gate 7pm";

fn payload_texts(text: &str) -> Vec<String> {
    let report = scan(text, &Options::default());
    report
        .payloads
        .iter()
        .filter_map(|p| p.text.clone())
        .collect()
}

#[test]
fn blank_and_invisible_alphabets_in_real_text() {
    let text = carrier();
    let alphabets: [&[char]; 6] = [
        &['\u{3164}', '\u{FFA0}'],
        &['\u{115F}', '\u{1160}'],
        &['\u{2800}', '\u{200B}'],
        &['\u{034F}', '\u{200B}'],
        &['\u{180E}', '\u{200C}'],
        &['\u{2061}', '\u{2062}', '\u{2063}', '\u{2064}'],
    ];
    for digits in alphabets {
        let hidden = symbols(digits, SECRET.as_bytes());
        // A run after the first paragraph.
        let at = text.find("\n\n").expect("a paragraph");
        let run: String = hidden.iter().collect();
        let with_run = format!("{}{run}{}", &text[..at], &text[at..]);
        assert_eq!(payload_texts(&with_run), [SECRET], "run {digits:?}");
        // One symbol after each space.
        let mut spread = String::new();
        let mut next = hidden.iter();
        for c in text.chars() {
            spread.push(c);
            if c == ' ' {
                spread.extend(next.next());
            }
        }
        assert_eq!(payload_texts(&spread), [SECRET], "spread {digits:?}");
    }
}

#[test]
fn a_run_split_over_paragraphs_reads_as_one_message() {
    let text = carrier();
    let hidden = symbols(&['\u{200B}', '\u{200C}'], SECRET.as_bytes());
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    // Three pieces, cut mid-byte, at the ends of the first three paragraphs.
    let cuts = [0, 61, 150, hidden.len()];
    let mut split = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            split.push_str("\n\n");
        }
        split.push_str(p);
        if i < 3 {
            split.extend(&hidden[cuts[i]..cuts[i + 1]]);
        }
    }
    let report = scan(&split, &Options::default());
    assert_eq!(report.payloads.len(), 1);
    assert_eq!(report.payloads[0].text.as_deref(), Some(SECRET));
    assert_eq!(report.payloads[0].pieces.len(), 3);
}

#[test]
fn a_keyed_mark_is_an_unknown_scheme() {
    let text = carrier();
    // 32 bytes of an HMAC (fixed here) as U+200C = 0, U+200D = 1: StegCloak's first two
    // characters, but not its framing.
    let mac: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(151).wrapping_add(77))
        .collect();
    let run: String = symbols(&['\u{200C}', '\u{200D}'], &mac)
        .into_iter()
        .collect();
    let at = text.find(' ').expect("a space") + 1;
    let marked = format!("{}{run}{}", &text[..at], &text[at..]);
    let report = scan(&marked, &Options::default());
    assert_eq!(report.payloads.len(), 1);
    let p = &report.payloads[0];
    assert_eq!(
        (p.scheme.as_str(), p.text.as_deref()),
        ("zero-width-binary", None)
    );
    assert_eq!(p.bytes, mac);
    assert!(
        p.explanation.contains("unknown scheme"),
        "{}",
        p.explanation
    );
}
