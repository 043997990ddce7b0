#!/usr/bin/env node
// brandpilot's content analysis from Node vs. the npm packages a team would otherwise use.
//
// Peers, per post: `twitter-text` parseTweet (weighted length) + extractHashtags /
// extractMentions / extractUrls, `text-readability` (Flesch reading ease, Flesch-Kincaid
// grade, Gunning fog, syllables) and `sentiment` (AFINN). brandpilot:
// `analyzeContentBatch(texts, 'x')`, which does all of that and more (VADER-class sentiment,
// emoji, hook, calls to action, issues, a quality score). Same posts: the 5,200 social posts
// of core/data/content/sentiment_fixtures.jsonl.
//
// Usage (after scripts/test-node.sh has built the package):
//   (cd benches/peers && npm install --no-save twitter-text text-readability sentiment)
//   node benches/peers/node_content_peers.mjs [--rounds 3]
// Prints posts/s for each and the ratio, then one JSON line. Not run by the tests.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..', '..')
const require = createRequire(import.meta.url)
const { analyzeContentBatch } = require(join(ROOT, 'bindings-node'))
const twitter = require('twitter-text')
const readabilityModule = require('text-readability')
const readability = readabilityModule.default ?? readabilityModule
const Sentiment = require('sentiment')

const texts = readFileSync(join(ROOT, 'core', 'data', 'content', 'sentiment_fixtures.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l).text)

const sentiment = new Sentiment()

function peerBatch(batch) {
  for (const t of batch) {
    twitter.parseTweet(t)
    twitter.extractHashtags(t)
    twitter.extractMentions(t)
    twitter.extractUrls(t)
    readability.fleschReadingEase(t)
    readability.fleschKincaidGrade(t)
    readability.gunningFog(t)
    readability.syllableCount(t)
    sentiment.analyze(t)
  }
}

function oursBatch(batch) {
  analyzeContentBatch(batch, 'x')
}

function rate(fn, rounds) {
  fn(texts.slice(0, 200)) // warm-up
  let best = 0
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    fn(texts)
    best = Math.max(best, texts.length / (Number(process.hrtime.bigint() - start) / 1e9))
  }
  return best
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } })
const rounds = Number(values.rounds)
const ours = rate(oursBatch, rounds)
const peer = rate(peerBatch, rounds)
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12)
console.log(`brandpilot analyzeContentBatch                  : ${fmt(ours)} posts/s`)
console.log(`twitter-text + text-readability + sentiment     : ${fmt(peer)} posts/s`)
console.log(`brandpilot / peers                              : ${(ours / peer).toFixed(1).padStart(12)}x`)
console.log(JSON.stringify({ posts: texts.length, brandpilot_posts_per_second: Math.round(ours), peer_posts_per_second: Math.round(peer), ratio: Number((ours / peer).toFixed(1)) }))
