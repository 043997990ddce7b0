//! The brand report (the main job), shared by the `brand_report` example (offline, from a
//! JSON file) and `sync_and_report` (from a synced platform account).

use brandpilot::goal::{self, Goal, GoalProgress, GoalStatus, Observation};
use brandpilot::insight::{
    self, FeedbackState, GoalWithObservations, Insight, InsightConfig, InsightInput, Period,
};
use brandpilot::model::AccountSnapshot;
use brandpilot::score::{self, BrandAnalysis, BrandInput, DimensionScore, ScoringConfig};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// The bundled demo account.
pub const DEMO: &str = include_str!("../data/demo_account.json");

/// One goal with its observations, as stored in the report file.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    /// The goal.
    pub goal: Goal,
    /// Its observations.
    #[serde(default)]
    pub observations: Vec<Observation>,
}

/// The report file: an account, its industry, goals and the moment of the report.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// The moment of the report.
    pub now: DateTime<Utc>,
    /// The industry the account is scored in.
    pub industry: String,
    /// The IANA time zone of the insights (UTC when absent).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The account.
    pub snapshot: AccountSnapshot,
    /// Goals with their observations.
    #[serde(default)]
    pub goals: Vec<GoalEntry>,
}

/// The report of `file`: text (or JSON with `as_json`), writing the weekly digest HTML to
/// `digest_path` when given. Errors are one line, starting with the error code.
pub fn report(
    file: ReportFile,
    as_json: bool,
    digest_path: Option<&str>,
) -> Result<String, String> {
    let input = BrandInput {
        snapshot: file.snapshot,
        industry: file.industry,
        now: file.now,
    };
    let analysis = score::analyze(&input, &ScoringConfig::default())
        .map_err(|e| format!("[{}] {e}", e.code()))?;
    // The analysis one week earlier, from the data known then.
    let week_ago = file.now - Duration::days(7);
    let earlier = BrandInput {
        snapshot: snapshot_as_of(&input.snapshot, week_ago),
        industry: input.industry.clone(),
        now: week_ago,
    };
    let previous = score::analyze(&earlier, &ScoringConfig::default())
        .map_err(|e| format!("[{}] {e}", e.code()))?;
    let insight_input = InsightInput {
        snapshot: input.snapshot.clone(),
        time_zone: file.time_zone.clone().unwrap_or_else(|| "UTC".to_owned()),
        analysis: Some(analysis.clone()),
        previous_analysis: Some(previous),
        goals: file
            .goals
            .iter()
            .map(|g| GoalWithObservations {
                goal: g.goal.clone(),
                observations: g.observations.clone(),
            })
            .collect(),
        granted_achievements: vec![],
        posts_per_week_goal: None,
    };
    let (feedback, config) = (FeedbackState::default(), InsightConfig::default());
    let insights = insight::generate(&insight_input, Period::Week, file.now, &feedback, &config)
        .map_err(|e| format!("[{}] insights: {e}", e.code()))?;
    if let Some(out) = digest_path {
        let digest = insight::digest(&insight_input, Period::Week, file.now, &feedback, &config)
            .map_err(|e| format!("[{}] digest: {e}", e.code()))?;
        std::fs::write(out, insight::render_html(&digest))
            .map_err(|e| format!("cannot write {out}: {e}"))?;
        eprintln!("brand_report: wrote the weekly digest to {out}");
    }
    let goals = file
        .goals
        .iter()
        .map(|g| {
            goal::evaluate(&g.goal, &g.observations, file.now)
                .map(|p| (g, p))
                .map_err(|e| format!("[{}] goal {}: {e}", e.code(), goal_name(&g.goal)))
        })
        .collect::<Result<Vec<_>, _>>()?;

    if as_json {
        let doc = json!({
            "analysis": analysis,
            "goals": goals.iter().map(|(_, p)| p).collect::<Vec<_>>(),
            "insights": insights,
        });
        serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
    } else {
        Ok(render(&input, &analysis, &goals, &insights))
    }
}

/// `snapshot` as it was known at `at`: posts published by then, series points up to that day.
fn snapshot_as_of(snapshot: &AccountSnapshot, at: DateTime<Utc>) -> AccountSnapshot {
    let mut s = snapshot.clone();
    s.posts.retain(|p| p.created_at <= at);
    let day = at.date_naive();
    for series in &mut s.series {
        series.points.retain(|p| p.date <= day);
    }
    s
}

fn goal_name(goal: &Goal) -> String {
    goal.name
        .clone()
        .or_else(|| goal.id.clone())
        .unwrap_or_else(|| "(unnamed)".into())
}

fn bar(score: f64, width: usize) -> String {
    let filled = ((score / 100.0) * width as f64).round() as usize;
    format!(
        "{}{}",
        "█".repeat(filled.min(width)),
        "░".repeat(width - filled.min(width))
    )
}

