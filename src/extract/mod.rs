//! Turns one article into actors, places, claims (backs, opposes, roles) and events, each
//! with the sentence and rule behind it.
//!
//! Pure: no I/O, no RDF. The pipeline per article is: sentences → mentions (lexicon,
//! acronym definitions, organisation and person names, local aliases) → per sentence a
//! *masked* text where each actor mention is a token `⟦R3⟧` → reference rules merge
//! descriptive phrases into mentions → relation and event rules run on the masked text.

pub mod dates;
mod descriptions;
mod mentions;
mod places;
mod prefilter;
mod recipients;
mod sentences;
mod titles;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use regex::Regex;

use crate::ingest::Article;
use crate::lexicon::{ActorType, Kind, Lexicon, PlaceType, Rule, SurfaceKind};
use dates::{DateFinder, DateValue, FoundDate};
pub use mentions::Mention;
pub use sentences::Sentence;

/// An entity an article mentions: from the lexicon or discovered in the text.
#[derive(Debug, Clone)]
pub struct EntityInfo {
    /// Stable key: the lexicon id, or a slug of the discovered name.
    pub key: String,
    pub lexicon: Option<usize>,
    pub name: String,
    pub kind: Kind,
    /// Surface forms seen in this article, each with how it was tied to this entity (the
    /// mention rule: "lexicon", "variants-table", "spelling", "similarity", "local-alias", a
    /// reference rule id…), so a user can review every merge.
    pub surfaces: BTreeMap<String, String>,
    pub mentions: usize,
    /// How a discovered entity was found (rule id); "lexicon" otherwise.
    pub found_by: String,
    /// For a region the text builds on a lexicon place ("northern Syria"): that place's row,
    /// which gives it a position and the place it lies in.
    pub part_of: Option<usize>,
}

/// Whether the source asserts the fact or reports somebody's allegation of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stance {
    Asserted,
    Alleged,
    /// Reported by one side and denied by the one it is about.
    Denied,
}

/// Where a fact comes from: one sentence of the article and the rule that read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub sentence: usize,
    pub rule: String,
    pub confidence: f64,
    pub stance: Stance,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    Backs,
    Opposes,
    /// A role such as "spokesperson" (keys of `[role_words]`).
    Role(String),
}

/// A relation between two entities (indices into [`Extraction::entities`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub subject: usize,
    pub relation: Relation,
    pub object: usize,
    /// Support kinds (arms, air support…) for backs.
    pub kinds: Vec<String>,
    pub evidence: Evidence,
}

/// Something that happened, as one sentence reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Event type id (a concept of ontology/event-types.ttl).
    pub kind: String,
    pub trigger: String,
    pub agent: Option<usize>,
    pub target: Option<usize>,
    pub place: Option<usize>,
    pub date: Option<FoundDate>,
    pub evidence: Evidence,
}

/// Everything extracted from one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub published: Option<DateValue>,
    /// "metadata" or "date line": where the publication date came from.
    pub published_from: Option<&'static str>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<EntityInfo>,
    pub claims: Vec<Claim>,
    pub events: Vec<Event>,
}

/// The stable key of a name found in the text (not in the lexicon): the slug of its canonical
/// spelling, with a hash when that slug is empty or a lexicon id. It is the local name of the
/// entity's IRI, so it only ever holds `a-z`, `0-9` and `-`.
pub fn discovered_key(lexicon: &Lexicon, name: &str, t: ActorType) -> String {
    key_of_canonical(lexicon, &lexicon.canonical_name(name), t)
}

fn key_of_canonical(lexicon: &Lexicon, canonical: &str, t: ActorType) -> String {
    key_of_kind(lexicon, canonical, t.name())
}

fn key_of_kind(lexicon: &Lexicon, canonical: &str, kind: &str) -> String {
    let key = crate::slug::slugify(canonical);
    if key.is_empty() || lexicon.has_id(&key) {
        let h = crate::slug::short_hash(&[kind, canonical], 8);
        return if key.is_empty() {
            h
        } else {
            format!("{key}-{h}")
        };
    }
    key
}

/// The extractor: a lexicon plus the regexes compiled once from it.
pub struct Extractor<'l> {
    pub lexicon: &'l Lexicon,
    dates: DateFinder,
    mentions: mentions::MentionFinder,
    token: Regex,
    /// The words every backs, opposes and role rule needs (`Patterns::relation_rules`): one pass
    /// over a sentence tells which rules can match, and only those are run.
    relation_rules: prefilter::RuleFilter,
    /// The same for every event type's trigger regex.
    event_triggers: prefilter::RuleFilter,
    /// The same for the reference rules ("Haftar's forces").
    reference_rules: prefilter::RuleFilter,
    /// A title right before a name ("President ").
    title_before: Regex,
    /// What stands between two places of one list: ", ", " and ", ", and the ".
    place_list_gap: Regex,
    /// Nothing but ranks ("Colonel", "Lt. Gen."): what may stand between a verb of speech and
    /// the name of its speaker.
    ranks_only: Regex,
}

impl<'l> Extractor<'l> {
    pub fn new(lexicon: &'l Lexicon) -> Self {
        Extractor {
            lexicon,
            dates: DateFinder::new(&lexicon.patterns.dates),
            mentions: mentions::MentionFinder::new(lexicon),
            token: Regex::new(r"⟦([A-Z])(\d+)⟧").expect("static regex"),
            relation_rules: prefilter::RuleFilter::new(
                lexicon.patterns.relation_rules().map(|r| r.regex.as_str()),
            ),
            event_triggers: prefilter::RuleFilter::new(
                lexicon.patterns.events.iter().map(|(_, re)| re.as_str()),
            ),
            reference_rules: prefilter::RuleFilter::new(
                lexicon.patterns.references.iter().map(|r| r.regex.as_str()),
            ),
            title_before: titles::title_regex(&lexicon.patterns),
            place_list_gap: Regex::new(&format!(
                r"^(?:[^\S\n]*,[^\S\n]*(?:{joiners}[^\S\n]+)?|[^\S\n]+{joiners}[^\S\n]+)(?:[Tt]he[^\S\n]+)?$",
                joiners = crate::lexicon::words_regex(&lexicon.patterns.place_list_joiners)
            ))
            .expect("place list regex"),
            ranks_only: crate::lexicon::regex(&format!(
                r"^(?:{}(?:\s+|$))+$",
                lexicon.patterns.rank_regex
            ))
            .expect("rank regex"),
        }
    }

