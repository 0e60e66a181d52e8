//! Finds dates in sentences and resolves relative ones ("on Monday", "last month") against
//! the article's publication date. Month and weekday names come from ontology/patterns.toml.

use std::fmt;

use regex::Regex;

use crate::lexicon::RawDates;

/// A date known to a day, a month or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateValue {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DateValue {
    pub fn day(year: i32, month: u32, day: u32) -> Self {
        Self {
            year,
            month: Some(month),
            day: Some(day),
        }
    }
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "day",
            (Some(_), None) => "month",
            _ => "year",
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

/// Parses `YYYY-MM-DD` (optionally followed by a time, which is ignored).
pub fn parse_iso_date(s: &str) -> Option<DateValue> {
    let s = s.trim();
    let date = s.get(..10)?;
    let b = date.as_bytes();
    // Digits and the two dashes only: "+202-01-01" is no date.
    if b[4] != b'-'
        || b[7] != b'-'
        || b.iter()
            .enumerate()
            .any(|(i, c)| i != 4 && i != 7 && !c.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = date[..4].parse().ok()?;
    let m: u32 = date[5..7].parse().ok()?;
    let d: u32 = date[8..10].parse().ok()?;
    (valid_day(y, m, d) && (s.len() == 10 || s[10..].starts_with(['T', ' '])))
        .then(|| DateValue::day(y, m, d))
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn valid_day(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

pub(crate) fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// 0 = Monday … 6 = Sunday.
pub(crate) fn weekday(y: i32, m: u32, d: u32) -> u32 {
    ((days_from_civil(y, m, d) + 3).rem_euclid(7)) as u32
}

/// A date found in text, with the phrase it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub value: DateValue,
    pub phrase: String,
}

/// Compiled date patterns.
#[derive(Debug)]
pub struct DateFinder {
    day_month_year: Regex,
    month_day_year: Regex,
    month_year: Regex,
    weekday: Regex,
    in_month: Regex,
    year: Regex,
    numeric_line: Regex,
    /// "Published:", "Updated" before a date line, and a clock time after it.
    line_label: Regex,
    line_time: Regex,
    /// "KHARTOUM, March 4, 2024 (Wire) —": a place in capitals, then the date.
    dateline: Regex,
    last_month: Regex,
    this_year: Regex,
    last_year: Regex,
    months: Vec<(String, u32)>,
    weekdays: Vec<String>,
}

impl DateFinder {
    pub fn new(cfg: &RawDates) -> Self {
        let mut months = Vec::new();
        for (i, names) in cfg.months.iter().enumerate() {
            for n in names {
                months.push((n.clone(), i as u32 + 1));
            }
        }
        let mut names: Vec<String> = months.iter().map(|(n, _)| regex::escape(n)).collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let month = format!("(?P<month>{})", names.join("|"));
        let wd = format!(
            "(?P<weekday>{})",
            cfg.weekdays
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|")
        );
        let alt = |l: &[String]| crate::lexicon::words_regex(l);
        let re = |s: String| crate::lexicon::regex(&s).expect("date pattern");
        DateFinder {
            day_month_year: re(format!(r"\b(?P<day>\d{{1,2}})\s+{month},?\s+(?P<year>\d{{4}})\b")),
            month_day_year: re(format!(r"\b{month}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b")),
            month_year: re(format!(r"\b{month},?\s+(?:{}\s+)?(?P<year>\d{{4}})\b", alt(&cfg.month_year_joiners))),
            weekday: re(format!(r"\b{wd}\b")),
            in_month: re(format!(r"{}\s*{month}\b", alt(&cfg.month_prepositions))),
            year: re(format!(r"{}\s+(?P<year>(?:19|20)\d{{2}})\b", alt(&cfg.year_prepositions))),
            numeric_line: re(r"^\s*(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\s*$".to_string()),
            line_label: re(format!(r"^\s*{}\s*:?\s*", alt(&cfg.line_labels))),
            line_time: re(r"(?:,|\s)\s*\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}(?:[+-]\d{1,2})?)?\s*$".to_string()),
            dateline: re(r"^\s*\p{Lu}[\p{Lu}\s.'’-]{2,}(?:,\s*\p{Lu}[\p{L}\s.'’-]*)?,\s*".to_string()),
            last_month: re(alt(&cfg.last_month)),
            this_year: re(alt(&cfg.this_year)),
            last_year: re(alt(&cfg.last_year)),
            months,
            weekdays: cfg.weekdays.clone(),
        }
    }

    fn month_number(&self, name: &str) -> u32 {
        self.months
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| *m)
            .unwrap_or(1)
    }

    /// A line that is nothing but a date ("02 June, 2020", "June 2, 2020", "2020-06-02"):
    /// the article's own date line.
    pub fn date_line(&self, line: &str) -> Option<DateValue> {
        let t = line.trim();
        let t = self.line_label.find(t).map_or(t, |m| &t[m.end()..]);
        let t = self.line_time.find(t).map_or(t, |m| &t[..m.start()]).trim();
        if t.len() > 40 {
            return None;
        }
        if let Some(c) = self.numeric_line.captures(t) {
            return parse_iso_date(&format!("{}-{}-{}", &c["year"], &c["m"], &c["d"]));
        }
        for re in [&self.day_month_year, &self.month_day_year] {
            if let Some(c) = re.captures(t) {
                let m = c.get(0).unwrap();
                // Nothing else on the line but punctuation and perhaps the weekday.
                let mut rest = format!("{}{}", &t[..m.start()], &t[m.end()..]);
                for w in &self.weekdays {
                    rest = rest.replace(w.as_str(), "");
                }
                if !rest.chars().any(char::is_alphanumeric) {
                    return self.full(&c);
                }
            }
        }
        None
    }

    /// The date of a dateline opening a paragraph ("GOMA, Congo, March 4, 2024 (Wire) —").
    pub fn dateline(&self, line: &str) -> Option<DateValue> {
        self.dateline_span(line).map(|(d, _)| d)
    }

    /// The dateline's date and where the dateline ends.
    fn dateline_span(&self, line: &str) -> Option<(DateValue, usize)> {
        let head = self.dateline.find(line)?;
        let rest = &line[head.end()..];
        for re in [&self.day_month_year, &self.month_day_year] {
            if let Some(c) = re.captures(rest) {
                let m = c.get(0).unwrap();
                if m.start() == 0 {
                    return Some((self.full(&c)?, head.end() + m.end()));
                }
            }
        }
        None
    }

    /// A sentence without its opening dateline: the dateline dates the article, not the event.
    pub fn without_dateline<'s>(&self, sentence: &'s str) -> &'s str {
        match self.dateline_span(sentence) {
            Some((_, end)) => &sentence[end..],
            None => sentence,
        }
    }

    fn full(&self, c: &regex::Captures) -> Option<DateValue> {
        let y: i32 = c["year"].parse().ok()?;
        let m = self.month_number(&c["month"]);
        let d: u32 = c["day"].parse().ok()?;
        valid_day(y, m, d).then(|| DateValue::day(y, m, d))
    }

    /// The first date the sentence gives, most precise form first. Relative forms need the
    /// publication date; without it they give nothing (the date stays unknown).
    pub fn find(&self, text: &str, published: Option<DateValue>) -> Option<FoundDate> {
        let found = |value: DateValue, m: regex::Match| FoundDate {
            value,
            phrase: m.as_str().trim().to_string(),
        };
        for re in [&self.day_month_year, &self.month_day_year] {
            if let Some(c) = re.captures(text) {
                if let Some(v) = self.full(&c) {
                    return Some(found(v, c.get(0).unwrap()));
                }
            }
        }
        if let Some(c) = self.month_year.captures(text) {
            let y: i32 = c["year"].parse().ok()?;
            return Some(found(
                DateValue {
                    year: y,
                    month: Some(self.month_number(&c["month"])),
                    day: None,
                },
                c.get(0).unwrap(),
            ));
        }
        if let Some(p) = published.filter(|p| p.day.is_some()) {
            let (py, pm, pd) = (p.year, p.month.unwrap_or(1), p.day.unwrap_or(1));
            if let Some(c) = self.weekday.captures(text) {
                let target = self
                    .weekdays
                    .iter()
                    .position(|w| w == &c["weekday"])
                    .unwrap_or(0) as i64;
                let today = weekday(py, pm, pd) as i64;
                let back = (today - target).rem_euclid(7);
                let (y, m, d) = civil_from_days(days_from_civil(py, pm, pd) - back);
                return Some(found(DateValue::day(y, m, d), c.get(0).unwrap()));
            }
            if let Some(c) = self.in_month.captures(text) {
                let m = self.month_number(&c["month"]);
                let y = if m <= pm { py } else { py - 1 };
                return Some(found(
                    DateValue {
                        year: y,
                        month: Some(m),
                        day: None,
                    },
                    c.get(0).unwrap(),
                ));
            }
            if let Some(m) = self.last_month.find(text) {
                let (y, mo) = if pm == 1 { (py - 1, 12) } else { (py, pm - 1) };
                return Some(found(
                    DateValue {
                        year: y,
                        month: Some(mo),
                        day: None,
                    },
                    m,
                ));
            }
            if let Some(m) = self.last_year.find(text) {
                return Some(found(
                    DateValue {
                        year: py - 1,
                        month: None,
                        day: None,
                    },
                    m,
                ));
            }
            if let Some(m) = self.this_year.find(text) {
                return Some(found(
                    DateValue {
                        year: py,
                        month: None,
                        day: None,
                    },
                    m,
                ));
            }
        }
        if let Some(c) = self.year.captures(text) {
            let y: i32 = c["year"].parse().ok()?;
            return Some(found(
                DateValue {
                    year: y,
                    month: None,
                    day: None,
                },
                c.name("year").unwrap(),
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn finder() -> DateFinder {
        DateFinder::new(&Lexicon::bundled().unwrap().patterns.dates)
    }

    #[test]
    fn weekday_resolves_to_the_most_recent_one() {
        // 2020-06-02 was a Tuesday.
        let p = parse_iso_date("2020-06-02");
        let f = finder().find("On Monday, the group said", p).unwrap();
        assert_eq!(f.value.to_string(), "2020-06-01");
        assert_eq!(f.phrase, "Monday");
        let f = finder().find("talks on Tuesday", p).unwrap();
        assert_eq!(f.value.to_string(), "2020-06-02");
    }

    #[test]
    fn absolute_forms() {
        let f = finder();
        assert_eq!(
            f.find("In this Jan. 17, 2020, file photo", None)
                .unwrap()
                .value
                .to_string(),
            "2020-01-17"
        );
        assert_eq!(
            f.find("in Geneva, 06 February 2020.", None)
                .unwrap()
                .value
                .to_string(),
            "2020-02-06"
        );
        assert_eq!(
            f.find("since April of 2019 on the capital", None)
                .unwrap()
                .value
                .to_string(),
            "2019-04"
        );
        assert_eq!(
            f.find("the 2011 uprising", None).unwrap().value.to_string(),
            "2011"
        );
        assert!(f.find("some 2000 fighters crossed", None).is_none());
    }

    #[test]
    fn relative_forms_need_a_publication_date() {
        let f = finder();
        assert!(f.find("on Sunday the town fell", None).is_none());
        let p = parse_iso_date("2021-01-15");
        assert_eq!(
            f.find("last month", p).unwrap().value.to_string(),
            "2020-12"
        );
        assert_eq!(
            f.find("resigned in March", p).unwrap().value.to_string(),
            "2020-03"
        );
    }

    #[test]
    fn date_lines() {
        let f = finder();
        assert_eq!(
            f.date_line("02 June, 2020").unwrap().to_string(),
            "2020-06-02"
        );
        assert_eq!(f.date_line("2020-06-02").unwrap().to_string(), "2020-06-02");
        assert!(f
            .date_line("Talks resumed on 02 June, 2020 in Geneva")
            .is_none());
        assert_eq!(
            f.date_line("Tuesday, 02 June, 2020").unwrap().to_string(),
            "2020-06-02"
        );
        assert!(f.date_line("Monday talks, 02 June, 2020").is_none());
        assert_eq!(
            f.date_line("Published: 2024-03-04").unwrap().to_string(),
            "2024-03-04"
        );
        assert_eq!(
            f.date_line("Updated March 4, 2024 10:32 GMT")
                .unwrap()
                .to_string(),
            "2024-03-04"
        );
    }

    #[test]
    fn datelines() {
        let f = finder();
        assert_eq!(
            f.dateline("KHARTOUM, March 4, 2024 (Wire) — Fighting resumed.")
                .unwrap()
                .to_string(),
            "2024-03-04"
        );
        assert_eq!(
            f.dateline("GOMA, Congo, 4 March 2024 (Wire) - Rebels advanced.")
                .unwrap()
                .to_string(),
            "2024-03-04"
        );
        assert!(f
            .dateline("The army said on March 4, 2024 that it had won.")
            .is_none());
    }

    #[test]
    fn iso_dates_are_validated() {
        assert!(parse_iso_date("2020-02-30").is_none());
        assert!(parse_iso_date("2020-02-29").is_some());
        assert!(parse_iso_date("2020-02-29T10:00:00Z").is_some());
        assert!(parse_iso_date("June 2").is_none());
        assert!(parse_iso_date("+202-01-01").is_none());
    }
}
