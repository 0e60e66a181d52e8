//! The who-backs-whom network: actors in a backs or opposes claim as nodes (by type), the
//! claims as edges weighted by their number of source articles; drawn as SVG (laid out here,
//! no Graphviz needed), or written as DOT and GraphML for Graphviz, Gephi and networkx.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::ExportError;
use crate::query;
use crate::store::GraphStore;

/// An actor in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub iri: String,
    pub label: String,
    /// Person, ArmedGroup, Government, State, InternationalOrganization, Company or Other.
    pub kind: String,
}

/// A backs or opposes claim between two actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// "backs" or "opposes" (symmetric; drawn without an arrow head).
    pub relation: &'static str,
    /// Distinct source articles.
    pub sources: usize,
    /// Kinds of support ("arms, air support"), for backs.
    pub kinds: String,
}

#[derive(Debug, Clone, Default)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Reads the network from the store's saved queries. Nodes are sorted by label (then IRI),
/// edges by relation, source and target, so every output is deterministic.
pub fn network(store: &GraphStore) -> Result<Network, ExportError> {
    let table = |name: &str| -> Result<(Vec<String>, Vec<Vec<String>>), ExportError> {
        let q = query::resolve(name, None)?;
        Ok(query::rows(store, &q.name, &q.text, &[])?)
    };
    let (h, actors) = table("actors")?;
    let col = |h: &[String], n: &str| h.iter().position(|x| x == n).expect("projected");
    let (ai, at, al) = (col(&h, "iri"), col(&h, "type"), col(&h, "actor"));
    let kinds: BTreeMap<&str, (&str, &str)> = actors
        .iter()
        .map(|r| (r[ai].as_str(), (r[al].as_str(), r[at].as_str())))
        .collect();

    let mut raw = Vec::new();
    let (h, backs) = table("who-backs-whom")?;
    let (f, t, s, k) = (
        col(&h, "backer_iri"),
        col(&h, "backed_iri"),
        col(&h, "sources"),
        col(&h, "kinds"),
    );
    for r in &backs {
        raw.push((
            r[f].clone(),
            r[t].clone(),
            "backs",
            r[s].parse().unwrap_or(0),
            r[k].clone(),
        ));
    }
    let (h, opposes) = table("opposes")?;
    let (f, t, s) = (col(&h, "a_iri"), col(&h, "b_iri"), col(&h, "sources"));
    for r in &opposes {
        raw.push((
            r[f].clone(),
            r[t].clone(),
            "opposes",
            r[s].parse().unwrap_or(0),
            String::new(),
        ));
    }

    let mut ids: BTreeMap<(String, String), String> = BTreeMap::new();
    for (a, b, ..) in &raw {
        for iri in [a, b] {
            let (label, _) = kinds
                .get(iri.as_str())
                .copied()
                .unwrap_or((iri.as_str(), "Other"));
            ids.insert((label.to_string(), iri.clone()), iri.clone());
        }
    }
    let nodes: Vec<Node> = ids
        .into_iter()
        .map(|((label, iri), _)| Node {
            kind: kinds.get(iri.as_str()).map_or("Other", |k| k.1).to_string(),
            iri,
            label,
        })
        .collect();
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.iri.as_str(), i))
        .collect();
    let mut edges: Vec<Edge> = raw
        .iter()
        .map(|(a, b, rel, sources, kinds)| Edge {
            from: index[a.as_str()],
            to: index[b.as_str()],
            relation: rel,
            sources: *sources,
            kinds: kinds.clone(),
        })
        .collect();
    edges.sort_by(|x, y| (x.relation, x.from, x.to).cmp(&(y.relation, y.from, y.to)));
    Ok(Network { nodes, edges })
}

/// Fill colour per actor type (a colour-blind-safe palette, Tableau 10).
fn colour(kind: &str) -> &'static str {
    match kind {
        "State" => "#4e79a7",
        "Government" => "#f28e2b",
        "ArmedGroup" => "#e15759",
        "Person" => "#76b7b2",
        "InternationalOrganization" => "#59a14f",
        "Company" => "#edc948",
        _ => "#bab0ac",
    }
}

const BACKS_COLOUR: &str = "#2e7d32";
const OPPOSES_COLOUR: &str = "#c62828";

fn edge_label(e: &Edge) -> String {
    let n = if e.sources == 1 {
        "1 source".to_string()
    } else {
        format!("{} sources", e.sources)
    };
    if e.kinds.is_empty() {
        n
    } else {
        format!("{}; {n}", e.kinds)
    }
}

