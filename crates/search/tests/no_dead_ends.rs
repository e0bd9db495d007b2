//! Issue 26.4, no dead ends: an unspaced run of Chinese words is all of its words, with
//! the run as typed ranked first; when no document has every word, the documents with
//! the most words come first, each saying which words it lacks.
//!
//! The runs are what an analyst copies from a Chinese source or types in Chinese about
//! the bundled report, whose Korean articles write the words apart, in another order, or
//! one of them differently (创新 is 혁신 in Korean, not its reading 창신).

mod bundled;

use bundled::{fixture, ids, index, repository, search};
use hanseek_search::{SearchOptions, Searcher};

/// Unspaced Chinese runs whose words every expected document has, apart or across
/// scripts: each finds them all (no longer a phrase that nothing holds), not partially.
#[test]
fn an_unspaced_run_of_chinese_words_finds_the_documents_with_its_words() {
    let cases: &[(&str, &[&str])] = &[
        // The reference title has 中国科学院 … 无人机 apart; the article, 중국과학원 … 드론.
        ("中国科学院无人机", &["III-01/ref-2"]),
        ("全球首创无人机", &["III-01/ref-2"]),
        ("粤港澳大湾区未来产业", &["I-01/ref-1", "I-01"]),
        ("世界科技发展论坛", &["I-01/ref-1"]),
        ("中国综合开发研究院院长", &["I-01/ref-1"]),
        ("标准化人才行动计划", &["II-03/ref-2", "II-03"]),
        ("广东省人工智能", &["II-04"]),
        ("广东省人工智能实施意见", &["II-04/ref-1", "II-04/ref-2"]),
        ("人工智能创新", &["II-04/ref-1"]),
        ("通用人工智能产业", &["II-04/ref-1", "II-04"]),
        ("一带一路十年", &["II-02/ref-1", "II-02"]),
        ("退役锂电池出路", &["III-02/ref-1", "III-02"]),
        // Names and readings across scripts: 北京 베이징, 自然指数 자연지수; 长沙 창사.
        ("北京自然指数", &["IV-01"]),
        ("湖南长沙金融", &["IV-05"]),
    ];
    for (query, expected) in cases {
        let result = search(query);
        let found = ids(&result);
        assert!(!result.partial, "{query}: {found:?}");
        for id in *expected {
            assert!(found.contains(id), "{query}: {id} not in {found:?}");
        }
        assert!(result.hits.iter().all(|h| h.words_matched.is_none()), "{query}");
    }
}

/// Quoted, a run is the phrase it was always: no document of the report has
/// 中国科学院无人机 written as one.
#[test]
fn a_quoted_run_stays_a_phrase() {
    assert_eq!(search("\"中国科学院无人机\"").total, 0);
    assert_eq!(search("\"国家创新指数报告\"").total, 0);
}

/// When no document has every word, the ones with the most come first, and each hit
/// names the words it lacks — in `words_matched` and first in `via`.
#[test]
fn without_a_document_of_every_word_the_ones_with_the_most_come_first() {
    let cases: &[(&str, &str, usize, usize, &[&str])] = &[
        // 创新's reading 창신 is not how Korean writes it (혁신): 3 of 4.
        ("国家创新指数报告", "II-05", 3, 4, &["创新"]),
        // 论坛's reading 논단; Korean writes 포럼.
        ("长沙金融论坛", "IV-05", 2, 3, &["论坛"]),
        // 数字's reading 수자; Korean writes 디지털.
        ("杭州数字贸易", "IV-03", 2, 3, &["数字"]),
        ("리튬배터리 재활용 블록체인", "III-02", 2, 3, &["블록체인"]),
        ("인공지능 광둥성 메타버스", "II-04", 2, 3, &["메타버스"]),
        ("드론 틸트로터 양자컴퓨터", "III-01", 2, 3, &["양자컴퓨터"]),
        ("표준화 인재 반도체", "II-03", 2, 3, &["반도체"]),
        ("인공지능 qwzx", "II-04", 1, 2, &["qwzx"]),
        ("무인기 고정익 탄소중화", "III-01", 2, 3, &["탄소중화"]),
        ("웨강아오 미래산업 틸트로터", "I-01", 2, 3, &["틸트로터"]),
        ("후난성 금융 반도체", "IV-05", 2, 3, &["반도체"]),
        ("항저우 디지털 무역 드론", "IV-03", 3, 4, &["드론"]),
        ("자연지수 베이징 리튬", "IV-01", 2, 3, &["리튬"]),
        ("일대일로 이니셔티브 틸트로터", "II-02", 2, 3, &["틸트로터"]),
    ];
    for &(query, first, found, of, missing) in cases {
        let result = search(query);
        assert!(result.partial, "{query}");
        let hit = result
            .hits
            .iter()
            .find(|h| h.id.ends_with(first))
            .unwrap_or_else(|| panic!("{query}: {first} not in {:?}", ids(&result)));
        let words = hit.words_matched.as_ref().expect("a partial hit says which words");
        assert_eq!((words.found, words.of), (found, of), "{query}");
        assert_eq!(words.missing, missing, "{query}");
        let via = hit.via.as_deref().unwrap_or_default();
        assert!(
            via.starts_with(&format!("partial — {found} of {of} words")),
            "{query}: {via}"
        );
        // Most words first, whatever the scores: no hit has more words than one above it.
        let counts: Vec<usize> = result
            .hits
            .iter()
            .map(|h| h.words_matched.as_ref().unwrap().found)
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{query}: {counts:?}");
        assert_eq!(
            counts[0],
            found,
            "{query}: the best hit has the most words: {:?}",
            ids(&result)
        );
    }
}

