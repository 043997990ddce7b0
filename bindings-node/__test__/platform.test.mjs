// PlatformClient against a fake Mastodon instance on 127.0.0.1 (node:http) serving the core's
// documented fixtures (core/tests/fixtures/mastodon): profile, paging, publish with an
// idempotency key, coded errors, a TokenManager-managed token refreshed after a 401, and
// account sync (complete, idempotent, resumed after a failure midway).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { PlatformClient, TokenManager, openTokenSet, sealTokenSet } from '../index.mjs'
import { ROOT, assertThrowsCode } from './helpers.mjs'

const FIXTURES = join(ROOT, 'core', 'tests', 'fixtures', 'mastodon')
const fixture = (name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'))
const STATUSES = '/api/v1/accounts/109302/statuses'
const PAGES = { '': 1, 113500007: 2, 113500005: 3 }
const NEXT = { 1: '113500007', 2: '113500005' }
const NOW = '2026-11-23T12:00:00Z'
const VAULT = { current_key_id: 'k1', keys: { k1: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=' } }

/** A fake instance; `state.failPage2` makes page 2 answer 404 that many times. */
async function instance() {
  const state = { requests: [], failPage2: 0, base: '' }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const url = new URL(req.url, state.base)
      state.requests.push({ method: req.method, path: url.pathname, headers: req.headers, body })
      const reply = (status, value, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(JSON.stringify(value))
      }
      if (req.method === 'POST' && url.pathname === '/2/oauth2/token') {
        return reply(200, { access_token: 'good-token', refresh_token: 'rt-2', expires_in: 7200, token_type: 'bearer' })
      }
      if (req.headers.authorization !== 'Bearer good-token') return reply(401, fixture('error_invalid_token.json'))
      if (req.method === 'GET' && url.pathname === '/api/v1/accounts/verify_credentials') {
        return reply(200, fixture('account.json'))
      }
      if (req.method === 'GET' && url.pathname === STATUSES) {
        const page = PAGES[url.searchParams.get('max_id') ?? '']
        if (page === 2 && state.failPage2 > 0) {
          state.failPage2 -= 1
          return reply(404, fixture('error_not_found.json'))
        }
        const headers = NEXT[page] ? { link: `<${state.base}${STATUSES}?max_id=${NEXT[page]}>; rel="next"` } : {}
        return reply(200, fixture(`statuses_page${page}.json`), headers)
      }
      if (req.method === 'POST' && url.pathname === '/api/v1/statuses') return reply(200, fixture('status_created.json'))
      if (req.method === 'DELETE') return reply(200, fixture('status_created.json'))
      return reply(404, fixture('error_not_found.json'))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.base = `http://127.0.0.1:${server.address().port}`
  state.seen = (method, path) => state.requests.filter((r) => r.method === method && r.path === path)
  state.close = () => new Promise((resolve) => server.close(resolve))
  return state
}

const spec = (server, token = 'good-token') => ({ platform: 'mastodon', base_url: server.base, access_token: token })

async function rejectsWith(promise, code, field) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.code, code, e.message)
    if (field !== undefined) assert.equal(e.field, field)
    return true
  })
}

test('profile, audience, capabilities and paging', async (t) => {
  const server = await instance()
  t.after(server.close)
  const client = new PlatformClient(spec(server))
  const profile = await client.profile()
  assert.equal(profile.platform, 'mastodon')
  assert.equal(profile.followers, 1520)
  assert.equal(profile.connections, null)
  assert.deepEqual(await client.audience(), { followers: 1520, following: 310, connections: null })
  const caps = client.capabilities()
  assert.ok(caps.post_metrics.includes('likes') && !caps.post_metrics.includes('impressions'))
  const ids = []
  let cursor = null
  let pages = 0
  do {
    const page = await client.posts(cursor ? { cursor } : undefined)
    pages += 1
    ids.push(...page.items.map((p) => p.id))
    cursor = page.next_cursor
  } while (cursor)
  assert.equal(pages, 3)
  assert.equal(ids.length, 6)
  assert.ok(!ids.includes('113500008'), 'the reblog is skipped')
  const first = (await client.posts()).items[0]
  assert.equal(first.metrics.likes, 41)
  assert.equal(first.metrics.impressions, null)
})

