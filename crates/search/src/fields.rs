//! Where a query word is looked up and what a match there weighs: the one place a
//! searched field's BM25 weight is set. Field names come from the schema's
//! [`SearchedField`]; each clause carries its table entry, so that `--explain` names
//! every clause's field from what built it, not by guessing from its weight.

use hanseek_index::SearchedField::{self, Bridge, Pairs, ParentTitle, RefTitle, Text, TextRecall, Title, TitleRecall};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SeekDangerResult, SegmentReader, Term};

/// Why a field is searched for a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The word as written (its tokens, or the phrase of them).
    Direct,
    /// The word's adjacent token pairs (phrases, words of several tokens).
    Pairs,
    /// Character bigrams: the safety net of an expanded query.
    Recall,
    /// A Korean word against the Sino-Korean readings of Han text.
    Reading,
    /// A Korean word against the Korean transliteration of a Chinese name.
    Transliteration,
    /// A Chinese word's reading against Korean text.
    ReadingOfChinese,
    /// A name's spelling in the other script (重庆 ⇄ 충칭): the word itself.
    Name,
}

/// A field, its weight, and why it is searched.
#[derive(Debug, PartialEq)]
pub struct Weighted {
    pub field: SearchedField,
    pub weight: Score,
    pub role: Role,
}

const fn weighted(field: SearchedField, weight: Score, role: Role) -> Weighted {
    Weighted { field, weight, role }
}

/// Field weights for BM25: a match in a title counts most. `text` holds subtitle,
/// body and 요약 bullets together: one field to look a word up in instead of three (an
/// `a b` query on a large archive spends most of its time merging a word's fields), at
/// the cost of weighing a subtitle or a 요약 bullet like the body.
pub static MAIN: [Weighted; 4] = main_fields(Role::Direct);

/// The main fields' weights, for the word as written and for what counts as it.
const fn main_fields(role: Role) -> [Weighted; 4] {
    [
        weighted(Title, 4.0, role),
        weighted(RefTitle, 1.5, role),
        weighted(Text, 1.0, role),
        weighted(ParentTitle, 0.5, role),
    ]
}
/// The main fields that keep their own phrase when a query's pairs are looked up in
/// the `pairs` field, which holds the others' pairs (weighted like `text`).
pub static TITLES: [Weighted; 2] = {
    let [title, _, _, parent_title] = main_fields(Role::Direct);
    [title, parent_title]
};
pub static PAIRS: [Weighted; 1] = [weighted(Pairs, 1.0, Role::Pairs)];
/// Bigram fields: a safety net for text morphology splits differently; weighted low so
/// that a morphological match ranks above a bigram-only one. Searched only when a
/// query is expanded (`SearchOptions::expand_below`).
pub static RECALL: [Weighted; 2] = [
    weighted(TitleRecall, 0.8, Role::Recall),
    weighted(TextRecall, 0.3, Role::Recall),
];
/// The cross-script bridge, below every direct match of the same words: a Korean
/// word against the readings of Han text (`bridge`), the same field for a
/// transliterated name, and the reading of a Chinese word against Korean text (the
/// main fields, at these weights).
pub static READINGS_OF_HAN: [Weighted; 1] = [weighted(Bridge, 0.6, Role::Reading)];
pub static TRANSLITERATIONS: [Weighted; 1] = [weighted(Bridge, 0.6, Role::Transliteration)];
/// A name's spelling in the other script is the word itself (`word::Word::names`): the
/// main fields at their weights.
pub static NAMES: [Weighted; 4] = main_fields(Role::Name);
pub static READINGS_IN_KOREAN: [Weighted; 2] = [
    weighted(Title, 0.9, Role::ReadingOfChinese),
    weighted(Text, 0.35, Role::ReadingOfChinese),
];

/// Alias terms rank below the query's own words.
pub const ALIAS_WEIGHT: Score = 0.5;
/// The words a 초성 query word stands for (`ㅇㄱㅈㄴ` → 인공지능) rank below any word
/// written out, which a document matches exactly.
pub const INITIALS_WEIGHT: Score = 0.5;
/// How many words one 초성 query word stands for, most frequent first.
pub const INITIALS_WORDS: usize = 5;
/// A word one jamo from a query word the index does not have (반도채 → 반도체) ranks
/// below every word as typed: it is a guess.
pub const TYPO_WEIGHT: Score = 0.4;
/// How many such words are searched for one query word.
pub const TYPO_WORDS: usize = 2;
/// An unspaced run of Chinese words found side by side, as typed, scores its phrase
/// again on top of its words (`expand::Origin::Adjacent`).
pub const ADJACENT_WEIGHT: Score = 1.0;

