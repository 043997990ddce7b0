//! Replays every kept fuzz regression (`fuzz/regressions/<target>/*`) through the entry
//! point its target fuzzes, with the same invariants, so a crash once fixed stays fixed.

use std::fs;
use std::path::{Path, PathBuf};

use brandpilot::content::{analyze, analyze_batch};
use brandpilot::model::Platform;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut out: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = fs::read(&p).expect("readable file");
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn content_analyze_regressions_hold() {
    let cases = inputs("content_analyze");
    assert!(!cases.is_empty());
    for (path, data) in cases {
        let (&selector, rest) = data.split_first().expect("non-empty input");
        let text = std::str::from_utf8(rest).expect("UTF-8 text");
        let platform = Platform::ALL[usize::from(selector) % Platform::ALL.len()];
        let a = analyze(text, platform).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let chars = text.chars().count() as u32;
        for e in &a.entities {
            assert!(
                e.start < e.end && e.end <= chars,
                "{}: {e:?}",
                path.display()
            );
        }
        assert!((0.0..=100.0).contains(&a.quality.score));
    }
}

#[test]
fn content_batch_regressions_hold() {
    let cases = inputs("content_batch");
    assert!(!cases.is_empty());
    for (path, data) in cases {
        let all = String::from_utf8(data).expect("UTF-8");
        let texts: Vec<String> = all.split('\u{1e}').map(str::to_owned).collect();
        match analyze_batch(&texts, Platform::X) {
            Ok(out) => assert_eq!(out.len(), texts.len()),
            Err(e) => {
                assert_eq!(e.code(), "invalid_input", "{}", path.display());
                assert!(e.field().is_some_and(|f| f.starts_with("texts[")));
            }
        }
    }
}
