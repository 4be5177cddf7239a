//! Writing the baseline file (`scan --write-baseline FILE`) without harming what is already there.
//!
//! The baseline is often the file the scan reads (`--baseline X --write-baseline X`, or X inside
//! a scanned directory), and it is written in a repository that may be hostile. So it is never
//! opened for writing before the scan ends: the new content is gathered, written to a fresh
//! temporary file beside it and renamed over it, so that a scan that stops halfway leaves the
//! old file whole and the scan reads the old file, not one half written. A symbolic link at
//! that path is refused (a rename would replace the link, never write through it, in any case),
//! and so is a path that is also one of the inputs named on the command line.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use unmask::output::inert::display_path;

/// Refuses `path` as a baseline to write when it is a symbolic link, a directory, or the same
/// file as one of `inputs`.
pub fn check(path: &Path, inputs: &[PathBuf]) -> io::Result<()> {
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: {why}; refusing to write the baseline there",
                display_path(path)
            ),
        ))
    };
    if path.as_os_str() == "-" {
        // Everywhere else `-` is standard input or output; a file of that name surprises.
        return refuse("standard output holds the report");
    }
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(()); // Nothing there yet.
    };
    if meta.file_type().is_symlink() {
        return refuse("a symbolic link");
    }
    if meta.is_dir() {
        return refuse("a directory");
    }
    let target = fs::canonicalize(path)?;
    let named = inputs.iter().filter(|p| p.as_os_str() != "-");
    if named
        .filter_map(|p| fs::canonicalize(p).ok())
        .any(|p| p == target)
    {
        return refuse("also an input of this scan");
    }
    Ok(())
}

/// Replaces the file at `path` with `bytes`: written to a new file in the same directory, then
/// renamed over `path` (which replaces a link put there since [`check`], not its target).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.tmp", std::process::id()));
    let temp = dir.join(name);
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.map_err(|e| unmask::read::named(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("unmask-replace-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn write_replaces_whole_and_leaves_no_temporary_file() {
        let d = dir("write");
        let path = d.join("base.jsonl");
        fs::write(&path, "old\n").unwrap();
        write(&path, b"new\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        assert_eq!(fs::read_dir(&d).unwrap().count(), 1);
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn check_refuses_links_directories_and_inputs() {
        let d = dir("check");
        let target = d.join("target.txt");
        fs::write(&target, "keep\n").unwrap();
        let link = d.join("link.jsonl");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(check(&link, &[]).is_err());
        assert!(check(&d, &[]).is_err());
        assert!(check(&target, &[d.join("./target.txt")]).is_err());
        assert!(check(&target, &[d.clone(), "-".into()]).is_ok());
        assert!(check(&d.join("new.jsonl"), &[]).is_ok());
        assert!(
            check(Path::new("-"), &[]).is_err(),
            "- is no file name here"
        );
        fs::remove_dir_all(&d).unwrap();
    }
}
