//! Hashtag suggestions for a draft, drawn only from the user's own history: each tag the
//! user has used is ranked by how relevant it is to the draft × how well the user's posts
//! with it performed. No tag is ever invented.
//!
//! # Relevance
//! Every tag gets a *context document*: the terms of every post that used it (which include
//! the tag's own words, split on camelCase, underscores and digits: `#DataEngineering` →
//! `data`, `engineering`). The draft is a document too. Both are weighted by TF-IDF —
//! sublinear term frequency `1 + ln(tf)` times the smoothed inverse document frequency
//! `1 + ln((1 + T) / (1 + df))` over the `T` tag contexts — and compared by cosine
//! similarity, so relevance is in 0–1 and words shared by every tag count little.
//!
//! Terms are the Unicode word-bounded words ([UAX #29] via `unicode-segmentation`) of the
//! text outside URLs, mentions and cashtags, lowercased (Unicode), without a small English
//! stopword list, single characters or pure numbers, with a light plural fold for ASCII
//! words (`startups` → `startup`, `companies` → `company`, `team's` → `team`).
//!
//! # Lift
//! A post's performance is its engagements ÷ impressions (engagements as in
//! [`PostMetrics::engagements`](crate::model::PostMetrics::engagements)). Platforms differ
//! widely, so each post is compared with the mean of its own platform's posts: a post at
//! its platform's mean has relative performance 1.0. Per platform:
//! - when any post reports impressions, posts with impressions > 0 are rated by their
//!   engagement rate and posts without are left out of the lift;
//! - when no post of the platform reports impressions, raw engagements are compared instead
//!   (posts that report no engagement metric at all are left out);
//! - a platform whose rated posts all have zero engagement rates nothing.
//!
//! A tag's lift is the mean relative performance of the rated posts that used it, shrunk
//! toward 1.0 (the user's average) by [`LIFT_PRIOR_POSTS`] pseudo-posts:
//! `lift = (n · mean_tag + m · 1) / (n + m)`. A tag used once moves a quarter of the way
//! from 1.0 toward its one post's figure; a tag without rated posts has lift 1.0.
//!
//! [UAX #29]: https://www.unicode.org/reports/tr29/

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt};

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::entities::{Entity, EntityKind, extract_entities};
use super::{MAX_TEXT_BYTES, validate_text_field};
use crate::model::{Platform, Post};
use crate::{Error, Result};

/// Most posts accepted in `history`.
pub const MAX_HISTORY: usize = 10_000;

/// Most suggestions one call may ask for (`k`).
pub const MAX_SUGGESTIONS: usize = 100;

/// Prior strength `m` of the lift, in pseudo-posts at the user's average (1.0). Engagement
/// rates of one account's posts vary by a coefficient of about 0.8 while a topic's true
/// effect is rarely more than ±50 %, so `m = σ²_within / τ²_between ≈ 0.64 / 0.25 ≈ 3`: one
/// post moves a tag a quarter of the way to its figure, a dozen posts four fifths.
pub const LIFT_PRIOR_POSTS: f64 = 3.0;

/// Most draft words listed in [`HashtagSuggestion::matched_terms`].
pub const MAX_MATCHED_TERMS: usize = 10;

/// A hashtag from the user's history, suggested for a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HashtagSuggestion {
    /// The tag without `#`, in the spelling the user wrote most often (ties: the
    /// alphabetically first spelling).
    pub tag: String,
    /// Posts in the history that used the tag.
    pub uses: u32,
    /// Posts among `uses` with a performance figure: the evidence behind `lift`.
    pub rated_uses: u32,
    /// 0–1: TF-IDF cosine similarity between the draft and the posts that used the tag.
    pub relevance: f64,
    /// Engagement lift of the posts that used the tag, shrunk toward the user's average:
    /// 1.0 is average, 1.2 is 20 % better.
    pub lift: f64,
    /// `relevance × lift`: what the ranking uses.
    pub score: f64,
    /// The draft's words (lowercased) that made the tag relevant, most influential first
    /// (at most [`MAX_MATCHED_TERMS`]).
    pub matched_terms: Vec<String>,
}

