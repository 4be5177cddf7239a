//! Text made inert: what may be printed of a text that holds hidden characters.
//!
//! The one rule of every output: a report never re-emits the raw hidden characters it is about.
//! Copying a warning out of a terminal must not copy the mark with it, and a bidi control echoed
//! raw would reorder the very line that warns about it. Flagged characters are shown as
//! `⟨U+200B⟩` in the line window of a finding ([`window`]) and in names and messages
//! ([`inert`]); decoded payloads and explanations show them as `\u{200b}` ([`escape`]). Every
//! face prints through here, so none needs the catalogue to know what to hide.

use std::path::Path;

use super::location::char_floor;
use crate::graphemes;

/// Characters shown as `⟨U+XXXX⟩`: everything the catalogue knows (invisible, bidi, tag,
/// selector, unusual space, look-alike) and control characters other than tab.
pub fn is_flagged(c: char) -> bool {
    crate::catalogue::kind(c).is_some() || is_hidden(c)
}

/// Characters that must never be printed raw in any text: controls (tab and line feed aside,
/// which callers treat), invisible and space characters, line and paragraph separators, and
/// private-use characters and noncharacters (no standard glyph: a terminal's font may draw
/// anything there, or nothing).
fn is_hidden(c: char) -> bool {
    use crate::Kind;
    (c.is_control() && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}')
        || crate::catalogue::kind(c).is_some_and(|k| {
            k.is_invisible() || matches!(k, Kind::Space | Kind::PrivateUse | Kind::Noncharacter)
        })
}

/// `s` with hidden characters as `\u{…}` (and `\n`, `\t`, `\\`), for payload text and
/// explanations.
pub fn escape(s: &str) -> String {
    rewritten(s, &[('\\', "\\\\"), ('\n', "\\n"), ('\t', "\\t")], |c| {
        format!("\\u{{{:x}}}", c as u32)
    })
}

/// `s` with the characters of `named` written as their names and every other hidden character
/// as `hidden` writes it.
fn rewritten(s: &str, named: &[(char, &str)], hidden: fn(char) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match named.iter().find(|(n, _)| *n == c) {
            Some((_, name)) => out.push_str(name),
            None if is_hidden(c) => out.push_str(&hidden(c)),
            None => out.push(c),
        }
    }
    out
}

/// `⟨U+XXXX⟩`: how a flagged character is drawn in a line window or a name.
fn label(c: char) -> String {
    format!("⟨U+{:04X}⟩", c as u32)
}

/// How a character of a line window is drawn, and how many columns that takes.
fn cell(c: char) -> (String, usize) {
    if c == '\t' {
        (" ".to_owned(), 1)
    } else if is_flagged(c) {
        let label = label(c);
        let width = label.chars().count();
        (label, width)
    } else {
        (c.to_string(), width(c))
    }
}

/// Terminal columns of a character: 2 for East Asian wide and fullwidth ones (approximate: the
/// main blocks), 1 otherwise.
fn width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// Columns of context kept before the spot, and the most a window line takes.
const BEFORE: usize = 40;
const WIDTH: usize = 120;

/// A window of the line `line[..]` around the byte range `spot` (relative to the line), and the
/// caret line that marks the spot under it. The window and its carets move in whole grapheme
/// clusters ([`graphemes::pieces`]): an emoji sequence or an accented letter is drawn
/// and pointed at as the one character a reader sees, in the columns of its first character.
/// A cluster that holds a flagged character is drawn character by character, so what is hidden
/// in it is shown and pointed at on its own.
pub fn window(line: &str, spot: (usize, usize)) -> (String, String) {
    let start = char_floor(line, spot.0);
    let end = char_floor(line, spot.1).max(start);
    // Only what the window can show is cut into cells: a cell takes a column at least and holds
    // at most MAX_CLUSTER characters, of 4 bytes at most.
    let reach = |columns: usize| (columns + 1 + graphemes::MAX_CLUSTER) * 4;
    let lo = char_floor(line, start.saturating_sub(reach(BEFORE)));
    let hi = char_floor(line, (start + reach(WIDTH)).min(line.len()));
    let cells = cells(&line[lo..hi], lo);
    // Walk back from the spot until BEFORE columns of context are taken.
    let mut first = cells.partition_point(|c| c.end <= start);
    let mut taken = 0;
    for (i, c) in cells[..first].iter().enumerate().rev() {
        taken += c.width;
        if taken > BEFORE {
            break;
        }
        first = i;
    }
    let mut shown = String::new();
    let mut carets = String::new();
    let mut columns = 0;
    if cells.get(first).is_some_and(|c| c.start > 0) {
        shown.push('…');
        carets.push(' ');
        columns = 1;
    }
    let mut marked = false;
    let mut cut = hi < line.len();
    for c in &cells[first..] {
        if columns + c.width > WIDTH {
            cut = true;
            break;
        }
        let inside = if start == end {
            c.start <= start && start < c.end
        } else {
            c.start < end && start < c.end
        };
        carets.push_str(&if inside { "^" } else { " " }.repeat(c.width));
        marked |= inside;
        shown.push_str(&c.drawn);
        columns += c.width;
    }
    if cut {
        shown.push('…');
    }
    if !marked {
        // A spot at the end of the line: point just after it.
        carets.push('^');
    }
    (shown, carets.trim_end().to_owned())
}

