//! The expansion stage: each query word or phrase becomes one value, its [`Expansion`],
//! listing every way the search looks for it — its spellings (the word as written, the
//! terms of its alias group, the words its 초성 stand for, a typo's corrections) and
//! each spelling's derivations (as written, pairs, bigrams, readings of Han text,
//! names, readings in Korean text), each with the fields and weights it is searched in.
//!
//! Everything else is made from this one value, so what is searched, what is marked
//! and what is said about it cannot drift apart: the clauses ([`crate::clauses`]),
//! the highlights and `via` ([`crate::snippet::Matcher`]), and `--explain`'s labels
//! (each clause carries its field table entry, see [`crate::fields`]).

use std::cell::OnceCell;
use std::rc::Rc;

use hanseek_analysis::{analyze, query_pairs, whole_compounds, AnalyzerKind, Token, TokenKind};
use hanseek_index::{Fields, SearchedField};
use tantivy::schema::Field;
use tantivy::{Score, Term};

use crate::aliases::Aliases;
use crate::fields::{self, Label, Weighted};
use crate::query::{ParsedQuery, Text};
use crate::respelling::{self, Respellings};
use crate::suggest::InitialsTable;
use crate::word::{spelled, Crossing, Name, Word, Words};
use crate::SearchError;

/// How a word or phrase is looked up.
#[derive(Clone, Copy)]
pub(crate) struct Plan<'s> {
    /// Through Sino-Korean readings, transliterations and aliases too.
    pub cross_script: bool,
    /// Expanded (see `SearchOptions::expand_below`).
    pub expand: bool,
    /// The index's word pairs, if it has them (`index build --no-pairs` leaves them out).
    pub pairs: Option<PairTerms<'s>>,
    /// Also in a link's parent title (its article's title); not for related documents,
    /// where that would find every link of the article by its title alone.
    pub parent_titles: bool,
}

/// The pairs field of the index searched. A build pairs only its most frequent words
/// (`hanseek_index::pair_words`), and a pair of two of them in every document that has
/// it, so a pair term the index has finds all of the phrase's documents and a pair it
/// lacks sends the phrase to positions (which also find it where no document has it).
#[derive(Clone, Copy)]
pub(crate) struct PairTerms<'s> {
    pub searcher: &'s tantivy::Searcher,
    pub field: Field,
}

impl PairTerms<'_> {
    /// Whether the index has every one of `pairs`.
    fn has_all(&self, pairs: &[Token]) -> bool {
        pairs.iter().all(|pair| {
            let term = Term::from_field_text(self.field, &pair.text);
            self.searcher.doc_freq(&term).is_ok_and(|n| n > 0)
        })
    }
}

/// Which spelling of a query word a derivation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The word as the user wrote it.
    Query,
    /// A term of its alias group (see [`crate::aliases`]).
    Alias,
    /// A word its 초성 stand for (`ㅇㄱㅈㄴ` → 인공지능).
    Initials,
    /// A word one jamo from it that the index has (반도채 → 반도체).
    Typo,
    /// An unspaced run of words this word begins (中国科学院无人机, 광둥성인공지능), as
    /// the phrase it was typed as: the words are searched each on its own, and side by
    /// side they score this too.
    Adjacent,
}

impl Origin {
    /// What `--explain` calls the clauses of a spelling other than the word's own, and
    /// the weight that ranks them below it.
    pub fn weighed(self) -> Option<(Label, Score)> {
        match self {
            Origin::Query => None,
            Origin::Alias => Some((Label::Alias, fields::ALIAS_WEIGHT)),
            Origin::Initials => Some((Label::Initials, fields::INITIALS_WEIGHT)),
            Origin::Typo => Some((Label::Typo, fields::TYPO_WEIGHT)),
            Origin::Adjacent => Some((Label::Adjacent, fields::ADJACENT_WEIGHT)),
        }
    }

    /// The order in which a group's clauses are laid out: every word as written, then
    /// aliases, then respellings. A union sums its clauses' scores in that order, and
    /// keeping it keeps scores, and so ties between hits, exactly as they were.
    pub fn rank(self) -> u8 {
        match self {
            Origin::Query => 0,
            Origin::Alias => 1,
            Origin::Initials | Origin::Typo => 2,
            Origin::Adjacent => 3,
        }
    }
}

