//! What the unit tests of the core share: one seeded generator of test data, so that a random
//! test fails the same way on every run, and the bit helpers the steganography decoders' tests
//! encode with. Compiled only for tests.

/// xorshift64: reproducible pseudo-random test data without a dependency.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator started at `seed` (0, which xorshift never leaves, starts at 1).
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number below `n`, which must not be 0.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A string of fewer than `max` pieces drawn from `pieces` (hostile input for parsers).
    pub(crate) fn mix(&mut self, pieces: &[&str], max: usize) -> String {
        let n = self.below(max);
        (0..n).map(|_| pieces[self.below(pieces.len())]).collect()
    }
    /// A random secret of 1 to `max` characters: ASCII words, sometimes with non-ASCII letters.
    pub(crate) fn secret(&mut self, max: usize, unicode: bool) -> String {
        let letters: Vec<char> = if unicode {
            "abcdefghijklmnopqrstuvwxyzéüßжфλ日本".chars().collect()
        } else {
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789"
                .chars()
                .collect()
        };
        let len = 1 + self.below(max);
        let mut s = String::new();
        for i in 0..len {
            if i % 6 == 5 {
                s.push(' ');
            } else {
                s.push(letters[self.below(letters.len())]);
            }
        }
        s.trim().to_owned()
    }
    /// Random natural-looking words: lower case, sometimes capitalised, sometimes a number.
    pub(crate) fn words(&mut self, max: usize) -> String {
        let mut out = String::new();
        while out.len() < 2 || (out.len() < max && self.below(4) != 0) {
            if !out.is_empty() {
                out.push(' ');
            }
            match self.below(6) {
                0 => out.push_str(&self.below(10_000).to_string()),
                k => {
                    for i in 0..2 + self.below(8) {
                        let c = (b'a' + self.below(26) as u8) as char;
                        out.push(if i == 0 && k == 1 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        });
                    }
                }
            }
        }
        out
    }

    /// A random text of 1..=max bytes mixing ASCII words and multi-byte characters.
    pub(crate) fn text(&mut self, max: usize) -> String {
        const PIECES: &[&str] = &[
            "the ",
            "key ",
            "is ",
            "under ",
            "mat ",
            "id:",
            "42 ",
            "é",
            "北京",
            "😀",
            "ok ",
            "x9",
            "{\"a\":1}",
            "دیدار ",
            "ß",
        ];
        let mut s = String::new();
        let target = 1 + (self.next() as usize) % max;
        while s.len() < target {
            s.push_str(PIECES[(self.next() as usize) % PIECES.len()]);
        }
        while s.len() > max {
            s.pop();
        }
        if s.is_empty() {
            s.push('a');
        }
        s
    }
}

/// The bits of `bytes`, most significant first.
pub(crate) fn bits_of(bytes: &[u8]) -> Vec<bool> {
    bytes
        .iter()
        .flat_map(|&b| (0..8).rev().map(move |i| b >> i & 1 == 1))
        .collect()
}

/// Feeds `decode` `rounds` strings of fewer than `max` pieces drawn from `pieces`: it must not
/// panic, and every payload must lie on character boundaries of its text.
pub(crate) fn hostile(
    seed: u64,
    pieces: &[&str],
    max: usize,
    rounds: usize,
    decode: fn(&str) -> Vec<crate::report::Payload>,
) {
    let mut rng = Rng::new(seed);
    for _ in 0..rounds {
        let s = rng.mix(pieces, max);
        for p in decode(&s) {
            assert!(
                s.is_char_boundary(p.start) && s.is_char_boundary(p.end) && p.start <= p.end,
                "{s:?}"
            );
        }
    }
}
