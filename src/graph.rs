//! Maps an article's extraction to RDF quads in the article's own named graph.
//!
//! The model (see ontology/conflictgraph.ttl and ARCHITECTURE.md): each relation is a
//! `cg:Claim` (rdf:subject/predicate/object; IRI = hash of the triple, so the same claim
//! from five articles is one node) with one `cg:Evidence` per supporting sentence, plus the
//! plain derived triple. Events carry evidence the same way. IRIs depend only on content.

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::extract::{EntityInfo, Extraction, Relation};
use crate::ingest::Article;
use crate::lexicon::{ActorType, Kind, Lexicon, PlaceType};
use crate::slug::{short_hash, slugify};

/// IRIs of the vocabularies used, as prefix → namespace (also used for Turtle output).
pub const PREFIXES: &[(&str, &str)] = &[
    ("cg", vocab::CG),
    ("actor", vocab::ACTOR),
    ("place", vocab::PLACE),
    ("event", vocab::EVENT),
    ("etype", vocab::EVENT_TYPE),
    ("claim", vocab::CLAIM),
    ("evidence", vocab::EVIDENCE),
    ("article", vocab::ARTICLE),
    ("kind", vocab::SUPPORT_KIND),
    ("post", vocab::POST),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("sem", vocab::SEM),
    ("prov", vocab::PROV),
    ("oa", vocab::OA),
    ("schema", vocab::SCHEMA),
    ("org", vocab::ORG),
    ("geo", vocab::GEO),
    ("skos", vocab::SKOS),
    ("dcterms", vocab::DCTERMS),
    ("wd", vocab::WD),
];

/// Namespace IRIs. They mirror ontology/conflictgraph.ttl; a test checks they agree.
pub mod vocab {
    pub const CG: &str = "https://w3id.org/conflictgraph/ontology#";
    pub const ACTOR: &str = "https://w3id.org/conflictgraph/actor/";
    pub const PLACE: &str = "https://w3id.org/conflictgraph/place/";
    pub const EVENT: &str = "https://w3id.org/conflictgraph/event/";
    pub const EVENT_TYPE: &str = "https://w3id.org/conflictgraph/event-type/";
    pub const CLAIM: &str = "https://w3id.org/conflictgraph/claim/";
    pub const EVIDENCE: &str = "https://w3id.org/conflictgraph/evidence/";
    pub const ARTICLE: &str = "https://w3id.org/conflictgraph/article/";
    pub const SUPPORT_KIND: &str = "https://w3id.org/conflictgraph/support-kind/";
    pub const POST: &str = "https://w3id.org/conflictgraph/post/";
    /// The named graph holding the ontology and event-type scheme.
    pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/conflictgraph/graph/ontology";
    pub const SEM: &str = "http://semanticweb.cs.vu.nl/2009/11/sem/";
    pub const PROV: &str = "http://www.w3.org/ns/prov#";
    pub const OA: &str = "http://www.w3.org/ns/oa#";
    pub const SCHEMA: &str = "http://schema.org/";
    pub const ORG: &str = "http://www.w3.org/ns/org#";
    pub const GEO: &str = "http://www.opengis.net/ont/geosparql#";
    pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
    pub const DCTERMS: &str = "http://purl.org/dc/terms/";
    pub const WD: &str = "http://www.wikidata.org/entity/";
}

pub(crate) fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

pub(crate) fn cg(local: &str) -> NamedNode {
    iri(vocab::CG, local)
}

/// The IRI of an article (and of its named graph).
pub fn article_iri(id: &str) -> NamedNode {
    let slug = slugify(id);
    // Ids that do not survive slugging unchanged get a hash, so two ids never share a graph.
    // So does an id that reads like a hashed one ("x-y-0123abcd" or twelve hex digits):
    // written as it is, it would take the graph of the id it was hashed from ("x y").
    let local = if slug.is_empty() {
        short_hash(&[id], 12)
    } else if slug == id && !looks_hashed(&slug) {
        slug
    } else {
        format!("{slug}-{}", short_hash(&[id], 8))
    };
    iri(vocab::ARTICLE, &local)
}

