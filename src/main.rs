//! The `unmask` command: thin glue between files and the library.
//!
//! Everything that judges text lives in the library (`unmask::scan`, `unmask::diff`,
//! `unmask::input`); this binary reads inputs, applies a project's allowlists and baseline, and
//! prints. See `cli` for the commands and their exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
