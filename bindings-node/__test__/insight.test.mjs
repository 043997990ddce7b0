// generateInsights, updateFeedback, insightDigest and renderDigestHtml: the demo account's
// weekly insights and digest, feedback that changes the ranking, escaping, and bad input.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'

import { generateInsights, insightDigest, renderDigestHtml, scoreBrand, updateFeedback } from '../index.mjs'
import { assertThrowsCode, demo, same } from './helpers.mjs'

const KINDS = ['trend', 'anomaly', 'top_post', 'cadence', 'achievement', 'goal', 'benchmark', 'recommendation']
const DAY = 86_400_000

/** `snapshot` as it was known at `at` (ms): posts published by then, series points up to that day. */
function snapshotAsOf(snapshot, at) {
  const day = new Date(at).toISOString().slice(0, 10)
  return {
    ...snapshot,
    posts: snapshot.posts.filter((p) => Date.parse(p.created_at) <= at),
    series: snapshot.series.map((s) => ({ ...s, points: s.points.filter((p) => p.date <= day) })),
  }
}

/**
 * The demo account's `InsightInput` as the main job builds it (examples/brand_report.rs): the
 * snapshot, its time zone and goals, the current analysis and the one from 7 days earlier.
 */
function demoInput(d = demo()) {
  const now = Date.parse(d.now)
  const weekAgo = now - 7 * DAY
  return {
    snapshot: d.snapshot,
    time_zone: d.time_zone,
    analysis: scoreBrand(d.snapshot, { industry: d.industry, now: d.now }),
    previous_analysis: scoreBrand(snapshotAsOf(d.snapshot, weekAgo), { industry: d.industry, now: new Date(weekAgo) }),
    goals: d.goals,
  }
}

const NOW = demo().now
const WEEK = { period: 'week', now: NOW }
const INPUT = demoInput()
const fresh = () => structuredClone(INPUT)

/** A seeded PRNG (mulberry32), so the mutation tests are the same on every run. */
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every [container, key] pair under `value` (arrays and objects). */
function slots(value, out = []) {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push([value, key])
      slots(value[key], out)
    }
  }
  return out
}

/**
 * `count` copies of `value`, each with one slot replaced: by a value of the same JSON type
 * (numbers at their edges, empty strings and arrays: still well-typed, probing the logic) or,
 * when `anyType`, by any value (probing the parsing).
 */
function* mutations(value, count, seed, anyType) {
  const next = rng(seed)
  const pick = (xs) => xs[Math.floor(next() * xs.length)]
  const sameType = (v) => {
    if (typeof v === 'number') return pick([0, -1, -1e9, 1e12, 0.5, 1e300, -0.0, 2 ** 53])
    if (typeof v === 'string') return pick(['', ' ', 'x', '<b>&amp;</b>', '\u0000', 'z'.repeat(5000), '2026-02-30'])
    if (typeof v === 'boolean') return !v
    if (Array.isArray(v)) return pick([[], v.slice(0, 1), [...v, ...v]])
    return v
  }
  const any = [null, -1, 0, 1.5, 1e308, '', 'x', [], {}, true, '<script>', [null], { a: 1 }]
  for (let i = 0; i < count; i++) {
    const copy = structuredClone(value)
    const all = slots(copy)
    const [obj, key] = pick(all)
    obj[key] = anyType ? pick(any) : sameType(obj[key])
    yield copy
  }
}

/** Runs `fn`: it returns or throws `invalid_input`; anything else (internal, a crash) fails. */
function returnsOrInvalid(fn) {
  try {
    return fn()
  } catch (e) {
    assert.ok(e instanceof Error, `not an Error: ${e}`)
    assert.equal(e.code, 'invalid_input', e.message)
    assert.equal(typeof e.field === 'string' || e.field === null, true)
    return undefined
  }
}

