// suggestHashtags and optimizeContent: suggestions drawn only from the history on the demo
// account, the default k, variants that fit the platform, every error naming its field, and
// garbage input.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'

import { analyzeContent, optimizeContent, suggestHashtags } from '../index.mjs'
import { assertThrowsCode, demo, same } from './helpers.mjs'

const history = () => demo().snapshot.posts
const DRAFT = 'How we test our data pipelines before they reach the warehouse: dbt tests, SQL checks and analytics reviews'

/** Every hashtag of `posts`, lowercased (the core compares tags case-insensitively). */
const tagsOf = (posts) =>
  new Set(posts.flatMap((p) => analyzeContent(p.text, p.platform).entities.filter((e) => e.kind === 'hashtag').map((e) => e.text.toLowerCase())))

describe('suggestHashtags', () => {
  test('suggests only tags the history used, best first', () => {
    const h = history()
    const known = tagsOf(h)
    const s = suggestHashtags(DRAFT, h, 5)
    assert.ok(s.length > 0 && s.length <= 5)
    for (const x of s) {
      assert.ok(known.has(x.tag.toLowerCase()), `${x.tag} is a tag of the history`)
      assert.ok(!x.tag.startsWith('#'))
      assert.ok(x.relevance > 0 && x.relevance <= 1, `relevance ${x.relevance}`)
      assert.ok(x.lift > 0)
      same(x.score, x.relevance * x.lift)
      assert.ok(x.uses >= 1 && x.rated_uses <= x.uses)
      assert.ok(x.matched_terms.length > 0 && x.matched_terms.length <= 10)
      for (const t of x.matched_terms) assert.equal(t, t.toLowerCase())
    }
    for (let i = 1; i < s.length; i++) assert.ok(s[i - 1].score >= s[i].score, 'score descending')
  })

  test('k defaults to 10 and caps the count', () => {
    const h = history()
    const all = suggestHashtags(DRAFT, h, 100)
    same(suggestHashtags(DRAFT, h), all.slice(0, 10))
    same(suggestHashtags(DRAFT, h, undefined), all.slice(0, 10))
    same(suggestHashtags(DRAFT, h, 2), all.slice(0, 2))
    assert.equal(suggestHashtags(DRAFT, h, 1).length, Math.min(1, all.length))
  })

  test('tags already in the draft are not suggested; unrelated drafts get nothing', () => {
    const h = history()
    const s = suggestHashtags(`${DRAFT} #DataEngineering`, h, 100)
    assert.ok(!s.some((x) => x.tag.toLowerCase() === 'dataengineering'))
    assert.deepEqual(suggestHashtags('Croissants, jam and espresso on a Sunday morning', h), [])
    assert.deepEqual(suggestHashtags(DRAFT, []), [])
  })

  test('is deterministic; Dates in the history are the same as their strings', () => {
    const h = history()
    const before = JSON.stringify(h)
    const s = suggestHashtags(DRAFT, h)
    same(suggestHashtags(DRAFT, h), s)
    assert.equal(JSON.stringify(h), before)
    same(suggestHashtags(DRAFT, h.map((p) => ({ ...p, created_at: new Date(p.created_at) }))), s)
  })

  test('errors name their field', () => {
    const h = history()
    for (const bad of ['', '   ', 'a\0b', 'x'.repeat(300 * 1024), '\ud800', 42, null, undefined, ['data'], NaN, () => 'x']) {
      const err = assertThrowsCode(() => suggestHashtags(bad, h), 'invalid_input', 'draft')
      assert.ok(err.message.length < 1000, 'the message does not echo the draft')
    }
    for (const bad of [0, 101, -1, 2.5, '5', null, NaN, Infinity, 1e20, 10n, [5], {}]) {
      assertThrowsCode(() => suggestHashtags(DRAFT, h, bad), 'invalid_input', 'k')
    }
    for (const bad of [null, undefined, 'posts', 42, { 0: h[0] }]) {
      assertThrowsCode(() => suggestHashtags(DRAFT, bad), 'invalid_input', 'history')
    }
    assertThrowsCode(() => suggestHashtags(), 'invalid_input', 'draft')
    assertThrowsCode(() => suggestHashtags(DRAFT), 'invalid_input', 'history')
    const neg = history()
    neg[1].metrics.likes = -1
    assertThrowsCode(() => suggestHashtags(DRAFT, neg), 'invalid_input', 'history[1].metrics.likes')
    const nan = history()
    nan[2].metrics.impressions = NaN
    assertThrowsCode(() => suggestHashtags(DRAFT, nan), 'invalid_input', 'history[2].metrics.impressions')
    const lone = history()
    lone[3].text = 'data \ud800 #sql'
    assertThrowsCode(() => suggestHashtags(DRAFT, lone), 'invalid_input', 'history[3].text')
    const big = history()
    big[4].text = 'x'.repeat(300 * 1024)
    assertThrowsCode(() => suggestHashtags(DRAFT, big), 'invalid_input', 'history[4].text')
    const platform = history()
    platform[5].platform = 'myspace'
    assertThrowsCode(() => suggestHashtags(DRAFT, platform), 'invalid_input', 'history[5].platform')
    assertThrowsCode(() => suggestHashtags(DRAFT, [null]), 'invalid_input', 'history[0]')
  })
})

