//! Finds mentions of actors and places: lexicon surface forms, acronym definitions,
//! organisation names ending in a head noun, persons introduced by a title or role,
//! and the short forms (acronyms, surnames) an article defines for itself.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::Doc;
use crate::lexicon::{ActorType, Kind, Lexicon, PlaceType, SurfaceKind};

/// A span of the article text naming an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index into the article's entity table.
    pub entity: usize,
    /// What found it: "lexicon", a rule id, or "local-alias".
    pub via: String,
}

pub(crate) struct MentionFinder {
    acronym: Regex,
    /// A head noun that ends an organisation's name ("Front", "Brigade").
    org_head: Regex,
    /// The words of an organisation's name before its head noun, ending a text.
    org: Regex,
    person_after_title: Regex,
    /// A role apposition right after a comma: ", a spokesman for…".
    role_apposition: Regex,
    /// A name ending a text: the person before a role apposition.
    name_at_end: Regex,
    person_after_title_comma: Regex,
    /// Titles and ranks a name found beside a title may still begin with ("General" in
    /// "Lt. General X", "Ambassador" in "Special Envoy Ambassador X").
    leading_title: Regex,
    /// A comma and an article, where an apposition may type the name before it.
    apposition: Regex,
    /// A capitalised name ending a text (the name before an apposition).
    apposed: Regex,
    /// An apposition that makes its name a person ("X, a spokesman for the militia").
    person_apposition: Regex,
    dateline: Regex,
    places: super::places::PlaceFinder,
}

/// One capitalised word of a name, possibly after a particle ("al-Islam", "bin Zayed") and
/// with a capitalised second part ("Faustin-Archange").
pub(crate) fn name_token(lex: &Lexicon) -> String {
    let particles = lex
        .patterns
        .name_particles
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    // An apostrophe joins letters ("Ta'ang", "O'Brien") but never starts a possessive ("'s").
    format!(
        r"(?:(?:{particles})[- ])?\p{{Lu}}(?:\p{{Ll}}+(?:[’']\p{{Ll}}{{2,}})*|[’']\p{{Lu}}\p{{Ll}}+)(?:-\p{{Lu}}\p{{Ll}}+)?"
    )
}

/// "ABU" → "Abu", "AL-ASABAA" → "Al-Asabaa".
fn title_case(word: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for ch in word.chars() {
        if upper {
            out.extend(ch.to_uppercase());
        } else {
            out.extend(ch.to_lowercase());
        }
        upper = !ch.is_alphanumeric();
    }
    out
}

/// A char boundary at most `bytes` before `at`: the start of a window a look-behind regex
/// scans, so it never runs from the start of a long article.
pub(crate) fn floor_before(text: &str, at: usize, bytes: usize) -> usize {
    let mut floor = at.saturating_sub(bytes);
    while !text.is_char_boundary(floor) {
        floor -= 1;
    }
    floor
}

/// Whether the text around `start..end` allows a whole-word match.
fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

struct Candidate {
    start: usize,
    end: usize,
    entity: usize,
    via: String,
    /// Adjectives and places give way to a longer organisation or person name over them.
    weak: bool,
}

