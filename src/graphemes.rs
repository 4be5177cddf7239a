//! Extended grapheme clusters (UAX #29): where an excerpt or a caret line may start and end,
//! and whether a ZWJ joins an emoji ZWJ sequence.
//!
//! An excerpt cut inside a cluster shows half of what a reader sees as one character: a family
//! emoji without its children, a letter without its accent. So excerpts and carets move in
//! whole clusters. But a cluster is not a safe unit of its own: rule GB9 attaches every Extend
//! character (tags, variation selectors, ZWNJ) and every ZWJ to the character before, so one
//! "character" can be a letter followed by a whole hidden payload. A cluster longer than
//! [`MAX_CLUSTER`] characters is therefore cut at its characters, and nothing here says that
//! what sits inside a cluster is innocent: only [`joins_emoji`] reads a boundary as a verdict,
//! for the one rule (GB11) that is exactly the emoji ZWJ sequence.
//!
//! The rules are the `unicode-segmentation` crate's (pinned, a dev-dependency), and so are the
//! properties: `tools/gen-grapheme-table.py` packs that crate's tables into `grapheme_table.rs`,
//! a fifth of their size in the WebAssembly module, and the tests compare the clusters of every
//! code point with the crate's. Only whole strings are segmented, so the rules need none of the
//! crate's machinery for text that comes in chunks.

use std::sync::OnceLock;

use crate::grapheme_table::GRAPHEME_RANGES;

/// The most characters a cluster may hold and still be kept whole. The longest emoji sequences
/// people type hold 10 (a family of four with skin tones), a subdivision flag 7.
pub const MAX_CLUSTER: usize = 16;

/// The pieces of `s` that an excerpt or a caret line never splits, with their byte offsets:
/// its extended grapheme clusters, and the characters of a cluster longer than [`MAX_CLUSTER`].
/// One function that is never inlined: the WebAssembly module should hold the segmentation once.
#[inline(never)]
pub fn pieces(s: &str) -> Vec<(usize, &str)> {
    let ends = s.char_indices().skip(1).map(|(i, _)| i);
    let ends = ends
        .filter(|&i| is_break(s, i))
        .chain((!s.is_empty()).then_some(s.len()));
    let mut pieces = Vec::new();
    let mut at = 0;
    for end in ends {
        let cluster = &s[at..end];
        if cluster.chars().nth(MAX_CLUSTER).is_none() {
            pieces.push((at, cluster));
        } else {
            pieces.extend(
                cluster
                    .char_indices()
                    .map(|(i, c)| (at + i, &cluster[i..i + c.len_utf8()])),
            );
        }
        at = end;
    }
    pieces
}

/// The longest start of `s` that holds at most `max` characters and ends between two pieces.
/// Reads at most `max + MAX_CLUSTER + 1` characters of `s`, however long its first cluster.
pub fn head(s: &str, max: usize) -> &str {
    let bound = s
        .char_indices()
        .nth(max + MAX_CLUSTER + 1)
        .map_or(s.len(), |(i, _)| i);
    let s = &s[..bound];
    let mut taken = 0;
    let mut end = 0;
    for (at, piece) in pieces(s) {
        taken += piece.chars().count();
        if taken > max {
            break;
        }
        end = at + piece.len();
    }
    &s[..end]
}

/// The longest end of `s` that holds at most `max` characters and starts between two pieces.
/// Reads at most the last `max + MAX_CLUSTER + 1` characters of `s`.
pub fn tail(s: &str, max: usize) -> &str {
    let bound = s
        .char_indices()
        .rev()
        .nth(max + MAX_CLUSTER)
        .map_or(0, |(i, _)| i);
    let s = &s[bound..];
    let mut taken = 0;
    let mut start = s.len();
    for (at, piece) in pieces(s).into_iter().rev() {
        taken += piece.chars().count();
        if taken > max {
            break;
        }
        start = at;
    }
    &s[start..]
}

/// Whether the ZWJ at byte `at` of `text` joins an emoji ZWJ sequence: the character after it is
/// Extended_Pictographic and no cluster boundary falls between them, which is rule GB11
/// (`\p{Extended_Pictographic} Extend* ZWJ × \p{Extended_Pictographic}`). GB11 lets any Extend
/// character stand between the pictograph and the ZWJ; emoji sequences put only skin tones and
/// a presentation selector there, so anything else (a tag, a ZWNJ: a payload hiding in the
/// sequence) makes the ZWJ no joiner of emoji.
pub fn joins_emoji(text: &str, at: usize) -> bool {
    let props = crate::catalogue::props;
    let after = at + crate::chars::ZWJ.len_utf8();
    let next = text.get(after..).and_then(|rest| rest.chars().next());
    if !next.is_some_and(|n| props(n).is_extended_pictographic()) {
        return false;
    }
    let dressing = |c: char| c == '\u{FE0F}' || props(c).is_emoji_modifier();
    let before = text.get(..at).unwrap_or("").chars().rev();
    if !before
        .take_while(|&c| !props(c).is_extended_pictographic())
        .all(dressing)
    {
        return false;
    }
    !is_break(text, after)
}

