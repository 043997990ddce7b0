//! Structural features of a post: its hook, lines, questions, calls to action, emoji and
//! where its link sits. Entity counts come from [`entities`](super::entities).

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// Where the first link sits in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LinkPosition {
    /// In the first fifth of the text.
    Start,
    /// In between.
    Middle,
    /// In the last fifth of the text.
    End,
}

/// Counts of the entities in a text, and where the first URL starts (code points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntityCounts {
    /// Hashtags.
    pub hashtags: u32,
    /// Mentions.
    pub mentions: u32,
    /// URLs.
    pub urls: u32,
    /// Cashtags.
    pub cashtags: u32,
    /// Code-point index of the first URL.
    pub first_url_at: Option<u32>,
}

/// The structural features of a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostFeatures {
    /// Unicode scalar values in the text.
    pub characters: u32,
    /// Non-empty lines.
    pub lines: u32,
    /// Line breaks (`\n`).
    pub line_breaks: u32,
    /// The first non-empty line, trimmed: what readers see first.
    pub hook: String,
    /// Characters in the hook.
    pub hook_characters: u32,
    /// Whether the hook ends before the platform's "see more" fold (`None`: no fold).
    pub hook_fits_fold: Option<bool>,
    /// Whether the text asks a question.
    pub has_question: bool,
    /// Whether the last non-empty line ends with a question mark.
    pub ends_with_question: bool,
    /// Whether the text invites an action (comment, share, follow, sign up, ...).
    pub has_call_to_action: bool,
    /// Emoji (grapheme clusters that start with a pictograph; a family emoji counts once).
    pub emoji: u32,
    /// Hashtags.
    pub hashtags: u32,
    /// Mentions.
    pub mentions: u32,
    /// URLs.
    pub urls: u32,
    /// Words written in capitals (two letters or more, all upper case).
    pub all_caps_words: u32,
    /// Characters of the longest paragraph (blank-line separated): walls of text read badly.
    pub longest_paragraph: u32,
    /// Where the first link sits.
    pub link_position: Option<LinkPosition>,
}

/// Phrases that invite the reader to act, matched case-insensitively at word starts.
/// Compiled from common call-to-action wording in social copywriting guides.
const CALLS_TO_ACTION: [&str; 22] = [
    "comment",
    "share",
    "repost",
    "follow",
    "subscribe",
    "sign up",
    "register",
    "join us",
    "join me",
    "dm me",
    "message me",
    "link in bio",
    "learn more",
    "read more",
    "check out",
    "let me know",
    "tell me",
    "what do you think",
    "drop a",
    "tag someone",
    "download",
    "book a",
];

/// Whether `c` starts an emoji: the pictograph blocks of Unicode 15 (symbols and
/// pictographs, emoticons, transport, supplemental, extended-A, dingbats, misc symbols).
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1F5FF | 0x1F600..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF
        | 0x1FA70..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF | 0x1F1E6..=0x1F1FF
        | 0x2B50 | 0x2B55 | 0x2934 | 0x2935 | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

fn count_emoji(text: &str) -> u32 {
    if text.is_ascii() {
        return 0;
    }
    let mut n = 0;
    let mut regional = 0;
    // Only the non-ASCII runs can hold emoji (see `segments`).
    for g in super::segments::non_ascii_runs(text).flat_map(|run| run.graphemes(true)) {
        let Some(first) = g.chars().next() else {
            continue;
        };
        if (0x1F1E6..=0x1F1FF).contains(&(first as u32)) {
            // A flag is a pair of regional indicators; graphemes keep pairs together, but
            // a lone indicator is not a flag.
            regional += 1;
            if g.chars().count() >= 2 || regional % 2 == 0 {
                n += 1;
            }
            continue;
        }
        if is_pictograph(first) {
            n += 1;
        }
    }
    n
}

/// One automaton over every phrase, ASCII case-insensitive (the phrases are ASCII), built
/// once.
fn call_to_action_matcher() -> &'static AhoCorasick {
    static MATCHER: OnceLock<AhoCorasick> = OnceLock::new();
    MATCHER.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(CALLS_TO_ACTION)
            .expect("a few short literal phrases always build")
    })
}