impl MentionFinder {
    pub fn new(lex: &Lexicon) -> Self {
        let p = &lex.patterns;
        let particles = p
            .name_particles
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|");
        let token = name_token(lex);
        // Names never run across a line break.
        let sp = r"[^\S\n]+";
        let name = format!(r"(?P<name>{token}(?:{sp}{token}){{1,3}})");
        let heads = p
            .org_heads
            .keys()
            .map(|h| regex::escape(h))
            .collect::<Vec<_>>()
            .join("|");
        let connectors = p
            .name_connectors
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|");
        // A capitalised word, possibly after a particle ("al-Islam") and with capitalised parts.
        let word = format!(
            r"(?:(?:{particles})-)?\p{{Lu}}[\p{{L}}\p{{N}}’'.]*(?:-\p{{Lu}}[\p{{L}}\p{{N}}’'.]*)*"
        );
        MentionFinder {
            acronym: crate::lexicon::regex(&format!(
                r"(?P<long>{word}(?:{sp}(?:(?:{connectors}){sp})*{word}){{0,8}}){sp}\((?P<acr>\p{{Lu}}[\p{{Lu}}\p{{N}}&.-]{{1,9}})\)"
            ))
            .expect("acronym regex"),
            org_head: crate::lexicon::regex(&format!(r"(?:{heads})\b")).expect("org head regex"),
            org: crate::lexicon::regex(&format!(r"(?P<name>(?:{word}{sp}(?:(?:{connectors}){sp})?){{1,6}})$")).expect("org regex"),
            // "spokesman X", "aid worker X": an office or an occupation before a name.
            person_after_title: crate::lexicon::regex(&format!(
                r"(?:{}|{})\s+(?:{}\s+){{0,2}}{name}",
                p.role_word_regex, p.person_noun_regex, p.rank_regex
            ))
            .expect("title regex"),
            // "The UN special envoy for Yemen, Hans Grundberg, met…", "the head of the
            // Election Monitoring Office, X, said…"
            person_after_title_comma: crate::lexicon::regex(&format!(
                r"{}(?:\s+(?:{})\s+(?:the\s+)?{word}(?:\s+(?:(?:{connectors})\s+)?{word}){{0,4}})?,\s+(?:{}\s+){{0,2}}{name},",
                p.role_word_regex,
                p.title_prepositions,
                p.rank_regex
            ))
            .expect("title-comma regex"),
            apposition: crate::lexicon::regex(r",\s+(?:an?|the)\s").expect("apposition regex"),
            apposed: crate::lexicon::regex(&format!(
                r"(?P<name>{word}(?:{sp}(?:(?:{connectors}){sp})?{word}){{0,4}})$"
            ))
            .expect("apposed regex"),
            person_apposition: crate::lexicon::regex(&format!(
                r"^,\s+(?:an?|the)\s+(?:[\p{{L}}\p{{N}}.’'-]+\s+){{0,4}}?(?:{}|{})\b",
                p.role_word_regex, p.person_noun_regex
            ))
            .expect("person apposition regex"),
            leading_title: crate::lexicon::regex(&format!(r"^(?:(?:{}|{})\s+)+", p.role_word_regex, p.rank_regex)).expect("leading title regex"),
            // "CAIRO –", "ABU DHABI, United Arab Emirates (AP) —": where the report was filed.
            dateline: crate::lexicon::regex(r"(?m)^[^\S\n]*(?P<place>\p{Lu}[\p{Lu}'’.-]+(?:[^\S\n]+\p{Lu}[\p{Lu}'’.-]+){0,3})(?:,|[^\S\n]*[(–—-])")
                .expect("dateline regex"),
            places: super::places::PlaceFinder::new(lex),
            role_apposition: crate::lexicon::regex(&format!(r"^,\s+(?:(?:an?|the)\s+)?(?:[\p{{L}}.’'-]+\s+){{0,4}}?{}", p.role_word_regex))
                .expect("role regex"),
            name_at_end: crate::lexicon::regex(&format!("{name}$")).expect("name regex"),
        }
    }

