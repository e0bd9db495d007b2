//! Where a line wraps inside Korean text, whether a space stood there: Korean justified
//! text that breaks between any two syllables does not show it, so the document's own
//! text decides (see [`decide_wraps`]).

use crate::is_cjk;

/// Marks a wrap whose spacing the document's text decides (a private-use character:
/// never in a report).
pub(super) const WRAP: char = '\u{E000}';

/// Every [`WRAP`] replaced by a space or nothing, as the document's own text spells the
/// words around it. The spellings to count are gathered first and counted in one pass.
pub(super) fn decide_wraps(texts: &[(String, u32)]) -> Vec<(String, u32)> {
    if !texts.iter().any(|(t, _)| t.contains(WRAP)) {
        return texts.to_vec();
    }
    let whole: String = texts.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("\n");
    let sites: Vec<Vec<Site>> = texts
        .iter()
        .map(|(text, _)| {
            let chars: Vec<char> = text.chars().collect();
            (0..chars.len())
                .filter(|&i| chars[i] == WRAP)
                .map(|i| spellings(&chars, i))
                .collect()
        })
        .collect();
    let mut patterns: Vec<&str> = sites.iter().flatten().flat_map(Site::patterns).collect();
    patterns.sort_unstable();
    patterns.dedup();
    // For each spelling: how often it occurs, how often a word ends right after it
    // and how often one starts right before it.
    let mut counts = vec![[0usize; 3]; patterns.len()];
    let edge =
        |c: Option<char>| c.is_none_or(|c| c != WRAP && (c.is_whitespace() || c.is_ascii_punctuation() || closing(c)));
    if let Ok(automaton) = aho_corasick::AhoCorasick::new(&patterns) {
        for found in automaton.find_overlapping_iter(&whole) {
            let count = &mut counts[found.pattern().as_usize()];
            count[0] += 1;
            count[1] += usize::from(edge(whole[found.end()..].chars().next()));
            count[2] += usize::from(edge(whole[..found.start()].chars().next_back()));
        }
    }
    let counts_of = |p: &str| patterns.binary_search(&p).map_or([0; 3], |i| counts[i]);
    let count = |p: &str| counts_of(p)[0];
    // What the document's text says of each wrap, where it says something.
    let evidence: Vec<Vec<Option<bool>>> = sites
        .iter()
        .map(|text_sites| {
            text_sites
                .iter()
                .map(|site| {
                    let pairs = site.pairs.iter().map(|(joined, spaced)| (count(joined), count(spaced)));
                    match pairs.into_iter().find(|(joined, spaced)| joined != spaced) {
                        Some((joined, spaced)) => Some(spaced > joined),
                        None => site.ends.as_ref().and_then(|ends| ends.spaced(&counts_of)),
                    }
                })
                .collect()
        })
        .collect();
    // Text that wraps only between words (Korean set with word-break: keep-all, as
    // many word processors do) shows it: most wraps with evidence fall on a space.
    // Then every wrap is a space, whatever a word's rarity made the evidence say.
    let decided: Vec<bool> = evidence.iter().flatten().flatten().copied().collect();
    let wraps_at_spaces = decided.len() >= 5 && decided.iter().filter(|&&s| s).count() * 10 >= decided.len() * 7;
    texts
        .iter()
        .zip(&evidence)
        .map(|((text, page), text_evidence)| {
            let mut evidence = text_evidence.iter();
            let chars: Vec<char> = text.chars().collect();
            let mut out = String::with_capacity(text.len());
            for (i, &c) in chars.iter().enumerate() {
                if c != WRAP {
                    out.push(c);
                    continue;
                }
                let said = evidence.next().copied().flatten();
                let space = match said {
                    _ if wraps_at_spaces => spaced_without_evidence(&chars, i, true),
                    Some(space) => space,
                    None => spaced_without_evidence(&chars, i, false),
                };
                if space {
                    out.push(' ');
                }
            }
            (out, *page)
        })
        .collect()
}

/// What the document's text is asked about one wrap.
struct Site {
    /// The words around it, joined and spaced, from the widest context to the narrowest.
    pairs: Vec<(String, String)>,
    /// When no pair is found: does the text before it end words elsewhere, and the text
    /// after it start them? (`산업과|경쟁`: `업과 ` and ` 경쟁` are word edges.)
    ends: Option<WordEdges>,
}

struct WordEdges {
    left: String,
    right: String,
}

impl Site {
    fn patterns(&self) -> impl Iterator<Item = &str> {
        let edges = self.ends.iter().flat_map(|e| [e.left.as_str(), e.right.as_str()]);
        self.pairs
            .iter()
            .flat_map(|(j, s)| [j.as_str(), s.as_str()])
            .chain(edges)
    }
}

impl WordEdges {
    /// A space when the sides that occur elsewhere mostly end and start words there
    /// (followed or preceded by a space or punctuation); `None` when neither does.
    /// (`counts` gives [occurrences, words ending after, words starting before]; each
    /// includes the wrap itself, as no edge, which is left out here.)
    fn spaced(&self, counts: &dyn Fn(&str) -> [usize; 3]) -> Option<bool> {
        let (left, right) = (counts(&self.left), counts(&self.right));
        let ratio = |edges: usize, all: usize| (all > 1).then(|| edges as f32 / (all - 1) as f32);
        let ratios: Vec<f32> = [ratio(left[1], left[0]), ratio(right[2], right[0])]
            .into_iter()
            .flatten()
            .collect();
        if ratios.is_empty() {
            return None;
        }
        Some(ratios.iter().sum::<f32>() / ratios.len() as f32 >= 0.5)
    }
}

fn spellings(chars: &[char], at: usize) -> Site {
    let word_char = |c: &&char| !c.is_whitespace() && **c != WRAP;
    let before: Vec<char> = chars[..at].iter().rev().take_while(word_char).copied().collect();
    let after: Vec<char> = chars[at + 1..].iter().take_while(word_char).copied().collect();
    let side = |chars: &[char], n: usize, reversed: bool| -> String {
        if reversed {
            chars[..n].iter().rev().collect()
        } else {
            chars[..n].iter().collect()
        }
    };
    let pairs = [(3, 3), (2, 2), (2, 1), (1, 2)]
        .into_iter()
        .filter(|&(left, right)| before.len() >= left && after.len() >= right)
        .map(|(left, right)| {
            let (l, r) = (side(&before, left, true), side(&after, right, false));
            (format!("{l}{r}"), format!("{l} {r}"))
        })
        .collect();
    let ends = (before.len() >= 2 && after.len() >= 2).then(|| {
        let (left, right) = (side(&before, 2, true), side(&after, 2, false));
        WordEdges { left, right }
    });
    Site { pairs, ends }
}

/// No evidence: Korean and Chinese join (most wraps fall inside a word in text broken
/// between any two syllables, and a number takes its unit: 3,000|억) unless the text
/// wraps only at spaces; Latin words keep their space.
fn spaced_without_evidence(chars: &[char], at: usize, wraps_at_spaces: bool) -> bool {
    let (Some(&last), Some(&first)) = (chars[..at].last(), chars.get(at + 1)) else {
        return false;
    };
    if closing(first) {
        return false;
    }
    let joins = |c: char| is_cjk(c) || c.is_ascii_digit();
    wraps_at_spaces || !(joins(last) && joins(first))
}

fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '」' | '』' | '〉' | '》' | ',' | '.' | '·' | '%' | '、' | '。' | '’' | '”' | '\'' | '"'
    )
}
