// The shared JSON vectors in core/tests/vectors/** — the same files the Rust, Python and Kotlin
// suites run — so the languages agree field for field (numbers within 1e-9 relative).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

import {
  analyzeContent,
  analyzeContentBatch,
  bestTimes,
  compareAnalyses,
  evaluateGoal,
  fitEngagementModel,
  generateInsights,
  insightDigest,
  oauthAuthorizeUrl,
  openTokenSet,
  PlatformClient,
  optimizeContent,
  plan,
  predictEngagement,
  renderDigestHtml,
  scoreBrand,
  suggestHashtags,
  updateFeedback,
} from '../index.mjs'
import { ROOT, same } from './helpers.mjs'

const VECTORS = join(ROOT, 'core', 'tests', 'vectors')

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return files(path)
      return name.endsWith('.json') ? [path] : []
    })
}

/** `{ period, now, feedback?, config? }` of a generate_insights / insight_digest vector. */
function insightOptions(input) {
  const options = { period: input.period, now: input.now }
  if ('feedback' in input) options.feedback = input.feedback
  if ('config' in input) options.config = input.config
  return options
}

/** Each vector `function` (snake_case, as in the core) and how this binding calls it. */
const RUNNERS = {
  score_brand: (input) => {
    const options = { industry: input.industry, now: input.now }
    if ('config' in input) options.config = input.config
    return scoreBrand(input.snapshot, options)
  },
  compare_analyses: (input) => compareAnalyses(input.previous, input.current),
  evaluate_goal: (input) => evaluateGoal(input.goal, input.observations, input.now),
  best_times: (input) => {
    const options = { time_zone: input.time_zone, platform: input.platform, k: input.k }
    if ('followers' in input) options.followers = input.followers
    return bestTimes(input.posts, options)
  },
  plan: (input) => plan(input.drafts, input.platforms, input.window, input.rules),
  analyze_content: (input) => analyzeContent(input.text, input.platform),
  analyze_content_batch: (input) => analyzeContentBatch(input.texts, input.platform),
  fit_engagement_model: (input) => fitEngagementModel(input.history, input.options),
  predict_engagement: (input) =>
    predictEngagement(input.model, input.draft, input.platform, input.at, input.media_kind),
  suggest_hashtags: (input) => suggestHashtags(input.draft, input.history, input.k),
  optimize_content: (input) => optimizeContent(input.text, input.platform),
  generate_insights: (input) => generateInsights(input.input, insightOptions(input)),
  update_feedback: (input) => updateFeedback(input.state, input.events),
  insight_digest: (input) => insightDigest(input.input, insightOptions(input)),
  render_digest_html: (input) => renderDigestHtml(input.digest),
  oauth_authorize_url: (input) => oauthAuthorizeUrl(input.client, input.scopes, input.state, input.code_verifier),
  open_token_set: (input) => openTokenSet(input.vault, input.account, input.sealed),
  platform_capabilities: (input) => new PlatformClient(input.spec).capabilities(),
}

/**
 * Functions mapped above that have no shared vector, and why. The check below fails once one
 * gets a vector, so this list cannot go stale.
 */
const WITHOUT_VECTORS = {
  // Its output is a whole HTML document; insight/digest_* vectors pin the digest it renders,
  // and insight.test.mjs checks the HTML (charts, escaping, no script).
  render_digest_html: 'no shared vector pins the HTML',
}

/** Runs one vector's function; an unknown name fails the test instead of being skipped. */
function run(fn, input) {
  if (!Object.hasOwn(RUNNERS, fn)) throw new assert.AssertionError({ message: `unknown function ${fn}: map it in RUNNERS` })
  return RUNNERS[fn](input)
}

const all = files(VECTORS)
const docs = all.map((f) => JSON.parse(readFileSync(f, 'utf8')))

test('the shared vectors are there, each for a known function, each function with vectors', () => {
  assert.ok(all.length >= 20, `expected the shared vectors, found ${all.length}`)
  const unknown = docs.map((d, i) => [relative(VECTORS, all[i]), d.function]).filter(([, fn]) => !Object.hasOwn(RUNNERS, fn))
  assert.deepEqual(unknown, [], 'vectors naming a function this runner does not map')
  for (const fn of Object.keys(RUNNERS)) {
    const has = docs.some((d) => d.function === fn)
    if (Object.hasOwn(WITHOUT_VECTORS, fn)) assert.ok(!has, `${fn} has vectors now: remove it from WITHOUT_VECTORS`)
    else assert.ok(has, `no vector for ${fn}`)
  }
})

for (const [i, file] of all.entries()) {
  const doc = docs[i]
  test(`${relative(VECTORS, file)}: ${doc.description ?? ''}`, () => {
    if (doc.error) {
      let err
      try {
        run(doc.function, doc.input)
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e
        err = e
      }
      assert.ok(err, 'expected an error, got a result')
      assert.equal(err.code, doc.error.code, err.message)
      if (typeof doc.error.field === 'string') assert.equal(err.field, doc.error.field, err.message)
    } else {
      same(run(doc.function, doc.input), doc.expected)
    }
  })
}