/** The platform's length check of `text`, as analyzeContent reports it. */
const fits = (text, platform) => {
  const { length } = analyzeContent(text, platform)
  return length.length <= length.limit
}

describe('optimizeContent', () => {
  const LONG =
    'Launch day! We shipped the new analytics dashboard after six months of work. It shows every metric in one place. ' +
    'Teams can filter by date, channel and campaign. Exports go to CSV and Sheets. Pricing starts at $10 a month. ' +
    'What would you build with it? Tell me below. #analytics #saas #launch #product #startup'

  test('every variant fits the platform limit and improves on the original', () => {
    for (const [text, platform] of [
      [LONG, 'x'],
      [LONG.repeat(3), 'bluesky'],
      ['THIS IS HUGE: we shipped it. ' + 'We played, cooked and laughed all afternoon. '.repeat(8) + '#a #b #c #d #e #f #g #h', 'instagram'],
      ...history()
        .slice(0, 5)
        .map((p) => [p.text, 'x']),
    ]) {
      const original = analyzeContent(text, platform)
      const variants = optimizeContent(text, platform)
      for (const v of variants) {
        assert.ok(fits(v.text, platform), `${v.strategy} fits ${platform}: ${v.text}`)
        assert.ok(v.analysis.length.length <= v.analysis.length.limit)
        assert.equal(v.analysis.platform, platform)
        same(v.quality, v.analysis.quality.score)
        same(v.quality_gain, v.quality - original.quality.score)
        assert.ok(v.quality_gain >= 0, `${v.strategy} does not lower quality`)
        assert.ok(Array.isArray(v.changes) && v.changes.length > 0)
        for (const code of v.fixes) assert.ok(original.issues.some((i) => i.code === code), `${code} was an issue`)
      }
      for (let i = 1; i < variants.length; i++) assert.ok(variants[i - 1].quality >= variants[i].quality, 'quality descending')
    }
  })

  test('a post over the limit gets a trimmed variant', () => {
    assert.ok(!fits(LONG, 'x'))
    const variants = optimizeContent(LONG, 'x')
    assert.ok(variants.length > 0)
    assert.ok(variants.some((v) => v.fixes.includes('over_limit')))
  })

  test('nothing to fix is an empty list; deterministic', () => {
    assert.deepEqual(optimizeContent('Short and sweet. What do you think?', 'threads'), [])
    same(optimizeContent(LONG, 'x'), optimizeContent(LONG, 'x'))
  })

  test('errors name their field', () => {
    for (const bad of ['', '  \n', 'a\0b', 'x'.repeat(300 * 1024), '\ud800', 'ok \ud83d', 42, null, undefined, ['hi'], NaN, 10n, Symbol('x')]) {
      const err = assertThrowsCode(() => optimizeContent(bad, 'x'), 'invalid_input', 'text')
      assert.ok(err.message.length < 1000, 'the message does not echo the text')
    }
    for (const bad of ['myspace', 'X', null, undefined, 3, {}, '\udc00']) {
      assertThrowsCode(() => optimizeContent('hello', bad), 'invalid_input', 'platform')
    }
    assertThrowsCode(() => optimizeContent(), 'invalid_input', 'text')
  })
})
