//! Top-post insight: the period's best post by engagement rate, and what set it apart
//! from the user's typical post.
//!
//! Cheap features (length, media, question, hashtags, link, local hour) are compared with
//! every other post up to the period's end; the content analysis
//! ([`content::analyze`](crate::content::analyze): call to action, hook before the fold,
//! quality score) runs on the top post and on at most [`CONTENT_SAMPLE`] of the most
//! recent other posts, which keeps a year of history within the time budget.

use super::context::{Ctx, PostView, snippet};
use super::stats::{median, stable_id};
use super::{Draft, PostTrait, TopPostFacts, ev};
use crate::content;
use crate::schedule::RateBasis;

/// Most other posts whose text is analysed for the content features' typical values.
pub const CONTENT_SAMPLE: usize = 10;

/// A length ratio beyond which the top post is "longer" (or, inverted, "shorter").
const LENGTH_RATIO: f64 = 1.5;

struct Cheap {
    characters: f64,
    visual: f64,
    question: f64,
    hashtags: f64,
    link: f64,
    hour: f64,
}

fn cheap(p: &PostView) -> Cheap {
    let text = &p.post.text;
    let hashtags = text
        .split_whitespace()
        .filter(|w| w.starts_with('#') && w.len() > 1)
        .count();
    Cheap {
        characters: text.chars().count() as f64,
        visual: f64::from(u8::from(p.post.media_kind.is_visual())),
        question: f64::from(u8::from(text.contains('?'))),
        hashtags: hashtags as f64,
        link: f64::from(u8::from(
            text.contains("http://") || text.contains("https://"),
        )),
        hour: f64::from(p.hour),
    }
}

fn share_or_median(values: Vec<f64>, share: bool) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    if share {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    } else {
        let mut v = values;
        median(&mut v)
    }
}

struct Content {
    cta: f64,
    fold: Option<f64>,
    quality: f64,
}

fn content_of(p: &PostView) -> Option<Content> {
    let a = content::analyze(&p.post.text, p.post.platform).ok()?;
    Some(Content {
        cta: f64::from(u8::from(a.features.has_call_to_action)),
        fold: a.features.hook_fits_fold.map(|b| f64::from(u8::from(b))),
        quality: a.quality.score,
    })
}

pub(crate) fn detect(ctx: &Ctx) -> Option<Draft> {
    let basis = ctx.basis?;
    let current = ctx.current();
    let top = ctx
        .posts_in(current)
        .iter()
        .filter(|p| p.rate.is_some())
        .max_by(|a, b| {
            let (ra, rb) = (a.rate.unwrap_or(0.0), b.rate.unwrap_or(0.0));
            ra.total_cmp(&rb)
                .then(a.engagements.cmp(&b.engagements))
                .then(b.post.created_at.cmp(&a.post.created_at))
                .then(b.post.id.cmp(&a.post.id))
        })?;
    let rate = top.rate?;
    let others: Vec<&PostView> = ctx
        .posts_before(current.end)
        .iter()
        .filter(|p| p.rate.is_some() && p.post.id != top.post.id)
        .collect();
    let median_rate = if others.len() >= 2 {
        let mut r: Vec<f64> = others.iter().filter_map(|p| p.rate).collect();
        median(&mut r)
    } else {
        None
    };
    let lift = median_rate.filter(|&m| m > 0.0).map(|m| rate / m);

    let mine = cheap(top);
    let theirs: Vec<Cheap> = others.iter().map(|p| cheap(p)).collect();
    let typical =
        |f: fn(&Cheap) -> f64, share: bool| share_or_median(theirs.iter().map(f).collect(), share);
    let mut traits = Vec::new();
    let mut push = |key: &str,
                    label: &str,
                    value: f64,
                    typical: Option<f64>,
                    unit: &str,
                    stands_out: fn(f64, f64) -> bool| {
        traits.push(PostTrait {
            key: key.to_owned(),
            label: label.to_owned(),
            value,
            typical,
            unit: unit.to_owned(),
            stands_out: typical.is_some_and(|t| stands_out(value, t)),
        });
    };
    let flag = |v: f64, t: f64| (v - t).abs() >= 0.5;
    push(
        "characters",
        "Length",
        mine.characters,
        typical(|c| c.characters, false),
        "characters",
        |v, t| t > 0.0 && (v / t >= LENGTH_RATIO || v / t <= 1.0 / LENGTH_RATIO),
    );
    push(
        "visual_media",
        "Visual media",
        mine.visual,
        typical(|c| c.visual, true),
        "share",
        flag,
    );
    push(
        "question",
        "Asks a question",
        mine.question,
        typical(|c| c.question, true),
        "share",
        flag,
    );
    push(
        "hashtags",
        "Hashtags",
        mine.hashtags,
        typical(|c| c.hashtags, false),
        "hashtags",
        |v, t| (v - t).abs() >= 2.0,
    );
    push(
        "link",
        "Contains a link",
        mine.link,
        typical(|c| c.link, true),
        "share",
        flag,
    );
    push(
        "local_hour",
        "Local hour posted",
        mine.hour,
        typical(|c| c.hour, false),
        "hour",
        |v, t| {
            let d = (v - t).abs();
            d.min(24.0 - d) >= 3.0
        },
    );
    if let Some(c) = content_of(top) {
        let sample: Vec<Content> = others
            .iter()
            .rev()
            .filter_map(|p| content_of(p))
            .take(CONTENT_SAMPLE)
            .collect();
        let t = |f: fn(&Content) -> Option<f64>, share: bool| {
            share_or_median(sample.iter().filter_map(f).collect(), share)
        };
        push(
            "call_to_action",
            "Invites an action",
            c.cta,
            t(|c| Some(c.cta), true),
            "share",
            flag,
        );
        if let Some(fold) = c.fold {
            push(
                "hook_fits_fold",
                "Hook fits before \"see more\"",
                fold,
                t(|c| c.fold, true),
                "share",
                flag,
            );
        }
        push(
            "quality_score",
            "Content quality score",
            c.quality,
            t(|c| Some(c.quality), false),
            "points",
            |v, t| v - t >= 15.0,
        );
    }

    let facts = TopPostFacts {
        post_id: top.post.id.clone(),
        snippet: snippet(&top.post.text, 80),
        created_at: top.post.created_at,
        weekday: top.weekday,
        hour: top.hour,
        media_kind: top.post.media_kind,
        engagements: top.engagements,
        comments: top.post.metrics.comments,
        impressions: top.post.metrics.impressions,
        basis,
        rate,
        median_rate,
        lift,
        posts_compared: others.len() as u32,
        traits,
    };
    Some(draft(ctx, facts))
}

