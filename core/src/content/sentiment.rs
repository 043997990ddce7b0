//! Sentiment of a post: a VADER-class, rule-based scorer tuned for social-media text.
//!
//! This is the algorithm of Hutto, C.J. & Gilbert, E.E. (2014), *VADER: A Parsimonious
//! Rule-based Model for Sentiment Analysis of Social Media Text*, Eighth International
//! Conference on Weblogs and Social Media (ICWSM-14), Ann Arbor, MI, written from the paper's
//! description of its rules and constants, and run on the lexicons published with the
//! reference implementation (`vaderSentiment` 3.3.2, MIT licence; see
//! `core/data/content/README.md`). Where that implementation behaves in a way the paper does
//! not describe and the behaviour changes scores, this module matches it (each such place
//! says "3.3.2 quirk"), so that scores agree with what users of the Python package know;
//! `core/tests/content_sentiment.rs` checks the agreement on a committed corpus.
//!
//! The rules, in the order they apply to each lexicon word:
//! 1. its valence from the human-rated lexicon (−4 … +4), emoji first replaced by their
//!    textual description (so 😀 scores as "grinning face");
//! 2. "no" before another lexicon word is a negation, not a sentiment word;
//! 3. ALL-CAPS emphasis (+0.733 away from zero) when only some of the words are capitalised;
//! 4. up to three preceding degree modifiers (boosters ±0.293, themselves +0.733 when in caps),
//!    damped by distance (×1, ×0.95, ×0.9), and negations within three words (×−0.74),
//!    except "never so/this" (×1.25) and "without doubt";
//! 5. idioms and special phrases ("the shit", "kind of", "yeah right", ...), and "least"
//!    (×−0.74 unless "at least" / "very least");
//! 6. the contrastive "but": words before it count half, words after it one and a half;
//! 7. punctuation emphasis: each "!" (up to 4) adds 0.292, two or three "?" add 0.18 each,
//!    more add 0.96;
//! 8. the sum `x` is normalised to `x / sqrt(x² + 15)`.
//!
//! Speed: the lexicons are parsed once into a word table (the first call pays ~1–2 ms);
//! then an ASCII text is tokenised in one pass over its bytes with one table probe per word
//! and no allocation per word (~0.8 µs for a 300-character post on one core). Text with
//! emoji or other non-ASCII characters takes a slower, char-based path (~1.6 µs).
//!
//! ```
//! use brandpilot::content::sentiment::sentiment;
//! let s = sentiment("Thrilled to announce our new product! It is GREAT.");
//! assert!(s.compound > 0.5);
//! assert!((s.positive + s.neutral + s.negative - 1.0).abs() < 1e-9);
//! assert!(sentiment("This is not good at all").compound < 0.0);
//! ```

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The sentiment of a text.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sentiment {
    /// Overall sentiment, from −1 (most negative) to +1 (most positive); the usual reading is
    /// positive at ≥ 0.05, negative at ≤ −0.05, neutral in between.
    pub compound: f64,
    /// Share of the text's sentiment-weighted words that are positive (0 … 1).
    pub positive: f64,
    /// Share that is neutral (0 … 1).
    pub neutral: f64,
    /// Share that is negative (0 … 1). The three shares sum to 1, or are all 0 for a text
    /// without words.
    pub negative: f64,
}

// ---- constants of the paper (Hutto & Gilbert 2014) ----

/// Mean intensity change of a booster ("extremely good") or dampener ("marginally good").
const B_INCR: f64 = 0.293;
/// Mean intensity increase of an ALL-CAPS word among mixed-case words.
const C_INCR: f64 = 0.733;
/// Scalar applied to a negated word's valence.
const N_SCALAR: f64 = -0.74;
/// Per "!" (at most 4 count).
const EXCLAMATION_INCR: f64 = 0.292;
/// Per "?" when there are 2 or 3 of them.
const QUESTION_INCR: f64 = 0.18;
/// Flat emphasis of 4 or more "?".
const QUESTION_MAX: f64 = 0.96;
/// Normalisation constant α in `x / sqrt(x² + α)`, the approximate maximum expected sum.
const ALPHA: f64 = 15.0;

const LEXICON: &str = include_str!("../../data/content/vader_lexicon.txt");
const EMOJI_LEXICON: &str = include_str!("../../data/content/emoji_utf8_lexicon.txt");

