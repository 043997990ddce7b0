//! Recommendations: each action of the catalogue changes the features as doing it would,
//! the engine re-scores them, and the actions with the largest expected overall gain win.
//!
//! The effect sizes below are assumptions, stated as such; where the user's own history
//! shows an effect (visual posts vs the others), their data is used instead.

use super::engine::{Engine, FactorScores, Scores};
use super::features::{
    COMMENT_WEIGHT, Features, GOOD_HEADLINE_CHARS, GOOD_SKILL_COUNT, GOOD_SUMMARY_CHARS,
    SHARE_WEIGHT,
};
use super::types::{ActionKind, Dimension, Effort, Recommendation};
use crate::model::Platform;

/// Assumed extra comments + shares from replying to every comment within a day (replies
/// count as comments on LinkedIn, X, Facebook and Instagram, and draw answers back).
const REPLY_CONVERSATION_LIFT: f64 = 0.25;
/// Assumed extra comments from ending posts with an open question.
const QUESTION_CONVERSATION_LIFT: f64 = 0.15;
/// Assumed engagement lift of a visual post over a text post when the user's history
/// cannot tell (deliberately conservative); the user's own lift is used when known.
const DEFAULT_VISUAL_LIFT: f64 = 1.2;
/// Share of posts the visual-media action aims for.
const VISUAL_SHARE_TARGET: f64 = 0.5;
/// Audience growth the network action aims for over the next month.
const NETWORK_GROWTH: f64 = 0.10;
/// Posting cadence of the "post three times a week" action.
const TARGET_POSTS_PER_WEEK: f64 = 3.0;

/// Every action of the catalogue, in tie-break order.
const CATALOGUE: [ActionKind; 13] = [
    ActionKind::AddPhoto,
    ActionKind::WriteHeadline,
    ActionKind::PostEveryWeek,
    ActionKind::PostThreeTimesAWeek,
    ActionKind::ReplyToComments,
    ActionKind::AddVisualMedia,
    ActionKind::AskQuestions,
    ActionKind::GrowNetwork,
    ActionKind::WriteSummary,
    ActionKind::AddSkills,
    ActionKind::AddWebsite,
    ActionKind::AddBanner,
    ActionKind::AddLocation,
];

/// Adds `lift` × the conversation rate to the conversation rates and the weighted
/// engagement rates (extra comments/shares, at their mean weight).
fn lift_conversation(f: &mut Features, lift: f64) {
    let w = (COMMENT_WEIGHT + SHARE_WEIGHT) / 2.0;
    if let (Some(c), Some(er)) = (f.conversation_impressions, f.er_impressions.as_mut()) {
        *er += w * c * lift;
    }
    if let (Some(c), Some(er)) = (f.conversation_followers, f.er_followers.as_mut()) {
        *er += w * c * lift;
    }
    f.conversation_impressions = f.conversation_impressions.map(|c| c * (1.0 + lift));
    f.conversation_followers = f.conversation_followers.map(|c| c * (1.0 + lift));
}

