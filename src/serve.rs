//! The SPARQL endpoint: serves the embedded store over the SPARQL 1.1 Protocol (GET and POST
//! queries, content negotiation), read-only unless updates are enabled, with a query timeout,
//! a request size limit and a concurrency limit, plus the saved queries and a query page.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, RwLock};
use std::time::Duration;

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxhttp::Server;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};

use crate::query::{self, SavedQuery};
use crate::store::GraphStore;

/// How the endpoint behaves; the defaults suit one machine shared by a few people.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    /// A query still running after this long is stopped and answered with 503.
    pub timeout: Duration,
    /// The largest request body (a POSTed query or update), in bytes.
    pub max_body: u64,
    /// The largest response, in bytes: a query giving more is answered with 507-like 503
    /// advice to add a LIMIT, rather than filling memory.
    pub max_response: usize,
    /// How many queries run at once; more are answered with 503 at once.
    pub max_queries: usize,
    /// Whether SPARQL updates are accepted (at /update); refused by default.
    pub allow_updates: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            timeout: Duration::from_secs(30),
            max_body: 1 << 20,
            max_response: 256 << 20,
            max_queries: 4,
            allow_updates: false,
        }
    }
}

type HttpError = (StatusCode, String);

struct State {
    /// The store, and the generation it was opened at. A read-only store is reopened when an
    /// ingest has finished since (its generation moved), so the endpoint serves new articles
    /// without a restart; requests under way keep the handle they started with.
    store: RwLock<(Arc<GraphStore>, Option<u64>)>,
    saved: Vec<SavedQuery>,
    options: ServeOptions,
    running: AtomicUsize,
}

/// A running endpoint; it serves until the process ends or [`Serving::join`] returns.
pub struct Serving {
    server: oxhttp::ListeningServer,
}

impl Serving {
    pub fn join(self) -> std::io::Result<()> {
        self.server.join()
    }
}

/// Starts serving `store` at `options.bind` and returns at once.
pub fn serve(
    store: GraphStore,
    saved: Vec<SavedQuery>,
    options: ServeOptions,
) -> std::io::Result<Serving> {
    let bind = options.bind;
    // Connections beyond the queries that may run are kept waiting (idle keep-alive
    // connections hold a slot until their read times out), never refused.
    let connections = options.max_queries * 16;
    let timeout = options.timeout + Duration::from_secs(10);
    let generation = store.generation();
    let state = Arc::new(State {
        store: RwLock::new((Arc::new(store), generation)),
        saved,
        options,
        running: AtomicUsize::new(0),
    });
    let server = Server::new(move |request| {
        handle(&state, request).unwrap_or_else(|(status, message)| text(status, message))
    })
    .with_global_timeout(timeout)
    .with_max_concurrent_connections(connections)
    .with_server_name(concat!("conflictgraph/", env!("CARGO_PKG_VERSION")))
    .expect("a valid server name")
    .bind(bind)
    .spawn()?;
    Ok(Serving { server })
}

impl State {
    /// The store to answer from: reopened first if it is read-only and an ingest finished
    /// since it was opened. A reopen that fails keeps the store at hand.
    fn store(&self) -> Arc<GraphStore> {
        let (store, seen) = {
            let guard = self.store.read().unwrap_or_else(|e| e.into_inner());
            (Arc::clone(&guard.0), guard.1)
        };
        if !store.is_read_only() {
            return store;
        }
        let now = store.generation();
        if now == seen {
            return store;
        }
        let mut guard = self.store.write().unwrap_or_else(|e| e.into_inner());
        if guard.1 == now {
            return Arc::clone(&guard.0); // another request reopened it
        }
        match GraphStore::open_read_only(store.path()) {
            Ok(fresh) => *guard = (Arc::new(fresh), now),
            Err(e) => eprintln!(
                "conflictgraph: cannot reopen {} after an ingest, serving what was there: {e}",
                store.path().display()
            ),
        }
        Arc::clone(&guard.0)
    }
}

fn text(status: StatusCode, message: String) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(message + "\n"))
        .expect("a valid response")
}

fn bad(e: impl std::fmt::Display) -> HttpError {
    (StatusCode::BAD_REQUEST, e.to_string())
}

