//! Loads and cross-checks the data files (actors, places, patterns) the extractor runs on.
//!
//! Everything the extractor knows about names and words comes from here: the Rust code holds
//! no names and no trigger words. Loading validates the data (sorted ids, no alias shared by
//! two entities, every reference resolves, every pattern compiles) so that a bad edit fails
//! at start-up with the file and row at fault.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

pub mod cues;
mod descriptions;
pub use cues::{CueSources, Description, Vocabulary};
pub use descriptions::{DescriptionMatch, Descriptions};

/// The kinds of actor conflictgraph distinguishes (the gold annotation's types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum ActorType {
    Person,
    ArmedGroup,
    Government,
    State,
    InternationalOrganization,
    Company,
    Other,
}

impl ActorType {
    pub const ALL: [ActorType; 7] = [
        Self::Person,
        Self::ArmedGroup,
        Self::Government,
        Self::State,
        Self::InternationalOrganization,
        Self::Company,
        Self::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Person => "Person",
            Self::ArmedGroup => "ArmedGroup",
            Self::Government => "Government",
            Self::State => "State",
            Self::InternationalOrganization => "InternationalOrganization",
            Self::Company => "Company",
            Self::Other => "Other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == s)
    }

    /// The letter used for this type in masked sentences (see ontology/patterns.toml).
    pub fn letter(self) -> char {
        match self {
            Self::Person => 'P',
            Self::ArmedGroup => 'R',
            Self::Government => 'G',
            Self::State => 'S',
            Self::InternationalOrganization => 'I',
            Self::Company => 'C',
            Self::Other => 'X',
        }
    }
}

impl fmt::Display for ActorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Kinds of place in the gazetteer. States are actors that are places too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceType {
    Country,
    City,
    Town,
    Region,
    Facility,
    Other,
}

impl PlaceType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Country => "Country",
            Self::City => "City",
            Self::Town => "Town",
            Self::Region => "Region",
            Self::Facility => "Facility",
            Self::Other => "Other",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            Self::Country,
            Self::City,
            Self::Town,
            Self::Region,
            Self::Facility,
            Self::Other,
        ]
        .into_iter()
        .find(|t| t.name() == s)
    }
}

/// What an entity is: an actor, a place, or (for states) both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Actor(ActorType),
    Place(PlaceType),
}

impl Kind {
    pub fn actor_type(self) -> Option<ActorType> {
        match self {
            Kind::Actor(t) => Some(t),
            Kind::Place(_) => None,
        }
    }
    pub fn is_place(self) -> bool {
        matches!(self, Kind::Place(_) | Kind::Actor(ActorType::State))
    }
}

/// One curated entity of the lexicon.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    pub aliases: Vec<String>,
    /// Demonyms and adjectives ("Turkish"): mentions of the state in adjectival use.
    pub adjectives: Vec<String>,
    /// Descriptive references ("the Tripoli government"): only used in articles that also
    /// mention the entity's country, because elsewhere they would mean something else.
    pub descriptors: Vec<String>,
    /// ISO 3166 alpha-2 code of the country the entity belongs to (its own for a state).
    pub country: Option<String>,
    /// Id of the organisation or state this person leads or commands.
    pub leads: Option<String>,
    pub wikidata: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// For states: the id of the capital among the places.
    pub capital: Option<String>,
}

/// How a surface form names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurfaceKind {
    Name,
    Alias,
    Adjective,
    Descriptor,
    /// A name or alias with a word respelled after lexicon/variants.csv ("Khalifa Hifter").
    Variant,
}

#[derive(Debug, Clone)]
pub struct Surface {
    pub text: String,
    pub entity: usize,
    pub kind: SurfaceKind,
}

/// A failure to load the data files, naming the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

