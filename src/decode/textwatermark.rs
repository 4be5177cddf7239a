//! textwatermark's numbers: a watermark written as one number in base N over a template's
//! characters.
//!
//! textwatermark (PyPI) turns the watermark into bits by a mode (6 bits per letter or digit,
//! 5 per letter, 7 per ASCII character, UTF-8, or a decimal number), reads the bits as one
//! integer and writes it in base N, N being its template's size, with the template's characters
//! as digits, zero-padded to the width of the longest watermark and opened by a flag digit 1.
//! Its WHITESPACE_CHARS template writes the digits as a run of 14 kinds of space inserted at one
//! point (the very start of the text by default); INVISIBLE_CHARS writes a run of 29 invisible
//! characters the same way; SPACE_CHARS replaces the first spaces of the text by six kinds of
//! space, U+0020 being the digit 0. The mode is not written anywhere: the first mode whose
//! characters read as words is the payload (UTF-8, then letters and digits, then letters, the
//! decimal number last), and the explanation names the next one that reads; a run of the
//! template's characters that reads as no mode is left to the rules, which report its carriers.

use super::regions::Run;
use super::whitespace::word_score;
use super::{better, Reading, RunDecoder, TextDecoder};
use crate::report::{Kind, Payload, Scheme};

/// WHITESPACE_CHARS: the digits 0 to 13.
const WHITESPACE: [char; 14] = [
    '\u{00A0}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}',
    '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{202F}', '\u{205F}',
];

/// SPACE_CHARS: the digits 0 to 5, written in place of the spaces of the text.
const SPACES: [char; 6] = [
    ' ', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2006}', '\u{200A}',
];

/// INVISIBLE_CHARS: the digits 0 to 28.
const INVISIBLE: [char; 29] = [
    '\u{034F}', '\u{061C}', '\u{180B}', '\u{180C}', '\u{180D}', '\u{180E}', '\u{200B}', '\u{200E}',
    '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{FE00}', '\u{FE01}', '\u{FE02}',
    '\u{FE03}', '\u{FE04}', '\u{FE05}', '\u{FE06}', '\u{FE07}', '\u{FE08}', '\u{FE09}', '\u{FE0A}',
    '\u{FE0B}', '\u{FE0C}', '\u{FE0D}', '\u{FE0E}', '\u{FE0F}',
];

/// Fewest digits a number needs, the flag with them: the tool pads every number to the width
/// of the longest watermark, and a few digits read as some decimal number in any case.
const MIN_DIGITS: usize = 8;

/// Most digits read as one number (a watermark is short; bounds the big-number arithmetic).
const MAX_DIGITS: usize = 512;

/// Fewest kinds of character a run of digits uses: one or two kinds side by side are what
/// typography and padding write.
const MIN_KINDS: usize = 3;

/// A template: its name and its characters in digit order.
struct Template {
    name: &'static str,
    digits: &'static [char],
}

/// How the tool turned the watermark into bits.
#[derive(Clone, Copy)]
enum Mode {
    /// ALPHA_NUMERICAL: 6 bits per character, `0-9` = 1-10, `A-Z` = 11-36, `a-z` = 37-62.
    AlphaNumerical,
    /// UNICODE: the UTF-8 bytes.
    Unicode,
    /// ALPHA_NUMERICAL_SPECIAL: 7 bits per printable ASCII character.
    Printable,
    /// LETTERS_MIXED_CASE: 6 bits per letter, `A` = 1.
    Letters,
    /// LETTERS_LOWER_CASE: 5 bits per letter, `a` = 1.
    Lower,
    /// LETTERS_UPPER_CASE: 5 bits per letter, `A` = 1.
    Upper,
    /// REAL_NUMBER: the number itself, in decimal.
    Number,
}

impl Mode {
    /// Every mode, in the order a reading is believed: UTF-8 seldom reads by chance; letters
    /// and digits read from almost any bits, but they are what watermarks are made of; the
    /// decimal number, which every number is, last.
    const ALL: [Mode; 7] = [
        Mode::Unicode,
        Mode::AlphaNumerical,
        Mode::Printable,
        Mode::Letters,
        Mode::Lower,
        Mode::Upper,
        Mode::Number,
    ];