/// The features after doing `action`, or `None` when it does not apply.
fn apply(action: ActionKind, base: &Features) -> Option<Features> {
    let mut f = *base;
    let has_engagement = f.er_impressions.is_some() || f.er_followers.is_some();
    match action {
        ActionKind::AddPhoto if !f.has_photo => f.has_photo = true,
        ActionKind::WriteHeadline if f.headline_chars < GOOD_HEADLINE_CHARS => {
            f.headline_chars = GOOD_HEADLINE_CHARS
        }
        ActionKind::WriteSummary if f.summary_chars < GOOD_SUMMARY_CHARS => {
            f.summary_chars = GOOD_SUMMARY_CHARS
        }
        ActionKind::AddBanner if !f.has_banner => f.has_banner = true,
        ActionKind::AddSkills if f.skills < GOOD_SKILL_COUNT => f.skills = GOOD_SKILL_COUNT,
        ActionKind::AddWebsite if !f.has_website => f.has_website = true,
        ActionKind::AddLocation if !f.has_location => f.has_location = true,
        ActionKind::PostThreeTimesAWeek if f.posts_per_week < TARGET_POSTS_PER_WEEK => {
            f.posts_per_week = TARGET_POSTS_PER_WEEK;
            f.active_week_share = 1.0;
        }
        ActionKind::PostEveryWeek if f.active_week_share < 1.0 => {
            f.posts_per_week = f.posts_per_week.max(1.0);
            f.active_week_share = 1.0;
        }
        ActionKind::AddVisualMedia
            if has_engagement && f.posts_in_window > 0 && f.visual_share < VISUAL_SHARE_TARGET =>
        {
            let lift = f.visual_lift.unwrap_or(DEFAULT_VISUAL_LIFT).min(2.0);
            if lift <= 1.0 {
                return None; // the user's own visual posts do no better: don't advise it
            }
            let factor = 1.0 + (VISUAL_SHARE_TARGET - f.visual_share) * (lift - 1.0);
            for rate in [
                &mut f.er_impressions,
                &mut f.er_followers,
                &mut f.conversation_impressions,
                &mut f.conversation_followers,
            ] {
                *rate = rate.map(|r| r * factor);
            }
            f.visual_share = VISUAL_SHARE_TARGET;
        }
        ActionKind::ReplyToComments if has_engagement => {
            lift_conversation(&mut f, REPLY_CONVERSATION_LIFT)
        }
        ActionKind::AskQuestions if has_engagement => {
            lift_conversation(&mut f, QUESTION_CONVERSATION_LIFT)
        }
        ActionKind::GrowNetwork if f.audience.is_some() => {
            f.audience = f
                .audience
                .map(|a| (a * (1.0 + NETWORK_GROWTH)).max(a + 10.0));
            f.growth_monthly = Some(f.growth_monthly.unwrap_or(0.0).max(NETWORK_GROWTH * 100.0));
        }
        _ => return None,
    }
    Some(f)
}

fn dimension_of(action: ActionKind) -> Dimension {
    match action {
        ActionKind::AddPhoto
        | ActionKind::WriteHeadline
        | ActionKind::WriteSummary
        | ActionKind::AddBanner
        | ActionKind::AddSkills
        | ActionKind::AddWebsite
        | ActionKind::AddLocation => Dimension::Presence,
        ActionKind::PostThreeTimesAWeek | ActionKind::PostEveryWeek => Dimension::Consistency,
        ActionKind::AddVisualMedia | ActionKind::ReplyToComments | ActionKind::AskQuestions => {
            Dimension::Engagement
        }
        ActionKind::GrowNetwork => Dimension::Network,
    }
}

fn effort_of(action: ActionKind) -> Effort {
    match action {
        ActionKind::AddPhoto
        | ActionKind::WriteHeadline
        | ActionKind::AddBanner
        | ActionKind::AddSkills
        | ActionKind::AddWebsite
        | ActionKind::AddLocation
        | ActionKind::AskQuestions => Effort::Low,
        ActionKind::WriteSummary
        | ActionKind::PostEveryWeek
        | ActionKind::AddVisualMedia
        | ActionKind::ReplyToComments => Effort::Medium,
        ActionKind::PostThreeTimesAWeek | ActionKind::GrowNetwork => Effort::High,
    }
}

