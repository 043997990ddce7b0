//! The digest and its email HTML: contents, charts, escaping, no external assets.

use brandpilot::goal::{Goal, Observation};
use brandpilot::insight::{
    self, Digest, FeedbackState, GoalWithObservations, InsightConfig, InsightInput, InsightKind,
    Period,
};
use brandpilot::model::{AccountSnapshot, MediaKind, Platform, Post, PostMetrics, Profile};
use brandpilot::score::{self, BrandInput, ScoringConfig};
use chrono::{DateTime, Duration, Utc};
use scraper::{Html, Selector};
use serde::Deserialize;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[derive(Deserialize)]
struct GoalEntry {
    goal: Goal,
    observations: Vec<Observation>,
}

#[derive(Deserialize)]
struct DemoFile {
    now: DateTime<Utc>,
    industry: String,
    time_zone: String,
    snapshot: AccountSnapshot,
    goals: Vec<GoalEntry>,
}

/// The bundled demo account with its current and week-earlier analyses.
fn demo() -> (InsightInput, DateTime<Utc>) {
    let f: DemoFile =
        serde_json::from_str(include_str!("../../examples/data/demo_account.json")).unwrap();
    let analyze = |now: DateTime<Utc>| {
        let mut s = f.snapshot.clone();
        s.posts.retain(|p| p.created_at <= now);
        for series in &mut s.series {
            series.points.retain(|p| p.date <= now.date_naive());
        }
        score::analyze(
            &BrandInput {
                snapshot: s,
                industry: f.industry.clone(),
                now,
            },
            &ScoringConfig::default(),
        )
        .unwrap()
    };
    let input = InsightInput {
        snapshot: f.snapshot.clone(),
        time_zone: f.time_zone.clone(),
        analysis: Some(analyze(f.now)),
        previous_analysis: Some(analyze(f.now - Duration::days(7))),
        goals: f
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
    (input, f.now)
}

fn weekly(input: &InsightInput, now: DateTime<Utc>) -> Digest {
    insight::digest(
        input,
        Period::Week,
        now,
        &FeedbackState::default(),
        &InsightConfig::default(),
    )
    .unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Parses `html` and checks the email-safety rules; returns the document.
fn parse_email(html: &str) -> Html {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    for forbidden in [
        "script", "link", "style", "img", "iframe", "object", "embed", "form",
    ] {
        assert_eq!(
            doc.select(&sel(forbidden)).count(),
            0,
            "<{forbidden}> must not appear"
        );
    }
    let lower = html.to_lowercase();
    for needle in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "src='http",
        "href='http",
        "url(",
        "@import",
        "javascript:",
    ] {
        assert!(!lower.contains(needle), "found {needle}");
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
            if name == "href" || name == "src" {
                assert!(!value.contains("//"), "external reference {value}");
            }
        }
    }
    doc
}

#[test]
fn demo_digest_has_every_part() {
    let (input, now) = demo();
    let d = weekly(&input, now);
    assert_eq!(d.period.first_day.to_string(), "2026-11-16");
    assert_eq!(d.period.last_day.to_string(), "2026-11-22");
    assert_eq!(d.period_label, "Week of 16–22 November 2026");
    assert!(!d.headline.is_empty());
    let s = d.score.as_ref().unwrap();
    assert!(s.previous.is_some() && s.delta.is_some());
    assert!(!d.insights.is_empty());
    assert!(
        d.insights
            .iter()
            .all(|i| i.kind != InsightKind::Achievement)
    );
    assert_eq!(d.goals.len(), 2);
    assert_eq!(d.charts.radar.len(), 5);
    assert_eq!(d.charts.heatmap.len(), 168);
    assert!(d.charts.followers.len() >= 60);
    assert!(!d.charts.engagement_rate.is_empty());
    // The posting goal asks three a week: three slots, on different days, in the next week.
    assert_eq!(d.plan.posts, 3);
    assert_eq!(d.plan.slots.len(), 3);
    assert!(
        d.plan
            .slots
            .windows(2)
            .all(|w| w[0].starts_at < w[1].starts_at)
    );
    assert!(
        d.plan
            .slots
            .iter()
            .all(|s| s.starts_at > now && s.starts_at < now + Duration::days(8))
    );
    let mut days: Vec<_> = d.plan.slots.iter().map(|s| s.weekday).collect();
    days.dedup();
    assert_eq!(days.len(), 3);
    assert!(!d.plan.actions.is_empty());
    // Granted ids carry the new achievements for the host to store.
    for a in &d.achievements {
        let f = a.facts.achievement.as_ref().unwrap();
        assert!(d.granted_achievements.contains(&f.achievement_id));
    }
    // Storing them makes the next digest of the same week grant nothing again.
    let mut again = input.clone();
    again.granted_achievements = d.granted_achievements.clone();
    assert!(weekly(&again, now).achievements.is_empty());
}

