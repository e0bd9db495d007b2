//! Documents that match every one of several queries, scored by the sum of their
//! scores: what `a b` needs, computed window by window instead of by seeking.
//!
//! tantivy intersects by letting one scorer lead and seeking the others to each of
//! its documents. A query word here is a union of the fields it is looked up in (a
//! group of clauses), and seeking such a union restarts its buffered window again and
//! again; when both words are frequent (a large archive's typical `a b`), seeking and
//! refilling the unions was over half of the query's time (BENCHMARKS.md). Here each
//! clause of a group is read forward through a window of 4,096 documents into the
//! group's bitset, adding its scores, the groups' bitsets are intersected, and the
//! matches are popped in order: no union is built, and a clause is only sought to
//! skip whole windows.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

const WINDOW: u32 = 4096;
const WORDS: usize = WINDOW as usize / 64;

/// Matches the documents that match at least one clause of every group; the score is
/// the sum of the matching clauses' scores (as a `BooleanQuery` of `Must` groups of
/// `Should` clauses would give).
#[derive(Debug)]
pub struct AllOf {
    groups: Vec<Vec<Box<dyn Query>>>,
}

impl AllOf {
    pub fn new(groups: Vec<Vec<Box<dyn Query>>>) -> AllOf {
        AllOf { groups }
    }
}

impl Clone for AllOf {
    fn clone(&self) -> AllOf {
        AllOf {
            groups: self
                .groups
                .iter()
                .map(|group| group.iter().map(|c| c.box_clone()).collect())
                .collect(),
        }
    }
}

impl Query for AllOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let groups = self
            .groups
            .iter()
            .map(|group| group.iter().map(|c| c.weight(enable_scoring)).collect())
            .collect::<tantivy::Result<Vec<Vec<_>>>>()?;
        Ok(Box::new(AllOfWeight { groups }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for clause in self.groups.iter().flatten() {
            clause.query_terms(visitor);
        }
    }
}

struct AllOfWeight {
    groups: Vec<Vec<Box<dyn Weight>>>,
}

impl Weight for AllOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let mut scorers = Vec::with_capacity(group.len());
            for clause in group {
                let scorer = clause.scorer(reader, boost)?;
                // A term this segment lacks has nothing to read.
                if scorer.doc() != TERMINATED {
                    scorers.push(scorer);
                }
            }
            groups.push(scorers);
        }
        Ok(Box::new(WindowedConjunction::new(groups)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let matched: Vec<Explanation> = group.iter().filter_map(|c| c.explain(reader, doc).ok()).collect();
            if matched.is_empty() {
                return Err(tantivy::TantivyError::InvalidArgument(format!(
                    "document #{doc} does not match every word"
                )));
            }
            let mut explanation = Explanation::new("any of: sum of", matched.iter().map(|e| e.value()).sum());
            for detail in matched {
                explanation.add_detail(detail);
            }
            groups.push(explanation);
        }
        let mut explanation = Explanation::new("all of: sum of", groups.iter().map(|e| e.value()).sum());
        for group in groups {
            explanation.add_detail(group);
        }
        Ok(explanation)
    }
}

pub struct WindowedConjunction {
    /// Each group's clause scorers; sparsest group first, so that an empty window is
    /// found after reading the fewest postings.
    groups: Vec<Vec<Box<dyn Scorer>>>,
    window_start: DocId,
    /// The window's documents that every group read so far matches.
    matched: Box<[u64; WORDS]>,
    /// One group's documents in the window, while it is read.
    group: Box<[u64; WORDS]>,
    scores: Box<[Score; WINDOW as usize]>,
    /// The word of `matched` that the next match is popped from.
    word: usize,
    doc: DocId,
    score: Score,
}

/// The first document a group can match: its earliest clause's.
fn group_doc(group: &[Box<dyn Scorer>]) -> DocId {
    group.iter().map(|c| c.doc()).min().unwrap_or(TERMINATED)
}

impl WindowedConjunction {
    fn new(mut groups: Vec<Vec<Box<dyn Scorer>>>) -> WindowedConjunction {
        groups.sort_by_key(|group| group.iter().map(|c| c.cost()).sum::<u64>());
        let mut conjunction = WindowedConjunction {
            groups,
            window_start: 0,
            matched: Box::new([0; WORDS]),
            group: Box::new([0; WORDS]),
            scores: Box::new([0.0; WINDOW as usize]),
            word: WORDS,
            doc: 0,
            score: 0.0,
        };
        if conjunction.groups.is_empty() {
            conjunction.doc = TERMINATED;
        } else {
            conjunction.advance();
        }
        conjunction
    }

    /// The first document every group can match from: where the next window starts.
    fn next_start(&self) -> DocId {
        self.groups.iter().map(|g| group_doc(g)).max().unwrap_or(TERMINATED)
    }