    pub fn find(&self, text: &str, doc: &mut Doc) -> Vec<Mention> {
        let lex = doc.ex.lexicon;
        let mut cands = self.lexicon_candidates(text, doc);
        for c in self.dateline.captures_iter(text) {
            let m = c.name("place").expect("place group");
            let titled: Vec<String> = m.as_str().split_whitespace().map(title_case).collect();
            if let Some(surface) = lex.surface(&titled.join(" ")) {
                if matches!(lex.entities[surface.entity].kind, Kind::Place(_)) {
                    let entity = doc.lexicon_entity(surface.entity);
                    cands.push(Candidate {
                        start: m.start(),
                        end: m.end(),
                        entity,
                        via: "dateline".into(),
                        weak: true,
                    });
                }
            }
        }
        // Places the lexicon does not know, named by the nouns beside them.
        for f in self.places.find(text, lex) {
            let entity = doc.discovered_place(&text[f.start..f.end], f.kind, f.rule);
            cands.push(Candidate {
                start: f.start,
                end: f.end,
                entity,
                via: f.rule.into(),
                weak: false,
            });
        }
        let mut local: HashMap<String, usize> = HashMap::new();
        // The first strong candidate of each span, for the acronym definitions to find.
        let mut strong: HashMap<(usize, usize), usize> = HashMap::new();
        for k in cands.iter().filter(|k| !k.weak) {
            strong.entry((k.start, k.end)).or_insert(k.entity);
        }

        // Acronym definitions: "Libyan National Army (LNA)".
        for c in self.acronym.captures_iter(text) {
            let (long, acr) = (c.name("long").unwrap(), c.name("acr").unwrap());
            let Some(skip) = acronym_fit(long.as_str(), acr.as_str()) else {
                continue;
            };
            if ends_a_sentence_inside(&long.as_str()[skip..]) {
                continue;
            }
            let start = long.start() + skip;
            let long_text = &text[start..long.end()];
            let existing = strong.get(&(start, long.end())).copied();
            let entity = match existing {
                Some(e) => e,
                None => {
                    let t =
                        head_type(long_text, &lex.patterns.org_heads).unwrap_or(ActorType::Other);
                    let e = doc.discovered(long_text, t, "acronym-definition");
                    cands.push(Candidate {
                        start,
                        end: long.end(),
                        entity: e,
                        via: "acronym-definition".into(),
                        weak: false,
                    });
                    strong.insert((start, long.end()), e);
                    e
                }
            };
            let taken_by_lexicon = lex
                .surface(acr.as_str())
                .is_some_and(|s| s.kind != SurfaceKind::Descriptor);
            if !taken_by_lexicon {
                local.insert(acr.as_str().to_string(), entity);
            }
        }
        // Organisation names ending in a head noun: "Joint Military Commission". The head is
        // found first and the name read backwards from it; a name inside a longer one
        // ("African Union" in "African Union Transition Mission") gives way.
        let orgs: Vec<Span> = self
            .org_head
            .find_iter(text)
            .filter_map(|h| {
                let m = name_ending_at(&self.org, text, h.start(), 160)?;
                Some(Span {
                    start: m.start,
                    text: &text[m.start..h.end()],
                })
            })
            .collect();
        let outermost = orgs.iter().filter(|m| {
            !orgs.iter().any(|o| {
                o.start <= m.start
                    && o.start + o.text.len() >= m.start + m.text.len()
                    && o.text.len() > m.text.len()
            })
        });
        for m in outermost {
            let (mut start, mut name) = strip_stop_words(m.text, m.start, &lex.patterns.stop_words);
            // "Sudan's Rapid Support Forces": the name starts after the possessive.
            if let Some(p) = name.rfind("'s ").or_else(|| name.rfind("’s ")) {
                let skip = p + name[p..].find(' ').unwrap_or(0) + 1;
                start += skip;
                name = &name[skip..];
            }
            if name.split_whitespace().count() < 2
                || !name.starts_with(|ch: char| ch.is_uppercase())
                || ends_a_sentence_inside(name)
            {
                continue;
            }
            if lex.surface(name).is_some() {
                continue; // the lexicon already knows it
            }
            let t = head_type(name, &lex.patterns.org_heads).unwrap_or(ActorType::Other);
            let key = name.to_string();
            let e = doc.discovered(&key, t, "organisation-name");
            cands.push(Candidate {
                start,
                end: m.start + m.text.len(),
                entity: e,
                via: "organisation-name".into(),
                weak: false,
            });
            local.entry(key).or_insert(e);
        }
        self.apposed_groups(text, doc, &mut cands, &mut local);
        // Persons introduced by a role or title: "spokesman Mohamed Gununu", "X, a spokesman".
        let mut titled = named(&self.person_after_title, text);
        titled.extend(self.persons_before_roles(text));
        titled.extend(named(&self.person_after_title_comma, text));
        for m in titled {
            let (mut start, mut name) = strip_stop_words(m.text, m.start, &lex.patterns.stop_words);
            if let Some(t) = self.leading_title.find(name) {
                start += t.end();
                name = &name[t.end()..];
            }
            let name = without_trailing_date(name, &lex.patterns.dates);
            if name.split_whitespace().count() < 2
                || lex
                    .patterns
                    .org_heads
                    .keys()
                    .any(|h| name.ends_with(h.as_str()))
                || lex.surface(name).is_some()
            {
                continue;
            }
            // A known person written with other particles or without a middle name.
            if let Some(i) = lex.person_variant(name) {
                let e = doc.lexicon_entity(i);
                cands.push(Candidate {
                    start,
                    end: start + name.len(),
                    entity: e,
                    via: "person-variant".into(),
                    weak: false,
                });
                local.entry(name.to_string()).or_insert(e);
                continue;
            }
            let e = doc.discovered(name, ActorType::Person, "person-title");
            cands.push(Candidate {
                start,
                end: start + name.len(),
                entity: e,
                via: "person-title".into(),
                weak: false,
            });
            local.entry(name.to_string()).or_insert(e);
            if let Some(surname) = name.split_whitespace().last() {
                let owned = lex.surface(surname).is_some();
                if surname.chars().count() > 3 && !owned {
                    local.entry(surname.to_string()).or_insert(e);
                }
            }
        }
        let mut chosen = select(cands, doc);
        // "Salva Kiir … Kiir's government": a person named in full is then named by surname.
        for m in &chosen {
            if doc.entities[m.entity].kind != Kind::Actor(ActorType::Person) {
                continue;
            }
            let Some(last) = text[m.start..m.end].split_whitespace().last() else {
                continue;
            };
            // "al-Burhan" is also "Burhan".
            let bare = last
                .split_once('-')
                .filter(|(p, _)| p.starts_with(char::is_lowercase));
            for surname in [Some(last), bare.map(|(_, b)| b)].into_iter().flatten() {
                let capitalised = surname.starts_with(char::is_uppercase);
                if capitalised && surname.chars().count() > 3 && lex.surface(surname).is_none() {
                    local.entry(surname.to_string()).or_insert(m.entity);
                }
            }
        }
        // Short forms the article defined for itself, wherever they recur.
        if !local.is_empty() {
            let keys: Vec<String> = local.keys().cloned().collect();
            // A handful of keys per article: the plain automaton builds in microseconds, where
            // the default DFA and its prefilter cost more to build than they save on one text.
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&keys)
                .expect("local aliases");
            let mut extra = Vec::new();
            for m in ac.find_iter(text) {
                if !at_word_boundary(text, m.start(), m.end()) {
                    continue;
                }
                // `chosen` is sorted by start and never overlaps: only the last mention
                // starting before this match can overlap it.
                let before = chosen.partition_point(|c| c.start < m.end());
                if before > 0 && chosen[before - 1].end > m.start() {
                    continue;
                }
                extra.push(Mention {
                    start: m.start(),
                    end: m.end(),
                    entity: local[&keys[m.pattern().as_usize()]],
                    via: "local-alias".into(),
                });
            }
            chosen.extend(extra);
            chosen.sort_by_key(|m| m.start);
        }
        chosen
    }

    fn lexicon_candidates(&self, text: &str, doc: &mut Doc) -> Vec<Candidate> {
        let lex = doc.ex.lexicon;
        let mut raw = Vec::new();
        for m in lex.matcher.find_overlapping_iter(text) {
            if at_word_boundary(text, m.start(), m.end()) {
                raw.push((m.start(), m.end(), m.pattern().as_usize()));
            }
        }
        // Descriptors ("the Tripoli government") count only where their country is in play.
        let mut countries: HashSet<&str> = HashSet::new();
        let mut named: HashSet<usize> = HashSet::new();
        for &(_, _, s) in &raw {
            let surface = &lex.surfaces[s];
            if surface.kind != SurfaceKind::Descriptor {
                named.insert(surface.entity);
                if let Some(c) = &lex.entities[surface.entity].country {
                    countries.insert(c.as_str());
                }
            }
        }
        raw.retain(|&(_, _, s)| {
            let surface = &lex.surfaces[s];
            let e = &lex.entities[surface.entity];
            surface.kind != SurfaceKind::Descriptor
                || named.contains(&surface.entity)
                || e.country.as_deref().is_some_and(|c| countries.contains(c))
        });
        // The article's country: the one its named actors and places belong to most often.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &(_, _, s) in &raw {
            if let Some(c) = &lex.entities[lex.surfaces[s].entity].country {
                *counts.entry(c.as_str()).or_default() += 1;
            }
        }
        let focus = counts
            .into_iter()
            .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
            .map(|(c, _)| c.to_string());
        doc.focus = focus.clone();
        let mut out: Vec<Candidate> = raw
            .into_iter()
            .map(|(start, end, s)| {
                let surface = &lex.surfaces[s];
                // "Moscow denied", "Ankara, which runs a base": the capital acts as its state.
                if let Some(&state) = lex.state_of_capital.get(&surface.entity) {
                    let floor = floor_before(text, start, 40);
                    if lex.patterns.metonym_after.is_match(&text[end..])
                        || lex.patterns.metonym_before.is_match(&text[floor..start])
                    {
                        // In an article on that country's war, "Damascus said" is its government, a party.
                        let code = lex.entities[state].country.as_deref();
                        let government = code
                            .filter(|&c| focus.as_deref() == Some(c))
                            .and_then(|c| lex.national_of(c, "government"));
                        let entity = doc.lexicon_entity(government.unwrap_or(state));
                        return Candidate {
                            start,
                            end,
                            entity,
                            via: "metonym".into(),
                            weak: false,
                        };
                    }
                }
                // "the Libyan army" in an article on Libya: its national army, else its government.
                if focus
                    .as_deref()
                    .is_some_and(|f| lex.states_by_code.get(f) == Some(&surface.entity))
                {
                    if let Some(m) = lex.patterns.national_heads.find(&text[end..]) {
                        let f = focus.as_deref().unwrap_or_default();
                        if let Some(e) = ["army", "government"]
                            .iter()
                            .find_map(|k| lex.national_of(f, k))
                        {
                            return Candidate {
                                start,
                                end: end + m.end(),
                                entity: doc.lexicon_entity(e),
                                via: "national-army".into(),
                                weak: false,
                            };
                        }
                    }
                }
                let weak = surface.kind == SurfaceKind::Adjective
                    || lex.entities[surface.entity].kind.actor_type().is_none();
                let via = if surface.kind == SurfaceKind::Variant {
                    "variants-table"
                } else {
                    "lexicon"
                };
                Candidate {
                    start,
                    end,
                    entity: doc.lexicon_entity(surface.entity),
                    via: via.into(),
                    weak,
                }
            })
            .collect();
        // "government troops", "the federal government": the national ones of that country.
        if let Some(focus) = focus {
            // "Ethiopian federal forces": the country's adjective or name belongs to the phrase.
            let state = lex.states_by_code.get(&focus).map(|&i| &lex.entities[i]);
            let prefixes: Vec<&String> = state
                .map(|s| {
                    s.adjectives
                        .iter()
                        .chain(std::iter::once(&s.name))
                        .collect()
                })
                .unwrap_or_default();
            for (kind, re) in &lex.patterns.national {
                let Some(e) = lex.national_or_government(&focus, kind) else {
                    continue;
                };
                for m in re.find_iter(text) {
                    if at_word_boundary(text, m.start(), m.end()) {
                        let before = &text[..m.start()];
                        let start = prefixes
                            .iter()
                            .find_map(|p| {
                                before
                                    .strip_suffix(' ')
                                    .and_then(|b| b.strip_suffix(p.as_str()))
                                    .map(|b| b.len())
                            })
                            .unwrap_or(m.start());
                        let entity = doc.lexicon_entity(e);
                        out.push(Candidate {
                            start,
                            end: m.end(),
                            entity,
                            via: format!("national-{kind}"),
                            weak: false,
                        });
                    }
                }
            }
        }
        // "Port Sudan", "Kuwait City": a known place whose name holds a state's is that place,
        // so it competes with the state as a name, not as a weak place.
        let states: Vec<(usize, usize)> = out
            .iter()
            .filter(|c| !c.weak && doc.entities[c.entity].kind == Kind::Actor(ActorType::State))
            .map(|c| (c.start, c.end))
            .collect();
        for c in out.iter_mut().filter(|c| {
            c.weak && c.via == "lexicon" && matches!(doc.entities[c.entity].kind, Kind::Place(_))
        }) {
            if states
                .iter()
                .any(|&(s, e)| s >= c.start && e <= c.end && e - s < c.end - c.start)
            {
                c.weak = false;
            }
        }
        out
    }
}

