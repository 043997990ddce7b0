// TokenManager over a host-implemented store: the core's manager on the addon's tokio runtime,
// calling a JS store (a Map-backed object counting its calls) back on the JS thread through a
// threadsafe function, against a fake token endpoint on 127.0.0.1 (node:http) counting the
// requests it sees.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

import { TokenManager, openTokenSet, sealTokenSet } from '../index.mjs'
import { PACKAGE_DIR } from './helpers.mjs'

const NOW = '2026-11-23T09:00:00Z'
/** Two hours later: a token from NOW (expires_in 3600) has expired. */
const LATER = '2026-11-23T11:00:00Z'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const REDIRECT = 'https://app.example/oauth/callback'
const VAULT = { current_key_id: 'k1', keys: { k1: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=' } }
const ACCOUNT = 'user:42/x'

/**
 * A fake token endpoint: `respond(request, n)` returns `{ status?, json?, delay? }` (delay in
 * ms before answering). Requests are recorded with their parsed form bodies.
 */
async function tokenServer(respond) {
  const requests = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', async () => {
      const request = { path: req.url, form: Object.fromEntries(new URLSearchParams(body)) }
      requests.push(request)
      const { status = 200, json, delay = 0 } = respond(request, requests.length)
      if (delay > 0) await sleep(delay)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(resolve)
    })
  return { base, requests, close, refreshes: () => requests.filter((r) => r.form.grant_type === 'refresh_token') }
}

/**
 * The token endpoint of most tests: a code grants `at-1` / `rt-1`; refresh token `rt-N` grants
 * `at-(N+1)` / `rt-(N+1)` (rotation); every token lives an hour.
 */
function rotatingEndpoint({ delay = 0 } = {}) {
  return tokenServer((r) => {
    if (r.form.grant_type === 'authorization_code') {
      return { json: { access_token: 'at-1', refresh_token: 'rt-1', expires_in: 3600, scope: 'tweet.read' } }
    }
    const n = Number(r.form.refresh_token.slice(3)) + 1
    return { delay, json: { access_token: `at-${n}`, refresh_token: `rt-${n}`, expires_in: 3600 } }
  })
}

/** A client for preset `x` pointed at `base`. */
const xClient = (base) => ({
  provider: 'x',
  client_id: 'app-123',
  client_secret: 's3cret',
  redirect_uri: REDIRECT,
  base_url: base,
})

/** The host's store: a Map of sealed strings, counting calls; `fail` makes a method fail. */
function mapStore() {
  const rows = new Map()
  const calls = { get: 0, put: 0, delete: 0 }
  return {
    rows,
    calls,
    get(account) {
      calls.get++
      return rows.get(account) ?? null
    },
    put(account, sealed) {
      calls.put++
      rows.set(account, sealed)
    },
    delete(account) {
      calls.delete++
      rows.delete(account)
    },
  }
}

/** Awaits `promise`, expecting a rejection with a brandpilot error of `code` (and `field`). */
async function rejectsWith(promise, code, field) {
  assert.ok(promise instanceof Promise, 'an async method returns a Promise, even for bad input')
  let err
  try {
    await promise
  } catch (e) {
    err = e
  }
  assert.ok(err, `expected a rejection with code ${code}, the Promise resolved`)
  assert.ok(err instanceof Error, `expected an Error, got ${err}`)
  assert.equal(err.code, code, `code of: ${err.message}`)
  if (field !== undefined) assert.equal(err.field, field, `field of: ${err.message}`)
  return err
}

/** Throws an `Error` with `code` and `field` like a sync brandpilot function. */
function throwsCode(fn, code, field) {
  let err
  try {
    fn()
  } catch (e) {
    err = e
  }
  assert.ok(err instanceof Error, 'expected a thrown Error')
  assert.equal(err.code, code, err.message)
  assert.equal(err.field, field, err.message)
  return err
}

/** A manager over a fresh map store and endpoint, connected as ACCOUNT at NOW. */
async function connected(t, endpointOptions, managerOptions = {}) {
  const server = await rotatingEndpoint(endpointOptions)
  t.after(server.close)
  const store = mapStore()
  const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store, ...managerOptions })
  const tokens = await manager.connect(ACCOUNT, 'code-1', VERIFIER, NOW)
  return { server, store, manager, tokens }
}

