//! Listings: where code *lists* characters instead of writing text with them.
//!
//! Source code that deals with invisible characters names them: a regular expression's
//! character class (`[\u200B-\u200D\uFEFF]`), the alternatives of a pattern
//! (`(?:\u200B|\u200C)`), a table's quoted key or value (`"ZeroWidthSpace": "​"`). These are
//! descriptions of the characters, not text that carries them, and the rules judge them as such:
//! what is listed is `low` unless a decoder reads a payload from it, which still raises it.
//!
//! Every test here looks at a bounded neighbourhood of the span (at most [`REACH`] bytes, or
//! [`TOKENS`] escapes, each way) and never backtracks, so judging all the spans of a text stays
//! linear in its length.

/// The most bytes a character class is searched for on each side of a span (CLDR's exemplar
/// sets run to 200 bytes).
const REACH: usize = 256;
/// The most escapes skipped on each side of a span to find the syntax around it.
const TOKENS: usize = 32;

/// Whether bytes `start..end` of `text` (escapes or characters) are listed: inside a regular
/// expression's character class, between the alternatives, groups or ranges of a pattern, alone
/// in a quoted string, an item of a collation rule, or in a table of code points in ascending
/// order.
pub fn is_listed(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    // The escapes around the span, skipped once for the tests that look past them.
    let around = (
        skip_escapes_back(bytes, start),
        skip_escapes_forward(bytes, end),
    );
    in_pattern_around(text, start, end, around)
        || quoted(bytes, around)
        || in_collation_rule(bytes, start, end)
        || in_ascending_table(text, start, end)
}

/// Whether bytes `start..end` of `text` are part of a regular expression: inside a character
/// class, or between the alternatives, groups or ranges of a pattern.
pub fn in_pattern(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let around = (
        skip_escapes_back(bytes, start),
        skip_escapes_forward(bytes, end),
    );
    in_pattern_around(text, start, end, around)
}

/// [`in_pattern`], given where the escapes `around` the span start and end.
fn in_pattern_around(text: &str, start: usize, end: usize, around: (usize, usize)) -> bool {
    let bytes = text.as_bytes();
    in_class(bytes, start, end)
        || between_pattern_syntax(bytes, around)
        || in_range(text, start, end)
}

/// One end of a range (`\U000e0020-\U000e007f`, or written with the characters themselves
/// as generated tables write them: `\u{E0100}-\u{E01EF}]` in Jinja's identifier pattern,
/// `\u{600}-\u{605}` in XRegExp's categories): a hyphen between the span and another escape,
/// or another character outside ASCII that the span's character precedes (follows) in code
/// point order.
fn in_range(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let wide = |c: &char| !c.is_ascii();
    let from = start > 1
        && bytes[start - 1] == b'-'
        && (skip_escapes_back(bytes, start - 1) < start - 1
            || text[..start - 1]
                .chars()
                .next_back()
                .filter(wide)
                .zip(text[start..end].chars().next())
                .is_some_and(|(low, c)| low < c));
    let to = bytes.get(end) == Some(&b'-')
        && (escape_at(bytes, end + 1).is_some()
            || text[end + 1..]
                .chars()
                .next()
                .filter(wide)
                .zip(text[start..end].chars().next_back())
                .is_some_and(|(high, c)| c < high));
    from || to
}

/// Whether bytes `start..end` of `text` stand between escapes of code points (`\u041D`,
/// `\x0B`, `\U0001F600`) on both sides: one stretch of a string written wholly in escapes, as
/// generators write tables and `ensure_ascii` writes JSON.
pub fn among_escapes(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let code_point = |at: usize| matches!(bytes.get(at + 1), Some(b'u' | b'U' | b'x'));
    let before = skip_escapes_back(bytes, start);
    let after = skip_escapes_forward(bytes, end);
    before < start && code_point(before) && after > end && code_point(end)
}

/// Bytes on each side of a character searched for its name or its code point.
const BESIDE: usize = 160;

