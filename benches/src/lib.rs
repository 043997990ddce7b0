//! Benches of brandpilot live in this crate's `[[bench]]` targets.
