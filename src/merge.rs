//! Cross-article event merge: reports of one event in several articles become one merged
//! event, written to a derived graph that every ingest rebuilds and that never changes a report.
//!
//! Two reports are of one event when they come from different articles, have the same type,
//! share an actor and contradict each other in no role, and are anchored alike: the same
//! place, or compatible dates ("2020-05" and "2020-05-18"). Clusters are the connected
//! groups of such pairs. The merge is reversible by construction: the per-article reports
//! stay as they were, each merged event lists them (`cg:report`), and dropping the derived
//! graph (or ingesting with `--no-merge`) takes every merge back.

use std::collections::{BTreeSet, HashMap};

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use crate::clusters::Clusters;
use crate::graph::{cg, iri, vocab};
use crate::slug::short_hash;
use crate::store::{GraphStore, StoreError};

/// The derived graph holding merged events.
pub const MERGED_GRAPH: &str = "https://w3id.org/conflictgraph/graph/merged-events";

/// One article's report of an event.
#[derive(Debug, Clone)]
struct Report {
    iri: NamedNode,
    article: NamedNode,
    kind: NamedNode,
    agent: Option<NamedNode>,
    target: Option<NamedNode>,
    place: Option<NamedNode>,
    /// The timestamp literal and its lexical form.
    date: Option<Literal>,
}

/// Whether two dates of different precision can be the same day ("2020-05" and "2020-05-18").
fn compatible_dates(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

fn same_or_missing(a: &Option<NamedNode>, b: &Option<NamedNode>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Whether `a` and `b` report one event (see the module documentation).
fn same_event(a: &Report, b: &Report) -> bool {
    if a.article == b.article || a.kind != b.kind {
        return false;
    }
    let shared = [&a.agent, &a.target].into_iter().flatten().any(|x| b.agent.as_ref() == Some(x) || b.target.as_ref() == Some(x));
    let roles_agree = same_or_missing(&a.agent, &b.agent) && same_or_missing(&a.target, &b.target);
    let places_agree = same_or_missing(&a.place, &b.place);
    let same_place = a.place.is_some() && a.place == b.place;
    let dates = match (&a.date, &b.date) {
        (Some(x), Some(y)) => Some(compatible_dates(x.value(), y.value())),
        _ => None,
    };
    shared && roles_agree && places_agree && dates != Some(false) && (same_place || dates == Some(true))
}

/// Joins every pair of reports of one event. Comparing all reports that share a type and an
/// actor is quadratic, and at corpus scale one such group holds thousands of reports; but a
/// pair is anchored either by compatible dates or by one place with a report undated, so
/// two indexes give every candidate pair: (type, actor, date) and (type, actor, place).
fn join_same_events(reports: &[Report], clusters: &mut Clusters) {
    type Key<'r> = (&'r str, &'r str, &'r str);
    let mut by_date: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        for a in [&r.agent, &r.target].into_iter().flatten() {
            if let Some(d) = &r.date {
                by_date.entry((r.kind.as_str(), a.as_str(), d.value())).or_default().push(i);
            }
            if let Some(p) = &r.place {
                by_place.entry((r.kind.as_str(), a.as_str(), p.as_str())).or_default().push(i);
            }
        }
    }
    // Compatible dates: one is the other or a prefix of it ("2020-05" and "2020-05-18"), so
    // each date meets its own bucket and those of its month and year.
    for (i, r) in reports.iter().enumerate() {
        let Some(d) = &r.date else { continue };
        let d = d.value();
        let prefixes = [Some(d), d.get(..7).filter(|p| p.len() < d.len()), d.get(..4).filter(|p| p.len() < d.len())];
        for a in [&r.agent, &r.target].into_iter().flatten() {
            for p in prefixes.into_iter().flatten() {
                for &j in by_date.get(&(r.kind.as_str(), a.as_str(), p)).into_iter().flatten() {
                    if same_event(r, &reports[j]) {
                        clusters.join(i, j);
                    }
                }
            }
        }
    }
    // One place and an undated report: an undated report meets every report of its place.
    // Undated reports with the same article and roles there meet exactly the same reports,
    // so the first is compared with all and the others join the first one it met.
    let mut keys: Vec<&Key> = by_place.keys().collect();
    keys.sort();
    for key in keys {
        let members = &by_place[key];
        let mut met: HashMap<(&str, Option<&str>, Option<&str>), Option<usize>> = HashMap::new();
        for &i in members.iter().filter(|&&i| reports[i].date.is_none()) {
            let r = &reports[i];
            let signature = (r.article.as_str(), r.agent.as_ref().map(NamedNode::as_str), r.target.as_ref().map(NamedNode::as_str));
            match met.get(&signature) {
                Some(Some(j)) => clusters.join(i, *j),
                Some(None) => {}
                None => {
                    let mut first = None;
                    for &j in members {
                        if same_event(r, &reports[j]) {
                            clusters.join(i, j);
                            first.get_or_insert(j);
                        }
                    }
                    met.insert(signature, first);
                }
            }
        }
    }
}