fn internal(e: impl std::fmt::Display) -> HttpError {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

fn handle(state: &State, request: &mut Request<Body>) -> Result<Response<Body>, HttpError> {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    let mut params: Vec<(String, String)> =
        url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    match (path.as_str(), &method) {
        ("/", &Method::GET | &Method::HEAD) => html(INDEX_HTML.to_string()),
        ("/queries", &Method::GET) => saved_list(state),
        (p, &Method::GET) if p.starts_with("/queries/") => {
            let name = &p["/queries/".len()..];
            let _slot = Slot::take(&state.running, state.options.max_queries)?;
            saved_run(state, request, name, params)
        }
        ("/query" | "/sparql", &Method::GET | &Method::POST) => {
            let mut query = None;
            let mut update = None;
            if method == Method::POST {
                let body = body(request, state.options.max_body)?;
                match content_type(request).as_deref() {
                    Some("application/sparql-query") => query = Some(String::from_utf8(body).map_err(bad)?),
                    Some("application/sparql-update") => update = Some(String::from_utf8(body).map_err(bad)?),
                    Some("application/x-www-form-urlencoded") => params.extend(url::form_urlencoded::parse(&body).into_owned()),
                    other => {
                        return Err((
                            StatusCode::UNSUPPORTED_MEDIA_TYPE,
                            format!("unsupported content type {other:?}: send application/sparql-query or a form with query="),
                        ))
                    }
                }
            }
            if let Some(i) = params.iter().position(|(k, _)| k == "update") {
                update = Some(params.remove(i).1);
            }
            let _slot = Slot::take(&state.running, state.options.max_queries)?;
            match update {
                Some(u) => run_update(state, &method, &u),
                None => run_query(state, request, params, query),
            }
        }
        ("/update", &Method::POST) => {
            let body = body(request, state.options.max_body)?;
            let update = match content_type(request).as_deref() {
                Some("application/sparql-update") => String::from_utf8(body).map_err(bad)?,
                Some("application/x-www-form-urlencoded") => url::form_urlencoded::parse(&body)
                    .into_owned()
                    .find(|(k, _)| k == "update")
                    .map(|(_, v)| v)
                    .ok_or_else(|| bad("missing update parameter"))?,
                other => {
                    return Err((
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!(
                            "unsupported content type {other:?}: send application/sparql-update"
                        ),
                    ))
                }
            };
            let _slot = Slot::take(&state.running, state.options.max_queries)?;
            run_update(state, &method, &update)
        }
        ("/query" | "/sparql" | "/update", _) => Err((
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed on {path}: use GET or POST"),
        )),
        _ => Err((
            StatusCode::NOT_FOUND,
            format!(
                "nothing at {path}: the endpoint is /sparql, the saved queries are at /queries"
            ),
        )),
    }
}

fn html(page: String) -> Result<Response<Body>, HttpError> {
    Response::builder()
        .header(CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(page))
        .map_err(internal)
}

/// The request body, refused when over `max` bytes (before reading it when its length is
/// announced).
fn body(request: &mut Request<Body>, max: u64) -> Result<Vec<u8>, HttpError> {
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body over the limit of {max} bytes"),
        )
    };
    if request.body().len().is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut buf = Vec::new();
    request
        .body_mut()
        .take(max + 1)
        .read_to_end(&mut buf)
        .map_err(bad)?;
    if buf.len() as u64 > max {
        return Err(too_large());
    }
    Ok(buf)
}

fn content_type(request: &Request<Body>) -> Option<String> {
    let v = request.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    Some(v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase())
}

/// A place among the queries that may run at once, given back when dropped.
struct Slot<'a>(&'a AtomicUsize);