/// Grapheme_Cluster_Break as `unicode-segmentation` reads it: Extended_Pictographic and
/// InCB=Consonant are values of their own. In the order of the generator's `CATS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gcb {
    Any,
    Cr,
    Lf,
    Control,
    Extend,
    Zwj,
    RegionalIndicator,
    Prepend,
    SpacingMark,
    L,
    V,
    T,
    Lv,
    Lvt,
    ExtendedPictographic,
    InCbConsonant,
}

const GCBS: [Gcb; 16] = [
    Gcb::Any,
    Gcb::Cr,
    Gcb::Lf,
    Gcb::Control,
    Gcb::Extend,
    Gcb::Zwj,
    Gcb::RegionalIndicator,
    Gcb::Prepend,
    Gcb::SpacingMark,
    Gcb::L,
    Gcb::V,
    Gcb::T,
    Gcb::Lv,
    Gcb::Lvt,
    Gcb::ExtendedPictographic,
    Gcb::InCbConsonant,
];

/// The generated value of a code point: a [`GCBS`] index, `INCB_EXTEND`, `INCB_LINKER`.
#[derive(Clone, Copy)]
struct Props(u32);

const INCB_EXTEND: u32 = 16;
const INCB_LINKER: u32 = 32;

impl Props {
    fn gcb(self) -> Gcb {
        GCBS[(self.0 & 15) as usize]
    }

    fn is(self, flag: u32) -> bool {
        self.0 & flag != 0
    }
}

fn props(c: char) -> Props {
    Props(match c {
        ' '..='~' => 0,
        '\n' => Gcb::Lf as u32,
        '\r' => Gcb::Cr as u32,
        '\0'..='\u{1F}' => Gcb::Control as u32,
        _ => {
            static RANGES: OnceLock<Vec<(u32, u32, u32)>> = OnceLock::new();
            let ranges = RANGES.get_or_init(|| crate::catalogue::ranges(&GRAPHEME_RANGES));
            crate::catalogue::in_ranges(ranges, c as u32).unwrap_or(0)
        }
    })
}

/// Whether a cluster boundary falls at byte `at` of `s`, a character boundary: rules GB3 to
/// GB999 of UAX #29, in the crate's order.
fn is_break(s: &str, at: usize) -> bool {
    let (head, tail) = s.split_at(at);
    let (Some(before), Some(after)) = (head.chars().next_back(), tail.chars().next()) else {
        return true;
    };
    use Gcb::*;
    match (props(before).gcb(), props(after).gcb()) {
        (Cr, Lf) => false,
        (Control | Cr | Lf, _) | (_, Control | Cr | Lf) => true,
        (L, L | V | Lv | Lvt) | (Lv | V, V | T) | (Lvt | T, T) => false,
        (_, Extend | Zwj | SpacingMark) | (Prepend, _) => false,
        (_, InCbConsonant) => !linked_consonant(head),
        (Zwj, ExtendedPictographic) => !pictograph_before_zwj(head),
        (RegionalIndicator, RegionalIndicator) => {
            let flags = head
                .chars()
                .rev()
                .take_while(|&c| props(c).gcb() == RegionalIndicator);
            flags.count() % 2 == 0
        }
        _ => true,
    }
}

/// GB9c: `head` ends with an InCB=Consonant, then InCB=Extend and InCB=Linker characters with at
/// least one linker among them.
fn linked_consonant(head: &str) -> bool {
    let mut linked = false;
    for c in head.chars().rev() {
        let p = props(c);
        if p.is(INCB_LINKER) {
            linked = true;
        } else if !p.is(INCB_EXTEND) {
            return linked && p.gcb() == Gcb::InCbConsonant;
        }
    }
    false
}

