//! Publication dates in every form news pages use — ISO 8601 in JSON-LD and meta tags,
//! RFC 2822 in feeds, and localised text such as "mardi 12 mars 2024 à 08h30",
//! "1er avril 2024", "March 12, 2024", "12. März 2024" or "2025年1月14日" — normalised to UTC.
//! A date without a zone is taken as UTC; a date without a time as midnight.

use super::fold;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex::Regex;
use std::sync::LazyLock;

/// Month names (folded: lower case, no accents) in the languages of the sites we crawl.
const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    ("janv", 1),
    ("fevr", 2),
    ("fev", 2),
    ("avr", 4),
    ("juil", 7),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("januar", 1),
    ("februar", 2),
    ("marz", 3),
    ("maerz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("maj", 5),
    ("augusti", 8),
    ("desember", 12),
    // Polish and Czech write the month in the genitive after the day.
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("wrzesnia", 9),
    ("pazdziernika", 10),
    ("listopada", 11),
    ("grudnia", 12),
    ("ledna", 1),
    ("unora", 2),
    ("brezna", 3),
    ("dubna", 4),
    ("kvetna", 5),
    ("cervna", 6),
    ("cervence", 7),
    ("srpna", 8),
    ("zari", 9),
    ("rijna", 10),
    ("listopadu", 11),
    ("prosince", 12),
];

/// The months' names and abbreviations (folded) in the languages of [`MONTHS`].
pub(crate) fn month_names() -> impl Iterator<Item = &'static str> {
    MONTHS.iter().map(|(name, _)| *name)
}

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == name).map(|(_, n)| *n)
}

/// Day, month's name, year: "12 mars 2024", "1er avril", "3 de mayo de 2022", and a day
/// run into the word before it ("Publiziert17. Dezember 2024").
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)(\d{1,2})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?([a-z]{3,12}\.?)\s+(?:de\s+)?(\d{4})(?:\D+?(\d{1,2})\s*[h:]\s*(\d{2}))?")
        .expect("static regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([a-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\D+?(\d{1,2})\s*[h:]\s*(\d{2}))?")
        .expect("static regex")
});
/// Day first in digits: "12/03/2024", "17.04.2024", and with spaces after the dots as
/// Czech, Slovak and Austrian pages write it ("23. 12. 2024").
static NUMERIC_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4})(?:\D+?(\d{1,2})\s*[h:]\s*(\d{2}))?")
        .expect("static regex")
});
/// Year first with slashes or dots ("2024/12/04 00:05", "2024.05.15") or with the CJK
/// unit signs ("2025年1月14日 01時28分", "2025년 5월 15일").
static NUMERIC_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4})\s*[/.年년]\s*(\d{1,2})\s*[/.月월]\s*(\d{1,2})[日일]?(?:\D+?(\d{1,2})\s*[h:時시]\s*(\d{2}))?")
        .expect("static regex")
});
static ISO_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
        .expect("static regex")
});

/// Longer input is prose, not a date: it is not searched for one.
const MAX_DATE_BYTES: usize = 200;

/// Years of a plausible publication date; others are placeholders ("0000-00-00") or typos.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Parses a machine-readable or human date. Returns `None` rather than guessing wildly.
#[must_use]
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() || s.len() > MAX_DATE_BYTES {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return plausible(dt.with_timezone(&Utc));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible(dt.with_timezone(&Utc));
    }
    if let Some(dt) = parse_iso_prefix(s) {
        return plausible(dt);
    }
    parse_text_date(s).and_then(plausible)
}

fn plausible(dt: DateTime<Utc>) -> Option<DateTime<Utc>> {
    use chrono::Datelike;
    PLAUSIBLE_YEARS.contains(&dt.year()).then_some(dt)
}

fn parse_iso_prefix(s: &str) -> Option<DateTime<Utc>> {
    let c = ISO_PREFIX.captures(s)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, num(2)?, num(3)?)?;
    let time = NaiveTime::from_hms_opt(
        num(4).unwrap_or(0),
        num(5).unwrap_or(0),
        num(6).unwrap_or(0),
    )?;
    let naive = NaiveDateTime::new(date, time);
    match c.get(7).map(|m| m.as_str()) {
        None | Some("Z") => Some(Utc.from_utc_datetime(&naive)),
        Some(zone) => {
            let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
            let hours: i32 = digits.get(0..2)?.parse().ok()?;
            let minutes: i32 = digits.get(2..4)?.parse().ok()?;
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?;
            Some(
                offset
                    .from_local_datetime(&naive)
                    .single()?
                    .with_timezone(&Utc),
            )
        }
    }
}