describe('TokenManager with a host store', () => {
  test('connect seals into the host store; a fresh token costs no request', async (t) => {
    const { server, store, manager, tokens } = await connected(t)
    assert.equal(tokens.access_token, 'at-1')
    assert.equal(tokens.refresh_token, 'rt-1')
    assert.equal(tokens.expires_at, '2026-11-23T10:00:00Z')
    assert.equal(server.requests.length, 1)
    assert.equal(server.requests[0].form.grant_type, 'authorization_code')
    assert.equal(server.requests[0].form.code_verifier, VERIFIER)

    assert.equal(store.calls.put, 1)
    const sealed = store.rows.get(ACCOUNT)
    assert.match(sealed, /^bp1\.k1\./)
    assert.ok(!sealed.includes('at-1') && !sealed.includes('rt-1'), 'the store never sees a token')
    assert.deepEqual(openTokenSet(VAULT, ACCOUNT, sealed), tokens, 'sealed for this account with this vault')

    assert.equal(await manager.accessToken(ACCOUNT, NOW), 'at-1')
    assert.equal(await manager.accessToken(ACCOUNT, new Date('2026-11-23T09:50:00Z')), 'at-1')
    assert.equal(server.requests.length, 1, 'no request while the token is fresh')
    assert.ok(store.calls.get >= 2)
    assert.deepEqual(await manager.tokens(ACCOUNT), tokens)
    assert.equal(await manager.tokens('nobody'), null)
  })

  test('an expired token is refreshed with rotation; the store holds the new sealed set', async (t) => {
    const { server, store, manager } = await connected(t)
    const before = store.rows.get(ACCOUNT)
    assert.equal(await manager.accessToken(ACCOUNT, LATER), 'at-2')
    assert.equal(server.refreshes().length, 1)
    assert.deepEqual(server.refreshes()[0].form, { grant_type: 'refresh_token', refresh_token: 'rt-1' })
    const after = store.rows.get(ACCOUNT)
    assert.notEqual(after, before)
    assert.ok(!after.includes('at-2') && !after.includes('rt-2'))
    const opened = openTokenSet(VAULT, ACCOUNT, after)
    assert.equal(opened.access_token, 'at-2')
    assert.equal(opened.refresh_token, 'rt-2')
    assert.deepEqual(opened.scopes, ['tweet.read'], 'scopes kept when the refresh answer has none')
    // fresh again: no further request
    assert.equal(await manager.accessToken(ACCOUNT, LATER), 'at-2')
    assert.equal(server.refreshes().length, 1)
  })

  test('the skew: within 5 minutes of expiry by default, skewSeconds otherwise', async (t) => {
    const nearExpiry = '2026-11-23T09:58:00Z'
    const { server, manager } = await connected(t)
    assert.equal(await manager.accessToken(ACCOUNT, nearExpiry), 'at-2')
    assert.equal(server.refreshes().length, 1)

    const tight = await connected(t, {}, { skewSeconds: 60 })
    assert.equal(await tight.manager.accessToken(ACCOUNT, nearExpiry), 'at-1')
    assert.equal(tight.server.refreshes().length, 0)
  })

  test('single flight: 100 concurrent accessToken calls on an expired token, 1 refresh', async (t) => {
    const { server, manager } = await connected(t, { delay: 200 })
    const tokens = await Promise.all(Array.from({ length: 100 }, () => manager.accessToken(ACCOUNT, LATER)))
    assert.equal(server.refreshes().length, 1)
    assert.deepEqual(new Set(tokens), new Set(['at-2']))
    assert.equal(tokens.length, 100)
  })

  test('single flight holds with an async store (Promises, a tick of latency)', async (t) => {
    const server = await rotatingEndpoint({ delay: 200 })
    t.after(server.close)
    const rows = mapStore()
    const store = {
      get: async (a) => {
        await sleep(1)
        return rows.get(a)
      },
      put: async (a, s) => {
        await sleep(1)
        rows.put(a, s)
      },
      delete: async (a) => rows.delete(a),
    }
    const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store })
    await manager.connect(ACCOUNT, 'c', VERIFIER, NOW)
    const tokens = await Promise.all(Array.from({ length: 100 }, () => manager.accessToken(ACCOUNT, LATER)))
    assert.equal(server.refreshes().length, 1)
    assert.ok(tokens.every((x) => x === 'at-2'))
  })

  test('forceRefresh refreshes the rejected token once; a replaced one comes back as is', async (t) => {
    const { server, manager } = await connected(t)
    assert.equal(await manager.forceRefresh(ACCOUNT, 'at-1', NOW), 'at-2')
    assert.equal(server.refreshes().length, 1)
    // at-1 was already replaced (by the call above): no second refresh
    assert.equal(await manager.forceRefresh(ACCOUNT, 'at-1', NOW), 'at-2')
    assert.equal(server.refreshes().length, 1)
  })

  test('a store written as a class keeps its `this`', async (t) => {
    class Rows {
      #rows = new Map()
      get(a) {
        return this.#rows.get(a)
      }
      put(a, s) {
        this.#rows.set(a, s)
      }
      delete(a) {
        this.#rows.delete(a)
      }
    }
    const server = await rotatingEndpoint()
    t.after(server.close)
    const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store: new Rows() })
    await manager.connect(ACCOUNT, 'c', VERIFIER, NOW)
    assert.equal(await manager.accessToken(ACCOUNT, NOW), 'at-1')
  })
})

