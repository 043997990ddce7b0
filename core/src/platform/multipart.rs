//! `multipart/form-data` bodies (RFC 7578) as bytes.
//!
//! Hand-written rather than reqwest's `multipart::Form`: that is a stream, consumed once,
//! while our [`Request`](crate::http::Request) body must be bytes the retry loop can resend.

/// One part: a field name, and either a text value or a file (name, MIME type, bytes).
pub(crate) enum Part<'a> {
    Text(&'a str, &'a str),
    File {
        name: &'a str,
        file_name: &'a str,
        mime_type: &'a str,
        bytes: &'a [u8],
    },
}

/// The body and its `Content-Type` (with the boundary) for `parts`.
pub(crate) fn encode(parts: &[Part<'_>]) -> crate::Result<(String, Vec<u8>)> {
    let boundary = format!("brandpilot-{}", super::api::random_key()?);
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        quote(name)
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(value.as_bytes());
            }
            Part::File {
                name,
                file_name,
                mime_type,
                bytes,
            } => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                        quote(name),
                        quote(file_name),
                        mime_type.replace(['\r', '\n'], "")
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((format!("multipart/form-data; boundary={boundary}"), body))
}

/// Escapes a quoted-string parameter as RFC 7578 §4.2 suggests (percent-encoding `"` and
/// line breaks).
fn quote(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary() {
        let (ct, body) = encode(&[
            Part::Text("description", "a \"cat\""),
            Part::File {
                name: "file",
                file_name: "a.png",
                mime_type: "image/png",
                bytes: b"\x89PNG",
            },
        ])
        .unwrap();
        let boundary = ct.split("boundary=").nth(1).unwrap();
        let text = String::from_utf8_lossy(&body);
        assert_eq!(text.matches(boundary).count(), 3);
        assert!(text.contains("name=\"description\"\r\n\r\na \"cat\"\r\n"));
        assert!(text.contains("filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }
}
