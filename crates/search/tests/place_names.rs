//! Issue 26.3: a Chinese place is one word in every script. On a mixed archive — Korean
//! articles that write the place in Hangul (about it, or mentioning it once among much
//! else), Chinese pages that write it in characters (titled with it, or naming it once)
//! — searching the simplified, the traditional or the Hangul spelling ranks every
//! document the same, whatever ko-dic makes of the Hangul (주하이 → 주하, 저장성 → 저장,
//! 난퉁 → nothing), and places jieba does not list as names (合肥, 烟台, 南通) and those
//! Korean calls by another name (香港 홍콩, 澳门 마카오) included.

use std::path::PathBuf;
use std::sync::OnceLock;

use hanseek_search::{SearchOptions, Searcher};

mod bundled;

/// (simplified, traditional if it differs, Hangul as Korean writes the place).
const PLACES: &[(&str, Option<&str>, &str)] = &[
    ("香港", None, "홍콩"),
    ("澳门", Some("澳門"), "마카오"),
    ("合肥", None, "허페이"),
    ("烟台", Some("煙台"), "옌타이"),
    ("珠海", None, "주하이"),
    ("保定", None, "바오딩"),
    ("开封", Some("開封"), "카이펑"),
    ("南通", None, "난퉁"),
    ("温州", Some("溫州"), "원저우"),
    ("苏州", Some("蘇州"), "쑤저우"),
    ("洛阳", Some("洛陽"), "뤄양"),
    ("廊坊", None, "랑팡"),
    ("东莞", Some("東莞"), "둥관"),
    ("佛山", None, "포산"),
    ("惠州", None, "후이저우"),
    ("绍兴", Some("紹興"), "사오싱"),
    ("营口", Some("營口"), "잉커우"),
    ("重庆", Some("重慶"), "충칭"),
    ("上海", None, "상하이"),
    ("浙江省", None, "저장성"),
    ("湖南省", None, "후난성"),
    ("广东省", Some("廣東省"), "광둥성"),
    ("天津", None, "톈진"),
    ("长春", Some("長春"), "창춘"),
    ("台湾", Some("臺灣"), "타이완"),
];

/// The archive: four documents per place, and others about none.
fn index() -> &'static PathBuf {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut documents: Vec<(String, String, String)> = Vec::new();
        let mut add = |id: String, title: String, body: String| documents.push((id, title, body));
        let filler = "산업 정책과 기술 표준을 논의하고 지역 협력 방안을 검토했다. ".repeat(6);
        for (i, &(han, _, hangul)) in PLACES.iter().enumerate() {
            add(
                format!("ko-about-{i}"),
                format!("{hangul}, 신에너지차 산업 발전 계획 발표"),
                format!(
                    "중국 {hangul}시 정부는 최근 신에너지차 산업 발전 계획을 발표했다. {hangul}은 \
                     2025년까지 생산액 1000억 위안을 목표로 한다. {hangul}의 기업들은 배터리 공장을 늘린다."
                ),
            );
            add(
                format!("ko-once-{i}"),
                "지역 혁신 협력 회의 개최".to_string(),
                format!("{filler} 회의에는 {hangul}에서 온 대표단도 참석했다."),
            );
            add(
                format!("zh-title-{i}"),
                format!("{han}发布新能源汽车产业发展规划"),
                format!("{han}市政府近日发布新能源汽车产业发展规划，{han}提出到2025年产值突破千亿元。"),
            );
            add(
                format!("zh-once-{i}"),
                "区域创新合作会议召开".to_string(),
                format!("来自多个城市的代表参加会议，其中包括{han}的企业代表，会议讨论了产业合作。"),
            );
        }
        add(
            "ko-other".into(),
            "반도체 산업 동향".into(),
            "반도체 산업이 성장했다. 진화하는 기술과 지난해 실적을 분석했다.".into(),
        );
        add(
            "zh-other".into(),
            "半导体产业动态".into(),
            "半导体产业持续增长。".into(),
        );
        add(
            "ko-taiwan-reading".into(),
            "대만 반도체 기업의 투자".into(),
            "대만의 반도체 기업들이 해외 공장 투자를 늘리고 있다.".into(),
        );
        let documents: Vec<(&str, &str, &str)> = documents
            .iter()
            .map(|(id, title, body)| (id.as_str(), title.as_str(), body.as_str()))
            .collect();
        bundled::fixture_index("place-names", &documents)
    })
}