/// Paging through a partial result gives each hit once, in the same order as one
/// long page, across the tiers of words matched.
#[test]
fn paging_a_partial_result_crosses_tiers_without_gaps_or_repeats() {
    let query = "国家创新指数报告";
    let all = search(query);
    assert!(all.total > 4, "{}", all.total);
    let searcher = Searcher::open(index()).unwrap();
    let mut paged = Vec::new();
    for offset in (0..all.total).step_by(3) {
        let options = SearchOptions {
            limit: 3,
            offset,
            ..SearchOptions::default()
        };
        let page = searcher.search(query, &options).unwrap();
        assert_eq!(page.total, all.total);
        paged.extend(page.hits.into_iter().map(|h| h.id));
    }
    let whole: Vec<String> = all.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(paged, whole);
}

/// A run the alias file names is one term: its alias still finds the article written
/// in Korean (粤港澳大湾区 = 웨강아오대만구).
#[test]
fn a_run_the_alias_file_names_stays_one_term() {
    let aliases = hanseek_search::Aliases::load(&repository().join("aliases.txt")).unwrap();
    let searcher = Searcher::open(index()).unwrap().with_aliases(aliases);
    let result = searcher.search("粤港澳大湾区", &SearchOptions::default()).unwrap();
    let found = ids(&result);
    assert!(found.contains(&"I-01"), "{found:?}");
    assert!(!result.partial);
}

/// The run as typed ranks first; its words apart, or in Korean through their readings,
/// follow; a document with one of them alone is no match while others have both.
#[test]
fn the_run_as_typed_ranks_above_its_words_apart() {
    let documents = [
        (
            "apart",
            "新型飞行器",
            "中国科学院长春光机所发布了一款新型无人机，续航时间更长。",
        ),
        ("together", "研究团队", "中国科学院无人机研究团队介绍了最新成果。"),
        ("korean", "신형 비행체", "중국과학원은 새로운 무인기를 공개했다."),
        ("drone-only", "无人机市场", "今年无人机市场继续增长。"),
        ("academy-only", "中国科学院年度报告", "中国科学院发布年度报告。"),
    ];
    let result = fixture("dead-ends-run", &documents)
        .search("中国科学院无人机", &SearchOptions::default())
        .unwrap();
    let found: Vec<&str> = result.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(found[0], "together", "{found:?}");
    assert!(found.contains(&"apart") && found.contains(&"korean"), "{found:?}");
    assert!(
        !found.contains(&"drone-only") && !found.contains(&"academy-only"),
        "{found:?}"
    );
    assert!(!result.partial);
}

