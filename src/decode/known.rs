//! The alphabets and layouts of published zero-width tools.
//!
//! Each row is one tool's [`Layout`] plus its framing (a prefix or wrapper to strip) and the
//! scheme name and label the report gives it. A run that reads cleanly in a tool's exact layout
//! is that tool's payload with high confidence; the generic brute force in `radix` only covers
//! what no row describes. i18next-subliminal writes a `subliminal:start` marker run before the
//! translated string and the JSON key after it: the marker carries nothing and is skipped.

use super::radix::{cp, Layout, Unit, Width};
use super::regions::Run;
use super::{Reading, RunDecoder, MAX_PAYLOAD};
use crate::chars::{BOM, LRM, RLM, WJ, ZWJ, ZWNJ, ZWSP};
use crate::i18n::{Lang, Words};
use crate::report::{Label, Scheme};

/// One tool's way of writing.
struct Tool {
    /// Its name: proper, or words for what it is.
    name: Words,
    scheme: Option<Scheme>,
    label: Option<Label>,
    prefix: &'static [char],
    suffix: &'static [char],
    digits: &'static [char],
    width: Width,
    unit: Unit,
    stop_digit: bool,
    ignore: &'static [char],
    /// How much an exact fit of this framing says on its own.
    prior: f32,
}

const fn tool(name: Words, digits: &'static [char], width: Width, unit: Unit) -> Tool {
    Tool {
        name,
        scheme: None,
        label: None,
        prefix: &[],
        suffix: &[],
        digits,
        width,
        unit,
        stop_digit: false,
        ignore: &[],
        prior: 0.97,
    }
}

const I18NEXT: Scheme = Scheme::I18nextSubliminal;

/// i18next-subliminal's layout with `digits` (its browser and Node builds differ only there).
const fn i18next(name: Words, digits: &'static [char]) -> Tool {
    Tool {
        scheme: Some(I18NEXT),
        label: Some(Label::TranslationKey),
        stop_digit: true,
        prior: 1.0,
        ..tool(name, digits, Width::Fixed(8), Unit::Byte)
    }
}
const VERCEL: Scheme = Scheme::VercelStega;

/// Plain binary, in no named tool's framing.
const BINARY: Words = Words::new("binary", "二进制");

const TOOLS: &[Tool] = &[
    Tool {
        scheme: Some(VERCEL),
        label: Some(Label::CmsMetadata),
        prefix: &[ZWSP, ZWSP, ZWSP, ZWSP],
        prior: 1.0,
        ..tool(
            Words::name("@vercel/stega"),
            &[ZWSP, ZWNJ, ZWJ, BOM],
            Width::Fixed(4),
            Unit::Byte,
        )
    },
    Tool {
        scheme: Some(VERCEL),
        label: Some(Label::CmsMetadata),
        prior: 1.0,
        ..tool(
            Words::new("@vercel/stega (legacy)", "@vercel/stega（旧版）"),
            &[
                ZWSP,
                ZWNJ,
                ZWJ,
                '\u{2062}',
                '\u{2063}',
                WJ,
                BOM,
                '\u{2061}',
                '\u{1D173}',
                '\u{1D174}',
                '\u{1D175}',
                '\u{1D176}',
                '\u{1D177}',
                '\u{1D178}',
                '\u{1D179}',
                '\u{1D17A}',
            ],
            Width::Fixed(2),
            Unit::Byte,
        )
    },
    i18next(
        Words::new(
            "i18next-subliminal (browser)",
            "i18next-subliminal（浏览器版）",
        ),
        &[ZWNJ, ZWJ],
    ),
    i18next(
        Words::new("i18next-subliminal (Node)", "i18next-subliminal（Node 版）"),
        &[ZWSP, ZWNJ],
    ),
    Tool {
        prefix: &[BOM],
        suffix: &[BOM],
        prior: 1.0,
        ..tool(
            Words::name("steganographr"),
            &[ZWSP, ZWNJ],
            Width::Delimited(WJ),
            Unit::Byte,
        )
    },
    Tool {
        ignore: &[BOM],
        ..tool(
            Words::new("Zach Aysan's fingerprinter", "Zach Aysan 的指纹工具"),
            &[ZWNJ, ZWSP],
            Width::Delimited(ZWJ),
            Unit::Utf16,
        )
    },
    tool(
        Words::name("zero-width-lib"),
        &[LRM, RLM, ZWNJ, ZWJ, BOM],
        Width::Delimited(ZWSP),
        Unit::CodePoint,
    ),
    tool(
        Words::new("zwsp-steg (full)", "zwsp-steg（完整模式）"),
        &[ZWSP, ZWNJ, ZWJ, LRM, RLM],
        Width::Fixed(7),
        Unit::Utf16,
    ),
    tool(
        Words::new("zwsp-steg (zwsp)", "zwsp-steg（zwsp 模式）"),
        &[ZWSP, ZWNJ, ZWJ],
        Width::Fixed(11),
        Unit::Utf16,
    ),
    tool(
        Words::new(
            "330k unicode_steganography (text)",
            "330k unicode_steganography（文本模式）",
        ),
        &[ZWNJ, ZWJ, '\u{202C}', BOM],
        Width::Fixed(8),
        Unit::Utf16,
    ),
    tool(
        Words::new(
            "330k unicode_steganography (binary)",
            "330k unicode_steganography（二进制模式）",
        ),
        &[ZWNJ, ZWJ, '\u{202C}', BOM],
        Width::Fixed(4),
        Unit::Byte,
    ),
    Tool {
        prefix: &[WJ],
        suffix: &[WJ],
        ..tool(
            Words::new("invisible ink", "隐形墨水（invisible ink）"),
            &[ZWSP, ZWNJ],
            Width::Fixed(8),
            Unit::Byte,
        )
    },
    tool(
        Words::name("hachibu/zero-width-encoding"),
        &[ZWSP, ZWNJ],
        Width::Delimited(ZWJ),
        Unit::Byte,
    ),
    tool(
        Words::new(
            "binary (glyphsmythe and others)",
            "二进制（glyphsmythe 等工具）",
        ),
        &[ZWSP, ZWNJ],
        Width::Fixed(8),
        Unit::Byte,
    ),
    tool(BINARY, &[ZWNJ, ZWJ], Width::Fixed(8), Unit::Byte),
    tool(BINARY, &[ZWSP, BOM], Width::Fixed(8), Unit::Byte),
];

