//! Snippets: the best passage of a matching field, with the matched text highlighted
//! in the original characters.
//!
//! Matches are found the way the index found them: the stored text is analyzed again
//! and every place where a query word's tokens (main analyzer) or bigrams (recall
//! analyzer) occur at the right relative positions is highlighted, from the first
//! token's start to the last one's end. Offsets come from the analyzers, which always
//! point into the original text, so highlights never split a character or drift. The
//! passage is budgeted in characters, not bytes: Hangul and Han take three bytes each.

use std::ops::Range;

use hanseek_analysis::{simplified, visit, AnalyzerKind, TokenKind};

use crate::expand::{Derivation, Derived, Expansion, Origin, Spelling};
use crate::fields::Weighted;
use crate::word::{spelled, Crossing};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// `[from, to)` character offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One query word as tokens at relative positions, and the analyzer the document
/// text must be read with to find it.
struct Sequence {
    document: AnalyzerKind,
    tokens: Vec<(String, usize)>,
    bridge: Bridge,
    /// The stored fields the search looked for it in (from its clauses' table in
    /// `fields`); `None`: all of them.
    searched: Option<Vec<&'static str>>,
}

impl Sequence {
    fn searched_in(&self, field: &str) -> bool {
        self.searched.as_ref().is_none_or(|fields| fields.contains(&field))
    }
}

/// The stored fields that clauses searching `entries` look in.
fn searched_by(entries: &[&Weighted]) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = entries
        .iter()
        .flat_map(|entry| entry.field.stored_sources().iter().copied())
        .collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// How a derivation of `query` is found in a document's text — the analyzer the text is
/// read with, and the bridge `via` names — or `None` for one a reader cannot see on its
/// own: pairs match where their tokens do, an alias's or a respelling's crossings
/// are not marked, and a run of words is marked word by word.
fn shown(query: &str, spelling: &Spelling, derivation: &Derivation) -> Option<(AnalyzerKind, Bridge)> {
    // A run of words side by side: its words are marked, each as itself.
    if spelling.origin == Origin::Adjacent {
        return None;
    }
    let query = query.to_string();
    let word = spelling.word.text.clone();
    let document = match derivation.derived {
        Derived::AsWritten | Derived::Name | Derived::Reading(_) => AnalyzerKind::Main,
        Derived::Bigrams | Derived::NameBigrams => AnalyzerKind::Recall,
        Derived::ReadingOfHan | Derived::WholeName => AnalyzerKind::Bridge,
        Derived::Pairs => return None,
    };
    let bridge = match (spelling.origin, derivation.derived) {
        (Origin::Query, Derived::AsWritten | Derived::Bigrams) => Bridge::Direct,
        (Origin::Query, Derived::ReadingOfHan | Derived::WholeName) => Bridge::ReadingOfDocument { query },
        (Origin::Query, Derived::Name | Derived::NameBigrams) if spelling.word.korean => {
            Bridge::NameInDocument { query }
        }
        (Origin::Query, Derived::Name | Derived::NameBigrams) => Bridge::ReadingOfQuery {
            how: Crossing::Transliteration.name(),
            query,
            reading: spelled(&derivation.tokens),
        },
        (Origin::Query, Derived::Reading(how)) => Bridge::ReadingOfQuery {
            how: how.name(),
            query,
            reading: spelled(&derivation.tokens),
        },
        (_, Derived::AsWritten | Derived::Bigrams) => match spelling.origin {
            Origin::Alias => Bridge::Alias { query, alias: word },
            Origin::Initials => Bridge::Initials { query, word },
            _ => Bridge::Typo { query, word },
        },
        _ => return None,
    };
    Some((document, bridge))
}

