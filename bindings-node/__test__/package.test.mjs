// The package as users get it: `npm pack`, install the tarball into an empty project, then
// `require('brandpilot')` (CommonJS) and `import { scoreBrand } from 'brandpilot'` (ESM).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DEMO_PATH, PACKAGE_DIR } from './helpers.mjs'

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

test('npm pack + npm install: require and import both work', { timeout: 120_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'brandpilot-pkg-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const packed = JSON.parse(
    execFileSync(NPM, ['pack', '--json', '--pack-destination', dir], { cwd: PACKAGE_DIR, encoding: 'utf8' }),
  )[0]
  const shipped = packed.files.map((f) => f.path).sort()
  for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'types.d.ts', 'native.js', 'brandpilot.linux-x64-gnu.node', 'package.json']) {
    assert.ok(shipped.includes(f), `${f} is in the tarball (${shipped.join(', ')})`)
  }
  assert.ok(!shipped.some((f) => f.startsWith('src/') || f.startsWith('__test__/')), 'no sources or tests shipped')

  const app = join(dir, 'app')
  execFileSync('mkdir', ['-p', app])
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }))
  const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')))
  execFileSync(NPM, ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app, stdio: 'pipe' })

  const cjs = `
    const { scoreBrand, evaluateGoal, bestTimes, fitEngagementModel, predictEngagement, generateInsights, updateFeedback } = require('brandpilot')
    const d = require(${JSON.stringify(DEMO_PATH)})
    const a = scoreBrand(d.snapshot, { industry: d.industry, now: new Date(d.now) })
    const g = evaluateGoal(d.goals[0].goal, d.goals[0].observations, d.now)
    let code
    try { scoreBrand(null, { industry: 'all', now: d.now }) } catch (e) { code = e.code + ':' + e.field }
    const bt = bestTimes(d.snapshot.posts, { time_zone: 'Europe/Amsterdam', platform: 'linkedin', k: 3 })
    const model = fitEngagementModel(d.snapshot.posts, { time_zone: 'Europe/Amsterdam' })
    const pred = predictEngagement(JSON.parse(JSON.stringify(model)), 'Which check would you add? #data', 'linkedin', new Date(d.now), 'poll')
    const input = { snapshot: d.snapshot, time_zone: d.time_zone, analysis: a, goals: d.goals }
    const insights = generateInsights(input, { period: 'week', now: new Date(d.now) })
    const feedback = updateFeedback({}, [{ insight_id: insights[0].id, kind: insights[0].kind, signal: 'helpful' }])
    const again = generateInsights(input, { period: 'week', now: d.now, feedback })
    console.log(JSON.stringify({ overall: a.overall, status: g.status, code, slots: bt.slots.length, rate: pred.engagement_rate, insights: insights.length, same: again[0].id === insights[0].id }))
  `
  const esm = `
    import { readFileSync } from 'node:fs'
    import { scoreBrand, compareAnalyses, plan, suggestHashtags, optimizeContent, insightDigest, renderDigestHtml } from 'brandpilot'
    import brandpilot from 'brandpilot'
    const d = JSON.parse(readFileSync(${JSON.stringify(DEMO_PATH)}, 'utf8'))
    const a = scoreBrand(d.snapshot, { industry: d.industry, now: d.now })
    const c = compareAnalyses(a, a)
    const p = plan([{ id: 'a' }], ['linkedin', 'x'], { start: new Date('2026-03-02T00:00:00Z'), end: '2026-03-09T00:00:00Z' }, { time_zone: 'Europe/Amsterdam' })
    const tags = suggestHashtags('Testing data pipelines with dbt and SQL', d.snapshot.posts)
    const variants = optimizeContent('x '.repeat(200) + 'end.', 'x')
    const digest = insightDigest({ snapshot: d.snapshot, time_zone: d.time_zone, analysis: a }, { period: 'week', now: d.now })
    const html = renderDigestHtml(digest)
    let tz
    try { insightDigest({ snapshot: d.snapshot, time_zone: 'Mars/Base' }, { period: 'week', now: d.now }) } catch (e) { tz = e.code + ':' + e.field }
    console.log(JSON.stringify({ overall: a.overall, trend: c.overall_trend, same: brandpilot.scoreBrand === scoreBrand, scheduled: p.scheduled.length, tags: tags.length, variants: variants.length, svg: html.includes('<svg'), tz }))
  `
  // OAuth and sealed tokens, the async functions and a TokenManager over a JS store included: the
  // process must also exit on its own after using the addon's tokio runtime and the store's
  // threadsafe function (execFileSync would hang otherwise).
  const oauth = `
    import { createServer } from 'node:http'
    import { createRequire } from 'node:module'
    import { oauthStart, oauthAuthorizeUrl, oauthRefresh, oauthExchangeCode, sealTokenSet, openTokenSet, TokenManager } from 'brandpilot'
    const client = { provider: 'google', client_id: 'app', redirect_uri: 'https://app.example/cb' }
    const s = oauthStart(client, ['openid'])
    const vault = { current_key_id: 'k', keys: { k: Buffer.alloc(32, 7).toString('base64') } }
    const opened = openTokenSet(vault, 'acc', sealTokenSet(vault, 'acc', { access_token: 'at-1' }))
    const server = createServer((req, res) => req.resume().on('end', () => res.end(JSON.stringify({ access_token: 'at-2' }))))
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = 'http://127.0.0.1:' + server.address().port
    const refreshed = await oauthRefresh({ ...client, base_url: base }, 'rt', new Date())
    const rows = new Map()
    const store = { get: (a) => rows.get(a), put: async (a, sealed) => { rows.set(a, sealed) }, delete: (a) => rows.delete(a) }
    const manager = new TokenManager({ client: { ...client, base_url: base }, vault, store })
    await manager.connect('acc', 'code', s.code_verifier, new Date())
    const managed = (await manager.accessToken('acc', new Date())) + ':' + rows.get('acc').slice(0, 6)
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    let down
    try { await oauthExchangeCode({ ...client, base_url: base }, 'c', s.code_verifier, new Date()) } catch (e) { down = e.code }
    let bad
    try { await oauthRefresh(client, '', new Date()) } catch (e) { bad = e.code + ':' + e.field }
    console.log(JSON.stringify({
      same: oauthAuthorizeUrl(client, ['openid'], s.state, s.code_verifier) === s.url,
      opened: opened.access_token, refreshed: refreshed.access_token, kept: refreshed.refresh_token, down, bad, managed,
      cjs: createRequire(import.meta.url)('brandpilot').oauthRefresh === oauthRefresh,
    }))
  `
  const fromOauth = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', oauth], { cwd: app, encoding: 'utf8', timeout: 60_000 }),
  )
  assert.deepEqual(fromOauth, {
    same: true,
    opened: 'at-1',
    refreshed: 'at-2',
    kept: 'rt',
    down: 'network',
    bad: 'invalid_input:refresh_token',
    managed: 'at-2:bp1.k.',
    cjs: true,
  })

  const fromCjs = JSON.parse(execFileSync(process.execPath, ['-e', cjs], { cwd: app, encoding: 'utf8' }))
  const fromEsm = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: app, encoding: 'utf8' }),
  )
  assert.ok(fromCjs.overall > 0 && fromCjs.overall <= 100)
  assert.equal(fromCjs.overall, fromEsm.overall)
  assert.equal(fromCjs.code, 'invalid_input:snapshot')
  assert.equal(typeof fromCjs.status, 'string')
  assert.equal(fromEsm.trend, 'steady')
  assert.equal(fromEsm.same, true)
  assert.equal(fromCjs.slots, 3)
  assert.ok(fromCjs.rate > 0 && fromCjs.rate < 1)
  assert.equal(fromEsm.scheduled, 2)
  assert.ok(fromEsm.tags > 0 && fromEsm.tags <= 10)
  assert.ok(fromEsm.variants > 0)
  assert.ok(fromCjs.insights > 0)
  assert.equal(fromCjs.same, true)
  assert.equal(fromEsm.svg, true)
  assert.equal(fromEsm.tz, 'invalid_input:time_zone')
})
