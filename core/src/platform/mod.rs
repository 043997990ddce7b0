//! Talking to the platforms: OAuth 2.0 (PKCE, authorisation-code exchange, refresh).
//! The per-platform clients behind one `SocialPlatform` trait come with a later slice.

pub mod oauth;