    pub fn extract(&self, article: &Article) -> Extraction {
        let text = article.text.as_str();
        let sentences = sentences::split(text, &self.lexicon.patterns.abbreviations);
        let (mut published, mut published_from) = (None, None);
        if let Some(p) = article.published.as_deref().and_then(dates::parse_iso_date) {
            published = Some(p);
            published_from = Some("metadata");
        } else if let Some(p) = text.lines().take(15).find_map(|l| self.dates.date_line(l)) {
            published = Some(p);
            published_from = Some("date line");
        } else if let Some(p) = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(6)
            .find_map(|l| self.dates.dateline(l))
        {
            published = Some(p);
            published_from = Some("dateline");
        }
        let mut doc = Doc {
            ex: self,
            entities: Vec::new(),
            by_key: HashMap::new(),
            merges: HashMap::new(),
            focus: None,
        };
        let mut mentions = self.mentions.find(text, &mut doc);
        mentions.sort_by_key(|m| (m.start, m.end));
        // "Chinese-made drones": the adjective describes the drones; no actor takes part.
        mentions.retain(|m| {
            let surface = self.surface_kind(text, m);
            let adjective = surface == Some(SurfaceKind::Adjective);
            !(adjective
                && self
                    .lexicon
                    .patterns
                    .not_actor_suffix
                    .is_match(&text[m.end..]))
        });
        // "the Lebanese Hezbollah movement": an adjective right before a group's name only
        // qualifies it.
        let qualifies: Vec<bool> = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                self.surface_kind(text, m) == Some(SurfaceKind::Adjective)
                    && mentions.get(i + 1).is_some_and(|n| {
                        let gap = &text[m.end..n.start.max(m.end)];
                        !gap.is_empty()
                            && gap.chars().all(|c| c == ' ')
                            && doc.entities[n.entity]
                                .kind
                                .actor_type()
                                .is_some_and(|t| t != ActorType::Person)
                    })
            })
            .collect();
        let mut flags = qualifies.into_iter();
        mentions.retain(|_| !flags.next().unwrap_or(false));
        self.composite_places(text, &mut mentions, &mut doc);
        self.national_groups(text, &mut mentions, &mut doc);
        merge_parenthesised(text, &mut mentions);
        // "X, a private military company": the text types a name no lexicon file lists.
        for m in &mentions {
            let e = &mut doc.entities[m.entity];
            // A person's apposition ("X, a spokesman for the militia") says what he is part of.
            if e.lexicon.is_some() || !matches!(e.kind, Kind::Actor(t) if t != ActorType::Person) {
                continue;
            }
            if let Some((t, _)) = self
                .lexicon
                .patterns
                .group_types
                .iter()
                .find(|(_, re)| re.is_match(&text[m.end..]))
            {
                if e.kind != Kind::Actor(*t) {
                    e.kind = Kind::Actor(*t);
                    e.found_by = format!("{}+group-type", e.found_by);
                }
            }
        }
        let mut out = Extraction {
            published,
            published_from,
            sentences,
            entities: vec![],
            claims: vec![],
            events: vec![],
        };
        let mut cursor = 0;
        let mut salience = descriptions::Salience::default();
        let mut reported = BTreeSet::new();
        let mut distinct_sentences = std::collections::HashSet::new();
        let mut collective = Vec::new();
        // Backing whose recipient the sentence does not name ("X has sent tanks").
        let mut unaddressed = Vec::new();
        for (si, s) in out.sentences.iter().enumerate() {
            let mut here = Vec::new();
            while cursor < mentions.len() && mentions[cursor].start < s.byte_end {
                // A mention never crosses a sentence boundary.
                if mentions[cursor].start >= s.byte_start && mentions[cursor].end <= s.byte_end {
                    here.push(mentions[cursor].clone());
                }
                cursor += 1;
            }
            // A headline or caption printed twice is one report, not two.
            if !distinct_sentences.insert(s.text.as_str()) {
                continue;
            }
            let here = self.resolve_descriptions(text, s, si, here, &salience, &mut doc);
            // Relations are read before and after references merge phrases, because a merge
            // can swallow an actor a rule needs ("militias allied with the UN-backed government").
            let plain = Masked::build(text, s, here, &doc);
            self.relations(&plain, si, &doc, &mut out.claims, &mut unaddressed);
            let masked =
                self.resolve_references(text, si, s, plain.clone(), &mut doc, &mut out.claims);
            // A person a reference swallowed ("Khalifa Haftar's LNA") is still named here.
            let swallowed: Vec<&Mention> = plain
                .all
                .iter()
                .filter(|m| {
                    doc.entities[m.entity].kind == Kind::Actor(ActorType::Person)
                        && !masked
                            .all
                            .iter()
                            .any(|x| x.start <= m.start && x.end >= m.end && x.entity == m.entity)
                })
                .collect();
            for m in masked.all.iter().chain(swallowed) {
                if doc.entities[m.entity].kind.actor_type().is_some() {
                    salience.saw(m.entity, si);
                }
                let e = &mut doc.entities[m.entity];
                e.mentions += 1;
                // "Rapid Support Forces (RSF)" was merged into one mention; its parts are the forms.
                let surface = &text[m.start..m.end];
                let surface = match surface.rfind(" (") {
                    Some(i) if surface.ends_with(')') => &surface[..i],
                    _ => surface,
                };
                if m.via == descriptions::PRONOUN_RULE || m.via == descriptions::OBJECT_PRONOUN_RULE
                {
                    continue;
                }
                let how = doc
                    .merges
                    .get(&(m.entity, surface.to_string()))
                    .map_or(m.via.as_str(), |h| h)
                    .to_string();
                doc.entities[m.entity]
                    .surfaces
                    .entry(surface.to_string())
                    .or_insert(how);
            }
            // Unchanged by references, the sentence would only yield the same claims again.
            if !masked.same_actors(&plain) {
                self.relations(&masked, si, &doc, &mut out.claims, &mut unaddressed);
            }
            self.title_roles(&masked, si, &mut doc, &mut out.claims);
            self.events(
                text,
                &masked,
                si,
                published,
                &doc,
                &mut reported,
                &mut out.events,
                &mut out.claims,
                &mut collective,
            );
        }
        // A commander's acts are his force's.
        let heads: HashMap<usize, usize> = out
            .claims
            .iter()
            .filter_map(|c| match &c.relation {
                Relation::Role(r) if self.lexicon.patterns.role(r).is_some_and(|d| d.heads) => {
                    Some((c.subject, c.object))
                }
                _ => None,
            })
            .collect();
        resolve_collective(
            &mut out,
            &collective,
            &self.lexicon.patterns.hostile_events,
            &heads,
        );
        self.roles_in_governments(&mut out.claims, &doc);
        recipients::address(&mut out.claims, unaddressed);
        backing_of_leaders(&mut out.claims, &mut doc);
        self.mark_denials(&mut out);
        out.entities = doc.entities;
        out
    }

    /// "President X of Y" where the article names Y's government as a party: X holds his
    /// office in that government, the actor the text has fight or be backed, not in the state.
    fn roles_in_governments(&self, claims: &mut [Claim], doc: &Doc) {
        let country = |e: usize| {
            doc.entities[e]
                .lexicon
                .and_then(|i| self.lexicon.entities[i].country.as_deref())
        };
        // The first government the article names, per country.
        let mut governments: HashMap<&str, usize> = HashMap::new();
        for (g, e) in doc.entities.iter().enumerate() {
            if let (true, Some(code)) = (
                e.mentions > 0 && e.kind == Kind::Actor(ActorType::Government),
                country(g),
            ) {
                governments.entry(code).or_insert(g);
            }
        }
        for c in claims
            .iter_mut()
            .filter(|c| matches!(c.relation, Relation::Role(_)))
        {
            if doc.entities[c.object].kind != Kind::Actor(ActorType::State) {
                continue;
            }
            if let Some(&g) = country(c.object).and_then(|code| governments.get(code)) {
                c.object = g;
            }
        }
    }

    /// Applies reference rules until none matches, merging phrases into single mentions.
    fn resolve_references(
        &self,
        text: &str,
        si: usize,
        s: &Sentence,
        mut masked: Masked,
        doc: &mut Doc,
        claims: &mut Vec<Claim>,
    ) -> Masked {
        let mut mentions = masked.all.clone();
        'outer: for _ in 0..64 {
            // Every reference rule reads an actor; a merge changes the text, so the rules that
            // can match are read again on each round.
            if masked.mentions.is_empty() {
                break;
            }
            let live = self.reference_rules.live(&masked.text);
            for (rule, _) in self
                .lexicon
                .patterns
                .references
                .iter()
                .zip(&live)
                .filter(|(_, &l)| l)
            {
                for caps in rule.regex.captures_iter(&masked.text) {
                    let Some(a) = caps.name("a").and_then(|g| self.first_token(g.as_str())) else {
                        continue;
                    };
                    let whole = caps.get(0).expect("group 0");
                    let mut entity = masked.mentions[a].entity;
                    if rule.via_leads {
                        let led = doc.leader_of(entity);
                        // "the government of President X" with X unknown: no merge, rather
                        // than X standing for what he leads.
                        let person = doc.entities[entity].kind == Kind::Actor(ActorType::Person);
                        if led.is_none() && person && rule.role.is_none() && rule.national.is_none()
                        {
                            continue;
                        }
                        entity = led.unwrap_or(entity);
                    }
                    // "Abiy's forces" are Ethiopia's army, which says nothing of who commands it.
                    let mut national = None;
                    if let Some(kind) = &rule.national {
                        national = doc.national_of(entity, kind);
                        // "Hadi's government" with Hadi unknown: no merge, rather than the person
                        // standing for his government.
                        if national.is_none()
                            && doc.entities[entity].kind == Kind::Actor(ActorType::Person)
                        {
                            continue;
                        }
                        entity = national.unwrap_or(entity);
                    }
                    let (mut start, end) = (
                        masked.to_orig(whole.start(), true),
                        masked.to_orig(whole.end(), false),
                    );
                    start = self.skip_article(text, start, end);
                    let replaced: Vec<usize> = (0..mentions.len())
                        .filter(|&i| mentions[i].start < end && mentions[i].end > start)
                        .collect();
                    if replaced.len() == 1
                        && mentions[replaced[0]].start == start
                        && mentions[replaced[0]].end == end
                    {
                        continue; // nothing to merge: avoid looping on a fixed point
                    }
                    // "Haftar's forces" also says who commands them; "Abiy's forces" (a national
                    // army) do not, but "Hadi's government" says who leads it.
                    let leads =
                        national.is_none() || rule.national.as_deref() == Some("government");
                    if let Some(role) = rule.role.as_ref().filter(|_| leads) {
                        let person = caps
                            .name("person")
                            .and_then(|g| self.first_token(g.as_str()))
                            .unwrap_or(a);
                        let person = masked.mentions[person].entity;
                        let is_person = doc.entities[person].kind == Kind::Actor(ActorType::Person);
                        let fits = self
                            .lexicon
                            .patterns
                            .role(role)
                            .zip(doc.entities[entity].kind.actor_type())
                            .is_some_and(|(d, t)| d.of_types.contains(&t));
                        if is_person && person != entity && fits {
                            let evidence = self.evidence(&masked, si, rule, whole.end());
                            claims.push(Claim {
                                subject: person,
                                relation: Relation::Role(role.clone()),
                                object: entity,
                                kinds: vec![],
                                evidence,
                            });
                        }
                    }
                    mentions.retain(|m| !(m.start < end && m.end > start));
                    mentions.push(Mention {
                        start,
                        end,
                        entity,
                        via: rule.id.clone(),
                    });
                    mentions.sort_by_key(|m| m.start);
                    masked = Masked::build(text, s, mentions.clone(), doc);
                    continue 'outer;
                }
            }
            break;
        }
        masked
    }

    /// How the lexicon knows the text of a mention (a name, an adjective…), if it does.
    fn surface_kind(&self, text: &str, m: &Mention) -> Option<SurfaceKind> {
        self.lexicon.surface(&text[m.start..m.end]).map(|s| s.kind)
    }

    /// "Idlib province", "northern Syria": a lexicon place or state with a region word after it
    /// or a direction before it becomes a mention of a region built on it.
    fn composite_places(&self, text: &str, mentions: &mut Vec<Mention>, doc: &mut Doc) {
        self.joined_borders(text, mentions, doc);
        self.country_parts(text, mentions, doc);
        let p = &self.lexicon.patterns;
        for m in mentions.iter_mut() {
            let entity = &doc.entities[m.entity];
            let Some(base) = entity.lexicon else { continue };
            let placeish = matches!(entity.kind, Kind::Place(_) | Kind::Actor(ActorType::State));
            let is_state = entity.kind == Kind::Actor(ActorType::State);
            let surface = self.surface_kind(text, m);
            let adjective = surface == Some(SurfaceKind::Adjective);
            // "the Kenyan capital" is the capital city.
            if is_state && adjective {
                let capital = self.lexicon.entities[base]
                    .capital
                    .as_deref()
                    .and_then(|id| self.lexicon.index_of(id));
                if let (Some(c), Some(noun)) = (capital, p.capital_after.find(&text[m.end..])) {
                    *m = Mention {
                        start: m.start,
                        end: m.end + noun.end(),
                        entity: doc.lexicon_entity(c),
                        via: "capital-of".into(),
                    };
                    continue;
                }
            }
            // "the Sudan border" is a region; "Iran state media" is no "Iran state"; an
            // adjective builds only a border ("the Jordanian border").
            let after = p
                .region_after
                .find(&text[m.end..])
                .filter(|a| !(is_state || adjective) || a.as_str().contains("border"));
            if !placeish || (adjective && after.is_none()) || surface.is_none() {
                continue;
            }
            let mut start = m.start;
            let mut end = m.end;
            if let Some(after) = after {
                end = m.end + after.end();
            }
            let floor = mentions::floor_before(text, m.start, 40);
            if let Some(before) = p
                .direction_before
                .find(&text[floor..m.start])
                .filter(|_| !adjective)
            {
                start = floor + before.start() + text[floor + before.start()..].len()
                    - text[floor + before.start()..].trim_start().len();
            }
            if (start, end) == (m.start, m.end) {
                continue;
            }
            let name = &text[start..end];
            *m = Mention {
                start,
                end,
                entity: doc.region_of(name, base, "composite-place"),
                via: "composite-place".into(),
            };
        }
    }

    /// "the northern part of the country": a region of the article's country, named as the
    /// direction's adjective and the country ("northern Mali").
    fn country_parts(&self, text: &str, mentions: &mut Vec<Mention>, doc: &mut Doc) {
        let lex = self.lexicon;
        let Some(state) = doc
            .focus
            .as_deref()
            .and_then(|c| lex.states_by_code.get(c))
            .copied()
        else {
            return;
        };
        for c in lex.patterns.country_part.captures_iter(text) {
            let (whole, dir) = (
                c.get(0).expect("group 0"),
                c.name("dir").expect("dir group").as_str(),
            );
            let start = self.skip_article(text, whole.start(), whole.end());
            // "the northern region of Tigray" is Tigray's, which the region words build.
            if text[whole.end()..].starts_with(" of ")
                || mentions
                    .iter()
                    .any(|m| m.start < whole.end() && m.end > start)
            {
                continue;
            }
            let adjective = if dir.ends_with("ern") || dir == "central" {
                dir.to_string()
            } else {
                format!("{dir}ern")
            };
            let name = format!("{} {}", adjective.to_lowercase(), lex.entities[state].name);
            let entity = doc.region_of(&name, state, "country-part");
            mentions.push(Mention {
                start,
                end: whole.end(),
                entity,
                via: "country-part".into(),
            });
        }
        mentions.sort_by_key(|m| (m.start, m.end));
    }

    /// "the Iraq-Syria border": two places joined by a dash before a border word are one
    /// region, named with a plain hyphen.
    fn joined_borders(&self, text: &str, mentions: &mut Vec<Mention>, doc: &mut Doc) {
        let p = &self.lexicon.patterns;
        let place = |doc: &Doc, m: &Mention| {
            let e = &doc.entities[m.entity];
            e.lexicon
                .filter(|_| matches!(e.kind, Kind::Place(_) | Kind::Actor(ActorType::State)))
        };
        let mut i = 0;
        while i + 1 < mentions.len() {
            let (a, b) = (&mentions[i], &mentions[i + 1]);
            let dash = matches!(&text[a.end..b.start], "-" | "–" | "—");
            let border = p
                .region_after
                .find(&text[b.end..])
                .filter(|w| w.as_str().contains("border"));
            if let (true, Some(base), Some(_), Some(w)) =
                (dash, place(doc, a), place(doc, b), border)
            {
                let name = format!(
                    "{}-{}{}",
                    &text[a.start..a.end],
                    &text[b.start..b.end],
                    w.as_str()
                );
                let (start, end) = (a.start, b.end + w.end());
                mentions[i] = Mention {
                    start,
                    end,
                    entity: doc.region_of(&name, base, "composite-place"),
                    via: "composite-place".into(),
                };
                mentions.remove(i + 1);
            }
            i += 1;
        }
    }

    /// "Syrian rebels", "Chadian mercenaries": a state's or government's adjective before a noun
    /// for fighters no state commands names an armed group of its own, not the state.
    fn national_groups(&self, text: &str, mentions: &mut [Mention], doc: &mut Doc) {
        for m in mentions.iter_mut() {
            let owner = doc.entities[m.entity].kind.actor_type();
            if !matches!(owner, Some(ActorType::State | ActorType::Government)) {
                continue;
            }
            let is_adjective = self.surface_kind(text, m) == Some(SurfaceKind::Adjective);
            let Some(noun) = self
                .lexicon
                .patterns
                .irregular_after
                .find(&text[m.end..])
                .filter(|_| is_adjective)
            else {
                continue;
            };
            let end = m.end + noun.end();
            let entity =
                doc.discovered(&text[m.start..end], ActorType::ArmedGroup, "national-group");
            *m = Mention {
                start: m.start,
                end,
                entity,
                via: "national-group".into(),
            };
        }
    }

    /// Whether the text just before `at` places what follows ("in Syria", "to Libya",
    /// "conflict-stricken Libya").
    fn locative_before(&self, text: &str, floor: usize, at: usize) -> bool {
        self.lexicon.patterns.locative.is_match(&text[floor..at])
    }

    /// Moves `start` past a leading article so merged mentions do not swallow "the".
    fn skip_article(&self, text: &str, start: usize, end: usize) -> usize {
        self.lexicon
            .patterns
            .leading_article
            .find(&text[start..end])
            .map_or(start, |m| start + m.end())
    }

    fn first_token(&self, s: &str) -> Option<usize> {
        self.token.captures(s).and_then(|c| c[2].parse().ok())
    }

    fn evidence(&self, masked: &Masked, si: usize, rule: &Rule, end: usize) -> Evidence {
        let p = &self.lexicon.patterns;
        // "…, an allegation the company denied": the denial follows the claim.
        let stance = if p.denial.is_match(&masked.text[end..]) {
            Stance::Denied
        } else if p.allegation.is_match(&masked.text[..end]) {
            Stance::Alleged
        } else {
            Stance::Asserted
        };
        Evidence {
            sentence: si,
            rule: rule.id.clone(),
            confidence: rule.confidence,
            stance,
        }
    }

    /// Whether a match is cancelled: negated, holding a forbidden word, or starting right
    /// after a word that makes its first actor an object rather than a subject.
    fn rejected(&self, rule: &Rule, text: &str, whole: regex::Match) -> bool {
        let p = &self.lexicon.patterns;
        if p.negation.is_match(whole.as_str())
            || rule
                .forbid
                .as_ref()
                .is_some_and(|f| f.is_match(whole.as_str()))
        {
            return true;
        }
        // The word just before, or the one before that when a compound adjective intervenes
        // ("to conflict-stricken Libya to support…"); never across punctuation.
        let before = text[..whole.start()].trim_end();
        let mut words = before.rsplit(char::is_whitespace);
        let mut last = words.next().unwrap_or("");
        // A match resumed after a cancelled one may start past "the": look behind it too.
        if last.eq_ignore_ascii_case("the") {
            last = words.next().unwrap_or("");
        }
        // Only a compound adjective ("conflict-stricken") may stand between the two.
        let second = if last.contains('-') && !last.ends_with([',', ';', ':', '.']) {
            words.next().unwrap_or("")
        } else {
            ""
        };
        // "Fighters of X attacked…", "rebels from X ambushed…": X acts.
        if (last == "of" || last == "from") && p.force_of.is_match(before) {
            return false;
        }
        rule.not_after.iter().any(|w| w == last || w == second)
    }

    /// The matches of a rule that are not cancelled. After a cancelled match the search
    /// resumes just past its start, so a valid match overlapping it is still found
    /// ("to Chad to help foreign fighters backing the eastern army").
    fn accepted<'t>(&self, rule: &Rule, text: &'t str) -> Vec<regex::Captures<'t>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(c) = rule.regex.captures_at(text, at) else {
                break;
            };
            let whole = c.get(0).expect("group 0");
            let step = text[whole.start()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            if self.rejected(rule, text, whole) {
                at = whole.start() + step;
            } else {
                at = if whole.end() > whole.start() {
                    whole.end()
                } else {
                    whole.start() + step
                };
                out.push(c);
            }
        }
        out
    }

    /// The claims one sentence states. A backing rule with no `backed…` group reads support
    /// whose recipient the sentence leaves unsaid: it goes to `unaddressed` with the backer as
    /// its object until the article tells whom it went to (`recipients::address`).
    fn relations(
        &self,
        masked: &Masked,
        si: usize,
        doc: &Doc,
        claims: &mut Vec<Claim>,
        unaddressed: &mut Vec<Claim>,
    ) {
        let p = &self.lexicon.patterns;
        // Every relation joins two actors, but for support whose recipient goes unsaid.
        if masked.mentions.is_empty() {
            return;
        }
        let single = masked.mentions.len() < 2;
        let may_match = self.relation_rules.live(&masked.text);
        if !may_match.contains(&true) {
            return;
        }
        // The rules of one section (at `offset` in the set) that can match this sentence.
        let may_match = &may_match;
        let live = |rules: &'l [Rule], offset: usize| {
            rules
                .iter()
                .enumerate()
                .filter(move |(i, _)| may_match[offset + i])
                .map(|(_, r)| r)
        };
        let (backs, opposes) = (0, p.backs.len());
        let roles = opposes + p.opposes.len();
        let ent = |m: usize| masked.mentions[m].entity;
        // A possessor ("Haftar's forces") is not itself an argument of the relation.
        let group = |c: &regex::Captures, names: &[&str]| -> Vec<usize> {
            let mut out = Vec::new();
            for g in names.iter().filter_map(|n| c.name(n)) {
                let match_end = c.get(0).map_or(0, |m| m.end());
                for t in self.token.find_iter(g.as_str()) {
                    let end = g.start() + t.end();
                    let after = &masked.text[end..];
                    // A rule may consume the possessive itself ("X's main supporter is…").
                    if end >= match_end && possessive(after) {
                        continue;
                    }
                    if let Some(i) = self.first_token(t.as_str()) {
                        out.push(ent(i));
                    }
                }
            }
            out
        };
        for rule in live(&p.backs, backs).filter(|r| !(single && r.names_backed)) {
            for c in self.accepted(rule, &masked.text) {
                let whole = c.get(0).expect("group 0");
                let kinds: Vec<String> = p
                    .support_kinds
                    .iter()
                    .filter(|(_, re)| re.is_match(whole.as_str()))
                    .map(|(k, _)| k.clone())
                    .collect();
                let backers = group(&c, &["backer", "backers", "backer2", "backer3"]);
                // Unaddressed only when no actor follows in the same clause ("sent tanks to X"
                // is for the rules that name X).
                if !rule.names_backed {
                    let rest = &masked.text[whole.end()..];
                    let clause = &rest[..rest.find([',', ';', '.']).unwrap_or(rest.len())];
                    let named_after = clause.contains('⟦');
                    for &backer in backers.iter().filter(|_| !named_after) {
                        let evidence = self.evidence(masked, si, rule, whole.end());
                        // Not push_new: the placeholder object is the backer itself.
                        unaddressed.push(Claim {
                            subject: backer,
                            relation: Relation::Backs,
                            object: backer,
                            kinds: kinds.clone(),
                            evidence,
                        });
                    }
                    continue;
                }
                for backer in backers {
                    for backed in group(&c, &["backed", "backeds"]) {
                        if let Some(t) = doc.entities[backed].kind.actor_type() {
                            if rule.backed_not.contains(&t) {
                                continue;
                            }
                        }
                        let evidence = self.evidence(masked, si, rule, whole.end());
                        push_new(
                            claims,
                            Claim {
                                subject: backer,
                                relation: Relation::Backs,
                                object: backed,
                                kinds: kinds.clone(),
                                evidence,
                            },
                        );
                    }
                }
            }
        }
        if single {
            return;
        }
        for rule in live(&p.opposes, opposes) {
            for c in self.accepted(rule, &masked.text) {
                let whole = c.get(0).expect("group 0");
                let b = group(&c, &["b"]);
                for a in group(&c, &["a", "c"]) {
                    for &b in &b {
                        let evidence = self.evidence(masked, si, rule, whole.end());
                        push_new(
                            claims,
                            Claim {
                                subject: a,
                                relation: Relation::Opposes,
                                object: b,
                                kinds: vec![],
                                evidence,
                            },
                        );
                    }
                }
            }
        }
        for rule in live(&p.roles, roles) {
            // Role appositions are not negated by a "not" elsewhere in the match.
            for c in rule.regex.captures_iter(&masked.text) {
                let whole = c.get(0).expect("group 0");
                let (Some(person), Some(org)) = (
                    group(&c, &["person"]).first().copied(),
                    group(&c, &["org"]).first().copied(),
                ) else {
                    continue;
                };
                let def = match (c.name("role"), &rule.role) {
                    (Some(word), _) => {
                        let word = word
                            .as_str()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        p.role_words
                            .get(&word)
                            .or_else(|| p.role_words.get(&lower_first(&word)))
                    }
                    (None, Some(role)) => p.role(role),
                    (None, None) => None,
                };
                let Some(def) = def else { continue };
                let org_type = doc.entities[org].kind.actor_type();
                if doc.entities[person].kind != Kind::Actor(ActorType::Person)
                    || !org_type.is_some_and(|t| def.of_types.contains(&t))
                {
                    continue;
                }
                let evidence = self.evidence(masked, si, rule, whole.end());
                push_new(
                    claims,
                    Claim {
                        subject: person,
                        relation: Relation::Role(def.role.clone()),
                        object: org,
                        kinds: vec![],
                        evidence,
                    },
                );
            }
        }
    }

    /// Events of one sentence: at most one per type. `earlier` holds the types the article
    /// already reported, so "the talks" refers back instead of starting a new event.
    #[allow(clippy::too_many_arguments)]
    fn events(
        &self,
        text: &str,
        masked: &Masked,
        si: usize,
        published: Option<DateValue>,
        doc: &Doc,
        earlier: &mut BTreeSet<String>,
        events: &mut Vec<Event>,
        claims: &mut Vec<Claim>,
        collective: &mut Vec<usize>,
    ) {
        let p = &self.lexicon.patterns;
        // A headline restates what the body reports; its events would be counted twice.
        if is_heading(text, &masked.sentence) {
            return;
        }
        // All trigger matches, earlier types first on overlap.
        // Longest match first on overlap ("news conference" over "conference"), then file order.
        let may_match = self.event_triggers.live(&masked.text);
        let mut candidates: Vec<(usize, regex::Match)> = (0..may_match.len())
            .filter(|&ti| may_match[ti])
            .flat_map(|ti| p.events[ti].1.find_iter(&masked.text).map(move |m| (ti, m)))
            .collect();
        if candidates.is_empty() {
            return;
        }
        // Most sentences report no event: their date is not worth reading.
        let sentence_text = &text[masked.sentence.byte_start..masked.sentence.byte_end];
        let mut date = None;
        let tokens: Vec<(usize, usize, usize)> = self
            .token
            .find_iter(&masked.text)
            .filter_map(|t| {
                self.first_token(t.as_str())
                    .map(|i| (t.start(), t.end(), i))
            })
            .filter(|&(_, end, i)| !self.descriptive(text, masked, end, i))
            .collect();
        // "…, according to X": X is the source of the report, not a participant in it.
        let source_at = p
            .source_marker
            .find(&masked.text)
            .map_or(usize::MAX, |m| m.start());
        let reported_tokens: Vec<(usize, usize, usize)> =
            tokens.iter().copied().filter(|t| t.0 < source_at).collect();
        let same_group = |a: &str, b: &str| {
            a == b
                || p.event_groups
                    .get(a)
                    .is_some_and(|g| p.event_groups.get(b) == Some(g))
        };
        candidates.sort_by_key(|(ti, m)| (std::cmp::Reverse(m.len()), m.start(), *ti));
        let mut all: Vec<(usize, regex::Match)> = Vec::new();
        let blocked: Vec<regex::Match> = p.not_trigger.find_iter(&masked.text).collect();
        candidates.retain(|(_, m)| {
            !blocked
                .iter()
                .any(|b| m.start() < b.end() && m.end() > b.start())
        });
        for (ti, m) in candidates {
            if !all
                .iter()
                .any(|(_, o)| m.start() < o.end() && m.end() > o.start())
            {
                all.push((ti, m));
            }
        }
        all.sort_by_key(|(ti, m)| (m.start(), *ti));
        // (type, trigger, agent token)
        let mut found: Vec<(String, regex::Match, Option<usize>)> = Vec::new();
        for (ti, m) in &all {
            let kind = &p.events[*ti].0;
            // "ceasefire talks", "peace deal": a trigger modifying the next one is not an event.
            let rest = &masked.text[m.end()..];
            let modifies = all.iter().any(|(_, o)| {
                o.start() >= m.end() && rest[..o.start() - m.end()].trim().is_empty()
            });
            // "would not negotiate", "did not acknowledge": nothing happened.
            let lead: Vec<&str> = masked.text[..m.start()]
                .split_whitespace()
                .rev()
                .take(2)
                .collect();
            let negated = lead.iter().any(|w| p.negation.is_match(w));
            // "could launch an offensive", "if talks fail": it has not happened. A relative
            // clause in between starts a new statement ("threatened chaos like the uprising that killed…").
            let clause = clause_before(&masked.text, m.start());
            let hypothetical = p.hypothetical.find_iter(clause).last().is_some_and(|h| {
                // "hoped that X will": the complement is what is hoped, still hypothetical.
                let rest = &clause[h.end()..];
                let rest = p.complement.find(rest).map_or(rest, |c| &rest[c.end()..]);
                !p.clause_opener.is_match(rest)
            });
            // "the talks" again: the event reported before, not a new one; "the group seized" is a new act.
            let back_reference = earlier.contains(kind)
                && !p.verb_trigger.is_match(m.as_str())
                && p.event_back_reference.is_match(&masked.text[..m.start()]);
            // "negotiate a ceasefire", "talks on a truce": the second trigger is the topic of the first.
            let topic = all.iter().any(|(_, o)| {
                o.end() <= m.start() && p.topic_gap.is_match(&masked.text[o.end()..m.start()])
            });
            if modifies || negated || hypothetical || back_reference || topic {
                continue;
            }
            let toks = if p.speech_events.contains(kind) {
                &tokens
            } else {
                &reported_tokens
            };
            // One event per type (or group of types), agent and sentence: the first trigger with
            // an agent, else the first. "X drove Y out, but Y retook ground" is two captures.
            let agent = self
                .participants(&masked.text, toks, m.start(), m.end(), kind)
                .0;
            let same: Vec<usize> = found
                .iter()
                .enumerate()
                .filter(|(_, (k, _, _))| same_group(k, kind))
                .map(|(i, _)| i)
                .collect();
            match same.first() {
                None => found.push((kind.clone(), *m, agent)),
                Some(&i) => {
                    if found[i].2.is_none() && agent.is_some() {
                        found[i] = (kind.clone(), *m, agent);
                    } else if agent.is_some_and(|a| {
                        same.iter().all(|&j| {
                            found[j].2.is_some_and(|b| {
                                masked.mentions[b].entity != masked.mentions[a].entity
                            })
                        })
                    }) {
                        found.push((kind.clone(), *m, agent));
                    }
                }
            }
        }
        // "The parties agreed to talks, the UN said": the talks are the news, not the saying.
        if found.iter().any(|(k, _, _)| !p.speech_events.contains(k)) {
            found.retain(|(k, m, _)| {
                !(p.speech_events.contains(k) && p.attribution.is_match(m.as_str()))
            });
        }
        let kinds: Vec<String> = found.iter().map(|(k, _, _)| k.clone()).collect();
        for (kind, m, _) in found {
            earlier.insert(kind.clone());
            let speech = p.speech_events.contains(&kind);
            let toks = if speech { &tokens } else { &reported_tokens };
            // "clashes between X and Y": both sides act, each against the other.
            let between = self.between(&masked.text, toks, m.end());
            let (agent_tok, target_tok, partner_tok) = match between {
                Some((a, b)) => (Some(a), Some(b), None),
                None => self.participants(&masked.text, toks, m.start(), m.end(), &kind),
            };
            let agent = agent_tok.map(|i| masked.mentions[i].entity);
            let mut target = target_tok.map(|i| masked.mentions[i].entity);
            if target == agent {
                target = None;
            }
            // A state after "along", "in", "to" is where it happened, not whom it hit.
            if let Some(t) = target_tok {
                let tm = &masked.mentions[t];
                if doc.entities[tm.entity].kind == Kind::Actor(ActorType::State)
                    && self.locative_before(text, masked.sentence.byte_start, tm.start)
                {
                    target = None;
                }
            }
            // A statement nobody made is not one.
            if speech && agent.is_none() {
                continue;
            }
            let place_mention = self.place_for(
                text,
                masked,
                m.start(),
                [agent_tok, if target.is_some() { target_tok } else { None }],
                doc,
            );
            let place = place_mention.map(|pm| pm.entity);
            let target = target.filter(|&t| Some(t) != place);
            if let (true, Some(a), Some(t)) = (p.hostile_events.contains(&kind), agent, target) {
                let fighting = |e: usize| {
                    doc.entities[e]
                        .kind
                        .actor_type()
                        .is_some_and(|t| p.hostile_types.contains(&t))
                };
                let allies = claims.iter().any(|c| {
                    c.relation == Relation::Backs
                        && c.evidence.sentence == si
                        && ((c.subject, c.object) == (a, t) || (c.subject, c.object) == (t, a))
                });
                if fighting(a) && fighting(t) && !allies {
                    let evidence = Evidence {
                        sentence: si,
                        rule: format!("opposes.event-{kind}"),
                        confidence: 0.6,
                        stance: Stance::Asserted,
                    };
                    claims.push(Claim {
                        subject: a,
                        relation: Relation::Opposes,
                        object: t,
                        kinds: vec![],
                        evidence,
                    });
                }
            }
            // "The warring parties agreed to talks": the two sides of the article's conflict,
            // known once every sentence is read.
            let parties =
                agent.is_none() && target.is_none() && p.collective_parties.is_match(&masked.text);
            // An event with no one taking part and no place says nothing a query can use.
            if agent.is_none() && target.is_none() && place.is_none() && !parties {
                continue;
            }
            if parties {
                collective.push(events.len());
            }
            let event = Event {
                kind: kind.clone(),
                trigger: m.as_str().to_string(),
                agent,
                target,
                place,
                date: date
                    .get_or_insert_with(|| {
                        self.dates
                            .find(self.dates.without_dateline(sentence_text), published)
                    })
                    .clone(),
                evidence: Evidence {
                    sentence: si,
                    rule: format!("event.{kind}"),
                    confidence: 0.6,
                    stance: Stance::Asserted,
                },
            };
            // "A and B attacked X": each of them did.
            let partner = partner_tok
                .map(|i| masked.mentions[i].entity)
                .filter(|&e| Some(e) != agent && Some(e) != target && !speech);
            events.push(event.clone());
            // "strikes on ships in the X Sea, the Y Strait and the Z Gulf": one event per place.
            let listed = match place_mention {
                Some(pm) if !speech => self.listed_with(text, masked, pm, doc),
                _ => Vec::new(),
            };
            for other in listed {
                events.push(Event {
                    place: Some(other),
                    ..event.clone()
                });
            }
            if let (true, Some(a), Some(t)) = (
                between.is_some() && p.hostile_events.contains(&kind),
                event.agent,
                event.target,
            ) {
                events.push(Event {
                    agent: Some(t),
                    target: Some(a),
                    ..event.clone()
                });
            }
            for also in self.also_sent(text, masked, &event, m.end(), &kinds) {
                events.push(Event {
                    kind: also.0,
                    trigger: also.1,
                    ..event.clone()
                });
            }
            if let Some(partner) = partner {
                events.push(Event {
                    agent: Some(partner),
                    ..event
                });
            }
        }
    }

    /// The other places of the list the mention an event was placed by stands in ("X, Y and
    /// the Z"), in sentence order.
    fn listed_with(
        &self,
        text: &str,
        masked: &Masked,
        placed_by: &Mention,
        doc: &Doc,
    ) -> Vec<usize> {
        let places: Vec<&Mention> = masked
            .all
            .iter()
            .filter(|m| doc.entities[m.entity].kind.is_place() && m.via != "dateline")
            .collect();
        let Some(i) = places.iter().position(|m| std::ptr::eq(*m, placed_by)) else {
            return Vec::new();
        };
        let joined = |a: &Mention, b: &Mention| {
            a.end <= b.start && self.place_list_gap.is_match(&text[a.end..b.start])
        };
        let mut first = i;
        while first > 0 && joined(places[first - 1], places[first]) {
            first -= 1;
        }
        let mut last = i;
        while last + 1 < places.len() && joined(places[last], places[last + 1]) {
            last += 1;
        }
        let mut out: Vec<usize> = Vec::new();
        for m in &places[first..=last] {
            // States in a list ("Russia, France and the US") are parties, not places.
            let only_place = doc.entities[m.entity].kind.actor_type().is_none();
            if m.entity != placed_by.entity && only_place && !out.contains(&m.entity) {
                out.push(m.entity);
            }
        }
        out
    }

    /// The two sides of "clashes between X and Y" right after a trigger, as mention indices.
    fn between(
        &self,
        masked: &str,
        tokens: &[(usize, usize, usize)],
        end: usize,
    ) -> Option<(usize, usize)> {
        let p = &self.lexicon.patterns;
        let lead = p
            .reciprocal
            .find(&masked[end..])
            .filter(|m| m.start() == 0)?;
        let a = tokens.iter().find(|t| t.0 == end + lead.end())?;
        // "between X, the last guerrilla in Y, and Z": past X's apposition.
        let apposition = p
            .parenthetical
            .find(&masked[a.1..])
            .filter(|m| m.start() == 0)
            .map_or(0, |m| m.end());
        let b = tokens.iter().find(|t| t.0 >= a.1 + apposition)?;
        let gap = masked[a.1 + apposition..b.0].trim_start_matches(',');
        let joined = p
            .coordination
            .find(gap)
            .is_some_and(|c| c.start() == 0 && c.end() == gap.len());
        joined.then_some((a.2, b.2))
    }

    /// "sent drones, air defences and fighters": the objects of a transfer after its trigger
    /// (up to a purpose "to", a semicolon or the sentence's end) that belong to another
    /// transfer type the sentence did not report, as (type, object noun).
    fn also_sent(
        &self,
        text: &str,
        masked: &Masked,
        event: &Event,
        trigger_end: usize,
        kinds: &[String],
    ) -> Vec<(String, String)> {
        let objects = &self.lexicon.patterns.transfer_objects;
        if !objects.iter().any(|(k, _)| *k == event.kind) {
            return vec![];
        }
        let from = masked.to_orig(trigger_end, false);
        let rest = &text[from..masked.sentence.byte_end];
        let rest = &rest[..rest.find([';', '.']).unwrap_or(rest.len())];
        let end = self
            .lexicon
            .patterns
            .object_list_end
            .find(rest)
            .map_or(rest.len(), |m| m.start());
        let rest = &rest[..end];
        objects
            .iter()
            .filter(|(k, _)| *k != event.kind && !kinds.contains(k))
            .filter_map(|(k, nouns)| {
                nouns
                    .find(rest)
                    .map(|n| (k.clone(), n.as_str().to_string()))
            })
            .collect()
    }

    /// "Russia dismissed the claims": a denial by a claim's subject in the same or one of the
    /// next two sentences makes the claim's evidence denied, not dropped.
    fn mark_denials(&self, out: &mut Extraction) {
        let p = &self.lexicon.patterns;
        let denials: Vec<(usize, usize)> = out
            .events
            .iter()
            .filter(|e| p.denial.is_match(&e.trigger))
            .filter_map(|e| Some((e.evidence.sentence, e.agent?)))
            .collect();
        for c in &mut out.claims {
            let si = c.evidence.sentence;
            if denials
                .iter()
                .any(|&(ds, who)| ds >= si && ds <= si + 2 && who == c.subject)
            {
                c.evidence.stance = Stance::Denied;
            }
        }
    }

    /// Whether the actor token ending at `end` only modifies what follows it: "UN-backed",
    /// or a nationality before a person ("Libyan warlord", "Russian Foreign Minister").
    fn descriptive(&self, text: &str, masked: &Masked, end: usize, mention: usize) -> bool {
        let p = &self.lexicon.patterns;
        let after = &masked.text[end..];
        if p.descriptive_suffix.is_match(after) {
            return true;
        }
        let m = &masked.mentions[mention];
        let adjective = self.surface_kind(text, m) == Some(SurfaceKind::Adjective);
        adjective && p.person_noun.is_match(after)
    }

    /// Agent and target tokens of a trigger at `start..end` of the masked sentence, and the
    /// second of a coordinated subject ("A and B attacked") where the type is not symmetric
    /// (there the second is the target).
    fn participants(
        &self,
        masked: &str,
        tokens: &[(usize, usize, usize)],
        start: usize,
        end: usize,
        kind: &str,
    ) -> (Option<usize>, Option<usize>, Option<usize>) {
        let p = &self.lexicon.patterns;
        // "Libya's warring parties agreed": the possessor is not the participant.
        let possessor = |t: &&(usize, usize, usize)| possessive(&masked[t.1..]);
        // Actors inside a parenthetical that closes before the trigger do not act in it.
        let parentheticals: Vec<(usize, usize)> = p
            .parenthetical
            .find_iter(&masked[..start])
            .map(|m| (m.start(), m.end()))
            .collect();
        let enclosed =
            |t: &&(usize, usize, usize)| parentheticals.iter().any(|&(s, e)| t.0 > s && t.1 < e);
        // "As X stepped up its strikes, Y pleaded…": the actors of an opening subordinate clause
        // are not the subject of the main clause after its comma.
        let opening = self.opening_clause_end(masked);
        let opener_end = opening.filter(|&c| c < start).unwrap_or(0);
        // A trigger inside the opening clause has its target there too, but for a hostile act
        // the side named right after it is its target as a rule ("As X pressed its assault,
        // the rebels fell back").
        let target_limit = opening
            .filter(|&c| c >= end && !p.hostile_events.contains(kind))
            .unwrap_or(usize::MAX);
        // "arrived in ⟦S1⟧, where…": a state after "in" is a place there.
        let placed = |t: &&(usize, usize, usize)| {
            masked[t.0..].starts_with("⟦S") && p.place_preposition.is_match(&masked[..t.0])
        };
        let before: Vec<&(usize, usize, usize)> = tokens
            .iter()
            .filter(|t| {
                t.1 <= start && t.0 >= opener_end && !possessor(t) && !enclosed(t) && !placed(t)
            })
            .collect();
        let next = tokens
            .iter()
            .filter(|t| !possessor(t))
            .find(|t| t.0 >= end && t.0 - end < 100);
        let mut agent = before.last().map(|t| t.2);
        // "Seoul's spy agency said", "Russia's defence ministry announced": the possessor's
        // office speaks for it.
        if p.speech_events.contains(kind) {
            let owner = tokens
                .iter()
                .rfind(|t| t.1 <= start && t.0 >= opener_end && possessor(t) && !enclosed(t))
                .filter(|t| before.last().is_none_or(|b| b.1 <= t.0));
            if let Some(t) = owner {
                let gap = &masked[t.1..start];
                if !gap.contains([',', ';', '⟦']) && gap.split_whitespace().count() <= 4 {
                    agent = Some(t.2);
                }
            }
        }
        // "plunge X into chaos like the uprising that killed Y": the uprising killed, not X.
        if let Some(a) = before.last() {
            if p.relative_clause.is_match(&masked[a.1..start]) {
                agent = None;
            }
        }
        // "X and U.N. envoy Y discussed": X leads a coordinated subject.
        let mut partner = None;
        if let Some(last) = before.last().filter(|_| agent.is_some()) {
            if !masked[last.1..start].contains([',', ';']) {
                if let Some(c) = p.coordination.captures(&masked[..last.0]) {
                    let and_at = c.get(0).map_or(0, |m| m.start());
                    if let Some(first) = before.iter().find(|t| t.1 == and_at) {
                        agent = Some(first.2);
                        partner = Some(last.2);
                    }
                }
            }
        }
        // "The UN said the parties agreed to talks": the speaker is not the one who talks.
        if !p.speech_events.contains(kind) {
            let last_speech = p
                .events
                .iter()
                .filter(|(k, _)| p.speech_events.contains(k))
                .filter_map(|(_, re)| re.find_iter(&masked[..start]).last())
                .max_by_key(|m| m.start());
            if let (Some(speech), Some(a)) = (last_speech, before.last()) {
                // "X said it killed…": the speaker reports its own act.
                let own_act = p.self_reference.is_match(&masked[speech.end()..start]);
                if a.1 <= speech.start() && !own_act {
                    agent = None;
                }
            }
        }
        // The target is in the trigger's clause: "agreed to talks, following fighting and X…" has none.
        // ", Houthi officials said": a source, not a target.
        let new_clause = |t: &&(usize, usize, usize)| {
            let gap = &masked[end..t.0];
            gap.contains(';')
                || gap.rfind(',').is_some_and(|c| {
                    let after = gap[c + 1..].trim_start();
                    p.clause_opener.find(after).is_some_and(|m| m.start() == 0)
                        || p.attribution
                            .find(&masked[t.1..])
                            .is_some_and(|m| masked[t.1..m.start()].split_whitespace().count() <= 4)
                })
        };
        // "fighting on behalf of X": X is a side, not the target.
        let for_a_side = |t: &&(usize, usize, usize)| p.ally_marker.is_match(&masked[end..t.0]);
        let mut target = next
            .filter(|t| t.0 - end < 80 && t.1 <= target_limit && !new_clause(t) && !for_a_side(t))
            .map(|t| t.2);
        // "the resignation of envoy X": an intransitive event's participant is its agent.
        if p.intransitive_events.contains(kind) {
            // Right after it, not in a later clause ("fled after President X ordered strikes").
            let person_after = tokens
                .iter()
                .find(|t| t.0 >= end && t.0 - end < 80 && masked[t.0..t.1].starts_with("⟦P"))
                .filter(|t| {
                    let gap = &masked[end..t.0];
                    !gap.contains([',', ';']) && !p.clause_opener.is_match(gap)
                });
            if let Some(t) = person_after {
                return (Some(t.2), None, None);
            }
            return (agent, None, None);
        }
        // "…, said Jean El Alam": the speaker follows the verb. After any other verb the actor
        // right after it is its object ("strikes killed X", "…, accusing X of").
        let attributes =
            p.speech_events.contains(kind) && p.attribution.is_match(&masked[start..end]);
        if let Some(n) = next.filter(|_| attributes) {
            let gap = masked[end..n.0].trim();
            let lead = masked[..start].trim_end();
            let bare = gap.is_empty()
                || p.leading_article.is_match(&format!("{gap} "))
                || self.ranks_only.is_match(gap);
            // "X, a spokesman for Y, said Z…": the comma closes X's apposition; X speaks.
            let apposition_closes = before.last().is_some_and(|a| {
                parentheticals
                    .iter()
                    .any(|&(s, e)| s == a.1 && e >= lead.len())
            });
            // Only after a quote or a clause: in "X's agency said Y troops crossed", Y is the
            // subject of what was said.
            if bare && !apposition_closes && lead.ends_with([',', '"', '”', '’', '\'']) {
                return (Some(n.2), None, None);
            }
        }
        // "a siege of the capital by X": X is the agent, the actor before is the target.
        if let Some(n) = next {
            if p.passive_agent.is_match(&masked[end..n.0]) {
                return (Some(n.2), agent, None);
            }
        }
        // "three Algerian drivers were killed": in the passive, the actor before suffers the act.
        if p.verb_trigger.is_match(&masked[start..end]) && p.passive_lead.is_match(&masked[..start])
        {
            return (None, agent, None);
        }
        // "X, the UN mediator for the country, said": skip the apposition.
        if before.len() >= 2 {
            let (first, last) = (before[before.len() - 2], before[before.len() - 1]);
            let between = &masked[first.1..start];
            let is_person = masked[first.0..first.1].starts_with("⟦P");
            if is_person
                && between.trim_start().starts_with(',')
                && between.trim_end().ends_with(',')
                && last.0 > first.1
            {
                agent = Some(first.2);
                target = target.filter(|&t| t != first.2);
            }
        }
        if p.symmetric_events.contains(kind) && partner.is_some() && agent != partner {
            return (agent, partner, None);
        }
        (agent, target, partner.filter(|_| agent.is_some()))
    }

    /// Where an opening subordinate clause ("As X pressed on, …", "After the talks failed, …")
    /// ends: its first comma, when the sentence starts with a clause opener.
    fn opening_clause_end(&self, masked: &str) -> Option<usize> {
        let lead = masked.trim_start();
        let first = lead.split_whitespace().next()?.to_lowercase();
        let opens = self
            .lexicon
            .patterns
            .clause_opener
            .find(&first)
            .is_some_and(|m| m.start() == 0 && m.end() == first.len());
        opens.then(|| masked.find(',')).flatten()
    }

    /// The mention that places an event: the nearest place mention after the trigger, else before it.
    /// States count as places only after a locative preposition ("to Libya", "in Syria").
    fn place_for<'m>(
        &self,
        text: &str,
        masked: &'m Masked,
        at: usize,
        skip: [Option<usize>; 2],
        doc: &Doc,
    ) -> Option<&'m Mention> {
        let skipped: Vec<&Mention> = skip
            .iter()
            .flatten()
            .map(|&i| &masked.mentions[i])
            .collect();
        // Not past the trigger's clause: "killed in the violence, when Y seized Z" is not placed by Z.
        let p = &self.lexicon.patterns;
        let trigger = masked.to_orig(at, true);
        let after = &masked.text[at..];
        let ceiling = CLAUSE_BREAK
            .find_iter(after)
            .find(|b| {
                b.as_str().contains(';')
                    || p.clause_opener
                        .find(&after[b.end()..])
                        .is_some_and(|m| m.start() == 0)
            })
            .map_or(usize::MAX, |b| masked.to_orig(at + b.start(), true));
        // "the ELN, the last guerrilla in Colombia, and…": an apposition after an actor
        // describes the actor; its place is not where the trigger outside it happened.
        let appositions: Vec<(usize, usize)> = p
            .parenthetical
            .find_iter(&masked.text)
            .filter(|a| {
                masked.text[..a.start()].ends_with('⟧') && !(a.start() <= at && at < a.end())
            })
            .map(|a| {
                (
                    masked.to_orig(a.start(), true),
                    masked.to_orig(a.end(), false),
                )
            })
            .collect();
        let described = |m: &Mention| appositions.iter().any(|&(s, e)| s <= m.start && m.end <= e);
        // "according to U.S. officials" names a source, not where anything happened.
        let title_before = |m: &Mention| {
            let floor = mentions::floor_before(text, m.start, 40);
            p.title_for.is_match(&text[floor..m.start])
        };
        let source_before = |m: &Mention| {
            let floor = mentions::floor_before(text, m.start, 24);
            p.source_marker
                .find_iter(&text[floor..m.start])
                .any(|s| text[floor + s.end()..m.start].trim().is_empty())
        };
        let candidates: Vec<&Mention> = masked
            .all
            .iter()
            .filter(|m| {
                let kind = doc.entities[m.entity].kind;
                // A dateline says where the report was filed, not where anything happened.
                kind.is_place()
                    && m.via != "dateline"
                    && m.end <= ceiling
                    && !skipped.contains(m)
                    && (kind.actor_type().is_none()
                        || self.locative_before(text, masked.sentence.byte_start, m.start))
                    && !source_before(m)
                    && !title_before(m)
                    && !described(m)
                    // "against Tigray's rulers": a possessor names whose, not where.
                    && !possessive(&text[m.end..])
            })
            .collect();
        // "strikes in southern Somalia, mostly around Bulo Marer": the finest place named wins.
        let coarseness = |m: &&&Mention| match doc.entities[m.entity].kind {
            Kind::Place(PlaceType::City | PlaceType::Town | PlaceType::Facility) => 0,
            Kind::Place(PlaceType::Region | PlaceType::Other) => 1,
            _ => 2,
        };
        let after = candidates.iter().filter(|m| m.start >= trigger);
        let before = candidates.iter().filter(|m| m.start < trigger);
        after
            .min_by_key(coarseness)
            .or_else(|| before.rev().min_by_key(coarseness))
            .copied()
    }
}