describe('generateInsights', () => {
  test('weekly insights of the demo account: ranked, each with evidence', () => {
    const insights = generateInsights(fresh(), WEEK)
    assert.ok(insights.length > 0)
    assert.ok(insights.length <= Math.max(8, insights.filter((i) => i.pinned).length))
    const kinds = new Set(insights.map((i) => i.kind))
    for (const kind of kinds) assert.ok(KINDS.includes(kind), kind)
    assert.ok(kinds.has('cadence'), 'the cadence insight is always there')
    assert.ok(kinds.has('benchmark') || kinds.has('recommendation'), 'the analysis gives benchmark or recommendation insights')
    assert.equal(new Set(insights.map((i) => i.id)).size, insights.length, 'ids are unique')
    for (const [n, i] of insights.entries()) {
      assert.match(i.id, /^\S+$/)
      assert.ok(i.title.length > 0 && i.body.length > 0, `insight ${n} is narrated`)
      assert.ok(i.evidence.length > 0, `insight ${n} (${i.kind}) has evidence`)
      for (const e of i.evidence) {
        assert.equal(typeof e.key, 'string')
        assert.ok(e.label.length > 0)
        assert.ok(Number.isFinite(e.value))
        assert.equal(typeof e.unit, 'string')
      }
      assert.ok(Array.isArray(i.actions))
      assert.ok(i.priority >= 0 && i.priority <= 1)
      assert.equal(i.pinned, i.kind === 'goal' || i.kind === 'achievement')
      // exactly the facts of its kind are set
      assert.deepEqual(Object.keys(i.facts).filter((k) => i.facts[k] !== null), [i.kind])
      assert.deepEqual(i.period, {
        period: 'week',
        first_day: '2026-11-16',
        last_day: '2026-11-22',
        days: 7,
        start: '2026-11-15T23:00:00Z',
        end: '2026-11-22T23:00:00Z',
        time_zone: 'Europe/Amsterdam',
      })
      if (n > 0) assert.ok(insights[n - 1].rank_score >= i.rank_score, 'sorted by rank_score')
    }
  })

  test('ids and output are stable across calls, a Date for now is the same, the input is untouched', () => {
    const input = fresh()
    const before = JSON.stringify(input)
    const a = generateInsights(input, WEEK)
    const b = generateInsights(input, { period: 'week', now: new Date(NOW) })
    same(b, a)
    assert.deepEqual(b.map((i) => i.id), a.map((i) => i.id))
    assert.equal(JSON.stringify(input), before)
    // the input after a trip through JSON (as a host stores it), and with Dates nested in it
    same(generateInsights(JSON.parse(before), WEEK), a)
    const dated = fresh()
    for (const p of dated.snapshot.posts) p.created_at = new Date(p.created_at)
    dated.analysis.analyzed_at = new Date(dated.analysis.analyzed_at)
    same(generateInsights(dated, WEEK), a)
    // an hour later the same local day: the same period, the same ids
    const later = generateInsights(input, { period: 'week', now: new Date(Date.parse(NOW) + 3_600_000) })
    assert.deepEqual(later.map((i) => i.id), a.map((i) => i.id))
  })

  test('a month is another period; a minimal input (snapshot and time zone) works', () => {
    const month = generateInsights(fresh(), { period: 'month', now: NOW })
    assert.ok(month.length > 0)
    for (const i of month) assert.equal(i.period.period, 'month')
    assert.equal(month[0].period.first_day, '2026-10-23')
    const d = demo()
    const bare = generateInsights({ snapshot: d.snapshot, time_zone: 'America/New_York' }, WEEK)
    assert.ok(bare.some((i) => i.kind === 'cadence'))
    assert.ok(!bare.some((i) => i.kind === 'benchmark' || i.kind === 'recommendation' || i.kind === 'goal'))
    assert.equal(bare[0].period.time_zone, 'America/New_York')
  })

  test('feedback and config: null, undefined and {} are the defaults; config applies', () => {
    const base = generateInsights(fresh(), WEEK)
    for (const extra of [{ feedback: null }, { feedback: undefined }, { feedback: {} }, { feedback: { preferences: [] } }, { config: null }, { config: {} }]) {
      same(generateInsights(fresh(), { ...WEEK, ...extra }), base)
    }
    // max_insights counts the pinned insights, which are returned even beyond it
    const pinned = base.filter((i) => i.pinned)
    assert.ok(pinned.length > 0, 'the demo has a goal insight')
    const three = generateInsights(fresh(), { ...WEEK, config: { max_insights: 3 } })
    assert.equal(three.length, Math.max(3, pinned.length))
    same(three, base.slice(0, three.length))
    const none = generateInsights(fresh(), { ...WEEK, config: { max_insights: 0 } })
    assert.deepEqual(none.map((i) => i.id), pinned.map((i) => i.id), 'pinned insights stay')
    const noRecs = generateInsights(fresh(), { ...WEEK, config: { max_recommendations: 0, max_insights: 50 } })
    assert.ok(!noRecs.some((i) => i.kind === 'recommendation'))
  })

  test('repeated not-helpful feedback on a kind lowers its rank in the next call', () => {
    const first = generateInsights(fresh(), WEEK)
    const target = first.find((i) => !i.pinned)
    assert.ok(target, 'an unpinned insight to give feedback on')
    const events = Array.from({ length: 6 }, () => ({ insight_id: target.id, kind: target.kind, signal: 'not_helpful' }))
    const state = updateFeedback({}, events)
    // the host stores the state as JSON and loads it back for the next run
    const stored = JSON.parse(JSON.stringify(state))
    assert.deepEqual(stored, state)
    const second = generateInsights(fresh(), { ...WEEK, feedback: stored })
    const again = second.find((i) => i.id === target.id)
    assert.ok(again, 'same facts, same id')
    assert.equal(again.priority, target.priority, 'feedback does not change the priority')
    assert.ok(again.rank_score < target.rank_score, `${again.rank_score} < ${target.rank_score}`)
    const pref = stored.preferences.find((p) => p.kind === target.kind)
    same(again.rank_score, target.priority * (0.5 + pref.alpha / (pref.alpha + pref.beta)))
    // and it does not move up
    assert.ok(second.indexOf(again) >= first.indexOf(target))
    // the other kinds are untouched
    for (const i of second.filter((x) => x.kind !== target.kind)) {
      same(i.rank_score, first.find((x) => x.id === i.id).rank_score)
    }
  })

  test('helpful feedback raises a kind; pinned insights are never demoted', () => {
    const first = generateInsights(fresh(), { ...WEEK, config: { max_insights: 2 } })
    const last = generateInsights(fresh(), { ...WEEK, config: { max_insights: 50 } }).at(-1)
    assert.ok(!first.some((i) => i.id === last.id), 'the weakest insight is cut at first')
    const state = updateFeedback(
      {},
      Array.from({ length: 40 }, () => ({ kind: last.kind, signal: 'helpful' })).concat(
        first.filter((i) => !i.pinned).map((i) => ({ kind: i.kind, signal: 'dismissed' })),
      ),
    )
    const boosted = generateInsights(fresh(), { ...WEEK, feedback: state, config: { max_insights: 50 } })
    const up = boosted.find((i) => i.id === last.id)
    assert.ok(up.rank_score > last.rank_score)
    // a user who never finds goal insights helpful still gets them, at full weight
    const pinned = first.filter((i) => i.pinned)
    assert.ok(pinned.length > 0)
    const noGoals = updateFeedback({}, Array.from({ length: 40 }, () => ({ kind: 'goal', signal: 'not_helpful' })))
    const still = generateInsights(fresh(), { ...WEEK, feedback: noGoals, config: { max_insights: 0 } })
    assert.deepEqual(still.map((i) => i.id), pinned.map((i) => i.id))
    for (const i of still) assert.equal(i.rank_score, i.priority)
  })

  test('achievements are granted once: pass their ids back', () => {
    const input = fresh()
    // A follower milestone halfway through the week's growth (16–22 November)
    const points = input.snapshot.series.find((s) => s.metric === 'followers').points
    const at = (day) => points.find((p) => p.date === day).value
    const milestone = Math.round((at('2026-11-15') + at('2026-11-22')) / 2)
    const config = { follower_milestones: [milestone] }
    const withNew = generateInsights(input, { ...WEEK, config })
    const ach = withNew.find((i) => i.kind === 'achievement')
    assert.ok(ach, 'a follower milestone crossed this week')
    assert.equal(ach.pinned, true)
    input.granted_achievements = [ach.facts.achievement.achievement_id]
    assert.equal(ach.facts.achievement.achievement, 'follower_milestone')
    assert.equal(ach.facts.achievement.threshold, milestone)
    const granted = generateInsights(input, { ...WEEK, config })
    assert.ok(!granted.some((i) => i.kind === 'achievement'))
  })

  test('bad input names the field', () => {
    const bad = (mutate, field, options = WEEK) => {
      const input = fresh()
      mutate(input)
      return assertThrowsCode(() => generateInsights(input, options), 'invalid_input', field)
    }
    // time zone
    const tz = bad((i) => (i.time_zone = 'Mars/Olympus_Mons'), 'time_zone')
    assert.match(tz.message, /Mars\/Olympus_Mons/)
    bad((i) => (i.time_zone = ''), 'time_zone')
    bad((i) => (i.time_zone = 42), 'time_zone')
    bad((i) => (i.time_zone = '\ud800'), 'time_zone')
    bad((i) => delete i.time_zone, 'input')
    // wrong types inside the input, paths as the core names them (no `input.` prefix)
    bad((i) => (i.snapshot.posts[0].metrics.likes = -3), 'snapshot.posts[0].metrics.likes')
    bad((i) => (i.snapshot.posts[2].metrics.likes = 'many'), 'snapshot.posts[2].metrics.likes')
    bad((i) => (i.snapshot.posts[1].created_at = 'last tuesday'), 'snapshot.posts[1].created_at')
    bad((i) => (i.snapshot.posts[1].created_at = new Date(NaN)), 'snapshot.posts[1].created_at')
    bad((i) => (i.snapshot.profile.platform = 'myspace'), 'snapshot.profile.platform')
    bad((i) => (i.goals = 'all of them'), 'goals')
    bad((i) => (i.goals[0].goal.metric = 'karma'), 'goals[0].goal.metric')
    bad((i) => (i.goals[0].observations[1].value = NaN), 'goals[0].observations[1].value')
    bad((i) => (i.analysis.overall = 140), 'analysis.overall')
    bad((i) => (i.previous_analysis.platform = 'x'), 'previous_analysis.platform')
    bad((i) => (i.granted_achievements = [7]), 'granted_achievements[0]')
    bad((i) => (i.posts_per_week_goal = -1), 'posts_per_week_goal')
    bad((i) => (i.posts_per_week_goal = 2.5), 'posts_per_week_goal')
    bad((i) => (i.timezone = 'UTC'), 'timezone')
    // the options
    const period = bad(() => {}, 'period', { period: 'year', now: NOW })
    assert.match(period.message, /week/)
    bad(() => {}, 'period', { period: 'Week', now: NOW })
    bad(() => {}, 'period', { period: 7, now: NOW })
    bad(() => {}, 'period', { now: NOW })
    bad(() => {}, 'period', { period: null, now: NOW })
    bad(() => {}, 'now', { period: 'week' })
    bad(() => {}, 'now', { period: 'week', now: 'yesterday' })
    bad(() => {}, 'now', { period: 'week', now: new Date('nope') })
    bad(() => {}, 'now', { period: 'week', now: 1763888400000 })
    bad(() => {}, 'feedback.preferences[0].alpha', { ...WEEK, feedback: { preferences: [{ kind: 'trend', alpha: -1, beta: 2 }] } })
    bad(() => {}, 'feedback.preferences[0].alpha', { ...WEEK, feedback: { preferences: [{ kind: 'trend', alpha: Infinity, beta: 2 }] } })
    bad(() => {}, 'feedback.preferences[0].kind', { ...WEEK, feedback: { preferences: [{ kind: 'gossip', alpha: 1, beta: 2 }] } })
    bad(() => {}, 'feedback', { ...WEEK, feedback: 'none' })
    bad(() => {}, 'config.max_insights', { ...WEEK, config: { max_insights: 1000 } })
    bad(() => {}, 'config.noise_k', { ...WEEK, config: { noise_k: 'high' } })
    bad(() => {}, 'config.follower_milestones[1]', { ...WEEK, config: { follower_milestones: [100, 0] } })
    bad(() => {}, 'confg', { ...WEEK, confg: {} })
  })

  test('garbage is invalid_input naming the argument, never a crash', () => {
    for (const garbage of [null, undefined, 'garbage', 42, true, [], {}, NaN, () => 1, Symbol('x'), 10n]) {
      assertThrowsCode(() => generateInsights(garbage, WEEK), 'invalid_input', 'input')
      assertThrowsCode(() => insightDigest(garbage, WEEK), 'invalid_input', 'input')
    }
    assertThrowsCode(() => generateInsights({ snapshot: null, time_zone: 'UTC' }, WEEK), 'invalid_input', 'snapshot')
    // serde reads a struct from an array too: its items are then named by index
    assertThrowsCode(() => generateInsights([1, 2], WEEK), 'invalid_input', 'input[0]')
    for (const garbage of [null, undefined, 'week', 42, NaN, () => 1]) {
      assertThrowsCode(() => generateInsights(fresh(), garbage), 'invalid_input', 'options')
    }
    assertThrowsCode(() => generateInsights(), 'invalid_input')
    // cyclic and absurdly deep
    const cyclic = fresh()
    cyclic.snapshot.profile.self = cyclic
    assertThrowsCode(() => generateInsights(cyclic, WEEK), 'invalid_input')
    let deep = []
    for (let i = 0; i < 10_000; i++) deep = [deep]
    assertThrowsCode(() => generateInsights({ ...fresh(), goals: deep }, WEEK), 'invalid_input')
  })

  test('mutated inputs return or throw invalid_input, never anything else', () => {
    const small = fresh()
    small.snapshot.posts = small.snapshot.posts.slice(-12)
    small.snapshot.series = small.snapshot.series.map((s) => ({ ...s, points: s.points.slice(-40) }))
    for (const input of mutations(small, 150, 1, false)) returnsOrInvalid(() => generateInsights(input, WEEK))
    for (const input of mutations(small, 150, 2, true)) returnsOrInvalid(() => generateInsights(input, WEEK))
  })
})