/// Whether the line of `start..end`, `c` written or escaped, also names `c` by its Unicode name
/// or its code point (`('\\U000E0001') LANGUAGE TAG` in Unicode's collation tests,
/// `\u{180B}\t# … U+180B MONGOLIAN FREE VARIATION SELECTOR ONE` in its rules,
/// `("\\U000e007f", "\\\\N{CANCEL TAG}")` in Python's): a table of characters, not a message.
pub fn names_beside(text: &str, start: usize, end: usize, c: char) -> bool {
    let bytes = text.as_bytes();
    let from = start.saturating_sub(BESIDE);
    let to = (end + BESIDE).min(bytes.len());
    let before = &bytes[from..start];
    let after = &bytes[end..to];
    let around = [
        memchr::memrchr(b'\n', before).map_or(before, |p| &before[p + 1..]),
        memchr::memchr(b'\n', after).map_or(after, |p| &after[..p]),
    ];
    let name = crate::catalogue::name(c).map(str::as_bytes);
    // The code point in upper-case hexadecimal, at least four digits, written without an
    // allocation: this runs for every character the rules find listed alone.
    let mut digits = [0u8; 8];
    let mut n = 0;
    let cp = c as u32;
    while n < 4 || cp >> (4 * n) != 0 {
        n += 1;
    }
    for (k, d) in digits[..n].iter_mut().enumerate() {
        *d = b"0123456789ABCDEF"[(cp >> (4 * (n - 1 - k)) & 0xF) as usize];
    }
    let hex = &digits[..n];
    // Where the first digit stands (either case), then the whole code point there.
    let has_code = |side: &[u8]| {
        let first = hex[0];
        memchr::memchr2_iter(first, first.to_ascii_lowercase(), side).any(|i| {
            let edge = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_hexdigit());
            side.get(i..i + hex.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(hex))
                && edge(i.checked_sub(1).and_then(|p| side.get(p)))
                && edge(side.get(i + hex.len()))
        })
    };
    around
        .iter()
        .any(|side| has_code(side) || name.is_some_and(|n| contains(side, n)))
}

/// Whether `needle` occurs in `side`, a line's few bytes: its first byte is searched for, and
/// the rest compared there (a substring searcher costs more to build than such a search).
fn contains(side: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr_iter(first, side).any(|i| side[i..].starts_with(needle))
}

/// The most bidi marks on each side of a character that a table shows it between.
const SHOWN_BETWEEN: usize = 2;

/// Whether `chars` (at `start..end`) are one character between a few bidi marks (LRM, RLM, ALM)
/// that its line names: how Unicode's collation tests show a character in a comment,
/// `0890 0021;\t# (\u{200E}\u{890}\u{200E}) ARABIC POUND MARK ABOVE`, the marks keeping it in
/// place whatever its direction. One character alone counts too ([`names_beside`]).
pub fn names_shown(text: &str, start: usize, end: usize, chars: &[char]) -> bool {
    let mark = |c: &&char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}');
    let marks = chars.iter().filter(mark).count();
    let mut shown = chars.iter().filter(|c| !mark(c));
    match (shown.next(), shown.next()) {
        (Some(&c), None) => marks <= 2 * SHOWN_BETWEEN && names_beside(text, start, end, c),
        (None, _) => chars.len() == 1 && names_beside(text, start, end, chars[0]),
        _ => false,
    }
}

/// Code points on each side of a span that [`in_ascending_table`] compares, at most.
const TABLE_NEIGHBOURS: usize = 3;

