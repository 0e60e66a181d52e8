//! Splits article text into sentences with byte and character offsets.

use std::collections::HashSet;

/// One sentence: its text and where it stands in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub byte_start: usize,
    pub byte_end: usize,
    /// Offsets in Unicode scalar values, as Web Annotation selectors count them.
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
}

/// Splits on line breaks and on sentence-final punctuation followed by a capital, a digit or
/// a quote, unless the word before the full stop is a known abbreviation or an initial.
pub fn split(text: &str, abbreviations: &HashSet<String>) -> Vec<Sentence> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, abbreviations, &mut spans);
        line_start = line_end;
    }
    let mut out = Vec::with_capacity(spans.len());
    let (mut chars, mut at) = (0usize, 0usize);
    for (s, e) in spans {
        chars += text[at..s].chars().count();
        let len = text[s..e].chars().count();
        out.push(Sentence {
            byte_start: s,
            byte_end: e,
            char_start: chars,
            char_end: chars + len,
            text: text[s..e].to_string(),
        });
        chars += len;
        at = e;
    }
    out
}

fn split_line(
    text: &str,
    start: usize,
    end: usize,
    abbreviations: &HashSet<String>,
    out: &mut Vec<(usize, usize)>,
) {
    let line = &text[start..end];
    let mut sent_start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Extend over closing punctuation.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']'
                )
            {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let boundary = k > j
                && k < chars.len()
                && (chars[k].1.is_uppercase()
                    || chars[k].1.is_ascii_digit()
                    || matches!(chars[k].1, '"' | '“' | '‘' | '(' | '\''));
            if boundary && c == '.' {
                let word_start = line[..pos]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| ch.is_whitespace())
                    .map_or(0, |(p, ch)| p + ch.len_utf8());
                let word =
                    line[word_start..pos + 1].trim_start_matches(|ch: char| !ch.is_alphanumeric());
                let initial =
                    word.chars().count() == 2 && word.starts_with(|ch: char| ch.is_uppercase());
                if abbreviations.contains(word) || initial {
                    i = j;
                    continue;
                }
            }
            if boundary {
                let end_pos = if j < chars.len() {
                    chars[j].0
                } else {
                    line.len()
                };
                push_trimmed(start, &line[sent_start..end_pos], sent_start, out);
                sent_start = chars[k].0;
                i = k;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(start, &line[sent_start..], sent_start, out);
}

/// The longest sentence kept whole, in bytes. Prose sentences stay far below it; a longer
/// run without sentence punctuation (a table, a list flattened into one line, junk) is cut at
/// spaces into pieces this long, because the rules read a sentence at a time and a
/// megabyte-long "sentence" made the per-sentence work grow with the square of its length.
pub const MAX_SENTENCE_BYTES: usize = 2000;

fn push_trimmed(line_start: usize, s: &str, offset: usize, out: &mut Vec<(usize, usize)>) {
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if t.len() > MAX_SENTENCE_BYTES {
        let mut cut = MAX_SENTENCE_BYTES;
        while !t.is_char_boundary(cut) {
            cut -= 1;
        }
        // The last space before the limit, else the limit itself.
        let cut = t[..cut]
            .rfind(char::is_whitespace)
            .filter(|&p| p > 0)
            .unwrap_or(cut);
        push_trimmed(line_start, &t[..cut], offset + lead, out);
        push_trimmed(line_start, &t[cut..], offset + lead + cut, out);
        return;
    }
    if t.chars().any(char::is_alphanumeric) {
        let b = line_start + offset + lead;
        out.push((b, b + t.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr() -> HashSet<String> {
        ["U.N.", "Gen."].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn overlong_runs_are_cut_at_spaces() {
        let text = "word ".repeat(1000) + "end";
        let got = split(&text, &abbr());
        assert!(got.len() >= 3, "{}", got.len());
        for s in &got {
            assert!(
                s.text.len() <= MAX_SENTENCE_BYTES
                    && !s.text.starts_with(' ')
                    && !s.text.ends_with(' ')
            );
            assert_eq!(&text[s.byte_start..s.byte_end], s.text);
        }
        let joined: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
        // No space at all: cut on a character boundary.
        let got = split(&"é".repeat(3000), &abbr());
        assert_eq!(
            got.iter().map(|s| s.text.chars().count()).sum::<usize>(),
            3000
        );
    }

    #[test]
    fn splits_on_full_stops_and_lines() {
        let t = "Heading line\nThe U.N. said so. Gen. Smith left! Then 2 more.\n";
        let s: Vec<String> = split(t, &abbr()).into_iter().map(|s| s.text).collect();
        assert_eq!(
            s,
            [
                "Heading line",
                "The U.N. said so.",
                "Gen. Smith left!",
                "Then 2 more."
            ]
        );
    }

    #[test]
    fn offsets_count_characters() {
        let t = "Salamé left. He went home.";
        let s = split(t, &abbr());
        assert_eq!(s[1].char_start, 13);
        assert_eq!(&t[s[1].byte_start..s[1].byte_end], "He went home.");
        assert_eq!(s[0].char_end, 12);
    }

    #[test]
    fn abbreviations_after_brackets_do_not_split() {
        let t = "### [U.N. Says Talks Resume](#)";
        assert_eq!(split(t, &abbr()).len(), 1);
    }

    #[test]
    fn wide_spaces_before_a_full_stop() {
        let t = "They moved 10\u{a0}km. The town fell.";
        assert_eq!(split(t, &abbr()).len(), 2);
    }

    #[test]
    fn quotes_close_a_sentence() {
        let t = "He said \"stop.\" Then left.";
        assert_eq!(split(t, &abbr()).len(), 2);
    }
}
