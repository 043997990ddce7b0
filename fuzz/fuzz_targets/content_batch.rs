//! Many texts split from one input: `analyze_batch` agrees with `analyze` post by post, and
//! a bad text fails the batch with its index, never a panic.
#![no_main]

use brandpilot::content::{analyze, analyze_batch};
use brandpilot::model::Platform;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(all) = std::str::from_utf8(data) else {
        return;
    };
    let texts: Vec<String> = all.split('\u{1e}').map(str::to_owned).collect();
    match analyze_batch(&texts, Platform::X) {
        Ok(out) => {
            assert_eq!(out.len(), texts.len());
            for (t, a) in texts.iter().zip(&out) {
                assert_eq!(&analyze(t, Platform::X).expect("batch accepted it"), a);
            }
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_input");
            assert!(e.field().is_some_and(|f| f.starts_with("texts[")), "{e}");
        }
    }
});
