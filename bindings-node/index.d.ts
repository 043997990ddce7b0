// Type declarations of the npm package `brandpilot` (hand-written: the functions of the JS
// wrapper in index.js). Every data type comes from types.d.ts, which scripts/gen_dts.mjs
// generates from the JSON Schema of the Rust types (and CI checks for drift).

import type {
  AccountSnapshot,
  AnalysisComparison,
  Audience,
  AuthorizationStart,
  BestTimes,
  BestTimesOptions,
  BrandAnalysis,
  Capabilities,
  ClientSpec,
  ContentAnalysis,
  DateTimeInput,
  Digest,
  Draft,
  EngagementModel,
  EngagementPrediction,
  FeedbackEvent,
  FeedbackState,
  FitOptions,
  GenerateInsightsOptions,
  Goal,
  GoalProgress,
  HashtagSuggestion,
  Insight,
  InsightDigestOptions,
  InsightInput,
  MediaKind,
  MetricSeries,
  OAuthClientSpec,
  Observation,
  Page,
  PlanDraft,
  PlanRules,
  PlanWindow,
  Platform,
  Post,
  PostMetricsEntry,
  PostingPlan,
  PostsQuery,
  Profile,
  PublishedPost,
  ScoreBrandOptions,
  SyncOptions,
  SyncResult,
  SyncState,
  TokenSet,
  Variant,
  VaultSpec,
} from './types'

export * from './types'

/** The codes `err.code` takes; more will come, so treat unknown codes as errors too. */
export type BrandpilotErrorCode =
  | 'invalid_input'
  | 'internal'
  | 'rate_limited'
  | 'upstream'
  | 'upstream_unavailable'
  | 'timeout'
  | 'network'
  | 'invalid_response'
  | 'reauth_required'
  | 'storage'
  | 'unsupported'
  | (string & {})

/**
 * What every brandpilot function throws: a plain `Error` carrying a stable machine-readable
 * `code` and, when the error is about one value, its path in `field`
 * (`snapshot.posts[3].metrics.likes`).
 */
export interface BrandpilotError extends Error {
  code: BrandpilotErrorCode
  field: string | null
  /** Seconds until a retry may succeed (`Retry-After`, a rate-limit reset), or null. */
  retryAfter: number | null
  /** The platform's HTTP status (`upstream`, `invalid_response`), or null. */
  status: number | null
  /** Whether repeating the call later may succeed. */
  retryable: boolean
}

/**
 * Scores one account against its peers and recommends what to do next.
 *
 * `options.industry` is the peer group's slug (`'technology'`, `'all'`, ...), `options.now`
 * the moment of the analysis (a `Date` or an RFC 3339 string), `options.config` an optional
 * `ScoringConfig` (`null`, `undefined` or `{}` is the default). Deterministic.
 *
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` naming the value on bad input.
 */
export declare function scoreBrand(snapshot: AccountSnapshot, options: ScoreBrandOptions): BrandAnalysis

/**
 * Per-dimension deltas and trend labels between two analyses of the same account (as
 * returned by `scoreBrand`, e.g. stored as JSON and loaded back).
 *
 * @throws {BrandpilotError} `code === 'invalid_input'` when they are malformed or of
 * different platforms.
 */
export declare function compareAnalyses(previous: BrandAnalysis, current: BrandAnalysis): AnalysisComparison

/**
 * Where a goal stands at `now`: progress, pace, trend, forecast and milestones.
 * `observations` may be in any order. Deterministic.
 *
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` (e.g.
 * `observations[2].value`) on bad input.
 */
export declare function evaluateGoal(goal: Goal, observations: Observation[], now: DateTimeInput): GoalProgress

/**
 * Best local posting times for `options.platform` from the user's `posts`: their engagement
 * by local (weekday, hour) in `options.time_zone` (an IANA name such as `'Europe/Amsterdam'`;
 * DST-aware), shrunk toward the platform prior. `options.k` is how many top slots to return
 * (the 168-slot `grid` is always full); `options.followers` (optional) is the denominator
 * when fewer than half the posts report impressions. Posts of other platforms are ignored.
 * Deterministic.
 *
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` (`time_zone`,
 * `followers`, `posts[3].metrics.likes`, ...) on bad input.
 */
export declare function bestTimes(posts: Post[], options: BestTimesOptions): BestTimes

