//! What a project has already accepted: `.unmask.toml` allowlists and a baseline of old findings.
//!
//! Both silence findings, and both can come from the very change under review: a pull request
//! can add `paths = ["**"]` to the repository's `.unmask.toml`. So whatever they hide is counted
//! and said on standard error with the file that hid it ([`Policy::tell`]), and `--no-config`
//! (or a `--config` taken from the base branch) keeps a repository's own file out of it.
//!
//! CI adopts a scanner on a codebase that already has findings. The allowlist says what is
//! innocent here for good (a translation file full of no-break spaces, a vendored font);
//! the baseline says what was there before, so only new findings fail the build. A baseline
//! entry is matched by its *fingerprint*: the source, rule and code points of the finding and the
//! text around it, not its offsets, so an edit elsewhere in the file does not resurface it.
//!
//! ```toml
//! [allow]
//! chars = ["U+00A0", "U+2019"]   # findings made only of these characters
//! rules = ["space/*", "format-control/binary"]
//! paths = ["vendor/**", "*.po"]   # gitignore-style globs
//! ```

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use unmask::report::{Finding, Report, Severity, Verdict};

use super::location::char_floor;
use super::places::Places;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allow: Allow,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Allow {
    #[serde(default)]
    chars: Vec<String>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
}

/// The name of the configuration file looked for in the current directory.
pub const CONFIG_FILE: &str = ".unmask.toml";

/// Allowlists and baseline, ready to filter reports.
#[derive(Default)]
pub struct Policy {
    chars: Vec<char>,
    rules: Vec<String>,
    paths: Option<ignore::overrides::Override>,
    /// Fingerprints of baseline findings, with how many times each was recorded.
    baseline: HashMap<String, usize>,
    /// The configuration file read, and how many findings and payloads its allowlists hid.
    config: Option<(PathBuf, Hidden)>,
    /// The baseline read, and how many findings it hid.
    baseline_file: Option<(PathBuf, Hidden)>,
}

/// How many findings and payloads a file hid.
#[derive(Default, Clone, Copy)]
struct Hidden {
    findings: usize,
    payloads: usize,
    /// Also findings that `--max-findings` left out of a report (their number is unknown).
    unlisted: bool,
}

/// The most bytes of a configuration file read: allowlists take a few lines, and a scanned
/// repository can make its own `.unmask.toml` a link to `/dev/zero` (which took 12 GB before
/// the scan was killed).
const MAX_CONFIG: u64 = 1 << 20;

/// The configuration file in effect: `given`, or else `.unmask.toml` in the working directory
/// when there is one; none with `--no-config`. The default file belongs to the scanned tree, so
/// it must be a regular file: a FIFO there blocked the scan for good. (A given file may be a
/// pipe: `--config <(git show main:.unmask.toml)`.)
pub fn config_file(given: Option<&Path>, no_config: bool) -> io::Result<Option<PathBuf>> {
    let default = Path::new(CONFIG_FILE);
    match given {
        _ if no_config => Ok(None),
        Some(path) => Ok(Some(path.to_owned())),
        None => match std::fs::metadata(default) {
            Ok(meta) if meta.is_file() => Ok(Some(default.to_owned())),
            Ok(_) => Err(invalid(
                default,
                "not a regular file; refusing to read it (--no-config leaves it out)",
            )),
            Err(_) => Ok(None),
        },
    }
}

/// The text of the configuration file at `path`, at most [`MAX_CONFIG`] bytes of it.
fn read_config(path: &Path) -> io::Result<String> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_CONFIG + 1).read_to_string(&mut text))
        .map_err(|e| super::walk::named(path, e))?;
    if text.len() as u64 > MAX_CONFIG {
        return Err(invalid(path, "larger than 1 MB; refusing to read it"));
    }
    Ok(text)
}

