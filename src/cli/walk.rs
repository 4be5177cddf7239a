//! Which inputs a command reads, in which order.
//!
//! `-` or no path is standard input; a file is read as named, even when it is binary (the user
//! asked for it); a directory is walked recursively, sorted by name so output is reproducible,
//! and skipping binary files, which are counted (and named with `--verbose`), unless their name
//! says text ([`unmask::text_names`]: bytes are the attacker's, a name is not). `scan` reads its
//! inputs in pieces ([`Opened`]), so it learns that a file is binary as it reads it: it says so
//! with [`Outcome::Binary`]. An unreadable path is reported on standard error and the walk goes
//! on: the caller turns `Walked::failed` into exit status 2.
//!
//! A walk reads what an AI agent or a reviewer would read. Hidden files are read, since agents
//! take their instructions from `.cursorrules`, `.github/copilot-instructions.md`, `.claude/`
//! ([`unmask::agent_files`]); only `.git` itself
//! is left out. Ignore rules (`.gitignore`, `.ignore`, also outside a git repository) skip
//! untracked files, as ripgrep does, but never a file git tracks ([`tracked`]): the rules are the
//! scanned repository's own words, and a committed `.gitignore` holding `*` would otherwise hide
//! everything. `--no-ignore` reads every file.

mod ignore_files;
mod tracked;

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use unmask::output::inert::path_name;
use unmask::read::Input;

/// One input, open to be read in pieces (for `scan`).
pub struct Opened {
    /// The input.
    pub input: Input,
    /// Found in a directory walk, where binary files are skipped (files whose name says text
    /// excepted: a reader takes whatever text they hold).
    pub walked: bool,
}

/// What became of an input.
pub enum Outcome {
    Scanned,
    /// Binary, found in a walk: skipped.
    Binary,
    /// Could not be read to the end.
    Failed(io::Error),
}

/// How directories are walked.
#[derive(Clone, Copy, Default)]
pub struct Settings {
    /// Read files that ignore rules would skip, too.
    pub no_ignore: bool,
    /// Name skipped files, and say when what git tracks could not be read.
    pub verbose: bool,
}

/// What a walk met besides its inputs.
#[derive(Default)]
pub struct Walked {
    /// Some path could not be read.
    pub failed: bool,
    /// Binary files skipped inside directories.
    pub skipped_binary: usize,
    settings: Settings,
}

/// Opens a file, or standard input for `-`.
fn open(path: &Path, walked: bool) -> io::Result<Opened> {
    Input::open(path).map(|input| Opened { input, walked })
}

/// Calls `each` with every input under `paths` (standard input when there are none), in order.
/// Errors opening or reading an input are printed and remembered; an error from `each` (such as
/// a closed stdout) stops the walk.
pub fn inputs(
    paths: &[PathBuf],
    settings: Settings,
    mut each: impl FnMut(Opened) -> io::Result<Outcome>,
) -> io::Result<Walked> {
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    let mut walked = Walked {
        settings,
        ..Walked::default()
    };
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            walk_dir(path, &mut walked, &mut each)?;
            continue;
        }
        walked.take(open(path, false), &mut each)?;
    }
    Ok(walked)
}

impl Walked {
    fn fail(&mut self, e: io::Error) {
        super::warn(e);
        self.failed = true;
    }

    /// Hands an opened input to `each` and counts what became of it.
    fn take(
        &mut self,
        opened: io::Result<Opened>,
        each: &mut impl FnMut(Opened) -> io::Result<Outcome>,
    ) -> io::Result<()> {
        let name = match &opened {
            Ok(opened) if self.settings.verbose => opened.input.source.clone(),
            _ => None,
        };
        match opened.map(each) {
            Ok(Ok(Outcome::Scanned)) => {}
            Ok(Ok(Outcome::Binary)) => {
                self.skipped_binary += 1;
                if let Some(name) = name {
                    super::warn(format_args!("skipped binary file {name}"));
                }
            }
            Ok(Ok(Outcome::Failed(e))) | Err(e) => self.fail(e),
            Ok(Err(e)) => return Err(e),
        }
        Ok(())
    }
}

