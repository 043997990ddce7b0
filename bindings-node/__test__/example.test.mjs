// Compiles examples/*.ts with the package's TypeScript (once) and runs each.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

import { DEMO_PATH, PACKAGE_DIR } from './helpers.mjs'

const out = join(PACKAGE_DIR, '.example-build')
const runExample = (name) =>
  execFileSync(process.execPath, [join(out, 'examples', `${name}.js`), DEMO_PATH], { encoding: 'utf8' })

before(() => {
  // Inside the package directory, so the examples' `import ... from 'brandpilot'` resolves to
  // this package (self-reference through its `exports`).
  rmSync(out, { recursive: true, force: true })
  const tsc = join(PACKAGE_DIR, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', PACKAGE_DIR, '--noEmit', 'false', '--rootDir', PACKAGE_DIR, '--outDir', out], { stdio: 'pipe' })
}, { timeout: 120_000 })

test('examples/score_demo.ts compiles and runs', () => {
  const stdout = runExample('score_demo')
  assert.match(stdout, /^overall \d+\.\d \(linkedin, technology\)/)
  assert.match(stdout, /since .*: (improved|steady|declined|unknown)/)
  assert.match(stdout, /goal .*: (not_started|on_track|at_risk|off_track|achieved|missed)/)
  assert.match(stdout, /error invalid_input at industry/)
})

test('examples/schedule_demo.ts compiles and runs', () => {
  const stdout = runExample('schedule_demo')
  assert.match(stdout, /^best times \(linkedin, Europe\/Amsterdam, \d+ posts, per impressions\):/)
  assert.match(stdout, /\n {2}(monday|tuesday|wednesday|thursday|friday|saturday|sunday) \d\d:00 {2}x\d+\.\d\d/)
  assert.match(stdout, /\n {2}2026-03-\d\dT\d\d:\d\d:00\+01:00 {2}(linkedin|x|instagram)/)
  assert.match(stdout, /scheduled 8, unscheduled 0/)
  assert.match(stdout, /error invalid_input at rules\.time_zone/)
})

test('examples/draft_demo.ts compiles and runs', () => {
  const stdout = runExample('draft_demo')
  assert.match(stdout, /^model: \d+ posts, \d+ features, MAE \d+\.\d\d pt vs \d+\.\d\d pt \(skill -?\d\.\d\d\)/)
  assert.match(stdout, /\npredicted \d+\.\d\d% \(\d+\.\d\d% to \d+\.\d\d%, 80% interval\)/)
  assert.match(stdout, /\n {2}[a-z_]+ +x\d+\.\d\d/)
  assert.match(stdout, /\nhashtags: #\w+ \(lift \d\.\d\d\)/)
  assert.match(stdout, /\nvariant trim_to_limit: (\d+)\/280, quality \+\d+\.\d/)
  assert.match(stdout, /error invalid_input at model\.weights/)
})

test('examples/insight_demo.ts compiles and runs', () => {
  const stdout = runExample('insight_demo')
  assert.match(stdout, /^\d+ insights, 2026-11-16 to 2026-11-22 \(Europe\/Amsterdam\):/)
  assert.match(stdout, /\n {2}(trend|anomaly|top_post|cadence|achievement|goal|benchmark|recommendation) +\d\.\d{3} {2}.+ {2}\[\d+ numbers\]/)
  assert.match(stdout, /\nafter 3x not helpful on [a-z_]+: rank (\d\.\d{3}) -> (\d\.\d{3})\n/)
  const [, before, after] = /rank (\d\.\d{3}) -> (\d\.\d{3})/.exec(stdout)
  assert.ok(Number(after) < Number(before))
  assert.match(stdout, /\ndigest ".+": score \d+\.\d \((improved|steady|declined|unknown)\), \d+ goals, \d+ planned posts/)
  assert.match(stdout, /\nhtml \d+ chars, 4 charts/)
  assert.match(stdout, /error invalid_input at time_zone/)
})

test('examples/oauth_demo.ts compiles and runs', () => {
  const stdout = runExample('oauth_demo')
  assert.match(stdout, /^authorize at \/i\/oauth2\/authorize \(state \d+ chars\)/)
  assert.match(stdout, /\nexchanged: at-authorization_code, scopes tweet\.read offline\.access\n/)
  assert.match(stdout, /\nsealed bp1\.2026-11 \(no plain tokens\)\n/)
  assert.match(stdout, /\nrefreshed: at-refresh_token, expires set\n/)
  assert.match(stdout, /\nerror reauth_required \(retryable false\)/)
})

test('examples/token_manager_demo.ts compiles and runs', () => {
  const stdout = runExample('token_manager_demo')
  assert.match(stdout, /^connected: at-1; stored bp1\.2026-11 \(no plain tokens\)\n/)
  assert.match(stdout, /\nfresh: at-1, 0 refreshes\n/)
  assert.match(stdout, /\n20 callers after expiry: 1 token \(at-2\), 1 refresh\n/)
  assert.match(stdout, /\nafter a 401: at-3\n/)
  assert.match(stdout, /\nstored expires 2026-11-23T11:30:00Z\n/)
  assert.match(stdout, /\nerror reauth_required \(retryable false\)/)
})