/**
 * A deterministic staggered posting plan: each draft on each of its platforms (drafts in
 * the order given, platforms in the order of `platforms`), at the earliest local day with a
 * free preferred slot (`rules.best_times`, else the platform prior's top slots), under the
 * gap, daily-cap and one-post-a-minute rules. `window.start` / `window.end` may be `Date`s.
 * What cannot be placed is listed in `unscheduled` with a reason.
 *
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` (`rules.time_zone`,
 * `window.end`, `drafts[1].id`, `platforms[2]`, ...) on bad input.
 */
export declare function plan(
  drafts: PlanDraft[],
  platforms: Platform[],
  window: PlanWindow,
  rules: PlanRules,
): PostingPlan

/**
 * Everything brandpilot reads from one post for `platform`: hashtags, mentions, URLs and
 * cashtags with their positions, length in the platform's unit against its limit,
 * readability, sentiment, structure (hook, questions, calls to action, emoji), issues (most
 * severe first) and a 0–100 quality score with its factors. Deterministic.
 *
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field === 'text'` for an empty,
 * whitespace-only, oversized (over 256 KiB) or non-string text, or one with a NUL or a lone
 * surrogate; `field === 'platform'` for an unknown platform.
 */
export declare function analyzeContent(text: string, platform: Platform): ContentAnalysis

/**
 * `analyzeContent` on many posts for one `platform`, in the order of `texts`.
 *
 * @throws {BrandpilotError} `code === 'invalid_input'`; an invalid text fails the whole batch
 * with `field` naming its index (`texts[3]`).
 */
export declare function analyzeContentBatch(texts: string[], platform: Platform): ContentAnalysis[]

/**
 * Fits the user's engagement model on their post `history`: a ridge regression of each
 * post's engagement rate (engagements ÷ impressions, on a log scale) on what it says (length,
 * hashtags, question, call to action, readability, sentiment, quality, ...), what it carries
 * (`media_kind`) and when it went out (local hour and weekend in `options.time_zone`), with
 * the penalty chosen by time-ordered cross-validation and an 80 % prediction interval.
 *
 * Posts without impressions or with unanalysable text are skipped (the model's `notes` say
 * how many); at least 10 usable posts are needed. `options` (`FitOptions`:
 * `{ time_zone?, folds?, lambdas? }`) may be left out, `null` or `{}` for the default
 * (`'UTC'`, 5 folds, penalties 10^−3 … 10^3). The returned model is plain data: store it
 * (`JSON.stringify`) and pass it back to `predictEngagement` later. Deterministic.
 *
 * @param history the user's posts (`Post[]`), in any order.
 * @param options how to fit; default `{ time_zone: 'UTC', folds: 5 }`.
 * @returns the `EngagementModel`, including its cross-validated error
 * (`cross_validation.skill` > 0: it beats predicting the mean rate).
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field`: `history` (not an
 * array, over 20,000 posts, fewer than 10 usable posts),
 * `history[3].metrics.likes` (a negative or non-integer count, or any malformed post value),
 * `options.time_zone` (unknown IANA zone), `options.folds` (outside 2–20),
 * `options.lambdas[2]` (a negative penalty), `options` (an unknown key or not an object).
 */
export declare function fitEngagementModel(history: Post[], options?: FitOptions | null): EngagementModel

/**
 * Predicts the engagement rate of `draft` carrying `mediaKind`, posted on `platform` at `at`
 * (read in the model's time zone), with `model` from `fitEngagementModel` (or one stored as
 * JSON and loaded back). Returns the typical (median) rate of such a post, an interval meant
 * to hold 80 % of such posts' rates (`low` … `high`) and the five features with the largest
 * effect (`effect` in natural-log units: `Math.exp(effect)` is the factor it multiplies the
 * rate by). A platform the model was not fit on is allowed: it is predicted like the
 * history's typical platform (check `model.platforms` to warn the user). Deterministic.
 *
 * @param model a fitted `EngagementModel`; it is validated before use.
 * @param draft the post text.
 * @param platform where it will be posted.
 * @param at when it will be posted: a `Date` or an RFC 3339 string.
 * @param mediaKind what it carries; `undefined` or `null` is `'none'` (text only).
 * @returns the `EngagementPrediction`.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field`: under `model` for a
 * malformed or hand-edited model (`model.weights` when a vector has the wrong length,
 * `model.format_version`, `model.scales[3]`, ...), `draft` (empty, whitespace only, a NUL,
 * over 256 KiB, not a string), `platform` (unknown), `at` (not a valid time or `Date`),
 * `media_kind` (unknown media kind).
 */
