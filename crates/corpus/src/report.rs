//! The weekly report format: a title, CONTENTS, 요약, sections (`## I` + name) of
//! numbered articles (`## 01 title` or `## 01` + `## title`), each with a subtitle,
//! body, 참고자료 or 출처 lines, and a colophon (발행일 …) at the end.
//!
//! The parser reads structure from the headings and markers the PDF converter leaves,
//! never from fixed positions, so that other issues of the same series parse too.

use crate::date::Date;
use crate::model::{Article, Format, Reference, ReferenceKind, Report};
use crate::text::{clean_inline, clean_line, find_url, url_line, Line};
use crate::{is_cjk, Problem};

/// Report or not: at least two of CONTENTS, 요약, a Roman-numeral section heading,
/// and a 발행일 colophon. A broken report still counts, so that it gets a report error
/// ("no recognizable article", "truncated") instead of being indexed as one plain text.
pub fn looks_like_report(lines: &[Line]) -> bool {
    let has = |pred: &dyn Fn(&Line) -> bool| lines.iter().any(pred);
    let signals = [
        has(&|l| l.is_heading() && matches!(key(l.text).as_str(), "contents" | "목차")),
        has(&|l| l.is_heading() && key(l.text) == "요약"),
        has(&|l| l.is_heading() && roman_numeral(l.text).is_some()),
        has(&|l| key_starts_with(l.text, "발행일")),
    ];
    signals.iter().filter(|&&s| s).count() >= 2
}

/// Parses a report. `source_name` prefixes article ids. Non-fatal oddities go to
/// `warnings`; a report that cannot be trusted (no article, truncated) is an error.
pub fn parse_report(
    path: &str,
    source_name: &str,
    lines: &[Line],
    warnings: &mut Vec<Problem>,
) -> Result<Report, Problem> {
    let problem = |line: Option<usize>, message: String| Problem::new(path, line, message);
    let title = report_title(lines);

    let colophon = find_colophon(lines, &key(&title)).ok_or_else(|| {
        let last = lines.iter().rev().find(|l| !l.is_blank()).map_or(0, |l| l.no);
        problem(
            Some(last),
            "no colophon (발행일 …) at the end: the report looks truncated after this line".into(),
        )
    })?;
    let issue_date = colophon.issue_date.ok_or_else(|| {
        problem(
            Some(colophon.date_line),
            "the colophon's 발행일 is not a date like '2023. 12. 1'".into(),
        )
    })?;

    let body_start = lines[..colophon.start]
        .iter()
        .position(|l| l.is_heading() && (roman_numeral(l.text).is_some() || article_heading(l.text).is_some()))
        .ok_or_else(|| {
            problem(
                None,
                "no recognizable article: no section (## I) or numbered article (## 01) heading".into(),
            )
        })?;

    let front = parse_front_matter(&lines[..body_start]);
    let mut articles = parse_articles(&lines[body_start..colophon.start], source_name, issue_date);
    if articles.is_empty() {
        return Err(problem(
            Some(lines[body_start].no),
            "no recognizable article after this section heading (expected '## 01 title')".into(),
        ));
    }
    distinct_ids(&mut articles, path, warnings);
    assign_categories(&mut articles, &front.contents, path, warnings);
    let unattached_summary = attach_summary(&mut articles, front.summary);

    Ok(Report {
        path: path.to_string(),
        format: Format::Report,
        title,
        publisher: colophon.publisher,
        issue_date: Some(issue_date),
        encoding: None,
        preface: front.preface,
        unattached_summary,
        articles,
    })
}

/// The first top-level heading (or the first heading).
fn report_title(lines: &[Line]) -> String {
    lines
        .iter()
        .find(|l| l.level == 1)
        .or_else(|| lines.iter().find(|l| l.is_heading()))
        .map(|l| clean_title(l.text))
        .unwrap_or_default()
}

/// How many articles the report's CONTENTS lists.
pub(crate) fn contents_entries(lines: &[Line]) -> usize {
    let body_start = lines
        .iter()
        .position(|l| l.is_heading() && (roman_numeral(l.text).is_some() || article_heading(l.text).is_some()))
        .unwrap_or(lines.len());
    parse_front_matter(&lines[..body_start]).contents.len()
}

/// The line number where the colophon starts, if the report has one.
pub(crate) fn colophon_line(lines: &[Line]) -> Option<usize> {
    let colophon = find_colophon(lines, &key(&report_title(lines)))?;
    lines.get(colophon.start).map(|l| l.no)
}

