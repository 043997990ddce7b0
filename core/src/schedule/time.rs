//! Days of the week and IANA time zones, the two pieces of calendar every schedule
//! function shares.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A day of the week, Monday first (ISO 8601).
///
/// JSON: `"monday"` … `"sunday"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// The seven days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
        }
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn from_chrono(d: chrono::Weekday) -> Self {
        Weekday::ALL[d.num_days_from_monday() as usize]
    }
}

impl std::fmt::Display for Weekday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hours in a week: the number of (weekday, hour) cells.
pub(crate) const WEEK_HOURS: usize = 7 * 24;

/// Index of a (weekday, hour) cell: `weekday * 24 + hour`.
pub(crate) fn cell(weekday: Weekday, hour: u32) -> usize {
    weekday.index() * 24 + hour as usize
}

/// The (weekday, hour) of cell `i`.
pub(crate) fn cell_parts(i: usize) -> (Weekday, u32) {
    (Weekday::ALL[(i / 24) % 7], (i % 24) as u32)
}

/// Parses an IANA time-zone name (`Europe/Amsterdam`), naming `field` when it is unknown.
pub(crate) fn parse_time_zone(field: &str, name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| {
        Error::invalid(
            field,
            format!("unknown IANA time zone `{name}` (expected e.g. `Europe/Amsterdam`)"),
        )
    })
}

/// The local (weekday, hour) of an instant in `tz`. Every instant has exactly one local
/// time, so DST changes need no special case here: a post at 01:30 UTC on the European
/// spring-forward day is 03:30 CEST, and the two 02:30s of the autumn day both count as 02.
pub(crate) fn local_cell(tz: Tz, at: DateTime<Utc>) -> usize {
    let local = at.with_timezone(&tz);
    cell(Weekday::from_chrono(local.weekday()), local.hour())
}

/// The instant at which local `date` `hour`:00 begins in `tz`: `None` when that hour does
/// not exist (skipped by a spring-forward change); the first of the two when it occurs
/// twice (autumn change).
pub(crate) fn local_hour_start(tz: Tz, date: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
    let naive = date.and_hms_opt(hour, 0, 0)?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}