/// Backing a leader backs what he leads: "at the request of President X" also gives the
/// backing of X's government, when the lexicon says which organisation he leads.
fn backing_of_leaders(claims: &mut Vec<Claim>, doc: &mut Doc) {
    let mut led = Vec::new();
    for c in claims.iter().filter(|c| c.relation == Relation::Backs) {
        if doc.entities[c.object].kind != Kind::Actor(ActorType::Person) {
            continue;
        }
        let Some(mut org) = doc.leader_of(c.object) else {
            continue;
        };
        // A head of state backed is his government backed.
        if doc.entities[org].kind == Kind::Actor(ActorType::State) {
            org = doc.national_of(org, "government").unwrap_or(org);
        }
        led.push(Claim {
            object: org,
            ..c.clone()
        });
    }
    for claim in led {
        push_new(claims, claim);
    }
}

/// Adds a claim unless it joins an actor to itself or the same sentence already gives it.
fn push_new(claims: &mut Vec<Claim>, claim: Claim) {
    let known = claims.iter().any(|c| {
        c.subject == claim.subject
            && c.object == claim.object
            && c.relation == claim.relation
            && c.evidence.sentence == claim.evidence.sentence
    });
    if claim.subject != claim.object && !known {
        claims.push(claim);
    }
}

/// Whether text right after a name starts with a possessive "'s".
fn possessive(after: &str) -> bool {
    after.starts_with("'s") || after.starts_with("’s")
}

