//! What a project has accepted: findings and payloads left out of its reports.
//!
//! A translation file full of no-break spaces, a vendored font, a whole directory: the allow-lists
//! say what is innocent here for good. They are [`Options`](crate::Options) of the scan, not a
//! filter each face writes after it, so that the command line (`.unmask.toml`), the WebAssembly
//! module and any later face leave out exactly the same things. The scan applies them after its
//! cap on findings (a finding left out still took its place under the cap), and counts what they
//! hid in the report ([`Allowed`](crate::report::Allowed)): whatever silences a scan must be
//! able to say so.

use crate::report::{Finding, Kind};

/// The allow-lists of a scan. The default allows nothing.
#[derive(Debug, Clone, Default)]
pub struct Allow {
    /// Findings made only of these characters, and payloads whose text is made only of them.
    pub chars: Vec<char>,
    /// Rule ids (`space/nbsp-in-prose`), or prefixes of them ending in `*` (`space/*`).
    pub rules: Vec<String>,
    /// Kinds of findings left out (a face that does not show a kind).
    pub kinds: Vec<Kind>,
    /// Everything: the whole input is accepted (its path is allow-listed).
    pub everything: bool,
}

impl Allow {
    /// True when the allow-lists accept the finding `f`.
    pub fn finding(&self, f: &Finding) -> bool {
        let chars_allowed = !f.chars.is_empty()
            && f.chars
                .iter()
                .all(|label| parse_char(label).is_some_and(|c| self.chars.contains(&c)));
        let rule_allowed = self.rules.iter().any(|r| match r.strip_suffix('*') {
            Some(prefix) => f.rule.starts_with(prefix),
            None => f.rule == r,
        });
        self.everything || chars_allowed || rule_allowed || self.kinds.contains(&f.kind)
    }

    /// True when the allow-lists accept a payload carried by `span` (`None` when the span is not
    /// in the text at hand): everything, or a span made only of allowed characters.
    pub fn payload(&self, span: Option<&str>) -> bool {
        self.everything
            || span.is_some_and(|s| !s.is_empty() && s.chars().all(|c| self.chars.contains(&c)))
    }
}

/// A character as allow-lists name it: `U+200B` (or `u+200b`), or the character itself.
pub fn parse_char(s: &str) -> Option<char> {
    let hex = s.strip_prefix("U+").or_else(|| s.strip_prefix("u+"));
    match hex {
        Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
        None => {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    fn finding() -> Finding {
        Finding {
            start: 0,
            end: 3,
            chars: vec!["U+200B".into()],
            count: 1,
            kind: Kind::ZeroWidth,
            rule: "zero-width/inside-ascii-word",
            severity: Severity::High,
            explanation: String::new(),
        }
    }

    #[test]
    fn chars_rules_kinds_and_everything() {
        let f = finding();
        assert!(!Allow::default().finding(&f));
        let allows = |allow: Allow| allow.finding(&f);
        assert!(allows(Allow {
            chars: vec!['\u{200B}'],
            ..Allow::default()
        }));
        assert!(allows(Allow {
            rules: vec!["zero-width/*".into()],
            ..Allow::default()
        }));
        assert!(!allows(Allow {
            rules: vec!["zero-width/other".into()],
            ..Allow::default()
        }));
        assert!(allows(Allow {
            kinds: vec![Kind::ZeroWidth],
            ..Allow::default()
        }));
        assert!(allows(Allow {
            everything: true,
            ..Allow::default()
        }));
    }

    #[test]
    fn payloads_by_the_characters_of_their_span() {
        let allow = Allow {
            chars: vec!['\u{200B}', '\u{200C}'],
            ..Allow::default()
        };
        assert!(allow.payload(Some("\u{200B}\u{200C}")));
        assert!(!allow.payload(Some("\u{200B}x")));
        assert!(!allow.payload(Some("")) && !allow.payload(None));
    }

    #[test]
    fn characters_by_code_point_or_as_themselves() {
        assert_eq!(parse_char("U+00A0"), Some('\u{A0}'));
        assert_eq!(parse_char("u+200b"), Some('\u{200B}'));
        assert_eq!(parse_char("’"), Some('\u{2019}'));
        assert_eq!(parse_char("ab"), None);
        assert_eq!(parse_char("U+D800"), None);
    }
}