/// GB11: `head`, which ends with a ZWJ, ends with `\p{Extended_Pictographic} Extend* ZWJ`.
fn pictograph_before_zwj(head: &str) -> bool {
    for c in head.chars().rev().skip(1) {
        match props(c).gcb() {
            Gcb::Extend => {}
            gcb => return gcb == Gcb::ExtendedPictographic,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

    const FAMILY: &str = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";

    /// One character of each value the rules read: a letter, CR, LF, a control, an Extend that
    /// is InCB=Extend, a ZWJ, a regional indicator, a Prepend, a SpacingMark, the Hangul L, V, T,
    /// LV and LVT, a pictograph, an InCB=Consonant, an InCB=Linker, a tag.
    const ONE_OF_EACH: &str =
        "a\r\n\u{1}\u{300}\u{200D}\u{1F1E6}\u{600}\u{903}\u{1100}\u{1161}\u{11A8}\
                               \u{AC00}\u{AC01}\u{1F600}\u{915}\u{94D}\u{E0041}";

    /// `c` next to each of [`ONE_OF_EACH`] on both sides, and inside the sequences of GB9c, GB11
    /// and GB12, each context after a LF (a boundary under every rule).
    fn contexts(c: char) -> String {
        let mut s = String::new();
        for p in ONE_OF_EACH.chars() {
            s.extend(['\n', p, c, '\n', c, p]);
        }
        for around in [
            "\u{915}\u{94D}_\u{915}",
            "\u{915}_\u{915}",
            "\u{915}\u{300}_\u{94D}\u{915}",
            "\u{1F600}_\u{200D}\u{1F600}",
            "_\u{200D}\u{1F600}",
            "\u{1F1E6}_\u{1F1E6}\u{1F1E6}",
        ] {
            s.push('\n');
            s.push_str(&around.replace('_', c.encode_utf8(&mut [0; 4])));
        }
        s
    }

    /// Where the pieces of `s` start, but the first (the clusters here are all short).
    fn boundaries(s: &str) -> Vec<usize> {
        pieces(s).into_iter().skip(1).map(|(at, _)| at).collect()
    }

    fn crates_boundaries(s: &str) -> Vec<usize> {
        s.grapheme_indices(true).skip(1).map(|(i, _)| i).collect()
    }

    #[test]
    fn clusters_end_where_the_crates_do_for_every_code_point() {
        // The crate's tables hold nothing past U+1FFFF but the tags and selectors of plane 14.
        let all = |c: char| c < '\u{20000}' || ('\u{E0000}'..'\u{E1000}').contains(&c);
        for c in ('\0'..=char::MAX).filter(|&c| all(c) || c as u32 % 61 == 0) {
            let s = contexts(c);
            assert_eq!(boundaries(&s), crates_boundaries(&s), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_boundary_is_the_crates_at_any_point() {
        let s = contexts('\u{1F3FB}') + &contexts('\u{E0100}') + &contexts('\u{A8FF}');
        for (at, _) in s.char_indices() {
            let mut cursor = GraphemeCursor::new(at, s.len(), true);
            assert_eq!(Ok(is_break(&s, at)), cursor.is_boundary(&s, 0), "{at}");
        }
    }

    #[test]
    fn excerpts_keep_clusters_whole() {
        let s = format!("ab{FAMILY}c");
        assert_eq!(head(&s, 3), "ab");
        assert_eq!(head(&s, 7), format!("ab{FAMILY}"));
        assert_eq!(tail(&s, 5), "c");
        assert_eq!(tail(&s, 6), format!("{FAMILY}c"));
        let accented = "cafe\u{0301}";
        assert_eq!(head(accented, 4), "caf");
        assert_eq!(tail(accented, 1), "");
        assert_eq!(head("", 3), "");
    }

    #[test]
    fn a_payload_in_a_cluster_is_cut_at_its_characters() {
        let tags: String = ('\u{E0041}'..='\u{E005A}').collect();
        let s = format!("a{tags}b");
        assert_eq!(s.graphemes(true).count(), 2, "one cluster holds them");
        assert_eq!(
            (head(&s, 3).chars().count(), tail(&s, 3).chars().count()),
            (3, 3)
        );
        assert_eq!(pieces(&s).len(), 28);
        let huge = format!("a{}", "\u{200C}".repeat(100_000));
        assert_eq!(head(&huge, 80).chars().count(), 80);
        assert_eq!(tail(&huge, 80).chars().count(), 80);
    }

    #[test]
    fn a_zwj_joins_emoji_only_inside_a_sequence() {
        assert!(joins_emoji(FAMILY, 4));
        let flag = "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}";
        assert!(joins_emoji(flag, 7));
        let skin = "\u{1F469}\u{1F3FD}\u{200D}\u{1F680}";
        assert!(joins_emoji(skin, 8));
        // Letters on either side, a ZWJ at the end, a ZWSP between the emoji.
        assert!(!joins_emoji("a\u{200D}\u{1F469}", 1));
        assert!(!joins_emoji("\u{1F468}\u{200D}b", 4));
        assert!(!joins_emoji("\u{1F468}\u{200D}", 4));
        assert!(!joins_emoji("\u{1F468}\u{200B}\u{200D}\u{1F469}", 7));
        // A selector on a letter makes no emoji of it.
        assert!(!joins_emoji("c\u{FE0F}\u{200D}\u{1F5E8}", 4));
        // GB11 would join these (ZWNJ and tags are Extend): a payload in the sequence does not.
        assert!(!joins_emoji("\u{1F600}\u{200C}\u{200D}\u{1F600}", 7));
        assert!(!joins_emoji("\u{1F600}\u{E0041}\u{200D}\u{1F600}", 8));
    }
}