/// Scores the sentiment of `text` (any length, any Unicode; never panics).
///
/// English social-media text is what the lexicon covers; words it does not know count as
/// neutral, so other languages score near 0. VADER is designed for sentence- or post-sized
/// text: on long documents the compound saturates towards ±1.
///
/// ```
/// use brandpilot::content::sentiment::sentiment;
/// assert!(sentiment("I love this 😍").compound > 0.5);
/// assert!(sentiment("Worst. Launch. Ever.").compound < 0.0);
/// assert_eq!(sentiment("").compound, 0.0);
/// ```
pub fn sentiment(text: &str) -> Sentiment {
    let lex = lexicons();
    // Emoji → their description, as 3.3.2 does, before anything else.
    let converted;
    let text = match replace_emoji(text, lex) {
        Some(s) => {
            converted = s;
            converted.as_str()
        }
        None => text,
    };
    let toks = Tokens::new(text, lex);
    if toks.toks.is_empty() {
        return Sentiment::default();
    }
    let mut sentiments = toks.valences();
    but_check(&toks, &mut sentiments);
    score(&sentiments, punctuation_emphasis(toks.excl, toks.quest))
}

// ---- lexicons ----

/// FxHash (the rustc hasher): the lexicon keys are short trusted strings, and SipHash would
/// cost more than the rest of the per-word work. Hand-written because the core depends on no
/// hashing crate for this one map; it is the well-known multiply-rotate function.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The word table: open addressing over keys packed into two machine words, so a lookup is
/// one multiply, usually one probe and two integer compares (no pointer chase, no `memcmp`).
/// Hand-written because a general hash map costs several times more per token, and the
/// lookup is most of the per-token work. Keys longer than [`SHORT_KEY`] bytes (25 lexicon
/// entries such as long emoticons) live in a plain map.
struct WordTable {
    slots: Vec<Slot>,
    shift: u32,
    entries: Vec<Entry>,
    long: FxMap<&'static str, Entry>,
}

const SHORT_KEY: usize = 16;

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    /// Key length in bytes; 0 marks an empty slot.
    len: u8,
    idx: u16,
}

