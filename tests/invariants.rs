//! Properties that hold for every text, checked on texts built by a small deterministic generator:
//! sentences of the clean corpus in many scripts, the legitimate invisible characters of real
//! text (emoji ZWJ sequences, flags, ideographic variation sequences, Persian ZWNJ, Indic ZWJ,
//! RTL marks, NBSP and NNBSP), hidden payloads (tag runs, variation-selector runs, zero-width
//! runs, homoglyphs, trailing tabs) and random Unicode. The checks themselves are in
//! `tests/checks/mod.rs`, shared with the fuzz targets.
//!
//! Work is measured by counting the bytes and blocks this test binary allocates on the scanning
//! thread (a counting global allocator), never with a timer.

mod checks;
#[path = "checks/payloads.rs"]
mod payloads;
#[path = "checks/rng.rs"]
mod rng;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::sync::OnceLock;

use rng::Rng;
use unmask::Options;

/// Every non-empty line of the clean corpus: real text in many scripts, with the invisible
/// characters those scripts use.
fn sentences() -> &'static [String] {
    static SENTENCES: OnceLock<Vec<String>> = OnceLock::new();
    SENTENCES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/samples/clean");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                text.lines()
                    .map(|l| l.trim_start_matches('\u{FEFF}').to_owned())
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

const EMOJI: &[&str] = &[
    "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
    "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
    "\u{1F469}\u{1F3FD}\u{200D}\u{1F4BB}",
    "\u{1F9D1}\u{200D}\u{1F91D}\u{200D}\u{1F9D1}",
    "\u{2764}\u{FE0F}",
    "\u{263A}\u{FE0E}",
    "1\u{FE0F}\u{20E3}",
    "\u{1F44D}\u{1F3FF}",
];

const FLAGS: &[&str] = &[
    "\u{1F1EF}\u{1F1F5}",
    "\u{1F1EB}\u{1F1F7}",
    "\u{1F1EE}\u{1F1F3}",
    "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
    "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
];

/// Japanese names with ideographic variation sequences.
const IVS: &[&str] = &[
    "\u{845B}\u{E0100}\u{98FE}\u{533A}",
    "\u{8FBB}\u{E0100}\u{5802} \u{4E00}\u{90CE} \u{69D8}",
    "\u{9AD9}\u{6A4B} \u{845B}\u{E0101}\u{4E5F}",
    "\u{6E21}\u{9089}\u{E0102} \u{7531}\u{7F8E}",
];

/// Persian words that need ZWNJ.
const PERSIAN: &[&str] = &[
    "\u{0645}\u{06CC}\u{200C}\u{0631}\u{0648}\u{0645}",
    "\u{062E}\u{0627}\u{0646}\u{0647}\u{200C}\u{0647}\u{0627}",
    "\u{06A9}\u{062A}\u{0627}\u{0628}\u{200C}\u{0647}\u{0627}\u{06CC} \u{0645}\u{0646}",
    "\u{0646}\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645} \u{0628}\u{0631}\u{0648}\u{0645}",
];

/// Indic conjuncts and chillus that need ZWJ or ZWNJ.
const INDIC: &[&str] = &[
    "\u{0915}\u{094D}\u{200D}\u{0937}",
    "\u{0928}\u{094D}\u{200C}\u{0928}",
    "\u{0D28}\u{0D4D}\u{200D}",
    "\u{0DC1}\u{0DCA}\u{200D}\u{0DBB}\u{0DD3} \u{0DBD}\u{0D82}\u{0D9A}\u{0DCF}\u{0DC0}",
    "\u{09B0}\u{200D}\u{09CD}\u{09AF}\u{09BE}\u{09AC}",
];

/// Right-to-left text with the marks real text puts around numbers and Latin words.
const RTL: &[&str] = &[
    "\u{05E9}\u{05DC}\u{05D5}\u{05DD} \u{200F}(1)",
    "\u{0645}\u{062A}\u{0627}\u{062D} \u{200F}%s \\ \u{200F}%s",
    "\u{200E}GNOME\u{200E} \u{05D2}\u{05E8}\u{05E1}\u{05D4}",
];

