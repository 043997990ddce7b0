// OAuth and sealed token sets: the six functions, against a fake RFC 6749 token endpoint that
// this file starts on 127.0.0.1 (node:http), counting the requests it sees in every test.
// The two async functions are the binding's first: their errors must be rejections carrying
// the same Error objects sync functions throw, and a panic must not take Node down.
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'

import binding, {
  oauthAuthorizeUrl,
  oauthExchangeCode,
  oauthRefresh,
  oauthStart,
  openTokenSet,
  sealTokenSet,
} from '../index.mjs'
import { assertThrowsCode } from './helpers.mjs'

const NOW = '2026-11-23T09:00:00Z'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
const REDIRECT = 'https://app.example/oauth/callback'
const VAULT = {
  current_key_id: '2026-11',
  keys: {
    '2026-10': 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    '2026-11': 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=',
  },
}

/**
 * A fake token endpoint: `respond(request, n)` (n counts from 1) returns `{ status?, json?,
 * text? }`. Every request is recorded with its parsed form body in `requests`.
 */
async function tokenServer(respond) {
  const requests = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const request = {
        method: req.method,
        path: req.url,
        headers: req.headers,
        body,
        form: Object.fromEntries(new URLSearchParams(body)),
      }
      requests.push(request)
      const { status = 200, json, text } = respond(request, requests.length)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(text ?? JSON.stringify(json))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(resolve)
    })
  return { base, requests, close }
}

/** A client for preset `x` (HTTP Basic client auth, PKCE required) pointed at `base`. */
const xClient = (base) => ({
  provider: 'x',
  client_id: 'app-123',
  client_secret: 's3cret',
  redirect_uri: REDIRECT,
  base_url: base,
})

/** A client for preset `linkedin` (client id and secret in the body, no PKCE) pointed at `base`. */
const linkedinClient = (base) => ({
  provider: 'linkedin',
  client_id: 'li-app',
  client_secret: 'li-secret',
  redirect_uri: REDIRECT,
  base_url: base,
})