describe('re-authorisation', () => {
  test('a rejected refresh (400 invalid_grant) is reauth_required and forgets the grant', async (t) => {
    const server = await tokenServer((r) =>
      r.form.grant_type === 'authorization_code'
        ? { json: { access_token: 'at-1', refresh_token: 'rt-1', expires_in: 3600 } }
        : { status: 400, json: { error: 'invalid_grant' } },
    )
    t.after(server.close)
    const store = mapStore()
    const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store })
    await manager.connect(ACCOUNT, 'c', VERIFIER, NOW)
    const err = await rejectsWith(manager.accessToken(ACCOUNT, LATER), 'reauth_required', null)
    assert.equal(err.retryable, false)
    assert.ok(!/at-1|rt-1/.test(err.message), err.message)
    assert.equal(server.refreshes().length, 1)
    assert.equal(store.calls.delete, 1)
    assert.equal(store.rows.has(ACCOUNT), false)
    // nothing stored any more: reauth_required without a request
    await rejectsWith(manager.accessToken(ACCOUNT, LATER), 'reauth_required')
    assert.equal(server.refreshes().length, 1)
  })

  test('an unknown account is reauth_required, with no request', async (t) => {
    const { server, manager } = await connected(t)
    await rejectsWith(manager.accessToken('user:7/x', NOW), 'reauth_required', null)
    await rejectsWith(manager.forceRefresh('user:7/x', 'at-1', NOW), 'reauth_required', null)
    assert.equal(server.requests.length, 1)
  })
})

