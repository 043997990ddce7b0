// analyzeContent and analyzeContentBatch: happy paths, the batch matching one-by-one, every
// error naming its field, garbage input and lone surrogates.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'

import { analyzeContent, analyzeContentBatch } from '../index.mjs'
import { assertThrowsCode, same } from './helpers.mjs'

const POST =
  'Thrilled to share our new data platform 🚀\n\nWhat would you build on it? #dataengineering @ada https://example.com'

describe('analyzeContent', () => {
  test('analyses a LinkedIn post', () => {
    const a = analyzeContent(POST, 'linkedin')
    assert.equal(a.platform, 'linkedin')
    assert.deepEqual(
      a.entities.map((e) => [e.kind, e.text]),
      [
        ['hashtag', 'dataengineering'],
        ['mention', 'ada'],
        ['url', 'https://example.com'],
      ],
    )
    const tag = a.entities[0]
    assert.equal([...POST].slice(tag.start, tag.end).join(''), '#dataengineering')
    assert.ok(a.features.has_question)
    assert.ok(a.sentiment.compound > 0)
    assert.ok(a.quality.score >= 0 && a.quality.score <= 100)
    assert.ok(a.length.length > 0 && a.length.length <= a.length.limit)
    assert.ok(Array.isArray(a.issues))
  })

  test('is deterministic; the platform changes the length check', () => {
    same(analyzeContent(POST, 'x'), analyzeContent(POST, 'x'))
    const long = 'word '.repeat(100).trim()
    assert.ok(analyzeContent(long, 'x').length.length > analyzeContent(long, 'x').length.limit)
    assert.ok(analyzeContent(long, 'linkedin').length.length <= analyzeContent(long, 'linkedin').length.limit)
  })

  test('a well-formed astral character is fine', () => {
    const a = analyzeContent('Launch day \ud83d\ude80 #ship', 'bluesky')
    assert.equal(a.entities[0].text, 'ship')
  })

  test('errors name their field', () => {
    for (const empty of ['', '   ', '\n\t']) assertThrowsCode(() => analyzeContent(empty, 'x'), 'invalid_input', 'text')
    assertThrowsCode(() => analyzeContent('a\0b', 'x'), 'invalid_input', 'text')
    const big = assertThrowsCode(() => analyzeContent('x'.repeat(300 * 1024), 'x'), 'invalid_input', 'text')
    assert.ok(big.message.length < 1000, 'the message does not echo the text')
    const err = assertThrowsCode(() => analyzeContent('hello', 'myspace'), 'invalid_input', 'platform')
    assert.match(err.message, /myspace/)
    assertThrowsCode(() => analyzeContent('hello', 'LinkedIn'), 'invalid_input', 'platform')
    assertThrowsCode(() => analyzeContent('hello'), 'invalid_input', 'platform')
    assertThrowsCode(() => analyzeContent('hello', null), 'invalid_input', 'platform')
  })

  test('non-string text is invalid_input', () => {
    for (const bad of [42, null, undefined, true, ['hi'], { text: 'hi' }]) {
      assertThrowsCode(() => analyzeContent(bad, 'x'), 'invalid_input', 'text')
    }
    assertThrowsCode(() => analyzeContent(NaN, 'x'), 'invalid_input', 'text')
    assertThrowsCode(() => analyzeContent(10n, 'x'), 'invalid_input', 'text')
    assertThrowsCode(() => analyzeContent(Symbol('x'), 'x'), 'invalid_input', 'text')
    assertThrowsCode(() => analyzeContent(() => 'hi', 'x'), 'invalid_input', 'text')
    assertThrowsCode(() => analyzeContent(), 'invalid_input', 'text')
  })

  test('lone surrogates are invalid_input, not a crash', () => {
    for (const text of ['\ud800', 'a\udfffb', 'ok \ud83d', '\ude00 tail']) {
      assertThrowsCode(() => analyzeContent(text, 'x'), 'invalid_input', 'text')
    }
    assertThrowsCode(() => analyzeContent('hello', '\ud800'), 'invalid_input', 'platform')
  })
})

describe('analyzeContentBatch', () => {
  test('matches analyzeContent one by one, in order', () => {
    const texts = [POST, 'Short one on X? #a #b', 'Plain words only.']
    const batch = analyzeContentBatch(texts, 'x')
    assert.equal(batch.length, texts.length)
    texts.forEach((t, i) => same(batch[i], analyzeContent(t, 'x')))
    assert.deepEqual(analyzeContentBatch([], 'x'), [])
  })

  test('a bad text names its index', () => {
    assertThrowsCode(() => analyzeContentBatch(['fine', ''], 'x'), 'invalid_input', 'texts[1]')
    assertThrowsCode(() => analyzeContentBatch(['fine', 'ok', '  '], 'x'), 'invalid_input', 'texts[2]')
    assertThrowsCode(() => analyzeContentBatch(['fine', 'a\0'], 'x'), 'invalid_input', 'texts[1]')
    assertThrowsCode(() => analyzeContentBatch(['fine', '\ud800'], 'x'), 'invalid_input', 'texts[1]')
    assertThrowsCode(() => analyzeContentBatch(['fine', 5], 'x'), 'invalid_input', 'texts[1]')
    assertThrowsCode(() => analyzeContentBatch(['fine', NaN], 'x'), 'invalid_input', 'texts[1]')
  })

  test('texts must be an array of strings; platform must be known', () => {
    assertThrowsCode(() => analyzeContentBatch('fine', 'x'), 'invalid_input', 'texts')
    assertThrowsCode(() => analyzeContentBatch(null, 'x'), 'invalid_input', 'texts')
    assertThrowsCode(() => analyzeContentBatch({ 0: 'fine' }, 'x'), 'invalid_input', 'texts')
    assertThrowsCode(() => analyzeContentBatch(['fine'], 'myspace'), 'invalid_input', 'platform')
  })
})