/// Ranks the hashtags of `history` for `draft` and returns the best `k`.
///
/// Tags compare case-insensitively (Unicode lowercase); tags already in the draft are not
/// suggested; tags sharing no term with the draft (relevance 0) are not returned, so fewer
/// than `k` may come back (none when the history has no hashtags). Ranking: score
/// descending, then uses descending, then tag. Runs in one pass over the history.
///
/// Errors (`invalid_input`): `draft` empty, whitespace only, containing NUL or over
/// [`MAX_TEXT_BYTES`]; `k` outside 1..=[`MAX_SUGGESTIONS`]; `history` over
/// [`MAX_HISTORY`] posts; `history[i].text` over [`MAX_TEXT_BYTES`];
/// `history[i].metrics.*` negative.
///
/// ```
/// use brandpilot::content::suggest_hashtags;
/// use brandpilot::model::{Platform, Post, PostMetrics};
///
/// let post = |id: &str, text: &str, likes: i64| Post {
///     id: id.into(),
///     platform: Platform::Linkedin,
///     created_at: "2026-10-01T09:00:00Z".parse().unwrap(),
///     text: text.into(),
///     media_kind: Default::default(),
///     metrics: PostMetrics { impressions: Some(1_000), likes: Some(likes), ..Default::default() },
/// };
/// let history = [
///     post("1", "Our lakehouse migration, step by step #DataEngineering", 60),
///     post("2", "Lessons from a year of team rituals #Leadership", 10),
///     post("3", "Why we moved our data pipelines to streaming #dataengineering", 40),
/// ];
/// let s = suggest_hashtags("Three things I learned building data pipelines", &history, 5).unwrap();
/// assert_eq!(s.len(), 1, "leadership shares no word with the draft");
/// assert_eq!(s[0].tag, "DataEngineering");
/// assert_eq!(s[0].uses, 2);
/// assert!(s[0].lift > 1.0 && s[0].matched_terms.contains(&"pipelines".to_string()));
/// ```
pub fn suggest_hashtags(draft: &str, history: &[Post], k: usize) -> Result<Vec<HashtagSuggestion>> {
    validate_text_field("draft", draft)?;
    if !(1..=MAX_SUGGESTIONS).contains(&k) {
        return Err(Error::invalid(
            "k",
            format!("is {k}; must be between 1 and {MAX_SUGGESTIONS}"),
        ));
    }
    if history.len() > MAX_HISTORY {
        return Err(Error::invalid(
            "history",
            format!(
                "has {} posts; at most {MAX_HISTORY} are accepted",
                history.len()
            ),
        ));
    }

    let mut vocab = Vocab::default();
    let mut tags: Vec<TagStats> = Vec::new();
    let mut tag_index: HashMap<String, usize> = HashMap::new();
    let mut ratings: Vec<Option<Rating>> = Vec::with_capacity(history.len());
    // The terms of every post with a hashtag, one after the other; `ranges[j]` is where the
    // j-th such post's terms lie.
    let mut post_terms: Vec<u32> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut post_tags: Vec<usize> = Vec::new();
    let mut key = String::new();

    // The one pass over the history: validate, rate, and collect each tag's context.
    for (i, post) in history.iter().enumerate() {
        if post.text.len() > MAX_TEXT_BYTES {
            return Err(Error::invalid(
                format!("history[{i}].text"),
                format!(
                    "is {} bytes; at most {MAX_TEXT_BYTES} are accepted",
                    post.text.len()
                ),
            ));
        }
        post.metrics
            .validate()
            .map_err(|e| e.within(&format!("history[{i}].metrics")))?;
        ratings.push(Rating::of(post));
        if !(post.text.contains('#') || post.text.contains('＃')) {
            continue;
        }
        let entities = extract_entities(&post.text);
        post_tags.clear();
        for e in entities.iter().filter(|e| e.kind == EntityKind::Hashtag) {
            lowercase_into(&e.text, &mut key);
            let t = match tag_index.get(key.as_str()) {
                Some(&t) => t,
                None => {
                    tags.push(TagStats::default());
                    tag_index.insert(key.clone(), tags.len() - 1);
                    tags.len() - 1
                }
            };
            tags[t].spell(&e.text);
            if !post_tags.contains(&t) {
                post_tags.push(t);
            }
        }
        if post_tags.is_empty() {
            continue;
        }
        let from = post_terms.len();
        terms_of(
            &post.text,
            &entities,
            &mut vocab,
            &mut post_terms,
            |_, _| {},
        );
        ranges.push((from, post_terms.len()));
        for &t in &post_tags {
            let tag = &mut tags[t];
            tag.uses += 1;
            tag.posts.push((i, ranges.len() - 1));
        }
    }
    if tags.is_empty() {
        return Ok(Vec::new());
    }

    // Relative performance of every rated post: its rate over its platform's mean.
    let relative = relative_performance(&ratings);

    // Each tag's context as (term, count) sorted by term, and document frequencies. One
    // dense counter serves every tag: count, collect the terms touched, reset them.
    let mut df = vec![0u32; vocab.len()];
    let mut counts = vec![0u32; vocab.len()];
    let mut touched: Vec<u32> = Vec::new();
    let contexts: Vec<Vec<(u32, u32)>> = tags
        .iter()
        .map(|tag| {
            for &(_, j) in &tag.posts {
                let (from, to) = ranges[j];
                for &id in &post_terms[from..to] {
                    let c = &mut counts[id as usize];
                    if *c == 0 {
                        touched.push(id);
                    }
                    *c += 1;
                }
            }
            touched.sort_unstable();
            let runs: Vec<(u32, u32)> = touched
                .drain(..)
                .map(|id| {
                    df[id as usize] += 1;
                    (id, std::mem::take(&mut counts[id as usize]))
                })
                .collect();
            runs
        })
        .collect();

    // The draft: its terms, the lowercased word each came from, and its own tags.
    let draft_entities = extract_entities(draft);
    let mut draft_terms = Vec::new();
    let mut surface: HashMap<u32, String> = HashMap::new();
    terms_of(
        draft,
        &draft_entities,
        &mut vocab,
        &mut draft_terms,
        |id, word| {
            surface.entry(id).or_insert_with(|| word.to_lowercase());
        },
    );
    let in_draft: Vec<String> = draft_entities
        .iter()
        .filter(|e| e.kind == EntityKind::Hashtag)
        .map(|e| e.text.to_lowercase())
        .collect();
    df.resize(vocab.len(), 0);

    let n_docs = tags.len() as f64;
    let idf = |id: u32| 1.0 + ((1.0 + n_docs) / (1.0 + f64::from(df[id as usize]))).ln();
    let weight = |tf: u32, id: u32| (1.0 + f64::from(tf).ln()) * idf(id);

    draft_terms.sort_unstable();
    let mut draft_vec: Vec<(u32, f64)> = Vec::new();
    let mut i = 0;
    while i < draft_terms.len() {
        let id = draft_terms[i];
        let run = draft_terms[i..].iter().take_while(|&&t| t == id).count() as u32;
        draft_vec.push((id, weight(run, id)));
        i += run as usize;
    }
    let draft_norm = draft_vec.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if draft_norm == 0.0 {
        return Ok(Vec::new());
    }

    let mut out: Vec<(String, HashtagSuggestion)> = Vec::new();
    for (key, &t) in &tag_index {
        if in_draft.contains(key) {
            continue;
        }
        let context = &contexts[t];
        let mut dot = 0.0;
        let mut matched: Vec<(f64, &str)> = Vec::new();
        for &(id, wd) in &draft_vec {
            if let Ok(at) = context.binary_search_by_key(&id, |&(term, _)| term) {
                let contribution = wd * weight(context[at].1, id);
                dot += contribution;
                matched.push((contribution, surface.get(&id).map_or("", String::as_str)));
            }
        }
        if dot <= 0.0 {
            continue;
        }
        let context_norm = context
            .iter()
            .map(|&(id, tf)| weight(tf, id).powi(2))
            .sum::<f64>()
            .sqrt();
        let relevance = (dot / (draft_norm * context_norm)).clamp(0.0, 1.0);
        matched.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut matched_terms: Vec<String> = Vec::new();
        for (_, word) in matched {
            if !matched_terms.iter().any(|w| w == word) {
                matched_terms.push(word.to_owned());
            }
        }
        matched_terms.truncate(MAX_MATCHED_TERMS);

        let tag = &tags[t];
        let (sum, rated) = tag
            .posts
            .iter()
            .filter_map(|&(p, _)| relative[p])
            .fold((0.0, 0u32), |(s, n), r| (s + r, n + 1));
        let lift = (sum + LIFT_PRIOR_POSTS) / (f64::from(rated) + LIFT_PRIOR_POSTS);
        out.push((
            key.clone(),
            HashtagSuggestion {
                tag: tag.spelling().to_owned(),
                uses: tag.uses,
                rated_uses: rated,
                relevance,
                lift,
                score: relevance * lift,
                matched_terms,
            },
        ));
    }
    out.sort_by(|(ka, a), (kb, b)| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.uses.cmp(&a.uses))
            .then_with(|| ka.cmp(kb))
    });
    out.truncate(k);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// What the history says about one tag while it is read.