/// How a sequence crosses from the query to the text, for the hit's `via`.
#[derive(Clone)]
enum Bridge {
    Direct,
    /// A Korean query word found as the reading of the document's Han text.
    ReadingOfDocument {
        query: String,
    },
    /// A Korean query name found as the Chinese name it transliterates (충칭 ← 重庆).
    NameInDocument {
        query: String,
    },
    /// A Chinese query word's reading (or, for a name, transliteration) found in the
    /// document's Korean text.
    ReadingOfQuery {
        how: &'static str,
        query: String,
        reading: String,
    },
    /// A term of the query word's alias group.
    Alias {
        query: String,
        alias: String,
    },
    /// A word a 초성 query word stands for (`ㅇㄱㅈㄴ` → 인공지능).
    Initials {
        query: String,
        word: String,
    },
    /// A word one jamo from a query word the index lacks (`반도채` → 반도체).
    Typo {
        query: String,
        word: String,
    },
}

/// The token sequences of a query's positive words and phrases: direct ones, and those
/// that cross scripts through Sino-Korean readings.
pub struct Matcher {
    direct: Vec<Sequence>,
    bridged: Vec<Sequence>,
    /// Whether any query token is a Chinese word (else documents' Han runs need no
    /// segmentation to be highlighted, and jieba's dictionary is never loaded).
    needs_han: bool,
    /// Query words written in traditional characters, with their simplified form.
    traditional: Vec<(String, String)>,
}

/// Where a query word matched, and through which bridge (`reading 무인기 ← 无人机`).
pub struct Matches {
    pub ranges: Vec<(usize, usize)>,
    pub via: Option<String>,
}

fn sequence(
    document: AnalyzerKind,
    tokens: Vec<hanseek_analysis::Token>,
    bridge: Bridge,
    searched: Option<Vec<&'static str>>,
) -> Option<Sequence> {
    let first = tokens.first()?.position;
    Some(Sequence {
        document,
        tokens: tokens.into_iter().map(|t| (t.text, t.position - first)).collect(),
        bridge,
        searched,
    })
}

