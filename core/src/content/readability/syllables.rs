//! English syllable counting by spelling rules plus a small exception table.
//!
//! Written by hand because no maintained crate does this within the speed budget: the
//! readability of a whole post must take well under a microsecond, so a word is counted on
//! a stack buffer of lowercase ASCII letters, with no allocation, regex or dictionary.
//!
//! The rules, in the order they apply to one run of letters:
//! 1. the exception table (`core/data/content/syllable_exceptions.tsv`), irregular frequent
//!    words whose spelling misleads the rules (`business`, `people`, `every`);
//! 2. a run without a vowel letter is an initialism read letter by letter (`tv`, `nfl`;
//!    `w` is three syllables), up to five letters; longer runs (`hmmmmm`) count one;
//! 3. compounds are split on a few productive endings and beginnings whose silent `e`
//!    the plain count would miss (`state|ment`, `some|thing`, `care|ful`, `life|time`)
//!    and the parts are counted separately;
//! 4. otherwise: one syllable per group of adjacent vowels (`y` is a vowel except before
//!    a vowel at the start of a word or between vowels), then
//!    - a silent final `e` is removed, except in syllabic `-le` after a consonant
//!      (`ta|ble`) and `-re` after a consonant (`cen|tre`);
//!    - `-es` and `-ed` are silent, except `-es` after a sibilant (`box|es`, `chan|ges`),
//!      `-ed` after `t`/`d` (`want|ed`), and `-les`/`-led` after a consonant (`han|dled`);
//!    - vowel pairs that are two syllables (hiatus) add one: `ia` (`me|di|a`, but not the
//!      `-cial`/`-tial` family), `io` (`ra|di|o`, but not `-tion`/`-sion`), `iu`, `ua`
//!      (`ac|tu|al`, but not `qua`/`gua`), `ue` inside a word (`flu|ent`), `eo`
//!      (`vi|de|o`), `ie` before `t` or `n` (`qui|et`, `cli|ent`), `-ier`/`-iest`
//!      comparatives, a vowel before `-ing` (`go|ing`), `ao`, `ii`, `-eum`, `oe` before
//!      `m`/`t`/`v` (`po|em`);
//!    - `-ism`, `-asm` and `-thm` end in a syllabic `m` (`ra|cis|m`);
//!    - the prefixes `re-` before `-act`/`-ali` and `crea-` keep their `e` separate.
//!
//! An apostrophe splits contractions and possessives: `n't` adds a syllable after a
//! consonant (`did|n't`, not `don't`), `'ll`/`'ve`/`'d`/`'re` add one after a consonant
//! (`it|'ll`), `'s` adds one after a sibilant (`George|'s`), `'m` never does.
//!
//! Measured agreement with the CMU Pronouncing Dictionary on the most frequent English
//! words: see `core/tests/content_readability.rs`.

/// Longest run of letters counted with the full rules; longer runs (rare, e.g. chemical
/// names or keyboard mashing) fall back to counting vowel groups.
const MAX_RUN: usize = 48;

/// Counts the syllables of one English word.
///
/// Letters (ASCII, and Latin letters with diacritics, read as their base letter) are
/// counted by English spelling rules; an apostrophe (`'` or `’`) marks a contraction or
/// possessive (`didn't` = 2, `it's` = 1). Any other character (hyphen, digit, slash,
/// emoji) separates parts, which are counted separately and summed (`well-known` = 2).
/// A run of letters from a non-Latin script counts one syllable (the rules are for
/// English).
///
/// Agrees with the CMU Pronouncing Dictionary on about 99% of the 5,000 most frequent
/// English words (98% on the half not used to choose the exceptions). Returns 0 when there is no letter at all.
///
/// ```
/// use brandpilot::content::readability::syllables;
/// assert_eq!(syllables("cat"), 1);
/// assert_eq!(syllables("table"), 2);
/// assert_eq!(syllables("wanted"), 2);
/// assert_eq!(syllables("jumped"), 1);
/// assert_eq!(syllables("Readability"), 5);
/// assert_eq!(syllables("didn't"), 2);
/// assert_eq!(syllables("well-known"), 2);
/// assert_eq!(syllables("2024"), 0);
/// ```
pub fn syllables(word: &str) -> u32 {
    if word.is_ascii() {
        return syllables_ascii(word.as_bytes());
    }
    let mut run = Run::new();
    for c in word.chars() {
        if c.is_ascii() {
            run.ascii(c as u8);
        } else if c.is_alphabetic() {
            match fold_latin(c) {
                Some(b) => run.letter(b),
                None => {
                    run.foreign = true;
                    run.letter(b'x');
                }
            }
        } else if c == '\u{2019}' {
            run.apostrophe();
        } else {
            run.separator();
        }
    }
    run.finish()
}

