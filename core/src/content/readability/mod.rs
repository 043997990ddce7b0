//! Readability of a post: word, sentence and syllable counts and the classic English
//! readability formulas, adapted to social text.
//!
//! # Social text
//! Posts are not book prose, so the counts follow these rules (a *token* is a run of
//! non-whitespace; leading and trailing punctuation and emoji are stripped from it):
//! - **Words** are tokens whose first letter-or-digit is a letter: `don't`, `well-known`,
//!   `café`, `B2B`. Not words, and so neither counted nor syllabified:
//!   - URLs and addresses: tokens containing `://`, starting with `www.`, containing `@`
//!     inside (e-mail), or a dotted name ending in a common top-level domain
//!     (`brandpilot.dev`, `example.com/path`);
//!   - `@mentions` and `#hashtags`: tags are mostly a trailing block of CamelCase compounds
//!     that readers scan rather than read, and counting `#ThoughtLeadership` as a
//!     five-syllable word would grade a tag list as hard prose;
//!   - numbers: tokens that start with a digit (`2024`, `3.5%`, `10x`, `2nd`), and `$5`;
//!   - emoji and punctuation-only tokens.
//! - **Sentences** end at `.`, `!`, `?` (and `…`, `。`, `！`, `？`) at the end of a token,
//!   and at every line break: social posts use line breaks as sentence breaks, so a list
//!   of lines without periods is a list of sentences. A "sentence" without any word (a
//!   line of hashtags, an emoji line) is not counted. A period after the abbreviations
//!   `Mr`, `Mrs`, `Ms`, `Dr`, `St`, `Jr`, `Sr`, `vs`, `e.g`, `i.e`, `etc` does not end a
//!   sentence, nor does one inside a token (`3.14`, `Node.js`).
//! - **Syllables** of each word by [`syllables`]; **polysyllabic words** have three or
//!   more; **characters** are the letters and digits of the words.
//!
//! With no word at all every field is zero (never NaN). The formulas are not clamped:
//! very short, simple posts can score above 100 on reading ease and below 0 on grade
//! levels, exactly as the published formulas give.
//!
//! ```
//! use brandpilot::content::readability::readability;
//! let r = readability("The cat sat on the mat.");
//! assert_eq!((r.words, r.sentences, r.syllables), (6, 1, 6));
//! assert!((r.flesch_reading_ease - 116.145).abs() < 1e-9);
//! ```

mod exceptions;
mod syllables;

use serde::{Deserialize, Serialize};

pub use syllables::syllables;

/// Readability counts and scores of a text. See the [module docs](self) for how social
/// text (URLs, mentions, hashtags, emoji, numbers, line breaks) is counted.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Readability {
    /// Words (URLs, mentions, hashtags, numbers and emoji are not words).
    pub words: u32,
    /// Sentences: runs of words ended by `.`, `!`, `?`, a line break or the end of text.
    pub sentences: u32,
    /// Syllables over all words.
    pub syllables: u32,
    /// Words of three or more syllables.
    pub polysyllabic_words: u32,
    /// Letters and digits of the words.
    pub characters: u32,
    /// Flesch Reading Ease (Flesch 1948, "A new readability yardstick", J. Applied
    /// Psychology 32:221–233): `206.835 − 1.015·(words/sentences) − 84.6·(syllables/words)`.
    /// Higher is easier; 60–70 is plain English, above 90 very easy.
    pub flesch_reading_ease: f64,
    /// Flesch–Kincaid Grade Level (Kincaid, Fishburne, Rogers & Chissom 1975, Research
    /// Branch Report 8-75, Naval Technical Training Command):
    /// `0.39·(words/sentences) + 11.8·(syllables/words) − 15.59`, a US school grade.
    pub flesch_kincaid_grade: f64,
    /// Gunning Fog index (Gunning 1952, "The Technique of Clear Writing"):
    /// `0.4·((words/sentences) + 100·(polysyllabic words/words))`. Gunning's complex
    /// words are approximated by all words of three or more syllables.
    pub gunning_fog: f64,
    /// SMOG grade (McLaughlin 1969, "SMOG Grading", J. Reading 12(8):639–646):
    /// `1.0430·√(polysyllabic words · 30/sentences) + 3.1291`.
    pub smog: f64,
    /// Coleman–Liau index (Coleman & Liau 1975, J. Applied Psychology 60(2):283–284):
    /// `0.0588·L − 0.296·S − 15.8`, with L letters and S sentences per 100 words.
    pub coleman_liau: f64,
    /// Automated Readability Index (Senter & Smith 1967, AMRL-TR-66-220):
    /// `4.71·(characters/words) + 0.5·(words/sentences) − 21.43`.
    pub automated_readability_index: f64,
    /// Mean words per sentence.
    pub avg_words_per_sentence: f64,
    /// Mean syllables per word.
    pub avg_syllables_per_word: f64,
}

