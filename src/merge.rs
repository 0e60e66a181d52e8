//! Cross-article event merge: reports of one event in several articles become one merged
//! event, written to a derived graph that every ingest rebuilds and that never changes a report.
//!
//! Two reports are of one event when they come from different articles, have the same type,
//! share an actor and contradict each other in no role, and are anchored alike: the same
//! place, or compatible dates ("2020-05" and "2020-05-18"). Clusters are the connected
//! groups of such pairs. The merge is reversible by construction: the per-article reports
//! stay as they were, each merged event lists them (`cg:report`), and dropping the derived
//! graph (or ingesting with `--no-merge`) takes every merge back.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use crate::clusters::Clusters;
use crate::graph::{cg, iri, vocab};
use crate::slug::short_hash;
use crate::store::{GraphStore, StoreError};

/// The derived graph holding merged events.
pub const MERGED_GRAPH: &str = "https://w3id.org/conflictgraph/graph/merged-events";

/// An IRI or a date, by its number in [`Reports`]' tables. A store of 100k articles holds
/// 1.5M reports; as numbers they take a tenth of the memory they take as terms.
type Id = u32;

/// One article's report of an event.
#[derive(Debug, Clone, Copy)]
struct Report {
    iri: Id,
    article: Id,
    kind: Id,
    agent: Option<Id>,
    target: Option<Id>,
    place: Option<Id>,
    /// A timestamp, in [`Reports::dates`].
    date: Option<Id>,
}

/// Every report, sorted by IRI, with the tables their numbers point into.
#[derive(Default)]
struct Reports {
    list: Vec<Report>,
    iris: Vec<Arc<str>>,
    iri_ids: HashMap<Arc<str>, Id>,
    dates: Vec<Literal>,
    date_ids: HashMap<Literal, Id>,
}

impl Reports {
    fn iri(&mut self, s: &str) -> Id {
        if let Some(&id) = self.iri_ids.get(s) {
            return id;
        }
        let id = Id::try_from(self.iris.len()).expect("fewer than 2^32 distinct IRIs");
        let s: Arc<str> = s.into();
        self.iris.push(s.clone());
        self.iri_ids.insert(s, id);
        id
    }

    fn date(&mut self, l: Literal) -> Id {
        if let Some(&id) = self.date_ids.get(&l) {
            return id;
        }
        let id = Id::try_from(self.dates.len()).expect("fewer than 2^32 distinct dates");
        self.dates.push(l.clone());
        self.date_ids.insert(l, id);
        id
    }

    fn node(&self, id: Id) -> NamedNode {
        NamedNode::new_unchecked(&*self.iris[id as usize])
    }

    fn date_text(&self, id: Id) -> &str {
        self.dates[id as usize].value()
    }

    /// Orders the reports by IRI, so clusters (rooted at their least member) and their IRIs
    /// do not depend on the order the store gave the reports in.
    fn sort(&mut self) {
        let iris = &self.iris;
        self.list
            .sort_by(|a, b| iris[a.iri as usize].cmp(&iris[b.iri as usize]));
    }
}