describe('a failing host store', () => {
  const failing = (overrides) => ({ ...mapStore(), ...overrides })

  test('get throwing, rejecting or throwing a non-Error is storage with its message', async (t) => {
    const server = await rotatingEndpoint()
    t.after(server.close)
    const stores = [
      [{ get: () => { throw new Error('db down (sync)') } }, 'db down (sync)'],
      [{ get: async () => { throw new Error('db down (async)') } }, 'db down (async)'],
      [{ get: () => Promise.reject(new TypeError('pool exhausted')) }, 'pool exhausted'],
      [{ get: () => { throw 'a plain string' } }, 'a plain string'],
    ]
    for (const [override, message] of stores) {
      const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store: failing(override) })
      const err = await rejectsWith(manager.accessToken(ACCOUNT, NOW), 'storage', null)
      assert.ok(err.message.includes(message), err.message)
      assert.equal(err.retryable, true)
      await rejectsWith(manager.tokens(ACCOUNT), 'storage', null)
    }
    assert.equal(server.requests.length, 0)
  })

  test('put failing during connect is storage (after the exchange)', async (t) => {
    const server = await rotatingEndpoint()
    t.after(server.close)
    const store = failing({ put: async () => { throw new Error('disk full') } })
    const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store })
    const err = await rejectsWith(manager.connect(ACCOUNT, 'c', VERIFIER, NOW), 'storage', null)
    assert.match(err.message, /disk full/)
    assert.ok(!/at-1|rt-1/.test(err.message), err.message)
    assert.equal(server.requests.length, 1)
  })

  test('put failing after a refresh is storage', async (t) => {
    const { store, manager } = await connected(t)
    store.put = () => { throw new Error('read-only replica') }
    await rejectsWith(manager.accessToken(ACCOUNT, LATER), 'storage')
  })

  test('garbage from get is invalid_input at sealed', async (t) => {
    const server = await rotatingEndpoint()
    t.after(server.close)
    const other = sealTokenSet(VAULT, 'someone-else', { access_token: 'x' })
    const wrongKey = sealTokenSet({ current_key_id: 'k2', keys: { k2: Buffer.alloc(32, 9).toString('base64') } }, ACCOUNT, {
      access_token: 'x',
    })
    for (const garbage of ['not sealed at all', '', other, wrongKey, 42, { sealed: 'x' }, ['bp1.'], true]) {
      const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store: failing({ get: () => garbage }) })
      const err = await rejectsWith(manager.accessToken(ACCOUNT, NOW), 'invalid_input', 'sealed')
      assert.equal(err.retryable, false)
    }
    assert.equal(server.requests.length, 0)
  })

  test('a store with an undefined result for get is "nothing stored"', async (t) => {
    const server = await rotatingEndpoint()
    t.after(server.close)
    const manager = new TokenManager({ client: xClient(server.base), vault: VAULT, store: failing({ get: () => undefined }) })
    await rejectsWith(manager.accessToken(ACCOUNT, NOW), 'reauth_required')
  })
})

describe('bad input', () => {
  const store = mapStore()
  const client = xClient('http://127.0.0.1:9')

  test('the constructor throws invalid_input naming the field', () => {
    throwsCode(() => new TokenManager({ client: { ...client, provider: 'myspace' }, vault: VAULT, store }), 'invalid_input', 'client.provider')
    throwsCode(() => new TokenManager({ client: { ...client, redirect_uri: '/cb' }, vault: VAULT, store }), 'invalid_input', 'client.redirect_uri')
    throwsCode(
      () => new TokenManager({ client, vault: { current_key_id: 'k', keys: { k: 'c2hvcnQ=' } }, store }),
      'invalid_input',
      'vault.keys.k',
    )
    throwsCode(() => new TokenManager({ client, vault: { ...VAULT, current_key_id: 'gone' }, store }), 'invalid_input', 'vault.current_key_id')
    throwsCode(() => new TokenManager({ client, vault: null, store }), 'invalid_input', 'vault')
    throwsCode(() => new TokenManager({ client, vault: VAULT, store: null }), 'invalid_input', 'store')
    throwsCode(() => new TokenManager({ client, vault: VAULT }), 'invalid_input', 'store')
    throwsCode(() => new TokenManager({ client, vault: VAULT, store: { get() {}, put() {} } }), 'invalid_input', 'store.delete')
    throwsCode(() => new TokenManager({ client, vault: VAULT, store, skewSeconds: -1 }), 'invalid_input', 'skew_seconds')
    throwsCode(() => new TokenManager({ client, vault: VAULT, store, skewSeconds: 1.5 }), 'invalid_input', 'skew_seconds')
    throwsCode(() => new TokenManager({ client, vault: VAULT, store, skewSeconds: NaN }), 'invalid_input', 'skew_seconds')
    throwsCode(() => new TokenManager(), 'invalid_input', 'options')
    assert.equal(store.calls.get + store.calls.put + store.calls.delete, 0)
  })

  test('methods reject (never throw) with the field and touch nothing', async () => {
    const manager = new TokenManager({ client, vault: VAULT, store, skewSeconds: 0 })
    await rejectsWith(manager.connect(ACCOUNT, '', VERIFIER, NOW), 'invalid_input', 'code')
    await rejectsWith(manager.connect(ACCOUNT, 'c', 'short', NOW), 'invalid_input', 'code_verifier')
    await rejectsWith(manager.connect(7, 'c', VERIFIER, NOW), 'invalid_input', 'account')
    await rejectsWith(manager.accessToken(ACCOUNT, 'yesterday'), 'invalid_input', 'now')
    await rejectsWith(manager.accessToken(ACCOUNT, new Date(NaN)), 'invalid_input', 'now')
    await rejectsWith(manager.accessToken(ACCOUNT), 'invalid_input', 'now')
    await rejectsWith(manager.forceRefresh(ACCOUNT, null, NOW), 'invalid_input', 'rejected_token')
    await rejectsWith(manager.tokens({}), 'invalid_input', 'account')
    assert.equal(store.calls.get + store.calls.put + store.calls.delete, 0)
  })
})