/** Awaits `promise`, expecting a rejection with a brandpilot error of `code` (and `field`). */
async function rejectsWith(promise, code, field) {
  assert.ok(promise instanceof Promise, 'an async function returns a Promise, even for bad input')
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

describe('oauthExchangeCode against a fake token endpoint', () => {
  test('x: the exact form and Basic auth go out, the TokenSet comes back', async (t) => {
    const server = await tokenServer(() => ({
      json: {
        access_token: 'at-1',
        refresh_token: 'rt-1',
        expires_in: 7200,
        scope: 'tweet.read users.read offline.access',
        token_type: 'bearer',
      },
    }))
    t.after(server.close)
    const tokens = await oauthExchangeCode(xClient(server.base), 'code-from-callback', VERIFIER, new Date(NOW))
    assert.deepEqual(tokens, {
      access_token: 'at-1',
      refresh_token: 'rt-1',
      expires_at: '2026-11-23T11:00:00Z',
      scopes: ['tweet.read', 'users.read', 'offline.access'],
      token_type: 'bearer',
    })
    assert.equal(server.requests.length, 1)
    const [r] = server.requests
    assert.equal(r.method, 'POST')
    assert.equal(r.path, '/2/oauth2/token')
    assert.match(r.headers['content-type'], /^application\/x-www-form-urlencoded/)
    assert.deepEqual(r.form, {
      grant_type: 'authorization_code',
      code: 'code-from-callback',
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    })
    assert.equal(r.headers.authorization, `Basic ${Buffer.from('app-123:s3cret').toString('base64')}`)
  })

  test('linkedin: client id and secret in the body, no verifier (no PKCE)', async (t) => {
    const server = await tokenServer(() => ({ json: { access_token: 'AQX', expires_in: '60' } }))
    t.after(server.close)
    const tokens = await oauthExchangeCode(linkedinClient(server.base), 'c0de', VERIFIER, NOW)
    assert.equal(tokens.access_token, 'AQX')
    assert.equal(tokens.refresh_token ?? null, null)
    assert.equal(tokens.expires_at, '2026-11-23T09:01:00Z')
    assert.deepEqual(tokens.scopes, [])
    assert.equal(server.requests.length, 1)
    const [r] = server.requests
    assert.equal(r.path, '/oauth/v2/accessToken')
    assert.deepEqual(r.form, {
      grant_type: 'authorization_code',
      code: 'c0de',
      redirect_uri: REDIRECT,
      client_id: 'li-app',
      client_secret: 'li-secret',
    })
    assert.equal(r.headers.authorization, undefined)
  })

  test('a provider described in full (ProviderRef as an object) works too', async (t) => {
    const server = await tokenServer(() => ({ json: { access_token: 'acme-at', scope: 'read,write' } }))
    t.after(server.close)
    const client = {
      provider: {
        name: 'acme',
        authorize_url: `${server.base}/authorize`,
        token_url: `${server.base}/token`,
        client_auth: 'body',
        client_id_param: 'client_id',
        scope_separator: ' ',
        pkce: 'required',
        issues_refresh_tokens: true,
        extra_authorize_params: [],
      },
      client_id: 'acme-app',
      redirect_uri: REDIRECT,
    }
    const tokens = await oauthExchangeCode(client, 'k', VERIFIER, NOW)
    assert.equal(tokens.access_token, 'acme-at')
    assert.deepEqual(tokens.scopes, ['read', 'write'])
    assert.equal(server.requests.length, 1)
    assert.equal(server.requests[0].path, '/token')
    // a public client (no secret): the client id goes in the body
    assert.equal(server.requests[0].form.client_id, 'acme-app')
    assert.equal(server.requests[0].form.client_secret, undefined)
  })

  test('a refused code is upstream with the status', async (t) => {
    const server = await tokenServer(() => ({ status: 400, json: { error: 'invalid_request' } }))
    t.after(server.close)
    const err = await rejectsWith(oauthExchangeCode(xClient(server.base), 'c', VERIFIER, NOW), 'upstream')
    assert.equal(err.status, 400)
    assert.equal(server.requests.length, 1)
  })

  test('malformed JSON with 200 is invalid_response', async (t) => {
    const server = await tokenServer(() => ({ text: '{"access_token": "at-1", ' }))
    t.after(server.close)
    const err = await rejectsWith(
      oauthExchangeCode(xClient(server.base), 'code-xyz', VERIFIER, NOW),
      'invalid_response',
      null,
    )
    assert.equal(err.status, 200)
    assert.equal(err.retryable, false)
    assert.ok(!err.message.includes('code-xyz') && !err.message.includes(VERIFIER), err.message)
    assert.equal(server.requests.length, 1)
  })

  test('a server that is down is a network error', async () => {
    const server = await tokenServer(() => ({ json: {} }))
    const base = server.base
    await server.close()
    const err = await rejectsWith(oauthExchangeCode(xClient(base), 'c', VERIFIER, NOW), 'network', null)
    assert.equal(err.retryable, true)
    assert.equal(server.requests.length, 0)
  })
})

describe('oauthRefresh against a fake token endpoint', () => {
  test('a rotated refresh token is returned', async (t) => {
    const server = await tokenServer(() => ({
      json: { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600, scope: 'tweet.read' },
    }))
    t.after(server.close)
    const tokens = await oauthRefresh(xClient(server.base), 'rt-1', NOW)
    assert.equal(tokens.access_token, 'at-2')
    assert.equal(tokens.refresh_token, 'rt-2')
    assert.equal(tokens.expires_at, '2026-11-23T10:00:00Z')
    assert.equal(server.requests.length, 1)
    const [r] = server.requests
    assert.equal(r.path, '/2/oauth2/token')
    assert.deepEqual(r.form, { grant_type: 'refresh_token', refresh_token: 'rt-1' })
    assert.equal(r.headers.authorization, `Basic ${Buffer.from('app-123:s3cret').toString('base64')}`)
  })

  test('a refresh token that is not rotated is kept', async (t) => {
    const server = await tokenServer(() => ({ json: { access_token: 'at-3' } }))
    t.after(server.close)
    const tokens = await oauthRefresh(linkedinClient(server.base), 'rt-keep', NOW)
    assert.equal(tokens.refresh_token, 'rt-keep')
    assert.equal(server.requests.length, 1)
    assert.deepEqual(server.requests[0].form, {
      grant_type: 'refresh_token',
      refresh_token: 'rt-keep',
      client_id: 'li-app',
      client_secret: 'li-secret',
    })
  })

  test('400 invalid_grant is reauth_required', async (t) => {
    const server = await tokenServer(() => ({
      status: 400,
      json: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    }))
    t.after(server.close)
    const err = await rejectsWith(oauthRefresh(xClient(server.base), 'rt-revoked', NOW), 'reauth_required', null)
    assert.equal(err.retryable, false)
    assert.equal(err.retryAfter, null)
    assert.ok(!err.message.includes('rt-revoked'), err.message)
    assert.equal(server.requests.length, 1)
  })

  test('malformed JSON with 200 is invalid_response', async (t) => {
    const server = await tokenServer(() => ({ text: 'not json' }))
    t.after(server.close)
    await rejectsWith(oauthRefresh(xClient(server.base), 'rt-1', NOW), 'invalid_response')
    assert.equal(server.requests.length, 1)
  })

  test('a server that is down is a network error', async () => {
    const server = await tokenServer(() => ({ json: {} }))
    await server.close()
    await rejectsWith(oauthRefresh(xClient(server.base), 'rt-1', NOW), 'network', null)
    assert.equal(server.requests.length, 0)
  })

  test('50 concurrent refreshes all succeed, each with its own answer', async (t) => {
    const server = await tokenServer((r) => ({
      json: { access_token: `at-for-${r.form.refresh_token}`, refresh_token: `next-${r.form.refresh_token}` },
    }))
    t.after(server.close)
    const client = xClient(server.base)
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => oauthRefresh(client, `rt-${i}`, NOW)))
    results.forEach((tokens, i) => {
      assert.equal(tokens.access_token, `at-for-rt-${i}`)
      assert.equal(tokens.refresh_token, `next-rt-${i}`)
    })
    assert.equal(server.requests.length, 50)
    assert.deepEqual(
      server.requests.map((r) => r.form.refresh_token).sort(),
      Array.from({ length: 50 }, (_, i) => `rt-${i}`).sort(),
    )
  })
})