impl Policy {
    /// Reads the allowlists of `config` (see [`config_file`]) and the findings of `baseline`.
    pub fn load(config: Option<&Path>, baseline: Option<&Path>) -> io::Result<Policy> {
        let mut policy = Policy::default();
        if let Some(path) = config {
            policy.config = Some((path.to_owned(), Hidden::default()));
            let text = read_config(path)?;
            let file: ConfigFile =
                toml::from_str(&text).map_err(|e| invalid(path, &toml_error(&text, &e)))?;
            policy.chars = file
                .allow
                .chars
                .iter()
                .map(|s| parse_char(s))
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    invalid(
                        path,
                        "allow.chars takes code points like \"U+200B\" or single characters",
                    )
                })?;
            policy.rules = file.allow.rules;
            if !file.allow.paths.is_empty() {
                let mut globs = ignore::overrides::OverrideBuilder::new(".");
                for glob in &file.allow.paths {
                    globs.add(glob).map_err(|e| invalid(path, &e.to_string()))?;
                }
                policy.paths = Some(globs.build().map_err(|e| invalid(path, &e.to_string()))?);
            }
        }
        if let Some(path) = baseline {
            policy.baseline_file = Some((path.to_owned(), Hidden::default()));
            let text = std::fs::read_to_string(path).map_err(|e| super::walk::named(path, e))?;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let report: serde_json::Value = serde_json::from_str(line)
                    .map_err(|e| invalid(path, &format!("not JSON Lines: {e}")))?;
                let findings = report["findings"].as_array().into_iter().flatten();
                for fp in findings.filter_map(|f| f["fingerprint"].as_str()) {
                    *policy.baseline.entry(fp.to_owned()).or_default() += 1;
                }
            }
        }
        Ok(policy)
    }

    /// Drops what the allowlists accept from `report`, and their places.
    pub fn allow(&mut self, report: &mut Report, places: &mut Places) {
        let path_allowed = match (&self.paths, &report.source) {
            (Some(globs), Some(source)) => globs.matched(source, false).is_whitelist(),
            _ => false,
        };
        let unlisted = path_allowed && report.unlisted.take().is_some();
        let before = (report.findings.len(), report.payloads.len());
        let keep: Vec<bool> = report
            .findings
            .iter()
            .map(|f| !path_allowed && !self.allows(f))
            .collect();
        retain(report, places, &keep);
        let mut allowlisted = places.payloads.iter().map(|p| p.allowlisted);
        report
            .payloads
            .retain(|_| !path_allowed && !allowlisted.next().unwrap_or(false));
        places.payloads.retain(|p| !path_allowed && !p.allowlisted);
        if path_allowed || before != (report.findings.len(), report.payloads.len()) {
            report.verdict = verdict(report);
            if let Some((_, hidden)) = &mut self.config {
                hidden.findings += before.0 - report.findings.len();
                hidden.payloads += before.1 - report.payloads.len();
                hidden.unlisted |= unlisted;
            }
        }
    }

    /// True when `span`, the text of a payload, is made only of allowlisted characters.
    pub fn allows_chars_of(&self, span: Option<&str>) -> bool {
        span.is_some_and(|s| !s.is_empty() && s.chars().all(|c| self.chars.contains(&c)))
    }

    fn allows(&self, f: &Finding) -> bool {
        let chars_allowed = !f.chars.is_empty()
            && f.chars
                .iter()
                .all(|label| parse_char(label).is_some_and(|c| self.chars.contains(&c)));
        let rule_allowed = self.rules.iter().any(|r| match r.strip_suffix('*') {
            Some(prefix) => f.rule.starts_with(prefix),
            None => f.rule == r,
        });
        chars_allowed || rule_allowed
    }

    /// Drops the findings the baseline recorded, each recorded finding hiding one current one.
    pub fn hide_baselined(&mut self, report: &mut Report, places: &mut Places) {
        if self.baseline.is_empty() {
            return;
        }
        let keep: Vec<bool> = places
            .findings
            .iter()
            .map(|p| match self.baseline.get_mut(&p.fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        let hid = keep.iter().filter(|k| !**k).count();
        if hid > 0 {
            retain(report, places, &keep);
            report.verdict = verdict(report);
            if let Some((_, hidden)) = &mut self.baseline_file {
                hidden.findings += hid;
            }
        }
    }

    /// Says on standard error what the allowlists and the baseline hid, and which files they
    /// are, when they hid something: a file that silences a scan never does so without a word.
    pub fn tell(&self) {
        let files = [
            ("allowlists in", &self.config),
            ("baseline", &self.baseline_file),
        ];
        for (what, file) in files {
            let Some((path, hidden)) = file else { continue };
            if hidden.findings + hidden.payloads == 0 && !hidden.unlisted {
                continue;
            }
            let payloads = match hidden.payloads {
                0 => String::new(),
                n => format!(" and {}", super::text::plural(n, "payload")),
            };
            let unlisted = if hidden.unlisted {
                " (and more that --max-findings left out)"
            } else {
                ""
            };
            super::text::warn(format_args!(
                "{what} {} hid {}{payloads}{unlisted}",
                super::text::display_path(path),
                super::text::plural(hidden.findings, "finding"),
            ));
        }
    }
}

/// Keeps the findings, and their places, whose `keep` is true.
fn retain(report: &mut Report, places: &mut Places, keep: &[bool]) {
    let mut flags = keep.iter();
    report
        .findings
        .retain(|_| flags.next().copied().unwrap_or(true));
    let mut flags = keep.iter();
    places
        .findings
        .retain(|_| flags.next().copied().unwrap_or(true));
}

/// The contract's verdict rule, over what is left: the findings listed, and those the cap left
/// out (which no allowlist could look at, unless it allows their whole file).
fn verdict(report: &Report) -> Verdict {
    if !report.payloads.is_empty() {
        Verdict::HiddenData
    } else if report
        .findings
        .iter()
        .any(|f| f.severity >= Severity::Medium)
        || report.unlisted >= Some(Severity::Medium)
    {
        Verdict::Suspicious
    } else {
        Verdict::Clean
    }
}

/// `U+200B` or a single character.
fn parse_char(s: &str) -> Option<char> {
    let hex = s.strip_prefix("U+").or_else(|| s.strip_prefix("u+"));
    match hex {
        Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
        None => {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        }
    }
}

fn invalid(path: &Path, msg: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {msg}", super::text::display_path(path)),
    )
}

