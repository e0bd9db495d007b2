//! One document as a reader opens it: an article with its full text and its cited
//! references, or a reference link with its article (`hanseek show`, the server's
//! `/api/documents/{id}`).

use hanseek_corpus::Date;
use hanseek_index::Fields;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// The most links one article's view lists (the bundled report's articles cite at most
/// a dozen).
const MAX_REFERENCES: usize = 1_000;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: String,
    /// `article` or `reference`.
    pub kind: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The full text, one line per paragraph, list item or table row — or, when
    /// `body_chars` is present, the part of it a caller asked for (see
    /// [`Document::keep_body_part`]).
    pub body: Option<String>,
    /// The whole body's length in characters, present only when `body` holds a part
    /// of it (the server sends at most a bounded part of a huge document at a time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_chars: Option<usize>,
    /// Where in the whole body (in characters) the part in `body` starts; present with
    /// `body_chars`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_from: Option<usize>,
    /// 요약 bullets attached to the article.
    pub summary: Vec<String>,
    pub section: Option<String>,
    pub category: Option<String>,
    pub date: Option<String>,
    pub issue_date: Option<String>,
    /// The corpus file it came from.
    pub path: Option<String>,
    /// For an article read from a PDF: the pages of that PDF it spans, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<u32>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// For a link: reference, source or image_source.
    pub link_kind: Option<String>,
    pub parent_id: Option<String>,
    pub parent_title: Option<String>,
    /// For an article: its reference links, in the order it cites them.
    pub references: Vec<Document>,
    /// For a link: the article that cites it (without its references).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<Box<Document>>,
    /// Where a query matches the title and the body sent, when one was given
    /// (`/api/documents/{id}?q=`): character offsets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlights: Option<DocumentHighlights>,
}

/// `[from, to)` character offsets of a query's matches in what a reader's view of a
/// document shows — its title, subtitle, body (the part of it sent) and summary
/// bullets — as written and across scripts. A reference's title is marked in the
/// reference's own `highlights`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentHighlights {
    pub title: Vec<[usize; 2]>,
    pub subtitle: Vec<[usize; 2]>,
    pub body: Vec<[usize; 2]>,
    /// One list per summary bullet.
    pub summary: Vec<Vec<[usize; 2]>>,
}

impl Document {
    /// The texts of this document, its references and its article that a view shows,
    /// with the stored field each is searched as, in a fixed order [`Document::mark`]
    /// reads back.
    pub(crate) fn shown_texts(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![
            ("title", self.title.as_str()),
            ("subtitle", self.subtitle.as_deref().unwrap_or("")),
            ("body", self.body.as_deref().unwrap_or("")),
        ];
        texts.extend(self.summary.iter().map(|s| ("summary", s.as_str())));
        texts.extend(self.references.iter().map(|r| ("title", r.title.as_str())));
        texts.extend(self.article.iter().map(|a| ("title", a.title.as_str())));
        texts
    }

    /// Takes the marks of [`Document::shown_texts`], in its order.
    pub(crate) fn mark(&mut self, marks: Vec<Vec<[usize; 2]>>) {
        let mut marks = marks.into_iter();
        let mut next = || marks.next().unwrap_or_default();
        let (title, subtitle, body) = (next(), next(), next());
        let summary = self.summary.iter().map(|_| next()).collect();
        self.highlights = Some(DocumentHighlights {
            title,
            subtitle,
            body,
            summary,
        });
        for linked in self.references.iter_mut().chain(self.article.as_deref_mut()) {
            linked.highlights = Some(DocumentHighlights {
                title: next(),
                ..DocumentHighlights::default()
            });
        }
    }

    /// Keeps `chars` characters of the body from character `from` — all of it when it
    /// is that short — and says which part is kept (`body_chars`, `body_from`) when it
    /// is not the whole. A 50 MB document was sent whole with every request for it.
    pub fn keep_body_part(&mut self, from: usize, chars: usize) {
        let Some(body) = &mut self.body else {
            return;
        };
        if from == 0 && body.len() <= chars {
            // No more bytes than `chars` allows: certainly whole.
            return;
        }
        let total = body.chars().count();
        if from == 0 && total <= chars {
            return;
        }
        let byte = |at: usize| body.char_indices().nth(at).map_or(body.len(), |(b, _)| b);
        let (start, end) = (byte(from.min(total)), byte(from.saturating_add(chars).min(total)));
        *body = body[start..end].to_string();
        self.body_chars = Some(total);
        self.body_from = Some(from.min(total));
    }
}

/// A stored date as `YYYY-MM-DD`.
pub(crate) fn stored_date(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_datetime())
        .map(|d| Date::from_days_since_epoch(d.into_timestamp_secs().div_euclid(86_400)).to_string())
}

pub(crate) fn with_value(
    searcher: &tantivy::Searcher,
    field: Field,
    value: &str,
    limit: usize,
) -> tantivy::Result<Vec<TantivyDocument>> {
    let query = TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
    let found = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
    found.into_iter().map(|(_, address)| searcher.doc(address)).collect()
}

