//! JSON text in, JSON text out, for the `*_json` functions.

use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::BrandpilotError;

/// Parses `text` as `T`; errors are `InvalidInput` naming the path (`snapshot.posts[3].id`).
///
/// Every `*_json` function takes one JSON object of named parameters. serde's derived
/// `Deserialize` would also accept a JSON array as the fields in order (`["hi", "x"]`), so
/// anything but an object is rejected up front.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, BrandpilotError> {
    if !text.trim_start().starts_with('{') {
        return Err(BrandpilotError::InvalidInput {
            field: String::new(),
            message: "invalid JSON input: expected one JSON object of named parameters".into(),
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // A syntax error in malformed text has no meaningful field. serde_json also reports
        // some type errors as syntax errors (`null` for an enum: "expected value"); when the
        // text is valid JSON the path is kept, so the caller learns which field is wrong.
        let malformed = inner.is_eof()
            || (inner.is_syntax() && serde_json::from_str::<IgnoredAny>(text).is_err());
        let field = if path == "." || malformed {
            String::new()
        } else {
            path
        };
        BrandpilotError::InvalidInput {
            field,
            message: format!("invalid JSON input: {inner}"),
        }
    })?;
    de.end().map_err(|e| BrandpilotError::InvalidInput {
        field: String::new(),
        message: format!("invalid JSON input: {e}"),
    })?;
    Ok(value)
}

/// Serialises an output (snake_case JSON, RFC 3339 times: the core's serde shape).
pub(crate) fn to_string<T: Serialize>(value: &T) -> Result<String, BrandpilotError> {
    serde_json::to_string(value).map_err(|e| BrandpilotError::Internal {
        message: format!("cannot serialise the output: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Two {
        text: String,
        n: u32,
        #[serde(default)]
        kind: Option<Kind>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
    }

    #[test]
    fn only_objects_are_accepted() {
        assert!(parse::<Two>(r#" {"text": "hi", "n": 1}"#).is_ok());
        for bad in [r#"["hi", 1]"#, "", "  ", "null", "1", r#""hi""#] {
            let err = parse::<Two>(bad).unwrap_err();
            assert!(
                matches!(&err, BrandpilotError::InvalidInput { field, .. } if field.is_empty()),
                "{bad}: {err:?}"
            );
        }
        let err = parse::<Two>(r#"{"text": "hi", "n": -1}"#).unwrap_err();
        assert!(
            matches!(&err, BrandpilotError::InvalidInput { field, .. } if field == "n"),
            "{err:?}"
        );
        // Valid JSON of the wrong type names the field, even where serde_json calls it a
        // syntax error (null for an enum); malformed JSON names none.
        for (text, want) in [
            (r#"{"text": "hi", "n": 1, "kind": null}"#, None),
            (r#"{"text": "hi", "n": 1, "kind": 3}"#, Some("kind")),
            (r#"{"text": "hi", "n": 1, "kind": "odd"}"#, Some("kind")),
            (r#"{"text": "hi", "n": 1, "kind": [1}"#, Some("")),
            (r#"{"text": "hi", "n": NaN}"#, Some("")),
        ] {
            match (parse::<Two>(text), want) {
                (Ok(_), None) => {}
                (Err(BrandpilotError::InvalidInput { field, .. }), Some(want)) => {
                    assert_eq!(field, want, "{text}")
                }
                (other, _) => panic!("{text}: {other:?}"),
            }
        }
        let err = parse::<Two>(r#"{"text": "hi", "n": 1} {}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
}
