//! Phrase queries across compounds, in both languages: index a few sentences with the
//! registered analyzers and query them the way hanseek builds queries (the query
//! tokens at their relative positions).

use hanseek_analysis::{query_tokens, AnalyzerKind};
use hanseek_index::register_analyzers;
use hanseek_search::sequence_query;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::{doc, Index, TantivyDocument};

const SENTENCES: [&str; 5] = [
    "광둥성은 범용 인공지능 산업 혁신거점을 구축한다",
    "인공 지능 기술이 의료 진단에 적용되기 시작",
    "关于加快建设通用人工智能产业创新引领地的实施意见",
    "“双循环”让退役锂电池有了新出路",
    "지능형 커넥티드 카와 산업용 로봇",
];

fn build() -> (Index, Field) {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(AnalyzerKind::Main.name())
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema.add_text_field("body", TextOptions::default().set_indexing_options(indexing) | STORED);
    let index = Index::create_in_ram(schema.build());
    register_analyzers(&index, None);
    let mut writer = index.writer(15_000_000).unwrap();
    for sentence in SENTENCES {
        writer.add_document(doc!(body => sentence)).unwrap();
    }
    writer.commit().unwrap();
    (index, body)
}

/// The way hanseek builds a query word: its query tokens at their relative positions.
fn phrase(field: Field, text: &str) -> Box<dyn Query> {
    sequence_query(field, &query_tokens(AnalyzerKind::Main, text))
}

fn matches(query: &str) -> Vec<String> {
    let (index, body) = build();
    let searcher = index.reader().unwrap().searcher();
    let hits = searcher
        .search(&phrase(body, query), &TopDocs::with_limit(10).order_by_score())
        .unwrap();
    let mut found: Vec<String> = hits
        .into_iter()
        .map(|(_, address)| {
            let doc: TantivyDocument = searcher.doc(address).unwrap();
            doc.get_first(body).and_then(|v| v.as_str()).unwrap().to_string()
        })
        .collect();
    found.sort();
    found
}

#[test]
fn korean_compound_and_its_parts() {
    let both = vec![SENTENCES[0].to_string(), SENTENCES[1].to_string()];
    let mut sorted = both.clone();
    sorted.sort();
    assert_eq!(
        matches("인공지능"),
        sorted,
        "the compound finds the parts written apart"
    );
    assert_eq!(matches("인공 지능"), sorted, "the parts find the compound");
    assert!(
        matches("지능").contains(&SENTENCES[0].to_string()),
        "a part finds the compound"
    );
    assert_eq!(
        matches("인공지능 산업을"),
        vec![SENTENCES[0].to_string()],
        "particles are ignored in phrases"
    );
}

#[test]
fn chinese_words_sub_words_and_phrases_across_them() {
    assert_eq!(matches("人工智能"), vec![SENTENCES[2].to_string()]);
    assert_eq!(
        matches("智能"),
        vec![SENTENCES[2].to_string()],
        "a sub-word finds the longer word"
    );
    assert_eq!(
        matches("智能产业"),
        vec![SENTENCES[2].to_string()],
        "a phrase across the sub-word boundary"
    );
    assert_eq!(matches("锂电池"), vec![SENTENCES[3].to_string()]);
    assert_eq!(matches("人工智能产业创新"), vec![SENTENCES[2].to_string()]);
    assert!(
        matches("智能创新").is_empty(),
        "words not adjacent in the text are no phrase"
    );
}