    /// The tool's name of the mode.
    fn name(self) -> &'static str {
        match self {
            Mode::AlphaNumerical => "ALPHA_NUMERICAL",
            Mode::Unicode => "UNICODE",
            Mode::Printable => "ALPHA_NUMERICAL_SPECIAL",
            Mode::Letters => "LETTERS_MIXED_CASE",
            Mode::Lower => "LETTERS_LOWER_CASE",
            Mode::Upper => "LETTERS_UPPER_CASE",
            Mode::Number => "REAL_NUMBER",
        }
    }

    /// The watermark these bits (most significant first, no leading zero) spell in this mode.
    fn read(self, bits: &[bool]) -> Option<String> {
        let width = match self {
            Mode::Lower | Mode::Upper => 5,
            Mode::AlphaNumerical | Mode::Letters => 6,
            Mode::Printable => 7,
            Mode::Unicode => 8,
            Mode::Number => return number(bits).map(|n| n.to_string()),
        };
        let pad = (width - bits.len() % width) % width;
        let padded: Vec<bool> = std::iter::repeat_n(false, pad)
            .chain(bits.iter().copied())
            .collect();
        let values = padded
            .chunks(width)
            .map(|c| c.iter().fold(0u8, |acc, &b| (acc << 1) | u8::from(b)));
        if let Mode::Unicode = self {
            return String::from_utf8(values.collect()).ok();
        }
        values
            .map(|v| {
                let c = match (self, v) {
                    (Mode::AlphaNumerical, 1..=10) => b'0' + v - 1,
                    (Mode::AlphaNumerical, 11..=36) => b'A' + v - 11,
                    (Mode::AlphaNumerical, 37..=62) => b'a' + v - 37,
                    (Mode::Printable, 0x21..=0x7E) => v,
                    (Mode::Letters, 1..=26 | 33..=58) => b'A' + v - 1,
                    (Mode::Lower, 1..=26) => b'a' + v - 1,
                    (Mode::Upper, 1..=26) => b'A' + v - 1,
                    _ => return None,
                };
                Some(char::from(c))
            })
            .collect()
    }
}

/// The bits (most significant first, no leading zero) at most 128 of them as a number.
fn number(bits: &[bool]) -> Option<u128> {
    (bits.len() <= 128).then(|| {
        bits.iter()
            .fold(0u128, |acc, &b| (acc << 1) | u128::from(b))
    })
}

/// The number written by `digits` in base `base`, as bits, most significant first, without
/// leading zeros.
fn bits_of_number(digits: &[u8], base: u8) -> Vec<bool> {
    // Big-endian bytes, multiplied by the base and added to digit by digit.
    let mut bytes: Vec<u8> = Vec::new();
    for &d in digits {
        let mut carry = u32::from(d);
        for byte in bytes.iter_mut().rev() {
            let v = u32::from(*byte) * u32::from(base) + carry;
            *byte = (v & 0xFF) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xFF) as u8);
            carry >>= 8;
        }
    }
    bytes
        .iter()
        .flat_map(|&b| (0..8).rev().map(move |i| b >> i & 1 == 1))
        .skip_while(|&b| !b)
        .collect()
}