    /// Reads every clause's documents in `[start, start + WINDOW)` and keeps those
    /// that every group matches, with their summed scores.
    fn fill(&mut self, start: DocId) {
        self.window_start = start;
        self.word = 0;
        self.scores.fill(0.0);
        let Some((first, rest)) = self.groups.split_first_mut() else {
            return;
        };
        self.matched.fill(0);
        for clause in first.iter_mut() {
            read_window(clause.as_mut(), start, &mut self.matched, |delta, clause| {
                self.scores[delta] += clause.score();
            });
        }
        for group in rest {
            // Nothing left in this window: the other groups skip it by seeking.
            if self.matched.iter().all(|&w| w == 0) {
                break;
            }
            self.group.fill(0);
            for clause in group.iter_mut() {
                let (matched, scores) = (&self.matched, &mut self.scores);
                read_window(clause.as_mut(), start, &mut self.group, |delta, clause| {
                    // Only documents the groups before matched: scoring is most of the
                    // work, and the others cannot match.
                    if matched[delta / 64] & (1 << (delta % 64)) != 0 {
                        scores[delta] += clause.score();
                    }
                });
            }
            for (m, g) in self.matched.iter_mut().zip(self.group.iter()) {
                *m &= g;
            }
        }
    }
}

/// Sets the bits of `clause`'s documents in the window from `start` and calls
/// `matched` with each one's offset, the clause on it.
fn read_window(
    clause: &mut dyn Scorer,
    start: DocId,
    bits: &mut [u64; WORDS],
    mut matched: impl FnMut(usize, &mut dyn Scorer),
) {
    if clause.doc() < start {
        clause.seek(start);
    }
    // TERMINATED is itself a doc id: a window never reaches it.
    let end = start.saturating_add(WINDOW).min(TERMINATED);
    let mut doc = clause.doc();
    while doc < end {
        let delta = (doc - start) as usize;
        bits[delta / 64] |= 1 << (delta % 64);
        matched(delta, clause);
        doc = clause.advance();
    }
}

impl DocSet for WindowedConjunction {
    fn advance(&mut self) -> DocId {
        loop {
            while self.word < WORDS {
                let bits = self.matched[self.word];
                if bits != 0 {
                    self.matched[self.word] = bits & (bits - 1);
                    let delta = self.word * 64 + bits.trailing_zeros() as usize;
                    self.doc = self.window_start + delta as DocId;
                    self.score = self.scores[delta];
                    return self.doc;
                }
                self.word += 1;
            }
            // The first group always ends past the window, so this moves forward.
            let next = self.next_start();
            if next == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            self.fill(next);
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if self.word < WORDS && target < self.window_start.saturating_add(WINDOW) {
            // Inside the current window: drop the matches before the target.
            let delta = (target - self.window_start) as usize;
            let word = delta / 64;
            if word > self.word {
                self.matched[self.word..word].fill(0);
                self.word = word;
            }
            self.matched[word] &= !((1u64 << (delta % 64)) - 1);
            return self.advance();
        }
        self.word = WORDS;
        let next = self.next_start().max(target);
        if next == TERMINATED {
            self.doc = TERMINATED;
            return TERMINATED;
        }
        self.fill(next);
        self.advance()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        let group_hint = |g: &Vec<Box<dyn Scorer>>| g.iter().map(|c| u64::from(c.size_hint())).sum::<u64>();
        let hint = self.groups.iter().map(group_hint).min().unwrap_or(0);
        hint.min(u64::from(u32::MAX)) as u32
    }

    fn cost(&self) -> u64 {
        self.groups.iter().flatten().map(|c| c.cost()).sum()
    }
}

impl Scorer for WindowedConjunction {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, STRING, TEXT};
    use tantivy::{doc, DocAddress, Index, IndexWriter, Term};

