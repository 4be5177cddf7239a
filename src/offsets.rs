//! Report offsets as JavaScript needs them.
//!
//! The core reports half-open ranges in UTF-8 bytes. JavaScript strings index UTF-16 code units,
//! and a page's text is split across DOM text nodes; a highlight needs (node, offset) pairs.
//! Handing byte offsets straight to JavaScript misplaces every highlight after the first
//! non-ASCII character, so the bindings convert them here, in the core, where they are tested
//! natively:
//!
//! * [`Utf16Offsets`] converts any number of byte offsets of one text in a single linear pass
//!   over the text (the offsets are sorted first), then answers each lookup by binary search.
//! * [`NodeOffsets`] maps a UTF-16 offset in the concatenation of node texts to the node and the
//!   UTF-16 offset inside it.
//!
//! Neither panics: offsets past the end are clamped to it, and an offset inside a character
//! (which a scan never produces) is taken as the end of that character, so a range never splits
//! a surrogate pair.

/// UTF-16 offsets of a chosen set of byte offsets of one text.
#[derive(Debug, Clone, Default)]
pub struct Utf16Offsets {
    /// Sorted, distinct byte offsets (clamped to the text's length).
    bytes: Vec<usize>,
    /// `utf16[i]`: the UTF-16 offset of `bytes[i]`.
    utf16: Vec<usize>,
    /// The text's length in UTF-16 code units, as far as it was measured.
    len_utf16: usize,
    /// The text's length in bytes.
    text_len: usize,
}

impl Utf16Offsets {
    /// Measures `offsets` (byte offsets into `text`, in any order) in one pass over `text`,
    /// stopping after the largest offset.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let bytes = text.as_bytes();
        let mut wanted: Vec<usize> = offsets.into_iter().map(|o| o.min(bytes.len())).collect();
        crate::order::by_key(&mut wanted, |&o| o as u64);
        wanted.dedup();
        let mut utf16 = Vec::with_capacity(wanted.len());
        let (mut pos, mut units) = (0, 0);
        for &offset in &wanted {
            units += utf16_units(bytes.get(pos..offset).unwrap_or_default());
            pos = offset;
            utf16.push(units);
        }
        Utf16Offsets {
            bytes: wanted,
            utf16,
            len_utf16: units,
            text_len: bytes.len(),
        }
    }

    /// The UTF-16 offset of `byte`, one of the offsets given to [`Utf16Offsets::new`]. An offset
    /// that was not given answers `None`.
    pub fn get(&self, byte: usize) -> Option<usize> {
        // Offsets past the end were clamped when measured.
        let i = self.bytes.binary_search(&byte.min(self.text_len)).ok()?;
        self.utf16.get(i).copied()
    }

    /// The UTF-16 length of the text up to the largest offset measured.
    pub fn measured_len(&self) -> usize {
        self.len_utf16
    }
}

/// How many UTF-16 code units the UTF-8 `bytes` take: one per character, two for characters
/// outside the Basic Multilingual Plane (4-byte sequences, surrogate pairs in UTF-16). A
/// character cut at the end of `bytes` counts whole.
pub fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// A position in a sequence of text nodes: the node's index and the UTF-16 offset inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePosition {
    /// The node's index in the sequence.
    pub node: usize,
    /// The offset inside the node, in UTF-16 code units.
    pub offset: usize,
}

/// Maps UTF-16 offsets in the concatenation of some node texts to positions in the nodes.
///
/// At a boundary between nodes, a range's start is placed at the beginning of the next
/// non-empty node and its end at the end of the previous one, so a range never reaches into a
/// node it does not cover.
#[derive(Debug, Clone)]
pub struct NodeOffsets {
    /// `starts[i]`: where node `i` starts in the concatenation; one more entry: the total.
    starts: Vec<usize>,
}