impl<'a> Slot<'a> {
    fn take(running: &'a AtomicUsize, max: usize) -> Result<Self, HttpError> {
        running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .map(|_| Slot(running))
            .map_err(|_| {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("{max} queries are already running: try again shortly"),
                )
            })
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Cancels a query when its time is up, unless it ends first (the sender is dropped).
fn watchdog(timeout: Duration) -> (CancellationToken, mpsc::Sender<()>) {
    let token = CancellationToken::new();
    let (done, wait) = mpsc::channel::<()>();
    let t = token.clone();
    std::thread::spawn(move || {
        if matches!(
            wait.recv_timeout(timeout),
            Err(mpsc::RecvTimeoutError::Timeout)
        ) {
            t.cancel();
        }
    });
    (token, done)
}

/// The best of the formats `accept` lists (by q-value, then order), or `default` for an
/// absent header or a wildcard.
fn negotiate<F: Copy>(
    accept: Option<&str>,
    parse: impl Fn(&str) -> Option<F>,
    default: F,
) -> Result<F, HttpError> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(default);
    };
    let mut best: Option<(f32, F)> = None;
    for item in accept.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let found = if media == "*/*" || media == "application/*" || media == "text/*" {
            Some(default)
        } else {
            parse(&media)
        };
        if let Some(f) = found {
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, f));
            }
        }
    }
    best.map(|(_, f)| f).ok_or_else(|| {
        (
            StatusCode::NOT_ACCEPTABLE,
            format!("none of {accept:?} can be given: results come as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, RDF/XML, JSON-LD or N-Quads"),
        )
    })
}

/// A format asked for by the `format` parameter (a short name or a media type) or Accept.
fn wanted(request: &Request<Body>, params: &[(String, String)]) -> Option<String> {
    if let Some((_, f)) = params.iter().find(|(k, _)| k == "format") {
        let media = match f.as_str() {
            "json" => "application/sparql-results+json",
            "xml" => "application/sparql-results+xml",
            "csv" => "text/csv",
            "tsv" => "text/tab-separated-values",
            "ttl" | "turtle" => "text/turtle",
            "nt" => "application/n-triples",
            other => other,
        };
        return Some(media.to_string());
    }
    request
        .headers()
        .get(ACCEPT)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
}

/// A response body that refuses to grow past a limit.
struct Capped {
    buf: Vec<u8>,
    max: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > self.max {
            return Err(std::io::Error::other("too large"));
        }
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn evaluation(e: QueryEvaluationError, timeout: Duration) -> HttpError {
    match e {
        QueryEvaluationError::Cancelled => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than the limit of {}s: narrow it or add a LIMIT",
                timeout.as_secs()
            ),
        ),
        e => internal(e),
    }
}

fn run_query(
    state: &State,
    request: &Request<Body>,
    params: Vec<(String, String)>,
    mut query: Option<String>,
) -> Result<Response<Body>, HttpError> {
    let mut default_graphs = Vec::new();
    let mut named_graphs = Vec::new();
    for (k, v) in &params {
        match k.as_str() {
            "query" if query.is_none() => query = Some(v.clone()),
            "query" => return Err(bad("more than one query parameter")),
            "default-graph-uri" => {
                default_graphs.push(GraphName::from(NamedNode::new(v).map_err(bad)?))
            }
            "named-graph-uri" => {
                named_graphs.push(NamedOrBlankNode::from(NamedNode::new(v).map_err(bad)?))
            }
            _ => {}
        }
    }
    let text = query.ok_or_else(|| {
        bad("no query: pass query= (GET or form POST) or POST application/sparql-query")
    })?;
    let parsed = spargebra::SparqlParser::new()
        .parse_query(&text)
        .map_err(bad)?;
    let graph_form = matches!(
        parsed,
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
    );
    let accept = wanted(request, &params);
    let results_format = negotiate(
        accept.as_deref(),
        QueryResultsFormat::from_media_type,
        QueryResultsFormat::Json,
    );
    let rdf_format = negotiate(
        accept.as_deref(),
        RdfFormat::from_media_type,
        RdfFormat::Turtle,
    );
    // Negotiation fails before any work is done.
    let (results_format, rdf_format) = if graph_form {
        (QueryResultsFormat::Json, rdf_format?)
    } else {
        (results_format?, RdfFormat::Turtle)
    };
    let timeout = state.options.timeout;
    let (token, done) = watchdog(timeout);
    let mut prepared = SparqlEvaluator::new()
        .with_cancellation_token(token)
        .for_query(parsed);
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        prepared.dataset_mut().set_default_graph(default_graphs);
        prepared
            .dataset_mut()
            .set_available_named_graphs(named_graphs);
    } else if prepared.dataset().is_default_dataset() {
        // As `conflictgraph query`: the default graph is the union of all graphs.
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let mut out = Capped {
        buf: Vec::new(),
        max: state.options.max_response,
    };
    let too_large = || {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the answer is over the limit of {} bytes: add a LIMIT",
                state.options.max_response
            ),
        )
    };
    let store = state.store();
    let media = match prepared
        .on_store(store.inner())
        .execute()
        .map_err(|e| evaluation(e, timeout))?
    {
        QueryResults::Solutions(solutions) => {
            let mut w = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .map_err(|_| too_large())?;
            for s in solutions {
                w.serialize(&s.map_err(|e| evaluation(e, timeout))?)
                    .map_err(|_| too_large())?;
            }
            w.finish().map_err(|_| too_large())?;
            results_format.media_type()
        }
        QueryResults::Boolean(b) => {
            QueryResultsSerializer::from_format(results_format)
                .serialize_boolean_to_writer(&mut out, b)
                .map_err(|_| too_large())?;
            results_format.media_type()
        }
        QueryResults::Graph(triples) => {
            let mut w = RdfSerializer::from_format(rdf_format).for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t.map_err(|e| evaluation(e, timeout))?)
                    .map_err(|_| too_large())?;
            }
            w.finish().map_err(|_| too_large())?;
            rdf_format.media_type()
        }
    };
    drop(done);
    let media = if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    };
    Response::builder()
        .header(CONTENT_TYPE, media)
        .body(Body::from(out.buf))
        .map_err(internal)
}