/// Scans the files under `dir`: those the ignore rules let through and those git tracks, in
/// the order of their paths (a directory's files right after its name, as a sorted walk finds
/// them).
fn walk_dir(
    dir: &Path,
    walked: &mut Walked,
    each: &mut impl FnMut(Opened) -> io::Result<Outcome>,
) -> io::Result<()> {
    let no_ignore = walked.settings.no_ignore;
    if !no_ignore {
        if let Some(bad) = ignore_files::unsound_here_or_above(dir) {
            return set_ignore_rules_aside(dir, &bad, walked, each);
        }
    }
    // An ignore file that must not be read, in a directory the walk is about to enter (the
    // filter sees a directory before its ignore files are read).
    let unsound = Arc::new(Mutex::new(None));
    let found = Arc::clone(&unsound);
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(!no_ignore)
        .hidden(false)
        .require_git(false)
        // `.git/info/exclude` (and the `.git` file that leads to it) is no committed rule and
        // would have to be read safely too: the files it names are read instead.
        .git_exclude(false)
        .filter_entry(move |entry| {
            if entry.file_name() == ".git" {
                return false;
            }
            if no_ignore || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let Some(bad) = ignore_files::unsound(entry.path()) else {
                return true;
            };
            if let Ok(mut found) = found.lock() {
                found.get_or_insert(bad);
            }
            false
        })
        .sort_by_file_name(|a, b| a.cmp(b));
    let mut files = BTreeSet::new();
    // Work trees inside the walk with a git directory of their own, and the one that holds it.
    let mut repositories: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    if !no_ignore {
        if let Some((top, git_dir)) = tracked::repository_of(dir) {
            repositories.push((dir.to_path_buf(), top, git_dir));
        }
    }
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked.fail(io::Error::other(e.to_string()));
                continue;
            }
        };
        match entry.file_type() {
            Some(t) if t.is_file() => {
                files.insert(entry.into_path());
            }
            Some(t) if t.is_dir() && entry.depth() > 0 && !no_ignore => {
                let top = entry.path().canonicalize();
                if let (Some(git_dir), Ok(top)) = (tracked::git_dir(entry.path()), top) {
                    repositories.push((entry.into_path(), top, git_dir));
                }
            }
            _ => {}
        }
    }
    if let Some(bad) = unsound.lock().ok().and_then(|mut f| f.take()) {
        return set_ignore_rules_aside(dir, &bad, walked, each);
    }
    // A submodule is a work tree of its own, with an index of its own, and the walk may not
    // have entered it (a `.gitignore` holding `*` in the outer repository skips it).
    let mut seen = BTreeSet::new();
    while let Some((tree, top, git_dir)) = repositories.pop() {
        if !seen.insert(top.clone()) {
            continue;
        }
        match tracked::files(&tree, &top, &git_dir, &files) {
            Ok(more) => {
                files.extend(more.files);
                for sub in more.submodules {
                    let top = sub.canonicalize();
                    if let (Some(git_dir), Ok(top)) = (tracked::git_dir(&sub), top) {
                        repositories.push((sub, top, git_dir));
                    }
                }
            }
            // Said whatever --verbose says: ignore rules may now hide what git tracks.
            Err(why) => super::warn(format_args!(
                "{}: what git tracks is unknown ({why}): ignore rules apply to every file",
                path_name(&tree)
            )),
        }
    }
    for path in files {
        walked.take(open(&path, !says_text(&path)), each)?;
    }
    Ok(())
}

/// Walks `dir` again reading every file (as `--no-ignore` does), since its ignore file `bad`
/// could not be read safely ([`ignore_files`]); says so.
fn set_ignore_rules_aside(
    dir: &Path,
    bad: &Path,
    walked: &mut Walked,
    each: &mut impl FnMut(Opened) -> io::Result<Outcome>,
) -> io::Result<()> {
    super::warn(format_args!(
        "{}: not a regular file of at most 1 MB: ignore rules set aside in {}",
        path_name(bad),
        path_name(dir)
    ));
    walked.settings.no_ignore = true;
    let walk = walk_dir(dir, walked, each);
    walked.settings.no_ignore = false;
    walk
}

/// True when the name of the file at `path` says it is text ([`unmask::text_names`]: source
/// code, documents, agent instruction files). Such a file is scanned even when its bytes look
/// binary (NUL bytes and invalid UTF-8): a NUL and one bad byte appended to `utils.py` must not
/// hide it.
fn says_text(path: &Path) -> bool {
    unmask::text_names::says_text(&path.to_string_lossy().replace('\\', "/"))
}
