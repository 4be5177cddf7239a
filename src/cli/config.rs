//! What a project has already accepted: `.unmask.toml` allowlists and a baseline of old findings.
//!
//! Both silence findings, and both can come from the very change under review: a pull request
//! can add `paths = ["**"]` to the repository's `.unmask.toml`. So whatever they hide is counted
//! and said on standard error with the file that hid it ([`Policy::tell`]), and `--no-config`
//! (or a `--config` taken from the base branch) keeps a repository's own file out of it.
//!
//! CI adopts a scanner on a codebase that already has findings. The allowlist says what is
//! innocent here for good (a translation file full of no-break spaces, a vendored font);
//! the baseline says what was there before, so only new findings fail the build. Both are the
//! core's ([`unmask::allow`], [`unmask::output::baseline`]): this module only reads the files.
//!
//! ```toml
//! [allow]
//! chars = ["U+00A0", "U+2019"]   # findings made only of these characters
//! rules = ["space/*", "format-control/binary"]
//! paths = ["vendor/**", "*.po"]   # gitignore-style globs
//! ```

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unmask::allow::{parse_char, Allow};
use unmask::output::{
    baseline::Baseline, diagnostics::plural, inert::display_path, places::Places,
};
use unmask::report::Allowed;
use unmask::{Options, Report};

use super::warn;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allow: AllowTable,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AllowTable {
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
pub struct Policy {
    /// The options of a scan, with the allowlists; and the same allowing everything, for the
    /// inputs whose path is allowed.
    opts: Options,
    everything: Options,
    paths: Option<ignore::overrides::Override>,
    baseline: Baseline,
    /// The configuration file read, and how many findings and payloads its allowlists hid.
    config: Option<(PathBuf, Allowed)>,
    /// The baseline read, and how many findings it hid.
    baseline_file: Option<(PathBuf, Allowed)>,
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
        .map_err(|e| unmask::read::named(path, e))?;
    if text.len() as u64 > MAX_CONFIG {
        return Err(invalid(path, "larger than 1 MB; refusing to read it"));
    }
    Ok(text)
}

impl Policy {
    /// Reads the allowlists of `config` (see [`config_file`]) into `opts`, and the findings of
    /// `baseline`.
    pub fn load(
        opts: Options,
        config: Option<&Path>,
        baseline: Option<&Path>,
    ) -> io::Result<Policy> {
        let mut allow = Allow::default();
        let mut paths = None;
        if let Some(path) = config {
            let text = read_config(path)?;
            let file: ConfigFile =
                toml::from_str(&text).map_err(|e| invalid(path, &toml_error(&text, &e)))?;
            allow.chars = file
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
            allow.rules = file.allow.rules;
            if !file.allow.paths.is_empty() {
                let mut globs = ignore::overrides::OverrideBuilder::new(".");
                for glob in &file.allow.paths {
                    globs.add(glob).map_err(|e| invalid(path, &e.to_string()))?;
                }
                paths = Some(globs.build().map_err(|e| invalid(path, &e.to_string()))?);
            }
        }
        let baseline_read = match baseline {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|e| unmask::read::named(path, e))?;
                Baseline::read(&text).map_err(|e| invalid(path, &e))?
            }
            None => Baseline::default(),
        };
        let opts = Options { allow, ..opts };
        let mut everything = opts.clone();
        everything.allow.everything = true;
        Ok(Policy {
            opts,
            everything,
            paths,
            baseline: baseline_read,
            config: config.map(|path| (path.to_owned(), Allowed::default())),
            baseline_file: baseline.map(|path| (path.to_owned(), Allowed::default())),
        })
    }

    /// The options of the scan of the input `source`: every finding allowed when its path is.
    pub fn options(&self, source: Option<&str>) -> &Options {
        match (&self.paths, source) {
            (Some(globs), Some(source)) if globs.matched(source, false).is_whitelist() => {
                &self.everything
            }
            _ => &self.opts,
        }
    }

    /// Counts what the allowlists left out of `report`.
    pub fn allowed(&mut self, report: &Report) {
        if let Some((_, hidden)) = &mut self.config {
            hidden.findings += report.allowed.findings;
            hidden.payloads += report.allowed.payloads;
            hidden.unlisted |= report.allowed.unlisted;
        }
    }

    /// Drops the findings the baseline recorded, each recorded finding hiding one current one.
    pub fn hide_baselined(&mut self, report: &mut Report, places: &mut Places) {
        let hid = self.baseline.hide(report, places);
        if let Some((_, hidden)) = &mut self.baseline_file {
            hidden.findings += hid;
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
                n => format!(" and {}", plural(n, "payload")),
            };
            let unlisted = if hidden.unlisted {
                " (and more that --max-findings left out)"
            } else {
                ""
            };
            warn(format_args!(
                "{what} {} hid {}{payloads}{unlisted}",
                display_path(path),
                plural(hidden.findings, "finding"),
            ));
        }
    }
}

fn invalid(path: &Path, msg: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {msg}", display_path(path)),
    )
}

/// A TOML error on one line, `line L, column C: what`: the parser's own rendering quotes the
/// offending line of the file raw, over several lines.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end();
    match e.span() {
        Some(span) => {
            let at = unmask::output::location::Locator::new(text).locate(span.start);
            format!("line {}, column {}: {message}", at.line, at.column)
        }
        None => message.to_owned(),
    }
}
