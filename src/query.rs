//! Saved SPARQL queries: discover them, read their descriptions and parameters, bind
//! parameters as values (never by pasting text), run them and write the results.

use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};

use crate::lexicon::Lexicon;
use crate::remote::{Answer, Remote, RemoteError};
use crate::store::GraphStore;

/// Where a query runs: the embedded store, or a remote store over the SPARQL 1.1 Protocol.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    Local(&'a GraphStore),
    Remote(&'a Remote),
}

impl<'a> From<&'a GraphStore> for Target<'a> {
    fn from(s: &'a GraphStore) -> Self {
        Target::Local(s)
    }
}

impl<'a> From<&'a Remote> for Target<'a> {
    fn from(r: &'a Remote) -> Self {
        Target::Remote(r)
    }
}

/// The saved queries shipped in queries/, bundled into the binary.
pub const BUNDLED: &[(&str, &str)] = &[
    ("actors", include_str!("../queries/actors.rq")),
    ("articles", include_str!("../queries/articles.rq")),
    ("backers-of", include_str!("../queries/backers-of.rq")),
    ("events", include_str!("../queries/events.rq")),
    (
        "events-between",
        include_str!("../queries/events-between.rq"),
    ),
    ("evidence", include_str!("../queries/evidence.rq")),
    ("locations", include_str!("../queries/locations.rq")),
    ("merged-events", include_str!("../queries/merged-events.rq")),
    ("name-forms", include_str!("../queries/name-forms.rq")),
    ("opposes", include_str!("../queries/opposes.rq")),
    ("proxy-sides", include_str!("../queries/proxy-sides.rq")),
    ("roles", include_str!("../queries/roles.rq")),
    ("search", include_str!("../queries/search.rq")),
    ("timeline", include_str!("../queries/timeline.rq")),
    (
        "who-backs-whom",
        include_str!("../queries/who-backs-whom.rq"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("no saved query named {name:?}: run `conflictgraph queries` to list them, or give a path to a .rq file")]
    Unknown { name: String },
    #[error("cannot read query file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("query {name} does not parse: {message}")]
    Syntax { name: String, message: String },
    #[error("query {name} failed: {message}")]
    Evaluation { name: String, message: String },
    #[error("query {name} has no parameter {param:?}; it takes: {expected}")]
    UnknownParam {
        name: String,
        param: String,
        expected: String,
    },
    #[error("query {name} needs --param {param}=VALUE: {description}")]
    MissingParam {
        name: String,
        param: String,
        description: String,
    },
    #[error(
        "--param {param}: no actor named {value:?} in the store (try `conflictgraph query actors`)"
    )]
    NoSuchActor { param: String, value: String },
    #[error(
        "--param {param}: {value:?} names several actors ({candidates}); pass one IRI instead"
    )]
    Ambiguous {
        param: String,
        value: String,
        candidates: String,
    },
    #[error("no actor named {value:?} in the store: see `conflictgraph query actors`, or give an actor or event IRI")]
    NothingToExplain { value: String },
    #[error("--param must be NAME=VALUE, got {0:?}")]
    BadParam(String),
    #[error("--param {param}={value:?}: not {expected}")]
    BadValue {
        param: String,
        value: String,
        expected: String,
    },
    #[error("query {name}: parameter {param} has unknown type {kind:?} (use actor, iri, date, integer or text)")]
    ParamType {
        name: String,
        param: String,
        kind: String,
    },
    #[error("cannot write results: {0}")]
    Write(#[from] std::io::Error),
    #[error("query {name} on {endpoint}: {source}")]
    Remote {
        name: String,
        endpoint: String,
        source: Box<RemoteError>,
    },
}

/// What a parameter's value must be. Each is bound as one RDF term, never as query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// An actor in the store: a name, an alias (also spelled another way, resolved through
    /// the lexicon's variants and folding) or an IRI. The default.
    Actor,
    /// An absolute IRI.
    Iri,
    /// A calendar date, YYYY-MM-DD (xsd:date).
    Date,
    /// A whole number (xsd:integer).
    Integer,
    /// Any text, as a plain string literal.
    Text,
}

impl ParamType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Actor => "actor",
            Self::Iri => "iri",
            Self::Date => "date",
            Self::Integer => "integer",
            Self::Text => "text",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        [
            Self::Actor,
            Self::Iri,
            Self::Date,
            Self::Integer,
            Self::Text,
        ]
        .into_iter()
        .find(|t| t.name() == s)
    }
}

