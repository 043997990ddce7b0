//! Structured answers checked beyond the schema: [`complete_checked`].

use serde_json::Value;

use crate::llm::{
    ChatRequest, JsonSchema, LanguageModel, Message, complete_json_detailed, parse_json, prompts,
    validate,
};
use crate::{Error, Result};

/// Asks for JSON following `schema` ([`complete_json_detailed`], which repairs a schema
/// violation once), then applies `check`, the rules a schema cannot say (a total duration,
/// a list of tones). One repair round-trip in all: if `check` fails and the schema repair was
/// not used, the model gets the problem once; a second failure is `invalid_response`.
pub(crate) async fn complete_checked<T>(
    model: &dyn LanguageModel,
    request: ChatRequest,
    schema: JsonSchema,
    check: impl Fn(&Value) -> std::result::Result<T, String>,
) -> Result<T> {
    let first = complete_json_detailed(model, request.clone(), schema.clone()).await?;
    let problem = match check(&first.value) {
        Ok(v) => return Ok(v),
        Err(problem) => problem,
    };
    if first.repaired {
        return Err(rejected(&schema.name, &problem, &first.value));
    }
    let mut request = request;
    request.response_schema = Some(schema.clone());
    request
        .messages
        .push(Message::assistant(first.value.to_string()));
    request.messages.push(Message::user(
        prompts::REPAIR_JSON.render(&[("error", &problem)]),
    ));
    let second = model.complete(&request).await?;
    let value = match &second.json {
        Some(v) => v.clone(),
        None => parse_json(&second.text)
            .map_err(|e| rejected(&schema.name, &e, &Value::String(second.text.clone())))?,
    };
    let violations = validate(&value, &schema.schema);
    if !violations.is_empty() {
        return Err(rejected(&schema.name, &violations.join("; "), &value));
    }
    check(&value).map_err(|problem| rejected(&schema.name, &problem, &value))
}

/// The `invalid_response` error of an answer still wrong after the repair.
fn rejected(schema: &str, problem: &str, value: &Value) -> Error {
    Error::InvalidResponse {
        status: 200,
        message: format!(
            "the model's answer for \"{schema}\" was still invalid after one repair: {problem}"
        ),
        excerpt: crate::http::excerpt(value.to_string().as_bytes()),
    }
}
