//! LZ-UTF8 decompression (the `lzutf8` npm package's format, used by StegCloak).
//!
//! The compressed stream is UTF-8 with back-references mixed in. A reference is recognisable
//! because a UTF-8 lead byte is always followed by a continuation byte (top bit 1), while a
//! reference's second byte has top bit 0:
//! - `110lllll 0ddddddd`: copy `l` bytes from `d` bytes back (distance 1-127);
//! - `111lllll 0ddddddd dddddddd`: the same with a 15-bit distance.
//!
//! Every other byte is a literal.

/// Decompresses `input`, stopping at `limit` output bytes. `None` when a reference points
/// before the start of the output or is cut off.
pub(crate) fn decompress(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(input.len() * 2);
    let mut i = 0;
    while i < input.len() && out.len() < limit {
        let c = input[i];
        let next = input.get(i + 1).copied();
        let is_reference = c >= 0xC0 && next.is_some_and(|n| n & 0x80 == 0);
        if !is_reference {
            out.push(c);
            i += 1;
            continue;
        }
        let length = usize::from(c & 0x1F);
        let high = usize::from(next.unwrap_or(0));
        let distance = if c & 0xE0 == 0xE0 {
            let low = usize::from(*input.get(i + 2)?);
            i += 3;
            (high << 8) | low
        } else {
            i += 2;
            high
        };
        if distance == 0 || distance > out.len() {
            return None;
        }
        let from = out.len() - distance;
        for k in 0..length {
            let b = *out.get(from + k)?;
            out.push(b);
        }
    }
    out.truncate(limit);
    Some(out)
}

/// Test-only compressor: greedy matches of 4-31 bytes at character boundaries.
#[cfg(test)]
pub(crate) fn compress(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let boundary = |i: usize| text.is_char_boundary(i);
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let mut best = (0usize, 0usize);
        let window = i.saturating_sub(32767);
        for start in window..i {
            if !boundary(start) {
                continue;
            }
            let mut len = 0;
            while len < 31 && i + len < bytes.len() && bytes[start + len] == bytes[i + len] {
                len += 1;
            }
            while len > 0 && !boundary(i + len) {
                len -= 1;
            }
            if len > best.0 {
                best = (len, i - start);
            }
        }
        let (len, dist) = best;
        if len >= 4 {
            if dist < 128 {
                out.extend([0xC0 | len as u8, dist as u8]);
            } else {
                out.extend([0xE0 | len as u8, (dist >> 8) as u8, (dist & 0xFF) as u8]);
            }
            i += len;
        } else {
            let end = (i + 1..=bytes.len())
                .find(|&e| boundary(e))
                .unwrap_or(bytes.len());
            out.extend_from_slice(&bytes[i..end]);
            i = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    #[test]
    fn round_trip() {
        let mut rng = Rng::new(21);
        for _ in 0..100 {
            let text = rng.text(300);
            let packed = compress(&text);
            assert_eq!(decompress(&packed, 1 << 16), Some(text.into_bytes()));
        }
        let repeated = "abcdabcdabcdabcd ".repeat(20);
        assert!(compress(&repeated).len() < repeated.len() / 3);
    }

    #[test]
    fn references_and_bad_input() {
        assert_eq!(decompress(b"abcd\xC4\x04", 100), Some(b"abcdabcd".to_vec()));
        assert_eq!(decompress(b"ab\xC4\x09", 100), None);
        assert_eq!(decompress(b"ab\xE4\x00", 100), None);
        assert_eq!(
            decompress("é".as_bytes(), 100),
            Some("é".as_bytes().to_vec())
        );
    }
}