impl Matcher {
    /// The sequences of the query's positive words, from their expansion: every
    /// derivation the search looked for that a reader can see in a text — as written,
    /// across scripts, aliases, 초성 and typos — each with the bridge `via` names.
    pub(crate) fn new<'e>(expansions: impl IntoIterator<Item = &'e Expansion>) -> Matcher {
        let mut matcher = Matcher {
            direct: Vec::new(),
            bridged: Vec::new(),
            needs_han: false,
            traditional: Vec::new(),
        };
        for expansion in expansions {
            for spelling in &expansion.spellings {
                let word = &spelling.word;
                match spelling.origin {
                    Origin::Query => {
                        let text = word.text.as_str();
                        let folded: String = text.chars().map(|c| simplified(c).unwrap_or(c)).collect();
                        if folded != text {
                            matcher.traditional.push((text.to_string(), folded));
                        }
                        matcher.needs_han |= word.has_han || (word.korean && !word.names.is_empty());
                    }
                    Origin::Alias => matcher.needs_han |= word.has_han,
                    Origin::Initials | Origin::Typo | Origin::Adjacent => {}
                }
                for derivation in &spelling.derivations {
                    let Some((document, bridge)) = shown(&expansion.text.text, spelling, derivation) else {
                        continue;
                    };
                    let direct = matches!(bridge, Bridge::Direct);
                    // A bridge is looked for in its derivation's fields only, so that
                    // `via` names what found the hit; a spelling as written, anywhere.
                    let searched = match (direct, spelling.origin) {
                        (false, Origin::Query) => Some(searched_by(&derivation.fields)),
                        _ => None,
                    };
                    let found = sequence(document, derivation.tokens.clone(), bridge, searched);
                    match direct {
                        true => matcher.direct.extend(found),
                        false => matcher.bridged.extend(found),
                    }
                }
            }
        }
        matcher
    }

    /// The highlights of these query words as a search marks them (expanded, across
    /// scripts; no aliases or respellings, which need an index): for tests and fuzzing.
    pub fn for_words(words: &[&str]) -> Matcher {
        Matcher::new(&crate::expand::of_words(words))
    }

    /// Byte ranges of `text` where some query word matches directly, sorted and merged:
    /// its words and morphemes, else (a match only bigrams made) its bigrams.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        let direct: Vec<&Sequence> = self.direct.iter().collect();
        let mut found = self.find(&direct, text, &[AnalyzerKind::Main]);
        if found.is_empty() {
            found = self.find(&direct, text, &[AnalyzerKind::Recall]);
        }
        merge(found.into_iter().map(|(range, _, _)| range).collect())
    }

    /// Every place the query matches `text`, the stored `field` of that name — as
    /// written and across scripts, aliases, 초성 and typos alike — as `[from, to)`
    /// character offsets, for a reader's view of a whole document. A long text is
    /// analyzed in the bounded pieces [`Matcher::find`] reads.
    pub fn marks(&self, field: &str, text: &str) -> Vec<[usize; 2]> {
        let mut ranges = self.ranges(text);
        ranges.extend(self.bridged_ranges(field, text).ranges);
        in_chars(&char_starts(text), &merge(ranges))
            .into_iter()
            .map(|(from, to)| [from, to])
            .collect()
    }

    /// For direct matches at `ranges` of `text`: when a query word written in
    /// traditional characters matched only its simplified spelling, say so
    /// (`simplified 无人机 ← 無人機`): a cross-script match the reader should see, though
    /// it ranks as the word itself.
    pub fn simplified_via(&self, text: &str, ranges: &[(usize, usize)]) -> Option<String> {
        let matched: Vec<&str> = ranges.iter().map(|&(from, to)| &text[from..to]).collect();
        self.traditional.iter().find_map(|(original, folded)| {
            let as_written = matched.iter().any(|m| m.contains(original.as_str()));
            let simplified = matched
                .iter()
                .find(|m| m.contains(folded.as_str()) || folded.contains(**m));
            match simplified {
                Some(m) if !as_written && *m != original => Some(format!("simplified {m} ← {original}")),
                _ => None,
            }
        })
    }

    /// Where the query matches `text`, the stored `field` of that name, only through a
    /// reading or an alias, and which: only the bridges the search looked for in that
    /// field, so that `via` names what found the hit.
    pub fn bridged_ranges(&self, field: &str, text: &str) -> Matches {
        let eligible: Vec<&Sequence> = self.bridged.iter().filter(|s| s.searched_in(field)).collect();
        let found = self.find(
            &eligible,
            text,
            &[AnalyzerKind::Main, AnalyzerKind::Recall, AnalyzerKind::Bridge],
        );
        // An alias the user wrote down names the link better than a reading that
        // happens to match too (科技日报's reading is its alias 과기일보): a hit the
        // alias found must not be labelled a reading.
        let chosen = found
            .iter()
            .find(|(_, sequence, _)| {
                matches!(
                    sequence.bridge,
                    Bridge::Alias { .. } | Bridge::Initials { .. } | Bridge::Typo { .. }
                )
            })
            .or(found.first());
        let via = chosen.map(|&((from, to), sequence, pos)| match &sequence.bridge {
            Bridge::ReadingOfQuery { how, query, reading } => format!("{how} {reading} ← {query}"),
            Bridge::ReadingOfDocument { query } => format!("{pos} {query} ← {}", &text[from..to]),
            Bridge::NameInDocument { query } => {
                format!("{} {query} ← {}", Crossing::Transliteration.name(), &text[from..to])
            }
            Bridge::Alias { query, alias } => format!("alias {alias} = {query}"),
            Bridge::Initials { query, word } => format!("초성 {query} → {word}"),
            Bridge::Typo { query, word } => format!("typo {query} → {word}"),
            Bridge::Direct => String::new(),
        });
        Matches {
            ranges: merge(found.into_iter().map(|(range, _, _)| range).collect()),
            via,
        }
    }

    /// Where each sequence matches `text`: the byte range, the sequence, and, for a
    /// bridge, whether its first token matched a `reading` or a `transliteration`.
    fn find<'m>(
        &self,
        sequences: &[&'m Sequence],
        text: &str,
        kinds: &[AnalyzerKind],
    ) -> Vec<((usize, usize), &'m Sequence, &'static str)> {
        let mut found = Vec::new();
        for &kind in kinds {
            let wanted: Vec<&Sequence> = sequences.iter().copied().filter(|s| s.document == kind).collect();
            if wanted.is_empty() {
                continue;
            }
            let needles = wanted.iter().map(|s| s.tokens[0].0.as_str());
            for piece in pieces(text, needles) {
                self.find_in(&wanted, text, piece, kind, &mut found);
            }
        }
        found
    }

    /// [`Matcher::find`] in `text[piece]`, with byte offsets into the whole `text`.
    fn find_in<'m>(
        &self,
        wanted: &[&'m Sequence],
        text: &str,
        piece: Range<usize>,
        kind: AnalyzerKind,
        found: &mut Vec<((usize, usize), &'m Sequence, &'static str)>,
    ) {
        let shift = piece.start;
        // Every token's text in one buffer: a document has hundreds of tokens.
        let mut texts = String::with_capacity(piece.len());
        let mut tokens: Vec<Found> = Vec::new();
        let han = self.needs_han || kind == AnalyzerKind::Bridge;
        visit(kind, &text[piece], han, &mut |t| {
            let start = texts.len();
            texts.push_str(t.text);
            tokens.push(Found {
                text: start..texts.len(),
                from: t.from + shift,
                to: t.to + shift,
                position: t.position,
                transliteration: t.kind == TokenKind::Transliteration,
            });
        });
        let text_of = |t: &Found| &texts[t.text.clone()];
        // Tokens come in position order: the ones at a position are a slice.
        let at = |position: usize| {
            let start = tokens.partition_point(|t| t.position < position);
            let end = start + tokens[start..].partition_point(|t| t.position == position);
            &tokens[start..end]
        };
        for &sequence in wanted {
            let (first_text, _) = &sequence.tokens[0];
            for start in tokens.iter().filter(|t| text_of(t) == first_text) {
                let mut span = (start.from, start.to);
                let whole = sequence.tokens.iter().all(|(text, offset)| {
                    let found = at(start.position + offset).iter().find(|c| text_of(c) == text);
                    if let Some(token) = found {
                        span = (span.0.min(token.from), span.1.max(token.to));
                    }
                    found.is_some()
                });
                if whole {
                    let how = if start.transliteration {
                        "transliteration"
                    } else {
                        "reading"
                    };
                    found.push((span, sequence, how));
                }
            }
        }
    }
}

