//! Hashtags, mentions, URLs and cashtags in a post, with code-point and byte offsets.
//!
//! The rules are twitter-text's (Twitter's reference extractor: the same preceding-character
//! rules, hashtag letters, TLD list, punycode host checks and t.co handling), written by hand
//! here and checked against its conformance suite (`extract.yml`, asserted in
//! `core/tests/content_entities.rs`). Offsets are Unicode code points (as the conformance
//! suite counts for BMP text, and as Python's `str` indexes) and UTF-8 bytes (Bluesky facets
//! use them).
//!
//! Why hand-written rather than the `twitter-text` crate (0.3.1): it panicked on some
//! Unicode input (byte slicing inside its parser), was quadratic on long runs without
//! whitespace, panicked on texts over 2 MB in debug builds, dropped URLs written without a
//! scheme, and pulled 77 crates (a C++ bridge among them) into the core. This module is one
//! forward scan per entity kind over the `&str`, indexing only at char boundaries, in time
//! linear in the text: a failed URL attempt skips every later start that would read the
//! same labels (see `domain_at`).
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
use unicode_normalization::char::is_combining_mark;

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
/// without a scheme needs a known TLD, cashtags are 1–6 ASCII letters. Where two entities
/// overlap (`example.com/#tag`) the one starting first wins. Never panics; empty or
/// entity-free text gives an empty vector without allocating.
pub fn extract_entities(text: &str) -> Vec<Entity> {
    extract_with_urls(text).0
}

/// [`extract_entities`], and every URL span found before overlaps were resolved (what the
/// length rules weigh), so one scan serves both.
pub(crate) fn extract_with_urls(text: &str) -> (Vec<Entity>, Vec<UrlSpan>) {
    if !may_contain_entity(text) {
        return (Vec::new(), Vec::new());
    }
    let urls = url_spans(text);
    let mut raw: Vec<Raw> = Vec::new();
    for &u in &urls {
        raw.push(Raw {
            kind: EntityKind::Url,
            start: u.start,
            end: u.end,
            value: (u.start, u.end),
            span_end: u.end,
        });
    }
    // Each scanner emits only at its sigil: skip the ones whose sigil is absent (a memchr
    // search, far cheaper than decoding the text again).
    if text.contains('@') || text.contains('＠') {
        mentions(text, &mut raw);
    }
    if text.contains('#') || text.contains('＃') {
        hashtags(text, &mut raw);
    }
    if text.contains('$') {
        cashtags(text, &mut raw);
    }
    // Stable: at equal starts the order above (URL, mention, hashtag, cashtag) decides.
    raw.sort_by_key(|r| r.start);
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = 0usize;
    let mut counted_to = 0usize;
    let mut prev_end = 0usize;
    for r in raw {
        if r.start < prev_end {
            continue;
        }
        prev_end = r.end;
        chars += text
            .get(counted_to..r.start)
            .map_or(0, |s| s.chars().count());
        let start = chars;
        chars += text
            .get(r.start..r.span_end)
            .map_or(0, |s| s.chars().count());
        counted_to = r.span_end;
        out.push(Entity {
            kind: r.kind,
            text: text.get(r.value.0..r.value.1).unwrap_or("").to_owned(),
            start: saturate(start),
            end: saturate(chars),
            byte_start: saturate(r.start),
            byte_end: saturate(r.span_end),
        });
    }
    (out, urls)
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
    let rest = text.trim_start_matches(is_space);
    let at = rest.chars().next()?;
    if !is_at(at) {
        return None;
    }
    let name_start = at.len_utf8();
    let name_len = ascii_run(&rest[name_start..], is_name_byte, 20);
    if name_len == 0 {
        return None;
    }
    let name_end = name_start + name_len;
    if mention_rejected_by(&rest[name_end..]) {
        return None;
    }
    Some(rest[name_start..name_end].to_owned())
}