/// Running counts while scanning a text.
#[derive(Default)]
struct Counts {
    words: u32,
    sentences: u32,
    syllables: u32,
    polysyllabic: u32,
    characters: u32,
    sentence_words: u32,
}

impl Counts {
    #[inline]
    fn end_sentence(&mut self) {
        if self.sentence_words > 0 {
            self.sentences = self.sentences.saturating_add(1);
            self.sentence_words = 0;
        }
    }
}

/// Computes the readability of `text` (English formulas; any input is accepted).
///
/// Runs in one pass over the text without allocating (words are counted on a stack
/// buffer; ASCII tokens never decode UTF-8).
///
/// ```
/// use brandpilot::content::readability::readability;
/// let r = readability("Shipped v2 today 🚀\nThanks @ada for the review! #rust https://brandpilot.dev");
/// assert_eq!(r.words, 7); // Shipped v2 today / Thanks for the review
/// assert_eq!(r.sentences, 2);
/// assert_eq!(readability("").flesch_reading_ease, 0.0);
/// ```
pub fn readability(text: &str) -> Readability {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut c = Counts::default();
    let mut i = 0;
    while i < n {
        // Skip whitespace, ending the sentence at a line break.
        let b = bytes[i];
        if b < 0x80 {
            match b {
                b'\n' | b'\r' | 0x0b | 0x0c => {
                    c.end_sentence();
                    i += 1;
                    continue;
                }
                b' ' | b'\t' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
        } else if let Some(ch) = text.get(i..).and_then(|s| s.chars().next()) {
            if ch.is_whitespace() {
                if matches!(ch, '\u{85}' | '\u{2028}' | '\u{2029}') {
                    c.end_sentence();
                }
                i += ch.len_utf8();
                continue;
            }
        }
        // A token: up to the next whitespace.
        let start = i;
        let mut ascii = true;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                    break;
                }
                i += 1;
            } else {
                ascii = false;
                match text.get(i..).and_then(|s| s.chars().next()) {
                    Some(ch) if ch.is_whitespace() => break,
                    Some(ch) => i += ch.len_utf8(),
                    None => i += 1, // unreachable for valid UTF-8; never loop forever
                }
            }
        }
        if ascii {
            ascii_token_counts(&bytes[start..i], &mut c);
        } else if let Some(token) = text.get(start..i) {
            token_counts(token, &mut c);
        }
    }
    c.end_sentence();
    finish(&c)
}

/// Splits `token` into leading punctuation, core (first to last letter or digit) and
/// trailing punctuation.
#[inline]
fn split_token(token: &str) -> Option<(&str, &str, &str)> {
    let first = token
        .char_indices()
        .find(|&(_, ch)| ch.is_alphanumeric())?
        .0;
    let (last, last_ch) = token
        .char_indices()
        .rev()
        .find(|&(_, ch)| ch.is_alphanumeric())?;
    let end = last + last_ch.len_utf8();
    Some((
        token.get(..first)?,
        token.get(first..end)?,
        token.get(end..)?,
    ))
}

#[inline]
fn ends_sentence(trail: &str) -> bool {
    trail
        .chars()
        .any(|ch| matches!(ch, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁉'))
}

/// Abbreviations whose period does not end a sentence.
fn is_abbreviation(core: &str) -> bool {
    const ABBR: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "e.g", "i.e", "etc",
    ];
    core.len() <= 4 && ABBR.iter().any(|a| a.eq_ignore_ascii_case(core))
}

/// Common top-level domains, for bare links like `brandpilot.dev/pricing`.
fn is_domain(core: &str) -> bool {
    const TLDS: &[&str] = &[
        "com", "org", "net", "io", "dev", "ai", "co", "app", "ly", "me", "gov", "edu", "uk", "de",
        "fr", "info", "xyz", "tv", "gg", "so", "sh", "fm",
    ];
    let host = core.split('/').next().unwrap_or(core);
    match host.rsplit_once('.') {
        Some((name, tld)) if !name.is_empty() && !name.ends_with('.') => {
            TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld))
        }
        _ => false,
    }
}

