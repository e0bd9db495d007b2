//! Issue 26.2: 초성, completions and typos over the words people type — the report's
//! compounds and loanwords as written (나노발전기, 국가혁신지수, 페로브스카이트), which
//! the main analyzer cuts into parts and the index now also keeps whole (`surface`).
//! Each case was a dead end before: a 초성 query or a completion found only one-token
//! words, and a typo in a compound of three parts or more was not corrected.

mod bundled;

use bundled::{index, search};
use hanseek_search::Searcher;

/// `query` finds documents, at least one of them through `via`.
fn assert_found_via(query: &str, via: &str) {
    let result = search(query);
    let vias: Vec<&str> = result.hits.iter().filter_map(|h| h.via.as_deref()).collect();
    assert!(
        vias.contains(&via),
        "{query}: no hit via {via:?}; {} hits via {vias:?}",
        result.total
    );
}

#[test]
fn initials_stand_for_compounds_and_loanwords_as_written() {
    let cases = [
        // The examples.
        ("ㄴㄴㅂㅈㄱ", "나노발전기"),
        ("ㄱㄱㅎㅅㅈㅅ", "국가혁신지수"),
        ("ㅅㅁㅌㅅㅌ", "스마트시티"),
        ("ㄱㄱㅍㅈㅇ", "국가표준위"),
        ("ㅆㄴㄱ", "쌍날개"),
        ("ㅍㄹㅂㅅㅋㅇㅌ", "페로브스카이트"),
        // Other compounds and loanwords of the report.
        ("ㅌㅌㄹㅌ", "틸트로터"),
        ("ㅌㅅㅈㅎㅅㅌ", "탄소중화센터"),
        ("ㄹㅌㅂㅌㄹ", "리튬배터리"),
        ("ㅎㅁㄴㅇㄷㄹㅂ", "휴머노이드로봇"),
        ("ㅈㅈㅎㄹ", "집적회로"),
        ("ㅁㅊㅈㄱ", "마찰전기"),
        ("ㅅㅁㅇㅌㄴ", "사물인터넷"),
        ("ㅈㅇㅈㅎ", "자율주행"),
        ("ㅊㅈㅇㄴㅈ", "청정에너지"),
        ("ㄴㄴㅇㄴㅈ", "나노에너지"),
        ("ㅎㄱㅇㅈ", "항공우주"),
        ("ㅅㄱㄱㅎㄱㅅㄱㅂㅍㄹ", "세계과학기술개발포럼"),
        ("ㅈㅈㅅㄱㄹ", "전자상거래"),
        ("ㅈㅇㄱㄷㄱㅎ", "자율궤도계획"),
        ("ㅌㅅㄹㅌ", "탄산리튬"),
        ("ㅅㅁㅌㅅㅅ", "스마트센서"),
    ];
    for (query, word) in cases {
        assert_found_via(query, &format!("초성 {query} → {word}"));
    }
}

#[test]
fn written_syllables_and_initials_mixed_stand_for_the_compound() {
    let cases = [
        ("나노ㅂㅈㄱ", "나노발전기"),
        ("국가ㅎㅅㅈㅅ", "국가혁신지수"),
        ("스마트ㅅㅌ", "스마트시티"),
        ("틸트ㄹㅌ", "틸트로터"),
        ("탄소ㅈㅎㅅㅌ", "탄소중화센터"),
        ("리튬ㅂㅌㄹ", "리튬배터리"),
        ("페로ㅂㅅㅋㅇㅌ", "페로브스카이트"),
        ("휴머노이ㄷㄹㅂ", "휴머노이드로봇"),
        ("ㄱㄱ표준ㅇ", "국가표준위"),
        ("사물ㅇㅌㄴ", "사물인터넷"),
    ];
    for (query, word) in cases {
        assert_found_via(query, &format!("초성 {query} → {word}"));
    }
}

