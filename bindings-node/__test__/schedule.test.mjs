// bestTimes and plan: happy paths on the demo account, Dates, every error naming its field,
// garbage input.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'

import { bestTimes, plan } from '../index.mjs'
import { assertThrowsCode, demo, same } from './helpers.mjs'

const TZ = 'Europe/Amsterdam'
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const PLATFORMS = ['linkedin', 'x', 'instagram']
const WINDOW = { start: '2026-03-02T00:00:00Z', end: '2026-03-16T00:00:00Z' }
const DRAFTS = [{ id: 'd0' }, { id: 'd1', platforms: ['linkedin', 'x'] }, { id: 'd2' }]

const best = (posts = demo().snapshot.posts, extra = {}) =>
  bestTimes(posts, { time_zone: TZ, platform: 'linkedin', k: 5, ...extra })

describe('bestTimes', () => {
  test("ranks the demo account's LinkedIn posts in Europe/Amsterdam", () => {
    const posts = demo().snapshot.posts
    const bt = best(posts)
    assert.equal(bt.platform, 'linkedin')
    assert.equal(bt.time_zone, TZ)
    assert.equal(bt.slots.length, 5)
    assert.equal(bt.grid.length, 168)
    assert.equal(bt.basis, 'impressions')
    assert.equal(bt.posts_used, posts.filter((p) => p.platform === 'linkedin').length)
    assert.ok(bt.posts_used > 0)
    assert.equal(bt.prior_weight, 10)
    assert.ok(bt.mean_rate > 0)
    // grid: Monday 00 to Sunday 23; slots best first
    assert.deepEqual(bt.grid.slice(0, 2).map((s) => [s.weekday, s.hour]), [['monday', 0], ['monday', 1]])
    assert.deepEqual([bt.grid[167].weekday, bt.grid[167].hour], ['sunday', 23])
    assert.equal(bt.grid.reduce((n, s) => n + s.posts, 0), bt.posts_used)
    for (let i = 1; i < bt.slots.length; i++) assert.ok(bt.slots[i - 1].expected_lift >= bt.slots[i].expected_lift)
    for (const s of bt.grid) {
      assert.ok(WEEKDAYS.includes(s.weekday))
      assert.ok(Number.isInteger(s.hour) && s.hour >= 0 && s.hour <= 23)
      assert.ok(s.confidence >= 0 && s.confidence <= 1)
      // snake_case keys, null (not undefined) without posts
      assert.ok('observed_lift' in s)
      if (s.posts === 0) assert.equal(s.observed_lift, null)
    }
    assert.ok(Array.isArray(bt.notes))
  })

  test('is deterministic and does not modify its input', () => {
    const posts = demo().snapshot.posts
    const before = JSON.stringify(posts)
    assert.deepEqual(best(posts), best(posts))
    assert.equal(JSON.stringify(posts), before)
  })

  test('no history: the platform prior; k bounds the slots; followers optional', () => {
    const bt = bestTimes([], { time_zone: 'America/New_York', platform: 'x', k: 3 })
    assert.equal(bt.slots.length, 3)
    assert.equal(bt.basis, null)
    assert.equal(bt.posts_used, 0)
    for (const s of bt.grid) assert.equal(s.expected_lift, s.prior_lift)
    assert.equal(best([], { k: 0 }).slots.length, 0)
    assert.equal(best([], { k: 500 }).slots.length, 168)
    same(best([], { followers: null }), best([], { followers: undefined }))
    same(best([], { followers: 1000 }), best([]))
  })

  test('posts with Date created_at give the same result', () => {
    const posts = demo().snapshot.posts
    const withDates = posts.map((p) => ({ ...p, created_at: new Date(p.created_at) }))
    same(best(withDates), best(posts))
  })

  test('errors name the field', () => {
    const err = assertThrowsCode(() => best(undefined, { time_zone: 'Mars/Base' }), 'invalid_input', 'time_zone')
    assert.match(err.message, /^time_zone: /)
    assertThrowsCode(() => best([], { time_zone: '' }), 'invalid_input', 'time_zone')
    assertThrowsCode(() => best([], { followers: -1 }), 'invalid_input', 'followers')
    const posts = demo().snapshot.posts
    posts[3].metrics.likes = -1
    assertThrowsCode(() => best(posts), 'invalid_input', 'posts[3].metrics.likes')
  })

  test('garbage input', () => {
    assertThrowsCode(() => best([], { platform: 'myspace' }), 'invalid_input', 'platform')
    assertThrowsCode(() => best([], { k: -1 }), 'invalid_input', 'k')
    assertThrowsCode(() => best([], { k: 1.5 }), 'invalid_input', 'k')
    assertThrowsCode(() => best([], { k: NaN }), 'invalid_input', 'k')
    assertThrowsCode(() => best([], { k: '5' }), 'invalid_input', 'k')
    assertThrowsCode(() => best([], { time_zone: 42 }), 'invalid_input', 'time_zone')
    assertThrowsCode(() => best([], { followers: Infinity }), 'invalid_input', 'followers')
    assertThrowsCode(() => best([], { timezone: TZ }), 'invalid_input') // unknown key
    assertThrowsCode(() => bestTimes([], { platform: 'linkedin', k: 5 }), 'invalid_input') // missing time_zone
    assertThrowsCode(() => bestTimes([], null), 'invalid_input')
    assertThrowsCode(() => bestTimes([]), 'invalid_input')
    assertThrowsCode(() => bestTimes(), 'invalid_input', 'posts')
    assertThrowsCode(() => best(null), 'invalid_input', 'posts')
    assertThrowsCode(() => best({}), 'invalid_input', 'posts')
    assertThrowsCode(() => best('posts'), 'invalid_input', 'posts')
    assertThrowsCode(() => best([{}]), 'invalid_input', 'posts[0]')
    const a = demo().snapshot.posts
    a[2].created_at = 'yesterday'
    assertThrowsCode(() => best(a), 'invalid_input', 'posts[2].created_at')
    const b = demo().snapshot.posts
    b[1].created_at = new Date(NaN)
    assertThrowsCode(() => best(b), 'invalid_input', 'posts[1].created_at')
    const c = demo().snapshot.posts
    c[0].metrics.impressions = 10n
    assertThrowsCode(() => best(c), 'invalid_input', 'posts[0].metrics.impressions')
    const d = demo().snapshot.posts
    d[0].self = d
    assertThrowsCode(() => best(d), 'invalid_input')
    // a lone surrogate in a zone name is invalid_input, not a crash
    assertThrowsCode(() => best([], { time_zone: 'Europe/\ud800' }), 'invalid_input', 'time_zone')
  })
})

