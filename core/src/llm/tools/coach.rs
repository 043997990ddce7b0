//! The coach: a multi-turn conversation grounded in the person's own data, [`coach`].

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::corpus::{KnowledgeItem, RetrievedItem, knowledge_items, retrieve};
use super::structured::complete_checked;
use super::{PersonData, Source, check_optional_text, check_text, clip, unavailable_or};
use crate::llm::{ChatRequest, JsonSchema, LanguageModel, Message, delimit_user_data, prompts};
use crate::{Error, Result};

/// Most turns a [`CoachState`] keeps (the oldest are dropped) and the model sees.
pub const MAX_TURNS: usize = 10;
/// Longest question, in characters.
pub const MAX_QUESTION_CHARS: usize = 4_000;
/// Longest stored answer or question of a turn, in characters.
const MAX_TURN_CHARS: usize = 20_000;
/// Items retrieved per question unless the request says otherwise.
const DEFAULT_TOP_K: u32 = 5;
/// Most items a request may retrieve.
const MAX_TOP_K: u32 = 20;
/// Items the template answer lists.
const TEMPLATE_ITEMS: usize = 3;
/// Longest model answer accepted, in characters.
const MAX_ANSWER_CHARS: usize = 8_000;

/// One exchange of the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// What the person asked.
    pub question: String,
    /// The coach's answer.
    pub answer: String,
    /// The items the answer drew on.
    #[serde(default)]
    pub cited_item_ids: Vec<String>,
}

/// The conversation so far: a serde value the host stores between questions (at most
/// [`MAX_TURNS`] turns; older ones are dropped).
///
/// ```
/// use brandpilot::llm::tools::{CoachState, Turn, MAX_TURNS};
/// let mut state = CoachState::default();
/// for i in 0..MAX_TURNS + 3 {
///     state.push(Turn { question: format!("q{i}"), answer: "a".into(), cited_item_ids: vec![] });
/// }
/// assert_eq!(state.turns.len(), MAX_TURNS);
/// assert_eq!(state.turns[0].question, "q3");
/// let json = serde_json::to_string(&state).unwrap();
/// assert_eq!(serde_json::from_str::<CoachState>(&json).unwrap(), state);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CoachState {
    /// The turns, oldest first.
    #[serde(default)]
    pub turns: Vec<Turn>,
}

impl CoachState {
    /// Appends `turn`, dropping the oldest turns beyond [`MAX_TURNS`].
    pub fn push(&mut self, turn: Turn) {
        self.turns.push(turn);
        self.cap();
    }

    fn cap(&mut self) {
        if self.turns.len() > MAX_TURNS {
            let extra = self.turns.len() - MAX_TURNS;
            self.turns.drain(..extra);
        }
    }
}

/// A question to the coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoachRequest {
    /// The person's question (1 to [`MAX_QUESTION_CHARS`] characters).
    pub question: String,
    /// The conversation so far (empty for a new one).
    #[serde(default)]
    pub state: CoachState,
    /// How many items to retrieve (1 to 20; default 5).
    #[serde(default)]
    pub top_k: Option<u32>,
}

/// The coach's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoachReply {
    /// The answer.
    pub answer: String,
    /// The retrieved items the answer drew on (always among `retrieved`).
    pub cited_item_ids: Vec<String>,
    /// The items retrieved for the question, best first.
    pub retrieved: Vec<RetrievedItem>,
    /// Whether the model or the template answered.
    pub source: Source,
    /// The error code that made the template answer (`unsupported`, `timeout`, ...).
    pub fallback_code: Option<String>,
    /// The prompt used (`coach.v1`).
    pub prompt: String,
    /// The conversation with this turn appended: store it for the next question.
    pub state: CoachState,
}