#[derive(Default)]
struct TagStats {
    /// Spellings as written (without `#`) and how often each was used.
    spellings: Vec<(String, u32)>,
    uses: u32,
    /// The posts that used the tag: index in the history, index in the term ranges.
    posts: Vec<(usize, usize)>,
}

impl TagStats {
    fn spell(&mut self, written: &str) {
        match self.spellings.iter_mut().find(|(s, _)| s == written) {
            Some((_, n)) => *n += 1,
            None => self.spellings.push((written.to_owned(), 1)),
        }
    }

    /// The most used spelling; ties go to the alphabetically first.
    fn spelling(&self) -> &str {
        self.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map_or("", |(s, _)| s.as_str())
    }
}

/// A post's raw performance figure, before it is compared with its platform's mean.
#[derive(Debug, Clone, Copy)]
struct Rating {
    platform: Platform,
    /// Engagements ÷ impressions, when impressions > 0.
    rate: Option<f64>,
    /// Engagements.
    engagements: f64,
}

impl Rating {
    fn of(post: &Post) -> Option<Rating> {
        let m = &post.metrics;
        let reported =
            m.likes.is_some() || m.comments.is_some() || m.shares.is_some() || m.saves.is_some();
        if !reported {
            return None;
        }
        let engagements = m.engagements() as f64;
        Some(Rating {
            platform: post.platform,
            rate: m
                .impressions
                .filter(|&i| i > 0)
                .map(|i| engagements / i as f64),
            engagements,
        })
    }
}