/// How a derivation spells its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derived {
    /// Its tokens, or the phrase of them (unexpanded, a compound as the one word).
    AsWritten,
    /// Its adjacent token pairs, in the pairs field.
    Pairs,
    /// Its character bigrams (the recall analyzer): the safety net of an expanded query.
    Bigrams,
    /// A Korean word as the reading of Han text (무인기 → 无人机).
    ReadingOfHan,
    /// A Korean word whole, as the transliteration of a Chinese name (왕중린 → 王中林).
    WholeName,
    /// A name's spelling in the other script, searched as the word itself (충칭 ⇄ 重庆).
    Name,
    /// That spelling's bigrams, when the word's bigrams are searched too.
    NameBigrams,
    /// A Chinese word's reading, or a name's transliteration, in Korean text.
    Reading(Crossing),
}

/// One way of looking for a spelling: its tokens (a term, or a phrase over their
/// relative positions) in each of its fields.
pub(crate) struct Derivation {
    pub derived: Derived,
    pub tokens: Vec<Token>,
    /// The fields it is searched in, with their weights.
    pub fields: Vec<&'static Weighted>,
    /// The word's one-token spellings this one shares its document frequency with
    /// (`WeightedTerm::spelled_also`): a name counts as rare as its rarest spelling.
    pub spellings: Vec<Token>,
}

/// One spelling of a query word and its derivations.
pub(crate) struct Spelling {
    pub origin: Origin,
    pub word: Rc<Word>,
    pub derivations: Vec<Derivation>,
}

/// A query word or phrase and every way it is looked for.
pub(crate) struct Expansion {
    pub text: Text,
    pub spellings: Vec<Spelling>,
}

impl Expansion {
    /// The word as written has nothing to search (a lone particle): it is reported as
    /// ignored, though an alias or a respelling of it may still be searched.
    pub fn ignored(&self) -> bool {
        self.spellings
            .iter()
            .any(|s| s.origin == Origin::Query && s.derivations.is_empty())
    }
}

/// The words respelled for one pass: the words each 초성 query word stands for, the
/// corrections of each query word that may be a typo, and the words of each unspaced
/// Korean run searched as its words.
#[derive(Clone, Copy)]
pub(crate) struct Respelled<'r> {
    pub initials: &'r Respellings,
    pub typos: &'r Respellings,
    pub runs: &'r Respellings,
}

/// One query's expansion, pass by pass: its words analyzed once, its 초성 words
/// respelled once, and its typos looked for only when a pass is expanded — the
/// unexpanded pass finds enough documents for most queries.
pub(crate) struct Expander<'s> {
    parsed: &'s ParsedQuery,
    words: Words,
    aliases: &'s Aliases,
    initials: Respellings,
    /// The words of each unspaced Korean run searched as its words.
    runs: Respellings,
    /// The typo corrections looked for while cutting runs, kept for `typos`.
    corrections: Respellings,
    typos: OnceCell<Respellings>,
    searcher: &'s tantivy::Searcher,
    fields: &'s Fields,
    plan: Plan<'s>,
}

impl<'s> Expander<'s> {
    pub fn new(
        parsed: &'s ParsedQuery,
        searcher: &'s tantivy::Searcher,
        fields: &'s Fields,
        initials: &std::sync::OnceLock<InitialsTable>,
        aliases: &'s Aliases,
        plan: Plan<'s>,
    ) -> Result<Expander<'s>, SearchError> {
        // As a typo's: a run that could not be cut is searched as typed.
        let (runs, corrections) = respelling::runs(searcher, fields, parsed).unwrap_or_default();
        Ok(Expander {
            initials: respelling::initials(searcher, fields, initials, parsed)?,
            runs,
            corrections,
            parsed,
            words: Words::default(),
            aliases,
            typos: OnceCell::new(),
            searcher,
            fields,
            plan,
        })
    }

    /// The query's positive words for a pass, expanded or not (see
    /// `SearchOptions::expand_below`); typos only when expanded.
    pub fn pass(&self, expand: bool) -> Vec<Vec<Expansion>> {
        self.groups(expand, expand)
    }

    /// The positive words as a reader sees them matched: every derivation of the
    /// expanded query (highlights mark a compound's parts and bigrams whichever pass
    /// found the hit), typos' corrections only when the search looked for them.
    pub fn highlighted(&self, typos: bool) -> Vec<Expansion> {
        self.groups(true, typos).into_iter().flatten().collect()
    }

    fn groups(&self, expand: bool, typos: bool) -> Vec<Vec<Expansion>> {
        let none = Respellings::new();
        let respelled = Respelled {
            initials: &self.initials,
            typos: if typos { self.typos() } else { &none },
            runs: &self.runs,
        };
        let plan = Plan { expand, ..self.plan };
        self::expand(self.parsed, &self.words, self.aliases, respelled, plan)
    }

    /// The words to leave out, each always expanded.
    pub fn excluded(&self) -> Vec<Expansion> {
        let plan = self.plan;
        self.parsed
            .excluded
            .iter()
            .map(|t| excluded(t, &self.words, plan))
            .collect()
    }

    /// A Korean word the index does not have may be a typo of one it has (반도채 →
    /// 반도체); a failed guess is no reason to fail the search, which goes without.
    fn typos(&self) -> &Respellings {
        self.typos.get_or_init(|| {
            respelling::typos(self.searcher, self.fields, self.parsed, &self.runs, &self.corrections)
                .unwrap_or_default()
        })
    }
}