#[inline]
fn slot_hash(key: [u64; 2], len: usize) -> u64 {
    (key[0] ^ key[1].rotate_left(29) ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl WordTable {
    fn build(words: FxMap<&'static str, Entry>) -> WordTable {
        let short = words.iter().filter(|(k, _)| k.len() <= SHORT_KEY).count();
        let bits = (short.max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut t = WordTable {
            slots: vec![Slot::default(); 1usize << bits],
            shift: 64 - bits,
            entries: Vec::with_capacity(short),
            long: FxMap::default(),
        };
        let mask = t.slots.len() - 1;
        for (k, e) in words {
            if k.len() > SHORT_KEY || k.is_empty() || t.entries.len() >= usize::from(u16::MAX) {
                t.long.insert(k, e);
                continue;
            }
            let mut buf = [0u8; SHORT_KEY];
            buf[..k.len()].copy_from_slice(k.as_bytes());
            let key = pack(&buf);
            let mut i = (slot_hash(key, k.len()) >> t.shift) as usize;
            while t.slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            t.slots[i] = Slot {
                key,
                len: k.len() as u8,
                idx: t.entries.len() as u16,
            };
            t.entries.push(e);
        }
        t
    }

    /// The entry of `key`, lowercasing ASCII letters first when `lower` is set.
    #[inline]
    fn get(&self, key: &[u8], lower: bool) -> Entry {
        let n = key.len();
        if n > SHORT_KEY || n == 0 {
            let owned;
            let k = if lower {
                owned = key.to_ascii_lowercase();
                &owned[..]
            } else {
                key
            };
            return std::str::from_utf8(k)
                .ok()
                .and_then(|k| self.long.get(k).copied())
                .unwrap_or(NO_ENTRY);
        }
        let mut buf = [0u8; SHORT_KEY];
        if lower {
            for (d, &b) in buf.iter_mut().zip(key) {
                *d = b.to_ascii_lowercase();
            }
        } else {
            buf[..n].copy_from_slice(key);
        }
        self.get_packed(pack(&buf), n)
    }

    /// The entry of the key packed by [`pack`] (`n` ≤ [`SHORT_KEY`] bytes).
    #[inline]
    fn get_packed(&self, key: [u64; 2], n: usize) -> Entry {
        let mask = self.slots.len() - 1;
        let mut i = (slot_hash(key, n) >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s.len == 0 {
                return NO_ENTRY;
            }
            if s.key == key && usize::from(s.len) == n {
                return self
                    .entries
                    .get(usize::from(s.idx))
                    .copied()
                    .unwrap_or(NO_ENTRY);
            }
            i = (i + 1) & mask;
        }
    }
}

#[inline]
fn pack(buf: &[u8; SHORT_KEY]) -> [u64; 2] {
    let mut a = [0u8; 8];
    let mut b = [0u8; 8];
    a.copy_from_slice(&buf[..8]);
    b.copy_from_slice(&buf[8..]);
    [u64::from_le_bytes(a), u64::from_le_bytes(b)]
}

/// Words the rules look at (besides boosters and negations), by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum W {
    #[default]
    Other,
    No,
    But,
    Kind,
    Of,
    Least,
    At,
    Very,
    So,
    This,
    Never,
    Without,
    Doubt,
    Or,
    Nor,
    Just,
    Enough,
    Sort,
    The,
    Shit,
    Bomb,
    Bad,
    Ass,
    Bus,
    Stop,
    Yeah,
    Right,
    Kiss,
    Death,
    To,
    Die,
    For,
    Beating,
    Heart,
}

const RULE_WORDS: &[(&str, W)] = &[
    ("no", W::No),
    ("but", W::But),
    ("kind", W::Kind),
    ("of", W::Of),
    ("least", W::Least),
    ("at", W::At),
    ("very", W::Very),
    ("so", W::So),
    ("this", W::This),
    ("never", W::Never),
    ("without", W::Without),
    ("doubt", W::Doubt),
    ("or", W::Or),
    ("nor", W::Nor),
    ("just", W::Just),
    ("enough", W::Enough),
    ("sort", W::Sort),
    ("the", W::The),
    ("shit", W::Shit),
    ("bomb", W::Bomb),
    ("bad", W::Bad),
    ("ass", W::Ass),
    ("bus", W::Bus),
    ("stop", W::Stop),
    ("yeah", W::Yeah),
    ("right", W::Right),
    ("kiss", W::Kiss),
    ("death", W::Death),
    ("to", W::To),
    ("die", W::Die),
    ("for", W::For),
    ("beating", W::Beating),
    ("heart", W::Heart),
];

/// Degree modifiers: boosters raise a sentiment word's intensity by [`B_INCR`], dampeners
/// lower it. They are never sentiment words themselves.
const BOOSTERS: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];
const DAMPENERS: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sorta",
    "sortof",
    "sort-of",
];
/// Negation words; any word containing "n't" also negates.
const NEGATIONS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt",
    "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope",
    "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
    "uh-uh", "without", "wont", "wouldnt", "rarely", "seldom", "despite",
];

/// Phrases containing lexicon words whose meaning differs from their words' ("the shit" is
/// good), as consecutive words; the value replaces the word's valence.
const SPECIAL_CASES: &[(&[W], f64)] = &[
    (&[W::The, W::Shit], 3.0),
    (&[W::The, W::Bomb], 3.0),
    (&[W::Bad, W::Ass], 1.5),
    (&[W::Bus, W::Stop], 0.0),
    (&[W::Yeah, W::Right], -2.0),
    (&[W::Kiss, W::Of, W::Death], -1.5),
    (&[W::To, W::Die, W::For], 3.0),
    (&[W::Beating, W::Heart], 3.5),
];

/// Two-word dampeners ("kind of good"), applied by the idiom rule.
const TWO_WORD_DAMPENERS: &[[W; 2]] = &[[W::Just, W::Enough], [W::Kind, W::Of], [W::Sort, W::Of]];

/// Everything the rules know about one lowercase word: one hash lookup per token.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Lexicon valence, NaN when the word is not in the lexicon.
    lex: f64,
    /// Booster (+) or dampener (−) intensity, 0 for other words.
    boost: f64,
    /// Negation word.
    negation: bool,
    /// Id for the phrase rules.
    word: W,
}

const NO_ENTRY: Entry = Entry {
    lex: f64::NAN,
    boost: 0.0,
    negation: false,
    word: W::Other,
};

struct Lexicons {
    /// Lowercase word → what the rules know about it.
    words: WordTable,
    /// Longest key in `words`, in bytes: longer tokens skip the lookup.
    max_word_len: usize,
    /// Single-character emoji → description. Entries of several code points (flags, skin
    /// tones, keycaps) never match in 3.3.2, which looks emoji up one character at a time.
    emoji: FxMap<char, &'static str>,
}

