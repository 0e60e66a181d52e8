//! Reads article files (`.txt`, `.md` with front matter, `.jsonl`) into [`Article`]s.
//!
//! Ingest knows nothing of extraction or RDF. A bad article becomes an [`ArticleError`]
//! naming its file (and line, for JSON Lines) so the caller can report it and go on.
//!
//! Text from the web is dirty, so every article is read within [`Limits`] (a file or line
//! past them is refused before it is held in memory) and cleaned the same way: control
//! characters become spaces and HTML markup is masked (see [`markup`]), both keeping every
//! character where it was, so offsets still index the text as written.

mod markup;

use std::borrow::Cow;
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
        Self {
            origin: origin.into(),
            reason: reason.into(),
        }
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
                ArticleError::new(
                    path.display().to_string(),
                    format!("cannot list directory: {e}"),
                )
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

/// How large an article may be. A news report is some kilobytes; a file or JSON Lines record
/// many megabytes long is a dump gone wrong (a whole site in one record, a binary renamed),
/// and reading it whole would hold it all in memory, so it is refused before that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of UTF-8 text one article may hold.
    pub max_article_bytes: u64,
}

/// The default limit on one article's text: 8 MiB, some thousand times a long report.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 8 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

impl Limits {
    /// The longest JSON Lines record read: the text may double when escaped (`\n`, `\"`),
    /// and the metadata needs room too.
    fn max_line_bytes(&self) -> u64 {
        self.max_article_bytes
            .saturating_mul(2)
            .saturating_add(64 << 10)
    }
}

/// "8.4 MB" or "950 bytes", for messages.
fn megabytes(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

/// "WHAT is SIZE, over the LIMIT limit …"; `bytes` is `None` when only the excess is known.
fn too_large(
    origin: impl Into<String>,
    what: &str,
    bytes: Option<u64>,
    limit: u64,
) -> ArticleError {
    let size = bytes.map_or_else(
        || "more than".to_string(),
        |b| format!("{}, over", megabytes(b)),
    );
    ArticleError::new(
        origin,
        format!("{what} is {size} the {} limit: split it into articles, or raise the limit with --max-article-bytes", megabytes(limit)),
    )
}

/// Reads every article in one file with the default [`Limits`].
pub fn read_file(path: &Path) -> Box<dyn Iterator<Item = Result<Article, ArticleError>>> {
    read_file_with(path, Limits::default())
}

/// Reads every article in one file. Each item is an article or the reason one was skipped,
/// so one bad line of a JSON Lines dump does not lose the others. JSON Lines files are read
/// line by line as the items are taken, never whole, and no file or line longer than the
/// limits allow is held in memory.
pub fn read_file_with(
    path: &Path,
    limits: Limits,
) -> Box<dyn Iterator<Item = Result<Article, ArticleError>>> {
    let origin = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "jsonl" {
        return read_jsonl(path, limits);
    }
    let one = |r: Result<Article, ArticleError>| -> Box<dyn Iterator<Item = _>> {
        Box::new(std::iter::once(r))
    };
    let bytes = match read_bounded(path, limits.max_article_bytes) {
        Ok(Some(b)) => b,
        Ok(None) => {
            let size = fs::metadata(path)
                .ok()
                .map(|m| m.len())
                .filter(|&n| n > limits.max_article_bytes);
            return one(Err(too_large(
                origin,
                "the file",
                size,
                limits.max_article_bytes,
            )));
        }
        Err(e) => return one(Err(ArticleError::new(origin, format!("cannot read: {e}")))),
    };
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(reason) => return one(Err(ArticleError::new(origin, reason))),
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article")
        .to_string();
    let parsed = if ext == "md" {
        parse_markdown(&text, &stem, &origin)
    } else {
        Ok(plain(text, stem, origin.clone()))
    };
    one(parsed.and_then(|a| validate(a, &limits)))
}

/// The whole file, or `None` when it holds more than `max` bytes. Reads at most `max + 1`
/// bytes whatever the file claims to be (a FIFO, a file still growing).
fn read_bounded(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    if hint > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(hint as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Text files must be UTF-8. A NUL byte means a binary file (or UTF-16, which is named).
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(
            "the file is UTF-16 text: convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)".into(),
        );
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("not a text file (NUL byte at byte {at}): conflictgraph reads UTF-8 text, Markdown and JSON Lines"));
    }
    let bytes = match bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        Some(rest) => rest.to_vec(), // a byte-order mark is not part of the text
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let good = &e.as_bytes()[..at];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = std::str::from_utf8(&good[good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..]).map_or(0, |s| s.chars().count()) + 1;
        format!("not valid UTF-8 at line {line}, column {column} (byte {at}): convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)")
    })
}

