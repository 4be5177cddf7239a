//! The scanner: analyses a text window by window ([`window`]): every rule and decoder, payloads
//! raising what carries them, hits merged into findings ([`analysis`]); and writes the report
//! ([`collect`]).

mod analysis;
mod collect;
mod window;

pub(crate) use analysis::{analyse, Analysis};
pub(crate) use collect::Collect;
pub use window::WINDOW;
pub(crate) use window::{sized_windows, window_end, windows};

use crate::report::Report;
use crate::Options;

/// Scans `text` and writes the report.
pub fn scan(text: &str, opts: &Options) -> Report {
    sized_scan(text, opts, WINDOW)
}

/// [`scan`] in windows of at most `size` bytes.
pub(crate) fn sized_scan(text: &str, opts: &Options, size: usize) -> Report {
    let mut report = Collect::new(opts);
    for (base, window) in sized_windows(text, size) {
        report.add(base, window);
    }
    report.finish(
        text.len(),
        opts.sha256.then(|| crate::sha256_hex(text.as_bytes())),
    )
}