describe('plan', () => {
  test('a 3-platform plan in Europe/Amsterdam', () => {
    const linkedin = best()
    const rules = {
      time_zone: TZ,
      best_times: [{ platform: 'linkedin', slots: linkedin.slots.map(({ weekday, hour }) => ({ weekday, hour })) }],
    }
    const p = plan(DRAFTS, PLATFORMS, WINDOW, rules)
    assert.equal(p.time_zone, TZ)
    // d0 and d2 on all three, d1 on two
    assert.equal(p.scheduled.length + p.unscheduled.length, 8)
    assert.equal(p.unscheduled.length, 0, JSON.stringify(p.unscheduled))
    const minutes = new Set()
    for (const s of p.scheduled) {
      assert.ok(PLATFORMS.includes(s.platform))
      const at = Date.parse(s.at)
      assert.ok(at >= Date.parse(WINDOW.start) && at < Date.parse(WINDOW.end))
      assert.equal(Date.parse(s.local_time), at)
      assert.match(s.local_time, /\+0[12]:00$/)
      assert.ok(['best_times', 'prior', 'fallback'].includes(s.source))
      assert.ok(!minutes.has(at), 'no two posts in the same minute')
      minutes.add(at)
    }
    for (let i = 1; i < p.scheduled.length; i++) {
      assert.ok(Date.parse(p.scheduled[i - 1].at) <= Date.parse(p.scheduled[i].at), 'time order')
    }
    assert.ok(p.scheduled.some((s) => s.platform === 'linkedin' && s.source === 'best_times'))
    assert.ok(p.scheduled.some((s) => s.platform === 'x' && s.source === 'prior'))
    assert.deepEqual(p.scheduled.filter((s) => s.draft_id === 'd1').map((s) => s.platform).sort(), ['linkedin', 'x'])
    // per-platform gap of 4 h (the default)
    for (const platform of PLATFORMS) {
      const times = p.scheduled.filter((s) => s.platform === platform).map((s) => Date.parse(s.at))
      for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 240 * 60_000)
    }
    assert.deepEqual(plan(DRAFTS, PLATFORMS, WINDOW, rules), p, 'deterministic')
  })

  test('Dates for window.start and window.end', () => {
    const rules = { time_zone: TZ }
    const fromStrings = plan(DRAFTS, PLATFORMS, WINDOW, rules)
    const fromDates = plan(DRAFTS, PLATFORMS, { start: new Date(WINDOW.start), end: new Date(WINDOW.end) }, rules)
    same(fromDates, fromStrings)
    assert.ok(fromDates.scheduled.length > 0)
  })

  test('what cannot be placed is listed, not thrown', () => {
    const p = plan([{ id: 'a', platforms: ['tiktok'] }, { id: 'b' }], [], WINDOW, { time_zone: TZ })
    assert.deepEqual(p.scheduled, [])
    assert.deepEqual(
      p.unscheduled.map((u) => [u.draft_id, u.platform, u.reason]),
      [['a', 'tiktok', 'platform_not_planned'], ['b', null, 'no_platform']],
    )
    const tight = plan(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      ['linkedin'],
      { start: '2026-03-02T09:00:00Z', end: '2026-03-02T12:00:00Z' },
      { time_zone: TZ, max_per_day: 1 },
    )
    assert.ok(tight.unscheduled.some((u) => u.reason === 'no_free_slot'))
  })

  test('errors name the field', () => {
    const err = assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: 'Mars/Base' }), 'invalid_input', 'rules.time_zone')
    assert.match(err.message, /^rules\.time_zone: /)
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: TZ, max_per_day: 0 }), 'invalid_input', 'rules.max_per_day')
    assertThrowsCode(
      () => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: TZ, best_times: [{ platform: 'x', slots: [{ weekday: 'monday', hour: 24 }] }] }),
      'invalid_input',
      'rules.best_times[0].slots[0].hour',
    )
    assertThrowsCode(() => plan(DRAFTS, ['x', 'linkedin', 'x'], WINDOW, { time_zone: TZ }), 'invalid_input', 'platforms[2]')
    assertThrowsCode(() => plan([{ id: 'a' }, { id: 'a' }], PLATFORMS, WINDOW, { time_zone: TZ }), 'invalid_input', 'drafts[1].id')
    assertThrowsCode(() => plan([{ id: ' ' }], PLATFORMS, WINDOW, { time_zone: TZ }), 'invalid_input', 'drafts[0].id')
    assertThrowsCode(
      () => plan(DRAFTS, PLATFORMS, { start: WINDOW.end, end: WINDOW.start }, { time_zone: TZ }),
      'invalid_input',
      'window.end',
    )
    assertThrowsCode(
      () => plan(DRAFTS, PLATFORMS, { start: WINDOW.start, end: '2028-01-01T00:00:00Z' }, { time_zone: TZ }),
      'invalid_input',
      'window.end',
    )
  })

  test('garbage input', () => {
    const rules = { time_zone: TZ }
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, { start: new Date(NaN), end: WINDOW.end }, rules), 'invalid_input', 'window.start')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, { start: 'monday', end: WINDOW.end }, rules), 'invalid_input', 'window.start')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, { start: WINDOW.start }, rules), 'invalid_input', 'window')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, { ...WINDOW, tz: TZ }, rules), 'invalid_input', 'window.tz')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: TZ, min_gap: 5 }), 'invalid_input', 'rules.min_gap')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, {}), 'invalid_input', 'rules')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: TZ, max_per_day: -1 }), 'invalid_input', 'rules.max_per_day')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: TZ, max_per_day: NaN }), 'invalid_input', 'rules.max_per_day')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW, { time_zone: TZ, min_gap_minutes: 1e12 }), 'invalid_input', 'rules.min_gap_minutes')
    assertThrowsCode(() => plan(DRAFTS, ['myspace'], WINDOW, rules), 'invalid_input', 'platforms[0]')
    assertThrowsCode(() => plan(DRAFTS, 'linkedin', WINDOW, rules), 'invalid_input', 'platforms')
    assertThrowsCode(() => plan([{ id: 7 }], PLATFORMS, WINDOW, rules), 'invalid_input', 'drafts[0].id')
    assertThrowsCode(() => plan([{ id: 'a', platform: 'x' }], PLATFORMS, WINDOW, rules), 'invalid_input', 'drafts[0].platform')
    assertThrowsCode(() => plan(null, PLATFORMS, WINDOW, rules), 'invalid_input', 'drafts')
    assertThrowsCode(() => plan(DRAFTS, PLATFORMS, WINDOW), 'invalid_input', 'rules')
    assertThrowsCode(() => plan(), 'invalid_input', 'drafts')
    assertThrowsCode(() => plan([{ id: () => 'a' }], PLATFORMS, WINDOW, rules), 'invalid_input', 'drafts[0].id')
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: `d${i}` }))
    assertThrowsCode(() => plan(many, PLATFORMS, WINDOW, rules), 'invalid_input', 'drafts')
  })
})