impl CoachRequest {
    /// Checks the question, `top_k` and the stored turns; errors name the field.
    pub fn validate(&self) -> Result<()> {
        check_text("question", &self.question, MAX_QUESTION_CHARS)?;
        if let Some(k) = self.top_k {
            if !(1..=MAX_TOP_K).contains(&k) {
                return Err(Error::invalid("top_k", format!("must be 1 to {MAX_TOP_K}")));
            }
        }
        for (i, t) in self.state.turns.iter().enumerate() {
            check_optional_text(
                &format!("state.turns[{i}].question"),
                &t.question,
                MAX_TURN_CHARS,
            )?;
            check_optional_text(
                &format!("state.turns[{i}].answer"),
                &t.answer,
                MAX_TURN_CHARS,
            )?;
        }
        Ok(())
    }
}

/// Answers `request.question` from the person's own data.
///
/// The items of [`knowledge_items`] are ranked by BM25 against the question; the top `k` go
/// to the model (delimited as user data) with the last [`MAX_TURNS`] turns. The model must
/// answer `{answer, cited_item_ids}` with ids among the retrieved ones (a schema `enum`, so
/// an unknown id triggers [`complete_json`](crate::llm::complete_json)'s repair). When the
/// model is unavailable (see [the module docs](super)), a template answer lists the top
/// retrieved items.
///
/// ```
/// use brandpilot::llm::ScriptedModel;
/// use brandpilot::llm::tools::{coach, CoachRequest, PersonData, PortfolioItem, PortfolioKind, Source};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let person = PersonData {
///     portfolio: vec![PortfolioItem { id: "talk".into(), kind: PortfolioKind::Experience, title: "Speaker at RustConf".into(), description: "Talk on async Rust".into(), skills: vec![] }],
///     ..Default::default()
/// };
/// let model = ScriptedModel::new([r#"{"answer": "Lead with your RustConf talk.", "cited_item_ids": ["portfolio:talk"]}"#]);
/// let request = CoachRequest { question: "Which talk should I mention?".into(), state: Default::default(), top_k: None };
/// let reply = coach(&model, &person, &request).await.unwrap();
/// assert_eq!(reply.source, Source::Model);
/// assert_eq!(reply.cited_item_ids, ["portfolio:talk"]);
/// assert_eq!(reply.state.turns.len(), 1);
/// # });
/// ```
pub async fn coach(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &CoachRequest,
) -> Result<CoachReply> {
    request.validate()?;
    person.validate()?;
    let k = request.top_k.unwrap_or(DEFAULT_TOP_K) as usize;
    let items = knowledge_items(person);
    let hits = retrieve(&items, &request.question, k);
    let retrieved: Vec<RetrievedItem> = hits.iter().map(|(_, r)| r.clone()).collect();
    let chosen: Vec<&KnowledgeItem> = hits.iter().map(|(i, _)| &items[*i]).collect();
    let ids: Vec<String> = retrieved.iter().map(|r| r.id.clone()).collect();

    let asked = ask(model, request, &chosen, &ids).await;
    let (answer, cited, source, fallback_code) = match unavailable_or(asked)? {
        Ok((answer, cited)) => (answer, cited, Source::Model, None),
        Err(code) => {
            let (answer, cited) = template_answer(&request.question, &chosen);
            (answer, cited, Source::Template, Some(code))
        }
    };
    let mut state = request.state.clone();
    state.push(Turn {
        question: request.question.clone(),
        answer: answer.clone(),
        cited_item_ids: cited.clone(),
    });
    Ok(CoachReply {
        answer,
        cited_item_ids: cited,
        retrieved,
        source,
        fallback_code,
        prompt: prompts::COACH.id(),
        state,
    })
}

/// The schema of the answer: cited ids restricted to `ids`.
fn schema(ids: &[String]) -> JsonSchema {
    let cited = if ids.is_empty() {
        json!({"type": "array", "items": {"type": "string"}, "maxItems": 0})
    } else {
        json!({"type": "array", "items": {"type": "string", "enum": ids}})
    };
    JsonSchema::strict(
        "coach_answer",
        json!({
            "type": "object",
            "properties": {"answer": {"type": "string"}, "cited_item_ids": cited},
            "required": ["answer", "cited_item_ids"],
            "additionalProperties": false
        }),
    )
}