/// Unspaced Korean runs of words the report writes apart (광둥성, 범용 인공지능 …): as
/// typed, each was a phrase no document holds (0 hits). Now each is its words, as the
/// spaced query is: the same hits, not partial; a typo in one of its words (three
/// syllables or more) is corrected as that word alone would be.
#[test]
fn an_unspaced_run_of_korean_words_finds_the_documents_with_its_words() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("광둥성인공지능", "광둥성 인공지능", &["II-04"]),
        ("인공지능광둥성", "인공지능 광둥성", &["II-04"]),
        ("광둥성범용인공지능", "광둥성 범용 인공지능", &["II-04"]),
        ("광둥성혁신거점", "광둥성 혁신거점", &["II-04"]),
        ("일대일로이니셔티브", "일대일로 이니셔티브", &["II-02"]),
        // 퇴역 is no word of the Korean text, only the reading of 退役.
        ("퇴역배터리", "퇴역 배터리", &["III-02"]),
        ("금융후난성", "금융 후난성", &["IV-05"]),
        ("창사금융포럼", "창사 금융 포럼", &["IV-05"]),
        ("웨강아오미래산업", "웨강아오 미래 산업", &["I-01"]),
        ("베이징자연지수", "베이징 자연지수", &["IV-01"]),
        ("자연지수베이징", "자연지수 베이징", &["IV-01"]),
        ("항저우디지털무역", "항저우 디지털 무역", &["IV-03"]),
        ("디지털무역항저우", "디지털 무역 항저우", &["IV-03"]),
        ("드론틸트로터", "드론 틸트로터", &["III-01"]),
        ("고정익드론", "고정익 드론", &["III-01"]),
        ("베이징양자", "베이징 양자", &["IV-04"]),
    ];
    for &(run, spaced, expected) in cases {
        let result = search(run);
        let found = ids(&result);
        assert!(!result.partial, "{run}: {found:?}");
        for id in expected {
            assert!(found.contains(id), "{run}: {id} not in {found:?}");
        }
        // Its words found where the spaced query finds them.
        let spaced_result = search(spaced);
        let mut spaced_found = ids(&spaced_result);
        let mut found = found;
        spaced_found.sort();
        found.sort();
        assert_eq!(found, spaced_found, "{run} against {spaced}");
    }
    let typos: &[(&str, &str)] = &[
        ("광둥성인공지눙", "II-04"),
        ("베이징자연지쑤", "IV-01"),
        ("항저우디지텔무역", "IV-03"),
        ("드론틸트로타", "III-01"),
        ("광둥성혁신거잠", "II-04"),
        ("창사금융포롬", "IV-05"),
        ("퇴역배터러", "III-02"),
    ];
    for &(run, expected) in typos {
        let result = search(run);
        let found = ids(&result);
        assert!(found.contains(&expected), "{run}: {found:?}");
        assert!(!result.partial, "{run}");
    }
}

/// What was found before stays as it was: a compound the report writes (as one word,
/// or its words side by side) is the phrase it was; a typo of such a compound is
/// corrected whole (`typo …` in `via`); and a quoted run stays a phrase.
#[test]
fn a_korean_compound_the_archive_writes_is_not_cut() {
    for (run, first) in [
        ("인공지능산업", "II-04"),
        ("국가혁신지수", "II-05"),
        ("표준화인재", "II-03"),
        ("리튬배터리재활용", "III-02"),
    ] {
        let result = search(run);
        let quoted = search(&format!("\"{run}\""));
        assert_eq!(ids(&result).first(), Some(&first), "{run}");
        assert_eq!(ids(&result), ids(&quoted), "{run}: the phrase it was");
    }
    for (typo, corrected) in [
        ("리튬배터래", "리튬배터리"),
        ("매타버스", "메타버스"),
        ("혁신거잠", "혁신거점"),
    ] {
        let result = search(typo);
        let via = result.hits[0].via.as_deref().unwrap_or_default();
        assert_eq!(via, format!("typo {typo} → {corrected}"), "{typo}");
    }
    assert_eq!(search("\"광둥성인공지능\"").total, 0);
}

/// A run with a word the report lacks is partial, naming the word: 광둥성 is there,
/// 메타버스 is not.
#[test]
fn an_unspaced_korean_run_with_a_missing_word_is_partial() {
    let result = search("광둥성메타버스");
    assert!(result.partial);
    let hit = &result.hits[0];
    assert!(hit.id.ends_with("II-04"), "{:?}", ids(&result));
    assert_eq!(hit.words_matched.as_ref().unwrap().missing, ["메타버스"]);
}

/// Cutting a run never fails a search: unspaced runs of the report's words, syllables
/// and typos of them (a fixed seeded sequence) all answer.
#[test]
fn any_unspaced_korean_run_is_answered() {
    let words = [
        "광둥성",
        "인공지능",
        "범용",
        "혁신거점",
        "일대일로",
        "이니셔티브",
        "배터리",
        "금융",
        "후난성",
        "베이징",
        "자연지수",
        "디지털",
        "무역",
        "드론",
        "틸트로터",
        "표준화",
        "인재",
        "양성",
        "산업",
        "국가",
        "성",
        "로",
    ];
    let syllables: Vec<char> = "가나다라마바사아자차카타파하눙쑤텔롬썽".chars().collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |below: usize| {
        // xorshift64*: a fixed sequence, the same on every run.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % below
    };
    let searcher = Searcher::open(index()).unwrap();
    for _ in 0..150 {
        let mut run = String::new();
        for _ in 0..2 + next(3) {
            if next(4) == 0 {
                run.push(syllables[next(syllables.len())]);
            } else {
                run.push_str(words[next(words.len())]);
            }
        }
        if next(3) == 0 {
            // One syllable swapped for another: a typo, or a word no one wrote.
            let mut chars: Vec<char> = run.chars().collect();
            let at = next(chars.len());
            chars[at] = syllables[next(syllables.len())];
            run = chars.into_iter().collect();
        }
        let result = searcher.search(&run, &SearchOptions::default());
        let result = result.unwrap_or_else(|e| panic!("{run}: {e}"));
        assert!(result.total >= result.hits.len(), "{run}");
    }
}
