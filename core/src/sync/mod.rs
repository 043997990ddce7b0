//! Account sync: fetch what is new on a platform since the last sync, merge it into the
//! account's [`AccountSnapshot`], and say where the next sync starts.
//!
//! [`sync_account`] is a function of (platform, stored state, options, now), so a host's job
//! queue (Celery, BullMQ, Sidekiq, WorkManager) can run it on any worker and retry it:
//! - **idempotent**: running it twice on the same data gives the same snapshot;
//! - **resumable**: a failure midway keeps every page already fetched, reports the error,
//!   and stores the cursor, so the next run continues from the page that failed;
//! - **bounded**: at most `max_pages` pages per run; the rest is left for the next run.

#[cfg(feature = "net")]
mod merge;
mod state;

pub use state::{SyncError, SyncOptions, SyncResult, SyncResume, SyncState};

#[cfg(feature = "net")]
mod run;
#[cfg(feature = "net")]
pub use run::sync_account;
