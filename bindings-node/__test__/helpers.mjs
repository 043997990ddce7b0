// Shared fixtures of the Node test suite.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = join(PACKAGE_DIR, '..')
export const DEMO_PATH = join(ROOT, 'examples', 'data', 'demo_account.json')

/** A fresh copy of the demo account: {now, industry, snapshot, goals: [{goal, observations}]}. */
export const demo = () => JSON.parse(readFileSync(DEMO_PATH, 'utf8'))

/** Asserts `fn` throws a brandpilot error with `code` (and `field`, when given). */
export function assertThrowsCode(fn, code, field) {
  let thrown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown, `expected an error with code ${code}, nothing was thrown`)
  assert.ok(thrown instanceof Error, `expected an Error, got ${thrown}`)
  assert.equal(thrown.code, code, `code of: ${thrown.message}`)
  assert.equal(typeof thrown.message, 'string')
  if (field !== undefined) assert.equal(thrown.field, field, `field of: ${thrown.message}`)
  return thrown
}

/** Field-for-field equality; numbers within 1e-9 relative; a missing key equals null. */
export function same(a, b, path = '') {
  if (typeof a === 'number' && typeof b === 'number') {
    const tol = 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1)
    if (!(Math.abs(a - b) <= tol)) throw new Error(`${path}: ${a} != ${b}`)
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) throw new Error(`${path}: length ${a.length} != ${b.length}`)
    a.forEach((x, i) => same(x, b[i], `${path}[${i}]`))
    return
  }
  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      same(a[k] ?? null, b[k] ?? null, `${path}.${k}`)
    }
    return
  }
  if (a !== b) throw new Error(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`)
}