/// A comma or semicolon and the space after it.
static CLAUSE_BREAK: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"[,;]\s*").expect("clause break regex"));

/// Two canonical person names for one person: the same given names, and long surnames
/// (six letters or more) one edit apart ("mohamed gununu" / "mohamed gununnu"). Conservative
/// by design: different given names or short surnames never meet.
fn similar_person(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() < 2 || wa.len() != wb.len() || wa[..wa.len() - 1] != wb[..wb.len() - 1] {
        return false;
    }
    let (sa, sb): (Vec<char>, Vec<char>) = (
        wa[wa.len() - 1].chars().collect(),
        wb[wb.len() - 1].chars().collect(),
    );
    sa.len() >= 6 && sb.len() >= 6 && sa != sb && edit_distance(&sa, &sb) <= 1
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The text of the clause before `at`: back to the last comma, semicolon, colon or quote.
fn clause_before(masked: &str, at: usize) -> &str {
    let before = &masked[..at];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, ',' | ';' | ':' | '"' | '“' | '('))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &masked[start..at]
}

/// A line of its own, short and without closing punctuation: a headline or section title.
fn is_heading(text: &str, s: &Sentence) -> bool {
    let t = s.text.trim();
    if t.starts_with('#') {
        return true;
    }
    let line_start = text[..s.byte_start]
        .trim_end_matches([' ', '\t'])
        .ends_with('\n')
        || text[..s.byte_start].trim().is_empty();
    let rest = text[s.byte_end..].trim_start_matches([' ', '\t', '\r']);
    let line_end = rest.is_empty() || rest.starts_with('\n');
    line_start
        && line_end
        && t.split_whitespace().count() <= 20
        && !t.ends_with(['.', '!', '?', '"', '”', '’', ')', ':'])
}

