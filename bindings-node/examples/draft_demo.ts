// Help with a draft from the demo account's history (examples/data/demo_account.json): its
// engagement model fit, stored as JSON and loaded back, the draft's predicted engagement rate,
// hashtags from the history and rewrites that fix its issues, typed end to end by
// index.d.ts / types.d.ts. Type-checked by `npx tsc --noEmit` (scripts/test-node.sh); compiled
// and run by __test__/example.test.mjs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { fitEngagementModel, optimizeContent, predictEngagement, suggestHashtags } from 'brandpilot'
import type {
  AccountSnapshot,
  BrandpilotError,
  EngagementModel,
  EngagementPrediction,
  FitOptions,
  HashtagSuggestion,
  MediaKind,
  Variant,
} from 'brandpilot'

const path = process.argv[2] ?? join(__dirname, '..', '..', 'examples', 'data', 'demo_account.json')
const demo = JSON.parse(readFileSync(path, 'utf8')) as { snapshot: AccountSnapshot }

const options: FitOptions = { time_zone: 'Europe/Amsterdam', folds: 5 }
const model: EngagementModel = fitEngagementModel(demo.snapshot.posts ?? [], options)
const cv = model.cross_validation
console.log(
  `model: ${model.n_train} posts, ${model.feature_names.length} features, MAE ${(cv.mae * 100).toFixed(2)} pt vs ${(cv.baseline_mae * 100).toFixed(2)} pt (skill ${cv.skill.toFixed(2)})`,
)

// A host stores the model (a database column, a file) and predicts with it later.
const stored: EngagementModel = JSON.parse(JSON.stringify(model))
const draft = 'Our data quality checklist, free to copy.\n\nWhich check would you add first? #dataengineering'
const media: MediaKind = 'document'
const p: EngagementPrediction = predictEngagement(stored, draft, 'linkedin', new Date('2026-11-24T07:15:00Z'), media)
const pct = (r: number) => `${(r * 100).toFixed(2)}%`
console.log(`predicted ${pct(p.engagement_rate)} (${pct(p.low)} to ${pct(p.high)}, ${p.coverage * 100}% interval)`)
for (const c of p.contributions) {
  console.log(`  ${c.feature.padEnd(16)} x${Math.exp(c.effect).toFixed(2)}`)
}

const tags: HashtagSuggestion[] = suggestHashtags(draft, demo.snapshot.posts ?? [], 3)
console.log(`hashtags: ${tags.map((t) => `#${t.tag} (lift ${t.lift.toFixed(2)})`).join(', ')}`)

const long = `${draft} ${'Every check runs before the data reaches a dashboard, so nobody wakes up to a broken chart. '.repeat(4)}`
const variants: Variant[] = optimizeContent(long, 'x')
for (const v of variants) {
  console.log(`variant ${v.strategy}: ${v.analysis.length.length}/${v.analysis.length.limit}, quality +${v.quality_gain.toFixed(1)}`)
}

try {
  predictEngagement({ ...stored, weights: stored.weights.slice(1) }, draft, 'linkedin', '2026-11-24T07:15:00Z')
} catch (e) {
  const err = e as BrandpilotError
  console.log(`error ${err.code} at ${err.field}`)
}
