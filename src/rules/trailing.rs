//! Whitespace at the ends of lines.
//!
//! Trailing spaces are everywhere (Markdown line breaks, `format=flowed` mail, padded columns)
//! and stay quiet, as do TABs aligning columns and one trailing no-break space. Spaces after a
//! TAB (SNOW writes 3-bit groups as runs of spaces between TABs) or several characters with an
//! unusual space among them (enShroud) are how such tools hide bits, and are `medium` when two
//! or more lines end in tails shaped so (TABs between groups of spaces, an unusual space among
//! TABs and spaces) that differ from line to line. Other tails are formatting, `low` unless the
//! whitespace decoder reads a payload from them: one tail written alike on every line it ends
//! (the three no-break spaces docutils puts after a section number), a TAB and padding left on
//! lines of a man page, a reStructuredText or a LaTeX source. Invisible characters do not end
//! the whitespace: a TAB followed only by tag characters still ends its line to a reader, and
//! `clean`, which removes them, must not leave it trailing.

use super::{Hit, Rule};
use crate::context::Doc;
use crate::report::{Kind, Severity};

/// Judges the trailing whitespace of every line that ends in a TAB or an unusual space. Only
/// those characters are looked up (with memchr and the scan's candidates), never every line.
pub fn judge(text: &str, doc: &Doc, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    let tabs = memchr::memchr_iter(b'\t', bytes);
    let spaces = doc
        .candidates
        .iter()
        .filter(|&&(_, _, k)| k == Kind::Space)
        .map(|&(i, _, _)| i);
    let mut judged_to = 0;
    let first = hits.len();
    for at in merge(tabs, spaces) {
        if at < judged_to {
            continue;
        }
        let Some(end) = line_end_after_whitespace(text, at) else {
            continue;
        };
        let start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        judge_line(text, start, end, hits);
        judged_to = end;
    }
    let tails = &mut hits[first..];
    let tail = |h: &Hit| &text[h.start..h.end];
    let alike = tails
        .first()
        .is_some_and(|one| tails.iter().all(|h| tail(h) == tail(one)));
    let shaped = tails.iter().filter(|h| bits_shaped(tail(h))).count();
    if alike || shaped < 2 {
        for h in tails {
            h.severity = Severity::Low;
        }
    }
}

/// A tail shaped like bits: TABs between groups of spaces (SNOW), or an unusual space among
/// TABs and spaces (enShroud); a TAB then padding, as editors leave, is not.
fn bits_shaped(tail: &str) -> bool {
    let tabs = tail.matches('\t').count();
    let unusual = tail.chars().any(|c| c.is_whitespace() && !c.is_ascii());
    tabs >= 2 || unusual && tail.chars().filter(|c| c.is_whitespace()).nth(1).is_some()
}

/// The end of the line (before `\r\n` or `\n`) when only whitespace follows byte `at` on it.
fn line_end_after_whitespace(text: &str, at: usize) -> Option<usize> {
    let mut end = at;
    for c in text[at..].chars() {
        match c {
            '\n' => return Some(end),
            '\r' if text[end + 1..].starts_with('\n') => return Some(end),
            c if c.is_whitespace() || is_invisible(c) => end += c.len_utf8(),
            _ => return None,
        }
    }
    Some(end)
}

fn is_invisible(c: char) -> bool {
    crate::catalogue::kind(c).is_some_and(Kind::is_invisible)
}

/// Two ascending sequences of positions, in order.
fn merge(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(&x), Some(&y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        _ => b.next(),
    })
}

fn judge_line(text: &str, start: usize, end: usize, hits: &mut Vec<Hit>) {
    let line = &text[start..end];
    let trimmed = line.trim_end_matches(|c: char| {
        c == ' '
            || c == '\t'
            || c == '\u{00A0}'
            || (c.is_whitespace() && c != '\n')
            || is_invisible(c)
    });
    // Invisible characters before the first whitespace belong to the text (an emoji's VS16).
    let trimmed = match line[trimmed.len()..].find(char::is_whitespace) {
        Some(i) => &line[..trimmed.len() + i],
        None => return,
    };
    let tail = &line[trimmed.len()..];
    if tail.is_empty() {
        return;
    }
    let spaces = || tail.chars().filter(|c| c.is_whitespace());
    let several = spaces().nth(1).is_some();
    let unusual = spaces().any(|c| !c.is_ascii());
    let space_after_tab = !trimmed.is_empty() && tail.contains("\t ");
    let odd = several && (unusual || space_after_tab);
    if odd {
        let at = start + trimmed.len();
        hits.push(Hit::new(
            at,
            end,
            Severity::Medium,
            Rule::TrailingWhitespace,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::judged_spans;

    #[test]
    fn trailing_spaces_are_innocent() {
        assert!(judged_spans(
            judge,
            "Markdown break  \nflowed \n\tindented\n\t\nName:\t\nTotal :\u{00A0}\nColumn \t\t\n"
        )
        .is_empty());
    }

    fn judged_severities(text: &str) -> Vec<Severity> {
        crate::rules::judged(judge, text)
            .iter()
            .map(|h| h.severity)
            .collect()
    }

    /// docutils (test/functional/expected/standalone_rst_pseudoxml.txt, public domain): the
    /// section numbers end in three no-break spaces, alike on every line; a reStructuredText
    /// mode's test (tools/editors/emacs/tests/re.el, GPL) leaves a TAB and spaces on one line.
    #[test]
    fn one_tail_alike_on_every_line_is_formatting() {
        let sectnum = "<generated classes=\"sectnum\">\n    2.1\u{A0}\u{A0}\u{A0}\nParagraphs\n<generated classes=\"sectnum\">\n    2.2\u{A0}\u{A0}\u{A0}\nBullet Lists\n";
        assert_eq!(judged_severities(sectnum), vec![Severity::Low; 2]);
        let el = "\t     \"=== rst.el.~rst_el_1_68~:3011\"\t      \n\t     (rst-re 'lin-beg '(:grp bul-sta))\n";
        assert_eq!(judged_severities(el), vec![Severity::Low]);
        // man-pages-zh (ping.8, GPL; a few bytes): a TAB and padding after a macro, line by line.
        let roff = ".B -n\t     \nNumeric output only.\n.B -q\t  \nQuiet output.\n";
        assert_eq!(judged_severities(roff), vec![Severity::Low; 2]);
        // Tails that differ from line to line carry bits (SNOW).
        let snow = "The first line\t   \t \t\nThe second line\t \t      \t\n";
        assert_eq!(judged_severities(snow), vec![Severity::Medium; 2]);
    }

    #[test]
    fn trailing_tabs_and_unusual_spaces_are_medium() {
        assert_eq!(judged_spans(judge, "line\t  \t\r\nnext"), vec![(4, 8)]);
        assert_eq!(judged_spans(judge, "snow\t   \t \t"), vec![(4, 11)]);
        assert_eq!(judged_spans(judge, "line\u{00A0} \t"), vec![(4, 8)]);
        // Invisible characters after the whitespace do not hide it: the TAB ends the line.
        assert_eq!(
            judged_spans(judge, "line\t \u{E0041}\u{E007F}\nnext"),
            vec![(4, 14)]
        );
        assert!(judged_spans(judge, "line \u{E0041}\n").is_empty());
        assert_eq!(judged_spans(judge, "\u{2764}\u{FE0F}\t \n"), vec![(6, 8)]);
        assert!(judged_spans(judge, "ផ្គួផ្គង\u{200B}\u{00A0}\u{200B}\n").is_empty());
    }
}
