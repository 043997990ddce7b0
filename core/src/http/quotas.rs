//! Default rate-limit quotas per platform and endpoint group, from each platform's published
//! limits (the page is cited beside each figure). Where a platform publishes no number, the
//! comment says so and the figure is a conservative choice. Every entry can be overridden
//! per route with [`HttpConfig::quotas`](super::HttpConfig::quotas): platforms raise limits
//! per app and tier, and these defaults assume the lowest paid tier we could confirm.

use std::time::Duration;

use super::{Quota, Route};

/// The local budgets of one route: one shared by the whole app, one per user token. `None`
/// leaves that budget unlimited locally (the platform's headers still block it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteQuotas {
    /// The app-wide budget (key `<service>/<group>/app`).
    pub app: Option<Quota>,
    /// The per-token budget (key `<service>/<group>/token:<fingerprint>`).
    pub token: Option<Quota>,
}

impl RouteQuotas {
    /// An app budget and a per-token budget.
    pub const fn new(app: Option<Quota>, token: Option<Quota>) -> Self {
        RouteQuotas { app, token }
    }

    /// No local budget at all.
    pub const UNLIMITED: RouteQuotas = RouteQuotas::new(None, None);
}

const MINUTE: u64 = 60;
const QUARTER_HOUR: u64 = 15 * MINUTE;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

const fn q(n: u32, secs: u64) -> Option<Quota> {
    Some(Quota::new(n, Duration::from_secs(secs)))
}

/// For services and groups not in the table: a conservative 60 requests a minute per app and
/// 30 per token.
pub const DEFAULT_QUOTAS: RouteQuotas = RouteQuotas::new(q(60, MINUTE), q(30, MINUTE));

/// (service, group, quotas); group `*` is the service's default.
const TABLE: &[(&str, &str, RouteQuotas)] = &[
    // X API v2, per-app / per-user tables at https://docs.x.com/x-api/fundamentals/rate-limits
    // (windows of 15 minutes unless noted; the Free tier is far lower: override it).
    // GET /2/tweets/:id: 450 / 15 min per app, 900 / 15 min per user.
    (
        "x",
        "tweets.read",
        RouteQuotas::new(q(450, QUARTER_HOUR), q(900, QUARTER_HOUR)),
    ),
    // POST /2/tweets: 10,000 / 24 h per app, 100 / 15 min per user.
    (
        "x",
        "tweets.write",
        RouteQuotas::new(q(10_000, DAY), q(100, QUARTER_HOUR)),
    ),
    // GET /2/tweets/search/recent: 450 / 15 min per app, 300 / 15 min per user.
    (
        "x",
        "search",
        RouteQuotas::new(q(450, QUARTER_HOUR), q(300, QUARTER_HOUR)),
    ),
    // User lookup: 300 / 15 min per app, 900 / 15 min per user.
    (
        "x",
        "users.read",
        RouteQuotas::new(q(300, QUARTER_HOUR), q(900, QUARTER_HOUR)),
    ),
    // Other groups: the lowest common per-user figure of the table (follows: 50 / 15 min).
    (
        "x",
        "*",
        RouteQuotas::new(q(300, QUARTER_HOUR), q(50, QUARTER_HOUR)),
    ),
    // LinkedIn: daily per-application and per-member limits, reset at midnight UTC; "standard
    // rate limits are not published in documentation" (they are shown per app in the Developer
    // Portal): https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits
    // No published figure: conservative 100,000 / day per app and 500 / day per member,
    // 150 / day per member for posting.
    (
        "linkedin",
        "posts.write",
        RouteQuotas::new(q(100_000, DAY), q(150, DAY)),
    ),
    (
        "linkedin",
        "*",
        RouteQuotas::new(q(100_000, DAY), q(500, DAY)),
    ),
    // Facebook Graph API platform limits: "Calls within one hour = 200 * Number of Users"
    // per app, https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
    // The app-wide budget grows with users, so it is left to `x-app-usage`; locally each
    // token gets the one-user share, 200 / hour.
    ("facebook", "*", RouteQuotas::new(None, q(200, HOUR))),
    // Instagram content publishing: quota_total 50 per quota_duration 86,400 s,
    // https://developers.facebook.com/docs/instagram-api/reference/ig-user/content_publishing_limit
    (
        "instagram",
        "media.publish",
        RouteQuotas::new(None, q(50, DAY)),
    ),
    // Instagram Platform (BUC) calls: "4800 * Number of Impressions" per 24 h,
    // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ — one impression
    // assumed (conservative): 4,800 / 24 h per token.
    ("instagram", "*", RouteQuotas::new(None, q(4_800, DAY))),
    // Threads: 250 API-published posts and 1,000 replies per 24 h per profile; calls
    // "4800 * Number of Impressions" per 24 h with impressions at least 10,
    // https://developers.facebook.com/docs/threads/overview#rate-limiting
    (
        "threads",
        "posts.write",
        RouteQuotas::new(None, q(250, DAY)),
    ),
    (
        "threads",
        "replies.write",
        RouteQuotas::new(None, q(1_000, DAY)),
    ),
    ("threads", "*", RouteQuotas::new(None, q(48_000, DAY))),
    // Bluesky: 3,000 / 5 min per IP over all routes; record writes 5,000 points / h per
    // account at 3 points a create (1,666 creates / h),
    // https://docs.bsky.app/docs/advanced-guides/rate-limits
    (
        "bluesky",
        "records.write",
        RouteQuotas::new(q(3_000, 5 * MINUTE), q(1_666, HOUR)),
    ),
    ("bluesky", "*", RouteQuotas::new(q(3_000, 5 * MINUTE), None)),
    // Mastodon (defaults; instances may differ): 300 / 5 min per account and per IP; media
    // uploads 30 / 30 min; status deletions 30 / 30 min,
    // https://docs.joinmastodon.org/api/rate-limits/
    (
        "mastodon",
        "media.write",
        RouteQuotas::new(q(300, 5 * MINUTE), q(30, 30 * MINUTE)),
    ),
    (
        "mastodon",
        "statuses.delete",
        RouteQuotas::new(q(300, 5 * MINUTE), q(30, 30 * MINUTE)),
    ),
    (
        "mastodon",
        "*",
        RouteQuotas::new(q(300, 5 * MINUTE), q(300, 5 * MINUTE)),
    ),
    // TikTok: /v2/user/info/, /v2/video/query/, /v2/video/list/ 600 per one-minute sliding
    // window, https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit
    ("tiktok", "*", RouteQuotas::new(q(600, MINUTE), None)),
    // TikTok Content Posting: no figure on that page; conservative 6 / min per token.
    (
        "tiktok",
        "posts.write",
        RouteQuotas::new(q(600, MINUTE), q(6, MINUTE)),
    ),
    // YouTube Data API: 10,000 units / day per project, list = 1 unit; videos.insert has its
    // own bucket of 100 / day; other writes cost 50 units (200 / day),
    // https://developers.google.com/youtube/v3/determine_quota_cost
    (
        "youtube",
        "videos.insert",
        RouteQuotas::new(q(100, DAY), None),
    ),
    ("youtube", "write", RouteQuotas::new(q(200, DAY), None)),
    ("youtube", "*", RouteQuotas::new(q(10_000, DAY), None)),
    // OpenAI: limits are per model and usage tier, shown per organisation rather than tabulated,
    // https://developers.openai.com/api/docs/guides/rate-limits — no figure to cite:
    // conservative 60 requests / min per key; raise it to your tier.
    ("openai", "*", RouteQuotas::new(q(60, MINUTE), None)),
];

