//! CSV tables for spreadsheets: one per saved query, plus an ACLED-style events.csv; every
//! cell a spreadsheet would run as a formula is neutralised.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::clusters::Clusters;
use crate::query;
use crate::store::GraphStore;

/// The tables `export --csv` writes from saved queries (file, query). events.csv, the
/// ACLED-style table, is written beside them by [`export_csv`].
pub const CSV_TABLES: &[(&str, &str)] = &[
    ("actors.csv", "actors"),
    ("alliances.csv", "who-backs-whom"),
    ("oppositions.csv", "opposes"),
    ("roles.csv", "roles"),
    ("locations.csv", "locations"),
    ("event-reports.csv", "events"),
    ("name-forms.csv", "name-forms"),
];

/// The ACLED-style table's file and columns, in the order of ACLED's own exports.
pub const ACLED_FILE: &str = "events.csv";
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
];

/// How CSV files are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Start each file with a UTF-8 byte order mark: Excel reads a CSV without one in the
    /// machine's legacy code page and shows "SalamÃ©" for "Salamé".
    pub excel: bool,
}

/// A cell a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or carriage
/// return) gets a leading apostrophe; numbers ("-8.00", "+3") stay numbers.
pub fn spreadsheet_safe(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A decimal number as a spreadsheet reads one: sign, digits, an optional fraction and
/// exponent. Not Rust's float syntax, which also takes "-inf" and "+NaN", and a spreadsheet
/// reads those as formulas.
fn is_plain_number(cell: &str) -> bool {
    let s = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac) && exponent_ok
}

fn write_table(
    path: &Path,
    header: &[&str],
    rows: &[Vec<String>],
    opts: CsvOptions,
) -> Result<(), ExportError> {
    let io = |source: std::io::Error| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    if opts.excel {
        std::io::Write::write_all(&mut file, "\u{feff}".as_bytes()).map_err(io)?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    w.write_record(header).map_err(|e| io(e.into()))?;
    for r in rows {
        w.write_record(r.iter().map(|c| spreadsheet_safe(c)))
            .map_err(|e| io(e.into()))?;
    }
    w.flush().map_err(io)
}

/// Writes every table into `dir` (created if needed). Returns (file, rows) pairs.
pub fn export_csv(
    store: &GraphStore,
    dir: &Path,
    opts: CsvOptions,
) -> Result<Vec<(PathBuf, usize)>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (file, query_name) in CSV_TABLES {
        let q = query::resolve(query_name, None)?;
        let (header, rows) = query::rows(store, &q.name, &q.text, &[])?;
        let path = dir.join(file);
        write_table(
            &path,
            &header.iter().map(String::as_str).collect::<Vec<_>>(),
            &rows,
            opts,
        )?;
        written.push((path, rows.len()));
    }
    let rows = acled_rows(store)?;
    let path = dir.join(ACLED_FILE);
    write_table(&path, ACLED_COLUMNS, &rows, opts)?;
    written.push((path, rows.len()));
    written.sort();
    Ok(written)
}

/// One row per report of an event whose type has an ACLED type, with the merged event it
/// belongs to (if any) and what the ACLED columns need.
const ACLED_REPORTS: &str = r#"
PREFIX cg: <https://w3id.org/conflictgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
SELECT ?event ?merged ?date ?precision ?type ?sub ?sub_state ?agent ?agent_state ?target ?location ?country ?lat ?lon ?source ?sentence ?g ?start ?t WHERE {
  GRAPH ?g {
    ?event a sem:Event ; sem:eventType ?t ; cg:datePrecision ?precision .
    OPTIONAL { ?event sem:hasTimeStamp ?ts }
    OPTIONAL {
      ?event cg:agent ?a . ?a rdfs:label ?agent .
      OPTIONAL { ?a a ?ac FILTER(?ac IN (cg:Government, cg:State)) BIND("yes" AS ?agent_state) }
    }
    OPTIONAL { ?event cg:target/rdfs:label ?target }
    OPTIONAL {
      ?event sem:hasPlace ?p . ?p rdfs:label ?location .
      OPTIONAL { ?p schema:latitude ?lat ; schema:longitude ?lon }
      OPTIONAL { ?p schema:containedInPlace/rdfs:label ?within }
      OPTIONAL { ?p a ?pc FILTER(?pc IN (cg:State, cg:Country)) BIND(?location AS ?itself) }
    }
    ?evidence cg:supports ?event ; oa:hasSelector/oa:exact ?sentence ; oa:hasSelector/oa:start ?start .
    ?g dcterms:identifier ?article .
    OPTIONAL { ?g dcterms:publisher ?publisher }
  }
  ?t cg:acledEventType ?type ; cg:acledSubEventType ?sub .
  OPTIONAL { ?t cg:acledSubEventTypeStateAgent ?sub_state }
  OPTIONAL { GRAPH ?m { ?merged cg:report ?event } }
  BIND(COALESCE(STR(?ts), "") AS ?date)
  BIND(COALESCE(?within, ?itself, "") AS ?country)
  BIND(COALESCE(?publisher, ?article) AS ?source)
}
ORDER BY ?event ?start
"#;

