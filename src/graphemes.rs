//! Extended grapheme clusters (UAX #29, from the `unicode-segmentation` crate): where an excerpt
//! or a caret line may start and end, and whether a ZWJ joins an emoji ZWJ sequence.
//!
//! An excerpt cut inside a cluster shows half of what a reader sees as one character: a family
//! emoji without its children, a letter without its accent. So excerpts and carets move in
//! whole clusters. But a cluster is not a safe unit of its own: rule GB9 attaches every Extend
//! character (tags, variation selectors, ZWNJ) and every ZWJ to the character before, so one
//! "character" can be a letter followed by a whole hidden payload. A cluster longer than
//! [`MAX_CLUSTER`] characters is therefore cut at its characters, and nothing here says that
//! what sits inside a cluster is innocent: only [`joins_emoji`] reads a boundary as a verdict,
//! for the one rule (GB11) that is exactly the emoji ZWJ sequence.

use unicode_segmentation::GraphemeCursor;

/// The most characters a cluster may hold and still be kept whole. The longest emoji sequences
/// people type hold 10 (a family of four with skin tones), a subdivision flag 7.
pub const MAX_CLUSTER: usize = 16;

/// The pieces of `s` that an excerpt or a caret line never splits, with their byte offsets:
/// its extended grapheme clusters, and the characters of a cluster longer than [`MAX_CLUSTER`].
/// One function that is never inlined: the segmentation code is large, and the WebAssembly
/// module should hold it once.
#[inline(never)]
pub fn pieces(s: &str) -> Vec<(usize, &str)> {
    let mut cursor = GraphemeCursor::new(0, s.len(), true);
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Ok(Some(end)) = cursor.next_boundary(s, 0) {
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
    let mut cursor = GraphemeCursor::new(after, text.len(), true);
    cursor.is_boundary(text, 0) == Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    const FAMILY: &str = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";

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
