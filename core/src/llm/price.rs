//! [`PriceTable`]: the host's per-model prices, for the estimated cost of each call.
//!
//! Prices change and differ per contract (Azure, batch, cached input), so brandpilot ships
//! none: the host passes its own, e.g. from the provider's pricing page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The price of one model in USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    /// USD per 1,000,000 prompt (input) tokens.
    pub input_usd_per_million: f64,
    /// USD per 1,000,000 completion (output) tokens.
    pub output_usd_per_million: f64,
}

/// Per-model prices, keyed by model id. JSON: `{"gpt-4o-mini": {"input_usd_per_million":
/// 0.15, "output_usd_per_million": 0.6}}`.
///
/// A model the provider reports with a dated suffix (`gpt-4o-mini-2024-07-18`) takes the
/// price of the longest key it starts with, so one entry covers a model's snapshots.
///
/// ```
/// use brandpilot::llm::PriceTable;
/// let prices: PriceTable = serde_json::from_str(r#"{
///     "gpt-4o": {"input_usd_per_million": 2.5, "output_usd_per_million": 10},
///     "gpt-4o-mini": {"input_usd_per_million": 0.15, "output_usd_per_million": 0.6}
/// }"#).unwrap();
/// prices.validate().unwrap();
/// // 1M input tokens and 500k output tokens of a gpt-4o-mini snapshot.
/// let cost = prices.cost("gpt-4o-mini-2024-07-18", 1_000_000, 500_000).unwrap();
/// assert!((cost - 0.45).abs() < 1e-12);
/// assert_eq!(prices.cost("llama3.1", 10, 10), None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PriceTable {
    /// Prices by model id (or model id prefix).
    pub models: BTreeMap<String, ModelPrice>,
}

impl PriceTable {
    /// An empty table (no costs are estimated).
    pub fn new() -> Self {
        PriceTable::default()
    }

    /// Adds or replaces the price of `model`.
    #[must_use]
    pub fn with(mut self, model: impl Into<String>, input: f64, output: f64) -> Self {
        self.models.insert(
            model.into(),
            ModelPrice {
                input_usd_per_million: input,
                output_usd_per_million: output,
            },
        );
        self
    }

    /// Checks every price is finite and `>= 0`.
    pub fn validate(&self) -> Result<()> {
        for (model, price) in &self.models {
            for (name, v) in [
                ("input_usd_per_million", price.input_usd_per_million),
                ("output_usd_per_million", price.output_usd_per_million),
            ] {
                if !(v.is_finite() && v >= 0.0) {
                    return Err(Error::invalid(
                        format!("prices.{model}.{name}"),
                        "must be a finite number >= 0",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The price of `model`: its own entry, else the longest key it starts with.
    pub fn price(&self, model: &str) -> Option<ModelPrice> {
        if let Some(p) = self.models.get(model) {
            return Some(*p);
        }
        self.models
            .iter()
            .filter(|(key, _)| !key.is_empty() && model.starts_with(key.as_str()))
            .max_by_key(|(key, _)| key.len())
            .map(|(_, p)| *p)
    }

    /// The estimated cost in USD of a call to `model`, `None` without a price.
    pub fn cost(&self, model: &str, prompt_tokens: u64, completion_tokens: u64) -> Option<f64> {
        let p = self.price(model)?;
        Some(
            (prompt_tokens as f64 * p.input_usd_per_million
                + completion_tokens as f64 * p.output_usd_per_million)
                / 1_000_000.0,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_bad_prices_are_rejected() {
        let t = PriceTable::new()
            .with("gpt-4o", 2.5, 10.0)
            .with("gpt-4o-mini", 0.15, 0.6);
        assert_eq!(
            t.price("gpt-4o-2024-08-06").unwrap().input_usd_per_million,
            2.5
        );
        assert_eq!(t.price("gpt-4o-mini").unwrap().input_usd_per_million, 0.15);
        assert_eq!(t.cost("gpt-4o", 0, 0), Some(0.0));
        let bad = PriceTable::new().with("m", -1.0, 0.0);
        assert_eq!(
            bad.validate().unwrap_err().field(),
            Some("prices.m.input_usd_per_million")
        );
        assert!(
            PriceTable::new()
                .with("m", 0.0, f64::NAN)
                .validate()
                .is_err()
        );
    }
}
