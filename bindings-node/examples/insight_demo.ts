// The demo account's weekly mentor run (examples/data/demo_account.json), as a host's weekly
// job does it: the insights of the week, the user's feedback folded in and stored as JSON, the
// next run ranked by it, and the digest email rendered as HTML; typed end to end by
// index.d.ts / types.d.ts. Type-checked by `npx tsc --noEmit` (scripts/test-node.sh); compiled
// and run by __test__/example.test.mjs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { generateInsights, insightDigest, renderDigestHtml, scoreBrand, updateFeedback } from 'brandpilot'
import type {
  AccountSnapshot,
  BrandpilotError,
  Digest,
  FeedbackEvent,
  FeedbackState,
  GenerateInsightsOptions,
  Goal,
  Insight,
  InsightInput,
  Observation,
} from 'brandpilot'

interface DemoAccount {
  now: string
  industry: string
  time_zone: string
  snapshot: AccountSnapshot
  goals: { goal: Goal; observations: Observation[] }[]
}

const path = process.argv[2] ?? join(__dirname, '..', '..', 'examples', 'data', 'demo_account.json')
const demo = JSON.parse(readFileSync(path, 'utf8')) as DemoAccount
const now = new Date(demo.now)

// The analyses the host stored: this week's, and last week's (from the data known then).
const weekAgo = new Date(now.getTime() - 7 * 86_400_000)
const before: AccountSnapshot = {
  ...demo.snapshot,
  posts: (demo.snapshot.posts ?? []).filter((p) => new Date(p.created_at) <= weekAgo),
  series: (demo.snapshot.series ?? []).map((s) => ({
    ...s,
    points: s.points.filter((p) => p.date <= weekAgo.toISOString().slice(0, 10)),
  })),
}
const input: InsightInput = {
  snapshot: demo.snapshot,
  time_zone: demo.time_zone,
  analysis: scoreBrand(demo.snapshot, { industry: demo.industry, now }),
  previous_analysis: scoreBrand(before, { industry: demo.industry, now: weekAgo }),
  goals: demo.goals,
}

const week: GenerateInsightsOptions = { period: 'week', now }
const insights: Insight[] = generateInsights(input, week)
console.log(`${insights.length} insights, ${insights[0].period.first_day} to ${insights[0].period.last_day} (${insights[0].period.time_zone}):`)
for (const i of insights) {
  console.log(`  ${i.kind.padEnd(14)} ${i.rank_score.toFixed(3)}  ${i.title}  [${i.evidence.length} numbers]`)
}

// The user marks the first unpinned insight "not helpful" three times over the week; the host
// folds the events into the stored state and passes it to the next run.
const target = insights.find((i) => !i.pinned) ?? insights[0]
const events: FeedbackEvent[] = [1, 2, 3].map(() => ({ insight_id: target.id, kind: target.kind, signal: 'not_helpful' }))
const stored: string = JSON.stringify(updateFeedback({}, events))
const feedback: FeedbackState = JSON.parse(stored)
const again = generateInsights(input, { ...week, feedback }).find((i) => i.id === target.id)
console.log(`after 3x not helpful on ${target.kind}: rank ${target.rank_score.toFixed(3)} -> ${again?.rank_score.toFixed(3)}`)

const digest: Digest = insightDigest(input, { ...week, feedback })
const html: string = renderDigestHtml(digest)
const score = digest.score ? `score ${digest.score.overall.toFixed(1)} (${digest.score.trend})` : 'no score'
console.log(`digest "${digest.headline}": ${score}, ${digest.goals.length} goals, ${digest.plan.slots.length} planned posts`)
console.log(`html ${html.length} chars, ${html.split('<svg').length - 1} charts`)

try {
  generateInsights({ ...input, time_zone: 'Europe/Atlantis' }, week)
} catch (e) {
  const err = e as BrandpilotError
  console.log(`error ${err.code} at ${err.field}`)
}
