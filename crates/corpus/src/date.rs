//! A calendar date without time zone: all dates in the reports are days.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// `None` unless the day exists in that month (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before), for storing dates as timestamps.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil_from_days).
    /// Years outside 0..=65535 are clamped.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)).clamp(0, i64::from(u16::MAX)) as u16;
        Date { year, month, day }
    }

    /// Resolves a `(MM.DD)` date written inside a report: the year is the issue's, except
    /// that a month well after the issue month belongs to the previous year (a December
    /// item in a January issue).
    pub fn in_issue(issue: Date, month: u8, day: u8) -> Option<Date> {
        let year = if month > issue.month.saturating_add(1) {
            issue.year.checked_sub(1)?
        } else {
            issue.year
        };
        Date::new(year, month, day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses `YYYY-MM-DD` (ISO) and the colophon's `YYYY. MM. DD` (dots, optional spaces).
impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        let parts: Vec<&str> = s
            .trim()
            .trim_end_matches('.')
            .split(['-', '.'])
            .map(str::trim)
            .collect();
        let bad = || format!("'{s}' is not a date (expected YYYY-MM-DD)");
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let all_digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !all_digits(y) || !all_digits(m) || !all_digits(d) {
            return Err(bad());
        }
        let (y, m, d) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        Date::new(y, m, d).ok_or_else(|| format!("'{s}' is not a calendar date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_colophon_forms() {
        assert_eq!("2023-12-01".parse::<Date>().unwrap().to_string(), "2023-12-01");
        assert_eq!("2023. 12. 1".parse::<Date>().unwrap().to_string(), "2023-12-01");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("23-1-1".parse::<Date>().is_err());
        assert!("2023-13-01".parse::<Date>().is_err());
    }

    #[test]
    fn december_item_in_january_issue_is_previous_year() {
        let jan = Date::new(2024, 1, 5).unwrap();
        assert_eq!(Date::in_issue(jan, 12, 28).unwrap().to_string(), "2023-12-28");
        assert_eq!(Date::in_issue(jan, 1, 2).unwrap().to_string(), "2024-01-02");
        let dec = Date::new(2023, 12, 1).unwrap();
        assert_eq!(Date::in_issue(dec, 11, 25).unwrap().to_string(), "2023-11-25");
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2023, 12, 1).unwrap().days_since_epoch(), 19_692);
        for days in [-1000, 0, 19_692, 20_000, 60_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }
}
