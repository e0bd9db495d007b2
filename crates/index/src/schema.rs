//! The index schema: one document per article and one per reference link.
//!
//! Text fields are analyzed twice: with the main analyzer (`hanseek`, positions for
//! phrases) and, for recall, with character bigrams (`hanseek_recall`). Titles and
//! reference titles have main fields of their own (they weigh more, and a reference
//! title is what lets an article outrank its own Chinese source for a Chinese word);
//! subtitle, body and 요약 bullets share one main field, `text`, and are stored apart
//! for display and snippets: a query word is then a union of five fields, not seven,
//! and merging a word's fields is what a query of two frequent words spends its time
//! on (BENCHMARKS.md). Fields users filter and count on (kind, section,
//! category, month) are raw strings with fast columns; dates are indexed and fast.

use hanseek_analysis::AnalyzerKind;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, STORED, STRING,
};

/// Every field of the schema, by name.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `article` or `reference`.
    pub kind: Field,
    /// Stable document id: the article id, or `<article id>/ref-<n>` for a link.
    pub id: Field,
    /// The corpus file (its source name) the document came from; updates replace by it.
    pub source: Field,
    /// The corpus file's path, for display.
    pub path: Field,
    pub issue_date: Field,
    /// The article's date (for a link: its article's date).
    pub date: Field,
    /// `YYYY-MM` of `date` (or of the issue date), for month facets.
    pub month: Field,
    pub section: Field,
    pub section_number: Field,
    pub category: Field,
    pub number: Field,
    /// The article title, or the reference title for a link.
    pub title: Field,
    /// Stored only (searched through `text`).
    pub subtitle: Field,
    /// Stored only (searched through `text`); tables and summary text included.
    pub body: Field,
    /// 요약 bullets attached to the article; stored only (searched through `text`).
    pub summary: Field,
    /// For an article: the titles of its references; for a link: its own title.
    pub ref_title: Field,
    /// Main tokens of subtitle, body and 요약 bullets, each its own value (a phrase never
    /// spans two of them).
    pub text: Field,
    pub url: Field,
    /// For a link: `reference`, `source` or `image_source`.
    pub link_kind: Field,
    pub outlet: Field,
    pub parent_id: Field,
    /// For a link: its article's title (so the link is found and shown on its own).
    pub parent_title: Field,
    /// Bigrams of the title.
    pub title_recall: Field,
    /// Bigrams of subtitle, body, summary, reference and parent titles.
    pub text_recall: Field,
    /// Sino-Korean readings of the Han words of every text field (无人机 → 무인기), so
    /// that Korean keywords find Chinese text; weighted below direct matches.
    pub bridge: Field,
    /// Adjacent pairs of main tokens of subtitle, body, summary and reference titles
    /// (`국가 혁신`): a phrase query looks its pairs up there instead of checking
    /// positions in each of those fields.
    pub pairs: Field,
    /// For an article read from a PDF: the 1-based pages it spans (stored only). `None`
    /// in indexes built before PDFs were read as reports; they open as they are.
    pub pages: Option<Field>,
    /// Korean compounds and loanwords as written (나노발전기, which the main fields hold
    /// as 나노 발전 기: `hanseek_analysis::surface_words`), one term each, not stored:
    /// what completions, 초성 and typos look words up in besides the main fields.
    /// `None` in indexes built before it; they open as they are, without those words
    /// (old versions of hanseek ignore the field, so the format is unchanged).
    pub surface: Option<Field>,
}

/// The fields a query word is looked up in: the only place their names are written.
/// Search weighs them (`hanseek_search::fields`); naming one that does not exist is a
/// compile error, not a silent fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchedField {
    Title,
    RefTitle,
    Text,
    ParentTitle,
    TitleRecall,
    TextRecall,
    Bridge,
    Pairs,
}

impl SearchedField {
    pub const ALL: [SearchedField; 8] = [
        SearchedField::Title,
        SearchedField::RefTitle,
        SearchedField::Text,
        SearchedField::ParentTitle,
        SearchedField::TitleRecall,
        SearchedField::TextRecall,
        SearchedField::Bridge,
        SearchedField::Pairs,
    ];

    /// The field's name in the schema (and in `--explain`).
    pub fn name(self) -> &'static str {
        match self {
            SearchedField::Title => "title",
            SearchedField::RefTitle => "ref_title",
            SearchedField::Text => "text",
            SearchedField::ParentTitle => "parent_title",
            SearchedField::TitleRecall => "title_recall",
            SearchedField::TextRecall => "text_recall",
            SearchedField::Bridge => "bridge",
            SearchedField::Pairs => "pairs",
        }
    }

    /// The stored fields whose text this field indexes (see `document::add_searchable`):
    /// where a highlighter looks for what a clause on this field matched.
    pub fn stored_sources(self) -> &'static [&'static str] {
        match self {
            SearchedField::Title | SearchedField::TitleRecall => &["title"],
            SearchedField::RefTitle => &["ref_title"],
            SearchedField::Text => &["subtitle", "body", "summary"],
            SearchedField::ParentTitle => &["parent_title"],
            SearchedField::TextRecall => &["subtitle", "body", "summary", "ref_title", "parent_title"],
            SearchedField::Bridge => &["title", "subtitle", "body", "summary", "ref_title"],
            SearchedField::Pairs => &["subtitle", "body", "summary", "ref_title"],
        }
    }

    /// The document's own title (`title:` queries search only these; a link's
    /// `parent_title` is its article's, not its own).
    pub fn is_title(self) -> bool {
        matches!(self, SearchedField::Title | SearchedField::TitleRecall)
    }
}

