//! The command line, as `docs/report-format.md` fixes it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use unmask::{Lang, Severity};

/// Finds invisible Unicode steganography and look-alike characters in text, explains them and
/// decodes what they carry.
#[derive(Parser)]
#[command(name = "unmask", version, about)]
pub struct Cli {
    /// Language of the explanations: en or zh-CN.
    #[arg(long, global = true, default_value = "en", value_parser = parse_lang)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Report hidden characters, look-alikes and decoded payloads (exit 1 when a finding reaches
    /// --fail-on).
    Scan(ScanArgs),
    /// Print the text with flagged characters removed or normalised.
    Clean {
        /// The file to clean; `-` or nothing reads standard input.
        path: Option<PathBuf>,
    },
    /// Print only the decoded payloads (exit 1 when there are some).
    Decode {
        /// One `scheme<TAB>confidence<TAB>text` line per payload, or one JSON object per payload.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The file to decode; `-` or nothing reads standard input.
        path: Option<PathBuf>,
    },
    /// Find where two copies of a text differ invisibly (exit 1 when they do).
    Diff {
        /// One line per hidden difference, or one JSON object for the whole diff.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Maximum number of differences listed, at most 10000 (MAX_FINDINGS).
        #[arg(long, default_value_t = unmask::DEFAULT_MAX_FINDINGS, value_parser = parse_max_findings)]
        max_findings: usize,
        /// The first copy (`-` for standard input).
        a: PathBuf,
        /// The second copy; positions are given in it.
        b: PathBuf,
    },
    /// List every rule: its id, kind and usual severity, what it means and how `clean` treats
    /// what it flags.
    Rules {
        /// One paragraph per rule, or one JSON document with every rule.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Args)]
pub struct ScanArgs {
    /// Diagnostics for people, JSON Lines (one report per input) or SARIF 2.1.0.
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,
    /// Exit 1 when a finding is at least this severe: low, medium or high.
    #[arg(long, value_name = "SEVERITY", default_value = "medium", value_parser = parse_severity)]
    pub fail_on: Severity,
    /// Maximum number of findings listed per input, at most 10000 (the verdict still counts
    /// all).
    #[arg(long, default_value_t = unmask::DEFAULT_MAX_FINDINGS, value_parser = parse_max_findings)]
    pub max_findings: usize,
    /// Allowlists to apply [default: .unmask.toml if present]. In CI, take it from the base
    /// branch: a change under review can rewrite the repository's own file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Apply no allowlists, not even .unmask.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Hide findings recorded in this earlier `--format json` output.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as a baseline (JSON Lines) in FILE, replaced once the scan
    /// ends (not a symbolic link, nor one of the inputs).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// In directories, read files that ignore rules (.gitignore, .ignore) skip too. Files git
    /// tracks are read whatever the rules say.
    #[arg(long)]
    pub no_ignore: bool,
    /// Name on standard error the files a directory walk skips, and say when what git tracks
    /// could not be read.
    #[arg(long, short)]
    pub verbose: bool,
    /// Files or directories to scan; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Text,
    Json,
    Sarif,
}

impl From<ScanFormat> for unmask::output::writer::Format {
    fn from(format: ScanFormat) -> Self {
        match format {
            ScanFormat::Text => Self::Text,
            ScanFormat::Json => Self::Json,
            ScanFormat::Sarif => Self::Sarif,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match Lang::parse(s) {
        Some(lang) => Ok(lang),
        None => Err(format!("unknown language {s:?}: use en or zh-CN")),
    }
}

/// The most findings (or differences) an input's report lists, whatever `--max-findings` says;
/// a larger value is taken as the cap, and the report says `truncated` as with any cap. Each
/// listed finding is held with its explanation, line window and place until the report is
/// written: 1 MB of `a` + U+200B pairs has 262,144 findings, and listing them all took 1.9 GB
/// and a 298 MB report; capped, 77 MB (as with the default 1,000) and 8.8 MB.
pub const MAX_FINDINGS: usize = 10_000;

fn parse_max_findings(s: &str) -> Result<usize, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not a whole number from 0"));
    }
    Ok(s.parse().unwrap_or(usize::MAX).min(MAX_FINDINGS))
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("unknown severity {s:?}: use low, medium or high"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_findings_is_capped_whatever_the_flag_says() {
        assert_eq!(parse_max_findings("0"), Ok(0));
        assert_eq!(parse_max_findings("500"), Ok(500));
        assert_eq!(parse_max_findings("100000000"), Ok(MAX_FINDINGS));
        assert_eq!(
            parse_max_findings("99999999999999999999999999"),
            Ok(MAX_FINDINGS)
        );
        assert!(parse_max_findings("-1").is_err());
        assert!(parse_max_findings("").is_err());
    }
}
