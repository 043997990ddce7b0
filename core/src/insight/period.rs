//! Periods: the week or month of local days that ends where `now`'s local day begins.

use chrono::{DateTime, Days, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::schedule::time::local_hour_start;

/// The length of an insight period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Period {
    /// The seven local days before `now`'s local day (Monday–Sunday for a digest run on
    /// Monday).
    Week,
    /// The local days from the same day of the previous month up to `now`'s local day
    /// (28–31 days; 23 October–22 November for a digest run on 23 November).
    Month,
}

impl Period {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// One concrete period: whole local days in the user's time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodWindow {
    /// Week or month.
    pub period: Period,
    /// The first local day.
    pub first_day: NaiveDate,
    /// The last local day (the day before `now`'s local day).
    pub last_day: NaiveDate,
    /// Days in the period.
    pub days: u32,
    /// The instant the first day begins.
    pub start: DateTime<Utc>,
    /// The instant after the last day ends (the start of `now`'s local day).
    pub end: DateTime<Utc>,
    /// The IANA time zone of the days.
    pub time_zone: String,
}

/// A run of local days `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Block {
    pub fn days(self) -> u32 {
        u32::try_from((self.end - self.start).num_days()).unwrap_or(0)
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.start <= d && d < self.end
    }
}

/// The instant local `date` begins in `tz` (the first existing hour when a DST change
/// skips midnight, as in zones that change at 00:00).
pub(crate) fn day_start(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    (0..4)
        .find_map(|h| local_hour_start(tz, date, h))
        .unwrap_or_else(|| Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)))
}

/// The local day of `now` in `tz`.
pub(crate) fn local_day(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Up to `count` consecutive periods ending at `today` (exclusive), newest first: the
/// current period, then the one before, ... Stops early at the calendar's edge.
pub(crate) fn blocks(period: Period, today: NaiveDate, count: usize) -> Vec<Block> {
    let mut out = Vec::with_capacity(count);
    let mut end = today;
    for i in 1..=count {
        let start = match period {
            Period::Week => today.checked_sub_days(Days::new(7 * i as u64)),
            Period::Month => today.checked_sub_months(Months::new(i as u32)),
        };
        let Some(start) = start else { break };
        out.push(Block { start, end });
        end = start;
    }
    out
}

/// Up to `count` seven-day blocks ending at `end` (exclusive), newest first.
pub(crate) fn weeks(end: NaiveDate, count: usize) -> Vec<Block> {
    let mut out = Vec::with_capacity(count);
    let mut e = end;
    for _ in 0..count {
        let Some(s) = e.checked_sub_days(Days::new(7)) else {
            break;
        };
        out.push(Block { start: s, end: e });
        e = s;
    }
    out
}

/// The window of `block` in `tz`.
pub(crate) fn window(period: Period, tz: Tz, time_zone: &str, block: Block) -> PeriodWindow {
    PeriodWindow {
        period,
        first_day: block.start,
        last_day: block.end.pred_opt().unwrap_or(block.end),
        days: block.days(),
        start: day_start(tz, block.start),
        end: day_start(tz, block.end),
        time_zone: time_zone.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_and_months_end_today() {
        let b = blocks(Period::Week, d("2026-11-23"), 3);
        assert_eq!(b[0].start, d("2026-11-16"));
        assert_eq!(b[0].end, d("2026-11-23"));
        assert_eq!(b[2].start, d("2026-11-02"));
        let m = blocks(Period::Month, d("2026-03-31"), 2);
        assert_eq!(m[0].start, d("2026-02-28"));
        assert_eq!(m[1].start, d("2026-01-31"));
        assert_eq!(m[0].days(), 31);
    }

    #[test]
    fn windows_follow_dst() {
        let tz: Tz = "Europe/Amsterdam".parse().unwrap();
        let w = window(
            Period::Week,
            tz,
            "Europe/Amsterdam",
            blocks(Period::Week, d("2026-11-02"), 1)[0],
        );
        // 26 Oct 2026 00:00 CET (after the 25 Oct change) = 23:00 UTC on the 25th.
        assert_eq!(
            w.start,
            "2026-10-25T23:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(w.last_day, d("2026-11-01"));
        assert_eq!(w.days, 7);
    }
}