/// The query's positive words, one group per `a OR b` alternatives, each word with its
/// aliases (when `plan` crosses scripts) and respellings.
pub(crate) fn expand(
    parsed: &ParsedQuery,
    words: &Words,
    aliases: &Aliases,
    respelled: Respelled,
    plan: Plan,
) -> Vec<Vec<Expansion>> {
    let mut groups = Vec::with_capacity(parsed.groups.len());
    for group in &parsed.groups {
        let Some(parts) = run_parts(group, words, aliases, respelled.runs) else {
            groups.push(expand_group(group, words, aliases, respelled, plan));
            continue;
        };
        let first = groups.len();
        for part in &parts {
            groups.push(expand_group(
                std::slice::from_ref(part),
                words,
                aliases,
                respelled,
                plan,
            ));
        }
        if let Some(expansion) = groups[first].first_mut() {
            expansion
                .spellings
                .push(spelling(Origin::Adjacent, &group[0], words, plan));
        }
    }
    groups
}

/// The words of a group that is one unspaced run: of Chinese words ([`chinese_run`]),
/// or of Korean words the archive writes apart (`runs`, from `respelling::runs`:
/// 광둥성인공지능 → 광둥성, 인공지능). Not split: a quoted phrase, alternatives, and a
/// run the alias file names (its alias stands for the whole run).
fn run_parts(group: &[Text], words: &Words, aliases: &Aliases, runs: &Respellings) -> Option<Vec<Text>> {
    let [text] = group else {
        return None;
    };
    if text.phrase || !aliases.alternatives(&text.text).is_empty() {
        return None;
    }
    let korean = runs.get(&text.text).map(|parts| {
        let part = |p: &String| Text {
            text: p.clone(),
            ..text.clone()
        };
        parts.iter().map(part).collect()
    });
    korean.or_else(|| chinese_run(text, words))
}

/// The words of a group that is one unspaced run of Chinese words (中国科学院无人机,
/// 国家创新指数报告), each as a query word of its own. Searched as a phrase, such a run
/// finds nothing when a document writes its words apart or one of them differently
/// (创新 where Korean writes 혁신); as its words, it finds the documents with all of
/// them, and with some of them when none has all, and its [`Origin::Adjacent`]
/// spelling ranks the documents with the run as typed first. Not split: a run of
/// one word.
fn chinese_run(text: &Text, words: &Words) -> Option<Vec<Text>> {
    let word = words.get(&text.text);
    if word.main.iter().any(|t| t.kind != TokenKind::Han) {
        return None;
    }
    // A character jieba leaves alone joins the word before it (大湾 区 → 大湾区), or
    // after it at the start: a name it does not know, cut into characters (曲建,
    // 王中林), stays whole, and is searched as its transliteration.
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut leading: Option<usize> = None;
    for token in &word.main {
        let single = text.text[token.from..token.to].chars().count() == 1;
        match parts.last_mut() {
            Some(last) if single => last.1 = token.to,
            _ if single => leading = leading.or(Some(token.from)),
            _ => parts.push((leading.take().unwrap_or(token.from), token.to)),
        }
    }
    if parts.len() < 2 || leading.is_some() {
        return None;
    }
    let parts = parts.into_iter().map(|(from, to)| Text {
        text: text.text[from..to].to_string(),
        ..text.clone()
    });
    Some(parts.collect())
}