/// One entity before offsets are converted: byte span, span of its value, and the end of
/// the span reported (a list mention `@ada/list` spans `@ada` but occupies the whole).
struct Raw {
    kind: EntityKind,
    start: usize,
    end: usize,
    value: (usize, usize),
    span_end: usize,
}

/// Cheap pre-filter: every entity needs one of these characters (`.` for scheme-less URLs,
/// `:` for URLs with one).
fn may_contain_entity(text: &str) -> bool {
    text.contains(['#', '＃', '@', '＠', '$', '.', ':'])
}

/// Cheap pre-filter for URLs: every URL, with a scheme or without, has a domain whose TLD
/// follows a `.` — so a `.` directly followed by a byte that can start a TLD (an ASCII
/// letter or digit, `-`, or any non-ASCII byte). Sentence-ending dots, followed by a space
/// or a line break, do not count, which spares most posts the URL scan.
fn may_contain_tld(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'.' && (w[1].is_ascii_alphanumeric() || w[1] == b'-' || w[1] >= 0x80))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The char ending at byte `i` (`None` at the start).
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The char starting at byte `i` (`None` at the end).
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Length in bytes of the run of ASCII bytes accepted by `ok` at the start of `s`, at most
/// `max` long.
fn ascii_run(s: &str, ok: fn(u8) -> bool, max: usize) -> usize {
    s.bytes().take(max).take_while(|&b| ok(b)).count()
}

/// twitter-text's space class: Unicode White_Space plus U+180E.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{180E}'
}

fn is_at(c: char) -> bool {
    c == '@' || c == '＠'
}

