//! The expansion compiled into tantivy queries: each derivation as a term or a phrase
//! in each of its fields, weighted and labelled for `--explain`.

use hanseek_analysis::Token;
use hanseek_index::Fields;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::bound::Boosted;
use crate::conjunction::WeightedTerm;
use crate::expand::{Expansion, Spelling};
use crate::fields::{Label, Labeled, Weighted};

/// Queries a document matches if it matches any of them, scoring their sum.
pub(crate) type Clauses = Vec<Box<dyn Query>>;

/// The clauses of a group of alternatives (`a OR b`, or one word): a document matches
/// the group if it matches any of them, and scores their sum. Laid out in the order of
/// [`crate::expand::Origin::rank`].
pub(crate) fn group_clauses(schema: &Fields, group: &[Expansion]) -> Clauses {
    let mut spellings: Vec<&Spelling> = group.iter().flat_map(|e| &e.spellings).collect();
    // Stable: within a rank, the words' order, and each word's spellings' order.
    spellings.sort_by_key(|s| s.origin.rank());
    spellings
        .into_iter()
        .flat_map(|s| spelling_clauses(schema, s))
        .collect()
}

/// The clauses of one word alone (an excluded word).
pub(crate) fn word_clauses(schema: &Fields, expansion: &Expansion) -> Clauses {
    expansion
        .spellings
        .iter()
        .flat_map(|spelling| spelling_clauses(schema, spelling))
        .collect()
}

/// A spelling's clauses, one per derivation and field; a spelling other than the word
/// as written as one clause, weighted and labelled by its origin.
fn spelling_clauses(schema: &Fields, spelling: &Spelling) -> Clauses {
    let clauses: Clauses = spelling
        .derivations
        .iter()
        .flat_map(|d| {
            d.fields
                .iter()
                .map(|entry| weighted_sequence_query(schema, entry, &d.tokens, &d.spellings))
        })
        .collect();
    match spelling.origin.weighed() {
        Some(_) if clauses.is_empty() => clauses,
        Some((label, weight)) => vec![Box::new(Labeled::new(
            label,
            Box::new(Boosted::new(any_of(clauses), weight)),
        ))],
        None => clauses,
    }
}

/// A term, or a phrase over the tokens' relative positions: how every query word and
/// phrase becomes a tantivy query.
pub fn sequence_query(field: Field, tokens: &[Token]) -> Box<dyn Query> {
    let first = tokens[0].position;
    let terms: Vec<(usize, Term)> = tokens
        .iter()
        .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::WithFreqs))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}

/// `sequence_query` in `entry`'s field with its score multiplied by its weight and
/// labelled with it for `--explain`; a single term in the form that `AllOf` can score
/// sparingly, with one document frequency over `spellings` (the word's spellings, this
/// one among them) if there are any.
fn weighted_sequence_query(
    schema: &Fields,
    entry: &'static Weighted,
    tokens: &[Token],
    spellings: &[Token],
) -> Box<dyn Query> {
    let field = schema.searched(entry.field);
    let label = Label::Field(entry);
    if let [token] = tokens {
        let others = spellings
            .iter()
            .filter(|s| s.text != token.text)
            .map(|s| Term::from_field_text(field, &s.text))
            .collect();
        let term = WeightedTerm::new(Term::from_field_text(field, &token.text), entry.weight);
        return Box::new(term.labeled(label).spelled_also(others));
    }
    let boosted = Boosted::new(sequence_query(field, tokens), entry.weight);
    Box::new(Labeled::new(label, Box::new(boosted)))
}

pub(crate) fn any_of(mut alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if alternatives.len() == 1 {
        return alternatives.pop().expect("one alternative");
    }
    Box::new(BooleanQuery::new(
        alternatives.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}