impl Tool {
    fn layout(&self) -> Layout {
        Layout {
            stop_digit: self.stop_digit,
            ignore: self.ignore.to_vec(),
            ..Layout::new(self.digits, self.width, self.unit)
        }
    }

    /// Reads `symbols` in this tool's framing.
    fn read(&self, symbols: &[char]) -> Option<Vec<u8>> {
        let body = symbols.strip_prefix(self.prefix)?;
        let body = body.strip_suffix(self.suffix)?;
        self.layout().read(body.iter().copied(), true)
    }

    /// An exact fit that leaves most of an alphabet's digits unused is a weak fit: a binary run
    /// also reads as base 4, or as hex, with most digits never used. Two digits of a wider
    /// alphabet are too weak to stand alone at any length: each fixed-width group of them lands
    /// in one narrow band of values (two digits of base 5, seven to a UTF-16 unit, give only CJK
    /// ideographs), and the binary layouts read such runs first. A few digits of a hexadecimal
    /// alphabet are weak at any length: four invisible characters read as two bytes.
    fn fit(&self, symbols: &[char]) -> f32 {
        let r = self.digits.len();
        let used = self.digits.iter().filter(|d| symbols.contains(d)).count();
        let sparse = r <= 5 || used * 4 <= r;
        if used < r && used <= 2 {
            0.5
        } else if used < r && sparse && (symbols.len() >= 8 * r.min(5) || r >= 16) {
            0.6
        } else {
            1.0
        }
    }

    fn reading(&self, bytes: Vec<u8>, fit: f32) -> Reading {
        let layout = self.layout();
        let (mut en, mut zh) = layout.describe();
        if !self.prefix.is_empty() {
            let p: Vec<String> = self.prefix.iter().map(|&c| cp(c)).collect();
            en = format!("after the prefix {}: {en}", p.join(" "));
            zh = format!("前缀 {} 之后：{zh}", p.join(" "));
        }
        let mut r = Reading::judged(
            self.scheme.unwrap_or_else(|| layout.scheme()),
            bytes,
            self.prior * fit,
            (
                format!("{}: {en}", self.name.get(Lang::En)),
                format!("{}：{zh}", self.name.get(Lang::ZhCn)),
            ),
        );
        if self.label.is_some() {
            r.label = self.label;
        }
        r
    }
}

fn symbols(run: &Run<'_>) -> Vec<char> {
    run.chars().take(MAX_PAYLOAD * 16).collect()
}

