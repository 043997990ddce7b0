//! The providers' own long-lived token grants ([`LongLivedGrant`]), applied by
//! [`TokenManager`](crate::token::TokenManager): after the code exchange, and — for Threads —
//! in place of a refresh.

use super::{LongLivedGrant, OAuthClient, TokenSet};
use crate::http::HttpClient;
use crate::platform::meta::{threads, token_grant};
use crate::{Error, Result, Secret};

/// The long-lived form of the tokens a code exchange returned; the tokens themselves for
/// providers without a long-lived grant.
pub(crate) async fn after_code_exchange(
    http: &HttpClient,
    client: &OAuthClient,
    short_lived: TokenSet,
) -> Result<TokenSet> {
    let Some(grant) = client.provider.long_lived else {
        return Ok(short_lived);
    };
    let secret = app_secret(client)?;
    let mut long = match grant {
        LongLivedGrant::Meta => {
            token_grant(
                http,
                &client.provider.name,
                &client.provider.token_url,
                &[
                    ("grant_type", "fb_exchange_token"),
                    ("client_id", client.client_id.as_str()),
                    ("client_secret", secret.expose()),
                    ("fb_exchange_token", short_lived.access_token.expose()),
                ],
            )
            .await?
        }
        LongLivedGrant::Threads => {
            threads::exchange_long_lived_token(
                http,
                &threads_base(client),
                secret,
                &short_lived.access_token,
            )
            .await?
        }
    };
    long.scopes = short_lived.scopes;
    long.refresh_token = short_lived.refresh_token;
    Ok(long)
}

/// A fresh long-lived token for `current` where the provider extends them (Threads); `None`
/// where it cannot (Meta: the person reconnects) or the provider has no long-lived grant.
pub(crate) async fn extend(
    http: &HttpClient,
    client: &OAuthClient,
    current: &TokenSet,
) -> Option<Result<TokenSet>> {
    match client.provider.long_lived? {
        LongLivedGrant::Meta => None,
        LongLivedGrant::Threads => Some(
            threads::refresh_long_lived_token(http, &threads_base(client), &current.access_token)
                .await
                .map(|mut fresh| {
                    fresh.scopes = current.scopes.clone();
                    fresh
                }),
        ),
    }
}

fn app_secret(client: &OAuthClient) -> Result<&Secret> {
    client.client_secret.as_ref().ok_or_else(|| {
        Error::invalid(
            "client_secret",
            format!(
                "{} exchanges tokens for long-lived ones with the app secret",
                client.provider.name
            ),
        )
    })
}

/// The Threads Graph root the preset's token endpoint lives on (`https://graph.threads.net`,
/// or the base a test or proxy moved it to).
fn threads_base(client: &OAuthClient) -> String {
    let url = client.provider.token_url.as_str();
    url.strip_suffix("/oauth/access_token")
        .unwrap_or(url)
        .to_owned()
}