fn lexicons() -> &'static Lexicons {
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words: FxMap<&'static str, Entry> = FxMap::default();
        // Format: word TAB mean TAB std TAB raw ratings. A later duplicate wins, as in 3.3.2.
        for line in LEXICON.lines() {
            let mut f = line.trim().split('\t');
            if let (Some(w), Some(Ok(v))) = (f.next(), f.next().map(|v| v.trim().parse::<f64>())) {
                if !w.is_empty() && v.is_finite() {
                    words.entry(w).or_insert(NO_ENTRY).lex = v;
                }
            }
        }
        for &w in BOOSTERS {
            words.entry(w).or_insert(NO_ENTRY).boost = B_INCR;
        }
        for &w in DAMPENERS {
            words.entry(w).or_insert(NO_ENTRY).boost = -B_INCR;
        }
        for &w in NEGATIONS {
            words.entry(w).or_insert(NO_ENTRY).negation = true;
        }
        for &(w, id) in RULE_WORDS {
            words.entry(w).or_insert(NO_ENTRY).word = id;
        }
        let max_word_len = words.keys().map(|w| w.len()).max().unwrap_or(0);
        let mut emoji = FxMap::default();
        for line in EMOJI_LEXICON.lines() {
            let mut f = line.trim().split('\t');
            if let (Some(e), Some(d)) = (f.next(), f.next()) {
                let mut cs = e.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    emoji.insert(c, d);
                }
            }
        }
        Lexicons {
            words: WordTable::build(words),
            max_word_len,
            emoji,
        }
    })
}

/// Replaces each emoji by its description, or `None` when the text has none. 3.3.2 quirk:
/// a space is inserted before a description unless one precedes it, but none after, so
/// "😀great" becomes "grinning facegreat".
fn replace_emoji(text: &str, lex: &Lexicons) -> Option<String> {
    if text.is_ascii() {
        return None; // every emoji key is non-ASCII
    }
    let first = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii() && lex.emoji.contains_key(c))?
        .0;
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..first]);
    let mut prev_space = first == 0 || text[..first].ends_with(' ');
    for c in text[first..].chars() {
        match lex.emoji.get(&c) {
            Some(desc) => {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(desc);
                prev_space = false;
            }
            None => {
                out.push(c);
                prev_space = c == ' ';
            }
        }
    }
    Some(out)
}

// ---- tokens ----

/// Python's `str.isspace`, which 3.3.2's `split()` uses: Unicode White_Space plus the ASCII
/// information separators U+001C … U+001F.
#[inline]
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// [`is_py_space`] on an ASCII byte.
#[inline]
const fn is_py_space_byte(b: u8) -> bool {
    b == b' ' || (b >= 9 && b <= 13) || (b >= 0x1c && b <= 0x1f)
}

/// Python's `str.isupper`: at least one uppercase letter and no lowercase one.
#[inline]
fn is_upper(w: &str) -> bool {
    if w.is_ascii() {
        let mut upper = false;
        for &b in w.as_bytes() {
            if b.is_ascii_lowercase() {
                return false;
            }
            upper |= b.is_ascii_uppercase();
        }
        upper
    } else {
        w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase)
    }
}

/// Whether the lowercase form of `w` contains "n't" (only ASCII letters lowercase to "n"
/// and "t", so a case-insensitive byte search is exact).
#[inline]
fn has_nt(w: &[u8]) -> bool {
    w.contains(&b'\'')
        && w.windows(3)
            .any(|x| x[0] | 0x20 == b'n' && x[1] == b'\'' && x[2] | 0x20 == b't')
}

/// One token of the text, as the rules see it.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// What the lexicons say about its lowercase form.
    e: Entry,
    /// A negation word, or one containing "n't".
    negated: bool,
    /// ALL CAPS.
    upper: bool,
}

impl Tok {
    #[inline]
    fn in_lex(&self) -> bool {
        !self.e.lex.is_nan()
    }
}

struct Tokens {
    toks: Vec<Tok>,
    /// Some but not all tokens are ALL CAPS.
    cap_diff: bool,
    /// Number of "!" in the text.
    excl: usize,
    /// Number of "?" in the text.
    quest: usize,
}

