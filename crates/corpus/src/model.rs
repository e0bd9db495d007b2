//! What the parser produces: reports, their articles, and the articles' reference links.

use serde::Serialize;

use crate::date::Date;

/// Which parser read a file. Detected from the extension and the content, never configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A weekly report: CONTENTS, 요약, numbered sections of numbered articles, colophon.
    Report,
    /// One JSON document per line.
    Jsonl,
    /// A `.txt` or `.md` file without report structure: one document.
    Plain,
    /// A weekly report read from a PDF's layout (fonts, positions, links).
    PdfReport,
    /// A PDF that is not a report (or could not be split into articles): one document.
    Pdf,
}

impl Format {
    /// What `corpus inspect` calls it.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Report => "a weekly report",
            Format::Jsonl => "JSONL",
            Format::Plain => "plain text",
            Format::PdfReport => "a report read from PDF",
            Format::Pdf => "a PDF read as one document",
        }
    }
}

/// One parsed corpus file. For JSONL and plain files the "report" is the file itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The path as given to the parser.
    pub path: String,
    pub format: Format,
    pub title: String,
    pub publisher: Option<String>,
    /// From the colophon (`| 발 행 일 | 2023. 12. 1`).
    pub issue_date: Option<Date>,
    /// The text encoding the file was read in (`UTF-8`, `UTF-16LE`, `EUC-KR` — CP949 —,
    /// `gb18030`, `Big5`); none for a PDF, whose text is not in a file encoding.
    pub encoding: Option<&'static str>,
    /// Text before the first section that belongs to no article (the CONTENTS note).
    /// Shown by `corpus inspect`, not indexed: it is the same boilerplate in every issue.
    pub preface: Vec<String>,
    /// 요약 bullets that no article could be matched to. They stay searchable as
    /// report-level text; matched bullets live in [`Article::summary`].
    pub unattached_summary: Vec<String>,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable across runs: `<source name>/<section numeral>-<number>` for reports
    /// (`kostec-weekly-2023-12-01/II-02`), the given id for JSONL, the source name
    /// for plain files.
    pub id: String,
    /// Section name as the report writes it (특집기사, 정책동향, 기술동향, 단신동향).
    pub section: Option<String>,
    /// The section's Roman numeral (I–IV).
    pub section_number: Option<String>,
    /// Category from the CONTENTS list (기술전략, 지역, 통계, 기계, 에너지).
    pub category: Option<String>,
    /// Number within the section (01 → 1).
    pub number: Option<u32>,
    pub title: String,
    /// The ■ line under the title (or the line in its place), without its date.
    pub subtitle: Option<String>,
    /// The subtitle's `(11.25)`, or for short news the source's date.
    pub date: Option<Date>,
    /// Clean text: no Markdown markers, HTML tags or entities; one line per paragraph,
    /// list item or table row (cells separated by ` | `).
    pub body: String,
    /// The 요약 bullets that summarize this article (matched by shared text).
    pub summary: Vec<String>,
    /// A document's own link (JSONL `url`).
    pub url: Option<String>,
    pub references: Vec<Reference>,
    /// 1-based line of the article's heading, for messages that point at the source.
    pub line: usize,
    /// The 1-based pages of the PDF it was read from, in order; empty for other formats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A ☑ line under 참고자료.
    Reference,
    /// The 출처 line of a short news item (outlet and date).
    Source,
    /// `* 출처:` under a figure.
    ImageSource,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub title: String,
    /// Exactly as a browser needs it: Markdown escapes removed, `<…>`/`[…](…)` unwrapped.
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<Date>,
    pub line: usize,
}
