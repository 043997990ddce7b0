//! Hashtags, mentions, URLs and cashtags in a post, with code-point and byte offsets.
//!
//! Extraction is delegated to the `twitter-text` crate (a Rust port of Twitter's own
//! twitter-text rules: TLD list, Unicode hashtag letters, punycode checks), which passes
//! the twitter-text conformance suite (`extract.yml`, asserted in
//! `core/tests/content_entities.rs`). This module only converts its UTF-16 offsets into
//! the two offsets callers need: Unicode code points (as the conformance suite counts for
//! BMP text, and as Python's `str` indexes) and UTF-8 bytes (Bluesky facets use them).
//!
//! ```
//! use brandpilot::content::entities::{extract_entities, EntityKind};
//!
//! let found = extract_entities("Ship it 🚀 #RustLang with @ferris: example.com/a $RUST");
//! let kinds: Vec<_> = found.iter().map(|e| (e.kind, e.text.as_str())).collect();
//! assert_eq!(
//!     kinds,
//!     [
//!         (EntityKind::Hashtag, "RustLang"),
//!         (EntityKind::Mention, "ferris"),
//!         (EntityKind::Url, "example.com/a"),
//!         (EntityKind::Cashtag, "RUST"),
//!     ]
//! );
//! // `start`/`end` count code points (the rocket is one), `byte_*` count UTF-8 bytes.
//! assert_eq!((found[0].start, found[0].end), (10, 19));
//! assert_eq!((found[0].byte_start, found[0].byte_end), (13, 22));
//! ```

use serde::{Deserialize, Serialize};
use twitter_text::entity::{Entity as TtEntity, Type as TtType};
use twitter_text::extractor::{Extract, Extractor};
use twitter_text_parser::twitter_text::Rule;

/// What an [`Entity`] is.
///
/// JSON: `"hashtag"`, `"mention"`, `"url"`, `"cashtag"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EntityKind {
    /// `#topic` (also the full-width `＃`).
    Hashtag,
    /// `@handle` (also the full-width `＠`). An X list mention `@handle/list` is reported
    /// as a mention of `handle`, spanning `@handle` only.
    Mention,
    /// A URL, with or without a scheme (`https://example.com`, `example.com/a`).
    Url,
    /// `$TICKER`.
    Cashtag,
}

/// One hashtag, mention, URL or cashtag found in a text.
///
/// Offsets are end-exclusive. `start`/`end` count Unicode code points (so an astral
/// character such as `𝒜` or `🚀` counts one); `byte_start`/`byte_end` are UTF-8 byte
/// offsets into the same text, so `&text[byte_start..byte_end]` is the entity as written,
/// sigil included.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entity {
    /// What the entity is.
    pub kind: EntityKind,
    /// The hashtag, handle or ticker without its `#`, `@` or `$`; the URL as written.
    pub text: String,
    /// First code point of the entity (its sigil for hashtags, mentions and cashtags).
    pub start: u32,
    /// One past the last code point of the entity.
    pub end: u32,
    /// First UTF-8 byte of the entity.
    pub byte_start: u32,
    /// One past the last UTF-8 byte of the entity.
    pub byte_end: u32,
}

