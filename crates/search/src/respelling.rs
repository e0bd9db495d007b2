//! The other words a query word may stand for, looked up in the index: the words a
//! 초성 word abbreviates (`ㅇㄱㅈㄴ` → 인공지능), the words a Korean word the index
//! does not have may be a typo of (반도채 → 반도체), and the words an unspaced Korean
//! run is made of (광둥성인공지능 → 광둥성, 인공지능). The search adds their clauses; the
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

/// The words each query word that is no term of the index may be a typo of, and each
/// word of a run in `runs` (광둥성인공지눙's 인공지눙); `known` holds those already
/// looked for (by `runs`).
pub(crate) fn typos(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
    runs: &Respellings,
    known: &Respellings,
) -> Result<Respellings, SearchError> {
    let mut found = HashMap::new();
    let typed = parsed
        .groups
        .iter()
        .flatten()
        .filter(|t| !t.phrase && !suggest::has_initials(&t.text))
        .map(|t| &t.text);
    for text in typed.chain(runs.values().flatten()) {
        let words = match known.get(text) {
            Some(words) => words.clone(),
            None => suggest::typo_words(searcher, fields, text, fields::TYPO_WORDS)?,
        };
        if !words.is_empty() {
            found.insert(text.clone(), words);
        }
    }
    Ok(found)
}

/// The words of each unspaced Korean run the archive writes neither as one word nor
/// side by side (`suggest::run_words`): searched each on its own, as an unspaced run
/// of Chinese words is (`expand::run_parts`). With them, the typo corrections looked
/// for on the way, for [`typos`].
pub(crate) fn runs(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
) -> Result<(Respellings, Respellings), SearchError> {
    let mut found = HashMap::new();
    let mut corrections: Respellings = HashMap::new();
    for group in &parsed.groups {
        let [t] = &group[..] else {
            continue;
        };
        if t.phrase {
            continue;
        }
        let mut corrected = |word: &str| -> tantivy::Result<bool> {
            if !corrections.contains_key(word) {
                let words = suggest::typo_words(searcher, fields, word, fields::TYPO_WORDS)?;
                corrections.insert(word.to_string(), words);
            }
            Ok(!corrections[word].is_empty())
        };
        if let Some(words) = suggest::run_words(searcher, fields, &t.text, &mut corrected)? {
            found.insert(t.text.clone(), words);
        }
    }
    Ok((found, corrections))
}
