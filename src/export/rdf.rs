//! RDF serialisations of the store: Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML, and
//! an RDF 1.2 Turtle whose claims are reified triples written with annotation syntax.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term, Triple};

use super::ExportError;
use crate::graph::PREFIXES;

/// RDF formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Turtle,
    TriG,
    NQuads,
    NTriples,
    JsonLd,
    RdfXml,
}

impl ExportFormat {
    /// Formats that keep named graphs (one per article); the others write each triple once.
    pub fn is_dataset(self) -> bool {
        matches!(self, Self::TriG | Self::NQuads | Self::JsonLd)
    }
}

/// What to export and how.
#[derive(Debug, Clone)]
pub struct RdfOptions {
    pub format: ExportFormat,
    /// Only this named graph (an article's graph, the ontology or the merged events).
    pub graph: Option<NamedNode>,
    /// Claims as RDF 1.2 reified triples (`rdf:reifies`, annotation syntax) instead of RDF 1.1
    /// reification (`rdf:Statement`). Turtle only.
    pub rdf12: bool,
}

/// The order statements are written in: by graph, then subject, each subject's types first
/// ("actor:iran a cg:State ; …"), then predicate and object. Also the identity of a statement.
type OrderKey = (String, String, bool, String, String);

fn order_key(graph: &GraphName, s: &NamedOrBlankNode, p: &NamedNode, o: &Term) -> OrderKey {
    (
        graph.to_string(),
        s.to_string(),
        p.as_ref() != rdf::TYPE,
        p.to_string(),
        o.to_string(),
    )
}

fn triple_key(t: &Triple) -> OrderKey {
    order_key(
        &GraphName::DefaultGraph,
        &t.subject,
        &t.predicate,
        &t.object,
    )
}

/// Writes the store (or one graph of it). Output is sorted, so equal stores give
/// byte-identical files. Returns the number of statements written: quads for dataset
/// formats, triples otherwise (for RDF 1.2, the triples an RDF 1.2 parser reads back).
pub fn export_rdf(
    quads: Vec<Quad>,
    opts: &RdfOptions,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    if opts.rdf12 && opts.format != ExportFormat::Turtle {
        return Err(ExportError::Options(
            "--rdf12 writes Turtle only: pass --format turtle".into(),
        ));
    }
    if opts.format.is_dataset() {
        let mut quads = quads;
        quads.sort_by_cached_key(|q| order_key(&q.graph_name, &q.subject, &q.predicate, &q.object));
        quads.dedup();
        return match opts.format {
            ExportFormat::JsonLd => write_jsonld(&quads, out),
            _ => {
                let mut w = serializer(opts.format)?.for_writer(out);
                for q in &quads {
                    w.serialize_quad(q)?;
                }
                w.finish()?;
                Ok(quads.len())
            }
        };
    }
    let triples: BTreeMap<OrderKey, Triple> = quads
        .into_iter()
        .map(|q| Triple::new(q.subject, q.predicate, q.object))
        .map(|t| (triple_key(&t), t))
        .collect();
    let triples: Vec<Triple> = triples.into_values().collect();
    if opts.rdf12 {
        return write_turtle12(triples, out);
    }
    let mut w = serializer(opts.format)?.for_writer(out);
    for t in &triples {
        w.serialize_quad(QuadRef::new(
            &t.subject,
            &t.predicate,
            &t.object,
            &GraphName::DefaultGraph,
        ))?;
    }
    w.finish()?;
    Ok(triples.len())
}

fn serializer(format: ExportFormat) -> Result<RdfSerializer, ExportError> {
    let mut ser = RdfSerializer::from_format(match format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::TriG => RdfFormat::TriG,
        ExportFormat::NQuads => RdfFormat::NQuads,
        ExportFormat::NTriples => RdfFormat::NTriples,
        ExportFormat::RdfXml => RdfFormat::RdfXml,
        ExportFormat::JsonLd => unreachable!("JSON-LD has its own writer"),
    });
    if matches!(
        format,
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::RdfXml
    ) {
        for (p, ns) in PREFIXES {
            ser = ser
                .with_prefix(*p, *ns)
                .map_err(|e| ExportError::Options(e.to_string()))?;
        }
    }
    Ok(ser)
}

/// `prefix:local` for an IRI in one of our namespaces when the local part is a plain name
/// that Turtle and JSON-LD both read back unchanged; the full IRI otherwise.
fn compact(iri: &str) -> Option<String> {
    PREFIXES
        .iter()
        .filter_map(|(p, ns)| iri.strip_prefix(ns).map(|local| (p, local)))
        .min_by_key(|(_, l)| l.len())
        .and_then(|(p, local)| {
            let plain = !local.is_empty()
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && local.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            plain.then(|| format!("{p}:{local}"))
        })
}

