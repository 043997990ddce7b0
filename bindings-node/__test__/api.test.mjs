// Every exported function: happy path on the demo account, every error code, garbage input,
// Date acceptance, lone surrogates, and a panic that must not kill Node.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

import binding, {
  analyzeContent,
  analyzeContentBatch,
  bestTimes,
  compareAnalyses,
  evaluateGoal,
  fitEngagementModel,
  generateInsights,
  insightDigest,
  oauthAuthorizeUrl,
  oauthExchangeCode,
  oauthRefresh,
  oauthStart,
  openTokenSet,
  optimizeContent,
  TokenManager,
  PlatformClient,
  plan,
  predictEngagement,
  renderDigestHtml,
  scoreBrand,
  sealTokenSet,
  suggestHashtags,
  updateFeedback,
} from '../index.mjs'
import { assertThrowsCode, demo, same } from './helpers.mjs'

const require = createRequire(import.meta.url)
const DIMENSIONS = ['presence', 'visibility', 'engagement', 'network', 'consistency']

/** The demo account as it was `weeks` weeks before its `now` (later posts and points dropped). */
function weeksBefore(d, weeks) {
  const now = new Date(Date.parse(d.now) - weeks * 7 * 86_400_000)
  const iso = now.toISOString()
  const snapshot = {
    ...d.snapshot,
    posts: d.snapshot.posts.filter((p) => Date.parse(p.created_at) <= now.getTime()),
    series: d.snapshot.series.map((s) => ({ ...s, points: s.points.filter((p) => p.date <= iso.slice(0, 10)) })),
  }
  return { ...d, now: iso, snapshot }
}

const score = (d = demo(), extra = {}) => scoreBrand(d.snapshot, { industry: d.industry, now: d.now, ...extra })

describe('entry points', () => {
  test('CommonJS and ESM export the same functions', () => {
    const cjs = require('../index.js')
    assert.equal(cjs.scoreBrand, scoreBrand)
    assert.equal(cjs.compareAnalyses, compareAnalyses)
    assert.equal(cjs.evaluateGoal, evaluateGoal)
    assert.equal(cjs.bestTimes, bestTimes)
    assert.equal(cjs.plan, plan)
    assert.equal(cjs.analyzeContent, analyzeContent)
    assert.equal(cjs.analyzeContentBatch, analyzeContentBatch)
    assert.equal(cjs.fitEngagementModel, fitEngagementModel)
    assert.equal(cjs.predictEngagement, predictEngagement)
    assert.equal(cjs.suggestHashtags, suggestHashtags)
    assert.equal(cjs.optimizeContent, optimizeContent)
    assert.equal(cjs.generateInsights, generateInsights)
    assert.equal(cjs.updateFeedback, updateFeedback)
    assert.equal(cjs.insightDigest, insightDigest)
    assert.equal(cjs.renderDigestHtml, renderDigestHtml)
    assert.equal(cjs.oauthAuthorizeUrl, oauthAuthorizeUrl)
    assert.equal(cjs.oauthStart, oauthStart)
    assert.equal(cjs.oauthExchangeCode, oauthExchangeCode)
    assert.equal(cjs.oauthRefresh, oauthRefresh)
    assert.equal(cjs.sealTokenSet, sealTokenSet)
    assert.equal(cjs.openTokenSet, openTokenSet)
    assert.equal(cjs.TokenManager, TokenManager)
    assert.equal(cjs.PlatformClient, PlatformClient)
    assert.equal(binding, cjs)
  })

  test('the test hooks are hidden from enumeration', () => {
    assert.deepEqual(Object.keys(binding).sort(), [
      'PlatformClient',
      'TokenManager',
      'analyzeContent',
      'analyzeContentBatch',
      'bestTimes',
      'compareAnalyses',
      'evaluateGoal',
      'fitEngagementModel',
      'generateInsights',
      'insightDigest',
      'oauthAuthorizeUrl',
      'oauthExchangeCode',
      'oauthRefresh',
      'oauthStart',
      'openTokenSet',
      'optimizeContent',
      'plan',
      'predictEngagement',
      'renderDigestHtml',
      'scoreBrand',
      'sealTokenSet',
      'suggestHashtags',
      'updateFeedback',
    ])
    assert.equal(typeof binding._triggerPanic, 'function')
    assert.equal(typeof binding._throwExampleError, 'function')
    assert.equal(typeof binding._triggerPanicAsync, 'function')
    assert.equal(typeof binding._rejectExampleError, 'function')
  })

  test('the ESM entry exports exactly the CommonJS functions', async () => {
    const esm = await import('../index.mjs')
    const named = Object.keys(esm).filter((k) => k !== 'default').sort()
    assert.deepEqual(named, Object.keys(binding).sort())
  })

  test('the async functions return Promises; the sync ones do not', () => {
    const ASYNC = new Set(['oauthExchangeCode', 'oauthRefresh'])
    for (const [name, fn] of Object.entries(binding)) {
      assert.equal(fn.constructor.name === 'AsyncFunction', ASYNC.has(name), name)
    }
  })
})

