//! The query language:
//!
//! ```text
//! 인공지능 산업            words: documents with all of them rank first
//! "표준화 인재 양성"        an exact phrase (particles and endings still ignored)
//! -드론 -"고정익 드론"      excluded words or phrases
//! 드론 OR 无人机           either
//! 드론 AND 무인기          both (as without AND); NOT 드론 is -드론
//! title:인공지능           a word (or "phrase") in titles only
//! section:정책동향         filters: section, category, kind (article|reference),
//! category:에너지 kind:reference
//! date:2023-11-01..2023-11-30   dates: a day, a month (2023-11), a year, a range,
//! since:2023-11-20 until:2023-11  or an open range (date:..2023-11-30)
//! ```
//!
//! Repeated `section:`/`category:` filters are alternatives; `-section:…` excludes.
//! A malformed query is an error that names the column at fault.

use hanseek_corpus::Date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based character column in the query.
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

/// Some text to match: a word, or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub phrase: bool,
    pub title_only: bool,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    Reference,
}

impl Kind {
    pub fn parse(value: &str) -> Option<Kind> {
        match value.to_ascii_lowercase().as_str() {
            "article" | "articles" => Some(Kind::Article),
            "reference" | "references" | "link" | "links" => Some(Kind::Reference),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Reference => "reference",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Every group must match; within a group, any alternative (OR).
    pub groups: Vec<Vec<Text>>,
    pub excluded: Vec<Text>,
    pub kinds: Vec<Kind>,
    pub sections: Vec<(String, usize)>,
    pub categories: Vec<(String, usize)>,
    pub excluded_sections: Vec<(String, usize)>,
    pub excluded_categories: Vec<(String, usize)>,
    /// Inclusive day range.
    pub date_from: Option<Date>,
    pub date_to: Option<Date>,
}

const FIELDS: &str = "title, section, category, kind, date, since, until";

/// One lexical item with the column (1-based, in characters) where it starts.
#[derive(Debug)]
struct Item {
    column: usize,
    negated: bool,
    field: Option<String>,
    value: String,
    quoted: bool,
}

pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let items = operators(lex(query)?)?;
    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    let mut previous_was_text = false;
    for (i, item) in items.iter().enumerate() {
        let err = |message: String| QueryError {
            column: item.column,
            message,
        };
        if item.field.is_none() && !item.quoted && !item.negated && item.value == "OR" {
            let next_is_text = items
                .get(i + 1)
                .is_some_and(|n| !n.negated && n.field.as_deref().is_none_or(|f| f == "title"));
            if !previous_was_text || !next_is_text || pending_or {
                return Err(err("OR needs a word or phrase on both sides".into()));
            }
            pending_or = true;
            continue;
        }
        let field = item.field.as_deref();
        match field {
            None | Some("title") => {
                let text = Text {
                    text: item.value.clone(),
                    phrase: item.quoted,
                    title_only: field.is_some(),
                    column: item.column,
                };
                if item.negated {
                    parsed.excluded.push(text);
                } else if pending_or {
                    parsed.groups.last_mut().expect("OR follows a text item").push(text);
                } else {
                    parsed.groups.push(vec![text]);
                }
                previous_was_text = !item.negated;
                pending_or = false;
                continue;
            }
            Some("section") | Some("category") => {
                let entry = (item.value.clone(), item.column);
                let list = match (field, item.negated) {
                    (Some("section"), false) => &mut parsed.sections,
                    (Some("section"), true) => &mut parsed.excluded_sections,
                    (_, false) => &mut parsed.categories,
                    (_, true) => &mut parsed.excluded_categories,
                };
                list.push(entry);
            }
            Some("kind") => {
                let kind = Kind::parse(&item.value)
                    .ok_or_else(|| err(format!("kind must be article or reference, not '{}'", item.value)))?;
                if item.negated {
                    // -kind:article is kind:reference and vice versa.
                    parsed.kinds.push(if kind == Kind::Article {
                        Kind::Reference
                    } else {
                        Kind::Article
                    });
                } else {
                    parsed.kinds.push(kind);
                }
            }
            Some(date_field @ ("date" | "since" | "until")) => {
                if item.negated {
                    return Err(err(format!("{date_field}: cannot be excluded; use since: and until:")));
                }
                let (from, to) = parse_dates(date_field, &item.value).map_err(err)?;
                if let Some(from) = from {
                    parsed.date_from = Some(parsed.date_from.map_or(from, |d| d.max(from)));
                }
                if let Some(to) = to {
                    parsed.date_to = Some(parsed.date_to.map_or(to, |d| d.min(to)));
                }
            }
            Some(other) => return Err(err(format!("unknown field '{other}:'; fields are {FIELDS}"))),
        }
        if pending_or {
            return Err(err("OR joins words or phrases, not filters".into()));
        }
        previous_was_text = false;
    }
    if pending_or {
        let column = items.last().map_or(1, |i| i.column);
        return Err(QueryError {
            column,
            message: "OR needs a word or phrase on both sides".into(),
        });
    }
    if let (Some(from), Some(to)) = (parsed.date_from, parsed.date_to) {
        if from > to {
            return Err(QueryError {
                column: 1,
                message: format!("the dates leave nothing: {from} is after {to}"),
            });
        }
    }
    Ok(parsed)
}

/// Splits the query into items, honouring quotes.
/// Uppercase `AND` and `NOT` as operators, as users of other engines write them:
/// `a AND b` is `a b` (every word is required anyway), `NOT a` is `-a`. (`OR` is
/// handled by the parser, since it groups words.)
fn operators(items: Vec<Item>) -> Result<Vec<Item>, QueryError> {
    let is_operator =
        |item: &Item, name: &str| item.field.is_none() && !item.quoted && !item.negated && item.value == name;
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut negate_next: Option<usize> = None;
    let count = items.len();
    for (i, mut item) in items.into_iter().enumerate() {
        if is_operator(&item, "AND") {
            if out.is_empty() || i + 1 == count || negate_next.is_some() {
                return Err(QueryError {
                    column: item.column,
                    message: "AND needs a word or phrase on both sides".into(),
                });
            }
            continue;
        }
        if is_operator(&item, "NOT") {
            if i + 1 == count || negate_next.is_some() {
                return Err(QueryError {
                    column: item.column,
                    message: "NOT needs a word or phrase after it".into(),
                });
            }
            negate_next = Some(item.column);
            continue;
        }
        if let Some(column) = negate_next.take() {
            if item.negated || item.value == "AND" || item.value == "OR" {
                return Err(QueryError {
                    column,
                    message: "NOT needs a word or phrase after it".into(),
                });
            }
            item.negated = true;
        }
        out.push(item);
    }
    Ok(out)
}

fn lex(query: &str) -> Result<Vec<Item>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let column = i + 1;
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        // An optional `field:` prefix: ASCII letters then a colon.
        let mut field = None;
        let letters = chars[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if letters > 0 && chars.get(i + letters) == Some(&':') {
            field = Some(chars[i..i + letters].iter().collect::<String>().to_ascii_lowercase());
            i += letters + 1;
        }
        let (value, quoted) = if is_quote(chars.get(i).copied()) {
            let open = i;
            let close = chars[open + 1..]
                .iter()
                .position(|&c| is_quote(Some(c)))
                .map(|p| open + 1 + p)
                .ok_or(QueryError {
                    column: open + 1,
                    message: "this quote is never closed".into(),
                })?;
            i = close + 1;
            (chars[open + 1..close].iter().collect::<String>(), true)
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                if is_quote(Some(chars[i])) {
                    return Err(QueryError {
                        column: i + 1,
                        message: "a quote inside a word; put a space before the phrase".into(),
                    });
                }
                i += 1;
            }
            (chars[start..i].iter().collect::<String>(), false)
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            let message = match &field {
                Some(f) => format!("'{f}:' needs a value"),
                None => "empty phrase".into(),
            };
            return Err(QueryError { column, message });
        }
        items.push(Item {
            column,
            negated,
            field,
            value,
            quoted,
        });
    }
    Ok(items)
}