/// [`syllables`] of an ASCII word, without decoding UTF-8.
#[inline]
pub(super) fn syllables_ascii(word: &[u8]) -> u32 {
    let mut run = Run::new();
    for &b in word {
        run.ascii(b);
    }
    run.finish()
}

/// The runs of letters of a word being counted.
struct Run {
    total: u32,
    buf: [u8; MAX_RUN],
    /// Letters in `buf`.
    len: usize,
    /// Vowel groups counted past `MAX_RUN`.
    overflow: u32,
    /// The run holds a letter of a non-Latin script.
    foreign: bool,
    /// Position in `buf` of the run's first apostrophe.
    apostrophe: Option<usize>,
    prev_vowel: bool,
}

impl Run {
    #[inline]
    fn new() -> Self {
        Run {
            total: 0,
            buf: [0; MAX_RUN],
            len: 0,
            overflow: 0,
            foreign: false,
            apostrophe: None,
            prev_vowel: false,
        }
    }

    #[inline]
    fn ascii(&mut self, b: u8) {
        if b.is_ascii_alphabetic() {
            self.letter(b.to_ascii_lowercase());
        } else if b == b'\'' {
            self.apostrophe();
        } else {
            self.separator();
        }
    }

    #[inline]
    fn letter(&mut self, b: u8) {
        if self.len < MAX_RUN {
            self.buf[self.len] = b;
            self.len += 1;
        } else {
            let v = matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
            if v && !self.prev_vowel {
                self.overflow += 1;
            }
            self.prev_vowel = v;
        }
    }

    #[inline]
    fn apostrophe(&mut self) {
        if self.len > 0 && self.apostrophe.is_none() {
            self.apostrophe = Some(self.len);
        } else {
            self.separator();
        }
    }

    #[inline]
    fn separator(&mut self) {
        if self.len > 0 {
            let n = flush(
                &self.buf[..self.len],
                self.apostrophe,
                self.foreign,
                self.overflow,
            );
            self.total = self.total.saturating_add(n);
        }
        self.len = 0;
        self.overflow = 0;
        self.foreign = false;
        self.apostrophe = None;
        self.prev_vowel = false;
    }

    #[inline]
    fn finish(mut self) -> u32 {
        self.separator();
        self.total
    }
}

/// Counts one run of letters (`apostrophe`: where a contraction suffix starts).
fn flush(run: &[u8], apostrophe: Option<usize>, foreign: bool, overflow: u32) -> u32 {
    if run.is_empty() {
        return 0;
    }
    if foreign {
        return 1;
    }
    if overflow > 0 {
        return vowel_groups(run) + overflow;
    }
    match apostrophe {
        Some(at) if at < run.len() => contraction(&run[..at], &run[at..]),
        _ => count_run(run),
    }
}

/// `base` + contraction or possessive `suffix` (both lowercase letters).
fn contraction(base: &[u8], suffix: &[u8]) -> u32 {
    let last = base.last().copied().unwrap_or(b'a');
    let after_consonant = !matches!(last, b'a' | b'e' | b'i' | b'o' | b'u' | b'w' | b'y');
    match suffix {
        // did|n't: the apostrophe follows the `n`
        b"t" if base.len() > 1 && last == b'n' => {
            let stem = &base[..base.len() - 1];
            let stem_last = stem.last().copied().unwrap_or(b'a');
            let k = stem.len();
            let extra = !matches!(stem_last, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'r')
                || (stem_last == b'e'
                    && k >= 3
                    && !matches!(stem[k - 2], b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'r'));
            count_run(stem) + u32::from(extra)
        }
        b"s" => {
            let n = base.len();
            let sibilant = matches!(last, b's' | b'x' | b'z')
                || (n >= 2
                    && matches!(
                        &base[n - 2..],
                        b"ch" | b"sh" | b"ce" | b"ge" | b"se" | b"ze"
                    ));
            count_run(base) + u32::from(sibilant)
        }
        b"ll" | b"ve" | b"d" | b"re" => count_run(base) + u32::from(after_consonant),
        b"m" => count_run(base),
        _ => count_run(base) + count_run(suffix),
    }
}