describe('scoreBrand', () => {
  test('scores the demo account', () => {
    const d = demo()
    const a = score(d)
    assert.ok(a.overall >= 0 && a.overall <= 100)
    assert.equal(a.platform, 'linkedin')
    assert.equal(a.industry, 'technology')
    assert.equal(a.analyzed_at, '2026-11-23T09:00:00Z')
    assert.deepEqual(a.dimensions.map((x) => x.dimension), DIMENSIONS)
    assert.ok(a.recommendations.length > 0 && a.recommendations.length <= 5)
    for (const r of a.recommendations) assert.equal(typeof r.expected_gain, 'number')
    // snake_case keys, nulls (not undefined) for missing values
    assert.ok('engagement_basis' in a)
    const factor = a.dimensions[0].factors[0]
    assert.ok('benchmark_median' in factor)
    assert.notEqual(factor.benchmark_median, undefined)
  })

  test('is deterministic and does not modify its input', () => {
    const d = demo()
    const before = JSON.stringify(d.snapshot)
    assert.deepEqual(score(d), score(d))
    assert.equal(JSON.stringify(d.snapshot), before)
  })

  test('accepts a Date for now, and Dates nested in the snapshot', () => {
    const d = demo()
    const fromString = score(d)
    const fromDate = scoreBrand(d.snapshot, { industry: d.industry, now: new Date(d.now) })
    same(fromDate, fromString)
    const withDates = demo()
    for (const post of withDates.snapshot.posts) post.created_at = new Date(post.created_at)
    withDates.snapshot.profile.created_at = new Date(withDates.snapshot.profile.created_at)
    same(score(withDates), fromString)
  })

  test('config: null, undefined and {} are the default; a custom config applies', () => {
    const d = demo()
    const base = score(d)
    same(score(d, { config: null }), base)
    same(score(d, { config: undefined }), base)
    same(score(d, { config: {} }), base)
    const two = score(d, { config: { max_recommendations: 2 } })
    assert.equal(two.recommendations.length, 2)
  })

  test('core validation errors carry the field path', () => {
    const d = demo()
    d.snapshot.posts[3].metrics.likes = -1
    const err = assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.posts[3].metrics.likes')
    assert.match(err.message, /^snapshot\.posts\[3\]\.metrics\.likes: /)
    assertThrowsCode(() => score(demo(), { industry: '' }), 'invalid_input', 'industry')
    assertThrowsCode(() => score(demo(), { config: { window_weeks: 0 } }), 'invalid_input', 'config.window_weeks')
  })

  test('wrong types name the field', () => {
    const d = demo()
    d.snapshot.posts[3].created_at = 5
    assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.posts[3].created_at')
    const e = demo()
    e.snapshot.profile.followers = 'many'
    assertThrowsCode(() => score(e), 'invalid_input', 'snapshot.profile.followers')
    const f = demo()
    f.snapshot.profile.has_photo = 'yes'
    assertThrowsCode(() => score(f), 'invalid_input', 'snapshot.profile.has_photo')
    const g = demo()
    g.snapshot.posts[0].metrics.likes = 1.5
    assertThrowsCode(() => score(g), 'invalid_input', 'snapshot.posts[0].metrics.likes')
    assertThrowsCode(() => score(demo(), { industry: 42 }), 'invalid_input', 'industry')
    assertThrowsCode(() => score(demo(), { now: 'yesterday' }), 'invalid_input', 'now')
  })

  test('missing fields and unknown fields', () => {
    const d = demo()
    delete d.snapshot.profile.handle
    const err = assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.profile')
    assert.match(err.message, /handle/)
    assertThrowsCode(() => scoreBrand(demo().snapshot, { industry: 'all' }), 'invalid_input')
    const e = demo()
    e.snapshot.profile.folowers = 3
    const typo = assertThrowsCode(() => score(e), 'invalid_input', 'snapshot.profile.folowers')
    assert.doesNotMatch(typo.message, /line \d+ column/, 'no JSON positions: the caller passed objects')
    assertThrowsCode(() => score(demo(), { confg: {} }), 'invalid_input')
  })

  test('unknown platform', () => {
    const d = demo()
    d.snapshot.profile.platform = 'myspace'
    const err = assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.profile.platform')
    assert.match(err.message, /myspace/)
  })

  test('NaN and Infinity are rejected, not turned into null', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const d = demo()
      d.snapshot.posts[2].metrics.impressions = bad
      const err = assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.posts[2].metrics.impressions')
      assert.match(err.message, /finite/)
    }
    const d = demo()
    d.snapshot.profile.followers = NaN // an optional count: null would silently mean "not reported"
    assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.profile.followers')
  })

  test('null, undefined and non-JSON values', () => {
    const d = demo()
    assertThrowsCode(() => scoreBrand(null, { industry: 'all', now: d.now }), 'invalid_input', 'snapshot')
    assertThrowsCode(() => scoreBrand(undefined, { industry: 'all', now: d.now }), 'invalid_input', 'snapshot')
    assertThrowsCode(() => scoreBrand(d.snapshot, null), 'invalid_input')
    assertThrowsCode(() => scoreBrand(d.snapshot), 'invalid_input')
    assertThrowsCode(() => scoreBrand(), 'invalid_input')
    assertThrowsCode(() => scoreBrand('snapshot', { industry: 'all', now: d.now }), 'invalid_input', 'snapshot')
    assertThrowsCode(() => scoreBrand([], { industry: 'all', now: d.now }), 'invalid_input', 'snapshot')
    assertThrowsCode(() => score(demo(), { now: null }), 'invalid_input', 'now')
    const b = demo()
    b.snapshot.profile.followers = 10n
    assertThrowsCode(() => score(b), 'invalid_input', 'snapshot.profile.followers')
    const f = demo()
    f.snapshot.profile.headline = () => 'hi'
    assertThrowsCode(() => score(f), 'invalid_input', 'snapshot.profile.headline')
    const s = demo()
    s.snapshot.posts[1].text = Symbol('x')
    assertThrowsCode(() => score(s), 'invalid_input', 'snapshot.posts[1].text')
  })

  test('cyclic and absurdly deep input is rejected, not a stack overflow', () => {
    const d = demo()
    d.snapshot.profile.self = d.snapshot
    assertThrowsCode(() => score(d), 'invalid_input')
    let deep = []
    for (let i = 0; i < 10_000; i++) deep = [deep]
    const e = demo()
    e.snapshot.profile.skills = deep
    assertThrowsCode(() => score(e), 'invalid_input')
  })

  test('a 2 MB post text is invalid_input', () => {
    const d = demo()
    d.snapshot.posts[0].text = 'x'.repeat(2 * 1024 * 1024)
    const err = assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.posts[0].text')
    assert.ok(err.message.length < 1000, 'the message does not echo the text')
  })

  test('invalid Date is invalid_input', () => {
    assertThrowsCode(() => score(demo(), { now: new Date('nope') }), 'invalid_input', 'now')
    const d = demo()
    d.snapshot.posts[4].created_at = new Date(NaN)
    assertThrowsCode(() => score(d), 'invalid_input', 'snapshot.posts[4].created_at')
  })

  test('lone surrogates do not crash', () => {
    for (const text of ['\ud800', 'a\udfffb', 'emoji \ud83d\ude00 ok', '\ud83d']) {
      const d = demo()
      d.snapshot.posts[0].text = text
      d.snapshot.profile.headline = text
      try {
        const a = score(d)
        assert.ok(a.overall >= 0)
      } catch (e) {
        assert.equal(e.code, 'invalid_input', e.message)
      }
    }
    // a well-formed astral character is fine
    const d = demo()
    d.snapshot.profile.headline = 'Data \ud83d\ude80 lead'
    assert.ok(score(d).overall >= 0)
    // as industry or handle too
    assertThrowsCode(() => score(demo(), { industry: '\udc00' }), 'invalid_input', 'industry')
  })
})