/// What `--explain` calls a clause.
#[derive(Debug, Clone, Copy)]
pub enum Label {
    Field(&'static Weighted),
    Alias,
    Initials,
    Typo,
    Adjacent,
}

impl Label {
    pub fn describe(self) -> String {
        match self {
            Label::Alias => format!("alias (weight {ALIAS_WEIGHT})"),
            Label::Initials => format!("a word the 초성 stand for (weight {INITIALS_WEIGHT})"),
            Label::Typo => format!("a word one jamo from the query word (weight {TYPO_WEIGHT})"),
            Label::Adjacent => format!("the words side by side, as typed (weight {ADJACENT_WEIGHT})"),
            Label::Field(w) => {
                let why = match w.role {
                    Role::Direct => "",
                    Role::Pairs => ": adjacent word pairs",
                    Role::Recall => ": character bigrams",
                    Role::Reading => ": Korean word = reading of Han text",
                    Role::Transliteration => ": Korean word = transliterated Chinese name",
                    Role::ReadingOfChinese => ": reading of the Chinese word",
                    Role::Name => ": the name in the other script",
                };
                format!("field {} (weight {}){why}", w.field.name(), w.weight)
            }
        }
    }
}

/// A query whose explanation says what it is; it matches and scores as `inner`.
#[derive(Debug)]
pub struct Labeled {
    label: Label,
    inner: Box<dyn Query>,
}

impl Clone for Labeled {
    fn clone(&self) -> Labeled {
        Labeled {
            label: self.label,
            inner: self.inner.box_clone(),
        }
    }
}

impl Labeled {
    pub fn new(label: Label, inner: Box<dyn Query>) -> Labeled {
        Labeled { label, inner }
    }

    pub fn inner(&self) -> &dyn Query {
        self.inner.as_ref()
    }
}

impl Query for Labeled {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(LabeledWeight {
            label: self.label,
            inner: self.inner.weight(enable_scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

/// `weight`'s matches and scores, explained under `label`.
pub struct LabeledWeight {
    label: Label,
    inner: Box<dyn Weight>,
}

impl LabeledWeight {
    pub fn new(label: Label, inner: Box<dyn Weight>) -> LabeledWeight {
        LabeledWeight { label, inner }
    }
}

/// `explanation` as the one detail of a node that names it.
pub fn explained_as(label: Label, explanation: Explanation) -> Explanation {
    let mut named = Explanation::new_with_string(label.describe(), explanation.value());
    named.add_detail(explanation);
    named
}

impl Weight for LabeledWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.inner.scorer(reader, boost)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        self.inner.scorer_danger(reader, target, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        Ok(explained_as(self.label, self.inner.explain(reader, doc)?))
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }

    fn for_each(&self, reader: &SegmentReader, callback: &mut dyn FnMut(DocId, Score)) -> tantivy::Result<()> {
        self.inner.for_each(reader, callback)
    }

    fn for_each_no_score(&self, reader: &SegmentReader, callback: &mut dyn FnMut(&[DocId])) -> tantivy::Result<()> {
        self.inner.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.inner.for_each_pruning(threshold, reader, callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_searched_field_has_a_weight_and_a_distinct_label() {
        let tables: [&[Weighted]; 8] = [
            &MAIN,
            &NAMES,
            &TITLES,
            &PAIRS,
            &RECALL,
            &READINGS_OF_HAN,
            &TRANSLITERATIONS,
            &READINGS_IN_KOREAN,
        ];
        for field in SearchedField::ALL {
            assert!(
                tables.iter().flat_map(|t| t.iter()).any(|w| w.field == field),
                "{field:?} is searched nowhere"
            );
        }
        let labels: Vec<String> = tables
            .iter()
            .flat_map(|t| t.iter())
            .map(|w| Label::Field(w).describe())
            .collect();
        let mut distinct = labels.clone();
        distinct.sort();
        distinct.dedup();
        // TITLES repeats two of MAIN's entries (same field, weight and role).
        assert_eq!(distinct.len(), labels.len() - 2, "{labels:?}");
        assert_eq!(
            Label::Field(&PAIRS[0]).describe(),
            "field pairs (weight 1): adjacent word pairs"
        );
    }
}
