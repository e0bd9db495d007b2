//! Weekly reports read from PDF give the same articles as their Markdown form: the
//! bundled report and a second week derived from it, rendered by two PDF writers in
//! three layouts (tests/fixtures/pdf/render.mjs): running headers and page numbers,
//! justified text wrapped inside words, tables across pages, wrapped URLs. Needs
//! poppler's pdftohtml (Debian's poppler-utils; .ci/run installs it).

use std::path::{Path, PathBuf};

use hanseek_corpus::{parse_bytes, parse_path, Article, Format, Report};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (PDF, the Markdown it was rendered from).
fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let pdfs = root().join("tests/fixtures/pdf");
    let markdown = |stem: &str| match stem {
        "kostec-weekly-2023-12-01" => root().join("corpus/kostec-weekly-2023-12-01.md"),
        other => pdfs.join(format!("{other}.md")),
    };
    let mut out = Vec::new();
    for layout in ["report", "serif", "plain", "boxed"] {
        for entry in std::fs::read_dir(pdfs.join(layout)).expect("the fixture folders") {
            let pdf = entry.unwrap().path();
            let stem = pdf.file_stem().unwrap().to_str().unwrap().to_string();
            out.push((pdf, markdown(&stem)));
        }
    }
    out.sort();
    assert!(out.len() >= 5, "{out:?}");
    out
}

fn read(path: &Path) -> (Report, Vec<String>) {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let parsed = parse_path(path, stem);
    assert!(parsed.errors.is_empty(), "{}: {:?}", path.display(), parsed.errors);
    let warnings = parsed.warnings.iter().map(ToString::to_string).collect();
    (parsed.report.expect("a report"), warnings)
}

/// Character bigrams of a text with its whitespace runs as one space: a space wrongly
/// added or lost at a wrap changes the set.
fn bigrams(text: &str) -> std::collections::HashSet<(char, char)> {
    let chars: Vec<char> = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(a), bigrams(b));
    a.intersection(&b).count() as f64 / a.union(&b).count().max(1) as f64
}

fn urls(article: &Article) -> Vec<Option<String>> {
    article.references.iter().map(|r| r.url.clone()).collect()
}

#[test]
fn every_fixture_pdf_gives_the_articles_of_its_markdown() {
    for (pdf_path, md_path) in fixtures() {
        let (pdf, warnings) = read(&pdf_path);
        let (md, _) = read(&md_path);
        let name = pdf_path.display().to_string();
        assert!(warnings.is_empty(), "{name}: {warnings:#?}");
        assert_eq!(pdf.format, Format::PdfReport, "{name}");
        assert_eq!(pdf.title, md.title, "{name}");
        assert_eq!(pdf.issue_date, md.issue_date, "{name}");
        assert_eq!(pdf.publisher, md.publisher, "{name}");
        let ids = |r: &Report| r.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&pdf), ids(&md), "{name}");
        for (p, m) in pdf.articles.iter().zip(&md.articles) {
            let at = format!("{name} {}", m.id);
            assert_eq!(p.title, m.title, "{at}");
            assert_eq!(p.subtitle, m.subtitle, "{at}");
            assert_eq!(
                (&p.section, &p.section_number, &p.category),
                (&m.section, &m.section_number, &m.category),
                "{at}"
            );
            assert_eq!(p.date, m.date, "{at}");
            assert_eq!(urls(p), urls(m), "{at}");
            let kinds = |a: &Article| a.references.iter().map(|r| r.kind).collect::<Vec<_>>();
            assert_eq!(kinds(p), kinds(m), "{at}");
            let titles = |a: &Article| a.references.iter().map(|r| r.title.clone()).collect::<Vec<_>>();
            assert_eq!(titles(p), titles(m), "{at}");
            assert_eq!(p.summary.len(), m.summary.len(), "{at}: 요약 bullets");
            let similarity = jaccard(&p.body, &m.body);
            if std::env::var_os("HANSEEK_PRINT_SIMILARITY").is_some() {
                println!("{similarity:.4} {at}");
            }
            assert!(
                similarity >= 0.95,
                "{at}: body bigrams {similarity:.3}\nPDF: {}\nMD: {}",
                p.body,
                m.body
            );
            assert!(!p.pages.is_empty() && m.pages.is_empty(), "{at}: pages {:?}", p.pages);
        }
    }
}

/// A table row that a page break cuts stays one row: in the report layout the
/// 일대일로 table's fourth row goes on at the top of page 8.
#[test]
fn a_table_row_cut_by_a_page_break_stays_one_row() {
    let (pdf, _) = read(&root().join("tests/fixtures/pdf/report/kostec-weekly-2023-12-01.pdf"));
    let article = pdf.articles.iter().find(|a| a.id.ends_with("II-02")).unwrap();
    assert_eq!(article.pages, vec![7, 8]);
    let row = article.body.lines().find(|l| l.starts_with("4 | 금융")).expect("row 4");
    assert!(
        row.contains("금융협력 메커니즘") && row.contains("新 투융자 채널") && row.contains("위안화 채권 발행 지원"),
        "{row}"
    );
    let rows: Vec<&str> = article.body.lines().filter(|l| l.contains(" | ")).collect();
    assert_eq!(rows.len(), 7, "{rows:#?}");
}