describe('updateFeedback', () => {
  test('folds events into per-kind Beta posteriors, in kind order', () => {
    const state = { preferences: [{ kind: 'trend', alpha: 3, beta: 2, events: 1 }] }
    const before = JSON.stringify(state)
    const next = updateFeedback(state, [
      { insight_id: 'a1', kind: 'anomaly', signal: 'dismissed' },
      { kind: 'trend', signal: 'helpful' },
      { kind: 'trend', signal: 'read' },
      { insight_id: null, kind: 'trend', signal: 'not_helpful' },
    ])
    assert.equal(JSON.stringify(state), before, 'the state passed in is not modified')
    assert.deepEqual(next, {
      preferences: [
        { kind: 'trend', alpha: 4.25, beta: 3, events: 4 },
        { kind: 'anomaly', alpha: 2, beta: 2.5, events: 1 },
      ],
    })
  })

  test('the empty state, no events, and a state that went through JSON', () => {
    assert.deepEqual(updateFeedback({}, []), { preferences: [] })
    assert.deepEqual(updateFeedback({ preferences: [] }, []), { preferences: [] })
    const events = KINDS.map((kind, i) => ({ kind, signal: ['helpful', 'not_helpful', 'read', 'dismissed'][i % 4] }))
    const once = updateFeedback({}, events)
    assert.deepEqual(once.preferences.map((p) => p.kind), KINDS)
    // in two steps through storage = in one step
    const half = JSON.parse(JSON.stringify(updateFeedback({}, events.slice(0, 3))))
    same(updateFeedback(half, events.slice(3)), once)
    // and the state is accepted by generateInsights as it is
    assert.ok(generateInsights(fresh(), { ...WEEK, feedback: JSON.parse(JSON.stringify(once)) }).length > 0)
  })

  test('old evidence fades: alpha + beta stays at most 50', () => {
    const state = updateFeedback({}, Array.from({ length: 500 }, () => ({ kind: 'cadence', signal: 'not_helpful' })))
    const [p] = state.preferences
    assert.equal(p.events, 500)
    assert.ok(p.alpha + p.beta <= 50 + 1e-9)
    assert.ok(p.alpha / (p.alpha + p.beta) < 0.1)
  })

  test('bad input names the field', () => {
    const ok = [{ kind: 'trend', signal: 'helpful' }]
    assertThrowsCode(() => updateFeedback({ preferences: [{ kind: 'trend', alpha: -1, beta: 2 }] }, ok), 'invalid_input', 'state.preferences[0].alpha')
    assertThrowsCode(() => updateFeedback({ preferences: [{ kind: 'trend', alpha: 1, beta: 0 }] }, ok), 'invalid_input', 'state.preferences[0].beta')
    assertThrowsCode(() => updateFeedback({ preferences: [{ kind: 'trend', alpha: NaN, beta: 2 }] }, ok), 'invalid_input', 'state.preferences[0].alpha')
    assertThrowsCode(
      () => updateFeedback({ preferences: [{ kind: 'trend', alpha: 1, beta: 2 }, { kind: 'trend', alpha: 1, beta: 2 }] }, ok),
      'invalid_input',
      'state.preferences[1].kind',
    )
    assertThrowsCode(() => updateFeedback({ preferences: [{ kind: 'trend', alpha: 1 }] }, ok), 'invalid_input', 'state.preferences[0]')
    assertThrowsCode(() => updateFeedback({ prefs: [] }, ok), 'invalid_input', 'state.prefs')
    assertThrowsCode(() => updateFeedback({}, [{ kind: 'gossip', signal: 'helpful' }]), 'invalid_input', 'events[0].kind')
    assertThrowsCode(() => updateFeedback({}, [...ok, { kind: 'trend', signal: 'meh' }]), 'invalid_input', 'events[1].signal')
    assertThrowsCode(() => updateFeedback({}, [...ok, { kind: 'trend' }]), 'invalid_input', 'events[1]')
    assertThrowsCode(() => updateFeedback({}, [{ kind: 'trend', signal: 'read', insight_id: 'x'.repeat(301) }]), 'invalid_input', 'events[0].insight_id')
    for (const garbage of [null, undefined, 'state', 3, true]) {
      assertThrowsCode(() => updateFeedback(garbage, ok), 'invalid_input', 'state')
    }
    for (const garbage of [null, undefined, 'helpful', {}, { kind: 'trend', signal: 'read' }]) {
      assertThrowsCode(() => updateFeedback({}, garbage), 'invalid_input', 'events')
    }
  })
})

