// fitEngagementModel and predictEngagement: fit on the demo account, predict, the model
// surviving a trip through JSON, tampered models, options, Dates, and garbage input.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'

import { fitEngagementModel, predictEngagement } from '../index.mjs'
import { assertThrowsCode, demo, same } from './helpers.mjs'

const DRAFT = 'Our data quality checklist, free to copy.\n\nWhich check would you add first? #dataengineering'
const AT = '2026-11-24T07:15:00Z'
const OPTIONS = { time_zone: 'Europe/Amsterdam' }

const history = () => demo().snapshot.posts
const fitted = fitEngagementModel(history(), OPTIONS)
const stored = () => JSON.parse(JSON.stringify(fitted))

/** Rates are engagements ÷ impressions: within 0–1, low ≤ rate ≤ high. */
function assertPrediction(p) {
  assert.ok(p.low >= 0 && p.low <= p.engagement_rate, `low ${p.low} <= ${p.engagement_rate}`)
  assert.ok(p.engagement_rate <= p.high && p.high <= 1, `${p.engagement_rate} <= high ${p.high}`)
  assert.equal(p.coverage, 0.8)
  assert.ok(p.contributions.length > 0 && p.contributions.length <= 5)
  const effects = p.contributions.map((c) => Math.abs(c.effect))
  assert.deepEqual(effects, [...effects].sort((a, b) => b - a), 'largest |effect| first')
  for (const c of p.contributions) assert.ok(fitted.feature_names.includes(c.feature), c.feature)
}

