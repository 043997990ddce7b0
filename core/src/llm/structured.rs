//! Structured output with one repair round-trip: [`complete_json`].

use serde_json::Value;

use super::{
    ChatRequest, JsonSchema, LanguageModel, Message, Usage, parse_json, prompts, validate,
};
use crate::{Error, Result};

/// How many characters of a rejected answer the repair message and errors keep.
const MAX_ECHO_CHARS: usize = 16_000;

/// A structured answer with what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonCompletion {
    /// The answer, valid against the schema.
    pub value: Value,
    /// Usage of every call made (two when a repair was needed).
    pub usage: Usage,
    /// Whether the first answer was rejected and the repair round-trip produced this one.
    pub repaired: bool,
}

/// Asks `model` for JSON following `schema` and returns the parsed, validated value.
///
/// If the answer is not valid JSON or does not follow the schema (checked with
/// [`validate`]), the model gets one follow-up: its answer as an assistant message, then
/// [`prompts::REPAIR_JSON`](super::prompts::REPAIR_JSON) naming what was wrong. A second
/// failure is an `invalid_response` error: no canned answer is ever substituted. A refusal
/// is `invalid_response` at once (asking again would not help). Errors of the model itself
/// (`rate_limited`, `timeout`, ...) are returned as they are.
///
/// ```
/// use brandpilot::llm::{complete_json, ChatRequest, JsonSchema, Message, ScriptedModel};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let schema = JsonSchema::strict("tags", serde_json::json!({
///     "type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
///     "required": ["tags"], "additionalProperties": false
/// }));
/// let model = ScriptedModel::new([r#"{"tags": [1]}"#, r#"{"tags": ["rust"]}"#]);
/// let request = ChatRequest::new(vec![Message::user("Suggest tags")]);
/// let value = complete_json(&model, request, schema).await.unwrap();
/// assert_eq!(value["tags"][0], "rust");
/// let repair = &model.requests()[1].messages;
/// assert!(repair[repair.len() - 1].content.contains("$.tags[0]: expected string, got number"));
/// # });
/// ```
pub async fn complete_json(
    model: &dyn LanguageModel,
    request: ChatRequest,
    schema: JsonSchema,
) -> Result<Value> {
    complete_json_detailed(model, request, schema)
        .await
        .map(|c| c.value)
}

/// [`complete_json`], also returning the summed usage and whether a repair was needed.
pub async fn complete_json_detailed(
    model: &dyn LanguageModel,
    mut request: ChatRequest,
    schema: JsonSchema,
) -> Result<JsonCompletion> {
    request.response_schema = Some(schema);
    request.validate()?;
    let first = model.complete(&request).await?;
    let problem = match check(&first, &request) {
        Ok(value) => {
            return Ok(JsonCompletion {
                value,
                usage: first.usage,
                repaired: false,
            });
        }
        Err(Problem::Refused(e)) => return Err(e),
        Err(Problem::Invalid(problem)) => problem,
    };

    request
        .messages
        .push(Message::assistant(truncate(&first.text, MAX_ECHO_CHARS)));
    request.messages.push(Message::user(
        prompts::REPAIR_JSON.render(&[("error", &problem)]),
    ));
    let second = model.complete(&request).await?;
    let usage = first.usage.plus(&second.usage);
    match check(&second, &request) {
        Ok(value) => Ok(JsonCompletion {
            value,
            usage,
            repaired: true,
        }),
        Err(Problem::Refused(e)) => Err(e),
        Err(Problem::Invalid(again)) => Err(Error::InvalidResponse {
            status: 200,
            message: format!(
                "the model's answer did not follow the schema \"{}\" after one repair: {again}",
                request
                    .response_schema
                    .as_ref()
                    .map_or("", |s| s.name.as_str())
            ),
            excerpt: crate::http::excerpt(second.text.as_bytes()),
        }),
    }
}

enum Problem {
    Refused(Error),
    Invalid(String),
}

/// The answer's JSON, valid against the request's schema, or what is wrong with it.
fn check(answer: &super::ChatResponse, request: &ChatRequest) -> Result<Value, Problem> {
    if let Some(refusal) = &answer.refusal {
        return Err(Problem::Refused(Error::InvalidResponse {
            status: 200,
            message: "the model refused to answer".to_owned(),
            excerpt: crate::http::excerpt(refusal.as_bytes()),
        }));
    }
    let value = match &answer.json {
        Some(v) => v.clone(),
        None => parse_json(&answer.text).map_err(Problem::Invalid)?,
    };
    let schema = request.response_schema.as_ref().map(|s| &s.schema);
    let violations = schema.map(|s| validate(&value, s)).unwrap_or_default();
    if violations.is_empty() {
        Ok(value)
    } else {
        Err(Problem::Invalid(format!(
            "the JSON does not follow the schema: {}",
            violations.join("; ")
        )))
    }
}

/// The first `max` characters of `text`, with `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::ScriptedModel;
    use serde_json::json;

    fn schema() -> JsonSchema {
        JsonSchema::strict(
            "answer",
            json!({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"], "additionalProperties": false}),
        )
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_valid_first_answer_needs_no_repair() {
        let model = ScriptedModel::new([r#"{"n": 3}"#]);
        let req = ChatRequest::new(vec![Message::user("n?")]);
        let done = block(complete_json_detailed(&model, req, schema())).unwrap();
        assert_eq!(done.value, json!({"n": 3}));
        assert!(!done.repaired);
        let sent = model.requests();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].response_schema, Some(schema()));
    }

    #[test]
    fn two_bad_answers_are_invalid_response() {
        let model = ScriptedModel::new(["{\"n\": \"three\"}", "still not"]);
        let req = ChatRequest::new(vec![Message::user("n?")]);
        let err = block(complete_json(&model, req, schema())).unwrap_err();
        assert_eq!(err.code(), "invalid_response");
        assert!(err.message().contains("after one repair"), "{err}");
        let repair = &model.requests()[1].messages;
        assert_eq!(repair[1], Message::assistant("{\"n\": \"three\"}"));
        assert!(
            repair[2]
                .content
                .contains("$.n: expected integer, got string")
        );
    }

    #[test]
    fn model_errors_pass_through_without_repair() {
        let model = ScriptedModel::with_results([Err(Error::Timeout {
            message: "slow".into(),
        })]);
        let req = ChatRequest::new(vec![Message::user("n?")]);
        let err = block(complete_json(&model, req, schema())).unwrap_err();
        assert_eq!(err.code(), "timeout");
        assert_eq!(model.requests().len(), 1);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("ééé", 2), "éé…");
    }
}
