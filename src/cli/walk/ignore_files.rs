//! Ignore files a walk may read without harm.
//!
//! A walk reads the `.gitignore` and `.ignore` files of the directory it walks, of every
//! directory below it and of those above it. They belong to the scanned tree, which may be
//! hostile: a `.ignore` committed as a link to `/dev/zero` made a walk take 11 GB in 15 s before
//! it was killed, and a `.gitignore` that is a FIFO (in a tarball) blocked it for good. So each
//! is looked at before the ignore rules are read, and when one is not a regular file of at most
//! [`MAX_IGNORE_FILE`] bytes, the walk sets the ignore rules aside and reads every file.

use std::path::{Path, PathBuf};

/// The most bytes an ignore file may have: real ones take a few KB.
const MAX_IGNORE_FILE: u64 = 1 << 20;

/// The first ignore file of the directory `dir` that a walk must not read, if any.
pub fn unsound(dir: &Path) -> Option<PathBuf> {
    [".gitignore", ".ignore"]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|path| {
            std::fs::metadata(path).is_ok_and(|m| !m.is_file() || m.len() > MAX_IGNORE_FILE)
        })
}

/// The first such file in `dir` or in a directory above it.
pub fn unsound_here_or_above(dir: &Path) -> Option<PathBuf> {
    dir.canonicalize().ok()?.ancestors().find_map(unsound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_large_files_are_unsound() {
        let d = std::env::temp_dir().join(format!("unmask-ignore-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("sub")).unwrap();
        assert_eq!(unsound(&d), None);
        std::fs::write(d.join(".gitignore"), "*.log\n").unwrap();
        assert_eq!(unsound(&d), None);
        std::os::unix::fs::symlink("/dev/null", d.join(".ignore")).unwrap();
        assert_eq!(unsound(&d), Some(d.join(".ignore")));
        std::fs::remove_file(d.join(".ignore")).unwrap();
        std::os::unix::fs::symlink("nowhere", d.join(".ignore")).unwrap();
        assert_eq!(unsound(&d), None, "a dangling link is read as no file");
        let big = vec![b'#'; MAX_IGNORE_FILE as usize + 1];
        std::fs::write(d.join("sub/.gitignore"), big).unwrap();
        assert_eq!(unsound(&d.join("sub")), Some(d.join("sub/.gitignore")));
        assert_eq!(
            unsound_here_or_above(&d.join("sub")),
            unsound(&d.join("sub"))
        );
        std::fs::remove_file(d.join("sub/.gitignore")).unwrap();
        std::fs::write(d.join(".gitignore"), vec![b'#'; 2 << 20]).unwrap();
        let canonical = d.canonicalize().unwrap();
        assert_eq!(
            unsound_here_or_above(&d.join("sub")),
            Some(canonical.join(".gitignore")),
            "a directory above counts too"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }
}
