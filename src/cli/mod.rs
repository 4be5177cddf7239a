//! The commands: `scan`, `clean`, `decode`, `diff` and `rules`.
//!
//! Exit status, as grep and ripgrep have it and `report-format.md` fixes it: 0 when nothing was
//! found, 1 when something was (for `scan`, a finding that reaches `--fail-on`), 2 on a usage or
//! input error. An unreadable path does not stop `scan`: the other inputs are still scanned and the
//! status is 2 at the end. A closed standard output (`unmask scan | head`) ends the command
//! quietly, never with 0 since the reader did not see everything: with 1 when what was seen
//! already fails it, and otherwise with 141, the status a shell gives a command that `SIGPIPE`
//! ended.

mod args;
mod config;
mod json;
mod location;
mod places;
mod replace;
mod rules;
mod sarif;
mod text;
mod walk;

use std::borrow::Cow;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use sha2::{Digest, Sha256};
use unmask::input::{decode_bytes, scan_decoded, Encoding};
use unmask::stream::Stream;
use unmask::{Lang, Options};

use args::{Cli, Command, Format, ScanArgs, ScanFormat};
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
            },
        ),
        Command::Rules { format } => {
            let mut out = stdout();
            rules::write(&mut out, format)
                .and_then(|()| out.flush())
                .map(|()| Status::Nothing)
        }
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(Status::Closed as u8),
        Err(e) => {
            text::warn(e);
            ExitCode::from(Status::Error as u8)
        }
    }
}

/// Prints a usage error made inert (`--help` and `--version` as clap prints them). clap echoes
/// the arguments it could not take, and an argument can be a hostile file name that a shell
/// glob passed on: the error is rendered again from the arguments made inert, so that a newline
/// in one cannot forge a line, and each line of it is made inert too.
fn usage_error(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        e.exit();
    }
    let inert_args = std::env::args_os().map(|a| text::display_path(Path::new(&a)));
    let shown = match Cli::try_parse_from(inert_args) {
        Err(again) if again.kind() == e.kind() => again,
        _ => e,
    };
    let mut err = io::stderr().lock();
    for line in shown.to_string().lines() {
        let _ = writeln!(err, "{}", text::inert(line));
    }
    ExitCode::from(Status::Error as u8)
}

fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Colour only for a person at a terminal who has not asked for none (no-color.org).
fn style() -> text::Style {
    text::Style {
        color: io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn scan(args: ScanArgs, lang: Lang) -> io::Result<Status> {
    let opts = Options {
        lang,
        max_findings: args.max_findings,
        sha256: true,
    };
    let config = config::config_file(args.config.as_deref(), args.no_config)?;
    let mut policy = config::Policy::load(config.as_deref(), args.baseline.as_deref())?;
    if let Some(path) = &args.write_baseline {
        replace::check(path, &args.paths)?;
    }
    let mut baseline_out = args.write_baseline.as_ref().map(|_| Vec::new());
    let mut out = stdout();
    let style = style();
    let mut summary = text::Summary::default();
    let mut sarif = sarif::Log::default();
    let mut found = false;
    let mut chunk = vec![0; CHUNK];
    let settings = walk::Settings {
        no_ignore: args.no_ignore,
        verbose: args.verbose,
    };
    let walked = walk::inputs(&args.paths, settings, |mut input| {
        let mut gather = places::Gather::new(input.source.as_deref(), &policy);
        let (stream, sha256) = match feed(
            &mut input.reader,
            input.walked,
            &mut chunk,
            &opts,
            &mut gather,
        ) {
            Ok(fed) => fed,
            Err(e) => return Ok(Outcome::Failed(walk::failed(input.source.as_deref(), e))),
        };
        if input.walked && stream.is_binary() {
            return Ok(Outcome::Binary);
        }
        let mut report = stream.finish(|w| gather.window(&w));
        let mut places = gather.finish(&report);
        report.source = input.source;
        report.sha256 = report.sha256.or(sha256);
        policy.allow(&mut report, &mut places);
        if let Some(baseline) = &mut baseline_out {
            json::write_line(baseline, &json::report_value(&report, &places)?)?;
        }
        policy.hide_baselined(&mut report, &mut places);
        let listed = report.findings.iter().any(|f| f.severity >= args.fail_on);
        let unlisted = report.unlisted.filter(|&s| s >= args.fail_on);
        if let (false, Some(severity)) = (listed, unlisted) {
            text::warn(format_args!(
                "{}: a {} finding is among those --max-findings leaves out; it counts for --fail-on",
                text::display_name(report.source.as_deref()),
                severity.as_str()
            ));
        }
        found |= listed || unlisted.is_some();
        match args.format {
            ScanFormat::Text => {
                summary.add(&report);
                text::write_report(&mut out, &report, &places, style)?;
            }
            ScanFormat::Json => json::write_line(&mut out, &json::report_value(&report, &places)?)?,
            ScanFormat::Sarif => sarif.add(&mut out, &report, &places)?,
        }
        Ok(Outcome::Scanned)
    });
    let ended = walked.and_then(|walked| {
        match args.format {
            ScanFormat::Text => summary.write(&mut out)?,
            ScanFormat::Json => {}
            ScanFormat::Sarif => sarif.finish(&mut out)?,
        }
        out.flush()?;
        Ok(walked)
    });
    policy.tell();
    let walked = match ended {
        Ok(walked) => walked,
        Err(e) => {
            if args.write_baseline.is_some() {
                text::warn("the scan did not end: baseline not written");
            }
            return after_output(Err(e), Status::found(found));
        }
    };
    if let (Some(path), Some(baseline)) = (&args.write_baseline, baseline_out) {
        replace::write(path, &baseline)?;
    }
    if walked.skipped_binary > 0 {
        text::warn(format_args!(
            "skipped {}",
            text::plural(walked.skipped_binary, "binary file")
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

/// Bytes `scan` reads at a time. Small, because every page of a fresh buffer costs a page fault
/// on its first write (on a 100 MB file, 8 MB chunks cost 11,500 faults, a third of the scan's
/// time): the stream holds the windows, the chunks only pass through.
const CHUNK: usize = 1 << 20;

/// Chunks the reading thread may read (and the hashing thread hash) ahead of the stream: about
/// two windows, so that both go on while the stream analyses two windows side by side. Measured
/// on 100 MB files (hyperfine, A/B): against 4, Chinese text 137 -> 121 ms, a hidden character
/// every KB 127 -> 119 ms; 16 is slower on all three texts (page faults of fresh buffers).
const AHEAD: usize = 8;

/// Scans everything `reader` has, through the buffer `chunk`, `gather`ing the places of what each
/// window finds: the stream, and the input's SHA-256 when the stream did not take it itself.
///
/// An input that fits in `chunk` is fed to a stream that hashes it. A longer one is read ahead
/// on a thread of its own, into [`AHEAD`] more buffers, and hashed on another as it comes:
/// hashing costs about as much as scanning ASCII prose, and on its own thread it never waits for
/// a window to end, nor for a read. With `skip_binary` (an input a walk found, skipped when it is
/// binary), reading stops as soon as the input is known to be binary (a 50 MB random file in a
/// walk: 3.1 s to 0.02 s).
fn feed(
    reader: &mut (dyn Read + Send),
    skip_binary: bool,
    chunk: &mut [u8],
    opts: &Options,
    gather: &mut places::Gather,
) -> io::Result<(Stream, Option<String>)> {
    let n = fill(reader, chunk)?;
    if n < chunk.len() {
        let mut stream = Stream::new(opts);
        stream.feed(&chunk[..n], |w| gather.window(&w));
        return Ok((stream, None));
    }
    let mut stream = Stream::new(&Options {
        sha256: false,
        ..opts.clone()
    });
    let mut hasher = opts.sha256.then(Sha256::new);
    type Read = io::Result<(Vec<u8>, usize)>;
    let (read_tx, read_rx) = std::sync::mpsc::channel::<Read>();
    let (full_tx, full) = std::sync::mpsc::channel::<Read>();
    let (empty, empty_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    for _ in 0..AHEAD {
        let _ = empty.send(vec![0; CHUNK]);
    }
    let first: &[u8] = chunk;
    let fed = std::thread::scope(|s| {
        s.spawn(move || {
            for mut buffer in empty_rx {
                let read = fill(reader, &mut buffer);
                let last = !matches!(read, Ok(n) if n == buffer.len());
                if read_tx.send(read.map(|n| (buffer, n))).is_err() || last {
                    break;
                }
            }
        });
        let hashing = s.spawn(move || {
            let mut digest = |bytes: &[u8]| {
                if let Some(h) = hasher.as_mut() {
                    h.update(bytes);
                }
            };
            digest(first);
            for read in read_rx {
                if let Ok((buffer, n)) = &read {
                    digest(&buffer[..*n]);
                }
                if full_tx.send(read).is_err() {
                    break;
                }
            }
            hasher.map(|h| unmask::hex(&h.finalize()))
        });
        stream.feed(first, |w| gather.window(&w));
        let mut fed = Ok(());
        for read in full {
            if skip_binary && stream.is_binary() {
                break;
            }
            match read {
                Ok((buffer, n)) => {
                    stream.feed(&buffer[..n], |w| gather.window(&w));
                    let _ = empty.send(buffer);
                }
                Err(e) => {
                    fed = Err(e);
                    break;
                }
            }
        }
        drop(empty);
        match hashing.join() {
            Ok(sha256) => fed.map(|()| sha256),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    Ok((stream, fed?))
}

/// Reads from `reader` until `buffer` is full or the input ends: how many bytes it holds.
fn fill(reader: &mut (dyn Read + Send), buffer: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buffer.len() {
        match reader.read(&mut buffer[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn clean(path: Option<&Path>) -> io::Result<Status> {
    let input = walk::read(path)?;
    let decoded = decode_bytes(&input.bytes);
    if !decoded.is_exact() {
        let name = text::display_name(input.source.as_deref());
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{name}: not valid UTF-8 or UTF-16 text; refusing to rewrite bytes that cannot be read"),
        ));
    }
    let mut out = stdout();
    out.write_all(&encoded(&unmask::clean(&decoded.text), decoded.encoding))?;
    out.flush()?;
    Ok(Status::Nothing)
}

/// `text` in the encoding it was read in, so that `clean` changes nothing but what it cleans:
/// UTF-16 is written back in its byte order, after its byte-order mark; UTF-8 as it is (a UTF-8
/// mark is part of its text, and stays).
fn encoded(text: &str, encoding: Encoding) -> Cow<'_, [u8]> {
    let unit: fn(u16) -> [u8; 2] = match encoding {
        Encoding::Utf16Le => u16::to_le_bytes,
        Encoding::Utf16Be => u16::to_be_bytes,
        _ => return Cow::Borrowed(text.as_bytes()),
    };
    let mut out = unit(0xFEFF).to_vec();
    out.extend(text.encode_utf16().flat_map(unit));
    Cow::Owned(out)
}

fn decode(format: Format, path: Option<&Path>, lang: Lang) -> io::Result<Status> {
    let input = walk::read(path)?;
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
                Format::Text => {
                    writeln!(
                        out,
                        "{}\t{:.2}\t{}",
                        p.scheme,
                        p.confidence,
                        text::payload_text(p)
                    )?;
                }
                Format::Json => {
                    let mut value = serde_json::to_value(p).map_err(io::Error::other)?;
                    value["source"] = input.source.as_deref().into();
                    json::write_line(&mut out, &value)?;
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
    let (ia, ib) = (walk::read(Some(a))?, walk::read(Some(b))?);
    let (da, db) = (decode_bytes(&ia.bytes), decode_bytes(&ib.bytes));
    for (input, decoded) in [(&ia, &da), (&ib, &db)] {
        if !decoded.is_exact() {
            let name = text::display_name(input.source.as_deref());
            text::warn(format_args!(
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
                let style = style();
                let name = text::display_name(report.b.as_deref());
                let mut locator = location::Locator::new(&db.text);
                for d in &report.findings {
                    let pos = locator.locate(d.finding.start);
                    let in_a = da.text.get(d.a_start..d.a_end).unwrap_or_default();
                    let in_b = db
                        .text
                        .get(d.finding.start..d.finding.end)
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{}: {}: A has {}, B has {}",
                        style.bold(&format!("{name}:{}:{}", pos.line, pos.column)),
                        style.severity(
                            d.finding.severity,
                            &format!("{}[{}]", d.finding.severity.as_str(), d.finding.rule)
                        ),
                        text::shown(in_a),
                        text::shown(in_b)
                    )?;
                }
                writeln!(
                    out,
                    "{}, {}",
                    text::plural(report.findings.len(), "hidden difference"),
                    text::plural(report.visible_differences, "visible difference")
                )?;
            }
        }
        out.flush()
    })();
    after_output(written, status)
}
