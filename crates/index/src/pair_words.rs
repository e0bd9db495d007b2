//! The words a build pairs: the most frequent main tokens of a sample of its corpus.
//!
//! Every adjacent pair was 40% of a build of 10^5 articles and most of its terms (4.9
//! million distinct pairs against 0.66 million main terms); a phrase needs its pair
//! only when all its words are frequent, since a rarer word's positions are few to
//! check. Pairs of two of the [`PAIRED_WORDS`] most frequent words keep phrases as
//! fast at 139,000 terms, for 18–23% less build time (BENCHMARKS.md, issue 19). The
//! words are chosen once per generation and recorded with it
//! (`GenerationMeta::pair_words`): an update pairs the same words, so a pair term the
//! index has is in every document with the pair, which is what lets a search use it
//! (`hanseek_search`'s plan).

use std::collections::HashMap;
use std::path::PathBuf;

use hanseek_analysis::{visit, AnalyzerKind};
use hanseek_corpus::parse_bytes;
use rayon::prelude::*;

use crate::document::paired_texts;

/// How many words are paired. The 10^5 archive built in 65 s with 400 and 51 s with
/// 100 (every pair: 77–89 s, none: 47–52 s), but with 100 a phrase or word of several
/// tokens with a word outside them was 2–6× slower (리튬배터리 재활용 0.5 → 3.1 ms).
pub const PAIRED_WORDS: usize = 400;

/// Corpus files counted, spread evenly over it (a weekly report is ~40 KB of text).
const SAMPLE_FILES: usize = 64;

/// The [`PAIRED_WORDS`] main tokens most frequent in the paired texts of a sample of
/// `files` (every file of a small corpus), ties broken by the token: the same corpus
/// always gives the same words. Files that cannot be read or parsed are left out here;
/// the build reports them.
pub fn choose(files: &[(PathBuf, String)], pool: &rayon::ThreadPool) -> Vec<String> {
    let step = files.len().div_ceil(SAMPLE_FILES).max(1);
    let sample: Vec<&(PathBuf, String)> = files.iter().step_by(step).collect();
    let counts = pool.install(|| {
        sample
            .par_iter()
            .map(|(path, source)| count_file(path, source))
            .reduce(HashMap::new, |mut all, counts| {
                for (token, n) in counts {
                    *all.entry(token).or_insert(0) += n;
                }
                all
            })
    });
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    ranked.into_iter().take(PAIRED_WORDS).map(|(token, _)| token).collect()
}

fn count_file(path: &std::path::Path, source: &str) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let Ok(bytes) = std::fs::read(path) else {
        return counts;
    };
    let Some(report) = parse_bytes(&path.display().to_string(), source, &bytes).report else {
        return counts;
    };
    for text in paired_texts(&report) {
        visit(AnalyzerKind::Main, text, true, &mut |token| {
            if let Some(n) = counts.get_mut(token.text) {
                *n += 1;
            } else {
                counts.insert(token.text.to_string(), 1);
            }
        });
    }
    counts
}