test('publish sends the idempotency key; delete', async (t) => {
  const server = await instance()
  t.after(server.close)
  const client = new PlatformClient(spec(server))
  const published = await client.publish({ text: 'Hello from brandpilot', idempotency_key: 'sched-7' })
  assert.deepEqual(published, {
    platform: 'mastodon',
    id: '113500010',
    url: 'https://mastodon.example/@ada/113500010',
    created_at: '2026-11-23T10:15:00Z',
  })
  const [create] = server.seen('POST', '/api/v1/statuses')
  assert.equal(create.headers['idempotency-key'], 'sched-7')
  assert.equal(JSON.parse(create.body).status, 'Hello from brandpilot')
  assert.equal(await client.delete('113500010'), undefined)
  assert.equal(server.seen('DELETE', '/api/v1/statuses/113500010').length, 1)
})

test('errors are coded', async (t) => {
  const server = await instance()
  t.after(server.close)
  const revoked = new PlatformClient(spec(server, 'revoked'))
  await assert.rejects(revoked.profile(), (e) => e.code === 'reauth_required' && !e.message.includes('revoked'))
  assertThrowsCode(() => new PlatformClient({ platform: 'mastodon', access_token: 't' }), 'invalid_input', 'spec.base_url')
  assertThrowsCode(() => new PlatformClient({ platform: 'myspace', access_token: 't' }), 'invalid_input', 'spec.platform')
  assertThrowsCode(() => new PlatformClient({ platform: 'youtube', access_token: 't' }), 'unsupported')
  assertThrowsCode(() => new PlatformClient(spec(server), { tokens: {} }), 'invalid_input', 'tokens')
  const client = new PlatformClient(spec(server))
  await rejectsWith(
    client.publish({ text: 'hi', images: [{ mime_type: 'text/plain', url: 'https://a.example/x' }] }),
    'invalid_input',
    'draft.images[0].mime_type',
  )
  await rejectsWith(client.postMetrics(['']), 'invalid_input', 'ids[0]')
  assert.deepEqual(client.capabilities().daily_series, [])
  await rejectsWith(client.dailySeries('2026-11-01', '2026-11-02'), 'unsupported')
  await rejectsWith(client.dailySeries('November', '2026-11-02'), 'invalid_input', 'from')
  await rejectsWith(client.posts({ page_size: -1 }), 'invalid_input')
  await rejectsWith(client.sync(null, { now: NOW, options: { max_pages: 0 } }), 'invalid_input', 'options.max_pages')
})

test('a TokenManager-kept token is refreshed after a 401 and stored', async (t) => {
  const server = await instance()
  t.after(server.close)
  const rows = new Map()
  const expires = new Date(Date.now() + 3600_000).toISOString()
  rows.set('acct-1', sealTokenSet(VAULT, 'acct-1', { access_token: 'stale-token', refresh_token: 'rt-1', expires_at: expires, scopes: [], token_type: 'bearer' }))
  const store = { get: (a) => rows.get(a) ?? null, put: (a, s) => void rows.set(a, s), delete: (a) => void rows.delete(a) }
  const manager = new TokenManager({
    client: { provider: 'x', client_id: 'app', redirect_uri: 'https://app.example/cb', base_url: server.base },
    vault: VAULT,
    store,
  })
  assertThrowsCode(() => new PlatformClient({ platform: 'mastodon', base_url: server.base }, { tokens: manager }), 'invalid_input', 'account')
  const client = new PlatformClient({ platform: 'mastodon', base_url: server.base }, { tokens: manager, account: 'acct-1' })
  assert.equal((await client.profile()).followers, 1520)
  assert.equal(server.seen('POST', '/2/oauth2/token').length, 1)
  assert.equal(server.seen('GET', '/api/v1/accounts/verify_credentials').length, 2)
  assert.equal(openTokenSet(VAULT, 'acct-1', rows.get('acct-1')).access_token, 'good-token')
})

test('sync is complete, idempotent and resumes after a failure midway', async (t) => {
  const server = await instance()
  t.after(server.close)
  const client = new PlatformClient(spec(server))
  const first = await client.sync(null, { now: NOW })
  assert.ok(first.complete)
  assert.equal(first.error, null)
  assert.deepEqual([first.pages, first.new_posts], [3, 6])
  const second = await client.sync(first.state, { now: new Date(NOW) })
  assert.deepEqual(second.state.snapshot, first.state.snapshot)
  assert.deepEqual([second.new_posts, second.updated_posts], [0, 0])

  server.failPage2 = 1
  const failed = await client.sync(null, { now: NOW })
  assert.equal(failed.complete, false)
  assert.equal(failed.error.code, 'upstream')
  assert.equal(failed.state.resume.cursor, '113500007')
  assert.equal(failed.state.snapshot.posts.length, 2)
  const resumed = await client.sync(failed.state, { now: NOW })
  assert.ok(resumed.complete)
  assert.equal(resumed.pages, 2)
  assert.deepEqual(resumed.state.snapshot, first.state.snapshot)
})