/// A text up to this long is analyzed whole for highlights. A longer one (a book-sized
/// PDF, a one-line dump) is analyzed only in its first this-many bytes and around the
/// first places each query word is written literally, so a hit costs the same however
/// large its document: matches elsewhere, or only in a folded spelling, go unhighlighted.
const WHOLE_TEXT_BYTES: usize = 64 * 1024;
/// Bytes analyzed on either side of a literal occurrence in a long text.
const AROUND_BYTES: usize = 2 * 1024;
/// Literal occurrences looked at per query word in a long text.
const PLACES_PER_WORD: usize = 8;

/// The byte ranges of `text` to analyze for matches of the words starting with
/// `needles`: all of it, or for a long text the bounded pieces described above.
fn pieces<'n>(text: &str, needles: impl Iterator<Item = &'n str>) -> Vec<Range<usize>> {
    if text.len() <= WHOLE_TEXT_BYTES {
        return std::iter::once(0..text.len()).collect();
    }
    let mut pieces = vec![(0, boundary_before(text, WHOLE_TEXT_BYTES))];
    for needle in needles.filter(|n| !n.is_empty()) {
        let places = text.match_indices(needle).skip_while(|(at, _)| *at < WHOLE_TEXT_BYTES);
        for (at, _) in places.take(PLACES_PER_WORD) {
            let from = word_start_before(text, at.saturating_sub(AROUND_BYTES));
            let to = word_start_before(text, (at + needle.len() + AROUND_BYTES).min(text.len()));
            pieces.push((from, to.max(at + needle.len())));
        }
    }
    merge(pieces).into_iter().map(|(from, to)| from..to).collect()
}

