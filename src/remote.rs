//! Remote SPARQL stores: named graphs pushed with the SPARQL 1.1 Graph Store HTTP Protocol
//! (one PUT per graph, so a re-push replaces and never duplicates) and queries run with the
//! SPARQL 1.1 Protocol, over HTTP or HTTPS, with retries on transient failures.

use std::io::Read;
use std::thread;
use std::time::Duration;

use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use oxhttp::model::Body;
use oxhttp::model::{HeaderValue, Method, Request, Response, StatusCode};
use oxhttp::Client;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{NamedNode, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::QuerySolution;

/// What a remote store answered to a query.
pub enum Answer {
    Solutions(Vec<Variable>, Vec<QuerySolution>),
    Boolean(bool),
    Graph(Vec<Triple>),
}

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("{0} is not an http:// or https:// URL")]
    BadUrl(String),
    #[error("cannot reach {url}: {message} (is the server running, and is the URL right?)")]
    Unreachable { url: String, message: String },
    #[error("{method} {url} failed with HTTP {status}: {body}")]
    Status {
        method: String,
        url: String,
        status: u16,
        body: String,
    },
    #[error(
        "{url} refused the credentials (HTTP {status}): check --user and the password variable"
    )]
    Unauthorized { url: String, status: u16 },
    #[error("cannot read the answer of {url}: {message}")]
    Answer { url: String, message: String },
    #[error("the environment variable {0} holding the password is not set")]
    NoPassword(String),
}

/// Where and how to reach a remote store.
#[derive(Debug, Clone)]
pub struct RemoteConfig {
    /// The SPARQL 1.1 Protocol query endpoint.
    pub endpoint: String,
    /// The SPARQL 1.1 Graph Store HTTP Protocol endpoint; the query endpoint when not given.
    pub graph_store: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// How many times a request that failed for a transient reason is sent again.
    pub retries: u32,
    /// The first wait before a retry; each further wait doubles it, up to a minute.
    pub backoff: Duration,
    /// The longest wait for any one read or write on the connection.
    pub timeout: Duration,
}

impl RemoteConfig {
    pub fn new(endpoint: &str) -> Self {
        RemoteConfig {
            endpoint: endpoint.to_string(),
            graph_store: None,
            user: None,
            password: None,
            retries: 5,
            backoff: Duration::from_millis(250),
            timeout: Duration::from_secs(300),
        }
    }
}

/// A remote store's query and graph store endpoints.
pub struct Remote {
    client: Client,
    auth: Option<HeaderValue>,
    endpoint: String,
    graph_store: String,
    retries: u32,
    backoff: Duration,
}

/// The outcome of one request, sent again while it failed for a transient reason.
enum Attempt {
    Done(Response<Body>),
    Failed(RemoteError),
    /// Worth another try (after the server's Retry-After when it gave one).
    Transient(RemoteError, Option<Duration>),
}

