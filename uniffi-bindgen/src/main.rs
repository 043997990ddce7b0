//! `uniffi-bindgen`, pinned to the workspace's uniffi version (generates Kotlin and Swift).

fn main() {
    uniffi::uniffi_bindgen_main()
}
