//! Invisible characters as the digits of base-n numbers.
//!
//! Most zero-width tools are one [`Layout`]: an alphabet whose i-th character is digit i, a
//! group width (fixed, or unpadded groups between delimiter characters), the unit a group
//! encodes (a byte, a UTF-16 code unit or a code point) and a digit order. Known tools are
//! layouts with fixed parameters (`known`); unknown alphabets are read by [`brute_force`], which
//! tries every layout an alphabet of up to five characters allows and keeps the most plausible
//! reading.

use super::plausible;
use super::regions::Run;
use super::{Reading, RunDecoder, MAX_PAYLOAD};
use crate::report::Scheme;

/// What one group of digits encodes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Unit {
    Byte,
    Utf16,
    CodePoint,
}

/// How digits are grouped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Width {
    /// Every group has this many digits.
    Fixed(u32),
    /// Groups are unpadded and separated by this character.
    Delimited(char),
}

/// One way of reading invisible characters as digits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// The i-th character is digit i; the radix is the alphabet's size.
    pub digits: Vec<char>,
    pub width: Width,
    pub unit: Unit,
    pub msb_first: bool,
    /// A 0 digit follows every group (i18next-subliminal's 9th bit).
    pub stop_digit: bool,
    /// Characters that carry nothing (joiners between symbols).
    pub ignore: Vec<char>,
}

/// The most digits one group may have (keeps values inside `u64`).
const MAX_GROUP: u32 = 24;
/// How many symbols brute force scores per layout before reading the winner in full.
const BRUTE_SAMPLE: usize = 2048;
/// On longer inputs, every layout first reads this many symbols, and the [`SHORTLIST`] best of
/// each unit go on to the full sample.
const SHORT_SAMPLE: usize = 256;
const SHORTLIST: usize = 8;

impl Layout {
    pub fn new(digits: &[char], width: Width, unit: Unit) -> Self {
        Layout {
            digits: digits.to_vec(),
            width,
            unit,
            msb_first: true,
            stop_digit: false,
            ignore: Vec::new(),
        }
    }

    fn radix(&self) -> u64 {
        self.digits.len() as u64
    }

    /// Is this the plain way of writing bytes: one fixed-width group per byte, most significant
    /// digit first (8 bits, 4 base-4 digits ...), as nearly every tool does?
    fn is_plain_bytes(&self) -> bool {
        self.unit == Unit::Byte
            && self.msb_first
            && !self.stop_digit
            && matches!(self.width, Width::Fixed(n) if n == plain_width(self.digits.len()))
    }

    /// The payload scheme name of the contract for this layout.
    pub fn scheme(&self) -> Scheme {
        if self.digits.len() == 2 {
            Scheme::ZeroWidthBinary
        } else {
            Scheme::ZeroWidthBaseN
        }
    }

    /// Reads `symbols`. `strict` demands that the last group be complete (a prefix being
    /// sampled may end mid-group). Returns `None` when a symbol is not in the layout or a group
    /// is out of range for its unit.
    pub fn read(&self, symbols: impl IntoIterator<Item = char>, strict: bool) -> Option<Vec<u8>> {
        let radix = self.radix();
        if radix < 2 {
            return None;
        }
        let mut out = Units::new(self.unit);
        let (mut value, mut place, mut count) = (0u64, 1u64, 0u32);
        for c in symbols {
            if self.ignore.contains(&c) {
                continue;
            }
            if let Width::Delimited(d) = self.width {
                if c == d {
                    if count == 0 {
                        if strict && !out.is_empty() {
                            return None;
                        }
                        continue;
                    }
                    out.push(value)?;
                    (value, place, count) = (0, 1, 0);
                    continue;
                }
            }
            let digit = self.digits.iter().position(|&d| d == c)? as u64;
            if let Width::Fixed(n) = self.width {
                if self.stop_digit && count == n {
                    if digit != 0 {
                        return None;
                    }
                    out.push(value)?;
                    (value, place, count) = (0, 1, 0);
                    continue;
                }
            }
            if count >= MAX_GROUP {
                return None;
            }
            if self.msb_first {
                value = value * radix + digit;
            } else {
                value += digit * place;
                place *= radix;
            }
            count += 1;
            if self.width == Width::Fixed(count) && !self.stop_digit {
                out.push(value)?;
                (value, place, count) = (0, 1, 0);
            }
            if out.full() {
                return out.finish(false);
            }
        }
        if count > 0 {
            match self.width {
                Width::Delimited(_) => out.push(value)?,
                Width::Fixed(_) if strict => return None,
                Width::Fixed(_) => {}
            }
        }
        out.finish(strict)
    }

