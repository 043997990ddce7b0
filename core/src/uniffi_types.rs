//! uniffi custom types for the chrono types the public records use (feature `uniffi` only).
//!
//! - [`UtcDateTime`] (`chrono::DateTime<Utc>`) crosses the boundary as uniffi's built-in
//!   timestamp: Kotlin `java.time.Instant`, Swift `Date`. Nanosecond precision is kept.
//! - [`NaiveDate`] (`chrono::NaiveDate`) crosses as an ISO 8601 date string (`"2026-11-01"`),
//!   the same text as in JSON: neither Kotlin's `LocalDate` nor Swift has a built-in
//!   uniffi equivalent, and a string avoids guessing a time zone.
//!
//! - [`Secret`](crate::Secret) crosses as a plain string (Kotlin/Swift `typealias Secret =
//!   String`): the host needs the token values (its own storage seals them).
//! - [`StringPair`] (`(String, String)`, e.g. `OAuthProvider::extra_authorize_params`)
//!   crosses as a two-element list of strings, the same shape as in JSON (`["k", "v"]`).
//! - [`SecretMap`] (`BTreeMap<String, Secret>`, `VaultSpec::keys`) crosses as a map of
//!   strings (Kotlin `Map<String, String>`, Swift `[String: String]`).
//!
//! Lifting never panics: a timestamp outside chrono's range (about ±262,000 years) or a
//! malformed date string is a lift error, which uniffi reports to the caller.

// The `custom_type!` macro expands to `unsafe impl FfiConverter`; the safety contract is
// uniffi's (the impl only delegates to uniffi's own SystemTime / String converters).
#![allow(unsafe_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};

use crate::Secret;

/// `chrono::DateTime<Utc>` under a one-word name: uniffi's `custom_type!` needs a plain
/// identifier, and this name is the typealias Kotlin and Swift see (`UtcDateTime` =
/// `java.time.Instant` / `Date`).
pub type UtcDateTime = DateTime<Utc>;

/// `chrono::NaiveDate`, named for uniffi (Kotlin and Swift see `typealias NaiveDate = String`).
pub type NaiveDate = chrono::NaiveDate;

/// `SystemTime` → `DateTime<Utc>` without chrono's panicking `From` impl.
fn system_time_to_utc(t: SystemTime) -> uniffi::Result<UtcDateTime> {
    let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs())?, d.subsec_nanos()),
        Err(e) => {
            // Before 1970: floor to whole seconds, with a non-negative nanosecond part.
            let d = e.duration();
            let secs = i64::try_from(d.as_secs())?;
            match d.subsec_nanos() {
                0 => (-secs, 0),
                n => (-secs - 1, 1_000_000_000 - n),
            }
        }
    };
    DateTime::from_timestamp(secs, nanos)
        .ok_or_else(|| uniffi::deps::anyhow::anyhow!("timestamp out of range: {secs} s"))
}

uniffi::custom_type!(UtcDateTime, SystemTime, {
    remote,
    lower: |dt| SystemTime::from(dt),
    try_lift: |t| system_time_to_utc(t),
});

uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |s| Ok(s.parse::<chrono::NaiveDate>()?),
});

uniffi::custom_type!(Secret, String, {
    lower: |s| s.expose().to_owned(),
    try_lift: |s| Ok(Secret::new(s)),
});

/// `(String, String)` named for uniffi, which has no tuples: a list of exactly two strings.
pub type StringPair = (String, String);

uniffi::custom_type!(StringPair, Vec<String>, {
    remote,
    lower: |pair| vec![pair.0, pair.1],
    try_lift: |v| match <[String; 2]>::try_from(v) {
        Ok([a, b]) => Ok((a, b)),
        Err(v) => Err(uniffi::deps::anyhow::anyhow!(
            "expected a pair of two strings, got {} strings",
            v.len()
        )),
    },
});

/// `BTreeMap<String, Secret>` named for uniffi, which maps only `HashMap`s.
pub type SecretMap = std::collections::BTreeMap<String, Secret>;

uniffi::custom_type!(SecretMap, std::collections::HashMap<String, Secret>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_system_time() {
        for text in [
            "2026-11-23T09:00:00Z",
            "2026-11-23T09:00:00.123456789Z",
            "1969-12-31T23:59:59.5Z",
            "1900-01-01T00:00:00Z",
        ] {
            let dt: UtcDateTime = text.parse().unwrap();
            assert_eq!(system_time_to_utc(SystemTime::from(dt)).unwrap(), dt);
        }
    }
}
