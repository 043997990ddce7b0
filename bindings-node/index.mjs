// ESM entry of the npm package `brandpilot`: the same functions as the CommonJS entry.
import binding from './index.js'

export const {
  scoreBrand,
  compareAnalyses,
  evaluateGoal,
  bestTimes,
  plan,
  analyzeContent,
  analyzeContentBatch,
  fitEngagementModel,
  predictEngagement,
  suggestHashtags,
  optimizeContent,
  generateInsights,
  updateFeedback,
  insightDigest,
  renderDigestHtml,
  oauthAuthorizeUrl,
  oauthStart,
  oauthExchangeCode,
  oauthRefresh,
  sealTokenSet,
  openTokenSet,
  TokenManager,
  PlatformClient,
} = binding
export default binding
