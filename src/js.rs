//! What JavaScript gets from the WebAssembly bindings ([`crate::wasm`]): the core's report
//! with, for each finding and payload, its place in UTF-16 code units (JavaScript string
//! indices) and, for `scan_nodes`, in the text nodes of a page's block. Serialised as it is by
//! the bindings; these types borrow from the core's [`Report`], whose types carry no binding
//! concerns.
//!
//! Compiled for wasm32 and for the tests: the TypeScript declarations of the package
//! (`pkg/unmask.d.ts`) are generated from these types and the core's (ts-rs, a test-only
//! derive) into `src/js.d.ts`, which the bindings embed. A test fails when that file is stale;
//! `UNMASK_WRITE_TS=1 cargo test --lib js::` writes it again.

use serde::Serialize;
#[cfg(test)]
use ts_rs::TS;

use crate::allow::{parse_char, Allow};
use crate::offsets::{NodeOffsets, Utf16Offsets};
use crate::report::{Finding, Kind, Payload, Report, Tool, Verdict};
use crate::{Lang, Options};

/// The options of `scan` and `scan_nodes` as JavaScript gives them, every field optional. The
/// bindings read the JavaScript object into this, field by field and by JavaScript type
/// ([`crate::wasm`]); what the values mean is checked here ([`ScanOptions::into_options`]), so
/// that the checks are tested natively and the TypeScript type is generated from this struct.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(TS), ts(optional_fields))]
pub(crate) struct ScanOptions {
    /// Language of the explanations: "en" (default) or "zh-CN" (also "zh", "zh-Hans", "en-GB"...).
    pub(crate) lang: Option<String>,
    /// Fill in the report's `sha256` of the text's UTF-8 bytes (default false: `sha256` is null).
    pub(crate) sha256: Option<bool>,
    /// The most findings listed (default 1000); the rest only count towards the verdict.
    pub(crate) max_findings: Option<usize>,
    /// What the report leaves out as accepted, as the command line's `.unmask.toml` `[allow]`
    /// does (applied after the cap on findings).
    pub(crate) allow: Option<AllowOptions>,
}

/// The allow-lists of [`ScanOptions`]: the core's [`Allow`], by name.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(TS), ts(optional_fields))]
pub(crate) struct AllowOptions {
    /// Findings made only of these characters ("U+200B", or the character itself), and
    /// payloads whose hidden text is made only of them.
    pub(crate) chars: Option<Vec<String>>,
    /// Rule ids ("space/nbsp-in-prose"), or prefixes of them ending in `*` ("space/*").
    pub(crate) rules: Option<Vec<String>>,
    /// Kinds of findings left out (`kinds()` lists them all).
    #[cfg_attr(test, ts(as = "Option<Vec<Kind>>"))]
    pub(crate) kinds: Option<Vec<String>>,
}

impl ScanOptions {
    /// The core's options, or what is wrong with these (an unknown language, kind or
    /// character). Unlike the core's default, no `sha256` unless asked: hashing costs a pass.
    pub(crate) fn into_options(self) -> Result<Options, String> {
        let lang = match self.lang {
            None => Lang::En,
            Some(tag) => Lang::parse(&tag)
                .ok_or_else(|| format!("unknown lang \"{tag}\": expected \"en\" or \"zh-CN\""))?,
        };
        let allow = self.allow.unwrap_or_default();
        let chars = allow.chars.unwrap_or_default().into_iter().map(|c| {
            parse_char(&c).ok_or_else(|| {
                format!(
                    "allow.chars: \"{c}\" is neither a code point (\"U+200B\") nor one character"
                )
            })
        });
        let kinds = allow.kinds.unwrap_or_default().into_iter().map(|k| {
            Kind::parse(&k)
                .ok_or_else(|| format!("allow.kinds: unknown kind \"{k}\" (kinds() lists them)"))
        });
        Ok(Options {
            lang,
            sha256: self.sha256.unwrap_or(false),
            max_findings: self.max_findings.unwrap_or(crate::DEFAULT_MAX_FINDINGS),
            allow: Allow {
                chars: chars.collect::<Result<_, _>>()?,
                rules: allow.rules.unwrap_or_default(),
                kinds: kinds.collect::<Result<_, _>>()?,
                everything: false,
            },
        })
    }
}

/// Every byte offset the report mentions.
fn report_offsets(report: &Report) -> impl Iterator<Item = usize> + '_ {
    let findings = report.findings.iter().flat_map(|f| [f.start, f.end]);
    let payloads = report.payloads.iter().flat_map(|p| {
        let pieces = p.pieces.iter().flat_map(|r| [r.start, r.end]);
        [p.start, p.end].into_iter().chain(pieces)
    });
    findings.chain(payloads)
}