    /// Does a `strict` read of `n` symbols fail for its last group alone: fixed-width groups,
    /// no stop digit and nothing ignored, `n` no multiple of the width, and too few symbols
    /// to fill the payload cap (which ends a read early)? Brute force skips such layouts
    /// unread: most of the widths it tries do not divide a run's length.
    fn ends_mid_group(&self, n: usize) -> bool {
        matches!(self.width, Width::Fixed(w) if w > 0 && n % w as usize != 0)
            && !self.stop_digit
            && self.ignore.is_empty()
            && n * 4 < MAX_PAYLOAD
    }

    /// The mapping in English and Chinese, e.g.
    /// `U+200B = 0, U+200C = 1, 8 bits per byte, most significant first`.
    pub fn describe(&self) -> (String, String) {
        let digits: Vec<String> = self
            .digits
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} = {:x}", cp(*c), i))
            .collect();
        let r = self.digits.len();
        let (unit_en, unit_zh) = match self.unit {
            Unit::Byte => ("byte", "字节"),
            Unit::Utf16 => ("UTF-16 code unit", "UTF-16 码元"),
            Unit::CodePoint => ("code point", "码位"),
        };
        let (what_en, what_zh) = if r == 2 {
            ("bits", "位")
        } else {
            ("digits", "位数字")
        };
        let mut en = digits.join(", ");
        let mut zh = digits.join("，");
        if r > 2 {
            en.push_str(&format!(", base {r}"));
            zh.push_str(&format!("，{r} 进制"));
        }
        match self.width {
            Width::Fixed(n) => {
                en.push_str(&format!(", {n} {what_en} per {unit_en}"));
                zh.push_str(&format!("，每{unit_zh} {n} {what_zh}"));
            }
            Width::Delimited(d) => {
                en.push_str(&format!(
                    ", one unpadded group per {unit_en}, groups separated by {}",
                    cp(d)
                ));
                zh.push_str(&format!("，每{unit_zh}一组，不补零，以 {} 分隔", cp(d)));
            }
        }
        if self.stop_digit {
            en.push_str(", then a 0");
            zh.push_str("，其后一个 0");
        }
        if self.msb_first {
            en.push_str(", most significant first");
            zh.push_str("，高位在前");
        } else {
            en.push_str(", least significant first");
            zh.push_str("，低位在前");
        }
        for c in &self.ignore {
            en.push_str(&format!(", {} ignored", cp(*c)));
            zh.push_str(&format!("，忽略 {}", cp(*c)));
        }
        (en, zh)
    }
}

