//! The query parser on any text: never a panic; an error names a column inside the
//! query; every word it keeps is analyzed for the plan without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|query: &str| {
    match hanseek_search::query::parse(query) {
        Ok(parsed) => {
            for text in parsed.groups.iter().flatten().chain(&parsed.excluded) {
                let _ = hanseek_search::Word::new(&text.text);
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.is_empty());
        }
    }
});