/// Each post's performance relative to the mean of its platform's rated posts (`None`: not
/// rated). See the module docs for the per-platform choice of figure.
fn relative_performance(ratings: &[Option<Rating>]) -> Vec<Option<f64>> {
    let n = Platform::ALL.len();
    let mut by_rate = vec![(0.0f64, 0u32); n];
    let mut by_engagements = vec![(0.0f64, 0u32); n];
    for r in ratings.iter().flatten() {
        let p = r.platform as usize;
        if let Some(rate) = r.rate {
            by_rate[p].0 += rate;
            by_rate[p].1 += 1;
        }
        by_engagements[p].0 += r.engagements;
        by_engagements[p].1 += 1;
    }
    let mean = |(sum, n): (f64, u32)| (n > 0 && sum > 0.0).then(|| sum / f64::from(n));
    ratings
        .iter()
        .map(|r| {
            let r = r.as_ref()?;
            let p = r.platform as usize;
            if by_rate[p].1 > 0 {
                Some(r.rate? / mean(by_rate[p])?)
            } else {
                Some(r.engagements / mean(by_engagements[p])?)
            }
        })
        .collect()
}

/// Term ids, interned in order of first appearance (so ids, and every sum ordered by them,
/// are deterministic).
#[derive(Default)]
struct Vocab {
    /// Normalised term → id.
    ids: HashMap<String, u32>,
    /// Lowercased word as written → its term id (`None`: not a term), so each distinct word
    /// is normalised once and every later occurrence costs one lookup. ASCII words of up to
    /// 16 bytes (most words) are keyed by their lowercased bytes packed into a `u128`, which
    /// hashes and compares as one integer.
    short_words: HashMap<u128, Option<u32>>,
    /// The other words, by their lowercased text.
    words: HashMap<String, Option<u32>>,
    buf: String,
}

impl Vocab {
    fn len(&self) -> usize {
        self.ids.len()
    }