#[test]
fn html_parses_contains_each_chart_and_nothing_external() {
    let (input, now) = demo();
    let d = weekly(&input, now);
    let html = insight::render_html(&d);
    let doc = parse_email(&html);
    let svgs = doc.select(&sel("svg")).count();
    assert!(svgs >= 4, "{svgs} svg elements");
    for class in [
        "chart-radar",
        "chart-followers",
        "chart-engagement",
        "chart-heatmap",
    ] {
        let found = doc.select(&sel(&format!("svg.{class}"))).count();
        assert_eq!(found, 1, "{class}");
    }
    assert_eq!(doc.select(&sel("svg.chart-heatmap rect")).count(), 168);
    assert_eq!(
        doc.select(&sel("svg.chart-radar polygon.radar-current"))
            .count(),
        1
    );
    assert_eq!(
        doc.select(&sel("svg.chart-radar polygon.radar-previous"))
            .count(),
        1
    );
    assert_eq!(doc.select(&sel("svg.chart-followers polyline")).count(), 1);
    // Every insight and goal is there, by its escaped title.
    let text: String = doc.root_element().text().collect();
    for i in d.insights.iter().chain(&d.achievements) {
        assert!(text.contains(&i.title), "missing {}", i.title);
    }
    assert_eq!(doc.select(&sel("td.goal")).count(), 2);
    assert!(text.contains("Maya Chen"));
    // Deterministic.
    assert_eq!(html, insight::render_html(&weekly(&input, now)));
}

#[test]
fn user_text_is_escaped() {
    let now = t("2026-11-23T09:00:00Z");
    let mut profile = Profile::new(Platform::Linkedin, "eve");
    profile.display_name = Some("Eve <b>bold</b> & \"quoted\"".into());
    let evil = "<script>alert('pwned')</script> and <img src=http://evil.example/x.png>";
    let post = Post {
        id: "p1".into(),
        platform: Platform::Linkedin,
        created_at: t("2026-11-18T09:00:00Z"),
        text: evil.into(),
        media_kind: MediaKind::None,
        metrics: PostMetrics {
            impressions: Some(1000),
            likes: Some(40),
            comments: Some(5),
            ..PostMetrics::default()
        },
    };
    let mut input = InsightInput::new(
        AccountSnapshot {
            profile,
            posts: vec![post],
            series: vec![],
        },
        "Europe/Paris",
    );
    input.goals.push(GoalWithObservations {
        goal: serde_json::from_str(
            r#"{"id": "g<1>", "name": "</td></tr><script>x()</script>", "metric": "followers",
                "direction": "increase", "baseline": 10, "target": 20,
                "start": "2026-11-01T00:00:00Z", "deadline": "2026-12-01T00:00:00Z"}"#,
        )
        .unwrap(),
        observations: vec![],
    });
    let d = weekly(&input, now);
    let top = d
        .insights
        .iter()
        .find(|i| i.kind == InsightKind::TopPost)
        .unwrap();
    assert!(
        top.body.contains("<script>alert('pwned')</script>"),
        "the facts keep the raw text"
    );
    let html = insight::render_html(&d);
    let doc = parse_email(&html);
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("<script>alert('pwned')</script>"),
        "shown as text"
    );
    assert!(text.contains("Eve <b>bold</b> & \"quoted\""));
    assert!(text.contains("</td></tr><script>x()</script>"));
    assert_eq!(doc.select(&sel("b")).count(), 0);
    assert!(html.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"));
}

#[test]
fn empty_account_digest_renders() {
    let input = InsightInput::new(
        AccountSnapshot {
            profile: Profile::new(Platform::X, "newbie"),
            posts: vec![],
            series: vec![],
        },
        "America/New_York",
    );
    for period in [Period::Week, Period::Month] {
        let d = insight::digest(
            &input,
            period,
            t("2026-03-09T12:00:00Z"),
            &FeedbackState::default(),
            &InsightConfig::default(),
        )
        .unwrap();
        assert!(d.score.is_none());
        assert!(d.charts.radar.is_empty() && d.charts.followers.is_empty());
        assert_eq!(d.plan.slots.len(), 1);
        assert!(d.headline.contains("first post"), "{}", d.headline);
        let html = insight::render_html(&d);
        let doc = parse_email(&html);
        // No score: no radar; the sparklines say there is no data; the heat map is the prior.
        assert_eq!(doc.select(&sel("svg.chart-radar")).count(), 0);
        assert_eq!(doc.select(&sel("svg.chart-heatmap")).count(), 1);
        assert!(html.contains("No data yet"));
    }
}

#[test]
fn monthly_digest_of_the_demo() {
    let (input, now) = demo();
    let d = insight::digest(
        &input,
        Period::Month,
        now,
        &FeedbackState::default(),
        &InsightConfig::default(),
    )
    .unwrap();
    assert_eq!(d.period.first_day.to_string(), "2026-10-23");
    assert_eq!(d.period_label, "Month of 23 October–22 November 2026");
    assert!(d.insights.iter().all(|i| i.period == d.period));
    parse_email(&insight::render_html(&d));
}
