//! The shared vocabulary: platforms, profiles, posts, metrics, daily series, snapshots.
//!
//! All types are plain serde structs with snake_case JSON and RFC 3339 timestamps, so the
//! same JSON document means the same thing in Rust, Python, Node and Kotlin/Swift. Every
//! input type has a `validate()` that rejects bad values with [`Error::InvalidInput`]
//! naming the field path.
//!
//! [`Error::InvalidInput`]: crate::Error::InvalidInput

mod platform;
mod post;
mod profile;
mod series;
mod snapshot;
pub(crate) mod validate;

pub use platform::Platform;
pub use post::{MediaKind, Post, PostMetrics};
pub use profile::{ExperienceLevel, Profile};
pub use series::{MetricPoint, MetricSeries, SeriesMetric};
pub use snapshot::AccountSnapshot;
