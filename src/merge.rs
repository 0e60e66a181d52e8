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
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

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
    let actors = |r: &Report| [&r.agent, &r.target].into_iter().flatten().cloned().collect::<BTreeSet<NamedNode>>();
    let shared = actors(a).intersection(&actors(b)).count() > 0;
    let roles_agree = same_or_missing(&a.agent, &b.agent) && same_or_missing(&a.target, &b.target);
    let places_agree = same_or_missing(&a.place, &b.place);
    let same_place = a.place.is_some() && a.place == b.place;
    let dates = match (&a.date, &b.date) {
        (Some(x), Some(y)) => Some(compatible_dates(x.value(), y.value())),
        _ => None,
    };
    shared && roles_agree && places_agree && dates != Some(false) && (same_place || dates == Some(true))
}

/// Reads every event report of the article graphs.
fn reports(store: &GraphStore) -> Result<Vec<Report>, StoreError> {
    let s = store.inner();
    let sem = |n: &str| iri(vocab::SEM, n);
    let (event_type, place, stamp, agent, target) = (sem("eventType"), sem("hasPlace"), sem("hasTimeStamp"), cg("agent"), cg("target"));
    let merged = NamedNode::new_unchecked(MERGED_GRAPH);
    let mut out = Vec::new();
    for q in s.quads_for_pattern(None, Some(event_type.as_ref()), None, None) {
        let q = q.map_err(|e| store.storage(e))?;
        let (NamedOrBlankNode::NamedNode(iri), Term::NamedNode(kind), GraphName::NamedNode(article)) = (&q.subject, &q.object, &q.graph_name) else { continue };
        if *article == merged {
            continue;
        }
        let graph = GraphNameRef::NamedNode(article.as_ref());
        let one = |p: &NamedNode| -> Result<Option<Term>, StoreError> {
            match s.quads_for_pattern(Some(iri.as_ref().into()), Some(p.as_ref()), None, Some(graph)).next() {
                Some(q) => Ok(Some(q.map_err(|e| store.storage(e))?.object)),
                None => Ok(None),
            }
        };
        let node = |t: Option<Term>| match t {
            Some(Term::NamedNode(n)) => Some(n),
            _ => None,
        };
        let date = match one(&stamp)? {
            Some(Term::Literal(l)) => Some(l),
            _ => None,
        };
        out.push(Report {
            iri: iri.clone(),
            article: article.clone(),
            kind: kind.clone(),
            agent: node(one(&agent)?),
            target: node(one(&target)?),
            place: node(one(&place)?),
            date,
        });
    }
    out.sort_by(|a, b| a.iri.as_str().cmp(b.iri.as_str()));
    Ok(out)
}

/// The merged events of `reports`: quads of the derived graph, and how many events they hold.
fn merged_quads(reports: &[Report]) -> (Vec<Quad>, usize) {
    // Only reports sharing a type and an actor can meet: index them so.
    let mut by_key: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        for a in [&r.agent, &r.target].into_iter().flatten() {
            by_key.entry((r.kind.as_str(), a.as_str())).or_default().push(i);
        }
    }
    let mut clusters = Clusters::new(reports.len());
    let mut keys: Vec<_> = by_key.keys().copied().collect();
    keys.sort();
    for k in keys {
        let group = &by_key[&k];
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                if same_event(&reports[i], &reports[j]) {
                    clusters.join(i, j);
                }
            }
        }
    }
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
        }
    }
    out.sort_by_cached_key(|q| q.to_string());
    (out, merged)
}

/// Rebuilds the derived graph of merged events from every article graph; returns how many
/// merged events it holds.
pub fn rebuild(store: &GraphStore) -> Result<usize, StoreError> {
    let (quads, merged) = merged_quads(&reports(store)?);
    store.replace_graph(&NamedNode::new_unchecked(MERGED_GRAPH), &quads)?;
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