/// The unit of a post figure on `basis`.
pub(crate) fn rate_unit(basis: RateBasis) -> &'static str {
    match basis {
        RateBasis::Impressions | RateBasis::Followers => "%",
        RateBasis::Engagements => "engagements",
    }
}

fn draft(ctx: &Ctx, f: TopPostFacts) -> Draft {
    let u = rate_unit(f.basis);
    let label = match f.basis {
        RateBasis::Impressions => "Engagement rate (per impression)",
        RateBasis::Followers => "Engagement rate (per follower)",
        RateBasis::Engagements => "Engagements",
    };
    let mut evidence = vec![ev("rate", label, f.rate, u)];
    if let Some(m) = f.median_rate {
        evidence.push(ev("median_rate", "Your median post", m, u));
    }
    if let Some(l) = f.lift {
        evidence.push(ev("lift", "Times your median", l, "×"));
    }
    evidence.push(ev(
        "engagements",
        "Engagements",
        f.engagements as f64,
        "engagements",
    ));
    if let Some(i) = f.impressions {
        evidence.push(ev("impressions", "Impressions", i as f64, "impressions"));
    }
    let mut actions: Vec<String> = f
        .traits
        .iter()
        .filter(|t| t.stands_out)
        .filter_map(|t| {
            let more = t.typical.is_some_and(|typ| t.value > typ);
            Some(
                match (t.key.as_str(), more) {
                    ("visual_media", true) => "Add a visual to your next post, as in this one.",
                    ("question", true) => "Close your next post with a question again.",
                    ("characters", true) => "Try another long-form post on a topic you know well.",
                    ("characters", false) => "Keep your next post as short and direct as this one.",
                    ("call_to_action", true) => {
                        "Invite readers to act again: ask them to comment or share."
                    }
                    ("hook_fits_fold", true) => {
                        "Keep your opening line short enough to show before \"see more\"."
                    }
                    ("local_hour", _) => "Schedule a post at the same time of day.",
                    _ => return None,
                }
                .to_owned(),
            )
        })
        .take(2)
        .collect();
    if actions.is_empty() {
        actions.push("Write a follow-up to this post while the topic is warm.".to_owned());
    }
    let priority = if f.lift.is_some_and(|l| l >= 2.0) {
        0.65
    } else {
        0.55
    };
    Draft {
        id: stable_id(&["top_post", &ctx.period_key(), &f.post_id]),
        priority,
        evidence,
        actions,
        facts: f.into(),
    }
}
