//! Turning parsed reports into tantivy documents: one per article, one per reference.

use hanseek_corpus::{Article, Date, Reference, ReferenceKind, Report};
use tantivy::schema::Field;
use tantivy::{DateTime, TantivyDocument};

use crate::schema::{Fields, KIND_ARTICLE, KIND_REFERENCE};

/// All documents of one parsed corpus file, with their counts.
pub struct FileDocuments {
    pub documents: Vec<TantivyDocument>,
    pub ids: Vec<String>,
    /// Whether each document is a reference link (else an article).
    pub is_link: Vec<bool>,
    pub articles: usize,
    pub links: usize,
}

/// The optional fields an index fills, as its build chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Optional {
    /// The `bridge` field (Sino-Korean readings of Han text); off for an index without
    /// cross-script matches (`index build --no-bridge`).
    pub bridge: bool,
    /// The `pairs` field (adjacent word pairs); off for an index whose phrases check
    /// positions instead (`index build --no-pairs`).
    pub pairs: bool,
}

pub fn report_documents(fields: &Fields, source: &str, report: &Report, optional: Optional) -> FileDocuments {
    let mut out = FileDocuments {
        documents: Vec::new(),
        ids: Vec::new(),
        is_link: Vec::new(),
        articles: 0,
        links: 0,
    };
    let push = |out: &mut FileDocuments, id: String, doc: TantivyDocument, is_article: bool| {
        out.ids.push(id);
        out.documents.push(doc);
        out.is_link.push(!is_article);
        if is_article {
            out.articles += 1;
        } else {
            out.links += 1;
        }
    };
    for article in &report.articles {
        push(
            &mut out,
            article.id.clone(),
            article_document(fields, source, report, article, optional),
            true,
        );
        for (n, reference) in article.references.iter().enumerate() {
            let id = reference_id(&article.id, n);
            push(
                &mut out,
                id.clone(),
                reference_document(fields, source, report, article, reference, &id, optional),
                false,
            );
        }
    }
    // 요약 bullets no article could be matched to stay searchable in a document of
    // their own (never dropped); the bundled report has none.
    if !report.unattached_summary.is_empty() {
        let summary = Article {
            id: format!("{source}/요약"),
            section: None,
            section_number: None,
            category: None,
            number: None,
            title: format!("요약 — {}", report.title),
            subtitle: None,
            date: report.issue_date,
            body: String::new(),
            summary: report.unattached_summary.clone(),
            url: None,
            references: Vec::new(),
            line: 0,
            pages: Vec::new(),
        };
        push(
            &mut out,
            summary.id.clone(),
            article_document(fields, source, report, &summary, optional),
            true,
        );
    }
    out
}

fn reference_id(article_id: &str, index: usize) -> String {
    format!("{article_id}/ref-{}", index + 1)
}

fn date_value(date: Date) -> DateTime {
    DateTime::from_timestamp_secs(date.days_since_epoch() * 86_400)
}

fn month(date: Option<Date>) -> Option<String> {
    date.map(|d| format!("{:04}-{:02}", d.year(), d.month()))
}

/// Fields an article and its links share: where they come from and when.
fn add_common(doc: &mut TantivyDocument, fields: &Fields, source: &str, report: &Report, article: &Article) {
    doc.add_text(fields.source, source);
    doc.add_text(fields.path, &report.path);
    if let Some(issue) = report.issue_date {
        doc.add_date(fields.issue_date, date_value(issue));
    }
    let date = article.date.or(report.issue_date);
    if let Some(date) = date {
        doc.add_date(fields.date, date_value(date));
    }
    if let Some(month) = month(date) {
        doc.add_text(fields.month, month);
    }
    if let Some(section) = &article.section {
        doc.add_text(fields.section, section);
    }
    if let Some(numeral) = &article.section_number {
        doc.add_text(fields.section_number, numeral);
    }
    if let Some(category) = &article.category {
        doc.add_text(fields.category, category);
    }
    if let Some(number) = article.number {
        doc.add_u64(fields.number, u64::from(number));
    }
}

