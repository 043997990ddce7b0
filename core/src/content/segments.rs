//! Where grapheme segmentation is needed in a mostly-ASCII text.
//!
//! Grapheme segmentation (UAX #29, `unicode-segmentation`) costs about a hundred times a byte
//! scan, and posts are mostly ASCII even when they carry an emoji or an accented name. Only
//! clusters that hold a non-ASCII character can be emoji, and an emoji cluster lies within a
//! maximal run of non-ASCII characters plus the one ASCII character before it (an ASCII
//! character can start a cluster — a keycap `1` + U+FE0F + U+20E3, `e` + U+0301 — but never
//! extends one). Segmenting those runs alone gives the same emoji clusters as segmenting the
//! whole text; other clusters may split differently at a run's edge (a Prepend character
//! such as U+0600 takes the next ASCII character into its cluster), which callers that only
//! sum per-character weights outside emoji do not notice. The one visible difference: a
//! keycap right after a Prepend character (`U+0600 1 U+FE0F U+20E3`) is one non-emoji
//! cluster for UAX #29 but a keycap emoji here — as it is for twitter-text, whose emoji
//! pattern matches the keycap wherever it stands. The property tests below leave Prepend
//! characters out for that reason; a unit test pins the case.

/// The maximal runs of non-ASCII characters in `text`, each extended by the ASCII character
/// before it when there is one. Runs never overlap; every byte outside them is ASCII.
pub(crate) fn non_ascii_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0usize;
    std::iter::from_fn(move || {
        let start = i + bytes.get(i..)?.iter().position(|&b| b >= 0x80)?;
        let end = bytes[start..]
            .iter()
            .position(|&b| b < 0x80)
            .map_or(bytes.len(), |n| start + n);
        i = end;
        // The byte before a non-ASCII run, if any, is a whole ASCII character.
        let from = start.saturating_sub(1);
        text.get(from..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn runs_take_the_ascii_character_before_them() {
        let runs: Vec<&str> = non_ascii_runs("ab🚀c 1\u{FE0F}\u{20E3} é").collect();
        assert_eq!(runs, ["b🚀", "1\u{FE0F}\u{20E3}", " é"]);
        assert_eq!(non_ascii_runs("plain").count(), 0);
        assert_eq!(non_ascii_runs("日本").collect::<Vec<_>>(), ["日本"]);
        // A Prepend character keeps to itself; the keycap after it is its own run.
        assert_eq!(
            non_ascii_runs("\u{600}1\u{FE0F}\u{20E3}").collect::<Vec<_>>(),
            ["\u{600}", "1\u{FE0F}\u{20E3}"]
        );
    }

    proptest! {
        /// Every emoji-like cluster of the whole text (led by a pictograph or a regional
        /// indicator, or a keycap) is a cluster of one of the runs, in order.
        #[test]
        fn runs_keep_every_emoji_cluster(
            text in "([a-z0-9 #*\\n]|🚀|👨‍👩‍👧|🇳🇱|🇳|\u{FE0F}|\u{20E3}|\u{200D}|\u{301}|\u{1F3FD}|é|日){0,24}"
        ) {
            let emoji_like = |g: &&str| {
                g.chars().next().is_some_and(|c| c >= '\u{1F000}') || g.ends_with('\u{20E3}')
            };
            let whole: Vec<&str> = text.graphemes(true).filter(emoji_like).collect();
            let runs: Vec<&str> = non_ascii_runs(&text)
                .flat_map(|r| r.graphemes(true))
                .filter(emoji_like)
                .collect();
            prop_assert_eq!(whole, runs);
        }
    }
}
