//! A plan to reach a goal in a timeline, personalised by the person's analysis: [`roadmap`].

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::structured::complete_checked;
use super::{PersonData, Source, check_optional_text, check_text, clip, unavailable_or};
use crate::llm::{ChatRequest, JsonSchema, LanguageModel, Message, delimit_user_data, prompts};
use crate::score::Dimension;
use crate::{Error, Result};

/// Longest timeline accepted, in weeks (two years).
pub const MAX_TIMELINE_WEEKS: u32 = 104;
const MAX_GOAL_CHARS: usize = 2_000;
const MAX_ARCHETYPE_CHARS: usize = 200;
/// Phases the model may return.
const MAX_PHASES: u64 = 8;
/// Items in each list of a phase.
const MAX_LIST: u64 = 12;

/// What to plan for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapRequest {
    /// The goal, in the person's words ("Get invited to speak at a Rust conference").
    pub goal: String,
    /// The weeks the person has (1 to [`MAX_TIMELINE_WEEKS`]).
    pub timeline_weeks: u32,
    /// The kind of brand they aim for ("educator", "builder in public"), if any.
    #[serde(default)]
    pub archetype: Option<String>,
}

impl RoadmapRequest {
    /// Checks the goal (not blank, at most 2,000 characters), the timeline and the
    /// archetype (at most 200 characters); errors name the field.
    pub fn validate(&self) -> Result<()> {
        check_text("goal", &self.goal, MAX_GOAL_CHARS)?;
        if !(1..=MAX_TIMELINE_WEEKS).contains(&self.timeline_weeks) {
            return Err(Error::invalid(
                "timeline_weeks",
                format!("must be 1 to {MAX_TIMELINE_WEEKS}"),
            ));
        }
        if let Some(a) = &self.archetype {
            check_optional_text("archetype", a, MAX_ARCHETYPE_CHARS)?;
        }
        Ok(())
    }
}

/// One phase of a roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// A short title.
    pub title: String,
    /// Its duration in whole weeks (at least 1).
    pub weeks: u32,
    /// Concrete actions.
    pub steps: Vec<String>,
    /// Observable results that mark it done.
    pub milestones: Vec<String>,
    /// What could derail it.
    pub risks: Vec<String>,
    /// Tools, templates or communities that help.
    pub resources: Vec<String>,
}

/// The plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roadmap {
    /// The goal asked for.
    pub goal: String,
    /// The timeline asked for, in weeks.
    pub timeline_weeks: u32,
    /// The phases' total duration (never more than `timeline_weeks`).
    pub total_weeks: u32,
    /// The dimensions addressed first: the latest analysis's weakest, weakest first.
    pub focus: Vec<Dimension>,
    /// The phases, in order.
    pub phases: Vec<Phase>,
    /// Whether the model or the template planned.
    pub source: Source,
    /// The error code that made the template plan (`unsupported`, `timeout`, ...).
    pub fallback_code: Option<String>,
    /// The prompt used (`roadmap.v1`).
    pub prompt: String,
}

/// Plans `request.goal` within `request.timeline_weeks`, weakest dimensions of the person's
/// latest analysis first.
///
/// The model's answer is checked against a schema with one repair round-trip, then its total
/// duration against the timeline (one repair in all: a second failure is `invalid_response`,
/// never a canned plan in place of the model's answer). When the model is unavailable (see
/// [the module docs](super)), a deterministic template plan fills exactly the timeline.
pub async fn roadmap(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &RoadmapRequest,
) -> Result<Roadmap> {
    request.validate()?;
    person.validate()?;
    let weakest = person.weakest_dimensions();
    let focus: Vec<Dimension> = weakest.iter().map(|(d, _)| *d).collect();
    let asked = ask(model, person, request, &weakest).await;
    let (phases, source, fallback_code) = match unavailable_or(asked)? {
        Ok(phases) => (phases, Source::Model, None),
        Err(code) => (
            template(person, request, &focus),
            Source::Template,
            Some(code),
        ),
    };
    let total_weeks = phases.iter().map(|p| p.weeks).sum();
    Ok(Roadmap {
        goal: request.goal.clone(),
        timeline_weeks: request.timeline_weeks,
        total_weeks,
        focus,
        phases,
        source,
        fallback_code,
        prompt: prompts::ROADMAP.id(),
    })
}

