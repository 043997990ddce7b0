//! JSON text in, JSON text out: the core's serde types stay the single source of truth for
//! the shape of every object.
//!
//! The JS wrapper (`index.js`) hands each argument over as the output of `JSON.stringify`
//! (which turns a `Date` into its ISO string and leaves out `undefined` properties), after a
//! cheap check that rejects what JSON would silently change (NaN and ±Infinity become
//! `null`, an invalid Date becomes `null`, functions, symbols and bigints). One string per
//! argument crosses the boundary: walking objects property by property through N-API
//! costs about 0.3 µs per value, several times the analysis itself.
//!
//! **In** ([`from_json`]): `serde_path_to_error` deserialises the text straight into the
//! core type, so a type mismatch (`"no"` where a boolean is expected, `1.5` where a count is
//! expected, an unknown platform, a lone surrogate) is `invalid_input` naming the path
//! (`snapshot.posts[3].created_at`).
//!
//! **Out** ([`to_json`]): the core output serialised with serde (`None` is `null`, times
//! are RFC 3339 strings); the wrapper `JSON.parse`s it.

use serde::Serialize;
use serde::de::DeserializeOwned;

use brandpilot::Error;

/// Deserialises the JSON `text` into `T`; errors name the path below `field`.
///
/// Tracking the path costs as much as the parse itself, so the happy path parses plainly
/// and only a failed parse is repeated with `serde_path_to_error` to find the path.
pub(crate) fn from_json<T: DeserializeOwned>(text: &str, field: &str) -> Result<T, Error> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        Err(_) => from_json_with_path(text, field),
    }
}

/// [`from_json`]'s slow path: the same parse, tracking the path to the bad value.
fn from_json_with_path<T: DeserializeOwned>(text: &str, field: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let rest = if path == "." { String::new() } else { path };
        // `within` joins `field` and the path the way core errors are joined.
        Error::invalid(rest, message(&e.into_inner())).within(field)
    })?;
    de.end()
        .map_err(|e| Error::invalid(field, format!("is not one JSON value: {}", message(&e))))?;
    Ok(value)
}

/// The serde message without serde_json's ` at line 1 column 802` suffix: the caller passed
/// objects, not this JSON text, so positions in it mean nothing to them.
fn message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&suffix) {
        Some(stripped) if err.line() > 0 => stripped.to_owned(),
        _ => text,
    }
}

/// Serialises a core output as JSON text.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value)
        .map_err(|e| Error::internal(format!("cannot serialise the output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use brandpilot::goal::Observation;

    #[test]
    fn paths_name_the_bad_value() {
        let err = from_json::<Vec<Observation>>(
            r#"[{"at": "2026-01-01T00:00:00Z", "value": 1}, {"at": 5, "value": 1}]"#,
            "observations",
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some("observations[1].at"));
        assert!(!err.message().contains("line 1"), "{err}");
    }

    #[test]
    fn the_slow_path_agrees_with_the_fast_one() {
        let text = r#"[{"at": "2026-01-01T00:00:00Z", "value": 1}]"#;
        let fast: Vec<Observation> = from_json(text, "o").unwrap();
        let slow: Vec<Observation> = from_json_with_path(text, "o").unwrap();
        assert_eq!(fast, slow);
    }

    #[test]
    fn trailing_text_is_rejected() {
        let err = from_json::<u32>("1 2", "n").unwrap_err();
        assert_eq!(err.field(), Some("n"));
    }

    #[test]
    fn lone_surrogates_are_invalid_input() {
        let err = from_json::<String>(r#""a\ud800b""#, "text").unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
}