/// Picks non-overlapping mentions. Lexicon names of persons and organisations come first
/// (so "Haftar's Libyan National Army" stays two known names), then discovered names,
/// longest first, then adjectives and places, which a discovered name may cover
/// ("Libyan Joint Military Commission", "Sudan Liberation Movement").
fn select(mut cands: Vec<Candidate>, doc: &Doc) -> Vec<Mention> {
    let tier = |c: &Candidate| -> u8 {
        let known_actor =
            (c.via == "lexicon" || c.via == "variants-table" || c.via == "person-variant")
                && !c.weak
                && doc.entities[c.entity]
                    .kind
                    .actor_type()
                    .is_some_and(|t| t != ActorType::State);
        // A named facility ("Palais des Nations", "European headquarters of the United
        // Nations") is as specific as a known actor, and longer than the one it may contain.
        let facility =
            c.via == "lexicon" && doc.entities[c.entity].kind == Kind::Place(PlaceType::Facility);
        if known_actor || facility {
            0
        } else if !c.weak {
            1
        } else {
            2
        }
    };
    // States are strong names but sit in tier 1 with discovered names, so a longer
    // discovered name ("Sudan Liberation Movement") covers them.
    cands.sort_by(|a, b| {
        let (ta, tb) = (tier(a), tier(b));
        let (la, lb) = (a.end - a.start, b.end - b.start);
        (ta, usize::MAX - la)
            .cmp(&(tb, usize::MAX - lb))
            .then((a.via != "lexicon").cmp(&(b.via != "lexicon")))
            .then(a.start.cmp(&b.start))
    });
    // The chosen spans never overlap, so ordered by start their ends are ordered too, and a
    // candidate can only overlap the last chosen span starting before its end: a lookup,
    // not a scan (a scan made long articles quadratic).
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in cands {
        let overlaps = taken
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, &end)| end > c.start);
        if !overlaps && c.start < c.end {
            taken.insert(c.start, c.end);
            chosen.push(c);
        }
    }
    let mut out: Vec<Mention> = chosen
        .into_iter()
        .map(|c| Mention {
            start: c.start,
            end: c.end,
            entity: c.entity,
            via: c.via,
        })
        .collect();
    out.sort_by_key(|m| m.start);
    out
}

