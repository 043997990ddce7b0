//! Native half of the `PlatformClient` class (`index.js` wraps it; its docs are in
//! `index.d.ts`): one account on one platform behind the core's `SocialPlatform` trait, and
//! its account sync. Arguments and results are JSON texts; every I/O method returns a
//! Promise (through [`call_async`]), rejected with the same coded `Error` objects.

use std::sync::Arc;

use brandpilot::platform::{ClientSpec, Credentials, Draft, PostsQuery, SocialPlatform, connect};
use brandpilot::sync::{SyncOptions, SyncState, sync_account};
use chrono::{DateTime, NaiveDate, Utc};
use napi::Env;
use napi::bindgen_prelude::PromiseRaw;
use napi_derive::napi;

use crate::convert::{from_json, to_json};
use crate::manager::NativeTokenManager;
use crate::task::{call_async, http_client};
use crate::{error, guard};

/// A platform client (see `brandpilot::platform::connect`).
#[napi(js_name = "NativePlatformClient")]
pub struct NativePlatformClient {
    inner: Arc<dyn SocialPlatform>,
}

/// Builds the client `spec` (JSON text) describes, with `credentials` taking precedence over
/// the spec's access token; errors name `spec.<field>`.
fn build(spec: &str, credentials: Option<Credentials>) -> brandpilot::Result<NativePlatformClient> {
    let spec: ClientSpec = from_json(spec, "spec")?;
    let inner = connect(http_client()?, &spec, credentials).map_err(|e| e.within("spec"))?;
    Ok(NativePlatformClient { inner })
}

impl NativeTokenManager {
    /// A client whose tokens this manager keeps for `account` (JSON text).
    pub(crate) fn client_for(
        &self,
        env: &Env,
        spec: &str,
        account: &str,
    ) -> napi::Result<NativePlatformClient> {
        guard(env, || {
            let made = from_json::<String>(account, "account").and_then(|account| {
                build(
                    spec,
                    Some(Credentials::Managed {
                        manager: self.inner(),
                        account,
                    }),
                )
            });
            made.map_err(|e| error::to_js_err(env, &e))
        })
    }
}

#[napi]
impl NativePlatformClient {
    /// A client from `spec` (a `ClientSpec` as JSON text) with its own `access_token`.
    #[napi(constructor)]
    pub fn new(env: Env, spec: String) -> napi::Result<Self> {
        guard(&env, || {
            build(&spec, None).map_err(|e| error::to_js_err(&env, &e))
        })
    }

    /// What the client can report and do, as JSON text (no I/O).
    #[napi]
    pub fn capabilities(&self, env: Env) -> napi::Result<String> {
        guard(&env, || {
            to_json(&self.inner.capabilities()).map_err(|e| error::to_js_err(&env, &e))
        })
    }

    /// The profile: a Promise of a `Profile` as JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn profile<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || Ok(async move { to_json(&c.profile().await?) }))
    }

    /// One page of posts for `query` (a `PostsQuery` as JSON text, or `null`).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn posts<'env>(
        &self,
        env: &'env Env,
        query: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || {
            let query: Option<PostsQuery> = from_json(&query, "query")?;
            let query = query.unwrap_or_default();
            Ok(async move { to_json(&c.posts(&query).await?) })
        })
    }

    /// Metrics of the posts `ids` (a JSON array of strings).
    #[napi(ts_return_type = "Promise<string>")]
    pub fn post_metrics<'env>(
        &self,
        env: &'env Env,
        ids: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || {
            let ids: Vec<String> = from_json(&ids, "ids")?;
            Ok(async move { to_json(&c.post_metrics(&ids).await?) })
        })
    }

    /// Followers, following and connections, where reported.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn audience<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || Ok(async move { to_json(&c.audience().await?) }))
    }

    /// Publishes `draft` (a `Draft` as JSON text); errors about it name `draft.<field>`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn publish<'env>(
        &self,
        env: &'env Env,
        draft: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || {
            let draft: Draft = from_json(&draft, "draft")?;
            Ok(async move {
                let published = c.publish(&draft).await.map_err(|e| e.within("draft"))?;
                to_json(&published)
            })
        })
    }

    /// Deletes the post `id` (JSON text); resolves to `null`.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn delete<'env>(
        &self,
        env: &'env Env,
        id: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || {
            let id: String = from_json(&id, "id")?;
            Ok(async move {
                c.delete(&id).await?;
                Ok("null".to_owned())
            })
        })
    }

    /// The daily series for the days `from..=to` (JSON texts of dates); a Promise of the
    /// `MetricSeries[]` as JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn daily_series<'env>(
        &self,
        env: &'env Env,
        from: String,
        to: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || {
            let from: NaiveDate = from_json(&from, "from")?;
            let to: NaiveDate = from_json(&to, "to")?;
            Ok(async move { to_json(&c.daily_series(from, to).await?) })
        })
    }

    /// Syncs the account: `state` (a `SyncState` or `null`), `now`, `options` (a
    /// `SyncOptions` or `null`) as JSON texts; a Promise of the `SyncResult` as JSON text.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn sync<'env>(
        &self,
        env: &'env Env,
        state: String,
        now: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let c = self.inner.clone();
        call_async(env, || {
            let state: Option<SyncState> = from_json(&state, "state")?;
            let now: DateTime<Utc> = from_json(&now, "now")?;
            let options: Option<SyncOptions> = from_json(&options, "options")?;
            Ok(async move {
                let result = sync_account(
                    c.as_ref(),
                    state.unwrap_or_default(),
                    &options.unwrap_or_default(),
                    now,
                )
                .await?;
                to_json(&result)
            })
        })
    }
}