    /// The id of `word` as a term, or `None` when it is not one (a stopword, a number, a
    /// single character).
    fn term(&mut self, word: &str) -> Option<u32> {
        let packed = pack_ascii_lowercase(word);
        if let Some(key) = packed {
            if let Some(&id) = self.short_words.get(&key) {
                return id;
            }
        }
        // Lowercase ASCII words are looked up as they are, without a copy.
        let as_is = word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !as_is {
            lowercase_into(word, &mut self.buf);
        }
        let lower = if as_is { word } else { self.buf.as_str() };
        if packed.is_none() {
            if let Some(&id) = self.words.get(lower) {
                return id;
            }
        }
        if as_is {
            self.buf.clear();
            self.buf.push_str(word);
        }
        let id = normalise(&self.buf).and_then(|term| {
            if let Some(&id) = self.ids.get(term.as_ref()) {
                return Some(id);
            }
            let id = u32::try_from(self.ids.len()).ok()?;
            self.ids.insert(term.into_owned(), id);
            Some(id)
        });
        match packed {
            Some(key) => self.short_words.insert(key, id),
            None => self.words.insert(self.buf.clone(), id),
        };
        id
    }
}

/// `word` lowercased and packed into a `u128` (little-endian, zero-padded) when it is ASCII
/// and at most 16 bytes long. Words never contain NUL, so distinct words get distinct keys.
fn pack_ascii_lowercase(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.len() > 16 || !word.is_ascii() {
        return None;
    }
    // Shifted into a register rather than stored byte by byte and loaded back, which would
    // stall on store forwarding.
    Some(b.iter().rev().fold(0u128, |key, &c| {
        (key << 8) | u128::from(c.to_ascii_lowercase())
    }))
}

/// Writes `word` lowercased (Unicode; a typographic apostrophe becomes `'`) into `out`.
fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        for c in word.chars() {
            out.extend(
                c.to_lowercase()
                    .map(|c| if c == '\u{2019}' { '\'' } else { c }),
            );
        }
    }
}

/// The term a lowercased word stands for, or `None` when it is not one.
fn normalise(word: &str) -> Option<Cow<'_, str>> {
    let word = word
        .strip_suffix("'s")
        .filter(|w| !w.is_empty())
        .unwrap_or(word);
    let mut chars = word.chars();
    chars.next()?;
    chars.next()?; // at least two characters
    if word.chars().all(char::is_numeric) || STOPWORDS.binary_search(&word).is_ok() {
        return None;
    }
    if word.is_ascii() && word.len() >= 4 {
        if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
            return Some(Cow::Owned(format!("{stem}y")));
        }
        if word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
            return Some(Cow::Borrowed(&word[..word.len() - 1]));
        }
    }
    Some(Cow::Borrowed(word))
}

/// Appends the term ids of `text` to `out`: the words outside its entities, plus each
/// hashtag's own words (and the whole tag when it has several). `seen` gets each term with
/// the word it came from.
fn terms_of(
    text: &str,
    entities: &[Entity],
    vocab: &mut Vocab,
    out: &mut Vec<u32>,
    mut seen: impl FnMut(u32, &str),
) {
    let mut add = |vocab: &mut Vocab, word: &str| {
        if word.len() == 1 {
            return; // one ASCII character ("a", "I"): never a term, skip the lookup
        }
        if let Some(id) = vocab.term(word) {
            out.push(id);
            seen(id, word);
        }
    };
    let mut pos = 0usize;
    for e in entities {
        let (start, end) = (e.byte_start as usize, e.byte_end as usize);
        for_each_word(text.get(pos..start).unwrap_or(""), |w| add(vocab, w));
        pos = end;
        if e.kind == EntityKind::Hashtag {
            let mut parts = 0;
            for_each_tag_part(&e.text, |part| {
                parts += 1;
                add(vocab, part);
            });
            if parts > 1 {
                add(vocab, &e.text);
            }
        }
    }
    for_each_word(text.get(pos..).unwrap_or(""), |w| add(vocab, w));
}