/// One drawn unit of a line window: the byte range it covers, how it is drawn and its columns.
struct Cell {
    start: usize,
    end: usize,
    drawn: String,
    width: usize,
}

/// The cells of `line`: its grapheme clusters, or the characters of a cluster that holds a
/// flagged character.
/// `line` starts at byte `base` of the window's line.
fn cells(line: &str, base: usize) -> Vec<Cell> {
    let mut cells = Vec::new();
    for (at, piece) in graphemes::pieces(line) {
        let at = base + at;
        let mut chars = piece.chars();
        let whole = match (chars.next(), chars.clone().next()) {
            (Some(first), Some(_)) if !piece.chars().any(is_flagged) && first != '\t' => {
                Some(first)
            }
            _ => None,
        };
        match whole {
            Some(first) => cells.push(Cell {
                start: at,
                end: at + piece.len(),
                drawn: piece.to_owned(),
                width: width(first),
            }),
            None => cells.extend(piece.char_indices().map(|(i, c)| {
                let (drawn, width) = cell(c);
                Cell {
                    start: at + i,
                    end: at + i + c.len_utf8(),
                    drawn,
                    width,
                }
            })),
        }
    }
    cells
}

/// `s` made inert for a terminal: a file name, an error message, anything printed beside a
/// report that an attacker may have chosen. Characters that act on a terminal or hide (C0 and C1
/// controls, so no escape sequence survives; bidi controls, invisible characters, unusual spaces,
/// line and paragraph separators) are drawn as `⟨U+XXXX⟩`, as in line windows; line feed,
/// carriage return and tab as `\n`, `\r`, `\t`, so a name cannot forge a line of its own.
/// Everything else, backslashes included, stays: escaping twice changes nothing, so a message
/// may be built from names already made inert and made inert again where it is printed.
pub fn inert(s: &str) -> String {
    rewritten(s, &[('\n', "\\n"), ('\r', "\\r"), ('\t', "\\t")], label)
}