fn schema() -> JsonSchema {
    let list = json!({"type": "array", "items": {"type": "string"}, "maxItems": MAX_LIST});
    let steps =
        json!({"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": MAX_LIST});
    JsonSchema::strict(
        "roadmap",
        json!({
            "type": "object",
            "properties": {
                "phases": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_PHASES,
                    "items": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "weeks": {"type": "integer"},
                            "steps": steps,
                            "milestones": list,
                            "risks": list,
                            "resources": list
                        },
                        "required": ["title", "weeks", "steps", "milestones", "risks", "resources"],
                        "additionalProperties": false
                    }
                }
            },
            "required": ["phases"],
            "additionalProperties": false
        }),
    )
}

async fn ask(
    model: &dyn LanguageModel,
    person: &PersonData,
    request: &RoadmapRequest,
    weakest: &[(Dimension, f64)],
) -> Result<Vec<Phase>> {
    let focus: Vec<Value> = weakest
        .iter()
        .map(|(d, s)| json!({"dimension": d.as_str(), "score": (s * 10.0).round() / 10.0}))
        .collect();
    let recommendations: Vec<Value> = person
        .latest_analysis()
        .map(|a| {
            a.recommendations
                .iter()
                .map(|r| json!({"title": r.title, "detail": r.detail, "dimension": r.dimension.as_str()}))
                .collect()
        })
        .unwrap_or_default();
    let skills: Vec<&String> = person.profile.iter().flat_map(|p| &p.skills).collect();
    let portfolio: Vec<Value> = person
        .portfolio
        .iter()
        .take(30)
        .map(|p| json!({"kind": p.kind, "title": clip(&p.title, 120), "skills": p.skills}))
        .collect();
    let data = json!({
        "goal": request.goal,
        "timeline_weeks": request.timeline_weeks,
        "archetype": request.archetype,
        "focus": focus,
        "recommendations": recommendations,
        "skills": skills,
        "portfolio": portfolio,
    });
    let chat = ChatRequest::new(vec![
        Message::system(prompts::ROADMAP.text),
        Message::user(delimit_user_data(&data.to_string())),
    ])
    .temperature(0.4);
    let timeline = request.timeline_weeks;
    complete_checked(model, chat, schema(), |v| check_phases(v, timeline)).await
}

/// The phases of a schema-valid answer, or what breaks the rules a schema cannot say.
fn check_phases(value: &Value, timeline: u32) -> std::result::Result<Vec<Phase>, String> {
    let phases: Vec<Phase> =
        serde_json::from_value(value["phases"].clone()).map_err(|e| format!("$.phases: {e}"))?;
    let mut total: u64 = 0;
    for (i, p) in phases.iter().enumerate() {
        if p.title.trim().is_empty() {
            return Err(format!("$.phases[{i}].title: must not be empty"));
        }
        if p.weeks == 0 {
            return Err(format!("$.phases[{i}].weeks: must be at least 1"));
        }
        if p.steps.iter().any(|s| s.trim().is_empty()) {
            return Err(format!("$.phases[{i}].steps: must not contain empty steps"));
        }
        total += u64::from(p.weeks);
    }
    if total > u64::from(timeline) {
        return Err(format!(
            "$.phases: the weeks add up to {total}, more than the timeline of {timeline} weeks"
        ));
    }
    Ok(phases)
}