/// Whether the characters of `start..end` and up to [`TABLE_NEIGHBOURS`] characters on each
/// side (at least four in all; hyphens and escapes passed over, the string's quotes and the line
/// ending the table) rise strictly in code point order: a table of code points and ranges
/// written with the characters themselves, as Unicode property tables are
/// (`…\u{1FFF}\u{200B}-\u{200F}\u{202A}-…` in XRegExp). Five characters of text rise so only
/// once in 120 orderings, seven once in 5,040.
pub fn in_ascending_table(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let ends = |c: char| matches!(c, '"' | '\'' | '`' | '\n');
    let span = &text[start..end];
    if !span.chars().zip(span.chars().skip(1)).all(|(a, b)| a < b) {
        return false;
    }
    // Each neighbour is compared as it is read, the nearest first: text fails at once.
    let (mut after, mut last, mut first_after) = (0, span.chars().next_back(), None);
    let mut at = end;
    while after < TABLE_NEIGHBOURS {
        at = skip_escapes_forward(bytes, at);
        match text[at..].chars().next() {
            Some(c) if !ends(c) => {
                at += c.len_utf8();
                if c != '-' {
                    if last.is_some_and(|l| l >= c) {
                        return false;
                    }
                    first_after = first_after.or(Some(c));
                    last = Some(c);
                    after += 1;
                }
            }
            _ => break,
        }
    }
    let (mut before, mut next) = (0, span.chars().next().or(first_after));
    let mut at = start;
    while before < TABLE_NEIGHBOURS {
        at = skip_escapes_back(bytes, at);
        match text[..at].chars().next_back() {
            Some(c) if !ends(c) => {
                at -= c.len_utf8();
                if c != '-' {
                    if next.is_some_and(|n| c >= n) {
                        return false;
                    }
                    next = Some(c);
                    before += 1;
                }
            }
            _ => break,
        }
    }
    before + after >= 4
}

/// Inside `[...]` on one line, with nothing between the brackets and the span that a character
/// class does not hold: no quote, no line break, no other bracket, no space before a word.
fn in_class(bytes: &[u8], start: usize, end: usize) -> bool {
    class_edge(bytes, start, false) && class_edge(bytes, end, true)
}

/// Walks from `at` (backwards, or `forward`) to the bracket that opens (closes) a class.
fn class_edge(bytes: &[u8], at: usize, forward: bool) -> bool {
    let (want, other) = if forward { (b']', b'[') } else { (b'[', b']') };
    // Most spans have no bracket within reach: one search says so.
    let reach = if forward {
        bytes.get(at..(at + REACH).min(bytes.len()))
    } else {
        bytes.get(at.saturating_sub(REACH)..at)
    };
    if reach.is_none_or(|r| memchr::memchr(want, r).is_none()) {
        return false;
    }
    for step in 0..REACH {
        let i = if forward {
            at + step
        } else {
            match at.checked_sub(step + 1) {
                Some(i) => i,
                None => return false,
            }
        };
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        match b {
            b'\n' | b'\r' | b'"' | b'\'' | b'`' => return false,
            _ if b == want && !escaped => return true,
            _ if b == other && !escaped => return false,
            b' ' | b'\t' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                return false
            }
            _ => {}
        }
    }
    false
}

/// With only escapes between it and regular-expression syntax on both sides: an alternative
/// (`|`), a group (`(?:`, `)`), a range (`-`), a quantifier, a class bracket or a delimiter.
/// `before` and `after` are where the escapes around the span start and end.
fn between_pattern_syntax(bytes: &[u8], (before, after): (usize, usize)) -> bool {
    let opens = match before.checked_sub(1).map(|i| bytes[i]) {
        Some(b'[' | b'|' | b'(' | b')' | b'-' | b'?' | b'*' | b'+' | b'^' | b'/' | b'}') => true,
        Some(b':' | b'=' | b'!') => before >= 3 && &bytes[before - 3..before - 1] == b"(?",
        _ => false,
    };
    let closes = matches!(
        bytes.get(after),
        Some(b']' | b'|' | b'(' | b')' | b'-' | b'?' | b'*' | b'+' | b'{' | b'/')
    );
    // After a quantifier, a class or a group, the pattern may end with its string.
    let ends = matches!(bytes.get(after), Some(b'"' | b'\'') | None)
        && matches!(
            before.checked_sub(1).map(|i| bytes[i]),
            Some(b'}' | b']' | b')')
        );
    opens && (closes || ends)
}