/// Whether an article IRI's local name has the shape `article_iri` gives hashed ids.
fn looks_hashed(local: &str) -> bool {
    let hex = |s: &str, n: usize| {
        s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    hex(local, 12) || local.rsplit_once('-').is_some_and(|(_, tail)| hex(tail, 8))
}

/// Whether `iri` is an article's (and its named graph's) IRI.
pub fn is_article_iri(iri: &str) -> bool {
    iri.starts_with(vocab::ARTICLE)
}

/// The IRI of an entity: places and actors have their own namespaces.
pub fn entity_iri(e: &EntityInfo) -> NamedNode {
    entity_iri_for(e.kind, &e.key)
}

fn entity_iri_for(kind: Kind, key: &str) -> NamedNode {
    match kind {
        Kind::Place(_) => iri(vocab::PLACE, key),
        Kind::Actor(_) => iri(vocab::ACTOR, key),
    }
}

/// The property used for a relation.
pub fn relation_iri(r: &Relation) -> NamedNode {
    match r {
        Relation::Backs => cg("backs"),
        Relation::Opposes => cg("opposes"),
        Relation::Role(role) => cg(&format!("{role}Of")),
    }
}

/// The org:Role individual for a role ("spokesperson" → cg:Spokesperson).
fn role_class(role: &str) -> String {
    let mut c = role.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn actor_classes(t: ActorType) -> Vec<NamedNode> {
    let (own, std) = match t {
        ActorType::Person => ("Person", "Person"),
        ActorType::ArmedGroup => ("ArmedGroup", "Organization"),
        ActorType::Government => ("Government", "GovernmentOrganization"),
        ActorType::State => ("State", "Country"),
        ActorType::InternationalOrganization => ("InternationalOrganization", "Organization"),
        ActorType::Company => ("Company", "Organization"),
        ActorType::Other => ("OtherActor", "Organization"),
    };
    let mut v = vec![cg(own), iri(vocab::SCHEMA, std), iri(vocab::SEM, "Actor")];
    if t == ActorType::State {
        v.push(iri(vocab::SEM, "Place"));
    }
    v
}

fn place_classes(t: PlaceType) -> Vec<NamedNode> {
    let std = match t {
        PlaceType::City => "City",
        PlaceType::Country => "Country",
        _ => "Place",
    };
    vec![
        cg(t.name()),
        iri(vocab::SCHEMA, std),
        iri(vocab::SEM, "Place"),
    ]
}

/// Collects the quads of one article's graph.
struct Out {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Out {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }
}

fn lit(s: &str) -> Literal {
    Literal::new_simple_literal(s)
}

fn typed(s: impl Into<String>, dt: oxigraph::model::NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(s, dt)
}

/// Maps one article and what was extracted from it to the quads of its named graph.
/// The quads are sorted and free of duplicates, so output never depends on map order.
pub fn article_quads(article: &Article, ex: &Extraction, lex: &Lexicon) -> Vec<Quad> {
    let a = article_iri(&article.id);
    let mut out = Out {
        graph: GraphName::NamedNode(a.clone()),
        quads: Vec::new(),
    };
    out.add(
        a.clone(),
        rdf::TYPE.into(),
        iri(vocab::SCHEMA, "NewsArticle"),
    );
    out.add(a.clone(), rdf::TYPE.into(), iri(vocab::PROV, "Entity"));
    out.add(
        a.clone(),
        iri(vocab::DCTERMS, "identifier"),
        lit(&article.id),
    );
    if let Some(t) = &article.title {
        out.add(a.clone(), iri(vocab::DCTERMS, "title"), lit(t));
    }
    if let Some(p) = ex.published {
        out.add(
            a.clone(),
            iri(vocab::DCTERMS, "issued"),
            typed(p.to_string(), xsd::DATE),
        );
    }
    if let Some(from) = ex.published_from {
        out.add(a.clone(), cg("dateSource"), lit(from));
    }
    if let Some(s) = &article.source {
        out.add(a.clone(), iri(vocab::DCTERMS, "publisher"), lit(s));
    }
    if let Some(u) = &article.url {
        match NamedNode::new(u.clone()) {
            Ok(n) => out.add(a.clone(), iri(vocab::SCHEMA, "url"), n),
            Err(_) => out.add(
                a.clone(),
                iri(vocab::SCHEMA, "url"),
                typed(u.clone(), xsd::ANY_URI),
            ),
        }
    }

    // Entities, with their labels, types, countries and coordinates.
    let mut described = std::collections::BTreeSet::new();
    let referenced: std::collections::BTreeSet<usize> = ex
        .claims
        .iter()
        .flat_map(|c| [c.subject, c.object])
        .chain(
            ex.events
                .iter()
                .flat_map(|e| [e.agent, e.target, e.place].into_iter().flatten()),
        )
        .collect();
    for (i, e) in ex.entities.iter().enumerate() {
        // Names that lost to a longer or lexicon mention everywhere leave no trace.
        if e.mentions == 0 && !referenced.contains(&i) {
            continue;
        }
        describe_entity(
            &mut out,
            e.kind,
            &e.key,
            &e.name,
            e.lexicon,
            lex,
            &mut described,
        );
        let node = entity_iri(e);
        if let (None, Some(base)) = (e.lexicon, e.part_of) {
            describe_part(&mut out, &node, base, lex, &mut described);
        }
        for s in e.surfaces.keys() {
            if s != &e.name {
                out.add(node.clone(), iri(vocab::SKOS, "altLabel"), lit(s));
            }
        }
        if e.lexicon.is_none() {
            out.add(node.clone(), cg("foundBy"), lit(&e.found_by));
        }
        if e.mentions > 0 {
            let app = NamedNode::new_unchecked(format!("{}#{}", a.as_str(), e.key));
            out.add(app.clone(), rdf::TYPE.into(), cg("Appearance"));
            out.add(app.clone(), cg("entity"), node.clone());
            out.add(app.clone(), cg("article"), a.clone());
            out.add(
                app.clone(),
                cg("mentions"),
                typed(e.mentions.to_string(), xsd::INTEGER),
            );
            // Every other form the article used for the entity, and the rule that tied it:
            // the record a user reviews to find (and undo) a wrong merge.
            for (form, how) in e.surfaces.iter().filter(|(f, _)| *f != &e.name) {
                let n = NamedNode::new_unchecked(format!(
                    "{}-form-{}",
                    app.as_str(),
                    short_hash(&[form], 12)
                ));
                out.add(app.clone(), cg("nameForm"), n.clone());
                out.add(n.clone(), rdf::TYPE.into(), cg("NameForm"));
                out.add(n.clone(), cg("form"), lit(form));
                out.add(n, cg("matchedBy"), lit(how));
            }
        }
    }

    // Claims and their evidence.
    for c in &ex.claims {
        let (mut s, mut o) = (
            entity_iri(&ex.entities[c.subject]),
            entity_iri(&ex.entities[c.object]),
        );
        // Opposition is symmetric: one claim per pair, whichever side the sentence named first.
        if c.relation == Relation::Opposes && s.as_str() > o.as_str() {
            std::mem::swap(&mut s, &mut o);
        }
        let p = relation_iri(&c.relation);
        let claim = iri(
            vocab::CLAIM,
            &short_hash(&[s.as_str(), p.as_str(), o.as_str()], 16),
        );
        out.add(claim.clone(), rdf::TYPE.into(), cg("Claim"));
        out.add(
            claim.clone(),
            rdf::TYPE.into(),
            NamedNode::from(rdf::STATEMENT),
        );
        out.add(claim.clone(), rdf::SUBJECT.into(), s.clone());
        out.add(claim.clone(), rdf::PREDICATE.into(), p.clone());
        out.add(claim.clone(), rdf::OBJECT.into(), o.clone());
        out.add(s.clone(), p.clone(), o.clone());
        if let Relation::Role(role) = &c.relation {
            if lex.patterns.role(role).is_some_and(|d| d.heads) {
                out.add(s.clone(), iri(vocab::ORG, "headOf"), o.clone());
            } else {
                // Spokespersons, envoys and ministers hold a post in the organisation (W3C ORG).
                let post = iri(
                    vocab::POST,
                    &short_hash(&[s.as_str(), role, o.as_str()], 16),
                );
                out.add(post.clone(), rdf::TYPE.into(), iri(vocab::ORG, "Post"));
                out.add(post.clone(), iri(vocab::ORG, "postIn"), o.clone());
                out.add(post.clone(), iri(vocab::ORG, "heldBy"), s.clone());
                out.add(post.clone(), iri(vocab::ORG, "role"), cg(&role_class(role)));
                out.add(s.clone(), iri(vocab::ORG, "holds"), post);
                out.add(s.clone(), iri(vocab::ORG, "memberOf"), o.clone());
            }
        }
        let ev = evidence(&mut out, &a, &claim, ex, &c.evidence);
        for k in &c.kinds {
            out.add(
                ev.clone(),
                cg("supportKind"),
                iri(vocab::SUPPORT_KIND, &slugify(k)),
            );
        }
    }

    // Events.
    for (i, e) in ex.events.iter().enumerate() {
        let sentence = &ex.sentences[e.evidence.sentence];
        // A second event of a type in one sentence ("X drove Y out; Y retook ground") gets its own IRI.
        let nth = ex.events[..i]
            .iter()
            .filter(|o| o.evidence.sentence == e.evidence.sentence && o.kind == e.kind)
            .count();
        let mut key = vec![
            article.id.clone(),
            sentence.char_start.to_string(),
            e.kind.clone(),
        ];
        if nth > 0 {
            key.push(nth.to_string());
        }
        let node = iri(
            vocab::EVENT,
            &short_hash(&key.iter().map(String::as_str).collect::<Vec<_>>(), 16),
        );
        out.add(node.clone(), rdf::TYPE.into(), iri(vocab::SEM, "Event"));
        out.add(
            node.clone(),
            iri(vocab::SEM, "eventType"),
            iri(vocab::EVENT_TYPE, &e.kind),
        );
        out.add(node.clone(), cg("trigger"), lit(&e.trigger));
        for (role, who) in [("agent", e.agent), ("target", e.target)] {
            if let Some(w) = who {
                let n = entity_iri(&ex.entities[w]);
                out.add(node.clone(), cg(role), n.clone());
                out.add(node.clone(), iri(vocab::SEM, "hasActor"), n);
            }
        }
        if let Some(p) = e.place {
            out.add(
                node.clone(),
                iri(vocab::SEM, "hasPlace"),
                entity_iri(&ex.entities[p]),
            );
        }
        match &e.date {
            Some(d) => {
                let dt = match d.value.precision() {
                    "day" => xsd::DATE,
                    "month" => xsd::G_YEAR_MONTH,
                    _ => xsd::G_YEAR,
                };
                out.add(
                    node.clone(),
                    iri(vocab::SEM, "hasTimeStamp"),
                    typed(d.value.to_string(), dt),
                );
                out.add(node.clone(), cg("datePrecision"), lit(d.value.precision()));
                out.add(node.clone(), cg("datePhrase"), lit(&d.phrase));
            }
            None => out.add(node.clone(), cg("datePrecision"), lit("unknown")),
        }
        evidence(&mut out, &a, &node, ex, &e.evidence);
    }
    // The article's own totals, so listing articles reads two quads instead of counting.
    let (claim, event) = (cg("Claim"), iri(vocab::SEM, "Event"));
    let typed_as = |class: &NamedNode| {
        let subjects: std::collections::HashSet<&NamedOrBlankNode> = out
            .quads
            .iter()
            .filter(|q| q.predicate == rdf::TYPE && q.object == Term::NamedNode(class.clone()))
            .map(|q| &q.subject)
            .collect();
        subjects.len()
    };
    let (claims, events) = (typed_as(&claim), typed_as(&event));
    out.add(
        a.clone(),
        cg("claimCount"),
        typed(claims.to_string(), xsd::INTEGER),
    );
    out.add(
        a.clone(),
        cg("eventCount"),
        typed(events.to_string(), xsd::INTEGER),
    );
    let mut quads = out.quads;
    quads.sort_by_cached_key(|q| q.to_string());
    quads.dedup();
    quads
}

fn evidence(
    out: &mut Out,
    article: &NamedNode,
    target: &NamedNode,
    ex: &Extraction,
    ev: &crate::extract::Evidence,
) -> NamedNode {
    let s = &ex.sentences[ev.sentence];
    let node = iri(
        vocab::EVIDENCE,
        &short_hash(
            &[
                target.as_str(),
                article.as_str(),
                &s.char_start.to_string(),
                &ev.rule,
            ],
            16,
        ),
    );
    out.add(node.clone(), rdf::TYPE.into(), cg("Evidence"));
    out.add(node.clone(), cg("supports"), target.clone());
    out.add(
        node.clone(),
        iri(vocab::PROV, "wasDerivedFrom"),
        article.clone(),
    );
    out.add(node.clone(), cg("rule"), lit(&ev.rule));
    out.add(
        node.clone(),
        cg("confidence"),
        typed(format!("{:.2}", ev.confidence), xsd::DECIMAL),
    );
    out.add(
        node.clone(),
        cg("stance"),
        cg(match ev.stance {
            crate::extract::Stance::Asserted => "Asserted",
            crate::extract::Stance::Alleged => "Alleged",
            crate::extract::Stance::Denied => "Denied",
        }),
    );
    let quote = NamedNode::new_unchecked(format!("{}#quote", node.as_str()));
    let pos = NamedNode::new_unchecked(format!("{}#position", node.as_str()));
    out.add(node.clone(), iri(vocab::OA, "hasSelector"), quote.clone());
    out.add(node.clone(), iri(vocab::OA, "hasSelector"), pos.clone());
    out.add(
        quote.clone(),
        rdf::TYPE.into(),
        iri(vocab::OA, "TextQuoteSelector"),
    );
    out.add(quote, iri(vocab::OA, "exact"), lit(&s.text));
    out.add(
        pos.clone(),
        rdf::TYPE.into(),
        iri(vocab::OA, "TextPositionSelector"),
    );
    // xsd:integer, not Web Annotation's xsd:nonNegativeInteger: Oxigraph stores integer
    // subtypes as xsd:integer, so that is what every export says anyway.
    out.add(
        pos.clone(),
        iri(vocab::OA, "start"),
        typed(s.char_start.to_string(), xsd::INTEGER),
    );
    out.add(
        pos,
        iri(vocab::OA, "end"),
        typed(s.char_end.to_string(), xsd::INTEGER),
    );
    node
}

/// Writes an entity's type, labels, lexicon aliases, country and coordinates, and describes
/// the country it lies in (once per graph) so every label a query needs is in the graph.
fn describe_entity(
    out: &mut Out,
    kind: Kind,
    key: &str,
    name: &str,
    lexicon: Option<usize>,
    lex: &Lexicon,
    described: &mut std::collections::BTreeSet<String>,
) {
    let node = entity_iri_for(kind, key);
    if !described.insert(node.as_str().to_string()) {
        return;
    }
    let classes = match kind {
        Kind::Actor(t) => actor_classes(t),
        Kind::Place(t) => place_classes(t),
    };
    for c in classes {
        out.add(node.clone(), rdf::TYPE.into(), c);
    }
    out.add(node.clone(), rdfs::LABEL.into(), lit(name));
    out.add(node.clone(), iri(vocab::SKOS, "prefLabel"), lit(name));
    let Some(i) = lexicon else { return };
    let e = &lex.entities[i];
    for alias in e.aliases.iter().chain(&e.adjectives) {
        out.add(node.clone(), iri(vocab::SKOS, "altLabel"), lit(alias));
    }
    if let Some(q) = &e.wikidata {
        out.add(
            node.clone(),
            iri("http://www.w3.org/2002/07/owl#", "sameAs"),
            iri(vocab::WD, q),
        );
    }
    if let (Some(lat), Some(lon)) = (e.lat, e.lon) {
        add_point(out, &node, lat, lon);
    }
    if let Some(code) = &e.country {
        if let Some(&si) = lex.states_by_code.get(code) {
            let state = &lex.entities[si];
            if si != i {
                let p = if matches!(kind, Kind::Place(_)) {
                    iri(vocab::SCHEMA, "containedInPlace")
                } else {
                    cg("country")
                };
                out.add(node.clone(), p, entity_iri_for(state.kind, &state.id));
                describe_entity(
                    out,
                    state.kind,
                    &state.id,
                    &state.name,
                    Some(si),
                    lex,
                    described,
                );
            } else {
                out.add(node.clone(), iri(vocab::SCHEMA, "identifier"), lit(code));
            }
        }
    }
}

fn add_point(out: &mut Out, node: &NamedNode, lat: f64, lon: f64) {
    let geom = NamedNode::new_unchecked(format!("{}#geometry", node.as_str()));
    out.add(node.clone(), iri(vocab::GEO, "hasGeometry"), geom.clone());
    out.add(geom.clone(), rdf::TYPE.into(), iri(vocab::GEO, "Geometry"));
    out.add(
        geom,
        iri(vocab::GEO, "asWKT"),
        typed(
            format!("POINT({lon} {lat})"),
            oxigraph::model::NamedNodeRef::new_unchecked(
                "http://www.opengis.net/ont/geosparql#wktLiteral",
            ),
        ),
    );
    out.add(
        node.clone(),
        iri(vocab::SCHEMA, "latitude"),
        typed(format!("{lat}"), xsd::DECIMAL),
    );
    out.add(
        node.clone(),
        iri(vocab::SCHEMA, "longitude"),
        typed(format!("{lon}"), xsd::DECIMAL),
    );
}

/// A region built on lexicon place `base` ("northern Syria"): it lies in the base's country
/// (or in the base, when that is a country) and takes the base's point, the only position known.
fn describe_part(
    out: &mut Out,
    node: &NamedNode,
    base: usize,
    lex: &Lexicon,
    described: &mut std::collections::BTreeSet<String>,
) {
    let b = &lex.entities[base];
    if let (Some(lat), Some(lon)) = (b.lat, b.lon) {
        add_point(out, node, lat, lon);
    }
    let within = match b.kind {
        Kind::Actor(ActorType::State) | Kind::Place(PlaceType::Country) => Some(base),
        _ => b
            .country
            .as_ref()
            .and_then(|c| lex.states_by_code.get(c))
            .copied(),
    };
    if let Some(w) = within {
        let state = &lex.entities[w];
        out.add(
            node.clone(),
            iri(vocab::SCHEMA, "containedInPlace"),
            entity_iri_for(state.kind, &state.id),
        );
        describe_entity(
            out,
            state.kind,
            &state.id,
            &state.name,
            Some(w),
            lex,
            described,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_iris_are_stable_and_distinct() {
        assert_eq!(
            article_iri("000_aac1").as_str(),
            article_iri("000_aac1").as_str()
        );
        assert_ne!(article_iri("a b").as_str(), article_iri("a-b").as_str());
        assert!(article_iri("a-b").as_str().ends_with("/article/a-b"));
        // An id spelled like another id's hashed form keeps its own graph.
        let hashed = article_iri("a b");
        let local = hashed.as_str().rsplit('/').next().unwrap();
        assert_ne!(article_iri(local).as_str(), hashed.as_str());
        let arabic = article_iri("تقرير");
        let local = arabic.as_str().rsplit('/').next().unwrap();
        assert_ne!(article_iri(local).as_str(), arabic.as_str());
    }

    #[test]
    fn two_events_of_a_type_in_one_sentence_are_two_nodes() {
        let lex = Lexicon::bundled().unwrap();
        let text = "In Sudan, the Sudanese Armed Forces drove the Rapid Support Forces out of Omdurman, but the Rapid Support Forces said they seized Wad Madani.";
        let article = Article {
            id: "t".into(),
            title: None,
            published: None,
            source: None,
            url: None,
            text: text.into(),
            origin: "t".into(),
        };
        let ex = crate::extract::Extractor::new(&lex).extract(&article);
        assert_eq!(ex.events.iter().filter(|e| e.kind == "capture").count(), 2);
        let events: std::collections::BTreeSet<String> = article_quads(&article, &ex, &lex)
            .into_iter()
            .filter(|q| {
                q.predicate.as_str().ends_with("eventType")
                    && q.object.to_string().ends_with("/capture>")
            })
            .map(|q| q.subject.to_string())
            .collect();
        assert_eq!(events.len(), 2, "{events:?}");
    }
}
