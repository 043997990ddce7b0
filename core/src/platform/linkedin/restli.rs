//! Rest.li 2.0 encoding of URNs in URLs, as LinkedIn's versioned API expects it
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>,
//! <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/urns>): a URN in a
//! path segment or a query value is percent-encoded (`urn%3Ali%3Aperson%3Aabc`), while the
//! Rest.li syntax around it stays literal: `List(a,b)` for collections and `(key:value)` for
//! records and unions.

/// `value` percent-encoded for a Rest.li 2.0 URL: every byte but the RFC 3986 unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`, so `:`, `,`, `(` and `)` inside a URN
/// never read as Rest.li syntax.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A Rest.li `List(...)` of the encoded `items`.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|i| encode(i.as_ref())).collect();
    format!("List({})", inner.join(","))
}

/// A Rest.li union or record with one member: `(key:encoded value)`.
pub(crate) fn record(key: &str, value: &str) -> String {
    format!("({key}:{})", encode(value))
}

/// `path` with the query `pairs` appended; the values are taken as already encoded (plain
/// words, or the output of [`encode`], [`list`] or [`record`]).
pub(crate) fn path_with_query(path: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns_are_fully_encoded() {
        assert_eq!(encode("urn:li:person:a_B-9"), "urn%3Ali%3Aperson%3Aa_B-9");
        assert_eq!(
            encode("urn:li:sponsoredContentV2:(urn:li:x:1,2)"),
            "urn%3Ali%3AsponsoredContentV2%3A%28urn%3Ali%3Ax%3A1%2C2%29"
        );
        assert_eq!(encode("é /?&="), "%C3%A9%20%2F%3F%26%3D");
    }

    #[test]
    fn lists_and_records_keep_their_syntax() {
        assert_eq!(
            list(&["urn:li:share:1", "urn:li:share:2"]),
            "List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A2)"
        );
        assert_eq!(list::<&str>(&[]), "List()");
        assert_eq!(
            record("ugc", "urn:li:ugcPost:7"),
            "(ugc:urn%3Ali%3AugcPost%3A7)"
        );
        assert_eq!(
            path_with_query(
                "/rest/posts",
                &[
                    ("q", "author".into()),
                    ("author", encode("urn:li:organization:5"))
                ]
            ),
            "/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A5"
        );
        assert_eq!(path_with_query("/v2/userinfo", &[]), "/v2/userinfo");
    }
}