/// The best reading of `digits` (values in `template`), the flag digit first.
fn read_digits(digits: &[u8], template: &Template) -> Option<Reading> {
    let (&flag, body) = digits.split_first()?;
    if flag != 1 || digits.len() < MIN_DIGITS || digits.len() > MAX_DIGITS {
        return None;
    }
    let bits = bits_of_number(body, template.digits.len() as u8);
    let mut readings = Mode::ALL.into_iter().filter_map(|mode| {
        let text = mode.read(&bits).filter(|t| t.chars().count() >= 3)?;
        let score = word_score(text.as_bytes());
        (score > 0.0).then_some((mode, text, score))
    });
    let (mode, text, score) = readings.next()?;
    let base = template.digits.len();
    let (name, mode) = (template.name, mode.name());
    // The mode is a guess: the next best reading is worth showing the analyst.
    let (other_en, other_zh) = match readings.next() {
        Some((m, t, _)) => (
            format!(" (its {} mode reads {t:?})", m.name()),
            format!("（其 {} 模式读作 {t:?}）", m.name()),
        ),
        None => (String::new(), String::new()),
    };
    let mapping = (
        format!(
            "textwatermark's {name} template: its characters are the digits 0-{} of one \
             base-{base} number after a flag digit 1; the number's bits read in its {mode} \
             mode{other_en}",
            base - 1
        ),
        format!(
            "textwatermark 的 {name} 模板：其字符为一个 {base} 进制数的数字 0-{}，前有标志数字 1；\
             该数的比特按其 {mode} 模式读取{other_zh}",
            base - 1
        ),
    );
    // The framing (template, flag) fits, but the mode is a guess among several.
    let confidence = 0.5 + 0.3 * score;
    Some(Reading::new(
        Scheme::UnicodeSpaces,
        text.into_bytes(),
        confidence,
        mapping,
    ))
}

/// The digit of `c` in `template`.
fn digit(c: char, template: &[char]) -> Option<u8> {
    template.iter().position(|&t| t == c).map(|d| d as u8)
}

/// Runs of WHITESPACE_CHARS digits in `text`, each read as a number.
fn whitespace_runs(text: &str) -> Vec<Payload> {
    let template = Template {
        name: "WHITESPACE_CHARS",
        digits: &WHITESPACE,
    };
    let mut out = Vec::new();
    let mut run: Vec<u8> = Vec::new();
    let (mut start, mut end) = (0, 0);
    // Every digit is outside ASCII: a run ends where the next digit does not follow it.
    let digits =
        crate::text::non_ascii(text).filter_map(|(at, c)| Some((at, c, digit(c, &WHITESPACE)?)));
    for (at, c, d) in digits.chain([(usize::MAX, '\0', 0)]) {
        if at != end {
            // Digits in ascending order are the template's characters listed (a regex class).
            let listed = run.windows(2).all(|w| w[0] < w[1]);
            if kinds(&run) >= MIN_KINDS && !listed {
                out.extend(read_digits(&run, &template).map(|r| r.place(start, end)));
            }
            if at == usize::MAX {
                break;
            }
            run.clear();
            start = at;
        }
        if run.len() <= MAX_DIGITS {
            run.push(d);
        }
        end = at + c.len_utf8();
    }
    out
}

/// How many different digits `digits` uses.
fn kinds(digits: &[u8]) -> usize {
    let mut seen = [false; 256];
    digits
        .iter()
        .filter(|&&d| !std::mem::replace(&mut seen[usize::from(d)], true))
        .count()
}

/// SPACE_CHARS: the spaces of the text from the first, up to the last that is not U+0020, as
/// digits; the number's last zero digits are spaces no one can tell from the text's own, so up
/// to two of them are tried.
fn space_gaps(text: &str) -> Option<Payload> {
    let template = Template {
        name: "SPACE_CHARS",
        digits: &SPACES,
    };
    let mut gaps: Vec<(usize, u8)> = Vec::new();
    let mut last_unusual = None;
    for (at, c) in text.char_indices() {
        let Some(d) = digit(c, &SPACES) else { continue };
        if d > 0 {
            last_unusual = Some(gaps.len());
        }
        gaps.push((at, d));
        if gaps.len() > MAX_DIGITS {
            break;
        }
    }
    let last = last_unusual?;
    let digits: Vec<u8> = gaps.iter().map(|g| g.1).collect();
    if kinds(&digits[..=last]) < MIN_KINDS {
        return None;
    }
    let mut best: Option<Payload> = None;
    for extra in 0..=2 {
        let Some(&(end_at, end_digit)) = gaps.get(last + extra) else {
            break;
        };
        let end = end_at + SPACES[usize::from(end_digit)].len_utf8();
        let reading = read_digits(&digits[..=last + extra], &template).map(|mut r| {
            r.confidence *= 1.0 - 0.05 * extra as f32;
            r.place(gaps[0].0, end)
        });
        best = better(best, reading);
    }
    best
}

