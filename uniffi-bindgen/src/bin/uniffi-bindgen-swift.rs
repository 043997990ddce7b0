//! `uniffi-bindgen-swift`, pinned to the workspace's uniffi version: Swift sources, headers
//! and one modulemap for all of the library's crates (used by `scripts/build-ios.sh`).

fn main() {
    uniffi::uniffi_bindgen_swift()
}
