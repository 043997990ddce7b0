//! uniffi-bindgen placeholder.
fn main() {}