/// How many bytes to skip from the start of `long` so that its words spell `acr`.
/// Capitalised words must supply the next letter; connectors ("of", "in") may.
fn acronym_fit(long: &str, acr: &str) -> Option<usize> {
    let letters: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.len() < 2 {
        return None;
    }
    let words: Vec<(usize, &str)> = long
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - long.as_ptr() as usize, w))
        .collect();
    for first in 0..words.len() {
        if !words[first].1.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        if fits(&words[first..], &letters) {
            return Some(words[first].0);
        }
    }
    None
}

fn fits(words: &[(usize, &str)], letters: &[char]) -> bool {
    let Some((_, w)) = words.first() else {
        return letters.is_empty();
    };
    let upper = |s: &str| s.chars().next().map(|c| c.to_ascii_uppercase());
    // The letters a word may supply: its initial; for "wal-Jamaa" also the particle's
    // initial before it ("ASWJ") or the core's alone ("JNIM" from "al-Islam").
    let mut options: Vec<Vec<char>> = Vec::new();
    match w.split_once('-') {
        Some((particle, core)) if particle.chars().all(char::is_lowercase) && !core.is_empty() => {
            options.extend([
                upper(core).into_iter().collect(),
                upper(particle).into_iter().chain(upper(core)).collect(),
            ]);
        }
        _ => options.push(upper(w).into_iter().collect()),
    }
    let capital = w.starts_with(|c: char| c.is_uppercase()) || options.len() > 1;
    let took = options
        .iter()
        .any(|o| letters.starts_with(o) && fits(&words[1..], &letters[o.len()..]));
    // Connectors ("of", "in") may also supply nothing.
    took || (!capital && fits(&words[1..], letters))
}