/// Whether two dates of different precision can be the same day ("2020-05" and "2020-05-18").
#[cfg(test)]
fn compatible_dates(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

fn same_or_missing(a: Option<Id>, b: Option<Id>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Whether `b`'s roles and place contradict none of `a`'s.
fn agree(a: &Report, b: &Report) -> bool {
    same_or_missing(a.agent, b.agent)
        && same_or_missing(a.target, b.target)
        && same_or_missing(a.place, b.place)
}

/// Whether `a` and `b` report one event (see the module documentation): the relation
/// [`join_same_events`] computes through its indexes, kept as the reference its test
/// compares with.
#[cfg(test)]
fn same_event(rs: &Reports, a: &Report, b: &Report) -> bool {
    if a.article == b.article || a.kind != b.kind {
        return false;
    }
    let shared = [a.agent, a.target]
        .into_iter()
        .flatten()
        .any(|x| b.agent == Some(x) || b.target == Some(x));
    let same_place = a.place.is_some() && a.place == b.place;
    let dates = match (a.date, b.date) {
        (Some(x), Some(y)) => Some(compatible_dates(rs.date_text(x), rs.date_text(y))),
        _ => None,
    };
    shared && agree(a, b) && dates != Some(false) && (same_place || dates == Some(true))
}

/// An agent, a target and a place, any of them missing.
type Roles = (Option<Id>, Option<Id>, Option<Id>);

/// The reports of one index bucket that share agent, target and place, by article.
struct Class {
    key: Report,
    by_article: BTreeMap<Id, Vec<usize>>,
    size: usize,
    joined: Joined,
}

/// How much of a class one member (the representative) is already joined with.
#[derive(Clone, Copy)]
enum Joined {
    Nothing,
    /// Every member but those of this article.
    AllBut(usize, Id),
    All(usize),
}

/// Reports that meet (share a type, an actor and an anchor), in classes: whether a report
/// is of one event with a member depends only on the member's class and article.
struct Bucket {
    classes: Vec<Class>,
}

impl Bucket {
    fn new(members: &[usize], rs: &Reports) -> Self {
        let mut classes: Vec<Class> = Vec::new();
        // (agent, target, place) → class.
        let mut index: HashMap<Roles, usize> = HashMap::new();
        for &i in members {
            let r = &rs.list[i];
            let c = *index
                .entry((r.agent, r.target, r.place))
                .or_insert_with(|| {
                    classes.push(Class {
                        key: *r,
                        by_article: BTreeMap::new(),
                        size: 0,
                        joined: Joined::Nothing,
                    });
                    classes.len() - 1
                });
            classes[c].by_article.entry(r.article).or_default().push(i);
            classes[c].size += 1;
        }
        Bucket { classes }
    }

    /// Joins report `i` with every member it agrees with outside its own article: the pairs
    /// `same_event` accepts, since every member shares its type, an actor and an anchor.
    /// Once a representative is joined with (nearly) a whole class, later reports join the
    /// representative instead of every member, which keeps a bucket of thousands of reports
    /// linear rather than quadratic.
    fn join(&mut self, i: usize, r: &Report, clusters: &mut Clusters) {
        for c in self.classes.iter_mut().filter(|c| agree(r, &c.key)) {
            let own = c.by_article.get(&r.article).map_or(0, Vec::len);
            if own == c.size {
                continue;
            }
            match c.joined {
                Joined::Nothing => {
                    for (_, members) in c.by_article.iter().filter(|(a, _)| **a != r.article) {
                        for &j in members {
                            clusters.join(i, j);
                        }
                    }
                    c.joined = if own == 0 {
                        Joined::All(i)
                    } else {
                        Joined::AllBut(i, r.article)
                    };
                }
                Joined::AllBut(rep, article) if article == r.article => clusters.join(i, rep),
                Joined::AllBut(rep, article) => {
                    let theirs = &c.by_article[&article];
                    for &j in theirs {
                        clusters.join(i, j);
                    }
                    // A member of neither article links `i` to the representative, and then
                    // the whole class is one cluster.
                    if c.size > own + theirs.len() {
                        clusters.join(i, rep);
                        c.joined = Joined::All(rep);
                    }
                }
                Joined::All(rep) => clusters.join(i, rep),
            }
        }
    }
}

/// Joins every pair of reports of one event. Comparing all reports that share a type and an
/// actor is quadratic, and at corpus scale one such group holds thousands of reports; but a
/// pair is anchored either by compatible dates or by one place with a report undated, so
/// two indexes give every candidate pair: (type, actor, date) and (type, actor, place).
fn join_same_events(rs: &Reports, clusters: &mut Clusters) {
    type Key<'r> = (Id, Id, &'r str);
    let mut by_date: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<(Id, Id, Id), Vec<usize>> = HashMap::new();
    for (i, r) in rs.list.iter().enumerate() {
        for a in [r.agent, r.target].into_iter().flatten() {
            if let Some(d) = r.date {
                by_date
                    .entry((r.kind, a, rs.date_text(d)))
                    .or_default()
                    .push(i);
            }
            if let Some(p) = r.place {
                by_place.entry((r.kind, a, p)).or_default().push(i);
            }
        }
    }
    let mut buckets: HashMap<Key, Bucket> = by_date
        .iter()
        .map(|(k, members)| (*k, Bucket::new(members, rs)))
        .collect();
    // Compatible dates: one is the other or a prefix of it ("2020-05" and "2020-05-18"), so
    // each date meets its own bucket and those of its month and year.
    for (i, r) in rs.list.iter().enumerate() {
        let Some(d) = r.date else { continue };
        let d = rs.date_text(d);
        let prefixes = [
            Some(d),
            d.get(..7).filter(|p| p.len() < d.len()),
            d.get(..4).filter(|p| p.len() < d.len()),
        ];
        for a in [r.agent, r.target].into_iter().flatten() {
            for p in prefixes.into_iter().flatten() {
                if let Some(b) = buckets.get_mut(&(r.kind, a, p)) {
                    b.join(i, r, clusters);
                }
            }
        }
    }
    // One place and an undated report: an undated report meets every report of its place.
    for members in by_place.values() {
        let mut bucket = Bucket::new(members, rs);
        for &i in members.iter().filter(|&&i| rs.list[i].date.is_none()) {
            bucket.join(i, &rs.list[i], clusters);
        }
    }
}

/// Reads every event report of the article graphs: one scan per property rather than one
/// lookup per report and property, which is what keeps this linear in the store's size.
fn reports(store: &GraphStore) -> Result<Reports, StoreError> {
    let s = store.inner();
    let sem = |n: &str| iri(vocab::SEM, n);
    let mut rs = Reports::default();
    // (graph, subject) → object of each quad with `predicate`, outside the merged graph, as
    // numbers: 1.5M reports' terms held as terms took gigabytes.
    let scan = |rs: &mut Reports,
                predicate: &NamedNode,
                dates: bool|
     -> Result<HashMap<(Id, Id), Id>, StoreError> {
        let mut out = HashMap::new();
        for q in s.quads_for_pattern(None, Some(predicate.as_ref()), None, None) {
            let q = q.map_err(|e| store.storage(e))?;
            if let (NamedOrBlankNode::NamedNode(subject), GraphName::NamedNode(graph)) =
                (q.subject, q.graph_name)
            {
                if graph.as_str() == MERGED_GRAPH {
                    continue;
                }
                let object = match q.object {
                    Term::NamedNode(n) if !dates => rs.iri(n.as_str()),
                    Term::Literal(l) if dates => rs.date(l),
                    _ => continue,
                };
                out.insert((rs.iri(graph.as_str()), rs.iri(subject.as_str())), object);
            }
        }
        Ok(out)
    };
    let kinds = scan(&mut rs, &sem("eventType"), false)?;
    let mut agents = scan(&mut rs, &cg("agent"), false)?;
    let mut targets = scan(&mut rs, &cg("target"), false)?;
    let mut places = scan(&mut rs, &sem("hasPlace"), false)?;
    let mut stamps = scan(&mut rs, &sem("hasTimeStamp"), true)?;
    for ((article, subject), kind) in kinds {
        let key = (article, subject);
        rs.list.push(Report {
            agent: agents.remove(&key),
            target: targets.remove(&key),
            place: places.remove(&key),
            date: stamps.remove(&key),
            kind,
            article,
            iri: subject,
        });
    }
    rs.sort();
    Ok(rs)
}

/// The merged events of `reports`: quads of the derived graph, and how many events they hold.
fn merged_quads(reports: &Reports) -> (Vec<Quad>, usize) {
    let mut clusters = Clusters::new(reports.list.len());
    join_same_events(reports, &mut clusters);
    let clusters = clusters.groups();
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(MERGED_GRAPH));
    let sem = |n: &str| iri(vocab::SEM, n);
    let mut out = Vec::new();
    let mut merged = 0;
    for members in clusters.values().filter(|m| m.len() > 1) {
        merged += 1;
        let rs: Vec<&Report> = members.iter().map(|&i| &reports.list[i]).collect();
        let ids: Vec<&str> = rs.iter().map(|r| &*reports.iris[r.iri as usize]).collect();
        let node =
            NamedNode::new_unchecked(format!("{}merged-{}", vocab::EVENT, short_hash(&ids, 16)));
        let mut add =
            |p: NamedNodeRef<'_>, o: Term| out.push(Quad::new(node.clone(), p, o, graph.clone()));
        add(rdf::TYPE, sem("Event").into());
        add(rdf::TYPE, cg("MergedEvent").into());
        add(sem("eventType").as_ref(), reports.node(rs[0].kind).into());
        // A role every report that fills it agrees on (pairs agree; a chain may not).
        let common = |f: fn(&Report) -> Option<Id>| -> Option<NamedNode> {
            let filled: BTreeSet<Id> = rs.iter().filter_map(|r| f(r)).collect();
            (filled.len() == 1).then(|| reports.node(*filled.first().expect("one")))
        };
        if let Some(a) = common(|r| r.agent) {
            add(cg("agent").as_ref(), a.into());
        }
        if let Some(t) = common(|r| r.target) {
            add(cg("target").as_ref(), t.into());
        }
        if let Some(p) = common(|r| r.place) {
            add(sem("hasPlace").as_ref(), p.into());
        }
        // The most precise date the reports give.
        let date = rs
            .iter()
            .filter_map(|r| r.date)
            .map(|d| &reports.dates[d as usize])
            .max_by_key(|d| (d.value().len(), d.value()));
        if let Some(d) = date {
            add(sem("hasTimeStamp").as_ref(), d.clone().into());
        }
        // As on every report: the date's precision, or an explicit "unknown".
        let precision = match date.map(|d| d.value().len()) {
            Some(10) => "day",
            Some(7) => "month",
            Some(_) => "year",
            None => "unknown",
        };
        add(
            cg("datePrecision").as_ref(),
            Literal::new_simple_literal(precision).into(),
        );
        add(
            cg("reports").as_ref(),
            Literal::new_typed_literal(rs.len().to_string(), xsd::INTEGER).into(),
        );
        for r in &rs {
            add(cg("report").as_ref(), reports.node(r.iri).into());
            // The articles, so listing them needs no lookup of each report's graph.
            add(
                iri(vocab::PROV, "wasDerivedFrom").as_ref(),
                reports.node(r.article).into(),
            );
        }
    }
    out.sort_by_cached_key(|q| q.to_string());
    out.dedup();
    (out, merged)
}