#[test]
fn half_typed_compounds_complete() {
    let searcher = Searcher::open(index()).unwrap();
    let cases = [
        // The examples.
        ("리튬ㅂ", "리튬배터리"),
        ("리튬배", "리튬배터리"),
        ("틸트ㄹ", "틸트로터"),
        ("나노발ㅈ", "나노발전기"),
        ("스마트ㅅ", "스마트시티"),
        ("국가혁ㅅ", "국가혁신지수"),
        ("페로ㅂ", "페로브스카이트"),
        // More, as an IME shows them while typing.
        ("탄소중ㅎ", "탄소중화센터"),
        ("휴머노ㅇ", "휴머노이드로봇"),
        ("집적ㅎ", "집적회로"),
        ("마찰ㅈ", "마찰전기"),
        ("국가표ㅈ", "국가표준위"),
        ("사물인ㅌ", "사물인터넷"),
        ("자율주ㅎ", "자율주행"),
        ("청정에ㄴ", "청정에너지"),
        ("세계과ㅎ", "세계과학기술개발포럼"),
        ("나노에ㄴ", "나노에너지"),
        ("항공우ㅈ", "항공우주"),
        ("쌍날ㄱ", "쌍날개"),
        ("탄산리ㅌ", "탄산리튬"),
        ("나노발전", "나노발전기"),
    ];
    for (prefix, word) in cases {
        let found = searcher.suggest(prefix, 10).unwrap();
        let texts: Vec<&str> = found.suggestions.iter().map(|s| s.text.as_str()).collect();
        assert!(texts.contains(&word), "{prefix}: {word} not in {texts:?}");
    }
}

#[test]
fn a_compound_with_a_typo_in_any_part_is_corrected() {
    let cases = [
        ("틸트로토", "틸트로터"),
        ("국가혁신지슈", "국가혁신지수"),
        ("탄소중화쎈터", "탄소중화센터"),
        ("국가표쥰위", "국가표준위"),
        ("마찰전끼", "마찰전기"),
        ("빅데이타", "빅데이터"),
        ("종합발젼연구소", "종합발전연구소"),
        ("하이텍산업단쥐", "하이텍산업단지"),
        ("휴머노이드로봊", "휴머노이드로봇"),
        ("사물인터냇", "사물인터넷"),
        ("페로브스카이뜨", "페로브스카이트"),
        // Written apart in the report: found as the phrase of its parts.
        ("표준화인재양썽", "표준화인재양성"),
    ];
    for (query, word) in cases {
        assert_found_via(query, &format!("typo {query} → {word}"));
    }
}

/// Words the index has, typed together, are no typo of a compound it has: 행동계획 (행동 +
/// 계획, which an archive may simply lack) is not corrected to 냉동계획, written as one
/// word in another document; a loanword cut into syllables is (틸트로토 → 틸트로터).
#[test]
fn words_typed_together_are_not_taken_for_a_typo_of_a_compound() {
    let documents = [
        ("frozen", "식품 냉동계획 발표", "냉동계획에 따라 냉동 창고를 늘린다."),
        ("act", "행동 지침", "시민의 행동 요령과 다음 해의 계획을 정리했다."),
        ("rotor", "틸트로터 시험 비행", "틸트로터 기체가 시험 비행을 마쳤다."),
    ];
    let searcher = bundled::fixture("surface-guess", &documents);
    let result = searcher.search("행동계획", &Default::default()).unwrap();
    let vias: Vec<&str> = result.hits.iter().filter_map(|h| h.via.as_deref()).collect();
    assert!(!vias.iter().any(|v| v.contains("냉동계획")), "{vias:?}");
    let result = searcher.search("틸트로토", &Default::default()).unwrap();
    let vias: Vec<&str> = result.hits.iter().filter_map(|h| h.via.as_deref()).collect();
    assert!(vias.contains(&"typo 틸트로토 → 틸트로터"), "{vias:?}");
}

/// A word the analyzer cuts into a word and an ending it drops is not corrected into
/// nonsense: 표준화 was "corrected" to 표준돠 and 표준롸, whose 돠 and 롸 the analyzer
/// reads as endings, leaving the phrase of 표준 alone to find them.
#[test]
fn a_respelling_whose_part_the_analyzer_drops_is_no_correction() {
    let options = hanseek_search::SearchOptions {
        explain: true,
        ..Default::default()
    };
    for query in ["표준화", "표준화 인재", "액션계획"] {
        let result = Searcher::open(index()).unwrap().search(query, &options).unwrap();
        for hit in &result.hits {
            let explained = hit.explanation.as_ref().unwrap().to_string();
            assert!(!explained.contains("one jamo"), "{query}: {} {explained}", hit.id);
        }
    }
}