describe('compareAnalyses', () => {
  test('compares two analyses of the demo account', () => {
    const d = demo()
    const current = score(d)
    const previous = score(weeksBefore(d, 2))
    const c = compareAnalyses(previous, current)
    assert.equal(c.days_between, 14)
    assert.deepEqual(c.dimensions.map((x) => x.dimension), DIMENSIONS)
    assert.ok(['improved', 'steady', 'declined', 'unknown'].includes(c.overall_trend))
    same(c.overall_delta, current.overall - previous.overall)
    const self = compareAnalyses(current, current)
    assert.equal(self.overall_trend, 'steady')
    assert.equal(self.biggest_gain, null)
  })

  test('accepts an analysis that went through JSON, and a Date for analyzed_at', () => {
    const a = score()
    const stored = JSON.parse(JSON.stringify(a))
    stored.analyzed_at = new Date(Date.parse(a.analyzed_at) - 86_400_000)
    assert.equal(compareAnalyses(stored, a).days_between, 1)
  })

  test('errors', () => {
    const a = score()
    const b = JSON.parse(JSON.stringify(a))
    b.platform = 'x'
    assertThrowsCode(() => compareAnalyses(a, b), 'invalid_input', 'current.platform')
    assertThrowsCode(() => compareAnalyses({}, a), 'invalid_input', 'previous')
    assertThrowsCode(() => compareAnalyses(a, null), 'invalid_input', 'current')
    assertThrowsCode(() => compareAnalyses(a), 'invalid_input', 'current')
    const c = JSON.parse(JSON.stringify(a))
    c.overall = NaN
    assertThrowsCode(() => compareAnalyses(a, c), 'invalid_input', 'current.overall')
    const e = JSON.parse(JSON.stringify(a))
    e.dimensions[1].dimension = 'charisma'
    assertThrowsCode(() => compareAnalyses(e, a), 'invalid_input', 'previous.dimensions[1].dimension')
  })
})