/// The articles' pages are in order and cover the report between the cover and the
/// colophon; an article starts where the one before ends (or on the next page).
#[test]
fn articles_remember_their_pages() {
    for (pdf_path, _) in fixtures() {
        let (pdf, _) = read(&pdf_path);
        let mut last = 0;
        for article in &pdf.articles {
            let pages = &article.pages;
            assert!(pages.windows(2).all(|w| w[1] == w[0] + 1), "{}: {pages:?}", article.id);
            if last > 0 {
                assert!(
                    pages[0] >= last && pages[0] <= last + 1,
                    "{}: {pages:?} after {last}",
                    article.id
                );
            }
            last = *pages.last().unwrap();
        }
    }
    // The first article of the report layout starts on page 3 (cover, 요약, then I).
    let (pdf, _) = read(&root().join("tests/fixtures/pdf/report/kostec-weekly-2023-12-01.pdf"));
    assert_eq!(pdf.articles[0].pages[0], 3);
}

#[test]
fn a_pdf_that_is_no_pdf_is_an_error_of_that_file() {
    let parsed = parse_bytes("corpus/broken.pdf", "broken", b"%PDF-1.4\nthis is not a PDF at all");
    assert!(parsed.report.is_none());
    assert!(
        parsed.errors[0].to_string().starts_with("corpus/broken.pdf: "),
        "{:?}",
        parsed.errors
    );
}

/// One `<text>` run of poppler's XML with arbitrary position, size, weight and link.
fn layout_run() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "01",
        "Ⅱ",
        "정책동향",
        "■ 녹색 발전(11.25)",
        "참고자료",
        "☑ 曲建",
        "○ 선전",
        "- 리튬배",
        "터리",
        "〈표〉",
        "http://a.cn/x_",
        "y.html",
        "발 행 일 | 2023. 12. 1",
        "CONTENTS",
        "요약",
        "&amp;",
        "⻓春",
        "",
        " ",
        "<",
    ]);
    (0u16..1300, 0u16..900, 0u16..400, 0u16..60, 0u8..4, any::<bool>(), prop::option::of(0u8..3), words).prop_map(
        |(top, left, width, height, font, bold, link, text)| {
            let text = text.replace('<', "&lt;");
            let text = if bold { format!("<b>{text}</b>") } else { text };
            let text = match link {
                Some(n) => format!("<a href=\"http://a.cn/{n}\">{text}</a>"),
                None => text,
            };
            format!("<text top=\"{top}\" left=\"{left}\" width=\"{width}\" height=\"{height}\" font=\"{font}\">{text}</text>")
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The layout reader and the report rebuilt from it, on layouts of any shape.
    #[test]
    fn the_layout_reader_never_panics(pages in prop::collection::vec(prop::collection::vec(layout_run(), 0..60), 0..5)) {
        let mut xml = String::from("<pdf2xml>");
        for (n, runs) in pages.iter().enumerate() {
            xml.push_str(&format!("<page number=\"{}\" height=\"1262\" width=\"892\">", n + 1));
            for font in 0..4 {
                xml.push_str(&format!("<fontspec id=\"{font}\" size=\"{}\" family=\"T\" color=\"#000\"/>", 12 + font * 6));
            }
            xml.push_str(&runs.concat());
            xml.push_str("</page>");
        }
        xml.push_str("</pdf2xml>");
        let parsed = hanseek_corpus::pdf::parse_layout_xml("x.pdf", "x", &xml);
        prop_assert!(parsed.report.is_some() || !parsed.errors.is_empty());
        for article in parsed.report.iter().flat_map(|r| &r.articles) {
            prop_assert!(article.pages.windows(2).all(|w| w[0] < w[1]), "{:?}", article.pages);
        }
    }

    #[test]
    fn the_layout_reader_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = hanseek_corpus::pdf::parse_layout_xml("x.pdf", "x", &text);
    }
}

proptest! {
    // Each case runs pdftohtml: a few dozen.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any bytes named .pdf: an error of that file or a document, never a panic.
    #[test]
    fn any_bytes_named_pdf_are_an_error_or_a_document(bytes in prop::collection::vec(any::<u8>(), 0..300), header in any::<bool>()) {
        let bytes = if header { [b"%PDF-1.7\n".as_slice(), &bytes].concat() } else { bytes };
        let parsed = parse_bytes("x.pdf", "x", &bytes);
        prop_assert!(parsed.report.is_some() == parsed.errors.is_empty());
    }
}

/// One run of poppler's XML at the left margin, 14 units a character wide.
fn run(top: u32, size: u32, bold: bool, text: &str) -> String {
    let width = text.chars().count() * 14;
    let text = if bold {
        format!("<b>{text}</b>")
    } else {
        text.to_string()
    };
    format!("<text top=\"{top}\" left=\"85\" width=\"{width}\" height=\"20\" font=\"{size}\">{text}</text>")
}