/// The last character boundary at or before `at` (`str::floor_char_boundary`, which
/// is newer than the workspace's minimum Rust).
pub(crate) fn boundary_before(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A place at or a little before `at` where no word is cut: after a space when one is
/// near, else a character boundary.
fn word_start_before(text: &str, at: usize) -> usize {
    let at = boundary_before(text, at);
    if at == text.len() {
        return at;
    }
    let near = boundary_before(text, at.saturating_sub(64));
    text[near..at]
        .rfind(char::is_whitespace)
        .map_or(at, |space| near + space + 1)
}

/// A document token in [`Matcher::find`]: its text is a range of a shared buffer.
struct Found {
    text: std::ops::Range<usize>,
    from: usize,
    to: usize,
    position: usize,
    transliteration: bool,
}

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The passage of at most `budget` characters of `text` holding the most matches.
pub fn snippet(text: &str, ranges: &[(usize, usize)], budget: usize) -> Snippet {
    // In a long text the passage is looked for near the first match only (a budget of
    // characters is at most four bytes each): its cost must not grow with the text.
    let (lo, hi) = if text.len() <= WHOLE_TEXT_BYTES {
        (0, text.len())
    } else {
        let first = ranges.first().map_or(0, |r| r.0);
        let lo = word_start_before(text, first.saturating_sub(budget * 4));
        (lo, boundary_before(text, (first + budget * 8).min(text.len())))
    };
    let local: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|&&(from, to)| from >= lo && to <= hi)
        .map(|&(from, to)| (from - lo, to - lo))
        .collect();
    passage(&text[lo..hi], &local, budget, lo > 0, hi < text.len())
}

/// The byte offset where each character of `text` starts, and its end.
fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices().map(|(b, _)| b).chain([text.len()]).collect()
}

/// Byte ranges as character ranges, through `char_starts` of their text.
fn in_chars(char_starts: &[usize], ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let char_at = |byte: usize| char_starts.partition_point(|&b| b < byte);
    ranges.iter().map(|&(from, to)| (char_at(from), char_at(to))).collect()
}

/// [`snippet`] of `text`, a piece of a longer text when `cut_before` or `cut_after`.
fn passage(text: &str, ranges: &[(usize, usize)], budget: usize, cut_before: bool, cut_after: bool) -> Snippet {
    let char_starts = char_starts(text);
    let total = char_starts.len() - 1;
    let char_ranges = in_chars(&char_starts, ranges);

    let (start, end) = if total <= budget {
        (0, total)
    } else if char_ranges.is_empty() {
        (0, budget)
    } else {
        best_window(&char_ranges, budget, total, text, &char_starts)
    };

    let mut out = String::new();
    let prefix = if start > 0 || cut_before { "…" } else { "" };
    out.push_str(prefix);
    let body = &text[char_starts[start]..char_starts[end]];
    out.extend(body.chars().map(|c| if c == '\n' || c == '\t' { ' ' } else { c }));
    if end < total || cut_after {
        out.push('…');
    }
    let shift = prefix.chars().count();
    let highlights = char_ranges
        .iter()
        .filter(|&&(f, t)| f >= start && t <= end && f < t)
        .map(|&(f, t)| [f - start + shift, t - start + shift])
        .collect();
    Snippet { text: out, highlights }
}