/// Gives events reported of "the warring parties" the two sides of the article's main
/// conflict: the pair with the most opposes evidence (the earliest on a tie), led by the
/// side that is more often the subject (the one on the offensive).
fn resolve_collective(
    out: &mut Extraction,
    collective: &[usize],
    hostile: &std::collections::HashSet<String>,
    heads: &HashMap<usize, usize>,
) {
    // (pair as first seen, evidence count, count in the first-seen direction)
    let mut pairs: Vec<((usize, usize), usize, usize)> = Vec::new();
    for c in out
        .claims
        .iter()
        .filter(|c| c.relation == Relation::Opposes)
    {
        match pairs
            .iter_mut()
            .find(|(p, _, _)| *p == (c.subject, c.object) || *p == (c.object, c.subject))
        {
            Some((p, n, forward)) => {
                *n += 1;
                *forward += usize::from(p.0 == c.subject);
            }
            None => pairs.push(((c.subject, c.object), 1, 1)),
        }
    }
    // The side that acts in more hostile events (the offensive, the strikes) leads; else
    // the one more often the subject of the evidence.
    let acts = |e: usize| {
        out.events
            .iter()
            .filter(|ev| {
                hostile.contains(&ev.kind)
                    && ev
                        .agent
                        .is_some_and(|a| a == e || heads.get(&a) == Some(&e))
            })
            .count()
    };
    let main =
        pairs
            .iter()
            .rev()
            .max_by_key(|(_, n, _)| *n)
            .map(|&((a, b), n, forward)| match acts(a).cmp(&acts(b)) {
                std::cmp::Ordering::Greater => (a, b),
                std::cmp::Ordering::Less => (b, a),
                std::cmp::Ordering::Equal if 2 * forward >= n => (a, b),
                std::cmp::Ordering::Equal => (b, a),
            });
    for &i in collective {
        if let Some((a, b)) = main {
            out.events[i].agent = Some(a);
            out.events[i].target = Some(b);
        }
    }
    let mut i = 0;
    out.events.retain(|e| {
        i += 1;
        e.agent.is_some()
            || e.target.is_some()
            || e.place.is_some()
            || !collective.contains(&(i - 1))
    });
}