/// A `pdf2xml` document of these pages' runs, with fonts of size 15 and 27.
fn layout(pages: &[Vec<String>]) -> String {
    let pages: String = pages
        .iter()
        .enumerate()
        .map(|(n, runs)| {
            format!(
                "<page number=\"{}\" height=\"1262\" width=\"892\">{}</page>",
                n + 1,
                runs.concat()
            )
        })
        .collect();
    format!("<pdf2xml><fontspec id=\"15\" size=\"15\"/><fontspec id=\"27\" size=\"27\"/>{pages}</pdf2xml>")
}

/// Issue 25.5: a PDF with a report's CONTENTS, 요약 and colophon in which no article
/// heading can be found is still indexed, as one document, with a warning naming what
/// was missing.
#[test]
fn a_report_pdf_without_article_headings_is_one_document_and_a_warning() {
    let xml = layout(&[
        vec![
            run(200, 27, true, "중국 과학기술 정책 주간동향"),
            run(300, 27, true, "CONTENTS"),
            run(340, 15, false, "웨강아오대만구, 미래 10대 산업 선정"),
        ],
        vec![
            run(200, 27, true, "요약"),
            run(240, 15, false, "○ 선전에서 개최된 포럼에서 10대 산업을 발표하였다."),
        ],
        vec![
            run(200, 15, false, "웨강아오대만구 10대 산업 선정 기사 본문"),
            run(300, 15, false, "발 행 일 | 2023. 12. 1"),
        ],
    ]);
    let parsed = hanseek_corpus::pdf::parse_layout_xml("corpus/week.pdf", "week", &xml);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let report = parsed.report.expect("indexed as one document");
    assert_eq!(report.format, Format::Pdf);
    assert_eq!(report.articles.len(), 1);
    assert!(
        report.articles[0].body.contains("기사 본문"),
        "{:?}",
        report.articles[0]
    );
    assert_eq!(report.articles[0].pages, vec![1, 2, 3]);
    let warning = parsed
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        warning.starts_with("corpus/week.pdf: ")
            && warning.contains("cannot be split into articles")
            && warning.contains("indexed as one document"),
        "{warning}"
    );
}

/// A URL shown as text without a link annotation, wrapped over two lines, is one URL:
/// the reference above it gets it whole.
#[test]
fn a_url_wrapped_without_a_link_is_rejoined() {
    let xml = layout(&[
        vec![
            run(200, 27, true, "중국 과학기술 정책 주간동향"),
            run(300, 27, true, "CONTENTS"),
            run(340, 15, false, "광둥성, 인공지능 혁신거점"),
        ],
        vec![
            run(100, 27, true, "Ⅱ 정책동향"),
            run(160, 27, true, "04 광둥성, 인공지능 혁신거점"),
            run(200, 15, true, "■ 범용 인공지능 핵심산업 목표(11.13)"),
            run(240, 15, false, "○ 광둥성인민정부는 실시의견을 발표"),
            run(280, 15, true, "참고자료"),
            run(
                320,
                15,
                false,
                "☑ 广东省人民政府关于加快建设通用人工智能产业创新引领地的实施意见",
            ),
            run(
                345,
                15,
                false,
                "https://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_428",
            ),
            run(370, 15, false, "2629.html"),
        ],
        vec![
            run(200, 27, true, "중국 과학기술 정책 주간동향"),
            run(300, 15, false, "발 행 일 | 2023. 12. 1"),
        ],
    ]);
    let parsed = hanseek_corpus::pdf::parse_layout_xml("corpus/week.pdf", "week", &xml);
    let report = parsed.report.expect("a report");
    assert_eq!(report.format, Format::PdfReport, "{:?}", parsed.warnings);
    let article = &report.articles[0];
    assert_eq!(
        (article.id.as_str(), article.title.as_str()),
        ("week/II-04", "광둥성, 인공지능 혁신거점")
    );
    let urls: Vec<Option<&str>> = article.references.iter().map(|r| r.url.as_deref()).collect();
    assert_eq!(
        urls,
        vec![Some("https://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_4282629.html")],
        "{article:#?}"
    );
}

/// Found by the `pdf_layout` fuzz target: a layout whose pages repeat a number gave a
/// document the pages [1, 1]. Pages are numbered by their order.
#[test]
fn pages_are_numbered_by_their_order_whatever_the_layout_says() {
    let bytes = std::fs::read(root().join("crates/corpus/tests/fixtures/pdf-layout-repeated-page.xml")).unwrap();
    let xml = String::from_utf8_lossy(&bytes);
    let parsed = hanseek_corpus::pdf::parse_layout_xml("x.pdf", "x", &xml);
    for article in parsed.report.iter().flat_map(|r| &r.articles) {
        assert!(article.pages.windows(2).all(|w| w[0] < w[1]), "{:?}", article.pages);
    }
}