/// Alone between two quotes of the same kind (escaped ones too, a string quoted inside a
/// string: `"text()=\"\u{2062}\""` in MathJax's speech rules), or as the whole content of an
/// XML element (`<symbol>\u{200B}</symbol>` in CLDR), escapes aside: a table's key or value.
/// `before` and `after` are where the escapes around the span start and end.
fn quoted(bytes: &[u8], (before, after): (usize, usize)) -> bool {
    let escaped_quote = before >= 2 && bytes[before - 2] == b'\\';
    let close = if escaped_quote {
        (bytes.get(after) == Some(&b'\\'))
            .then(|| bytes.get(after + 1))
            .flatten()
    } else {
        bytes.get(after)
    };
    match (before.checked_sub(1).map(|i| bytes[i]), close) {
        (Some(q @ (b'"' | b'\'' | b'`')), Some(&r)) => q == r,
        (Some(b'>'), Some(b'<')) => true,
        _ => false,
    }
}

/// An item of a collation rule (LDML, ICU): after a relation (`&`, `=`, `<` to `<<<<`) and
/// before another or the end of the line, on a line that starts with one (`&\u{1160}=\u{FFA0}`
/// in CLDR's tailorings, `    =\t \u{34F}` in Unicode's root rules). The line's start is looked
/// for [`REACH`] bytes back at most.
fn in_collation_rule(bytes: &[u8], start: usize, end: usize) -> bool {
    let relation = |b: u8| matches!(b, b'&' | b'=' | b'<');
    let blank = |b: &&u8| matches!(b, b' ' | b'\t');
    let before = bytes[start.saturating_sub(REACH)..start]
        .iter()
        .rev()
        .find(|b| !blank(b));
    let after = bytes[end..]
        .iter()
        .position(|b| !blank(&b))
        .map(|p| end + p);
    let closes = match after.map(|i| (bytes[i], bytes.get(i + 1))) {
        None | Some((b'\n' | b'\r', _)) => true,
        // Not a closing tag nor markup (`=\u{200B}</b>`).
        Some((b'<', next)) => !matches!(next, Some(b'/' | b'!')),
        Some((b, _)) => relation(b),
    };
    // The line's start is looked for last: most spans follow no relation.
    let opens = || {
        let from = start.saturating_sub(REACH);
        let line_start = memchr::memrchr(b'\n', &bytes[from..start])
            .map(|p| from + p + 1)
            .or((from == 0).then_some(0));
        line_start.is_some_and(|l| {
            bytes[l..start]
                .iter()
                .find(|b| !blank(b))
                .is_some_and(|&b| relation(b))
        })
    };
    before.is_some_and(|&b| relation(b)) && closes && opens()
}

/// The length of the escape (`\u200B`, `\u{200B}`, `\x0B`, `\U0000200B`, `\f`, `\p{Cf}`)
/// that starts at `at`, if one does.
fn escape_at(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'\\') {
        return None;
    }
    let hex = |from: usize, n: usize| {
        bytes
            .get(from..from + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_hexdigit))
    };
    let braced = |from: usize| {
        let close = bytes.get(from..(from + 12).min(bytes.len()))?;
        close
            .iter()
            .position(|&b| b == b'}')
            .map(|p| p + from + 1 - at)
    };
    match *bytes.get(at + 1)? {
        b'u' | b'p' | b'P' if bytes.get(at + 2) == Some(&b'{') => braced(at + 3),
        b'u' if hex(at + 2, 4) => Some(6),
        b'U' if hex(at + 2, 8) => Some(10),
        b'x' if hex(at + 2, 2) => Some(4),
        b if b.is_ascii_alphabetic() => Some(2),
        _ => None,
    }
}

