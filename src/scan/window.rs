//! Windows: a long text is analysed piece by piece, cut at blank lines or line breaks, so that
//! the work and memory of the rules stay bounded however long the input. [`scan`](super::scan)
//! and a [`Stream`](crate::stream::Stream) cut the same way.

/// Texts longer than this are analysed in windows of about this size, cut at a blank line or
/// a line break, so that the work and memory of the rules stay bounded however long the input:
/// document-wide judgements (the prevailing apostrophe, the script mix) are then made per window.
pub const WINDOW: usize = 4 << 20;

/// The windows of `text` with their byte offsets: the whole text when it is short.
pub(crate) fn windows(text: &str) -> impl Iterator<Item = (usize, &str)> {
    sized_windows(text, WINDOW)
}

/// [`windows`] of at most `size` bytes (smaller under test, to cross many windows quickly).
pub(crate) fn sized_windows(text: &str, size: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() && !(start == 0 && text.is_empty()) {
            return None;
        }
        let end = window_end(text, start, size);
        let window = (start, &text[start..end]);
        start = end.max(start + 1);
        Some(window)
    })
}

/// Where the window from `start` ends: at a blank line or a line break in its last quarter, or
/// at a character boundary. Only `text[..start + size + 1]` is looked at, so a stream can cut as
/// soon as it holds more than `size` bytes from `start`.
pub(crate) fn window_end(text: &str, start: usize, size: usize) -> usize {
    let limit = start + size;
    if limit >= text.len() {
        return text.len();
    }
    let tail = &text.as_bytes()[limit - size / 4..limit];
    let cut = memchr::memmem::rfind(tail, b"\n\n")
        .map(|p| p + 2)
        .or_else(|| memchr::memrchr(b'\n', tail).map(|p| p + 1))
        .map(|p| limit - size / 4 + p);
    cut.unwrap_or_else(|| {
        (0..4)
            .map(|k| limit - k)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(limit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_text_at_line_breaks() {
        assert_eq!(windows("").collect::<Vec<_>>(), vec![(0, "")]);
        let line = "a line of text\n";
        let text = line.repeat(WINDOW / line.len() * 2 + 3);
        let parts: Vec<(usize, &str)> = windows(&text).collect();
        assert!(parts.len() >= 2);
        assert_eq!(parts.iter().map(|(_, w)| *w).collect::<String>(), text);
        assert!(parts[..parts.len() - 1]
            .iter()
            .all(|(_, w)| w.ends_with('\n')));
        let zwsp: String = std::iter::repeat_n('\u{200B}', WINDOW).collect();
        assert_eq!(windows(&zwsp).map(|(_, w)| w).collect::<String>(), zwsp);
    }
}
