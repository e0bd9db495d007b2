//! The other words a query word may stand for, looked up in the index: the words a
//! 초성 word abbreviates (`ㅇㄱㅈㄴ` → 인공지능) and the words a Korean word the index
//! does not have may be a typo of (반도채 → 반도체). The search adds their clauses; the
//! highlights mark them (`query_matcher`).

use std::collections::HashMap;

use hanseek_index::Fields;

use crate::{fields, suggest, ParsedQuery, SearchError};

/// For each query word, the words it may stand for.
pub(crate) type Respellings = HashMap<String, Vec<String>>;

/// The words each 초성 query word stands for, most frequent first.
pub(crate) fn initials(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    table: &std::sync::OnceLock<suggest::InitialsTable>,
    parsed: &ParsedQuery,
) -> Result<Respellings, SearchError> {
    let mut found = HashMap::new();
    for t in parsed
        .groups
        .iter()
        .flatten()
        .filter(|t| !t.phrase && suggest::has_initials(&t.text))
    {
        let words = suggest::initials_words(
            searcher,
            &suggest::word_fields(fields),
            table,
            &t.text,
            fields::INITIALS_WORDS,
        )?;
        found.insert(t.text.clone(), words);
    }
    Ok(found)
}

/// The words each query word that is no term of the index may be a typo of.
pub(crate) fn typos(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
) -> Result<Respellings, SearchError> {
    let mut found = HashMap::new();
    for t in parsed
        .groups
        .iter()
        .flatten()
        .filter(|t| !t.phrase && !suggest::has_initials(&t.text))
    {
        let words = suggest::typo_words(searcher, fields, &t.text, fields::TYPO_WORDS)?;
        if !words.is_empty() {
            found.insert(t.text.clone(), words);
        }
    }
    Ok(found)
}