impl NodeOffsets {
    /// From the nodes' lengths in UTF-16 code units, in order.
    pub fn from_utf16_lens(lens: impl IntoIterator<Item = usize>) -> Self {
        let mut starts = vec![0];
        let mut total = 0usize;
        for len in lens {
            total = total.saturating_add(len);
            starts.push(total);
        }
        NodeOffsets { starts }
    }

    /// From the node texts themselves.
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> Self {
        Self::from_utf16_lens(texts.iter().map(|t| t.as_ref().encode_utf16().count()))
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The concatenation's length in UTF-16 code units.
    pub fn total_utf16(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Where a range starting at `utf16` starts: in the last node that starts at or before it
    /// (so empty nodes at a boundary are skipped). `None` when there are no nodes.
    pub fn start(&self, utf16: usize) -> Option<NodePosition> {
        let utf16 = utf16.min(self.total_utf16());
        let node_starts = self.starts.get(..self.len())?;
        let node = node_starts
            .partition_point(|&s| s <= utf16)
            .checked_sub(1)?;
        Some(NodePosition {
            node,
            offset: utf16 - node_starts.get(node)?,
        })
    }

    /// Where a range ending at `utf16` ends: in the last node that starts before it (the first
    /// node for offset 0). `None` when there are no nodes.
    pub fn end(&self, utf16: usize) -> Option<NodePosition> {
        let utf16 = utf16.min(self.total_utf16());
        let node_starts = self.starts.get(..self.len())?;
        if node_starts.is_empty() {
            return None;
        }
        let node = node_starts
            .partition_point(|&s| s < utf16)
            .saturating_sub(1);
        Some(NodePosition {
            node,
            offset: utf16 - node_starts.get(node)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UTF-16 offset of every byte offset that is a character boundary, the slow way.
    fn slow(text: &str, byte: usize) -> usize {
        text[..byte].encode_utf16().count()
    }

    fn boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    #[test]
    fn matches_encode_utf16_at_every_boundary() {
        let texts = [
            "",
            "plain ascii",
            "caf\u{e9} na\u{ef}ve \u{2014} \u{4e2d}\u{6587}",
            // Emoji (surrogate pairs), ZWJ family, a flag of England (tag characters U+E00xx).
            "a\u{1F600}b\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}c",
            "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}!",
            "hid\u{200B}\u{200C}den \u{E0041}\u{E0042} \u{FE0F}\u{E0100}x",
        ];
        for text in texts {
            let offs = boundaries(text);
            // Reversed, to check that the order given does not matter.
            let map = Utf16Offsets::new(text, offs.iter().rev().copied());
            for &b in &offs {
                assert_eq!(map.get(b), Some(slow(text, b)), "{text:?} at byte {b}");
            }
            assert_eq!(map.measured_len(), text.encode_utf16().count());
        }
    }

    #[test]
    fn astral_characters_take_two_units() {
        // "a😀b": 'a' 0..1, '😀' 1..5 (bytes) = 1..3 (UTF-16), 'b' 5..6 = 3..4.
        let text = "a\u{1F600}b";
        let map = Utf16Offsets::new(text, [0, 1, 5, 6]);
        assert_eq!(map.get(1), Some(1));
        assert_eq!(map.get(5), Some(3));
        assert_eq!(map.get(6), Some(4));
        let js: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&js[1..3]).unwrap(), "\u{1F600}");
    }

    #[test]
    fn tag_characters_are_surrogate_pairs() {
        let text = "x\u{E0068}\u{E0069}y"; // two tag characters: 4 bytes, 2 UTF-16 units each
        let map = Utf16Offsets::new(text, [1, 9]);
        assert_eq!(map.get(1), Some(1));
        assert_eq!(map.get(9), Some(5));
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_do_not_panic() {
        let text = "a\u{1F600}b";
        let map = Utf16Offsets::new(text, [2, 3, 100]);
        // Inside the emoji: counted as its end, never between the surrogates.
        assert_eq!(map.get(2), Some(3));
        assert_eq!(map.get(3), Some(3));
        assert_eq!(map.get(100), Some(4));
        assert_eq!(map.get(7), Some(4));
        assert_eq!(map.get(1), None, "not measured");
        assert_eq!(Utf16Offsets::new("", [0, 5]).get(5), Some(0));
        assert_eq!(Utf16Offsets::new("abc", []).get(0), None);
    }

    #[test]
    fn utf16_units_counts_code_units() {
        assert_eq!(utf16_units(b""), 0);
        assert_eq!(utf16_units("abc".as_bytes()), 3);
        assert_eq!(utf16_units("\u{e9}\u{4e2d}".as_bytes()), 2);
        assert_eq!(utf16_units("\u{1F600}".as_bytes()), 2);
        assert_eq!(utf16_units(&"\u{1F600}".as_bytes()[..1]), 2);
    }

    /// Where ranges starting and ending at some offsets land, written `offset:start/end` with
    /// positions as `node.offset` (`-` for none).
    fn landings(nodes: &NodeOffsets, offsets: &[usize]) -> String {
        let show = |p: Option<NodePosition>| {
            p.map_or("-".to_owned(), |p| format!("{}.{}", p.node, p.offset))
        };
        let seen: Vec<String> = offsets
            .iter()
            .map(|&o| format!("{o}:{}/{}", show(nodes.start(o)), show(nodes.end(o))))
            .collect();
        seen.join(" ")
    }

    #[test]
    fn node_positions() {
        // Nodes "hid", "", "den", "\u{1F600}x": starts 0, 3, 3, 6; total 9.
        let nodes = NodeOffsets::from_texts(&["hid", "", "den", "\u{1F600}x"]);
        assert_eq!((nodes.len(), nodes.total_utf16()), (4, 9));
        // At a boundary starts go forward past the empty node and ends stay back; past the
        // end, both are clamped.
        assert_eq!(
            landings(&nodes, &[0, 2, 3, 6, 8, 9, 50]),
            "0:0.0/0.0 2:0.2/0.2 3:2.0/0.3 6:3.0/2.3 8:3.2/3.2 9:3.3/3.3 50:3.3/3.3"
        );
    }

    #[test]
    fn node_positions_at_the_edges() {
        let none = NodeOffsets::from_texts::<&str>(&[]);
        assert!(none.is_empty());
        assert_eq!(landings(&none, &[0]), "0:-/-");
        assert_eq!(
            landings(&NodeOffsets::from_texts(&["", ""]), &[0]),
            "0:1.0/0.0"
        );
        let leading_empty = NodeOffsets::from_texts(&["", "ab"]);
        assert_eq!(landings(&leading_empty, &[0, 1]), "0:1.0/0.0 1:1.1/1.1");
    }

    #[test]
    fn bytes_to_nodes_end_to_end() {
        // A payload split across inline elements: "hid" + ZWSPs | "den" + ZWSPs.
        let texts = ["a\u{1F600}hid\u{200B}\u{200B}", "den\u{200B}"];
        let joined = texts.concat();
        let nodes = NodeOffsets::from_texts(&texts);
        let zw: Vec<usize> = joined
            .char_indices()
            .filter(|&(_, c)| c == '\u{200B}')
            .map(|(i, _)| i)
            .collect();
        let map = Utf16Offsets::new(&joined, zw.iter().flat_map(|&i| [i, i + 3]));
        let last = *zw.last().unwrap();
        let start = nodes.start(map.get(zw[0]).unwrap()).unwrap();
        let end = nodes.end(map.get(last + 3).unwrap()).unwrap();
        assert_eq!(start, NodePosition { node: 0, offset: 6 });
        assert_eq!(end, NodePosition { node: 1, offset: 4 });
        let node0: Vec<u16> = texts[0].encode_utf16().collect();
        assert_eq!(String::from_utf16(&node0[6..7]).unwrap(), "\u{200B}");
    }
}
