#!/usr/bin/env node
// Call overhead of `scoreBrand` from Node vs. the Rust core, one thread.
//
// Scores the bundled demo account (examples/data/demo_account.json) in a loop from Node and
// compares with the Rust rate printed by `cargo run --release -q -p brandpilot-examples
// --example score_throughput`. The Node figure includes what a Node caller pays on top of
// the analysis: checking and serialising the snapshot object to JSON, crossing N-API, and
// parsing the analysis back into objects.
//
// Usage (after scripts/test-node.sh has built the package):
//   node benches/peers/node_overhead.mjs [--calls 2000] [--rounds 3] [--rust-rate N]
// Not run by the tests.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const DEMO = join(ROOT, 'examples', 'data', 'demo_account.json')
const { scoreBrand } = createRequire(import.meta.url)(join(ROOT, 'bindings-node'))

function nodeRate(calls, rounds) {
  const doc = JSON.parse(readFileSync(DEMO, 'utf8'))
  const { snapshot, industry, now } = doc
  for (let i = 0; i < Math.max(calls / 10, 50); i++) scoreBrand(snapshot, { industry, now }) // warm-up
  let best = 0
  for (let r = 0; r < rounds; r++) {
    // best of `rounds`: the least disturbed by other processes
    const start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) scoreBrand(snapshot, { industry, now })
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    best = Math.max(best, calls / seconds)
  }
  return best
}

function rustRate() {
  const out = execFileSync(
    'cargo',
    ['run', '--release', '-q', '-p', 'brandpilot-examples', '--example', 'score_throughput'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const line = out.split('\n').find((l) => l.startsWith('{'))
  if (!line) throw new Error(`score_throughput printed no JSON line:\n${out}`)
  return Number(JSON.parse(line).analyses_per_second)
}

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    'rust-rate': { type: 'string' },
  },
})
const node = nodeRate(Number(values.calls), Number(values.rounds))
const rust = values['rust-rate'] !== undefined ? Number(values['rust-rate']) : rustRate()
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(12)
const result = {
  input: 'demo_account',
  node_calls_per_second: Math.round(node * 10) / 10,
  rust_analyses_per_second: Math.round(rust * 10) / 10,
  node_over_rust: Math.round((node / rust) * 1000) / 1000,
  overhead_us_per_call: Math.round((1e6 / node - 1e6 / rust) * 100) / 100,
}
console.log(`node    scoreBrand : ${fmt(node)} calls/s  (${(1e6 / node).toFixed(1).padStart(8)} us/call)`)
console.log(`rust    analyze    : ${fmt(rust)} calls/s  (${(1e6 / rust).toFixed(1).padStart(8)} us/call)`)
console.log(`node / rust        : ${(node / rust).toFixed(3).padStart(12)}  (binding overhead ${result.overhead_us_per_call} us/call)`)
console.log(JSON.stringify(result))