fn plain(text: String, id: String, origin: String) -> Article {
    Article {
        id,
        title: None,
        published: None,
        source: None,
        url: None,
        text,
        origin,
    }
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
        return Err(ArticleError::new(
            origin,
            "front matter is not closed: add a line `---` after it",
        ));
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

fn read_jsonl(
    path: &Path,
    limits: Limits,
) -> Box<dyn Iterator<Item = Result<Article, ArticleError>>> {
    let origin = path.display().to_string();
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Box::new(std::iter::once(Err(ArticleError::new(
                origin,
                format!("cannot read: {e}"),
            ))))
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article")
        .to_string();
    let mut lines = BoundedLines {
        reader: BufReader::with_capacity(1 << 16, file),
        max: limits.max_line_bytes(),
        lineno: 0,
        failed: false,
    };
    let mut records = 0usize;
    let mut reported_empty = false;
    Box::new(std::iter::from_fn(move || loop {
        let Some((lineno, line)) = lines.next_line() else {
            // A dump with no record at all is named, like an empty text file.
            if records == 0 && !reported_empty && !lines.failed {
                reported_empty = true;
                return Some(Err(ArticleError::new(
                    origin.clone(),
                    "the file holds no articles: expected one JSON object per line",
                )));
            }
            return None;
        };
        let at = format!("{origin}:{lineno}");
        let line = match line {
            Line::Text(l) => l,
            Line::TooLong(n) => {
                records += 1;
                return Some(Err(too_large(
                    at,
                    "the line",
                    Some(n),
                    limits.max_line_bytes(),
                )));
            }
            Line::Failed(e) => {
                return Some(Err(ArticleError::new(at, format!("cannot read: {e}"))))
            }
        };
        // A byte-order mark may open the file; it is not part of the JSON.
        let line = if lineno == 1 && line.starts_with(&[0xef, 0xbb, 0xbf]) {
            line[3..].to_vec()
        } else {
            line
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let line = match String::from_utf8(line) {
            Ok(l) => l,
            Err(e) => {
                let column = e.utf8_error().valid_up_to() + 1;
                return Some(Err(ArticleError::new(
                    at,
                    format!(
                        "not valid UTF-8 at byte {column} of the line: convert the file to UTF-8"
                    ),
                )));
            }
        };
        return Some(parse_json_line(&line, &stem, lineno, &at).and_then(|a| validate(a, &limits)));
    }))
}

enum Line {
    Text(Vec<u8>),
    /// The line's length; its bytes were read past, not kept.
    TooLong(u64),
    Failed(std::io::Error),
}

/// Lines of a reader, none of them held longer than `max` bytes: a longer line is read
/// through and reported by its length, so one huge record costs no memory.
struct BoundedLines<R> {
    reader: R,
    max: u64,
    lineno: usize,
    failed: bool,
}

impl<R: BufRead> BoundedLines<R> {
    fn next_line(&mut self) -> Option<(usize, Line)> {
        if self.failed {
            return None;
        }
        let mut line = Vec::new();
        let mut len = 0u64;
        let mut seen_any = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = true; // a read error ends the file: report it once
                    self.lineno += 1;
                    return Some((self.lineno, Line::Failed(e)));
                }
            };
            if buf.is_empty() {
                if !seen_any {
                    return None;
                }
                break;
            }
            seen_any = true;
            let (part, newline) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            len += part.len() as u64;
            if len <= self.max {
                line.extend_from_slice(part);
            } else if !line.is_empty() {
                line = Vec::new();
            }
            let used = part.len() + usize::from(newline);
            self.reader.consume(used);
            if newline {
                break;
            }
        }
        self.lineno += 1;
        Some((
            self.lineno,
            if len > self.max {
                Line::TooLong(len)
            } else {
                Line::Text(line)
            },
        ))
    }
}