const SPACES: &[&str] = &[
    "10\u{A0}km",
    "\u{AB}\u{202F}Bonjour\u{202F}\u{BB}",
    "100\u{202F}000\u{A0}\u{20AC}",
    "M.\u{A0}Dupont",
];

/// One piece of natural text: a corpus sentence or a sequence with a legitimate invisible
/// character.
fn natural(rng: &mut Rng) -> String {
    let piece = match rng.below(9) {
        0..=2 => return sentences()[rng.below(sentences().len())].clone(),
        3 => rng.pick(EMOJI),
        4 => rng.pick(FLAGS),
        5 => rng.pick(IVS),
        6 => rng.pick(PERSIAN),
        7 => rng.pick(INDIC),
        _ => {
            if rng.below(2) == 0 {
                rng.pick(RTL)
            } else {
                rng.pick(SPACES)
            }
        }
    };
    piece.to_owned()
}

/// A secret to hide: short printable ASCII.
fn secret(rng: &mut Rng) -> Vec<u8> {
    let n = 3 + rng.below(20);
    (0..n).map(|_| b' ' + rng.below(95) as u8).collect()
}

/// One hidden payload, as the usual tools write it.
fn hidden(rng: &mut Rng) -> String {
    let bytes = secret(rng);
    match rng.below(6) {
        0 => {
            let mut s = String::from(if rng.below(2) == 0 { "\u{E0001}" } else { "" });
            s.extend(payloads::tags(&bytes));
            s.push('\u{E007F}');
            s
        }
        1 => {
            let mut s = String::from("\u{1F600}");
            s.extend(bytes.iter().map(|&b| {
                let b = u32::from(b);
                char::from_u32(if b < 16 { 0xFE00 + b } else { 0xE0100 + b - 16 }).unwrap()
            }));
            s
        }
        2 => {
            let mut s = String::from("hid");
            s.extend(payloads::bits(&bytes, '\u{200B}', '\u{200C}'));
            s.push_str("den");
            s
        }
        3 => {
            // Homoglyphs: Cyrillic letters inside Latin words.
            let words = ["paper", "secure", "account", "cocoa", "access"];
            let word = rng.pick(&words);
            word.chars()
                .map(|c| match (c, rng.below(3)) {
                    ('a', 0) => '\u{0430}',
                    ('e', 0) => '\u{0435}',
                    ('o', 0) => '\u{043E}',
                    ('p', 0) => '\u{0440}',
                    ('c', 0) => '\u{0441}',
                    (c, _) => c,
                })
                .collect()
        }
        4 => {
            // Trailing whitespace: bits as tabs and spaces at line ends.
            let mut s = String::new();
            for b in bytes.iter().take(4) {
                s.push_str("A line of text.");
                for bit in 0..3 {
                    s.push(if b >> bit & 1 == 0 { ' ' } else { '\t' });
                }
                s.push('\n');
            }
            s
        }
        _ => {
            // Escaped zero-width characters, as JSON or HTML carries them.
            let mut s = String::from("\"key\": \"v");
            let four = &bytes[..bytes.len().min(4)];
            s.extend(payloads::bits(four, "\\u200B", "&#8204;"));
            s.push('"');
            s
        }
    }
}

/// A random character: mostly from the ranges where hidden characters and look-alikes live.
fn random_char(rng: &mut Rng) -> char {
    let ranges: &[(u32, u32)] = &[
        (0x20, 0x7E),
        (0x09, 0x0D),
        (0xA0, 0x24F),
        (0x300, 0x36F),
        (0x400, 0x4FF),
        (0x600, 0x6FF),
        (0x900, 0xDFF),
        (0x2000, 0x206F),
        (0x3000, 0x30FF),
        (0xFE00, 0xFE0F),
        (0xFEFF, 0xFEFF),
        (0xFFF0, 0xFFFF),
        (0x1F300, 0x1FAFF),
        (0xE0000, 0xE007F),
        (0xE0100, 0xE01EF),
        (0xF0000, 0xF00FF),
        (0x0, 0x10FFFF),
    ];
    let (lo, hi) = rng.pick(ranges);
    loop {
        let c = lo + (rng.next() % u64::from(hi - lo + 1)) as u32;
        if let Some(c) = char::from_u32(c) {
            return c;
        }
    }
}

