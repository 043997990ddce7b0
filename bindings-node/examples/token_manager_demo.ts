// Keep connected accounts' tokens in the host's own storage: a TokenManager over a SealedStore
// the host implements (here a Map standing in for a database table with one text column),
// sealing every token set before the store sees it, refreshing ahead of expiry (once, however
// many callers ask at the same time), and telling when the person must connect again. A token
// endpoint on 127.0.0.1 (node:http) stands in for LinkedIn's, through `client.base_url`.
// Type-checked by `npx tsc --noEmit`, compiled and run by __test__/example.test.mjs.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { TokenManager } from 'brandpilot'
import type { BrandpilotError, OAuthClientSpec, SealedStore, TokenSet, VaultSpec } from 'brandpilot'

/** The host's table: account id -> sealed text. Methods may be sync or async. */
class TokenTable implements SealedStore {
  readonly rows = new Map<string, string>()
  async get(account: string): Promise<string | null> {
    return this.rows.get(account) ?? null
  }
  async put(account: string, sealed: string): Promise<void> {
    this.rows.set(account, sealed)
  }
  delete(account: string): void {
    this.rows.delete(account)
  }
}

/** A stand-in token endpoint: codes grant `at-1`; refresh token `rt-N` grants `at-(N+1)`. */
function startTokenEndpoint(): Promise<{ base: string; refreshes: () => number; close: () => void }> {
  let refreshes = 0
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      const rt = form.get('refresh_token')
      if (rt !== null) refreshes++
      const n = rt === null ? 1 : Number(rt.slice(3)) + 1
      const answer = rt === 'rt-revoked'
        ? { error: 'invalid_grant' }
        : { access_token: `at-${n}`, refresh_token: `rt-${n}`, expires_in: 3600 }
      setTimeout(() => {
        res.writeHead('error' in answer ? 400 : 200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(answer))
      }, 50)
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        base: `http://127.0.0.1:${port}`,
        refreshes: () => refreshes,
        close: () => {
          server.closeAllConnections()
          server.close()
        },
      })
    }),
  )
}

async function main(): Promise<void> {
  const endpoint = await startTokenEndpoint()
  const client: OAuthClientSpec = {
    provider: 'linkedin',
    client_id: 'app-123',
    client_secret: 'app-secret',
    redirect_uri: 'https://app.example/oauth/callback',
    base_url: endpoint.base,
  }
  const vault: VaultSpec = { current_key_id: '2026-11', keys: { '2026-11': Buffer.alloc(32, 7).toString('base64') } }
  const table = new TokenTable()
  const manager = new TokenManager({ client, vault, store: table })
  const account = 'user-42/linkedin'
  try {
    const now = new Date('2026-11-23T09:00:00Z')
    const tokens: TokenSet = await manager.connect(account, 'code-from-callback', 'v'.repeat(43), now)
    const row = table.rows.get(account) ?? ''
    console.log(`connected: ${tokens.access_token}; stored ${row.split('.').slice(0, 2).join('.')} (${row.includes(tokens.access_token) ? 'LEAKS' : 'no plain tokens'})`)

    const fresh: string = await manager.accessToken(account, now)
    console.log(`fresh: ${fresh}, ${endpoint.refreshes()} refreshes`)

    const later = new Date('2026-11-23T10:30:00Z')
    const all: string[] = await Promise.all(Array.from({ length: 20 }, () => manager.accessToken(account, later)))
    console.log(`20 callers after expiry: ${new Set(all).size} token (${all[0]}), ${endpoint.refreshes()} refresh`)

    const after401: string = await manager.forceRefresh(account, all[0], later)
    console.log(`after a 401: ${after401}`)

    const stored: TokenSet | null = await manager.tokens(account)
    console.log(`stored expires ${stored?.expires_at}`)

    try {
      await manager.accessToken('user-7/linkedin', later)
    } catch (e) {
      const err = e as BrandpilotError
      console.log(`error ${err.code} (retryable ${err.retryable})`)
    }
  } finally {
    endpoint.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
