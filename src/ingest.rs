//! Reads article files (`.txt`, `.md` with front matter, `.jsonl`) into [`Article`]s.
//!
//! Ingest knows nothing of extraction or RDF. A bad article becomes an [`ArticleError`]
//! naming its file (and line, for JSON Lines) so the caller can report it and go on.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One news article, as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Stable identifier: the `id` field when given, else the file stem.
    pub id: String,
    pub title: Option<String>,
    /// Publication date as written in the metadata (`YYYY-MM-DD` expected).
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Where the article came from, for error messages (`file` or `file:line`).
    pub origin: String,
}

/// A file or line that could not be turned into an article.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct ArticleError {
    pub origin: String,
    pub reason: String,
}

impl ArticleError {
    fn new(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { origin: origin.into(), reason: reason.into() }
    }
}

/// The file kinds conflictgraph reads; anything else in a directory is ignored.
const EXTENSIONS: &[&str] = &["txt", "md", "jsonl"];

/// Expands files and directories (recursively) into a sorted list of article files.
///
/// A path given explicitly must exist and have a known extension; files inside
/// directories with other extensions are skipped silently.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ArticleError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| {
            ArticleError::new(path.display().to_string(), format!("cannot read: {e}"))
        })?;
        if meta.is_dir() {
            walk(path, &mut out).map_err(|e| {
                ArticleError::new(path.display().to_string(), format!("cannot list directory: {e}"))
            })?;
        } else if has_known_extension(path) {
            out.push(path.clone());
        } else {
            return Err(ArticleError::new(
                path.display().to_string(),
                "unknown file type: expected .txt, .md or .jsonl",
            ));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // Symbolic links to directories are not followed, so a link loop cannot recurse forever.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if has_known_extension(&path) && (kind.is_file() || path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads every article in one file. Each item is an article or the reason one was skipped,
/// so one bad line of a JSON Lines dump does not lose the others. JSON Lines files are read
/// line by line as the items are taken, never whole.
pub fn read_file(path: &Path) -> Box<dyn Iterator<Item = Result<Article, ArticleError>>> {
    let origin = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "jsonl" {
        return read_jsonl(path);
    }
    let one = |r: Result<Article, ArticleError>| -> Box<dyn Iterator<Item = _>> { Box::new(std::iter::once(r)) };
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => return one(Err(ArticleError::new(origin, format!("cannot read: {e}")))),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return one(Err(ArticleError::new(
                origin,
                format!("not valid UTF-8 (byte {}): convert the file to UTF-8", e.utf8_error().valid_up_to()),
            )))
        }
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("article").to_string();
    let parsed = if ext == "md" { parse_markdown(&text, &stem, &origin) } else { Ok(plain(text, stem, origin.clone())) };
    one(parsed.and_then(validate))
}

fn plain(text: String, id: String, origin: String) -> Article {
    Article { id, title: None, published: None, source: None, url: None, text, origin }
}

/// Parses Markdown with an optional `---` front matter block of `key: value` lines.
pub fn parse_markdown(text: &str, stem: &str, origin: &str) -> Result<Article, ArticleError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut article = plain(String::new(), stem.to_string(), origin.to_string());
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        article.text = text.to_string();
        return Ok(article);
    }
    let rest = &text[(first_line_end + 1).min(text.len())..];
    if !rest.lines().any(|l| matches!(l.trim_end(), "---" | "...")) {
        return Err(ArticleError::new(origin, "front matter is not closed: add a line `---` after it"));
    }
    let mut offset = 0;
    let mut closed = None;
    for (lineno, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            closed = Some(offset + line.len());
            break;
        }
        offset += line.len();
        if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(ArticleError::new(
                format!("{origin}:{}", lineno + 2),
                format!("front matter line is not `key: value`: {trimmed:?}"),
            ));
        };
        let value = unquote(value.trim());
        let value = (!value.is_empty()).then(|| value.to_string());
        match key.trim() {
            "id" => article.id = value.unwrap_or(article.id),
            "title" => article.title = value,
            "published" | "date" => article.published = value,
            "source" | "publisher" => article.source = value,
            "url" => article.url = value,
            _ => {} // other metadata is allowed and ignored
        }
    }
    let end = closed.expect("checked above: a closing line exists");
    article.text = rest[end..].to_string();
    Ok(article)
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