describe('insightDigest and renderDigestHtml', () => {
  test('the demo weekly digest agrees with generateInsights', () => {
    const d = insightDigest(fresh(), WEEK)
    const insights = generateInsights(fresh(), WEEK)
    same(d.insights, insights.filter((i) => i.kind !== 'achievement'))
    same(d.achievements, insights.filter((i) => i.kind === 'achievement'))
    assert.equal(d.period_label, 'Week of 16–22 November 2026')
    assert.equal(d.account.handle, INPUT.snapshot.profile.handle)
    assert.ok(d.headline.length > 0)
    assert.ok(d.score !== null)
    same(d.score.overall, INPUT.analysis.overall)
    same(d.score.previous, INPUT.previous_analysis.overall)
    assert.equal(d.goals.length, INPUT.goals.length)
    assert.ok(d.plan.slots.length > 0)
    assert.equal(d.charts.heatmap.length, 168)
    assert.equal(d.charts.radar.length, 5)
    assert.ok(Array.isArray(d.granted_achievements))
    same(insightDigest(fresh(), { period: 'week', now: new Date(NOW) }), d)
  })

  test('renders to email-safe HTML with inline SVG charts, also from a stored digest', () => {
    const d = insightDigest(fresh(), WEEK)
    const html = renderDigestHtml(d)
    assert.equal(typeof html, 'string')
    assert.match(html, /^<!DOCTYPE html>/i)
    assert.ok(html.includes('<svg'))
    for (const chart of ['chart-radar', 'chart-followers', 'chart-engagement', 'chart-heatmap']) assert.ok(html.includes(chart), chart)
    assert.ok(!/<script/i.test(html))
    const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    assert.ok(html.includes(escape(d.headline)), 'the headline')
    for (const i of d.insights) assert.ok(html.includes(escape(i.title)), i.title)
    assert.equal(renderDigestHtml(JSON.parse(JSON.stringify(d))), html, 'deterministic, and a digest stored as JSON renders the same')
  })

  test('a post whose text contains <script> stays escaped', () => {
    const input = fresh()
    const top = generateInsights(input, WEEK).find((i) => i.kind === 'top_post')
    assert.ok(top, 'the demo week has a top post')
    const post = input.snapshot.posts.find((p) => p.id === top.facts.top_post.post_id)
    post.text = `<script>alert("owned")</script> <img src=x onerror=alert(1)> & more\n${post.text}`
    input.snapshot.profile.display_name = '<b onmouseover="x()">Ada</b>'
    const d = insightDigest(input, WEEK)
    assert.ok(JSON.stringify(d).includes('<script>alert'), 'the digest data keeps the text as written')
    const html = renderDigestHtml(d)
    assert.ok(!/<script/i.test(html), 'no script element')
    assert.ok(!/<img/i.test(html) && !/<b on/i.test(html), 'no injected element')
    assert.ok(html.includes('&lt;script&gt;'), 'the snippet is shown, escaped')
    assert.ok(html.includes('&lt;b onmouseover='), 'the display name is shown, escaped')
  })

  test('insightDigest has the errors of generateInsights', () => {
    const input = fresh()
    input.snapshot.posts[0].metrics.likes = -1
    assertThrowsCode(() => insightDigest(input, WEEK), 'invalid_input', 'snapshot.posts[0].metrics.likes')
    assertThrowsCode(() => insightDigest({ ...fresh(), time_zone: 'Nowhere/Land' }, WEEK), 'invalid_input', 'time_zone')
    assertThrowsCode(() => insightDigest(fresh(), { period: 'fortnight', now: NOW }), 'invalid_input', 'period')
    assertThrowsCode(() => insightDigest(fresh(), { period: 'week' }), 'invalid_input', 'now')
    assertThrowsCode(() => insightDigest(fresh(), { ...WEEK, config: { anomaly_z: 0 } }), 'invalid_input', 'config.anomaly_z')
    assertThrowsCode(() => insightDigest(fresh(), null), 'invalid_input', 'options')
  })

  test('renderDigestHtml: a malformed digest is invalid_input under digest', () => {
    const d = insightDigest(fresh(), WEEK)
    const bad = (mutate, field) => {
      const copy = structuredClone(d)
      mutate(copy)
      return assertThrowsCode(() => renderDigestHtml(copy), 'invalid_input', field)
    }
    bad((x) => (x.period.first_day = 'monday'), 'digest.period.first_day')
    bad((x) => (x.charts.heatmap[3] = 'hot'), 'digest.charts.heatmap[3]')
    bad((x) => (x.charts.heatmap[3] = NaN), 'digest.charts.heatmap[3]')
    bad((x) => (x.insights[0].kind = 'gossip'), 'digest.insights[0].kind')
    bad((x) => (x.account.platform = 'myspace'), 'digest.account.platform')
    bad((x) => delete x.headline, 'digest')
    bad((x) => (x.extra = 1), 'digest.extra')
    for (const garbage of [null, undefined, '<html>', 42, [], {}, () => 1]) {
      assertThrowsCode(() => renderDigestHtml(garbage), 'invalid_input', 'digest')
    }
  })

  test('well-typed odd digests render, never crash; mistyped ones are invalid_input', () => {
    const d = insightDigest(fresh(), WEEK)
    let rendered = 0
    for (const copy of mutations(d, 200, 3, false)) {
      const html = returnsOrInvalid(() => renderDigestHtml(copy))
      if (html !== undefined) {
        rendered++
        assert.ok(!/<script/i.test(html))
      }
    }
    assert.ok(rendered > 100, `most same-type mutations still render (${rendered})`)
    for (const copy of mutations(d, 150, 4, true)) returnsOrInvalid(() => renderDigestHtml(copy))
    // the empty charts of a new account
    const empty = insightDigest({ snapshot: { profile: { platform: 'x', handle: 'new' } }, time_zone: 'UTC' }, WEEK)
    assert.ok(renderDigestHtml(empty).includes('<svg'))
  })
})
