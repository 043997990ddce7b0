// Scores the demo account (examples/data/demo_account.json) and evaluates its goals, typed
// end to end by index.d.ts / types.d.ts. Type-checked by `npx tsc --noEmit` (scripts/test-node.sh);
// compiled and run by __test__/example.test.mjs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { compareAnalyses, evaluateGoal, scoreBrand } from 'brandpilot'
import type {
  AccountSnapshot,
  BrandAnalysis,
  BrandpilotError,
  Goal,
  GoalProgress,
  Observation,
} from 'brandpilot'

interface DemoAccount {
  now: string
  industry: string
  snapshot: AccountSnapshot
  goals: { goal: Goal; observations: Observation[] }[]
}

const path = process.argv[2] ?? join(__dirname, '..', '..', 'examples', 'data', 'demo_account.json')
const demo = JSON.parse(readFileSync(path, 'utf8')) as DemoAccount

const analysis: BrandAnalysis = scoreBrand(demo.snapshot, { industry: demo.industry, now: new Date(demo.now) })
console.log(`overall ${analysis.overall.toFixed(1)} (${analysis.platform}, ${analysis.industry})`)
for (const d of analysis.dimensions) {
  console.log(`  ${d.dimension.padEnd(12)} ${d.score === null || d.score === undefined ? 'n/a' : d.score.toFixed(1)}`)
}
for (const r of analysis.recommendations) {
  console.log(`  + ${r.title} (+${r.expected_gain.toFixed(1)} overall, effort ${r.effort})`)
}

// The account as it was four weeks earlier: drop what happened since.
const fourWeeksBefore = new Date(Date.parse(demo.now) - 28 * 86_400_000)
const earlier: AccountSnapshot = {
  ...demo.snapshot,
  posts: (demo.snapshot.posts ?? []).filter((p) => new Date(p.created_at) <= fourWeeksBefore),
  series: (demo.snapshot.series ?? []).map((s) => ({
    ...s,
    points: s.points.filter((p) => p.date <= fourWeeksBefore.toISOString().slice(0, 10)),
  })),
}
const previous = scoreBrand(earlier, { industry: demo.industry, now: fourWeeksBefore })
const change = compareAnalyses(previous, analysis)
console.log(`since ${fourWeeksBefore.toISOString()}: ${change.overall_trend} (${change.overall_delta.toFixed(2)})`)

for (const { goal, observations } of demo.goals) {
  const progress: GoalProgress = evaluateGoal(goal, observations, demo.now)
  console.log(`goal ${goal.name ?? goal.id ?? goal.metric}: ${progress.status}, ${(progress.progress * 100).toFixed(0)}%`)
}

try {
  scoreBrand({ profile: { platform: 'linkedin', handle: 'ada' } }, { industry: '', now: demo.now })
} catch (e) {
  const err = e as BrandpilotError
  console.log(`error ${err.code} at ${err.field}`)
}