impl MentionFinder {
    /// "X, a spokesman for…": the role apposition is looked for at each comma, and only then
    /// the name before it, read backwards (a regex starting with a name would try every
    /// capitalised word of the article).
    fn persons_before_roles<'t>(&self, text: &'t str) -> Vec<Span<'t>> {
        text.match_indices(',')
            .filter(|&(at, _)| self.role_apposition.is_match(&text[at..]))
            .filter_map(|(at, _)| name_ending_at(&self.name_at_end, text, at, 120))
            .collect()
    }

    /// Names no lexicon lists that an apposition types: "the Security Belt, a militia raised
    /// by…", "Wazalendo, a coalition of self-defence groups".
    fn apposed_groups(
        &self,
        text: &str,
        doc: &mut Doc,
        cands: &mut Vec<Candidate>,
        local: &mut HashMap<String, usize>,
    ) {
        let lex = doc.ex.lexicon;
        let p = &lex.patterns;
        // The apposition is rare and cheap to find; the name before it is read backwards.
        for a in self.apposition.find_iter(text) {
            let after = &text[a.start()..];
            let Some(&(t, _)) = p.group_types.iter().find(|(_, re)| re.is_match(after)) else {
                continue;
            };
            if self.person_apposition.is_match(after) {
                continue;
            }
            let Some(m) = name_ending_at(&self.apposed, text, a.start(), 120) else {
                continue;
            };
            let (start, name) = strip_stop_words(m.text, m.start, &p.stop_words);
            let stripped = m.text[..start - m.start].trim();
            // "In Kavumu, a militia…": a stop word other than "The" makes the name a setting.
            let the = stripped.eq_ignore_ascii_case("the");
            if name.is_empty() || !(stripped.is_empty() || the) {
                continue;
            }
            // "Yesterday, a militia…": one word opening a sentence is no name by itself.
            let opens = text[..m.start]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|ch| matches!(ch, '.' | '!' | '?' | '"' | '“' | '\n'));
            if (opens && !the && !name.contains(' '))
                || name.split_whitespace().any(|w| p.dates.is_date_word(w))
                || lex.surface(name).is_some()
                || cands
                    .iter()
                    .any(|k| k.start < start + name.len() && k.end > start)
            {
                continue;
            }
            let e = doc.discovered(name, t, "apposition-type");
            cands.push(Candidate {
                start,
                end: start + name.len(),
                entity: e,
                via: "apposition-type".into(),
                weak: false,
            });
            local.entry(name.to_string()).or_insert(e);
        }
    }
}