/// Calls `f` with each word of `text` as `unicode_words` (UAX #29) finds them. ASCII text
/// takes a direct scan applying the same rules (checked against `unicode_words` in the
/// tests): letters, digits and `_` join; `:` `.` `'` join letters; `,` `;` `.` `'` join
/// digits; a word needs a letter or digit.
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    if !text.is_ascii() {
        text.unicode_words().for_each(f);
        return;
    }
    let b = text.as_bytes();
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < b.len() && word_byte(b[i]) {
                i += 1;
            }
            let (Some(&mid), Some(&right)) = (b.get(i), b.get(i + 1)) else {
                break;
            };
            let left = b[i - 1];
            let letters = left.is_ascii_alphabetic()
                && right.is_ascii_alphabetic()
                && matches!(mid, b':' | b'.' | b'\'');
            let digits = left.is_ascii_digit()
                && right.is_ascii_digit()
                && matches!(mid, b',' | b';' | b'.' | b'\'');
            if !(letters || digits) {
                break;
            }
            i += 1;
        }
        let word = &text[start..i];
        if word.bytes().any(|c| c.is_ascii_alphanumeric()) {
            f(word);
        }
    }
}

/// Calls `f` with each word of a hashtag, without allocating: it splits at underscores,
/// lower→upper case changes (`dataEngineering`), the last capital of a capital run followed
/// by lower case (`HTMLParser` → `HTML`, `Parser`) and letter↔digit changes (`Web3Dev` →
/// `Web`, `3`, `Dev`).
fn for_each_tag_part<'a>(tag: &'a str, mut f: impl FnMut(&'a str)) {
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = tag.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == '_' || !(c.is_alphanumeric() || is_mark(c)) {
            if let Some(s) = start.take() {
                f(&tag[s..i]);
            }
            prev = None;
            continue;
        }
        match (start, prev) {
            (Some(s), Some(p)) => {
                let boundary = (p.is_lowercase() && c.is_uppercase())
                    || (p.is_uppercase()
                        && c.is_uppercase()
                        && next.is_some_and(char::is_lowercase))
                    || (p.is_numeric() != c.is_numeric() && !is_mark(c));
                if boundary && i > s {
                    f(&tag[s..i]);
                    start = Some(i);
                }
            }
            _ => start = Some(i),
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        f(&tag[s..]);
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// English function words that say nothing about a topic: a subset of the Snowball English
/// stopword list (snowballstem.org/algorithms/english/stop.txt) plus common social-post
/// filler. Sorted for binary search.
const STOPWORDS: [&str; 127] = [
    "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "can't", "could", "did", "do", "does", "doing", "don't", "down", "during", "each", "even",
    "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i'm", "i've", "if", "in", "into", "is", "it", "it's",
    "its", "itself", "just", "let", "let's", "me", "more", "most", "my", "no", "nor", "not", "now",
    "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own",
    "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "us", "very", "was", "we", "we're", "were", "what", "when", "where", "which", "while", "who",
    "why", "will", "with", "would", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ascii_words_match_unicode_words(text in "[a-zA-Z0-9_.,;:'\" \n\t!?#@&/()-]{0,60}") {
            let mut fast = Vec::new();
            for_each_word(&text, |w| fast.push(w));
            let reference: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(fast, reference);
        }
    }

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "{STOPWORDS:?}");
    }

    fn split_tag(tag: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        for_each_tag_part(tag, |p| parts.push(p));
        parts
    }

    #[test]
    fn tags_split_into_words() {
        assert_eq!(split_tag("DataEngineering"), ["Data", "Engineering"]);
        assert_eq!(split_tag("data_engineering"), ["data", "engineering"]);
        assert_eq!(split_tag("HTMLParser"), ["HTML", "Parser"]);
        assert_eq!(split_tag("Web3Dev"), ["Web", "3", "Dev"]);
        assert_eq!(split_tag("dataengineering"), ["dataengineering"]);
        assert_eq!(split_tag("ÉtéEnFrance"), ["Été", "En", "France"]);
        assert_eq!(split_tag("日本語"), ["日本語"]);
    }

    #[test]
    fn words_normalise_to_terms() {
        let t = |w: &str| normalise(w).map(Cow::into_owned);
        assert_eq!(t("startups").as_deref(), Some("startup"));
        assert_eq!(t("companies").as_deref(), Some("company"));
        assert_eq!(t("team's").as_deref(), Some("team"));
        assert_eq!(t("analysis").as_deref(), Some("analysis"));
        assert_eq!(t("business").as_deref(), Some("business"));
        assert_eq!(t("status").as_deref(), Some("status"));
        assert_eq!(t("the"), None);
        assert_eq!(t("2026"), None);
        assert_eq!(t("a"), None);
        assert_eq!(t("données").as_deref(), Some("données"));
    }
}
