//! Cleans article text without moving it: control characters and HTML markup are blanked
//! character for character, so every offset into the cleaned text is an offset into the text
//! as written.
//!
//! Scraped dumps carry markup (`<p>`, `<script>…</script>`, comments) and stray control
//! bytes. Markup is not prose: left in, a script's strings would reach sentences and names,
//! and a control character cannot be written in XML at all (RDF/XML, GraphML, SVG). Deleting
//! either would shift every offset after it, so each masked character becomes one space, and
//! a tag that ends a block (`</p>`, `<br>`, `<li>`…) starts with a line break so the sentence
//! splitter still sees the paragraph. Character entities (`&amp;`) are left as written.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// Elements whose content is never text: it is masked along with the tags.
const HIDDEN_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "svg", "head",
];

/// Elements that end a line of text when they open or close.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

fn markup_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let hidden = HIDDEN_ELEMENTS.join("|");
        // Hidden elements with their content, comments, CDATA, doctype and processing
        // instructions, then any other start or end tag. A tag needs a letter right after `<`
        // (or `</`), so "a <5 km gap" and "x < y" stay text. `[^<>]` keeps a tag within its
        // own brackets, and the regex crate runs in linear time whatever the input.
        let pattern = format!(
            r"(?is)<({hidden})\b[^>]*>.*?</({hidden})\s*>|<({hidden})\b[^>]*/>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^<>]*>|</?([a-z][a-z0-9:-]*)(?:\s[^<>]*)?/?>"
        );
        Regex::new(&pattern).expect("static markup pattern")
    })
}

/// Whether `c` is replaced by a space: C0 and C1 controls other than tab, line feed and
/// carriage return, and the two non-characters XML 1.0 forbids.
pub fn is_masked_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `s` with its control characters replaced by spaces (borrowed when it has none).
pub fn blank_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_masked_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_masked_char(c) { ' ' } else { c })
            .collect(),
    )
}

/// `text` with control characters and markup blanked, character for character.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    let text = blank_controls(text);
    let re = markup_pattern();
    if !text.contains('<') || !re.is_match(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in re.captures_iter(&text) {
        let whole = m.get(0).expect("group 0 always matches");
        out.push_str(&text[last..whole.start()]);
        let block = m.get(4).is_some_and(|name| {
            BLOCK_ELEMENTS
                .iter()
                .any(|b| b.eq_ignore_ascii_case(name.as_str()))
        });
        let mut first = true;
        for c in whole.as_str().chars() {
            // Line breaks inside markup stay, so line-based positions (and the splitter) agree.
            out.push(if c == '\n' || c == '\r' {
                c
            } else if first && block {
                '\n'
            } else {
                ' '
            });
            first = false;
        }
        last = whole.end();
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> usize {
        s.chars().count()
    }

    #[test]
    fn scripts_styles_and_comments_vanish_in_place() {
        let html = "<p>Russia backs the LNA.</p><script>var x = \"Turkey backs the GNA\";</script><!-- Egypt --><style>p{}</style>Done.";
        let clean = clean_text(html);
        assert_eq!(chars(&clean), chars(html));
        assert!(
            !clean.contains("Turkey") && !clean.contains("Egypt") && !clean.contains('<'),
            "{clean:?}"
        );
        assert!(clean.contains("Russia backs the LNA."));
        // Offsets agree: the sentence sits where it was written.
        let at = html.find("Russia").unwrap();
        assert_eq!(&clean[at..at + 6], "Russia");
        // The closing </p> ends a line.
        assert!(clean.contains("LNA.\n"), "{clean:?}");
    }

    #[test]
    fn text_that_only_looks_like_markup_stays() {
        for s in [
            "a <5 km gap",
            "x < y and y > z",
            "Tripoli <-> Misrata",
            "2 << 3",
        ] {
            assert_eq!(clean_text(s), s);
        }
    }

    #[test]
    fn unclosed_script_masks_only_its_tag() {
        let s = "Before. <script>alert(1) After.";
        let clean = clean_text(s);
        assert_eq!(chars(&clean), chars(s));
        assert!(
            clean.starts_with("Before.")
                && clean.ends_with("alert(1) After.")
                && !clean.contains('<'),
            "{clean:?}"
        );
    }

    #[test]
    fn controls_become_spaces_and_keep_their_place() {
        let s = "A\u{0}B\u{1b}[31mC\u{7f}D\u{85}E\u{fffe}F\tG\nH\r\n";
        let clean = clean_text(s);
        assert_eq!(clean, "A B [31mC D E F\tG\nH\r\n");
        assert_eq!(chars(&clean), chars(s));
        assert!(matches!(blank_controls("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn non_ascii_inside_tags_keeps_character_counts() {
        let s = "<a title=\"خليفة حفتر\">Haftar</a> spoke.";
        let clean = clean_text(s);
        assert_eq!(chars(&clean), chars(s));
        assert!(clean.trim_start().starts_with("Haftar"), "{clean:?}");
    }
}