/// A text mixing natural pieces, hidden payloads and random characters.
fn mixed(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(12) {
        match rng.below(10) {
            0..=4 => s.push_str(&natural(rng)),
            5..=6 => s.push_str(&hidden(rng)),
            _ => {
                for _ in 0..1 + rng.below(8) {
                    s.push(random_char(rng));
                }
            }
        }
        s.push_str(rng.pick(&[" ", " ", "\n", ". ", "", "\t"]));
    }
    s
}

/// Natural text only: corpus sentences and legitimate sequences, shuffled and recombined.
fn natural_text(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(10) {
        s.push_str(&natural(rng));
        s.push_str(rng.pick(&[" ", "\n", ". ", " \u{2014} "]));
    }
    s
}

const SEEDS: u64 = 400;

/// Runs `check` on the text of every seed; a failure names the seed and the text.
fn for_each_seed(
    seeds: impl IntoIterator<Item = u64>,
    text: impl Fn(&mut Rng) -> String,
    check: impl Fn(&str),
) {
    for seed in seeds {
        let text = text(&mut Rng::new(seed));
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&text))).is_err() {
            panic!("seed {seed} fails on {text:?}");
        }
    }
}

#[test]
fn report_offsets_are_on_char_boundaries_and_equal_javascript_indices() {
    for_each_seed(0..SEEDS, mixed, |text| {
        checks::report(text, &unmask::scan(text, &checks::uncapped()));
        let report = unmask::input::scan_bytes(text.as_bytes(), &checks::uncapped());
        checks::report(text, &report);
    });
}

#[test]
fn report_offsets_of_random_bytes_are_on_char_boundaries_of_the_decoded_text() {
    for seed in 0..SEEDS {
        let mut rng = Rng::new(seed);
        let mut bytes = mixed(&mut rng).into_bytes();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, rng.next() as u8);
        }
        let decoded = unmask::input::decode_bytes(&bytes);
        let report = unmask::input::scan_bytes(&bytes, &checks::uncapped());
        checks::report(&decoded.text, &report);
    }
}

#[test]
fn clean_changes_only_flagged_characters_is_idempotent_and_leaves_no_payload() {
    for_each_seed(0..SEEDS, mixed, |text| drop(checks::clean(text)));
}

