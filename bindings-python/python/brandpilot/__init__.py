"""brandpilot: brand scoring, goal tracking, posting times, content analysis, insights and coaching logic, written once in Rust.

Every function takes and returns plain dicts in the snake_case JSON shape of the core's
types (typed by the TypedDicts in the ``.pyi`` stubs, e.g. ``brandpilot.BrandAnalysis``;
import those only for type checking). Timestamps are RFC 3339 strings; inputs also accept
aware ``datetime`` objects (naive ones are rejected with ``InvalidInputError``) and
``date`` objects for dates. Every call is deterministic, releases the GIL, and raises only
``BrandpilotError`` subclasses with a stable ``.code``.
"""

from brandpilot._brandpilot import (
    BrandpilotError,
    InternalError,
    InvalidInputError,
    InvalidResponseError,
    NetworkError,
    RateLimitedError,
    ReauthRequiredError,
    RequestTimeoutError,
    UpstreamError,
    UpstreamUnavailableError,
    __version__,
    _raise_example_error,
    _trigger_panic,
    analyze_content,
    analyze_content_batch,
    best_times,
    compare_analyses,
    evaluate_goal,
    fit_engagement_model,
    generate_insights,
    insight_digest,
    optimize_content,
    plan,
    predict_engagement,
    render_digest_html,
    score_brand,
    suggest_hashtags,
    update_feedback,
)

__all__ = [
    "BrandpilotError",
    "InternalError",
    "InvalidInputError",
    "InvalidResponseError",
    "NetworkError",
    "RateLimitedError",
    "ReauthRequiredError",
    "RequestTimeoutError",
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
    "optimize_content",
    "plan",
    "predict_engagement",
    "render_digest_html",
    "score_brand",
    "suggest_hashtags",
    "update_feedback",
]
