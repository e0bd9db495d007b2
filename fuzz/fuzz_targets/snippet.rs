//! Highlights and snippets: the first line of the input is the query's words, the rest
//! the text. Ranges lie in the text on character boundaries; a snippet's highlights lie
//! in the snippet, within its budget.
#![no_main]

use hanseek_search::snippet::{snippet, Matcher};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let (query, text) = input.split_once('\n').unwrap_or((input, ""));
    let words: Vec<&str> = query.split_whitespace().take(8).collect();
    let matcher = Matcher::for_words(&words);
    let direct = matcher.ranges(text);
    let bridged = matcher.bridged_ranges("body", text);
    for ranges in [&direct, &bridged.ranges] {
        for &(from, to) in ranges.iter() {
            assert!(from < to && to <= text.len(), "{from}..{to}");
            assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
        }
        assert!(
            ranges.windows(2).all(|w| w[0].1 < w[1].0),
            "sorted and merged: {ranges:?}"
        );
        let _ = matcher.simplified_via(text, ranges);
        for budget in [1, 40, 160] {
            let s = snippet(text, ranges, budget);
            let chars = s.text.chars().count();
            assert!(chars <= budget + 2, "{chars} characters for a budget of {budget}");
            for [from, to] in s.highlights {
                assert!(from < to && to <= chars, "{from}..{to} of {chars}");
            }
        }
    }
});
