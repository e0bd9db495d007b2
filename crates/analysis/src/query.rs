//! Query-side helpers: the tokens a query word is looked up with, built from the same
//! analyzers as the documents (pairs, whole compounds, readings and transliterations of
//! Chinese words, the whole of a transliterated name).

use crate::token::{analyze, Token, TokenKind};
use crate::{korean, AnalyzerKind};

/// A query's tokens as adjacent pairs (see [`AnalyzerKind::Pairs`]), each at the
/// position of its first token: `None` unless there are two tokens or more and each
/// starts where the one before ends.
pub fn query_pairs(tokens: &[Token]) -> Option<Vec<Token>> {
    if tokens.len() < 2 {
        return None;
    }
    let mut pairs = Vec::with_capacity(tokens.len() - 1);
    for w in tokens.windows(2) {
        if w[1].position != w[0].position + w[0].position_length {
            return None;
        }
        pairs.push(Token {
            text: format!("{} {}", w[0].text, w[1].text),
            from: w[0].from,
            to: w[1].to,
            position: w[0].position,
            position_length: 1,
            kind: TokenKind::Pair,
            alternative: false,
        });
    }
    Some(pairs)
}

/// The tokens a query is built from: [`analyze`] without the alternative tokens, so a
/// Korean compound is queried through its parts (and finds them written apart) and a
/// Chinese word as the word (whose sub-words the index also holds).
pub fn query_tokens(kind: AnalyzerKind, text: &str) -> Vec<Token> {
    let mut tokens = analyze(kind, text);
    tokens.retain(|t| !t.alternative);
    tokens
}

/// The ways a Chinese query is written in Korean, as query tokens: all Sino-Korean
/// readings (王中林教授 → 왕중림 교수), and, if it holds a name, the names transliterated
/// and the rest read (왕중린 교수). Each has its own consecutive positions, to be
/// matched as a phrase against Korean text.
pub fn bridge_query_sequences(text: &str) -> Vec<Vec<Token>> {
    let tokens = query_tokens(AnalyzerKind::Bridge, text);
    let has_transliteration = tokens.iter().any(|t| t.kind == TokenKind::Transliteration);
    let mut sequences = Vec::new();
    for prefer_transliteration in [false, true] {
        if prefer_transliteration && !has_transliteration {
            break;
        }
        let mut sequence: Vec<Token> = Vec::new();
        // How far the tokens after the current unit move: a unit takes as many positions
        // in the bridge field as its longest spelling there, the sequence as many as the
        // chosen spelling takes in Korean text (a transliteration may take more).
        let mut shift: isize = 0;
        let mut i = 0;
        while i < tokens.len() {
            let unit = (tokens[i].from, tokens[i].to);
            let end = tokens[i..]
                .iter()
                .position(|t| (t.from, t.to) != unit)
                .map_or(tokens.len(), |n| i + n);
            let start = tokens[i].position;
            let unit_end = tokens[i..end]
                .iter()
                .map(|t| t.position + t.position_length)
                .max()
                .unwrap_or(start);
            let transliterated = tokens[i..end].iter().find(|t| t.kind == TokenKind::Transliteration);
            let chosen: Vec<Token> = match transliterated {
                // The transliteration as the Korean text's analyzer reads it.
                Some(t) if prefer_transliteration => korean::analyze_word(&t.text)
                    .iter()
                    .filter(|m| !m.alternative)
                    .map(|m| Token {
                        text: m.text.to_string(),
                        position: start + m.position,
                        position_length: m.position_length,
                        ..t.clone()
                    })
                    .collect(),
                _ => tokens[i..end]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Reading)
                    .cloned()
                    .collect(),
            };
            let chosen_end = chosen
                .iter()
                .map(|t| t.position + t.position_length)
                .max()
                .unwrap_or(start);
            sequence.extend(chosen.into_iter().map(|mut t| {
                t.position = (t.position as isize + shift) as usize;
                t
            }));
            shift += chosen_end as isize - unit_end as isize;
            i = end;
        }
        if !sequence.is_empty() {
            sequences.push(sequence);
        }
    }
    sequences
}

/// The query tokens of a main-analyzer analysis (`tokens`, alternatives included),
/// except that a Korean word ko-dic reads as a compound (인공지능 → 인공 + 지능) is the
/// one token the index also holds for the whole (an alternative token there): a term
/// to look up instead of the phrase of its parts, where the parts written apart
/// (인공 지능) need not be found. The whole keeps the first part's position and spans
/// the parts' positions, so a phrase of several words still lines up.
pub fn whole_compounds(tokens: &[Token]) -> Vec<Token> {
    let parts_of = |whole: &Token| {
        let range = whole.position..whole.position + whole.position_length;
        let parts: Vec<&Token> = tokens
            .iter()
            .filter(|t| !t.alternative && range.contains(&t.position))
            .collect();
        let korean = |t: &&Token| t.kind.is_korean() && t.position_length == 1;
        let inside = |t: &&Token| whole.from <= t.from && t.to <= whole.to;
        (parts.len() == whole.position_length && parts.iter().all(|t| korean(t) && inside(t))).then_some(range)
    };
    let compounds: Vec<(&Token, std::ops::Range<usize>)> = tokens
        .iter()
        .filter(|t| t.alternative && t.position_length >= 2)
        .filter_map(|t| parts_of(t).map(|range| (t, range)))
        .collect();
    let mut out: Vec<Token> = tokens
        .iter()
        .filter(|t| !t.alternative && !compounds.iter().any(|(_, range)| range.contains(&t.position)))
        .cloned()
        .collect();
    out.extend(compounds.into_iter().map(|(whole, _)| Token {
        alternative: false,
        ..whole.clone()
    }));
    out.sort_by_key(|t| t.position);
    out
}

/// The token a Korean query word finds a transliterated name with (the bridge field
/// holds 王中林 as the one token 왕중린): the word without its particles, whole, however
/// ko-dic cuts it (왕중린은 → 왕중린, which the main analyzer reads as 왕중 + 린). `None`
/// for several words, non-Hangul text, or when the main tokens already are that word.
/// `main` is the word's [`query_tokens`] of the main analyzer.
pub fn transliteration_query(text: &str, main: &[Token]) -> Option<Token> {
    if text.trim().contains(char::is_whitespace) {
        return None;
    }
    if main.len() < 2 || !main.iter().all(|t| t.kind.is_korean()) {
        return None;
    }
    let (from, to) = (main[0].from, main.iter().map(|t| t.to).max()?);
    Some(Token {
        text: text[from..to].to_string(),
        from,
        to,
        position: 0,
        position_length: 1,
        kind: TokenKind::Transliteration,
        alternative: false,
    })
}