/// Parses one JSON Lines record; `lineno` names articles that carry no id.
pub fn parse_json_line(
    line: &str,
    stem: &str,
    lineno: usize,
    origin: &str,
) -> Result<Article, ArticleError> {
    if !line.trim_start().starts_with('{') {
        let start: String = line.trim_start().chars().take(20).collect();
        return Err(ArticleError::new(origin, format!("malformed JSON: a record must be an object like {{\"id\": …, \"text\": …}}, not {start:?}…")));
    }
    let rec: JsonArticle = serde_json::from_str(line)
        .map_err(|e| ArticleError::new(origin, format!("malformed JSON: {e}")))?;
    let text = rec
        .text
        .ok_or_else(|| ArticleError::new(origin, "missing field `text`"))?;
    let id = match rec.id {
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => {
            return Err(ArticleError::new(
                origin,
                "field `id` is empty: remove it or give the article an id",
            ))
        }
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::Null) => format!("{stem}-{lineno}"),
        Some(other) => {
            return Err(ArticleError::new(
                origin,
                format!("field `id` must be a string or a number, got {other}"),
            ))
        }
    };
    Ok(Article {
        id,
        title: rec.title,
        published: rec.published,
        source: rec.source,
        url: rec.url,
        text,
        origin: origin.to_string(),
    })
}

