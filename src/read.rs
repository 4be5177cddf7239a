//! Reading an input (a file, standard input, any [`Read`]) into a [`Stream`]: what a face that
//! reads files does for each of them, so that none writes the pipeline again. Inputs are named
//! as a command line names them ([`Input::open`]): `-` is standard input, and every error says
//! which input it is about, its name made inert.
//!
//! A short input is read in one chunk and fed to a stream that hashes it. A longer one is read
//! ahead on a thread of its own and hashed on another as it comes, while the stream analyses
//! windows on the caller's thread: reading, hashing and scanning each take about as long on
//! ASCII prose. Not in the WebAssembly build, which has no threads and no files.

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::output::inert::{display_name, display_path, path_name};
use crate::output::places::{Gather, Places};
use crate::stream::{Stream, Window};
use crate::{Options, Report};

/// One input, open to be read.
pub struct Input {
    /// The path as given or found, `None` for standard input.
    pub source: Option<String>,
    /// What reads it.
    pub reader: Box<dyn Read + Send>,
}

/// One input, read whole.
pub struct Whole {
    /// The path as given or found, `None` for standard input.
    pub source: Option<String>,
    /// Everything it holds.
    pub bytes: Vec<u8>,
}

impl Input {
    /// Opens the file at `path`, or standard input for `-`.
    pub fn open(path: &Path) -> io::Result<Input> {
        if path.as_os_str() == "-" {
            let reader = Box::new(io::stdin());
            return Ok(Input {
                source: None,
                reader,
            });
        }
        Ok(Input {
            source: Some(path_name(path)),
            reader: Box::new(std::fs::File::open(path).map_err(|e| named(path, e))?),
        })
    }

    /// Reads everything the input holds.
    pub fn read_whole(mut self) -> io::Result<Whole> {
        let mut bytes = Vec::new();
        self.reader
            .read_to_end(&mut bytes)
            .map_err(|e| failed(self.source.as_deref(), e))?;
        let source = self.source;
        Ok(Whole { source, bytes })
    }
}

/// An error reading the input `source` (`None` for standard input), named.
pub fn failed(source: Option<&str>, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", display_name(source)))
}

/// An I/O error that names its path.
pub fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", display_path(path)))
}

/// Reads inputs and scans them, one after the other, through one buffer.
pub struct Reader {
    chunk: Vec<u8>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            chunk: vec![0; CHUNK],
        }
    }
}

