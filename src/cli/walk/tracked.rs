//! Which files git tracks, read from the repository's index.
//!
//! Ignore rules (`.gitignore`, `.ignore`) are the scanned repository's own words, so a hostile
//! repository can use them to hide what it ships: a committed `.gitignore` holding `*` would make
//! a walk find nothing. A walk therefore also scans every file git tracks, whatever the ignore
//! rules say. What git tracks is read from the index file itself (gix-index), never by running
//! `git`: git run in a hostile repository runs what that repository's config tells it to
//! (`core.fsmonitor`, hooks).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The repository that holds `dir`: the directory that has the `.git` entry (the work tree) and
/// the git directory it names. `None` outside a repository.
pub fn repository_of(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let start = dir.canonicalize().ok()?;
    start
        .ancestors()
        .find_map(|top| Some((top.to_path_buf(), git_dir(top)?)))
}

/// The git directory of the work tree `top`: `top/.git`, or the directory a `.git` file names
/// (`gitdir: ...`, as in linked work trees and submodules). Only the first KB of a `.git` file
/// is read, and a `.git` that is neither a directory nor a file (a FIFO would block) is none.
pub fn git_dir(top: &Path) -> Option<PathBuf> {
    let dot_git = top.join(".git");
    let meta = std::fs::metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    if !meta.is_file() {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(&dot_git)
        .ok()?
        .take(1024)
        .read_to_string(&mut text)
        .ok()?;
    let named = text.strip_prefix("gitdir:")?.trim();
    Some(top.join(named))
}

/// What git tracks below a directory: its regular files, and its submodules (work trees of their
/// own, with files the index of the outer repository does not list).
#[derive(Default)]
pub struct Tracked {
    pub files: Vec<PathBuf>,
    pub submodules: Vec<PathBuf>,
}

/// The regular files git tracks below `dir` (a directory inside the work tree `top`, whose git
/// directory is `git_dir`) that are not `known` already, each as `dir` joined with its path below
/// `dir`, as a walk of `dir` names it, and the submodules below `dir`, named the same way. Only
/// files and directories that are there and inside `dir` (no `..`, no path through a symbolic
/// link) are listed. An error says why the index could not be read; a repository without an
/// index tracks nothing.
pub fn files(
    dir: &Path,
    top: &Path,
    git_dir: &Path,
    known: &BTreeSet<PathBuf>,
) -> Result<Tracked, String> {
    let index = git_dir.join("index");
    match std::fs::metadata(&index) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(format!("{}: not a regular file", index.display())),
        // A repository nothing was ever added to has no index: it tracks nothing.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Tracked::default()),
        Err(e) => return Err(format!("{}: {e}", index.display())),
    }
    let file = read_index(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let inside = dir.canonicalize().map_err(|e| e.to_string())?;
    let below = inside.strip_prefix(top).map_err(|e| e.to_string())?;
    let mut found = Tracked::default();
    for entry in file.entries() {
        use gix_index::entry::Mode;
        let submodule = entry.mode == Mode::COMMIT;
        if !submodule && !matches!(entry.mode, Mode::FILE | Mode::FILE_EXECUTABLE) {
            continue;
        }
        let Some(path) = relative(entry.path(&file)) else {
            continue;
        };
        let rest = match path.strip_prefix(below) {
            Ok(rest) if !rest.as_os_str().is_empty() => rest,
            _ => continue,
        };
        let path = dir.join(rest);
        if submodule {
            if is_inside(&path, &inside, std::fs::Metadata::is_dir) {
                found.submodules.push(path);
            }
        } else if !known.contains(&path) && is_inside(&path, &inside, std::fs::Metadata::is_file) {
            found.files.push(path);
        }
    }
    Ok(found)
}

/// Reads the index file at `path`, of a repository whose objects are named by SHA-1 or, failing
/// that, by SHA-256 (`git init --object-format=sha256`: its index ends with a longer checksum).
/// gix-index panics on some malformed files (one shorter than its checksum): the index belongs
/// to the scanned repository, so such a file is an error like any other, and the panic is
/// neither printed nor allowed to end the scan. Nothing else runs while the walk reads the
/// index, so the panic hook is set aside for that time.
fn read_index(path: &Path) -> Result<gix_index::File, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let at = |kind| {
        std::panic::catch_unwind(|| {
            gix_index::File::at(path, kind, false, gix_index::decode::Options::default())
        })
    };
    let read = match at(gix_index::hash::Kind::Sha1) {
        Ok(Ok(file)) => Ok(Ok(file)),
        _ => at(gix_index::hash::Kind::Sha256),
    };
    std::panic::set_hook(hook);
    match read {
        Ok(read) => read.map_err(|e| e.to_string()),
        Err(_) => Err("not an index git could read".to_owned()),
    }
}

/// An index path as a relative path of plain components; `None` for one that climbs out (`..`),
/// starts at a root, or passes through a `.git` directory.
fn relative(path: &[u8]) -> Option<PathBuf> {
    let path = path_of(path)?;
    path.components()
        .all(|c| matches!(c, Component::Normal(name) if name != ".git"))
        .then_some(path)
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(bytes).ok().map(PathBuf::from)
}

/// True when `path` is, without following a link, what `kind` asks for (a regular file, a
/// directory), and its real place is inside `inside` (a directory on the way may be a symbolic
/// link that a hostile index leads through).
fn is_inside(path: &Path, inside: &Path, kind: fn(&std::fs::Metadata) -> bool) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| kind(&m))
        && path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(inside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_never_leave_the_tree() {
        assert_eq!(relative(b"a/b.md"), Some(PathBuf::from("a/b.md")));
        for hostile in [
            &b"../etc/passwd"[..],
            b"/etc/passwd",
            b"a/../../x",
            b"a/.git/config",
        ] {
            assert_eq!(relative(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn a_git_file_names_the_git_directory() {
        let top = std::env::temp_dir().join(format!("unmask-gitfile-{}", std::process::id()));
        std::fs::create_dir_all(&top).unwrap();
        std::fs::write(top.join(".git"), "gitdir: ../main/.git/worktrees/w\n").unwrap();
        assert_eq!(git_dir(&top), Some(top.join("../main/.git/worktrees/w")));
        std::fs::remove_file(top.join(".git")).unwrap();
        assert_eq!(git_dir(&top), None);
        #[cfg(unix)]
        {
            let made = std::process::Command::new("mkfifo")
                .arg(top.join(".git"))
                .status();
            assert!(made.unwrap().success());
            assert_eq!(git_dir(&top), None, "a FIFO is never read");
        }
        std::fs::remove_dir_all(&top).unwrap();
    }
}