/// Reads every event report of the article graphs: one scan per property rather than one
/// lookup per report and property, which is what keeps this linear in the store's size.
fn reports(store: &GraphStore) -> Result<Vec<Report>, StoreError> {
    let s = store.inner();
    let sem = |n: &str| iri(vocab::SEM, n);
    let merged = NamedNode::new_unchecked(MERGED_GRAPH);
    // (graph, subject) → object of each quad with `predicate`, outside the merged graph.
    let scan = |predicate: &NamedNode| -> Result<HashMap<(NamedNode, NamedNode), Term>, StoreError> {
        let mut out = HashMap::new();
        for q in s.quads_for_pattern(None, Some(predicate.as_ref()), None, None) {
            let q = q.map_err(|e| store.storage(e))?;
            if let (NamedOrBlankNode::NamedNode(subject), GraphName::NamedNode(graph)) = (q.subject, q.graph_name) {
                if graph != merged {
                    out.insert((graph, subject), q.object);
                }
            }
        }
        Ok(out)
    };
    let mut agents = scan(&cg("agent"))?;
    let mut targets = scan(&cg("target"))?;
    let mut places = scan(&sem("hasPlace"))?;
    let mut stamps = scan(&sem("hasTimeStamp"))?;
    let node = |t: Option<Term>| match t {
        Some(Term::NamedNode(n)) => Some(n),
        _ => None,
    };
    let mut out = Vec::new();
    for ((article, iri), kind) in scan(&sem("eventType"))? {
        let Term::NamedNode(kind) = kind else { continue };
        let key = (article, iri);
        let date = match stamps.remove(&key) {
            Some(Term::Literal(l)) => Some(l),
            _ => None,
        };
        out.push(Report {
            agent: node(agents.remove(&key)),
            target: node(targets.remove(&key)),
            place: node(places.remove(&key)),
            date,
            kind,
            article: key.0,
            iri: key.1,
        });
    }
    out.sort_by(|a, b| a.iri.as_str().cmp(b.iri.as_str()));
    Ok(out)
}

