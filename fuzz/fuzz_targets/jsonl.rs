//! The JSONL reader on any bytes: never a panic; each bad line is reported with its
//! number and skipped, the good ones kept.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|bytes: &[u8]| {
    let parsed = hanseek_corpus::parse_bytes("fuzz.jsonl", "fuzz", bytes);
    common::check_parsed(&parsed, bytes);
    let documents = parsed.report.as_ref().map_or(0, |r| r.articles.len());
    let lines = bytes.split(|&b| b == b'\n').count();
    assert!(documents <= lines, "{documents} documents from {lines} lines");
});
