//! The sync itself, over any [`SocialPlatform`].

use chrono::{DateTime, Duration, Utc};

use super::merge::{daily_from, merge_posts, merge_profile, merge_series, record_audience};
use super::{SyncError, SyncOptions, SyncResult, SyncResume, SyncState};
use crate::model::{AccountSnapshot, Profile};
use crate::platform::{Audience, PostsQuery, SocialPlatform};
use crate::{Error, Result};

/// Syncs one account: the profile and audience (today's point of the followers and
/// connections series), the platform's daily series up to yesterday
/// ([`SocialPlatform::daily_series`]: 30 days at first, then from two days before the latest
/// point), then the posts published since the last complete sync (minus
/// `overlap_days`, which refreshes recent posts' metrics), page by page.
///
/// Never fails as a whole: a platform error is reported in [`SyncResult::error`] with the
/// state holding everything fetched before it and the cursor to continue from. Only bad
/// input fails: a stored snapshot of another platform, or options out of range.
///
/// ```no_run
/// # async fn job(client: &dyn brandpilot::platform::SocialPlatform, stored: &str) -> brandpilot::Result<String> {
/// use brandpilot::sync::{SyncOptions, SyncState, sync_account};
/// let state: SyncState = serde_json::from_str(stored).unwrap_or_default();
/// let result = sync_account(client, state, &SyncOptions::default(), chrono::Utc::now()).await?;
/// if let Some(error) = &result.error {
///     eprintln!("sync stopped early ({}); will continue next run", error.code);
/// }
/// Ok(serde_json::to_string(&result.state).unwrap())
/// # }
/// ```
pub async fn sync_account(
    platform: &dyn SocialPlatform,
    mut state: SyncState,
    options: &SyncOptions,
    now: DateTime<Utc>,
) -> Result<SyncResult> {
    check(platform, &state, options, now)?;
    let mut result = SyncResult {
        state: SyncState::default(),
        complete: false,
        pages: 0,
        new_posts: 0,
        updated_posts: 0,
        error: None,
    };

    let fresh = match profile_and_audience(platform).await {
        Ok(fresh) => fresh,
        Err(e) => {
            result.error = Some(SyncError::from(&e));
            result.state = state;
            return Ok(result);
        }
    };
    let (profile, audience) = fresh;
    let old = state.snapshot.take();
    let mut snapshot = AccountSnapshot {
        profile: merge_profile(old.as_ref().map(|s| &s.profile), profile),
        posts: old.as_ref().map(|s| s.posts.clone()).unwrap_or_default(),
        series: old.map(|s| s.series).unwrap_or_default(),
    };
    record_audience(&mut snapshot, audience, now.date_naive());
    // Daily account series (a LinkedIn page's views and impressions) up to yesterday, the
    // last complete day. A failure here is reported but does not stop the posts.
    let daily_metrics = platform.capabilities().daily_series;
    let mut daily_error = None;
    if !daily_metrics.is_empty() {
        let to = now.date_naive() - Duration::days(1);
        let from = daily_from(&snapshot, &daily_metrics, to, DAILY_DAYS);
        match platform.daily_series(from, to).await {
            Ok(series) => merge_series(&mut snapshot, series),
            Err(e) => daily_error = Some(SyncError::from(&e)),
        }
    }

    let mut resume = state.resume.take().unwrap_or_else(|| SyncResume {
        since: state
            .newest_post_at
            .map(|t| t - Duration::days(i64::from(options.overlap_days))),
        cursor: None,
        newest_seen: None,
    });
    loop {
        if result.pages >= options.max_pages {
            // The page budget is spent: the next run continues here.
            state.resume = Some(resume);
            break;
        }
        let query = PostsQuery {
            since: resume.since,
            cursor: resume.cursor.clone(),
            page_size: options.page_size,
        };
        let page = match platform.posts(&query).await {
            Ok(page) => page,
            Err(e) => {
                result.error = Some(SyncError::from(&e));
                state.resume = Some(resume);
                break;
            }
        };
        result.pages += 1;
        let newest = page.items.iter().map(|p| p.created_at).max();
        resume.newest_seen = resume.newest_seen.max(newest);
        let merged = merge_posts(&mut snapshot, page.items);
        result.new_posts += merged.new;
        result.updated_posts += merged.updated;
        match page.next_cursor {
            Some(cursor) if Some(&cursor) != resume.cursor.as_ref() => resume.cursor = Some(cursor),
            _ => {
                // The last page (or a platform repeating its cursor): done.
                state.newest_post_at = state.newest_post_at.max(resume.newest_seen);
                state.last_complete_at = Some(now);
                result.complete = true;
                break;
            }
        }
    }
    if let (Some(error), None) = (daily_error, &result.error) {
        result.complete = false;
        result.error = Some(error);
    }
    state.snapshot = Some(snapshot);
    result.state = state;
    Ok(result)
}

/// How many days of daily series a first sync asks for.
const DAILY_DAYS: i64 = 30;

async fn profile_and_audience(platform: &dyn SocialPlatform) -> Result<(Profile, Audience)> {
    let profile = platform.profile().await?;
    // The profile carries the counts every client reports; ask separately only for what
    // it lacks and the platform reports elsewhere.
    let caps = platform.capabilities();
    let lacks = (caps.followers && profile.followers.is_none())
        || (caps.following && profile.following.is_none())
        || (caps.connections && profile.connections.is_none());
    let audience = if lacks {
        let a = platform.audience().await?;
        Audience {
            followers: profile.followers.or(a.followers),
            following: profile.following.or(a.following),
            connections: profile.connections.or(a.connections),
        }
    } else {
        Audience {
            followers: profile.followers,
            following: profile.following,
            connections: profile.connections,
        }
    };
    let profile = Profile {
        followers: audience.followers,
        following: audience.following,
        connections: audience.connections,
        ..profile
    };
    Ok((profile, audience))
}

fn check(
    platform: &dyn SocialPlatform,
    state: &SyncState,
    options: &SyncOptions,
    now: DateTime<Utc>,
) -> Result<()> {
    let expected = platform.capabilities().platform;
    if let Some(snapshot) = &state.snapshot {
        if snapshot.profile.platform != expected {
            return Err(Error::invalid(
                "state.snapshot.profile.platform",
                format!(
                    "is {} but the client is for {expected}",
                    snapshot.profile.platform
                ),
            ));
        }
        snapshot
            .validate(now)
            .map_err(|e| e.within("state.snapshot"))?;
    }
    if options.max_pages == 0 || options.max_pages > 10_000 {
        return Err(Error::invalid("options.max_pages", "must be 1 to 10000"));
    }
    if options.overlap_days > 3_650 {
        return Err(Error::invalid(
            "options.overlap_days",
            "must be at most 3650",
        ));
    }
    if options.page_size == Some(0) {
        return Err(Error::invalid("options.page_size", "must be at least 1"));
    }
    Ok(())
}
