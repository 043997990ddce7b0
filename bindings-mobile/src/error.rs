//! The whole error mapping of the mobile binding: [`brandpilot::Error`] → [`BrandpilotError`].
//!
//! A flat, public error enum derived with `uniffi::Error` (mozilla application-services
//! style). Kotlin sees a sealed `BrandpilotException` hierarchy
//! (`BrandpilotException.InvalidInput`, `BrandpilotException.Internal`), Swift an
//! `enum BrandpilotError: Error`. Variants follow the core's stable error codes, one each;
//! `code()` returns that code, so hosts can log or branch on the same strings as in Python
//! (`err.code`) and Node (`err.code`).
//!
//! Kotlin note: `Throwable` already has a `message` property, so the Kotlin bindings rename
//! the `message` fields to `reason` (`bindings-mobile/uniffi.toml`); `e.message` is the whole
//! text. Swift keeps `message`.

/// An error from brandpilot, with a stable machine-readable code (see `code()`).
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum BrandpilotError {
    /// Code `invalid_input`: the caller's input is malformed or out of range.
    #[error("{}", if field.is_empty() { message.clone() } else { format!("{field}: {message}") })]
    InvalidInput {
        /// Path of the offending value (`snapshot.posts[3].metrics.likes`); empty when the
        /// input as a whole is bad.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Code `internal`: a bug in brandpilot, including a panic caught at the boundary.
    #[error("internal error: {message}")]
    Internal {
        /// Description of the failure.
        message: String,
    },
}

#[uniffi::export]
impl BrandpilotError {
    /// The stable code of this error: `invalid_input`, `internal`, ...
    pub fn code(&self) -> String {
        match self {
            BrandpilotError::InvalidInput { .. } => "invalid_input",
            BrandpilotError::Internal { .. } => "internal",
        }
        .to_owned()
    }
}

impl From<brandpilot::Error> for BrandpilotError {
    fn from(err: brandpilot::Error) -> Self {
        match err.code() {
            "invalid_input" => BrandpilotError::InvalidInput {
                field: err.field().unwrap_or_default().to_owned(),
                message: err.message().to_owned(),
            },
            "internal" => BrandpilotError::Internal {
                message: err.message().to_owned(),
            },
            // A code this binding does not know yet: never lose it silently.
            code => BrandpilotError::Internal {
                message: format!("[{code}] {err}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_by_code() {
        let e: BrandpilotError =
            brandpilot::Error::invalid("posts[3].metrics.likes", "must be >= 0").into();
        assert_eq!(
            e,
            BrandpilotError::InvalidInput {
                field: "posts[3].metrics.likes".into(),
                message: "must be >= 0".into()
            }
        );
        assert_eq!(e.code(), "invalid_input");
        assert_eq!(e.to_string(), "posts[3].metrics.likes: must be >= 0");
        let e: BrandpilotError = brandpilot::Error::internal("boom").into();
        assert_eq!(e.code(), "internal");
        assert_eq!(e.to_string(), "internal error: boom");
    }
}