describe('bad input: coded invalid_input naming the field', () => {
  // One server for the whole group: bad input must never reach it.
  let server
  const client = () => xClient(server.base)
  after(() => server?.close())

  test('oauthAuthorizeUrl', () => {
    const ok = xClient('http://127.0.0.1:9')
    assertThrowsCode(() => oauthAuthorizeUrl({ ...ok, provider: 'myspace' }, [], 'q', VERIFIER), 'invalid_input', 'client.provider')
    assertThrowsCode(() => oauthAuthorizeUrl({ ...ok, redirect_uri: '/cb' }, [], 'q', VERIFIER), 'invalid_input', 'client.redirect_uri')
    assertThrowsCode(() => oauthAuthorizeUrl({ ...ok, client_id: undefined }, [], 'q', VERIFIER), 'invalid_input', 'client')
    assertThrowsCode(() => oauthAuthorizeUrl({ ...ok, extra: 1 }, [], 'q', VERIFIER), 'invalid_input', 'client.extra')
    assertThrowsCode(() => oauthAuthorizeUrl(ok, ['ok', 'a b'], 'q', VERIFIER), 'invalid_input', 'scopes[1]')
    assertThrowsCode(() => oauthAuthorizeUrl(ok, [NaN], 'q', VERIFIER), 'invalid_input', 'scopes[0]')
    assertThrowsCode(() => oauthAuthorizeUrl(ok, [], 42, VERIFIER), 'invalid_input', 'state')
    assertThrowsCode(() => oauthAuthorizeUrl(ok, [], 'q', 'too-short'), 'invalid_input', 'code_verifier')
    assertThrowsCode(() => oauthAuthorizeUrl(null, [], 'q', VERIFIER), 'invalid_input', 'client')
  })

  test('oauthStart', () => {
    const ok = xClient('http://127.0.0.1:9')
    assertThrowsCode(() => oauthStart(ok, 'tweet.read'), 'invalid_input', 'scopes')
    assertThrowsCode(() => oauthStart({ ...ok, base_url: 'ftp://x' }, []), 'invalid_input', 'client.base_url')
    assertThrowsCode(() => oauthStart({ ...ok, provider: 7 }, []), 'invalid_input', 'client.provider')
  })

  test('oauthExchangeCode rejects (never throws) and sends nothing', async () => {
    server = await tokenServer(() => ({ json: { access_token: 'never' } }))
    await rejectsWith(oauthExchangeCode(client(), '', VERIFIER, NOW), 'invalid_input', 'code')
    await rejectsWith(oauthExchangeCode(client(), 'c', 'short', NOW), 'invalid_input', 'code_verifier')
    await rejectsWith(oauthExchangeCode(client(), 'c', VERIFIER, 'yesterday'), 'invalid_input', 'now')
    // found by the JS wrapper (an invalid Date has no JSON form): still a rejection
    await rejectsWith(oauthExchangeCode(client(), 'c', VERIFIER, new Date(NaN)), 'invalid_input', 'now')
    await rejectsWith(oauthExchangeCode({ ...client(), provider: 'nope' }, 'c', VERIFIER, NOW), 'invalid_input', 'client.provider')
    await rejectsWith(oauthExchangeCode(client(), 5, VERIFIER, NOW), 'invalid_input', 'code')
    assert.equal(server.requests.length, 0)
  })

  test('oauthRefresh rejects (never throws) and sends nothing', async () => {
    server ??= await tokenServer(() => ({ json: { access_token: 'never' } }))
    await rejectsWith(oauthRefresh(client(), ' ', NOW), 'invalid_input', 'refresh_token')
    await rejectsWith(oauthRefresh({ ...client(), client_id: '' }, 'rt', NOW), 'invalid_input', 'client.client_id')
    await rejectsWith(oauthRefresh(client(), 'rt'), 'invalid_input', 'now')
    await rejectsWith(oauthRefresh(client(), 'rt', () => NOW), 'invalid_input', 'now')
    assert.equal(server.requests.length, 0)
  })

  test('sealTokenSet', () => {
    const tokens = { access_token: 'at' }
    assertThrowsCode(() => sealTokenSet({ current_key_id: 'k', keys: { k: 'c2hvcnQ=' } }, 'a', tokens), 'invalid_input', 'keys.k')
    assertThrowsCode(() => sealTokenSet({ current_key_id: 'k', keys: { k: '%%%' } }, 'a', tokens), 'invalid_input', 'keys.k')
    assertThrowsCode(() => sealTokenSet({ ...VAULT, current_key_id: 'gone' }, 'a', tokens), 'invalid_input', 'current_key_id')
    assertThrowsCode(() => sealTokenSet(null, 'a', tokens), 'invalid_input', 'vault')
    assertThrowsCode(() => sealTokenSet(VAULT, ['a'], tokens), 'invalid_input', 'account')
    assertThrowsCode(() => sealTokenSet(VAULT, 'a', { access_token: 5 }), 'invalid_input', 'tokens.access_token')
    assertThrowsCode(() => sealTokenSet(VAULT, 'a', { refresh_token: 'rt' }), 'invalid_input', 'tokens')
  })

  test('openTokenSet', () => {
    const sealed = sealTokenSet(VAULT, 'a', { access_token: 'at' })
    assertThrowsCode(() => openTokenSet(VAULT, 'a', 'garbage'), 'invalid_input', 'sealed')
    assertThrowsCode(() => openTokenSet(VAULT, 'a', sealed.slice(0, -2)), 'invalid_input', 'sealed')
    assertThrowsCode(() => openTokenSet(VAULT, 'a', null), 'invalid_input', 'sealed')
    assertThrowsCode(() => openTokenSet({ keys: VAULT.keys }, 'a', sealed), 'invalid_input', 'vault')
    assertThrowsCode(() => openTokenSet(VAULT, 1n, sealed), 'invalid_input', 'account')
  })
})