fn expand_group(group: &[Text], words: &Words, aliases: &Aliases, respelled: Respelled, plan: Plan) -> Vec<Expansion> {
    // An alias that analyzes as a word already searched (一帶一路 and 一带一路 fold to
    // one) would count the same match twice.
    let analyzed = |word: &Word| -> Vec<String> { word.analyzed.iter().map(|t| t.text.clone()).collect() };
    let mut searched: Vec<Vec<String>> = group.iter().map(|t| analyzed(&words.get(&t.text))).collect();
    let mut expansions = Vec::with_capacity(group.len());
    for text in group {
        let mut spellings = vec![spelling(Origin::Query, text, words, plan)];
        for alias in aliases.alternatives(&text.text).iter().filter(|_| plan.cross_script) {
            let aliased = Text {
                text: alias.clone(),
                phrase: text.phrase || alias.contains(' '),
                ..text.clone()
            };
            let tokens = analyzed(&words.get(&aliased.text));
            if searched.contains(&tokens) {
                continue;
            }
            searched.push(tokens);
            spellings.push(spelling(Origin::Alias, &aliased, words, plan));
        }
        let respellings = [(Origin::Initials, respelled.initials), (Origin::Typo, respelled.typos)];
        for (origin, table) in respellings {
            for word in table.get(&text.text).into_iter().flatten() {
                let spelled = Text {
                    text: word.clone(),
                    ..text.clone()
                };
                let same_script = Plan {
                    cross_script: false,
                    ..plan
                };
                spellings.push(spelling(origin, &spelled, words, same_script));
            }
        }
        // A spelling other than the word's own with nothing to search adds nothing.
        spellings.retain(|s| s.origin == Origin::Query || !s.derivations.is_empty());
        expansions.push(Expansion {
            text: text.clone(),
            spellings,
        });
    }
    expansions
}

/// A word to leave out (`-word`): the word alone, always expanded, so that an
/// exclusion never leaks through a spelling it was not looked for as.
pub(crate) fn excluded(text: &Text, words: &Words, plan: Plan) -> Expansion {
    let expanded = Plan { expand: true, ..plan };
    Expansion {
        text: text.clone(),
        spellings: vec![spelling(Origin::Query, text, words, expanded)],
    }
}

fn spelling(origin: Origin, text: &Text, words: &Words, plan: Plan) -> Spelling {
    let word = words.get(&text.text);
    Spelling {
        origin,
        derivations: derive(text, &word, plan),
        word,
    }
}