/// Folds a Latin letter with a diacritic to its ASCII base letter.
fn fold_latin(c: char) -> Option<u8> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'æ' | 'Æ' => {
            b'a'
        }
        // é is always pronounced (ca|fé, ré|su|mé): read it as a vowel `y`, which the
        // silent-e rules leave alone.
        'é' | 'É' => b'y',
        'è' | 'ê' | 'ë' | 'È' | 'Ê' | 'Ë' => b'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => b'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'œ' | 'Œ' => {
            b'o'
        }
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => b'u',
        'ý' | 'ÿ' | 'Ý' => b'y',
        'ç' | 'Ç' => b'c',
        'ñ' | 'Ñ' => b'n',
        'ß' => b's',
        _ => return None,
    })
}

#[inline]
fn is_aeiou(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether the letter at `i` is a vowel: `aeiou`, and `y` unless it starts the word before
/// a vowel (`yes`) or stands between vowels (`player`).
#[inline]
fn vowel_at(w: &[u8], i: usize) -> bool {
    let b = w[i];
    if is_aeiou(b) {
        return true;
    }
    if b != b'y' {
        return false;
    }
    let next_vowel = i + 1 < w.len() && is_aeiou(w[i + 1]);
    if i == 0 {
        return !next_vowel;
    }
    !(next_vowel && is_aeiou(w[i - 1]))
}

fn vowel_groups(w: &[u8]) -> u32 {
    let mut n = 0;
    let mut prev = false;
    for i in 0..w.len() {
        let v = vowel_at(w, i);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// Consonants after which `-le`/`-les`/`-led` is its own syllable (`ta|ble`, `han|dled`).
#[inline]
fn syllabic_l_after(b: u8) -> bool {
    matches!(
        b,
        b'b' | b'c' | b'd' | b'f' | b'g' | b'k' | b'p' | b's' | b't' | b'v' | b'z'
    )
}

/// Endings split off as their own part: the stem keeps its own silent `e` (`state|ment`).
/// (ending, its syllables)
const SUFFIXES: &[(&[u8], u32)] = &[
    (b"ment", 1),
    (b"fully", 2),
    (b"ful", 1),
    (b"ly", 1),
    (b"thing", 1),
    (b"body", 2),
    (b"book", 1),
];

/// [`SUFFIXES`] ending in `s`.
const SUFFIXES_S: &[(&[u8], u32)] = &[
    (b"ments", 1),
    (b"less", 1),
    (b"ness", 1),
    (b"times", 1),
    (b"things", 1),
    (b"lines", 1),
    (b"sites", 1),
    (b"books", 1),
];

/// [`SUFFIXES`] ending in `e`.
const SUFFIXES_E: &[(&[u8], u32)] = &[
    (b"some", 1),
    (b"one", 1),
    (b"time", 1),
    (b"where", 1),
    (b"line", 1),
    (b"site", 1),
    (b"side", 1),
    (b"ware", 1),
    (b"care", 1),
    (b"base", 1),
];

/// Beginnings with a silent `e` split off as their own one-syllable part (`some|thing`).
const PREFIXES: &[&[u8]] = &[
    b"some", b"home", b"fire", b"base", b"life", b"time", b"care", b"house", b"whole", b"side",
    b"more", b"there", b"where", b"face", b"make", b"love", b"note", b"store", b"like",
];

fn has_vowel(w: &[u8]) -> bool {
    w.iter().any(|&b| is_aeiou(b) || b == b'y')
}

/// Counts a run of lowercase ASCII letters (no apostrophe).
fn count_run(w: &[u8]) -> u32 {
    if w.is_empty() {
        return 0;
    }
    if let Some(n) = super::exceptions::lookup(w) {
        return n;
    }
    if !has_vowel(w) {
        // An initialism read letter by letter (tv, nfl); `w` is "double-u".
        if w.len() > 5 {
            return 1;
        }
        return w.iter().map(|&b| if b == b'w' { 3 } else { 1 }).sum();
    }
    let n = w.len();
    if n > 7 && w.ends_with(b"ically") {
        // -ic|ly: the `a` is silent (ba|sic|ly)
        return count_run(&w[..n - 4]) + 1;
    }
    // The first/last-two-letter checks skip the slice comparison for almost every word.
    if n < 4 {
        return rules(w);
    }
    let (last2, first2) = ([w[n - 2], w[n - 1]], [w[0], w[1]]);
    let suffixes: &[(&[u8], u32)] = match w[n - 1] {
        b's' => SUFFIXES_S,
        b'e' => SUFFIXES_E,
        b'y' | b't' | b'l' | b'g' | b'k' => SUFFIXES,
        _ => &[],
    };
    for &(suffix, syl) in suffixes {
        let k = suffix.len();
        if n > k + 1 && suffix[k - 2..] == last2 && w.ends_with(suffix) {
            let stem = &w[..n - suffix.len()];
            if has_vowel(stem) && stem.len() >= 2 {
                return count_run(stem) + syl;
            }
        }
    }
    let prefixes: &[&[u8]] = match w[0] {
        b's' | b'h' | b'f' | b'b' | b'l' | b't' | b'c' | b'w' | b'm' | b'n' => PREFIXES,
        _ => &[],
    };
    for &prefix in prefixes {
        if n > prefix.len() + 1 && prefix[..2] == first2 && w.starts_with(prefix) {
            let rest = &w[prefix.len()..];
            if has_vowel(rest)
                && rest.len() >= 2
                && !matches!(
                    rest,
                    b"rs" | b"es" | b"ed" | b"er" | b"ers" | b"ly" | b"d" | b"s"
                )
            {
                return 1 + count_run(rest);
            }
        }
    }
    rules(w)
}

/// Bit `i` set when `w[i]` is one of `aeiou` (`w.len() <= 64`).
#[inline]
fn aeiou_mask(w: &[u8]) -> (u64, u64) {
    let (mut a, mut y) = (0u64, 0u64);
    for (i, &b) in w.iter().enumerate() {
        a |= u64::from(is_aeiou(b)) << i;
        y |= u64::from(b == b'y') << i;
    }
    (a, y)
}

fn rules(w: &[u8]) -> u32 {
    let n = w.len();
    if n > 64 {
        return vowel_groups(w);
    }
    // Vowel letters as bits: `y` counts unless it starts the word before a vowel or
    // stands between vowels (same rule as `vowel_at`).
    let (a, y) = aeiou_mask(w);
    let y_consonant = ((a >> 1) & (a << 1)) | (a >> 1 & 1);
    let v = a | (y & !y_consonant);
    let mut count = (v & !(v << 1)).count_ones() as i32;
    let consonant = |i: usize| v >> i & 1 == 0;

    // Silent final e, syllabic -le / -re.
    if n >= 3 && w[n - 1] == b'e' && consonant(n - 2) && count > 1 {
        let syllabic = (w[n - 2] == b'l' && n >= 4 && syllabic_l_after(w[n - 3]))
            || (w[n - 2] == b'r' && n >= 4 && consonant(n - 3) && w[n - 3] != b'r');
        if !syllabic {
            count -= 1;
        }
    }
    // -es
    if n >= 4 && w.ends_with(b"es") && consonant(n - 3) && count > 1 {
        let c = w[n - 3];
        let keep = matches!(c, b's' | b'x' | b'z' | b'c' | b'g')
            || (c == b'h' && matches!(w[n - 4], b'c' | b's'))
            || (c == b'l' && syllabic_l_after(w[n - 4]))
            || (c == b'r' && consonant(n - 4) && w[n - 4] != b'r');
        if !keep {
            count -= 1;
        }
    }
    // -ed
    if n >= 4 && w.ends_with(b"ed") && consonant(n - 3) && count > 1 {
        let c = w[n - 3];
        let keep = matches!(c, b't' | b'd')
            || (c == b'l' && syllabic_l_after(w[n - 4]))
            || (c == b'r' && consonant(n - 4) && w[n - 4] != b'r');
        if !keep {
            count -= 1;
        }
    }

    // Hiatus: adjacent vowels pronounced as two syllables.
    let mut pairs = a & (a >> 1);
    while pairs != 0 {
        let i = pairs.trailing_zeros() as usize;
        pairs &= pairs - 1;
        let (a, b) = (w[i], w[i + 1]);
        let prev = if i > 0 { w[i - 1] } else { b' ' };
        let next = if i + 2 < n { w[i + 2] } else { b' ' };
        let at_end = i + 2 == n;
        let extra = match (a, b) {
            (b'i', b'a') => {
                let shy = matches!(prev, b'c' | b't' | b's' | b'x' | b'g') && next != b't';
                // unstressed glide after l/n: Austral|ia, Ital|ian, famil|iar
                let glide = matches!(prev, b'l' | b'n')
                    && !(next == b'n' && i + 3 < n && matches!(w[i + 3], b'c' | b't'));
                // mar|riage
                let age = next == b'g' && i + 4 == n && w[i + 3] == b'e';
                !shy && !glide && !age
            }
            (b'i', b'o') => {
                let shy = matches!(prev, b'c' | b't' | b's' | b'x' | b'g' | b'h')
                    && !(prev == b't' && at_end);
                let glide = matches!(prev, b'l' | b'n' | b'v') && matches!(next, b'n' | b'r');
                !shy && !glide
            }
            (b'i', b'u') => true,
            (b'i', b'i') => true,
            (b'u', b'a') => !matches!(prev, b'q' | b'g'),
            (b'u', b'o') => prev != b'q',
            (b'u', b'e') => {
                let silent = matches!(prev, b'q' | b'g') || next == b' ' || is_aeiou(next);
                // val|ues, con|tin|ued: the ending, not a hiatus
                let ending = i + 3 == n && matches!(next, b's' | b'd');
                !silent && !ending
            }
            (b'e', b'o') => !matches!(prev, b'g' | b'c'),
            (b'e', b'u') => next == b'm' && i + 3 == n,
            (b'a', b'o') => true,
            (b'o', b'e') => matches!(next, b'm' | b't' | b'v'),
            (b'i', b'e') => {
                (next == b't')
                    || (next == b'n'
                        && !(i + 3 < n && w[i + 3] == b'd')
                        && (!matches!(prev, b'c' | b't') || w.starts_with(b"sci")))
            }
            (b'e', b'a') => (at_end || (i + 3 == n && next == b's')) && count >= 2,
            _ => false,
        };
        count += i32::from(extra);
    }
    // Comparatives: earl|i|er, eas|i|est.
    if (w.ends_with(b"ier") || w.ends_with(b"iers")) && n >= 5 {
        let k = if w.ends_with(b"s") { n - 5 } else { n - 4 };
        if !is_aeiou(w[k]) && !matches!(w[k], b'd' | b't' | b'h' | b'c') {
            count += 1;
        }
    } else if w.ends_with(b"iest") && n >= 6 {
        count += 1;
    }
    // go|ing, see|ing
    let ing = if w.ends_with(b"ing") {
        Some(n - 3)
    } else if w.ends_with(b"ings") {
        Some(n - 4)
    } else {
        None
    };
    if let Some(k) = ing {
        if k >= 1 && is_aeiou(w[k - 1]) && w[k - 1] != b'i' {
            count += 1;
        } else if k >= 2 && w[k - 1] == b'y' && !is_aeiou(w[k - 2]) {
            // fly|ing, car|ry|ing
            count += 1;
        }
    }
    // fi|re, ti|red, en|ti|re: CMU gives -ire two syllables (AY ER).
    let stem = if w.ends_with(b"ires") || w.ends_with(b"ired") {
        &w[..n - 1]
    } else {
        w
    };
    let m = stem.len();
    if m >= 4 && stem.ends_with(b"ire") && !is_aeiou(stem[m - 4]) {
        count += 1;
    }
    // Silent -gue / -que: lea|gue, uni|que (but ar|gue).
    let stem = if w.ends_with(b"s") || w.ends_with(b"d") {
        &w[..n - 1]
    } else {
        w
    };
    let m = stem.len();
    if m >= 4
        && count > 1
        && (stem.ends_with(b"que")
            || (stem.ends_with(b"gue") && (is_aeiou(stem[m - 4]) || stem[m - 4] == b'n')))
    {
        count -= 1;
    }
    // Syllabic m.
    let core = if w.ends_with(b"s") { &w[..n - 1] } else { w };
    if core.ends_with(b"ism") || core.ends_with(b"asm") || core.ends_with(b"thm") {
        count += 1;
    }
    // re|act, re|ality, cre|ate
    if w.starts_with(b"react")
        || w.starts_with(b"reali")
        || (w.starts_with(b"creat") && !w.starts_with(b"creatu"))
    {
        count += 1;
    }
    count.max(1) as u32
}
