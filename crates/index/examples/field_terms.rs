//! What each searched field of an index generation holds: distinct terms (summed over
//! segments), postings and tokens — the numbers behind the pairs field's cost
//! (BENCHMARKS.md, issue 19).
//!
//!   cargo run --release -p hanseek-index --example field_terms -- INDEX/gen-000001

use hanseek_index::SearchedField;
use tantivy::Index;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: field_terms INDEX/gen-NNNNNN");
        std::process::exit(2);
    };
    let index = Index::open_in_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let searcher = index.reader().expect("a reader").searcher();
    let schema = index.schema();
    println!("{:14} {:>12} {:>12} {:>12}", "field", "terms", "postings", "tokens");
    for field in SearchedField::ALL {
        let handle = schema.get_field(field.name()).expect("a hanseek index");
        let (mut terms, mut postings, mut tokens) = (0u64, 0u64, 0u64);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(handle).expect("readable");
            terms += inverted.terms().num_terms() as u64;
            tokens += inverted.total_num_tokens();
            let mut stream = inverted.terms().stream().expect("readable");
            while stream.advance() {
                postings += u64::from(stream.value().doc_freq);
            }
        }
        println!("{:14} {terms:>12} {postings:>12} {tokens:>12}", field.name());
    }
    println!("segments {}", searcher.segment_readers().len());
}