    /// Words of very different frequencies over three windows' worth of documents in
    /// two fields, each query word a union of both fields as in hanseek: every
    /// conjunction finds exactly the documents and scores of tantivy's intersection,
    /// alone, with a filter (which seeks it) and with an exclusion.
    #[test]
    fn the_windowed_conjunction_matches_tantivys_intersection() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 30 << 20).unwrap();
        // Word k is in a document with probability about 1 / (k + 1).
        let mut state = 7u64;
        let mut random = move || -> u32 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let words: Vec<String> = (0..40).map(|k| format!("w{k}")).collect();
        for n in 0..13_000 {
            let pick = |random: &mut dyn FnMut() -> u32| {
                let picked: Vec<&str> = (0..words.len())
                    .filter(|&k| random().is_multiple_of(k as u32 + 1))
                    .map(|k| words[k].as_str())
                    .collect();
                picked.join(" ")
            };
            let (t, b) = (pick(&mut random), pick(&mut random));
            let tag_value = if n % 3 == 0 { "a" } else { "b" };
            writer
                .add_document(doc!(title => t, body => b, tag => tag_value))
                .unwrap();
            // Several segments, of different sizes.
            if n == 4_000 || n == 9_500 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        // A word's clauses: the word in each field.
        let word = |w: &str| -> Vec<Box<dyn Query>> {
            let term = |field| -> Box<dyn Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, w),
                    IndexRecordOption::WithFreqs,
                ))
            };
            vec![term(title), term(body)]
        };
        let union = |clauses: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                clauses.into_iter().map(|c| (Occur::Should, c)).collect(),
            ))
        };
        let tag_is = |v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(tag, v), IndexRecordOption::Basic))
        };
        let run = |query: &dyn Query| -> Vec<(DocAddress, Score)> {
            let mut hits: Vec<(DocAddress, Score)> = searcher
                .search(query, &TopDocs::with_limit(20_000).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(score, address)| (address, score))
                .collect();
            hits.sort_by_key(|(address, _)| *address);
            hits
        };
        let mut checked = 0;
        for words_of_query in [
            vec!["w0", "w1"],
            vec!["w1", "w2", "w3"],
            vec!["w0", "w30"],
            vec!["w25", "w39"],
            vec!["w2", "w5", "w0", "w9"],
            vec!["w1", "nowhere"],
        ] {
            let groups = || words_of_query.iter().map(|w| word(w)).collect::<Vec<_>>();
            let with = |extra: Vec<(Occur, Box<dyn Query>)>| -> (Box<dyn Query>, Box<dyn Query>) {
                let mut ours: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllOf::new(groups())))];
                let mut theirs: Vec<(Occur, Box<dyn Query>)> =
                    groups().into_iter().map(|g| (Occur::Must, union(g))).collect();
                for (occur, q) in extra {
                    ours.push((occur, q.box_clone()));
                    theirs.push((occur, q));
                }
                (Box::new(BooleanQuery::new(ours)), Box::new(BooleanQuery::new(theirs)))
            };
            for extra in [
                vec![],
                vec![(Occur::Must, tag_is("a"))],
                vec![(Occur::MustNot, tag_is("b"))],
            ] {
                let (ours, theirs) = with(extra);
                let (a, b) = (run(&*ours), run(&*theirs));
                assert_eq!(a.len(), b.len(), "{words_of_query:?}");
                for ((da, sa), (db, sb)) in a.iter().zip(&b) {
                    assert_eq!(da, db, "{words_of_query:?}");
                    assert!(
                        (sa - sb).abs() <= 1e-4 * sb.abs().max(1.0),
                        "{words_of_query:?}: {sa} vs {sb}"
                    );
                }
                checked += a.len();
            }
            // A filter as one more group (as hanseek passes filters).
            let mut with_filter = groups();
            with_filter.push(vec![tag_is("a")]);
            let ours = AllOf::new(with_filter);
            let (_, theirs) = with(vec![(Occur::Must, tag_is("a"))]);
            let (theirs, ours) = (run(&*theirs), run(&ours));
            assert_eq!(ours.len(), theirs.len(), "{words_of_query:?}");
            for ((da, sa), (db, sb)) in ours.iter().zip(&theirs) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() <= 1e-4 * sb.abs().max(1.0));
            }
        }
        assert!(
            checked > 5_000,
            "the queries match enough documents to cross windows: {checked}"
        );

        // Seeking directly: the same documents as tantivy's intersection, never before
        // the target, whatever the stride.
        let enable = EnableScoring::enabled_from_searcher(&searcher);
        for words_of_query in [vec!["w0", "w1"], vec!["w1", "w3"], vec!["w0", "w20"]] {
            let groups = || words_of_query.iter().map(|w| word(w)).collect::<Vec<_>>();
            let ours = AllOf::new(groups()).weight(enable).unwrap();
            let theirs = BooleanQuery::new(groups().into_iter().map(|g| (Occur::Must, union(g))).collect())
                .weight(enable)
                .unwrap();
            for reader in searcher.segment_readers() {
                for stride in [1, 7, 300, 5_000] {
                    let mut a = ours.scorer(reader, 1.0).unwrap();
                    let mut b = theirs.scorer(reader, 1.0).unwrap();
                    assert_eq!(a.doc(), b.doc());
                    let mut target = 0;
                    while b.doc() != TERMINATED {
                        target += 1 + random() % stride;
                        let (da, db) = (a.seek(target), b.seek(target));
                        assert!(da >= target, "{words_of_query:?}: sought {target}, got {da}");
                        assert_eq!(da, db, "{words_of_query:?}: stride {stride}");
                        if db != TERMINATED {
                            assert!((a.score() - b.score()).abs() <= 1e-4 * b.score().max(1.0));
                        }
                    }
                }
            }
        }
    }
}
