//! The analyzers on real text: golden token tables for sentences of the bundled report,
//! the behaviours users rely on, and properties over arbitrary Unicode.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hanseek_analysis::{analyze, query_pairs, query_tokens, visit, whole_compounds, AnalyzerKind, Token};
use proptest::prelude::*;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// A readable table per sentence: position, length, token, byte range, tag, the
/// original text the token points at, and `alt` for alternative tokens.
fn render(kind: AnalyzerKind, sentences: &[&str]) -> String {
    let mut out = format!(
        "# Golden tokens of the {} analyzer. Regenerate: HANSEEK_BLESS=1 cargo test -p hanseek-analysis\n",
        kind.name()
    );
    for sentence in sentences {
        writeln!(out, "\n## {sentence}").unwrap();
        for t in analyze(kind, sentence) {
            let alt = if t.alternative { " alt" } else { "" };
            writeln!(
                out,
                "{:>3} {:>2}  {}  {}..{}  {}  «{}»{alt}",
                t.position,
                t.position_length,
                t.text,
                t.from,
                t.to,
                t.kind.tag(),
                &sentence[t.from..t.to]
            )
            .unwrap();
        }
    }
    out
}

fn check_golden(kind: AnalyzerKind, file: &str) {
    let sentences_text = std::fs::read_to_string(golden_dir().join("sentences.txt")).unwrap();
    let sentences: Vec<&str> = sentences_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(sentences.len() >= 30);
    let actual = render(kind, &sentences);
    let path = golden_dir().join(file);
    if std::env::var_os("HANSEEK_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let first_difference = actual
            .lines()
            .zip(expected.lines())
            .find(|(a, e)| a != e)
            .map(|(a, e)| format!("\n  now:      {a}\n  expected: {e}"))
            .unwrap_or_else(|| "\n  (one is a prefix of the other)".into());
        panic!("{file} differs from the analyzer's output; review and bless with HANSEEK_BLESS=1 if intended{first_difference}");
    }
}

#[test]
fn golden_main_tokens() {
    check_golden(AnalyzerKind::Main, "main.snap");
}

#[test]
fn golden_recall_tokens() {
    check_golden(AnalyzerKind::Recall, "recall.snap");
}

#[test]
fn golden_bridge_tokens() {
    check_golden(AnalyzerKind::Bridge, "bridge.snap");
}