/// `U+200B` notation.
pub(crate) fn cp(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Collects decoded groups as UTF-8 bytes.
struct Units {
    unit: Unit,
    bytes: Vec<u8>,
    utf16: Vec<u16>,
}

impl Units {
    fn new(unit: Unit) -> Self {
        Units {
            unit,
            bytes: Vec::new(),
            utf16: Vec::new(),
        }
    }

    fn is_empty(&self) -> bool {
        self.bytes.is_empty() && self.utf16.is_empty()
    }

    fn full(&self) -> bool {
        self.bytes.len() >= MAX_PAYLOAD || self.utf16.len() * 3 >= MAX_PAYLOAD * 2
    }

    fn push(&mut self, value: u64) -> Option<()> {
        match self.unit {
            Unit::Byte => self.bytes.push(u8::try_from(value).ok()?),
            Unit::Utf16 => self.utf16.push(u16::try_from(value).ok()?),
            Unit::CodePoint => {
                let c = char::from_u32(u32::try_from(value).ok()?)?;
                let mut buf = [0u8; 4];
                self.bytes
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        Some(())
    }

    fn finish(mut self, strict: bool) -> Option<Vec<u8>> {
        if self.unit == Unit::Utf16 {
            // A sampled prefix may end inside a surrogate pair.
            if !strict
                && self
                    .utf16
                    .last()
                    .is_some_and(|u| (0xD800..0xDC00).contains(u))
            {
                self.utf16.pop();
            }
            self.bytes = String::from_utf16(&self.utf16).ok()?.into_bytes();
        }
        self.bytes.truncate(MAX_PAYLOAD);
        Some(self.bytes)
    }
}

/// The fixed group widths worth trying for a radix: a byte (and 7-bit ASCII in binary), a
/// UTF-16 code unit, and a code point of 24 bits (idev-pyzerowidth's binary24, trinary16 and
/// quaternary12: text in wider units).
fn fixed_widths(radix: usize) -> &'static [(u32, Unit)] {
    match radix {
        2 => &[
            (8, Unit::Byte),
            (7, Unit::Byte),
            (16, Unit::Utf16),
            (24, Unit::CodePoint),
        ],
        3 => &[(6, Unit::Byte), (11, Unit::Utf16), (16, Unit::CodePoint)],
        4 => &[(4, Unit::Byte), (8, Unit::Utf16), (12, Unit::CodePoint)],
        5 => &[(4, Unit::Byte), (7, Unit::Utf16)],
        _ => &[],
    }
}

/// The group width of [`Layout::is_plain_bytes`] for a radix: the fewest digits that hold a
/// byte.
fn plain_width(radix: usize) -> u32 {
    let mut n = 0;
    let mut reach = 1usize;
    while reach < 256 && radix >= 2 {
        reach *= radix;
        n += 1;
    }
    n
}

/// Every ordering of `items`, in lexicographic order of their positions (the first item's
/// orderings first): stepped through in place, one allocation per ordering, as brute force
/// builds them for every run it is offered.
fn permutations(items: &[char]) -> Vec<Vec<char>> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut out = Vec::new();
    loop {
        out.push(order.iter().map(|&i| items[i]).collect());
        // The next ordering: the last rise, its left end swapped with the smallest larger
        // position after it, the tail put back in rising order.
        let Some(i) = order.windows(2).rposition(|w| w[0] < w[1]) else {
            return out;
        };
        let j = order.iter().rposition(|&x| x > order[i]).unwrap_or(i);
        order.swap(i, j);
        order[i + 1..].reverse();
    }
}

/// Every layout an alphabet allows: each assignment of digits, both digit orders, fixed widths,
/// and, when one character is left over, that character as a group delimiter.
fn layouts(alphabet: &[char]) -> Vec<Layout> {
    let k = alphabet.len();
    let mut out = Vec::new();
    for digits in permutations(alphabet) {
        for &(n, unit) in fixed_widths(k) {
            for msb_first in [true, false] {
                out.push(Layout {
                    msb_first,
                    ..Layout::new(&digits, Width::Fixed(n), unit)
                });
            }
        }
    }
    if k >= 3 {
        for (i, &delimiter) in alphabet.iter().enumerate() {
            let mut rest = alphabet.to_vec();
            rest.remove(i);
            for digits in permutations(&rest) {
                for unit in [Unit::Byte, Unit::CodePoint] {
                    for msb_first in [true, false] {
                        out.push(Layout {
                            msb_first,
                            ..Layout::new(&digits, Width::Delimited(delimiter), unit)
                        });
                    }
                }
            }
        }
    }
    out
}

/// The distinct characters of `symbols` in order of first appearance, or `None` when there
/// are more than `max`.
pub(crate) fn alphabet(symbols: &[char], max: usize) -> Option<Vec<char>> {
    let mut out: Vec<char> = Vec::new();
    for &c in symbols {
        if !out.contains(&c) {
            if out.len() == max {
                return None;
            }
            out.push(c);
        }
    }
    Some(out)
}

/// A reading that stands out from the many layouts tried: two characters for a binary
/// alphabet, three for larger ones (which have many more digit assignments); four in UTF-16
/// units or code points, coherent ones (random units read as CJK ideographs, Hangul and
/// symbols of many blocks, which look like words to a count of scripts). A few bytes of noise read as some
/// characters in one layout or another: a reading of up to four characters must look like a
/// word ([`plausible::short_word`]);
/// outside ASCII, a reading in UTF-16 units or code points must be coherent (few scripts).
fn enough(bytes: &[u8], layout: &Layout) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let n = text.chars().count();
    let need = match (layout.unit, layout.digits.len()) {
        (Unit::Byte, 2) => 2,
        (Unit::Byte, _) => 3,
        _ => 4,
    };
    let one_script = layout.unit == Unit::Byte || plausible::coherent(text);
    n >= need && (n > 4 || plausible::short_word(text)) && one_script
}

