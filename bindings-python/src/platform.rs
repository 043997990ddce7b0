//! `PlatformClient`: one platform account (Mastodon, X, LinkedIn, ...) behind the core's
//! `SocialPlatform` trait, and its account sync. Every I/O method is awaitable, with a
//! `_blocking` form that waits with the GIL released (the shared runtime helpers in
//! [`crate::runtime`]); tokens come from the spec's `access_token` or from a `TokenManager`
//! (whose host store may be `async def`: the caller's event loop is kept in scope).

use std::sync::Arc;

use brandpilot::Error;
use brandpilot::model::{MetricSeries, Post, Profile};
use brandpilot::platform::{
    Audience, ClientSpec, Credentials, Draft, Page, PostMetricsEntry, PostsQuery, PublishedPost,
    SocialPlatform, connect,
};
use brandpilot::sync::{SyncOptions, SyncResult, SyncState, sync_account};
use chrono::{DateTime, NaiveDate, Utc};
use pyo3::prelude::*;

use crate::convert::{from_py, to_py};
use crate::error::to_py_err;
use crate::guard;
use crate::runtime::{awaitable, blocking, http_client};
use crate::token::{PyTokenManager, in_loop, running_loop};

type Client = Arc<dyn SocialPlatform>;

/// A client for one account on one platform; see `brandpilot::platform::connect`.
#[pyclass(name = "PlatformClient", module = "brandpilot", frozen)]
pub struct PyPlatformClient {
    inner: Client,
    platform: &'static str,
}