/// A searchable text goes to its field (`shown`: stored for display and snippets, and
/// for titles and reference titles also indexed, for their weights); subtitles,
/// bodies and 요약 bullets are indexed in the shared `text` field instead. Every text
/// but a title also goes to the bigram text field and the word-pair field (titles are
/// short: a phrase checks their positions itself); titles to their own bigram field.
/// When the index has cross-script readings, every text also goes to the bridge field.
fn add_searchable(doc: &mut TantivyDocument, fields: &Fields, shown: Field, optional: Optional, text: &str) {
    doc.add_text(shown, text);
    if shown == fields.title {
        doc.add_text(fields.title_recall, text);
    } else {
        if shown != fields.ref_title {
            doc.add_text(fields.text, text);
        }
        doc.add_text(fields.text_recall, text);
        if optional.pairs {
            doc.add_text(fields.pairs, text);
        }
    }
    if optional.bridge {
        doc.add_text(fields.bridge, text);
    }
    if let Some(surface) = fields.surface {
        // Cut into its surface words by the field's tokenizer, on tantivy's thread,
        // after the main fields (see `hanseek_analysis::SurfaceTokenizer`).
        doc.add_text(surface, text);
    }
}

/// The texts of `report` that go to the word-pair field (see [`add_searchable`]), once
/// each: what [`crate::pair_words`] counts words in.
pub(crate) fn paired_texts(report: &Report) -> impl Iterator<Item = &str> {
    report.articles.iter().flat_map(|article| {
        let references = article.references.iter().map(|r| r.title.as_str());
        article
            .subtitle
            .as_deref()
            .into_iter()
            .chain(std::iter::once(article.body.as_str()))
            .chain(article.summary.iter().map(String::as_str))
            .chain(references)
    })
}

fn article_document(
    fields: &Fields,
    source: &str,
    report: &Report,
    article: &Article,
    optional: Optional,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, KIND_ARTICLE);
    doc.add_text(fields.id, &article.id);
    add_common(&mut doc, fields, source, report, article);
    add_searchable(&mut doc, fields, fields.title, optional, &article.title);
    if let Some(subtitle) = &article.subtitle {
        add_searchable(&mut doc, fields, fields.subtitle, optional, subtitle);
    }
    add_searchable(&mut doc, fields, fields.body, optional, &article.body);
    for bullet in &article.summary {
        add_searchable(&mut doc, fields, fields.summary, optional, bullet);
    }
    for reference in &article.references {
        add_searchable(&mut doc, fields, fields.ref_title, optional, &reference.title);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(pages) = fields.pages {
        for &page in &article.pages {
            doc.add_u64(pages, u64::from(page));
        }
    }
    doc
}

fn reference_document(
    fields: &Fields,
    source: &str,
    report: &Report,
    article: &Article,
    reference: &Reference,
    id: &str,
    optional: Optional,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, KIND_REFERENCE);
    doc.add_text(fields.id, id);
    add_common(&mut doc, fields, source, report, article);
    add_searchable(&mut doc, fields, fields.title, optional, &reference.title);
    doc.add_text(fields.ref_title, &reference.title);
    if optional.pairs {
        doc.add_text(fields.pairs, &reference.title);
    }
    doc.add_text(fields.link_kind, reference_kind_name(reference.kind));
    if let Some(url) = &reference.url {
        doc.add_text(fields.url, url);
    }
    if let Some(outlet) = &reference.outlet {
        doc.add_text(fields.outlet, outlet);
    }
    doc.add_text(fields.parent_id, &article.id);
    doc.add_text(fields.parent_title, &article.title);
    doc.add_text(fields.text_recall, &article.title);
    doc
}

/// The stored `link_kind`: the names `corpus inspect --json` uses.
pub fn reference_kind_name(kind: ReferenceKind) -> &'static str {
    match kind {
        ReferenceKind::Reference => "reference",
        ReferenceKind::Source => "source",
        ReferenceKind::ImageSource => "image_source",
    }
}