/// The `name` groups of a regex's matches.
fn named<'t>(re: &Regex, text: &'t str) -> Vec<Span<'t>> {
    re.captures_iter(text)
        .filter_map(|c| c.name("name"))
        .map(|m| Span {
            start: m.start(),
            text: m.as_str(),
        })
        .collect()
}

/// A piece of the text and where it starts.
pub(crate) struct Span<'t> {
    pub start: usize,
    pub text: &'t str,
}

/// The `name` group of `re`, a regex anchored at its end (`…$`), on the `bytes` of text before
/// `at`: the name that ends right there. Finding a rarer word first and reading the name
/// backwards from it spares a regex that starts with a name, tried at every capitalised word.
pub(crate) fn name_ending_at<'t>(
    re: &Regex,
    text: &'t str,
    at: usize,
    bytes: usize,
) -> Option<Span<'t>> {
    let floor = floor_before(text, at, bytes);
    let m = re.captures(&text[floor..at])?.name("name")?;
    Some(Span {
        start: floor + m.start(),
        text: m.as_str(),
    })
}

/// "Khartoum. Joint Forces": a word of several letters ending in a full stop ends a sentence,
/// so nothing after it belongs to the same name ("U.N." and "St." are too short to count).
fn ends_a_sentence_inside(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words[..words.len().saturating_sub(1)]
        .iter()
        .any(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() > 3)
}

