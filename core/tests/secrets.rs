//! Secrets never leak through formatting; PKCE and the token vault behave as specified.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use brandpilot::platform::oauth::{OAuthState, PkceVerifier};
use brandpilot::token::TokenVault;
use brandpilot::{Error, Secret};
use proptest::prelude::*;

const VALUE: &str = "ya29.super-secret-token-value";
const KEY1: [u8; 32] = [0xA1; 32];
const KEY2: [u8; 32] = [0xB2; 32];

#[derive(Debug, serde::Serialize)]
struct Credentials {
    account: String,
    access_token: Secret,
    refresh_token: Option<Secret>,
}

fn vault(current: &str) -> TokenVault {
    TokenVault::new(vec![("k1".into(), KEY1), ("k2".into(), KEY2)], current).unwrap()
}

fn assert_no_key_bytes(text: &str) {
    for key in [KEY1, KEY2] {
        assert!(!text.contains(&format!("{:?}", &key[..4])), "{text}");
        assert!(!text.contains("161, 161"), "{text}");
        assert!(!text.contains(&URL_SAFE_NO_PAD.encode(key)), "{text}");
        assert!(!text.to_lowercase().contains("a1a1a1"), "{text}");
    }
}

#[test]
fn debug_and_display_of_containers_never_show_the_value() {
    let c = Credentials {
        account: "ada".into(),
        access_token: Secret::new(VALUE),
        refresh_token: Some(Secret::new(VALUE)),
    };
    for text in [
        format!("{c:?}"),
        format!("{c:#?}"),
        format!("{}", c.access_token),
        format!("{:?}", vec![Secret::new(VALUE)]),
        format!("{:?}", Some(Secret::new(VALUE))),
    ] {
        assert!(!text.contains("super-secret"), "{text}");
    }
    assert!(format!("{c:?}").contains("Secret(***)"));
    // Serialising is the explicit way out.
    assert!(serde_json::to_string(&c).unwrap().contains(VALUE));
}

#[test]
fn errors_never_contain_secrets() {
    let v = vault("k1");
    let sealed = v.seal(&Secret::new(VALUE), "ad").unwrap();
    let mut errors: Vec<Error> = vec![
        v.open(&sealed, "other-ad").unwrap_err(),
        vault("k2")
            .open(&sealed.replace("bp1.k1.", "bp1.k2."), "ad")
            .unwrap_err(),
        TokenVault::new(vec![("k1".into(), KEY1)], "nope").unwrap_err(),
    ];
    let bad_verifier = format!("{VALUE}+{}", "x".repeat(40));
    errors.push(PkceVerifier::from_string(bad_verifier.clone()).unwrap_err());
    errors.push(OAuthState::from_string(format!("{VALUE} ")).unwrap_err());
    for err in &errors {
        for text in [
            format!("{err}"),
            format!("{err:?}"),
            err.message().to_owned(),
        ] {
            assert!(!text.contains("super-secret"), "{text}");
            assert!(!text.contains(&bad_verifier), "{text}");
            assert_no_key_bytes(&text);
        }
    }
}