impl Remote {
    pub fn new(config: &RemoteConfig) -> Result<Self, RemoteError> {
        let graph_store = config
            .graph_store
            .clone()
            .unwrap_or_else(|| config.endpoint.clone());
        for url in [&config.endpoint, &graph_store] {
            if !(url.starts_with("http://") || url.starts_with("https://"))
                || url.parse::<oxhttp::model::Uri>().is_err()
            {
                return Err(RemoteError::BadUrl(url.clone()));
            }
        }
        // No redirects: a redirected PUT would lose its body, and credentials must not be
        // sent on to another host.
        let client = Client::new()
            .with_global_timeout(config.timeout)
            .with_redirection_limit(0)
            .with_user_agent(concat!("conflictgraph/", env!("CARGO_PKG_VERSION")))
            .expect("a valid user agent");
        let auth = match (&config.user, &config.password) {
            (Some(u), p) => {
                let mut v = HeaderValue::try_from(format!(
                    "Basic {}",
                    base64(format!("{u}:{}", p.as_deref().unwrap_or("")).as_bytes())
                ))
                .expect("base64 is a valid header value");
                v.set_sensitive(true);
                Some(v)
            }
            (None, _) => None,
        };
        Ok(Remote {
            client,
            auth,
            endpoint: config.endpoint.clone(),
            graph_store,
            retries: config.retries,
            backoff: config.backoff,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Sends a request built by `build` until it succeeds, fails for good, or the retries
    /// run out. Connection failures, timeouts, 408, 429 and 5xx other than 501 are transient.
    fn send(
        &self,
        method: Method,
        url: &str,
        build: impl Fn() -> (Vec<(oxhttp::model::HeaderName, String)>, Vec<u8>),
    ) -> Result<Response<Body>, RemoteError> {
        let mut wait = self.backoff;
        let mut attempt = 0;
        loop {
            match self.once(method.clone(), url, &build) {
                Attempt::Done(r) => return Ok(r),
                Attempt::Failed(e) => return Err(e),
                Attempt::Transient(e, retry_after) => {
                    if attempt >= self.retries {
                        return Err(e);
                    }
                    attempt += 1;
                    thread::sleep(retry_after.unwrap_or(wait).min(Duration::from_secs(60)));
                    wait = (wait * 2).min(Duration::from_secs(60));
                }
            }
        }
    }

    fn once(
        &self,
        method: Method,
        url: &str,
        build: &impl Fn() -> (Vec<(oxhttp::model::HeaderName, String)>, Vec<u8>),
    ) -> Attempt {
        let (headers, body) = build();
        let mut request = Request::builder().method(method.clone()).uri(url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        if let Some(a) = &self.auth {
            request = request.header(AUTHORIZATION, a.clone());
        }
        let request = match request.body(Body::from(body)) {
            Ok(r) => r,
            Err(e) => return Attempt::Failed(RemoteError::BadUrl(format!("{url} ({e})"))),
        };
        let response = match self.client.request(request) {
            Ok(r) => r,
            Err(e) => {
                return Attempt::Transient(
                    RemoteError::Unreachable {
                        url: url.to_string(),
                        message: e.to_string(),
                    },
                    None,
                )
            }
        };
        let status = response.status();
        if status.is_success() {
            return Attempt::Done(response);
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let transient = matches!(
            status,
            StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS
        ) || (status.is_server_error() && status != StatusCode::NOT_IMPLEMENTED);
        let error = if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            RemoteError::Unauthorized {
                url: url.to_string(),
                status: status.as_u16(),
            }
        } else {
            RemoteError::Status {
                method: method.to_string(),
                url: url.to_string(),
                status: status.as_u16(),
                body: body_text(response),
            }
        };
        if transient {
            Attempt::Transient(error, retry_after)
        } else {
            Attempt::Failed(error)
        }
    }

    /// Runs a query with the SPARQL 1.1 Protocol (POST, form-encoded: long queries do not fit
    /// in a URL). Solutions are asked for as SPARQL JSON or XML, graphs as N-Triples.
    pub fn query(&self, query: &str) -> Result<Answer, RemoteError> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("query", query)
            .finish();
        let response = self.send(Method::POST, &self.endpoint, || {
            (
                vec![
                    (CONTENT_TYPE, "application/x-www-form-urlencoded".to_string()),
                    (ACCEPT, "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.8, text/turtle;q=0.7".to_string()),
                ],
                form.clone().into_bytes(),
            )
        })?;
        let url = self.endpoint.clone();
        let answer = |message: String| RemoteError::Answer {
            url: url.clone(),
            message,
        };
        let media = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let mut body = Vec::new();
        response
            .into_body()
            .read_to_end(&mut body)
            .map_err(|e| answer(e.to_string()))?;
        if let Some(format) = QueryResultsFormat::from_media_type(&media) {
            return match QueryResultsParser::from_format(format)
                .for_slice(&body)
                .map_err(|e| answer(e.to_string()))?
            {
                oxigraph::sparql::results::SliceQueryResultsParserOutput::Solutions(s) => {
                    let vars = s.variables().to_vec();
                    let rows = s
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| answer(e.to_string()))?;
                    Ok(Answer::Solutions(vars, rows))
                }
                oxigraph::sparql::results::SliceQueryResultsParserOutput::Boolean(b) => {
                    Ok(Answer::Boolean(b))
                }
            };
        }
        if let Some(format) = RdfFormat::from_media_type(&media) {
            let triples = RdfParser::from_format(format)
                .for_slice(&body)
                .map(|q| q.map(Triple::from).map_err(|e| answer(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Answer::Graph(triples));
        }
        Err(answer(format!(
            "unexpected content type {media:?}: not SPARQL results nor RDF"
        )))
    }

    /// The URL of `graph` in the graph store (indirect identification, `?graph=`).
    fn graph_url(&self, graph: &NamedNode) -> String {
        let sep = if self.graph_store.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{sep}graph={}",
            self.graph_store,
            url::form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect::<String>()
        )
    }

    /// Replaces `graph` in the remote store by `ntriples` (PUT), or adds them to it (POST).
    pub fn send_graph(
        &self,
        graph: &NamedNode,
        ntriples: &[u8],
        replace: bool,
    ) -> Result<(), RemoteError> {
        let method = if replace { Method::PUT } else { Method::POST };
        self.send(method, &self.graph_url(graph), || {
            (
                vec![(CONTENT_TYPE, "application/n-triples".to_string())],
                ntriples.to_vec(),
            )
        })?;
        Ok(())
    }
}

fn body_text(response: Response<Body>) -> String {
    let mut text = String::new();
    let _ = response.into_body().take(2000).read_to_string(&mut text);
    text.trim().to_string()
}

/// N-Triples of `triples`, in their order.
pub fn ntriples<'t>(triples: impl IntoIterator<Item = oxigraph::model::TripleRef<'t>>) -> Vec<u8> {
    let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for t in triples {
        w.serialize_triple(t)
            .expect("writing to memory does not fail");
    }
    w.finish().expect("writing to memory does not fail")
}

/// Standard base64 (RFC 4648), for HTTP Basic credentials.
fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for c in input.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64("dba:sécret".as_bytes()), "ZGJhOnPDqWNyZXQ=");
    }

    #[test]
    fn only_http_urls_are_endpoints() {
        assert!(matches!(
            Remote::new(&RemoteConfig::new("ftp://example.org/sparql")),
            Err(RemoteError::BadUrl(_))
        ));
        assert!(matches!(
            Remote::new(&RemoteConfig::new("localhost:8890/sparql")),
            Err(RemoteError::BadUrl(_))
        ));
        assert!(Remote::new(&RemoteConfig::new("http://127.0.0.1:8890/sparql")).is_ok());
    }
}