fn read(f: &Fields, doc: &TantivyDocument) -> Document {
    let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    Document {
        id: text(f.id).unwrap_or_default(),
        kind: text(f.kind).unwrap_or_default(),
        title: text(f.title).unwrap_or_default(),
        subtitle: text(f.subtitle).filter(|s| !s.is_empty()),
        body: text(f.body).filter(|s| !s.is_empty()),
        body_chars: None,
        body_from: None,
        summary: doc
            .get_all(f.summary)
            .filter_map(|v| v.as_str())
            .map(str::to_string)
            .collect(),
        section: text(f.section),
        category: text(f.category),
        date: stored_date(doc, f.date),
        issue_date: stored_date(doc, f.issue_date),
        path: text(f.path),
        pages: f
            .pages
            .map(|field| {
                doc.get_all(field)
                    .filter_map(|v| v.as_u64())
                    .filter_map(|p| u32::try_from(p).ok())
                    .collect()
            })
            .unwrap_or_default(),
        url: text(f.url),
        outlet: text(f.outlet),
        link_kind: text(f.link_kind),
        parent_id: text(f.parent_id),
        parent_title: text(f.parent_title),
        references: Vec::new(),
        article: None,
        highlights: None,
    }
}

/// The link number of `<article>/ref-<n>`, to list links in citing order.
fn link_number(id: &str) -> usize {
    id.rsplit_once("/ref-")
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// The document with this id, with its references or its article; `None` if the
/// index has no such id.
pub(crate) fn document(f: &Fields, searcher: &tantivy::Searcher, id: &str) -> tantivy::Result<Option<Document>> {
    let Some(found) = with_value(searcher, f.id, id, 1)?.into_iter().next() else {
        return Ok(None);
    };
    let mut document = read(f, &found);
    if let Some(parent) = document.parent_id.clone() {
        if let Some(article) = with_value(searcher, f.id, &parent, 1)?.first() {
            document.article = Some(Box::new(read(f, article)));
        }
    } else {
        let mut references: Vec<Document> = with_value(searcher, f.parent_id, id, MAX_REFERENCES)?
            .iter()
            .map(|d| read(f, d))
            .collect();
        references.sort_by(|a, b| link_number(&a.id).cmp(&link_number(&b.id)).then(a.id.cmp(&b.id)));
        document.references = references;
    }
    Ok(Some(document))
}

/// The PDF a document was read from: the file in the corpus folder the index was
/// built from (`hanseek serve` hands it out at `/api/documents/{id}/original`).
#[derive(Debug, Clone, Serialize)]
pub struct Original {
    /// Absolute, with links resolved; inside the corpus folder.
    pub file: std::path::PathBuf,
    /// The article's pages (a link's: its article's).
    pub pages: Vec<u32>,
}

/// Why a document has no original to hand out.
#[derive(Debug, thiserror::Error)]
pub enum OriginalError {
    #[error("'{0}' was not read from a PDF: only PDFs are handed out")]
    NotPdf(String),
    #[error("the PDF '{0}' is no longer in the corpus folder (moved or removed since the index was built)")]
    Missing(String),
    #[error("the PDF of '{0}' is outside the corpus folder: not handed out")]
    Outside(String),
}

/// The original PDF of document `id`, looked up by its source name in the corpus
/// folder `corpus` (never by a path from a request, nor by the stored path as the
/// build was given it): `Ok(None)` when there is no such document.
pub(crate) fn original(
    f: &Fields,
    searcher: &tantivy::Searcher,
    corpus: &std::path::Path,
    id: &str,
) -> tantivy::Result<Option<Result<Original, OriginalError>>> {
    let Some(found) = with_value(searcher, f.id, id, 1)?.into_iter().next() else {
        return Ok(None);
    };
    let text = |field: Field| found.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let mut document = read(f, &found);
    if let Some(parent) = &document.parent_id {
        if let Some(article) = with_value(searcher, f.id, parent, 1)?.first() {
            document.pages = read(f, article).pages;
        }
    }
    let (Some(source), Some(path)) = (text(f.source), document.path.clone()) else {
        return Ok(Some(Err(OriginalError::NotPdf(id.to_string()))));
    };
    let extension = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    if !extension.eq_ignore_ascii_case("pdf") {
        return Ok(Some(Err(OriginalError::NotPdf(id.to_string()))));
    }
    let file = corpus.join(format!("{source}.{extension}"));
    let (Ok(file), Ok(root)) = (file.canonicalize(), corpus.canonicalize()) else {
        return Ok(Some(Err(OriginalError::Missing(path))));
    };
    if !file.starts_with(&root) || !file.is_file() {
        return Ok(Some(Err(OriginalError::Outside(id.to_string()))));
    }
    Ok(Some(Ok(Original {
        file,
        pages: document.pages,
    })))
}
