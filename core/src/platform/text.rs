//! Plain text out of the small HTML some platforms return for posts and bios (Mastodon's
//! `content` and `note`).
//!
//! Hand-written: a full HTML parser (html5ever) is a large dependency for what is a
//! paragraph/line-break/link subset with entities, documented at
//! <https://docs.joinmastodon.org/spec/activitypub/#sanitization>.

/// The text of `html`: paragraphs become blank lines, `<br>` a newline, other tags vanish
/// (their text stays, so Mastodon's split link spans join back into the full URL), and
/// character references are decoded.
///
/// ```
/// use brandpilot::platform::html_to_text;
/// let html = r#"<p>Hello &amp; welcome<br>to <a href="https://a.example/x"><span class="invisible">https://</span>a.example/x</a></p><p>#rust</p>"#;
/// assert_eq!(html_to_text(html), "Hello & welcome\nto https://a.example/x\n\n#rust");
/// ```
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                out.push_str(rest);
                rest = "";
                break;
            };
            let tag = rest[1..end].trim().to_ascii_lowercase();
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            match (name.as_str(), tag.starts_with('/')) {
                ("br", _) => out.push('\n'),
                ("p", true) => out.push_str("\n\n"),
                _ => {}
            }
            rest = &rest[end + 1..];
        } else {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    out.trim_end().to_owned()
}

/// Decodes the character reference at the start of `s` (which starts with `&`); returns the
/// text and the bytes consumed. An unknown or malformed reference is kept as it is.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s[..s.len().min(12)].find(';') else {
        return ("&".to_owned(), 1);
    };
    let name = &s[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".to_owned(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn references_and_malformed_input() {
        assert_eq!(html_to_text("a &#39;b&#x27; &copy; &"), "a 'b' &copy; &");
        assert_eq!(html_to_text("<p>unclosed <b"), "unclosed <b");
        assert_eq!(html_to_text("x<br />y"), "x\ny");
        assert_eq!(html_to_text("&#1114112; ok"), "&#1114112; ok");
    }
}
