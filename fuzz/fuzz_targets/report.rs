//! The report parser (and the plain-text fallback) on any bytes: never a panic, and
//! problems and documents that point into the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    let parsed = hanseek_corpus::parse_bytes("fuzz.md", "fuzz", bytes);
    common::check_parsed(&parsed, bytes);
});
