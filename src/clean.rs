//! Cleaning: the text with what a scan flagged removed or normalised, and nothing else.
//!
//! Only characters inside `medium`/`high` findings change, and NULs (no text needs them, see
//! [`nul`](crate::rules::nul)) whatever their severity: invisible characters are removed,
//! look-alike letters become the letter they imitate, unusual spaces become U+0020, look-alike
//! apostrophes and separators become the text's prevailing form (the marker's slot becomes the
//! default), trailing whitespace patterns are dropped. Every other byte stays, so emoji,
//! Persian, Indic and Japanese sequences survive byte for byte.
//!
//! A cleaning pass can bring characters together that were apart (spaces between two removed
//! runs now spell digits), so the scan cleans the text and looks again until nothing new shows,
//! and reports what the later looks found at its place in the original ([`Origins`]). `clean`
//! writes the last pass: a second `clean` then finds nothing to change.

use crate::catalogue::{self, Script};
use crate::report::{Kind, Severity};
use crate::rules::{Clean, Detail, Hit};
use crate::scan::{analyse, windows, Merged};

/// Returns `text` with every flagged character removed or normalised.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, window) in windows(text) {
        let analysis = analyse(window);
        out.push_str(analysis.cleaned.as_deref().unwrap_or(window));
    }
    out
}

/// One cleaning pass: `text` with the characters of its `medium`/`high` findings and its NULs
/// removed or normalised, and where each byte of the result came from; `None` when nothing
/// changes.
pub(crate) fn pass(text: &str, findings: &[Merged]) -> Option<(String, Origins)> {
    let cleaned = |m: &Merged, h: &Hit| {
        m.severity() >= Severity::Medium || h.rule.row().clean == Clean::RemoveAlways
    };
    let mut severe = findings
        .iter()
        .filter(|m| m.hits.iter().any(|h| cleaned(m, h)))
        .peekable();
    severe.peek()?;
    let mut out = String::with_capacity(text.len());
    let mut origins = Origins::default();
    let mut at = 0;
    for m in severe {
        for h in m.hits.iter().filter(|h| cleaned(m, h)) {
            if h.start > at {
                origins.copy_without_nuls(&mut out, text, at, h.start);
                at = h.start;
            }
            if h.end > at {
                replace(&text[at..h.end], at, h, &mut out, &mut origins);
                at = h.end;
            }
        }
        if m.severity() >= Severity::Medium {
            at = at.max(m.end);
        }
    }
    origins.copy_without_nuls(&mut out, text, at.min(text.len()), text.len());
    Some((out, origins))
}

/// Where the bytes of a cleaned text came from in the text it was cleaned from: steps sorted
/// by their place in the cleaned text, each a verbatim copy or the cleaned form (possibly
/// nothing) of some characters.
#[derive(Default)]
pub(crate) struct Origins {
    steps: Vec<Step>,
}

struct Step {
    /// Where the step's output starts in the cleaned text.
    to: usize,
    /// The characters it was made from.
    from: usize,
    from_end: usize,
    copied: bool,
}

impl Origins {
    fn copy(&mut self, out: &mut String, text: &str, from: usize, from_end: usize) {
        if from_end > from {
            self.steps.push(Step {
                to: out.len(),
                from,
                from_end,
                copied: true,
            });
            out.push_str(&text[from..from_end]);
        }
    }

    /// [`Origins::copy`] of `text[from..from_end]` but its NULs: those past the ones the NUL
    /// rule flags ([`nul::MAX_RUNS`](crate::rules::nul::MAX_RUNS)) are removed too.
    fn copy_without_nuls(
        &mut self,
        out: &mut String,
        text: &str,
        mut from: usize,
        from_end: usize,
    ) {
        let bytes = text.as_bytes();
        while let Some(i) = memchr::memchr(0, &bytes[from..from_end]) {
            self.copy(out, text, from, from + i);
            let run = bytes[from + i..from_end]
                .iter()
                .take_while(|&&b| b == 0)
                .count();
            self.replaced(out.len(), out, from + i, from + i + run);
            from += i + run;
        }
        self.copy(out, text, from, from_end);
    }

    /// Records that `from..from_end` became what `out` holds past `to`; consecutive removals
    /// are one step.
    fn replaced(&mut self, to: usize, out: &str, from: usize, from_end: usize) {
        match self.steps.last_mut() {
            Some(s) if !s.copied && s.to == to && to == out.len() && s.from_end == from => {
                s.from_end = from_end;
            }
            _ => self.steps.push(Step {
                to,
                from,
                from_end,
                copied: false,
            }),
        }
    }

    /// Where the character that starts at `at` in the cleaned text came from.
    pub fn start(&self, at: usize) -> usize {
        let i = self.steps.partition_point(|s| s.to <= at);
        match i.checked_sub(1).map(|i| &self.steps[i]) {
            Some(s) if s.copied => s.from + (at - s.to),
            Some(s) => s.from,
            None => at,
        }
    }