/// The event id of an IRI: its last path segment.
fn local(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// Values by how many reports name them, then by where the first sentence names them.
fn ranked(values: &[(String, String)]) -> Vec<String> {
    let mut count: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (v, sentence) in values.iter().filter(|(v, _)| !v.is_empty()) {
        let pos = sentence.find(v.as_str()).unwrap_or(usize::MAX);
        let e = count.entry(v).or_insert((0, pos));
        e.0 += 1;
        e.1 = e.1.min(pos);
    }
    let mut v: Vec<(&str, (usize, usize))> = count.into_iter().collect();
    v.sort_by(|a, b| {
        b.1 .0
            .cmp(&a.1 .0)
            .then(a.1 .1.cmp(&b.1 .1))
            .then(a.0.cmp(b.0))
    });
    v.into_iter().map(|(s, _)| s.to_string()).collect()
}

/// ACLED-style rows: one per event. Reports merged across articles are one event with all
/// their sources; the coordinated agents of one sentence ("A and B shelled C", which the
/// extractor records as one report per agent) are one event whose first agent is actor1 and
/// the others assoc_actor_1. event_date is the most precise date any report gives
/// (time_precision 1 for a day, 3 for a month, written as its first day); a year alone or no
/// date leaves event_date empty.
fn acled_rows(store: &GraphStore) -> Result<Vec<Vec<String>>, ExportError> {
    let (header, rows) = query::rows(store, "ACLED events", ACLED_REPORTS, &[])?;
    let col = |name: &str| header.iter().position(|h| h == name).expect("projected");
    let [event, merged, date, precision, etype, sub, sub_state, agent, agent_state, target, location, country, lat, lon, source, sentence, g, start, t] =
        [
            "event",
            "merged",
            "date",
            "precision",
            "type",
            "sub",
            "sub_state",
            "agent",
            "agent_state",
            "target",
            "location",
            "country",
            "lat",
            "lon",
            "source",
            "sentence",
            "g",
            "start",
            "t",
        ]
        .map(col);

    // One event per cluster of rows: rows of one report or one merged event, and the
    // coordinated agents' reports of one sentence (same article, sentence, type and target).
    let key_of = |r: &Vec<String>| {
        if r[merged].is_empty() {
            r[event].clone()
        } else {
            r[merged].clone()
        }
    };
    let mut clusters = Clusters::new(rows.len());
    let mut first_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut coordinated: BTreeMap<(&str, &str, &str, &str), usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let same_event = *first_of.entry(key_of(r)).or_insert(i);
        let same_sentence = *coordinated
            .entry((&r[g], &r[start], &r[t], &r[target]))
            .or_insert(i);
        clusters.join(i, same_event);
        clusters.join(i, same_sentence);
    }
    // Each event is named after the smallest of its keys.
    let groups: BTreeMap<String, Vec<&Vec<String>>> = clusters
        .groups()
        .into_values()
        .map(|members| {
            let reports: Vec<&Vec<String>> = members.iter().map(|&i| &rows[i]).collect();
            (
                reports
                    .iter()
                    .map(|r| key_of(r))
                    .min()
                    .expect("a cluster has a member"),
                reports,
            )
        })
        .collect();

    let mut out = Vec::new();
    for (key, reports) in groups {
        let first = reports[0];
        let pairs = |c: usize| {
            reports
                .iter()
                .map(|r| (r[c].clone(), r[sentence].clone()))
                .collect::<Vec<_>>()
        };
        let agents = ranked(&pairs(agent));
        let targets = ranked(&pairs(target));
        let rank = |p: &str| match p {
            "day" => 0,
            "month" => 1,
            _ => 2,
        };
        let best = reports
            .iter()
            .filter(|r| !r[date].is_empty())
            .min_by_key(|r| (rank(&r[precision]), r[date].clone()));
        let (event_date, year, time_precision) = match best {
            Some(r) if r[precision] == "day" => (r[date].clone(), r[date][..4].to_string(), "1"),
            Some(r) if r[precision] == "month" => {
                (format!("{}-01", r[date]), r[date][..4].to_string(), "3")
            }
            Some(r) => (String::new(), r[date].chars().take(4).collect(), ""),
            None => (String::new(), String::new(), ""),
        };
        let state_agent = reports
            .iter()
            .any(|r| r[agent_state] == "yes" && agents.first() == Some(&r[agent]));
        let sub_event = if state_agent && !first[sub_state].is_empty() {
            &first[sub_state]
        } else {
            &first[sub]
        };
        let placed = reports
            .iter()
            .filter(|r| !r[location].is_empty())
            .map(|r| (r[location].clone(), r[sentence].clone()))
            .collect::<Vec<_>>();
        let place = ranked(&placed).into_iter().next().unwrap_or_default();
        let at = reports
            .iter()
            .find(|r| r[location] == place && !place.is_empty());
        let sources: BTreeSet<&str> = reports.iter().map(|r| r[source].as_str()).collect();
        let mut notes: Vec<&str> = Vec::new();
        for r in &reports {
            if !notes.contains(&r[sentence].as_str()) {
                notes.push(&r[sentence]);
            }
        }
        out.push(vec![
            format!("cg-{}", local(&key)),
            event_date,
            year,
            time_precision.to_string(),
            first[etype].clone(),
            sub_event.clone(),
            agents.first().cloned().unwrap_or_default(),
            agents.get(1..).unwrap_or_default().join("; "),
            targets.first().cloned().unwrap_or_default(),
            targets.get(1..).unwrap_or_default().join("; "),
            at.map(|r| r[country].clone()).unwrap_or_default(),
            place.clone(),
            at.map(|r| r[lat].clone()).unwrap_or_default(),
            at.map(|r| r[lon].clone()).unwrap_or_default(),
            sources.into_iter().collect::<Vec<_>>().join("; "),
            notes.join(" "),
        ]);
    }
    // Dated events in date order, then the undated; ties by id.
    out.sort_by(|a, b| {
        (a[1].is_empty(), &a[1], &a[2], &a[0]).cmp(&(b[1].is_empty(), &b[1], &b[2], &b[0]))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_numbers_kept() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("\tcmd"), "'\tcmd");
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_safe("-8.00"), "-8.00");
        assert_eq!(spreadsheet_safe("Salamé"), "Salamé");
        // Rust parses these as floats; a spreadsheet runs them as formulas.
        for cell in ["-inf", "+NaN", "-infinity", "+1e", "-.", "-1e+"] {
            assert_eq!(spreadsheet_safe(cell), format!("'{cell}"), "{cell}");
        }
        for cell in ["+3", "-1e5", "-.5", "-5.", "+2.5E-3"] {
            assert_eq!(spreadsheet_safe(cell), cell, "{cell}");
        }
    }

    #[test]
    fn ranked_puts_the_most_reported_then_the_first_named_first() {
        let s = "B and A shelled C".to_string();
        let v = vec![("A".to_string(), s.clone()), ("B".to_string(), s.clone())];
        assert_eq!(ranked(&v), ["B", "A"]);
        let v = vec![
            ("A".to_string(), s.clone()),
            ("B".to_string(), s.clone()),
            ("A".to_string(), "A again".into()),
        ];
        assert_eq!(ranked(&v), ["A", "B"]);
    }
}
