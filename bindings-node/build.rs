//! Sets up the linker flags napi-rs addons need.

fn main() {
    napi_build::setup();
}