export declare function predictEngagement(
  model: EngagementModel,
  draft: string,
  platform: Platform,
  at: DateTimeInput,
  mediaKind?: MediaKind | null,
): EngagementPrediction

/**
 * Hashtags for `draft`, drawn only from the user's own `history` (no tag is ever invented):
 * each tag the history used, ranked by `relevance` (0–1, TF-IDF cosine similarity between the
 * draft and the posts that used the tag) × `lift` (the engagement of those posts against the
 * user's average on their platform, shrunk toward 1.0 when the tag was used rarely).
 *
 * Tags compare case-insensitively and come back in the spelling the user wrote most often;
 * tags already in the draft and tags sharing no word with it are left out, so fewer than `k`
 * (or none) may come back. Order: `score` descending, then `uses`, then `tag`. Deterministic.
 *
 * @param draft the post being written.
 * @param history the user's posts (`Post[]`, any platforms, any order; up to 10,000).
 * @param k how many suggestions to return at most, 1–100; default 10.
 * @returns the `HashtagSuggestion[]`, best first (`tag` without `#`).
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field`: `draft` (empty,
 * whitespace only, a NUL, over 256 KiB, not a string), `k` (outside 1–100, not an integer,
 * `null`), `history` (not an array, over 10,000 posts), `history[3].text` (over 256 KiB, a
 * lone surrogate), `history[1].metrics.likes` (negative or not an integer), or any malformed
 * post value.
 */
export declare function suggestHashtags(draft: string, history: Post[], k?: number): HashtagSuggestion[]

/**
 * Deterministic rewrites of `text` that fix the issues `analyzeContent` finds for `platform`:
 * one `Variant` per applicable strategy (`trim_to_limit`, `cap_hashtags`,
 * `move_hashtags_to_end`, `break_hook`, `move_link_to_comment`, `split_paragraphs`,
 * `calm_shouting`), plus `all` when several apply. The user's words are never reworded and
 * none is invented; every variant fits the platform's length limit and carries its full
 * re-analysis, its quality and its `quality_gain` over the original. Sorted by quality
 * descending, then strategy; empty when there is nothing to fix. Deterministic.
 *
 * @param text the post to improve.
 * @param platform where it will be posted (its length unit, limit and practices apply).
 * @returns the `Variant[]`, best first.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field === 'text'` (as
 * `analyzeContent`: empty, whitespace only, a NUL, over 256 KiB, a lone surrogate, not a
 * string) or `field === 'platform'` (unknown).
 */
export declare function optimizeContent(text: string, platform: Platform): Variant[]

/**
 * The mentor's insights for one user: what the data supports in the `options.period`
 * (`'week'` or `'month'` of whole local days in `input.time_zone`, ending where `options.now`'s
 * local day begins) — trends beyond their usual noise, anomalous days, the top post and what
 * set it apart, posting cadence, achievements (each granted once: pass the ids already granted
 * in `input.granted_achievements`), goal status changes and near deadlines, benchmark moves and
 * next steps (these two need `input.analysis`, from `scoreBrand`; `input.previous_analysis`
 * adds score movements). Each insight carries its evidence (labelled numbers), suggested
 * actions, structured `facts`, a template-narrated `title` and `body`, and a stable `id`
 * (same facts, same id) to attach feedback to.
 *
 * Ranked by `rank_score` = `priority` × the user's preference for the kind (from
 * `options.feedback`, see `updateFeedback`), best first; the top `options.config.max_insights`
 * (default 8) are kept, plus every pinned insight (goals, achievements), which feedback never
 * hides. Deterministic: the same input and `now` give the same insights.
 *
 * The options object follows `scoreBrand`'s convention: the main input positional, every other
 * parameter of the core function (`period`, `now`, optional `feedback` and `config`) by name.
 *
 * @param input the account (`snapshot`), its IANA `time_zone`, and optionally the current and
 * previous brand analyses, goals with observations, granted achievements and a weekly posting
 * goal. Times may be `Date`s.
 * @param options `{ period, now, feedback?, config? }`: `now` a `Date` or an RFC 3339 string;
 * `feedback` a stored `FeedbackState` (left out, `null` or `{}`: no feedback yet); `config` an
 * `InsightConfig` (left out, `null` or `{}`: the defaults).
 * @returns the `Insight[]`, best first (never empty: the cadence insight is always there).
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field`: paths inside `input` as
 * the core names them, without an `input.` prefix (`time_zone` for an unknown IANA zone,
 * `snapshot.posts[3].metrics.likes`, `analysis.overall`, `goals[0].goal.target`,
 * `granted_achievements[2]`, `posts_per_week_goal`), `input` when it is not an object or lacks
 * `snapshot` / `time_zone`; `period` (missing or not `'week'` / `'month'`), `now` (missing or
 * not a time), `feedback.preferences[0].alpha`, `config.max_insights`, `options` when it is
 * not an object, or the unknown key's name.
 */