fn dot_quote(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

/// Graphviz DOT: `dot -Tsvg` draws it; node ids are the actors' IRIs.
pub fn to_dot(net: &Network) -> String {
    let mut s = String::from("digraph conflictgraph {\n  graph [rankdir=TB, label=\"who backs whom (green) and who opposes whom (red, dashed); edge width = sources\"];\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
    for n in &net.nodes {
        let _ = writeln!(
            s,
            "  {} [label={}, fillcolor={}, type={}];",
            dot_quote(&n.iri),
            dot_quote(&n.label),
            dot_quote(colour(&n.kind)),
            dot_quote(&n.kind)
        );
    }
    for e in &net.edges {
        let (colour, extra) = if e.relation == "backs" {
            (BACKS_COLOUR, "")
        } else {
            (OPPOSES_COLOUR, ", style=dashed, dir=none")
        };
        let _ = writeln!(
            s,
            "  {} -> {} [relation={}, label={}, weight={}, penwidth={}, color={}{extra}];",
            dot_quote(&net.nodes[e.from].iri),
            dot_quote(&net.nodes[e.to].iri),
            dot_quote(e.relation),
            dot_quote(&edge_label(e)),
            e.sources,
            e.sources.min(6),
            dot_quote(colour),
        );
    }
    s.push_str("}\n");
    s
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids never come from our labels, but a label is user data.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// GraphML (directed; opposes edges carry `relation="opposes"` and should be read as
/// symmetric). Gephi reads `label` and `weight`; networkx reads every attribute.
pub fn to_graphml(net: &Network) -> String {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n",
        "  <key id=\"iri\" for=\"node\" attr.name=\"iri\" attr.type=\"string\"/>\n",
        "  <key id=\"color\" for=\"node\" attr.name=\"color\" attr.type=\"string\"/>\n",
        "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
        "  <key id=\"sources\" for=\"edge\" attr.name=\"sources\" attr.type=\"int\"/>\n",
        "  <key id=\"kinds\" for=\"edge\" attr.name=\"kinds\" attr.type=\"string\"/>\n",
        "  <graph id=\"conflictgraph\" edgedefault=\"directed\">\n",
    ));
    for n in &net.nodes {
        let _ = writeln!(
            s,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"type\">{}</data><data key=\"iri\">{}</data><data key=\"color\">{}</data></node>",
            xml_escape(&n.iri),
            xml_escape(&n.label),
            xml_escape(&n.kind),
            xml_escape(&n.iri),
            colour(&n.kind)
        );
    }
    for (i, e) in net.edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"relation\">{}</data><data key=\"weight\">{}</data><data key=\"sources\">{}</data><data key=\"kinds\">{}</data></edge>",
            xml_escape(&net.nodes[e.from].iri),
            xml_escape(&net.nodes[e.to].iri),
            e.relation,
            e.sources,
            e.sources,
            xml_escape(&e.kinds)
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// SVG, laid out in layers (backers above the backed) by the layout-rs crate.
pub fn to_svg(net: &Network) -> String {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::color::Color;
    use layout::core::style::{LineStyleKind, StyleAttr};
    use layout::std_shapes::render::get_shape_size;
    use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;

    // One font size throughout: the SVG writer lists font classes in hash order, and a
    // single class keeps the output byte-identical from run to run.
    const FONT: usize = 14;
    let paint = |c: &str| Color::from_name(c).unwrap_or(Color::new(0x000000ff));
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let handles: Vec<_> = net
        .nodes
        .iter()
        .map(|n| {
            let shape = if n.kind == "Person" {
                ShapeKind::new_circle(&n.label)
            } else {
                ShapeKind::new_box(&n.label)
            };
            let look = StyleAttr::new(
                paint("#333333"),
                1,
                Some(paint(colour(&n.kind))),
                if n.kind == "Person" { 0 } else { 8 },
                FONT,
            );
            let size = get_shape_size(Orientation::TopToBottom, &shape, FONT, false);
            vg.add_node(Element::create(shape, look, Orientation::TopToBottom, size))
        })
        .collect();
    for e in &net.edges {
        let backs = e.relation == "backs";
        let look = StyleAttr::new(
            paint(if backs { BACKS_COLOUR } else { OPPOSES_COLOUR }),
            e.sources.clamp(1, 6),
            None,
            0,
            FONT,
        );
        let arrow = Arrow::new(
            LineEndKind::None,
            if backs {
                LineEndKind::Arrow
            } else {
                LineEndKind::None
            },
            if backs {
                LineStyleKind::Normal
            } else {
                LineStyleKind::Dashed
            },
            "",
            &look,
            &None,
            &None,
        );
        vg.add_edge(arrow, handles[e.from], handles[e.to]);
    }
    let mut svg = SVGWriter::new();
    if net.nodes.is_empty() {
        return String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"40\"><text x=\"10\" y=\"25\" font-size=\"14\">no backs or opposes claims in the store</text></svg>\n");
    }
    vg.do_it(false, false, false, &mut svg);
    with_legend(&svg.finalize(), net)
}

/// Adds a legend under the drawing: the colour of each actor type present and the two edge
/// styles. The layout writer knows nothing of legends, so the canvas is grown here.
fn with_legend(svg: &str, net: &Network) -> String {
    let Some(start) = svg.find("<svg width=\"") else {
        return svg.to_string();
    };
    let end = start + svg[start..].find('>').unwrap_or(0);
    let number = |attr: &str| -> Option<f64> {
        let tag = &svg[start..end];
        let at = tag.find(&format!("{attr}=\""))? + attr.len() + 2;
        tag[at..].split('"').next()?.parse().ok()
    };
    let (Some(width), Some(height)) = (number("width"), number("height")) else {
        return svg.to_string();
    };
    let mut kinds: Vec<&str> = net.nodes.iter().map(|n| n.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    let mut legend = String::new();
    let top = height + 10.0;
    let mut x = 10.0;
    let text = |x: f64, y: f64, s: &str| {
        format!(
            "<text x=\"{x}\" y=\"{y}\" font-size=\"14\" font-family=\"Times, serif\">{}</text>\n",
            xml_escape(s)
        )
    };
    for k in &kinds {
        let label = match *k {
            "ArmedGroup" => "armed group",
            "InternationalOrganization" => "international organisation",
            other => other,
        };
        let _ = write!(legend, "<rect x=\"{x}\" y=\"{top}\" width=\"18\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"#333333\"/>\n", colour(k));
        legend.push_str(&text(x + 24.0, top + 12.0, &label.to_lowercase()));
        x += 40.0 + 9.0 * label.len() as f64;
    }
    let y = top + 34.0;
    let _ = write!(legend, "<line x1=\"10\" y1=\"{y}\" x2=\"50\" y2=\"{y}\" stroke=\"{BACKS_COLOUR}\" stroke-width=\"2\" marker-end=\"url(#endarrow)\"/>\n");
    legend.push_str(&text(58.0, y + 5.0, "backs"));
    let _ = write!(legend, "<line x1=\"120\" y1=\"{y}\" x2=\"160\" y2=\"{y}\" stroke=\"{OPPOSES_COLOUR}\" stroke-width=\"2\" stroke-dasharray=\"5,5\"/>\n");
    legend.push_str(&text(
        168.0,
        y + 5.0,
        "opposes; line width = number of source articles",
    ));
    let (w, h) = (width.max(x).max(520.0), height + 60.0);
    let head = format!("<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">");
    let body = svg[end + 1..]
        .trim_end()
        .strip_suffix("</svg>")
        .unwrap_or(&svg[end + 1..]);
    format!(
        "{}{head}{body}<g class=\"legend\">\n{legend}</g>\n</svg>\n",
        &svg[..start]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Network {
        Network {
            nodes: vec![
                Node {
                    iri: "https://x/a".into(),
                    label: "A & \"B\"".into(),
                    kind: "State".into(),
                },
                Node {
                    iri: "https://x/b".into(),
                    label: "Militia".into(),
                    kind: "ArmedGroup".into(),
                },
            ],
            edges: vec![Edge {
                from: 0,
                to: 1,
                relation: "backs",
                sources: 2,
                kinds: "arms".into(),
            }],
        }
    }

    #[test]
    fn dot_and_graphml_escape_labels() {
        let n = sample();
        assert!(
            to_dot(&n).contains(r#"label="A & \"B\"""#),
            "{}",
            to_dot(&n)
        );
        assert!(to_graphml(&n).contains("A &amp; &quot;B&quot;"));
    }

    #[test]
    fn svg_is_deterministic_and_names_every_actor() {
        let a = to_svg(&sample());
        assert_eq!(a, to_svg(&sample()));
        assert!(a.contains("Militia"), "{a}");
    }
}
