//! Criterion micro-benchmarks of the core's hot paths (`cargo bench --bench hot_paths`; `make
//! bench` runs them and copies the medians into BENCHMARKS.md).
//!
//! The texts are generated here, deterministically, in the four kinds of bench/gen.py (the same
//! recipes, not the same bytes): (a) English ASCII prose, (b) English and Chinese with
//! typographic punctuation, (c) prose with a hidden character every kilobyte, (d) every
//! character suspicious.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/checks/payloads.rs"]
mod payloads;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/checks/rng.rs"]
mod rng;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::rng::Rng;
    use criterion::{black_box, criterion_group, BenchmarkId, Criterion, Throughput};
    use unmask::decode::{self, escaped};
    use unmask::{clean, scan, Options};

    const MB: usize = 1_000_000;

    const WORDS: &[&str] = &[
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "was",
        "that",
        "for",
        "it",
        "with",
        "as",
        "his",
        "on",
        "be",
        "at",
        "by",
        "had",
        "are",
        "but",
        "from",
        "or",
        "have",
        "an",
        "they",
        "which",
        "one",
        "you",
        "were",
        "her",
        "all",
        "she",
        "there",
        "would",
        "their",
        "we",
        "him",
        "been",
        "has",
        "when",
        "who",
        "will",
        "more",
        "no",
        "if",
        "out",
        "so",
        "said",
        "what",
        "up",
        "about",
        "into",
        "than",
        "them",
        "can",
        "only",
        "other",
        "new",
        "some",
        "could",
        "time",
        "people",
        "world",
        "house",
        "government",
        "water",
        "system",
        "program",
        "history",
        "experience",
        "information",
        "together",
        "sometimes",
        "president",
        "children",
    ];
    const HAN: &str = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向";
    const HIDDEN: [char; 4] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}'];

    fn sentence(rng: &mut Rng, out: &mut String, apostrophe: char) {
        let n = 6 + rng.below(16);
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            let r = rng.below(100);
            if r < 3 {
                out.push_str("don");
                out.push(apostrophe);
                out.push('t');
            } else if r < 5 {
                out.push_str("well-known");
            } else if r < 6 {
                out.push_str(&(1900 + rng.below(130)).to_string());
            } else {
                let w = rng.pick(WORDS);
                if i == 0 {
                    out.push_str(&w[..1].to_uppercase());
                    out.push_str(&w[1..]);
                } else {
                    out.push_str(w);
                }
                if i + 1 < n && rng.below(14) == 0 {
                    out.push(',');
                }
            }
        }
        out.push('.');
    }

    /// `kind` text of about `bytes` bytes.
    pub fn text(kind: char, bytes: usize) -> String {
        let mut rng = Rng::new(kind as u64);
        let han: Vec<char> = HAN.chars().collect();
        let suspicious: Vec<char> = (0x200B..0x2010)
            .chain(0x202A..0x202F)
            .chain(0x2060..0x2065)
            .chain(0xE0020..0xE0080)
            .chain(0xFE00..0xFE10)
            .chain(0x2000..0x200B)
            .chain([
                0xAD, 0x34F, 0x61C, 0x115F, 0x3164, 0xFEFF, 0x430, 0x435, 0x43E,
            ])
            .filter_map(char::from_u32)
            .collect();
        let mut out = String::with_capacity(bytes + 1024);
        let mut next_hidden = 1024;
        let mut hidden = 0;
        while out.len() < bytes {
            match kind {
                'd' => {
                    for _ in 0..100 {
                        out.push(rng.pick(&suspicious));
                    }
                    out.push('\n');
                    continue;
                }
                'b' if rng.below(10) < 6 => {
                    for _ in 0..3 + rng.below(5) {
                        for _ in 0..4 + rng.below(12) {
                            out.push(rng.pick(&han));
                        }
                        out.push_str(if rng.below(3) == 0 { "。" } else { "，" });
                        if rng.below(8) == 0 {
                            out.push_str("“Rust”");
                        }
                    }
                }
                'b' => {
                    out.push('\u{201C}');
                    sentence(&mut rng, &mut out, '\u{2019}');
                    out.push_str("\u{201D} \u{2014} ");
                    sentence(&mut rng, &mut out, '\u{2019}');
                }
                _ => {
                    for _ in 0..3 + rng.below(5) {
                        sentence(&mut rng, &mut out, '\'');
                        out.push(' ');
                    }
                    out.pop();
                }
            }
            if kind == 'c' && out.len() >= next_hidden {
                // Inside the last word of the paragraph.
                let at = out.rfind(' ').map_or(0, |i| i + 2).min(out.len() - 1);
                if out.is_char_boundary(at) {
                    out.insert(at, HIDDEN[hidden % HIDDEN.len()]);
                    hidden += 1;
                }
                next_hidden += 1024;
            }
            out.push_str("\n\n");
        }
        out
    }

    /// Prose carrying hidden payloads: tag characters and zero-width binary, every 4 KB.
    fn payload_text() -> String {
        let mut out = String::new();
        let prose = text('a', 64 * 1024);
        for (i, para) in prose.split("\n\n").enumerate() {
            out.push_str(para);
            if i % 8 == 3 {
                out.push(' ');
                out.extend(super::payloads::tags(b"secret payload 42"));
            } else if i % 8 == 7 {
                out.push_str(" see");
                out.extend(super::payloads::bits(b"hidden", '\u{200B}', '\u{200C}'));
                out.push_str(" here.");
            }
            out.push_str("\n\n");
        }
        out
    }

    /// Prose with an escape of a hidden character every kilobyte or so.
    fn escaped_text() -> String {
        let escapes = [
            "&#8203;",
            "\\u200b",
            "&zwnj;",
            "%E2%80%8B",
            "&#x200D;",
            "\\u{2060}",
        ];
        let mut out = String::new();
        for (i, para) in text('a', MB).split("\n\n").enumerate() {
            out.push_str(para);
            if i % 2 == 0 {
                out.push_str(escapes[i / 2 % escapes.len()]);
                out.push_str("word");
            }
            out.push_str("\n\n");
        }
        out
    }

    fn scans(c: &mut Criterion) {
        let options = Options {
            sha256: false,
            ..Options::default()
        };
        let mut g = c.benchmark_group("scan");
        g.sample_size(10);
        for kind in ['a', 'b', 'c', 'd'] {
            let t = text(kind, MB);
            g.throughput(Throughput::Bytes(t.len() as u64));
            g.bench_with_input(BenchmarkId::new("1MB", kind), &t, |b, t| {
                b.iter(|| scan(black_box(t), &options))
            });
        }
        g.finish();
    }

    fn others(c: &mut Criterion) {
        let mut g = c.benchmark_group("core");
        g.sample_size(10);
        let t = text('c', MB);
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_function("clean/c-1MB", |b| b.iter(|| clean(black_box(&t))));
        let p = payload_text();
        g.throughput(Throughput::Bytes(p.len() as u64));
        g.bench_function("decode/payloads-64KB", |b| {
            b.iter(|| decode::decode(black_box(&p)))
        });
        let e = escaped_text();
        g.throughput(Throughput::Bytes(e.len() as u64));
        g.bench_function("escaped-find/1MB", |b| {
            b.iter(|| escaped::find(black_box(&e)))
        });
        g.finish();
    }

    criterion_group!(benches, scans, others);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