/// Runs of INVISIBLE_CHARS digits.
fn invisible_run(run: &Run<'_>) -> Option<Reading> {
    let digits: Option<Vec<u8>> = run
        .chars()
        .take(MAX_DIGITS + 1)
        .map(|c| digit(c, &INVISIBLE))
        .collect();
    let digits = digits?;
    if kinds(&digits) < MIN_KINDS {
        return None;
    }
    let template = Template {
        name: "INVISIBLE_CHARS",
        digits: &INVISIBLE,
    };
    let mut reading = read_digits(&digits, &template)?;
    reading.scheme = Scheme::ZeroWidthBaseN;
    Some(reading)
}

/// The space templates, read when the text holds unusual spaces.
pub(crate) const SPACE_DECODER: TextDecoder = TextDecoder {
    schemes: &[Scheme::UnicodeSpaces],
    trigger: |seen| seen.has(&[Kind::Space]),
    read: |seen| {
        let mut out = whitespace_runs(seen.text);
        out.extend(space_gaps(seen.text));
        out
    },
};

/// The invisible template, offered every run of invisible characters.
pub(crate) const RUN_DECODER: RunDecoder =
    RunDecoder::new(&[Scheme::ZeroWidthBaseN], invisible_run);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    /// textwatermark's conversion: the watermark's bits in `mode`, as base-`base` digits
    /// zero-padded to `width`, after the flag digit 1.
    fn digits_of(watermark: &str, mode: Mode, base: u8, width: usize) -> Vec<u8> {
        let bits: String = match mode {
            Mode::AlphaNumerical => watermark
                .bytes()
                .map(|b| {
                    let v = match b {
                        b'0'..=b'9' => b - b'0' + 1,
                        b'A'..=b'Z' => b - b'A' + 11,
                        _ => b - b'a' + 37,
                    };
                    format!("{v:06b}")
                })
                .collect(),
            Mode::Lower => watermark
                .bytes()
                .map(|b| format!("{:05b}", b - b'a' + 1))
                .collect(),
            Mode::Unicode => watermark.bytes().map(|b| format!("{b:08b}")).collect(),
            _ => unreachable!("not used by these tests"),
        };
        // The number in base `base`, most significant digit first.
        let mut number: Vec<u8> = Vec::new();
        for bit in bits.bytes() {
            let mut carry = bit - b'0';
            for d in number.iter_mut().rev() {
                let v = *d * 2 + carry;
                *d = v % base;
                carry = v / base;
            }
            if carry > 0 {
                number.insert(0, carry);
            }
        }
        let mut out = vec![1];
        out.extend(std::iter::repeat_n(0, width.saturating_sub(number.len())));
        out.extend(number);
        out
    }

    fn written(digits: &[u8], template: &[char]) -> String {
        digits.iter().map(|&d| template[usize::from(d)]).collect()
    }

    const COVER: &str = "El museo de la ciudad abrirá una sala dedicada a la historia del puerto. \
                         La exposición reúne mapas, fotografías y cartas de comerciantes.";

    /// Letters and digits of 3 to 10 characters.
    fn watermark(rng: &mut Rng, letters: &[u8]) -> String {
        (0..3 + rng.below(8))
            .map(|_| char::from(letters[rng.below(letters.len())]))
            .collect()
    }

    #[test]
    fn whitespace_chars_at_the_start_round_trip() {
        let mut rng = Rng::new(0x7e7);
        let mut read = 0;
        for _ in 0..100 {
            let secret = watermark(&mut rng, b"abcdefghijklmnopqrstuvwxyz0123456789");
            let digits = digits_of(&secret, Mode::AlphaNumerical, 14, 16);
            let text = format!("{}{COVER}", written(&digits, &WHITESPACE));
            let found = whitespace_runs(&text);
            assert_eq!(found.len(), 1, "{secret:?}");
            assert_eq!(found[0].end, text.find("El").unwrap());
            read += usize::from(found[0].bytes == secret.as_bytes());
        }
        // The mode is a guess: letters and digits read right nearly always.
        assert!(read >= 90, "{read}");
        let digits = digits_of("copia42", Mode::AlphaNumerical, 14, 16);
        let text = format!("{}{COVER}", written(&digits, &WHITESPACE));
        assert_eq!(whitespace_runs(&text)[0].bytes, b"copia42");
    }

    #[test]
    fn other_modes_and_templates_round_trip() {
        let mut rng = Rng::new(0x7e8);
        for round in 0..60 {
            let (secret, mode) = match round % 2 {
                0 => (rng.words(12), Mode::Unicode),
                _ => (
                    watermark(&mut rng, b"abcdefghijklmnopqrstuvwxyz"),
                    Mode::Lower,
                ),
            };
            if secret.len() < 3 {
                continue;
            }
            let digits = digits_of(&secret, mode, 29, 10);
            let run = written(&digits, &INVISIBLE);
            let reading = invisible_run(&Run::of_range(&run, 0, 0));
            assert!(reading.is_some(), "{secret:?}");
            let digits = digits_of(&secret, mode, 6, 16);
            let mut symbols = digits.iter().map(|&d| SPACES[usize::from(d)]);
            let text: String = COVER
                .repeat(4)
                .chars()
                .map(|c| match c {
                    ' ' => symbols.next().unwrap_or(' '),
                    c => c,
                })
                .collect();
            assert!(space_gaps(&text).is_some(), "{secret:?}");
        }
        let digits = digits_of("leakID77", Mode::AlphaNumerical, 29, 12);
        let run = written(&digits, &INVISIBLE);
        let reading = invisible_run(&Run::of_range(&run, 0, 0)).expect("reading");
        assert_eq!(reading.bytes, b"leakID77");
    }

    #[test]
    fn real_typography_is_no_watermark() {
        // Debian's systemd French and wget Czech catalogues (LGPL-2.1+, GPL-3+): NNBSP and
        // NBSP inside guillemets, between numbers and units, after one-letter prepositions.
        let typeset = [
            "Authentification requise pour supprimer les fichiers et les dossiers associés à «\u{202F}$(unit)\u{202F}».",
            "Authentification requise pour la suspension ou la reprise des processus de l'unité «\u{A0}$(unit)\u{A0}».",
            "Authentification requise pour réinitialiser l’état d’«\u{202F}échec\u{202F}» de «\u{202F}$(unit)\u{202F}».",
            "%*s[ přeskakuje se %s\u{202F}K ]",
            "       --certificate-type=DRUH     druh certifikátu klienta:\u{202F}PEM\u{202F}nebo DER",
            "       --ciphers=ŘETĚZEC       Přímo nastaví řetězec s\u{A0}prioritami (GnuTLS)",
            // Layout: padding and an em-spaced heading.
            "Total\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}12\u{2003}\u{2003}Chapter\u{2002}1",
        ];
        let text = typeset.join("\n");
        // xregexp's whitespace class (MIT): the spaces listed in code point order.
        let listed = "d.exports=\"\\t\\n  \u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\
                      \u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{202F}\u{205F}\u{3000}\"";
        assert!(whitespace_runs(listed).is_empty());
        assert!(whitespace_runs(&text).is_empty());
        assert!(space_gaps(&text).is_none());
        // Debian's glib Hebrew catalogue: RLE ... and RLM, a run of bidi controls.
        for run in ["\u{202B}\u{200F}", "\u{202C}\u{200F}\u{200E}"] {
            assert!(
                invisible_run(&Run::of_range(run, 0, 0)).is_none(),
                "{run:?}"
            );
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let alphabet = [
            " ", "\u{2000}", "\u{A0}", "\u{2009}", "\u{2002}", "\u{2003}", "a", "\n",
        ];
        crate::testing::hostile(19, &alphabet, 400, 300, whitespace_runs);
        crate::testing::hostile(20, &alphabet, 400, 300, |t| {
            space_gaps(t).into_iter().collect()
        });
        let long = "\u{2000}\u{2001}\u{2002}".repeat(5000);
        assert!(whitespace_runs(&long).len() <= 1);
    }
}
