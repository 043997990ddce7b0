//! Examples of brandpilot live in this crate's `[[example]]` targets.