describe('fitEngagementModel', () => {
  test('fits the demo account', () => {
    const m = fitted
    const usable = history().filter((p) => (p.metrics.impressions ?? 0) > 0)
    assert.ok(usable.length >= 10)
    assert.equal(m.n_train, usable.length)
    assert.equal(m.time_zone, 'Europe/Amsterdam')
    assert.deepEqual(m.platforms, ['linkedin'])
    assert.equal(m.format_version, 1)
    for (const key of ['means', 'scales', 'feature_min', 'feature_max', 'weights']) {
      assert.equal(m[key].length, m.feature_names.length, key)
      assert.ok(m[key].every(Number.isFinite), key)
    }
    assert.ok(m.scales.every((s) => s > 0))
    assert.ok(m.cross_validation.folds >= 2 && m.cross_validation.folds <= 5)
    assert.ok(m.cross_validation.mae >= 0 && m.cross_validation.baseline_mae >= 0)
    assert.ok(m.mean_engagement_rate > 0 && m.mean_engagement_rate < 1)
    assert.ok(Array.isArray(m.notes))
  })

  test('is deterministic and leaves its input alone', () => {
    const h = history()
    const before = JSON.stringify(h)
    same(fitEngagementModel(h, OPTIONS), fitted)
    assert.equal(JSON.stringify(h), before)
  })

  test('options: undefined, null and {} are the default (UTC, 5 folds)', () => {
    const base = fitEngagementModel(history())
    assert.equal(base.time_zone, 'UTC')
    assert.equal(base.cross_validation.folds, 5)
    same(fitEngagementModel(history(), null), base)
    same(fitEngagementModel(history(), undefined), base)
    same(fitEngagementModel(history(), {}), base)
    const custom = fitEngagementModel(history(), { folds: 3, lambdas: [1] })
    assert.equal(custom.cross_validation.folds, 3)
    assert.equal(custom.chosen_lambda, 1)
  })

  test('Dates in the history are the same as their ISO strings', () => {
    const h = history().map((p) => ({ ...p, created_at: new Date(p.created_at) }))
    same(fitEngagementModel(h, OPTIONS), fitted)
  })

  test('options errors name options.*', () => {
    assertThrowsCode(() => fitEngagementModel(history(), { time_zone: 'Mars/Olympus' }), 'invalid_input', 'options.time_zone')
    assertThrowsCode(() => fitEngagementModel(history(), { folds: 1 }), 'invalid_input', 'options.folds')
    assertThrowsCode(() => fitEngagementModel(history(), { folds: 21 }), 'invalid_input', 'options.folds')
    assertThrowsCode(() => fitEngagementModel(history(), { folds: 2.5 }), 'invalid_input', 'options.folds')
    assertThrowsCode(() => fitEngagementModel(history(), { folds: '5' }), 'invalid_input', 'options.folds')
    assertThrowsCode(() => fitEngagementModel(history(), { lambdas: [1, -1] }), 'invalid_input', 'options.lambdas[1]')
    assertThrowsCode(() => fitEngagementModel(history(), { lambdas: [] }), 'invalid_input', 'options.lambdas')
    assertThrowsCode(() => fitEngagementModel(history(), { lambdas: [1, NaN] }), 'invalid_input', 'options.lambdas[1]')
    assertThrowsCode(() => fitEngagementModel(history(), { lambdas: [Infinity] }), 'invalid_input', 'options.lambdas[0]')
    const typo = assertThrowsCode(() => fitEngagementModel(history(), { timezone: 'UTC' }), 'invalid_input', 'options.timezone')
    assert.match(typo.message, /time_zone/, 'the message lists the known keys')
    assertThrowsCode(() => fitEngagementModel(history(), 'UTC'), 'invalid_input', 'options')
    // serde reads a struct from an array too (fields in order), so the path goes into it
    const arr = assertThrowsCode(() => fitEngagementModel(history(), [OPTIONS]), 'invalid_input')
    assert.ok(arr.field.startsWith('options'), arr.field)
  })

  test('history errors name history.*', () => {
    const few = assertThrowsCode(() => fitEngagementModel(history().slice(0, 9)), 'invalid_input', 'history')
    assert.match(few.message, /9 of 9 posts are usable/)
    assertThrowsCode(() => fitEngagementModel([]), 'invalid_input', 'history')
    const noImpressions = history().map((p, i) => (i < 40 ? { ...p, metrics: { ...p.metrics, impressions: 0 } } : p))
    assertThrowsCode(() => fitEngagementModel(noImpressions), 'invalid_input', 'history')

    const neg = history()
    neg[3].metrics.likes = -1
    assertThrowsCode(() => fitEngagementModel(neg), 'invalid_input', 'history[3].metrics.likes')
    const frac = history()
    frac[2].metrics.likes = 1.5
    assertThrowsCode(() => fitEngagementModel(frac), 'invalid_input', 'history[2].metrics.likes')
    const nan = history()
    nan[4].metrics.impressions = NaN
    assertThrowsCode(() => fitEngagementModel(nan), 'invalid_input', 'history[4].metrics.impressions')
    const when = history()
    when[5].created_at = 'last week'
    assertThrowsCode(() => fitEngagementModel(when), 'invalid_input', 'history[5].created_at')
    const badDate = history()
    badDate[6].created_at = new Date('nope')
    assertThrowsCode(() => fitEngagementModel(badDate), 'invalid_input', 'history[6].created_at')
    const media = history()
    media[7].media_kind = 'hologram'
    assertThrowsCode(() => fitEngagementModel(media), 'invalid_input', 'history[7].media_kind')
    const platform = history()
    platform[8].platform = 'myspace'
    assertThrowsCode(() => fitEngagementModel(platform), 'invalid_input', 'history[8].platform')
  })

  test('wrong types and missing arguments are invalid_input, never a crash', () => {
    for (const bad of [undefined, null, 42, 'posts', { 0: history()[0] }, true]) {
      assertThrowsCode(() => fitEngagementModel(bad), 'invalid_input', 'history')
    }
    assertThrowsCode(() => fitEngagementModel(), 'invalid_input', 'history')
    assertThrowsCode(() => fitEngagementModel([null]), 'invalid_input', 'history[0]')
    assertThrowsCode(() => fitEngagementModel(['post']), 'invalid_input', 'history[0]')
    assertThrowsCode(() => fitEngagementModel([10n]), 'invalid_input', 'history[0]')
    assertThrowsCode(() => fitEngagementModel(history(), { time_zone: Symbol('UTC') }), 'invalid_input', 'options.time_zone')
    const cyclic = history()
    cyclic[0].self = cyclic
    assertThrowsCode(() => fitEngagementModel(cyclic), 'invalid_input')
  })

  test('posts without impressions or usable text are skipped and noted', () => {
    const h = history()
    h[0].text = '   '
    h[1].metrics.impressions = null
    h[2].metrics.impressions = 0
    const m = fitEngagementModel(h, OPTIONS)
    assert.equal(m.n_train, fitted.n_train - 3)
    assert.ok(m.notes.length > 0, 'the notes say what was skipped')
  })

  test('a lone surrogate in a post text is invalid_input, not a crash', () => {
    for (const text of ['\ud800', 'ok \ud83d', '\ude00 tail']) {
      const h = history()
      h[3].text = text
      assertThrowsCode(() => fitEngagementModel(h, OPTIONS), 'invalid_input', 'history[3].text')
    }
  })
})