impl Tokens {
    fn new(text: &str, lex: &Lexicons) -> Tokens {
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        let mut upper_count = 0usize;
        let (excl, quest) = if text.is_ascii() {
            ascii_tokens(text.as_bytes(), lex, &mut toks, &mut upper_count)
        } else {
            for raw in text.split(is_py_space) {
                if raw.is_empty() {
                    continue;
                }
                let w = strip_punctuation(raw);
                let upper = is_upper(w);
                upper_count += usize::from(upper);
                let e = lookup_unicode(w, lex);
                toks.push(Tok {
                    e,
                    negated: e.negation || has_nt(w.as_bytes()),
                    upper,
                });
            }
            let count = |c: u8| text.bytes().filter(|&b| b == c).count();
            (count(b'!'), count(b'?'))
        };
        let cap_diff = upper_count > 0 && upper_count < toks.len();
        Tokens {
            toks,
            cap_diff,
            excl,
            quest,
        }
    }

    /// The valence of every token, before the "but" rule.
    fn valences(&self) -> Vec<f64> {
        let t = &self.toks;
        let n = t.len();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let v = if t[i].e.boost != 0.0
                || (t[i].e.word == W::Kind && i + 1 < n && t[i + 1].e.word == W::Of)
                || !t[i].in_lex()
            {
                0.0
            } else {
                self.word_valence(i)
            };
            out.push(v);
        }
        out
    }

    #[inline]
    fn w(&self, i: usize) -> W {
        self.toks[i].e.word
    }

    /// Valence of lexicon word `i` in its context (rules 2 to 5).
    fn word_valence(&self, i: usize) -> f64 {
        let t = &self.toks;
        let n = t.len();
        let base = t[i].e.lex;
        let mut v = base;
        // "no" followed by a lexicon word negates it instead of being negative itself.
        if t[i].e.word == W::No && i + 1 < n && t[i + 1].in_lex() {
            v = 0.0;
        }
        if (i > 0 && self.w(i - 1) == W::No)
            || (i > 1 && self.w(i - 2) == W::No)
            || (i > 2 && self.w(i - 3) == W::No && matches!(self.w(i - 1), W::Or | W::Nor))
        {
            v = base * N_SCALAR;
        }
        if t[i].upper && self.cap_diff {
            // 3.3.2 quirk: a valence of exactly 0 (a neutralised "no") moves down.
            v += if v > 0.0 { C_INCR } else { -C_INCR };
        }
        for k in 0..3 {
            if i <= k || t[i - k - 1].in_lex() {
                continue;
            }
            let s = self.scalar(i - k - 1, v);
            v += match k {
                1 => s * 0.95,
                2 => s * 0.9,
                _ => s,
            };
            v = self.negation(v, k, i);
            if k == 2 {
                v = self.idioms(v, i);
            }
        }
        self.least(v, i)
    }

    /// Booster/dampener contribution of modifier `j` to a word of valence `v`.
    #[inline]
    fn scalar(&self, j: usize, v: f64) -> f64 {
        let tj = &self.toks[j];
        let mut s = tj.e.boost;
        if s == 0.0 {
            return 0.0;
        }
        if v < 0.0 {
            s = -s;
        }
        if tj.upper && self.cap_diff {
            s += if v > 0.0 { C_INCR } else { -C_INCR };
        }
        s
    }

    /// Negation by the word `k + 1` places before word `i`.
    fn negation(&self, v: f64, k: usize, i: usize) -> f64 {
        let w = |d: usize| self.w(i - d);
        let neg = |d: usize| self.toks[i - d].negated;
        match k {
            0 if neg(1) => v * N_SCALAR,
            1 if w(2) == W::Never && matches!(w(1), W::So | W::This) => v * 1.25,
            1 if w(2) == W::Without && w(1) == W::Doubt => v,
            1 if neg(2) => v * N_SCALAR,
            // 3.3.2 quirk (operator precedence): "so"/"this" right before the word also
            // gives ×1.25 here, with or without "never".
            2 if (w(3) == W::Never && matches!(w(2), W::So | W::This))
                || matches!(w(1), W::So | W::This) =>
            {
                v * 1.25
            }
            2 if w(3) == W::Without && (w(2) == W::Doubt || w(1) == W::Doubt) => v,
            2 if neg(3) => v * N_SCALAR,
            _ => v,
        }
    }

    /// Whether the words `from ..= to` spell `phrase`.
    #[inline]
    fn spells(&self, from: usize, to: usize, phrase: &[W]) -> bool {
        to + 1 - from == phrase.len()
            && phrase
                .iter()
                .enumerate()
                .all(|(k, p)| self.w(from + k) == *p)
    }

    fn special(&self, from: usize, to: usize) -> Option<f64> {
        if self.w(from) == W::Other {
            return None;
        }
        SPECIAL_CASES
            .iter()
            .find(|(p, _)| self.spells(from, to, p))
            .map(|&(_, val)| val)
    }

    /// Special phrases around word `i` (i ≥ 3) and two-word dampeners before it.
    fn idioms(&self, mut v: f64, i: usize) -> f64 {
        let n = self.toks.len();
        // Preceding windows, first match wins, in 3.3.2's order.
        let windows = [
            (i - 1, i),
            (i - 2, i),
            (i - 2, i - 1),
            (i - 3, i - 1),
            (i - 3, i - 2),
        ];
        if let Some(val) = windows.iter().find_map(|&(a, b)| self.special(a, b)) {
            v = val;
        }
        if i + 1 < n {
            if let Some(val) = self.special(i, i + 1) {
                v = val;
            }
        }
        if i + 2 < n {
            if let Some(val) = self.special(i, i + 2) {
                v = val;
            }
        }
        // Two-word dampeners right before the word ("sort of good"); 3.3.2 also tries the
        // three-word window, which no entry can match. Not sign-adjusted (3.3.2 quirk).
        for (a, b) in [(i - 3, i - 2), (i - 2, i - 1)] {
            if TWO_WORD_DAMPENERS.contains(&[self.w(a), self.w(b)]) {
                v -= B_INCR;
            }
        }
        v
    }

    /// "least" before a word negates it, except in "at least" and "very least".
    fn least(&self, v: f64, i: usize) -> f64 {
        let negates = i > 0
            && !self.toks[i - 1].in_lex()
            && self.w(i - 1) == W::Least
            && (i == 1 || !matches!(self.w(i - 2), W::At | W::Very));
        if negates { v * N_SCALAR } else { v }
    }
}