describe('sealed token sets', () => {
  const tokens = {
    access_token: 'AQX-access',
    refresh_token: 'AQW-refresh',
    expires_at: '2026-11-23T18:00:00Z',
    scopes: ['openid', 'w_member_social'],
    token_type: 'bearer',
  }

  test('seal -> open round trip; the text hides the tokens and binds the account', () => {
    const sealed = sealTokenSet(VAULT, 'user-42/linkedin', tokens)
    assert.match(sealed, /^bp1\.2026-11\./)
    assert.ok(!sealed.includes('AQX-access') && !sealed.includes('AQW-refresh'))
    assert.notEqual(sealTokenSet(VAULT, 'user-42/linkedin', tokens), sealed, 'a fresh nonce each time')
    assert.deepEqual(openTokenSet(VAULT, 'user-42/linkedin', sealed), tokens)
    assertThrowsCode(() => openTokenSet(VAULT, 'user-43/linkedin', sealed), 'invalid_input', 'sealed')
  })

  test('text sealed under an older key still opens after rotation; a retired key does not', () => {
    const old = { current_key_id: '2026-10', keys: { '2026-10': VAULT.keys['2026-10'] } }
    const sealed = sealTokenSet(old, 'a', { access_token: 'x' })
    assert.equal(openTokenSet(VAULT, 'a', sealed).access_token, 'x')
    const retired = { current_key_id: '2026-11', keys: { '2026-11': VAULT.keys['2026-11'] } }
    assertThrowsCode(() => openTokenSet(retired, 'a', sealed), 'invalid_input', 'sealed')
  })

  test('Dates are accepted in a TokenSet', () => {
    const sealed = sealTokenSet(VAULT, 'a', { access_token: 'x', expires_at: new Date(NOW) })
    assert.equal(openTokenSet(VAULT, 'a', sealed).expires_at, NOW)
  })
})