fn read_jsonl(path: &Path) -> Box<dyn Iterator<Item = Result<Article, ArticleError>>> {
    let origin = path.display().to_string();
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err(ArticleError::new(origin, format!("cannot read: {e}"))))),
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("article").to_string();
    let mut failed = false;
    let lines = BufReader::new(file).split(b'\n').enumerate();
    Box::new(lines.map_while(move |(i, line)| {
        if failed {
            return None;
        }
        let at = format!("{origin}:{}", i + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                failed = true; // a read error ends the file: report it once
                return Some(Some(Err(ArticleError::new(at, format!("cannot read: {e}")))));
            }
        };
        // A byte-order mark may open the file; it is not part of the JSON.
        let line = if i == 0 && line.starts_with(&[0xef, 0xbb, 0xbf]) { line[3..].to_vec() } else { line };
        let Ok(line) = String::from_utf8(line) else {
            return Some(Some(Err(ArticleError::new(at, "not valid UTF-8"))));
        };
        if line.trim().is_empty() {
            return Some(None);
        }
        Some(Some(parse_json_line(&line, &stem, i + 1, &at).and_then(validate)))
    }).flatten())
}

/// Parses one JSON Lines record; `lineno` names articles that carry no id.
pub fn parse_json_line(line: &str, stem: &str, lineno: usize, origin: &str) -> Result<Article, ArticleError> {
    let rec: JsonArticle = serde_json::from_str(line)
        .map_err(|e| ArticleError::new(origin, format!("malformed JSON: {e}")))?;
    let text = rec.text.ok_or_else(|| ArticleError::new(origin, "missing field `text`"))?;
    let id = match rec.id {
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => {
            return Err(ArticleError::new(origin, "field `id` is empty: remove it or give the article an id"))
        }
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::Null) => format!("{stem}-{lineno}"),
        Some(other) => return Err(ArticleError::new(origin, format!("field `id` must be a string or a number, got {other}"))),
    };
    Ok(Article { id, title: rec.title, published: rec.published, source: rec.source, url: rec.url, text, origin: origin.to_string() })
}

fn validate(a: Article) -> Result<Article, ArticleError> {
    if a.text.trim().is_empty() {
        return Err(ArticleError::new(a.origin, "article has no text: add the text or remove the file"));
    }
    if a.text.contains('\0') {
        return Err(ArticleError::new(a.origin, "article contains NUL bytes: is it a binary file?"));
    }
    if let Some(p) = &a.published {
        if crate::extract::dates::parse_iso_date(p).is_none() {
            return Err(ArticleError::new(a.origin, format!("published date {p:?} is not a date: write it as YYYY-MM-DD, e.g. 2020-06-02")));
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_stripped() {
        let md = "---\ntitle: \"Talks resume\"\npublished: 2021-03-04\nsource: Wire\n---\nBody text.\n";
        let a = parse_markdown(md, "stem", "x.md").unwrap();
        assert_eq!(a.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.published.as_deref(), Some("2021-03-04"));
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.text, "Body text.\n");
        assert_eq!(a.id, "stem");
    }

    #[test]
    fn markdown_without_front_matter_keeps_all_text() {
        let a = parse_markdown("# Head\nBody", "s", "x.md").unwrap();
        assert_eq!(a.text, "# Head\nBody");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = parse_markdown("---\ntitle: x\nBody", "s", "x.md").unwrap_err();
        assert!(e.to_string().contains("not closed"), "{e}");
    }

    #[test]
    fn json_line_without_text_names_the_line() {
        let e = parse_json_line(r#"{"id":"a"}"#, "dump", 7, "dump.jsonl:7").unwrap_err();
        assert_eq!(e.to_string(), "dump.jsonl:7: missing field `text`");
    }

    #[test]
    fn json_line_id_defaults_to_stem_and_line() {
        let a = parse_json_line(r#"{"text":"hello"}"#, "dump", 3, "dump.jsonl:3").unwrap();
        assert_eq!(a.id, "dump-3");
    }

    #[test]
    fn empty_ids_and_byte_order_marks() {
        let e = parse_json_line(r#"{"id":" ","text":"x"}"#, "d", 1, "d:1").unwrap_err();
        assert!(e.to_string().contains("field `id` is empty"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bom.jsonl");
        std::fs::write(&p, "\u{feff}{\"id\":\"a\",\"text\":\"Hello.\"}\n").unwrap();
        let read: Vec<_> = read_file(&p).collect();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].as_ref().unwrap().id, "a");
    }

    #[test]
    fn bad_published_date_is_rejected() {
        let a = parse_json_line(r#"{"text":"x","published":"yesterday"}"#, "d", 1, "d:1").unwrap();
        assert!(validate(a).is_err());
    }
}