/// Cleans an article's text and metadata (see [`markup`]) and refuses what cannot be one.
fn validate(mut a: Article, limits: &Limits) -> Result<Article, ArticleError> {
    if a.text.len() as u64 > limits.max_article_bytes {
        return Err(too_large(
            a.origin,
            "the article's text",
            Some(a.text.len() as u64),
            limits.max_article_bytes,
        ));
    }
    if let Cow::Owned(t) = markup::clean_text(&a.text) {
        a.text = t;
    }
    for field in [&mut a.title, &mut a.source, &mut a.url, &mut a.published]
        .into_iter()
        .flatten()
    {
        if let Cow::Owned(t) = markup::blank_controls(field) {
            *field = t;
        }
    }
    if a.id.chars().any(markup::is_masked_char) {
        return Err(ArticleError::new(
            a.origin,
            format!(
                "article id {:?} holds control characters: give it a printable id",
                a.id
            ),
        ));
    }
    if a.text.trim().is_empty() {
        return Err(ArticleError::new(
            a.origin,
            "article has no text: add the text or remove the file",
        ));
    }
    if let Some(p) = &a.published {
        if crate::extract::dates::parse_iso_date(p).is_none() {
            return Err(ArticleError::new(
                a.origin,
                format!(
                    "published date {p:?} is not a date: write it as YYYY-MM-DD, e.g. 2020-06-02"
                ),
            ));
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_stripped() {
        let md =
            "---\ntitle: \"Talks resume\"\npublished: 2021-03-04\nsource: Wire\n---\nBody text.\n";
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
        assert!(validate(a, &Limits::default()).is_err());
    }

    fn read_all(name: &str, bytes: &[u8], limits: Limits) -> Vec<Result<Article, String>> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        read_file_with(&p, limits)
            .map(|r| {
                r.map_err(|e| {
                    e.to_string()
                        .replace(&dir.path().display().to_string(), "DIR")
                })
            })
            .collect()
    }

    #[test]
    fn an_overlong_line_is_refused_and_the_next_one_read() {
        let limits = Limits {
            max_article_bytes: 100,
        };
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "word ".repeat(20_000));
        let dump = format!("{{\"id\":\"a\",\"text\":\"Short.\"}}\n{long}\n{{\"id\":\"b\",\"text\":\"Also short.\"}}");
        let read = read_all("d.jsonl", dump.as_bytes(), limits);
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].as_ref().unwrap().id, "a");
        let e = read[1].as_ref().unwrap_err();
        assert!(
            e.starts_with("DIR/d.jsonl:2: the line is 100022 bytes, over the 65736 bytes limit"),
            "{e}"
        );
        assert_eq!(
            read[2].as_ref().unwrap().id,
            "b",
            "the last line has no newline and is still read"
        );
    }

    #[test]
    fn an_overlong_file_is_refused_unread() {
        let read = read_all(
            "big.txt",
            "word ".repeat(100).as_bytes(),
            Limits {
                max_article_bytes: 99,
            },
        );
        let e = read[0].as_ref().unwrap_err();
        assert!(
            e.contains("the file is 500 bytes, over the 99 bytes limit")
                && e.contains("--max-article-bytes"),
            "{e}"
        );
        // Text within the limit but grown past it by JSON decoding is caught on the text.
        let read = read_all(
            "d.jsonl",
            br#"{"text":"\u00e9\u00e9\u00e9\u00e9"}"#,
            Limits {
                max_article_bytes: 7,
            },
        );
        assert!(
            read[0]
                .as_ref()
                .unwrap_err()
                .contains("the article's text is"),
            "{read:?}"
        );
    }

    #[test]
    fn binary_utf16_and_bad_utf8_are_named() {
        let e = read_all("x.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Limits::default())
            .remove(0)
            .unwrap_err();
        assert!(e.contains("not a text file (NUL byte at byte 8)"), "{e}");
        let e = read_all("x.txt", b"\xff\xfeh\0i\0", Limits::default())
            .remove(0)
            .unwrap_err();
        assert!(e.contains("UTF-16"), "{e}");
        let e = read_all("x.md", b"Line one.\nCaf\xe9 au lait.", Limits::default())
            .remove(0)
            .unwrap_err();
        assert!(
            e.contains("not valid UTF-8 at line 2, column 4 (byte 13)"),
            "{e}"
        );
        let e = read_all("x.jsonl", b"{\"text\":\"caf\xe9\"}", Limits::default())
            .remove(0)
            .unwrap_err();
        assert!(
            e.contains("x.jsonl:1: not valid UTF-8 at byte 13 of the line"),
            "{e}"
        );
    }

    #[test]
    fn empty_files_are_reported() {
        for (name, bytes) in [
            ("e.txt", &b""[..]),
            ("e.md", b"---\ntitle: t\n---\n  \n"),
            ("e.jsonl", b"\n \n"),
        ] {
            let read = read_all(name, bytes, Limits::default());
            assert_eq!(read.len(), 1, "{name}");
            let e = read[0].as_ref().unwrap_err();
            assert!(
                e.contains("no text") || e.contains("holds no articles"),
                "{name}: {e}"
            );
        }
    }

    #[test]
    fn controls_are_blanked_and_control_ids_refused() {
        let a = parse_json_line(
            r#"{"id":"a","title":"T\u0007itle","text":"Tur\u0000key \u001b[2Jspoke."}"#,
            "d",
            1,
            "d:1",
        )
        .unwrap();
        let a = validate(a, &Limits::default()).unwrap();
        assert_eq!(a.text, "Tur key  [2Jspoke.");
        assert_eq!(a.title.as_deref(), Some("T itle"));
        let a = parse_json_line(r#"{"id":"a\u0000b","text":"x"}"#, "d", 1, "d:1").unwrap();
        assert!(validate(a, &Limits::default())
            .unwrap_err()
            .to_string()
            .contains("control characters"));
    }
}