/// Steps, a milestone, a risk and a resource for working on one dimension.
struct Playbook {
    steps: [&'static str; 2],
    milestone: &'static str,
    risk: &'static str,
    resource: &'static str,
}

fn playbook(d: Dimension) -> Playbook {
    match d {
        Dimension::Presence => Playbook {
            steps: [
                "Complete your profile: photo, banner, headline and about section.",
                "List at least five skills and link your portfolio or website.",
            ],
            milestone: "Profile complete: photo, banner, headline, about, five skills, a link.",
            risk: "Polishing the profile instead of publishing.",
            resource: "Your platform's profile checklist.",
        },
        Dimension::Visibility => Playbook {
            steps: [
                "Post when your audience is online (your best posting times).",
                "Comment thoughtfully on five posts from your field each week.",
            ],
            milestone: "Median impressions per post above last month's.",
            risk: "Chasing reach with posts off your topic.",
            resource: "Your best-posting-times report.",
        },
        Dimension::Engagement => Playbook {
            steps: [
                "End each post with a question your audience can answer.",
                "Reply to every comment within a day.",
            ],
            milestone: "Median comments per post above last month's.",
            risk: "Engagement bait that erodes trust.",
            resource: "A content check of each draft before posting.",
        },
        Dimension::Network => Playbook {
            steps: [
                "Connect with ten people in your field each week, with a personal note.",
                "Take part in one community of your field every week.",
            ],
            milestone: "Audience up 10% on the start of the phase.",
            risk: "Connecting in bulk without context.",
            resource: "One professional community or group in your field.",
        },
        Dimension::Consistency => Playbook {
            steps: [
                "Post on fixed days, at least twice a week.",
                "Keep a backlog of three drafts ready.",
            ],
            milestone: "A post in every week of the phase.",
            risk: "Skipping weeks when work gets busy.",
            resource: "A content calendar.",
        },
    }
}

/// The deterministic plan: foundations, the weakest dimensions, then momentum, filling
/// exactly the timeline (one phase for 1 week, two for 2).
fn template(person: &PersonData, request: &RoadmapRequest, focus: &[Dimension]) -> Vec<Phase> {
    let t = request.timeline_weeks;
    let mut dims: Vec<Dimension> = focus.to_vec();
    for d in [
        Dimension::Consistency,
        Dimension::Engagement,
        Dimension::Presence,
    ] {
        if !dims.contains(&d) {
            dims.push(d);
        }
    }
    let goal = clip(request.goal.trim(), 100);
    let first = dims[0];
    let second = dims[1];
    let recommendation = |d: Dimension| -> Option<String> {
        person
            .latest_analysis()?
            .recommendations
            .iter()
            .find(|r| r.dimension == d)
            .map(|r| format!("{}.", r.title.trim_end_matches('.')))
    };

    let mut foundation_steps = vec![format!(
        "Write down your goal (\"{goal}\") and the audience it serves in one sentence."
    )];
    if let Some(a) = request
        .archetype
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        foundation_steps.push(format!(
            "Pick three topics a {} would be known for, and use them in your headline.",
            clip(a, 60)
        ));
    }
    foundation_steps.extend(recommendation(first));
    foundation_steps.push(playbook(first).steps[0].to_owned());

    let phase = |title: String, weeks: u32, steps: Vec<String>, d: &[Dimension]| Phase {
        title,
        weeks,
        steps,
        milestones: d
            .iter()
            .map(|d| playbook(*d).milestone.to_owned())
            .collect(),
        risks: d.iter().map(|d| playbook(*d).risk.to_owned()).collect(),
        resources: d.iter().map(|d| playbook(*d).resource.to_owned()).collect(),
    };
    let mut focus_steps: Vec<String> = playbook(first)
        .steps
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    focus_steps.extend(recommendation(second));
    focus_steps.extend(playbook(second).steps.iter().map(|s| (*s).to_owned()));
    let momentum_steps = vec![
        "Repeat the post formats that worked best so far; drop the rest.".to_owned(),
        format!("Review your progress toward \"{goal}\" every week and adjust."),
        playbook(dims[2]).steps[0].to_owned(),
    ];

    match t {
        1 => vec![phase(
            format!("Focus week: {}", first.as_str()),
            1,
            foundation_steps,
            &[first],
        )],
        2 => vec![
            phase("Foundations".to_owned(), 1, foundation_steps, &[first]),
            phase(
                format!("Build {}", second.as_str()),
                1,
                focus_steps,
                &[second],
            ),
        ],
        _ => {
            let edge = (t / 4).max(1);
            let middle = t - 2 * edge;
            vec![
                phase("Foundations".to_owned(), edge, foundation_steps, &[first]),
                phase(
                    format!("Build {} and {}", first.as_str(), second.as_str()),
                    middle,
                    focus_steps,
                    &[first, second],
                ),
                phase("Momentum".to_owned(), edge, momentum_steps, &[dims[2]]),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(t: u32) -> RoadmapRequest {
        RoadmapRequest {
            goal: "Speak at a conference".into(),
            timeline_weeks: t,
            archetype: Some("educator".into()),
        }
    }

    #[test]
    fn the_template_fills_exactly_the_timeline() {
        for t in 1..=MAX_TIMELINE_WEEKS {
            let phases = template(&PersonData::default(), &request(t), &[]);
            assert_eq!(phases.iter().map(|p| p.weeks).sum::<u32>(), t);
            assert!(phases.iter().all(|p| p.weeks >= 1 && !p.steps.is_empty()));
        }
    }

    #[test]
    fn phases_over_the_timeline_are_rejected() {
        let v = json!({"phases": [{"title": "a", "weeks": 5, "steps": ["x"], "milestones": [], "risks": [], "resources": []}]});
        assert!(check_phases(&v, 5).is_ok());
        assert!(check_phases(&v, 4).unwrap_err().contains("add up to 5"));
    }
}
