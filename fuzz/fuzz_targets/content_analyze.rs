//! Any text on any platform: `analyze` returns a result or a coded error, never panics, and
//! its output keeps its own invariants.
#![no_main]

use brandpilot::content::analyze;
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
    let Ok(a) = analyze(text, platform) else {
        return;
    };
    let chars = text.chars().count() as u32;
    for e in &a.entities {
        assert!(
            e.start < e.end && e.end <= chars,
            "entity out of range: {e:?}"
        );
    }
    assert!(
        (0.0..=100.0).contains(&a.quality.score),
        "quality {}",
        a.quality.score
    );
    assert!((-1.0..=1.0).contains(&a.sentiment.compound));
    assert!(a.readability.flesch_reading_ease.is_finite());
    assert!(a.readability.flesch_kincaid_grade.is_finite());
});