fn texts(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

fn main_query(text: &str) -> Vec<String> {
    query_tokens(AnalyzerKind::Main, text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[test]
fn particles_and_endings_are_ignored_like_in_documents() {
    assert_eq!(main_query("배터리를"), main_query("배터리"));
    assert_eq!(main_query("리튬배터리"), ["리튬", "배터리"]);
    assert_eq!(main_query("표준화 인재를 양성하는"), ["표준", "인재", "양성"]);
    assert_eq!(main_query("관한"), ["관하"]);
    let spaced: Vec<usize> = query_tokens(AnalyzerKind::Main, "표준화 인재를 양성하는")
        .iter()
        .map(|t| t.position)
        .collect();
    assert_eq!(spaced, [0, 1, 2], "dropped morphemes take no position");
}

#[test]
fn compounds_index_the_whole_and_the_parts() {
    let tokens = analyze(AnalyzerKind::Main, "인공지능");
    let found: Vec<(&str, usize, usize, bool)> = tokens
        .iter()
        .map(|t| (t.text.as_str(), t.position, t.position_length, t.alternative))
        .collect();
    assert_eq!(
        found,
        [("인공지능", 0, 2, true), ("인공", 0, 1, false), ("지능", 1, 1, false)]
    );
    assert_eq!(
        main_query("인공지능"),
        main_query("인공 지능"),
        "the compound is queried through its parts"
    );
}

/// Word pairs pair every token with every token starting where it ends: words, a
/// compound's whole with the next word, a Chinese sub-word with the next word.
#[test]
fn word_pairs() {
    let pairs: Vec<String> = analyze(AnalyzerKind::Pairs, "인공지능 산업 人工智能产业")
        .into_iter()
        .map(|t| t.text)
        .collect();
    for expected in ["인공지능 산업", "인공 지능", "지능 산업", "人工智能 产业", "智能 产业"] {
        assert!(pairs.contains(&expected.to_string()), "{expected} in {pairs:?}");
    }
    let query = whole_compounds(&analyze(AnalyzerKind::Main, "인공지능 산업"));
    let texts: Vec<String> = query_pairs(&query).unwrap().into_iter().map(|t| t.text).collect();
    assert_eq!(texts, ["인공지능 산업"]);
    assert!(query_pairs(&whole_compounds(&analyze(AnalyzerKind::Main, "산업"))).is_none());
}

/// Unexpanded queries look a compound up as the one word the index holds, at its first
/// part's position, so a phrase of several words still lines up.
#[test]
fn compounds_as_whole_words_for_unexpanded_queries() {
    let whole = |text| -> Vec<(String, usize)> {
        whole_compounds(&analyze(AnalyzerKind::Main, text))
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect()
    };
    let pairs =
        |items: &[(&str, usize)]| -> Vec<(String, usize)> { items.iter().map(|&(t, p)| (t.to_string(), p)).collect() };
    assert_eq!(whole("인공지능"), pairs(&[("인공지능", 0)]));
    assert_eq!(whole("인공지능을"), pairs(&[("인공지능", 0)]));
    assert_eq!(whole("인공지능 산업"), pairs(&[("인공지능", 0), ("산업", 2)]));
    // Written apart, they are two words, not a compound.
    assert_eq!(whole("인공 지능"), pairs(&[("인공", 0), ("지능", 1)]));
    // Chinese sub-words and plain words are left as they are.
    assert_eq!(whole("人工智能"), pairs(&[("人工智能", 0)]));
    assert_eq!(whole("산업"), pairs(&[("산업", 0)]));
}

#[test]
fn middle_dots_and_slashes_separate_list_items() {
    for text in [
        "디지털인프라·스마트시티",
        "디지털인프라ㆍ스마트시티",
        "디지털인프라・스마트시티",
        "디지털인프라/스마트시티",
    ] {
        assert_eq!(main_query(text), ["디지털", "인프라", "스마트", "시티"], "{text}");
    }
}

#[test]
fn numbers_have_one_form_on_both_sides() {
    assert_eq!(main_query("3,000억 위안"), ["3000억", "위안"]);
    assert_eq!(main_query("3000억 위안"), main_query("3,000억 위안"));
    assert_eq!(main_query("'25년까지"), ["2025년"]);
    assert_eq!(main_query("‘25년"), main_query("2025년"));
    assert_eq!(main_query("10대 산업"), ["10대", "산업"]);
    assert_eq!(main_query("2.41%로"), ["2.41"]);
}

#[test]
fn latin_and_digits() {
    assert_eq!(main_query("5G/6G"), ["5g", "6g"]);
    assert_eq!(main_query("CASTED"), ["casted"]);
    assert_eq!(main_query("AIIB ISO 3D R&D"), ["aiib", "iso", "3d", "r&d"]);
    assert_eq!(main_query("ＡＩ１００"), ["ai100"]);
}

#[test]
fn chinese_words_carry_their_sub_words() {
    let tokens = analyze(AnalyzerKind::Main, "人工智能");
    assert_eq!(texts(&tokens), ["人工智能", "人工", "智能"]);
    assert_eq!(
        tokens
            .iter()
            .map(|t| (t.position, t.position_length))
            .collect::<Vec<_>>(),
        [(0, 4), (0, 2), (2, 2)]
    );
    let battery = analyze(AnalyzerKind::Main, "退役锂电池");
    assert!(texts(&battery).contains(&"锂电池"), "{:?}", texts(&battery));
    assert!(texts(&battery).contains(&"电池"));
    // Han inside Korean prose is a Chinese run with its own positions.
    let mixed = analyze(AnalyzerKind::Main, "취젠(曲建) 부원장");
    assert!(mixed.iter().any(|t| t.kind.tag() == "han" && t.text == "曲"));
}

#[test]
fn offsets_point_into_the_original_text() {
    let text = "ＡＩ와 ５Ｇ, 人工智能产业";
    for t in analyze(AnalyzerKind::Main, text) {
        let original = &text[t.from..t.to];
        assert!(!original.is_empty(), "{t:?}");
        if t.kind.tag() == "alnum" {
            assert!(original == "ＡＩ" || original == "５Ｇ", "{original}");
        }
    }
}

#[test]
fn recall_bigrams_ignore_spacing() {
    let tokens = analyze(AnalyzerKind::Recall, "인공 지능");
    assert_eq!(texts(&tokens), ["인공", "공지", "지능"]);
    assert_eq!(texts(&analyze(AnalyzerKind::Recall, "新 분야")), ["新", "분야"]);
    assert_eq!(texts(&analyze(AnalyzerKind::Recall, "5G 통신")), ["5g", "통신"]);
}

/// Any CJK substring of two or more characters of a document, analyzed as a query,
/// gives recall tokens that the document has at the same relative positions.
#[test]
fn recall_finds_every_copied_substring_of_the_report() {
    let report =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/kostec-weekly-2023-12-01.md"))
            .unwrap();
    let doc = analyze(AnalyzerKind::Recall, &report);
    let mut checked = 0;
    for line in report
        .lines()
        .filter(|l| l.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
        .step_by(2)
    {
        let chars: Vec<char> = line.chars().collect();
        for start in (0..chars.len()).step_by(5) {
            let piece: String = chars[start..(start + 6).min(chars.len())].iter().collect();
            let is_cjk = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c);
            if !piece.chars().all(|c| is_cjk(c) || c == ' ') {
                continue; // the guarantee is for CJK strings; Latin and numbers match whole
            }
            let query = analyze(AnalyzerKind::Recall, &piece);
            if query.len() < 2
                || query
                    .iter()
                    .any(|t| t.text.chars().count() < 2 && t.kind.tag() == "unigram")
            {
                continue; // a single character at a run edge: not a two-character CJK string
            }
            let found = doc.windows(query.len()).any(|w| {
                w.iter()
                    .zip(&query)
                    .all(|(d, q)| d.text == q.text && d.position - w[0].position == q.position - query[0].position)
            });
            assert!(found, "copied text {piece:?} is not found by its recall tokens");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} substrings checked");
}

#[test]
fn without_han_keeps_every_other_token_and_position() {
    let text = "취젠(曲建) 부원장은 人工智能 5G 산업";
    let all = analyze(AnalyzerKind::Main, text);
    let mut without = Vec::new();
    visit(AnalyzerKind::Main, text, false, &mut |t| {
        without.push(Token {
            text: t.text.to_string(),
            from: t.from,
            to: t.to,
            position: t.position,
            position_length: t.position_length,
            kind: t.kind,
            alternative: t.alternative,
        })
    });
    let expected: Vec<_> = all.into_iter().filter(|t| t.kind.tag() != "han").collect();
    assert_eq!(without, expected);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_tokens_are_well_formed(text in "(\\PC|[가-힣]{1,4}|[一-龥]{1,4}| |ㆍ|·|'[0-9]{2}|[0-9],[0-9]{3}|Ａ|１|㎏){0,40}", which in 0..3usize) {
        let kind = [AnalyzerKind::Main, AnalyzerKind::Recall, AnalyzerKind::Bridge][which];
        let tokens = analyze(kind, &text);
        let mut last_position = 0;
        for t in &tokens {
            prop_assert!(t.from <= t.to && t.to <= text.len(), "{t:?}");
            prop_assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to), "{t:?}");
            prop_assert!(!t.text.is_empty());
            prop_assert!(t.position >= last_position, "positions decrease at {t:?}");
            prop_assert!(t.position_length >= 1);
            last_position = t.position;
        }
    }

    /// Surface words (the index's `surface` field) never panic, and each is a run of
    /// the text's own Hangul syllables.
    #[test]
    fn surface_words_never_panic_and_are_written_in_the_text(text in "(\\PC|[가-힣]{1,6}| |을|는|[一-龥]{1,2}|[A-Z]{1,2}){0,30}") {
        hanseek_analysis::surface_words(&text, &mut |word| {
            assert!(text.contains(word), "{word:?} in {text:?}");
            assert!(word.chars().count() >= 2 && word.chars().all(hanseek_script::is_hangul_syllable));
        });
    }
}