/// A section numeral written twice (two `## II` headings) gives two articles one id,
/// and the index keeps one document per id: the later one would silently replace the
/// earlier. Each repeat gets `~2`, `~3`, … and a warning naming its line.
fn distinct_ids(articles: &mut [Article], path: &str, warnings: &mut Vec<Problem>) {
    let mut seen = std::collections::HashSet::new();
    for article in articles.iter_mut() {
        if seen.insert(article.id.clone()) {
            continue;
        }
        let repeated = article.id.clone();
        let id = (2..)
            .map(|n| format!("{repeated}~{n}"))
            .find(|id| !seen.contains(id))
            .expect("an unused id");
        warnings.push(Problem::new(
            path,
            Some(article.line),
            format!(
                "article id '{repeated}' is an earlier article's too (a section numeral or article number repeated?): this one is '{id}'"
            ),
        ));
        seen.insert(id.clone());
        article.id = id;
    }
}

/// Letters and digits only, lower-cased: compares titles across spacing and quote styles.
fn key(s: &str) -> String {
    key_chars(s).collect()
}

fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|&c| is_word_char(c)).map(|c| c.to_ascii_lowercase())
}

/// `char::is_alphanumeric` with the report's common scripts answered first: the
/// general lookup is a table search that dominated parsing time.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || hanseek_script::is_hangul_syllable(c)
        || hanseek_script::is_han_basic(c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// `key(s).starts_with(prefix)`, stopping at the first difference: it runs on every
/// line of every file.
fn key_starts_with(s: &str, prefix: &str) -> bool {
    let mut chars = key_chars(s);
    prefix.chars().all(|p| chars.next() == Some(p))
}

/// `주/간/동/향` (letter-spaced in the PDF) → `주간동향`.
fn clean_title(s: &str) -> String {
    clean_inline(s)
        .split(' ')
        .map(|word| {
            let parts: Vec<&str> = word.split('/').collect();
            if parts.len() > 1 && parts.iter().all(|p| p.chars().count() == 1) {
                parts.concat()
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn roman_numeral(text: &str) -> Option<&'static str> {
    const NUMERALS: [(&str, &str); 10] = [
        ("I", "Ⅰ"),
        ("II", "Ⅱ"),
        ("III", "Ⅲ"),
        ("IV", "Ⅳ"),
        ("V", "Ⅴ"),
        ("VI", "Ⅵ"),
        ("VII", "Ⅶ"),
        ("VIII", "Ⅷ"),
        ("IX", "Ⅸ"),
        ("X", "Ⅹ"),
    ];
    let t = text.trim().trim_end_matches('.');
    NUMERALS
        .iter()
        .find(|(ascii, uni)| t == *ascii || t == *uni)
        .map(|(ascii, _)| *ascii)
}

/// `01 title` → (1, "title"); `01` → (1, ""). Sub-headings (`1) 정보 산업`) and CONTENTS
/// entries (`1. 특집기사`) are not articles: the number must be followed by a space.
fn article_heading(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = &text[digits..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((text[..digits].parse().ok()?, rest.trim()))
}

struct Colophon {
    start: usize,
    date_line: usize,
    issue_date: Option<Date>,
    publisher: Option<String>,
}

/// The colophon is the block from the repeated report title (a heading in Markdown,
/// plain text in some PDFs; and the Latin-only logo lines before it) through
/// `| 발 행 일 | …` to the end of the file.
fn find_colophon(lines: &[Line], title_key: &str) -> Option<Colophon> {
    let date_idx = lines.iter().rposition(|l| key_starts_with(l.text, "발행일"))?;
    let date_line = &lines[date_idx];
    let issue_date = date_line
        .text
        .find(|c: char| c.is_ascii_digit())
        .and_then(|start| date_line.text[start..].trim_end_matches(['|', ' ']).parse().ok());
    let publisher = lines[date_idx..]
        .iter()
        .find(|l| key_starts_with(l.text, "발행기관"))
        .and_then(|l| {
            // `| 발행기관 | …` in Markdown; a label and a value apart (a table row) in a PDF.
            let cells: Vec<&str> = l
                .text
                .split(['|', '\t'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            cells.get(1..).map(|rest| clean_inline(&rest.join(" ")))
        })
        .filter(|p| !p.is_empty());

    let mut start = date_idx;
    for (i, line) in lines[..date_idx].iter().enumerate().rev() {
        let logo_line = !line.text.contains("://") && !line.text.chars().any(is_cjk);
        if line.is_blank() || key(line.text) == title_key || logo_line {
            start = i;
        } else {
            break;
        }
    }
    // Blank lines at the start of the block belong to whatever precedes it.
    while start < date_idx && lines[start].is_blank() {
        start += 1;
    }
    Some(Colophon {
        start,
        date_line: date_line.no,
        issue_date,
        publisher,
    })
}

struct ContentsEntry {
    title: String,
    line: usize,
    category: Option<String>,
}

#[derive(Default)]
struct FrontMatter {
    contents: Vec<ContentsEntry>,
    summary: Vec<String>,
    preface: Vec<String>,
}

enum FrontMode {
    Other,
    Contents(usize),
    Summary(usize),
}

fn parse_front_matter(lines: &[Line]) -> FrontMatter {
    let mut front = FrontMatter::default();
    let mut mode = FrontMode::Other;
    let mut category: Option<String> = None;
    let mut seen_title = false;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        if line.is_heading() {
            match key(line.text).as_str() {
                "contents" | "목차" => {
                    mode = FrontMode::Contents(line.level);
                    continue;
                }
                "요약" => {
                    mode = FrontMode::Summary(line.level);
                    continue;
                }
                _ => {}
            }
            if let FrontMode::Contents(level) | FrontMode::Summary(level) = mode {
                if line.level <= level {
                    mode = FrontMode::Other;
                }
            }
            if !seen_title && matches!(mode, FrontMode::Other) {
                seen_title = true; // the report title, already taken
                continue;
            }
        }
        let text = clean_line(line);
        match mode {
            FrontMode::Contents(_) if line.is_heading() => {
                // `### 1. 특집기사` names a section; a plain heading under it a category.
                let numbered = text
                    .split_once(". ")
                    .filter(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()));
                category = if numbered.is_some() { None } else { Some(text) };
            }
            FrontMode::Contents(_) if line.is_list_item => front.contents.push(ContentsEntry {
                title: text,
                line: line.no,
                category: category.clone(),
            }),
            FrontMode::Summary(_) => front.summary.push(text),
            _ => front.preface.push(text),
        }
    }
    front
}

/// Builds one article while its lines are read.
struct Draft {
    article: Article,
    body: Vec<String>,
    in_references: bool,
    last_caption: Option<String>,
}

fn parse_articles(lines: &[Line], source_name: &str, issue_date: Date) -> Vec<Article> {
    let mut articles = Vec::new();
    let mut section: Option<(&'static str, Option<String>)> = None;
    let mut awaiting_section_name = false;
    let mut last_number = 0;
    let mut draft: Option<Draft> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        i += 1;
        if line.is_blank() {
            continue;
        }
        if line.is_heading() {
            if let Some(numeral) = roman_numeral(line.text) {
                articles.extend(draft.take().map(Draft::finish));
                section = Some((numeral, None));
                awaiting_section_name = true;
                last_number = 0;
                continue;
            }
            if awaiting_section_name {
                awaiting_section_name = false;
                if article_heading(line.text).is_none() {
                    if let Some((_, name)) = section.as_mut() {
                        *name = Some(clean_inline(line.text));
                    }
                    continue;
                }
            }
            if let Some((number, rest)) = article_heading(line.text).filter(|(n, _)| *n > last_number) {
                articles.extend(draft.take().map(Draft::finish));
                last_number = number;
                let mut title = clean_inline(rest);
                if title.is_empty() {
                    if let Some(next) = next_non_blank(lines, &mut i) {
                        title = clean_inline(next.text);
                    }
                }
                let (subtitle, date) = match lines[i..].iter().position(|l| !l.is_blank()) {
                    Some(offset) if is_subtitle(&lines[i + offset]) => {
                        let subtitle_line = &lines[i + offset];
                        i += offset + 1;
                        split_subtitle(subtitle_line, issue_date)
                    }
                    _ => (None, None),
                };
                let (numeral, section_name) = section.clone().unzip();
                let id = format!("{source_name}/{}-{number:02}", numeral.unwrap_or("0"));
                draft = Some(Draft {
                    article: Article {
                        id,
                        section: section_name.flatten(),
                        section_number: numeral.map(str::to_string),
                        category: None,
                        number: Some(number),
                        title,
                        subtitle,
                        date,
                        body: String::new(),
                        summary: Vec::new(),
                        url: None,
                        references: Vec::new(),
                        line: line.no,
                        pages: Vec::new(),
                    },
                    body: Vec::new(),
                    in_references: false,
                    last_caption: None,
                });
                continue;
            }
        }
        // Text between a section heading and its first article has no article to go to:
        // it is kept in the next article's body rather than lost.
        let draft = draft.get_or_insert_with(|| Draft::orphan(source_name, line.no));
        draft.read_line(line, lines.get(i), issue_date, &mut i);
    }
    articles.extend(draft.take().map(Draft::finish));
    articles.retain(|a| !(a.number.is_none() && a.body.is_empty()));
    articles
}

fn next_non_blank<'a>(lines: &'a [Line<'a>], i: &mut usize) -> Option<&'a Line<'a>> {
    while *i < lines.len() {
        let line = &lines[*i];
        *i += 1;
        if !line.is_blank() {
            return Some(line);
        }
    }
    None
}

/// The line right under a title is its subtitle when it starts with ■, or when it is a
/// heading that is not a sub-heading (`1) …`), caption (`〈…〉`), bullet (●) or 참고자료.
fn is_subtitle(line: &Line) -> bool {
    let text = line.text.trim_start();
    if text.starts_with('■') {
        return true;
    }
    line.is_heading()
        && !text.starts_with(['〈', '<', '●', '•', '☑', '▶'])
        && key(text) != "참고자료"
        && roman_numeral(text).is_none()
        && article_heading(text).is_none()
        && !starts_with_numbered_subheading(text)
}

fn starts_with_numbered_subheading(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with(')')
}

/// `■ … 제시(11.25)` → ("… 제시", 2023-11-25).
fn split_subtitle(line: &Line, issue_date: Date) -> (Option<String>, Option<Date>) {
    let text = clean_inline(line.text.trim_start().trim_start_matches('■'));
    let (rest, date) = match trailing_month_day(&text) {
        Some((rest, month, day)) => (rest.to_string(), Date::in_issue(issue_date, month, day)),
        None => (text, None),
    };
    let rest = rest.trim().to_string();
    ((!rest.is_empty()).then_some(rest), date)
}

/// `text (11.25)` → ("text", 11, 25).
fn trailing_month_day(text: &str) -> Option<(&str, u8, u8)> {
    let inner_start = text.trim_end().strip_suffix(')')?.rfind('(')?;
    let inner = &text.trim_end()[inner_start + 1..text.trim_end().len() - 1];
    let (month, day) = inner.trim().split_once('.')?;
    let month: u8 = month.trim().parse().ok()?;
    let day: u8 = day.trim().parse().ok()?;
    Some((&text[..inner_start], month, day))
}

impl Draft {
    /// Text before any numbered article in a section (kept, not lost).
    fn orphan(source_name: &str, line: usize) -> Draft {
        Draft {
            article: Article {
                id: format!("{source_name}/line-{line}"),
                section: None,
                section_number: None,
                category: None,
                number: None,
                title: String::new(),
                subtitle: None,
                date: None,
                body: String::new(),
                summary: Vec::new(),
                url: None,
                references: Vec::new(),
                line,
                pages: Vec::new(),
            },
            body: Vec::new(),
            in_references: false,
            last_caption: None,
        }
    }

    fn read_line(&mut self, line: &Line, next: Option<&Line>, issue_date: Date, i: &mut usize) {
        if line.is_heading() && key(line.text) == "참고자료" {
            self.in_references = true;
            return;
        }
        if let Some(url) = url_line(line.text) {
            match self.article.references.last_mut() {
                Some(reference) if reference.url.is_none() => reference.url = Some(url),
                _ => self.body.push(url),
            }
            return;
        }
        let text = clean_line(line);
        if let Some(title) = text.strip_prefix('☑') {
            self.article.references.push(Reference {
                kind: ReferenceKind::Reference,
                title: title.trim().to_string(),
                url: find_url(line.text),
                outlet: None,
                date: None,
                line: line.no,
            });
            return;
        }
        if let Some(source) = text
            .strip_prefix("출처")
            .map(str::trim_start)
            .and_then(|s| s.strip_prefix(':'))
        {
            let (outlet, date) = match trailing_month_day(source) {
                Some((outlet, month, day)) => (outlet.trim(), Date::in_issue(issue_date, month, day)),
                None => (source.trim(), None),
            };
            let outlet = (!outlet.is_empty()).then(|| outlet.to_string());
            self.article.references.push(Reference {
                kind: ReferenceKind::Source,
                title: outlet.clone().unwrap_or_else(|| "출처".to_string()),
                url: find_url(line.text),
                outlet,
                date,
                line: line.no,
            });
            return;
        }
        if let Some(rest) = text
            .strip_prefix('*')
            .map(str::trim_start)
            .filter(|r| r.starts_with("출처"))
        {
            let mut url = find_url(line.text);
            if url.is_none() {
                if let Some(next_url) = next.and_then(|n| url_line(n.text)) {
                    url = Some(next_url);
                    *i += 1;
                }
            }
            let credit = rest.trim_start_matches("출처").trim_start_matches([':', ' ']);
            let title = self.last_caption.clone().unwrap_or_else(|| {
                if credit.is_empty() || url.is_some() {
                    "출처".into()
                } else {
                    credit.to_string()
                }
            });
            self.article.references.push(Reference {
                kind: ReferenceKind::ImageSource,
                title,
                url,
                outlet: None,
                date: None,
                line: line.no,
            });
            return;
        }
        if let Some(caption) = text.strip_prefix('〈') {
            self.last_caption = Some(caption.trim_end_matches('〉').trim().to_string());
        }
        // Text after the ☑ lines that is neither a reference nor a link: keep it readable
        // in the body rather than glue it to a reference title.
        if !text.is_empty() {
            self.body.push(text);
        }
    }

    fn finish(mut self) -> Article {
        self.article.body = self.body.join("\n");
        if self.article.date.is_none() {
            self.article.date = self
                .article
                .references
                .iter()
                .find_map(|r| (r.kind == ReferenceKind::Source).then_some(r.date).flatten());
        }
        self.article
    }
}

/// Categories come from the CONTENTS list, matched by title (spacing and quote styles
/// differ between the list and the headings).
fn assign_categories(articles: &mut [Article], contents: &[ContentsEntry], path: &str, warnings: &mut Vec<Problem>) {
    for entry in contents {
        let entry_key = key(&entry.title);
        let best = articles
            .iter_mut()
            .map(|a| {
                let score = if key(&a.title) == entry_key {
                    1.0
                } else {
                    dice(&bigrams(&a.title), &bigrams(&entry.title))
                };
                (score, a)
            })
            .max_by(|x, y| x.0.total_cmp(&y.0));
        match best {
            Some((score, article)) if score >= 0.6 => {
                if article.category.is_none() {
                    article.category = entry.category.clone();
                }
            }
            _ => warnings.push(Problem::new(
                path,
                Some(entry.line),
                format!("CONTENTS lists '{}' but no article has that title", entry.title),
            )),
        }
    }
}

/// Each 요약 bullet is attached to the article that contains most of its character
/// bigrams: a bullet paraphrases its article, so it shares names, numbers and terms
/// with it. Attaching (rather than keeping one report-level text) lets a hit point at
/// the article the bullet is about. Bullets matching no article clearly are returned.
fn attach_summary(articles: &mut [Article], summary: Vec<String>) -> Vec<String> {
    let article_grams: Vec<Grams> = articles
        .iter()
        .map(|a| {
            bigrams(&format!(
                "{} {} {}",
                a.title,
                a.subtitle.as_deref().unwrap_or(""),
                a.body
            ))
        })
        .collect();
    let mut unattached = Vec::new();
    for bullet in summary {
        let grams = bigrams(&bullet);
        let mut scores: Vec<(f64, usize)> = article_grams
            .iter()
            .enumerate()
            .map(|(i, ag)| {
                (
                    grams.iter().filter(|g| ag.contains(*g)).count() as f64 / grams.len().max(1) as f64,
                    i,
                )
            })
            .collect();
        scores.sort_by(|a, b| b.0.total_cmp(&a.0));
        match scores.as_slice() {
            [(best, i), rest @ ..] if *best >= 0.4 && rest.first().is_none_or(|(second, _)| best - second >= 0.1) => {
                articles[*i].summary.push(bullet);
            }
            _ => unattached.push(bullet),
        }
    }
    unattached
}

/// Character bigrams of a text. Fx rather than SipHash: building these sets for every
/// article of every report was most of parsing's hashing in an indexing profile.
type Grams = rustc_hash::FxHashSet<(char, char)>;

fn bigrams(s: &str) -> Grams {
    let chars: Vec<char> = s.chars().filter(|&c| is_word_char(c)).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

fn dice(a: &Grams, b: &Grams) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}
