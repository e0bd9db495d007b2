//! Presenting the hits of an executed query: the page ranked again when the caller
//! scores it another way (related documents), then each hit's stored fields, its
//! snippet with highlights and `via`, and its explanation.

use hanseek_index::Fields;
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Score, TantivyDocument};

use crate::execute::Executed;
use crate::loading::Loading;
use crate::result::{explain, WordsMatched};
use crate::snippet::{self, snippet, Matcher};
use crate::{documents, Hit, Request, SearchError, SearchOptions};

/// The hits of the page `executed` found, in order, each marked by `matcher`.
pub(crate) fn hits(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    loading: &Loading,
    executed: &Executed,
    matcher: &Matcher,
    request: &Request,
) -> Result<Vec<Hit>, SearchError> {
    let Request {
        options,
        scope,
        deadline,
        ..
    } = *request;
    // `--limit 0` asks for counts only: no stored document is read. Each stored
    // document is read, used and dropped in its turn (`loading`): one at a time
    // per search, a bounded number across searches.
    let mut page: Vec<(Score, DocAddress, Option<&WordsMatched>)> = executed
        .top
        .iter()
        .filter(|_| options.limit > 0)
        .map(|found| (found.score, found.address, found.words.as_ref()))
        .collect();
    if let Some(rescore) = &scope.rescore {
        // Ranked again, and only then cut to the page: snippets are made for it alone
        // (its documents read again below).
        let mut rescored: Vec<(Score, Option<String>, DocAddress)> = Vec::with_capacity(page.len());
        for (_, address, _) in page {
            let _held = loading.hold(deadline)?;
            let doc = searcher.doc::<TantivyDocument>(address)?;
            let id = doc.get_first(fields.id).and_then(|v| v.as_str()).map(str::to_string);
            rescored.push(((rescore.score)(&doc), id, address));
        }
        rescored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        page = rescored
            .into_iter()
            .skip(rescore.offset)
            .take(rescore.limit)
            .map(|(score, _, address)| (score, address, None))
            .collect();
    }
    let mut hits = Vec::with_capacity(page.len());
    for (score, address, words) in page {
        let _held = loading.hold(deadline)?;
        let doc = searcher.doc(address)?;
        let mut hit = hit(fields, &doc, score, matcher, options);
        if let Some(words) = words {
            // A partial hit says so first: what it lacks matters more than how the rest
            // was found.
            hit.via = Some(match hit.via.take() {
                Some(via) => format!("{}; {via}", words.describe()),
                None => words.describe(),
            });
            hit.words_matched = Some(words.clone());
        }
        if options.explain {
            hit.explanation = Some(explain(&*executed.query, searcher, address));
        }
        hits.push(hit);
    }
    Ok(hits)
}

/// A snippet, the field it comes from, and the bridge it matched through.
#[derive(Default)]
struct Passage {
    field: String,
    snippet: snippet::Snippet,
    via: Option<String>,
}

/// The snippet from the stored field with the most matches (body first on ties);
/// when nothing matches directly, from the field that matches through a reading,
/// with that reading (`via`).
fn best_passage(f: &Fields, doc: &TantivyDocument, matcher: &Matcher, budget: usize, bridge: bool) -> Passage {
    let candidates = [
        ("body", f.body),
        ("summary", f.summary),
        ("subtitle", f.subtitle),
        ("ref_title", f.ref_title),
        ("title", f.title),
        ("parent_title", f.parent_title),
    ];
    let values: Vec<(&str, &str)> = candidates
        .iter()
        .flat_map(|&(name, field)| doc.get_all(field).filter_map(|v| v.as_str()).map(move |v| (name, v)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let Some(&(mut field, mut value)) = values.first() else {
        return Passage::default();
    };
    let mut ranges = matcher.ranges(value);
    for &(name, text) in &values[1..] {
        let found = matcher.ranges(text);
        if found.len() > ranges.len() {
            (field, value, ranges) = (name, text, found);
        }
    }
    let mut via = matcher.simplified_via(value, &ranges);
    if ranges.is_empty() && bridge {
        let bridged = values.iter().map(|&(n, t)| (n, t, matcher.bridged_ranges(n, t)));
        if let Some((name, text, found)) = bridged.into_iter().find(|(_, _, b)| !b.ranges.is_empty()) {
            (field, value, ranges, via) = (name, text, found.ranges, found.via);
        }
    }
    Passage {
        field: field.to_string(),
        snippet: snippet(value, &ranges, budget),
        via,
    }
}

fn hit(f: &Fields, doc: &TantivyDocument, score: Score, matcher: &Matcher, options: &SearchOptions) -> Hit {
    let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let date = documents::stored_date(doc, f.date);
    let kind = text(f.kind).unwrap_or_default();
    let passage = if options.snippets {
        best_passage(f, doc, matcher, options.snippet_chars, options.bridge)
    } else {
        Passage::default()
    };
    Hit {
        id: text(f.id).unwrap_or_default(),
        kind,
        title: text(f.title).unwrap_or_default(),
        section: text(f.section),
        category: text(f.category),
        date,
        url: text(f.url),
        outlet: text(f.outlet),
        parent_id: text(f.parent_id),
        parent_title: text(f.parent_title),
        path: text(f.path),
        link_kind: text(f.link_kind),
        score,
        snippet: passage.snippet.text,
        highlights: passage.snippet.highlights,
        snippet_field: passage.field,
        via: passage.via,
        words_matched: None,
        explanation: None,
    }
}
