"""brandpilot: brand scoring, goal tracking, posting times, content analysis, insights and coaching logic, written once in Rust.

Every function takes and returns plain dicts in the snake_case JSON shape of the core's
types (typed by the TypedDicts in the ``.pyi`` stubs, e.g. ``brandpilot.BrandAnalysis``;
import those only for type checking). Timestamps are RFC 3339 strings; inputs also accept
aware ``datetime`` objects (naive ones are rejected with ``InvalidInputError``) and
``date`` objects for dates. Every call releases the GIL and raises only
``BrandpilotError`` subclasses with a stable ``.code``; the computations are deterministic.

Functions that do I/O (``oauth_exchange_code``, ``oauth_refresh``) come in two forms: the
plain name is a coroutine function for asyncio (``await brandpilot.oauth_refresh(...)``,
errors are raised by the ``await``) and ``<name>_blocking`` blocks the calling thread with
the GIL released. Both run on one process-wide tokio runtime with one shared HTTP client,
created on first use.

``TokenManager(client, vault, store)`` keeps accounts connected with the tokens in the
host's own storage: ``store`` is any object with ``get(account) -> str | None``,
``put(account, sealed)`` and ``delete(account)`` (typed as the ``SealedStore`` protocol in
the stubs). It only ever sees sealed ``bp1.`` strings, and its methods are called on a
worker thread of the runtime (they must be thread-safe); an exception there raises
``StorageError``.

``PlatformClient(spec, *, tokens=None, account=None)`` is one account on one platform
(Mastodon, X, LinkedIn, ...): ``profile``, ``posts``, ``post_metrics``, ``audience``,
``publish``, ``delete`` and ``sync`` (idempotent, resumable account sync into an
``AccountSnapshot``) are awaitable, each with a ``_blocking`` form. Its token is the spec's
``access_token``, or a ``TokenManager``'s for ``account`` (refreshed ahead of expiry and once
on a 401). What a platform cannot do raises ``UnsupportedError``;
``client.capabilities()`` says what it can.
"""

from brandpilot._brandpilot import (
    BrandpilotError,
    InternalError,
    InvalidInputError,
    InvalidResponseError,
    NetworkError,
    PlatformClient,
    RateLimitedError,
    ReauthRequiredError,
    RequestTimeoutError,
    StorageError,
    TokenManager,
    UnsupportedError,
    UpstreamError,
    UpstreamUnavailableError,
    __version__,
    _raise_example_error,
    _trigger_panic,
    _trigger_panic_async,
    _trigger_panic_async_blocking,
    _trigger_panic_in_store,
    analyze_content,
    analyze_content_batch,
    best_times,
    compare_analyses,
    evaluate_goal,
    fit_engagement_model,
    generate_insights,
    insight_digest,
    oauth_authorize_url,
    oauth_exchange_code,
    oauth_exchange_code_blocking,
    oauth_refresh,
    oauth_refresh_blocking,
    oauth_start,
    open_token_set,
    optimize_content,
    plan,
    predict_engagement,
    render_digest_html,
    score_brand,
    seal_token_set,
    suggest_hashtags,
    update_feedback,
)

__all__ = [
    "BrandpilotError",
    "InternalError",
    "InvalidInputError",
    "InvalidResponseError",
    "NetworkError",
    "PlatformClient",
    "RateLimitedError",
    "ReauthRequiredError",
    "RequestTimeoutError",
    "StorageError",
    "TokenManager",
    "UnsupportedError",
    "UpstreamError",
    "UpstreamUnavailableError",
    "__version__",
    "analyze_content",
    "analyze_content_batch",
    "best_times",
    "compare_analyses",
    "evaluate_goal",
    "fit_engagement_model",
    "generate_insights",
    "insight_digest",
    "oauth_authorize_url",
    "oauth_exchange_code",
    "oauth_exchange_code_blocking",
    "oauth_refresh",
    "oauth_refresh_blocking",
    "oauth_start",
    "open_token_set",
    "optimize_content",
    "plan",
    "predict_engagement",
    "render_digest_html",
    "score_brand",
    "seal_token_set",
    "suggest_hashtags",
    "update_feedback",
]
