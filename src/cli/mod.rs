//! The commands: `scan`, `clean`, `decode`, `diff` and `rules`.
//!
//! Exit status, as grep and ripgrep have it and `docs/report-format.md` fixes it: 0 when nothing
//! was found, 1 when something was (for `scan`, a finding that reaches `--fail-on`), 2 on a usage or
//! input error. An unreadable path does not stop `scan`: the other inputs are still scanned and the
//! status is 2 at the end. A closed standard output (`unmask scan | head`) ends the command
//! quietly, never with 0 since the reader did not see everything: with 1 when what was seen
//! already fails it, and otherwise with 141, the status a shell gives a command that `SIGPIPE`
//! ended.

mod args;
mod config;
mod replace;
mod walk;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use unmask::input::{decode_bytes, scan_decoded, Encoding};
use unmask::output::diagnostics::{self, plural, Style};
use unmask::output::inert::{display_name, display_path, inert};
use unmask::output::{json, rules, writer::Writer};
use unmask::read::{Input, Reader, Whole};
use unmask::{Lang, Options};

use args::{Cli, Command, Format, ScanArgs};
use walk::Outcome;

/// How a command ended.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Nothing = 0,
    Found = 1,
    Error = 2,
    /// Standard output was closed before everything was written.
    Closed = 141,
}

impl Status {
    /// 1 when something was found, else 0.
    fn found(found: bool) -> Status {
        if found {
            Status::Found
        } else {
            Status::Nothing
        }
    }
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let result = match cli.command {
        Command::Scan(args) => scan(args, cli.lang),
        Command::Clean { path } => clean(path.as_deref()),
        Command::Decode { format, path } => decode(format, path.as_deref(), cli.lang),
        Command::Diff {
            format,
            max_findings,
            a,
            b,
        } => diff(
            format,
            &a,
            &b,
            Options {
                lang: cli.lang,
                max_findings,
                sha256: false,
                ..Options::default()
            },
        ),
        Command::Rules { format } => {
            let mut out = stdout();
            rules::write(&mut out, format == Format::Json)
                .and_then(|()| out.flush())
                .map(|()| Status::Nothing)
        }
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(Status::Closed as u8),
        Err(e) => {
            warn(e);
            ExitCode::from(Status::Error as u8)
        }
    }
}

/// Prints `unmask: message` on standard error, the message made [`inert`]: every warning and
/// error the command prints goes through here. A closed standard error loses the message but
/// does not end the command (`eprintln!` would panic, exit 101, in the middle of a scan).
fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "unmask: {}", inert(&message.to_string()));
}

/// Prints a usage error made inert (`--help` and `--version` as clap prints them). clap echoes
/// the arguments it could not take, and an argument can be a hostile file name that a shell
/// glob passed on: the error is rendered again from the arguments made inert, so that a newline
/// in one cannot forge a line, and each line of it is made inert too.
fn usage_error(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        e.exit();
    }
    let inert_args = std::env::args_os().map(|a| display_path(Path::new(&a)));
    let shown = match Cli::try_parse_from(inert_args) {
        Err(again) if again.kind() == e.kind() => again,
        _ => e,
    };
    let mut err = io::stderr().lock();
    for line in shown.to_string().lines() {
        let _ = writeln!(err, "{}", inert(line));
    }
    ExitCode::from(Status::Error as u8)
}

fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Colour only for a person at a terminal who has not asked for none (no-color.org).
fn style() -> Style {
    Style {
        color: io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn scan(args: ScanArgs, lang: Lang) -> io::Result<Status> {
    let opts = Options {
        lang,
        max_findings: args.max_findings,
        sha256: true,
        ..Options::default()
    };
    let config = config::config_file(args.config.as_deref(), args.no_config)?;
    let mut policy = config::Policy::load(opts, config.as_deref(), args.baseline.as_deref())?;
    if let Some(path) = &args.write_baseline {
        replace::check(path, &args.paths)?;
    }
    let mut baseline_out = args.write_baseline.as_ref().map(|_| Vec::new());
    let mut out = stdout();
    let mut writer = Writer::new(args.format.into(), style());
    let mut found = false;
    let mut reader = Reader::default();
    let settings = walk::Settings {
        no_ignore: args.no_ignore,
        verbose: args.verbose,
    };
    let walked = walk::inputs(&args.paths, settings, |opened| {
        let opts = policy.options(opened.input.source.as_deref());
        let (mut report, mut places) = match reader.scan_input(opened.input, opts, opened.walked) {
            Ok(Some(placed)) => placed,
            Ok(None) => return Ok(Outcome::Binary),
            Err(e) => return Ok(Outcome::Failed(e)),
        };
        policy.allowed(&report);
        if let Some(baseline) = &mut baseline_out {
            json::write_line(baseline, &json::report_value(&report, &places)?)?;
        }
        policy.hide_baselined(&mut report, &mut places);
        let listed = report.findings.iter().any(|f| f.severity >= args.fail_on);
        let unlisted = report.unlisted.filter(|&s| s >= args.fail_on);
        if let (false, Some(severity)) = (listed, unlisted) {
            warn(format_args!(
                "{}: a {} finding is among those --max-findings leaves out; it counts for --fail-on",
                display_name(report.source.as_deref()),
                severity.as_str()
            ));
        }
        found |= listed || unlisted.is_some();
        writer.add(&mut out, &report, &places)?;
        Ok(Outcome::Scanned)
    });
    let ended = walked.and_then(|walked| {
        writer.finish(&mut out)?;
        out.flush()?;
        Ok(walked)
    });
    policy.tell();
    let walked = match ended {
        Ok(walked) => walked,
        Err(e) => {
            if args.write_baseline.is_some() {
                warn("the scan did not end: baseline not written");
            }
            return after_output(Err(e), Status::found(found));
        }
    };
    if let (Some(path), Some(baseline)) = (&args.write_baseline, baseline_out) {
        replace::write(path, &baseline)?;
    }
    if walked.skipped_binary > 0 {
        warn(format_args!(
            "skipped {}",
            plural(walked.skipped_binary, "binary file")
        ));
    }
    Ok(if walked.failed {
        Status::Error
    } else {
        Status::found(found)
    })
}

/// `status` once the output is `written`. When standard output was closed early, a command that
/// already knew it had found something still says so (1); otherwise the error stays, and `run`
/// turns it into 141.
fn after_output(written: io::Result<()>, status: Status) -> io::Result<Status> {
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && status == Status::Found => Ok(status),
        written => written.map(|()| status),
    }
}

/// Reads one named input whole: a file, or standard input for `-` or `None`.
fn read_whole(path: Option<&Path>) -> io::Result<Whole> {
    Input::open(path.unwrap_or(Path::new("-")))?.read_whole()
}

fn clean(path: Option<&Path>) -> io::Result<Status> {
    let input = read_whole(path)?;
    let decoded = decode_bytes(&input.bytes);
    if !decoded.is_exact() {
        let name = display_name(input.source.as_deref());
        let what = if decoded.encoding == Encoding::Binary {
            "binary data, not text (NUL and bytes that are not UTF-8 or mostly control bytes); left as it is"
        } else {
            "not valid UTF-8 or UTF-16 text; refusing to rewrite bytes that cannot be read"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{name}: {what}"),
        ));
    }
    let mut out = stdout();
    out.write_all(&decoded.encoding.encode(&unmask::clean(&decoded.text)))?;
    out.flush()?;
    Ok(Status::Nothing)
}

fn decode(format: Format, path: Option<&Path>, lang: Lang) -> io::Result<Status> {
    let input = read_whole(path)?;
    let decoded = decode_bytes(&input.bytes);
    let report = scan_decoded(
        &input.bytes,
        &decoded,
        &Options {
            lang,
            sha256: false,
            ..Options::default()
        },
    );
    let status = Status::found(!report.payloads.is_empty());
    let mut out = stdout();
    let written = (|| -> io::Result<()> {
        for p in &report.payloads {
            match format {
                Format::Text => writeln!(out, "{}", diagnostics::payload_row(p))?,
                Format::Json => {
                    json::write_line(&mut out, &json::payload_value(p, input.source.as_deref())?)?
                }
            }
        }
        out.flush()
    })();
    after_output(written, status)
}

fn diff(format: Format, a: &Path, b: &Path, opts: Options) -> io::Result<Status> {
    if a.as_os_str() == "-" && b.as_os_str() == "-" {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "only one of A and B can be standard input",
        ));
    }
    let (ia, ib) = (read_whole(Some(a))?, read_whole(Some(b))?);
    let (da, db) = (decode_bytes(&ia.bytes), decode_bytes(&ib.bytes));
    for (input, decoded) in [(&ia, &da), (&ib, &db)] {
        if !decoded.is_exact() {
            let name = display_name(input.source.as_deref());
            warn(format_args!(
                "{name}: not valid UTF-8 or UTF-16 text; compared as decoded, bad bytes as U+FFFD"
            ));
        }
    }
    let mut report = unmask::diff::diff(&da.text, &db.text, &opts);
    report.a = ia.source;
    report.b = ib.source;
    let status = Status::found(!report.findings.is_empty());
    let mut out = stdout();
    let written = (|| -> io::Result<()> {
        match format {
            Format::Json => json::write_line(&mut out, &report)?,
            Format::Text => {
                diagnostics::write_diff(&mut out, &report, (&da.text, &db.text), style())?
            }
        }
        out.flush()
    })();
    after_output(written, status)
}
