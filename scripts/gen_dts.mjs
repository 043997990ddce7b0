#!/usr/bin/env node
// Generates bindings-node/types.d.ts (TypeScript interfaces of every input and output of the
// Node binding) from the JSON Schema of the Rust types, so the two cannot drift.
//
//   node scripts/gen_dts.mjs            # write bindings-node/types.d.ts
//   node scripts/gen_dts.mjs --check    # exit 1 if the committed file differs (CI drift test)
//   node scripts/gen_dts.mjs --bundle bundle.json   # use a saved bundle instead of cargo
//
// The bundle comes from `cargo run -q -p typegen`: {"definitions": {Name: schema}, "functions":
// {name: {"params": {p: type}, "returns": type, "async"?: true}}}. Mapping:
//   object schemas      -> `export interface`, a property not in `required` gets `?`
//   oneOf/enum of consts -> a union of string literals
//   ["T", "null"], anyOf -> `T | null`
//   untagged enums      -> a union of the variants' types (`ProviderRef = string | OAuthProvider`:
//                          anyOf whose members are not all consts), each variant documented
//   fixed-size arrays   -> tuples (`prefixItems` of n items, minItems = maxItems = n: `[string, string]`)
//   integer, number     -> number;  format date-time -> `DateTime` (string) in outputs,
//                          `DateTimeInput` (string | Date) in types only ever passed in
// Any other schema construct is an error, so a new one cannot be mistranslated silently.
//
// The functions themselves are declared by hand in bindings-node/index.d.ts (their JS faces
// differ from the core's parameter lists: options objects, camelCase); --check also checks
// that every function of the bundle is declared there, returning `Promise<…>` exactly when
// the bundle marks it `"async": true`.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'bindings-node', 'types.d.ts')
const INDEX_DTS = join(ROOT, 'bindings-node', 'index.d.ts')

