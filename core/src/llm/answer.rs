//! Reading a model's answer as JSON.

/// Parses a model's answer as JSON. Surrounding whitespace and one Markdown code fence
/// (```` ```json … ``` ````, which local models often add despite instructions) are
/// tolerated; anything else that is not a single JSON value is an error, whose text says
/// what is wrong (for the repair round-trip).
///
/// ```
/// use brandpilot::llm::parse_json;
/// assert_eq!(parse_json(" {\"a\": 1} ").unwrap()["a"], 1);
/// assert_eq!(parse_json("```json\n[1, 2]\n```").unwrap()[1], 2);
/// assert!(parse_json("Sure! {\"a\": 1}").is_err());
/// ```
pub fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    let trimmed = text.trim();
    let body = strip_fence(trimmed).unwrap_or(trimmed);
    if body.is_empty() {
        return Err("the answer is empty".to_owned());
    }
    serde_json::from_str(body).map_err(|e| format!("the answer is not valid JSON ({e})"))
}

/// The inside of a ```` ``` ```` / ```` ```json ```` fence around all of `text`.
fn strip_fence(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("```")?.strip_suffix("```")?;
    let (first_line, rest) = inner.split_once('\n')?;
    let lang = first_line.trim();
    (lang.is_empty() || lang.eq_ignore_ascii_case("json")).then_some(rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_errors() {
        assert_eq!(parse_json("```\n{}\n```").unwrap(), serde_json::json!({}));
        assert!(parse_json("```python\n{}\n```").is_err());
        assert_eq!(parse_json("  ").unwrap_err(), "the answer is empty");
        let e = parse_json("{\"a\": ").unwrap_err();
        assert!(e.starts_with("the answer is not valid JSON ("), "{e}");
    }
}
