//! `conflictgraph-bench`: generates the benchmark corpus and measures conflictgraph on it
//! (extraction speed, ingest time and memory against Oxigraph's own bulk loader, saved-query
//! latency, process start to first result). Every figure is printed with what produced it.

use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

use conflictgraph::corpus::Templates;
use conflictgraph::extract::Extractor;
use conflictgraph::ingest::{self, Article};
use conflictgraph::lexicon::Lexicon;
use conflictgraph::{graph, query};

#[derive(Parser)]
#[command(
    name = "conflictgraph-bench",
    about = "Benchmarks for conflictgraph on a generated wire-news corpus"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a generated corpus as JSON Lines
    Generate {
        #[arg(long, default_value_t = 1000)]
        articles: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Templates file [default: the bundled bench/wire.toml]
        #[arg(long, value_name = "FILE")]
        templates: Option<PathBuf>,
        /// Output file [default: standard output]
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Extraction speed (no store): MB/s and articles/s on one thread and on all cores
    Extract {
        #[arg(long, default_value_t = 10000)]
        articles: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// End-to-end ingest for each size: time, peak memory, store size, Oxigraph's bulk loader
    /// on the same quads, and the latency of every saved query
    Ingest {
        /// Corpus sizes, comma-separated
        #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
        articles: Vec<u64>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Work directory (corpora, stores); kept afterwards [default: a temporary directory]
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Runs per saved query (the median is reported)
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// A saved query still running after this many seconds is stopped and reported so
        #[arg(long, default_value_t = 60)]
        query_timeout: u64,
        /// Keep each ingested store in --dir (by default it is removed once its quads are
        /// dumped, so the bulk loader's store fits on the disk beside the dump)
        #[arg(long)]
        keep_stores: bool,
    },
    /// The latency of every saved query on an existing store
    Queries {
        #[arg(long, value_name = "DIR")]
        store: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long, default_value_t = 60)]
        query_timeout: u64,
    },
    /// Oxigraph's plan for a saved query (name or .rq file) on a store, with rows and time per step, as JSON
    Explain {
        #[arg(long, value_name = "DIR")]
        store: PathBuf,
        query: String,
        /// A parameter value (NAME=VALUE, repeatable)
        #[arg(long = "param")]
        params: Vec<String>,
    },
    /// Rebuilds a store's derived graphs (merged events, summary), timing each
    Derive {
        #[arg(long, value_name = "DIR")]
        store: PathBuf,
    },
    /// Compacts a store's files (Oxigraph's optimize), reporting the time it took
    #[command(hide = true)]
    Optimize {
        #[arg(long, value_name = "DIR")]
        store: PathBuf,
    },
    /// Process start to first result: `conflictgraph query who-backs-whom` on a small corpus
    Startup {
        /// Articles to ingest first (files or directories)
        #[arg(default_value = "examples/articles")]
        paths: Vec<PathBuf>,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// (internal) load an N-Quads file into a new store with Oxigraph's bulk loader
    #[command(hide = true)]
    BulkLoad { nquads: PathBuf, store: PathBuf },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Generate {
            articles,
            seed,
            templates,
            output,
        } => {
            let t = match templates {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    Templates::parse(&path.display().to_string(), &text)?
                }
                None => Templates::bundled(),
            };
            let bytes = match output {
                Some(path) => {
                    let mut w = BufWriter::new(
                        std::fs::File::create(&path)
                            .with_context(|| format!("cannot create {}", path.display()))?,
                    );
                    let n = t.write_jsonl(seed, articles, &mut w)?;
                    w.flush()?;
                    n
                }
                None => t.write_jsonl(
                    seed,
                    articles,
                    &mut BufWriter::new(std::io::stdout().lock()),
                )?,
            };
            eprintln!(
                "generated {articles} articles (seed {seed}), {:.1} MB",
                mb(bytes)
            );
            Ok(())
        }
        Cmd::Extract { articles, seed } => bench_extract(articles, seed),
        Cmd::Ingest {
            articles,
            seed,
            dir,
            runs,
            query_timeout,
            keep_stores,
        } => bench_ingest(
            &articles,
            seed,
            dir,
            runs,
            Duration::from_secs(query_timeout),
            keep_stores,
        ),
        Cmd::Queries {
            store,
            runs,
            query_timeout,
        } => bench_queries(
            &conflictgraph_bin()?,
            &store,
            runs,
            Duration::from_secs(query_timeout),
        )
        .map(|_| ()),
        Cmd::Startup { paths, runs } => bench_startup(&paths, runs),
        Cmd::Derive { store } => {
            let store = conflictgraph::store::GraphStore::open(&store, false)?;
            let started = Instant::now();
            let merged = conflictgraph::merge::rebuild(&store)?;
            let merging = started.elapsed().as_secs_f64();
            let quads = conflictgraph::summary::rebuild(&store)?;
            println!(
                "merged events: {merged} in {merging:.2}s; summary: {quads} quads in {:.2}s",
                started.elapsed().as_secs_f64() - merging
            );
            Ok(())
        }
        Cmd::Optimize { store } => {
            let started = Instant::now();
            oxigraph::store::Store::open(&store)?.optimize()?;
            println!("{:.3}", started.elapsed().as_secs_f64());
            Ok(())
        }
        Cmd::Explain {
            store,
            query: name,
            params,
        } => {
            let store = conflictgraph::store::GraphStore::open(&store, false)?;
            let q = query::resolve(&name, None)?;
            let params = params
                .iter()
                .map(|p| query::parse_param(p))
                .collect::<Result<Vec<_>, _>>()?;
            let bindings = query::bind_params(&store, &q, &params, None)?;
            println!(
                "{}",
                query::query_plan(&store, &q.name, &q.text, &bindings)?
            );
            Ok(())
        }
        Cmd::BulkLoad { nquads, store } => {
            let started = Instant::now();
            let store = oxigraph::store::Store::open(&store)?;
            let file = std::fs::File::open(&nquads)
                .with_context(|| format!("cannot read {}", nquads.display()))?;
            let mut loader = store.bulk_loader();
            loader.load_from_reader(oxigraph::io::RdfFormat::NQuads, BufReader::new(file))?;
            loader.commit()?;
            println!("{:.3}", started.elapsed().as_secs_f64());
            Ok(())
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// The conflictgraph binary built beside this one.
fn conflictgraph_bin() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let bin = exe.with_file_name(format!("conflictgraph{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        bail!(
            "{} is missing: build it with `cargo build --release`",
            bin.display()
        );
    }
    Ok(bin)
}

