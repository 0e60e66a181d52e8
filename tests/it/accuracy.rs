//! Extraction accuracy on the team's own gold set (tests/accuracy): precision and recall per
//! kind through the public CLI, failing below measured floors.
//!
//! The scoring follows the sample corpus's scorer: each article is ingested alone into a
//! fresh store, the saved queries are run as CSV, and predicted labels are mapped onto gold
//! entities through the gold aliases and the aliases the tool itself reports.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::support::{cg, query_csv, root};

/// Floors per kind: (precision, recall). Set a little under what was measured on the 40
/// articles (see the closing note of the real-news issue); raise them when the extractor
/// improves.
const FLOORS: [(&str, f64, f64); 6] = [
    ("actors", 0.91, 0.87),
    ("backs", 0.88, 0.49),
    ("opposes", 0.75, 0.31),
    ("roles", 0.82, 0.50),
    ("locations", 0.83, 0.82),
    ("events", 0.43, 0.45),
];

fn norm(s: &str) -> String {
    let s: String = s
        .nfkd()
        .filter(char::is_ascii)
        .collect::<String>()
        .to_lowercase()
        .replace('’', "'");
    let s = regex::Regex::new(r"'s\b")
        .unwrap()
        .replace_all(&s, "")
        .to_string();
    let s = s.replace('-', " ").replace('.', "");
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '+' || *c == ' ')
        .collect();
    let s = s.trim();
    let s = s.strip_prefix("the ").unwrap_or(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

type Rows = Vec<HashMap<String, String>>;

fn rows(store: &Path, name: &str) -> Rows {
    let mut all = query_csv(store, &[name]).into_iter();
    let head: Vec<String> = all
        .next()
        .unwrap_or_default()
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    all.map(|r| head.iter().cloned().zip(r).collect()).collect()
}

fn get<'r>(row: &'r HashMap<String, String>, names: &[&str]) -> &'r str {
    names
        .iter()
        .find_map(|n| row.get(*n))
        .map(String::as_str)
        .unwrap_or("")
}

struct Mapper {
    to_gold: HashMap<String, String>,
    predicted: HashMap<String, String>,
}

