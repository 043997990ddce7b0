//! Prints the JSON Schema bundle of brandpilot's public types to stdout.

fn main() {
    let bundle = brandpilot::schema::schema_bundle();
    println!(
        "{}",
        serde_json::to_string_pretty(&bundle).expect("a JSON value serialises")
    );
}