#[test]
fn clean_passes_emoji_persian_indic_and_japanese_through_byte_for_byte() {
    let legit: Vec<&str> = [EMOJI, FLAGS, IVS, PERSIAN, INDIC].concat();
    for seed in 0..SEEDS {
        let mut rng = Rng::new(seed);
        let text: Vec<&str> = (0..1 + rng.below(12)).map(|_| rng.pick(&legit)).collect();
        let text = text.join(rng.pick(&[" ", "", "\n"]));
        assert_eq!(unmask::clean(&text), text);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/samples/clean");
    for name in [
        "emoji_rgi__people_body.txt",
        "emoji_rgi__smileys_animals_food_activities.txt",
        "ja_ivs__addresses.txt",
        "l10n_ja__gtk30.txt",
        "l10n_bn__glib20.txt",
        "l10n_ml__iso_3166.txt",
        "l10n_si__gtk20.txt",
        "cldr_emoji_bn__annotationsDerived.txt",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(unmask::clean(&text) == text, "clean changed {name}");
    }
}

#[test]
fn natural_text_in_any_script_carries_no_payload() {
    for_each_seed(0..4 * SEEDS, natural_text, |text| {
        let report = unmask::scan(text, &checks::uncapped());
        assert!(report.payloads.is_empty(), "{:?}", report.payloads);
    });
}

#[test]
fn decoders_and_the_escape_parser_point_inside_the_text() {
    for_each_seed(0..SEEDS, mixed, |text| {
        checks::candidates(text, &unmask::decode::decode(text), "decode::decode");
        checks::escaped(text);
    });
}

#[test]
fn diff_offsets_are_on_char_boundaries_of_both_copies() {
    for seed in 0..SEEDS {
        let mut rng = Rng::new(seed);
        let a = natural_text(&mut rng);
        let mut b = a.clone();
        for _ in 0..1 + rng.below(4) {
            let mut at = rng.below(b.len() + 1);
            while !b.is_char_boundary(at) {
                at -= 1;
            }
            b.insert_str(at, &hidden(&mut rng));
        }
        checks::diff(&a, &b);
        checks::diff(&b, &a);
    }
}

// Work: bytes and blocks allocated on the current thread.

struct Counting;

thread_local! {
    static ALLOCATED: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

fn count(bytes: usize) {
    let _ = ALLOCATED.try_with(|a| {
        let (n, b) = a.get();
        a.set((n + 1, b + bytes as u64));
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Blocks and bytes allocated while `work` runs on this thread.
fn work(f: impl FnOnce()) -> (u64, u64) {
    ALLOCATED.with(|a| a.set((0, 0)));
    f();
    ALLOCATED.with(|a| a.get())
}

/// `unit` repeated to about `len` bytes.
fn repeated(unit: &str, len: usize) -> String {
    unit.repeat(len / unit.len().max(1) + 1)
}

#[test]
fn work_grows_linearly_with_the_input() {
    let mut rng = Rng::new(7);
    let mixed_scripts: String = (0..200).map(|_| natural_text(&mut rng)).collect();
    let mut rng = Rng::new(8);
    let hostile_mix: String = (0..200).map(|_| mixed(&mut rng)).collect();
    let tags: String = (0..64)
        .map(|i| char::from_u32(0xE0041 + i % 2).unwrap())
        .collect();
    let cases: [(&str, String); 7] = [
        (
            "plain ASCII",
            "The quick brown fox jumps over the lazy dog. ".into(),
        ),
        ("mixed scripts", mixed_scripts),
        ("mixed with payloads", hostile_mix),
        ("a run of U+200B", "\u{200B}".into()),
        ("alternating tags", tags),
        (
            "many short runs",
            "word\u{200B}\u{200C} text\u{2060} x\u{E0041} ".into(),
        ),
        ("escapes", "a\\u200B&#8203;b=E2=80=8B ".into()),
    ];
    let opts = Options {
        sha256: false,
        ..Options::default()
    };
    const SMALL: usize = 20_000;
    for (name, unit) in cases {
        let small = repeated(&unit, SMALL);
        let large = repeated(&unit, 10 * SMALL);
        let (blocks_s, bytes_s) = work(|| drop(unmask::scan(&small, &opts)));
        let (blocks_l, bytes_l) = work(|| drop(unmask::scan(&large, &opts)));
        let ratio = |l: u64, s: u64| l as f64 / s.max(1) as f64;
        // 10x the input; growth by doubling can round one size up a power of two more.
        assert!(
            ratio(bytes_l, bytes_s) <= 15.0 && ratio(blocks_l, blocks_s) <= 15.0,
            "{name}: {} -> {} bytes ({blocks_s} -> {blocks_l} blocks) allocated for {} -> {} bytes of input",
            bytes_s,
            bytes_l,
            small.len(),
            large.len()
        );
        let (_, clean_s) = work(|| drop(unmask::clean(&small)));
        let (_, clean_l) = work(|| drop(unmask::clean(&large)));
        assert!(
            ratio(clean_l, clean_s) <= 15.0,
            "{name}: clean allocated {clean_s} -> {clean_l} bytes"
        );
    }
}
