//! LinkedIn's `little` text format, in which the Posts API stores `commentary`
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format>):
//! mentions are `@[Name](urn)`, hashtags `{hashtag|\#|tag}`, and every reserved character
//! (`\ | { } @ [ ] ( ) < > # * _ ~`) must be escaped with a backslash to stay plain text;
//! an unescaped one makes LinkedIn cut or misread the text.

/// The characters `little` reserves.
const RESERVED: &[char] = &[
    '\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~',
];

/// Plain `text` as `little` commentary: reserved characters escaped, and `#word` (a `#` not
/// preceded by a letter or digit and followed by letters or digits) as a hashtag template.
pub(crate) fn from_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            let tag: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if !tag.is_empty() {
                out.push_str("{hashtag|\\#|");
                out.push_str(&tag);
                out.push('}');
                i += 1 + tag.chars().count();
                continue;
            }
        }
        if RESERVED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `little` commentary as plain text: escapes resolved, hashtag templates as `#tag`,
/// mentions as the mentioned name.
pub(crate) fn to_text(commentary: &str) -> String {
    let chars: Vec<char> = commentary.chars().collect();
    let mut out = String::with_capacity(commentary.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '{' => match hashtag(&chars[i..]) {
                Some((tag, used)) => {
                    out.push('#');
                    out.push_str(&tag);
                    i += used;
                }
                None => {
                    out.push('{');
                    i += 1;
                }
            },
            '@' => match mention(&chars[i..]) {
                Some((name, used)) => {
                    out.push_str(&name);
                    i += used;
                }
                None => {
                    out.push('@');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `{hashtag|#|tag}` (the sign escaped or not) at the start of `s`: the tag and the chars used.
fn hashtag(s: &[char]) -> Option<(String, usize)> {
    let text: String = s.iter().take(200).collect();
    let rest = text.strip_prefix("{hashtag|")?;
    let rest = rest
        .strip_prefix("\\#|")
        .or_else(|| rest.strip_prefix("#|"))
        .or_else(|| rest.strip_prefix("\u{FF03}|"))?;
    let end = rest.find('}')?;
    let tag = &rest[..end];
    let used = text.len() - rest.len() + end + 1;
    Some((tag.to_owned(), text[..used].chars().count()))
}

/// `@[Name](urn)` at the start of `s`: the name and the chars used.
fn mention(s: &[char]) -> Option<(String, usize)> {
    if s.get(1) != Some(&'[') {
        return None;
    }
    let close = s.iter().position(|c| *c == ']')?;
    if s.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 2 + s[close + 2..].iter().position(|c| *c == ')')?;
    let name: String = s[2..close].iter().collect();
    Some((to_text(&name), end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_are_escaped_and_hashtags_templated() {
        assert_eq!(
            from_text("Ship it (today) #rust_lang & C# @ada"),
            "Ship it \\(today\\) {hashtag|\\#|rust}\\_lang & C\\# \\@ada"
        );
        assert_eq!(
            from_text("# heading *bold* ~x~"),
            "\\# heading \\*bold\\* \\~x\\~"
        );
        assert_eq!(from_text("über #Grüße"), "über {hashtag|\\#|Grüße}");
    }

    #[test]
    fn commentary_reads_back_as_plain_text() {
        assert_eq!(
            to_text(
                "Hi @[Acme Corp](urn:li:organization:1234) \\(yes\\) {hashtag|\\#|AI} {hashtag|#|ML}"
            ),
            "Hi Acme Corp (yes) #AI #ML"
        );
        assert_eq!(to_text("a {b} @c trailing\\"), "a {b} @c trailing\\");
        for text in [
            "Ship it (today) #rust_lang & C# @ada",
            "#1 *x* [y](z) | {w}",
        ] {
            assert_eq!(to_text(&from_text(text)), text);
        }
    }
}
