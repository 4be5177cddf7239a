//! The escaped-form parser on any text: escapes, decoded lines and payloads point inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/checks/mod.rs"]
mod checks;

fuzz_target!(|bytes: &[u8]| {
    checks::escaped(&String::from_utf8_lossy(bytes));
});
