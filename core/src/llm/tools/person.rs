//! The person's own data the tools ground their answers in: [`PersonData`] and
//! [`PortfolioItem`].

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::goal::Goal;
use crate::model::{Post, Profile};
use crate::score::{BrandAnalysis, Dimension};
use crate::{Error, Result};

use super::check_optional_text;

/// Longest title or description of a portfolio item, in characters.
const MAX_ITEM_CHARS: usize = 20_000;
/// Most items of each list the tools accept.
const MAX_ITEMS: usize = 5_000;

/// What a portfolio item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioKind {
    /// Something the person built or led.
    Project,
    /// A skill, with how it was shown.
    Skill,
    /// A role: a job, a volunteer position, a talk series.
    Experience,
}

/// One item of the person's portfolio.
///
/// ```
/// use brandpilot::llm::tools::{PortfolioItem, PortfolioKind};
/// let item: PortfolioItem = serde_json::from_str(
///     r#"{"id": "p1", "kind": "project", "title": "Open-source CSV parser", "description": "Rust crate, 2k stars"}"#,
/// ).unwrap();
/// assert_eq!(item.kind, PortfolioKind::Project);
/// assert!(item.skills.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioItem {
    /// The host's id, unique within the portfolio (cited as `portfolio:<id>`).
    pub id: String,
    /// Project, skill or experience.
    pub kind: PortfolioKind,
    /// A short title ("Staff engineer at Acme", "Rust").
    pub title: String,
    /// What it was, in the person's words.
    #[serde(default)]
    pub description: String,
    /// Skills it shows.
    #[serde(default)]
    pub skills: Vec<String>,
}

/// Everything the tools may draw on: the profile, posts, brand analyses, goals and
/// portfolio. Every list may be empty; `{}` in JSON is no data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonData {
    /// The person's profile on their main platform.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// Their posts.
    #[serde(default)]
    pub posts: Vec<Post>,
    /// Their brand analyses; the latest (by `analyzed_at`) personalises the tools.
    #[serde(default)]
    pub analyses: Vec<BrandAnalysis>,
    /// Their goals.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Their projects, skills and experience.
    #[serde(default)]
    pub portfolio: Vec<PortfolioItem>,
}

impl PersonData {
    /// Checks list sizes, and the portfolio: non-empty, unique ids and bounded texts.
    /// Errors name the field (`person.portfolio[2].id`).
    pub fn validate(&self) -> Result<()> {
        for (name, len) in [
            ("person.posts", self.posts.len()),
            ("person.analyses", self.analyses.len()),
            ("person.goals", self.goals.len()),
            ("person.portfolio", self.portfolio.len()),
        ] {
            if len > MAX_ITEMS {
                return Err(Error::invalid(
                    name,
                    format!("has {len} items; at most {MAX_ITEMS} are accepted"),
                ));
            }
        }
        let mut seen = HashSet::new();
        for (i, item) in self.portfolio.iter().enumerate() {
            let field = |f: &str| format!("person.portfolio[{i}].{f}");
            if item.id.trim().is_empty() {
                return Err(Error::invalid(field("id"), "must not be empty"));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(Error::invalid(field("id"), "is not unique"));
            }
            check_optional_text(&field("id"), &item.id, 200)?;
            check_optional_text(&field("title"), &item.title, MAX_ITEM_CHARS)?;
            check_optional_text(&field("description"), &item.description, MAX_ITEM_CHARS)?;
        }
        Ok(())
    }

    /// The latest brand analysis, if any.
    pub fn latest_analysis(&self) -> Option<&BrandAnalysis> {
        self.analyses.iter().max_by_key(|a| a.analyzed_at)
    }

    /// The dimensions of the latest analysis that have a score, weakest first (ties in
    /// [`Dimension::ALL`] order). Empty without an analysis.
    pub fn weakest_dimensions(&self) -> Vec<(Dimension, f64)> {
        let mut dims: Vec<(Dimension, f64)> = self
            .latest_analysis()
            .map(|a| {
                a.dimensions
                    .iter()
                    .filter_map(|d| d.score.filter(|s| s.is_finite()).map(|s| (d.dimension, s)))
                    .collect()
            })
            .unwrap_or_default();
        dims.sort_by(|a, b| a.1.total_cmp(&b.1));
        dims
    }
}
