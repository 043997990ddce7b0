//! Content intelligence: what a post says and how it fits each platform — entities,
//! platform length rules, readability and sentiment (being written; see issue #4).

pub mod entities;
pub mod features;
pub mod limits;
pub mod practice;
pub mod readability;
pub mod sentiment;
