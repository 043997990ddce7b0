// Connect an account with OAuth 2.0 and keep its tokens sealed: start the flow (state + PKCE),
// exchange the callback's code, seal the TokenSet for storage, open it again, refresh it, and
// handle a revoked refresh token (reauth_required). A token endpoint on 127.0.0.1 (node:http)
// stands in for X's, through `client.base_url`. Typed end to end by index.d.ts / types.d.ts;
// type-checked by `npx tsc --noEmit` (scripts/test-node.sh), compiled and run by
// __test__/example.test.mjs.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { oauthExchangeCode, oauthRefresh, oauthStart, openTokenSet, sealTokenSet } from 'brandpilot'
import type { AuthorizationStart, BrandpilotError, OAuthClientSpec, TokenSet, VaultSpec } from 'brandpilot'

/** A stand-in token endpoint: grants on codes and on refresh token `rt-1`, refuses the rest. */
function startTokenEndpoint(): Promise<{ base: string; close: () => void }> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8')
    })
    req.on('end', () => {
      const form = new URLSearchParams(body)
      const grant = form.get('grant_type')
      const ok = grant === 'authorization_code' || form.get('refresh_token') === 'rt-1'
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify(
          ok
            ? { access_token: `at-${grant}`, refresh_token: 'rt-1', expires_in: 7200, scope: 'tweet.read offline.access' }
            : { error: 'invalid_grant' },
        ),
      )
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        base: `http://127.0.0.1:${port}`,
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
    provider: 'x',
    client_id: 'app-123',
    client_secret: 'app-secret',
    redirect_uri: 'https://app.example/oauth/callback',
    base_url: endpoint.base,
  }
  try {
    const start: AuthorizationStart = oauthStart(client, ['tweet.read', 'offline.access'])
    console.log(`authorize at ${new URL(start.url).pathname} (state ${start.state.length} chars)`)

    // ... the person approves; the callback brings `code` and the same `state` ...
    const tokens: TokenSet = await oauthExchangeCode(client, 'code-from-callback', start.code_verifier, new Date())
    console.log(`exchanged: ${tokens.access_token}, scopes ${tokens.scopes?.join(' ')}`)

    const vault: VaultSpec = { current_key_id: '2026-11', keys: { '2026-11': Buffer.alloc(32, 7).toString('base64') } }
    const sealed: string = sealTokenSet(vault, 'user-42/x', tokens)
    console.log(`sealed ${sealed.split('.')[0]}.${sealed.split('.')[1]} (${sealed.includes(tokens.access_token) ? 'LEAKS' : 'no plain tokens'})`)

    const stored: TokenSet = openTokenSet(vault, 'user-42/x', sealed)
    const refreshed: TokenSet = await oauthRefresh(client, stored.refresh_token ?? '', new Date())
    console.log(`refreshed: ${refreshed.access_token}, expires ${refreshed.expires_at ? 'set' : 'unknown'}`)

    try {
      await oauthRefresh(client, 'rt-revoked', new Date())
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