/// A parameter declared in a query's header: `# @param actor: description` (an actor) or
/// `# @param from (date): description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamType,
    pub description: String,
}

/// A saved query with what its header says about it.
#[derive(Debug, Clone)]
pub struct SavedQuery {
    pub name: String,
    pub description: String,
    pub params: Vec<Param>,
    pub text: String,
}

impl SavedQuery {
    /// Reads the leading comment block: the first line is the description; `@param` lines
    /// declare parameters.
    pub fn parse(name: &str, text: &str) -> Result<SavedQuery, QueryError> {
        let mut description = String::new();
        let mut params = Vec::new();
        for line in text.lines() {
            let Some(c) = line.trim().strip_prefix('#') else {
                break;
            };
            let c = c.trim();
            if let Some(p) = c.strip_prefix("@param") {
                let (n, d) = p.split_once(':').unwrap_or((p, ""));
                let (n, kind) = match n.trim().split_once('(') {
                    Some((n, t)) => (n.trim(), t.trim_end_matches(')').trim()),
                    None => (n.trim(), "actor"),
                };
                let kind = ParamType::parse(kind).ok_or_else(|| QueryError::ParamType {
                    name: name.to_string(),
                    param: n.to_string(),
                    kind: kind.to_string(),
                })?;
                params.push(Param {
                    name: n.to_string(),
                    kind,
                    description: d.trim().to_string(),
                });
            } else if description.is_empty() {
                description = c.to_string();
            }
        }
        Ok(SavedQuery {
            name: name.to_string(),
            description,
            params,
            text: text.to_string(),
        })
    }
}

/// Every saved query: the bundled ones, overridden or extended by `.rq` files in `dir`.
pub fn saved_queries(dir: Option<&Path>) -> Result<Vec<SavedQuery>, QueryError> {
    let mut out = std::collections::BTreeMap::new();
    for (n, t) in BUNDLED {
        out.insert(n.to_string(), SavedQuery::parse(n, t)?);
    }
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|source| QueryError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        for entry in entries {
            let path = entry
                .map_err(|source| QueryError::Read {
                    path: dir.to_path_buf(),
                    source,
                })?
                .path();
            if path.extension().and_then(|e| e.to_str()) == Some("rq") {
                let name = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                let text = std::fs::read_to_string(&path).map_err(|source| QueryError::Read {
                    path: path.clone(),
                    source,
                })?;
                out.insert(name.clone(), SavedQuery::parse(&name, &text)?);
            }
        }
    }
    Ok(out.into_values().collect())
}

/// Finds a query by saved name or by path to a `.rq` file.
pub fn resolve(name_or_path: &str, dir: Option<&Path>) -> Result<SavedQuery, QueryError> {
    let path = Path::new(name_or_path);
    if name_or_path.ends_with(".rq") || path.components().count() > 1 {
        let text = std::fs::read_to_string(path).map_err(|source| QueryError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(name_or_path);
        return SavedQuery::parse(name, &text);
    }
    saved_queries(dir)?
        .into_iter()
        .find(|q| q.name == name_or_path)
        .ok_or_else(|| QueryError::Unknown {
            name: name_or_path.to_string(),
        })
}

/// Output formats for query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

/// Splits `NAME=VALUE`.
pub fn parse_param(s: &str) -> Result<(String, String), QueryError> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() => Ok((n.trim().to_string(), v.to_string())),
        _ => Err(QueryError::BadParam(s.to_string())),
    }
}