/// What `layout` reads from `symbols` and its score, when it reads
/// them as enough text (a sample, not `strict`, may end inside a character: that is cut off).
fn scored_read(layout: &Layout, symbols: &[char], strict: bool) -> Option<(Vec<u8>, f32)> {
    if strict && layout.ends_mid_group(symbols.len()) {
        return None;
    }
    let mut bytes = layout.read(symbols.iter().copied(), strict)?;
    if !strict {
        // A sample may end inside a character.
        if let Err(e) = std::str::from_utf8(&bytes) {
            if e.error_len().is_none() {
                bytes.truncate(e.valid_up_to());
            }
        }
    }
    if !enough(&bytes, layout) {
        return None;
    }
    // Only the plain layout may carry a signature: of the many layouts tried, some read noise
    // whose first bytes look like a word.
    let s = if layout.is_plain_bytes() {
        plausible::score_or_signed(&bytes)
    } else {
        plausible::score(&bytes)
    };
    Some((bytes, s * unit_weight(layout)))
}

/// Reading pairs of ASCII bytes as one UTF-16 unit gives CJK-looking text ("Bush hid the
/// facts"), so a UTF-16 reading must beat the byte reading of the same digits clearly; so must
/// a reading of fixed-width code points (wider still, they read as letters of rare scripts).
fn unit_weight(layout: &Layout) -> f32 {
    let wide = layout.unit == Unit::Utf16
        || (layout.unit == Unit::CodePoint && matches!(layout.width, Width::Fixed(_)));
    if wide {
        0.85
    } else {
        1.0
    }
}