fn generated(articles: u64, seed: u64) -> Vec<Article> {
    let t = Templates::bundled();
    (0..articles)
        .into_par_iter()
        .map(|i| {
            let line = serde_json::to_string(&t.article(seed, i)).expect("articles serialise");
            ingest::parse_json_line(&line, "bench", i as usize + 1, "bench")
                .expect("generated articles parse")
        })
        .collect()
}

fn bench_extract(articles: u64, seed: u64) -> Result<()> {
    let started = Instant::now();
    let lex = Lexicon::bundled()?;
    let lexicon_s = started.elapsed().as_secs_f64();
    let extractor = Extractor::new(&lex);
    let corpus = generated(articles, seed);
    let bytes: u64 = corpus.iter().map(|a| a.text.len() as u64).sum();
    println!(
        "corpus: {articles} generated articles (seed {seed}), {:.1} MB of article text",
        mb(bytes)
    );
    println!("lexicon and patterns loaded in {lexicon_s:.2}s");
    let threads = rayon::current_num_threads();
    let report = |what: &str, d: Duration, facts: usize| {
        let s = d.as_secs_f64();
        println!(
            "{what:<34} {:>7.2}s {:>8.1} MB/s {:>9.0} articles/s  ({facts} claims and events)",
            s,
            mb(bytes) / s,
            articles as f64 / s
        );
    };
    let count = |a: &Article| {
        let x = extractor.extract(a);
        x.claims.len() + x.events.len()
    };
    let t = Instant::now();
    let facts: usize = corpus.iter().map(count).sum();
    report("extract, 1 thread", t.elapsed(), facts);
    let t = Instant::now();
    let facts: usize = corpus.par_iter().map(count).sum();
    report(&format!("extract, {threads} threads"), t.elapsed(), facts);
    let t = Instant::now();
    let quads: usize = corpus
        .par_iter()
        .map(|a| graph::article_quads(a, &extractor.extract(a), &lex).len())
        .sum();
    report(
        &format!("extract + map to RDF, {threads} threads"),
        t.elapsed(),
        facts,
    );
    println!(
        "quads: {quads} ({:.0} per article)",
        quads as f64 / articles as f64
    );
    Ok(())
}

/// Wall time and peak resident memory of a child process.
struct Run {
    seconds: f64,
    peak_rss_mb: f64,
    stdout: String,
}

