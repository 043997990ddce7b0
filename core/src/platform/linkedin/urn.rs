//! The URNs the client handles: the account it acts for, and post ids
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/urns>).

use crate::{Error, Result};

/// Whose LinkedIn presence a client acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkedInAccount {
    /// The member the access token belongs to (`urn:li:person:{sub}`).
    Member,
    /// An organisation page the member administers, by its numeric id.
    Organization(String),
}

impl LinkedInAccount {
    /// The account `account_id` names: absent or empty → the member; `urn:li:organization:123`
    /// or `123` → that organisation; anything else is `invalid_input` at `account_id`.
    pub fn parse(account_id: Option<&str>) -> Result<Self> {
        let Some(id) = account_id.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(LinkedInAccount::Member);
        };
        let digits = id.strip_prefix("urn:li:organization:").unwrap_or(id);
        if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(
                "account_id",
                "must be an organisation (`urn:li:organization:123` or `123`), or absent for the member",
            ));
        }
        Ok(LinkedInAccount::Organization(digits.to_owned()))
    }
}

/// The two kinds of post URN the Posts API returns as ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PostKind {
    /// `urn:li:share:…`
    Share,
    /// `urn:li:ugcPost:…`
    Ugc,
}

/// The kind of the post URN `id`; `invalid_input` at `field` for anything else.
pub(crate) fn post_kind(field: &str, id: &str) -> Result<PostKind> {
    let (kind, rest) = if let Some(rest) = id.strip_prefix("urn:li:share:") {
        (PostKind::Share, rest)
    } else if let Some(rest) = id.strip_prefix("urn:li:ugcPost:") {
        (PostKind::Ugc, rest)
    } else {
        return Err(Error::invalid(
            field,
            "must be a post URN (`urn:li:share:…` or `urn:li:ugcPost:…`)",
        ));
    };
    if rest.is_empty() || rest.len() > 40 || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid(field, "is not a valid post URN"));
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_parse() {
        assert_eq!(
            LinkedInAccount::parse(None).unwrap(),
            LinkedInAccount::Member
        );
        assert_eq!(
            LinkedInAccount::parse(Some(" ")).unwrap(),
            LinkedInAccount::Member
        );
        assert_eq!(
            LinkedInAccount::parse(Some("urn:li:organization:2414183")).unwrap(),
            LinkedInAccount::Organization("2414183".into())
        );
        assert_eq!(
            LinkedInAccount::parse(Some("42")).unwrap(),
            LinkedInAccount::Organization("42".into())
        );
        for bad in ["urn:li:person:abc", "acme", "urn:li:organization:", "1 2"] {
            let e = LinkedInAccount::parse(Some(bad)).unwrap_err();
            assert_eq!(e.field(), Some("account_id"), "{bad}");
        }
    }

    #[test]
    fn post_urns_parse() {
        assert_eq!(post_kind("id", "urn:li:share:7").unwrap(), PostKind::Share);
        assert_eq!(post_kind("id", "urn:li:ugcPost:7").unwrap(), PostKind::Ugc);
        for bad in ["7", "urn:li:share:", "urn:li:share:1/2", "urn:li:image:1"] {
            assert_eq!(
                post_kind("ids[0]", bad).unwrap_err().field(),
                Some("ids[0]")
            );
        }
    }
}
