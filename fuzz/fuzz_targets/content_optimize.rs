//! Any text on any platform: `optimize` returns variants or a coded error, never panics;
//! every variant is text `analyze` accepts, fits the platform's length limit when the
//! original did or when it was trimmed, and its reported analysis is its own.
#![no_main]

use brandpilot::content::{analyze, optimize};
use brandpilot::model::Platform;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let platform = Platform::ALL[usize::from(selector) % Platform::ALL.len()];
    let Ok(original) = analyze(text, platform) else {
        assert!(
            optimize(text, platform).is_err(),
            "optimize accepted what analyze rejects"
        );
        return;
    };
    let variants = optimize(text, platform).expect("analyze accepted the text");
    for v in &variants {
        let again = analyze(&v.text, platform).expect("a variant is valid text");
        assert_eq!(again, v.analysis, "{}: stale analysis", v.strategy);
        if original.length.length <= original.length.limit || v.strategy.contains("trim") {
            assert!(
                v.analysis.length.length <= v.analysis.length.limit,
                "{}: {} > {}",
                v.strategy,
                v.analysis.length.length,
                v.analysis.length.limit
            );
        }
        assert!((0.0..=100.0).contains(&v.quality));
    }
});
