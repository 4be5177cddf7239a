//! Scanning input that arrives in pieces (a file read chunk by chunk, standard input) in memory
//! that does not grow with it.
//!
//! The scanner already judges a long text window by window ([`crate::scan`]: every
//! document-wide judgement is made per window), so it never needs more than one window at a
//! time. A [`Stream`] takes the input's bytes as they come and
//! - decodes them as [`decode_bytes`](crate::input::decode_bytes) does, carrying a UTF-8
//!   sequence cut by a chunk boundary over to the next chunk;
//! - hashes them as they come, on a thread of its own for long chunks (hashing costs about as
//!   much as scanning);
//! - cuts windows exactly where [`scan`](fn@crate::scan) cuts the whole text, analyses each and
//!   shifts what it finds to offsets in the whole text.
//!
//! So its report is the one [`scan_bytes`](crate::input::scan_bytes) writes of the whole input
//! (same windows, findings, payloads, cap and `truncated` flag), while it holds two windows (the
//! pair it analyses side by side), the text after them that does not make a window yet, and
//! [`CONTEXT`] bytes before them. Each window is handed to the caller with that text around it,
//! so a caller can point into the input (line, column, the line around a finding) without
//! holding it.
//!
//! Input with a UTF-16 byte-order mark is the exception: it is held whole and decoded at the end,
//! as `decode_bytes` does (such files are small and rare; decoding UTF-16 in pieces is not worth
//! a second decoder).
//!
//! The module reads nothing itself: the caller feeds it, from a file, standard input or memory.

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::input::{self, Encoding, UTF16BE_BOM, UTF16LE_BOM};
use crate::report::{Finding, Payload, Report};
pub use crate::scan::WINDOW;
use crate::scan::{self, window_end, Collect};
use crate::Options;

/// Bytes of text a [`Window`] holds on each side of the window, at least (less only at the ends
/// of the input): enough to show the line around a finding next to a cut.
pub const CONTEXT: usize = 1024;

/// Chunks at least this long are hashed on a thread of their own while they are scanned; shorter
/// ones cost less than starting a thread.
const PARALLEL: usize = 256 << 10;

/// One window of a streamed input, scanned, with the text around it.
pub struct Window<'a> {
    /// Offset of `held` in the decoded text.
    pub offset: usize,
    /// The decoded text the stream holds: up to [`CONTEXT`] bytes before the window, the window,
    /// and the text after it (at least `CONTEXT` bytes unless the input has ended).
    pub held: &'a str,
    /// The window, in `held`.
    pub range: Range<usize>,
    /// The findings of the window the report keeps (the cap counts from the first window), at
    /// offsets in the decoded text.
    pub findings: &'a [Finding],
    /// The payloads of the window, at offsets in the decoded text.
    pub payloads: &'a [Payload],
    /// Offset of the first replacement character decoding put in, if it has put one in so far.
    pub first_replacement: Option<usize>,
}

/// What the stream knows of the input's encoding.
enum Mode {
    /// Fewer than two bytes so far: not known yet whether they are a UTF-16 byte-order mark.
    Start(Vec<u8>),
    Utf8,
    /// UTF-16: the whole input, decoded at the end.
    Utf16(Vec<u8>),
}

/// A scan of input fed in pieces: [`feed`](Stream::feed) each chunk in order, then
/// [`finish`](Stream::finish) for the report.
pub struct Stream {
    opts: Options,
    /// Window size: [`WINDOW`], smaller under test.
    size: usize,
    collect: Collect,
    hasher: Option<Sha256>,
    mode: Mode,
    /// Input bytes fed.
    bytes: usize,
    /// Input bytes the UTF-8 decoder has taken (including `carry`).
    read: usize,
    /// Decoded text held: context before the next window, and everything after.
    text: String,
    /// Where the next window starts, in `text`.
    start: usize,
    /// Offset of `text` in the decoded text.
    offset: usize,
    /// A window was analysed (an empty input still gets one, empty).
    analysed: bool,
    /// The start of a UTF-8 sequence the last chunk cut.
    carry: Vec<u8>,
    /// A NUL byte was seen.
    nul: bool,
    /// Control bytes fed ([`input::controls`]).
    controls: usize,
    invalid: usize,
    first_invalid: Option<usize>,
    first_replacement: Option<usize>,
}

impl Stream {
    /// A stream that scans with `opts`.
    pub fn new(opts: &Options) -> Stream {
        Stream::sized(opts, WINDOW)
    }

    /// A stream cutting windows of at most `size` bytes.
    fn sized(opts: &Options, size: usize) -> Stream {
        Stream {
            opts: opts.clone(),
            size,
            collect: Collect::new(opts),
            hasher: opts.sha256.then(Sha256::new),
            mode: Mode::Start(Vec::new()),
            bytes: 0,
            read: 0,
            text: String::new(),
            start: 0,
            offset: 0,
            analysed: false,
            carry: Vec::new(),
            nul: false,
            controls: 0,
            invalid: 0,
            first_invalid: None,
            first_replacement: None,
        }
    }