async fn ask(
    model: &dyn LanguageModel,
    request: &CoachRequest,
    chosen: &[&KnowledgeItem],
    ids: &[String],
) -> Result<(String, Vec<String>)> {
    let mut messages = vec![Message::system(prompts::COACH.text)];
    let history = request.state.turns.len().saturating_sub(MAX_TURNS);
    for t in &request.state.turns[history..] {
        messages.push(Message::user(delimit_user_data(
            &json!({"question": t.question}).to_string(),
        )));
        messages.push(Message::assistant(
            json!({"answer": t.answer, "cited_item_ids": t.cited_item_ids}).to_string(),
        ));
    }
    let items: Vec<Value> = chosen
        .iter()
        .map(|i| json!({"id": i.id, "kind": i.kind, "title": i.title, "text": i.text}))
        .collect();
    messages.push(Message::user(delimit_user_data(
        &json!({"items": items, "question": request.question}).to_string(),
    )));
    let chat = ChatRequest::new(messages).temperature(0.3);
    complete_checked(model, chat, schema(ids), |v| check_answer(v, ids)).await
}

/// The answer's text and its cited ids (deduplicated, unknown ids dropped).
fn check_answer(
    value: &Value,
    ids: &[String],
) -> std::result::Result<(String, Vec<String>), String> {
    let answer = value["answer"].as_str().unwrap_or_default().trim();
    if answer.is_empty() {
        return Err("$.answer: must not be empty".to_owned());
    }
    if answer.chars().count() > MAX_ANSWER_CHARS {
        return Err(format!(
            "$.answer: longer than {MAX_ANSWER_CHARS} characters"
        ));
    }
    let mut cited: Vec<String> = Vec::new();
    for id in value["cited_item_ids"].as_array().into_iter().flatten() {
        if let Some(id) = id.as_str() {
            if ids.iter().any(|k| k == id) && !cited.iter().any(|c| c == id) {
                cited.push(id.to_owned());
            }
        }
    }
    Ok((answer.to_owned(), cited))
}

/// The fallback: the top retrieved items, listed with their ids.
fn template_answer(question: &str, chosen: &[&KnowledgeItem]) -> (String, Vec<String>) {
    if chosen.is_empty() {
        return (
            "I found nothing in your posts, brand analyses, goals or portfolio that matches \
             this question. Add the projects, skills or goals it is about, or ask about \
             something they cover."
                .to_owned(),
            Vec::new(),
        );
    }
    let top = &chosen[..chosen.len().min(TEMPLATE_ITEMS)];
    let mut answer = format!(
        "Here is what in your own data is most relevant to \"{}\":",
        clip(question.trim(), 120)
    );
    for (n, item) in top.iter().enumerate() {
        answer.push_str(&format!(
            "\n{}. {} ({}): {}",
            n + 1,
            item.title,
            item.id,
            clip(&item.text, 160)
        ));
    }
    answer.push_str("\nStart from these when you decide your next step.");
    (answer, top.iter().map(|i| i.id.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_duplicate_ids_are_dropped() {
        let ids = vec!["a".to_owned(), "b".to_owned()];
        let v = json!({"answer": " ok ", "cited_item_ids": ["b", "x", "b", "a"]});
        assert_eq!(
            check_answer(&v, &ids).unwrap(),
            ("ok".to_owned(), vec!["b".to_owned(), "a".to_owned()])
        );
        assert!(check_answer(&json!({"answer": " ", "cited_item_ids": []}), &ids).is_err());
    }

    #[test]
    fn the_schema_lists_the_retrieved_ids() {
        let s = schema(&["a".to_owned()]);
        assert_eq!(
            s.schema["properties"]["cited_item_ids"]["items"]["enum"],
            json!(["a"])
        );
        assert_eq!(
            schema(&[]).schema["properties"]["cited_item_ids"]["maxItems"],
            0
        );
    }
}