export declare function generateInsights(input: InsightInput, options: GenerateInsightsOptions): Insight[]

/**
 * The user's feedback state after `events`, applied in order: each kind's preference is a
 * Beta posterior starting at Beta(2, 2); *helpful* adds 1 to α, *not helpful* 1 to β, *read*
 * ¼ to α, *dismissed* ½ to β, and old evidence fades once α + β passes 50. A kind's rank weight
 * is ½ + α / (α + β): from ×½ (never helpful) to ×1.5. The state is plain data: store it
 * (`JSON.stringify`) and pass it back as `options.feedback` of `generateInsights` /
 * `insightDigest`, and as `state` here next time. Pure and deterministic; `state` is not
 * modified.
 *
 * @param state the stored `FeedbackState`; `{}` for a user without feedback yet.
 * @param events what the user did, e.g. `{ insight_id, kind: 'trend', signal: 'not_helpful' }`
 * (`insight_id` is optional: preferences are per kind).
 * @returns the new `FeedbackState` (preferences in kind order).
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field`: `state` (not an object),
 * `state.preferences[0].alpha` (not finite, ≤ 0 or over 10⁶), `state.preferences[1].kind`
 * (repeated or unknown), `events` (not an array, over 100,000 events), `events[2].kind`,
 * `events[2].signal` (unknown), `events[0].insight_id` (over 300 bytes).
 */
export declare function updateFeedback(state: FeedbackState, events: FeedbackEvent[]): FeedbackState

/**
 * The weekly or monthly review of the `options.period` ending at `options.now`:
 * `generateInsights`' insights (achievements listed apart, as `achievements`), a headline, the
 * brand score and its change (`null` without `input.analysis`), every goal's standing, a
 * posting plan for the next seven days at the user's best local times, the charts' data
 * (dimension radar, follower and engagement sparklines, the 168-slot weekday × hour heat map)
 * and `granted_achievements` (the input's plus the new ones: store it for next time).
 * Render it with `renderDigestHtml`. Deterministic.
 *
 * @param input as for `generateInsights`.
 * @param options `{ period, now, feedback?, config? }`, as for `generateInsights`.
 * @returns the `Digest`.
 * @throws {BrandpilotError} the same errors as `generateInsights`.
 */
export declare function insightDigest(input: InsightInput, options: InsightDigestOptions): Digest

/**
 * A digest as one self-contained, email-safe HTML document: table layout and inline CSS, no
 * `<script>`, `<style>`, `<link>` or external resource; the charts are inline `<svg>` elements
 * (classes `chart-radar`, `chart-followers`, `chart-engagement`, `chart-heatmap`). All user
 * text (names, post snippets, goal names) is HTML-escaped. Deterministic.
 *
 * @param digest as returned by `insightDigest` (or stored as JSON and loaded back).
 * @returns the HTML document.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` under `digest`
 * (`digest.period.first_day`, `digest.charts.heatmap[3]`, `digest` when it is not an object or
 * lacks a key) for a malformed digest; rendering a well-formed one cannot fail.
 */
export declare function renderDigestHtml(digest: Digest): string

/**
 * The authorisation URL to send the person to, for a given `state` and PKCE `codeVerifier`
 * (RFC 7636 S256 challenge). Deterministic; use `oauthStart` to draw fresh values.
 *
 * `client.provider` is a preset's name (`'linkedin'`, `'x'`, `'meta'`, `'threads'`,
 * `'tiktok'`, `'google'`) or a whole `OAuthProvider`; `client.base_url` moves both
 * endpoints to another scheme://host[:port].
 *
 * @returns the URL.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` (`client.provider` for an
 * unknown preset, `client.redirect_uri`, `client.client_id`, `scopes[1]`, `state`,
 * `code_verifier` for one outside RFC 7636's 43–128 characters).
 */