#[test]
fn rfc7636_appendix_b() {
    let v = PkceVerifier::from_string("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    assert_eq!(
        v.challenge_s256(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    assert_eq!(PkceVerifier::CHALLENGE_METHOD, "S256");
}

#[test]
fn pkce_errors_are_coded() {
    for bad in [
        "",
        "short",
        &"a".repeat(129),
        &format!("{}/", "a".repeat(43)),
    ] {
        let err = PkceVerifier::from_string(bad).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(err.field(), Some("code_verifier"));
    }
    let a = PkceVerifier::generate().unwrap();
    let b = PkceVerifier::generate().unwrap();
    assert_ne!(a.as_str(), b.as_str());
    assert_ne!(a.challenge_s256(), b.challenge_s256());
    let s = OAuthState::generate().unwrap();
    assert!(URL_SAFE_NO_PAD.decode(s.as_str()).unwrap().len() * 8 >= 128);
}

#[test]
fn rotation() {
    let sealed_k1 = vault("k1").seal(&Secret::new(VALUE), "ad").unwrap();
    let v = vault("k2");
    assert_eq!(v.current_key_id(), "k2");
    assert_eq!(v.open(&sealed_k1, "ad").unwrap().expose(), VALUE);
    assert_eq!(v.key_id_of(&sealed_k1).unwrap(), "k1");
    let sealed_k2 = v.seal(&Secret::new(VALUE), "ad").unwrap();
    assert!(sealed_k2.starts_with("bp1.k2."));
    // Once k1 is dropped from the list, its values no longer open: the error says so.
    let only_k2 = TokenVault::new(vec![("k2".into(), KEY2)], "k2").unwrap();
    assert_eq!(only_k2.open(&sealed_k2, "ad").unwrap().expose(), VALUE);
    let err = only_k2.open(&sealed_k1, "ad").unwrap_err();
    assert_eq!((err.code(), err.field()), ("invalid_input", Some("sealed")));
    assert!(err.message().contains("`k1`"));
    // The same key under a different id does not open it either (the id is authenticated).
    let renamed = TokenVault::new(vec![("k9".into(), KEY1)], "k9").unwrap();
    assert!(
        renamed
            .open(&sealed_k1.replace("bp1.k1.", "bp1.k9."), "ad")
            .is_err()
    );
}

#[test]
fn tampering_any_part_fails() {
    let v = vault("k1");
    let sealed = v.seal(&Secret::new(VALUE), "ad").unwrap();
    let parts: Vec<&str> = sealed.split('.').collect();
    let mut tampered: Vec<String> = Vec::new();
    // Each part replaced.
    for (i, replacement) in [
        "bp2",
        "k2",
        "AAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]
    .iter()
    .enumerate()
    {
        let mut p = parts.clone();
        p[i] = replacement;
        tampered.push(p.join("."));
    }
    // Every single character flipped.
    for (i, c) in sealed.char_indices() {
        let flipped = match c {
            'A' => 'B',
            '.' => '_',
            _ => 'A',
        };
        let mut s = sealed.clone();
        s.replace_range(i..i + c.len_utf8(), &flipped.to_string());
        tampered.push(s);
    }
    // Truncated, extended, extra or missing parts.
    tampered.push(sealed[..sealed.len() - 1].to_owned());
    tampered.push(format!("{sealed}A"));
    tampered.push(format!("{sealed}.x"));
    tampered.push(parts[..3].join("."));
    tampered.push(String::new());
    tampered.push(format!("{}.{}.{}.", parts[0], parts[1], parts[2]));
    for t in &tampered {
        let err = v.open(t, "ad").unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{t}");
        assert_eq!(err.field(), Some("sealed"), "{t}");
        assert!(!err.to_string().contains(VALUE));
    }
    assert_eq!(v.open(&sealed, "ad").unwrap().expose(), VALUE);
}

#[test]
fn wrong_associated_data_or_key_fails() {
    let v = vault("k1");
    let sealed = v.seal(&Secret::new(VALUE), "user:1").unwrap();
    assert!(v.open(&sealed, "user:2").is_err());
    assert!(v.open(&sealed, "").is_err());
    let other = TokenVault::new(vec![("k1".into(), [0x00; 32])], "k1").unwrap();
    let err = other.open(&sealed, "user:1").unwrap_err();
    assert_eq!(err.field(), Some("sealed"));
}

#[test]
fn nonces_differ() {
    let v = vault("k2");
    let s = Secret::new(VALUE);
    let a = v.seal(&s, "ad").unwrap();
    let b = v.seal(&s, "ad").unwrap();
    assert_ne!(a.split('.').nth(2), b.split('.').nth(2));
    assert_ne!(a, b);
}

#[test]
fn vault_debug_shows_key_ids_only() {
    let text = format!("{:?} {:#?}", vault("k2"), vault("k1"));
    assert!(text.contains("k1") && text.contains("k2"));
    assert_no_key_bytes(&text);
    assert!(!text.contains("161") && !text.contains("178"), "{text}");
}

proptest! {
    #[test]
    fn seal_open_round_trip(value in any::<String>(), ad in any::<String>()) {
        let v = vault("k2");
        let sealed = v.seal(&Secret::new(value.clone()), &ad).unwrap();
        prop_assert!(sealed.starts_with("bp1.k2."));
        let opened = v.open(&sealed, &ad).unwrap();
        prop_assert_eq!(opened.expose(), value.as_str());
    }

    #[test]
    fn open_never_panics(text in ".{0,200}", ad in ".{0,20}") {
        let _ = vault("k1").open(&text, &ad);
    }
}