const C_SPACE: u8 = 1;
const C_UPPER: u8 = 2;
const C_LOWER: u8 = 4;
const C_APOS: u8 = 8;
const C_PUNCT: u8 = 16;
const C_EXCL: u8 = 32;
const C_QUEST: u8 = 64;

/// Byte classes of ASCII: Python whitespace, letter case, apostrophe, punctuation.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 128 {
        let c = b as u8;
        t[b] = if is_py_space_byte(c) {
            C_SPACE
        } else if c.is_ascii_uppercase() {
            C_UPPER
        } else if c.is_ascii_lowercase() {
            C_LOWER
        } else if c == b'\'' {
            C_APOS | C_PUNCT
        } else if c == b'!' {
            C_EXCL | C_PUNCT
        } else if c == b'?' {
            C_QUEST | C_PUNCT
        } else if c.is_ascii_punctuation() {
            C_PUNCT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Tokenises an ASCII text in one pass over its bytes: split on whitespace, strip
/// punctuation, note case and apostrophes, and look the word up packed into two words.
/// Returns the counts of "!" and "?".
fn ascii_tokens(
    b: &[u8],
    lex: &Lexicons,
    toks: &mut Vec<Tok>,
    upper_count: &mut usize,
) -> (usize, usize) {
    let n = b.len();
    let (mut excl, mut quest) = (0usize, 0usize);
    let class = |i: usize| CLASS[usize::from(b[i])];
    let mut i = 0;
    while i < n {
        while i < n && class(i) & C_SPACE != 0 {
            i += 1;
        }
        if i >= n {
            break;
        }
        let start = i;
        let mut f = 0u8;
        while i < n {
            let c = class(i);
            if c & C_SPACE != 0 {
                break;
            }
            f |= c;
            i += 1;
        }
        if f & (C_EXCL | C_QUEST) != 0 {
            for &c in &b[start..i] {
                excl += usize::from(c == b'!');
                quest += usize::from(c == b'?');
            }
        }
        let (mut s, mut e) = (start, i);
        if f & C_PUNCT != 0 {
            while s < e && class(s) & C_PUNCT != 0 {
                s += 1;
            }
            while e > s && class(e - 1) & C_PUNCT != 0 {
                e -= 1;
            }
            if e - s <= 2 {
                (s, e) = (start, i); // keep emoticons (and short words) whole
            }
        }
        let upper = f & C_UPPER != 0 && f & C_LOWER == 0;
        *upper_count += usize::from(upper);
        let len = e - s;
        let entry = if len > lex.max_word_len {
            NO_ENTRY
        } else if len <= SHORT_KEY {
            let mut key = load_key(b, s, len);
            if f & C_UPPER != 0 {
                key = [ascii_lower_u64(key[0]), ascii_lower_u64(key[1])];
            }
            lex.words.get_packed(key, len)
        } else {
            lex.words.get(&b[s..e], f & C_UPPER != 0)
        };
        toks.push(Tok {
            e: entry,
            negated: entry.negation || (f & C_APOS != 0 && has_nt(&b[s..e])),
            upper,
        });
    }
    (excl, quest)
}

/// The `len` (≤ 16) bytes at `b[s..]` as two little-endian words, zero-padded.
#[inline]
fn load_key(b: &[u8], s: usize, len: usize) -> [u64; 2] {
    let word = |at: usize, keep: usize| -> u64 {
        if keep == 0 {
            return 0;
        }
        let v = match b.get(at..at + 8) {
            Some(w) => {
                let mut a = [0u8; 8];
                a.copy_from_slice(w);
                u64::from_le_bytes(a)
            }
            None => {
                let mut a = [0u8; 8];
                for (k, d) in a.iter_mut().enumerate().take(keep) {
                    *d = b.get(at + k).copied().unwrap_or(0);
                }
                u64::from_le_bytes(a)
            }
        };
        if keep >= 8 {
            v
        } else {
            v & ((1u64 << (8 * keep)) - 1)
        }
    };
    [word(s, len.min(8)), word(s + 8, len.saturating_sub(8))]
}

/// ASCII-lowercases the eight bytes of `x` (all below 0x80) without branches.
#[inline]
fn ascii_lower_u64(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // High bit of each byte set iff the byte is >= b'A', resp. > b'Z'.
    let ge_a = x.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let gt_z = x.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
    let is_upper = (ge_a ^ gt_z) & (ONES * 0x80);
    x | (is_upper >> 2)
}

/// Looks up the lowercase form of a word with non-ASCII characters.
fn lookup_unicode(w: &str, lex: &Lexicons) -> Entry {
    if w.len() > 4 * lex.max_word_len {
        NO_ENTRY // lowercasing shrinks a character by at most 2 bytes (K → k)
    } else if w.chars().any(|c| c.to_lowercase().ne([c])) {
        lex.words.get(w.to_lowercase().as_bytes(), false) // rare: non-ASCII with uppercase
    } else {
        lex.words.get(w.as_bytes(), false)
    }
}

/// Strips leading and trailing ASCII punctuation unless that leaves two characters or fewer
/// (then the token is kept whole, to keep emoticons such as ":)"). 3.3.2 quirk: this also
/// keeps short words with their punctuation ("ok." stays "ok." and is not found).
#[inline]
fn strip_punctuation(w: &str) -> &str {
    // ASCII bytes never occur inside a multi-byte character, so byte-wise trimming is exact.
    let b = w.as_bytes();
    let (mut s, mut e) = (0, b.len());
    while s < e && b[s].is_ascii_punctuation() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_punctuation() {
        e -= 1;
    }
    if s == 0 && e == b.len() {
        return w;
    }
    match w.get(s..e) {
        Some(t) if t.chars().nth(2).is_some() => t,
        _ => w,
    }
}

/// The contrastive "but": sentiment before the first "but" ×0.5, after it ×1.5.
///
/// 3.3.2 quirk: the reference walks the list and rescales the *first* element equal to the
/// current one (`list.index(value)`), so with repeated values an earlier element can be
/// rescaled twice and a later one not at all. Matched exactly; for long texts a value →
/// positions index keeps it O(n log n).
fn but_check(toks: &Tokens, s: &mut [f64]) {
    let n = toks.toks.len();
    let Some(bi) = toks.toks.iter().position(|t| t.e.word == W::But) else {
        return;
    };
    let rescale = |si: usize, v: f64| {
        if si < bi {
            v * 0.5
        } else if si > bi {
            v * 1.5
        } else {
            v
        }
    };
    if n <= 128 {
        for p in 0..n {
            let v = s[p];
            if v == 0.0 {
                continue; // rescaling a zero changes nothing
            }
            let si = s.iter().position(|&x| x == v).unwrap_or(p);
            s[si] = rescale(si, v);
        }
        return;
    }
    // Values are finite and non-zero here, so their bits identify equal values.
    let mut at: HashMap<u64, BTreeSet<usize>> = HashMap::new();
    for (p, &v) in s.iter().enumerate() {
        if v != 0.0 {
            at.entry(v.to_bits()).or_default().insert(p);
        }
    }
    for p in 0..n {
        let v = s[p];
        if v == 0.0 {
            continue;
        }
        let si = at
            .get_mut(&v.to_bits())
            .and_then(|set| set.pop_first())
            .unwrap_or(p);
        let nv = rescale(si, v);
        s[si] = nv;
        at.entry(nv.to_bits()).or_default().insert(si);
    }
}

/// Emphasis added by `ep` "!" and `qm` "?" (rule 7).
fn punctuation_emphasis(ep: usize, qm: usize) -> f64 {
    let ep = ep.min(4) as f64 * EXCLAMATION_INCR;
    let qm = match qm {
        0 | 1 => 0.0,
        2 | 3 => qm as f64 * QUESTION_INCR,
        _ => QUESTION_MAX,
    };
    ep + qm
}

/// `x / sqrt(x² + α)`, clamped to [−1, 1].
fn normalize(x: f64) -> f64 {
    let y = x / (x * x + ALPHA).sqrt();
    if y.is_nan() {
        x.signum()
    } else {
        y.clamp(-1.0, 1.0)
    }
}

fn score(sentiments: &[f64], emphasis: f64) -> Sentiment {
    let mut sum: f64 = sentiments.iter().sum();
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    let compound = normalize(sum);
    // Each sentiment word counts 1 + its intensity, each neutral word 1.
    let (mut pos, mut neg, mut neu) = (0.0f64, 0.0f64, 0.0f64);
    for &s in sentiments {
        if s > 0.0 {
            pos += s + 1.0;
        } else if s < 0.0 {
            neg += s - 1.0;
        } else {
            neu += 1.0;
        }
    }
    if pos > neg.abs() {
        pos += emphasis;
    } else if pos < neg.abs() {
        neg -= emphasis;
    }
    let total = pos + neg.abs() + neu;
    if !(total > 0.0 && total.is_finite()) {
        return Sentiment {
            compound,
            ..Sentiment::default()
        };
    }
    Sentiment {
        compound,
        positive: (pos / total).abs(),
        neutral: (neu / total).abs(),
        negative: (neg / total).abs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load() {
        let lex = lexicons();
        assert!(lex.words.entries.len() + lex.words.long.len() > 7000);
        assert_eq!(lex.words.get(b"good", false).lex, 1.9);
        assert_eq!(lex.words.get(b"GOOD", true).lex, 1.9);
        assert_eq!(lex.words.get(b"kind", false).word, W::Kind);
        assert!(lex.words.get(b"brandpilot", false).lex.is_nan());
        // Long keys (> 16 bytes) are found too.
        let long = LEXICON
            .lines()
            .filter_map(|l| l.split('\t').next())
            .find(|k| k.len() > SHORT_KEY)
            .unwrap();
        assert!(!lex.words.get(long.as_bytes(), false).lex.is_nan());
        assert_eq!(lex.emoji.get(&'😀'), Some(&"grinning face"));
    }

    #[test]
    fn strip_keeps_emoticons_and_short_words() {
        assert_eq!(strip_punctuation(":)"), ":)");
        assert_eq!(strip_punctuation("great!!"), "great");
        assert_eq!(strip_punctuation("ok."), "ok.");
        assert_eq!(strip_punctuation("(-:"), "(-:");
    }

    #[test]
    fn emoji_spacing_follows_reference() {
        let lex = lexicons();
        assert_eq!(replace_emoji("a😀b", lex).unwrap(), "a grinning faceb");
        assert_eq!(replace_emoji("plain", lex), None);
    }

    #[test]
    fn but_with_repeated_values_matches_reference() {
        // [1.0, 0 ("but"), 0.5]: 1.0 → 0.5 first, then the later 0.5 finds index 0 again.
        let toks = Tokens::new("x but y", lexicons());
        let mut s = [1.0, 0.0, 0.5];
        but_check(&toks, &mut s);
        assert_eq!(s, [0.25, 0.0, 0.5]);
    }
}