/// Title and detail, with the user's own numbers.
fn wording(action: ActionKind, f: &Features, platform: Platform) -> (String, String) {
    let (title, detail): (&str, String) = match action {
        ActionKind::AddPhoto => (
            "Add a profile photo",
            "A clear, friendly headshot is the first thing visitors judge; your profile has none.".into(),
        ),
        ActionKind::WriteHeadline => (
            "Write a headline that says who you help and how",
            format!(
                "Your headline has {} characters; aim for at least {} that name your role and the value you bring.",
                f.headline_chars, GOOD_HEADLINE_CHARS
            ),
        ),
        ActionKind::WriteSummary => (
            "Write your about section",
            format!(
                "Your summary has {} characters; {}+ characters tell your story, proof points and what to contact you for.",
                f.summary_chars, GOOD_SUMMARY_CHARS
            ),
        ),
        ActionKind::AddBanner => (
            "Add a banner image",
            "A banner that shows your work or message turns empty space into a first impression.".into(),
        ),
        ActionKind::AddSkills => (
            "List at least five skills",
            format!("You list {} skills; five or more make you findable for what you do.", f.skills),
        ),
        ActionKind::AddWebsite => (
            "Link your website or portfolio",
            "Give interested visitors somewhere to go next: a portfolio, newsletter or booking page.".into(),
        ),
        ActionKind::AddLocation => (
            "Add your location",
            "A location lets local recruiters, clients and events find you.".into(),
        ),
        ActionKind::PostThreeTimesAWeek => (
            "Post three times a week",
            format!(
                "You posted {:.1} times a week over the last {:.0} weeks; a steady three posts a week keeps you in your audience's feed.",
                f.posts_per_week, f.window_weeks
            ),
        ),
        ActionKind::PostEveryWeek => (
            "Post at least once every week",
            format!(
                "You posted in {:.0}% of the last {:.0} weeks; never letting a week pass builds the habit and the audience's expectation.",
                f.active_week_share * 100.0,
                f.window_weeks
            ),
        ),
        ActionKind::AddVisualMedia => (
            "Add images, video or documents to half of your posts",
            match f.visual_lift {
                Some(l) => format!(
                    "{:.0}% of your posts carry visuals, and they earn {:.1}× the engagement of the others.",
                    f.visual_share * 100.0,
                    l
                ),
                None => format!(
                    "{:.0}% of your posts carry visuals; visual posts tend to stop the scroll.",
                    f.visual_share * 100.0
                ),
            },
        ),
        ActionKind::ReplyToComments => (
            "Reply to every comment within a day",
            "Replies count as comments and bring commenters back, which platforms read as a conversation worth showing.".into(),
        ),
        ActionKind::AskQuestions => (
            "End posts with a question",
            "An open question at the end invites comments, the interaction that counts most.".into(),
        ),
        ActionKind::GrowNetwork => (
            if platform == Platform::Linkedin {
                "Connect with 20 relevant people a week"
            } else {
                "Follow and engage with 20 peers a week"
            },
            format!(
                "Your audience is {}; growing it 10% over the next month widens the reach of every post.",
                f.audience.map_or("unknown".into(), |a| format!("{a:.0}"))
            ),
        ),
    };
    (title.to_owned(), detail)
}

/// The top `limit` actions by expected overall gain (ties broken by catalogue order).
pub(crate) fn recommend(
    engine: &Engine<'_>,
    features: &Features,
    base_factors: &FactorScores,
    base: &Scores,
    limit: usize,
) -> Vec<Recommendation> {
    if limit == 0 {
        return Vec::new();
    }
    let mut found: Vec<(usize, ActionKind, f64, f64)> = Vec::with_capacity(CATALOGUE.len());
    for (order, &action) in CATALOGUE.iter().enumerate() {
        let Some(changed) = apply(action, features) else {
            continue;
        };
        let after = engine.combine(&engine.factor_scores(&changed, Some(base_factors)));
        let gain = after.overall - base.overall;
        if gain <= 1e-6 {
            continue;
        }
        let d = dimension_of(action).index();
        let dim_gain = after.dimensions[d].unwrap_or(0.0) - base.dimensions[d].unwrap_or(0.0);
        found.push((order, action, gain, dim_gain));
    }
    found.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    found.truncate(limit);
    found
        .into_iter()
        .map(|(_, action, gain, dim_gain)| {
            let (title, detail) = wording(action, features, engine.platform);
            Recommendation {
                action,
                title,
                detail,
                dimension: dimension_of(action),
                expected_gain: gain,
                dimension_gain: dim_gain,
                effort: effort_of(action),
            }
        })
        .collect()
}
