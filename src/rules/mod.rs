//! The rules: each module finds one family of suspicious characters and judges them in
//! context, emitting [`Hit`]s that the scanner merges into findings.

pub mod apostrophes;
pub mod confusables;
pub mod date_marker;
pub mod escapes;
pub mod invisible;
pub mod nul;
pub mod registry;
pub mod separators;
pub mod spaces;
pub mod trailing;

use crate::report::{Kind, Severity};
pub use registry::{Clean, Rule};

/// One judged character or run, before adjacent hits are merged into a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Where the characters start (bytes).
    pub start: usize,
    /// Where they end.
    pub end: usize,
    /// How suspicious they are here.
    pub severity: Severity,
    /// The rule that judged it, which also says its kind.
    pub rule: Rule,
    /// What the explanation needs beyond the characters.
    pub detail: Detail,
}

/// What an explanation needs beyond the characters themselves.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Detail {
    #[default]
    None,
    /// The word or token the characters sit in (byte range).
    Word(usize, usize),
    /// A subdivision flag's code, as spelled by its tag characters.
    Flag(String),
    /// The apostrophe or separator the rest of the text uses.
    Prevailing(char),
    /// Two look-alike characters alternate as an alphabet: their count.
    Alphabet(usize),
}

impl Hit {
    /// A hit on the bytes `start..end`, with no detail.
    pub fn new(start: usize, end: usize, severity: Severity, rule: Rule) -> Hit {
        Hit {
            start,
            end,
            severity,
            rule,
            detail: Detail::None,
        }
    }

    /// The kind of the characters, as the rule says.
    pub fn kind(&self) -> Kind {
        self.rule.kind()
    }

    /// A hit on the one character `c` at byte `at`.
    pub fn on(at: usize, c: char, severity: Severity, rule: Rule) -> Hit {
        Hit::new(at, at + c.len_utf8(), severity, rule)
    }

    /// The hit with what its explanation needs.
    pub fn with(mut self, detail: Detail) -> Hit {
        self.detail = detail;
        self
    }

    /// The hit judged in another text, placed in this one by where characters `start` and
    /// where they `end`.
    pub fn placed(self, start: impl Fn(usize) -> usize, end: impl Fn(usize) -> usize) -> Hit {
        let detail = match self.detail {
            Detail::Word(s, e) => Detail::Word(start(s), end(e)),
            d => d,
        };
        Hit {
            start: start(self.start),
            end: end(self.end),
            detail,
            ..self
        }
    }
}

/// A rule module's `judge`, as the unit tests call it.
#[cfg(test)]
pub(crate) type Judge = fn(&str, &crate::context::Doc, &mut Vec<Hit>);

/// The hits of one rule's `judge` over `text` measured on its own: what the unit tests of every
/// rule module look at.
#[cfg(test)]
pub(crate) fn judged(judge: Judge, text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    judge(text, &crate::context::Doc::measure(text), &mut hits);
    hits
}

/// Declares the unit tests' views of [`judged`]'s hits: `$view` of each hit, in order.
#[cfg(test)]
macro_rules! views {
    ($($(#[doc = $doc:literal])* $name:ident -> $t:ty = |$h:ident| $view:expr;)*) => {
        $( $(#[doc = $doc])* pub(crate) fn $name(judge: Judge, text: &str) -> Vec<$t> {
            judged(judge, text).iter().map(|$h| $view).collect()
        } )*
    };
}

#[cfg(test)]
views! {
    /// The rules of the hits.
    judged_rules -> Rule = |h| h.rule;
    /// The severity and the rule of each hit.
    judged_verdicts -> (Severity, Rule) = |h| (h.severity, h.rule);
    /// The byte range of each hit.
    judged_spans -> (usize, usize) = |h| (h.start, h.end);
}
