//! The `conflictgraph` command: parse arguments, call the library, report errors, pick the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use conflictgraph::export::{self, ExportFormat};
use conflictgraph::lexicon::Lexicon;
use conflictgraph::query::{self, OutputFormat, QueryError, SavedQuery, Target};
use conflictgraph::remote::{self, Remote, RemoteConfig};
use conflictgraph::store::GraphStore;
use conflictgraph::{ingest, merge, pipeline, summary};

#[derive(Parser)]
#[command(
    name = "conflictgraph",
    version,
    about = "Extract who-backs-whom knowledge graphs from news articles on armed conflicts"
)]
struct Cli {
    /// The store directory [default: $CONFLICTGRAPH_STORE, else ./conflictgraph.db]
    #[arg(long, global = true, env = "CONFLICTGRAPH_STORE", value_name = "DIR")]
    store: Option<PathBuf>,
    /// Use the lexicon and patterns in DIR (lexicon/actors.csv, lexicon/places.csv, patterns.toml) instead of the bundled ones
    #[arg(
        long,
        global = true,
        env = "CONFLICTGRAPH_ONTOLOGY",
        value_name = "DIR"
    )]
    ontology: Option<PathBuf>,
    /// Also look for saved queries (*.rq) in DIR
    #[arg(long, global = true, env = "CONFLICTGRAPH_QUERIES", value_name = "DIR")]
    queries: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles (.txt, .md, .jsonl files or directories) into the store
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Keep every article's event reports apart: do not merge reports of one event across
        /// articles (and drop the merges made before)
        #[arg(long)]
        no_merge: bool,
        /// Refuse articles (files, JSON Lines records) whose text is longer than this
        #[arg(long, default_value_t = ingest::DEFAULT_MAX_ARTICLE_BYTES, value_name = "BYTES")]
        max_article_bytes: u64,
        /// Also push the articles read (and the rebuilt derived graphs) to this remote store;
        /// the local store stays the working copy the derived graphs are computed from
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Send the store's named graphs to a remote SPARQL store with the Graph Store HTTP
    /// Protocol (one PUT per graph, so pushing again replaces, never duplicates)
    Push {
        #[command(flatten)]
        remote: RemoteArgs,
        /// Only these graphs: article ids or graph IRIs [default: every graph]
        #[arg(value_name = "ARTICLE|IRI")]
        graphs: Vec<String>,
        /// At most this many triples per request; a larger graph is sent as a PUT and POSTs
        #[arg(long, default_value_t = 50_000, value_name = "TRIPLES")]
        batch: usize,
        /// Requests under way at once
        #[arg(long, default_value_t = 4, value_name = "N")]
        jobs: usize,
    },
    /// Serve the store as a SPARQL 1.1 endpoint (read-only unless --allow-updates), with a
    /// query page at /
    Serve {
        /// The address to listen on; only this machine can connect to the default
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// Stop a query after this many seconds (503)
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        timeout: u64,
        /// Refuse request bodies over this many bytes (413)
        #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
        max_body: u64,
        /// Queries run at once; more are answered 503 at once
        #[arg(long, default_value_t = 4, value_name = "N")]
        max_queries: usize,
        /// Accept SPARQL updates (at /update and /sparql); they change the store, and the
        /// derived graphs are not rebuilt until the next ingest
        #[arg(long)]
        allow_updates: bool,
    },
    /// Run a saved query (by name or .rq file) or a SPARQL query given with -e
    Query {
        /// Saved query name (see `conflictgraph queries`) or path to a .rq file
        #[arg(
            value_name = "NAME|FILE.rq",
            required_unless_present = "execute",
            conflicts_with = "execute"
        )]
        name: Option<String>,
        /// A SPARQL query to run
        #[arg(short = 'e', long = "execute", value_name = "SPARQL")]
        execute: Option<String>,
        /// Output format [default: table on a terminal, csv otherwise]
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// A parameter value, bound as a value (repeatable)
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Run the query on a remote SPARQL endpoint instead of the local store
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// List the saved queries with their descriptions and parameters
    Queries,
    /// Export the store as RDF, or as CSV tables with --csv
    Export {
        #[arg(long, value_enum, default_value = "turtle", conflicts_with = "csv")]
        format: RdfFormatArg,
        /// Only one named graph: an article's id, or a graph IRI (the ontology, the merged events)
        #[arg(long, value_name = "ARTICLE|IRI", conflicts_with = "csv")]
        graph: Option<String>,
        /// RDF 1.2 (turtle only): claims as reified triples (rdf:reifies, annotation syntax)
        /// instead of RDF 1.1 rdf:Statement reification; needs an RDF 1.2 parser (pyoxigraph 0.5, Jena 5)
        #[arg(long, conflicts_with = "csv")]
        rdf12: bool,
        /// Write to FILE instead of standard output
        #[arg(
            short = 'o',
            long = "output",
            value_name = "FILE",
            conflicts_with = "csv"
        )]
        output: Option<PathBuf>,
        /// Write CSV tables into DIR: actors, alliances, oppositions, roles, locations,
        /// events (ACLED columns), event-reports and name-forms
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        /// With --csv: start each file with a UTF-8 byte order mark so Excel reads accents right
        #[arg(long, requires = "csv")]
        excel: bool,
    },
    /// Draw who backs whom: actors as nodes (coloured by type), backs and opposes claims as
    /// edges weighted by their number of sources
    Graph {
        #[arg(long, value_enum, default_value = "svg")]
        format: PictureFormat,
        /// Write to FILE instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show every claim and event about an actor (name, alias or IRI) or an event (IRI), with its evidence
    Explain {
        #[arg(value_name = "ACTOR_OR_EVENT")]
        target: String,
    },
}