/// The fast columns search ranks ties by (`hanseek_search::top`).
pub const ID_FIELD: &str = "id";
pub const DATE_FIELD: &str = "date";

pub const KIND_ARTICLE: &str = "article";
pub const KIND_REFERENCE: &str = "reference";

fn analyzed(kind: AnalyzerKind, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(kind.name())
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// A text's surface words (`hanseek_analysis::SurfaceTokenizer`), each one term,
/// counted (a word's frequency in a document), without positions.
fn surface_words() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(hanseek_analysis::SURFACE)
        .set_index_option(IndexRecordOption::WithFreqs);
    TextOptions::default().set_indexing_options(indexing)
}

pub const SURFACE_FIELD: &str = "surface";

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let main = analyzed(AnalyzerKind::Main, true);
    let shown = TextOptions::default().set_stored();
    let recall = analyzed(AnalyzerKind::Recall, false);
    let date = DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | FAST | STORED),
        // Fast too: equal scores and dates are ranked by id (`hanseek_search::top`).
        id: b.add_text_field(ID_FIELD, STRING | FAST | STORED),
        source: b.add_text_field("source", STRING | STORED),
        path: b.add_text_field("path", STORED),
        issue_date: b.add_date_field("issue_date", date.clone()),
        date: b.add_date_field(DATE_FIELD, date),
        month: b.add_text_field("month", STRING | FAST | STORED),
        section: b.add_text_field("section", STRING | FAST | STORED),
        section_number: b.add_text_field("section_number", STORED),
        category: b.add_text_field("category", STRING | FAST | STORED),
        number: b.add_u64_field("number", NumericOptions::default().set_stored()),
        title: b.add_text_field(SearchedField::Title.name(), main.clone()),
        subtitle: b.add_text_field("subtitle", shown.clone()),
        body: b.add_text_field("body", shown.clone()),
        summary: b.add_text_field("summary", shown),
        ref_title: b.add_text_field(SearchedField::RefTitle.name(), main.clone()),
        text: b.add_text_field(SearchedField::Text.name(), analyzed(AnalyzerKind::Main, false)),
        url: b.add_text_field("url", STRING | STORED),
        link_kind: b.add_text_field("link_kind", STRING | STORED),
        outlet: b.add_text_field("outlet", STRING | STORED),
        parent_id: b.add_text_field("parent_id", STRING | STORED),
        parent_title: b.add_text_field(SearchedField::ParentTitle.name(), main),
        title_recall: b.add_text_field(SearchedField::TitleRecall.name(), recall.clone()),
        text_recall: b.add_text_field(SearchedField::TextRecall.name(), recall),
        bridge: b.add_text_field(SearchedField::Bridge.name(), analyzed(AnalyzerKind::Bridge, false)),
        pairs: b.add_text_field(SearchedField::Pairs.name(), analyzed(AnalyzerKind::Pairs, false)),
        pages: Some(b.add_u64_field("pages", NumericOptions::default().set_stored())),
        surface: Some(b.add_text_field(SURFACE_FIELD, surface_words())),
    };
    (b.build(), fields)
}

impl Fields {
    /// The handle of a searched field.
    pub fn searched(&self, field: SearchedField) -> Field {
        match field {
            SearchedField::Title => self.title,
            SearchedField::RefTitle => self.ref_title,
            SearchedField::Text => self.text,
            SearchedField::ParentTitle => self.parent_title,
            SearchedField::TitleRecall => self.title_recall,
            SearchedField::TextRecall => self.text_recall,
            SearchedField::Bridge => self.bridge,
            SearchedField::Pairs => self.pairs,
        }
    }

    /// The handles of an opened index's schema; `None` if a field is missing (an index
    /// of another format — the version check normally catches that first).
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            kind: f("kind")?,
            id: f(ID_FIELD)?,
            source: f("source")?,
            path: f("path")?,
            issue_date: f("issue_date")?,
            date: f(DATE_FIELD)?,
            month: f("month")?,
            section: f("section")?,
            section_number: f("section_number")?,
            category: f("category")?,
            number: f("number")?,
            title: f(SearchedField::Title.name())?,
            subtitle: f("subtitle")?,
            body: f("body")?,
            summary: f("summary")?,
            ref_title: f(SearchedField::RefTitle.name())?,
            text: f(SearchedField::Text.name())?,
            url: f("url")?,
            link_kind: f("link_kind")?,
            outlet: f("outlet")?,
            parent_id: f("parent_id")?,
            parent_title: f(SearchedField::ParentTitle.name())?,
            title_recall: f(SearchedField::TitleRecall.name())?,
            text_recall: f(SearchedField::TextRecall.name())?,
            bridge: f(SearchedField::Bridge.name())?,
            pairs: f(SearchedField::Pairs.name())?,
            pages: f("pages"),
            surface: f(SURFACE_FIELD),
        })
    }
}