describe('predictEngagement', () => {
  test('predicts a draft with the fitted model', () => {
    const p = predictEngagement(fitted, DRAFT, 'linkedin', AT, 'document')
    assertPrediction(p)
    same(predictEngagement(fitted, DRAFT, 'linkedin', AT, 'document'), p)
  })

  test('the model round-trips through JSON.stringify / JSON.parse and predicts the same', () => {
    const back = JSON.parse(JSON.stringify(fitted))
    same(back, fitted)
    for (const [platform, media] of [['linkedin', 'document'], ['linkedin', undefined], ['x', 'image']]) {
      same(predictEngagement(back, DRAFT, platform, AT, media), predictEngagement(fitted, DRAFT, platform, AT, media))
    }
  })

  test('at: a Date is the same as its RFC 3339 string; the hour matters', () => {
    same(predictEngagement(fitted, DRAFT, 'linkedin', new Date(AT)), predictEngagement(fitted, DRAFT, 'linkedin', AT))
    same(
      predictEngagement(fitted, DRAFT, 'linkedin', '2026-11-24T08:15:00+01:00'),
      predictEngagement(fitted, DRAFT, 'linkedin', AT),
    )
    const hours = new Set(
      [3, 9, 15, 21].map((h) => predictEngagement(fitted, DRAFT, 'linkedin', `2026-11-24T${String(h).padStart(2, '0')}:00:00Z`).engagement_rate),
    )
    assert.ok(hours.size > 1, 'the posting hour changes the prediction')
  })

  test('mediaKind: undefined and null are text only', () => {
    const none = predictEngagement(fitted, DRAFT, 'linkedin', AT, 'none')
    same(predictEngagement(fitted, DRAFT, 'linkedin', AT), none)
    same(predictEngagement(fitted, DRAFT, 'linkedin', AT, null), none)
    same(predictEngagement(fitted, DRAFT, 'linkedin', AT, undefined), none)
    const kinds = ['none', 'image', 'video', 'carousel', 'document', 'link', 'poll']
    const rates = new Set(kinds.map((k) => predictEngagement(fitted, DRAFT, 'linkedin', AT, k).engagement_rate))
    assert.ok(rates.size > 1, 'the media kind changes the prediction')
  })

  test('a platform the model was not fit on is allowed', () => {
    assertPrediction(predictEngagement(fitted, 'Shipping the new pipeline today 🚀', 'x', AT))
  })

  test('a tampered model is invalid_input under model', () => {
    const short = stored()
    short.weights.pop()
    assertThrowsCode(() => predictEngagement(short, DRAFT, 'linkedin', AT), 'invalid_input', 'model.weights')
    const version = stored()
    version.format_version = 99
    assertThrowsCode(() => predictEngagement(version, DRAFT, 'linkedin', AT), 'invalid_input', 'model.format_version')
    const scale = stored()
    scale.scales[2] = 0
    assertThrowsCode(() => predictEngagement(scale, DRAFT, 'linkedin', AT), 'invalid_input', 'model.scales[2]')
    const feature = stored()
    feature.feature_names[0] = 'charisma'
    assertThrowsCode(() => predictEngagement(feature, DRAFT, 'linkedin', AT), 'invalid_input', 'model.feature_names[0]')
    const zone = stored()
    zone.time_zone = 'Atlantis/Capital'
    assertThrowsCode(() => predictEngagement(zone, DRAFT, 'linkedin', AT), 'invalid_input', 'model.time_zone')
    const huge = stored()
    huge.weights = huge.weights.map(() => 1e308)
    huge.feature_max = huge.feature_max.map((v) => v + 1e300)
    const e = assertThrowsCode(() => predictEngagement(huge, DRAFT, 'linkedin', AT), 'invalid_input')
    assert.ok(e.field.startsWith('model'), e.field)
    // JSON-level damage: the path below `model`
    const nan = stored()
    nan.weights[1] = NaN
    assertThrowsCode(() => predictEngagement(nan, DRAFT, 'linkedin', AT), 'invalid_input', 'model.weights[1]')
    const str = stored()
    str.intercept = '-3'
    assertThrowsCode(() => predictEngagement(str, DRAFT, 'linkedin', AT), 'invalid_input', 'model.intercept')
    const missing = stored()
    delete missing.weights
    const m = assertThrowsCode(() => predictEngagement(missing, DRAFT, 'linkedin', AT), 'invalid_input', 'model')
    assert.match(m.message, /weights/)
    const extra = stored()
    extra.owner = 'me'
    assertThrowsCode(() => predictEngagement(extra, DRAFT, 'linkedin', AT), 'invalid_input', 'model.owner')
    for (const bad of [null, undefined, {}, [], 'model', 42]) {
      const err = assertThrowsCode(() => predictEngagement(bad, DRAFT, 'linkedin', AT), 'invalid_input')
      assert.ok(err.field.startsWith('model'), err.field)
    }
  })

  test('bad draft, platform, at and mediaKind name their field', () => {
    for (const bad of ['', '  \n ', 'a\0b', 'x'.repeat(300 * 1024), '\ud800', 42, null, undefined, ['hi'], NaN]) {
      const err = assertThrowsCode(() => predictEngagement(fitted, bad, 'linkedin', AT), 'invalid_input', 'draft')
      assert.ok(err.message.length < 1000, 'the message does not echo the draft')
    }
    for (const bad of ['myspace', 'LinkedIn', null, undefined, 3]) {
      assertThrowsCode(() => predictEngagement(fitted, DRAFT, bad, AT), 'invalid_input', 'platform')
    }
    for (const bad of ['tomorrow', '2026-13-01T00:00:00Z', new Date(NaN), null, undefined, 1_700_000_000_000]) {
      assertThrowsCode(() => predictEngagement(fitted, DRAFT, 'linkedin', bad), 'invalid_input', 'at')
    }
    for (const bad of ['hologram', 'Document', 3, {}, ['image']]) {
      assertThrowsCode(() => predictEngagement(fitted, DRAFT, 'linkedin', AT, bad), 'invalid_input', 'media_kind')
    }
    assertThrowsCode(() => predictEngagement(), 'invalid_input', 'model')
    assertThrowsCode(() => predictEngagement(fitted), 'invalid_input', 'draft')
  })
})