/// A TOML error on one line, `line L, column C: what`: the parser's own rendering quotes the
/// offending line of the file raw, over several lines.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end();
    match e.span() {
        Some(span) => {
            let at = super::location::Locator::new(text).locate(span.start);
            format!("line {}, column {}: {message}", at.line, at.column)
        }
        None => message.to_owned(),
    }
}

/// Characters of context on each side that a fingerprint covers (within the line).
const CONTEXT: usize = 16;

/// A finding's identity across edits elsewhere: its source (without a leading `./`), rule, code
/// points, and the text of the finding and around it on its line. `text` is the text from byte
/// `base` on, holding the finding and [`CONTEXT`] characters on each side (or the ends of the
/// line).
pub fn fingerprint(source: Option<&str>, f: &Finding, text: &str, base: usize) -> String {
    let start = char_floor(text, f.start.saturating_sub(base));
    let end = char_floor(text, f.end.saturating_sub(base)).max(start);
    let before: String = text[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .take(CONTEXT)
        .collect();
    let after: String = text[end..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(CONTEXT)
        .collect();
    let source = source
        .map(|s| s.strip_prefix("./").unwrap_or(s))
        .unwrap_or("-");
    let mut h = Sha256::new();
    for part in [
        source,
        f.rule,
        &f.chars.join(","),
        &before,
        &text[start..end],
        &after,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unmask::Kind;

    fn finding(start: usize, end: usize) -> Finding {
        Finding {
            start,
            end,
            chars: vec!["U+200B".into()],
            count: 1,
            kind: Kind::ZeroWidth,
            rule: "zero-width/inside-ascii-word",
            severity: Severity::High,
            explanation: String::new(),
        }
    }

    #[test]
    fn fingerprint_survives_edits_elsewhere() {
        let a = "intro\nthe bu\u{200B}dget line\n";
        let b = "a longer intro, edited\nthe bu\u{200B}dget line\n";
        let fa = fingerprint(Some("./m.txt"), &finding(12, 15), a, 0);
        let fb = fingerprint(Some("m.txt"), &finding(29, 32), &b[20..], 20);
        assert_eq!(fa, fb);
        let c = "intro\nthe bu\u{200B}dgets line\n";
        assert_ne!(fa, fingerprint(Some("m.txt"), &finding(12, 15), c, 0));
    }

    #[test]
    fn chars_and_rules_allowlists() {
        let policy = Policy {
            chars: vec!['\u{200B}'],
            ..Policy::default()
        };
        assert!(policy.allows(&finding(0, 3)));
        let policy = Policy {
            rules: vec!["zero-width/*".into()],
            ..Policy::default()
        };
        assert!(policy.allows(&finding(0, 3)));
        let policy = Policy {
            rules: vec!["zero-width/other".into()],
            ..Policy::default()
        };
        assert!(!policy.allows(&finding(0, 3)));
        assert_eq!(parse_char("U+00A0"), Some('\u{A0}'));
        assert_eq!(parse_char("’"), Some('\u{2019}'));
        assert_eq!(parse_char("ab"), None);
    }
}
