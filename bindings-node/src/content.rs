//! The Node face of `brandpilot::content`: `analyzeContent` and `analyzeContentBatch`.

use brandpilot::content;
use brandpilot::model::Platform;
use napi::Env;
use napi_derive::napi;

use crate::convert::{from_json, to_json};
use crate::error::to_js_err;
use crate::guard;

/// Everything brandpilot reads from one post for one platform.
///
/// Native half of `analyzeContent` (see `index.d.ts`): `text` (a string) and `platform` (a
/// `Platform`), both as JSON text; returns the `ContentAnalysis` as JSON text. Throws an
/// `Error` with `code === 'invalid_input'` and `field` (`text`, `platform`) on bad input
/// (empty or whitespace-only text, a NUL, more than 256 KiB, a lone surrogate, an unknown
/// platform). Deterministic.
#[napi(js_name = "analyzeContent")]
pub fn analyze_content(env: &Env, text: String, platform: String) -> napi::Result<String> {
    guard(env, || {
        let run = || -> brandpilot::Result<String> {
            let text: String = from_json(&text, "text")?;
            let platform: Platform = from_json(&platform, "platform")?;
            to_json(&content::analyze(&text, platform)?)
        };
        run().map_err(|e| to_js_err(env, &e))
    })
}

/// `analyzeContent` on many posts for one platform.
///
/// Native half of `analyzeContentBatch`: `texts` (`string[]`) and `platform` as JSON texts;
/// returns the `ContentAnalysis[]` as JSON text, in the order of `texts`. An invalid text
/// fails the whole batch with `field` naming its index (`texts[3]`). Deterministic.
#[napi(js_name = "analyzeContentBatch")]
pub fn analyze_content_batch(env: &Env, texts: String, platform: String) -> napi::Result<String> {
    guard(env, || {
        let run = || -> brandpilot::Result<String> {
            let texts: Vec<String> = from_json(&texts, "texts")?;
            let platform: Platform = from_json(&platform, "platform")?;
            to_json(&content::analyze_batch(&texts, platform)?)
        };
        run().map_err(|e| to_js_err(env, &e))
    })
}