/// Every hashtag, mention, URL and cashtag in `text`, in order of appearance.
///
/// Follows twitter-text's rules: `#123` is not a hashtag, `a@b` is not a mention, a URL
/// without a scheme needs a known TLD, cashtags are 1–6 ASCII letters. Never panics;
/// empty or entity-free text gives an empty vector without allocating.
pub fn extract_entities(text: &str) -> Vec<Entity> {
    if !may_contain_entity(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Code points before the current piece.
    let mut chars_before = 0usize;
    let mut counted_to = 0usize;
    for_each_segment(text, |offset, piece, parse| {
        if !parse || !may_contain_entity(piece) {
            return;
        }
        chars_before += text[counted_to..offset].chars().count();
        counted_to = offset;
        // Not `extract_entities_with_indices`: in twitter-text 0.3.1 it drops URLs written
        // without a scheme (`example.com/a`), which upstream twitter-text extracts.
        let raw = Extractor::new().extract(piece, |r| {
            matches!(
                r,
                Rule::url
                    | Rule::url_without_protocol
                    | Rule::hashtag
                    | Rule::cashtag
                    | Rule::list
                    | Rule::username
            )
        });
        let mut cursor = Cursor::new(piece);
        out.reserve(raw.len());
        for e in &raw {
            if let Some(mut entity) = convert(piece, &mut cursor, e) {
                entity.start = saturate(chars_before + entity.start as usize);
                entity.end = saturate(chars_before + entity.end as usize);
                entity.byte_start = saturate(offset + entity.byte_start as usize);
                entity.byte_end = saturate(offset + entity.byte_end as usize);
                out.push(entity);
            }
        }
    });
    out
}

/// The handle a post replies to, when it starts with a mention (after optional
/// whitespace), as twitter-text defines a reply: `"@ada thanks!"` → `Some("ada")`.
///
/// ```
/// use brandpilot::content::entities::reply_to;
/// assert_eq!(reply_to(" @ada thanks!").as_deref(), Some("ada"));
/// assert_eq!(reply_to("thanks @ada"), None);
/// ```
pub fn reply_to(text: &str) -> Option<String> {
    if !text.contains(['@', '＠']) {
        return None;
    }
    // A reply starts the text, so the first piece decides.
    let mut first = None;
    for_each_segment(text, |offset, piece, parse| {
        if offset == 0 && parse {
            first = Some(piece);
        }
    });
    Extractor::new()
        .extract_reply_username(first?)
        .map(|e| e.value.to_owned())
}

/// Longest run without whitespace handed to twitter-text. Its parser (0.3.1) is quadratic in
/// the length of such a run (100 KB of `a.a.a.`… takes seconds), so a longer run is not
/// searched for entities (no hashtag, mention or URL is that long in practice) and counts as
/// plain text in length checks.
pub(crate) const MAX_TOKEN_BYTES: usize = 1024;

/// Texts are parsed in pieces of about this many bytes, cut after whitespace. Entities never
/// contain whitespace and twitter-text treats the start and end of a text like whitespace,
/// so the pieces give the same entities as the whole (tested), in linear time, and keep
/// twitter-text's `i32` offsets small whatever the text's size.
const SEGMENT_BYTES: usize = 4096;

/// Calls `f(byte_offset, piece, parse)` for consecutive pieces covering `text`; `parse` is
/// false for a single run of more than [`MAX_TOKEN_BYTES`] without whitespace.
pub(crate) fn for_each_segment<'a>(text: &'a str, mut f: impl FnMut(usize, &'a str, bool)) {
    if text.len() <= MAX_TOKEN_BYTES {
        f(0, text, true);
        return;
    }
    let mut seg_start = 0;
    let mut i = 0;
    while i < text.len() {
        let unit_start = i;
        let rest = &text[i..];
        let tok_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let tok_end = i + tok_len;
        let ws_len = text[tok_end..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(text.len() - tok_end);
        let unit_end = tok_end + ws_len;
        if tok_len > MAX_TOKEN_BYTES {
            if unit_start > seg_start {
                f(seg_start, &text[seg_start..unit_start], true);
            }
            f(unit_start, &text[unit_start..tok_end], false);
            seg_start = tok_end;
        } else if unit_end - seg_start > SEGMENT_BYTES && unit_start > seg_start {
            f(seg_start, &text[seg_start..unit_start], true);
            seg_start = unit_start;
        }
        i = unit_end;
    }
    if text.len() > seg_start {
        f(seg_start, &text[seg_start..], true);
    }
}

/// Cheap pre-filter: every entity needs one of these characters (`.` for scheme-less URLs,
/// `:` for URLs with one). Most posts contain one, but this skips the parser for short
/// plain strings.
fn may_contain_entity(text: &str) -> bool {
    text.contains(['#', '＃', '@', '＠', '$', '.', ':'])
}

/// Converts one twitter-text entity (UTF-16 offsets) into ours.
fn convert(text: &str, cursor: &mut Cursor<'_>, e: &TtEntity<'_>) -> Option<Entity> {
    let kind = match e.t {
        TtType::HASHTAG => EntityKind::Hashtag,
        TtType::MENTION => EntityKind::Mention,
        TtType::URL => EntityKind::Url,
        TtType::CASHTAG => EntityKind::Cashtag,
        TtType::FEDERATEDMENTION => return None,
    };
    let start16 = usize::try_from(e.start).ok()?;
    let end16 = usize::try_from(e.end).ok()?;
    let (byte_start, start) = cursor.seek_utf16(start16)?;
    let (mut byte_end, mut end) = cursor.seek_utf16(end16)?;
    if kind == EntityKind::Mention && !e.list_slug.is_empty() {
        // `@handle/list`: keep the span of `@handle` so it matches `text`.
        let slug_bytes = e.list_slug.len();
        byte_end = byte_end.checked_sub(slug_bytes)?;
        end = end.checked_sub(text.get(byte_end..byte_end + slug_bytes)?.chars().count())?;
    }
    Some(Entity {
        kind,
        text: e.value.to_owned(),
        start: saturate(start),
        end: saturate(end),
        byte_start: saturate(byte_start),
        byte_end: saturate(byte_end),
    })
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Walks a text once, translating increasing UTF-16 offsets into (byte, code point)
/// offsets. Entities come in document order, so the whole conversion is linear.
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
    utf16: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            byte: 0,
            chars: 0,
            utf16: 0,
        }
    }

    /// The (byte, code point) offset of UTF-16 offset `target`; `None` when it falls
    /// inside a surrogate pair or past the end (never for offsets from twitter-text).
    fn seek_utf16(&mut self, target: usize) -> Option<(usize, usize)> {
        if target < self.utf16 {
            *self = Cursor::new(self.text);
        }
        let rest = self.text.get(self.byte..)?;
        for c in rest.chars() {
            if self.utf16 >= target {
                break;
            }
            self.utf16 += c.len_utf16();
            self.byte += c.len_utf8();
            self.chars += 1;
        }
        (self.utf16 == target).then_some((self.byte, self.chars))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_around_astral_and_rtl() {
        let text = "\u{200F}🚀 #𝒜lpha @ada";
        let found = extract_entities(text);
        assert_eq!(found.len(), 2);
        for e in &found {
            let slice = &text[e.byte_start as usize..e.byte_end as usize];
            let by_chars: String = text
                .chars()
                .skip(e.start as usize)
                .take((e.end - e.start) as usize)
                .collect();
            assert_eq!(slice, by_chars);
        }
        assert_eq!(found[0].text, "𝒜lpha");
        assert_eq!((found[0].start, found[0].end), (3, 9));
    }

    #[test]
    fn list_mentions_span_the_handle() {
        let found = extract_entities("see @ada/reading-list now");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "ada");
        assert_eq!((found[0].start, found[0].end), (4, 8));
        assert_eq!((found[0].byte_start, found[0].byte_end), (4, 8));
    }

    #[test]
    fn plain_text_has_nothing() {
        assert!(extract_entities("").is_empty());
        assert!(extract_entities("just words").is_empty());
        assert_eq!(reply_to(""), None);
    }
}