/// Where the escapes that end at `at` start (at most [`TOKENS`] of them).
fn skip_escapes_back(bytes: &[u8], mut at: usize) -> usize {
    for _ in 0..TOKENS {
        let found = [6, 10, 4, 2]
            .into_iter()
            .filter(|&n| at >= n)
            .find(|&n| escape_at(bytes, at - n) == Some(n))
            .or_else(|| braced_back(bytes, at));
        match found {
            Some(n) => at -= n,
            None => break,
        }
    }
    at
}

/// The length of a braced escape (`\u{E0041}`, `\p{Cf}`) that ends at `at`, if one does.
fn braced_back(bytes: &[u8], at: usize) -> Option<usize> {
    if at == 0 || bytes[at - 1] != b'}' {
        return None;
    }
    (4..=14)
        .filter(|&n| at >= n)
        .find(|&n| escape_at(bytes, at - n) == Some(n))
}

/// Where the escapes that start at `at` end (at most [`TOKENS`] of them).
fn skip_escapes_forward(bytes: &[u8], mut at: usize) -> usize {
    for _ in 0..TOKENS {
        match escape_at(bytes, at) {
            Some(n) => at += n,
            None => break,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the first occurrence of `needle` in `text` is listed.
    fn listed(text: &str, needle: &str) -> bool {
        let start = text.find(needle).unwrap();
        is_listed(text, start, start + needle.len())
    }

    /// ESLint's `no-irregular-whitespace` rule (lib/rules/no-irregular-whitespace.js, MIT).
    const ESLINT: &str = r"const ALL_IRREGULARS = /[\f\v\u0085\ufeff\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\u2028\u2029]/u;";

    #[test]
    fn a_line_naming_the_character_lists_it() {
        let beside = |line: &str, c: char| {
            let at = line.find(c).unwrap();
            names_beside(line, at, at + c.len_utf8(), c)
        };
        // A line in the style of Unicode's data files: the code point and the name.
        assert!(beside(
            "E0001 ; [.0000.0000.0000] # \u{E0001} LANGUAGE TAG",
            '\u{E0001}'
        ));
        assert!(beside("\u{200B}\t# u+200b", '\u{200B}'));
        assert!(beside("x\u{200B} ZERO WIDTH SPACE", '\u{200B}'));
        assert!(beside("\u{10FFFF} 10ffff", '\u{10FFFF}'));
        // Another code point, or the digits inside a longer hexadecimal number, name nothing.
        assert!(!beside("\u{200B} 200C", '\u{200B}'));
        assert!(!beside("\u{200B} 1200B0", '\u{200B}'));
        assert!(!beside("\u{E0001} 0001", '\u{E0001}'));
    }

    #[test]
    fn character_classes_ranges_and_alternatives_list() {
        assert!(listed(ESLINT, r"\u1680\u180e\u2000"));
        assert!(listed(ESLINT, r"\u202f\u205f\u3000"));
        let t = r"text.replace(/[\u200B-\u200D\uFEFF]/g, '')";
        assert!(listed(t, r"\u200B") && listed(t, r"\u200D\uFEFF"));
        assert!(listed(r"/^(?:\u200b|\u200c)+$/", r"\u200c"));
        assert!(listed(r"re.compile('[\w\u200c\u200d]')", r"\u200c\u200d"));
        assert!(listed(
            "NAME = '[^\\W\\d]|[\u{200C}\u{200D}]'",
            "\u{200C}\u{200D}"
        ));
        // Pygments 2.x (pygments/unistring.py, BSD-2-Clause): the ranges of category Cf.
        let cf = r"Cf = '\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f'";
        assert!(listed(cf, r"\U000e007f") && listed(cf, r"\U000e0001\U000e0020"));
        // prettier 3 (internal/experimental-cli.mjs, MIT): after a quantifier.
        let flag = r"\u{1F3F4}[\u{E0061}-\u{E007A}]{2}[\u{E0030}-\u{E0039}]{1,3}\u{E007F}|(?:";
        assert!(listed(flag, r"\u{E007F}"));
        // NLTK 3 (nltk/tokenize/casual.py, Apache-2.0): the flag pattern in a comment.
        let nltk = r"# r'\U0001F3F4[\U000E0000-\U000E007E]{5}\U000E007F'";
        assert!(listed(nltk, r"\U000E007F"));
    }

    #[test]
    fn table_entries_list() {
        assert!(listed("{\"InvisibleTimes\": \"\u{2062}\", ", "\u{2062}"));
        assert!(listed("ZW = ['\u{200B}', '\u{200C}']", "\u{200C}"));
        assert!(listed(r#"  "zwj": "\u200D","#, r"\u200D"));
    }

    #[test]
    fn text_does_not_list() {
        assert!(!listed(
            r#"{"prompt": "Summarise\u200B\u200C\u200B\u200C this"}"#,
            r"\u200B\u200C\u200B\u200C"
        ));
        assert!(!listed("[click\u{200B} here]", "\u{200B}"));
        assert!(!listed(
            "see [SYSTEM]\u{200B}\u{200C} note",
            "\u{200B}\u{200C}"
        ));
        assert!(!listed("isAdmin\u{200B}()", "\u{200B}"));
        assert!(!listed("\"a\u{200B}\"", "\u{200B}"));
    }

    /// entities 4.x (src/generated/decode-data-html.ts, BSD-2-Clause): the characters of the
    /// HTML entities, written as one string of escapes.
    #[test]
    fn a_string_of_escapes_is_a_table() {
        let t = r"\u0145\u041D\u200B\u200B\u200B\u200B\u226B\u226A\n";
        let at = t.find(r"\u200B").unwrap();
        assert!(among_escapes(t, at, at + 24));
        let prose = r#""Hello\u200B\u200B\u200B\u200B world\n""#;
        let at = prose.find(r"\u200B").unwrap();
        assert!(!among_escapes(prose, at, at + 24));
        let newlines = r#""\n\u200B\u200B\u200B\n""#;
        assert!(!among_escapes(newlines, 3, 21));
    }

    /// XRegExp 5 (xregexp.min.js, MIT, shipped by Django's admin): Unicode categories as
    /// strings of the characters themselves and their ranges.
    #[test]
    fn a_table_of_code_points_rises() {
        let t = "bmp:\"\u{1FF5}\u{1FFF}\u{200B}-\u{200F}\u{2060}-\u{2064}\u{2066}-\u{206F}\\ufeff\u{FFF9}-\u{FFFB}\",";
        for needle in ["\u{200B}", "\u{200F}", "\u{2064}\u{2066}", "\u{FFF9}"] {
            let at = t.find(needle).unwrap();
            assert!(in_ascending_table(t, at, at + needle.len()), "{needle:?}");
        }
        let prose = "ab\u{200B}\u{4E2D}\u{6587}\u{5B57} and \u{200B}";
        assert!(!in_ascending_table(prose, 2, 5));
        assert!(!in_ascending_table(prose, prose.len() - 3, prose.len()));
    }

    /// CLDR 41 (common/collation/ja.xml, common/uca/UCA_Rules_SHORT.txt, Unicode-3.0): the
    /// items of collation rules.
    #[test]
    fn the_items_of_a_collation_rule_list() {
        let ja = "\t\t\t\t&\u{1160}=\u{FFA0}=\u{3164}\n";
        for c in ['\u{1160}', '\u{FFA0}', '\u{3164}'] {
            assert!(listed(ja, &c.to_string()), "{c:?}");
        }
        assert!(listed(
            "& [last tertiary ignorable]\n\n    =\t \u{34F}\n",
            "\u{34F}"
        ));
        assert!(listed(
            " <\t \u{115F}\n <\t \u{1160}\n   <<<\t \u{3164}\n",
            "\u{3164}"
        ));
        // An assignment, markup, or a relation that does not start its line is no rule.
        assert!(!listed("a = \u{200B}\n", "\u{200B}"));
        assert!(!listed("<b>=\u{200B}</b>\n", "\u{200B}"));
        assert!(!listed("x &y=\u{200B}\n", "\u{200B}"));
        assert!(!listed("=\u{200B} hello\n", "\u{200B}"));
    }

    /// XRegExp 5 (xregexp.min.js, MIT) and Jinja 3 (jinja2/_identifier.py, BSD-3-Clause):
    /// ranges written with the characters themselves.
    #[test]
    fn ranges_of_characters_list() {
        let cf = "bmp:\"\u{AD}\u{600}-\u{605}\u{61C}\u{6DD}\",";
        assert!(listed(cf, "\u{AD}\u{600}") && listed(cf, "\u{605}\u{61C}"));
        let jinja = "\\U0001e944-\\U0001e94a\u{E0100}-\u{E01EF}]+\"";
        assert!(listed(jinja, "\u{E0100}") && listed(jinja, "\u{E01EF}"));
        // A hyphen to ASCII, or characters out of order, make no range.
        assert!(!listed("word\u{200B}-word", "\u{200B}"));
        assert!(!listed("x \u{200D}-\u{200B} y", "\u{200B}"));
        assert!(!listed("x \u{200D}-\u{200B} y", "\u{200D}"));
    }

    /// MathJax 3 (es5/sre/mathmaps/base.json, nemeth.json, Apache-2.0): a string quoted inside a
    /// string.
    #[test]
    fn a_character_quoted_inside_a_string_lists() {
        assert!(listed(
            "\"self::operator\",\"text()=\\\"\u{2062}\\\"\"",
            "\u{2062}"
        ));
        assert!(listed(
            "[\"Action\",\"blank-empty\",\"[t] \\\"\u{2800}\\\"\"]",
            "\u{2800}"
        ));
        assert!(!listed("\"say \\\"hi\u{200B}\\\" now\"", "\u{200B}"));
        assert!(!listed("\"a\\\"\u{200B}\" b", "\u{200B}"));
    }

    /// CLDR 41 (common/uca/CollationTest_CLDR_SHIFTED.txt, Unicode-3.0): a character shown
    /// between left-to-right marks beside its code point and name.
    #[test]
    fn a_character_shown_between_marks_and_named_lists() {
        let line =
            "0890 0021;\t# (\u{200E}\u{890}\u{200E}) ARABIC POUND MARK ABOVE\t[| | | 0167 |]";
        let start = line.find('\u{200E}').unwrap();
        let end = line.rfind('\u{200E}').unwrap() + 3;
        let shown = ['\u{200E}', '\u{890}', '\u{200E}'];
        assert!(names_shown(line, start, end, &shown));
        // Two characters between the marks, or a character the line does not name, are text.
        let two = ['\u{200E}', '\u{890}', '\u{200B}', '\u{200E}'];
        assert!(!names_shown(line, start, end, &two));
        let other = "0891 0021;\t# (\u{200E}\u{890}\u{200E}) ARABIC PIASTRE MARK ABOVE";
        assert!(!names_shown(other, start, end, &shown));
    }

    #[test]
    fn escapes_are_skipped_whole() {
        assert_eq!(escape_at(br"\u{E0041}x", 0), Some(9));
        assert_eq!(escape_at(br"\uDB40\uDC41", 0), Some(6));
        assert_eq!(escape_at(br"\\", 0), None);
        assert_eq!(skip_escapes_back(br"(\u{E0041}\uDB40\f", 18), 1);
        assert_eq!(skip_escapes_forward(br"\u{E0041}\uDB40\f)", 0), 17);
    }

    #[test]
    fn hostile_input_stays_bounded() {
        let t = r"\u200b".repeat(100_000);
        let mut n = 0;
        for at in (0..t.len()).step_by(6 * 997) {
            n += usize::from(is_listed(&t, at, at + 6));
        }
        assert_eq!(n, 0);
        let brackets = "[".repeat(50_000) + &"]".repeat(50_000);
        assert!(!in_class(brackets.as_bytes(), 10, 10));
    }
}
