// The README's JavaScript code blocks run as written, against this package.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import vm from 'node:vm'

import { PACKAGE_DIR, ROOT } from './helpers.mjs'

test('README js blocks run', () => {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const blocks = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  assert.ok(blocks.length > 0, 'the README shows Node usage')
  const packageRequire = createRequire(join(PACKAGE_DIR, 'index.js'))
  for (const block of blocks) {
    const logged = []
    const context = {
      require: (name) => packageRequire(name === 'brandpilot' ? PACKAGE_DIR : name),
      console: { log: (...args) => logged.push(args) },
      Date,
    }
    vm.runInNewContext(block, context, { filename: 'README.md' })
    assert.ok(logged.length > 0)
    assert.deepEqual(logged.at(-1), ['invalid_input', 'snapshot.profile.platform'])
  }
})