fn is_quote(c: Option<char>) -> bool {
    matches!(c, Some('"' | '“' | '”'))
}

/// `2023-11-25`, `2023-11`, `2023`, `A..B`, `A..`, `..B` → inclusive day bounds.
fn parse_dates(field: &str, value: &str) -> Result<(Option<Date>, Option<Date>), String> {
    let (from, to) = match (field, value.split_once("..")) {
        ("date", Some((from, to))) => (from, to),
        ("date", None) => (value, value),
        ("since", None) => (value, ""),
        ("until", None) => ("", value),
        (_, Some(_)) => return Err(format!("{field}: takes one date; use date:FROM..TO for a range")),
        _ => unreachable!("only date fields reach here"),
    };
    let from = (!from.is_empty())
        .then(|| period(from).map(|(start, _)| start))
        .transpose()?;
    let to = (!to.is_empty()).then(|| period(to).map(|(_, end)| end)).transpose()?;
    if from.is_none() && to.is_none() {
        return Err(format!("{field}: needs a date like 2023-11-25"));
    }
    Ok((from, to))
}

/// The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn period(text: &str) -> Result<(Date, Date), String> {
    let bad = || format!("'{text}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY");
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str| s.parse::<u16>().map_err(|_| bad());
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = number(y)?;
            Ok((
                Date::new(y, 1, 1).ok_or_else(bad)?,
                Date::new(y, 12, 31).ok_or_else(bad)?,
            ))
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (number(y)?, number(m)? as u8);
            let first = Date::new(y, m, 1).ok_or_else(bad)?;
            let last = (28..=31).rev().find_map(|d| Date::new(y, m, d)).ok_or_else(bad)?;
            Ok((first, last))
        }
        [_, _, _] => {
            let day: Date = text.parse().map_err(|_| bad())?;
            Ok((day, day))
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_exclusions_or_and_filters() {
        let q = parse(
            r#"인공지능 "표준화 인재" -드론 무인기 OR 无人机 title:광둥 section:정책동향 kind:reference date:2023-11"#,
        )
        .unwrap();
        let texts: Vec<Vec<&str>> = q
            .groups
            .iter()
            .map(|g| g.iter().map(|t| t.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["인공지능"],
                vec!["표준화 인재"],
                vec!["무인기", "无人机"],
                vec!["광둥"]
            ]
        );
        assert!(q.groups[1][0].phrase && q.groups[3][0].title_only);
        assert_eq!(q.excluded[0].text, "드론");
        assert_eq!(q.sections, [("정책동향".to_string(), 39)]);
        assert_eq!(q.kinds, [Kind::Reference]);
        assert_eq!(q.date_from.unwrap().to_string(), "2023-11-01");
        assert_eq!(q.date_to.unwrap().to_string(), "2023-11-30");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse(r#"인공지능 "표준화 인재"#).unwrap_err();
        assert_eq!((e.column, e.message.as_str()), (6, "this quote is never closed"));
        let e = parse("드론 foo:bar").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(e.message.starts_with("unknown field 'foo:'"));
        let e = parse("date:2023-13-01").unwrap_err();
        assert!(e.message.contains("is not a date"), "{e}");
        assert!(parse("OR 드론").is_err());
        assert!(parse("드론 OR").is_err());
        assert!(parse("kind:video")
            .unwrap_err()
            .message
            .contains("article or reference"));
        assert!(parse("since:2023-12-01 until:2023-11-01")
            .unwrap_err()
            .message
            .contains("leave nothing"));
        assert!(parse("section:").unwrap_err().message.contains("needs a value"));
    }

    #[test]
    fn dates() {
        let q = parse("드론 AND 무인기 NOT 고정익").unwrap();
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.excluded[0].text, "고정익");
        assert!(parse("AND 드론").unwrap_err().message.contains("AND needs"));
        assert!(parse("드론 NOT").unwrap_err().message.contains("NOT needs"));
        assert_eq!(parse("and not").unwrap().groups.len(), 2, "lowercase words are words");
        let q = parse("date:..2023-11-30 since:2023-11-20").unwrap();
        assert_eq!(
            (q.date_from.unwrap().to_string(), q.date_to.unwrap().to_string()),
            ("2023-11-20".into(), "2023-11-30".into())
        );
        let q = parse("date:2024-02").unwrap();
        assert_eq!(q.date_to.unwrap().to_string(), "2024-02-29");
    }
}