fn run_update(state: &State, method: &Method, update: &str) -> Result<Response<Body>, HttpError> {
    if !state.options.allow_updates {
        return Err((StatusCode::FORBIDDEN, "updates are refused: the endpoint is read-only (start it with --allow-updates to accept them)".to_string()));
    }
    if method != Method::POST {
        return Err((
            StatusCode::METHOD_NOT_ALLOWED,
            "updates must be POSTed".to_string(),
        ));
    }
    let parsed = SparqlEvaluator::new().parse_update(update).map_err(bad)?;
    parsed
        .on_store(state.store().inner())
        .execute()
        .map_err(internal)?;
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body(Body::default())
        .map_err(internal)
}

/// The saved queries as JSON: name, description and parameters, for the query page.
fn saved_list(state: &State) -> Result<Response<Body>, HttpError> {
    let list: Vec<serde_json::Value> = state
        .saved
        .iter()
        .map(|q| {
            serde_json::json!({
                "name": q.name,
                "description": q.description,
                "text": q.text,
                "params": q.params.iter().map(|p| serde_json::json!({"name": p.name, "type": p.kind.name(), "description": p.description})).collect::<Vec<_>>(),
            })
        })
        .collect();
    Response::builder()
        .header(CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_string(&list).map_err(internal)?))
        .map_err(internal)
}

/// Runs a saved query, its parameters from the URL (`/queries/backers-of?actor=Haftar`),
/// bound by type as on the command line.
fn saved_run(
    state: &State,
    request: &Request<Body>,
    name: &str,
    params: Vec<(String, String)>,
) -> Result<Response<Body>, HttpError> {
    let q = state.saved.iter().find(|q| q.name == name).ok_or_else(|| {
        (
            StatusCode::NOT_FOUND,
            format!("no saved query named {name:?}: see /queries"),
        )
    })?;
    let values: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "format")
        .cloned()
        .collect();
    let bindings: Vec<(Variable, Term)> =
        query::bind_params(&*state.store(), q, &values, None).map_err(bad)?;
    // Run as any query, with the same deadline, limits and negotiation.
    let text = query::bound_text(&q.name, &q.text, &bindings).map_err(bad)?;
    let format: Vec<(String, String)> = params.into_iter().filter(|(k, _)| k == "format").collect();
    run_query(state, request, format, Some(text))
}

/// The query page: a query box, the saved queries as one-click examples, results as a table.
const INDEX_HTML: &str = include_str!("serve.html");