fn invalid(path: &Path, message: impl Into<String>) -> LexiconError {
    LexiconError::Invalid {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorRow {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    aliases: String,
    adjectives: String,
    descriptors: String,
    country: String,
    leads: String,
    wikidata: String,
    lat: Option<f64>,
    lon: Option<f64>,
    /// Id of the state's capital among the places: "Moscow said" is Russia speaking.
    #[serde(default)]
    capital: String,
    /// Where the row comes from (a dataset, or a URL for curated rows).
    #[serde(default)]
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceRow {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    aliases: String,
    country: String,
    lat: f64,
    lon: f64,
    #[serde(default)]
    #[allow(dead_code)]
    population: Option<u64>,
    #[serde(default)]
    #[allow(dead_code)]
    source: String,
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn opt(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

// ---------------------------------------------------------------------------------------
// Patterns (ontology/patterns.toml)

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternFile {
    words: BTreeMap<String, Vec<String>>,
    support_kinds: BTreeMap<String, Vec<String>>,
    reference: Vec<RawRule>,
    backs: Vec<RawRule>,
    opposes: Vec<RawRule>,
    roles: Vec<RawRule>,
    role_words: BTreeMap<String, RawRole>,
    names: RawNames,
    events: Vec<RawEvent>,
    dates: RawDates,
    sentences: RawSentences,
    anaphora: BTreeMap<String, Vec<String>>,
    group_types: BTreeMap<String, Vec<String>>,
    /// Generic phrases for a country's national army or government.
    national: BTreeMap<String, Vec<String>>,
    hostile_events: RawHostile,
    grammar: RawGrammar,
    composite_places: RawComposite,
    /// Event type → nouns for what is sent ("drones", "troops").
    transfer_objects: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComposite {
    region_words: Vec<String>,
    directions: Vec<String>,
    /// Nouns that make the capitalised words beside them a place, with the place type.
    place_nouns: BTreeMap<String, String>,
    /// Nouns after a state's adjective that name its capital ("the Kenyan capital").
    capital_nouns: Vec<String>,
    /// What follows "the" and a direction to name part of the article's country ("the
    /// northern part of the country", "the north of the country").
    country_parts: Vec<String>,
    /// Words after which an unknown capitalised name is a place ("near X", "overran X").
    place_markers: Vec<String>,
    /// Words that join the names of a list of places ("the villages of X, Y and Z").
    list_joiners: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrammar {
    parenthetical: String,
    /// Words that cannot stand between "the" and the head noun of a description.
    description_breaks: Vec<String>,
    /// A compound modifier that lets a description go without "the".
    description_modifier: String,
    /// Singular heads that before another noun are adjectives ("rebel stronghold").
    description_adjectival: Vec<String>,
    /// Quantifiers that with "of" make a description a part ("several of the factions").
    description_partitives: Vec<String>,
    /// Suffixes after a nationality adjective that make it no actor ("Chinese-made").
    not_actor_suffixes: Vec<String>,
    /// Possessive pronouns that stand for an organisation before a title.
    possessive_pronouns: Vec<String>,
    /// Object pronouns that stand for an organisation after a backing or supply verb.
    object_pronouns: Vec<String>,
    speaker_pronouns: Vec<String>,
    /// Adverbs between a pronoun and its speech verb ("he later said").
    speech_adverbs: Vec<String>,
    passive_lead: String,
    /// Prepositions after which a state is where something happened, never who did it.
    place_prepositions: Vec<String>,
    reciprocal: String,
    object_list_ends: Vec<String>,
    /// Words between an event's trigger and an actor that make the actor a side the agent acts
    /// for, not the target ("fighting on behalf of X").
    ally_markers: Vec<String>,
    locative: Vec<String>,
    locative_suffixes: Vec<String>,
    locative_modifiers: Vec<String>,
    not_triggers: Vec<String>,
    articles: Vec<String>,
    passive_agent: String,
    back_reference: String,
    self_reference: Vec<String>,
    descriptive_suffixes: Vec<String>,
    person_nouns: Vec<String>,
    title_prepositions: Vec<String>,
    source_markers: Vec<String>,
    hypothetical: Vec<String>,
    attribution: Vec<String>,
    collective_parties: Vec<String>,
    clause_openers: Vec<String>,
    verb_trigger: String,
    topic_gap: String,
    complement: String,
    metonym_lead: String,
    metonym_verbs: Vec<String>,
    /// Words right before a capital that make it act ("sided with", "relies on").
    metonym_before: Vec<String>,
    /// Nouns a capital's possessive owns as its state ("Moscow's government").
    metonym_owned: Vec<String>,
    national_heads: Vec<String>,
    army_heads: Vec<String>,
    relative_pronouns: Vec<String>,
    coordination: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHostile {
    types: Vec<String>,
    actor_types: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    pattern: String,
    #[serde(default)]
    confidence: Option<f64>,
    #[serde(default)]
    via: Option<String>,
    #[serde(default)]
    backed_not: Vec<String>,
    #[serde(default)]
    forbid: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    national: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    words: Vec<String>,
    of_types: Vec<String>,
    #[serde(default)]
    heads: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNames {
    particles: Vec<String>,
    connectors: Vec<String>,
    org_heads: BTreeMap<String, String>,
    stop_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    #[serde(rename = "type")]
    kind: String,
    words: Vec<String>,
    #[serde(default)]
    intransitive: bool,
    #[serde(default)]
    speech: bool,
    /// Both sides act alike ("X and Y met"): a coordinated subject is agent and target.
    #[serde(default)]
    symmetric: bool,
    /// Types sharing a group give one event per sentence ("air strikes and shelling").
    #[serde(default)]
    group: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDates {
    pub months: Vec<Vec<String>>,
    pub weekdays: Vec<String>,
    pub last_month: Vec<String>,
    pub this_year: Vec<String>,
    pub last_year: Vec<String>,
    /// Words before a bare year that make it a date ("in 2011", "the 2011 uprising").
    pub year_prepositions: Vec<String>,
    /// Words before a month without a year ("in March", "since April", "mid-May").
    pub month_prepositions: Vec<String>,
    /// Words between a month and its year ("April of 2019").
    pub month_year_joiners: Vec<String>,
    /// Labels before a publication date line ("Published:", "Updated").
    pub line_labels: Vec<String>,
}

impl RawDates {
    /// Whether `word` is a weekday or a month name ("Saturday", "March").
    pub fn is_date_word(&self, word: &str) -> bool {
        self.weekdays.iter().any(|w| w == word) || self.months.iter().flatten().any(|m| m == word)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSentences {
    abbreviations: Vec<String>,
}

/// A compiled relation or reference rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub regex: Regex,
    pub confidence: f64,
    /// For reference rules: resolve group `a` through the lexicon's `leads` column.
    pub via_leads: bool,
    /// Actor types the backed side may not have.
    pub backed_not: Vec<ActorType>,
    /// Whether the rule names the backed side (a group `backed…`); a backs rule that does not
    /// reads support whose recipient the sentence leaves unsaid.
    pub names_backed: bool,
    /// Words that cancel a match when they occur in it ("by" for active forms).
    pub forbid: Option<Regex>,
    /// Words that cancel a match when they come just before it ("to Libya to support…").
    pub not_after: Vec<String>,
    /// For role rules without a `role` group: the role every match gives.
    pub role: Option<String>,
    /// For reference rules: a person, state or government resolves to the national army or
    /// government (a kind of `[national]`) of its country ("Abiy's forces", "Burhan's government").
    pub national: Option<String>,
}

/// A role (commander, envoy…) with the words that name it.
#[derive(Debug, Clone)]
pub struct RoleDef {
    pub role: String,
    pub of_types: Vec<ActorType>,
    /// Whether the role heads the organisation (org:headOf) rather than holding a post in it.
    pub heads: bool,
}

/// Everything compiled from ontology/patterns.toml.
#[derive(Debug)]
pub struct Patterns {
    pub references: Vec<Rule>,
    pub backs: Vec<Rule>,
    pub opposes: Vec<Rule>,
    pub roles: Vec<Rule>,
    /// Role word (as written) → role definition.
    pub role_words: HashMap<String, RoleDef>,
    /// A regex matching any role word, for person-name detection.
    pub role_word_regex: String,
    /// A regex matching a military rank or honorific ("Brigadier General"), `[words] rank`.
    pub rank_regex: String,
    pub support_kinds: Vec<(String, Regex)>,
    pub allegation: Regex,
    pub negation: Regex,
    pub denial: Regex,
    /// Event type id → trigger regex, in file order (earlier wins on overlap).
    pub events: Vec<(String, Regex)>,
    /// Event type → the nouns of what is sent in it ("drones" for an arms transfer).
    pub transfer_objects: Vec<(String, Regex)>,
    pub name_particles: Vec<String>,
    /// Lower-case words inside organisation names ("of", "for").
    pub name_connectors: Vec<String>,
    pub org_heads: BTreeMap<String, ActorType>,
    pub stop_words: HashSet<String>,
    pub dates: RawDates,
    pub abbreviations: HashSet<String>,
    /// Head nouns of descriptions that refer back to an actor ("the rebels", "the junta"):
    /// `[anaphora]` and lexicon/descriptions.csv.
    pub descriptions: Descriptions,
    /// A noun for fighters no state commands right after a mention ("␣rebels"): after a
    /// state's adjective the two name a group of their own.
    pub irregular_after: Regex,
    /// "fighters of", "troops of": a force noun before "of" makes the actor after it the one
    /// that acts, so a rule's `not_after = ["of"]` lets it through.
    pub force_of: Regex,
    /// A suffix right after an adjective that makes it describe a thing, not an actor ("-made").
    pub not_actor_suffix: Regex,
    /// A possessive pronoun before a title ("Its spokesman"): group `pronoun`.
    pub possessive_title: Regex,
    /// "its fighters", "their troops": a possessive pronoun (group `pronoun`) before a force noun.
    pub possessive_force: Regex,
    /// An object pronoun after a backing or supply verb ("supplied it with"): group `pronoun`.
    pub object_pronoun: Regex,
    /// "he said", "she told reporters": a pronoun (group `pronoun`) speaking.
    pub speaker_pronoun: Regex,
    /// Text right before a verb trigger that makes it passive ("were killed").
    pub passive_lead: Regex,
    /// Text ending in a preposition after which a state is a place, not an agent ("in Egypt").
    pub place_preposition: Regex,
    /// Text right after a trigger that puts both sides after it ("clashes between").
    pub reciprocal: Regex,
    /// Words that end a transfer's list of objects ("to" of a purpose).
    pub object_list_end: Regex,
    /// Between a trigger and an actor: the actor is a side the agent acts for ("alongside").
    pub ally_marker: Regex,
    /// A region word right after a place ("␣province"): the place names a region.
    pub region_after: Regex,
    /// A direction right before a place ("northern␣"): the words name a region.
    pub direction_before: Regex,
    /// "the northern part of the country": group `dir` is the direction.
    pub country_part: Regex,
    /// Nouns ("village", "province", "airbase") that make the names beside them places.
    pub place_nouns: BTreeMap<String, PlaceType>,
    /// Words after which an unknown capitalised name is a place ("near X", "overran X").
    pub place_markers: Vec<String>,
    pub place_list_joiners: Vec<String>,
    /// A noun right after a state's adjective that names its capital ("␣capital").
    pub capital_after: Regex,
    /// Actor type → regex of an apposition that says a name is of that type
    /// ("X, a private military company", "X, a Tuareg separatist group").
    pub group_types: Vec<(ActorType, Regex)>,
    /// "army"/"government" → generic phrases naming the national one of the article's country.
    pub national: Vec<(String, Regex)>,
    /// "by" before an actor after an event trigger: the actor is the agent.
    pub passive_agent: Regex,
    /// A trigger preceded by this ("the talks", "the peace talks") refers to an event already reported.
    pub event_back_reference: Regex,
    /// Event types whose agent opposes its target, and the actor types that count.
    pub hostile_events: HashSet<String>,
    pub hostile_types: Vec<ActorType>,
    /// Parenthetical clauses whose actors are not the agent of what follows them.
    pub parenthetical: Regex,
    /// Text ending in a locative preposition or a "-stricken"-like suffix.
    pub locative: Regex,
    /// Phrases holding a trigger word that report no event ("fighting alongside", "fighting force").
    pub not_trigger: Regex,
    /// An article at the start of a phrase.
    pub leading_article: Regex,
    /// A pronoun right after a speech verb: the speaker reports its own act.
    pub self_reference: Regex,
    /// Event types that report speech ("said", "accused"): their agent is the speaker.
    pub speech_events: HashSet<String>,
    /// Event types with one participant, who is the agent ("the resignation of X").
    pub intransitive_events: HashSet<String>,
    /// Event types where both sides act alike ("X and Y held talks").
    pub symmetric_events: HashSet<String>,
    /// Event type → its group: one event per group and sentence.
    pub event_groups: HashMap<String, String>,
    /// Text right after an actor that makes it a modifier, not a participant ("UN-backed").
    pub descriptive_suffix: Regex,
    /// Text right after a nationality adjective that makes it describe a person ("Libyan warlord").
    pub person_noun: Regex,
    /// Any of `[grammar] person_nouns` ("aid worker"): before a name they introduce a person.
    pub person_noun_regex: String,
    /// Prepositions between a title and what it is a title of ("the head of the X, Y,").
    pub title_prepositions: String,
    /// A title and its preposition right before a place: "envoy for the Horn of Africa"
    /// names the post, not where anything happens.
    pub title_for: Regex,
    /// Phrases after which actors are sources, not participants ("according to").
    pub source_marker: Regex,
    /// Words that make what follows them in the clause hypothetical ("could", "if").
    pub hypothetical: Regex,
    /// Speech verbs that only attribute a report ("said"): no event when the sentence reports another.
    pub attribution: Regex,
    /// Phrases that stand for the two sides of the article's main conflict ("the warring parties").
    pub collective_parties: Regex,
    /// Words that open a new clause, ending the reach of a hypothetical word.
    pub clause_opener: Regex,
    /// A trigger that is a verb ("seized"): never a back reference to an earlier event.
    pub verb_trigger: Regex,
    /// Text between two triggers that makes the second the topic of the first ("negotiate a ceasefire").
    pub topic_gap: Regex,
    /// A complementizer right after a hypothetical word ("hoped that"): its clause stays hypothetical.
    pub complement: Regex,
    /// Text after a capital that makes it stand for its state ("Moscow denied", "Ankara has sent").
    pub metonym_after: Regex,
    /// Words right before a capital that make it act as its state: an accusation ("accused
    /// Kigali"), a backing verb ("to support Kinshasa"), a backer's "by" ("armed by Tehran").
    pub metonym_before: Regex,
    /// Nouns that, right after the article country's adjective or name, make its national
    /// army ("the Libyan army", "Sudanese troops").
    pub national_heads: Regex,
    /// Description heads that, with "the", stand for a national army ("the army", "the
    /// military") before any group whose name merely holds the word.
    pub army_heads: HashSet<String>,
    /// A relative pronoun ending the text between an actor and a trigger: its antecedent,
    /// not the actor, is the subject ("chaos like the uprising that killed X").
    pub relative_clause: Regex,
    /// "and" plus up to three words (titles, tokens) ending right before an actor: the actor
    /// is the second of a coordinated pair ("X and U.N. envoy Y").
    pub coordination: Regex,
}

/// Reads `variants.csv` (`variant,canonical,note`): respellings of one name word ("Hifter" for
/// "Haftar"). Returns folded variant → canonical spelling, and canonical spelling → variants.
fn read_variants(
    text: &str,
    path: &Path,
) -> Result<(HashMap<String, String>, BTreeMap<String, Vec<String>>), LexiconError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Row {
        variant: String,
        canonical: String,
        #[allow(dead_code)]
        note: String,
    }
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut last: Option<String> = None;
    let mut canonical_of = HashMap::new();
    let mut by_canonical: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, row) in rdr.deserialize::<Row>().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| invalid(path, format!("line {line}: {e}")))?;
        if last.as_ref().is_some_and(|l| *l >= row.variant) {
            return Err(invalid(
                path,
                format!("line {line}: keep rows sorted by variant, one row each"),
            ));
        }
        last = Some(row.variant.clone());
        let single = |w: &str| !w.is_empty() && !w.contains(char::is_whitespace);
        if !single(&row.variant) || !single(&row.canonical) || row.variant == row.canonical {
            return Err(invalid(path, format!("line {line}: a variant and its canonical spelling are two different single words")));
        }
        canonical_of.insert(fold(&row.variant), row.canonical.clone());
        by_canonical
            .entry(row.canonical)
            .or_default()
            .push(row.variant);
    }
    if let Some(v) = canonical_of
        .values()
        .find(|c| canonical_of.contains_key(&fold(c)))
    {
        return Err(invalid(path, format!("{v:?} is both a canonical spelling and a variant: map variants to the final spelling")));
    }
    Ok((canonical_of, by_canonical))
}

/// A word without accents, in lower case: "Salamé" → "salame".
pub fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Compiles a pattern with `\b` read as an ASCII word boundary.
///
/// A Unicode `\b` makes the regex crate's lazy DFA give up at the first non-ASCII byte and
/// fall back to an engine ten times slower; every masked sentence holds `⟦…⟧` tokens, and
/// news text is full of curly quotes and dashes. The words our patterns bound are ASCII, so
/// the ASCII boundary gives the same matches. (A word list entry that starts or ends with a
/// non-ASCII letter gets no boundary on that side.)
pub(crate) fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    // Rules with long bounded gaps ("{0,160}") need more lazy-DFA states than the default
    // cache holds; a cache that keeps filling up rebuilds states on every sentence.
    regex::RegexBuilder::new(&ascii_boundaries(pattern))
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
}

fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The regex for one word, with word boundaries where the word starts or ends with a letter.
fn word_regex(w: &str) -> String {
    let mut out = String::new();
    let first = w.chars().next().unwrap_or(' ');
    if first.is_ascii_alphanumeric() {
        out.push_str(r"\b");
    }
    if first.is_lowercase() {
        let upper: String = first.to_uppercase().collect();
        out.push_str(&format!(
            "[{}{}]",
            regex::escape(&upper),
            regex::escape(&first.to_string())
        ));
        out.push_str(&regex::escape(&w[first.len_utf8()..]).replace(' ', r"\s+"));
    } else {
        out.push_str(&regex::escape(w).replace(' ', r"\s+"));
    }
    if w.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()) {
        out.push_str(r"\b");
    }
    out
}

/// An alternation of words, longest first so that "fighter jets" wins over "jets".
pub fn words_regex(words: &[String]) -> String {
    let mut ws: Vec<&String> = words.iter().collect();
    ws.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alts: Vec<String> = ws.iter().map(|w| word_regex(w)).collect();
    format!("(?:{})", alts.join("|"))
}

const TOKEN_ANY: &str = r"(?:[Tt]he\s+)?⟦[A-Z]\d+⟧";
const TOKEN_PERSON: &str = r"(?:[Tt]he\s+)?⟦P\d+⟧";
const TOKEN_NON_PERSON: &str = r"(?:[Tt]he\s+)?⟦[RGSICX]\d+⟧";
/// An optional apposition or relative clause between commas: ", which runs a base in ⟦P1⟧,".
/// A second part may follow if it names no actor but a person (", led by ⟦P1⟧, better known
/// as ⟦P2⟧,"): one naming groups is a clause of its own.
const SKIP: &str = r"(?:\s*,\s+(?:[^,;⟦⟧]|⟦[A-Z]\d+⟧)+?(?:,\s+(?:[^,;⟦⟧]|⟦P\d+⟧)+?)?,)?";
const WORD: &str = r"[\p{L}\p{N}][\p{L}\p{N}.’'-]*";
/// What may stand before the actor a hostile act is aimed at: "the last stronghold of",
/// "positions held by", a modifier such as "⟦S1⟧-backed".
const TARGET: &str = r"(?:(?:the|a|an)\s+)?(?:(?:@W\s+){0,3}?(?:stronghold|strongholds|positions?|bases?|territory|enclave|pocket|bastion|camps?|convoys?)\s+(?:of|held\s+by)\s+)?(?:the\s+)?(?:⟦[A-Z]\d+⟧-\p{L}+\s+)?";

fn expand(pattern: &str, words: &BTreeMap<String, String>) -> Result<String, String> {
    // "Hezbollah and several Iraqi militias": a quantifier may open a later item.
    let q = words
        .get("list_quantifier")
        .map_or(String::new(), |w| format!(r"(?:{w}\s+)?"));
    let list = format!(
        r"{a}(?:\s*,\s*{q}{a})*(?:\s*,?\s*(?:and|as well as)\s+{q}{a})?",
        a = TOKEN_ANY
    );
    let mut out = pattern
        .replace("@TARGET", TARGET)
        .replace("@LIST", &list)
        .replace("@A", TOKEN_ANY)
        .replace("@P", TOKEN_PERSON);
    out = out
        .replace("@O", TOKEN_NON_PERSON)
        .replace("@W", WORD)
        .replace("@SKIP", SKIP);
    // {name} → word list; leave regex repetitions such as {0,3} alone.
    let brace = Regex::new(r"\{([a-z_]+)\}").expect("static regex");
    let mut missing = None;
    let expanded = brace.replace_all(&out, |c: &regex::Captures| match words.get(&c[1]) {
        Some(r) => r.clone(),
        None => {
            missing = Some(c[1].to_string());
            String::new()
        }
    });
    if let Some(m) = missing {
        return Err(format!("unknown word list {{{m}}}"));
    }
    Ok(expanded.into_owned())
}

impl Patterns {
    pub fn parse(text: &str, path: &Path, vocabulary: &Vocabulary) -> Result<Self, LexiconError> {
        let mut raw: PatternFile =
            toml::from_str(text).map_err(|e| invalid(path, e.to_string()))?;
        for (name, list) in &raw.words {
            check_sorted(list, path, &format!("[words] {name}"))?;
        }
        let mut event_words: Vec<(String, &mut Vec<String>)> = raw
            .events
            .iter_mut()
            .map(|e| (e.kind.clone(), &mut e.words))
            .collect();
        vocabulary.merge_into(&mut raw.words, &mut event_words)?;
        let mut words: BTreeMap<String, String> = BTreeMap::new();
        for (name, list) in &raw.words {
            words.insert(name.clone(), words_regex(list));
        }
        let mut role_words = HashMap::new();
        let mut all_role_words = Vec::new();
        for (role, def) in &raw.role_words {
            let mut of_types = Vec::new();
            for t in &def.of_types {
                of_types.push(
                    ActorType::parse(t)
                        .ok_or_else(|| invalid(path, format!("role {role}: unknown type {t}")))?,
                );
            }
            for w in &def.words {
                if role_words
                    .insert(
                        w.clone(),
                        RoleDef {
                            role: role.clone(),
                            of_types: of_types.clone(),
                            heads: def.heads,
                        },
                    )
                    .is_some()
                {
                    return Err(invalid(
                        path,
                        format!("role word {w:?} belongs to two roles"),
                    ));
                }
                all_role_words.push(w.clone());
            }
        }
        let role_word_regex = words_regex(&all_role_words);
        words.insert("role_word".into(), role_word_regex.clone());

        let compile = |rules: &[RawRule], section: &str| -> Result<Vec<Rule>, LexiconError> {
            let mut ids = HashSet::new();
            rules
                .iter()
                .map(|r| {
                    if !ids.insert(r.id.clone()) {
                        return Err(invalid(
                            path,
                            format!("[[{section}]] id {} is used twice", r.id),
                        ));
                    }
                    let expanded = expand(&r.pattern, &words)
                        .map_err(|e| invalid(path, format!("rule {}: {e}", r.id)))?;
                    let compiled = regex(&expanded).map_err(|e| {
                        invalid(
                            path,
                            format!("rule {}: pattern does not compile: {e}", r.id),
                        )
                    })?;
                    let via_leads = match r.via.as_deref() {
                        None => false,
                        Some("leads") => true,
                        Some(v) => {
                            return Err(invalid(path, format!("rule {}: unknown via {v:?}", r.id)))
                        }
                    };
                    let confidence = r.confidence.unwrap_or(1.0);
                    if !(0.0..=1.0).contains(&confidence) {
                        return Err(invalid(
                            path,
                            format!("rule {}: confidence must be in [0, 1]", r.id),
                        ));
                    }
                    let mut backed_not = Vec::new();
                    for t in &r.backed_not {
                        backed_not.push(ActorType::parse(t).ok_or_else(|| {
                            invalid(path, format!("rule {}: unknown type {t}", r.id))
                        })?);
                    }
                    let forbid = (!r.forbid.is_empty())
                        .then(|| regex(&words_regex(&r.forbid)))
                        .transpose()
                        .map_err(|e| invalid(path, format!("rule {}: forbid: {e}", r.id)))?;
                    if let Some(k) = &r.national {
                        if !raw.national.contains_key(k) {
                            return Err(invalid(
                                path,
                                format!(
                                    "rule {}: national {k:?} is not a kind of [national]",
                                    r.id
                                ),
                            ));
                        }
                    }
                    let names_backed = compiled
                        .capture_names()
                        .any(|n| n.is_some_and(|n| n.starts_with("backed")));
                    Ok(Rule {
                        id: r.id.clone(),
                        regex: compiled,
                        confidence,
                        via_leads,
                        backed_not,
                        names_backed,
                        forbid,
                        not_after: r.not_after.clone(),
                        role: r.role.clone(),
                        national: r.national.clone(),
                    })
                })
                .collect()
        };
        let role_names: HashSet<&str> = role_words.values().map(|d| d.role.as_str()).collect();
        for r in raw.reference.iter().chain(&raw.roles) {
            if let Some(role) = &r.role {
                if !role_names.contains(role.as_str()) {
                    return Err(invalid(
                        path,
                        format!("rule {}: role {role:?} is not in [role_words]", r.id),
                    ));
                }
            }
        }
        let references = compile(&raw.reference, "reference")?;
        let backs = compile(&raw.backs, "backs")?;
        let opposes = compile(&raw.opposes, "opposes")?;
        let roles = compile(&raw.roles, "roles")?;
        let mut support_kinds = Vec::new();
        for (kind, list) in &raw.support_kinds {
            support_kinds.push((
                kind.clone(),
                regex(&words_regex(list))
                    .map_err(|e| invalid(path, format!("[support_kinds] {kind}: {e}")))?,
            ));
        }
        // "sent armed drones", "supplied more than 300 troops": a supply verb before an object
        // noun of [transfer_objects] triggers that object's event type.
        let supply = words
            .get("supply_verb")
            .ok_or_else(|| invalid(path, "[words] needs a list `supply_verb`"))?;
        let mut transfer_objects = Vec::new();
        for (kind, nouns) in &raw.transfer_objects {
            check_sorted(nouns, path, &format!("[transfer_objects] {kind}"))?;
            if !raw.events.iter().any(|e| &e.kind == kind) {
                return Err(invalid(
                    path,
                    format!("[transfer_objects] {kind}: no [[events]] type of that name"),
                ));
            }
            let nouns = regex(&format!(r"\b{}\b", words_regex(nouns)))
                .map_err(|e| invalid(path, e.to_string()))?;
            transfer_objects.push((kind.clone(), nouns));
        }
        let mut events = Vec::new();
        for e in &raw.events {
            let mut trigger = words_regex(&e.words);
            if let Some(nouns) = raw.transfer_objects.get(&e.kind) {
                trigger = format!(
                    r"{trigger}|\b{supply}\s+(?:[^\s.;]+\s+){{0,4}}?{}",
                    words_regex(nouns)
                );
            }
            events.push((
                e.kind.clone(),
                regex(&trigger)
                    .map_err(|err| invalid(path, format!("[[events]] {}: {err}", e.kind)))?,
            ));
        }
        let mut org_heads = BTreeMap::new();
        for (head, t) in &raw.names.org_heads {
            org_heads.insert(
                head.clone(),
                ActorType::parse(t)
                    .ok_or_else(|| invalid(path, format!("org head {head}: unknown type {t}")))?,
            );
        }
        if raw.dates.months.len() != 12 || raw.dates.weekdays.len() != 7 {
            return Err(invalid(path, "[dates] needs 12 months and 7 weekdays"));
        }
        let mut national = Vec::new();
        for (kind, phrases) in &raw.national {
            check_sorted(phrases, path, "[national]")?;
            national.push((
                kind.clone(),
                regex(&words_regex(phrases)).map_err(|e| invalid(path, e.to_string()))?,
            ));
        }
        // Actor type → a regex made from its sorted noun list, for [group_types] and [anaphora].
        let typed_nouns = |section: &str,
                           lists: &BTreeMap<String, Vec<String>>,
                           regex_of: &dyn Fn(String) -> String| {
            let mut out = Vec::new();
            for (t, nouns) in lists {
                let t = ActorType::parse(t)
                    .ok_or_else(|| invalid(path, format!("[{section}]: unknown type {t}")))?;
                check_sorted(nouns, path, &format!("[{section}]"))?;
                out.push((
                    t,
                    regex(&regex_of(words_regex(nouns)))
                        .map_err(|e| invalid(path, e.to_string()))?,
                ));
            }
            Ok::<_, LexiconError>(out)
        };
        // Right after the name: ", a/an/the" and up to four words before the type noun.
        let group_types = typed_nouns("group_types", &raw.group_types, &|nouns| {
            format!(r"^,\s+(?:an?|the)\s+(?:[\p{{L}}\p{{N}}'’-]+\s+){{0,4}}?{nouns}\b")
        })?;
        let irregular = words
            .get("irregular_noun")
            .ok_or_else(|| invalid(path, "[words] needs a list `irregular_noun`"))?;
        let irregular_after =
            regex(&format!(r"^\s+{irregular}\b")).map_err(|e| invalid(path, e.to_string()))?;
        let force = words
            .get("force_noun")
            .ok_or_else(|| invalid(path, "[words] needs a list `force_noun`"))?;
        let force_of = regex(&format!(r"(?:{force}|{irregular})\s+(?:of|from)$"))
            .map_err(|e| invalid(path, e.to_string()))?;
        let possessive_title = regex(&format!(
            r"\b(?P<pronoun>{})\s+(?:{WORD}\s+){{0,2}}?{}\b",
            words_regex(&raw.grammar.possessive_pronouns),
            role_word_regex
        ))
        .map_err(|e| invalid(path, format!("[grammar] possessive_pronouns: {e}")))?;
        let possessive_force = regex(&format!(
            r"(?i:\b(?P<pronoun>{}))\s+(?:{WORD}\s+){{0,1}}?{force}\b",
            words_regex(&raw.grammar.possessive_pronouns),
        ))
        .map_err(|e| invalid(path, format!("[grammar] possessive_pronouns: {e}")))?;
        let verbs: Vec<&str> = ["backing_verb", "supply_verb"]
            .iter()
            .filter_map(|k| words.get(*k))
            .map(String::as_str)
            .collect();
        let object_pronoun = regex(&format!(
            r"(?:{})\s+(?P<pronoun>{})\b",
            verbs.join("|"),
            words_regex(&raw.grammar.object_pronouns)
        ))
        .map_err(|e| invalid(path, format!("[grammar] object_pronouns: {e}")))?;
        let speaker_pronoun = regex(&format!(
            r"(?i:\b(?P<pronoun>{}))\s+(?:{WORD}ly\s+)?(?:{}\s+)?{}\b",
            words_regex(&raw.grammar.speaker_pronouns),
            words_regex(&raw.grammar.speech_adverbs),
            words_regex(&raw.grammar.attribution)
        ))
        .map_err(|e| invalid(path, format!("[grammar] speaker_pronouns: {e}")))?;
        let ally_marker = regex(&words_regex(&raw.grammar.ally_markers))
            .map_err(|e| invalid(path, format!("[grammar] ally_markers: {e}")))?;
        let suffixes: Vec<String> = raw
            .grammar
            .not_actor_suffixes
            .iter()
            .map(|x| regex::escape(x))
            .collect();
        let not_actor_suffix = regex(&format!("^(?:{})", suffixes.join("|")))
            .map_err(|e| invalid(path, format!("[grammar] not_actor_suffixes: {e}")))?;
        let c = &raw.composite_places;
        check_sorted(&c.region_words, path, "[composite_places] region_words")?;
        check_sorted(&c.directions, path, "[composite_places] directions")?;
        let region_after = regex(&format!(r"^\s+{}\b", words_regex(&c.region_words)))
            .map_err(|e| invalid(path, e.to_string()))?;
        let direction_before = regex(&format!(r"(?:^|\s){}\s+$", words_regex(&c.directions)))
            .map_err(|e| invalid(path, e.to_string()))?;
        check_sorted(&c.country_parts, path, "[composite_places] country_parts")?;
        let country_part = regex(&format!(
            r"\b[Tt]he\s+(?P<dir>{})\s+{}",
            words_regex(&c.directions),
            words_regex(&c.country_parts)
        ))
        .map_err(|e| invalid(path, e.to_string()))?;
        let capital_after = regex(&format!(r"^\s+{}\b", words_regex(&c.capital_nouns)))
            .map_err(|e| invalid(path, e.to_string()))?;
        check_sorted(&c.place_markers, path, "[composite_places] place_markers")?;
        let place_markers = c.place_markers.clone();
        let mut place_nouns = BTreeMap::new();
        for (noun, t) in &c.place_nouns {
            let t = PlaceType::parse(t).ok_or_else(|| {
                invalid(
                    path,
                    format!("[composite_places] place_nouns: {noun} has unknown place type {t:?}"),
                )
            })?;
            place_nouns.insert(noun.to_lowercase(), t);
        }
        let description_modifier = regex(&raw.grammar.description_modifier)
            .map_err(|e| invalid(path, format!("[grammar] description_modifier: {e}")))?;
        let g = &raw.grammar;
        let descriptions = Descriptions::new(
            &raw.anaphora,
            &vocabulary.descriptions,
            &g.description_breaks,
            &g.description_adjectival,
            &g.description_partitives,
            description_modifier,
        )
        .map_err(|e| invalid(path, format!("[anaphora]: {e}")))?;
        let known: HashSet<&str> = raw.events.iter().map(|e| e.kind.as_str()).collect();
        for t in &raw.hostile_events.types {
            if !known.contains(t.as_str()) {
                return Err(invalid(
                    path,
                    format!("[hostile_events]: {t} is not an event type"),
                ));
            }
        }
        let mut hostile_types = Vec::new();
        for t in &raw.hostile_events.actor_types {
            hostile_types.push(
                ActorType::parse(t)
                    .ok_or_else(|| invalid(path, format!("[hostile_events]: unknown type {t}")))?,
            );
        }
        let g = &raw.grammar;
        let grammar = |name: &str, re: &str| {
            regex(re).map_err(|e| invalid(path, format!("[grammar] {name}: {e}")))
        };
        let passive_agent = grammar("passive_agent", &g.passive_agent)?;
        let event_back_reference = grammar("back_reference", &g.back_reference)?;
        let suffixes = g
            .locative_suffixes
            .iter()
            .map(|x| regex::escape(x))
            .collect::<Vec<_>>()
            .join("|");
        check_sorted(&g.locative_modifiers, path, "[grammar] locative_modifiers")?;
        let locative = grammar(
            "locative",
            &format!(
                r"(?:(?:^|\s){}(?:\s+{})?|\S(?:{suffixes}))\s*$",
                words_regex(&g.locative),
                words_regex(&g.locative_modifiers)
            ),
        )?;
        check_sorted(&g.not_triggers, path, "[grammar] not_triggers")?;
        let not_trigger = grammar("not_triggers", &words_regex(&g.not_triggers))?;
        let leading_article = grammar("articles", &format!(r"^{}\s+", words_regex(&g.articles)))?;
        let parenthetical = grammar("parenthetical", &g.parenthetical)?;
        for (name, list) in [
            ("descriptive_suffixes", &g.descriptive_suffixes),
            ("person_nouns", &g.person_nouns),
            ("source_markers", &g.source_markers),
            ("hypothetical", &g.hypothetical),
            ("attribution", &g.attribution),
            ("collective_parties", &g.collective_parties),
            ("clause_openers", &g.clause_openers),
        ] {
            check_sorted(list, path, &format!("[grammar] {name}"))?;
        }
        let suffix_alt = g
            .descriptive_suffixes
            .iter()
            .map(|x| regex::escape(x))
            .collect::<Vec<_>>()
            .join("|");
        let descriptive_suffix = grammar("descriptive_suffixes", &format!(r"^(?:{suffix_alt})\b"))?;
        let person_noun = grammar(
            "person_nouns",
            &format!(
                r"^\s*(?:⟦P|(?:{}|{})(?:\s|$))",
                words_regex(&g.person_nouns),
                role_word_regex
            ),
        )?;
        let title_for = grammar(
            "title_prepositions",
            &format!(
                r"{}\s+{}\s+(?:the\s+)?$",
                role_word_regex,
                words_regex(&g.title_prepositions)
            ),
        )?;
        let passive_lead = grammar("passive_lead", &g.passive_lead)?;
        check_sorted(&g.place_prepositions, path, "[grammar] place_prepositions")?;
        let place_preposition = grammar(
            "place_prepositions",
            &format!(r"(?:^|\s){}\s+$", words_regex(&g.place_prepositions)),
        )?;
        let reciprocal = grammar("reciprocal", &g.reciprocal)?;
        let object_list_end = grammar("object_list_ends", &words_regex(&g.object_list_ends))?;
        let source_marker = grammar("source_markers", &words_regex(&g.source_markers))?;
        let hypothetical = grammar("hypothetical", &words_regex(&g.hypothetical))?;
        let attribution = grammar("attribution", &format!("^{}$", words_regex(&g.attribution)))?;
        let collective_parties =
            grammar("collective_parties", &words_regex(&g.collective_parties))?;
        let clause_opener = grammar("clause_openers", &words_regex(&g.clause_openers))?;
        let verb_trigger = grammar("verb_trigger", &g.verb_trigger)?;
        let topic_gap = grammar("topic_gap", &g.topic_gap)?;
        let complement = grammar("complement", &g.complement)?;
        check_sorted(&g.metonym_verbs, path, "[grammar] metonym_verbs")?;
        check_sorted(&g.metonym_before, path, "[grammar] metonym_before")?;
        check_sorted(&g.national_heads, path, "[grammar] national_heads")?;
        let national_heads = grammar(
            "national_heads",
            &format!("^\\s+{}", words_regex(&g.national_heads)),
        )?;
        check_sorted(&g.army_heads, path, "[grammar] army_heads")?;
        let army_heads = g.army_heads.iter().cloned().collect();
        check_sorted(&g.relative_pronouns, path, "[grammar] relative_pronouns")?;
        let relative_clause = grammar(
            "relative_pronouns",
            &format!(
                r"^[^,;:]*?\s(?:[\p{{L}}\p{{N}}'’-]+\s+){{2,}}{}\s",
                words_regex(&g.relative_pronouns)
            ),
        )?;
        // A capital acts as its state before a verb of speech, backing, supply, receipt or
        // hostility ("Kigali has armed"), or as the owner of forces or support ("Washington's
        // military support"); the verb lists are those the relation rules use.
        let word_list = |name: &str| {
            words
                .get(name)
                .cloned()
                .ok_or_else(|| invalid(path, format!("[words] needs a list `{name}`")))
        };
        let acts = [
            "backing_verb",
            "supply_verb",
            "hostile_verb",
            "receive_verb",
            "denial",
        ]
        .map(word_list);
        let owns = [
            "support_noun",
            "supporter_noun",
            "ally_noun",
            "sponsor_noun",
            "force_noun",
        ]
        .map(word_list);
        let (mut acts_alt, mut owns_alt) = (vec![words_regex(&g.metonym_verbs)], vec![]);
        for w in acts {
            acts_alt.push(w?);
        }
        for w in owns {
            owns_alt.push(w?);
        }
        // "Washington, Israel's main arms supplier", "Paris is the junta's chief backer".
        let nominal_backers = format!(
            "(?:{}|{}|{})",
            word_list("sponsor_noun")?,
            word_list("ally_noun")?,
            word_list("supporter_noun")?
        );
        let sponsor = format!(
            r"^(?:,|\s+(?:is|was|remains|has\s+been|became|has\s+become))\s+(?:(?:the|an?)\s+)?(?:{WORD}\s+){{0,4}}?{nominal_backers}\b"
        );
        let metonym_after = grammar(
            "metonym_verbs",
            &format!(
                r"{}(?:{})\b|^[’']s\s+(?:{WORD}\s+){{0,3}}?(?:{}|{})\b|{sponsor}",
                g.metonym_lead,
                acts_alt.join("|"),
                owns_alt.join("|"),
                words_regex(&g.metonym_owned)
            ),
        )?;
        let metonym_before = grammar(
            "metonym_before",
            &format!(
                r"(?:{}|{}|{}(?:,?\s+(?:and\s+)?{})*\s+by|{}\s+of|{})\s+(?:the\s+)?$",
                word_list("allegation")?,
                word_list("backing_verb")?,
                word_list("backed_participle")?,
                word_list("backed_participle")?,
                nominal_backers,
                words_regex(&g.metonym_before)
            ),
        )?;
        let self_reference = grammar(
            "self_reference",
            &format!(r"^\s*(?:that\s+)?{}", words_regex(&g.self_reference)),
        )?;
        let required = |name: &str| -> Result<Regex, LexiconError> {
            let w = words
                .get(name)
                .ok_or_else(|| invalid(path, format!("[words] needs a list `{name}`")))?;
            regex(w).map_err(|e| invalid(path, format!("[words] {name}: {e}")))
        };
        let allegation = required("allegation")?;
        let negation = required("negation")?;
        let denial = required("denial")?;
        Ok(Patterns {
            references,
            backs,
            opposes,
            roles,
            role_words,
            role_word_regex,
            rank_regex: words.get("rank").cloned().ok_or_else(|| {
                invalid(
                    path,
                    "[words] rank is missing: list the military ranks there",
                )
            })?,
            support_kinds,
            allegation,
            negation,
            denial,
            events,
            transfer_objects,
            name_particles: raw.names.particles,
            name_connectors: raw.names.connectors,
            org_heads,
            stop_words: raw.names.stop_words.into_iter().collect(),
            dates: raw.dates,
            abbreviations: raw.sentences.abbreviations.into_iter().collect(),
            descriptions,
            region_after,
            direction_before,
            country_part,
            place_nouns,
            place_markers,
            place_list_joiners: c.list_joiners.clone(),
            capital_after,
            irregular_after,
            force_of,
            possessive_title,
            possessive_force,
            object_pronoun,
            speaker_pronoun,
            passive_lead,
            place_preposition,
            reciprocal,
            object_list_end,
            ally_marker,
            not_actor_suffix,
            group_types,
            national,
            passive_agent,
            event_back_reference,
            hostile_events: raw.hostile_events.types.into_iter().collect(),
            hostile_types,
            parenthetical,
            locative,
            not_trigger,
            leading_article,
            self_reference,
            speech_events: raw
                .events
                .iter()
                .filter(|e| e.speech)
                .map(|e| e.kind.clone())
                .collect(),
            intransitive_events: raw
                .events
                .iter()
                .filter(|e| e.intransitive)
                .map(|e| e.kind.clone())
                .collect(),
            symmetric_events: raw
                .events
                .iter()
                .filter(|e| e.symmetric)
                .map(|e| e.kind.clone())
                .collect(),
            event_groups: raw
                .events
                .iter()
                .filter_map(|e| Some((e.kind.clone(), e.group.clone()?)))
                .collect(),
            descriptive_suffix,
            person_noun,
            person_noun_regex: words_regex(&g.person_nouns),
            title_prepositions: words_regex(&g.title_prepositions),
            title_for,
            source_marker,
            hypothetical,
            attribution,
            collective_parties,
            clause_opener,
            verb_trigger,
            topic_gap,
            complement,
            metonym_after,
            metonym_before,
            national_heads,
            army_heads,
            relative_clause,
            coordination: grammar("coordination", &format!("{}$", g.coordination))?,
        })
    }

    /// The backs, opposes and role rules, in that order.
    pub fn relation_rules(&self) -> impl Iterator<Item = &Rule> {
        self.backs.iter().chain(&self.opposes).chain(&self.roles)
    }

    /// The definition of a role by name.
    pub fn role(&self, role: &str) -> Option<&RoleDef> {
        self.role_words.values().find(|d| d.role == role)
    }

    /// Event type ids in file order.
    pub fn event_types(&self) -> impl Iterator<Item = &str> {
        self.events.iter().map(|(t, _)| t.as_str())
    }
}

fn check_sorted(list: &[String], path: &Path, what: &str) -> Result<(), LexiconError> {
    for w in list.windows(2) {
        if w[0] >= w[1] {
            return Err(invalid(
                path,
                format!(
                    "{what}: {:?} must come after {:?} (keep lists sorted, no duplicates)",
                    w[0], w[1]
                ),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The lexicon

/// The loaded data: entities, their surface forms, and the compiled patterns.
#[derive(Debug)]
pub struct Lexicon {
    pub entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    pub surfaces: Vec<Surface>,
    /// Surface text → index into `surfaces`.
    by_surface: HashMap<String, usize>,
    pub matcher: AhoCorasick,
    pub patterns: Patterns,
    /// ISO code → index of the state entity.
    pub states_by_code: HashMap<String, usize>,
    /// Capital place → its state: "Moscow denied it" is Russia speaking.
    pub state_of_capital: HashMap<usize, usize>,
    /// (country code, "army"/"government") → the national entity.
    pub national: HashMap<(String, String), usize>,
    /// The ontology files (name, Turtle text) to load into the store's ontology graph.
    pub ontology: Vec<(String, String)>,
    /// Folded spelling variant of a name word → its canonical spelling (lexicon/variants.csv).
    pub variants: HashMap<String, String>,
    /// (first name, surname) of each lexicon person, folded and without particles → the
    /// person, or `None` when two persons share the pair.
    person_keys: HashMap<(String, String), Option<usize>>,
}

fn borrow(v: &[(String, PathBuf)]) -> Vec<(&str, &Path)> {
    v.iter().map(|(t, p)| (t.as_str(), p.as_path())).collect()
}

/// The actor files of a lexicon directory, in load order: generated states, then curated lists.
pub const ACTOR_FILES: &[&str] = &[
    "states.csv",
    "governments.csv",
    "organisations.csv",
    "armed-groups.csv",
    "actors.csv",
    "leaders.csv",
];
/// The place files: generated cities and towns, then curated places.
pub const PLACE_FILES: &[&str] = &["cities.csv", "places.csv"];

const BUNDLED_ACTORS: &[(&str, &str)] = &[
    (
        "ontology/lexicon/states.csv",
        include_str!("../ontology/lexicon/states.csv"),
    ),
    (
        "ontology/lexicon/governments.csv",
        include_str!("../ontology/lexicon/governments.csv"),
    ),
    (
        "ontology/lexicon/organisations.csv",
        include_str!("../ontology/lexicon/organisations.csv"),
    ),
    (
        "ontology/lexicon/armed-groups.csv",
        include_str!("../ontology/lexicon/armed-groups.csv"),
    ),
    (
        "ontology/lexicon/actors.csv",
        include_str!("../ontology/lexicon/actors.csv"),
    ),
    (
        "ontology/lexicon/leaders.csv",
        include_str!("../ontology/lexicon/leaders.csv"),
    ),
];
const BUNDLED_PLACES: &[(&str, &str)] = &[
    (
        "ontology/lexicon/cities.csv",
        include_str!("../ontology/lexicon/cities.csv"),
    ),
    (
        "ontology/lexicon/places.csv",
        include_str!("../ontology/lexicon/places.csv"),
    ),
];

/// The generated cue vocabulary bundled into the binary.
pub fn bundled_cues() -> CueSources<'static> {
    CueSources {
        cues: (
            include_str!("../ontology/lexicon/cues.csv"),
            Path::new("ontology/lexicon/cues.csv"),
        ),
        descriptions: (
            include_str!("../ontology/lexicon/descriptions.csv"),
            Path::new("ontology/lexicon/descriptions.csv"),
        ),
    }
}

/// The ontology files bundled into the binary.
const BUNDLED_ONTOLOGY: &[(&str, &str)] = &[
    (
        "conflictgraph.ttl",
        include_str!("../ontology/conflictgraph.ttl"),
    ),
    (
        "event-types.ttl",
        include_str!("../ontology/event-types.ttl"),
    ),
];

impl Lexicon {
    /// Loads the actor and place files of `dir/lexicon/` (see [`ACTOR_FILES`], [`PLACE_FILES`])
    /// and `dir/patterns.toml`.
    pub fn load(dir: &Path) -> Result<Self, LexiconError> {
        let read = |p: PathBuf| {
            std::fs::read_to_string(&p).map_err(|source| LexiconError::Io { path: p, source })
        };
        let texts = |names: &[&str]| -> Result<Vec<(String, PathBuf)>, LexiconError> {
            names
                .iter()
                .map(|n| dir.join("lexicon").join(n))
                .map(|p| Ok((read(p.clone())?, p)))
                .collect()
        };
        let actors = texts(ACTOR_FILES)?;
        let places = texts(PLACE_FILES)?;
        let patterns_path = dir.join("patterns.toml");
        let patterns = read(patterns_path.clone())?;
        let national_path = dir.join("lexicon/national.csv");
        let national = read(national_path.clone())?;
        let variants_path = dir.join("lexicon/variants.csv");
        let variants = read(variants_path.clone())?;
        let (cues_path, descriptions_path) = (
            dir.join("lexicon/cues.csv"),
            dir.join("lexicon/descriptions.csv"),
        );
        let (cues, descriptions) = (read(cues_path.clone())?, read(descriptions_path.clone())?);
        let cue_sources = CueSources {
            cues: (&cues, &cues_path),
            descriptions: (&descriptions, &descriptions_path),
        };
        let mut lexicon = Self::from_sources(
            &borrow(&actors),
            &borrow(&places),
            (&patterns, &patterns_path),
            (&variants, &variants_path),
            cue_sources,
        )?
        .with_national(&national, &national_path)?;
        // Ontology files the directory has replace the bundled ones.
        for (name, text) in &mut lexicon.ontology {
            let path = dir.join(name.as_str());
            if path.exists() {
                *text = read(path.clone())?;
                *name = path.display().to_string();
            }
        }
        Ok(lexicon)
    }

    /// The data bundled into the binary at build time, used when no ontology dir is given.
    pub fn bundled() -> Result<Self, LexiconError> {
        let actors: Vec<(&str, &Path)> = BUNDLED_ACTORS
            .iter()
            .map(|(n, t)| (*t, Path::new(*n)))
            .collect();
        let places: Vec<(&str, &Path)> = BUNDLED_PLACES
            .iter()
            .map(|(n, t)| (*t, Path::new(*n)))
            .collect();
        Self::from_sources(
            &actors,
            &places,
            (
                include_str!("../ontology/patterns.toml"),
                Path::new("ontology/patterns.toml"),
            ),
            (
                include_str!("../ontology/lexicon/variants.csv"),
                Path::new("ontology/lexicon/variants.csv"),
            ),
            bundled_cues(),
        )?
        .with_national(
            include_str!("../ontology/lexicon/national.csv"),
            Path::new("ontology/lexicon/national.csv"),
        )
    }

    /// The national army or government (`kind`, a kind of `[national]`) of a country.
    pub fn national_of(&self, country: &str, kind: &str) -> Option<usize> {
        self.national
            .get(&(country.to_string(), kind.to_string()))
            .copied()
    }

    /// The kind ("army", "government") under which national.csv lists lexicon entity `i`.
    pub fn national_kind(&self, i: usize) -> Option<&str> {
        self.national
            .iter()
            .find(|(_, &n)| n == i)
            .map(|((_, kind), _)| kind.as_str())
    }

    /// The government of `country`: its national.csv row, else the generated
    /// "government-of-…" entry.
    pub fn government_of(&self, country: &str) -> Option<usize> {
        self.national_of(country, "government").or_else(|| {
            let state = &self.entities[*self.states_by_code.get(country)?];
            self.index_of(&format!("government-of-{}", state.id))
        })
    }

    /// What "the government" or "government troops" stand for in an article on `country`:
    /// its government for the one; for the other its national actor of that kind, else its
    /// government in national.csv, which covers the regular forces where no army has a row.
    /// An army never falls back to a generated government: "the army" of another country in
    /// view is likelier than a government named nowhere.
    pub fn national_or_government(&self, country: &str, kind: &str) -> Option<usize> {
        if kind == "government" {
            return self.government_of(country);
        }
        self.national_of(country, kind)
            .or_else(|| self.national_of(country, "government"))
    }

    /// A name with its words folded (no accents, lower case) and respelled canonically:
    /// the key under which spellings of one name meet.
    pub fn canonical_name(&self, name: &str) -> String {
        name.split_whitespace()
            .map(|w| {
                let f = fold(w);
                self.variants.get(&f).map(|c| fold(c)).unwrap_or(f)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Reads `national.csv` (`country,kind,id`): the national army or government of a country,
    /// the referent of generic phrases ("government troops", "the federal government") in
    /// articles about that country.
    pub fn with_national(mut self, text: &str, path: &Path) -> Result<Self, LexiconError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Row {
            country: String,
            kind: String,
            id: String,
        }
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let mut last: Option<(String, String)> = None;
        for (i, row) in rdr.deserialize::<Row>().enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| invalid(path, format!("line {line}: {e}")))?;
            let key = (row.country.clone(), row.kind.clone());
            if last.as_ref().is_some_and(|l| *l >= key) {
                return Err(invalid(
                    path,
                    format!("line {line}: keep rows sorted by country and kind, one row each"),
                ));
            }
            last = Some(key.clone());
            if !self.patterns.national.iter().any(|(k, _)| *k == row.kind) {
                return Err(invalid(
                    path,
                    format!(
                        "line {line}: kind {:?} is not listed in [national] of patterns.toml",
                        row.kind
                    ),
                ));
            }
            let &e = self.by_id.get(&row.id).ok_or_else(|| {
                invalid(
                    path,
                    format!("line {line}: {:?} is not in the lexicon", row.id),
                )
            })?;
            if self.entities[e].country.as_deref() != Some(row.country.as_str())
                || self.entities[e].kind.actor_type().is_none()
            {
                return Err(invalid(
                    path,
                    format!(
                        "line {line}: {} is not an actor of country {}",
                        row.id, row.country
                    ),
                ));
            }
            self.national.insert(key, e);
        }
        // A country national.csv gives no government for: its generated "Government of X".
        if self
            .patterns
            .national
            .iter()
            .any(|(k, _)| k == "government")
        {
            for (code, &state) in &self.states_by_code {
                let id = format!("government-of-{}", self.entities[state].id);
                if let Some(&g) = self.by_id.get(&id) {
                    self.national
                        .entry((code.clone(), "government".to_string()))
                        .or_insert(g);
                }
            }
        }
        Ok(self)
    }

    /// Builds the lexicon from file texts: actor files, place files (each `(text, path)`),
    /// patterns, and the spelling variants. Every lexicon name and alias of a person or
    /// organisation with a canonical word gains each variant spelling as a surface form, unless
    /// another entity owns that form; discovered names are keyed by their canonical spelling
    /// (`canonical_name`), so "Mohamed Gnono" and "Mohamed Gununu" in two articles are one actor.
    pub fn from_sources(
        actors: &[(&str, &Path)],
        places: &[(&str, &Path)],
        patterns: (&str, &Path),
        variants: (&str, &Path),
        cues: CueSources,
    ) -> Result<Self, LexiconError> {
        let mut entities = Vec::new();
        // Each entity's file, for error messages: (first entity index, path).
        let mut files: Vec<(usize, &Path, bool)> = Vec::new();
        for &(text, path) in actors {
            files.push((entities.len(), path, true));
            let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            for (i, row) in rdr.deserialize::<ActorRow>().enumerate() {
                let line = i + 2;
                let row = row.map_err(|e| invalid(path, format!("line {line}: {e}")))?;
                let t = ActorType::parse(&row.kind).ok_or_else(|| {
                    invalid(path, format!("line {line}: unknown type {:?}", row.kind))
                })?;
                entities.push(Entity {
                    id: row.id,
                    kind: Kind::Actor(t),
                    name: row.name,
                    aliases: split_list(&row.aliases),
                    adjectives: split_list(&row.adjectives),
                    descriptors: split_list(&row.descriptors),
                    country: opt(row.country),
                    leads: opt(row.leads),
                    wikidata: opt(row.wikidata),
                    lat: row.lat,
                    lon: row.lon,
                    capital: opt(row.capital),
                });
                let e = entities.last().expect("just pushed");
                match (e.lat, e.lon) {
                    (Some(lat), Some(lon))
                        if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {}
                    (None, None) if t != ActorType::State => {}
                    (None, None) => {
                        return Err(invalid(
                            path,
                            format!(
                                "line {line}: state {} needs lat and lon (its geographic centre)",
                                e.id
                            ),
                        ))
                    }
                    _ => {
                        return Err(invalid(
                            path,
                            format!("line {line}: lat and lon must both be given, in range"),
                        ))
                    }
                }
            }
        }

        for &(text, ppath) in places {
            files.push((entities.len(), ppath, false));
            let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            for (i, row) in rdr.deserialize::<PlaceRow>().enumerate() {
                let line = i + 2;
                let row = row.map_err(|e| invalid(ppath, format!("line {line}: {e}")))?;
                let t = PlaceType::parse(&row.kind).ok_or_else(|| {
                    invalid(ppath, format!("line {line}: unknown type {:?}", row.kind))
                })?;
                if !(-90.0..=90.0).contains(&row.lat) || !(-180.0..=180.0).contains(&row.lon) {
                    return Err(invalid(
                        ppath,
                        format!("line {line}: coordinates out of range"),
                    ));
                }
                entities.push(Entity {
                    id: row.id,
                    kind: Kind::Place(t),
                    name: row.name,
                    aliases: split_list(&row.aliases),
                    adjectives: vec![],
                    descriptors: vec![],
                    country: opt(row.country),
                    leads: None,
                    wikidata: None,
                    lat: Some(row.lat),
                    lon: Some(row.lon),
                    capital: None,
                });
            }
        }

        let vocabulary = Vocabulary::parse(cues)?;
        let patterns = Patterns::parse(patterns.0, patterns.1, &vocabulary)?;
        let files: Vec<(usize, PathBuf, bool)> = files
            .into_iter()
            .map(|(i, p, a)| (i, p.to_path_buf(), a))
            .collect();
        let variants = read_variants(variants.0, variants.1)?;
        Self::build(entities, &files, patterns, variants)
    }

    fn build(
        entities: Vec<Entity>,
        files: &[(usize, PathBuf, bool)],
        patterns: Patterns,
        (variants, by_canonical): (HashMap<String, String>, BTreeMap<String, Vec<String>>),
    ) -> Result<Self, LexiconError> {
        let file_of = |i: usize| {
            files
                .iter()
                .rev()
                .find(|f| f.0 <= i)
                .map_or(Path::new("lexicon"), |f| f.1.as_path())
        };
        let ranges: Vec<(std::ops::Range<usize>, &Path)> = files
            .iter()
            .enumerate()
            .map(|(k, f)| {
                (
                    f.0..files.get(k + 1).map_or(entities.len(), |n| n.0),
                    f.1.as_path(),
                )
            })
            .collect();
        // Ids sorted within each file, unique across all.
        for (range, path) in ranges {
            let ids: Vec<&str> = entities[range].iter().map(|e| e.id.as_str()).collect();
            for w in ids.windows(2) {
                if w[0] >= w[1] {
                    return Err(invalid(
                        path,
                        format!(
                            "id {:?} must come after {:?}: keep rows sorted by id",
                            w[0], w[1]
                        ),
                    ));
                }
            }
        }
        let mut by_id = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            if e.id.is_empty()
                || !e
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(invalid(
                    file_of(i),
                    format!(
                        "id {:?} must be lower-case letters, digits and hyphens",
                        e.id
                    ),
                ));
            }
            if by_id.insert(e.id.clone(), i).is_some() {
                return Err(invalid(file_of(i), format!("id {:?} is used twice", e.id)));
            }
        }
        let mut states_by_code = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            if let Some(c) = &e.country {
                if c.len() != 2 || !c.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(invalid(
                        file_of(i),
                        format!("{}: country {c:?} is not an ISO 3166 alpha-2 code", e.id),
                    ));
                }
            }
            if e.kind == Kind::Actor(ActorType::State) {
                let Some(c) = &e.country else {
                    return Err(invalid(
                        file_of(i),
                        format!("{}: a state needs its country code", e.id),
                    ));
                };
                if states_by_code.insert(c.clone(), i).is_some() {
                    return Err(invalid(
                        file_of(i),
                        format!("{}: two states have code {c}", e.id),
                    ));
                }
            }
            if let Some(w) = &e.wikidata {
                let ok = w.len() > 1
                    && w.starts_with('Q')
                    && w[1..].chars().all(|c| c.is_ascii_digit())
                    && !w[1..].starts_with('0');
                if !ok {
                    return Err(invalid(
                        file_of(i),
                        format!("{}: wikidata {w:?} is not a Q-id", e.id),
                    ));
                }
            }
        }
        for (i, e) in entities.iter().enumerate() {
            if let Some(l) = &e.leads {
                match by_id.get(l) {
                    None => {
                        return Err(invalid(
                            file_of(i),
                            format!("{}: leads {l:?}, which is not in the lexicon", e.id),
                        ))
                    }
                    Some(&j)
                        if entities[j].kind.actor_type().is_none()
                            || entities[j].kind == Kind::Actor(ActorType::Person) =>
                    {
                        return Err(invalid(
                            file_of(i),
                            format!(
                                "{}: leads {l:?}, which is not an organisation or state",
                                e.id
                            ),
                        ))
                    }
                    _ => {}
                }
                if e.kind != Kind::Actor(ActorType::Person) {
                    return Err(invalid(file_of(i), format!("{}: only persons lead", e.id)));
                }
            }
            if let Some(c) = &e.country {
                if !states_by_code.contains_key(c) {
                    return Err(invalid(
                        file_of(i),
                        format!("{}: country {c} has no state in actors.csv", e.id),
                    ));
                }
            }
        }
        // Surface forms: one entity each.
        let mut surfaces: Vec<Surface> = Vec::new();
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            let forms = std::iter::once((&e.name, SurfaceKind::Name))
                .chain(e.aliases.iter().map(|a| (a, SurfaceKind::Alias)))
                .chain(e.adjectives.iter().map(|a| (a, SurfaceKind::Adjective)))
                .chain(e.descriptors.iter().map(|a| (a, SurfaceKind::Descriptor)));
            let mut seen_here = HashSet::new();
            for (text, kind) in forms {
                if !seen_here.insert(text.clone()) {
                    continue; // the name repeated among the aliases is harmless
                }
                if let Some(&j) = owner.get(text) {
                    return Err(invalid(
                        file_of(i),
                        format!(
                            "surface form {text:?} names both {} and {}: keep it on one",
                            entities[j].id, e.id
                        ),
                    ));
                }
                owner.insert(text.clone(), i);
                surfaces.push(Surface {
                    text: text.clone(),
                    entity: i,
                    kind,
                });
            }
        }
        // Respellings after variants.csv, before the gazetteer is built from all forms.
        let mut respelled = Vec::new();
        for s in &surfaces {
            let t = entities[s.entity].kind.actor_type();
            if !matches!(s.kind, SurfaceKind::Name | SurfaceKind::Alias)
                || matches!(t, None | Some(ActorType::State))
            {
                continue;
            }
            let words: Vec<&str> = s.text.split(' ').collect();
            for (wi, w) in words.iter().enumerate() {
                for v in by_canonical.get(*w).into_iter().flatten() {
                    let mut form = words.clone();
                    form[wi] = v;
                    respelled.push(Surface {
                        text: form.join(" "),
                        entity: s.entity,
                        kind: SurfaceKind::Variant,
                    });
                }
            }
        }
        for s in respelled {
            // A respelling another entity owns stays theirs: variants never merge two actors.
            if !owner.contains_key(&s.text) {
                owner.insert(s.text.clone(), s.entity);
                surfaces.push(s);
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(surfaces.iter().map(|s| s.text.as_str()))
            .map_err(|e| invalid(file_of(0), format!("cannot build the gazetteer: {e}")))?;
        let by_surface = surfaces
            .iter()
            .enumerate()
            .map(|(i, s)| (s.text.clone(), i))
            .collect();
        let ontology = BUNDLED_ONTOLOGY
            .iter()
            .map(|(n, t)| (format!("ontology/{n}"), t.to_string()))
            .collect();
        let national = HashMap::new();
        let mut state_of_capital = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            let Some(c) = &e.capital else { continue };
            match by_id.get(c) {
                Some(&p)
                    if entities[p].kind.is_place() && entities[p].kind.actor_type().is_none() =>
                {
                    state_of_capital.insert(p, i);
                }
                _ => {
                    return Err(invalid(
                        file_of(i),
                        format!("{}: capital {c:?} is not a place in the lexicon", e.id),
                    ))
                }
            }
        }
        let mut lexicon = Lexicon {
            entities,
            by_id,
            surfaces,
            by_surface,
            matcher,
            patterns,
            states_by_code,
            state_of_capital,
            national,
            ontology,
            variants,
            person_keys: HashMap::new(),
        };
        let mut person_keys: HashMap<(String, String), Option<usize>> = HashMap::new();
        for (i, e) in lexicon
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == Kind::Actor(ActorType::Person))
        {
            if let Some(key) = lexicon.person_key(&e.name) {
                person_keys
                    .entry(key)
                    .and_modify(|v| *v = None)
                    .or_insert(Some(i));
            }
        }
        lexicon.person_keys = person_keys;
        Ok(lexicon)
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The lexicon person a name of first name and surname stands for, the particles and
    /// middle names aside ("Abdel Fattah El Sisi" for "Abdel Fattah al-Sisi", "Mohamed
    /// Dagalo" for "Mohamed Hamdan Dagalo"); none when two persons would fit.
    pub fn person_variant(&self, name: &str) -> Option<usize> {
        self.person_keys
            .get(&self.person_key(name)?)
            .copied()
            .flatten()
    }

    /// A person name's folded first word and last word without its particle; none for a
    /// single word.
    fn person_key(&self, name: &str) -> Option<(String, String)> {
        let particles: HashSet<String> = self
            .patterns
            .name_particles
            .iter()
            .map(|p| fold(p))
            .collect();
        let canonical = self.canonical_name(&name.replace('-', " "));
        let words: Vec<&str> = canonical
            .split_whitespace()
            .filter(|w| !particles.contains(*w))
            .collect();
        match words.as_slice() {
            [first, .., last] => Some((first.to_string(), last.to_string())),
            _ => None,
        }
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The lexicon surface form with exactly this text.
    pub fn surface(&self, text: &str) -> Option<&Surface> {
        self.by_surface.get(text).map(|&i| &self.surfaces[i])
    }

    /// Whether `id` is a lexicon id (discovered entities must not take one).
    pub fn has_id(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATTERNS: &str = include_str!("../ontology/patterns.toml");
    const HEAD: &str =
        "id,type,name,aliases,adjectives,descriptors,country,leads,wikidata,lat,lon\n";

    const NO_VARIANTS: &str = "variant,canonical,note\n";

    fn load(actors: &str, places: &str) -> Result<Lexicon, LexiconError> {
        load_with_variants(actors, places, NO_VARIANTS)
    }

    fn load_with_variants(
        actors: &str,
        places: &str,
        variants: &str,
    ) -> Result<Lexicon, LexiconError> {
        Lexicon::from_sources(
            &[(actors, Path::new("actors.csv"))],
            &[(places, Path::new("places.csv"))],
            (PATTERNS, Path::new("patterns.toml")),
            (variants, Path::new("variants.csv")),
            bundled_cues(),
        )
    }

    #[test]
    fn variants_respell_names_but_never_merge_two_entities() {
        let lex = Lexicon::bundled().unwrap();
        let s = lex
            .surface("Khalifa Hifter")
            .expect("respelled lexicon name");
        assert_eq!(lex.entities[s.entity].id, "khalifa-haftar");
        assert_eq!(s.kind, SurfaceKind::Variant);
        assert_eq!(
            lex.canonical_name("Mohamed Gnono"),
            lex.canonical_name("Mohamed Gununu")
        );
        assert_eq!(lex.canonical_name("Ghassan Salamé"), "ghassan salame");
        let bad = |csv: &str| {
            load_with_variants(HEAD, PLACES, csv)
                .unwrap_err()
                .to_string()
        };
        assert!(bad("variant,canonical,note\nb,a,x\na,c,x\n").contains("sorted"));
        assert!(bad("variant,canonical,note\nHaftar,Hafter,x\nHifter,Haftar,x\n").contains("both"));
        assert!(bad("variant,canonical,note\nAbu Bakr,Abubakar,x\n").contains("single"));
    }

    #[test]
    fn national_rows_are_checked() {
        let lex = || Lexicon::bundled().unwrap();
        assert!(lex()
            .with_national(
                "country,kind,id\nSD,army,sudanese-armed-forces\n",
                Path::new("n.csv")
            )
            .is_ok());
        let err = lex()
            .with_national(
                "country,kind,id\nSD,navy,sudanese-armed-forces\n",
                Path::new("n.csv"),
            )
            .unwrap_err();
        assert!(err.to_string().contains("navy"), "{err}");
        let err = lex()
            .with_national(
                "country,kind,id\nYE,army,sudanese-armed-forces\n",
                Path::new("n.csv"),
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("not an actor of country YE"),
            "{err}"
        );
        let err = lex()
            .with_national(
                "country,kind,id\nSD,army,sudanese-armed-forces\nSD,army,sudanese-armed-forces\n",
                Path::new("n.csv"),
            )
            .unwrap_err();
        assert!(err.to_string().contains("sorted"), "{err}");
    }
    const PLACES: &str = "id,type,name,aliases,country,lat,lon\n";

    #[test]
    fn bundled_lexicon_loads() {
        let lex = Lexicon::bundled().unwrap();
        assert!(lex.entities.len() > 50);
        assert!(lex.get("united-nations").is_some());
    }

    #[test]
    fn alias_on_two_entities_is_rejected() {
        let a = format!("{HEAD}a,State,Aland,AL,,,AA,,,1,1\nb,State,Bland,AL,,,BB,,,1,1\n");
        let e = load(&a, PLACES).unwrap_err().to_string();
        assert!(e.contains("\"AL\" names both a and b"), "{e}");
    }

    #[test]
    fn unsorted_ids_are_rejected() {
        let a = format!("{HEAD}b,State,Bland,,,,BB,,,1,1\na,State,Aland,,,,AA,,,1,1\n");
        let e = load(&a, PLACES).unwrap_err().to_string();
        assert!(e.contains("keep rows sorted"), "{e}");
    }

    #[test]
    fn a_state_needs_coordinates() {
        let a = format!("{HEAD}a,State,Aland,,,,AA,,,,\n");
        let e = load(&a, PLACES).unwrap_err().to_string();
        assert!(e.contains("needs lat and lon"), "{e}");
    }

    #[test]
    fn dangling_leads_is_rejected() {
        let a = format!("{HEAD}p,Person,Pat,,,,,nobody,,,\n");
        let e = load(&a, PLACES).unwrap_err().to_string();
        assert!(e.contains("not in the lexicon"), "{e}");
    }

    #[test]
    fn unknown_country_is_rejected() {
        let p = format!("{PLACES}x-zz,City,X,,ZZ,1,1\n");
        let e = load(HEAD, &p).unwrap_err().to_string();
        assert!(e.contains("country ZZ has no state"), "{e}");
    }

    #[test]
    fn word_regex_respects_boundaries_and_capitals() {
        let r = regex(&words_regex(&["backed".into(), "Gen.".into()])).unwrap();
        assert!(r.is_match("Backed by"));
        assert!(!r.is_match("unbacked"));
        assert!(r.is_match("Gen. Smith"));
    }
}
