//! What a host stores between syncs of one account, what it may tune, and what a sync
//! reports.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::AccountSnapshot;

/// One account's sync state: its snapshot so far and where the next sync starts. A host
/// stores it as one JSON value and passes it back to the next
/// [`sync_account`](super::sync_account); a fresh account starts from `SyncState::default()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncState {
    /// Everything fetched so far; absent before the first sync that reached the platform.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub snapshot: Option<AccountSnapshot>,
    /// The newest post time seen by the last complete sync: the next one lists posts from
    /// this time minus the overlap.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub newest_post_at: Option<DateTime<Utc>>,
    /// When the last complete sync finished.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub last_complete_at: Option<DateTime<Utc>>,
    /// A sync that stopped midway (a failure, or the page budget): the next one continues it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub resume: Option<SyncResume>,
}

/// Where an interrupted sync continues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncResume {
    /// The `since` of the interrupted sync.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub since: Option<DateTime<Utc>>,
    /// The cursor of the first page not yet fetched (absent: the first page).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// The newest post time the interrupted sync saw.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub newest_seen: Option<DateTime<Utc>>,
}

/// How much one sync fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncOptions {
    /// Posts this many days older than the newest one seen are listed again, so their
    /// metrics are refreshed (default 7).
    #[serde(default = "default_overlap_days")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 7))]
    pub overlap_days: u32,
    /// At most this many pages per call (default 20); the rest is left in
    /// [`SyncState::resume`] for the next call.
    #[serde(default = "default_max_pages")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 20))]
    pub max_pages: u32,
    /// Posts per page; the client's default when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
}

fn default_overlap_days() -> u32 {
    7
}

fn default_max_pages() -> u32 {
    20
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            overlap_days: default_overlap_days(),
            max_pages: default_max_pages(),
            page_size: None,
        }
    }
}

/// The outcome of one [`sync_account`](super::sync_account) call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncResult {
    /// The state to store: the merged snapshot, and where the next sync starts.
    pub state: SyncState,
    /// Whether every page was fetched (`false` after a failure or when the page budget ran
    /// out: run the sync again to continue).
    pub complete: bool,
    /// Pages fetched by this call.
    pub pages: u32,
    /// Posts new to the snapshot.
    pub new_posts: u32,
    /// Posts already in the snapshot whose text or metrics changed.
    pub updated_posts: u32,
    /// Why the sync stopped early, if it failed; everything fetched before is kept.
    pub error: Option<SyncError>,
}

/// A failure reported inside a [`SyncResult`] (the same codes as [`Error`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncError {
    /// The error code (`rate_limited`, `reauth_required`, ...).
    pub code: String,
    /// The message, without secrets.
    pub message: String,
    /// Seconds until a retry may succeed, when the platform said.
    pub retry_after_secs: Option<f64>,
    /// Whether running the sync again later may succeed.
    pub retryable: bool,
}

impl From<&Error> for SyncError {
    fn from(e: &Error) -> Self {
        SyncError {
            code: e.code().to_owned(),
            message: e.to_string(),
            retry_after_secs: e.retry_after().map(|d| d.as_secs_f64()),
            retryable: e.is_retryable(),
        }
    }
}