/// A remote store's endpoints and credentials.
#[derive(clap::Args)]
struct RemoteArgs {
    /// The remote store's SPARQL query endpoint (e.g. http://localhost:8890/sparql)
    #[arg(long, value_name = "URL", required = false)]
    endpoint: Option<String>,
    /// Its Graph Store Protocol endpoint [default: the query endpoint]
    #[arg(long, value_name = "URL", requires = "endpoint")]
    graph_store: Option<String>,
    #[command(flatten)]
    auth: AuthArgs,
    /// Send a request again this many times when it fails for a transient reason
    /// (connection refused or reset, timeout, HTTP 408, 429, 5xx), waiting longer each time
    #[arg(long, default_value_t = 5, value_name = "N")]
    retries: u32,
}

#[derive(clap::Args)]
struct AuthArgs {
    /// User name for HTTP Basic authentication
    #[arg(long, value_name = "USER")]
    user: Option<String>,
    /// The environment variable holding the password (never the password itself: command
    /// lines are visible to every user of the machine)
    #[arg(long, value_name = "VAR", requires = "user")]
    password_env: Option<String>,
}

impl AuthArgs {
    fn config(&self, endpoint: &str) -> Result<RemoteConfig> {
        let mut c = RemoteConfig::new(endpoint);
        c.user = self.user.clone();
        if let Some(var) = &self.password_env {
            c.password =
                Some(std::env::var(var).map_err(|_| remote::RemoteError::NoPassword(var.clone()))?);
        }
        Ok(c)
    }
}