fn fmt_num(x: f64) -> String {
    if x.abs() >= 1000.0 {
        let s = format!("{:.0}", x.abs());
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 { format!("-{out}") } else { out }
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// The factor that weighs most in the dimension, described in a few words.
fn top_factor(d: &DimensionScore) -> String {
    let best = d
        .factors
        .iter()
        .filter(|f| f.value.is_some())
        .max_by(|a, b| (a.weight).total_cmp(&b.weight));
    match best {
        None => "no data".into(),
        Some(f) => {
            let value = f.value.unwrap_or_default();
            match (f.benchmark_median, f.percentile) {
                (Some(m), Some(p)) => format!(
                    "{} {} {} (peers {}, ahead of {p:.0}%)",
                    f.label,
                    fmt_num(value),
                    f.unit,
                    fmt_num(m)
                ),
                _ if f.unit == "yes/no" => {
                    format!(
                        "{} {}",
                        f.label,
                        if value > 0.0 { "✓" } else { "✗ missing" }
                    )
                }
                _ => format!("{} {} {}", f.label, fmt_num(value), f.unit),
            }
        }
    }
}

fn status_word(s: GoalStatus) -> &'static str {
    match s {
        GoalStatus::NotStarted => "not started",
        GoalStatus::OnTrack => "on track",
        GoalStatus::AtRisk => "at risk",
        GoalStatus::OffTrack => "off track",
        GoalStatus::Achieved => "achieved",
        GoalStatus::Missed => "missed",
    }
}

fn render(
    input: &BrandInput,
    a: &BrandAnalysis,
    goals: &[(&GoalEntry, GoalProgress)],
    insights: &[Insight],
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let p = &input.snapshot.profile;
    let name = p.display_name.clone().unwrap_or_else(|| p.handle.clone());
    let _ = writeln!(
        out,
        "\nBrand report · {name} (@{}) · {} · {}",
        p.handle, a.platform, a.industry
    );
    let _ = writeln!(
        out,
        "as of {}\n",
        a.analyzed_at.format("%A %-d %B %Y, %H:%M UTC")
    );
    let _ = writeln!(
        out,
        "  OVERALL      {:>5.1} / 100  {}",
        a.overall,
        bar(a.overall, 30)
    );
    if let Some(basis) = a.engagement_basis {
        let basis = format!("{basis:?}").to_lowercase();
        let _ = writeln!(out, "  (engagement rates by {basis}, mean over posts)");
    }
    let _ = writeln!(out, "\n  Dimension      Score");
    for d in &a.dimensions {
        let score = d.score.map_or("  n/a".into(), |s| format!("{s:>5.1}"));
        let _ = writeln!(
            out,
            "  {:<12} {score}  {}  {}",
            d.dimension.as_str(),
            bar(d.score.unwrap_or(0.0), 20),
            top_factor(d)
        );
    }
    if !a.recommendations.is_empty() {
        let _ = writeln!(
            out,
            "\n  What to do next (expected gain on the overall score)"
        );
        for (i, r) in a.recommendations.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {:<52} +{:.1} pts  ({} +{:.1}, effort {})",
                i + 1,
                r.title,
                r.expected_gain,
                r.dimension.as_str(),
                r.dimension_gain,
                format!("{:?}", r.effort).to_lowercase()
            );
            let _ = writeln!(out, "     {}", r.detail);
        }
    }
    if !goals.is_empty() {
        let _ = writeln!(out, "\n  Goals");
        for (entry, g) in goals {
            let projected = g
                .projected_completion
                .map_or("no projection at the current trend".into(), |d| {
                    format!("projected {}", d.format("%-d %b %Y"))
                });
            let detail = match g.achieved_at {
                Some(at) => format!(
                    "reached {} on {}; now {:.0}% of the way",
                    fmt_num(entry.goal.target),
                    at.format("%-d %b %Y"),
                    g.progress * 100.0
                ),
                None => format!(
                    "{:.0}% done (expected {:.0}%), {projected}",
                    g.progress * 100.0,
                    g.expected_progress * 100.0
                ),
            };
            let _ = writeln!(
                out,
                "  • {:<44} {:<11} {detail}",
                goal_name(&entry.goal),
                status_word(g.status),
            );
            if let Some(req) = g.required_per_week {
                let _ = writeln!(
                    out,
                    "    now {} · needs {}{} per week until {}",
                    fmt_num(g.current_value),
                    if req >= 0.0 { "+" } else { "" },
                    fmt_num(req),
                    entry.goal.deadline.format("%-d %b %Y")
                );
            }
        }
    }
    if !insights.is_empty() {
        let _ = writeln!(out, "\n  This week (top insights)");
        for i in insights.iter().take(6) {
            let _ = writeln!(out, "  • {}  [{}]", i.title, i.kind);
            let _ = writeln!(out, "    {}", i.body);
        }
    }
    if !a.notes.is_empty() {
        let _ = writeln!(out, "\n  Notes");
        for n in &a.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out.push('\n');
    out
}
