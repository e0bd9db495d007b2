//! Every analyzer on any text, directly and as the index's tantivy tokenizer: offsets
//! lie in the text on character boundaries, from ≤ to, and positions never decrease;
//! surface words are runs of the text's own syllables.
#![no_main]

use hanseek_analysis::{analyze, surface_words, AnalyzerKind, HanseekTokenizer};
use libfuzzer_sys::fuzz_target;
use tantivy_tokenizer_api::{TokenStream, Tokenizer};

const KINDS: [AnalyzerKind; 4] = [
    AnalyzerKind::Main,
    AnalyzerKind::Recall,
    AnalyzerKind::Bridge,
    AnalyzerKind::Pairs,
];

fn check(text: &str, from: usize, to: usize, what: &str) {
    assert!(from <= to && to <= text.len(), "{what}: {from}..{to} of {}", text.len());
    assert!(
        text.is_char_boundary(from) && text.is_char_boundary(to),
        "{what}: {from}..{to}"
    );
}

fuzz_target!(|text: &str| {
    surface_words(text, &mut |word| assert!(text.contains(word), "surface {word:?}"));
    for kind in KINDS {
        let mut last = 0;
        for token in analyze(kind, text) {
            check(text, token.from, token.to, &format!("{kind:?} {}", token.text));
            assert!(!token.text.is_empty(), "{kind:?}: an empty token");
            assert!(
                token.position >= last,
                "{kind:?}: position {} after {last}",
                token.position
            );
            last = token.position;
        }
        let mut tokenizer = HanseekTokenizer::new(kind);
        let mut stream = tokenizer.token_stream(text);
        let mut last = 0;
        while stream.advance() {
            let token = stream.token();
            check(text, token.offset_from, token.offset_to, &format!("tokenizer {kind:?}"));
            assert!(token.position >= last);
            last = token.position;
        }
    }
});
