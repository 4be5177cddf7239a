//! A fresh directory for each end-to-end test of the binary, shared by `tests/cli.rs` and
//! `tests/hostile.rs`.

use std::path::{Path, PathBuf};

/// A fresh, empty directory `group/name` under cargo's target tmpdir.
pub fn dir(group: &str, name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