/// Rebuilds the derived graph of merged events from every article graph; returns how many
/// merged events it holds.
pub fn rebuild(store: &GraphStore) -> Result<usize, StoreError> {
    let (quads, merged) = merged_quads(&reports(store)?);
    let graph = NamedNode::new_unchecked(MERGED_GRAPH);
    // Into an empty graph (a new store) the bulk loader writes a large corpus's merges many
    // times faster than a transaction, and atomically too.
    if store.graph_is_empty(&graph)? {
        store.bulk_insert(quads)?;
    } else {
        store.replace_graph(&graph, &quads)?;
    }
    Ok(merged)
}

/// Takes every merge back: empties the derived graph.
pub fn clear(store: &GraphStore) -> Result<(), StoreError> {
    store.replace_graph(&NamedNode::new_unchecked(MERGED_GRAPH), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    /// Reports of one type from (iri, article, agent, target, place, date) rows.
    fn build(rows: &[Row]) -> Reports {
        let mut rs = Reports::default();
        let n = |s: &str| format!("https://example.org/{s}");
        for &(iri, article, agent, target, place, date) in rows {
            let report = Report {
                iri: rs.iri(&n(iri)),
                article: rs.iri(&n(article)),
                kind: rs.iri(&n("capture")),
                agent: agent.map(|x| rs.iri(&n(x))),
                target: target.map(|x| rs.iri(&n(x))),
                place: place.map(|x| rs.iri(&n(x))),
                date: date.map(|d| rs.date(Literal::new_simple_literal(d))),
            };
            rs.list.push(report);
        }
        rs.sort();
        rs
    }

    fn pair(a: Row, b: Row) -> bool {
        let rs = build(&[a, b]);
        same_event(&rs, &rs.list[0], &rs.list[1])
    }

    #[test]
    fn one_event_needs_a_shared_actor_an_anchor_and_no_contradiction() {
        let a = (
            "e1",
            "a1",
            Some("lna"),
            None,
            Some("asabaa"),
            Some("2020-06"),
        );
        assert!(
            pair(
                a,
                ("e2", "a2", Some("lna"), Some("gna"), Some("asabaa"), None)
            ),
            "same place"
        );
        assert!(
            pair(a, ("e2", "a2", Some("lna"), None, None, Some("2020-06-01"))),
            "compatible date"
        );
        assert!(
            !pair(a, ("e2", "a1", Some("lna"), None, Some("asabaa"), None)),
            "one article"
        );
        assert!(
            !pair(a, ("e2", "a2", Some("gna"), None, Some("asabaa"), None)),
            "other agent"
        );
        assert!(
            !pair(a, ("e2", "a2", Some("lna"), None, Some("gharyan"), None)),
            "other place"
        );
        assert!(
            !pair(
                a,
                (
                    "e2",
                    "a2",
                    Some("lna"),
                    None,
                    Some("asabaa"),
                    Some("2020-07-01")
                )
            ),
            "other month"
        );
        assert!(
            !pair(a, ("e2", "a2", Some("lna"), None, None, None)),
            "nothing anchors it"
        );
    }

    #[test]
    fn clusters_are_connected_reports_with_a_stable_iri() {
        let rs = build(&[
            (
                "e1",
                "a1",
                Some("lna"),
                None,
                Some("asabaa"),
                Some("2020-06"),
            ),
            (
                "e2",
                "a2",
                Some("lna"),
                Some("gna"),
                Some("asabaa"),
                Some("2020-06-01"),
            ),
            ("e3", "a3", None, Some("gna"), Some("asabaa"), None),
            ("e4", "a4", Some("rsf"), None, Some("asabaa"), None),
        ]);
        let (quads, merged_events) = merged_quads(&rs);
        let merged: BTreeSet<String> = quads.iter().map(|q| q.subject.to_string()).collect();
        assert_eq!(merged.len(), 1, "{quads:?}");
        assert_eq!(merged_events, 1);
        let reports: Vec<String> = quads
            .iter()
            .filter(|q| q.predicate.as_str().ends_with("#report"))
            .map(|q| q.object.to_string())
            .collect();
        assert_eq!(reports.len(), 3);
        assert!(quads
            .iter()
            .any(|q| q.predicate.as_str().ends_with("hasTimeStamp")
                && q.object.to_string().contains("2020-06-01")));
        assert_eq!(quads, merged_quads(&rs).0, "deterministic");
    }

    /// Two undated reports that contradict each other, each meeting the other article's
    /// member of a class that lies in their two articles only: two clusters, not one.
    #[test]
    fn a_class_in_two_articles_joins_each_report_with_the_other_article_only() {
        let rs = build(&[
            (
                "c1",
                "a1",
                Some("lna"),
                None,
                Some("sirte"),
                Some("2020-05-01"),
            ),
            (
                "c2",
                "a2",
                Some("lna"),
                None,
                Some("sirte"),
                Some("2020-06-01"),
            ),
            ("r1", "a1", Some("lna"), Some("gna"), Some("sirte"), None),
            ("r2", "a2", Some("lna"), Some("rsf"), Some("sirte"), None),
        ]);
        let mut clusters = Clusters::new(rs.list.len());
        join_same_events(&rs, &mut clusters);
        let groups: Vec<Vec<&str>> = clusters
            .groups()
            .into_values()
            .map(|m| {
                m.iter()
                    .map(|&i| &*rs.iris[rs.list[i].iri as usize])
                    .collect()
            })
            .collect();
        let short = |s: &str| s.rsplit('/').next().expect("a name").to_string();
        let groups: Vec<Vec<String>> = groups
            .iter()
            .map(|g| g.iter().map(|s| short(s)).collect())
            .collect();
        assert_eq!(groups, [vec!["c1", "r2"], vec!["c2", "r1"]]);
    }

    /// The indexes and the class shortcut must find exactly the clusters of comparing every
    /// pair, on crowded random reports (few actors, places, dates and articles).
    #[test]
    fn indexed_join_finds_the_clusters_of_every_pair() {
        let pick = |seed: &mut u64, options: &[Option<&'static str>]| {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            options[(*seed >> 33) as usize % options.len()]
        };
        for round in 0..40u64 {
            let mut seed = round;
            let names: Vec<String> = (0..120).map(|i| format!("e{i:03}")).collect();
            let articles = [Some("a1"), Some("a2"), Some("a3"), Some("a4"), Some("a5")];
            let actors = [None, Some("lna"), Some("gna"), Some("rsf")];
            let places = [None, None, Some("sirte"), Some("tripoli")];
            let dates = [
                None,
                Some("2020"),
                Some("2020-05"),
                Some("2020-05-18"),
                Some("2020-05-19"),
                Some("2020-06"),
                Some("2021"),
            ];
            let rows: Vec<Row> = names
                .iter()
                .map(|n| {
                    let article = pick(&mut seed, &articles).expect("an article");
                    let agent = pick(&mut seed, &actors);
                    let target = pick(&mut seed, &actors);
                    (
                        n.as_str(),
                        article,
                        agent,
                        target,
                        pick(&mut seed, &places),
                        pick(&mut seed, &dates),
                    )
                })
                .collect();
            let rs = build(&rows);
            let mut fast = Clusters::new(rs.list.len());
            join_same_events(&rs, &mut fast);
            let mut slow = Clusters::new(rs.list.len());
            for i in 0..rs.list.len() {
                for j in i + 1..rs.list.len() {
                    if same_event(&rs, &rs.list[i], &rs.list[j]) {
                        slow.join(i, j);
                    }
                }
            }
            let (fast, slow) = (fast.groups(), slow.groups());
            assert!(
                slow.values().any(|m| m.len() > 2),
                "round {round} has clusters to find"
            );
            assert_eq!(fast, slow, "round {round}");
        }
    }
}