describe('authorisation URLs', () => {
  test('oauthStart draws fresh values that oauthAuthorizeUrl reproduces', () => {
    const client = xClient('http://127.0.0.1:9')
    const a = oauthStart(client, ['tweet.read', 'offline.access'])
    const b = oauthStart(client, ['tweet.read', 'offline.access'])
    assert.deepEqual(Object.keys(a).sort(), ['code_verifier', 'state', 'url'])
    assert.notEqual(a.state, b.state)
    assert.notEqual(a.code_verifier, b.code_verifier)
    assert.ok(a.url.startsWith('http://127.0.0.1:9/i/oauth2/authorize?'), a.url)
    assert.ok(a.url.includes(`state=${a.state}`))
    assert.equal(oauthAuthorizeUrl(client, ['tweet.read', 'offline.access'], a.state, a.code_verifier), a.url)
  })

  test('the RFC 7636 verifier gives the RFC 7636 challenge', () => {
    const url = new URL(oauthAuthorizeUrl({ ...xClient('http://127.0.0.1:9'), base_url: undefined }, ['tweet.read'], 'q', VERIFIER))
    assert.equal(url.searchParams.get('code_challenge'), CHALLENGE)
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256')
    assert.equal(url.searchParams.get('client_id'), 'app-123')
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT)
    assert.equal(url.searchParams.get('state'), 'q')
  })
})

describe('async errors and panics', () => {
  // [code, retryAfter, status, retryable] of brandpilot::Error::example, as in api.test.mjs
  const examples = [
    ['invalid_input', null, null, false],
    ['internal', null, null, false],
    ['rate_limited', 1.5, null, true],
    ['upstream', 2, 503, true],
    ['upstream_unavailable', 0.25, null, true],
    ['timeout', null, null, true],
    ['network', null, null, true],
    ['invalid_response', null, 200, false],
    ['reauth_required', null, null, false],
  ]
  for (const [code, retryAfter, status, retryable] of examples) {
    test(`${code} rejects with the same properties as when thrown`, async () => {
      const err = await rejectsWith(binding._rejectExampleError(code), code)
      assert.equal(err.retryAfter, retryAfter)
      assert.equal(err.status, status)
      assert.equal(err.retryable, retryable)
      assert.match(err.message, new RegExp(`example ${code} error`))
      const thrown = assertThrowsCode(() => binding._throwExampleError(code), code)
      assert.deepEqual({ ...err, message: err.message }, { ...thrown, message: thrown.message })
    })
  }

  test('a panic in an async export is a rejection with code internal, and Node survives', async (t) => {
    const err = await rejectsWith(binding._triggerPanicAsync(), 'internal', null)
    assert.match(err.message, /panic/)
    // several at once, then the runtime still serves real work
    const all = await Promise.allSettled(Array.from({ length: 8 }, () => binding._triggerPanicAsync()))
    assert.ok(all.every((r) => r.status === 'rejected' && r.reason.code === 'internal'))
    const server = await tokenServer(() => ({ json: { access_token: 'after-panic' } }))
    t.after(server.close)
    assert.equal((await oauthRefresh(xClient(server.base), 'rt', NOW)).access_token, 'after-panic')
    assert.equal(server.requests.length, 1)
  })
})