fn parse_text_date(s: &str) -> Option<DateTime<Utc>> {
    let folded = fold(s);
    let num = |c: &regex::Captures<'_>, i: usize| c.get(i)?.as_str().parse::<u32>().ok();
    // Every pattern captures the hour and minute, when there is a time, as groups 4 and 5.
    let build = |c: &regex::Captures<'_>, y: u32, m: u32, d: u32| {
        let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
        let (hour, minute) = (num(c, 4).unwrap_or(0), num(c, 5).unwrap_or(0));
        let after = c.get(5).map_or("", |m| &folded[m.end()..]);
        let time = NaiveTime::from_hms_opt(twenty_four_hour(hour, after), minute, 0)?;
        Some(Utc.from_utc_datetime(&NaiveDateTime::new(date, time)))
    };
    if let Some(c) = DAY_MONTH_YEAR.captures(&folded) {
        if let Some(m) = month_number(&c[2]) {
            return build(&c, num(&c, 3)?, m, num(&c, 1)?);
        }
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(&folded) {
        if let Some(m) = month_number(&c[1]) {
            return build(&c, num(&c, 3)?, m, num(&c, 2)?);
        }
    }
    if let Some(c) = NUMERIC_DMY.captures(&folded) {
        return build(&c, num(&c, 3)?, num(&c, 2)?, num(&c, 1)?);
    }
    if let Some(c) = NUMERIC_YMD.captures(&folded) {
        return build(&c, num(&c, 1)?, num(&c, 2)?, num(&c, 3)?);
    }
    None
}

/// The hour on a 24-hour clock, from a 12-hour one when "am" or "pm" follows the time.
fn twenty_four_hour(hour: u32, after_time: &str) -> u32 {
    let marker = after_time.trim_start();
    match hour {
        1..=11 if marker.starts_with("pm") || marker.starts_with("p.m.") => hour + 12,
        12 if marker.starts_with("am") || marker.starts_with("a.m.") => 0,
        _ => hour,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(raw: &str) -> String {
        parse_date(raw).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    #[test]
    fn machine_formats() {
        assert_eq!(
            iso("2024-03-12T08:30:00+01:00"),
            "2024-03-12T07:30:00+00:00"
        );
        assert_eq!(iso("2024-03-12T08:30:00Z"), "2024-03-12T08:30:00+00:00");
        assert_eq!(iso("2024-03-12 08:30:00"), "2024-03-12T08:30:00+00:00");
        assert_eq!(iso("2024-03-12"), "2024-03-12T00:00:00+00:00");
        assert_eq!(
            iso("Tue, 12 Mar 2024 08:00:00 GMT"),
            "2024-03-12T08:00:00+00:00"
        );
        assert_eq!(iso("2024-03-12T08:30:00+0100"), "2024-03-12T07:30:00+00:00");
    }

    #[test]
    fn french_and_other_localised_dates() {
        assert_eq!(
            iso("mardi 12 mars 2024 à 08h30"),
            "2024-03-12T08:30:00+00:00"
        );
        assert_eq!(iso("Publié le 1er avril 2024"), "2024-04-01T00:00:00+00:00");
        assert_eq!(iso("12 FÉVRIER 2024"), "2024-02-12T00:00:00+00:00");
        assert_eq!(iso("3 août 2023"), "2023-08-03T00:00:00+00:00");
        assert_eq!(iso("March 12, 2024"), "2024-03-12T00:00:00+00:00");
        assert_eq!(
            iso("Tue, 26 November 2024 9:27PM"),
            "2024-11-26T21:27:00+00:00"
        );
        assert_eq!(iso("May 3, 2024 12:15 am"), "2024-05-03T00:15:00+00:00");
        assert_eq!(iso("12 novembre 2024"), "2024-11-12T00:00:00+00:00");
        assert_eq!(iso("3 maggio 2023"), "2023-05-03T00:00:00+00:00");
        assert_eq!(iso("12. März 2024"), "2024-03-12T00:00:00+00:00");
        assert_eq!(iso("12/03/2024 à 10:15"), "2024-03-12T10:15:00+00:00");
        assert_eq!(
            iso("martes, 3 de mayo de 2022 · 23:57"),
            "2022-05-03T23:57:00+00:00"
        );
        assert_eq!(iso("4 de maio de 2022"), "2022-05-04T00:00:00+00:00");
        assert_eq!(
            iso("Dodano: 30 kwietnia 2021, 11:55"),
            "2021-04-30T11:55:00+00:00"
        );
        assert_eq!(iso("8. října 2025"), "2025-10-08T00:00:00+00:00");
        assert_eq!(iso("3 mei 2024"), "2024-05-03T00:00:00+00:00");
        assert_eq!(iso("23. 12. 2024 13:31"), "2024-12-23T13:31:00+00:00");
        assert_eq!(
            iso("Publiziert17. Dezember 2024, 12:17"),
            "2024-12-17T12:17:00+00:00"
        );
        // Still no date in a number run or a score.
        assert_eq!(iso("1234. 12. 2024"), "");
        assert_eq!(iso("Les 3 sets de 2024"), "");
    }

    #[test]
    fn year_first_and_cjk_dates() {
        assert_eq!(iso("2024/12/04 00:05"), "2024-12-04T00:05:00+00:00");
        assert_eq!(iso("2024.05.15"), "2024-05-15T00:00:00+00:00");
        assert_eq!(
            iso("2025年1月14日 01時28分 (1月14日 01時40分更新)"),
            "2025-01-14T01:28:00+00:00"
        );
        assert_eq!(
            iso("입력 2025년 5월 15일 14:03"),
            "2025-05-15T14:03:00+00:00"
        );
        // A version number or a year range is not a date.
        assert!(parse_date("version 12024/1/2").is_none());
        assert!(parse_date("2024/13/40").is_none());
    }

    #[test]
    fn rejects_junk() {
        assert!(parse_date("hier").is_none());
        assert!(parse_date("31 février 2024").is_none());
        assert!(parse_date("0000-00-00").is_none());
        assert!(parse_date("").is_none());
    }
}
