//! A validator for the small JSON Schema subset our structured outputs use.
//!
//! Hand-written rather than the `jsonschema` crate: that crate is not in the build's crate
//! set, pulls a regex engine, a URL resolver and an HTTP client for remote `$ref`s, and we
//! only need the keywords OpenAI's strict mode accepts and our prompts emit. Keywords outside
//! the subset are ignored (they are the provider's business, not a reason to reject).

use serde_json::Value;

/// At most this many violations are reported (a repair message stays short).
pub const MAX_VIOLATIONS: usize = 8;

/// Checks `value` against `schema`, for the keywords `type` (a name or a list of names:
/// `object`, `array`, `string`, `number`, `integer`, `boolean`, `null`), `properties`,
/// `required`, `additionalProperties: false`, `items`, `enum`, `minItems` and `maxItems`.
///
/// Returns the violations (at most [`MAX_VIOLATIONS`]), each prefixed with the JSON path of
/// the offending value (`$.insights[1].title`); an empty list means valid.
///
/// ```
/// use serde_json::json;
/// use brandpilot::llm::validate;
/// let schema = json!({
///     "type": "object",
///     "properties": {"tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2}},
///     "required": ["tags"],
///     "additionalProperties": false
/// });
/// assert!(validate(&json!({"tags": ["a", "b"]}), &schema).is_empty());
/// let errors = validate(&json!({"tags": ["a", 3, "c"], "extra": 1}), &schema);
/// assert!(errors.contains(&"$.tags: has 3 items, more than 2".to_owned()), "{errors:?}");
/// assert!(errors.contains(&"$.tags[1]: expected string, got number".to_owned()));
/// assert!(errors.contains(&"$: unexpected property \"extra\"".to_owned()));
/// ```
pub fn validate(value: &Value, schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(value, schema, "$", &mut out);
    out.truncate(MAX_VIOLATIONS);
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn has_type(v: &Value, name: &str) -> bool {
    match name {
        "integer" => v.as_f64().is_some_and(|x| x.fract() == 0.0),
        "number" => v.is_number(),
        other => type_name(v) == other,
    }
}

fn check(value: &Value, schema: &Value, path: &str, out: &mut Vec<String>) {
    if out.len() >= MAX_VIOLATIONS {
        return;
    }
    let Some(schema) = schema.as_object() else {
        return; // `true` / `{}`-like schemas accept anything.
    };
    if let Some(t) = schema.get("type") {
        let names: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !names.is_empty() && !names.iter().any(|n| has_type(value, n)) {
            out.push(format!(
                "{path}: expected {}, got {}",
                names.join(" or "),
                type_name(value)
            ));
            return;
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(value) {
            let shown: Vec<String> = allowed.iter().map(Value::to_string).collect();
            out.push(format!("{path}: must be one of {}", shown.join(", ")));
        }
    }
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            if let Some(Value::Array(required)) = schema.get("required") {
                for name in required.iter().filter_map(Value::as_str) {
                    if !map.contains_key(name) {
                        out.push(format!("{path}: missing required property \"{name}\""));
                    }
                }
            }
            for (key, v) in map {
                match properties.and_then(|p| p.get(key)) {
                    Some(sub) => check(v, sub, &format!("{path}.{key}"), out),
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        out.push(format!("{path}: unexpected property \"{key}\""));
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            let n = items.len() as u64;
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                if n < min {
                    out.push(format!("{path}: has {n} items, fewer than {min}"));
                }
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
                if n > max {
                    out.push(format!("{path}: has {n} items, more than {max}"));
                }
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(item, item_schema, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_subset_is_checked() {
        let schema = json!({
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": ["a", "b"]},
                "n": {"type": "integer"},
                "maybe": {"type": ["string", "null"]},
                "list": {"type": "array", "minItems": 1, "items": {
                    "type": "object",
                    "properties": {"x": {"type": "number"}},
                    "required": ["x"],
                    "additionalProperties": false
                }}
            },
            "required": ["kind", "n", "list"]
        });
        let ok = json!({"kind": "a", "n": 3, "maybe": null, "list": [{"x": 1.5}], "free": true});
        assert_eq!(validate(&ok, &schema), Vec::<String>::new());
        let bad = json!({"kind": "c", "n": 2.5, "maybe": 1, "list": [{"y": 1}]});
        let errors = validate(&bad, &schema);
        assert!(
            errors.contains(&"$.kind: must be one of \"a\", \"b\"".to_owned()),
            "{errors:?}"
        );
        assert!(errors.contains(&"$.n: expected integer, got number".to_owned()));
        assert!(errors.contains(&"$.maybe: expected string or null, got number".to_owned()));
        assert!(errors.contains(&"$.list[0]: missing required property \"x\"".to_owned()));
        assert!(errors.contains(&"$.list[0]: unexpected property \"y\"".to_owned()));
        let empty = json!({"kind": "a", "n": 1, "list": []});
        assert_eq!(
            validate(&empty, &schema),
            vec!["$.list: has 0 items, fewer than 1"]
        );
        assert_eq!(
            validate(&json!([1]), &schema),
            vec!["$: expected object, got array"]
        );
    }

    #[test]
    fn violations_are_capped() {
        let schema = json!({"type": "array", "items": {"type": "string"}});
        let many = Value::Array((0..50).map(|i| json!(i)).collect());
        assert_eq!(validate(&many, &schema).len(), MAX_VIOLATIONS);
    }
}