fn turtle_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => compact(n.as_str()).unwrap_or_else(|| n.to_string()),
        Term::Literal(l) if l.datatype() != xsd::STRING && l.language().is_none() => {
            // N-Triples spelling, with the datatype compacted.
            let dt = l.datatype();
            let lexical = oxigraph::model::Literal::new_simple_literal(l.value()).to_string();
            format!(
                "{lexical}^^{}",
                compact(dt.as_str()).unwrap_or_else(|| dt.to_string())
            )
        }
        other => other.to_string(),
    }
}

/// RDF 1.2 Turtle. Every claim node `C` with `rdf:subject S ; rdf:predicate P ; rdf:object O`
/// becomes `S P O ~ C {| … |}` (the triple asserted and reified by C) when the export asserts
/// S P O, else `<< S P O ~ C >> …` (reified only). Everything else is written as in the RDF 1.1
/// Turtle export.
fn write_turtle12(triples: Vec<Triple>, out: &mut dyn Write) -> Result<usize, ExportError> {
    let statement: Term = NamedNode::from(rdf::STATEMENT).into();
    // Keyed by the node's N-Triples form: terms are not Ord.
    let mut parts: BTreeMap<String, (NamedOrBlankNode, [Option<Term>; 3])> = BTreeMap::new();
    for t in &triples {
        let slot = match t.predicate.as_ref() {
            p if p == rdf::SUBJECT => 0,
            p if p == rdf::PREDICATE => 1,
            p if p == rdf::OBJECT => 2,
            _ => continue,
        };
        parts
            .entry(t.subject.to_string())
            .or_insert_with(|| (t.subject.clone(), Default::default()))
            .1[slot] = Some(t.object.clone());
    }
    // A claim has exactly its three parts, with an IRI as predicate.
    let claims: BTreeMap<String, (NamedOrBlankNode, Triple)> = parts
        .into_iter()
        .filter_map(|(key, (c, [s, p, o]))| {
            let s = match s? {
                Term::NamedNode(n) => NamedOrBlankNode::from(n),
                Term::BlankNode(b) => b.into(),
                _ => return None,
            };
            let Term::NamedNode(p) = p? else { return None };
            Some((key, (c, Triple::new(s, p, o?))))
        })
        .collect();
    let asserted: BTreeSet<OrderKey> = triples.iter().map(triple_key).collect();
    // Claim triples that are asserted are written in annotation syntax, not among the rest.
    let annotated: BTreeSet<OrderKey> = claims
        .values()
        .map(|(_, c)| triple_key(c))
        .filter(|k| asserted.contains(k))
        .collect();
    let mut rest = Vec::new();
    let mut about: BTreeMap<String, Vec<Triple>> = BTreeMap::new();
    for t in triples {
        let subject = t.subject.to_string();
        if claims.contains_key(&subject) {
            let p = t.predicate.as_ref();
            let reification = p == rdf::SUBJECT
                || p == rdf::PREDICATE
                || p == rdf::OBJECT
                || (p == rdf::TYPE && t.object == statement);
            if !reification {
                about.entry(subject).or_default().push(t);
            }
        } else if !annotated.contains(&triple_key(&t)) {
            rest.push(t);
        }
    }
    writeln!(out, "# RDF 1.2 Turtle: each claim is a reifier of its triple (rdf:reifies), written with annotation")?;
    writeln!(out, "# syntax. It needs an RDF 1.2 parser (pyoxigraph 0.5, Jena 5); the default export is RDF 1.1.")?;
    writeln!(out, "VERSION \"1.2\"")?;
    let mut w = serializer(ExportFormat::Turtle)?.for_writer(&mut *out);
    let mut n = 0;
    for t in &rest {
        w.serialize_quad(QuadRef::new(
            &t.subject,
            &t.predicate,
            &t.object,
            &GraphName::DefaultGraph,
        ))?;
        n += 1;
    }
    w.finish()?;
    writeln!(out, "\n# Claims.")?;
    for (key, (c, t)) in &claims {
        let triple = format!(
            "{} {} {}",
            turtle_term(&t.subject.clone().into()),
            turtle_term(&t.predicate.clone().into()),
            turtle_term(&t.object)
        );
        let reifier = turtle_term(&c.clone().into());
        let props: Vec<String> = about
            .get(key)
            .map(|ts| {
                let mut by_pred: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for t in ts {
                    let p = if t.predicate.as_ref() == rdf::TYPE {
                        "a".to_string()
                    } else {
                        turtle_term(&t.predicate.clone().into())
                    };
                    by_pred.entry(p).or_default().push(turtle_term(&t.object));
                }
                by_pred
                    .into_iter()
                    .map(|(p, os)| format!("{p} {}", os.join(" , ")))
                    .collect()
            })
            .unwrap_or_default();
        // rdf:reifies, the claim's own statements, and the asserted triple when annotated.
        n += 1 + about.get(key).map_or(0, Vec::len);
        if annotated.contains(&triple_key(t)) {
            n += 1;
            if props.is_empty() {
                writeln!(out, "{triple} ~ {} .", reifier)?;
            } else {
                writeln!(
                    out,
                    "{triple} ~ {} {{| {} |}} .",
                    reifier,
                    props.join(" ; ")
                )?;
            }
        } else if props.is_empty() {
            writeln!(out, "<< {triple} ~ {} >> .", reifier)?;
        } else {
            writeln!(out, "<< {triple} ~ {} >> {} .", reifier, props.join(" ; "))?;
        }
    }
    Ok(n)
}

