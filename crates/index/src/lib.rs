//! hanseek's tantivy index. For now: the one place where the analyzers are registered
//! with an index, so that indexing, query parsing and snippets all use the same ones.

use hanseek_analysis::{AnalyzerKind, HanseekTokenizer};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

/// Registers the main (`hanseek`) and recall (`hanseek_recall`) analyzers with `index`.
/// Call it after creating or opening any index, before writing or searching.
pub fn register_analyzers(index: &Index) {
    for kind in [AnalyzerKind::Main, AnalyzerKind::Recall] {
        index
            .tokenizers()
            .register(kind.name(), TextAnalyzer::from(HanseekTokenizer::new(kind)));
    }
}