impl Reader {
    /// Scans everything `reader` has, calling `each` with every window of the stream (see
    /// [`Stream::feed`]): the report, with the input's SHA-256 when `opts` asks for it. With
    /// `skip_binary` (an input a directory walk found), reading stops as soon as the input is
    /// known to be binary (a 50 MB random file in a walk: 3.1 s to 0.02 s), and the answer is
    /// `None`.
    pub fn scan(
        &mut self,
        reader: &mut (dyn Read + Send),
        opts: &Options,
        skip_binary: bool,
        mut each: impl FnMut(Window<'_>),
    ) -> io::Result<Option<Report>> {
        let (stream, sha256) = feed(reader, skip_binary, &mut self.chunk, opts, &mut each)?;
        if skip_binary && stream.is_binary() {
            return Ok(None);
        }
        let mut report = stream.finish(each);
        report.sha256 = report.sha256.or(sha256);
        Ok(Some(report))
    }

    /// [`Reader::scan`] of `input`, gathering the places of what it finds: its report, named
    /// after it, and those places. An error names the input.
    pub fn scan_input(
        &mut self,
        input: Input,
        opts: &Options,
        skip_binary: bool,
    ) -> io::Result<Option<(Report, Places)>> {
        let Input { source, mut reader } = input;
        let mut gather = Gather::new(source.as_deref());
        let read = self.scan(&mut reader, opts, skip_binary, |w| gather.window(&w));
        let Some(mut report) = read.map_err(|e| failed(source.as_deref(), e))? else {
            return Ok(None);
        };
        let places = gather.finish(&report);
        report.source = source;
        Ok(Some((report, places)))
    }
}

/// Bytes read at a time. Small, because every page of a fresh buffer costs a page fault
/// on its first write (on a 100 MB file, 8 MB chunks cost 11,500 faults, a third of the scan's
/// time): the stream holds the windows, the chunks only pass through.
const CHUNK: usize = 1 << 20;

/// Chunks the reading thread may read (and the hashing thread hash) ahead of the stream: about
/// two windows, so that both go on while the stream analyses two windows side by side. Measured
/// on 100 MB files (hyperfine, A/B): against 4, Chinese text 137 -> 121 ms, a hidden character
/// every KB 127 -> 119 ms; 16 is slower on all three texts (page faults of fresh buffers).
const AHEAD: usize = 8;

/// Feeds everything `reader` has to a new stream, through the buffer `chunk`, calling `each` with
/// every window: the stream, and the input's SHA-256 when the stream did not take it itself.
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
    each: &mut impl FnMut(Window<'_>),
) -> io::Result<(Stream, Option<String>)> {
    let n = fill(reader, chunk)?;
    if n < chunk.len() {
        let mut stream = Stream::new(opts);
        stream.feed(&chunk[..n], &mut *each);
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
            hasher.map(|h| crate::hex(&h.finalize()))
        });
        stream.feed(first, &mut *each);
        let mut fed = Ok(());
        for read in full {
            if skip_binary && stream.is_surely_binary() {
                break;
            }
            match read {
                Ok((buffer, n)) => {
                    stream.feed(&buffer[..n], &mut *each);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::scan_bytes;

    /// A reader that hands out at most 1,000 bytes at a time, and fails when told to.
    struct Trickle<'a>(&'a [u8], Option<io::ErrorKind>);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                if let Some(kind) = self.1.take() {
                    return Err(kind.into());
                }
            }
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn files_are_read_whole_and_errors_name_them() {
        let path = std::env::temp_dir().join(format!("unmask-read-{}.txt", std::process::id()));
        std::fs::write(&path, "is\u{200B}Admin").unwrap();
        let whole = Input::open(&path).unwrap().read_whole().unwrap();
        assert_eq!(whole.bytes, "is\u{200B}Admin".as_bytes());
        assert_eq!(whole.source.as_deref(), path.to_str());
        std::fs::remove_file(&path).unwrap();
        let gone = Input::open(&path).err().unwrap();
        assert!(gone.to_string().starts_with(&path_name(&path)), "{gone}");
        let bad = Path::new("no\u{202E}such\nfile");
        let said = Input::open(bad).err().unwrap().to_string();
        assert!(said.starts_with("no⟨U+202E⟩such\\nfile: "), "{said}");
    }

    #[test]
    fn an_input_is_scanned_with_its_name_and_places() {
        let input = Input {
            source: Some("a.txt".into()),
            reader: Box::new(io::Cursor::new("ok\nis\u{200B}Admin\n")),
        };
        let opts = Options::default();
        let placed = Reader::default().scan_input(input, &opts, false).unwrap();
        let (report, places) = placed.unwrap();
        assert_eq!(report.source.as_deref(), Some("a.txt"));
        assert_eq!(places.findings.len(), report.findings.len());
        assert_eq!(
            (places.findings[0].from.line, places.findings[0].from.column),
            (2, 3)
        );
    }

    #[test]
    fn long_and_short_inputs_give_the_whole_input_report() {
        let mut long = "see the bu\u{200B}dget, is\u{200B}Admin\n".repeat(3 * CHUNK / 40);
        long.push('\u{E0041}');
        let opts = Options::default();
        let mut reader = Reader::default();
        for text in [&long[..], "is\u{200B}Admin", ""] {
            let mut windows = 0;
            let read = reader.scan(&mut Trickle(text.as_bytes(), None), &opts, true, |_| {
                windows += 1
            });
            assert_eq!(read.unwrap(), Some(scan_bytes(text.as_bytes(), &opts)));
            assert!(windows >= 1);
        }
    }

    #[test]
    fn binary_inputs_are_skipped_only_when_asked_and_errors_are_said() {
        let binary = [b"\0\xFF".repeat(CHUNK), b"tail".to_vec()].concat();
        let opts = Options::default();
        let mut reader = Reader::default();
        let mut read = |skip, fail| reader.scan(&mut Trickle(&binary, fail), &opts, skip, |_| {});
        assert_eq!(read(true, None).unwrap(), None);
        assert!(read(false, None).unwrap().is_some());
        let failed = read(false, Some(io::ErrorKind::PermissionDenied));
        assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
    }
}