/// The best reading of `run` in any known tool's layout.
pub(crate) fn decode(run: &Run<'_>) -> Option<Reading> {
    let symbols = symbols(run);
    let mut best: Option<Reading> = None;
    for tool in TOOLS {
        let Some(bytes) = tool.read(&symbols) else {
            continue;
        };
        if bytes.is_empty() {
            continue;
        }
        let reading = tool.reading(bytes, tool.fit(&symbols));
        if best
            .as_ref()
            .is_none_or(|b| reading.confidence > b.confidence)
        {
            best = Some(reading);
        }
    }
    best
}

/// Is `run` i18next-subliminal's start marker (which precedes the string and carries nothing)?
pub(crate) fn is_marker(run: &Run<'_>) -> bool {
    let symbols: Vec<char> = run.chars().take(16 * 9 + 1).collect();
    symbols.len() == 16 * 9
        && TOOLS
            .iter()
            .filter(|t| t.scheme == Some(I18NEXT))
            .any(|t| t.read(&symbols).as_deref() == Some(b"subliminal:start"))
}

/// The layouts of published zero-width tools.
pub(crate) const DECODER: RunDecoder = RunDecoder::new(
    &[
        Scheme::VercelStega,
        Scheme::I18nextSubliminal,
        Scheme::ZeroWidthBinary,
        Scheme::ZeroWidthBaseN,
    ],
    decode,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::radix::encode;
    use crate::testing::Rng;

    fn framed(tool: &Tool, bytes: &[u8]) -> String {
        let mut body = encode(&tool.layout(), bytes);
        if !tool.ignore.is_empty() {
            let joiner = tool.ignore[0];
            body = body
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(&joiner.to_string());
        }
        let mut out: String = tool.prefix.iter().collect();
        out.push_str(&body);
        out.extend(tool.suffix.iter());
        out
    }

    #[test]
    fn every_tool_round_trips() {
        let mut rng = Rng::new(1234);
        for tool in TOOLS {
            let name = tool.name.get(Lang::En);
            for _ in 0..20 {
                let mut secret = rng.text(200);
                if tool.digits.len() == 16 {
                    secret.retain(|c| c.is_ascii());
                    if secret.is_empty() {
                        secret.push('k');
                    }
                }
                let run = framed(tool, secret.as_bytes());
                let r = decode(&Run::of_range(&run, 0, 0)).expect(name);
                assert_eq!(
                    String::from_utf8_lossy(&r.bytes),
                    secret,
                    "{}",
                    tool.name.get(Lang::En)
                );
            }
        }
    }

    #[test]
    fn documented_samples() {
        // Steganographr "hi" and zero-width-lib "hi" from their sources.
        let s = "\u{FEFF}\u{200C}\u{200C}\u{200B}\u{200C}\u{200B}\u{200B}\u{200B}\u{2060}\
                 \u{200C}\u{200C}\u{200B}\u{200C}\u{200B}\u{200B}\u{200C}\u{FEFF}";
        assert_eq!(
            decode(&Run::of_range(s, 0, 0)).map(|r| r.bytes),
            Some(b"hi".to_vec())
        );
        let z = "\u{FEFF}\u{200E}\u{FEFF}\u{200B}\u{FEFF}\u{200F}\u{200E}";
        assert_eq!(
            decode(&Run::of_range(z, 0, 0)).map(|r| r.bytes),
            Some(b"hi".to_vec())
        );
    }

    #[test]
    fn two_digits_of_a_wide_alphabet_are_no_payload() {
        // Twenty-one ZWNJ/ZWJ: digits 1 and 2 of zwsp-steg's base 5, which read as three CJK
        // ideographs whatever their order.
        let mut rng = Rng::new(99);
        for _ in 0..20 {
            let run: String = (0..21)
                .map(|_| if rng.next() % 2 == 0 { ZWNJ } else { ZWJ })
                .collect();
            let r = decode(&Run::of_range(&run, 0, 0));
            assert!(r.as_ref().is_none_or(|r| r.confidence < 0.5), "{run:?}");
        }
    }

    #[test]
    fn i18next_marker_and_label() {
        let node = &TOOLS[3];
        assert!(is_marker(&Run::of_range(
            &framed(node, b"subliminal:start"),
            0,
            0
        )));
        let json = framed(node, br#"{"k":"a.b","n":"ns","l":"en","s":"x"}"#);
        assert!(!is_marker(&Run::of_range(&json, 0, 0)));
        let r = decode(&Run::of_range(&json, 0, 0)).expect("reading");
        assert_eq!((r.scheme, r.label), (I18NEXT, Some(Label::TranslationKey)));
    }
}
