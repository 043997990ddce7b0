// Compiles examples/score_demo.ts with the package's TypeScript and runs it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

import { DEMO_PATH, PACKAGE_DIR } from './helpers.mjs'

test('examples/score_demo.ts compiles and runs', { timeout: 120_000 }, () => {
  // Inside the package directory, so the example's `import ... from 'brandpilot'` resolves to
  // this package (self-reference through its `exports`).
  const out = join(PACKAGE_DIR, '.example-build')
  rmSync(out, { recursive: true, force: true })
  const tsc = join(PACKAGE_DIR, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', PACKAGE_DIR, '--noEmit', 'false', '--rootDir', PACKAGE_DIR, '--outDir', out], { stdio: 'pipe' })
  const stdout = execFileSync(process.execPath, [join(out, 'examples', 'score_demo.js'), DEMO_PATH], {
    encoding: 'utf8',
  })
  assert.match(stdout, /^overall \d+\.\d \(linkedin, technology\)/)
  assert.match(stdout, /since .*: (improved|steady|declined|unknown)/)
  assert.match(stdout, /goal .*: (not_started|on_track|at_risk|off_track|achieved|missed)/)
  assert.match(stdout, /error invalid_input at industry/)
})