/// The documented default quotas of `route`: the entry for its service and group, else its
/// service's default, else [`DEFAULT_QUOTAS`] — except OAuth token endpoints (services
/// `oauth:<provider>`), which get no local budget: no provider publishes a per-app quota for
/// its token endpoint, one app refreshes the tokens of all its users there (an app-wide 60 a
/// minute would stall a product with a few thousand accounts), and the provider's own 429 /
/// `Retry-After` is still honoured.
///
/// ```
/// use std::time::Duration;
/// use brandpilot::http::{default_quotas, Quota, Route, DEFAULT_QUOTAS};
/// let x = default_quotas(&Route::new("x", "tweets.write"));
/// assert_eq!(x.token, Some(Quota::new(100, Duration::from_secs(900))));
/// assert_eq!(default_quotas(&Route::new("somewhere", "x")), DEFAULT_QUOTAS);
/// assert_eq!(default_quotas(&Route::new("oauth:x", "token")), brandpilot::http::RouteQuotas::UNLIMITED);
/// ```
pub fn default_quotas(route: &Route) -> RouteQuotas {
    if route.service.starts_with("oauth:") {
        return RouteQuotas::UNLIMITED;
    }
    let find = |group: &str| {
        TABLE
            .iter()
            .find(|(s, g, _)| *s == route.service && *g == group)
            .map(|(_, _, quotas)| *quotas)
    };
    find(&route.group)
        .or_else(|| find("*"))
        .unwrap_or(DEFAULT_QUOTAS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_has_a_default_and_every_quota_is_positive() {
        for service in [
            "x",
            "linkedin",
            "facebook",
            "instagram",
            "threads",
            "bluesky",
            "mastodon",
            "tiktok",
            "youtube",
            "openai",
        ] {
            assert!(
                TABLE.iter().any(|(s, g, _)| *s == service && *g == "*"),
                "{service}"
            );
        }
        for (s, g, quotas) in TABLE {
            for quota in [quotas.app, quotas.token].into_iter().flatten() {
                assert!(quota.burst > 0 && !quota.period.is_zero(), "{s}/{g}");
            }
        }
        assert_eq!(
            default_quotas(&Route::new("threads", "posts.write")).token,
            Some(Quota::new(250, Duration::from_secs(86_400)))
        );
        assert_eq!(
            default_quotas(&Route::new("mastodon", "timelines")),
            default_quotas(&Route::new("mastodon", "*"))
        );
    }
}
