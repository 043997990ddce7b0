//! JSON text in, JSON text out, for the `*_json` functions.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::BrandpilotError;

/// Parses `text` as `T`; errors are `InvalidInput` naming the path (`snapshot.posts[3].id`).
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, BrandpilotError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = if path == "." || inner.is_syntax() || inner.is_eof() {
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