/// [`token_counts`] for an ASCII token, on bytes (the common case; same rules).
fn ascii_token_counts(token: &[u8], c: &mut Counts) {
    let Some(first) = token.iter().position(u8::is_ascii_alphanumeric) else {
        if token.iter().any(|b| matches!(b, b'.' | b'!' | b'?')) {
            c.end_sentence();
        }
        return;
    };
    let last = token
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .unwrap_or(first);
    let (lead, core, trail) = (&token[..first], &token[first..=last], &token[last + 1..]);
    let (mut chars, mut at, mut dot) = (0u32, false, false);
    for &b in core {
        chars += u32::from(b.is_ascii_alphanumeric());
        at |= b == b'@';
        dot |= b == b'.';
    }
    let tag = matches!(lead.last(), Some(b'#' | b'@'));
    let url = at
        || (lead.is_empty() && core.len() >= 4 && core[..4].eq_ignore_ascii_case(b"www."))
        || (dot && std::str::from_utf8(core).is_ok_and(is_domain))
        || (core.contains(&b':') && core.windows(3).any(|w| w == b"://"));
    let number = core[0].is_ascii_digit() || lead.last() == Some(&b'$');
    if !(tag || url || number) {
        let syl = syllables::syllables_ascii(core).max(1);
        c.words = c.words.saturating_add(1);
        c.sentence_words = c.sentence_words.saturating_add(1);
        c.syllables = c.syllables.saturating_add(syl);
        c.polysyllabic = c.polysyllabic.saturating_add(u32::from(syl >= 3));
        c.characters = c.characters.saturating_add(chars);
    }
    if trail.iter().any(|b| matches!(b, b'.' | b'!' | b'?'))
        && !(trail[0] == b'.' && std::str::from_utf8(core).is_ok_and(is_abbreviation))
    {
        c.end_sentence();
    }
}

fn token_counts(token: &str, c: &mut Counts) {
    let Some((lead, core, trail)) = split_token(token) else {
        // Punctuation or emoji only: "!" or "..." can still end a sentence.
        if ends_sentence(token) {
            c.end_sentence();
        }
        return;
    };
    let tag = lead.ends_with(['#', '@', '＃', '＠']);
    let first = core.chars().next().unwrap_or('0');
    let url = token.contains("://")
        || core
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("www."))
        || core.contains('@')
        || (core.contains('.') && is_domain(core));
    let number = first.is_numeric() || lead.ends_with(['$', '€', '£', '¥']);
    if !(tag || url || number) && first.is_alphabetic() {
        let syl = syllables(core).max(1);
        c.words = c.words.saturating_add(1);
        c.sentence_words = c.sentence_words.saturating_add(1);
        c.syllables = c.syllables.saturating_add(syl);
        c.polysyllabic = c.polysyllabic.saturating_add(u32::from(syl >= 3));
        let chars = if core.is_ascii() {
            core.bytes().filter(u8::is_ascii_alphanumeric).count()
        } else {
            core.chars().filter(|ch| ch.is_alphanumeric()).count()
        };
        c.characters = c
            .characters
            .saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
    }
    if ends_sentence(trail) && !(trail.starts_with('.') && is_abbreviation(core)) {
        c.end_sentence();
    }
}

fn finish(c: &Counts) -> Readability {
    if c.words == 0 {
        return Readability::default();
    }
    let words = f64::from(c.words);
    let sentences = f64::from(c.sentences.max(1));
    let syllables = f64::from(c.syllables);
    let poly = f64::from(c.polysyllabic);
    let wps = words / sentences;
    let spw = syllables / words;
    let letters_per_100 = f64::from(c.characters) / words * 100.0;
    let sentences_per_100 = sentences / words * 100.0;
    Readability {
        words: c.words,
        sentences: c.sentences.max(1),
        syllables: c.syllables,
        polysyllabic_words: c.polysyllabic,
        characters: c.characters,
        flesch_reading_ease: 206.835 - 1.015 * wps - 84.6 * spw,
        flesch_kincaid_grade: 0.39 * wps + 11.8 * spw - 15.59,
        gunning_fog: 0.4 * (wps + 100.0 * poly / words),
        smog: 1.0430 * libm::sqrt(poly * 30.0 / sentences) + 3.1291,
        coleman_liau: 0.0588 * letters_per_100 - 0.296 * sentences_per_100 - 15.8,
        automated_readability_index: 4.71 * (f64::from(c.characters) / words) + 0.5 * wps - 21.43,
        avg_words_per_sentence: wps,
        avg_syllables_per_word: spw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_table_is_small() {
        assert!(exceptions::len() <= 300, "{}", exceptions::len());
    }
}