fn run(cmd: &mut Command) -> Result<Run> {
    run_for(cmd, None)
}

/// Runs `cmd` to its end, or kills it after `limit` (then the error says so).
fn run_for(cmd: &mut Command, limit: Option<Duration>) -> Result<Run> {
    use std::os::unix::process::ExitStatusExt;
    let started = Instant::now();
    let output_file = tempfile::NamedTempFile::new()?;
    let child = cmd
        .stdout(output_file.reopen()?)
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    loop {
        let flags = if limit.is_some() { libc::WNOHANG } else { 0 };
        match unsafe { libc::wait4(pid, &mut status, flags, &mut usage) } {
            p if p == pid => break,
            0 if limit.is_some_and(|l| started.elapsed() > l) => {
                unsafe { libc::kill(pid, libc::SIGKILL) };
                unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
                bail!("timed out after {:.0}s", started.elapsed().as_secs_f64());
            }
            0 => std::thread::sleep(Duration::from_millis(2)),
            _ => bail!(
                "cannot wait for {cmd:?}: {}",
                std::io::Error::last_os_error()
            ),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let exit = std::process::ExitStatus::from_raw(status);
    let stdout = std::fs::read_to_string(output_file.path())?;
    if !exit.success() {
        bail!("{cmd:?} failed ({exit}): {stdout}");
    }
    Ok(Run {
        seconds,
        peak_rss_mb: usage.ru_maxrss as f64 / 1024.0,
        stdout,
    })
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn bench_ingest(
    sizes: &[u64],
    seed: u64,
    dir: Option<PathBuf>,
    runs: usize,
    timeout: Duration,
    keep_stores: bool,
) -> Result<()> {
    let bin = conflictgraph_bin()?;
    let tmp;
    let dir = match dir {
        Some(d) => {
            std::fs::create_dir_all(&d)?;
            d
        }
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_path_buf()
        }
    };
    let t = Templates::bundled();
    let mut curve = Vec::new();
    for &n in sizes {
        println!("\n== {n} articles (seed {seed}) ==");
        let corpus = dir.join(format!("wire-{n}.jsonl"));
        let bytes = t.write_jsonl(
            seed,
            n,
            &mut BufWriter::new(std::fs::File::create(&corpus)?),
        )?;
        println!("corpus: {} ({:.1} MB)", corpus.display(), mb(bytes));
        let store = dir.join(format!("store-{n}"));
        let _ = std::fs::remove_dir_all(&store);
        let ingest = run(Command::new(&bin)
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .arg(&corpus))?;
        let store_bytes = dir_size(&store);
        println!(
            "ingest: {:.1}s ({:.0} articles/s, {:.1} MB/s), peak RSS {:.0} MB, store {:.0} MB on disk\n  {}",
            ingest.seconds,
            n as f64 / ingest.seconds,
            mb(bytes) / ingest.seconds,
            ingest.peak_rss_mb,
            mb(store_bytes),
            ingest.stdout.trim()
        );
        let latencies = bench_queries(&bin, &store, runs, timeout)?;
        let slowest = latencies
            .iter()
            .cloned()
            .fold(("".to_string(), 0.0), |a, b| if b.1 > a.1 { b } else { a });
        println!("slowest saved query: {} {:.3}s", slowest.0, slowest.1);
        // The store's own quads, dumped as Oxigraph stores them (the sorted `export` would
        // hold them all in memory to sort them).
        let nquads = dir.join(format!("store-{n}.nq"));
        let started = Instant::now();
        let quads = {
            let s = oxigraph::store::Store::open(&store)?;
            let mut w = BufWriter::new(std::fs::File::create(&nquads)?);
            s.dump_to_writer(
                oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NQuads),
                &mut w,
            )?;
            w.flush()?;
            s.len()?
        };
        println!(
            "dump: {quads} quads as N-Quads in {:.1}s",
            started.elapsed().as_secs_f64()
        );
        // Two stores and the dump of 100k articles do not fit on the disk together.
        if !keep_stores {
            std::fs::remove_dir_all(&store)?;
        }
        let bulk_store = dir.join(format!("bulk-{n}"));
        let _ = std::fs::remove_dir_all(&bulk_store);
        let bulk = run(Command::new(std::env::current_exe()?)
            .arg("bulk-load")
            .arg(&nquads)
            .arg(&bulk_store))?;
        println!(
            "oxigraph bulk loader alone, same quads: {:.1}s ({:.0} quads/s), peak RSS {:.0} MB; ingest / bulk load = {:.2}",
            bulk.seconds,
            quads as f64 / bulk.seconds,
            bulk.peak_rss_mb,
            ingest.seconds / bulk.seconds
        );
        let _ = std::fs::remove_dir_all(&bulk_store);
        let _ = std::fs::remove_file(&nquads);
        curve.push((n, ingest.seconds, store_bytes, quads, ingest.peak_rss_mb));
    }
    if curve.len() > 1 {
        println!(
            "\ncost curve:\n{:>9} {:>10} {:>12} {:>12} {:>12}",
            "articles", "ingest s", "store MB", "quads", "peak RSS MB"
        );
        for (n, s, b, q, rss) in &curve {
            println!("{n:>9} {s:>10.1} {:>12.0} {q:>12} {rss:>12.0}", mb(*b));
        }
        for w in curve.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let x = b.0 as f64 / a.0 as f64;
            println!(
                "{}→{} articles (×{x:.0}): ingest time ×{:.1}, store size ×{:.1}, quads ×{:.1}",
                a.0,
                b.0,
                b.1 / a.1,
                b.2 as f64 / a.2 as f64,
                b.3 as f64 / a.3 as f64
            );
        }
    }
    Ok(())
}

