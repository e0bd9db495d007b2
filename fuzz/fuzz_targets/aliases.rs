//! The alias file parser on any text: never a panic; an error names a line of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err((line, message)) = hanseek_search::Aliases::parse(text) {
        assert!(
            line >= 1 && line <= text.lines().count().max(1),
            "line {line}: {message}"
        );
    }
});