fn head_type(
    name: &str,
    heads: &std::collections::BTreeMap<String, ActorType>,
) -> Option<ActorType> {
    let last = name.split_whitespace().last()?;
    heads.get(last).copied()
}

/// Drops leading stop words ("The", "However") from a capitalised run.
/// "Bertrand Bisimwa Saturday": a weekday or month after a name is when it was said, not
/// part of the name.
fn without_trailing_date<'a>(name: &'a str, dates: &crate::lexicon::RawDates) -> &'a str {
    let mut name = name;
    while let Some((rest, last)) = name.rsplit_once(char::is_whitespace) {
        if !dates.is_date_word(last) {
            break;
        }
        name = rest.trim_end();
    }
    name
}

fn strip_stop_words<'a>(s: &'a str, start: usize, stop: &HashSet<String>) -> (usize, &'a str) {
    let mut off = 0;
    let mut rest = s;
    loop {
        let w = rest.split_whitespace().next().unwrap_or("");
        let bare = w.trim_end_matches(',');
        if !w.is_empty() && stop.contains(bare) {
            let skip = rest.find(w).unwrap_or(0) + w.len();
            off += skip;
            rest = &rest[skip..];
            let trimmed = rest.trim_start();
            off += rest.len() - trimmed.len();
            rest = trimmed;
        } else {
            break;
        }
    }
    (start + off, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_fits() {
        assert_eq!(acronym_fit("Libyan National Army", "LNA"), Some(0));
        assert_eq!(
            acronym_fit("the Government of National Accord", "GNA"),
            Some(4)
        );
        assert_eq!(acronym_fit("Government of National Accord", "GNA"), Some(0));
        assert_eq!(
            acronym_fit("United Nations Support Mission in Libya", "UNSMIL"),
            Some(0)
        );
        assert_eq!(acronym_fit("Sudan's Rapid Support Forces", "RSF"), Some(8));
        assert_eq!(acronym_fit("Rapid Support Forces", "XYZ"), None);
        assert_eq!(
            acronym_fit("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM"),
            Some(0)
        );
    }

    #[test]
    fn names_stop_at_sentence_ends() {
        assert!(ends_a_sentence_inside("Khartoum. Joint Forces"));
        assert!(!ends_a_sentence_inside("U.N. Security Council"));
    }

    #[test]
    fn stop_words_are_stripped() {
        let stop: HashSet<String> = ["The".to_string()].into_iter().collect();
        assert_eq!(
            strip_stop_words("The Joint Military Commission", 10, &stop),
            (14, "Joint Military Commission")
        );
    }
}
