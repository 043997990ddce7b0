//! Rich-text facets of a Bluesky post: links, mentions and hashtags found in the text, with
//! their UTF-8 byte ranges (`byteStart` inclusive, `byteEnd` exclusive), as
//! `app.bsky.richtext.facet` wants them
//! (<https://docs.bsky.app/docs/advanced-guides/post-richtext>,
//! <https://docs.bsky.app/docs/advanced-guides/posts#mentions-and-links>).
//!
//! The rules follow the documented detection: a link is an `http(s)://` URL; a mention is `@`
//! and a handle with at least one dot, at the start, after whitespace or `(`; a hashtag is
//! `#` after the start or whitespace, up to the next whitespace, not only digits, at most 64
//! characters. Trailing punctuation (`.,;:!?` and an unbalanced `)`) is not part of any of
//! them.

/// What a facet points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Feature {
    /// A link to this URI.
    Link(String),
    /// A mention of this handle (resolved to a DID before publishing).
    Mention(String),
    /// A hashtag, without its `#`.
    Tag(String),
}

/// One facet: a byte range of the text and what it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub feature: Feature,
}

/// Longest hashtag, in characters.
const MAX_TAG_CHARS: usize = 64;

/// Every link, mention and hashtag in `text`, in order.
pub(crate) fn detect(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (start, word) in words(text) {
        // A mention or link may open with `(`.
        let lead = word.len() - word.trim_start_matches('(').len();
        let inner = &word[lead..];
        let at = start + lead;
        let lower = inner.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            let url = trim_url(inner);
            if url.len() > "https://".len() {
                out.push(Found {
                    start: at,
                    end: at + url.len(),
                    feature: Feature::Link(url.to_owned()),
                });
            }
        } else if let Some(rest) = inner.strip_prefix('@') {
            let handle_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .unwrap_or(rest.len());
            let handle = rest[..handle_len].trim_end_matches(['.', '-']);
            if is_handle(handle) {
                out.push(Found {
                    start: at,
                    end: at + 1 + handle.len(),
                    feature: Feature::Mention(handle.to_ascii_lowercase()),
                });
            }
        } else if lead == 0
            && let Some(rest) = word.strip_prefix('#')
        {
            let tag = rest.trim_end_matches(|c: char| c.is_ascii_punctuation());
            let fits = !tag.is_empty()
                && tag.chars().count() <= MAX_TAG_CHARS
                && !tag.chars().all(|c| c.is_ascii_digit())
                && !tag.starts_with('\u{fe0f}');
            if fits {
                out.push(Found {
                    start,
                    end: start + 1 + tag.len(),
                    feature: Feature::Tag(tag.to_owned()),
                });
            }
        }
    }
    out
}

/// The whitespace-separated words of `text` with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    let mut bounds = Vec::new();
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                bounds.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        bounds.push((s, text.len()));
    }
    bounds.into_iter().map(move |(s, e)| (s, &text[s..e]))
}

/// `url` without trailing punctuation, and without a closing `)` it does not open.
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'']);
        let unbalanced = trimmed.matches(')').count() > trimmed.matches('(').count();
        let trimmed = if trimmed.ends_with(')') && unbalanced {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

/// A plausible handle: dot-separated labels of letters, digits and inner hyphens, the last
/// not starting with a digit (`alice.bsky.social`).
fn is_handle(handle: &str) -> bool {
    let labels: Vec<&str> = handle.split('.').collect();
    handle.len() <= 253
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'))
        && labels
            .last()
            .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_count_utf8_bytes_not_characters() {
        let text = "héllo 👋 #rust @alice.bsky.social https://example.com";
        let found = detect(text);
        let spans: Vec<(&str, &Feature)> = found
            .iter()
            .map(|f| (&text[f.start..f.end], &f.feature))
            .collect();
        assert_eq!(
            spans,
            [
                ("#rust", &Feature::Tag("rust".into())),
                (
                    "@alice.bsky.social",
                    &Feature::Mention("alice.bsky.social".into())
                ),
                (
                    "https://example.com",
                    &Feature::Link("https://example.com".into())
                ),
            ]
        );
        // "héllo " is 7 bytes, "👋 " 5 more: the tag starts at byte 12, not character 8.
        assert_eq!((found[0].start, found[0].end), (12, 17));
        assert_eq!((found[1].start, found[1].end), (18, 36));
        assert_eq!((found[2].start, found[2].end), (37, 56));
    }

    #[test]
    fn trailing_punctuation_and_non_entities_are_left_out() {
        let text =
            "See (https://a.example/x_(y)). Ask @bob.test, not @nobody or a@b.c! #1 #ok? #café";
        let found = detect(text);
        let spans: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(
            spans,
            ["https://a.example/x_(y)", "@bob.test", "#ok", "#café"]
        );
        assert_eq!(found[3].feature, Feature::Tag("café".into()));
        assert!(detect("plain words only").is_empty());
        assert!(detect("").is_empty());
    }
}
