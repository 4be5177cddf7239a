//! Which inputs a command reads, in which order.
//!
//! `-` or no path is standard input; a file is read as named, even when it is binary (the user
//! asked for it); a directory is walked recursively, sorted by name so output is reproducible,
//! honouring `.gitignore` (also outside a git repository) like ripgrep, and skipping binary files,
//! which are counted. An unreadable path is reported on standard error and the walk goes on: the
//! caller turns `Walked::failed` into exit status 2.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input, read whole.
pub struct Input {
    /// The path as given or found, `None` for standard input.
    pub source: Option<String>,
    pub bytes: Vec<u8>,
}

/// What a walk met besides its inputs.
#[derive(Default)]
pub struct Walked {
    /// Some path could not be read.
    pub failed: bool,
    /// Binary files skipped inside directories.
    pub skipped_binary: usize,
}

/// Reads one named input: a file, or standard input for `-` or `None`.
pub fn read(path: Option<&Path>) -> io::Result<Input> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => Ok(Input {
            source: Some(p.display().to_string()),
            bytes: std::fs::read(p).map_err(|e| named(p, e))?,
        }),
    }
}

fn read_stdin() -> io::Result<Input> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("<stdin>: {e}")))?;
    Ok(Input {
        source: None,
        bytes,
    })
}

/// An I/O error that names its path.
pub fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Calls `each` with every input under `paths` (standard input when there are none), in order.
/// Errors reading an input are printed and remembered; an error from `each` (such as a closed
/// stdout) stops the walk.
pub fn inputs(
    paths: &[PathBuf],
    mut each: impl FnMut(Input) -> io::Result<()>,
) -> io::Result<Walked> {
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    let mut walked = Walked::default();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            walk_dir(path, &mut walked, &mut each)?;
            continue;
        }
        match read(Some(path)) {
            Ok(input) => each(input)?,
            Err(e) => walked.fail(e),
        }
    }
    Ok(walked)
}

impl Walked {
    fn fail(&mut self, e: io::Error) {
        eprintln!("unmask: {e}");
        self.failed = true;
    }
}

fn walk_dir(
    dir: &Path,
    walked: &mut Walked,
    each: &mut impl FnMut(Input) -> io::Result<()>,
) -> io::Result<()> {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked.fail(io::Error::other(e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        match std::fs::read(path) {
            Ok(bytes) if unmask::input::is_binary(&bytes) => walked.skipped_binary += 1,
            Ok(bytes) => each(Input {
                source: Some(path.display().to_string()),
                bytes,
            })?,
            Err(e) => walked.fail(named(path, e)),
        }
    }
    Ok(())
}