/// Reads an optional argument: Python `None` (or absent) is the type's default.
fn optional<T: serde::de::DeserializeOwned + Default>(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> brandpilot::Result<T> {
    match obj {
        Some(o) if !o.is_none() => from_py(o, field),
        _ => Ok(T::default()),
    }
}

struct SyncArgs {
    state: SyncState,
    options: SyncOptions,
    now: DateTime<Utc>,
}

fn read_sync(
    state: Option<&Bound<'_, PyAny>>,
    now: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
) -> brandpilot::Result<SyncArgs> {
    Ok(SyncArgs {
        state: optional(state, "state")?,
        now: from_py(now, "now")?,
        options: optional(options, "options")?,
    })
}

async fn profile(c: Client, (): ()) -> brandpilot::Result<Profile> {
    c.profile().await
}

async fn posts(c: Client, q: PostsQuery) -> brandpilot::Result<Page<Post>> {
    c.posts(&q).await
}

async fn post_metrics(c: Client, ids: Vec<String>) -> brandpilot::Result<Vec<PostMetricsEntry>> {
    c.post_metrics(&ids).await
}

async fn audience(c: Client, (): ()) -> brandpilot::Result<Audience> {
    c.audience().await
}

async fn publish(c: Client, d: Draft) -> brandpilot::Result<PublishedPost> {
    c.publish(&d).await.map_err(|e| e.within("draft"))
}

async fn delete(c: Client, id: String) -> brandpilot::Result<()> {
    c.delete(&id).await
}

async fn daily_series(
    c: Client,
    (from, to): (NaiveDate, NaiveDate),
) -> brandpilot::Result<Vec<MetricSeries>> {
    c.daily_series(from, to).await
}

fn read_days(
    from: &Bound<'_, PyAny>,
    to: &Bound<'_, PyAny>,
) -> brandpilot::Result<(NaiveDate, NaiveDate)> {
    Ok((from_py(from, "from_date")?, from_py(to, "to_date")?))
}

async fn sync(c: Client, a: SyncArgs) -> brandpilot::Result<SyncResult> {
    sync_account(c.as_ref(), a.state, &a.options, a.now).await
}

#[pymethods]
impl PyPlatformClient {
    #[new]
    #[pyo3(signature = (spec, *, tokens = None, account = None))]
    fn new(
        spec: &Bound<'_, PyAny>,
        tokens: Option<PyRef<'_, PyTokenManager>>,
        account: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guard(|| {
            let build = || -> brandpilot::Result<PyPlatformClient> {
                let spec: ClientSpec = from_py(spec, "spec")?;
                let credentials = match (tokens, account) {
                    (Some(manager), Some(account)) => Some(Credentials::Managed {
                        manager: Arc::clone(&manager.inner),
                        account: from_py(account, "account")?,
                    }),
                    (Some(_), None) => {
                        return Err(Error::invalid("account", "is required with `tokens`"));
                    }
                    (None, Some(_)) => {
                        return Err(Error::invalid(
                            "tokens",
                            "`account` is only used with a TokenManager",
                        ));
                    }
                    (None, None) => None,
                };
                let inner =
                    connect(http_client()?, &spec, credentials).map_err(|e| e.within("spec"))?;
                let platform = inner.capabilities().platform.as_str();
                Ok(PyPlatformClient { inner, platform })
            };
            build().map_err(|e| to_py_err(&e))
        })
    }

    /// What this client can report and do (no I/O).
    fn capabilities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| to_py(py, &self.inner.capabilities()))
    }

    async fn profile(&self) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(move |py| Ok(((), running_loop(py))), in_loop(c, profile)).await
    }

    fn profile_blocking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(py, || Ok(()), move |_, a| profile(c, a))
    }

    #[pyo3(signature = (query = None))]
    async fn posts(&self, query: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(
            move |py| {
                let q = optional(query.as_ref().map(|q| q.bind(py)), "query")?;
                Ok((q, running_loop(py)))
            },
            in_loop(c, posts),
        )
        .await
    }

    #[pyo3(signature = (query = None))]
    fn posts_blocking<'py>(
        &self,
        py: Python<'py>,
        query: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(py, || optional(query, "query"), move |_, q| posts(c, q))
    }

    async fn post_metrics(&self, ids: Py<PyAny>) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(
            move |py| Ok((from_py(ids.bind(py), "ids")?, running_loop(py))),
            in_loop(c, post_metrics),
        )
        .await
    }

    fn post_metrics_blocking<'py>(
        &self,
        py: Python<'py>,
        ids: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(
            py,
            || from_py(ids, "ids"),
            move |_, ids| post_metrics(c, ids),
        )
    }

    async fn audience(&self) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(move |py| Ok(((), running_loop(py))), in_loop(c, audience)).await
    }

    fn audience_blocking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(py, || Ok(()), move |_, a| audience(c, a))
    }

    async fn publish(&self, draft: Py<PyAny>) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(
            move |py| Ok((from_py(draft.bind(py), "draft")?, running_loop(py))),
            in_loop(c, publish),
        )
        .await
    }

    fn publish_blocking<'py>(
        &self,
        py: Python<'py>,
        draft: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(py, || from_py(draft, "draft"), move |_, d| publish(c, d))
    }

    async fn delete(&self, id: Py<PyAny>) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(
            move |py| Ok((from_py(id.bind(py), "id")?, running_loop(py))),
            in_loop(c, delete),
        )
        .await
    }

    fn delete_blocking<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(py, || from_py(id, "id"), move |_, id| delete(c, id))
    }

    async fn daily_series(&self, from_date: Py<PyAny>, to_date: Py<PyAny>) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(
            move |py| {
                Ok((
                    read_days(from_date.bind(py), to_date.bind(py))?,
                    running_loop(py),
                ))
            },
            in_loop(c, daily_series),
        )
        .await
    }

    fn daily_series_blocking<'py>(
        &self,
        py: Python<'py>,
        from_date: &Bound<'py, PyAny>,
        to_date: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(
            py,
            || read_days(from_date, to_date),
            move |_, d| daily_series(c, d),
        )
    }

    #[pyo3(signature = (state, now, *, options = None))]
    async fn sync(
        &self,
        state: Option<Py<PyAny>>,
        now: Py<PyAny>,
        options: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let c = Arc::clone(&self.inner);
        awaitable(
            move |py| {
                let args = read_sync(
                    state.as_ref().map(|s| s.bind(py)),
                    now.bind(py),
                    options.as_ref().map(|o| o.bind(py)),
                )?;
                Ok((args, running_loop(py)))
            },
            in_loop(c, sync),
        )
        .await
    }

    #[pyo3(signature = (state, now, *, options = None))]
    fn sync_blocking<'py>(
        &self,
        py: Python<'py>,
        state: Option<&Bound<'py, PyAny>>,
        now: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = Arc::clone(&self.inner);
        blocking(
            py,
            || read_sync(state, now, options),
            move |_, a| sync(c, a),
        )
    }

    fn __repr__(&self) -> String {
        format!("PlatformClient(platform={:?})", self.platform)
    }
}
