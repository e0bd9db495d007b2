//! How hanseek's per-word Korean analysis differs from lindera on whole runs of text.
//!
//! For every Korean word of the input, the kept morphemes (what gets indexed) from
//! hanseek's path — the word alone followed by a neutral next word, no space penalty —
//! are compared with the kept morphemes the same filtering gives for the word's tokens
//! when lindera segments the whole run (with ko-dic's default left-space penalty).
//! Run: `cargo run --release -p hanseek-analysis --example per_word_differences [FILE]`
//! (default: the bundled report); `ALL=1` prints every differing word.

use std::borrow::Cow;

use hanseek_analysis::korean::{morphemes_of, segment_word};
use hanseek_analysis::script::{is_hangul, runs, RunKind};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/kostec-weekly-2023-12-01.md").into());
    let text = std::fs::read_to_string(&path).expect("read the input file");
    let dictionary = lindera::dictionary::load_dictionary("embedded://ko-dic").unwrap();
    let whole = lindera::segmenter::Segmenter::new(lindera::mode::Mode::Normal, dictionary, None);
    let kept = |morphemes: Vec<hanseek_analysis::korean::Morpheme>| -> Vec<String> {
        morphemes.into_iter().map(|m| m.text.into_string()).collect()
    };

    let (mut words, mut differing) = (0, 0);
    for run in runs(&text).into_iter().filter(|r| r.kind == RunKind::Hangul) {
        let run_text = &text[run.start..run.end];
        let tokens = whole.segment(Cow::Borrowed(run_text)).unwrap();
        let mut offset = 0;
        for word in run_text.split(' ') {
            let (start, end) = (offset, offset + word.len());
            offset = end + 1;
            if word.is_empty() || !word.chars().all(is_hangul) {
                continue;
            }
            words += 1;
            let in_context = tokens
                .iter()
                .filter(|t| t.byte_start >= start && t.byte_end <= end)
                .map(|t| (t.byte_start - start, t.byte_end - start, t.word_id));
            let expected = kept(morphemes_of(word, in_context));
            let actual = kept(segment_word(word));
            if expected != actual {
                differing += 1;
                if std::env::var_os("ALL").is_some() {
                    println!("{word}: whole text {expected:?}, per word {actual:?}");
                }
            }
        }
    }
    println!(
        "{differing} of {words} Korean words ({:.2}%) index different tokens per word than in whole-text analysis",
        100.0 * differing as f64 / words.max(1) as f64
    );
}