/// Copies article text into a masked sentence. Token brackets in the article itself become
/// look-alikes of the same byte length, so no text can pose as a mention token.
fn push_plain(out: &mut String, s: &str) {
    if s.contains(['⟦', '⟧']) {
        out.push_str(&s.replace('⟦', "〚").replace('⟧', "〛"));
    } else {
        out.push_str(s);
    }
}

/// "Rapid Support Forces (RSF)" is one mention, not two side by side.
fn merge_parenthesised(text: &str, mentions: &mut Vec<Mention>) {
    let mut i = 0;
    while i + 1 < mentions.len() {
        let (a, b) = (&mentions[i], &mentions[i + 1]);
        let between = &text[a.end..b.start];
        let closes = text[b.end..].starts_with(')');
        if a.entity == b.entity && between.trim() == "(" && closes {
            mentions[i].end = b.end + 1;
            mentions.remove(i + 1);
        } else {
            i += 1;
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The entity table of the article being extracted.
pub(crate) struct Doc<'e, 'l> {
    ex: &'e Extractor<'l>,
    pub entities: Vec<EntityInfo>,
    by_key: HashMap<String, usize>,
    /// (entity, surface) → why a discovered name joined an entity of another spelling.
    merges: HashMap<(usize, String), &'static str>,
    /// The article's country (ISO code): the one its named actors and places belong to most.
    pub focus: Option<String>,
}

impl Doc<'_, '_> {
    /// The entity for lexicon row `i`, added on first use.
    pub fn lexicon_entity(&mut self, i: usize) -> usize {
        let e = &self.ex.lexicon.entities[i];
        if let Some(&j) = self.by_key.get(&e.id) {
            return j;
        }
        self.add(EntityInfo {
            key: e.id.clone(),
            lexicon: Some(i),
            name: e.name.clone(),
            kind: e.kind,
            surfaces: BTreeMap::new(),
            mentions: 0,
            found_by: "lexicon".into(),
            part_of: None,
        })
    }

    /// The entity for a name found in the text, added on first use. Spellings meet: its key is
    /// the slug of the canonical name (accents folded, words respelled after
    /// lexicon/variants.csv), with a hash when that slug is a lexicon id (or empty), and a
    /// person whose name differs from one already here only by one letter of a long surname
    /// is that person (see `similar_person`).
    pub fn discovered(&mut self, name: &str, t: ActorType, found_by: &str) -> usize {
        let canonical = self.ex.lexicon.canonical_name(name);
        let key = key_of_canonical(self.ex.lexicon, &canonical, t);
        if let Some(&j) = self.by_key.get(&key) {
            if self.entities[j].name != name {
                self.merges
                    .entry((j, name.to_string()))
                    .or_insert("spelling");
            }
            return j;
        }
        if t == ActorType::Person {
            let lex = self.ex.lexicon;
            let similar = (0..self.entities.len()).find(|&j| {
                self.entities[j].kind == Kind::Actor(ActorType::Person)
                    && similar_person(&lex.canonical_name(&self.entities[j].name), &canonical)
            });
            if let Some(j) = similar {
                self.merges.insert((j, name.to_string()), "similarity");
                return j;
            }
        }
        self.add(EntityInfo {
            key,
            lexicon: None,
            name: name.to_string(),
            kind: Kind::Actor(t),
            surfaces: BTreeMap::new(),
            mentions: 0,
            found_by: found_by.into(),
            part_of: None,
        })
    }

    /// A region the text builds on lexicon place `base` ("Idlib province", "northern Syria").
    pub fn region_of(&mut self, name: &str, base: usize, found_by: &str) -> usize {
        self.place(name, PlaceType::Region, Some(base), found_by)
    }

    /// A place the text names that the lexicon does not know ("the village of X"); it has
    /// no coordinates.
    pub fn discovered_place(&mut self, name: &str, kind: PlaceType, found_by: &str) -> usize {
        self.place(name, kind, None, found_by)
    }

    /// The place entity for a name found in the text, added on first use.
    fn place(
        &mut self,
        name: &str,
        kind: PlaceType,
        part_of: Option<usize>,
        found_by: &str,
    ) -> usize {
        let canonical = self.ex.lexicon.canonical_name(name);
        let key = key_of_kind(self.ex.lexicon, &canonical, kind.name());
        if let Some(&j) = self.by_key.get(&key) {
            return j;
        }
        self.add(EntityInfo {
            key,
            lexicon: None,
            name: name.to_string(),
            kind: Kind::Place(kind),
            surfaces: BTreeMap::new(),
            mentions: 0,
            found_by: found_by.into(),
            part_of,
        })
    }

    fn add(&mut self, e: EntityInfo) -> usize {
        self.by_key.insert(e.key.clone(), self.entities.len());
        self.entities.push(e);
        self.entities.len() - 1
    }

    /// The national army or government (`kind`) of the country of a person, state or government.
    pub fn national_of(&mut self, entity: usize, kind: &str) -> Option<usize> {
        let lex = self.ex.lexicon;
        let t = self.entities[entity].kind.actor_type()?;
        if !matches!(
            t,
            ActorType::Person | ActorType::State | ActorType::Government
        ) {
            return None;
        }
        let country = match self.entities[entity].lexicon {
            Some(i) => lex.entities[i].country.clone()?,
            // "Hadi's government" with Hadi named nowhere else: the article's country's.
            None if t == ActorType::Person => self.focus.clone()?,
            None => return None,
        };
        let e = if kind == "government" {
            lex.government_of(&country)
        } else {
            lex.national_of(&country, kind)
        }?;
        Some(self.lexicon_entity(e))
    }

    /// The organisation a person leads, per the lexicon.
    pub fn leader_of(&mut self, entity: usize) -> Option<usize> {
        let lex = self.entities[entity].lexicon?;
        let leads = self.ex.lexicon.entities[lex].leads.as_ref()?;
        let j = self.ex.lexicon.index_of(leads)?;
        Some(self.lexicon_entity(j))
    }
}

/// A sentence with its actor mentions replaced by tokens.
#[derive(Clone)]
pub(crate) struct Masked {
    pub text: String,
    pub sentence: Sentence,
    /// Actor mentions, indexed by the token numbers.
    pub mentions: Vec<Mention>,
    /// All mentions of the sentence (actors and places).
    pub all: Vec<Mention>,
    /// (masked start, masked end, original start, original end) per segment.
    segments: Vec<(usize, usize, usize, usize)>,
}

impl Masked {
    /// Whether two maskings of a sentence read the same and stand for the same actors.
    fn same_actors(&self, other: &Masked) -> bool {
        self.text == other.text
            && self
                .mentions
                .iter()
                .map(|m| m.entity)
                .eq(other.mentions.iter().map(|m| m.entity))
    }

    fn build(text: &str, s: &Sentence, all: Vec<Mention>, doc: &Doc) -> Masked {
        let mut out = String::new();
        let mut segments = Vec::new();
        let mut mentions = Vec::new();
        let mut pos = s.byte_start;
        for m in &all {
            let Some(t) = doc.entities[m.entity].kind.actor_type() else {
                continue;
            };
            if m.start < pos {
                continue;
            }
            segments.push((out.len(), out.len() + (m.start - pos), pos, m.start));
            push_plain(&mut out, &text[pos..m.start]);
            let tok = format!("⟦{}{}⟧", t.letter(), mentions.len());
            segments.push((out.len(), out.len() + tok.len(), m.start, m.end));
            out.push_str(&tok);
            mentions.push(m.clone());
            pos = m.end;
        }
        segments.push((out.len(), out.len() + (s.byte_end - pos), pos, s.byte_end));
        push_plain(&mut out, &text[pos..s.byte_end]);
        Masked {
            text: out,
            sentence: s.clone(),
            mentions,
            all,
            segments,
        }
    }

    /// Maps a byte offset of the masked text back to the article text.
    fn to_orig(&self, pos: usize, is_start: bool) -> usize {
        for &(ms, me, os, oe) in &self.segments {
            let inside = if is_start {
                pos >= ms && pos < me
            } else {
                pos > ms && pos <= me
            };
            if inside {
                let plain = me - ms == oe - os && !self.text[ms..me].starts_with('⟦');
                return if plain {
                    os + (pos - ms)
                } else if is_start {
                    os
                } else {
                    oe
                };
            }
        }
        if is_start {
            self.sentence.byte_end
        } else {
            self.sentence.byte_start
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_clauses;
#[cfg(test)]
mod tests_events;
#[cfg(test)]
mod tests_families;
#[cfg(test)]
mod tests_relations;