fn is_hash(c: char) -> bool {
    c == '#' || c == '＃'
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// twitter-text's `latinAccentChars`.
fn is_latin_accent(c: char) -> bool {
    matches!(c,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{FF}' | '\u{100}'..='\u{24F}'
        | '\u{253}' | '\u{254}' | '\u{256}' | '\u{257}' | '\u{259}' | '\u{25B}' | '\u{263}'
        | '\u{268}' | '\u{26F}' | '\u{272}' | '\u{289}' | '\u{28B}' | '\u{2BB}'
        | '\u{300}'..='\u{36F}' | '\u{1E00}'..='\u{1EFF}')
}

// ---------------------------------------------------------------------------------------
// Hashtags

/// Letters and marks (`\p{L}\p{M}`; `is_alphabetic` also admits letter numbers).
fn is_hashtag_alpha(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// Characters a hashtag may contain: letters, marks, digits, `_` and a few joiners and
/// script punctuation twitter-text admits (ZWNJ/ZWJ, Hebrew geresh, Tibetan tsheg, ·, 〃…).
fn is_hashtag_alnum(c: char) -> bool {
    is_hashtag_alpha(c)
        || c.is_numeric()
        || matches!(
            c,
            '_' | '\u{200C}'
                | '\u{200D}'
                | '\u{A67E}'
                | '\u{05BE}'
                | '\u{05F3}'
                | '\u{05F4}'
                | '\u{FF5E}'
                | '\u{301C}'
                | '\u{309B}'
                | '\u{309C}'
                | '\u{30A0}'
                | '\u{30FB}'
                | '\u{3003}'
                | '\u{0F0B}'
                | '\u{0F0C}'
                | '\u{00B7}'
        )
}

fn hashtags(text: &str, out: &mut Vec<Raw>) {
    // End of the previous match: like a global regex, a match cannot reuse its characters.
    let mut last_end = 0usize;
    // Jump from `#` to `#` (memchr) unless the text also holds full-width `＃`.
    let candidates: Vec<(usize, char)> = if text.contains('＃') {
        text.char_indices().filter(|&(_, c)| is_hash(c)).collect()
    } else {
        text.match_indices('#').map(|(i, _)| (i, '#')).collect()
    };
    for (i, c) in candidates {
        if i < last_end {
            continue;
        }
        if i > 0 {
            let Some(p) = char_before(text, i) else {
                continue;
            };
            if i - p.len_utf8() < last_end {
                continue;
            }
            if !(p == '\u{FE0E}' || p == '\u{FE0F}' || !(is_hashtag_alnum(p) || p == '&')) {
                continue;
            }
        }
        let body = i + c.len_utf8();
        let rest = &text[body..];
        if rest.starts_with(['\u{FE0F}', '\u{20E3}']) {
            continue;
        }
        let mut len = 0usize;
        let mut has_alpha = false;
        for ch in rest.chars() {
            if !is_hashtag_alnum(ch) {
                break;
            }
            has_alpha |= is_hashtag_alpha(ch);
            len += ch.len_utf8();
        }
        if !has_alpha {
            continue;
        }
        let end = body + len;
        last_end = end;
        let after = &text[end..];
        if after.starts_with(is_hash) || after.starts_with("://") {
            continue;
        }
        out.push(Raw {
            kind: EntityKind::Hashtag,
            start: i,
            end,
            value: (body, end),
            span_end: end,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Mentions

/// twitter-text's `endMentionMatch`: a mention followed by `@`, a Latin accented letter or
/// `://` is not one.
fn mention_rejected_by(after: &str) -> bool {
    after.starts_with(is_at) || after.starts_with(is_latin_accent) || after.starts_with("://")
}

/// Whether a mention may start at byte `i` (`@`), given the end of the previous match.
fn mention_may_start(text: &str, i: usize, last_end: usize) -> bool {
    if i == 0 {
        return true;
    }
    let Some(p) = char_before(text, i) else {
        return false;
    };
    let p_start = i - p.len_utf8();
    if p_start < last_end {
        return false;
    }
    let excluded = p.is_ascii_alphanumeric()
        || matches!(p, '_' | '!' | '#' | '$' | '%' | '&' | '*')
        || is_at(p);
    if !excluded {
        return true;
    }
    // `RT@user`, `rt:@user`: "rt" (any case), optionally `:`, after a start or a character
    // outside [A-Za-z0-9_+~.-].
    let bytes = text.as_bytes();
    let mut j = i;
    if j > 0 && bytes[j - 1] == b':' {
        j -= 1;
    }
    if j < 2
        || !bytes[j - 1].eq_ignore_ascii_case(&b't')
        || !bytes[j - 2].eq_ignore_ascii_case(&b'r')
    {
        return false;
    }
    let rt = j - 2;
    if rt == 0 {
        return last_end == 0;
    }
    match char_before(text, rt) {
        Some(q) => {
            rt - q.len_utf8() >= last_end
                && !(q.is_ascii_alphanumeric() || matches!(q, '_' | '+' | '~' | '.' | '-'))
        }
        None => false,
    }
}

fn mentions(text: &str, out: &mut Vec<Raw>) {
    let mut last_end = 0usize;
    for (i, c) in text.char_indices() {
        if !is_at(c) || i < last_end || !mention_may_start(text, i, last_end) {
            continue;
        }
        let name_start = i + c.len_utf8();
        let name_len = ascii_run(&text[name_start..], is_name_byte, 20);
        if name_len == 0 {
            continue;
        }
        let name_end = name_start + name_len;
        let mut end = name_end;
        // `/list-slug`: a letter, then up to 24 of [A-Za-z0-9_-].
        let bytes = text.as_bytes();
        if bytes.get(end) == Some(&b'/') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            end += 2 + ascii_run(&text[end + 2..], |b| is_name_byte(b) || b == b'-', 24);
        }
        last_end = end;
        if mention_rejected_by(&text[end..]) {
            continue;
        }
        out.push(Raw {
            kind: EntityKind::Mention,
            start: i,
            end,
            value: (name_start, name_end),
            span_end: name_end,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Cashtags

fn cashtags(text: &str, out: &mut Vec<Raw>) {
    let bytes = text.as_bytes();
    let mut last_end = 0usize;
    for (i, c) in text.char_indices() {
        if c != '$' || i < last_end {
            continue;
        }
        if i > 0 {
            match char_before(text, i) {
                Some(p) if is_space(p) && i - p.len_utf8() >= last_end => {}
                _ => continue,
            }
        }
        let start = i + 1;
        let letters = ascii_run(&text[start..], |b| b.is_ascii_alphabetic(), 7);
        if letters == 0 || letters > 6 {
            continue;
        }
        let mut end = start + letters;
        // Optional `.xx` / `_xx` suffix (1–2 letters), kept only if a boundary follows it.
        if matches!(bytes.get(end), Some(b'.' | b'_')) {
            let n = ascii_run(&text[end + 1..], |b| b.is_ascii_alphabetic(), 3);
            if (1..=2).contains(&n) && cashtag_boundary(text, end + 1 + n) {
                end += 1 + n;
            }
        }
        if !cashtag_boundary(text, end) {
            continue;
        }
        last_end = end;
        out.push(Raw {
            kind: EntityKind::Cashtag,
            start: i,
            end,
            value: (start, end),
            span_end: end,
        });
    }
}

/// End of text, whitespace or ASCII punctuation other than `"` and `` ` ``.
fn cashtag_boundary(text: &str, i: usize) -> bool {
    match char_at(text, i) {
        None => true,
        Some(c) => is_space(c) || (c.is_ascii_punctuation() && c != '"' && c != '`'),
    }
}

// ---------------------------------------------------------------------------------------
// URLs

/// Longest URL twitter-text accepts (after punycode-encoding the host).
const MAX_URL_CHARS: usize = 4096;

/// Longest t.co slug.
const MAX_TCO_SLUG: usize = 40;

/// TLDs, one per line, lower case, sorted by code point (so by UTF-8 bytes).
const TLDS: &str = include_str!("../../data/content/tlds.txt");

/// A URL found in a text: byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether it starts with `http://` or `https://`.
    pub has_scheme: bool,
}

fn is_directional(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}')
}

fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// twitter-text's `validDomainChars`: anything but ASCII punctuation, spaces, invalid and
/// directional characters.
fn is_domain_char(c: char) -> bool {
    !(c.is_ascii_punctuation() || is_space(c) || is_invalid_char(c) || is_directional(c))
}

fn url_may_follow(p: char) -> bool {
    is_directional(p)
        || !(p.is_ascii_alphanumeric()
            || matches!(p, '@' | '＠' | '$' | '#' | '＃')
            || is_invalid_char(p))
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4FF}')
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || is_cyrillic(c)
        || is_latin_accent(c)
        || c == '\u{2013}'
        || matches!(
            c,
            '!' | '*'
                | '\''
                | ';'
                | ':'
                | '='
                | '+'
                | ','
                | '.'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '_'
                | '~'
                | '|'
                | '&'
                | '@'
        )
}

fn is_path_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || is_cyrillic(c)
        || is_latin_accent(c)
        || matches!(c, '+' | '-' | '=' | '_' | '#' | '/')
}

fn is_query_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!?*'@();:&=+$/%#[]-_.,~|".contains(&b)
}

fn is_query_end_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_&=#/".contains(&b)
}

/// Whether the TLD list holds `name` (lower case), by binary search over the sorted lines.
fn tld_listed(name: &[u8]) -> bool {
    let data = TLDS.as_bytes();
    let (mut lo, mut hi) = (0, data.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let line_start = data[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
            .max(lo);
        let line_end = data[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |p| line_start + p);
        match data[line_start..line_end].cmp(name) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = line_end + 1,
            std::cmp::Ordering::Greater => hi = line_start,
        }
    }
    false
}

/// Length in bytes of the TLD starting at byte `i` (twitter-text: a listed TLD followed by
/// a character outside `[0-9A-Za-z@+-]` or the end, else `xn--` punycode), if any.
fn tld_at(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let mut buf = [0u8; 96];
    let mut best = None;
    let mut len = 0usize;
    for (n, c) in rest.chars().enumerate() {
        if n >= 24 || !(is_domain_char(c) || c == '-') {
            break;
        }
        let lower = c.to_ascii_lowercase();
        let w = lower.len_utf8();
        if len + w > buf.len() {
            break;
        }
        lower.encode_utf8(&mut buf[len..len + w]);
        len += w;
        let boundary = match rest[len..].chars().next() {
            None => true,
            Some(d) => !(d.is_ascii_alphanumeric() || matches!(d, '@' | '+' | '-')),
        };
        if boundary && tld_listed(&buf[..len]) {
            best = Some(len);
        }
    }
    if best.is_some() {
        return best;
    }
    let b = rest.as_bytes();
    if b.len() > 4 && b[..4].eq_ignore_ascii_case(b"xn--") {
        let n = ascii_run(
            &rest[4..],
            |x| x.is_ascii_alphanumeric() || x == b'-',
            usize::MAX,
        );
        if n > 0 {
            return Some(4 + n);
        }
    }
    None
}

/// What [`domain_at`] found.
struct DomainScan {
    /// End byte of the domain matched, if any.
    end: Option<usize>,
    /// When nothing matched: the first later byte where a match may still start. Starting
    /// anywhere in a label the scan read gives the same labels, so fails alike; except just
    /// after the last `_` of the first label (its suffix may be a domain name) and at an
    /// `http(s)://` that ends the scanned run.
    resume: usize,
}

/// The domain matched at byte `d` (twitter-text's `validDomain`: subdomains, a domain name,
/// a TLD), like the regex: as many subdomains as possible, then backing off one label at a
/// time until a TLD follows.
///
/// Linear: labels are read until one cannot be a subdomain (it starts or ends with `-`/`_`),
/// since no match extends past such a label.
fn domain_at(text: &str, d: usize) -> DomainScan {
    let bytes = text.as_bytes();
    // (start, end, has '_') of each dot-terminated label that can be a subdomain.
    let mut labels: Vec<(usize, usize, bool)> = Vec::new();
    let mut pos = d;
    let mut first_underscore = None;
    let scanned_to;
    loop {
        let mut has_underscore = false;
        let mut end = pos;
        for (off, c) in text[pos..].char_indices() {
            if is_domain_char(c) || c == '-' {
                end = pos + off + c.len_utf8();
            } else if c == '_' {
                has_underscore = true;
                if labels.is_empty() {
                    first_underscore = Some(pos + off);
                }
                end = pos + off + 1;
            } else {
                break;
            }
        }
        let edges_ok = char_at(text, pos).is_some_and(is_domain_char)
            && char_before(text, end).is_some_and(is_domain_char);
        if end == pos || bytes.get(end) != Some(&b'.') || !edges_ok {
            scanned_to = end.max(pos);
            break;
        }
        labels.push((pos, end, has_underscore));
        pos = end + 1;
    }
    for &(_, end, has_underscore) in labels.iter().rev() {
        if has_underscore {
            continue;
        }
        if let Some(t) = tld_at(text, end + 1) {
            return DomainScan {
                end: Some(end + 1 + t),
                resume: 0,
            };
        }
    }
    let first_label_end = labels.first().map_or(scanned_to, |l| l.1);
    // Only the first label's suffix after its last `_` can still be a domain name.
    let mut resume = if labels.is_empty() {
        scanned_to
    } else {
        labels.last().map_or(scanned_to, |l| l.1)
    };
    if let Some(u) = first_underscore.filter(|&u| u < first_label_end) {
        resume = resume.min(u + 1);
    }
    if text[scanned_to..].starts_with("://") {
        for scheme in ["https", "http"] {
            if let Some(at) = scanned_to.checked_sub(scheme.len()) {
                if at > d
                    && text.is_char_boundary(at)
                    && text[at..scanned_to].eq_ignore_ascii_case(scheme)
                {
                    resume = resume.min(at);
                }
            }
        }
    }
    DomainScan { end: None, resume }
}

/// End of the path starting after the `/` at `p` (twitter-text's `validUrlPath*`).
fn path_end(text: &str, p: usize) -> usize {
    let mut i = p;
    let mut end = p;
    while let Some(c) = char_at(text, i) {
        if c == '(' {
            match balanced_parens(text, i) {
                Some(e) => {
                    i = e;
                    end = e;
                }
                None => break,
            }
        } else if is_path_char(c) {
            i += c.len_utf8();
            if is_path_end_char(c) {
                end = i;
            }
        } else {
            break;
        }
    }
    end
}

/// `(chars)` or `(chars(chars)chars)` starting at the `(` at `i`: end byte.
fn balanced_parens(text: &str, i: usize) -> Option<usize> {
    let run = |from: usize| -> usize {
        text[from..]
            .char_indices()
            .find(|&(_, c)| !is_path_char(c))
            .map_or(text.len(), |(o, _)| from + o)
    };
    let a = run(i + 1);
    match text.as_bytes().get(a) {
        Some(b')') if a > i + 1 => Some(a + 1),
        Some(b'(') => {
            let b = run(a + 1);
            if b > a + 1 && text.as_bytes().get(b) == Some(&b')') {
                let c = run(b + 1);
                (text.as_bytes().get(c) == Some(&b')')).then_some(c + 1)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The rest of a URL after its domain ending at `e`: port, path, query. Returns the end and
/// whether a path was present.
fn url_tail(text: &str, e: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut end = e;
    if bytes.get(end) == Some(&b':') {
        let n = ascii_run(&text[end + 1..], |b| b.is_ascii_digit(), usize::MAX);
        if n > 0 {
            end += 1 + n;
        }
    }
    let mut has_path = false;
    if bytes.get(end) == Some(&b'/') {
        has_path = true;
        end = path_end(text, end + 1);
    }
    if bytes.get(end) == Some(&b'?') {
        let q = &bytes[end + 1..];
        let n = q.iter().take_while(|&&b| is_query_byte(b)).count();
        if let Some(last) = q[..n].iter().rposition(|&b| is_query_end_byte(b)) {
            end += 1 + last + 1;
        }
    }
    (end, has_path)
}

/// Number of ASCII characters of the punycode (ACE, `xn--…`) form of a label, or `None`
/// when the label cannot be encoded within 63 characters.
fn ace_len(label: &str) -> Option<usize> {
    if label.is_ascii() {
        return Some(label.len());
    }
    if label.len() >= 4 && label.as_bytes()[..4].eq_ignore_ascii_case(b"xn--") {
        return None; // an ACE prefix on a non-ASCII label
    }
    let n_chars = label.chars().count();
    if n_chars > 63 {
        return None;
    }
    // RFC 3492 encoder, counting output digits only.
    const BASE: u64 = 36;
    const TMIN: u64 = 1;
    const TMAX: u64 = 26;
    let cps: Vec<u32> = label
        .chars()
        .flat_map(char::to_lowercase)
        .map(u32::from)
        .collect();
    let basic = cps.iter().filter(|&&c| c < 0x80).count();
    let mut out = 4 + basic + usize::from(basic > 0);
    let mut n: u32 = 0x80;
    let mut delta: u64 = 0;
    let mut bias: u64 = 72;
    let mut h = basic;
    let adapt = |delta: u64, points: u64, first: bool| -> u64 {
        let mut d = if first { delta / 700 } else { delta / 2 };
        d += d / points;
        let mut k = 0;
        while d > ((BASE - TMIN) * TMAX) / 2 {
            d /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * d / (d + 38)
    };
    while h < cps.len() {
        let m = cps.iter().copied().filter(|&c| c >= n).min()?;
        delta += u64::from(m - n) * (h as u64 + 1);
        n = m;
        for &c in &cps {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, h as u64 + 1, h == basic);
                delta = 0;
                h += 1;
            }
        }
        delta += 1;
        n = n.checked_add(1)?;
        if out > 63 {
            return None;
        }
    }
    (out <= 63).then_some(out)
}

/// twitter-text's host check: every label encodes (punycode) to 1–63 characters and the URL,
/// with its host so encoded and a scheme, is at most 4,096 characters.
fn valid_host(url: &str, domain: &str, scheme_len: usize) -> bool {
    let mut ace = 0usize;
    for label in domain.split('.') {
        match ace_len(label) {
            Some(n) if (1..=63).contains(&n) => ace += n + 1,
            _ => return false,
        }
    }
    let ace = ace.saturating_sub(1);
    let url_len = url.chars().count() - domain.chars().count() + ace;
    url_len + scheme_len <= MAX_URL_CHARS
}

fn scheme_len(rest: &str) -> usize {
    let b = rest.as_bytes();
    if b.len() >= 8 && b[..8].eq_ignore_ascii_case(b"https://") {
        8
    } else if b.len() >= 7 && b[..7].eq_ignore_ascii_case(b"http://") {
        7
    } else {
        0
    }
}

/// ASCII-only domains inside a scheme-less match's domain (twitter-text's
/// `validAsciiDomain`): labels of `[-A-Za-z0-9]` and Latin accented letters, then a TLD.
fn ascii_domains(text: &str, from: usize, to: usize, out: &mut Vec<(usize, usize)>) {
    let is_label = |c: char| c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c);
    let dom = &text[..to];
    let mut i = from;
    while i < to {
        let Some(c) = char_at(dom, i) else { break };
        if !is_label(c) {
            i += c.len_utf8();
            continue;
        }
        // Labels from `i`, each followed by a dot.
        let mut ends: Vec<usize> = Vec::new();
        let mut pos = i;
        let scanned_to;
        loop {
            let run = dom[pos..]
                .char_indices()
                .find(|&(_, c)| !is_label(c))
                .map_or(dom.len(), |(o, _)| pos + o);
            if run == pos || dom.as_bytes().get(run) != Some(&b'.') {
                scanned_to = run;
                break;
            }
            ends.push(run);
            pos = run + 1;
        }
        let found = ends
            .iter()
            .rev()
            .find_map(|&e| tld_at(dom, e + 1).map(|t| e + 1 + t));
        match found {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            // Any later start inside the labels read sees a suffix of them: fails alike.
            None => i = scanned_to.max(i + c.len_utf8()),
        }
    }
}

/// Every URL in `text`, with or without a scheme, in order (twitter-text's
/// `extractUrlsWithIndices` with URLs without protocol on).
pub(crate) fn url_spans(text: &str) -> Vec<UrlSpan> {
    if !may_contain_tld(text) {
        return Vec::new();
    }
    scan_urls(text)
}

/// The URL scan itself, without the pre-filter.
fn scan_urls(text: &str) -> Vec<UrlSpan> {
    let mut out = Vec::new();
    let mut last_end = 0usize;
    let mut i = 0usize;
    while i < text.len() {
        let Some(c) = char_at(text, i) else { break };
        let clen = c.len_utf8();
        if !is_domain_char(c) {
            i += clen;
            continue;
        }
        let before = char_before(text, i);
        let before_ok = match before {
            None => true,
            Some(p) => i - p.len_utf8() >= last_end && url_may_follow(p),
        };
        if !before_ok {
            i += clen;
            continue;
        }
        let sl = scheme_len(&text[i..]);
        let mut matched = None;
        if sl > 0 {
            if let Some(e) = domain_at(text, i + sl).end {
                matched = Some((i + sl, e));
            }
        }
        let mut jump = None;
        if matched.is_none() {
            let scan = domain_at(text, i);
            match scan.end {
                Some(e) => matched = Some((i, e)),
                None => jump = Some(scan.resume.max(i + clen)),
            }
        }
        let Some((d, e)) = matched else {
            i = jump.unwrap_or(i + clen);
            continue;
        };
        let (end, has_path) = url_tail(text, e);
        last_end = end;
        let has_scheme = d > i;
        let scheme = if has_scheme { d - i } else { 8 };
        if valid_host(&text[i..end], &text[d..e], scheme) {
            if has_scheme {
                let end = tco_end(text, i, d, end);
                if let Some(end) = end {
                    out.push(UrlSpan {
                        start: i,
                        end,
                        has_scheme: true,
                    });
                }
            } else if !before.is_some_and(|p| matches!(p, '-' | '_' | '.' | '/')) {
                let mut found = Vec::new();
                ascii_domains(text, d, e, &mut found);
                let n = found.len();
                for (k, (s, mut t)) in found.into_iter().enumerate() {
                    if k + 1 == n && has_path {
                        t = end;
                    }
                    out.push(UrlSpan {
                        start: s,
                        end: t,
                        has_scheme: false,
                    });
                }
            }
        }
        i = end.max(i + clen);
    }
    out
}

/// t.co links keep only their slug and query; a slug over 40 characters is no link.
fn tco_end(text: &str, start: usize, d: usize, end: usize) -> Option<usize> {
    let host = text.as_bytes().get(d..d + 5).unwrap_or(b"");
    if !host.eq_ignore_ascii_case(b"t.co/") || d == start {
        return Some(end);
    }
    let slug_start = d + 5;
    let slug = ascii_run(
        &text[slug_start..end],
        |b| b.is_ascii_alphanumeric(),
        usize::MAX,
    );
    if slug == 0 {
        return Some(end);
    }
    if slug > MAX_TCO_SLUG {
        return None;
    }
    let mut e = slug_start + slug;
    if text.as_bytes().get(e) == Some(&b'?') && e < end {
        let q = &text.as_bytes()[e + 1..end];
        let n = q.iter().take_while(|&&b| is_query_byte(b)).count();
        if let Some(last) = q[..n].iter().rposition(|&b| is_query_end_byte(b)) {
            e += 1 + last + 1;
        }
    }
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The pre-filter only skips texts in which the full scan finds no URL.
        #[test]
        fn tld_prefilter_never_hides_a_url(
            text in "([a-zA-Z0-9]{1,8}|[.:/ #@_\\-]|https?://|\\.(com|co|io|рф|中国|xn--p1ai)|[ü日 \n]){0,14}"
        ) {
            if !may_contain_tld(&text) {
                prop_assert!(scan_urls(&text).is_empty(), "{text:?}");
            }
        }
    }

    #[test]
    fn punycode_lengths() {
        assert_eq!(ace_len("ああ"), Some("xn--l8ja".len()));
        assert_eq!(ace_len("bücher"), Some("xn--bcher-kva".len()));
        assert_eq!(ace_len("example"), Some(7));
        assert_eq!(ace_len("xn--はじめよう"), None);
    }

    #[test]
    fn tld_lookup() {
        assert!(tld_listed(b"com"));
        assert!(tld_listed("みんな".as_bytes()));
        assert!(!tld_listed(b"comm"));
        assert_eq!(tld_at("com", 0), Some(3));
        assert_eq!(tld_at("comtest", 0), None);
    }

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
    fn input_that_panicked_twitter_text() {
        // twitter-text 0.3.1 sliced bytes inside `®` here (proptest regression in
        // tests/content.rs).
        assert!(extract_entities("®A@").is_empty());
        assert_eq!(reply_to("®A@"), None);
    }

    #[test]
    fn plain_text_has_nothing() {
        assert!(extract_entities("").is_empty());
        assert!(extract_entities("just words").is_empty());
        assert_eq!(reply_to(""), None);
    }
}