/// Whether a call-to-action phrase starts at a word start (not inside a word: "recommend"
/// is no "comment").
fn has_call_to_action(text: &str) -> bool {
    call_to_action_matcher()
        .find_overlapping_iter(text)
        .any(|m| {
            text[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
}

impl PostFeatures {
    /// Computes the features of `text`, given its entity counts and the platform's fold
    /// (characters shown before "see more", if any).
    pub fn compute(text: &str, entities: &EntityCounts, fold_chars: Option<u32>) -> Self {
        let characters = text.chars().count() as u32;
        let mut lines = 0;
        let mut line_breaks = 0;
        let mut hook = "";
        let mut last_line = "";
        let mut longest_paragraph = 0u32;
        let mut paragraph = 0u32;
        // Byte offset where the hook ends.
        let mut hook_end_byte = 0usize;
        let mut line_start = 0usize;
        for line in text.split('\n') {
            let trimmed = line.trim();
            let this_line = line_start;
            line_start += line.len() + 1;
            if trimmed.is_empty() {
                paragraph = 0;
            } else {
                lines += 1;
                if hook.is_empty() {
                    hook = trimmed;
                    hook_end_byte =
                        this_line + (line.len() - line.trim_start().len()) + trimmed.len();
                }
                last_line = trimmed;
                paragraph += trimmed.chars().count() as u32;
                longest_paragraph = longest_paragraph.max(paragraph);
            }
        }
        line_breaks += text.bytes().filter(|&b| b == b'\n').count() as u32;
        let hook_characters = hook.chars().count() as u32;
        // The hook fits when the text up to the end of the hook is within the fold.
        let hook_end = text[..hook_end_byte].chars().count() as u32;
        let all_caps_words = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase()))
            .count() as u32;
        let link_position = entities.first_url_at.map(|at| {
            let share = if characters == 0 {
                0.0
            } else {
                at as f64 / characters as f64
            };
            if share < 0.2 {
                LinkPosition::Start
            } else if share > 0.8 {
                LinkPosition::End
            } else {
                LinkPosition::Middle
            }
        });
        PostFeatures {
            characters,
            lines,
            line_breaks,
            hook: hook.to_owned(),
            hook_characters,
            hook_fits_fold: fold_chars.map(|fold| hook_end <= fold),
            has_question: text.contains('?'),
            ends_with_question: last_line.ends_with('?'),
            has_call_to_action: has_call_to_action(text),
            emoji: count_emoji(text),
            hashtags: entities.hashtags,
            mentions: entities.mentions,
            urls: entities.urls,
            all_caps_words,
            longest_paragraph,
            link_position,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `count_emoji` over every grapheme cluster of the text, without the ASCII shortcut.
    fn count_emoji_everywhere(text: &str) -> u32 {
        let mut n = 0;
        let mut regional = 0;
        for g in text.graphemes(true) {
            let first = g.chars().next().expect("clusters are not empty");
            if (0x1F1E6..=0x1F1FF).contains(&(first as u32)) {
                regional += 1;
                if g.chars().count() >= 2 || regional % 2 == 0 {
                    n += 1;
                }
            } else if is_pictograph(first) {
                n += 1;
            }
        }
        n
    }

    proptest! {
        #[test]
        fn emoji_counted_on_runs_as_on_the_whole_text(
            text in "([a-z0-9 #*\\n]|🚀|👨‍👩‍👧|🇳🇱|🇳|\u{FE0F}|\u{20E3}|\u{200D}|\u{301}|\u{1F3FD}|✅|❤️|é|日){0,24}"
        ) {
            prop_assert_eq!(count_emoji(&text), count_emoji_everywhere(&text));
        }
    }

    fn f(text: &str) -> PostFeatures {
        PostFeatures::compute(text, &EntityCounts::default(), Some(210))
    }

    #[test]
    fn hook_lines_and_questions() {
        let p = f("\n  Big news!  \n\nWe shipped it.\nWhat would you build?\n");
        assert_eq!(p.hook, "Big news!");
        assert_eq!(p.lines, 3);
        assert_eq!(p.line_breaks, 5);
        assert!(p.has_question && p.ends_with_question);
        assert_eq!(p.hook_fits_fold, Some(true));
        assert_eq!(
            p.longest_paragraph,
            "We shipped it.".len() as u32 + "What would you build?".len() as u32
        );
    }

    #[test]
    fn a_long_first_line_passes_the_fold() {
        let p = f(&"word ".repeat(60));
        assert_eq!(p.hook_fits_fold, Some(false));
        assert_eq!(
            PostFeatures::compute("x", &EntityCounts::default(), None).hook_fits_fold,
            None
        );
    }

    #[test]
    fn calls_to_action_at_word_starts_only() {
        assert!(f("Drop a comment below").has_call_to_action);
        assert!(f("Let me know what you think").has_call_to_action);
        assert!(
            !f("The recommendation engine").has_call_to_action,
            "not inside words"
        );
    }

    #[test]
    fn emoji_are_counted_per_grapheme() {
        assert_eq!(f("Launch 🚀🚀 day 👨‍👩‍👧 🇳🇱").emoji, 4);
        assert_eq!(f("plain text, no emoji").emoji, 0);
        assert_eq!(f("✅ done ❤️").emoji, 2);
    }

    #[test]
    fn caps_and_link_position() {
        let p = PostFeatures::compute(
            "BIG NEWS from the team https://x.co/a",
            &EntityCounts {
                urls: 1,
                first_url_at: Some(23),
                ..Default::default()
            },
            None,
        );
        assert_eq!(p.all_caps_words, 2);
        assert_eq!(
            p.link_position,
            Some(LinkPosition::Middle),
            "23 of 37 characters"
        );
        let at_end = EntityCounts {
            urls: 1,
            first_url_at: Some(34),
            ..Default::default()
        };
        let p = PostFeatures::compute("BIG NEWS from the team https://x.co/a", &at_end, None);
        assert_eq!(p.link_position, Some(LinkPosition::End));
    }

    #[test]
    fn empty_text_is_all_zeros() {
        let p = f("");
        assert_eq!(
            (p.characters, p.lines, p.hook_characters, p.emoji),
            (0, 0, 0, 0)
        );
        assert_eq!(p.hook, "");
    }
}
