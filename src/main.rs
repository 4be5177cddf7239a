//! The `unmask` command: thin glue between files and the library.
//!
//! Everything that judges text lives in the library (`unmask::scan`, `unmask::diff`,
//! `unmask::input`), and so does everything every face needs to read inputs and write reports
//! (`unmask::read`, `unmask::output`); this binary walks directories, reads a project's
//! allowlists (into `unmask::Options`) and baseline, and hands the reports to the library's
//! formats. See `cli` for the commands and their exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