export declare function oauthAuthorizeUrl(
  client: OAuthClientSpec,
  scopes: string[],
  state: string,
  codeVerifier: string,
): string

/**
 * Starts an OAuth flow: a fresh `state` and PKCE verifier (OS CSPRNG) and the authorisation
 * URL built from them. Keep `state` and `code_verifier` in the session (sealed if persisted)
 * for the callback; compare the callback's `state` before exchanging its code.
 *
 * @returns `{ url, state, code_verifier }`.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field`, as `oauthAuthorizeUrl`.
 */
export declare function oauthStart(client: OAuthClientSpec, scopes: string[]): AuthorizationStart

/**
 * Exchanges the callback's authorisation `code` (with the flow's `codeVerifier`) for tokens
 * at the provider's token endpoint (RFC 6749 §4.1.3, PKCE per RFC 7636 §4.5). `now` (a `Date`
 * or an RFC 3339 string) dates `expires_at`.
 *
 * The returned `TokenSet` holds the tokens as plain strings: seal it (`sealTokenSet`) before
 * storing it.
 *
 * @returns a Promise of the `TokenSet`.
 * @throws {BrandpilotError} (as a rejection, never synchronously) `invalid_input` with `field`
 * (`client.*`, `code`, `code_verifier`, `now`); `upstream` with `status` when the provider
 * refuses (e.g. `400 invalid_grant`); `invalid_response` when its 2xx answer is not a token
 * response; `network`, `timeout`, `rate_limited`, `upstream_unavailable` from the transport.
 */
export declare function oauthExchangeCode(
  client: OAuthClientSpec,
  code: string,
  codeVerifier: string,
  now: DateTimeInput,
): Promise<TokenSet>

/**
 * Refreshes an account's tokens with its `refreshToken` (RFC 6749 §6). The new `TokenSet`
 * keeps the old refresh token when the provider does not rotate it; store the new one.
 *
 * @returns a Promise of the new `TokenSet`.
 * @throws {BrandpilotError} (as a rejection) `reauth_required` when the refresh token is
 * rejected (`invalid_grant`, `invalid_token`, HTTP 401, Meta code 190) or the provider issues
 * none: the person must connect the account again; otherwise as `oauthExchangeCode`
 * (`field` `refresh_token` for an empty one).
 */
export declare function oauthRefresh(
  client: OAuthClientSpec,
  refreshToken: string,
  now: DateTimeInput,
): Promise<TokenSet>

/**
 * Seals `tokens` for `account` with the vault's current key (AES-256-GCM, the account bound
 * as associated data): `bp1.<key_id>.<nonce>.<ciphertext>`, safe to store. The vault's keys
 * are base64 of 32 random bytes; keep old keys listed so text sealed under them still opens.
 *
 * @returns the sealed text.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field` (`keys.<id>` for a key that
 * is not base64 of 32 bytes, `current_key_id` for one not in `keys`, `vault`, `account`,
 * `tokens.access_token`, ...).
 */
export declare function sealTokenSet(vault: VaultSpec, account: string, tokens: TokenSet): string

/**
 * Opens a token set that `sealTokenSet` (in any language) sealed for `account`.
 *
 * @returns the `TokenSet`, tokens as plain strings.
 * @throws {BrandpilotError} `code === 'invalid_input'` with `field === 'sealed'` for a wrong
 * or retired key, another account's text or tampered text; vault errors as `sealTokenSet`.
 */
export declare function openTokenSet(vault: VaultSpec, account: string, sealed: string): TokenSet

/**
 * The host's own storage of sealed token sets, one text per account id (what a host keeps in
 * one text column, a keychain entry, a key-value store...). Implemented by the host and called
 * by `TokenManager`, always on the JS main thread; each method may return its value directly
 * or a Promise of it.
 *
 * It only ever sees `bp1.<key_id>.<nonce>.<ciphertext>` text: every token set is sealed with
 * the manager's vault (AES-256-GCM, bound to its account) before `put`, and opened after `get`.
 *
 * A method that throws or rejects fails the manager's call with `code === 'storage'` (retryable)
 * and the thrown error's message (never put a token in it). A `get` that returns anything but a
 * string, `null` or `undefined`, or a string that does not open, fails with
 * `code === 'invalid_input'` and `field === 'sealed'`.
 */