/// Tries every layout of an unknown alphabet (2 to 5 characters) and returns the most plausible
/// reading (of at least two or three characters, see [`enough`]) with its score.
pub(crate) fn brute_force(symbols: &[char]) -> Option<(Layout, Vec<u8>, f32)> {
    let alphabet = alphabet(symbols, 5)?;
    if alphabet.len() < 2 {
        return None;
    }
    let mut candidates = layouts(&alphabet);
    if symbols.len() > SHORT_SAMPLE {
        // Long inputs: every layout reads a short sample first, and only the best few read the
        // full sample (the right layout reads as text from the first bytes on).
        let short = &symbols[..SHORT_SAMPLE];
        let mut scored: Vec<(f32, Layout)> = candidates
            .into_iter()
            .filter_map(|layout| Some((scored_read(&layout, short, false)?.1, layout)))
            .collect();
        crate::order::by_key(&mut scored, |s| !crate::order::float_key(s.0));
        // The best of each unit: pairs of ASCII bytes read as UTF-16 look like CJK text from
        // the start and would crowd the byte readings out.
        let mut taken = [0usize; 3];
        candidates = scored
            .into_iter()
            .map(|(_, l)| l)
            .filter(|l| {
                let n = &mut taken[l.unit as usize];
                *n += 1;
                *n <= SHORTLIST || l.is_plain_bytes()
            })
            .collect();
    }
    let sample = symbols.get(..BRUTE_SAMPLE).unwrap_or(symbols);
    let whole = sample.len() == symbols.len();
    // The most plausible reading, and the most plausible of the plain byte layouts: when that
    // one reads as clean text it is the reading, whatever an exotic layout (UTF-16 units, least
    // significant digit first, 7-bit groups) scores. Those find words in noise more often than
    // the one layout nearly every tool writes.
    let mut best: Option<(Layout, Vec<u8>, f32)> = None;
    let mut plain: Option<(Layout, Vec<u8>, f32)> = None;
    for layout in candidates {
        let Some((bytes, s)) = scored_read(&layout, sample, whole) else {
            continue;
        };
        let slot = if layout.is_plain_bytes() {
            &mut plain
        } else {
            &mut best
        };
        if slot.as_ref().is_none_or(|b| s > b.2) {
            *slot = Some((layout, bytes, s));
        }
    }
    let (layout, bytes, s) = match (plain, best) {
        (Some(p), _) if p.2 >= CLEAN => p,
        (p, b) => better_scored(p, b)?,
    };
    if whole {
        return Some((layout, bytes, s));
    }
    let full = layout.read(symbols.iter().copied(), true)?;
    let s = if layout.is_plain_bytes() {
        plausible::score_or_signed(&full)
    } else {
        plausible::score(&full)
    };
    let s = s * unit_weight(&layout);
    Some((layout, full, s))
}

/// A plain byte reading that scores this much reads as clean text (a wrong digit assignment of
/// text in wider units reads as one letter between punctuation, `U'U$U6U#`, around 0.6).
const CLEAN: f32 = 0.8;