/// The report as JavaScript gets it. Fields as in [`Report`], in the same order.
#[derive(Serialize)]
#[cfg_attr(test, derive(TS), ts(rename = "Report"))]
pub(crate) struct ReportDto<'a> {
    version: u32,
    source: Option<&'a str>,
    bytes: usize,
    sha256: Option<&'a str>,
    tool: &'a Tool,
    verdict: Verdict,
    truncated: bool,
    #[cfg_attr(test, ts(type = "Array<Finding & Place>"))]
    findings: Vec<Placed<'a, Finding, ()>>,
    #[cfg_attr(
        test,
        ts(type = "Array<Payload & Place & { pieces?: Array<Piece & Place> }>")
    )]
    payloads: Vec<Placed<'a, Payload, Rounded>>,
}

impl<'a> ReportDto<'a> {
    /// The `report` of `text` with its places in UTF-16 offsets, and in text `nodes` when given
    /// (`text` is then their concatenation).
    pub(crate) fn new(report: &'a Report, text: &str, nodes: Option<&NodeOffsets>) -> Self {
        let utf16 = &Utf16Offsets::new(text, report_offsets(report));
        let place = &|start, end| Place::new(start, end, utf16, nodes);
        ReportDto {
            version: report.version,
            source: report.source.as_deref(),
            bytes: report.bytes,
            sha256: report.sha256.as_deref(),
            tool: &report.tool,
            verdict: report.verdict,
            truncated: report.truncated,
            findings: Placed::all(&report.findings, |f| ((f.start, f.end), ()), place),
            payloads: report
                .payloads
                .iter()
                .map(|p| Placed {
                    item: p,
                    over: Rounded::of(p, place),
                    place: place(p.start, p.end),
                })
                .collect(),
        }
    }
}

/// A finding or a payload as JavaScript gets it: the core's fields, what JavaScript reads
/// otherwise (`over`: a field written again replaces the core's value, in its place), then
/// where it is.
#[derive(Serialize)]
struct Placed<'a, T, X> {
    #[serde(flatten)]
    item: &'a T,
    #[serde(flatten)]
    over: X,
    #[serde(flatten)]
    place: Place,
}

impl<'a, T, X> Placed<'a, T, X> {
    /// Each of `items`, spanning `read(item).0`, read otherwise as `read(item).1`, at its place.
    fn all(
        items: &'a [T],
        read: fn(&T) -> ((usize, usize), X),
        place: &dyn Fn(usize, usize) -> Place,
    ) -> Vec<Self> {
        let placed = |item: &'a T| {
            let ((start, end), over) = read(item);
            let place = place(start, end);
            Placed { item, over, place }
        };
        items.iter().map(placed).collect()
    }
}

/// A payload as JavaScript reads it otherwise: its confidence as the short decimal (0.97, where
/// the `f32` widened is 0.9700000286102295, which the JSON report keeps; the one rounding of a
/// confidence), and its pieces, when it has several, each at its place (in UTF-16 and in the
/// text nodes: a message split over nodes points at each).
#[derive(Serialize)]
struct Rounded {
    confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pieces: Option<Vec<PlacedPiece>>,
}

/// One piece of a payload, at its place.
#[derive(Serialize)]
struct PlacedPiece {
    start: usize,
    end: usize,
    #[serde(flatten)]
    place: Place,
}

impl Rounded {
    fn of(p: &Payload, place: &dyn Fn(usize, usize) -> Place) -> Self {
        // An f32 holds about 7 significant digits: 6 decimals keep all that matter.
        Rounded {
            confidence: (f64::from(p.confidence) * 1e6).round() / 1e6,
            pieces: (p.pieces.len() > 1).then(|| {
                p.pieces
                    .iter()
                    .map(|r| PlacedPiece {
                        start: r.start,
                        end: r.end,
                        place: place(r.start, r.end),
                    })
                    .collect()
            }),
        }
    }
}

/// Where a finding or payload is, for JavaScript.
#[derive(Serialize)]
#[cfg_attr(test, derive(TS))]
struct Place {
    /// The range in UTF-16 code units: JavaScript string indices.
    start_utf16: usize,
    /// End of that range.
    end_utf16: usize,
    /// For `scan_nodes`: the text nodes the range lies in (`NodesReport` in TypeScript).
    #[serde(flatten)]
    #[cfg_attr(test, ts(skip))]
    nodes: Option<NodeRange>,
}

