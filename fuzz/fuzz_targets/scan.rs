//! Any bytes, scanned as a file is: never a panic, and the report keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/mod.rs"]
mod checks;

fuzz_target!(|bytes: &[u8]| {
    let opts = unmask::Options {
        sha256: false,
        ..unmask::Options::default()
    };
    let report = unmask::input::scan_bytes(bytes, &opts);
    let decoded = unmask::input::decode_bytes(bytes);
    checks::report(&decoded.text, &report);
});