/// Runs every saved query through the CLI (process start included) and prints its median
/// latency; parameters get values found in the store.
fn bench_queries(
    bin: &Path,
    store: &Path,
    runs: usize,
    timeout: Duration,
) -> Result<Vec<(String, f64)>> {
    let cli = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.arg("--store")
            .arg(store)
            .arg("query")
            .args(args)
            .args(["--format", "csv"]);
        c
    };
    // A backer and a backed actor from the store itself.
    let top = run(&mut cli(&["who-backs-whom"]))?.stdout;
    let mut rows = csv::Reader::from_reader(top.as_bytes());
    let headers = rows.headers()?.clone();
    let first = rows
        .records()
        .next()
        .context("who-backs-whom returned no rows")??;
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| first.get(i))
            .unwrap_or("")
            .to_string()
    };
    let (backer, backed) = (col("backer"), col("backed"));
    println!("saved queries (median of {runs} runs, process start included; actor = {backed:?}):");
    let mut out = Vec::new();
    for q in query::saved_queries(None)? {
        let mut args = vec![q.name.clone()];
        for p in &q.params {
            let value = match (p.name.as_str(), p.kind.name()) {
                ("backer", _) => backer.clone(),
                (_, "actor") => backed.clone(),
                ("from", _) => "2020-01-01".into(),
                ("to", _) => "2020-03-31".into(),
                (_, "text") => "drones".into(),
                (_, "integer") => "10".into(),
                (name, kind) => bail!("no bench value for parameter {name} ({kind}) of {}", q.name),
            };
            args.push("--param".into());
            args.push(format!("{}={value}", p.name));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..runs.max(1) {
            match run_for(&mut cli(&args), Some(timeout)) {
                Ok(r) => {
                    rows = r.stdout.lines().count().saturating_sub(1);
                    times.push(r.seconds);
                }
                Err(e) => {
                    println!("  {:<16} {e}", q.name);
                    times.clear();
                    break;
                }
            }
        }
        if times.is_empty() {
            out.push((q.name, f64::INFINITY));
            continue;
        }
        let m = median(times);
        println!("  {:<16} {:>8.3}s {:>8} rows", q.name, m, rows);
        out.push((q.name, m));
    }
    Ok(out)
}

fn bench_startup(paths: &[PathBuf], runs: usize) -> Result<()> {
    let bin = conflictgraph_bin()?;
    let dir = tempfile::tempdir()?;
    let store = dir.path().join("store");
    let mut ingest = Command::new(&bin);
    ingest.arg("--store").arg(&store).arg("ingest").args(paths);
    run(&mut ingest)?;
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let r = run(Command::new(&bin).arg("--store").arg(&store).args([
            "query",
            "who-backs-whom",
            "--format",
            "csv",
        ]))?;
        rows = r.stdout.lines().count().saturating_sub(1);
        times.push(r.seconds);
    }
    let min = times.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = times.iter().cloned().fold(0.0, f64::max);
    println!(
        "query who-backs-whom on {}: {rows} rows; process start to last result over {} runs: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "),
        times.len(),
        median(times) * 1e3,
        min * 1e3,
        max * 1e3
    );
    Ok(())
}