export interface SealedStore {
  /** The sealed text stored for `account`, or `null` / `undefined` when there is none. */
  get(account: string): string | null | undefined | Promise<string | null | undefined>
  /** Stores (replaces) the sealed text of `account`. The returned value is ignored. */
  put(account: string, sealed: string): unknown
  /** Forgets `account` (no error when it is absent). The returned value is ignored. */
  delete(account: string): unknown
}

/** What `new TokenManager(...)` takes. */
export interface TokenManagerOptions {
  /** The OAuth app: a provider preset (or a full provider) with its client id and redirect URI. */
  client: OAuthClientSpec
  /** The keys that seal token sets (base64 of 32 random bytes each) and the current key's id. */
  vault: VaultSpec
  /** The host's storage of sealed text. */
  store: SealedStore
  /**
   * Refresh tokens that expire within this many whole seconds (default 300, i.e. 5 minutes;
   * `null` / `undefined` is the default).
   */
  skewSeconds?: number | null
}

/**
 * Keeps the accounts of one OAuth app connected, with their tokens in the host's own storage:
 * hands out valid access tokens, refreshing them `skewSeconds` (default 5 minutes) before they
 * expire, and refreshes after a 401.
 *
 * **Single flight.** Refreshes are serialised per account inside the addon, and the stored set
 * is read again once a caller's turn comes: a hundred concurrent `accessToken` calls on an
 * expired token cause one refresh request; the others get its result.
 *
 * **Re-authorisation.** No stored tokens, no refresh token, or a rejected refresh reject with
 * `code === 'reauth_required'` (a rejected grant is then deleted from the store): the person
 * must connect the account again.
 *
 * Every method returns a Promise; every error is a rejection with a `BrandpilotError`. `now`
 * (a `Date` or an RFC 3339 string) is an argument, so tests and replays are deterministic.
 * The manager does not keep Node running: a process exits on its own once its calls settle.
 *
 * ```ts
 * const rows = new Map<string, string>()
 * const manager = new TokenManager({
 *   client: { provider: 'linkedin', client_id: 'app', redirect_uri: 'https://app.example/cb' },
 *   vault: { current_key_id: 'k1', keys: { k1: process.env.TOKEN_KEY! } },
 *   store: { get: (a) => rows.get(a), put: (a, s) => rows.set(a, s), delete: (a) => rows.delete(a) },
 * })
 * await manager.connect('user:42/linkedin', code, start.code_verifier, new Date())
 * const token = await manager.accessToken('user:42/linkedin', new Date())
 * ```
 */
export declare class TokenManager {
  /**
   * A manager for `options.client`'s accounts, sealing with `options.vault` into
   * `options.store`.
   *
   * @throws {BrandpilotError} (synchronously) `code === 'invalid_input'` with `field`:
   * `client.provider` for an unknown preset, `client.redirect_uri`, ...; `vault.keys.<id>` for
   * a key that is not base64 of 32 bytes, `vault.current_key_id`; `store` / `store.get` /
   * `store.put` / `store.delete` when the store lacks a method; `skew_seconds`.
   */
  constructor(options: TokenManagerOptions)

  /**
   * Completes a connection: exchanges the callback's `code` (with the flow's `codeVerifier`)
   * and stores the tokens, sealed, under `account`. A reconnect without a new refresh token
   * keeps the stored one.
   *
   * @returns a Promise of the `TokenSet` (plain strings: do not log or store it yourself).
   * @throws {BrandpilotError} (as a rejection) `invalid_input` with `field` (`account`, `code`,
   * `code_verifier`, `now`); `upstream` when the provider refuses the code; `storage` when the
   * store fails; transport errors as `oauthExchangeCode`.
   */
  connect(account: string, code: string, codeVerifier: string, now: DateTimeInput): Promise<TokenSet>

  /**
   * A valid access token for `account` at `now`: the stored one, or, when it expires within
   * the skew, a refreshed one (one refresh per account at a time; the new set is stored).
   *
   * @returns a Promise of the access token.
   * @throws {BrandpilotError} (as a rejection) `reauth_required` when nothing is stored for
   * `account`, no refresh token is stored or the refresh is rejected; `storage` when the store
   * fails; `invalid_input` at `sealed` when the stored text does not open; transport errors as
   * `oauthRefresh` (unless the stored token has not actually expired yet: then it is returned).
   */
  accessToken(account: string, now: DateTimeInput): Promise<string>