fn bad_value(param: &str, value: &str, expected: &str) -> QueryError {
    QueryError::BadValue {
        param: param.to_string(),
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

/// Whether `v` is exactly a real calendar day, YYYY-MM-DD.
fn is_date(v: &str) -> bool {
    v.len() == 10 && crate::extract::dates::parse_iso_date(v).is_some()
}

/// Turns a parameter value into the one RDF term its type asks for. The value is never
/// spliced into query text: whatever it holds (quotes, braces, `} ; DROP ALL`, newlines) it
/// is one literal, one IRI or an error.
fn bind_value(
    store: Target<'_>,
    param: &str,
    kind: ParamType,
    value: &str,
    lexicon: Option<&Lexicon>,
) -> Result<Term, QueryError> {
    let v = value.trim();
    let iri = v
        .strip_prefix('<')
        .and_then(|x| x.strip_suffix('>'))
        .unwrap_or(v);
    let as_iri = || {
        (iri.starts_with("http://") || iri.starts_with("https://") || iri.starts_with("urn:"))
            .then(|| NamedNode::new(iri).ok())
            .flatten()
    };
    match kind {
        ParamType::Iri => {
            return as_iri()
                .map(Term::from)
                .ok_or_else(|| bad_value(param, value, "an absolute IRI (https://…)"))
        }
        ParamType::Date if is_date(v) => return Ok(Literal::new_typed_literal(v, xsd::DATE).into()),
        ParamType::Date => return Err(bad_value(param, value, "a date (YYYY-MM-DD)")),
        ParamType::Integer => {
            return v
                .parse::<i64>()
                .map(|n| Literal::from(n).into())
                .map_err(|_| bad_value(param, value, "a whole number"));
        }
        ParamType::Text => return Ok(Literal::new_simple_literal(value).into()),
        ParamType::Actor => {}
    }
    if let Some(n) = as_iri() {
        return Ok(n.into());
    }
    // The summary graph holds every actor once, with its label and aliases over all articles.
    let lookup = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
        SELECT DISTINCT ?x ?exact ?value WHERE {
          GRAPH <https://w3id.org/conflictgraph/graph/summary> {
            { ?x rdfs:label ?l BIND(1 AS ?exact) } UNION { ?x skos:altLabel ?l BIND(0 AS ?exact) }
            FILTER(LCASE(STR(?l)) = LCASE(STR(?value)))
            ?x a sem:Actor .
          }
        } ORDER BY DESC(?exact) ?x";
    let (_, rows) = run_select(
        store,
        "parameter lookup",
        lookup,
        &[(
            Variable::new_unchecked("value"),
            Literal::new_simple_literal(v).into(),
        )],
    )?;
    let best: Vec<Term> = {
        let top = rows.first().and_then(|r| r.get("exact").cloned());
        rows.iter()
            .filter(|r| r.get("exact").cloned() == top)
            .filter_map(|r| r.get("x").cloned())
            .collect()
    };
    let best = if best.is_empty() {
        lexicon
            .map(|l| lexicon_matches(store, l, v))
            .transpose()?
            .unwrap_or_default()
    } else {
        best
    };
    match best.as_slice() {
        [] => Err(QueryError::NoSuchActor {
            param: param.to_string(),
            value: v.to_string(),
        }),
        [one] => Ok(one.clone()),
        many => Err(QueryError::Ambiguous {
            param: param.to_string(),
            value: v.to_string(),
            candidates: many
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// The store's actors whose name or alias is the value respelled: accents and case folded,
/// name words respelled by the lexicon's variants ("Hifter" is "Haftar", "Salame" is
/// "Salamé"); also lexicon entities with such an alias when the store holds them.
fn lexicon_matches(store: Target<'_>, lex: &Lexicon, value: &str) -> Result<Vec<Term>, QueryError> {
    let key = lex.canonical_name(value);
    let names = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
        SELECT DISTINCT ?x ?l WHERE { GRAPH <https://w3id.org/conflictgraph/graph/summary> { ?x a sem:Actor . { ?x rdfs:label ?l } UNION { ?x skos:altLabel ?l } } } ORDER BY ?x";
    let (_, rows) = run_select(store, "parameter lookup", names, &[])?;
    let mut found: std::collections::BTreeMap<String, Term> = std::collections::BTreeMap::new();
    let mut in_store = std::collections::BTreeSet::new();
    for r in &rows {
        let (Some(x), Some(Term::Literal(l))) = (r.get("x"), r.get("l")) else {
            continue;
        };
        in_store.insert(x.to_string());
        if lex.canonical_name(l.value()) == key {
            found.insert(x.to_string(), x.clone());
        }
    }
    for s in lex
        .surfaces
        .iter()
        .filter(|s| lex.canonical_name(&s.text) == key)
    {
        let e = &lex.entities[s.entity];
        if e.kind.actor_type().is_some() {
            let node: Term = crate::graph::iri(crate::graph::vocab::ACTOR, &e.id).into();
            if in_store.contains(&node.to_string()) {
                found.insert(node.to_string(), node);
            }
        }
    }
    Ok(found.into_values().collect())
}

/// Parses a query for the store: default graph = union of all graphs, values bound by
/// substitution (never spliced into the text). Bound values also replace their variable in
/// the query's triple patterns, so the planner sees constants: with only the engine's initial
/// binding, a parameterised query over thousands of articles took minutes instead of seconds.
///
/// The engine binds only variables a SELECT projects, so a parameter the query does not
/// project (one used in a FILTER, say) is added to the projection and returned as hidden:
/// callers leave hidden columns out of the results.
fn prepare(
    name: &str,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<(oxigraph::sparql::PreparedSparqlQuery, Vec<Variable>), QueryError> {
    let mut query = spargebra::SparqlParser::new()
        .parse_query(text)
        .map_err(|e| QueryError::Syntax {
            name: name.to_string(),
            message: e.to_string(),
        })?;
    let mut hidden = Vec::new();
    if let spargebra::Query::Select { pattern, .. } = &mut query {
        if let Some(projected) = projection(pattern) {
            for (v, _) in bindings {
                if !projected.contains(v) {
                    projected.push(v.clone());
                    hidden.push(v.clone());
                }
            }
        }
    }
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }) = &mut query;
    for (v, t) in bindings {
        bind_in_patterns(pattern, v, t);
    }
    let mut prepared = SparqlEvaluator::new().for_query(query);
    prepared.dataset_mut().set_default_graph_as_union();
    for (v, t) in bindings {
        prepared = prepared.substitute_variable(v.clone(), t.clone());
    }
    Ok((prepared, hidden))
}

/// The variables a SELECT's outermost projection lists (under LIMIT, DISTINCT, REDUCED).
fn projection(p: &mut spargebra::algebra::GraphPattern) -> Option<&mut Vec<Variable>> {
    use spargebra::algebra::GraphPattern as G;
    match p {
        G::Project { variables, .. } => Some(variables),
        G::Slice { inner, .. } | G::Distinct { inner } | G::Reduced { inner } => projection(inner),
        _ => None,
    }
}

/// Replaces `var` by `value` wherever it stands in a triple pattern, path or graph name.
/// Expressions keep the variable; the engine's initial binding gives it the same value.
fn bind_in_patterns(p: &mut spargebra::algebra::GraphPattern, var: &Variable, value: &Term) {
    use spargebra::algebra::GraphPattern as G;
    use spargebra::term::{NamedNodePattern, TermPattern};
    let term = |t: &mut TermPattern| {
        if matches!(t, TermPattern::Variable(x) if x == var) {
            match value {
                Term::NamedNode(n) => *t = TermPattern::NamedNode(n.clone()),
                Term::Literal(l) => *t = TermPattern::Literal(l.clone()),
                _ => {}
            }
        }
    };
    let named = |n: &mut NamedNodePattern| {
        if let (NamedNodePattern::Variable(x), Term::NamedNode(v)) = (&*n, value) {
            if x == var {
                *n = NamedNodePattern::NamedNode(v.clone());
            }
        }
    };
    match p {
        G::Bgp { patterns } => {
            for t in patterns {
                term(&mut t.subject);
                named(&mut t.predicate);
                term(&mut t.object);
            }
        }
        G::Path {
            subject, object, ..
        } => {
            term(subject);
            term(object);
        }
        G::Graph { name, inner } | G::Service { name, inner, .. } => {
            named(name);
            bind_in_patterns(inner, var, value);
        }
        G::Join { left, right }
        | G::LeftJoin { left, right, .. }
        | G::Lateral { left, right }
        | G::Union { left, right }
        | G::Minus { left, right } => {
            bind_in_patterns(left, var, value);
            bind_in_patterns(right, var, value);
        }
        G::Filter { inner, .. }
        | G::Extend { inner, .. }
        | G::OrderBy { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::Group { inner, .. } => bind_in_patterns(inner, var, value),
        G::Values { .. } => {}
    }
}

fn evaluation(name: &str, e: &dyn std::fmt::Display) -> QueryError {
    QueryError::Evaluation {
        name: name.to_string(),
        message: e.to_string(),
    }
}

/// Runs a query on `target`, its parameters bound: its whole answer.
fn answer(
    target: Target<'_>,
    name: &str,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<Answer, QueryError> {
    match target {
        Target::Local(store) => {
            let eval = |e: &dyn std::fmt::Display| evaluation(name, e);
            let (prepared, hidden) = prepare(name, text, bindings)?;
            Ok(
                match prepared
                    .on_store(store.inner())
                    .execute()
                    .map_err(|e| eval(&e))?
                {
                    QueryResults::Solutions(s) => {
                        let vars = s
                            .variables()
                            .iter()
                            .filter(|v| !hidden.contains(v))
                            .cloned()
                            .collect();
                        Answer::Solutions(
                            vars,
                            s.collect::<Result<Vec<_>, _>>().map_err(|e| eval(&e))?,
                        )
                    }
                    QueryResults::Boolean(b) => Answer::Boolean(b),
                    QueryResults::Graph(triples) => Answer::Graph(
                        triples
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(|e| eval(&e))?,
                    ),
                },
            )
        }
        Target::Remote(remote) => remote
            .query(&bound_text(name, text, bindings)?)
            .map_err(|e| QueryError::Remote {
                name: name.to_string(),
                endpoint: remote.endpoint().to_string(),
                source: Box::new(e),
            }),
    }
}

/// Runs a SELECT query: its variables and its solutions.
fn run_select(
    target: Target<'_>,
    name: &str,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<(Vec<Variable>, Vec<QuerySolution>), QueryError> {
    match answer(target, name, text, bindings)? {
        Answer::Solutions(vars, rows) => Ok((vars, rows)),
        _ => Err(evaluation(name, &"expected a SELECT query")),
    }
}

/// The text of a query with its parameters bound, for an engine without initial bindings
/// (a remote store, the endpoint's saved-query route): each bound variable is replaced by its
/// value in the parsed query, in patterns and expressions alike, and a projected one comes back as `(value AS ?var)`;
/// the text is then written from the syntax tree, so a value is always one escaped term.
pub fn bound_text(
    name: &str,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<String, QueryError> {
    let mut query = spargebra::SparqlParser::new()
        .parse_query(text)
        .map_err(|e| QueryError::Syntax {
            name: name.to_string(),
            message: e.to_string(),
        })?;
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }) = &mut query;
    for (v, t) in bindings {
        bind_in_patterns(pattern, v, t);
        bind_in_expressions(pattern, v, t);
        project_value(pattern, v, t);
    }
    Ok(query.to_string())
}

/// Gives a projected variable, bound away by [`bind_in_expressions`], its value back in
/// the results: an Extend under the projection (and its ORDER BY), which is what
/// `SELECT (value AS ?var)` parses to.
fn project_value(p: &mut spargebra::algebra::GraphPattern, var: &Variable, value: &Term) {
    use spargebra::algebra::{Expression, GraphPattern as G};
    match p {
        G::Slice { inner, .. } | G::Distinct { inner } | G::Reduced { inner } => {
            project_value(inner, var, value)
        }
        G::Project { inner, variables } if variables.contains(var) => {
            let mut slot: &mut G = inner;
            while let G::OrderBy { inner, .. } = slot {
                slot = inner;
            }
            let expression = match value {
                Term::NamedNode(n) => Expression::NamedNode(n.clone()),
                Term::Literal(l) => Expression::Literal(l.clone()),
                _ => return,
            };
            let below = std::mem::replace(
                slot,
                G::Bgp {
                    patterns: Vec::new(),
                },
            );
            *slot = G::Extend {
                inner: Box::new(below),
                variable: var.clone(),
                expression,
            };
        }
        _ => {}
    }
}

/// Replaces `var` by `value` in every expression (FILTER, BIND, OPTIONAL conditions, ORDER
/// BY, aggregates, EXISTS patterns) and drops it from GROUP BY lists.
fn bind_in_expressions(p: &mut spargebra::algebra::GraphPattern, var: &Variable, value: &Term) {
    use spargebra::algebra::{
        AggregateExpression, Expression as E, GraphPattern as G, OrderExpression,
    };
    fn expr(e: &mut E, var: &Variable, value: &Term) {
        match e {
            E::Variable(x) if x == var => {
                *e = match value {
                    Term::NamedNode(n) => E::NamedNode(n.clone()),
                    Term::Literal(l) => E::Literal(l.clone()),
                    _ => return,
                }
            }
            E::Bound(x) if x == var => *e = E::Literal(Literal::from(true)),
            E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) => {}
            E::Or(a, b)
            | E::And(a, b)
            | E::Equal(a, b)
            | E::SameTerm(a, b)
            | E::Greater(a, b)
            | E::GreaterOrEqual(a, b)
            | E::Less(a, b)
            | E::LessOrEqual(a, b)
            | E::Add(a, b)
            | E::Subtract(a, b)
            | E::Multiply(a, b)
            | E::Divide(a, b) => {
                expr(a, var, value);
                expr(b, var, value);
            }
            E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => expr(a, var, value),
            E::In(a, list) => {
                expr(a, var, value);
                list.iter_mut().for_each(|x| expr(x, var, value));
            }
            E::If(a, b, c) => {
                expr(a, var, value);
                expr(b, var, value);
                expr(c, var, value);
            }
            E::Coalesce(list) | E::FunctionCall(_, list) => {
                list.iter_mut().for_each(|x| expr(x, var, value))
            }
            E::Exists(pattern) => {
                bind_in_patterns(pattern, var, value);
                bind_in_expressions(pattern, var, value);
            }
        }
    }
    match p {
        G::Bgp { .. } | G::Path { .. } | G::Values { .. } => {}
        G::Join { left, right }
        | G::Lateral { left, right }
        | G::Union { left, right }
        | G::Minus { left, right } => {
            bind_in_expressions(left, var, value);
            bind_in_expressions(right, var, value);
        }
        G::LeftJoin {
            left,
            right,
            expression,
        } => {
            bind_in_expressions(left, var, value);
            bind_in_expressions(right, var, value);
            if let Some(e) = expression {
                expr(e, var, value);
            }
        }
        G::Filter { expr: e, inner } => {
            expr(e, var, value);
            bind_in_expressions(inner, var, value);
        }
        G::Extend {
            inner, expression, ..
        } => {
            expr(expression, var, value);
            bind_in_expressions(inner, var, value);
        }
        G::OrderBy { inner, expression } => {
            for o in expression {
                let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = o;
                expr(e, var, value);
            }
            bind_in_expressions(inner, var, value);
        }
        G::Group {
            inner,
            variables,
            aggregates,
        } => {
            variables.retain(|x| x != var);
            for (_, a) in aggregates {
                if let AggregateExpression::FunctionCall { expr: e, .. } = a {
                    expr(e, var, value);
                }
            }
            bind_in_expressions(inner, var, value);
        }
        G::Graph { inner, .. }
        | G::Service { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. } => bind_in_expressions(inner, var, value),
    }
}

/// Binds parameter values to the query's declared parameters, each by its type. An actor
/// name the store does not hold verbatim is tried again through `lexicon` when one is given.
pub fn bind_params<'a>(
    target: impl Into<Target<'a>>,
    query: &SavedQuery,
    params: &[(String, String)],
    lexicon: Option<&Lexicon>,
) -> Result<Vec<(Variable, Term)>, QueryError> {
    let store = target.into();
    let mut bindings = Vec::new();
    for (name, value) in params {
        let Some(p) = query.params.iter().find(|p| &p.name == name) else {
            let expected = if query.params.is_empty() {
                "no parameters".to_string()
            } else {
                query
                    .params
                    .iter()
                    .map(|p| p.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(QueryError::UnknownParam {
                name: query.name.clone(),
                param: name.clone(),
                expected,
            });
        };
        bindings.push((
            Variable::new_unchecked(name.clone()),
            bind_value(store, name, p.kind, value, lexicon)?,
        ));
    }
    Ok(bindings)
}

/// Runs a query and returns Oxigraph's plan for it, with the rows and time of each step, as
/// JSON: what to read when a saved query is slow.
pub fn query_plan(
    store: &GraphStore,
    name: &str,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<String, QueryError> {
    let (prepared, _) = prepare(name, text, bindings)?;
    let (results, explanation) = prepared
        .on_store(store.inner())
        .compute_statistics()
        .explain();
    if let QueryResults::Solutions(s) = results.map_err(|e| evaluation(name, &e))? {
        for row in s {
            row.map_err(|e| evaluation(name, &e))?;
        }
    }
    let mut out = Vec::new();
    explanation
        .write_in_json(&mut out)
        .map_err(|e| evaluation(name, &e))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Runs a query with its bound parameters and writes the results in `format`.
pub fn run<'a>(
    target: impl Into<Target<'a>>,
    query: &SavedQuery,
    bindings: &[(Variable, Term)],
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<usize, QueryError> {
    let params: Vec<&str> = bindings.iter().map(|(v, _)| v.as_str()).collect();
    for p in &query.params {
        if !params.contains(&p.name.as_str()) {
            return Err(QueryError::MissingParam {
                name: query.name.clone(),
                param: p.name.clone(),
                description: p.description.clone(),
            });
        }
    }
    match answer(target.into(), &query.name, &query.text, bindings)? {
        Answer::Solutions(vars, rows) => {
            write_solutions(&vars, &rows, format, out)?;
            Ok(rows.len())
        }
        Answer::Boolean(b) => {
            match format {
                OutputFormat::Table => writeln!(out, "{b}")?,
                f => {
                    QueryResultsSerializer::from_format(results_format(f))
                        .serialize_boolean_to_writer(&mut *out, b)?;
                }
            }
            Ok(1)
        }
        Answer::Graph(triples) => {
            let mut w = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::Turtle)
                .for_writer(&mut *out);
            for t in &triples {
                w.serialize_triple(t)?;
            }
            w.finish()?;
            Ok(triples.len())
        }
    }
}

fn results_format(f: OutputFormat) -> QueryResultsFormat {
    match f {
        OutputFormat::Csv | OutputFormat::Table => QueryResultsFormat::Csv,
        OutputFormat::Tsv => QueryResultsFormat::Tsv,
        OutputFormat::Json => QueryResultsFormat::Json,
        OutputFormat::Xml => QueryResultsFormat::Xml,
    }
}

/// The plain text of a term for tables and spreadsheets: IRIs and literal values bare.
pub fn plain(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn write_solutions(
    vars: &[Variable],
    rows: &[QuerySolution],
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    if format == OutputFormat::Table {
        // A table is for reading: columns holding nothing but IRIs (kept for joins in the
        // machine formats) are left out when other columns remain.
        let readable: Vec<&Variable> = vars
            .iter()
            .filter(|v| {
                rows.is_empty()
                    || !rows
                        .iter()
                        .all(|r| matches!(r.get(*v), Some(Term::NamedNode(_))))
            })
            .collect();
        let vars: Vec<&Variable> = if readable.is_empty() {
            vars.iter().collect()
        } else {
            readable
        };
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vars.iter()
                    .map(|v| {
                        r.get(*v)
                            .map(plain)
                            .unwrap_or_default()
                            .replace(['\n', '\r', '\t'], " ")
                    })
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = vars.iter().map(|v| v.as_str().chars().count()).collect();
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count().min(60));
            }
        }
        let line = |cols: Vec<&str>, out: &mut dyn Write| -> std::io::Result<()> {
            let parts: Vec<String> = cols
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    let c: String = if c.chars().count() > *w {
                        c.chars().take(w.saturating_sub(1)).collect::<String>() + "…"
                    } else {
                        c.to_string()
                    };
                    format!("{c:<w$}", w = w)
                })
                .collect();
            writeln!(out, "{}", parts.join("  ").trim_end())
        };
        line(vars.iter().map(|v| v.as_str()).collect(), out)?;
        line(
            widths
                .iter()
                .map(|w| "─".repeat(*w))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect(),
            out,
        )?;
        for row in &cells {
            line(row.iter().map(String::as_str).collect(), out)?;
        }
        return Ok(());
    }
    let mut ser = QueryResultsSerializer::from_format(results_format(format))
        .serialize_solutions_to_writer(&mut *out, vars.to_vec())?;
    for r in rows {
        // Only the listed variables: a hidden parameter column stays out.
        ser.serialize(vars.iter().filter_map(|v| r.get(v).map(|t| (v, t))))?;
    }
    ser.finish()?;
    Ok(())
}

/// Runs a saved query and returns its rows as plain strings (used by CSV export and explain).
pub fn rows<'a>(
    target: impl Into<Target<'a>>,
    name: &str,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<(Vec<String>, Vec<Vec<String>>), QueryError> {
    let (vars, solutions) = run_select(target.into(), name, text, bindings)?;
    let rows = solutions
        .iter()
        .map(|r| {
            vars.iter()
                .map(|v| r.get(v).map(plain).unwrap_or_default())
                .collect()
        })
        .collect();
    Ok((vars.iter().map(|v| v.as_str().to_string()).collect(), rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_gives_description_and_params() {
        let q = SavedQuery::parse(
            "x",
            "# Does a thing.\n# @param actor: who\n# @param from (date): since\nSELECT * {}",
        )
        .unwrap();
        assert_eq!(q.description, "Does a thing.");
        assert_eq!(
            q.params,
            vec![
                Param {
                    name: "actor".into(),
                    kind: ParamType::Actor,
                    description: "who".into()
                },
                Param {
                    name: "from".into(),
                    kind: ParamType::Date,
                    description: "since".into()
                }
            ]
        );
        assert!(SavedQuery::parse("x", "# X.\n# @param n (colour): no\nSELECT * {}").is_err());
    }

    #[test]
    fn every_bundled_query_parses_and_orders() {
        for (name, text) in BUNDLED {
            let q = SavedQuery::parse(name, text).unwrap();
            assert!(!q.description.is_empty(), "{name} has no description");
            assert!(
                SparqlEvaluator::new().parse_query(text).is_ok(),
                "{name} does not parse"
            );
            assert!(text.contains("ORDER BY"), "{name} has no ORDER BY");
        }
    }

    #[test]
    fn typed_values_are_checked_and_bound_as_one_term() {
        let store = GraphStore::in_memory().unwrap();
        let bind = |kind, v: &str| bind_value(Target::Local(&store), "p", kind, v, None);
        assert_eq!(
            bind(ParamType::Date, "2020-02-29").unwrap(),
            Literal::new_typed_literal("2020-02-29", xsd::DATE).into()
        );
        assert!(bind(ParamType::Date, "2019-02-29").is_err());
        assert!(bind(ParamType::Date, "2020-01-01\" } ; DROP ALL ; {").is_err());
        assert_eq!(
            bind(ParamType::Integer, "42").unwrap(),
            Literal::from(42_i64).into()
        );
        assert!(bind(ParamType::Integer, "4 2").is_err());
        assert!(bind(ParamType::Iri, "https://example.org/x> } DROP ALL { <x").is_err());
        let evil = "x\" } ; DROP ALL ; {\n";
        assert_eq!(
            bind(ParamType::Text, evil).unwrap(),
            Literal::new_simple_literal(evil).into()
        );
    }

    #[test]
    fn params_split_on_the_first_equals() {
        assert_eq!(
            parse_param("actor=a=b").unwrap(),
            ("actor".into(), "a=b".into())
        );
        assert!(parse_param("nothing").is_err());
    }
}

/// One line of `explain` output: a claim or event and one sentence behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub what: String,
    pub subject: String,
    pub relation: String,
    pub object: String,
    pub article: String,
    pub sentence: String,
    pub rule: String,
    pub stance: String,
    pub confidence: String,
}

const EXPLAIN: &str = r#"
PREFIX cg: <https://w3id.org/conflictgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?what ?subject ?relation ?object ?article ?sentence ?rule ?stance ?confidence ?start ?node WHERE {
  {
    GRAPH ?g {
      ?target rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
      FILTER(?s = ?node || ?o = ?node)
      ?s rdfs:label ?subject . ?o rdfs:label ?object .
    }
    BIND("claim" AS ?what)
    BIND(REPLACE(STR(?p), "^.*[#/]", "") AS ?relation)
  } UNION {
    GRAPH ?g {
      ?target a sem:Event ; sem:eventType ?t .
      FILTER(?target = ?node || EXISTS { ?target sem:hasActor ?node })
      OPTIONAL { ?target cg:agent/rdfs:label ?subject }
      OPTIONAL { ?target cg:target/rdfs:label ?object }
    }
    ?t skos:prefLabel ?relation .
    BIND("event" AS ?what)
  }
  GRAPH ?g {
    ?evidence cg:supports ?target ; cg:rule ?rule ; cg:confidence ?confidence ; cg:stance ?st ;
      oa:hasSelector/oa:exact ?sentence ; oa:hasSelector/oa:start ?start .
    ?g dcterms:identifier ?article .
  }
  ?st rdfs:label ?stance .
}
ORDER BY ?what ?relation ?subject ?object ?article ?start ?rule
"#;

/// Every claim and event about an actor (or one event), with the sentences and rules behind it.
pub fn explain(
    store: &GraphStore,
    actor_or_event: &str,
    lexicon: Option<&Lexicon>,
) -> Result<(Term, Vec<Explanation>), QueryError> {
    let node = bind_value(
        Target::Local(store),
        "ACTOR_OR_EVENT",
        ParamType::Actor,
        actor_or_event,
        lexicon,
    )
    .map_err(|e| match e {
        QueryError::NoSuchActor { value, .. } => QueryError::NothingToExplain { value },
        other => other,
    })?;
    let (_, rows) = rows(
        store,
        "explain",
        EXPLAIN,
        &[(Variable::new_unchecked("node"), node.clone())],
    )?;
    let out = rows
        .into_iter()
        .map(|r| Explanation {
            what: r[0].clone(),
            subject: r[1].clone(),
            relation: r[2].clone(),
            object: r[3].clone(),
            article: r[4].clone(),
            sentence: r[5].clone(),
            rule: r[6].clone(),
            stance: r[7].clone(),
            confidence: r[8].clone(),
        })
        .collect();
    Ok((node, out))
}
