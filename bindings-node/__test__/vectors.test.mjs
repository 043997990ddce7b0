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
  plan,
  scoreBrand,
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

function run(fn, input) {
  switch (fn) {
    case 'score_brand': {
      const options = { industry: input.industry, now: input.now }
      if ('config' in input) options.config = input.config
      return scoreBrand(input.snapshot, options)
    }
    case 'compare_analyses':
      return compareAnalyses(input.previous, input.current)
    case 'evaluate_goal':
      return evaluateGoal(input.goal, input.observations, input.now)
    case 'best_times': {
      const options = { time_zone: input.time_zone, platform: input.platform, k: input.k }
      if ('followers' in input) options.followers = input.followers
      return bestTimes(input.posts, options)
    }
    case 'plan':
      return plan(input.drafts, input.platforms, input.window, input.rules)
    case 'analyze_content':
      return analyzeContent(input.text, input.platform)
    case 'analyze_content_batch':
      return analyzeContentBatch(input.texts, input.platform)
    default:
      throw new Error(`unknown function ${fn}`)
  }
}

const all = files(VECTORS)

test('the shared vectors are there', () => {
  assert.ok(all.length >= 20, `expected the shared vectors, found ${all.length}`)
  for (const fn of [
    'score_brand',
    'compare_analyses',
    'evaluate_goal',
    'best_times',
    'plan',
    'analyze_content',
    'analyze_content_batch',
  ]) {
    assert.ok(
      all.some((f) => JSON.parse(readFileSync(f, 'utf8')).function === fn),
      `no vector for ${fn}`,
    )
  }
})

for (const file of all) {
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  test(`${relative(VECTORS, file)}: ${doc.description ?? ''}`, () => {
    if (doc.error) {
      let err
      try {
        run(doc.function, doc.input)
      } catch (e) {
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