  /**
   * Refreshes `account` because the platform rejected `rejectedToken` (HTTP 401), unless
   * another caller already replaced that token: then the replacement is returned.
   *
   * @returns a Promise of the new access token.
   * @throws {BrandpilotError} (as a rejection) as `accessToken`.
   */
  forceRefresh(account: string, rejectedToken: string, now: DateTimeInput): Promise<string>

  /**
   * The token set stored for `account` (opened), or `null` when none is stored: its expiry
   * and scopes, e.g. to show the connection's state.
   *
   * @throws {BrandpilotError} (as a rejection) `storage`; `invalid_input` at `sealed`.
   */
  tokens(account: string): Promise<TokenSet | null>
}

/** How a `PlatformClient` gets its tokens, when not from `spec.access_token`. */
export interface PlatformClientOptions {
  /** The manager keeping the account's tokens (refreshed ahead of expiry and once on a 401). */
  tokens?: TokenManager
  /** The account's id in the manager's store; required with `tokens`. */
  account?: string
}

/** The arguments of `PlatformClient.sync`. */
export interface SyncArgs {
  /** The time of the sync (today's point of the followers series is dated by it). */
  now: DateTimeInput
  /** Pages per run, overlap; the defaults when absent. */
  options?: SyncOptions | null
}

/**
 * One account on one platform (`spec.platform`: `mastodon`, `x`, `linkedin`, ...) behind one
 * interface; see `brandpilot::platform::connect`. Every I/O method returns a Promise,
 * rejected with a `BrandpilotError`: `reauth_required` when the grant is revoked,
 * `rate_limited` (with `retryAfter`) at a platform limit, `upstream` (with `status`) for the
 * platform's other refusals, `unsupported` for what the platform cannot do (see
 * `capabilities()`), `invalid_input` with `field` for bad arguments.
 *
 * @example
 * ```js
 * const client = new PlatformClient({ platform: 'mastodon', base_url: 'https://mastodon.social', access_token: token })
 * const { state } = await client.sync(storedState, { now: new Date() })
 * ```
 */
export declare class PlatformClient {
  /**
   * A client for `spec`, with `spec.access_token` or `options.tokens` for `options.account`.
   *
   * @throws {BrandpilotError} (synchronously) `invalid_input` with `field`: `spec.platform`,
   * `spec.base_url` (Mastodon needs its instance), `spec.access_token` (no token given),
   * `tokens`, `account`; `unsupported` for a platform without a client.
   */
  constructor(spec: ClientSpec, options?: PlatformClientOptions)

  /** What the client can report and do (no I/O). */
  capabilities(): Capabilities

  /** The account's profile, with its audience counts. */
  profile(): Promise<Profile>

  /**
   * One page of the account's posts, newest first; pass `next_cursor` back as `query.cursor`
   * for the next page. A metric the platform does not report is `null`, never 0.
   */
  posts(query?: PostsQuery | null): Promise<Page>

  /** Current metrics of up to 100 posts (`invalid_input` at `ids[i]` for an empty id). */
  postMetrics(ids: string[]): Promise<PostMetricsEntry[]>

  /** Followers, following and connections, where the platform reports them. */
  audience(): Promise<Audience>

  /**
   * Publishes `draft`. Never retried where the platform takes no idempotency key (X,
   * LinkedIn); on Mastodon `draft.idempotency_key` makes retries safe. Errors about the draft
   * name `draft.<field>` (`draft.images[0].mime_type`).
   */
  publish(draft: Draft): Promise<PublishedPost>

  /** Deletes one of the account's posts. */
  delete(id: string): Promise<void>

  /**
   * The account's daily series (a LinkedIn page's views and impressions) for the days
   * `from..=to` (UTC dates, `YYYY-MM-DD`); rejects with `unsupported` where the platform reports none
   * (`capabilities().daily_series` is empty).
   */
  dailySeries(from: string, to: string): Promise<MetricSeries[]>

  /**
   * Fetches what is new since `state` (null for a first sync) and merges it into the state's
   * snapshot: idempotent and resumable. A platform failure midway resolves with
   * `result.error` set and everything fetched before it kept; store `result.state` and run
   * the sync again later.
   */
  sync(state: SyncState | null, args: SyncArgs): Promise<SyncResult>
}
