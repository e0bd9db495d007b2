//! Dictionaries load only when text of their script appears: a Latin or Chinese query
//! must not pay for ko-dic. (Its own test binary: the loaded state is per process.)

use hanseek_analysis::{analyze, chinese, korean, AnalyzerKind};

#[test]
fn each_dictionary_loads_on_the_first_text_of_its_script() {
    analyze(AnalyzerKind::Main, "CASTED 5G/6G 3,000 ＡＩ");
    analyze(AnalyzerKind::Recall, "인공지능 人工智能");
    assert!(
        !korean::dictionary_loaded() && !chinese::dictionary_loaded(),
        "no dictionary for Latin text or bigrams"
    );
    analyze(AnalyzerKind::Main, "人工智能");
    assert!(!korean::dictionary_loaded(), "a Chinese-only text must not load ko-dic");
    assert!(
        !chinese::dictionary_loaded(),
        "a few Han runs are segmented without jieba's full dictionary"
    );
    analyze(AnalyzerKind::Main, "인공지능");
    assert!(korean::dictionary_loaded());
    for _ in 0..600 {
        analyze(AnalyzerKind::Main, "退役锂电池");
    }
    assert!(
        chinese::dictionary_loaded(),
        "many Han runs (indexing) load the full dictionary once"
    );
}