impl RemoteArgs {
    fn remote(&self) -> Result<Option<Remote>> {
        let Some(endpoint) = &self.endpoint else {
            return Ok(None);
        };
        let mut c = self.auth.config(endpoint)?;
        c.graph_store = self.graph_store.clone();
        c.retries = self.retries;
        Ok(Some(Remote::new(&c)?))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

#[derive(Clone, Copy, ValueEnum)]
enum RdfFormatArg {
    Turtle,
    Trig,
    Nquads,
    Ntriples,
    Jsonld,
    Rdfxml,
}

#[derive(Clone, Copy, ValueEnum)]
enum PictureFormat {
    Svg,
    Dot,
    Graphml,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `conflictgraph export | head` closing the pipe early is not a failure.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || e.to_string().contains("Broken pipe")
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("conflictgraph: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn store_path(cli: &Cli) -> PathBuf {
    cli.store
        .clone()
        .unwrap_or_else(|| PathBuf::from("conflictgraph.db"))
}

/// Opens the store read-only, so reading works while an ingest writes, and says when the
/// derived graphs may lag behind the articles.
fn open_for_reading(dir: &Path) -> Result<GraphStore> {
    let store = GraphStore::open_read_only(dir)?;
    if store.ingest_unfinished() {
        eprintln!(
            "conflictgraph: warning: an ingest into {} is running or was interrupted: totals and merged events may not cover every stored article until an ingest finishes (run the ingest again if it was stopped)",
            dir.display()
        );
    }
    Ok(store)
}

fn lexicon(dir: Option<&Path>) -> Result<Lexicon> {
    Ok(match dir {
        Some(d) => Lexicon::load(d)?,
        None => Lexicon::bundled()?,
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let store_dir = store_path(&cli);
    match &cli.command {
        Command::Ingest {
            paths,
            no_merge,
            max_article_bytes,
            remote,
        } => {
            let remote = remote.remote()?;
            let lex = lexicon(cli.ontology.as_deref())?;
            let files = ingest::collect_files(paths)?;
            if files.is_empty() {
                bail!(
                    "no .txt, .md or .jsonl files under {}",
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let store = GraphStore::open(&store_dir, true)?;
            // Marked until the derived graphs are rebuilt: a run killed before that leaves
            // articles whose merges and totals are not yet computed, and readers say so.
            store.start_ingest()?;
            // A progress bar on a terminal, over the bytes of the article files; it is
            // cleared when the run ends.
            let started = std::time::Instant::now();
            let bar = std::io::stderr().is_terminal().then(|| {
                let b = indicatif::ProgressBar::new(0);
                b.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:30} {bytes}/{total_bytes} {msg}, {elapsed} elapsed, eta {eta}",
                    )
                    .expect("static template"),
                );
                b
            });
            let options = pipeline::IngestOptions {
                limits: ingest::Limits {
                    max_article_bytes: *max_article_bytes,
                },
                list_graphs: remote.is_some(),
            };
            let report = pipeline::ingest(&store, &lex, &files, options, |p| {
                if let Some(b) = &bar {
                    // Redrawing is throttled by indicatif; the message is cheap to build.
                    b.set_length(p.total_bytes);
                    b.set_position(p.bytes);
                    let rate = p.articles as f64 / started.elapsed().as_secs_f64().max(1e-3);
                    b.set_message(format!("{} articles, {rate:.0} articles/s", p.articles));
                }
            })?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            // Merges are derived from every article in the store, so they are rebuilt whole,
            // and so are the store-wide totals the saved queries read.
            let clock = std::time::Instant::now();
            let merged = if *no_merge {
                merge::clear(&store).map(|()| 0)?
            } else {
                merge::rebuild(&store)?
            };
            let merging = clock.elapsed().as_secs_f64();
            summary::rebuild(&store)?;
            store.finish_ingest()?;
            let totalling = clock.elapsed().as_secs_f64() - merging;
            for e in &report.skipped {
                eprintln!("conflictgraph: skipped {e}");
            }
            println!(
                "ingested {} articles: {} actors, {} claims, {} events, {} triples in {:.2}s; {} events merged across the store's articles, merges rebuilt in {:.2}s and totals in {:.2}s{}",
                report.articles,
                report.actors,
                report.claims,
                report.events,
                report.triples,
                report.seconds,
                merged,
                merging,
                totalling,
                if report.skipped.is_empty() { String::new() } else { format!(" ({} skipped)", report.skipped.len()) }
            );
            let mut failed = !report.skipped.is_empty();
            if let Some(remote) = remote {
                // The run's articles, then the graphs every ingest rebuilds.
                let mut graphs = report.graphs.clone();
                graphs.extend(store.derived_graphs());
                failed |= !push(&store, &remote, &graphs, 50_000, 4)?;
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Push {
            remote,
            graphs,
            batch,
            jobs,
        } => {
            let remote = remote
                .remote()?
                .context("push needs --endpoint URL: the remote store's SPARQL endpoint")?;
            let store = open_for_reading(&store_dir)?;
            let graphs = if graphs.is_empty() {
                store.graph_names()?
            } else {
                graphs
                    .iter()
                    .map(|g| export::resolve_graph(&store, g))
                    .collect::<Result<Vec<_>, _>>()?
            };
            Ok(if push(&store, &remote, &graphs, *batch, *jobs)? {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Serve {
            bind,
            timeout,
            max_body,
            max_queries,
            allow_updates,
        } => {
            // Updates need the writer's lock; a read-only server lets ingests run beside it.
            let store = if *allow_updates {
                GraphStore::open(&store_dir, false)?
            } else {
                open_for_reading(&store_dir)?
            };
            let saved = query::saved_queries(cli.queries.as_deref())?;
            let options = conflictgraph::serve::ServeOptions {
                bind: *bind,
                timeout: std::time::Duration::from_secs(*timeout),
                max_body: *max_body,
                max_queries: (*max_queries).max(1),
                allow_updates: *allow_updates,
                ..Default::default()
            };
            let serving =
                conflictgraph::serve::serve(store, saved, options).with_context(|| {
                    format!(
                        "cannot listen on {bind}: is another server using the port? pass --bind"
                    )
                })?;
            eprintln!(
                "serving {} at http://{bind}/ (SPARQL endpoint http://{bind}/sparql, {}); stop with Ctrl-C",
                store_dir.display(),
                if *allow_updates { "updates accepted" } else { "read-only" }
            );
            serving.join()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Query {
            name,
            execute,
            format,
            params,
            endpoint,
            auth,
        } => {
            let q = match (name, execute) {
                (_, Some(text)) => SavedQuery::parse("-e", text)?,
                (Some(n), None) => query::resolve(n, cli.queries.as_deref())?,
                (None, None) => unreachable!("clap requires one"),
            };
            let params = params
                .iter()
                .map(|p| query::parse_param(p))
                .collect::<Result<Vec<_>, _>>()?;
            let format = match format {
                Some(Format::Table) => OutputFormat::Table,
                Some(Format::Csv) => OutputFormat::Csv,
                Some(Format::Tsv) => OutputFormat::Tsv,
                Some(Format::Json) => OutputFormat::Json,
                Some(Format::Xml) => OutputFormat::Xml,
                None if std::io::stdout().is_terminal() => OutputFormat::Table,
                None => OutputFormat::Csv,
            };
            let (store, remote) = match endpoint {
                Some(url) => (None, Some(Remote::new(&auth.config(url)?)?)),
                None => (Some(open_for_reading(&store_dir)?), None),
            };
            let target = match (&store, &remote) {
                (Some(s), _) => Target::Local(s),
                (None, Some(r)) => Target::Remote(r),
                (None, None) => unreachable!("one of them is open"),
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            // The lexicon (respellings, folding) is loaded only for a name the store lacks verbatim.
            let bindings = match query::bind_params(target, &q, &params, None) {
                Err(QueryError::NoSuchActor { .. }) => query::bind_params(
                    target,
                    &q,
                    &params,
                    Some(&lexicon(cli.ontology.as_deref())?),
                )?,
                other => other?,
            };
            query::run(target, &q, &bindings, format, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Queries => {
            let mut out = std::io::stdout().lock();
            for q in query::saved_queries(cli.queries.as_deref())? {
                writeln!(out, "{:<16} {}", q.name, q.description)?;
                for p in &q.params {
                    writeln!(
                        out,
                        "{:<16}   --param {}=…  ({}) {}",
                        "",
                        p.name,
                        p.kind.name(),
                        p.description
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            graph,
            rdf12,
            output,
            csv,
            excel,
        } => {
            let store = open_for_reading(&store_dir)?;
            if let Some(dir) = csv {
                for (path, rows) in
                    export::export_csv(&store, dir, export::CsvOptions { excel: *excel })?
                {
                    eprintln!("wrote {} ({rows} rows)", path.display());
                }
                return Ok(ExitCode::SUCCESS);
            }
            let format = match format {
                RdfFormatArg::Turtle => ExportFormat::Turtle,
                RdfFormatArg::Trig => ExportFormat::TriG,
                RdfFormatArg::Nquads => ExportFormat::NQuads,
                RdfFormatArg::Ntriples => ExportFormat::NTriples,
                RdfFormatArg::Jsonld => ExportFormat::JsonLd,
                RdfFormatArg::Rdfxml => ExportFormat::RdfXml,
            };
            let graph = graph
                .as_deref()
                .map(|g| export::resolve_graph(&store, g))
                .transpose()?;
            let opts = export::RdfOptions {
                format,
                graph,
                rdf12: *rdf12,
            };
            let quads = export::quads(&store, opts.graph.as_ref())?;
            write_output(
                output.as_deref(),
                |w| export::export_rdf(quads, &opts, w).map_err(Into::into),
                "statements",
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Graph { format, output } => {
            let store = open_for_reading(&store_dir)?;
            let net = export::network::network(&store)?;
            let text = match format {
                PictureFormat::Svg => export::network::to_svg(&net),
                PictureFormat::Dot => export::network::to_dot(&net),
                PictureFormat::Graphml => export::network::to_graphml(&net),
            };
            write_output(
                output.as_deref(),
                |w| {
                    w.write_all(text.as_bytes())?;
                    Ok(net.nodes.len())
                },
                "actors",
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { target } => {
            let store = open_for_reading(&store_dir)?;
            let (node, lines) = match query::explain(&store, target, None) {
                Err(QueryError::NothingToExplain { .. }) => {
                    query::explain(&store, target, Some(&lexicon(cli.ontology.as_deref())?))?
                }
                other => other?,
            };
            let mut out = std::io::stdout().lock();
            writeln!(out, "{node}")?;
            if lines.is_empty() {
                writeln!(out, "  no claims or events")?;
            }
            let mut last = None;
            for l in &lines {
                let head = format!("{} {} {} {}", l.what, l.subject, l.relation, l.object);
                if last.as_ref() != Some(&head) {
                    writeln!(
                        out,
                        "\n{}: {} —{}→ {}",
                        l.what,
                        or_dash(&l.subject),
                        l.relation,
                        or_dash(&l.object)
                    )?;
                    last = Some(head);
                }
                writeln!(
                    out,
                    "  [{}] rule {} ({}, confidence {})",
                    l.article, l.rule, l.stance, l.confidence
                )?;
                writeln!(out, "    “{}”", l.sentence)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Pushes `graphs` to `remote` with a progress bar on a terminal, and reports what was sent
/// and what failed; whether everything was sent.
fn push(
    store: &GraphStore,
    remote: &Remote,
    graphs: &[oxigraph::model::NamedNode],
    batch: usize,
    jobs: usize,
) -> Result<bool> {
    let started = std::time::Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(graphs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} graphs, {per_sec}, eta {eta}",
            )
            .expect("static template"),
        );
        b
    });
    let report = remote::push(store, remote, graphs, batch, jobs, |_| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for (graph, e) in &report.failed {
        eprintln!("conflictgraph: could not push {graph}: {e}");
    }
    println!(
        "pushed {} graphs ({} triples, {:.1} MB in {} requests) to {} in {:.2}s{}",
        report.graphs,
        report.triples,
        report.bytes as f64 / 1e6,
        report.requests,
        remote.endpoint(),
        started.elapsed().as_secs_f64(),
        if report.failed.is_empty() {
            String::new()
        } else {
            format!(
                "; {} failed (push again to retry them)",
                report.failed.len()
            )
        }
    );
    Ok(report.failed.is_empty())
}

/// Runs `write` on FILE (reporting "wrote FILE (N what)") or on standard output.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<usize>,
    what: &str,
) -> Result<()> {
    match path {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let n = write(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
            w.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({n} {what})", path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            write(&mut w)?;
            w.flush()?;
        }
    }
    Ok(())
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "–"
    } else {
        s
    }
}
