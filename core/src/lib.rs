//! # brandpilot
//!
//! The engine behind "grow your personal brand" products: brand scoring, goal tracking and
//! (in later releases) content analysis, insights and resilient platform clients, written
//! once in Rust and embedded from Python, Node, Kotlin and Swift.
//!
//! Everything is data in, data out: plain serde structs with snake_case JSON, deterministic
//! functions of their inputs (time is an argument, never read from the clock), and one
//! [`Error`] type with stable codes.
//!
//! ```
//! use brandpilot::model::{AccountSnapshot, Platform, Profile};
//! use brandpilot::score::{analyze, BrandInput, ScoringConfig};
//!
//! let mut profile = Profile::new(Platform::Linkedin, "ada");
//! profile.headline = Some("Engineer turning data into decisions".into());
//! profile.followers = Some(1_200);
//! let input = BrandInput {
//!     snapshot: AccountSnapshot { profile, posts: vec![], series: vec![] },
//!     industry: "technology".into(),
//!     now: "2026-11-23T09:00:00Z".parse().unwrap(),
//! };
//! let analysis = analyze(&input, &ScoringConfig::default()).unwrap();
//! assert!((0.0..=100.0).contains(&analysis.overall));
//! assert!(!analysis.recommendations.is_empty());
//! ```

#![warn(missing_docs)]

pub mod content;
mod error;
pub mod goal;
#[cfg(feature = "net")]
pub mod http;
pub mod insight;
pub mod llm;
pub mod model;
pub mod platform;
pub mod schedule;
#[cfg(feature = "schema")]
pub mod schema;
pub mod score;
mod secret;
mod stats;
pub mod sync;
pub mod token;
#[cfg(feature = "uniffi")]
mod uniffi_types;

pub use error::{Error, Result};
pub use secret::Secret;

/// The README's code blocks, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("brandpilot");