/// A path as text without losing what it says: the path itself when it is UTF-8, and otherwise
/// its readable parts with every byte that is not UTF-8 as `\xNN`. Raw (not [`inert`]): it is
/// what JSON and SARIF reports carry as `source`, and [`display_name`] makes it inert to print.
pub fn path_name(path: &Path) -> String {
    if let Some(s) = path.to_str() {
        return s.to_owned();
    }
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// A path as it may be printed: [`path_name`] made [`inert`].
pub fn display_path(path: &Path) -> String {
    inert(&path_name(path))
}

/// How an input is named in diagnostics: its source made [`inert`], or `<stdin>`.
pub fn display_name(source: Option<&str>) -> String {
    source.map_or_else(|| "<stdin>".to_owned(), inert)
}

/// A short stretch of text drawn with its flagged characters and its whitespace as `⟨U+XXXX⟩`,
/// or `nothing`: what each copy has where `unmask diff` found a difference.
pub fn shown(s: &str) -> String {
    if s.is_empty() {
        return "nothing".to_owned();
    }
    s.chars()
        .map(|c| match c {
            ' ' | '\t' | '\n' => label(c),
            c => cell(c).0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_escapes_and_points() {
        let line = "pay me\u{200B}nt now";
        let (shown, carets) = window(line, (6, 9));
        assert_eq!(shown, "pay me⟨U+200B⟩nt now");
        assert_eq!(carets, "      ^^^^^^^^");
    }

    #[test]
    fn window_counts_wide_characters_twice() {
        let (shown, carets) = window("中文\u{00A0}x", (6, 8));
        assert_eq!(shown, "中文⟨U+00A0⟩x");
        assert_eq!(carets, "    ^^^^^^^^");
    }

    #[test]
    fn window_of_a_long_line_is_cut() {
        let line = format!("{}\u{202E}{}", "a".repeat(500), "b".repeat(500));
        let (shown, carets) = window(&line, (500, 503));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.chars().count() <= WIDTH + 1);
        assert_eq!(
            carets.find('^'),
            shown.find('⟨').map(|b| shown[..b].chars().count())
        );
        assert!(!shown.contains('\u{202E}'));
    }

    #[test]
    fn window_keeps_clusters_whole_and_splits_those_that_hide() {
        // An emoji with its skin tone and an accented letter are one cell each; the spot after
        // them is pointed at in the columns they take.
        let thumb = "\u{1F44D}\u{1F3FD}";
        let line = format!("{thumb} e\u{301}\u{200B}x");
        let at = line.find('\u{200B}').unwrap();
        let (shown, carets) = window(&line, (at, at + 3));
        assert_eq!(shown, format!("{thumb} e\u{301}⟨U+200B⟩x"));
        assert_eq!(carets, "    ^^^^^^^^");
        // A payload of tags inside a cluster is drawn and pointed at character by character.
        let line = "a\u{E0041}\u{E0042}b";
        let (shown, carets) = window(line, (1, 9));
        assert_eq!(shown, "a⟨U+E0041⟩⟨U+E0042⟩b");
        assert_eq!(carets, format!(" {}", "^".repeat(18)));
    }

    #[test]
    fn empty_spot_at_end_of_line() {
        let (shown, carets) = window("abc", (3, 3));
        assert_eq!((shown.as_str(), carets.as_str()), ("abc", "   ^"));
    }

    #[test]
    fn escape_never_leaves_hidden_characters() {
        let hostile = "a\u{200B}b\u{202E}\n\\\u{E0041}é";
        assert_eq!(escape(hostile), "a\\u{200b}b\\u{202e}\\n\\\\\\u{e0041}é");
        let drawn = [shown("a\u{0430} "), shown("")];
        assert_eq!(drawn, ["a⟨U+0430⟩⟨U+0020⟩", "nothing"]);
    }

    #[test]
    fn names_and_messages_are_inert() {
        let hostile = "osc\u{1b}]52;c;aGk=\u{7}\u{9b}31m\u{202E}txt.exe\nx.md:1:1: high\t\r";
        let shown = inert(hostile);
        assert_eq!(
            shown,
            "osc⟨U+001B⟩]52;c;aGk=⟨U+0007⟩⟨U+009B⟩31m⟨U+202E⟩txt.exe\\nx.md:1:1: high\\t\\r"
        );
        assert!(!shown.chars().any(|c| c.is_control() || is_hidden(c)));
        assert_eq!(inert(&shown), shown, "escaping twice changes nothing");
        assert_eq!(inert("dir\\中文 é.txt"), "dir\\中文 é.txt");
        assert_eq!(display_name(None), "<stdin>");
        assert_eq!(display_name(Some("a\u{200B}b")), "a⟨U+200B⟩b");
        assert_eq!(
            display_name(Some("pua\u{E000}\u{F8FF}\u{FFFF}\u{10FFFD}")),
            "pua⟨U+E000⟩⟨U+F8FF⟩⟨U+FFFF⟩⟨U+10FFFD⟩"
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_escaped_byte_by_byte() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"a\xff\xfe\x1b.txt"));
        assert_eq!(path_name(path), "a\\xFF\\xFE\u{1b}.txt");
        assert_eq!(display_path(path), "a\\xFF\\xFE⟨U+001B⟩.txt");
        assert_eq!(path_name(Path::new("ok.txt")), "ok.txt");
    }
}