/// Every way `text` (analyzed as `word`) is looked for under `plan`; none when it has
/// no searchable token.
fn derive(text: &Text, word: &Word, plan: Plan) -> Vec<Derivation> {
    let Plan {
        cross_script,
        expand,
        pairs: pair_terms,
        parent_titles,
    } = plan;
    let analyzed = &word.analyzed;
    // A name's spellings in the other script (`Word::names`) are searched as the word.
    let names: &[Name] = if cross_script { &word.names } else { &[] };
    // A Korean name ko-dic cuts into something else (주하이 → 주하) is searched by its
    // bigrams, as its Chinese spelling searches it, not by the pieces.
    let no_tokens = Vec::new();
    let query_main = if word.cut_name && !names.is_empty() {
        &no_tokens
    } else {
        &word.main
    };
    // Unexpanded (see `SearchOptions::expand_below`): no bigrams unless they are all the
    // word has; a compound as the one word, not the phrase of its parts; and a word or
    // phrase of several tokens through its adjacent pairs in the pairs field instead
    // of positions checked in each long field (titles keep their own phrase, for their
    // weight). Excluded words are always expanded: an exclusion must not leak.
    let (main, pairs) = if expand || query_main.is_empty() {
        (query_main.clone(), Vec::new())
    } else {
        let whole = whole_compounds(analyzed);
        let pairs = match pair_terms {
            Some(terms) if !text.title_only => query_pairs(&whole).filter(|pairs| terms.has_all(pairs)),
            _ => None,
        };
        (whole, pairs.unwrap_or_default())
    };
    // A name's bigrams, in every spelling, always: they find it however ko-dic cut it.
    let mut recall = if expand || main.is_empty() || !names.is_empty() {
        word.recall.clone()
    } else {
        Vec::new()
    };
    // A lone particle (의, 을) leaves nothing to the main analyzer; the recall field's
    // guarantee is for two or more characters, so it does not revive it either.
    if main.is_empty() && text.text.chars().filter(|c| !c.is_whitespace()).count() < 2 {
        recall.clear();
    }
    if main.is_empty() && recall.is_empty() {
        return Vec::new();
    }
    // A Korean word also looks for Han text that reads as it, and a Chinese word for
    // Korean text written with its reading — but a name's spellings in the other
    // script are searched as the word itself (below), which is what these would find.
    let bridge_on = word.korean && !text.title_only && cross_script && names.is_empty();
    let bridge = if bridge_on { main.clone() } else { Vec::new() };
    // …and, whole, for a transliterated name (왕중린 for 王中林).
    let whole_name: Vec<Token> = word.whole_name.iter().filter(|_| bridge_on).cloned().collect();
    // Its readings, and its names transliterated (曲建 → 곡건, 취젠); a Korean name's
    // are its Chinese name's.
    let mut readings: Vec<(Crossing, Vec<Token>)> = if !text.title_only && cross_script {
        word.readings_below().cloned().collect()
    } else {
        Vec::new()
    };
    if !expand {
        // The reading of one Chinese word is one Korean word: 人工智能 → 인공지능, whole.
        for (_, reading) in &mut readings {
            let one_word = reading
                .iter()
                .all(|t| (t.from, t.to) == (reading[0].from, reading[0].to));
            if !one_word || reading.len() < 2 {
                continue;
            }
            let whole = whole_compounds(&analyze(AnalyzerKind::Main, &spelled(reading)));
            if whole.len() == 1 {
                *reading = whole;
            }
        }
    }
    let main_fields: &'static [Weighted] = if pairs.is_empty() {
        &fields::MAIN
    } else {
        &fields::TITLES
    };
    // A name's spellings in the other script are searched as the word is, bigrams
    // too (always, as the word's own are), and each one-token spelling shares the
    // word's document frequency in each field (`WeightedTerm::spelled_also`).
    let name_recall: Vec<Vec<Token>> = names.iter().map(|n| n.recall.clone()).collect();
    let as_names: Vec<Vec<Token>> = names
        .iter()
        .map(|n| n.tokens.clone())
        .filter(|t| !t.is_empty())
        .collect();
    let main_spellings = one_token_spellings(std::iter::once(&main).chain(&as_names).filter(|s| !s.is_empty()));
    let recall_spellings = one_token_spellings(std::iter::once(&recall).chain(&name_recall));
    let derivations = [
        (Derived::AsWritten, main, main_fields, main_spellings.clone()),
        (Derived::Pairs, pairs, &fields::PAIRS[..], Vec::new()),
        (Derived::Bigrams, recall, &fields::RECALL[..], recall_spellings.clone()),
        (Derived::ReadingOfHan, bridge, &fields::READINGS_OF_HAN[..], Vec::new()),
        (
            Derived::WholeName,
            whole_name,
            &fields::TRANSLITERATIONS[..],
            Vec::new(),
        ),
    ]
    .into_iter()
    .chain(
        as_names
            .into_iter()
            .map(|n| (Derived::Name, n, &fields::NAMES[..], main_spellings.clone())),
    )
    .chain(
        name_recall
            .into_iter()
            .map(|n| (Derived::NameBigrams, n, &fields::RECALL[..], recall_spellings.clone())),
    )
    .chain(
        readings
            .into_iter()
            .map(|(how, r)| (Derived::Reading(how), r, &fields::READINGS_IN_KOREAN[..], Vec::new())),
    );
    let searched_in = |entry: &&Weighted| {
        (!text.title_only || entry.field.is_title()) && (parent_titles || entry.field != SearchedField::ParentTitle)
    };
    derivations
        .filter(|(_, tokens, _, _)| !tokens.is_empty())
        .map(|(derived, tokens, table, spellings)| Derivation {
            derived,
            tokens,
            fields: table.iter().filter(searched_in).collect(),
            spellings,
        })
        .collect()
}

/// The one token of each of several spellings of a word, if there are several and
/// each is one token; else none.
fn one_token_spellings<'t>(spellings: impl Iterator<Item = &'t Vec<Token>>) -> Vec<Token> {
    let spellings: Vec<&Vec<Token>> = spellings.collect();
    if spellings.len() < 2 || spellings.iter().any(|s| s.len() != 1) {
        return Vec::new();
    }
    spellings.iter().map(|s| s[0].clone()).collect()
}

/// `texts` as a search expands them for its highlights: expanded, across scripts,
/// without aliases or respellings.
pub(crate) fn of_words(texts: &[&str]) -> Vec<Expansion> {
    let words = Words::default();
    let plan = Plan {
        cross_script: true,
        expand: true,
        pairs: None,
        parent_titles: true,
    };
    let text = |t: &&str| Text {
        text: t.to_string(),
        phrase: false,
        title_only: false,
        column: 0,
    };
    let parsed = ParsedQuery {
        groups: texts.iter().map(|t| vec![text(t)]).collect(),
        ..ParsedQuery::default()
    };
    let none = Respellings::new();
    let respelled = Respelled {
        initials: &none,
        typos: &none,
        runs: &none,
    };
    expand(&parsed, &words, &Aliases::default(), respelled, plan)
        .into_iter()
        .flatten()
        .collect()
}