    /// Takes the next `bytes` of the input, and calls `each` with every window they complete.
    pub fn feed(&mut self, bytes: &[u8], mut each: impl FnMut(Window<'_>)) {
        self.bytes += bytes.len();
        if !self.nul {
            self.nul = memchr::memchr(0, bytes).is_some();
        }
        self.controls += input::controls(bytes);
        let mut hasher = self.hasher.take();
        match hasher.as_mut() {
            Some(h) if bytes.len() >= PARALLEL => {
                input::beside(|| self.take(bytes, &mut each), || h.update(bytes));
            }
            Some(h) => {
                h.update(bytes);
                self.take(bytes, &mut each);
            }
            None => self.take(bytes, &mut each),
        }
        self.hasher = hasher;
    }

    /// True when the input fed so far is binary: a NUL byte, no UTF-16 byte-order mark, and
    /// invalid UTF-8 or mostly control bytes (`input::mostly_controls`). (A UTF-8 sequence the
    /// last chunk cut is not known to be invalid yet.)
    pub fn is_binary(&self) -> bool {
        self.nul
            && (self.first_invalid.is_some() || input::mostly_controls(self.controls, self.bytes))
            && !matches!(self.mode, Mode::Utf16(_))
    }

    /// True when the input is binary whatever follows: a NUL byte and invalid UTF-8, no UTF-16
    /// byte-order mark. What a reader may stop at before the end.
    pub fn is_surely_binary(&self) -> bool {
        self.nul && self.first_invalid.is_some() && !matches!(self.mode, Mode::Utf16(_))
    }

    fn take(&mut self, bytes: &[u8], each: &mut impl FnMut(Window<'_>)) {
        match &mut self.mode {
            Mode::Utf16(raw) => {
                raw.extend_from_slice(bytes);
                return;
            }
            Mode::Start(head) if head.len() + bytes.len() < 2 => {
                head.extend_from_slice(bytes);
                return;
            }
            Mode::Start(head) => {
                let mut first = head.clone();
                first.extend(bytes.iter().take(2 - head.len()));
                if first == UTF16LE_BOM || first == UTF16BE_BOM {
                    let mut raw = std::mem::take(head);
                    raw.extend_from_slice(bytes);
                    self.mode = Mode::Utf16(raw);
                    return;
                }
                let head = std::mem::take(head);
                self.mode = Mode::Utf8;
                self.decode(&head);
            }
            Mode::Utf8 => {}
        }
        self.decode(bytes);
        self.cut(false, each);
    }

    /// Appends `bytes`, decoded as UTF-8, to the text: invalid sequences become U+FFFD, an
    /// incomplete one at the end waits in `carry` for the next chunk.
    fn decode(&mut self, mut bytes: &[u8]) {
        self.make_room(bytes.len());
        while !self.carry.is_empty() {
            let Some((&b, rest)) = bytes.split_first() else {
                return;
            };
            self.carry.push(b);
            match std::str::from_utf8(&self.carry) {
                Ok(c) => {
                    self.text.push_str(c);
                    self.carry.clear();
                }
                Err(e) if e.error_len().is_none() => {}
                Err(_) => {
                    // `b` cannot continue the carried sequence: that is invalid, `b` starts anew.
                    self.carry.pop();
                    self.replace(self.read - self.carry.len());
                    self.carry.clear();
                    continue;
                }
            }
            self.read += 1;
            bytes = rest;
        }
        loop {
            let error = match simdutf8::compat::from_utf8(bytes) {
                Ok(valid) => {
                    self.text.push_str(valid);
                    self.read += bytes.len();
                    return;
                }
                Err(error) => error,
            };
            let (valid, bad) = bytes.split_at(error.valid_up_to());
            // SAFETY: `compat::from_utf8` checked `valid`: it is the error's `valid_up_to` prefix.
            self.text
                .push_str(unsafe { std::str::from_utf8_unchecked(valid) });
            self.read += valid.len();
            match error.error_len() {
                // A sequence the chunk cut: it waits for the next chunk.
                None => {
                    self.carry.extend_from_slice(bad);
                    self.read += bad.len();
                    return;
                }
                Some(len) => {
                    self.replace(self.read);
                    self.read += len;
                    bytes = &bad[len..];
                }
            }
        }
    }

    /// Puts U+FFFD in the text for an invalid sequence at input byte `at`.
    fn replace(&mut self, at: usize) {
        self.invalid += 1;
        self.first_invalid.get_or_insert(at);
        self.first_replacement
            .get_or_insert(self.offset + self.text.len());
        self.text.push(char::REPLACEMENT_CHARACTER);
    }

    /// Makes room for `n` more bytes of text, dropping what lies before the next window's
    /// context: rarely, so that little is moved.
    fn make_room(&mut self, n: usize) {
        if self.text.capacity() - self.text.len() >= n {
            return;
        }
        let keep = floor_boundary(&self.text, self.start.saturating_sub(CONTEXT));
        self.text.drain(..keep);
        self.offset += keep;
        self.start -= keep;
        self.text.reserve_exact(n + 2 * self.size);
    }

    /// Analyses the windows the text holds: those with more than [`CONTEXT`] bytes after them,
    /// or, at the `end`, all. Two windows are analysed at once where threads exist, so windows
    /// wait for a second one.
    fn cut(&mut self, end: bool, each: &mut impl FnMut(Window<'_>)) {
        let mut ready: Vec<Range<usize>> = Vec::new();
        let mut start = self.start;
        loop {
            let pending = self.text.len() - start;
            let done = if end {
                pending == 0 && (self.analysed || !ready.is_empty())
            } else {
                pending <= self.size + CONTEXT
                    || ready.len() % 2 == 0 && pending <= 2 * self.size + CONTEXT
            };
            if done {
                break;
            }
            let stop = window_end(&self.text, start, self.size);
            ready.push(start..stop);
            start = stop;
        }
        for pair in ready.chunks(2) {
            let text = &self.text;
            let analyse = |r: &Range<usize>| scan::analyse(&text[r.clone()]);
            let (first, second) = match pair {
                [a, b] => input::beside(|| analyse(a), || Some(analyse(b))),
                [a] => (analyse(a), None),
                _ => continue,
            };
            for (range, analysis) in pair.iter().zip([Some(first), second]) {
                if let Some(analysis) = analysis {
                    self.hand_over(range.clone(), &analysis, each);
                }
            }
        }
    }

    /// Adds what the window `range` of the text holds and hands it to `each`.
    fn hand_over(
        &mut self,
        range: Range<usize>,
        analysis: &scan::Analysis,
        each: &mut impl FnMut(Window<'_>),
    ) {
        let (findings, payloads) = (self.collect.findings.len(), self.collect.payloads.len());
        self.collect.add_analysed(
            self.offset + range.start,
            &self.text[range.clone()],
            analysis,
        );
        self.analysed = true;
        let from = floor_boundary(&self.text, range.start.saturating_sub(CONTEXT));
        each(Window {
            offset: self.offset + from,
            held: &self.text[from..],
            range: range.start - from..range.end - from,
            findings: &self.collect.findings[findings..],
            payloads: &self.collect.payloads[payloads..],
            first_replacement: self.first_replacement,
        });
        self.start = range.end;
    }

    /// Ends the input: calls `each` with the last windows and returns the report.
    pub fn finish(mut self, mut each: impl FnMut(Window<'_>)) -> Report {
        let encoding = match std::mem::replace(&mut self.mode, Mode::Utf8) {
            Mode::Utf16(raw) => {
                let decoded = input::decode_bytes(&raw);
                self.text.push_str(&decoded.text);
                self.invalid = decoded.invalid;
                self.first_replacement = decoded.first_replacement;
                decoded.encoding
            }
            Mode::Start(head) => self.end_utf8(&head),
            Mode::Utf8 => self.end_utf8(&[]),
        };
        self.cut(true, &mut each);
        let sha256 = self.hasher.map(|h| crate::hex(&h.finalize()));
        let mut report = self.collect.finish(self.bytes, sha256);
        input::note_decoding(
            &mut report,
            encoding,
            self.invalid,
            self.first_replacement,
            &self.opts,
        );
        report
    }

    /// Decodes the last `bytes` of UTF-8 input (an incomplete sequence at the end is invalid)
    /// and says how the input was read.
    fn end_utf8(&mut self, bytes: &[u8]) -> Encoding {
        self.decode(bytes);
        if !self.carry.is_empty() {
            self.replace(self.read - self.carry.len());
            self.carry.clear();
        }
        match (self.nul, self.first_invalid) {
            (true, Some(_)) => Encoding::Binary,
            (true, None) if input::mostly_controls(self.controls, self.bytes) => Encoding::Binary,
            (false, Some(first_invalid)) => Encoding::Lossy { first_invalid },
            (_, None) => Encoding::Utf8,
        }
    }
}

/// `i` moved back to a character boundary of `s`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{decode_bytes, sized_scan_decoded};

    /// Windows of 64 bytes: the inputs below cross dozens of them.
    const SIZE: usize = 64;

    fn whole(bytes: &[u8], opts: &Options) -> Report {
        sized_scan_decoded(bytes, &decode_bytes(bytes), opts, SIZE)
    }

    /// The report of `bytes` fed `chunk` bytes at a time, and the windows' text and findings as
    /// the stream handed them over.
    fn streamed(bytes: &[u8], chunk: usize, opts: &Options) -> (Report, String, Vec<Finding>) {
        let mut stream = Stream::sized(opts, SIZE);
        let mut text = String::new();
        let mut findings = Vec::new();
        let mut seen = |w: Window<'_>| {
            assert_eq!(w.offset + w.range.start, text.len());
            text.push_str(&w.held[w.range.clone()]);
            findings.extend_from_slice(w.findings);
            assert!(w.payloads.iter().all(|p| p.end <= text.len()));
        };
        for piece in bytes.chunks(chunk.max(1)) {
            stream.feed(piece, &mut seen);
        }
        let report = stream.finish(&mut seen);
        (report, text, findings)
    }

    fn prose_with_marks() -> String {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str("The bu\u{200B}dget line is here; ");
            text.push_str(if i % 3 == 0 { "\n\n" } else { "\n" });
            text.push_str("caf\u{00E9} \u{2019}quoted\u{2019} and a tag\u{E0041}\u{E0042} ");
            if i % 7 == 0 {
                text.push_str(&"long line without a break ".repeat(5));
            }
        }
        text
    }

    #[test]
    fn streamed_reports_equal_whole_reports_in_any_chunking() {
        let opts = Options {
            max_findings: 40,
            ..Options::default()
        };
        let text = prose_with_marks();
        let mut bad = text.clone().into_bytes();
        bad[100] = 0xFF;
        bad.truncate(bad.len() - 2);
        let mut binary = text.clone().into_bytes();
        binary[500] = 0;
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let inputs: [&[u8]; 7] = [
            text.as_bytes(),
            &bad,
            &binary,
            &utf16,
            b"",
            b"\xEF",
            b"\xE2\x80\x8B\xE2\x80",
        ];
        for bytes in inputs {
            let expected = whole(bytes, &opts);
            for chunk in [1, 2, 3, 7, 64, 100, 1 << 20] {
                let (report, seen, _) = streamed(bytes, chunk, &opts);
                assert_eq!(report, expected, "chunks of {chunk}");
                assert_eq!(seen, decode_bytes(bytes).text);
            }
        }
    }

    #[test]
    fn the_cap_and_the_truncated_flag_follow_the_whole_scan() {
        let text = prose_with_marks();
        for max_findings in [0, 1, 5, 1000] {
            let opts = Options {
                max_findings,
                ..Options::default()
            };
            let expected = whole(text.as_bytes(), &opts);
            assert_eq!(expected.truncated, max_findings < 1000);
            let (report, _, findings) = streamed(text.as_bytes(), 50, &opts);
            assert_eq!(report.truncated, expected.truncated);
            assert_eq!(findings, expected.findings);
            assert_eq!(report, expected);
        }
    }

    #[test]
    fn a_sequence_cut_between_chunks_is_carried() {
        let opts = Options::default();
        let bytes = "a\u{200B}b\u{1F600}c".as_bytes();
        for split in 0..=bytes.len() {
            let mut stream = Stream::new(&opts);
            stream.feed(&bytes[..split], |_| {});
            stream.feed(&bytes[split..], |_| {});
            assert_eq!(
                stream.finish(|_| {}),
                crate::input::scan_bytes(bytes, &opts)
            );
        }
    }

    #[test]
    fn invalid_bytes_are_placed_as_a_whole_decode_places_them() {
        let opts = Options::default();
        let bytes = b"ok \xE2\x80 then \xF0\x9F\x98 end \xC3";
        let mut stream = Stream::new(&opts);
        for b in bytes {
            stream.feed(&[*b], |_| {});
        }
        let report = stream.finish(|_| {});
        let f = &report.findings[0];
        assert_eq!(f.rule, "format-control/invalid-utf8");
        assert!(f.explanation.contains("byte 3"), "{}", f.explanation);
        assert!(
            f.explanation.contains("3 invalid sequences"),
            "{}",
            f.explanation
        );
        assert_eq!(report, crate::input::scan_bytes(bytes, &opts));
    }

    #[test]
    fn binary_is_known_before_the_end() {
        let mut stream = Stream::new(&Options::default());
        stream.feed(b"text", |_| {});
        assert!(!stream.is_binary());
        stream.feed(b"\0", |_| {});
        assert!(!stream.is_binary(), "NUL in UTF-8 is text");
        stream.feed(b"\xFF", |_| {});
        assert!(stream.is_binary());
        let mut stream = Stream::new(&Options::default());
        stream.feed(b"\xFF\xFEa\0", |_| {});
        assert!(!stream.is_binary());
    }
}