describe('evaluateGoal', () => {
  test('evaluates the demo goals', () => {
    const d = demo()
    for (const { goal, observations } of d.goals) {
      const p = evaluateGoal(goal, observations, d.now)
      assert.equal(p.goal_id, goal.id ?? null)
      assert.ok(['not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed'].includes(p.status))
      assert.equal(p.milestones.length, 4)
      assert.ok(Number.isFinite(p.progress))
      same(evaluateGoal(goal, observations, new Date(d.now)), p)
    }
  })

  test('Dates inside the goal and the observations', () => {
    const d = demo()
    const { goal, observations } = d.goals[0]
    const expected = evaluateGoal(goal, observations, d.now)
    const g = { ...goal, start: new Date(goal.start), deadline: new Date(goal.deadline) }
    const obs = observations.map((o) => ({ ...o, at: new Date(o.at) }))
    same(evaluateGoal(g, obs, new Date(d.now)), expected)
  })

  test('errors', () => {
    const d = demo()
    const { goal, observations } = d.goals[0]
    const neg = observations.map((o) => ({ ...o }))
    neg[1].value = goal.metric === 'custom' ? NaN : -5
    assertThrowsCode(() => evaluateGoal(goal, neg, d.now), 'invalid_input', 'observations[1].value')
    assertThrowsCode(() => evaluateGoal({ ...goal, metric: 'karma' }, observations, d.now), 'invalid_input', 'goal.metric')
    assertThrowsCode(() => evaluateGoal({ ...goal, target: goal.baseline }, observations, d.now), 'invalid_input')
    assertThrowsCode(() => evaluateGoal(goal, observations, 'soon'), 'invalid_input', 'now')
    assertThrowsCode(() => evaluateGoal(goal, observations), 'invalid_input', 'now')
    assertThrowsCode(() => evaluateGoal(goal, {}, d.now), 'invalid_input', 'observations')
    assertThrowsCode(() => evaluateGoal(null, observations, d.now), 'invalid_input', 'goal')
    assertThrowsCode(() => evaluateGoal(goal, [{ at: d.now }], d.now), 'invalid_input', 'observations[0]')
    assertThrowsCode(() => evaluateGoal(goal, [{ at: d.now, value: Infinity }], d.now), 'invalid_input', 'observations[0].value')
  })
})

describe('error codes', () => {
  // [code, retryAfter, status, retryable] of brandpilot::Error::example
  const examples = [
    ['invalid_input', null, null, false],
    ['internal', null, null, false],
    ['rate_limited', 1.5, null, true],
    ['upstream', 2, 503, true],
    ['upstream_unavailable', 0.25, null, true],
    ['timeout', null, null, true],
    ['network', null, null, true],
    ['invalid_response', null, 200, false],
    ['reauth_required', null, null, false],
    ['storage', null, null, true],
    ['unsupported', null, null, false],
  ]
  for (const [code, retryAfter, status, retryable] of examples) {
    test(`${code} reaches JS with its properties`, () => {
      const err = assertThrowsCode(() => binding._throwExampleError(code), code)
      assert.ok(err instanceof Error)
      assert.equal(err.retryAfter, retryAfter)
      assert.equal(err.status, status)
      assert.equal(err.retryable, retryable)
      assert.match(err.message, new RegExp(`example ${code} error`))
    })
  }
  test('an unknown example code is invalid_input', () => {
    assertThrowsCode(() => binding._throwExampleError('nope'), 'invalid_input', 'code')
  })
})

describe('internal errors', () => {
  test('a panic is a thrown Error with code internal, and Node survives', () => {
    const err = assertThrowsCode(() => binding._triggerPanic(), 'internal', null)
    assert.match(err.message, /panic/)
    // the addon still works afterwards
    assert.ok(score().overall >= 0)
  })
})
