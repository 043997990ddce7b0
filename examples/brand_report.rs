//! The main job: a brand report for one account, offline, from a JSON file.
//!
//! ```text
//! cargo run --release --example brand_report              # bundled demo account
//! cargo run --release --example brand_report -- my.json   # your own data
//! cargo run --release --example brand_report -- --json    # machine-readable output
//! cargo run --release --example brand_report -- --digest out.html   # + the weekly digest
//! ```
//!
//! The file holds `{"now", "industry", "time_zone", "snapshot", "goals": [{"goal",
//! "observations"}]}` (see `examples/data/demo_account.json`; `time_zone` defaults to UTC).
//! The report scores the account, compares it with its analysis one week earlier (the
//! snapshot cut at that moment), evaluates the goals and lists the week's top insights;
//! `--digest` also writes the weekly digest email as HTML.

use std::process::ExitCode;

use brandpilot_examples::{DEMO, ReportFile, report};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("brand_report: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut as_json = false;
    let mut path = None;
    let mut digest_path = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => as_json = true,
            "--digest" => {
                digest_path = Some(args.next().ok_or("--digest needs an output path")?);
            }
            "-h" | "--help" => {
                println!("usage: brand_report [PATH] [--json] [--digest OUT.html]");
                return Ok(());
            }
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => path = Some(arg),
        }
    }
    let text = match &path {
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("cannot read {p}: {e}"))?,
        None => DEMO.to_owned(),
    };
    let file: ReportFile =
        serde_json::from_str(&text).map_err(|e| format!("invalid report file: {e}"))?;
    print!("{}", report(file, as_json, digest_path.as_deref())?);
    Ok(())
}
