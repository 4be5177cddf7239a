//! Named code points that the rules and the decoders both speak of, declared once: a constant
//! typed twice can drift apart unnoticed. Names are Unicode's (abbreviated as Unicode does).

/// ZERO WIDTH SPACE.
pub(crate) const ZWSP: char = '\u{200B}';
/// ZERO WIDTH NON-JOINER.
pub(crate) const ZWNJ: char = '\u{200C}';
/// ZERO WIDTH JOINER.
pub(crate) const ZWJ: char = '\u{200D}';
/// LEFT-TO-RIGHT MARK.
pub(crate) const LRM: char = '\u{200E}';
/// RIGHT-TO-LEFT MARK.
pub(crate) const RLM: char = '\u{200F}';
/// WORD JOINER.
pub(crate) const WJ: char = '\u{2060}';
/// ZERO WIDTH NO-BREAK SPACE, the byte order mark.
pub(crate) const BOM: char = '\u{FEFF}';
