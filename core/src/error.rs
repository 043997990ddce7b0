//! The one error type of brandpilot, with stable machine-readable codes.
//!
//! Every fallible function returns [`Result`]. Bindings map [`Error::code`] onto their
//! language's idiom (a Python exception subclass, a JS `err.code`, a Kotlin/Swift error case),
//! so the codes below are a public contract: they never change meaning.

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in brandpilot.
///
/// ```
/// use brandpilot::Error;
/// let err = Error::invalid("posts[3].metrics.likes", "must be >= 0");
/// assert_eq!(err.code(), "invalid_input");
/// assert_eq!(err.field(), Some("posts[3].metrics.likes"));
/// assert_eq!(err.to_string(), "posts[3].metrics.likes: must be >= 0");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller's input is malformed or out of range. `field` is the path of the
    /// offending value (`posts[3].metrics.likes`), or empty when the input as a whole is bad.
    #[error("{}", display_invalid(field, message))]
    InvalidInput {
        /// Path of the offending field, e.g. `posts[3].metrics.likes`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A bug in brandpilot (for example a panic caught at a language boundary).
    #[error("internal error: {message}")]
    Internal {
        /// Description of the failure.
        message: String,
    },
}

fn display_invalid(field: &str, message: &str) -> String {
    if field.is_empty() {
        message.to_owned()
    } else {
        format!("{field}: {message}")
    }
}

impl Error {
    /// An [`Error::InvalidInput`] for the value at `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An [`Error::Internal`] with the given description.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal {
            message: message.into(),
        }
    }

    /// The stable, machine-readable code of this error: `invalid_input`, `internal`, ...
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Internal { .. } => "internal",
        }
    }

    /// The path of the offending field, when the error is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } if !field.is_empty() => Some(field),
            _ => None,
        }
    }

    /// Whether repeating the same call later may succeed.
    pub fn is_retryable(&self) -> bool {
        false
    }

    /// The human-readable message without the field prefix.
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidInput { message, .. } | Error::Internal { message } => message,
        }
    }

    /// Prefixes the field path with `prefix`, so nested validators report the full path
    /// (`snapshot.posts[3].id`).
    pub fn within(self, prefix: &str) -> Self {
        match self {
            Error::InvalidInput { field, message } => Error::InvalidInput {
                field: join_path(prefix, &field),
                message,
            },
            other => other,
        }
    }
}

/// Joins two field-path segments: `join_path("a", "b") == "a.b"`, `join_path("a", "[2]") == "a[2]"`.
pub(crate) fn join_path(prefix: &str, field: &str) -> String {
    match (prefix.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (_, true) => prefix.to_owned(),
        _ if field.starts_with('[') => format!("{prefix}{field}"),
        _ => format!("{prefix}.{field}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_prefixes_paths() {
        let e = Error::invalid("likes", "must be >= 0").within("posts[3].metrics");
        assert_eq!(e.field(), Some("posts[3].metrics.likes"));
        let e = Error::invalid("[0]", "bad").within("posts");
        assert_eq!(e.field(), Some("posts[0]"));
        let e = Error::invalid("", "bad").within("snapshot");
        assert_eq!(e.field(), Some("snapshot"));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(Error::internal("x").code(), "internal");
        assert!(!Error::internal("x").is_retryable());
        assert_eq!(Error::invalid("", "whole input").field(), None);
    }
}