impl Mapper {
    fn new(gold: &Value, kinds: &[&str]) -> Self {
        let mut to_gold = HashMap::new();
        for k in kinds {
            for a in gold[k].as_array().into_iter().flatten() {
                let name = a["name"].as_str().unwrap();
                let aliases = a["aliases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str);
                for s in std::iter::once(name).chain(aliases) {
                    to_gold.entry(norm(s)).or_insert_with(|| norm(name));
                }
            }
        }
        Mapper {
            to_gold,
            predicted: HashMap::new(),
        }
    }

    /// Learns the tool's own aliases from the `actors` query.
    fn learn(&mut self, actors: &Rows) {
        for r in actors {
            let label = get(r, &["actor", "name"]);
            let aliases = get(r, &["aliases"]);
            let names = std::iter::once(label).chain(
                aliases
                    .split(['|', ';'])
                    .map(str::trim)
                    .filter(|a| !a.is_empty()),
            );
            for n in names {
                if let Some(g) = self.to_gold.get(&norm(n)) {
                    self.predicted.insert(norm(label), g.clone());
                    break;
                }
            }
        }
    }

    fn map(&self, label: &str) -> String {
        let n = norm(label);
        self.to_gold
            .get(&n)
            .or_else(|| self.predicted.get(&n))
            .cloned()
            .unwrap_or_else(|| format!("?{n}"))
    }
}

#[derive(Default, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Count {
    fn sets<T: Ord + Clone>(pred: &BTreeSet<T>, gold: &BTreeSet<T>) -> Count {
        Count {
            tp: pred.intersection(gold).count(),
            fp: pred.difference(gold).count(),
            fn_: gold.difference(pred).count(),
        }
    }
    fn add(&mut self, o: Count) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn p(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn r(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn event_type(label: &str) -> &'static str {
    const TYPES: [(&str, &str); 31] = [
        ("attack", "attack"),
        ("assault", "attack"),
        ("airstrike", "attack"),
        ("strike", "attack"),
        ("shell", "attack"),
        ("fight", "attack"),
        ("battle", "attack"),
        ("capture", "capture"),
        ("seize", "capture"),
        ("occupy", "capture"),
        ("offensive", "offensive"),
        ("siege", "offensive"),
        ("ceasefire", "ceasefire"),
        ("truce", "ceasefire"),
        ("talk", "talks"),
        ("negotiat", "talks"),
        ("consult", "talks"),
        ("meet", "talks"),
        ("agree", "agreement"),
        ("accord", "agreement"),
        ("arms", "arms_transfer"),
        ("weapon", "arms_transfer"),
        ("deploy", "deployment"),
        ("mobiliz", "deployment"),
        ("resign", "resignation"),
        ("retreat", "resignation"),
        ("kill", "killing"),
        ("statement", "statement"),
        ("accuse", "statement"),
        ("reject", "statement"),
        ("request", "statement"),
    ];
    let n = norm(label).replace(' ', "");
    TYPES
        .iter()
        .find(|(k, _)| n.contains(k))
        .map_or("other", |(_, v)| v)
}

fn compatible(gold: &str, pred: &str) -> bool {
    let group: &[&str] = match gold {
        "talks" | "agreement" | "ceasefire" => &["talks", "agreement", "ceasefire"],
        "arms_transfer" | "deployment" => &["arms_transfer", "deployment"],
        "capture" => &["capture", "attack"],
        "attack" => &["attack", "capture", "offensive"],
        "offensive" => &["offensive", "attack"],
        _ => &[],
    };
    gold == pred || group.contains(&pred)
}

fn score(gold: &Value, articles: &Path) -> BTreeMap<&'static str, Count> {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    cg(&store)
        .arg("ingest")
        .arg(articles.join(gold["doc"].as_str().unwrap()))
        .assert()
        .success();
    let mut m = Mapper::new(gold, &["actors", "locations"]);
    let actors = rows(&store, "actors");
    m.learn(&actors);
    let list = |k: &str| gold[k].as_array().cloned().unwrap_or_default();
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    // A commander or leader stands for the force he leads in backs and opposes.
    let kinds: HashMap<String, String> = list("actors")
        .iter()
        .map(|a| (norm(&s(&a["name"])), s(&a["type"])))
        .collect();
    let mut equiv: HashMap<String, String> = HashMap::new();
    for r in list("roles") {
        let of = norm(&s(&r["of"]));
        if ["commander", "leader"].contains(&r["role"].as_str().unwrap_or(""))
            && ["ArmedGroup", "Government"].contains(&kinds.get(&of).map_or("", String::as_str))
        {
            equiv.insert(norm(&s(&r["person"])), of);
        }
    }
    let roles = rows(&store, "roles");
    for r in &roles {
        if ["commander", "leader"].contains(&get(r, &["role"]).to_lowercase().as_str())
            && !get(r, &["of", "organization"]).is_empty()
        {
            equiv
                .entry(m.map(get(r, &["person"])))
                .or_insert_with(|| m.map(get(r, &["of", "organization"])));
        }
    }
    let canon = |a: String| equiv.get(&a).cloned().unwrap_or(a);
    let mut out = BTreeMap::new();

    let found: BTreeSet<String> = actors
        .iter()
        .map(|r| m.map(get(r, &["actor", "name"])))
        .collect();
    let gold_actors: BTreeSet<String> = list("actors")
        .iter()
        .map(|a| norm(&s(&a["name"])))
        .collect();
    out.insert(
        "actors",
        Count {
            tp: found.intersection(&gold_actors).count(),
            fp: found.iter().filter(|f| f.starts_with('?')).count(),
            fn_: gold_actors.difference(&found).count(),
        },
    );

    let pred: BTreeSet<(String, String)> = rows(&store, "who-backs-whom")
        .iter()
        .map(|r| {
            (
                canon(m.map(get(r, &["backer"]))),
                canon(m.map(get(r, &["backed"]))),
            )
        })
        .collect();
    let gold_b: BTreeSet<(String, String)> = list("backs")
        .iter()
        .map(|b| (canon(norm(&s(&b["backer"]))), canon(norm(&s(&b["backed"])))))
        .collect();
    out.insert("backs", Count::sets(&pred, &gold_b));

    let pair = |a: String, b: String| if a <= b { (a, b) } else { (b, a) };
    let pred: BTreeSet<(String, String)> = rows(&store, "opposes")
        .iter()
        .map(|r| {
            pair(
                canon(m.map(get(r, &["a", "actor"]))),
                canon(m.map(get(r, &["b", "opponent"]))),
            )
        })
        .collect();
    let gold_o: BTreeSet<(String, String)> = list("opposes")
        .iter()
        .map(|o| pair(canon(norm(&s(&o["a"]))), canon(norm(&s(&o["b"])))))
        .collect();
    out.insert("opposes", Count::sets(&pred, &gold_o));

    let pred: BTreeSet<(String, String)> = roles
        .iter()
        .filter(|r| !get(r, &["of", "organization"]).is_empty())
        .map(|r| {
            (
                m.map(get(r, &["person"])),
                m.map(get(r, &["of", "organization"])),
            )
        })
        .collect();
    let gold_r: BTreeSet<(String, String)> = list("roles")
        .iter()
        .filter(|r| !s(&r["of"]).is_empty())
        .map(|r| (norm(&s(&r["person"])), norm(&s(&r["of"]))))
        .collect();
    out.insert("roles", Count::sets(&pred, &gold_r));

    let mut ml = Mapper::new(gold, &["locations", "actors"]);
    ml.predicted = m.predicted.clone();
    let pred: BTreeSet<String> = rows(&store, "locations")
        .iter()
        .map(|r| ml.map(get(r, &["location", "place", "name"])))
        .collect();
    let gold_l: BTreeSet<String> = list("locations")
        .iter()
        .map(|l| norm(&s(&l["name"])))
        .collect();
    out.insert(
        "locations",
        Count {
            tp: pred.intersection(&gold_l).count(),
            fp: pred.iter().filter(|p| p.starts_with('?')).count(),
            fn_: gold_l.difference(&pred).count(),
        },
    );

    // Events: greedy match on a compatible type anchored by the same place or agent.
    let preds: Vec<(&str, Option<String>, Option<String>)> = rows(&store, "events")
        .iter()
        .map(|r| {
            let opt = |k: &str, m: &Mapper| r.get(k).filter(|v| !v.is_empty()).map(|v| m.map(v));
            (
                event_type(get(r, &["type"])),
                opt("agent", &m),
                opt("location", &ml),
            )
        })
        .collect();
    let (mut used, mut tp) = (BTreeSet::new(), 0);
    let gold_events = list("events");
    for g in &gold_events {
        let gt = g["type"].as_str().unwrap_or("other");
        let ga = g["agent"].as_str().map(|a| canon(norm(a)));
        let gl = g["location"].as_str().map(norm);
        let hit = preds.iter().enumerate().position(|(i, (pt, pa, pl))| {
            if used.contains(&i) || !compatible(gt, pt) {
                return false;
            }
            let pa = pa.clone().map(canon);
            if gl.is_some() && pl.is_some() && pl != &gl {
                return false;
            }
            if ga.is_some() && pa.is_some() && pa != ga {
                return false;
            }
            (gl.is_some() && pl == &gl)
                || (ga.is_some() && pa == ga)
                || (gl.is_none() && ga.is_none())
        });
        if let Some(i) = hit {
            used.insert(i);
            tp += 1;
        }
    }
    out.insert(
        "events",
        Count {
            tp,
            fp: preds.len() - used.len(),
            fn_: gold_events.len() - tp,
        },
    );
    out
}

#[test]
fn extraction_meets_the_floors_on_the_team_gold_set() {
    let base = root().join("tests/accuracy");
    let mut files: Vec<_> = std::fs::read_dir(base.join("gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut totals: BTreeMap<&str, Count> = BTreeMap::new();
    for f in &files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for (k, c) in score(&gold, &base.join("articles")) {
            totals.entry(k).or_default().add(c);
        }
    }
    let mut report = String::new();
    for (k, c) in &totals {
        report.push_str(&format!(
            "{k:10} P={:.3} R={:.3} (tp={} fp={} fn={})\n",
            c.p(),
            c.r(),
            c.tp,
            c.fp,
            c.fn_
        ));
    }
    eprintln!("{report}");
    assert!(
        files.len() >= 40,
        "the gold set has {} articles, expected at least 40",
        files.len()
    );
    for (kind, p, r) in FLOORS {
        let c = totals[kind];
        assert!(
            c.p() >= p && c.r() >= r,
            "{kind} fell below its floor (P {p}, R {r}):\n{report}"
        );
    }
}
