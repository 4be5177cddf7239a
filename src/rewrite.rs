//! Rewriting: one cleaning pass over a text, and where each byte of the result came from.
//!
//! The primitive under both the scan (which cleans a text and looks again until nothing new
//! shows) and [`clean`](crate::clean()) (which writes the last pass). It sits below both, so
//! neither needs the other to rewrite: `scan -> rewrite`, `clean -> scan`, never back.

use crate::catalogue::{self, Script};
use crate::report::{Kind, Severity};
use crate::rules::{Clean, Detail, Hit};

/// Adjacent hits merged into one finding.
pub(crate) struct Merged {
    pub start: usize,
    pub end: usize,
    /// The hit that decides the finding's kind, rule and explanation (the most severe, first).
    pub lead: Hit,
    pub hits: Vec<Hit>,
}

impl Merged {
    pub fn severity(&self) -> Severity {
        self.lead.severity
    }
}

/// One cleaning pass: `text` with the characters of its `medium`/`high` findings and its NULs
/// removed or normalised, and where each byte of the result came from; `None` when nothing
/// changes.
pub(crate) fn pass(text: &str, findings: &[Merged]) -> Option<(String, Origins)> {
    let cleaned = |m: &Merged, h: &Hit| match h.rule.row().clean {
        Clean::Keep => false,
        Clean::RemoveAlways => true,
        _ => m.severity() >= Severity::Medium,
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