/// JSON-LD 1.1: one object per named graph (`@id`, `@graph`), nodes sorted by IRI, IRIs
/// compacted with the same prefixes as Turtle (declared in `@context`), literal values kept
/// with their exact lexical form and datatype, so the document reads back to the same quads.
fn write_jsonld(quads: &[Quad], out: &mut dyn Write) -> Result<usize, ExportError> {
    use serde_json::{json, Map, Value};
    let id = |iri: &str| Value::String(compact(iri).unwrap_or_else(|| iri.to_string()));
    let node_id = |s: &NamedOrBlankNode| match s {
        NamedOrBlankNode::NamedNode(n) => id(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => Value::String(format!("_:{}", b.as_str())),
    };
    let value = |t: &Term| -> Value {
        match t {
            Term::NamedNode(n) => json!({ "@id": id(n.as_str()) }),
            Term::BlankNode(b) => json!({ "@id": format!("_:{}", b.as_str()) }),
            Term::Literal(l) => match l.language() {
                Some(lang) => json!({ "@value": l.value(), "@language": lang }),
                None if l.datatype() == xsd::STRING => json!({ "@value": l.value() }),
                None => json!({ "@value": l.value(), "@type": id(l.datatype().as_str()) }),
            },
            #[allow(unreachable_patterns)]
            _ => Value::Null,
        }
    };
    // graph → subject → predicate → objects, all already sorted.
    let mut graphs: BTreeMap<String, (Value, BTreeMap<String, (Value, Map<String, Value>)>)> =
        BTreeMap::new();
    for q in quads {
        let (g_key, g_id) = match &q.graph_name {
            GraphName::NamedNode(n) => (n.as_str().to_string(), id(n.as_str())),
            GraphName::BlankNode(b) => (
                format!("_:{}", b.as_str()),
                Value::String(format!("_:{}", b.as_str())),
            ),
            GraphName::DefaultGraph => (String::new(), Value::Null),
        };
        let nodes = &mut graphs
            .entry(g_key)
            .or_insert_with(|| (g_id, BTreeMap::new()))
            .1;
        let node = nodes
            .entry(q.subject.to_string())
            .or_insert_with(|| (node_id(&q.subject), Map::new()));
        let (key, v) = if let (true, Term::NamedNode(n)) =
            (q.predicate.as_ref() == rdf::TYPE, &q.object)
        {
            ("@type".to_string(), id(n.as_str()))
        } else {
            (
                compact(q.predicate.as_str()).unwrap_or_else(|| q.predicate.as_str().to_string()),
                value(&q.object),
            )
        };
        match node
            .1
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(a) => a.push(v),
            _ => unreachable!("every key holds an array"),
        }
    }
    let context: Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, ns)| (p.to_string(), Value::String(ns.to_string())))
        .collect();
    let mut top = Vec::new();
    for (key, (g_id, nodes)) in graphs {
        let nodes: Vec<Value> = nodes
            .into_values()
            .map(|(nid, props)| {
                let mut m = Map::new();
                m.insert("@id".into(), nid);
                m.extend(props);
                Value::Object(m)
            })
            .collect();
        if key.is_empty() {
            top.extend(nodes);
        } else {
            top.push(json!({ "@id": g_id, "@graph": nodes }));
        }
    }
    let doc = json!({ "@context": context, "@graph": top });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(quads.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::vocab;

    #[test]
    fn compact_names_only_when_they_read_back() {
        assert_eq!(
            compact(&format!("{}backs", vocab::CG)).as_deref(),
            Some("cg:backs")
        );
        assert_eq!(compact(&format!("{}x#quote", vocab::EVIDENCE)), None);
        assert_eq!(compact("https://example.org/x"), None);
        assert_eq!(compact(vocab::ACTOR), None);
    }
}