/// What a push sent and what failed.
#[derive(Debug, Default)]
pub struct PushReport {
    /// Graphs stored whole in the remote store.
    pub graphs: usize,
    pub triples: usize,
    pub bytes: usize,
    pub requests: usize,
    /// Graphs that could not be stored whole, with why; a push of them again replaces
    /// whatever part arrived.
    pub failed: Vec<(NamedNode, RemoteError)>,
}

/// One graph's requests: the first replaces the remote graph (PUT), the others add to it.
struct Batches {
    graph: NamedNode,
    bodies: Vec<Vec<u8>>,
    triples: usize,
}

/// Sends each of `graphs` from `store` to the remote graph store, `batch` triples per
/// request at most, over `jobs` connections at once. A graph's first request is a PUT and
/// the rest are POSTs, so a graph pushed again is replaced, never duplicated. Reading goes
/// on while the requests are under way, a few graphs ahead; `progress` hears of each graph
/// done (sent or failed).
pub fn push(
    store: &crate::store::GraphStore,
    remote: &Remote,
    graphs: &[NamedNode],
    batch: usize,
    jobs: usize,
    progress: impl Fn(&NamedNode) + Sync,
) -> Result<PushReport, crate::store::StoreError> {
    use std::sync::mpsc::sync_channel;
    use std::sync::Mutex;
    let batch = batch.max(1);
    let report = Mutex::new(PushReport::default());
    let (tx, rx) = sync_channel::<Batches>(jobs * 2);
    let rx = Mutex::new(rx);
    thread::scope(|scope| -> Result<(), crate::store::StoreError> {
        // Owned here, so a store error below hangs up on the senders and they stop.
        let tx = tx;
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let Ok(b) = rx.lock().expect("no sender panics").recv() else {
                    break;
                };
                let mut result = Ok(());
                let mut requests = 0;
                let mut bytes = 0;
                for (i, body) in b.bodies.iter().enumerate() {
                    requests += 1;
                    bytes += body.len();
                    result = remote.send_graph(&b.graph, body, i == 0);
                    if result.is_err() {
                        break;
                    }
                }
                let mut r = report.lock().expect("no sender panics");
                r.requests += requests;
                match result {
                    Ok(()) => {
                        r.graphs += 1;
                        r.triples += b.triples;
                        r.bytes += bytes;
                    }
                    Err(e) => r.failed.push((b.graph.clone(), e)),
                }
                drop(r);
                progress(&b.graph);
            });
        }
        for graph in graphs {
            let mut bodies = Vec::new();
            let mut chunk = Vec::with_capacity(batch.min(100_000));
            let mut triples = 0;
            for q in store
                .inner()
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            {
                let q = q.map_err(|e| store.storage(e))?;
                chunk.push(Triple::from(q));
                triples += 1;
                if chunk.len() == batch {
                    bodies.push(ntriples(chunk.iter().map(Triple::as_ref)));
                    chunk.clear();
                }
            }
            // An empty graph is sent too: the PUT empties the remote copy.
            if !chunk.is_empty() || bodies.is_empty() {
                bodies.push(ntriples(chunk.iter().map(Triple::as_ref)));
            }
            if tx
                .send(Batches {
                    graph: graph.clone(),
                    bodies,
                    triples,
                })
                .is_err()
            {
                break;
            }
        }
        drop(tx);
        Ok(())
    })?;
    let mut report = report.into_inner().expect("no sender panics");
    report.failed.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    Ok(report)
}