/// The merged events of `reports`: quads of the derived graph, and how many events they hold.
fn merged_quads(reports: &[Report]) -> (Vec<Quad>, usize) {
    let mut clusters = Clusters::new(reports.len());
    join_same_events(reports, &mut clusters);
    let clusters = clusters.groups();
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(MERGED_GRAPH));
    let sem = |n: &str| iri(vocab::SEM, n);
    let mut out = Vec::new();
    let mut merged = 0;
    for members in clusters.values().filter(|m| m.len() > 1) {
        merged += 1;
        let rs: Vec<&Report> = members.iter().map(|&i| &reports[i]).collect();
        let ids: Vec<&str> = rs.iter().map(|r| r.iri.as_str()).collect();
        let node = NamedNode::new_unchecked(format!("{}merged-{}", vocab::EVENT, short_hash(&ids, 16)));
        let mut add = |p: NamedNodeRef<'_>, o: Term| out.push(Quad::new(node.clone(), p, o, graph.clone()));
        add(rdf::TYPE, sem("Event").into());
        add(rdf::TYPE, cg("MergedEvent").into());
        add(sem("eventType").as_ref(), rs[0].kind.clone().into());
        // A role every report that fills it agrees on (pairs agree; a chain may not).
        let common = |f: fn(&Report) -> &Option<NamedNode>| -> Option<NamedNode> {
            let filled: BTreeSet<&NamedNode> = rs.iter().filter_map(|r| f(r).as_ref()).collect();
            (filled.len() == 1).then(|| (*filled.iter().next().expect("one")).clone())
        };
        if let Some(a) = common(|r| &r.agent) {
            add(cg("agent").as_ref(), a.into());
        }
        if let Some(t) = common(|r| &r.target) {
            add(cg("target").as_ref(), t.into());
        }
        if let Some(p) = common(|r| &r.place) {
            add(sem("hasPlace").as_ref(), p.into());
        }
        // The most precise date the reports give.
        let date = rs.iter().filter_map(|r| r.date.as_ref()).max_by_key(|d| (d.value().len(), d.value().to_string()));
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
        add(cg("datePrecision").as_ref(), Literal::new_simple_literal(precision).into());
        add(cg("reports").as_ref(), Literal::new_typed_literal(rs.len().to_string(), xsd::INTEGER).into());
        for r in &rs {
            add(cg("report").as_ref(), r.iri.clone().into());
            // The articles, so listing them needs no lookup of each report's graph.
            add(iri(vocab::PROV, "wasDerivedFrom").as_ref(), r.article.clone().into());
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

    fn n(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://example.org/{s}"))
    }

    fn report(iri: &str, article: &str, agent: Option<&str>, target: Option<&str>, place: Option<&str>, date: Option<&str>) -> Report {
        Report {
            iri: n(iri),
            article: n(article),
            kind: n("capture"),
            agent: agent.map(n),
            target: target.map(n),
            place: place.map(n),
            date: date.map(|d| Literal::new_simple_literal(d)),
        }
    }

    #[test]
    fn one_event_needs_a_shared_actor_an_anchor_and_no_contradiction() {
        let a = report("e1", "a1", Some("lna"), None, Some("asabaa"), Some("2020-06"));
        assert!(same_event(&a, &report("e2", "a2", Some("lna"), Some("gna"), Some("asabaa"), None)), "same place");
        assert!(same_event(&a, &report("e2", "a2", Some("lna"), None, None, Some("2020-06-01"))), "compatible date");
        assert!(!same_event(&a, &report("e2", "a1", Some("lna"), None, Some("asabaa"), None)), "one article");
        assert!(!same_event(&a, &report("e2", "a2", Some("gna"), None, Some("asabaa"), None)), "other agent");
        assert!(!same_event(&a, &report("e2", "a2", Some("lna"), None, Some("gharyan"), None)), "other place");
        assert!(!same_event(&a, &report("e2", "a2", Some("lna"), None, Some("asabaa"), Some("2020-07-01"))), "other month");
        assert!(!same_event(&a, &report("e2", "a2", Some("lna"), None, None, None)), "nothing anchors it");
    }

    #[test]
    fn clusters_are_connected_reports_with_a_stable_iri() {
        let rs = vec![
            report("e1", "a1", Some("lna"), None, Some("asabaa"), Some("2020-06")),
            report("e2", "a2", Some("lna"), Some("gna"), Some("asabaa"), Some("2020-06-01")),
            report("e3", "a3", None, Some("gna"), Some("asabaa"), None),
            report("e4", "a4", Some("rsf"), None, Some("asabaa"), None),
        ];
        let (quads, merged_events) = merged_quads(&rs);
        let merged: BTreeSet<String> = quads.iter().map(|q| q.subject.to_string()).collect();
        assert_eq!(merged.len(), 1, "{quads:?}");
        assert_eq!(merged_events, 1);
        let reports: Vec<String> = quads.iter().filter(|q| q.predicate.as_str().ends_with("#report")).map(|q| q.object.to_string()).collect();
        assert_eq!(reports.len(), 3);
        assert!(quads.iter().any(|q| q.predicate.as_str().ends_with("hasTimeStamp") && q.object.to_string().contains("2020-06-01")));
        assert_eq!(quads, merged_quads(&rs).0, "deterministic");
    }
}