/// The higher scored of two readings (the first on a tie).
fn better_scored<T>(
    a: Option<(T, Vec<u8>, f32)>,
    b: Option<(T, Vec<u8>, f32)>,
) -> Option<(T, Vec<u8>, f32)> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.2 > a.2 { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Brute force over a run's alphabet, for tools nobody documented; a run that no layout reads
/// but whose symbols look like random bits is an unknown scheme ([`unknown`]).
fn decode(run: &Run<'_>) -> Option<Reading> {
    let symbols: Vec<char> = run.chars().take(MAX_PAYLOAD * 8).collect();
    let symbols = unframed(&symbols);
    let read = brute_force(symbols).map(|(layout, bytes, _)| {
        let weight = 0.9 * unit_weight(&layout);
        if layout.is_plain_bytes() {
            Reading::judged(layout.scheme(), bytes, weight, layout.describe())
        } else {
            let score = plausible::score(&bytes);
            Reading::new(layout.scheme(), bytes, weight * score, layout.describe())
        }
    });
    match read {
        Some(r) if r.confidence >= super::MIN_CONFIDENCE => Some(r),
        r => super::better(r, unknown(symbols)),
    }
}

/// The symbols inside a frame: a character that stands only at the start and the end of a run
/// (zyc-stego's U+200D ... U+200D, invisible ink's U+2060 ... U+2060) marks where the data is
/// and is no digit.
fn unframed(symbols: &[char]) -> &[char] {
    let (Some(&first), Some(&last)) = (symbols.first(), symbols.last()) else {
        return symbols;
    };
    if first != last || symbols.len() < 3 {
        return symbols;
    }
    let inner = &symbols[1..symbols.len() - 1];
    if inner.contains(&first) {
        symbols
    } else {
        inner
    }
}

/// Fewest symbols of an unknown scheme: 8 bytes.
const UNKNOWN_MIN_BYTES: usize = 8;

/// Symbols of two or four kinds, as many as whole bytes need and at least
/// [`UNKNOWN_MIN_BYTES`], each kind about as frequent as the others, whose plain byte reading
/// is not text and barely repeats a byte: random bits, as a key, a hash, a MAC or a ciphertext
/// gives them. Reported as what they are, an unknown scheme with its alphabet and its bits
/// (the bytes of the plain reading), not as any tool's payload.
fn unknown(symbols: &[char]) -> Option<Reading> {
    let alphabet = alphabet(symbols, 4)?;
    let k = alphabet.len();
    if k != 2 && k != 4 {
        return None;
    }
    let width = plain_width(k) as usize;
    let n = symbols.len();
    if n % width != 0 || n / width < UNKNOWN_MIN_BYTES || symbols.len() >= MAX_PAYLOAD * 8 {
        return None;
    }
    let rare = alphabet
        .iter()
        .map(|a| symbols.iter().filter(|&c| c == a).count())
        .min()?;
    if rare * k * 2 < n {
        return None;
    }
    let layout = Layout::new(&alphabet, Width::Fixed(width as u32), Unit::Byte);
    let bytes = layout.read(symbols.iter().copied(), true)?;
    let mut distinct = [false; 256];
    for &b in &bytes {
        distinct[usize::from(b)] = true;
    }
    let spread = distinct.iter().filter(|&&d| d).count();
    if spread * 4 < bytes.len().min(256) * 3 || plausible::score(&bytes) >= CLEAN {
        return None;
    }
    let (en, zh) = layout.describe();
    let bits = n * (if k == 2 { 1 } else { 2 });
    let mut reading = Reading::new(
        layout.scheme(),
        bytes,
        0.5,
        (
            format!(
                "unknown scheme: {k} symbols, {bits} bits that look random (a key, a hash, a \
                 signature or a ciphertext), shown as bytes with {en}"
            ),
            format!("未知方案：{k} 种符号，{bits} 位，看似随机（密钥、散列、签名或密文），按 {zh} 显示为字节"),
        ),
    );
    reading.readable = false;
    Some(reading)
}

/// The brute force over a run's alphabet: tried only when no decoder before it is sure.
pub(crate) const DECODER: RunDecoder = RunDecoder {
    schemes: &[Scheme::ZeroWidthBinary, Scheme::ZeroWidthBaseN],
    read: decode,
    fallback: true,
};

/// Test-only encoder: writes `bytes` in `layout` (the inverse of [`Layout::read`]).
#[cfg(test)]
pub(crate) fn encode(layout: &Layout, bytes: &[u8]) -> String {
    let values: Vec<u64> = match layout.unit {
        Unit::Byte => bytes.iter().map(|&b| u64::from(b)).collect(),
        Unit::Utf16 => String::from_utf8_lossy(bytes)
            .encode_utf16()
            .map(u64::from)
            .collect(),
        Unit::CodePoint => String::from_utf8_lossy(bytes)
            .chars()
            .map(|c| u64::from(c as u32))
            .collect(),
    };
    let r = layout.radix();
    let mut out = String::new();
    for (i, mut v) in values.into_iter().enumerate() {
        let mut digits = Vec::new();
        match layout.width {
            Width::Fixed(n) => {
                for _ in 0..n {
                    digits.push(v % r);
                    v /= r;
                }
            }
            Width::Delimited(d) => {
                if i > 0 {
                    out.push(d);
                }
                loop {
                    digits.push(v % r);
                    v /= r;
                    if v == 0 {
                        break;
                    }
                }
            }
        }
        if layout.msb_first {
            digits.reverse();
        }
        for d in digits {
            out.push(layout.digits[d as usize]);
        }
        if layout.stop_digit {
            out.push(layout.digits[0]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    #[test]
    fn layouts_round_trip() {
        let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
        let z = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}'];
        let cases = [
            Layout::new(&z[..2], Width::Fixed(8), Unit::Byte),
            Layout::new(&z[..3], Width::Fixed(11), Unit::Utf16),
            Layout::new(&z[..5], Width::Fixed(7), Unit::Utf16),
            Layout::new(&z[..4], Width::Delimited('\u{FEFF}'), Unit::CodePoint),
            Layout {
                msb_first: false,
                stop_digit: true,
                ..Layout::new(&z[1..3], Width::Fixed(8), Unit::Byte)
            },
        ];
        for layout in &cases {
            for _ in 0..50 {
                let text = rng.text(200);
                let enc = encode(layout, text.as_bytes());
                assert_eq!(layout.read(enc.chars(), true), Some(text.into_bytes()));
            }
        }
    }

    #[test]
    fn permutations_come_in_lexicographic_order_of_positions() {
        let words = |items: &[char]| -> Vec<String> {
            permutations(items)
                .iter()
                .map(|p| p.iter().collect())
                .collect()
        };
        assert_eq!(words(&[]), [""]);
        assert_eq!(words(&['z']), ["z"]);
        assert_eq!(
            words(&['c', 'a', 'b']),
            ["cab", "cba", "acb", "abc", "bca", "bac"]
        );
        let five = words(&['1', '2', '3', '4', '5']);
        assert_eq!(five.len(), 120);
        assert!(five.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_layout_said_to_end_mid_group_reads_nothing() {
        let z = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];
        let mut rng = Rng::new(11);
        for k in [2, 3, 5] {
            for layout in layouts(&z[..k]) {
                for n in 1..40 {
                    let symbols: String = (0..n).map(|_| z[rng.below(k)]).collect();
                    if layout.ends_mid_group(n) {
                        assert_eq!(layout.read(symbols.chars(), true), None, "{layout:?} {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn brute_force_finds_unknown_alphabets() {
        let mut rng = Rng::new(7);
        let layouts = [
            Layout::new(&['\u{2060}', '\u{200B}'], Width::Fixed(8), Unit::Byte),
            Layout::new(
                &['\u{200D}', '\u{FEFF}', '\u{2063}'],
                Width::Fixed(6),
                Unit::Byte,
            ),
            Layout::new(
                &['\u{200E}', '\u{200F}', '\u{200C}', '\u{200D}'],
                Width::Delimited('\u{200B}'),
                Unit::CodePoint,
            ),
            // idev-pyzerowidth's wider units: 12 base-4 digits, 24 bits per code point.
            Layout::new(
                &['\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'],
                Width::Fixed(12),
                Unit::CodePoint,
            ),
            Layout::new(&['\u{200C}', '\u{200D}'], Width::Fixed(24), Unit::CodePoint),
        ];
        for layout in &layouts {
            for _ in 0..10 {
                // Messages are written in a language: Latin and at most one other script.
                let text = format!("the report {} 钥匙在花盆下面", rng.words(60));
                let enc: Vec<char> = encode(layout, text.as_bytes()).chars().collect();
                let (_, bytes, score) = brute_force(&enc).expect("a reading");
                assert_eq!(String::from_utf8_lossy(&bytes), text);
                assert!(score > 0.5);
            }
        }
    }

    #[test]
    fn describes_mapping() {
        let l = Layout::new(&['\u{200B}', '\u{200C}'], Width::Fixed(8), Unit::Byte);
        let (en, zh) = l.describe();
        assert_eq!(
            en,
            "U+200B = 0, U+200C = 1, 8 bits per byte, most significant first"
        );
        assert_eq!(zh, "U+200B = 0，U+200C = 1，每字节 8 位，高位在前");
    }

    #[test]
    fn rejects_out_of_range_and_foreign_symbols() {
        let l = Layout::new(&['a', 'b'], Width::Fixed(8), Unit::Byte);
        assert_eq!(l.read("aaaaaaab".chars(), true), Some(vec![1]));
        assert_eq!(l.read("aaaaaaax".chars(), true), None);
        assert_eq!(l.read("aaaa".chars(), true), None);
        let l = Layout::new(&['a', 'b'], Width::Delimited('|'), Unit::Byte);
        assert_eq!(l.read("bbbbbbbbb".chars(), true), None);
    }
}