    /// Where the character that ends at `at` in the cleaned text came from: the end of it.
    pub fn end(&self, at: usize) -> usize {
        let i = self.steps.partition_point(|s| s.to < at);
        match i.checked_sub(1).map(|i| &self.steps[i]) {
            Some(s) if s.copied => s.from + (at - s.to),
            Some(s) => s.from_end,
            None => at,
        }
    }
}

/// Writes the cleaned form of `span`, the characters of hit `h` starting at `from`, as its
/// rule's [`Clean`] policy says.
fn replace(span: &str, from: usize, h: &Hit, out: &mut String, origins: &mut Origins) {
    let policy = h.rule.row().clean;
    if matches!(policy, Clean::Remove | Clean::RemoveAlways) {
        origins.replaced(out.len(), out, from, from + span.len());
        return;
    }
    for (i, c) in span.char_indices() {
        let to = out.len();
        if let Some(n) = cleaned_char(c, policy, &h.detail) {
            out.push(n);
        }
        origins.replaced(to, out, from + i, from + i + c.len_utf8());
    }
}

/// What character `c` of a finding becomes under `policy`: invisible characters go, spaces
/// become U+0020, look-alikes (and characters the catalogue does not know) take their normal
/// form.
fn cleaned_char(c: char, policy: Clean, detail: &Detail) -> Option<char> {
    if policy == Clean::Keep {
        return Some(c);
    }
    match catalogue::kind(c) {
        Some(k) if k.is_invisible() => None,
        Some(Kind::Space) => Some(' '),
        Some(Kind::HomoglyphQuote | Kind::Separator | Kind::Confusable) | None => {
            Some(normal_form(c, policy, detail))
        }
        Some(_) => None,
    }
}

/// The normal form of the look-alike `c` under `policy`.
fn normal_form(c: char, policy: Clean, detail: &Detail) -> char {
    match (policy, detail) {
        (Clean::Write(w), _) => w,
        (Clean::WordScript, _) => [Script::Cyrillic, Script::Greek]
            .into_iter()
            .find_map(|script| catalogue::look_alike_in(c, script))
            .unwrap_or(c),
        (Clean::Prevailing, Detail::Prevailing(p)) => *p,
        (Clean::Prevailing | Clean::Normalise, _) => catalogue::imitates(c).unwrap_or(c),
        (Clean::Keep, _) => c,
        (Clean::Remove | Clean::RemoveAlways, _) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::nul;

    #[test]
    fn removes_only_what_was_flagged() {
        assert_eq!(clean("is\u{200B}Admin"), "isAdmin");
        assert_eq!(
            clean("👨\u{200D}💻 می\u{200C}روم 葛\u{E0100}"),
            "👨\u{200D}💻 می\u{200C}روم 葛\u{E0100}"
        );
        assert_eq!(
            clean("Today\u{2019}s date is 2026/07/03."),
            "Today's date is 2026-07-03."
        );
        assert_eq!(clean("The new cаtalyst"), "The new catalyst");
        assert_eq!(clean("the\u{2006}quick"), "the quick");
    }

    #[test]
    fn removes_nuls_even_when_low_and_nothing_beside_them() {
        assert_eq!(clean("a\0\0b\0"), "ab");
        assert_eq!(clean("\0👨\u{200D}💻 é\u{A0}»\0"), "👨\u{200D}💻 é\u{A0}»");
        assert_eq!(clean("is\u{200B}\0Admin"), "isAdmin");
        let many = "\0a\u{A0}".repeat(nul::MAX_RUNS + 10);
        assert_eq!(clean(&many), "a\u{A0}".repeat(nul::MAX_RUNS + 10));
        assert_eq!(
            clean(&format!("{many}is\u{200B}Admin")),
            clean(&many) + "isAdmin"
        );
    }

    #[test]
    fn origins_place_the_cleaned_text_in_the_original() {
        let text = "is\u{200B}\u{200C}Admin, the\u{2006}quick";
        let analysis = analyse(text);
        let (cleaned, origins) = pass(text, &analysis.findings).unwrap();
        assert_eq!(cleaned, "isAdmin, the quick");
        let chars = |s: &str| {
            s.char_indices()
                .map(|(i, c)| (i, i + c.len_utf8()))
                .collect::<Vec<_>>()
        };
        for (s, e) in chars(&cleaned) {
            let piece = &text[origins.start(s)..origins.end(e)];
            let c = &cleaned[s..e];
            assert!(
                piece == c || (c, piece) == (" ", "\u{2006}"),
                "{c:?} from {piece:?}"
            );
        }
        assert_eq!(origins.start(2), text.find("Admin").unwrap());
        assert_eq!(origins.end(2), 2);
        let gap = cleaned.find(" quick").unwrap();
        assert_eq!(&text[origins.start(gap)..origins.end(gap + 1)], "\u{2006}");
        assert_eq!(origins.end(cleaned.len()), text.len());
    }

    #[test]
    fn is_idempotent() {
        let t = "Hi\u{E0048}\u{E0069} there, cаt, don't can't wonʼt\tend\t\n";
        let once = clean(t);
        assert_eq!(clean(&once), once);
    }
}