/// The window (in characters) containing the most match ranges whole; it starts a
/// little before the first of them, at a line start when one is near.
fn best_window(ranges: &[(usize, usize)], budget: usize, total: usize, text: &str, starts: &[usize]) -> (usize, usize) {
    let mut best = (0, 0usize);
    for (i, &(from, _)) in ranges.iter().enumerate() {
        let inside = ranges[i..].iter().take_while(|&&(_, t)| t <= from + budget).count();
        if inside > best.1 {
            best = (i, inside);
        }
    }
    let first = ranges[best.0].0;
    let lead = (budget / 5).min(first);
    let mut start = first - lead;
    // Prefer the start of the line the match is on, if it is within the lead.
    if let Some(line_start) = (start..first)
        .rev()
        .find(|&c| c > 0 && text.as_bytes()[starts[c] - 1] == b'\n')
    {
        start = line_start;
    }
    let end = (start + budget).min(total);
    (end.saturating_sub(budget).min(start), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_character_offsets_of_the_original_text() {
        let text = "최근 광둥성인민정부는 '범용 인공지능 산업 혁신거점 구축'을 발표";
        let matcher = Matcher::for_words(&["인공지능"]);
        let ranges = matcher.ranges(text);
        let s = snippet(text, &ranges, 200);
        let [from, to] = s.highlights[0];
        let highlighted: String = s.text.chars().skip(from).take(to - from).collect();
        assert_eq!(highlighted, "인공지능");
        assert_eq!(s.highlights.len(), 1, "compound and parts merge into one highlight");
    }

    #[test]
    fn budget_counts_characters_and_keeps_the_match() {
        let text = format!("{}리튬배터리 재활용{}", "가".repeat(300), "나".repeat(300));
        let matcher = Matcher::for_words(&["리튬배터리"]);
        let s = snippet(&text, &matcher.ranges(&text), 60);
        assert!(s.text.chars().count() <= 62, "{}", s.text.chars().count());
        let [from, to] = s.highlights[0];
        assert_eq!(
            s.text.chars().skip(from).take(to - from).collect::<String>(),
            "리튬배터리"
        );
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
    }

    #[test]
    fn chinese_and_full_width() {
        let text = "关于加快建设通用人工智能产业创新引领地的实施意见 ＡＩ";
        let matcher = Matcher::for_words(&["智能产业", "AI"]);
        let s = snippet(text, &matcher.ranges(text), 100);
        let words: Vec<String> = s
            .highlights
            .iter()
            .map(|[f, t]| s.text.chars().skip(*f).take(t - f).collect())
            .collect();
        assert_eq!(words, ["智能产业", "ＡＩ"]);
    }

    fn highlighted(s: &Snippet) -> Vec<String> {
        s.highlights
            .iter()
            .map(|[f, t]| s.text.chars().skip(*f).take(t - f).collect())
            .collect()
    }

    /// A one-line dump of many megabytes: the match near its end is highlighted, and
    /// what is analyzed to find it is a few pieces, not the text.
    #[test]
    fn a_long_text_is_searched_for_highlights_in_bounded_pieces() {
        let filler = "표준화 인재 양성 액션계획 발표 ".repeat(200_000);
        let text = format!("{filler}폐기 리튬배터리 재활용 방안 제시 {filler}");
        assert!(text.len() > 8_000_000);
        let pieces = pieces(&text, ["리튬", "폐기"].into_iter());
        let analyzed: usize = pieces.iter().map(|p| p.len()).sum();
        assert!(
            analyzed <= WHOLE_TEXT_BYTES + 2 * PLACES_PER_WORD * (2 * AROUND_BYTES + 64),
            "{analyzed}"
        );
        for piece in &pieces {
            assert!(text.is_char_boundary(piece.start) && text.is_char_boundary(piece.end));
        }

        let matcher = Matcher::for_words(&["리튬배터리"]);
        let s = snippet(&text, &matcher.ranges(&text), 60);
        assert_eq!(highlighted(&s), ["리튬배터리"]);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.chars().count() <= 62);
    }

    #[test]
    fn a_long_text_without_a_literal_match_gives_its_beginning() {
        let text = "인공지능 ".repeat(100_000);
        let matcher = Matcher::for_words(&["리튬배터리"]);
        let s = snippet(&text, &matcher.ranges(&text), 40);
        assert!(s.highlights.is_empty());
        assert!(s.text.starts_with("인공지능") && s.text.ends_with('…'));
    }

    /// Issue 16: highlights looked for readings in every stored field, though the
    /// clauses that cross scripts search only some; `via` could then name a reading in
    /// a field the search never looked at for it.
    #[test]
    fn a_reading_is_highlighted_only_in_the_fields_its_clauses_search() {
        let chinese = Matcher::for_words(&["无人机"]);
        let found = chinese.bridged_ranges("body", "새로운 무인기 개발");
        assert_eq!(found.via.as_deref(), Some("reading 무인기 ← 无人机"));
        for field in ["ref_title", "parent_title"] {
            assert!(
                chinese.bridged_ranges(field, "새로운 무인기 개발").ranges.is_empty(),
                "{field}"
            );
        }
        let korean = Matcher::for_words(&["무인기"]);
        assert!(!korean.bridged_ranges("title", "新型无人机").ranges.is_empty());
        assert!(korean.bridged_ranges("parent_title", "新型无人机").ranges.is_empty());
    }
}