/// The hits of `query`, in order, with their scores.
fn ranked(searcher: &Searcher, query: &str) -> Vec<(String, f32)> {
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let result = searcher.search(query, &options).unwrap();
    result.hits.iter().map(|h| (h.id.clone(), h.score)).collect()
}

#[test]
fn a_place_ranks_every_document_the_same_in_every_spelling() {
    let searcher = Searcher::open(index()).unwrap();
    for (i, &(han, traditional, hangul)) in PLACES.iter().enumerate() {
        let first = ranked(&searcher, han);
        let ids: Vec<&str> = first.iter().map(|(id, _)| id.as_str()).collect();
        // Its four documents, in both scripts, and no other place's.
        for kind in ["ko-about", "ko-once", "zh-title", "zh-once"] {
            let id = format!("{kind}-{i}");
            assert!(ids.contains(&id.as_str()), "{han}: no {id} in {ids:?}");
        }
        for spelling in traditional.into_iter().chain([hangul]) {
            let other = ranked(&searcher, spelling);
            let same = first.len() == other.len()
                && first
                    .iter()
                    .zip(&other)
                    .all(|(a, b)| a.0 == b.0 && (a.1 - b.1).abs() <= 1e-4 * a.1.max(1.0));
            assert!(same, "{han} {first:?}\n≠ {spelling} {other:?}");
        }
        // A page or article about the place ranks above one that names it once.
        let position = |id: String| ids.iter().position(|x| *x == id).unwrap();
        assert!(
            position(format!("ko-about-{i}")) < position(format!("ko-once-{i}")),
            "{han}: {ids:?}"
        );
        assert!(
            position(format!("zh-title-{i}")) < position(format!("zh-once-{i}")),
            "{han}: {ids:?}"
        );
    }
}

/// A Hangul spelling that is also an ordinary Korean word (선전 "propaganda" for 深圳,
/// 진화 "evolution" for 金华, 지난 "last" for 济南) is not taken for the place: the
/// Korean text that means the word would rank as the city: the city looks for it as a
/// transliteration below direct matches, as every Chinese word's readings are.
#[test]
fn a_spelling_that_is_also_a_korean_word_finds_the_place_below_it() {
    let searcher = Searcher::open(index()).unwrap();
    let score = |hits: &[(String, f32)]| hits.iter().find(|(id, _)| id == "ko-other").map(|(_, s)| *s);
    for (city, word) in [("金华", "진화"), ("济南", "지난")] {
        // The Korean word's own text ranks first for the word…
        let as_word = ranked(&searcher, word);
        assert_eq!(
            as_word.first().map(|(id, _)| id.as_str()),
            Some("ko-other"),
            "{word}: {as_word:?}"
        );
        // …and for the city only as a transliteration, below the word's own score.
        let as_city = ranked(&searcher, city);
        let (city_score, word_score) = (score(&as_city).unwrap_or(0.0), score(&as_word).unwrap());
        assert!(city_score < word_score / 2.0, "{city} {as_city:?} / {word} {as_word:?}");
    }
}

/// 台湾's other Korean name, 대만, is its Sino-Korean reading: each finds the other's
/// documents (through the reading, below the documents that write the query as typed).
#[test]
fn taiwan_and_its_reading_find_each_other() {
    let searcher = Searcher::open(index()).unwrap();
    let taiwan = PLACES.iter().position(|p| p.0 == "台湾").unwrap();
    let from_reading = ranked(&searcher, "대만");
    let title = format!("zh-title-{taiwan}");
    assert!(from_reading.iter().any(|(id, _)| *id == title), "{from_reading:?}");
    for query in ["台湾", "臺灣", "타이완"] {
        let found = ranked(&searcher, query);
        assert!(
            found.iter().any(|(id, _)| id == "ko-taiwan-reading"),
            "{query}: {found:?}"
        );
    }
}
