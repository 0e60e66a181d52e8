//! A synthetic wire-news corpus for benchmarks: JSON Lines articles filled in from the
//! templates of `bench/wire.toml`, byte for byte the same for the same templates and seed.
//!
//! Article `i` draws from its own random stream (seed and `i`), so the first thousand
//! articles of a 100k corpus are the 1k corpus, and the sizes of a cost curve nest.

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::extract::dates::{civil_from_days, days_from_civil, weekday};

/// The bundled templates.
pub const BUNDLED: &str = include_str!("../bench/wire.toml");

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("templates {name} do not parse: {message}")]
    Templates { name: String, message: String },
    #[error("templates {name}: {message}")]
    Invalid { name: String, message: String },
    #[error("cannot write the corpus: {0}")]
    Write(#[from] std::io::Error),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    sources: Vec<String>,
    officials: Vec<String>,
    support: Vec<String>,
    organisations: Vec<String>,
    envoys: Vec<String>,
    groups: Vec<String>,
    templates: Sentences,
    conflict: Vec<Conflict>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sentences {
    headline: Vec<String>,
    backs: Vec<String>,
    opposes: Vec<String>,
    events: Vec<String>,
    roles: Vec<String>,
    discovery: Vec<String>,
    background: Vec<String>,
    noise: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Conflict {
    country: String,
    places: Vec<String>,
    a: Side,
    b: Side,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Side {
    names: Vec<String>,
    /// "Name|Adjective"
    backers: Vec<String>,
    /// "Name|role"
    people: Vec<String>,
}

/// One generated article, in the JSON Lines shape `ingest` reads.
#[derive(Debug, Serialize)]
pub struct WireArticle {
    pub id: String,
    pub title: String,
    pub published: String,
    pub source: String,
    pub url: String,
    pub text: String,
}

/// SplitMix64: tiny, fast and fully specified, so a seed gives the same corpus on every
/// machine and every version (a general-purpose crate's generator may change its stream).
/// The crash tests draw their kill moments from it too.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Templates {
    pub fn parse(name: &str, text: &str) -> Result<Self, CorpusError> {
        let t: Templates = toml::from_str(text).map_err(|e| CorpusError::Templates {
            name: name.into(),
            message: e.to_string(),
        })?;
        let invalid = |message: String| CorpusError::Invalid {
            name: name.into(),
            message,
        };
        let s = &t.templates;
        for (list, items) in [
            ("sources", &t.sources),
            ("officials", &t.officials),
            ("support", &t.support),
            ("organisations", &t.organisations),
            ("envoys", &t.envoys),
            ("groups", &t.groups),
            ("headline", &s.headline),
            ("backs", &s.backs),
            ("opposes", &s.opposes),
            ("events", &s.events),
            ("roles", &s.roles),
            ("discovery", &s.discovery),
            ("background", &s.background),
            ("noise", &s.noise),
        ] {
            if items.is_empty() {
                return Err(invalid(format!(
                    "`{list}` is empty: give it at least one entry"
                )));
            }
        }
        if t.conflict.is_empty() {
            return Err(invalid("no [[conflict]]: describe at least one".into()));
        }
        for c in &t.conflict {
            for side in [&c.a, &c.b] {
                if c.places.len() < 2
                    || side.names.is_empty()
                    || side.backers.is_empty()
                    || side.people.is_empty()
                {
                    return Err(invalid(format!("conflict in {}: give two places or more and, for each side, names, backers and people", c.country)));
                }
                for pair in side.backers.iter().chain(&side.people) {
                    if pair.split('|').count() != 2 {
                        return Err(invalid(format!(
                            "conflict in {}: {pair:?} must be \"Name|Adjective\" or \"Name|role\"",
                            c.country
                        )));
                    }
                }
            }
        }
        // Every slot of every template must be one the generator fills.
        let mut rng = Rng::new(0, 0);
        for template in all_sentences(&t.templates) {
            let mut ctx = Context::new(&t, &t.conflict[0], false, 0, &mut rng);
            if let Err(slot) = ctx.fill(template) {
                return Err(invalid(format!(
                    "template {template:?} uses the unknown slot {{{slot}}}"
                )));
            }
        }
        Ok(t)
    }

    pub fn bundled() -> Self {
        Self::parse("bench/wire.toml", BUNDLED).expect("the bundled templates are tested")
    }

    /// Article number `index` of the corpus of `seed`.
    pub fn article(&self, seed: u64, index: u64) -> WireArticle {
        let mut rng = Rng::new(seed, index);
        let conflict = rng.pick(&self.conflict);
        let swap = rng.below(2) == 1;
        // Published between 2019-01-01 and 2021-12-31.
        let day = days_from_civil(2019, 1, 1) + rng.below(1096) as i64;
        let source = rng.pick(&self.sources).clone();
        let mut ctx = Context::new(self, conflict, swap, day, &mut rng);
        let title = ctx.fill_known(ctx.templates.templates.headline.as_slice());
        let s = &self.templates;
        // Weighted sentence kinds: most wire copy is background, quotes and colour around a
        // few events and fewer statements of who backs whom (the sample corpus has about one
        // fact for every three sentences).
        let kinds: [(&[String], usize); 8] = [
            (&s.events, 16),
            (&s.backs, 7),
            (&s.opposes, 8),
            (&s.roles, 9),
            (&s.background, 26),
            (&s.noise, 31),
            (&s.discovery, 3),
            (&s.headline, 0),
        ];
        let total: usize = kinds.iter().map(|k| k.1).sum();
        let sentences = 12 + ctx.rng.below(37);
        let (y, m, d) = civil_from_days(day);
        let place = ctx.rng.pick(&conflict.places).clone();
        let mut text = format!(
            "{}, {} {} ({}) - ",
            place.to_uppercase(),
            d,
            MONTHS[m as usize - 1],
            source
        );
        let mut in_paragraph = 0;
        for n in 0..sentences {
            let mut roll = ctx.rng.below(total);
            let list = kinds
                .iter()
                .find(|(_, w)| {
                    if roll < *w {
                        true
                    } else {
                        roll -= w;
                        false
                    }
                })
                .map(|k| k.0)
                .unwrap_or(&s.noise);
            let sentence = ctx.fill_known(list);
            if n > 0 {
                if in_paragraph >= 2 + ctx.rng.below(3) {
                    text.push_str("\n\n");
                    in_paragraph = 0;
                } else {
                    text.push(' ');
                }
            }
            text.push_str(&sentence);
            in_paragraph += 1;
        }
        let id = format!("wire-{seed}-{index:07}");
        let url = format!(
            "https://news.example/{}/{id}",
            crate::slug::slugify(&source)
        );
        WireArticle {
            id,
            title,
            published: format!("{y:04}-{m:02}-{d:02}"),
            source,
            url,
            text,
        }
    }

    /// Writes articles `0..n` of the corpus of `seed` as JSON Lines; returns the bytes written.
    pub fn write_jsonl(&self, seed: u64, n: u64, out: &mut impl Write) -> Result<u64, CorpusError> {
        let mut bytes = 0u64;
        let mut line = Vec::new();
        for i in 0..n {
            line.clear();
            serde_json::to_writer(&mut line, &self.article(seed, i))
                .map_err(std::io::Error::other)?;
            line.push(b'\n');
            out.write_all(&line)?;
            bytes += line.len() as u64;
        }
        Ok(bytes)
    }
}

fn all_sentences(s: &Sentences) -> Vec<&String> {
    [
        &s.headline,
        &s.backs,
        &s.opposes,
        &s.events,
        &s.roles,
        &s.discovery,
        &s.background,
        &s.noise,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The choices of one article: its conflict, which side is `a`, its date, its random stream.
struct Context<'t, 'r> {
    templates: &'t Templates,
    conflict: &'t Conflict,
    swap: bool,
    published: i64,
    rng: &'r mut Rng,
}

impl<'t, 'r> Context<'t, 'r> {
    fn new(
        templates: &'t Templates,
        conflict: &'t Conflict,
        swap: bool,
        published: i64,
        rng: &'r mut Rng,
    ) -> Self {
        Context {
            templates,
            conflict,
            swap,
            published,
            rng,
        }
    }

    fn side(&self, a: bool) -> &'t Side {
        if a != self.swap {
            &self.conflict.a
        } else {
            &self.conflict.b
        }
    }

    fn fill_known(&mut self, list: &[String]) -> String {
        let template = self.rng.pick(list);
        self.fill(template)
            .expect("slots are checked when the templates are parsed")
    }

    /// Fills `{slot}`s; the backer and person of a side are drawn once per sentence, so
    /// `{a_backer}` and `{a_backer_adj}` agree.
    fn fill(&mut self, template: &str) -> Result<String, String> {
        let mut out = String::with_capacity(template.len() + 40);
        let mut rest = template;
        let mut backer: [Option<&'t str>; 2] = [None, None];
        let mut person: [Option<&'t str>; 2] = [None, None];
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| rest[open..].to_string())?;
            let slot = &rest[open + 1..close];
            rest = &rest[close + 1..];
            let value: String = match slot {
                "a" | "b" => self.rng.pick(&self.side(slot == "a").names).clone(),
                "a_backer" | "b_backer" | "a_backer_adj" | "b_backer_adj" | "a_person"
                | "b_person" | "a_role" | "b_role" => {
                    let i = usize::from(slot.starts_with('b'));
                    let side = self.side(i == 0);
                    let (chosen, list) = if slot.contains("backer") {
                        (&mut backer[i], &side.backers)
                    } else {
                        (&mut person[i], &side.people)
                    };
                    let pair = *chosen.get_or_insert_with(|| self.rng.pick(list).as_str());
                    // "Name|Adjective" or "Name|role": the slot's suffix asks for the second part.
                    let (name, second) = pair.split_once('|').unwrap_or((pair, pair));
                    if slot.ends_with("_adj") || slot.ends_with("_role") {
                        second
                    } else {
                        name
                    }
                    .to_string()
                }
                "place" => self.rng.pick(&self.conflict.places).clone(),
                "place2" => self.rng.pick(&self.conflict.places).clone(),
                "country" => self.conflict.country.clone(),
                "date" => {
                    let (y, m, d) = civil_from_days(self.published - self.rng.below(10) as i64);
                    match self.rng.below(3) {
                        0 => format!("on {d} {}", MONTHS[m as usize - 1]),
                        1 => format!("on {} {d}", MONTHS[m as usize - 1]),
                        _ => format!("on {d} {} {y}", MONTHS[m as usize - 1]),
                    }
                }
                "weekday" => {
                    let (y, m, d) = civil_from_days(self.published - 1 - self.rng.below(6) as i64);
                    format!("on {}", WEEKDAYS[weekday(y, m, d) as usize])
                }
                "year" => {
                    (civil_from_days(self.published).0 - 1 - self.rng.below(4) as i32).to_string()
                }
                "support" => self.rng.pick(&self.templates.support).clone(),
                "official" => self.rng.pick(&self.templates.officials).clone(),
                "org" => self.rng.pick(&self.templates.organisations).clone(),
                "envoy" => self.rng.pick(&self.templates.envoys).clone(),
                "group" => self.rng.pick(&self.templates.groups).clone(),
                "n" | "m" => (2 + self.rng.below(48)).to_string(),
                other => return Err(other.to_string()),
            };
            out.push_str(&value);
        }
        out.push_str(rest);
        // A template may open with a side name such as "the paramilitary RSF".
        if let Some(first) = out.chars().next().filter(|c| c.is_lowercase()) {
            out.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_sizes_nest() {
        let t = Templates::bundled();
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        t.write_jsonl(7, 50, &mut a).unwrap();
        t.write_jsonl(7, 50, &mut b).unwrap();
        t.write_jsonl(7, 20, &mut c).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(&c));
        let mut other = Vec::new();
        t.write_jsonl(8, 50, &mut other).unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn articles_read_back_through_ingest() {
        let t = Templates::bundled();
        let mut out = Vec::new();
        t.write_jsonl(1, 200, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut bytes = 0;
        for (i, line) in text.lines().enumerate() {
            let a = crate::ingest::parse_json_line(line, "gen", i + 1, "gen").unwrap();
            assert!(
                crate::extract::dates::parse_iso_date(a.published.as_deref().unwrap()).is_some()
            );
            assert!(!a.text.contains('{'), "unfilled slot in {}", a.text);
            bytes += a.text.len();
        }
        // Wire copy: a few kilobytes per article on average.
        assert!((1500..5000).contains(&(bytes / 200)), "{}", bytes / 200);
    }

    #[test]
    fn unknown_slots_and_empty_lists_are_refused() {
        let bad = BUNDLED.replacen("{a} and {b} clash near {place}", "{a} meets {nobody}", 1);
        let e = Templates::parse("t.toml", &bad).err().unwrap().to_string();
        assert!(e.contains("unknown slot {nobody}"), "{e}");
        let bad = BUNDLED.replacen("sources = [", "sources = [] \nunused = [", 1);
        assert!(Templates::parse("t.toml", &bad).is_err());
    }

    #[test]
    fn generated_articles_feed_the_extractor() {
        let lex = crate::lexicon::Lexicon::bundled().unwrap();
        let ex = crate::extract::Extractor::new(&lex);
        let t = Templates::bundled();
        let (mut claims, mut events) = (0, 0);
        for i in 0..40 {
            let w = t.article(3, i);
            let line = serde_json::to_string(&w).unwrap();
            let a = crate::ingest::parse_json_line(&line, "gen", 1, "gen").unwrap();
            let x = ex.extract(&a);
            claims += x.claims.len();
            events += x.events.len();
        }
        assert!(
            claims > 100 && events > 100,
            "{claims} claims, {events} events"
        );
    }
}
