//! `clean` on any text: idempotent, and it changes only what medium/high findings cover.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/mod.rs"]
mod checks;

fuzz_target!(|bytes: &[u8]| {
    checks::clean(&String::from_utf8_lossy(bytes));
});
