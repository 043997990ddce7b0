//! Small checks shared by the `validate()` methods.

use chrono::{DateTime, Duration, Utc};

use crate::{Error, Result};

/// How far past `now` a timestamp may lie before it is rejected as "in the far future"
/// (clock skew between a host and a platform is tolerated).
pub(crate) const MAX_FUTURE_SKEW: Duration = Duration::days(1);

/// Rejects negative counts.
pub(crate) fn count(field: &str, value: i64) -> Result<()> {
    if value < 0 {
        return Err(Error::invalid(field, "must be >= 0"));
    }
    Ok(())
}

/// Rejects negative optional counts.
pub(crate) fn opt_count(field: &str, value: Option<i64>) -> Result<()> {
    value.map_or(Ok(()), |v| count(field, v))
}

/// Rejects NaN and infinities.
pub(crate) fn finite(field: &str, value: f64) -> Result<()> {
    if !value.is_finite() {
        return Err(Error::invalid(field, "must be a finite number"));
    }
    Ok(())
}

/// Rejects timestamps more than [`MAX_FUTURE_SKEW`] after `now`.
pub(crate) fn not_future(field: &str, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
    if at > now + MAX_FUTURE_SKEW {
        return Err(Error::invalid(
            field,
            format!(
                "{} is in the future (now is {})",
                at.to_rfc3339(),
                now.to_rfc3339()
            ),
        ));
    }
    Ok(())
}

/// Rejects strings longer than `max` characters (bytes count for speed; limits are generous).
pub(crate) fn max_len(field: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(Error::invalid(
            field,
            format!("is {} bytes long; at most {max} are accepted", value.len()),
        ));
    }
    Ok(())
}