function loadBundle(args) {
  const i = args.indexOf('--bundle')
  if (i >= 0) return JSON.parse(readFileSync(args[i + 1], 'utf8'))
  const text = execFileSync('cargo', ['run', '-q', '-p', 'typegen'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  return JSON.parse(text)
}

const refName = (ref) => {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref)
  if (!m) throw new Error(`unsupported $ref ${ref}`)
  return m[1]
}

/** Names of the definitions `schema` refers to, directly or not. */
function reachable(defs, roots) {
  const seen = new Set()
  const visit = (s) => {
    if (Array.isArray(s)) return s.forEach(visit)
    if (s === null || typeof s !== 'object') return
    if (typeof s.$ref === 'string') {
      const name = refName(s.$ref)
      if (!seen.has(name)) {
        seen.add(name)
        visit(defs[name])
      }
    }
    Object.values(s).forEach(visit)
  }
  for (const r of roots) {
    if (defs[r]) {
      seen.add(r)
      visit(defs[r])
    }
  }
  return seen
}

/** The definition names in a function signature type such as `Observation[]`, `ScoringConfig?`. */
const sigNames = (t) => [t.replace(/(\[\]|\?)+$/, '')]

/** A Rust doc comment as TSDoc: no doctests (they are Rust), intra-doc links as plain code. */
function cleanDoc(text) {
  if (!text) return ''
  return text
    .replace(/```[\s\S]*?```/g, '')
    .replace(/\[`([^`\]]+)`\]\([^)]*\)/g, '`$1`')
    .replace(/\[`([^`\]]+)`\]/g, '`$1`')
    .replace(/\*\//g, '*\\/')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function docBlock(lines, indent) {
  const text = lines.filter((l) => l !== '').join('\n\n').trim()
  if (!text) return ''
  const body = text.split('\n')
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`
  return `${indent}/**\n${body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join('\n')}\n${indent} */\n`
}

function literal(v) {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v)
  throw new Error(`unsupported literal ${JSON.stringify(v)}`)
}

const union = (parts) => [...new Set(parts)].join(' | ')
const KNOWN = new Set([
  'type', 'format', 'description', 'default', 'title', 'items', '$ref', 'anyOf', 'oneOf',
  'const', 'enum', 'properties', 'required', 'additionalProperties', 'minimum', 'maximum',
  'prefixItems', 'minItems', 'maxItems',
])

/** A tuple type from `prefixItems`; only fixed-size tuples (minItems = maxItems = n) exist in JSON of Rust tuples. */
function tupleType(schema, input) {
  const n = schema.prefixItems.length
  if (schema.items !== undefined || schema.minItems !== n || schema.maxItems !== n) {
    throw new Error(`unsupported array schema (only fixed-size tuples): ${JSON.stringify(schema)}`)
  }
  return `[${schema.prefixItems.map((s) => tsType(s, input)).join(', ')}]`
}

/** The TypeScript type of `schema`; `input` picks how date-times are typed. */
function tsType(schema, input) {
  if (schema === true || (typeof schema === 'object' && Object.keys(schema).length === 0)) return 'unknown'
  for (const k of Object.keys(schema)) {
    if (!KNOWN.has(k)) throw new Error(`unsupported schema keyword "${k}" in ${JSON.stringify(schema)}`)
  }
  if (schema.$ref) return refName(schema.$ref)
  if ('const' in schema) return literal(schema.const)
  if (schema.enum) return union(schema.enum.map(literal))
  if (schema.anyOf) return union(schema.anyOf.map((s) => tsType(s, input)))
  if (schema.oneOf) return union(schema.oneOf.map((s) => tsType(s, input)))
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  return union(
    types.map((t) => {
      switch (t) {
        case 'string':
          return schema.format === 'date-time' ? (input ? 'DateTimeInput' : 'DateTime') : 'string'
        case 'integer':
        case 'number':
          return 'number'
        case 'boolean':
          return 'boolean'
        case 'null':
          return 'null'
        case 'array': {
          if (schema.prefixItems) return tupleType(schema, input)
          if (schema.minItems !== undefined || schema.maxItems !== undefined) {
            throw new Error(`unsupported array bounds in ${JSON.stringify(schema)}`)
          }
          const item = tsType(schema.items ?? {}, input)
          return /[ |]/.test(item) && !item.startsWith('[') ? `(${item})[]` : `${item}[]`
        }
        case 'object':
          if (schema.properties) throw new Error('nested object schemas are not supported')
          return `{ [key: string]: ${schema.additionalProperties ? tsType(schema.additionalProperties, input) : 'unknown'} }`
        default:
          throw new Error(`unsupported type ${JSON.stringify(t)}`)
      }
    }),
  )
}

const isEnum = (s) => !s.properties && (s.enum || (s.oneOf && s.oneOf.every((v) => 'const' in v)))

/**
 * An untagged enum (serde `#[serde(untagged)]`, schemars `anyOf`): each variant is a different
 * JSON type, e.g. `ProviderRef`, a preset's name or a whole `OAuthProvider`. `T | null`
 * (an Option) is not one.
 */
const isUntagged = (s) =>
  !s.properties && Array.isArray(s.anyOf) && s.anyOf.filter((v) => !(v.type === 'null' && Object.keys(v).length === 1)).length > 1

function emitDefinition(name, schema, input) {
  const doc = cleanDoc(schema.description)
  if (isEnum(schema)) {
    const variants = schema.enum
      ? schema.enum.map((v) => ({ const: v }))
      : schema.oneOf
    const lines = variants.map((v) => {
      const d = cleanDoc(v.description).replace(/\n+/g, ' ')
      return d ? `- ${literal(v.const)}: ${d}` : `- ${literal(v.const)}`
    })
    return `${docBlock([doc, lines.join('\n')], '')}export type ${name} = ${union(variants.map((v) => literal(v.const)))}\n`
  }
  if (isUntagged(schema)) {
    const lines = schema.anyOf.map((v) => {
      const d = cleanDoc(v.description).replace(/\n+/g, ' ')
      const t = tsType({ ...v, description: undefined }, input)
      return d ? `- \`${t}\`: ${d}` : `- \`${t}\``
    })
    return `${docBlock([doc, lines.join('\n')], '')}export type ${name} = ${tsType(schema, input)}\n`
  }
  if (schema.type !== 'object' || !schema.properties) {
    return `${docBlock([doc], '')}export type ${name} = ${tsType(schema, input)}\n`
  }
  const required = new Set(schema.required ?? [])
  let out = `${docBlock([doc], '')}export interface ${name} {\n`
  for (const [key, prop] of Object.entries(schema.properties)) {
    const notes = [cleanDoc(prop.description)]
    if ('default' in prop) notes.push(`@default ${JSON.stringify(prop.default)}`)
    const optional = required.has(key) ? '' : '?'
    const safeKey = /^[A-Za-z_$][\w$]*$/.test(key) ? key : literal(key)
    out += `${docBlock(notes, '  ')}  ${safeKey}${optional}: ${tsType(prop, input)}\n`
  }
  return `${out}}\n`
}

/** Signature primitives of the bundle and their TypeScript types (anything else is a definition name). */
const SIG_PRIMITIVES = { 'date-time': 'DateTimeInput', integer: 'number', number: 'number', string: 'string', boolean: 'boolean' }

/** A function-signature type from the bundle (`date-time`, `integer`, `string`, `Name`, `Name[]`, `Name?`). */
function sigType(t) {
  const base = t.replace(/\?$/, '')
  const m = /^(.*?)((?:\[\])*)$/.exec(base)
  const mapped = (SIG_PRIMITIVES[m[1]] ?? m[1]) + m[2]
  return t.endsWith('?') ? `${mapped} | null` : mapped
}

/** Functions whose JS face takes `(first, options)`: the options interfaces generated. */
const OPTIONS = [
  { fn: 'score_brand', name: 'ScoreBrandOptions', js: 'scoreBrand', first: 'snapshot', what: 'the snapshot' },
  { fn: 'best_times', name: 'BestTimesOptions', js: 'bestTimes', first: 'posts', what: 'the posts' },
  { fn: 'generate_insights', name: 'GenerateInsightsOptions', js: 'generateInsights', first: 'input', what: 'the input' },
  { fn: 'insight_digest', name: 'InsightDigestOptions', js: 'insightDigest', first: 'input', what: 'the input' },
]

/** The keys a function entry of the bundle may have; a new one must be taught here first. */
const FUNCTION_KEYS = new Set(['params', 'returns', 'async'])

function checkFunctions(fns) {
  for (const [name, f] of Object.entries(fns)) {
    for (const k of Object.keys(f)) {
      if (!FUNCTION_KEYS.has(k)) throw new Error(`unsupported key "${k}" in function ${name}`)
    }
    if ('async' in f && f.async !== true) throw new Error(`function ${name}: "async" must be true or absent`)
  }
}

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/**
 * Problems of the hand-written index.d.ts against the bundle's functions: each must be declared
 * (camelCase), returning `Promise<…>` exactly when it is async.
 */
function indexProblems(fns, text) {
  const problems = []
  for (const [name, f] of Object.entries(fns)) {
    const js = camel(name)
    const m = new RegExp(`^export declare function ${js}(?:<[^>]*>)?\\(([^)]*)\\): (.+)$`, 'm').exec(text)
    if (!m) {
      problems.push(`${js} (${name}) is not declared (\`export declare function ${js}(…): …\`)`)
      continue
    }
    const returns = m[2].trim()
    const isPromise = returns.startsWith('Promise<')
    if (f.async === true && !isPromise) problems.push(`${js} is async in the bundle but returns ${returns}`)
    if (f.async !== true && isPromise) problems.push(`${js} is sync in the bundle but returns ${returns}`)
  }
  return problems
}

function generate(bundle) {
  const defs = bundle.definitions
  const fns = bundle.functions
  checkFunctions(fns)
  const outputs = reachable(defs, Object.values(fns).flatMap((f) => sigNames(f.returns)))
  let out = `// Generated by scripts/gen_dts.mjs from the JSON Schema of the Rust types
// (\`cargo run -q -p typegen\`). Do not edit: change the Rust types and rerun the script.
//
// Keys are snake_case, as in the JSON shape of the core's serde types. A property marked \`?\`
// may be left out (or be \`undefined\`); \`| null\` means \`null\` is accepted / returned.

/** An RFC 3339 time string, as returned (\`2026-11-23T09:00:00Z\`). */
export type DateTime = string

/** A time as accepted: an RFC 3339 string or a \`Date\` (converted to its UTC ISO string). */
export type DateTimeInput = string | Date
`
  for (const name of Object.keys(defs).sort()) {
    out += `\n${emitDefinition(name, defs[name], !outputs.has(name))}`
  }
  // The options objects: every parameter of the function but the first, which stays
  // positional (the bundle lists parameters by name, in no meaningful order).
  for (const { fn, name, js, first, what } of OPTIONS) {
    const rest = Object.entries(fns[fn].params).filter(([key]) => key !== first)
    out += `\n/** The second argument of \`${js}\`: every parameter of \`${fn}\` but ${what}. */\n`
    out += `export interface ${name} {\n`
    for (const [key, t] of rest) {
      out += `  ${key}${t.endsWith('?') ? '?' : ''}: ${sigType(t)}\n`
    }
    out += `}\n`
  }
  return out
}

function main() {
  const args = process.argv.slice(2)
  const bundle = loadBundle(args)
  const text = generate(bundle)
  if (args.includes('--check')) {
    const problems = indexProblems(bundle.functions, readFileSync(INDEX_DTS, 'utf8'))
    if (problems.length > 0) {
      console.error(`bindings-node/index.d.ts does not match the bundle's functions:\n  ${problems.join('\n  ')}`)
      process.exit(1)
    }
    console.log('bindings-node/index.d.ts declares every function of the bundle')
    let current = ''
    try {
      current = readFileSync(OUT, 'utf8')
    } catch {
      // missing counts as different
    }
    if (current !== text) {
      const a = current.split('\n')
      const b = text.split('\n')
      let line = 0
      while (line < a.length && a[line] === b[line]) line++
      console.error(
        `bindings-node/types.d.ts is out of date with the Rust types (first difference at line ${line + 1}):\n` +
          `  committed: ${a[line] ?? '<end of file>'}\n  generated: ${b[line] ?? '<end of file>'}\n` +
          'Run: node scripts/gen_dts.mjs',
      )
      process.exit(1)
    }
    console.log('bindings-node/types.d.ts is up to date')
    return
  }
  writeFileSync(OUT, text)
  console.log(`wrote ${OUT}`)
}

main()
