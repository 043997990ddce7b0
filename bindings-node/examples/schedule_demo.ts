// Best posting times of the demo account (examples/data/demo_account.json) and a two-week
// plan across three platforms, typed end to end by index.d.ts / types.d.ts. Type-checked by
// `npx tsc --noEmit` (scripts/test-node.sh); compiled and run by __test__/example.test.mjs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { bestTimes, plan } from 'brandpilot'
import type {
  AccountSnapshot,
  BestTimes,
  BestTimesOptions,
  BrandpilotError,
  PlanDraft,
  PlanRules,
  Platform,
  PostingPlan,
} from 'brandpilot'

const path = process.argv[2] ?? join(__dirname, '..', '..', 'examples', 'data', 'demo_account.json')
const demo = JSON.parse(readFileSync(path, 'utf8')) as { snapshot: AccountSnapshot }

const timeZone = 'Europe/Amsterdam'
const options: BestTimesOptions = { time_zone: timeZone, platform: 'linkedin', k: 3 }
const best: BestTimes = bestTimes(demo.snapshot.posts ?? [], options)
console.log(`best times (${best.platform}, ${best.time_zone}, ${best.posts_used} posts, per ${best.basis ?? 'prior'}):`)
for (const s of best.slots) {
  console.log(`  ${s.weekday} ${String(s.hour).padStart(2, '0')}:00  x${s.expected_lift.toFixed(2)} (confidence ${s.confidence.toFixed(2)})`)
}

const drafts: PlanDraft[] = [{ id: 'launch' }, { id: 'thread', platforms: ['linkedin', 'x'] }, { id: 'recap' }]
const platforms: Platform[] = ['linkedin', 'x', 'instagram']
const rules: PlanRules = {
  time_zone: timeZone,
  best_times: [{ platform: 'linkedin', slots: best.slots.map(({ weekday, hour }) => ({ weekday, hour })) }],
}
const start = new Date('2026-03-02T00:00:00Z')
const end = new Date(start.getTime() + 14 * 86_400_000)
const schedule: PostingPlan = plan(drafts, platforms, { start, end }, rules)
for (const p of schedule.scheduled) {
  console.log(`  ${p.local_time}  ${p.platform.padEnd(9)} ${p.draft_id} (${p.source})`)
}
console.log(`scheduled ${schedule.scheduled.length}, unscheduled ${schedule.unscheduled.length}`)

try {
  plan(drafts, platforms, { start, end }, { time_zone: 'Mars/Olympus_Mons' })
} catch (e) {
  const err = e as BrandpilotError
  console.log(`error ${err.code} at ${err.field}`)
}