/// Where a range lies in the text nodes given to `scan_nodes`: node indexes and UTF-16 offsets
/// in them.
#[derive(Serialize)]
#[cfg_attr(test, derive(TS))]
struct NodeRange {
    /// The node the range starts in.
    start_node: usize,
    /// Where in it, in UTF-16 code units.
    start_offset: usize,
    /// The node the range ends in.
    end_node: usize,
    /// Where in it, in UTF-16 code units.
    end_offset: usize,
}

impl Place {
    fn new(start: usize, end: usize, utf16: &Utf16Offsets, nodes: Option<&NodeOffsets>) -> Self {
        // Every offset of the report was measured; 0 would only follow a bug in that list.
        let start_utf16 = utf16.get(start).unwrap_or(0);
        let end_utf16 = utf16.get(end).unwrap_or(start_utf16).max(start_utf16);
        let nodes = nodes.and_then(|nodes| {
            let (s, e) = (nodes.start(start_utf16)?, nodes.end(end_utf16)?);
            // An empty range at a node boundary: keep it in one node.
            let e = if (e.node, e.offset) < (s.node, s.offset) {
                s
            } else {
                e
            };
            Some(NodeRange {
                start_node: s.node,
                start_offset: s.offset,
                end_node: e.node,
                end_offset: e.offset,
            })
        });
        Place {
            start_utf16,
            end_utf16,
            nodes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Kind, Piece, Severity};

    fn json(value: &impl Serialize) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    /// The declarations of every type JavaScript gets, generated from the Rust types.
    fn declarations() -> String {
        let cfg = ts_rs::Config::new();
        let decls = [
            Kind::decl(&cfg),
            Severity::decl(&cfg),
            Verdict::decl(&cfg),
            Tool::decl(&cfg),
            Finding::decl(&cfg),
            Piece::decl(&cfg),
            Payload::decl(&cfg),
            NodeRange::decl(&cfg),
            Place::decl(&cfg),
            ReportDto::decl(&cfg),
            AllowOptions::decl(&cfg),
            ScanOptions::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from the Rust types by src/js.rs's test (ts-rs): do not edit; \
             `UNMASK_WRITE_TS=1 cargo test --lib js::` writes it again.\n",
        );
        for decl in decls {
            out.push_str("\nexport ");
            out.push_str(&decl);
            out.push('\n');
        }
        out
    }

    #[test]
    fn javascript_gets_the_json_report_and_places() {
        let text = "é \u{E0068}\u{E0069} is\u{200B}Admin";
        let report = crate::scan(text, &crate::Options::default());
        let core = json(&report);
        let placed = json(&ReportDto::new(&report, text, None));
        assert_eq!(placed["payloads"][0]["start_utf16"], 2);
        assert_eq!(placed["findings"][1]["end_utf16"], 10);
        for (what, items) in [("findings", 2), ("payloads", 1)] {
            let (core, placed) = (&core[what], &placed[what]);
            assert_eq!(placed.as_array().map(Vec::len), Some(items));
            for (c, p) in core
                .as_array()
                .unwrap()
                .iter()
                .zip(placed.as_array().unwrap())
            {
                let mut p = p.as_object().unwrap().clone();
                assert!(p.remove("start_utf16").is_some() && p.remove("end_utf16").is_some());
                let keys = |o: &serde_json::Map<_, _>| o.keys().cloned().collect::<Vec<String>>();
                assert_eq!(keys(&p), keys(c.as_object().unwrap()));
                if let Some(confidence) = p.get_mut("confidence") {
                    // 0.6844320297241211 in the JSON report, 0.684432 in JavaScript.
                    let widened = c["confidence"].as_f64().unwrap();
                    assert!(confidence.to_string().len() <= "0.123456".len());
                    assert!((confidence.as_f64().unwrap() - widened).abs() < 1e-6);
                    *confidence = c["confidence"].clone();
                }
                assert_eq!(&serde_json::Value::Object(p), c);
            }
        }
        let nodes = NodeOffsets::from_utf16_lens(vec![2, text.encode_utf16().count() - 2]);
        let placed = json(&ReportDto::new(&report, text, Some(&nodes)));
        let payload = &placed["payloads"][0];
        assert_eq!(
            (&payload["start_node"], &payload["start_offset"]),
            (&1.into(), &0.into())
        );
    }

    #[test]
    fn a_payload_in_pieces_points_at_each_in_its_node() {
        // "meet at noon" in U+200B/U+200C binary, split over three text nodes mid-byte.
        let bits: String = b"meet at noon"
            .iter()
            .flat_map(|b| {
                (0..8)
                    .rev()
                    .map(move |i| ['\u{200B}', '\u{200C}'][usize::from(b >> i & 1)])
            })
            .collect();
        let symbols: Vec<char> = bits.chars().collect();
        let nodes = [
            format!("Dear team, é{}", symbols[..30].iter().collect::<String>()),
            format!(
                "\n\nthe audit is done.{}",
                symbols[30..61].iter().collect::<String>()
            ),
            format!("\n\nThanks.{}", symbols[61..].iter().collect::<String>()),
        ];
        let text = nodes.concat();
        let report = crate::scan(&text, &crate::Options::default());
        let offsets = NodeOffsets::from_utf16_lens(
            nodes
                .iter()
                .map(|n| n.encode_utf16().count())
                .collect::<Vec<_>>(),
        );
        let placed = json(&ReportDto::new(&report, &text, Some(&offsets)));
        let payload = &placed["payloads"][0];
        assert_eq!(payload["text"], "meet at noon");
        let pieces = payload["pieces"].as_array().expect("pieces");
        assert_eq!(pieces.len(), 3);
        for (i, piece) in pieces.iter().enumerate() {
            assert_eq!(
                (&piece["start_node"], &piece["end_node"]),
                (&i.into(), &i.into())
            );
            let start = piece["start_utf16"].as_u64().unwrap() as usize;
            let units: Vec<u16> = text.encode_utf16().collect();
            assert!(units[start] == 0x200B || units[start] == 0x200C);
        }
    }

    #[test]
    fn options_become_the_cores_or_say_what_is_wrong() {
        let options = ScanOptions::default().into_options().unwrap();
        assert!(!options.sha256 && options.max_findings == crate::DEFAULT_MAX_FINDINGS);
        let allowing = |allow: AllowOptions| {
            ScanOptions {
                lang: Some("zh".into()),
                allow: Some(allow),
                ..ScanOptions::default()
            }
            .into_options()
        };
        let options = allowing(AllowOptions {
            chars: Some(vec!["U+00A0".into(), "\u{200B}".into()]),
            rules: Some(vec!["space/*".into()]),
            kinds: Some(vec!["tag".into(), "bidi-control".into()]),
        })
        .unwrap();
        assert_eq!(options.lang, Lang::ZhCn);
        assert_eq!(options.allow.chars, ['\u{A0}', '\u{200B}']);
        assert_eq!(options.allow.rules, ["space/*"]);
        assert_eq!(options.allow.kinds, [Kind::Tag, Kind::BidiControl]);
        let kinds = AllowOptions {
            kinds: Some(vec!["zero-width".into(), "Tags".into()]),
            ..AllowOptions::default()
        };
        assert_eq!(
            allowing(kinds).unwrap_err(),
            "allow.kinds: unknown kind \"Tags\" (kinds() lists them)"
        );
        let chars = AllowOptions {
            chars: Some(vec!["ab".into()]),
            ..AllowOptions::default()
        };
        assert!(allowing(chars).unwrap_err().contains("\"ab\""));
        let fr = ScanOptions {
            lang: Some("fr".into()),
            ..ScanOptions::default()
        };
        assert!(fr
            .into_options()
            .unwrap_err()
            .contains("unknown lang \"fr\""));
    }

    #[test]
    fn allowed_kinds_leave_the_report() {
        let text = "is\u{200B}Admin \u{E0068}\u{E0069}";
        let kinds = |options: ScanOptions| -> Vec<Kind> {
            let report = crate::scan(text, &options.into_options().unwrap());
            report.findings.iter().map(|f| f.kind).collect()
        };
        assert!(kinds(ScanOptions::default()).contains(&Kind::ZeroWidth));
        let allow = AllowOptions {
            kinds: Some(vec!["zero-width".into()]),
            ..AllowOptions::default()
        };
        let left = kinds(ScanOptions {
            allow: Some(allow),
            ..ScanOptions::default()
        });
        assert!(!left.is_empty() && !left.contains(&Kind::ZeroWidth));
    }

    #[test]
    fn the_typescript_declarations_are_generated_from_the_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/js.d.ts");
        let generated = declarations();
        if std::env::var_os("UNMASK_WRITE_TS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "src/js.d.ts is stale: run UNMASK_WRITE_TS=1 cargo test --lib js::"
        );
    }
}