describe('panics and the process', () => {
  test('a panic inside the manager is a rejection with code internal; the manager still works', async (t) => {
    const { store, manager } = await connected(t)
    const err = await rejectsWith(manager._triggerPanic(ACCOUNT), 'internal', null)
    assert.match(err.message, /panic/)
    const all = await Promise.allSettled(Array.from({ length: 8 }, () => manager._triggerPanic(ACCOUNT)))
    assert.ok(all.every((r) => r.status === 'rejected' && r.reason.code === 'internal'))
    assert.equal(await manager.accessToken(ACCOUNT, NOW), 'at-1')
    assert.ok(store.calls.get >= 10, 'the store was reached before each panic')
  })

  test('a process that used a TokenManager exits on its own, also with managers left for GC', () => {
    const script = `
      const { createServer } = require('node:http')
      const { TokenManager } = require(${JSON.stringify(PACKAGE_DIR)})
      const rows = new Map()
      const store = { get: (a) => rows.get(a), put: async (a, s) => { rows.set(a, s) }, delete: (a) => rows.delete(a) }
      const server = createServer((req, res) => req.resume().on('end', () =>
        res.end(JSON.stringify({ access_token: 'at-' + Date.now(), refresh_token: 'rt', expires_in: 3600 }))))
      server.listen(0, '127.0.0.1', async () => {
        const client = { provider: 'linkedin', client_id: 'a', client_secret: 's', redirect_uri: 'https://a.example/cb',
          base_url: 'http://127.0.0.1:' + server.address().port }
        const vault = { current_key_id: 'k', keys: { k: Buffer.alloc(32, 1).toString('base64') } }
        const manager = new TokenManager({ client, vault, store })
        await manager.connect('acc', 'code', 'x'.repeat(43), new Date())
        const token = await manager.accessToken('acc', new Date(Date.now() + 7200e3))
        for (let i = 0; i < 50; i++) new TokenManager({ client, vault, store })
        globalThis.gc?.()
        server.closeAllConnections()
        server.close()
        console.log(token.startsWith('at-') ? 'ok' : 'bad token')
      })
    `
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30_000 })
    assert.equal(out.trim(), 'ok')
  })

  test('a manager left for GC releases its threadsafe function (and so the host store)', () => {
    const script = `
      const { TokenManager } = require(${JSON.stringify(PACKAGE_DIR)})
      const { setTimeout: sleep } = require('node:timers/promises')
      let collected = 0
      const registry = new FinalizationRegistry(() => { collected++ })
      const vault = { current_key_id: 'k', keys: { k: Buffer.alloc(32, 1).toString('base64') } }
      const client = { provider: 'linkedin', client_id: 'a', redirect_uri: 'https://a.example/cb' }
      ;(async () => {
        for (let i = 0; i < 20; i++) {
          const store = { get: () => null, put() {}, delete() {} }
          registry.register(store, i)
          await new TokenManager({ client, vault, store }).tokens('acc')
        }
        for (let i = 0; i < 10; i++) { gc(); await sleep(20) }
        console.log(collected)
      })()
    `
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30_000 })
    assert.ok(Number(out) >= 10, `only ${out.trim()} of 20 stores were collected`)
  })
})
