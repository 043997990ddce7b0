// The Kotlin suite of the mobile binding: the uniffi-generated Kotlin, compiled with kotlinc and
// run on the JVM through JNA against target/release/libbrandpilot_mobile.so.
// Run by scripts/test-kotlin.sh as `main(<repo root>)`; JUnit-free (no Maven here).
//
//   1. the demo account (examples/data/demo_account.json) scored through the JSON-string form
//   2. typed records: scoreBrand, compareAnalyses, evaluateGoal, bestTimes (the demo posts as
//      records), plan, analyzeContent / analyzeContentBatch, fitEngagementModel on the demo
//      posts then predictEngagement (the stored model passed back predicts the same),
//      suggestHashtags (only tags from the history), optimizeContent (every variant fits the
//      platform's limit), generateInsights on the demo account (evidence, stable ids),
//      updateFeedback (NOT_HELPFUL demotes a kind; the stored state continues), insightDigest
//      and renderDigestHtml (<svg>, no <script>, user text escaped); record defaults match Rust's
//   3. errors: BrandpilotException.InvalidInput with its field (a negative count, a bad
//      observation, an unknown time zone, whitespace text, a tampered model, an unknown period,
//      a bad feedback state, NaN, garbage and mistyped JSON); a Rust panic becomes BrandpilotException.Internal and the JVM keeps
//      running
//   4. OAuth and sealed tokens: suspend oauthExchangeCode / oauthRefresh against a fake token
//      endpoint (the JDK's HttpServer on 127.0.0.1): the exact form sent, rotation,
//      invalid_grant -> ReauthRequired, malformed JSON -> InvalidResponse, a closed port ->
//      Network, 50 concurrent calls, a panic in an async export; oauthAuthorizeUrl / oauthStart;
//      sealTokenSet -> openTokenSet; bad input to each of the six functions
//   5. TokenManager over a Kotlin SealedStore (a map counting its calls): connect stores a
//      sealed bp1. string with no token in it, a fresh token needs no request, an expired one
//      refreshes with rotation, forceRefresh, single flight (100 concurrent accessToken calls
//      on an expired token -> 1 refresh request), invalid_grant / unknown account ->
//      ReauthRequired, the store throwing -> Storage, garbage in the store -> InvalidInput at
//      sealed, bad constructor input (typed and fromJson) -> InvalidInput with its field
//   6. every shared vector in core/tests/vectors/**/*.json through the JSON-string forms,
//      compared field for field in Kotlin (numbers within 1e-9 relative)
//
// Prints `N passed, 0 failed` and exits 1 on any failure.

import dev.brandpilot.BrandpilotException
import dev.brandpilot.analyzeContent
import dev.brandpilot.analyzeContentBatch
import dev.brandpilot.analyzeContentBatchJson
import dev.brandpilot.analyzeContentJson
import dev.brandpilot.bestTimes
import dev.brandpilot.bestTimesJson
import dev.brandpilot.compareAnalyses
import dev.brandpilot.compareAnalysesJson
import dev.brandpilot.evaluateGoal
import dev.brandpilot.evaluateGoalJson
import dev.brandpilot.fitEngagementModel
import dev.brandpilot.fitEngagementModelJson
import dev.brandpilot.defaultInsightConfig
import dev.brandpilot.generateInsights
import dev.brandpilot.generateInsightsJson
import dev.brandpilot.insightDigest
import dev.brandpilot.insightDigestJson
import dev.brandpilot.renderDigestHtml
import dev.brandpilot.renderDigestHtmlJson
import dev.brandpilot.updateFeedback
import dev.brandpilot.updateFeedbackJson
import dev.brandpilot.optimizeContent
import dev.brandpilot.optimizeContentJson
import dev.brandpilot.predictEngagement
import dev.brandpilot.predictEngagementJson
import dev.brandpilot.suggestHashtags
import dev.brandpilot.suggestHashtagsJson
import dev.brandpilot.plan
import dev.brandpilot.planJson
import dev.brandpilot.scoreBrand
import dev.brandpilot.scoreBrandJson
import dev.brandpilot.triggerPanicForTest
import dev.brandpilot.exampleErrorForTest
import dev.brandpilot.core.AccountSnapshot
import dev.brandpilot.core.EngagementModel
import dev.brandpilot.core.EngagementPrediction
import dev.brandpilot.core.EntityKind
import dev.brandpilot.core.ExperienceLevel
import dev.brandpilot.core.FeedbackEvent
import dev.brandpilot.core.FeedbackSignal
import dev.brandpilot.core.FeedbackState
import dev.brandpilot.core.GoalWithObservations
import dev.brandpilot.core.InsightFacts
import dev.brandpilot.core.InsightInput
import dev.brandpilot.core.InsightKind
import dev.brandpilot.core.KindPreference
import dev.brandpilot.core.MetricPoint
import dev.brandpilot.core.MetricSeries
import dev.brandpilot.core.Period
import dev.brandpilot.core.SeriesMetric
import dev.brandpilot.core.FitOptions
import dev.brandpilot.core.Dimension
import dev.brandpilot.core.Goal
import dev.brandpilot.core.GoalDirection
import dev.brandpilot.core.GoalMetric
import dev.brandpilot.core.GoalStatus
import dev.brandpilot.core.MediaKind
import dev.brandpilot.core.Observation
import dev.brandpilot.core.PlanDraft
import dev.brandpilot.core.PlanRules
import dev.brandpilot.core.PlanWindow
import dev.brandpilot.core.Platform
import dev.brandpilot.core.PlatformGap
import dev.brandpilot.core.PlatformSlots
import dev.brandpilot.core.RateBasis
import dev.brandpilot.core.SlotSource
import dev.brandpilot.core.SlotTime
import dev.brandpilot.core.UnscheduledReason
import dev.brandpilot.core.Weekday
import dev.brandpilot.core.Post
import dev.brandpilot.core.PostMetrics
import dev.brandpilot.core.Profile
import dev.brandpilot.core.ScoringConfig
import dev.brandpilot.core.Trend
import dev.brandpilot.oauthAuthorizeUrl
import dev.brandpilot.oauthAuthorizeUrlJson
import dev.brandpilot.oauthExchangeCode
import dev.brandpilot.oauthExchangeCodeJson
import dev.brandpilot.oauthRefresh
import dev.brandpilot.oauthRefreshJson
import dev.brandpilot.oauthStart
import dev.brandpilot.oauthStartJson
import dev.brandpilot.openTokenSet
import dev.brandpilot.openTokenSetJson
import dev.brandpilot.sealTokenSet
import dev.brandpilot.sealTokenSetJson
import dev.brandpilot.triggerAsyncPanicForTest
import dev.brandpilot.core.ClientAuth
import dev.brandpilot.core.OAuthClientSpec
import dev.brandpilot.core.OAuthProvider
import dev.brandpilot.core.PkceSupport
import dev.brandpilot.core.ProviderRef
import dev.brandpilot.core.TokenSet
import dev.brandpilot.core.VaultSpec
import dev.brandpilot.SealedStore
import dev.brandpilot.TokenManager
import dev.brandpilot.PlatformClient
import com.sun.net.httpserver.HttpServer
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.URLDecoder
import java.util.Base64
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import java.io.File
import java.time.Instant
import java.time.temporal.ChronoUnit
import kotlin.system.exitProcess

// ---------------------------------------------------------------------------------------------
// A minimal JSON reader/writer (no JSON library is available without Maven). Numbers keep
// their source text, so integers round-trip exactly into Rust's i64 fields.

sealed class Json {
    object Null : Json()
    data class Bool(val value: Boolean) : Json()
    data class Num(val text: String) : Json() {
        val value: Double get() = text.toDouble()
    }
    data class Str(val value: String) : Json()
    data class Arr(val items: List<Json>) : Json()
    data class Obj(val fields: LinkedHashMap<String, Json>) : Json() {
        operator fun get(key: String): Json = fields[key] ?: Null
    }
}

class JsonParser(private val s: String) {
    private var i = 0

    fun parseDocument(): Json {
        val v = value()
        ws()
        require(i == s.length) { "trailing characters at $i" }
        return v
    }

    private fun ws() {
        while (i < s.length && s[i] in " \t\r\n") i++
    }

    private fun value(): Json {
        ws()
        require(i < s.length) { "unexpected end of JSON" }
        return when (val c = s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> Json.Str(str())
            't' -> literal("true", Json.Bool(true))
            'f' -> literal("false", Json.Bool(false))
            'n' -> literal("null", Json.Null)
            else -> if (c == '-' || c.isDigit()) num() else error("unexpected '$c' at $i")
        }
    }

    private fun literal(word: String, v: Json): Json {
        require(s.startsWith(word, i)) { "bad literal at $i" }
        i += word.length
        return v
    }

    private fun num(): Json {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
        val text = s.substring(start, i)
        text.toDouble() // validates
        return Json.Num(text)
    }

    private fun str(): String {
        i++ // opening quote
        val sb = StringBuilder()
        while (true) {
            require(i < s.length) { "unterminated string" }
            val c = s[i++]
            when (c) {
                '"' -> return sb.toString()
                '\\' -> {
                    when (val e = s[i++]) {
                        '"' -> sb.append('"')
                        '\\' -> sb.append('\\')
                        '/' -> sb.append('/')
                        'b' -> sb.append('\b')
                        'f' -> sb.append('\u000C')
                        'n' -> sb.append('\n')
                        'r' -> sb.append('\r')
                        't' -> sb.append('\t')
                        'u' -> {
                            sb.append(s.substring(i, i + 4).toInt(16).toChar())
                            i += 4
                        }
                        else -> error("bad escape \\$e")
                    }
                }
                else -> sb.append(c)
            }
        }
    }

    private fun arr(): Json {
        i++
        val items = mutableListOf<Json>()
        ws()
        if (s[i] == ']') { i++; return Json.Arr(items) }
        while (true) {
            items.add(value())
            ws()
            when (s[i++]) {
                ',' -> continue
                ']' -> return Json.Arr(items)
                else -> error("expected , or ] at ${i - 1}")
            }
        }
    }

    private fun obj(): Json {
        i++
        val fields = LinkedHashMap<String, Json>()
        ws()
        if (s[i] == '}') { i++; return Json.Obj(fields) }
        while (true) {
            ws()
            require(s[i] == '"') { "expected a key at $i" }
            val key = str()
            ws()
            require(s[i++] == ':') { "expected : at ${i - 1}" }
            fields[key] = value()
            ws()
            when (s[i++]) {
                ',' -> continue
                '}' -> return Json.Obj(fields)
                else -> error("expected , or } at ${i - 1}")
            }
        }
    }
}

fun parseJson(text: String): Json = JsonParser(text).parseDocument()

fun Json.toJson(): String = StringBuilder().also { write(this, it) }.toString()

private fun write(v: Json, sb: StringBuilder) {
    when (v) {
        Json.Null -> sb.append("null")
        is Json.Bool -> sb.append(v.value)
        is Json.Num -> sb.append(v.text)
        is Json.Str -> writeString(v.value, sb)
        is Json.Arr -> {
            sb.append('[')
            v.items.forEachIndexed { k, item -> if (k > 0) sb.append(','); write(item, sb) }
            sb.append(']')
        }
        is Json.Obj -> {
            sb.append('{')
            var first = true
            for ((k, item) in v.fields) {
                if (!first) sb.append(',')
                first = false
                writeString(k, sb)
                sb.append(':')
                write(item, sb)
            }
            sb.append('}')
        }
    }
}

private fun writeString(s: String, sb: StringBuilder) {
    sb.append('"')
    for (c in s) {
        when {
            c == '"' -> sb.append("\\\"")
            c == '\\' -> sb.append("\\\\")
            c < ' ' -> sb.append(String.format("\\u%04x", c.code))
            else -> sb.append(c)
        }
    }
    sb.append('"')
}

/** Field-for-field equality (a missing key equals null; numbers within 1e-9 relative); null when equal. */
fun diff(a: Json, b: Json, path: String = ""): String? {
    if (a is Json.Num && b is Json.Num) {
        val (x, y) = a.value to b.value
        val tol = 1e-9 * maxOf(Math.abs(x), Math.abs(y), 1.0)
        return if (Math.abs(x - y) > tol) "$path: ${a.text} != ${b.text}" else null
    }
    if (a is Json.Arr && b is Json.Arr) {
        if (a.items.size != b.items.size) return "$path: length ${a.items.size} != ${b.items.size}"
        a.items.indices.forEach { k -> diff(a.items[k], b.items[k], "$path[$k]")?.let { return it } }
        return null
    }
    if (a is Json.Obj && b is Json.Obj) {
        for (k in (a.fields.keys + b.fields.keys).toSortedSet()) {
            diff(a[k], b[k], "$path.$k")?.let { return it }
        }
        return null
    }
    return if (a == b) null else "$path: ${a.toJson()} != ${b.toJson()}"
}

// ---------------------------------------------------------------------------------------------
// A fake OAuth 2.0 token endpoint (RFC 6749 §5.1 / §5.2) on 127.0.0.1, port 0: answers every
// request with `status` and `body` (after `delayMs`) and records what it received. `byGrant`
// overrides the answer per `grant_type` (`authorization_code`, `refresh_token`).

class FakeTokenServer(
    status: Int,
    body: String,
    delayMs: Long = 0,
    byGrant: Map<String, Pair<Int, String>> = emptyMap(),
) : AutoCloseable {
    /** One request as the server saw it; header names lowercased, the form decoded. */
    data class Seen(val method: String, val path: String, val headers: Map<String, String>, val form: Map<String, String>) {
        fun header(name: String): String? = headers[name]
    }

    val requests = CopyOnWriteArrayList<Seen>()
    private val pool = Executors.newFixedThreadPool(16)
    private val server = HttpServer.create(InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64)

    init {
        server.createContext("/") { ex ->
            val text = ex.requestBody.readBytes().toString(Charsets.UTF_8)
            val form = text.split('&').filter { it.isNotEmpty() }.associate { pair ->
                val (k, v) = (pair.split('=', limit = 2) + "").take(2)
                URLDecoder.decode(k, "UTF-8") to URLDecoder.decode(v, "UTF-8")
            }
            val headers = ex.requestHeaders.entries.associate { (k, v) -> k.lowercase() to v.joinToString(",") }
            requests.add(Seen(ex.requestMethod, ex.requestURI.path, headers, form))
            if (delayMs > 0) Thread.sleep(delayMs)
            val (answerStatus, answerBody) = byGrant[form["grant_type"]] ?: (status to body)
            val out = answerBody.toByteArray(Charsets.UTF_8)
            ex.responseHeaders.add("Content-Type", "application/json")
            ex.sendResponseHeaders(answerStatus, out.size.toLong())
            ex.responseBody.use { it.write(out) }
        }
        server.executor = pool
        server.start()
    }

    val baseUrl: String get() = "http://127.0.0.1:${server.address.port}"

    override fun close() {
        server.stop(0)
        pool.shutdownNow()
    }
}

// ---------------------------------------------------------------------------------------------
// The host's token storage: a map of sealed strings by account (what an app keeps in one text
// column), counting every call. `failWith` makes get/put throw it; `garbage` makes get return
// that text instead of the stored one.

class MapStore : SealedStore {
    val rows = ConcurrentHashMap<String, String>()
    val gets = AtomicInteger()
    val puts = AtomicInteger()
    val deletes = AtomicInteger()
    @Volatile var failWith: Exception? = null
    @Volatile var garbage: String? = null

    override suspend fun get(account: String): String? {
        gets.incrementAndGet()
        failWith?.let { throw it }
        garbage?.let { return it }
        return rows[account]
    }

    override suspend fun put(account: String, sealed: String) {
        puts.incrementAndGet()
        failWith?.let { throw it }
        rows[account] = sealed
    }

    override suspend fun delete(account: String) {
        deletes.incrementAndGet()
        rows.remove(account)
    }
}

// ---------------------------------------------------------------------------------------------
// A tiny harness.

var passed = 0
var failed = 0

fun check(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok    $name")
    } catch (t: Throwable) {
        failed++
        println("FAIL  $name: $t")
    }
}

fun expect(cond: Boolean, what: () -> String) {
    if (!cond) throw AssertionError(what())
}

fun close(a: Double, b: Double) = Math.abs(a - b) <= 1e-9 * maxOf(Math.abs(a), Math.abs(b), 1.0)

// ---------------------------------------------------------------------------------------------

fun main(args: Array<String>) {
    val root = File(if (args.isNotEmpty()) args[0] else ".")
    val demo = parseJson(File(root, "examples/data/demo_account.json").readText()) as Json.Obj
    val demoNow = Instant.parse((demo["now"] as Json.Str).value)

    check("demo account scores through scoreBrandJson") {
        val input = Json.Obj(linkedMapOf("snapshot" to demo["snapshot"], "industry" to demo["industry"], "now" to demo["now"]))
        val out = parseJson(scoreBrandJson(input.toJson())) as Json.Obj
        val overall = (out["overall"] as Json.Num).value
        expect(overall in 0.0..100.0) { "overall $overall" }
        expect((out["dimensions"] as Json.Arr).items.size == 5) { "five dimensions" }
        expect((out["recommendations"] as Json.Arr).items.isNotEmpty()) { "recommendations" }
        expect(out["platform"] == Json.Str("linkedin")) { "platform ${out["platform"]}" }
        expect(out["analyzed_at"] == demo["now"]) { "analyzed_at ${out["analyzed_at"]}" }
    }

    // A typed snapshot built in Kotlin; record defaults fill the optional fields.
    val t0 = Instant.parse("2026-11-23T09:00:00Z")
    fun snapshot(followers: Long, posts: Int) = AccountSnapshot(
        profile = Profile(
            platform = Platform.LINKEDIN,
            handle = "ada",
            headline = "Engineer turning data into decisions",
            hasPhoto = true,
            followers = followers,
            skills = listOf("data", "kotlin", "rust"),
        ),
        posts = (1..posts).map { k ->
            Post(
                id = "p$k",
                platform = Platform.LINKEDIN,
                createdAt = t0.minus((k * 3).toLong(), ChronoUnit.DAYS),
                text = "Post number $k: what I learned this week?",
                mediaKind = if (k % 2 == 0) MediaKind.IMAGE else MediaKind.NONE,
                metrics = PostMetrics(impressions = 1000L + 10 * k, likes = 20L + k, comments = 3L, shares = 1L),
            )
        },
    )

    check("scoreBrand with typed records") {
        val a = scoreBrand(snapshot(1200, 8), "technology", t0)
        expect(a.overall in 0.0..100.0) { "overall ${a.overall}" }
        expect(a.platform == Platform.LINKEDIN) { "platform" }
        expect(a.analyzedAt == t0) { "analyzedAt ${a.analyzedAt}" }
        expect(a.dimensions.map { it.dimension } == Dimension.values().toList()) { "dimension order" }
        expect(a.recommendations.size <= 5) { "at most 5 recommendations" }
        val presence = a.dimensions.first { it.dimension == Dimension.PRESENCE }
        expect(presence.factors.isNotEmpty() && presence.score != null) { "presence factors" }
    }

    check("ScoringConfig() defaults equal the Rust defaults") {
        val snap = snapshot(1200, 8)
        val byDefault = scoreBrand(snap, "technology", t0)
        val explicit = scoreBrand(snap, "technology", t0, ScoringConfig())
        expect(byDefault == explicit) { "ScoringConfig() differs from the default config" }
        val few = scoreBrand(snap, "technology", t0, ScoringConfig(maxRecommendations = 1u))
        expect(few.recommendations.size <= 1) { "maxRecommendations = 1" }
    }

    check("compareAnalyses with typed records") {
        val earlier = snapshot(1000, 0)
        val before = scoreBrand(earlier, "technology", t0.minus(7, ChronoUnit.DAYS))
        val completed = earlier.copy(profile = earlier.profile.copy(hasBanner = true, summary = "I build data platforms."))
        val after = scoreBrand(completed, "technology", t0)
        val cmp = compareAnalyses(before, after)
        expect(close(cmp.daysBetween, 7.0)) { "daysBetween ${cmp.daysBetween}" }
        expect(close(cmp.overallDelta, after.overall - before.overall)) { "overallDelta" }
        expect(cmp.dimensions.size == 5) { "five dimensions" }
        val presence = cmp.dimensions.first { it.dimension == Dimension.PRESENCE }
        expect(presence.trend == Trend.IMPROVED) { "presence trend ${presence.trend}" }
    }

    // The demo's first goal, as typed records and as JSON: both paths must agree.
    val demoGoal = ((demo["goals"] as Json.Arr).items[0] as Json.Obj)
    val g = demoGoal["goal"] as Json.Obj
    fun str(v: Json) = (v as Json.Str).value
    fun num(v: Json) = (v as Json.Num).value
    val goal = Goal(
        id = str(g["id"]),
        name = str(g["name"]),
        metric = GoalMetric.valueOf(str(g["metric"]).uppercase()),
        direction = GoalDirection.valueOf(str(g["direction"]).uppercase()),
        baseline = num(g["baseline"]),
        target = num(g["target"]),
        start = Instant.parse(str(g["start"])),
        deadline = Instant.parse(str(g["deadline"])),
    )
    val observations = (demoGoal["observations"] as Json.Arr).items.map {
        val o = it as Json.Obj
        Observation(at = Instant.parse(str(o["at"])), value = num(o["value"]))
    }

    check("evaluateGoal with typed records agrees with evaluateGoalJson") {
        val p = evaluateGoal(goal, observations, demoNow)
        val input = Json.Obj(linkedMapOf("goal" to g, "observations" to demoGoal["observations"], "now" to demo["now"]))
        val j = parseJson(evaluateGoalJson(input.toJson())) as Json.Obj
        expect(p.goalId == "followers-5k") { "goalId ${p.goalId}" }
        expect(p.status.name.lowercase() == str(j["status"])) { "status ${p.status} vs ${j["status"]}" }
        expect(close(p.progress, num(j["progress"]))) { "progress" }
        expect(close(p.currentValue, num(j["current_value"]))) { "current_value" }
        expect(p.observationsUsed.toInt() == num(j["observations_used"]).toInt()) { "observations_used" }
        expect(p.milestones.map { it.fraction } == listOf(0.25, 0.5, 0.75, 1.0)) { "milestones" }
        val reached = p.milestones.map { it.reachedAt?.toString() }
        val reachedJson = (j["milestones"] as Json.Arr).items.map { (it as Json.Obj)["reached_at"].let { r -> if (r is Json.Str) Instant.parse(r.value).toString() else null } }
        expect(reached == reachedJson) { "milestone times $reached vs $reachedJson" }
        expect(p.status != GoalStatus.NOT_STARTED) { "the demo goal has started" }
    }

    check("InvalidInput names the field of a negative count (typed)") {
        val bad = snapshot(1200, 2).let { s -> s.copy(profile = s.profile.copy(followers = -5)) }
        try {
            scoreBrand(bad, "technology", t0)
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.field == "snapshot.profile.followers") { "field ${e.field}" }
            expect(e.reason == "must be >= 0") { "reason ${e.reason}" }
            expect(e.code() == "invalid_input") { "code ${e.code()}" }
        }
    }

    check("InvalidInput names the field of a negative observation") {
        val obs = observations.toMutableList().also { it[1] = it[1].copy(value = -1.0) }
        try {
            evaluateGoal(goal, obs, demoNow)
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.field == "observations[1].value") { "field ${e.field}" }
        }
    }

    check("malformed JSON is InvalidInput, not a crash") {
        try {
            scoreBrandJson("{not json")
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.reason.contains("invalid JSON")) { "reason ${e.reason}" }
        }
    }

    // Posting times: the demo's posts as typed records, and through the JSON-string form.
    fun long(v: Json): Long? = (v as? Json.Num)?.text?.toLong()
    val demoPostsJson = (demo["snapshot"] as Json.Obj)["posts"] as Json.Arr
    val demoPosts = demoPostsJson.items.map {
        val p = it as Json.Obj
        val m = p["metrics"] as Json.Obj
        Post(
            id = str(p["id"]),
            platform = Platform.valueOf(str(p["platform"]).uppercase()),
            createdAt = Instant.parse(str(p["created_at"])),
            text = str(p["text"]),
            mediaKind = MediaKind.valueOf(str(p["media_kind"]).uppercase()),
            metrics = PostMetrics(
                impressions = long(m["impressions"]),
                likes = long(m["likes"]),
                comments = long(m["comments"]),
                shares = long(m["shares"]),
                clicks = long(m["clicks"]),
            ),
        )
    }
    val demoFollowers = long(((demo["snapshot"] as Json.Obj)["profile"] as Json.Obj)["followers"])
    val zone = "Europe/Amsterdam"

    check("bestTimes on the demo posts (typed) agrees with bestTimesJson") {
        val best = bestTimes(demoPosts, zone, Platform.LINKEDIN, 5u, demoFollowers)
        val input = Json.Obj(linkedMapOf(
            "posts" to demoPostsJson, "time_zone" to Json.Str(zone), "platform" to Json.Str("linkedin"),
            "k" to Json.Num("5"), "followers" to (demoFollowers?.let { Json.Num(it.toString()) } ?: Json.Null),
        ))
        val j = parseJson(bestTimesJson(input.toJson())) as Json.Obj
        expect(best.platform == Platform.LINKEDIN && best.timeZone == zone) { "platform/zone" }
        expect(best.slots.size == 5) { "top 5, got ${best.slots.size}" }
        expect(best.grid.size == 168) { "grid ${best.grid.size}" }
        expect(best.postsUsed.toInt() == demoPosts.size) { "postsUsed ${best.postsUsed} of ${demoPosts.size}" }
        expect(best.basis == RateBasis.IMPRESSIONS) { "basis ${best.basis}" }
        expect(best.basis?.name?.lowercase() == str(j["basis"])) { "basis ${best.basis} vs ${j["basis"]}" }
        expect(close(best.meanRate!!, num(j["mean_rate"]))) { "mean_rate" }
        val slotsJson = (j["slots"] as Json.Arr).items.map { it as Json.Obj }
        best.slots.zip(slotsJson).forEachIndexed { k, (s, sj) ->
            expect(s.weekday.name.lowercase() == str(sj["weekday"]) && s.hour.toInt() == num(sj["hour"]).toInt()) { "slot $k" }
            expect(close(s.expectedLift, num(sj["expected_lift"])) && close(s.confidence, num(sj["confidence"]))) { "slot $k lift" }
        }
        val lifts = best.slots.map { it.expectedLift }
        expect(lifts == lifts.sortedDescending()) { "slots best first: $lifts" }
        expect(best.grid.sumOf { it.posts.toInt() } == demoPosts.size) { "every post in one grid slot" }
    }

    val window = PlanWindow(start = Instant.parse("2026-11-02T00:00:00Z"), end = Instant.parse("2026-11-16T00:00:00Z"))
    val drafts = listOf(
        PlanDraft(id = "a"),
        PlanDraft(id = "b", platforms = listOf(Platform.LINKEDIN)),
        PlanDraft(id = "c"),
        PlanDraft(id = "d", platforms = listOf(Platform.TIKTOK)),
    )

    check("plan with typed records (best times from bestTimes)") {
        val best = bestTimes(demoPosts, zone, Platform.LINKEDIN, 5u, demoFollowers)
        val rules = PlanRules(
            timeZone = zone,
            minGapByPlatform = listOf(PlatformGap(platform = Platform.X, minutes = 120u)),
            bestTimes = listOf(PlatformSlots(Platform.LINKEDIN, best.slots.map { SlotTime(it.weekday, it.hour) })),
        )
        val p = plan(drafts, listOf(Platform.LINKEDIN, Platform.X), window, rules)
        expect(p.timeZone == zone) { "timeZone ${p.timeZone}" }
        expect(p.scheduled.size == 5) { "5 placements (a, c on two platforms; b on LinkedIn), got ${p.scheduled.size}" }
        expect(p.scheduled.map { it.at } == p.scheduled.map { it.at }.sorted()) { "time order" }
        expect(p.scheduled.all { !it.at.isBefore(window.start) && it.at.isBefore(window.end) }) { "inside the window" }
        val top = best.slots.map { SlotTime(it.weekday, it.hour) }.toSet()
        for (s in p.scheduled) {
            when (s.platform) {
                Platform.LINKEDIN -> expect(s.source == SlotSource.BEST_TIMES && SlotTime(s.weekday, s.hour) in top) { "linkedin slot $s" }
                Platform.X -> expect(s.source == SlotSource.PRIOR) { "x source ${s.source}" }
                else -> throw AssertionError("unplanned platform ${s.platform}")
            }
        }
        val un = p.unscheduled.single()
        expect(un.draftId == "d" && un.platform == Platform.TIKTOK && un.reason == UnscheduledReason.PLATFORM_NOT_PLANNED) { "unscheduled $un" }
    }

    check("PlanRules() defaults equal the Rust defaults (plan vs planJson)") {
        val typed = plan(drafts, listOf(Platform.LINKEDIN, Platform.X), window, PlanRules(timeZone = zone))
        val input = Json.Obj(linkedMapOf(
            "drafts" to Json.Arr(drafts.map { d ->
                Json.Obj(linkedMapOf<String, Json>("id" to Json.Str(d.id)).also { o ->
                    d.platforms?.let { ps -> o["platforms"] = Json.Arr(ps.map { Json.Str(it.name.lowercase()) }) }
                })
            }),
            "platforms" to Json.Arr(listOf(Json.Str("linkedin"), Json.Str("x"))),
            "window" to Json.Obj(linkedMapOf("start" to Json.Str(window.start.toString()), "end" to Json.Str(window.end.toString()))),
            "rules" to Json.Obj(linkedMapOf("time_zone" to Json.Str(zone))),
        ))
        val j = parseJson(planJson(input.toJson())) as Json.Obj
        val scheduledJson = (j["scheduled"] as Json.Arr).items.map { it as Json.Obj }
        expect(typed.scheduled.size == scheduledJson.size) { "${typed.scheduled.size} vs ${scheduledJson.size}" }
        typed.scheduled.zip(scheduledJson).forEachIndexed { k, (s, sj) ->
            expect(s.draftId == str(sj["draft_id"]) && s.platform.name.lowercase() == str(sj["platform"])) { "scheduled[$k] who" }
            expect(s.at == Instant.parse(str(sj["at"])) && s.localTime == str(sj["local_time"])) { "scheduled[$k] when" }
            expect(s.source.name.lowercase() == str(sj["source"])) { "scheduled[$k] source" }
        }
        expect(typed.notes == (j["notes"] as Json.Arr).items.map { str(it) }) { "notes" }
    }

    check("InvalidInput names time_zone for an unknown zone (typed)") {
        try {
            bestTimes(emptyList(), "Mars/Olympus_Mons", Platform.LINKEDIN, 3u)
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.field == "time_zone") { "field ${e.field}" }
            expect(e.code() == "invalid_input") { "code ${e.code()}" }
        }
        try {
            plan(drafts, listOf(Platform.X), window, PlanRules(timeZone = "Mars/Olympus_Mons"))
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.field == "rules.time_zone") { "field ${e.field}" }
        }
    }

    // Content analysis: a LinkedIn post, typed and through the JSON-string form.
    val linkedinPost = "Thrilled to share: we cut our warehouse bill by 38% without deleting anything.\n\n" +
        "What we changed:\n- partitioned the big tables\n- dropped unused columns\n\n" +
        "What would you try first? Thanks @ada #dataengineering #analytics https://example.com/post"

    check("analyzeContent on a LinkedIn post (typed) agrees with analyzeContentJson") {
        val a = analyzeContent(linkedinPost, Platform.LINKEDIN)
        expect(a.platform == Platform.LINKEDIN) { "platform ${a.platform}" }
        expect(a.entities.map { it.kind } == listOf(EntityKind.MENTION, EntityKind.HASHTAG, EntityKind.HASHTAG, EntityKind.URL)) { "entities ${a.entities}" }
        expect(a.entities[1].text == "dataengineering") { "hashtag ${a.entities[1].text}" }
        expect(a.length.fits && a.length.limit == 3000u) { "length ${a.length}" }
        expect(a.features.hasQuestion && a.features.hasCallToAction) { "features ${a.features}" }
        expect(a.features.hook.startsWith("Thrilled to share")) { "hook ${a.features.hook}" }
        expect(a.sentiment.compound > 0.0) { "sentiment ${a.sentiment.compound}" }
        expect(a.quality.score in 0.0..100.0 && a.quality.factors.isNotEmpty()) { "quality ${a.quality.score}" }
        expect(a.issues.any { it.code == "link_in_body" }) { "issues ${a.issues.map { it.code }}" }
        val input = Json.Obj(linkedMapOf("text" to Json.Str(linkedinPost), "platform" to Json.Str("linkedin")))
        val j = parseJson(analyzeContentJson(input.toJson())) as Json.Obj
        expect(close(a.quality.score, num((j["quality"] as Json.Obj)["score"]))) { "quality score vs JSON" }
        expect(a.issues.map { it.code } == (j["issues"] as Json.Arr).items.map { str((it as Json.Obj)["code"]) }) { "issue codes vs JSON" }
        val batch = analyzeContentBatch(listOf(linkedinPost, "hello"), Platform.LINKEDIN)
        expect(batch.size == 2 && batch[0] == a) { "batch" }
    }

    check("InvalidInput names text for whitespace text (typed)") {
        try {
            analyzeContent("  \n\t ", Platform.LINKEDIN)
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.field == "text") { "field ${e.field}" }
            expect(e.code() == "invalid_input") { "code ${e.code()}" }
        }
        try {
            analyzeContentBatch(listOf("fine", " "), Platform.X)
            throw AssertionError("expected BrandpilotException.InvalidInput")
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.field == "texts[1]") { "field ${e.field}" }
        }
    }

    // Engagement prediction: fit on the demo posts (typed), predict, and the same through JSON.
    val fitOptions = FitOptions(timeZone = zone)
    val model = fitEngagementModel(demoPosts, fitOptions)
    val modelJson = fitEngagementModelJson(
        Json.Obj(linkedMapOf("history" to demoPostsJson, "options" to Json.Obj(linkedMapOf("time_zone" to Json.Str(zone))))).toJson(),
    )
    val draft = "How we cut our warehouse bill by 38%: three changes, no deleted data.\n\n" +
        "Which would you try first? #dataengineering"
    val tuesday = Instant.parse("2026-11-24T07:15:00Z")
    fun predictInput(m: Json, platform: String = "linkedin", media: String? = "document", at: Json = Json.Str(tuesday.toString())) =
        Json.Obj(linkedMapOf("model" to m, "draft" to Json.Str(draft), "platform" to Json.Str(platform), "at" to at).also { o ->
            media?.let { o["media_kind"] = Json.Str(it) }
        }).toJson()
    // field: the exact field expected; "model.*" accepts "model" or any path under it.
    fun expectInvalid(field: String, body: () -> Unit): BrandpilotException.InvalidInput {
        try {
            body()
        } catch (e: BrandpilotException.InvalidInput) {
            expect(e.code() == "invalid_input") { "code ${e.code()}" }
            val ok = if (field.endsWith(".*")) {
                val base = field.removeSuffix(".*")
                e.field == base || e.field.startsWith("$base.") || e.field.startsWith("$base[")
            } else e.field == field
            expect(ok) { "field '${e.field}' != '$field' (${e.reason})" }
            return e
        }
        throw AssertionError("expected BrandpilotException.InvalidInput naming '$field'")
    }

    check("fitEngagementModel on the demo posts (typed) agrees with fitEngagementModelJson") {
        expect(model.formatVersion == 1u) { "formatVersion ${model.formatVersion}" }
        expect(model.nTrain.toInt() == demoPosts.size) { "nTrain ${model.nTrain} of ${demoPosts.size}" }
        expect(model.timeZone == zone && model.platforms == listOf(Platform.LINKEDIN)) { "zone/platforms" }
        val p = model.featureNames.size
        expect(p > 0 && listOf(model.means, model.scales, model.featureMin, model.featureMax, model.weights).all { it.size == p }) { "parallel vectors" }
        expect(model.scales.all { it > 0.0 }) { "scales > 0" }
        expect(model.crossValidation.folds == 5u && model.crossValidation.mae >= 0.0) { "cv ${model.crossValidation}" }
        expect(model.coverage == 0.8 && model.residualLow <= model.residualHigh) { "interval" }
        expect(model.notes.any { it.contains("linkedin") }) { "notes ${model.notes}" }
        val j = parseJson(modelJson) as Json.Obj
        expect(model.featureNames == (j["feature_names"] as Json.Arr).items.map { str(it) }) { "feature names vs JSON" }
        expect(model.weights.zip((j["weights"] as Json.Arr).items).all { (w, wj) -> close(w, num(wj)) }) { "weights vs JSON" }
        expect(close(model.intercept, num(j["intercept"])) && close(model.chosenLambda, num(j["chosen_lambda"]))) { "intercept/lambda vs JSON" }
        expect(model.notes == (j["notes"] as Json.Arr).items.map { str(it) }) { "notes vs JSON" }
    }

    check("FitOptions() defaults equal the Rust defaults (fitEngagementModel vs JSON {})") {
        val byDefault = fitEngagementModel(demoPosts)
        expect(byDefault == fitEngagementModel(demoPosts, FitOptions())) { "FitOptions() differs from options = null" }
        expect(byDefault.timeZone == "UTC" && byDefault.crossValidation.folds == 5u) { "defaults ${byDefault.timeZone} ${byDefault.crossValidation.folds}" }
        val j = parseJson(fitEngagementModelJson(Json.Obj(linkedMapOf("history" to demoPostsJson, "options" to Json.Obj(linkedMapOf()))).toJson())) as Json.Obj
        expect(close(byDefault.chosenLambda, num(j["chosen_lambda"])) && str(j["time_zone"]) == "UTC") { "JSON {} options" }
    }

    var prediction: EngagementPrediction? = null
    check("predictEngagement with the fitted model (typed) agrees with predictEngagementJson") {
        val pr = predictEngagement(model, draft, Platform.LINKEDIN, tuesday, MediaKind.DOCUMENT)
        prediction = pr
        expect(pr.engagementRate in 0.0..1.0) { "rate ${pr.engagementRate}" }
        expect(pr.low <= pr.engagementRate && pr.engagementRate <= pr.high) { "interval ${pr.low} ${pr.engagementRate} ${pr.high}" }
        expect(pr.coverage == 0.8) { "coverage ${pr.coverage}" }
        expect(pr.contributions.size in 1..5) { "contributions ${pr.contributions.size}" }
        val effects = pr.contributions.map { Math.abs(it.effect) }
        expect(effects == effects.sortedDescending()) { "largest |effect| first: $effects" }
        expect(pr.contributions.all { it.feature in model.featureNames }) { "contributions name model features" }
        val j = parseJson(predictEngagementJson(predictInput(parseJson(modelJson)))) as Json.Obj
        expect(close(pr.engagementRate, num(j["engagement_rate"])) && close(pr.low, num(j["low"])) && close(pr.high, num(j["high"]))) { "rate vs JSON" }
        expect(pr.contributions.map { it.feature } == (j["contributions"] as Json.Arr).items.map { str((it as Json.Obj)["feature"]) }) { "contributions vs JSON" }
        // mediaKind omitted = text only, in both forms.
        val textOnly = predictEngagement(model, draft, Platform.LINKEDIN, tuesday)
        expect(textOnly == predictEngagement(model, draft, Platform.LINKEDIN, tuesday, MediaKind.NONE)) { "default mediaKind" }
        val jt = parseJson(predictEngagementJson(predictInput(parseJson(modelJson), media = null))) as Json.Obj
        expect(close(textOnly.engagementRate, num(jt["engagement_rate"]))) { "text only vs JSON" }
    }

    check("the stored model passed back predicts the same") {
        val first = prediction ?: throw AssertionError("no first prediction")
        // A copy of the record (as an app would keep it), crossing the boundary again.
        val stored: EngagementModel = model.copy(notes = model.notes.toList())
        repeat(3) {
            expect(predictEngagement(stored, draft, Platform.LINKEDIN, tuesday, MediaKind.DOCUMENT) == first) { "typed prediction $it changed" }
        }
        // The JSON model, stored as text and passed back twice, predicts the same as the record.
        val a = predictEngagementJson(predictInput(parseJson(modelJson)))
        val b = predictEngagementJson(predictInput(parseJson(parseJson(modelJson).toJson())))
        expect(a == b) { "JSON predictions differ" }
        expect(close(num((parseJson(a) as Json.Obj)["engagement_rate"]), first.engagementRate)) { "JSON vs typed" }
        // An unseen platform is allowed and predicted like the history's platform.
        val onX = predictEngagement(stored, "Cut our warehouse bill by 38%. Which change first?", Platform.X, tuesday)
        expect(onX.engagementRate in 0.0..1.0) { "x rate ${onX.engagementRate}" }
    }

    check("a tampered model is InvalidInput naming model.* (typed)") {
        expectInvalid("model.weights") { predictEngagement(model.copy(weights = model.weights.dropLast(1)), draft, Platform.LINKEDIN, tuesday) }
        expectInvalid("model.weights[0]") {
            predictEngagement(model.copy(weights = listOf(Double.NaN) + model.weights.drop(1)), draft, Platform.LINKEDIN, tuesday)
        }
        expectInvalid("model.scales[1]") {
            predictEngagement(model.copy(scales = model.scales.mapIndexed { k, v -> if (k == 1) -1.0 else v }), draft, Platform.LINKEDIN, tuesday)
        }
        expectInvalid("model.format_version") { predictEngagement(model.copy(formatVersion = 7u), draft, Platform.LINKEDIN, tuesday) }
        expectInvalid("model.time_zone") { predictEngagement(model.copy(timeZone = "Mars/Olympus_Mons"), draft, Platform.LINKEDIN, tuesday) }
        expectInvalid("model.feature_names[0]") {
            predictEngagement(model.copy(featureNames = listOf("shoe_size") + model.featureNames.drop(1)), draft, Platform.LINKEDIN, tuesday)
        }
        expectInvalid("model.intercept") { predictEngagement(model.copy(intercept = Double.POSITIVE_INFINITY), draft, Platform.LINKEDIN, tuesday) }
        expectInvalid("model.platforms") { predictEngagement(model.copy(platforms = emptyList()), draft, Platform.LINKEDIN, tuesday) }
    }

    check("a tampered JSON model is InvalidInput naming model.*") {
        val m = parseJson(modelJson) as Json.Obj
        val weights = (m["weights"] as Json.Arr).items
        fun with(key: String, v: Json) = Json.Obj(LinkedHashMap(m.fields).also { it[key] = v })
        expectInvalid("model.weights") { predictEngagementJson(predictInput(with("weights", Json.Arr(weights.dropLast(1))))) }
        expectInvalid("model.weights[2]") { predictEngagementJson(predictInput(with("weights", Json.Arr(weights.mapIndexed { k, w -> if (k == 2) Json.Str("heavy") else w })))) }
        expectInvalid("model.format_version") { predictEngagementJson(predictInput(with("format_version", Json.Num("-1")))) }
        expectInvalid("model.*") { predictEngagementJson(predictInput(with("shoe_size", Json.Num("44")))) }
        expectInvalid("model") { predictEngagementJson(predictInput(Json.Str("my model"))) }
    }

    check("fit/predict bad input is InvalidInput with its field, never a crash") {
        // typed
        expectInvalid("options.lambdas[1]") { fitEngagementModel(demoPosts, FitOptions(lambdas = listOf(1.0, Double.NaN))) }
        expectInvalid("options.folds") { fitEngagementModel(demoPosts, FitOptions(folds = 1u)) }
        expectInvalid("options.time_zone") { fitEngagementModel(demoPosts, FitOptions(timeZone = "Mars/Olympus_Mons")) }
        expectInvalid("history") { fitEngagementModel(demoPosts.take(5)) }
        expectInvalid("history") { fitEngagementModel(emptyList()) }
        expectInvalid("history[3].metrics.likes") {
            fitEngagementModel(demoPosts.mapIndexed { k, p -> if (k == 3) p.copy(metrics = p.metrics.copy(likes = -1)) else p })
        }
        expectInvalid("draft") { predictEngagement(model, " \n\t", Platform.LINKEDIN, tuesday) }
        expectInvalid("draft") { predictEngagement(model, "nul\u0000inside", Platform.LINKEDIN, tuesday) }
        // JSON: garbage, NaN (not JSON), wrong types, unknown and missing fields
        for (bad in listOf("{not json", "", "null", "[]", "{} trailing")) {
            expectInvalid("") { fitEngagementModelJson(bad) }
            expectInvalid("") { predictEngagementJson(bad) }
        }
        expectInvalid("") { fitEngagementModelJson("""{"history": [], "options": {"lambdas": [NaN]}}""") }
        expectInvalid("") { predictEngagementJson(predictInput(parseJson(modelJson)).replace("\"intercept\":", "\"intercept\":NaN,\"x\":")) }
        expectInvalid("history") { fitEngagementModelJson("""{"history": 5}""") }
        expectInvalid("history[0]") { fitEngagementModelJson("""{"history": ["post"]}""") }
        expectInvalid("options.folds") { fitEngagementModelJson("""{"history": [], "options": {"folds": "five"}}""") }
        expectInvalid("options.folds") { fitEngagementModelJson("""{"history": [], "options": {"folds": -2}}""") }
        expectInvalid("extra.*") { fitEngagementModelJson("""{"history": [], "extra": 1}""") }
        expectInvalid("") { fitEngagementModelJson("""{"options": {}}""") }
        expectInvalid("history") { fitEngagementModelJson("""{"history": []}""") }
        expectInvalid("at") { predictEngagementJson(predictInput(parseJson(modelJson), at = Json.Num("5"))) }
        expectInvalid("at") { predictEngagementJson(predictInput(parseJson(modelJson), at = Json.Str("next tuesday"))) }
        expectInvalid("platform") { predictEngagementJson(predictInput(parseJson(modelJson), platform = "myspace")) }
        expectInvalid("media_kind") { predictEngagementJson(predictInput(parseJson(modelJson), media = "hologram")) }
    }

    // Hashtag suggestions from the demo history, and rewrites that fit the platform.
    val historyTags = demoPosts.flatMap { p ->
        analyzeContent(p.text, p.platform).entities.filter { it.kind == EntityKind.HASHTAG }.map { it.text.lowercase() }
    }.toSet()
    val hashtagDraft = "Our data pipelines in dbt: the SQL tests that caught most of our bugs"
    fun hashtagInput(draft: String, k: Json, history: Json = demoPostsJson) =
        Json.Obj(linkedMapOf("draft" to Json.Str(draft), "history" to history, "k" to k)).toJson()

    check("suggestHashtags on the demo history (typed) agrees with suggestHashtagsJson") {
        val s = suggestHashtags(hashtagDraft, demoPosts, 5u)
        expect(s.isNotEmpty() && s.size <= 5) { "size ${s.size}" }
        expect(s.all { it.tag.lowercase() in historyTags }) { "tags ${s.map { it.tag }} not all in the history $historyTags" }
        expect(s.map { it.tag.lowercase() }.toSet().size == s.size) { "distinct tags" }
        expect(s.all { it.relevance in 0.0..1.0 && it.relevance > 0.0 && close(it.score, it.relevance * it.lift) }) { "score = relevance × lift" }
        expect(s.all { it.uses >= 1u && it.ratedUses <= it.uses && it.matchedTerms.isNotEmpty() }) { "evidence" }
        expect(s.map { it.score } == s.map { it.score }.sortedDescending()) { "best first" }
        val j = (parseJson(suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("5")))) as Json.Arr).items.map { it as Json.Obj }
        expect(s.map { it.tag } == j.map { str(it["tag"]) }) { "tags vs JSON" }
        expect(s.zip(j).all { (h, hj) -> close(h.score, num(hj["score"])) && h.matchedTerms == (hj["matched_terms"] as Json.Arr).items.map { str(it) } }) { "scores vs JSON" }
        // k caps the list; a tag already in the draft is not suggested again.
        expect(suggestHashtags(hashtagDraft, demoPosts, 1u).map { it.tag } == s.take(1).map { it.tag }) { "k = 1" }
        val withTag = "$hashtagDraft #${s[0].tag}"
        expect(suggestHashtags(withTag, demoPosts, 5u).none { it.tag.equals(s[0].tag, ignoreCase = true) }) { "draft's own tag suggested" }
        // No history, no suggestions (not an error); nothing is ever invented.
        expect(suggestHashtags(hashtagDraft, emptyList(), 5u).isEmpty()) { "empty history" }
        expect(suggestHashtags("Sourdough starters and weekend baking", demoPosts, 5u).all { it.tag.lowercase() in historyTags }) { "unrelated draft" }
    }

    val messy = "WE CUT OUR CLOUD BILL BY 38% IN ONE QUARTER and here is every step we took, from tagging to " +
        "rightsizing to the weekly review that keeps it down. https://example.com/post " +
        "#cloud #finops #devops #aws #costs #engineering #sre #platform"

    check("optimizeContent variants fit the platform (typed) and agree with optimizeContentJson") {
        val original = analyzeContent(messy, Platform.LINKEDIN)
        val v = optimizeContent(messy, Platform.LINKEDIN)
        expect(v.isNotEmpty()) { "no variants for a post with ${original.issues.map { it.code }}" }
        for (variant in v) {
            expect(variant.analysis.length.fits && variant.analysis.length.length <= variant.analysis.length.limit) { "${variant.strategy} does not fit" }
            expect(variant.text != messy && variant.changes.isNotEmpty()) { "${variant.strategy} changed nothing" }
            expect(close(variant.quality, variant.analysis.quality.score)) { "${variant.strategy} quality" }
            expect(close(variant.qualityGain, variant.quality - original.quality.score)) { "${variant.strategy} gain" }
            expect(variant.fixes.all { code -> original.issues.any { it.code == code } }) { "${variant.strategy} fixes ${variant.fixes}" }
        }
        expect(v.map { it.quality } == v.map { it.quality }.sortedDescending()) { "best first" }
        val j = (parseJson(optimizeContentJson(Json.Obj(linkedMapOf("text" to Json.Str(messy), "platform" to Json.Str("linkedin"))).toJson())) as Json.Arr).items.map { it as Json.Obj }
        expect(v.map { it.strategy } == j.map { str(it["strategy"]) }) { "strategies vs JSON" }
        expect(v.map { it.text } == j.map { str(it["text"]) }) { "texts vs JSON" }
        // Over X's 280: every variant is trimmed to fit.
        val long = (1..30).joinToString(" ") { "Sentence number $it about cost control." }
        val onX = optimizeContent(long, Platform.X)
        expect(analyzeContent(long, Platform.X).issues.any { it.code == "over_limit" }) { "the long post is over X's limit" }
        expect(onX.isNotEmpty() && onX.all { "over_limit" in it.fixes }) { "fixes ${onX.map { it.strategy to it.fixes }}" }
        expect(onX.all { it.analysis.length.fits && it.analysis.length.length <= 280u }) { "x lengths ${onX.map { it.analysis.length.length }}" }
        // A post with no issue: nothing to fix.
        val clean = analyzeContent("Shipped it.", Platform.BLUESKY)
        if (clean.issues.isEmpty()) expect(optimizeContent("Shipped it.", Platform.BLUESKY).isEmpty()) { "nothing to fix" }
    }

    check("suggestHashtags / optimizeContent bad input is InvalidInput with its field") {
        expectInvalid("k") { suggestHashtags(hashtagDraft, demoPosts, 0u) }
        expectInvalid("k") { suggestHashtags(hashtagDraft, demoPosts, 101u) }
        expectInvalid("draft") { suggestHashtags(" \n", demoPosts, 3u) }
        expectInvalid("history[2].metrics.impressions") {
            suggestHashtags(hashtagDraft, demoPosts.mapIndexed { k, p -> if (k == 2) p.copy(metrics = p.metrics.copy(impressions = -3)) else p }, 3u)
        }
        for (bad in listOf("{not json", "", "null", "[]", """["d", [], 3]""", "{} {}")) {
            expectInvalid("") { suggestHashtagsJson(bad) }
            expectInvalid("") { optimizeContentJson(bad) }
        }
        expectInvalid("") { suggestHashtagsJson("""{"draft": "d", "history": [], "k": NaN}""") }
        expectInvalid("") { optimizeContentJson("""{"text": NaN, "platform": "x"}""") }
        expectInvalid("k") { suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("-1"))) }
        expectInvalid("k") { suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("2.5"))) }
        expectInvalid("k") { suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Str("5"))) }
        expectInvalid("k") { suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("4294967296"))) }
        expectInvalid("k") { suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("0"))) }
        expectInvalid("history") { suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("3"), history = Json.Str("posts"))) }
        expectInvalid("history[0].platform") {
            suggestHashtagsJson(hashtagInput(hashtagDraft, Json.Num("3"), history = Json.Arr(listOf(Json.Obj(LinkedHashMap((demoPostsJson.items[0] as Json.Obj).fields).also { it["platform"] = Json.Str("myspace") })))))
        }
        expectInvalid("") { suggestHashtagsJson("""{"draft": "d", "k": 1}""") }
        expectInvalid("text") { optimizeContent("nul\u0000inside", Platform.LINKEDIN) }
        expectInvalid("text") { optimizeContent("   ", Platform.X) }
        expectInvalid("text") { optimizeContentJson("""{"text": ["hi"], "platform": "x"}""") }
        expectInvalid("platform") { optimizeContentJson("""{"text": "hi", "platform": "myspace"}""") }
        expectInvalid("platform") { optimizeContentJson("""{"text": "hi", "platform": null}""") }
    }

    // Mentor insights: the demo account as a typed InsightInput (as examples/brand_report.rs
    // builds it, without an analysis) and as JSON; feedback; the digest and its HTML.
    fun optStr(v: Json) = (v as? Json.Str)?.value
    fun bool(v: Json) = (v as? Json.Bool)?.value ?: false
    val demoSnapshotJson = demo["snapshot"] as Json.Obj
    val pj = demoSnapshotJson["profile"] as Json.Obj
    val demoProfile = Profile(
        platform = Platform.valueOf(str(pj["platform"]).uppercase()),
        handle = str(pj["handle"]),
        displayName = optStr(pj["display_name"]),
        headline = optStr(pj["headline"]),
        summary = optStr(pj["summary"]),
        hasPhoto = bool(pj["has_photo"]),
        hasBanner = bool(pj["has_banner"]),
        location = optStr(pj["location"]),
        website = optStr(pj["website"]),
        industry = optStr(pj["industry"]),
        experienceLevel = optStr(pj["experience_level"])?.let { ExperienceLevel.valueOf(it.uppercase()) },
        skills = (pj["skills"] as Json.Arr).items.map { str(it) },
        followers = long(pj["followers"]),
        following = long(pj["following"]),
        connections = long(pj["connections"]),
        verified = bool(pj["verified"]),
        createdAt = optStr(pj["created_at"])?.let { Instant.parse(it) },
    )
    val demoSeries = (demoSnapshotJson["series"] as Json.Arr).items.map { s ->
        val so = s as Json.Obj
        MetricSeries(
            metric = SeriesMetric.valueOf(str(so["metric"]).uppercase()),
            points = (so["points"] as Json.Arr).items.map { MetricPoint(date = str((it as Json.Obj)["date"]), value = num(it["value"])) },
        )
    }
    fun goalOf(o: Json.Obj) = Goal(
        id = optStr(o["id"]), name = optStr(o["name"]),
        metric = GoalMetric.valueOf(str(o["metric"]).uppercase()),
        direction = GoalDirection.valueOf(str(o["direction"]).uppercase()),
        baseline = num(o["baseline"]), target = num(o["target"]),
        start = Instant.parse(str(o["start"])), deadline = Instant.parse(str(o["deadline"])),
    )
    val demoGoals = (demo["goals"] as Json.Arr).items.map { e ->
        val eo = e as Json.Obj
        GoalWithObservations(
            goal = goalOf(eo["goal"] as Json.Obj),
            observations = (eo["observations"] as Json.Arr).items.map { Observation(at = Instant.parse(str((it as Json.Obj)["at"])), value = num(it["value"])) },
        )
    }
    val insightInput = InsightInput(
        snapshot = AccountSnapshot(profile = demoProfile, posts = demoPosts, series = demoSeries),
        timeZone = str(demo["time_zone"]),
        goals = demoGoals,
    )
    val insightInputJson = Json.Obj(linkedMapOf("snapshot" to demo["snapshot"], "time_zone" to demo["time_zone"], "goals" to demo["goals"]))
    fun insightArgs(input: Json = insightInputJson, period: Json = Json.Str("week"), now: Json = demo["now"], extra: Map<String, Json> = emptyMap()) =
        Json.Obj(linkedMapOf("input" to input, "period" to period, "now" to now).also { it.putAll(extra) }).toJson()
    fun factsSet(f: InsightFacts) = listOfNotNull(
        f.trend?.let { InsightKind.TREND }, f.anomaly?.let { InsightKind.ANOMALY }, f.topPost?.let { InsightKind.TOP_POST },
        f.cadence?.let { InsightKind.CADENCE }, f.achievement?.let { InsightKind.ACHIEVEMENT }, f.goal?.let { InsightKind.GOAL },
        f.benchmark?.let { InsightKind.BENCHMARK }, f.recommendation?.let { InsightKind.RECOMMENDATION },
    )

    check("generateInsights on the demo week (typed): evidence everywhere, stable ids; agrees with generateInsightsJson") {
        val week = generateInsights(insightInput, Period.WEEK, demoNow)
        expect(week.isNotEmpty()) { "no insights" }
        expect(week.all { it.evidence.isNotEmpty() }) { "insights without evidence: ${week.filter { it.evidence.isEmpty() }.map { it.kind }}" }
        expect(week.all { it.title.isNotBlank() && it.body.isNotBlank() && it.id.isNotBlank() }) { "narration / id" }
        expect(week.map { it.id }.toSet().size == week.size) { "ids not distinct" }
        expect(week.all { factsSet(it.facts) == listOf(it.kind) }) { "facts: ${week.map { it.kind to factsSet(it.facts) }}" }
        expect(week.all { it.pinned == (it.kind == InsightKind.GOAL || it.kind == InsightKind.ACHIEVEMENT) }) { "pinned" }
        expect(week.any { it.kind == InsightKind.CADENCE }) { "the cadence insight is always there" }
        expect(week.map { it.rankScore } == week.map { it.rankScore }.sortedDescending()) { "best first" }
        expect(week.all { it.period.period == Period.WEEK && it.period.days == 7u && it.period.timeZone == zone && it.period.lastDay == "2026-11-22" }) { "window ${week[0].period}" }
        expect(week.all { it.evidence.all { e -> e.key.isNotBlank() && e.label.isNotBlank() && e.value.isFinite() } }) { "evidence rows" }
        // Same input, same ids (and same insights), with and without explicit defaults.
        repeat(2) {
            expect(generateInsights(insightInput, Period.WEEK, demoNow).map { it.id } == week.map { it.id }) { "ids changed" }
        }
        expect(generateInsights(insightInput.copy(), Period.WEEK, demoNow, FeedbackState(), defaultInsightConfig()) == week) { "explicit defaults differ" }
        // The JSON form: same ids, kinds, titles and scores.
        val j = (parseJson(generateInsightsJson(insightArgs())) as Json.Arr).items.map { it as Json.Obj }
        expect(week.map { it.id } == j.map { str(it["id"]) }) { "ids vs JSON" }
        expect(week.map { it.kind.name.lowercase() } == j.map { str(it["kind"]) }) { "kinds vs JSON" }
        expect(week.map { it.title } == j.map { str(it["title"]) }) { "titles vs JSON" }
        expect(week.zip(j).all { (i, ij) -> close(i.rankScore, num(ij["rank_score"])) }) { "rank scores vs JSON" }
        val withDefaults = generateInsightsJson(insightArgs(extra = mapOf("feedback" to Json.Obj(linkedMapOf()), "config" to Json.Obj(linkedMapOf()))))
        expect((parseJson(withDefaults) as Json.Arr).items.map { str((it as Json.Obj)["id"]) } == week.map { it.id }) { "{} feedback/config" }
        // A month: 31 days (23 October to 22 November).
        val month = generateInsights(insightInput, Period.MONTH, demoNow)
        expect(month.isNotEmpty() && month.all { it.period.days == 31u && it.period.firstDay == "2026-10-23" }) { "month ${month.firstOrNull()?.period}" }
        expect(defaultInsightConfig().maxInsights == 8u && week.size <= 8) { "maxInsights" }
        val two = generateInsights(insightInput, Period.WEEK, demoNow, config = defaultInsightConfig().copy(maxInsights = 2u))
        expect(two.size == 2 && two.map { it.id } == week.take(2).map { it.id }) { "maxInsights = 2: ${two.map { it.kind }}" }
    }

    check("updateFeedback: repeated NOT_HELPFUL lowers a kind's rank in the next call; the stored state works") {
        val before = generateInsights(insightInput, Period.MONTH, demoNow)
        val target = before.first { !it.pinned }
        val next = before.filter { !it.pinned }[1]
        val events = List(6) { FeedbackEvent(insightId = target.id, kind = target.kind, signal = FeedbackSignal.NOT_HELPFUL) }
        val state = updateFeedback(FeedbackState(), events)
        val pref = state.preferences.single()
        expect(pref.kind == target.kind && pref.alpha == 2.0 && pref.beta == 8.0 && pref.events == 6u) { "preference $pref" }
        val after = generateInsights(insightInput, Period.MONTH, demoNow, state)
        val moved = after.first { it.id == target.id }
        expect(close(moved.rankScore, target.priority * 0.7) && moved.priority == target.priority) { "rank ${target.rankScore} -> ${moved.rankScore}" }
        expect(after.indexOfFirst { it.id == target.id } > after.indexOfFirst { it.id == next.id }) {
            "${target.kind} (${moved.rankScore}) should now rank below ${next.kind} (${next.rankScore}): ${after.map { it.kind }}"
        }
        // Pinned insights (the week's achieved goal) are never demoted.
        val week = generateInsights(insightInput, Period.WEEK, demoNow)
        val pinned = week.filter { it.pinned }
        expect(pinned.isNotEmpty()) { "the demo week has a pinned goal insight: ${week.map { it.kind }}" }
        val noGoals = updateFeedback(state, List(20) { FeedbackEvent(kind = pinned[0].kind, signal = FeedbackSignal.NOT_HELPFUL) })
        val stillPinned = generateInsights(insightInput, Period.WEEK, demoNow, noGoals, defaultInsightConfig().copy(maxInsights = 1u)).filter { it.pinned }
        expect(stillPinned.map { it.id } == pinned.map { it.id } && stillPinned.all { it.rankScore >= it.priority }) { "pinned demoted" }
        // The state passed back continues from where it was (a stored record, then its JSON).
        val stored = state.copy(preferences = state.preferences.toList())
        val more = updateFeedback(stored, listOf(FeedbackEvent(kind = target.kind, signal = FeedbackSignal.HELPFUL), FeedbackEvent(kind = InsightKind.TREND, signal = FeedbackSignal.DISMISSED)))
        expect(more.preferences.map { it.kind } == listOf(InsightKind.TREND, target.kind).sortedBy { it.ordinal }) { "kind order ${more.preferences}" }
        val t = more.preferences.single { it.kind == target.kind }
        expect(t.alpha == 3.0 && t.beta == 8.0 && t.events == 7u) { "continued $t" }
        val stateJson = updateFeedbackJson(Json.Obj(linkedMapOf(
            "state" to Json.Obj(linkedMapOf()),
            "events" to Json.Arr(events.map { Json.Obj(linkedMapOf("insight_id" to Json.Str(it.insightId!!), "kind" to Json.Str(it.kind.name.lowercase()), "signal" to Json.Str("not_helpful"))) }),
        )).toJson())
        val sj = ((parseJson(stateJson) as Json.Obj)["preferences"] as Json.Arr).items.single() as Json.Obj
        expect(str(sj["kind"]) == target.kind.name.lowercase() && num(sj["alpha"]) == 2.0 && num(sj["beta"]) == 8.0 && num(sj["events"]) == 6.0) { "JSON state $stateJson" }
        val afterJson = (parseJson(generateInsightsJson(insightArgs(period = Json.Str("month"), extra = mapOf("feedback" to parseJson(stateJson))))) as Json.Arr).items.map { it as Json.Obj }
        expect(afterJson.map { str(it["id"]) } == after.map { it.id }) { "JSON feedback ranks like the typed state" }
        val moreJson = parseJson(updateFeedbackJson(Json.Obj(linkedMapOf(
            "state" to parseJson(stateJson),
            "events" to Json.Arr(listOf(Json.Obj(linkedMapOf("kind" to Json.Str(target.kind.name.lowercase()), "signal" to Json.Str("helpful"))))),
        )).toJson())) as Json.Obj
        val mj = (moreJson["preferences"] as Json.Arr).items.single() as Json.Obj
        expect(num(mj["alpha"]) == 3.0 && num(mj["events"]) == 7.0) { "JSON state passed back: ${moreJson.toJson()}" }
    }

    check("insightDigest renders to HTML with <svg> and no <script>; user text stays escaped") {
        val d = insightDigest(insightInput, Period.WEEK, demoNow)
        expect(d.account.handle == "maya-chen-data" && d.account.displayName == "Maya Chen") { "account ${d.account}" }
        expect(d.periodLabel.isNotBlank() && d.headline.isNotBlank()) { "label/headline" }
        expect(d.score == null) { "no analysis, no score" }
        expect(d.goals.size == 2 && d.goals.map { it.goalId } == listOf("followers-5k", "cadence-3")) { "goals ${d.goals.map { it.goalId }}" }
        expect(d.charts.heatmap.size == 168 && d.charts.followers.isNotEmpty() && d.charts.engagementRate.isNotEmpty()) { "charts" }
        expect(d.plan.slots.isNotEmpty() && d.plan.slots.all { it.startsAt.isAfter(demoNow) }) { "plan ${d.plan.slots}" }
        expect(d.insights.none { it.kind == InsightKind.ACHIEVEMENT } && d.achievements.all { it.kind == InsightKind.ACHIEVEMENT }) { "achievements apart" }
        expect(d.insights.map { it.id } == generateInsights(insightInput, Period.WEEK, demoNow).filter { it.kind != InsightKind.ACHIEVEMENT }.map { it.id }) { "digest insights = generateInsights" }
        val html = renderDigestHtml(d)
        expect(html.contains("<svg") && html.contains("chart-heatmap")) { "no svg" }
        expect(!html.contains("<script", ignoreCase = true)) { "script in HTML" }
        expect(html.contains("Maya Chen")) { "name" }
        // The JSON forms: the same digest and the same HTML (as a JSON string).
        val dj = insightDigestJson(insightArgs())
        val djo = parseJson(dj) as Json.Obj
        expect(str(djo["headline"]) == d.headline && str(djo["period_label"]) == d.periodLabel) { "headline vs JSON" }
        expect(((djo["insights"] as Json.Arr).items.map { str((it as Json.Obj)["id"]) }) == d.insights.map { it.id }) { "insights vs JSON" }
        val htmlJson = renderDigestHtmlJson(Json.Obj(linkedMapOf("digest" to djo)).toJson())
        expect(str(parseJson(htmlJson)) == html) { "renderDigestHtmlJson differs from renderDigestHtml" }

        // A hostile name and a top post starting with <script>: escaped, never markup.
        val topId = d.insights.first { it.kind == InsightKind.TOP_POST }.facts.topPost!!.postId
        val evil = insightInput.copy(snapshot = insightInput.snapshot.copy(
            profile = demoProfile.copy(displayName = "Maya <script>alert(1)</script>"),
            posts = demoPosts.map { if (it.id == topId) it.copy(text = "<script>alert('pwned')</script> & <b>bold</b>\n\n" + it.text) else it },
        ))
        val ed = insightDigest(evil, Period.WEEK, demoNow)
        val snippet = ed.insights.first { it.kind == InsightKind.TOP_POST }.facts.topPost!!.snippet
        expect(snippet.startsWith("<script>")) { "snippet is the raw text: $snippet" }
        val eh = renderDigestHtml(ed)
        expect(!eh.contains("<script", ignoreCase = true) && !eh.contains("<b>bold")) { "unescaped user text" }
        expect(eh.contains("&lt;script&gt;") && eh.contains("<svg")) { "escaped text / svg" }
    }

    check("insight bad input is InvalidInput with its field, never a crash") {
        // typed
        val badZone = insightInput.copy(timeZone = "Mars/Olympus_Mons")
        expectInvalid("time_zone") { generateInsights(badZone, Period.WEEK, demoNow) }
        expectInvalid("time_zone") { insightDigest(badZone, Period.WEEK, demoNow) }
        val negative = insightInput.copy(snapshot = insightInput.snapshot.copy(posts = demoPosts.mapIndexed { k, p -> if (k == 0) p.copy(metrics = p.metrics.copy(likes = -1)) else p }))
        expectInvalid("snapshot.posts[0].metrics.likes") { insightDigest(negative, Period.WEEK, demoNow) }
        expectInvalid("posts_per_week_goal") { generateInsights(insightInput.copy(postsPerWeekGoal = 0u), Period.WEEK, demoNow) }
        expectInvalid("config.noise_k") { generateInsights(insightInput, Period.WEEK, demoNow, config = defaultInsightConfig().copy(noiseK = Double.NaN)) }
        expectInvalid("config.max_insights") { generateInsights(insightInput, Period.WEEK, demoNow, config = defaultInsightConfig().copy(maxInsights = 1000u)) }
        expectInvalid("config.follower_milestones[0]") { generateInsights(insightInput, Period.WEEK, demoNow, config = defaultInsightConfig().copy(followerMilestones = listOf(0uL))) }
        val badState = FeedbackState(preferences = listOf(KindPreference(kind = InsightKind.TREND, alpha = -1.0, beta = 2.0)))
        expectInvalid("feedback.preferences[0].alpha") { generateInsights(insightInput, Period.WEEK, demoNow, badState) }
        expectInvalid("feedback.preferences[0].alpha") { insightDigest(insightInput, Period.WEEK, demoNow, badState) }
        expectInvalid("state.preferences[0].alpha") { updateFeedback(badState, emptyList()) }
        val twice = FeedbackState(preferences = listOf(KindPreference(InsightKind.TREND, 2.0, 2.0), KindPreference(InsightKind.TREND, 3.0, 2.0)))
        expectInvalid("state.preferences[1].kind") { updateFeedback(twice, emptyList()) }
        expectInvalid("state.preferences[0].beta") { updateFeedback(FeedbackState(listOf(KindPreference(InsightKind.TREND, 2.0, Double.POSITIVE_INFINITY))), emptyList()) }
        expectInvalid("events[1].insight_id") {
            updateFeedback(FeedbackState(), listOf(FeedbackEvent(kind = InsightKind.TREND, signal = FeedbackSignal.READ), FeedbackEvent(insightId = "x".repeat(301), kind = InsightKind.TREND, signal = FeedbackSignal.READ)))
        }
        // JSON: garbage, wrong types, unknown period, bad time zone, unknown and missing fields
        for (bad in listOf("{not json", "", "null", "[]", "\"week\"", "{} {}")) {
            expectInvalid("") { generateInsightsJson(bad) }
            expectInvalid("") { insightDigestJson(bad) }
            expectInvalid("") { updateFeedbackJson(bad) }
            expectInvalid("") { renderDigestHtmlJson(bad) }
        }
        expectInvalid("") { generateInsightsJson(insightArgs(period = Json.Num("NaN"))) }
        for (call in listOf<(String) -> String>(::generateInsightsJson, ::insightDigestJson)) {
            expectInvalid("period") { call(insightArgs(period = Json.Str("fortnight"))) }
            expectInvalid("period") { call(insightArgs(period = Json.Num("7"))) }
            expectInvalid("period") { call(insightArgs(period = Json.Null)) }
            expectInvalid("now") { call(insightArgs(now = Json.Str("next monday"))) }
            expectInvalid("now") { call(insightArgs(now = Json.Num("1700000000"))) }
            expectInvalid("input") { call(insightArgs(input = Json.Num("7"))) }
            expectInvalid("input.time_zone") { call(insightArgs(input = Json.Obj(LinkedHashMap(insightInputJson.fields).also { it["time_zone"] = Json.Num("5") }))) }
            expectInvalid("time_zone") { call(insightArgs(input = Json.Obj(LinkedHashMap(insightInputJson.fields).also { it["time_zone"] = Json.Str("Mars/Olympus_Mons") }))) }
            expectInvalid("input.snapshot.posts[0].created_at") {
                val posts = Json.Arr(demoPostsJson.items.mapIndexed { k, p -> if (k == 0) Json.Obj(LinkedHashMap((p as Json.Obj).fields).also { it["created_at"] = Json.Str("yesterday") }) else p })
                call(insightArgs(input = Json.Obj(LinkedHashMap(insightInputJson.fields).also { it["snapshot"] = Json.Obj(LinkedHashMap(demoSnapshotJson.fields).also { s -> s["posts"] = posts }) })))
            }
            expectInvalid("input.*") { call(insightArgs(input = Json.Obj(LinkedHashMap(insightInputJson.fields).also { it["shoe_size"] = Json.Num("44") }))) }
            expectInvalid("config.noise_k") { call(insightArgs(extra = mapOf("config" to parseJson("""{"noise_k": "big"}""")))) }
            expectInvalid("config.max_insights") { call(insightArgs(extra = mapOf("config" to parseJson("""{"max_insights": -1}""")))) }
            expectInvalid("config.max_insights") { call(insightArgs(extra = mapOf("config" to parseJson("""{"max_insights": 1000}""")))) }
            expectInvalid("feedback.preferences") { call(insightArgs(extra = mapOf("feedback" to parseJson("""{"preferences": "lots"}""")))) }
            expectInvalid("feedback.preferences[0].alpha") { call(insightArgs(extra = mapOf("feedback" to parseJson("""{"preferences": [{"kind": "trend", "alpha": 0, "beta": 2}]}""")))) }
            expectInvalid("extra") { call(insightArgs(extra = mapOf("extra" to Json.Bool(true)))) }
            expectInvalid("") { call(Json.Obj(linkedMapOf("period" to Json.Str("week"), "now" to demo["now"])).toJson()) }
        }
        expectInvalid("events") { updateFeedbackJson("""{"state": {}, "events": {}}""") }
        expectInvalid("events[0].kind") { updateFeedbackJson("""{"state": {}, "events": [{"kind": "gossip", "signal": "helpful"}]}""") }
        expectInvalid("events[0].signal") { updateFeedbackJson("""{"state": {}, "events": [{"kind": "trend", "signal": "meh"}]}""") }
        expectInvalid("events[0].insight_id") { updateFeedbackJson("""{"state": {}, "events": [{"insight_id": 5, "kind": "trend", "signal": "read"}]}""") }
        expectInvalid("state") { updateFeedbackJson("""{"state": 1, "events": []}""") }
        expectInvalid("state.preferences[0].alpha") { updateFeedbackJson("""{"state": {"preferences": [{"kind": "trend", "alpha": -1, "beta": 2}]}, "events": []}""") }
        expectInvalid("") { updateFeedbackJson("""{"events": []}""") }
        expectInvalid("digest") { renderDigestHtmlJson("""{"digest": 1}""") }
        expectInvalid("digest") { renderDigestHtmlJson("""{"digest": {}}""") }
        val dj = parseJson(insightDigestJson(insightArgs())) as Json.Obj
        val charts = dj["charts"] as Json.Obj
        val badCharts = Json.Obj(LinkedHashMap(charts.fields).also { it["heatmap"] = Json.Arr(listOf(Json.Str("hot"))) })
        expectInvalid("digest.charts.heatmap[0]") {
            renderDigestHtmlJson(Json.Obj(linkedMapOf("digest" to Json.Obj(LinkedHashMap(dj.fields).also { it["charts"] = badCharts }))).toJson())
        }
        // Any typed digest renders, even with odd numbers: no crash, no InvalidInput.
        val odd = insightDigest(insightInput, Period.WEEK, demoNow).let { d ->
            d.copy(charts = d.charts.copy(heatmap = listOf(Double.NaN), followers = emptyList()), goals = d.goals.map { it.copy(progress = Double.POSITIVE_INFINITY) })
        }
        expect(renderDigestHtml(odd).contains("<svg")) { "odd digest" }
    }

    println("(the Rust panic message printed next on stderr is expected)")
    check("a Rust panic is BrandpilotException.Internal and the JVM keeps running") {
        try {
            triggerPanicForTest()
            throw AssertionError("expected BrandpilotException.Internal")
        } catch (e: BrandpilotException.Internal) {
            expect(e.code() == "internal") { "code ${e.code()}" }
            expect(e.reason.contains("trigger_panic_for_test")) { "reason ${e.reason}" }
        }
        // ... and the library still works afterwards.
        expect(scoreBrand(snapshot(10, 1), "all", t0).overall >= 0.0) { "works after a panic" }
    }

    check("every core error code reaches Kotlin as its own BrandpilotException case") {
        val expected = listOf(
            // code, retryAfter seconds, retryable
            Triple("invalid_input", null, false),
            Triple("internal", null, false),
            Triple("rate_limited", 1.5, true),
            Triple("upstream", 2.0, true),
            Triple("upstream_unavailable", 0.25, true),
            Triple("timeout", null, true),
            Triple("network", null, true),
            Triple("invalid_response", null, false),
            Triple("reauth_required", null, false),
            Triple("storage", null, true),
            Triple("unsupported", null, false),
        )
        for ((code, retryAfter, retryable) in expected) {
            try {
                exampleErrorForTest(code)
                throw AssertionError("expected an exception for $code")
            } catch (e: BrandpilotException) {
                expect(e.code() == code) { "code ${e.code()} for $code" }
                expect(e.isRetryable() == retryable) { "retryable of $code" }
                val after = when (e) {
                    is BrandpilotException.RateLimited -> e.retryAfter
                    is BrandpilotException.Upstream -> e.retryAfter
                    is BrandpilotException.UpstreamUnavailable -> e.retryAfter
                    else -> null
                }
                expect(after == retryAfter) { "retryAfter $after for $code" }
            }
        }
        try {
            exampleErrorForTest("upstream")
        } catch (e: BrandpilotException.Upstream) {
            expect(e.status.toInt() == 503) { "status ${e.status}" }
            expect(e.reason == "example upstream error") { "reason ${e.reason}" }
        }
    }

    // ---------------------------------------------------------------------------------------
    // OAuth and sealed tokens. The async functions (suspend) run against a fake RFC 6749 token
    // endpoint on 127.0.0.1 (the JDK's HttpServer), reached through `client.baseUrl`.

    fun expectCode(code: String, body: () -> Unit) {
        try {
            body()
        } catch (e: BrandpilotException) {
            expect(e.code() == code) { "code ${e.code()} != $code" }
            return
        }
        throw AssertionError("expected a BrandpilotException with code $code")
    }

    val verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    fun xClient(baseUrl: String?, secret: String? = "shh") = OAuthClientSpec(
        provider = ProviderRef.Preset("x"),
        clientId = "app-1",
        clientSecret = secret,
        redirectUri = "https://app.example/cb",
        baseUrl = baseUrl,
    )
    fun clientJson(baseUrl: String) = Json.Obj(linkedMapOf(
        "provider" to Json.Str("x"), "client_id" to Json.Str("app-1"), "client_secret" to Json.Str("shh"),
        "redirect_uri" to Json.Str("https://app.example/cb"), "base_url" to Json.Str(baseUrl),
    ))
    val basicShh = "Basic " + Base64.getEncoder().encodeToString("app-1:shh".toByteArray())

    check("oauthExchangeCode posts the exact form to the token endpoint and parses the TokenSet") {
        FakeTokenServer(200, """{"access_token":"at-1","refresh_token":"rt-1","expires_in":7200,"scope":"tweet.read offline.access","token_type":"bearer"}""").use { server ->
            val tokens = runBlocking { oauthExchangeCode(xClient(server.baseUrl), "code-123", verifier, t0) }
            expect(server.requests.size == 1) { "requests ${server.requests.size}" }
            val r = server.requests[0]
            expect(r.method == "POST" && r.path == "/2/oauth2/token") { "${r.method} ${r.path}" }
            expect(r.form == mapOf(
                "grant_type" to "authorization_code", "code" to "code-123",
                "redirect_uri" to "https://app.example/cb", "code_verifier" to verifier,
            )) { "form ${r.form}" }
            expect(r.header("authorization") == basicShh) { "client auth ${r.header("authorization")}" }
            expect(r.header("content-type")?.startsWith("application/x-www-form-urlencoded") == true) { "content-type ${r.header("content-type")}" }
            expect(tokens == TokenSet(
                accessToken = "at-1", refreshToken = "rt-1", expiresAt = t0.plusSeconds(7200),
                scopes = listOf("tweet.read", "offline.access"), tokenType = "bearer",
            )) { "tokens $tokens" }
            // The JSON form: the same token set, one more request.
            val input = Json.Obj(linkedMapOf(
                "client" to clientJson(server.baseUrl), "code" to Json.Str("code-123"),
                "code_verifier" to Json.Str(verifier), "now" to Json.Str(t0.toString()),
            ))
            val out = parseJson(runBlocking { oauthExchangeCodeJson(input.toJson()) }) as Json.Obj
            expect(str(out["access_token"]) == "at-1" && str(out["refresh_token"]) == "rt-1") { "json tokens" }
            expect(Instant.parse(str(out["expires_at"])) == t0.plusSeconds(7200)) { "json expires_at" }
            expect(server.requests.size == 2) { "requests ${server.requests.size}" }
            expect(server.requests[1].form == r.form) { "json form ${server.requests[1].form}" }
        }
    }

    check("oauthExchangeCode of a public client sends client_id in the body, no Basic auth") {
        FakeTokenServer(200, """{"access_token":"at-p"}""").use { server ->
            val tokens = runBlocking { oauthExchangeCode(xClient(server.baseUrl, secret = null), "c", verifier, t0) }
            expect(tokens.accessToken == "at-p" && tokens.refreshToken == null && tokens.expiresAt == null) { "tokens $tokens" }
            val r = server.requests.single()
            expect(r.form["client_id"] == "app-1" && r.header("authorization") == null) { "form ${r.form}" }
        }
    }

    check("oauthRefresh: a rotated refresh token replaces the old one; none keeps the old one") {
        FakeTokenServer(200, """{"access_token":"at-2","refresh_token":"rt-2","expires_in":3600}""").use { server ->
            val tokens = runBlocking { oauthRefresh(xClient(server.baseUrl), "rt-1", t0) }
            expect(tokens.accessToken == "at-2" && tokens.refreshToken == "rt-2") { "tokens $tokens" }
            expect(tokens.expiresAt == t0.plusSeconds(3600)) { "expiresAt ${tokens.expiresAt}" }
            val r = server.requests.single()
            expect(r.form == mapOf("grant_type" to "refresh_token", "refresh_token" to "rt-1")) { "form ${r.form}" }
            expect(r.header("authorization") == basicShh) { "client auth" }
        }
        FakeTokenServer(200, """{"access_token":"at-3","expires_in":3600}""").use { server ->
            val input = Json.Obj(linkedMapOf(
                "client" to clientJson(server.baseUrl), "refresh_token" to Json.Str("rt-keep"), "now" to Json.Str(t0.toString()),
            ))
            val out = parseJson(runBlocking { oauthRefreshJson(input.toJson()) }) as Json.Obj
            expect(str(out["access_token"]) == "at-3" && str(out["refresh_token"]) == "rt-keep") { "json ${out.toJson()}" }
            expect(server.requests.size == 1) { "requests ${server.requests.size}" }
        }
    }

    check("oauthRefresh rejected (400 invalid_grant) is BrandpilotException.ReauthRequired") {
        FakeTokenServer(400, """{"error":"invalid_grant","error_description":"revoked"}""").use { server ->
            try {
                runBlocking { oauthRefresh(xClient(server.baseUrl), "rt-revoked", t0) }
                throw AssertionError("expected ReauthRequired")
            } catch (e: BrandpilotException.ReauthRequired) {
                expect(e.code() == "reauth_required" && !e.isRetryable()) { "code ${e.code()}" }
                expect(!e.reason.contains("rt-revoked") && !e.reason.contains("shh")) { "secret in ${e.reason}" }
            }
            expect(server.requests.size == 1) { "requests ${server.requests.size}" }
            // The JSON form carries the same code.
            val input = Json.Obj(linkedMapOf("client" to clientJson(server.baseUrl), "refresh_token" to Json.Str("rt-revoked"), "now" to Json.Str(t0.toString())))
            expectCode("reauth_required") { runBlocking { oauthRefreshJson(input.toJson()) } }
            expect(server.requests.size == 2) { "requests ${server.requests.size}" }
        }
    }

    check("a 200 with malformed JSON is BrandpilotException.InvalidResponse") {
        FakeTokenServer(200, """{"access_token": "at-1",""").use { server ->
            try {
                runBlocking { oauthExchangeCode(xClient(server.baseUrl), "c", verifier, t0) }
                throw AssertionError("expected InvalidResponse")
            } catch (e: BrandpilotException.InvalidResponse) {
                expect(e.code() == "invalid_response" && e.status.toInt() == 200) { "status ${e.status}" }
            }
            expect(server.requests.size == 1) { "requests ${server.requests.size}" }
        }
    }

    check("a token endpoint that is down (closed port) is BrandpilotException.Network") {
        val port = ServerSocket(0, 0, InetAddress.getByName("127.0.0.1")).use { it.localPort }
        try {
            runBlocking { oauthRefresh(xClient("http://127.0.0.1:$port"), "rt", t0) }
            throw AssertionError("expected Network")
        } catch (e: BrandpilotException.Network) {
            expect(e.code() == "network" && e.isRetryable()) { "code ${e.code()}" }
        }
    }

    check("50 concurrent oauthRefresh calls all succeed (one shared runtime and client)") {
        FakeTokenServer(200, """{"access_token":"at-c","expires_in":60}""", delayMs = 50).use { server ->
            val started = System.nanoTime()
            val results = runBlocking(Dispatchers.Default) {
                (1..50).map { k -> async { oauthRefresh(xClient(server.baseUrl), "rt-$k", t0) } }.awaitAll()
            }
            val ms = (System.nanoTime() - started) / 1_000_000
            expect(results.size == 50 && results.all { it.accessToken == "at-c" }) { "results" }
            // Each call kept its own refresh token: no cross-talk between concurrent calls.
            expect(results.map { it.refreshToken }.toSet() == (1..50).map { "rt-$it" }.toSet()) { "refresh tokens" }
            expect(server.requests.size == 50) { "requests ${server.requests.size}" }
            expect(server.requests.map { it.form["refresh_token"] }.toSet().size == 50) { "distinct forms" }
            // 50 x 50 ms one after another would take 2.5 s: they overlapped.
            expect(ms < 2000) { "took $ms ms" }
        }
    }

    check("typed oauthAuthorizeUrl agrees with oauthAuthorizeUrlJson; oauthStart draws fresh values") {
        val url = oauthAuthorizeUrl(xClient(null), listOf("tweet.read", "offline.access"), "st4te", verifier)
        expect(url.startsWith("https://x.com/i/oauth2/authorize?")) { url }
        expect(url.contains("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") && url.contains("state=st4te")) { url }
        expect(url.contains("scope=tweet.read%20offline.access") || url.contains("scope=tweet.read+offline.access")) { url }
        val input = Json.Obj(linkedMapOf(
            "client" to Json.Obj(linkedMapOf("provider" to Json.Str("x"), "client_id" to Json.Str("app-1"), "client_secret" to Json.Str("shh"), "redirect_uri" to Json.Str("https://app.example/cb"))),
            "scopes" to Json.Arr(listOf(Json.Str("tweet.read"), Json.Str("offline.access"))),
            "state" to Json.Str("st4te"), "code_verifier" to Json.Str(verifier),
        ))
        expect(str(parseJson(oauthAuthorizeUrlJson(input.toJson()))) == url) { "JSON form differs" }
        // A custom provider (typed): its endpoints and extra parameters.
        val custom = OAuthClientSpec(
            provider = ProviderRef.Custom(OAuthProvider(
                name = "acme", authorizeUrl = "https://id.acme.example/authorize", tokenUrl = "https://id.acme.example/token",
                scopeSeparator = " ", clientAuth = ClientAuth.BODY, clientIdParam = "client_id", pkce = PkceSupport.REQUIRED,
                extraAuthorizeParams = listOf(listOf("audience", "api")), issuesRefreshTokens = true,
            )),
            clientId = "app-123", redirectUri = "https://app.example/cb",
        )
        val customUrl = oauthAuthorizeUrl(custom, listOf("read"), "q", verifier)
        expect(customUrl.startsWith("https://id.acme.example/authorize?") && customUrl.endsWith("&audience=api")) { customUrl }
        val a = oauthStart(xClient(null), listOf("tweet.read"))
        val b = oauthStart(xClient(null), listOf("tweet.read"))
        expect(a.state != b.state && a.codeVerifier != b.codeVerifier) { "fresh values" }
        expect(a.url == oauthAuthorizeUrl(xClient(null), listOf("tweet.read"), a.state, a.codeVerifier)) { "start url" }
        val sj = parseJson(oauthStartJson(Json.Obj(linkedMapOf("client" to (input["client"]), "scopes" to input["scopes"])).toJson())) as Json.Obj
        expect(str(sj["url"]).contains("state=" + str(sj["state"])) && str(sj["code_verifier"]).length >= 43) { "start json ${sj.toJson()}" }
    }

    val vault = VaultSpec(currentKeyId = "2026-11", keys = mapOf(
        "2026-10" to "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "2026-11" to "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
    ))

    check("sealTokenSet -> openTokenSet round trip; another account is InvalidInput at sealed") {
        val tokens = TokenSet(accessToken = "AQX-access", refreshToken = "AQW-refresh", expiresAt = t0, scopes = listOf("openid"))
        val sealed = sealTokenSet(vault, "user-42/linkedin", tokens)
        expect(sealed.startsWith("bp1.2026-11.") && !sealed.contains("AQX-access")) { sealed }
        expect(sealTokenSet(vault, "user-42/linkedin", tokens) != sealed) { "a fresh nonce per seal" }
        expect(openTokenSet(vault, "user-42/linkedin", sealed) == tokens) { "round trip" }
        expectInvalid("sealed") { openTokenSet(vault, "user-43/linkedin", sealed) }
        expectInvalid("sealed") { openTokenSet(vault, "user-42/linkedin", sealed.dropLast(2) + "AA") }
        // Rotation: a vault whose current key is newer still opens text sealed under 2026-11.
        val rotated = VaultSpec(currentKeyId = "2026-12", keys = vault.keys + ("2026-12" to "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="))
        expect(openTokenSet(rotated, "user-42/linkedin", sealed) == tokens) { "old key still opens" }
        // The JSON forms interoperate with the typed ones.
        val vaultJson = Json.Obj(linkedMapOf("current_key_id" to Json.Str("2026-11"), "keys" to Json.Obj(LinkedHashMap(vault.keys.mapValues { Json.Str(it.value) }))))
        val openedJson = parseJson(openTokenSetJson(Json.Obj(linkedMapOf("vault" to vaultJson, "account" to Json.Str("user-42/linkedin"), "sealed" to Json.Str(sealed))).toJson())) as Json.Obj
        expect(str(openedJson["access_token"]) == "AQX-access" && str(openedJson["refresh_token"]) == "AQW-refresh") { openedJson.toJson() }
        val sealedJson = str(parseJson(sealTokenSetJson(Json.Obj(linkedMapOf("vault" to vaultJson, "account" to Json.Str("ada"), "tokens" to Json.Obj(linkedMapOf("access_token" to Json.Str("at-9"))))).toJson())))
        expect(openTokenSet(vault, "ada", sealedJson) == TokenSet(accessToken = "at-9")) { "json sealed opens typed" }
        expectInvalid("sealed") { openTokenSetJson(Json.Obj(linkedMapOf("vault" to vaultJson, "account" to Json.Str("bob"), "sealed" to Json.Str(sealedJson))).toJson()) }
    }

    check("bad input to each of the six functions is InvalidInput with its field") {
        // 1. oauthAuthorizeUrl
        expectInvalid("client.provider") { oauthAuthorizeUrl(xClient(null).copy(provider = ProviderRef.Preset("myspace")), listOf(), "s", verifier) }
        expectInvalid("client.redirect_uri") { oauthAuthorizeUrl(xClient(null).copy(redirectUri = "app.example/cb"), listOf(), "s", verifier) }
        expectInvalid("client.base_url") { oauthAuthorizeUrl(xClient("ftp://x"), listOf(), "s", verifier) }
        expectInvalid("code_verifier") { oauthAuthorizeUrl(xClient(null), listOf(), "s", "short") }
        expectInvalid("state") { oauthAuthorizeUrl(xClient(null), listOf(), "", verifier) }
        expectInvalid("scopes[1]") { oauthAuthorizeUrl(xClient(null), listOf("a", "b c"), "s", verifier) }
        expectInvalid("") { oauthAuthorizeUrlJson("[]") }
        expectInvalid("client.provider") { oauthAuthorizeUrlJson("""{"client": {"provider": 7, "client_id": "a", "redirect_uri": "https://a.example/cb"}, "scopes": [], "state": "s", "code_verifier": "$verifier"}""") }
        expectInvalid("scopes") { oauthAuthorizeUrlJson("""{"client": {"provider": "x", "client_id": "a", "redirect_uri": "https://a.example/cb"}, "scopes": "all", "state": "s", "code_verifier": "$verifier"}""") }
        // 2. oauthStart
        expectInvalid("client.client_id") { oauthStart(xClient(null).copy(clientId = " "), listOf()) }
        expectInvalid("scopes[0]") { oauthStart(xClient(null), listOf("")) }
        expectInvalid("client.*") { oauthStartJson("""{"client": {"provider": "x", "client_id": "a", "redirect_uri": "https://a.example/cb", "extra": 1}, "scopes": []}""") }
        // 3. oauthExchangeCode (no request is sent for bad input)
        FakeTokenServer(200, """{"access_token":"never"}""").use { server ->
            expectInvalid("code") { runBlocking { oauthExchangeCode(xClient(server.baseUrl), " ", verifier, t0) } }
            expectInvalid("code_verifier") { runBlocking { oauthExchangeCode(xClient(server.baseUrl), "c", "bad verifier", t0) } }
            expectInvalid("client.provider") { runBlocking { oauthExchangeCode(xClient(server.baseUrl).copy(provider = ProviderRef.Preset("nope")), "c", verifier, t0) } }
            expectInvalid("now") { runBlocking { oauthExchangeCodeJson("""{"client": ${clientJson(server.baseUrl).toJson()}, "code": "c", "code_verifier": "$verifier", "now": "tomorrow"}""") } }
            expectInvalid("") { runBlocking { oauthExchangeCodeJson("{not json") } }
            // 4. oauthRefresh
            expectInvalid("refresh_token") { runBlocking { oauthRefresh(xClient(server.baseUrl), "", t0) } }
            expectInvalid("client.redirect_uri") { runBlocking { oauthRefresh(xClient(server.baseUrl).copy(redirectUri = "/cb"), "rt", t0) } }
            expectInvalid("refresh_token") { runBlocking { oauthRefreshJson("""{"client": ${clientJson(server.baseUrl).toJson()}, "refresh_token": 5, "now": "${t0}"}""") } }
            expect(server.requests.isEmpty()) { "bad input sent ${server.requests.size} requests" }
        }
        // 5. sealTokenSet
        val tokens = TokenSet(accessToken = "at")
        expectInvalid("keys.k") { sealTokenSet(VaultSpec("k", mapOf("k" to "AAAA")), "ada", tokens) }
        expectInvalid("keys.k") { sealTokenSet(VaultSpec("k", mapOf("k" to "not base64!")), "ada", tokens) }
        expectInvalid("current_key_id") { sealTokenSet(VaultSpec("missing", vault.keys), "ada", tokens) }
        expectInvalid("tokens") { sealTokenSetJson("""{"vault": {"current_key_id": "2026-11", "keys": {}}, "account": "ada", "tokens": {"refresh_token": "r"}}""") }
        expectInvalid("vault.keys") { sealTokenSetJson("""{"vault": {"current_key_id": "2026-11", "keys": []}, "account": "ada", "tokens": {"access_token": "a"}}""") }
        // 6. openTokenSet
        expectInvalid("sealed") { openTokenSet(vault, "ada", "not sealed") }
        expectInvalid("keys.k") { openTokenSet(VaultSpec("k", mapOf("k" to "AAAA")), "ada", "bp1.k.x.y") }
        expectInvalid("sealed") { openTokenSetJson("""{"vault": {"current_key_id": "2026-11", "keys": {"2026-11": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="}}, "account": "ada", "sealed": 42}""") }
    }


    // ---------------------------------------------------------------------------------------
    // TokenManager over the host's own storage (a Kotlin SealedStore), against the fake token
    // endpoint: what the store receives, refresh ahead of expiry, single flight, errors.

    val account = "user-42/x"
    val exchangeAnswer = 200 to """{"access_token":"at-1","refresh_token":"rt-1","expires_in":3600,"scope":"tweet.read"}"""
    val refreshAnswer = 200 to """{"access_token":"at-2","refresh_token":"rt-2","expires_in":3600}"""
    fun tokenServer(delayMs: Long = 0, refresh: Pair<Int, String> = refreshAnswer) = FakeTokenServer(
        500, "{}", delayMs, mapOf("authorization_code" to exchangeAnswer, "refresh_token" to refresh),
    )
    /** A store holding `tokens` for `account`, sealed as the manager would. */
    fun storeWith(tokens: TokenSet) = MapStore().also { it.rows[account] = sealTokenSet(vault, account, tokens) }
    val expired = TokenSet(accessToken = "at-old", refreshToken = "rt-old", expiresAt = t0.minusSeconds(60))

    check("TokenManager.connect: the host store receives a sealed bp1. string with no token in it; a fresh token needs no request") {
        tokenServer().use { server ->
            val store = MapStore()
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                val tokens = runBlocking { manager.connect(account, "code-123", verifier, t0) }
                expect(tokens == TokenSet(accessToken = "at-1", refreshToken = "rt-1", expiresAt = t0.plusSeconds(3600), scopes = listOf("tweet.read"))) { "tokens $tokens" }
                expect(server.requests.size == 1 && server.requests[0].form["grant_type"] == "authorization_code") { "requests ${server.requests}" }
                expect(server.requests[0].form["code"] == "code-123" && server.requests[0].form["code_verifier"] == verifier) { "form ${server.requests[0].form}" }
                expect(store.puts.get() == 1 && store.rows.keys == setOf(account)) { "puts ${store.puts} rows ${store.rows.keys}" }
                val row = store.rows.getValue(account)
                expect(row.startsWith("bp1.2026-11.")) { row }
                expect(listOf("at-1", "rt-1", "tweet.read").none { row.contains(it) }) { "a token in the stored text: $row" }
                expect(openTokenSet(vault, account, row) == tokens) { "the row opens to the tokens" }
                // Fresh: the stored token, no request (30 minutes later, well before the 5 min skew).
                repeat(3) {
                    expect(runBlocking { manager.accessToken(account, t0.plusSeconds(1800)) } == "at-1") { "access token" }
                }
                expect(server.requests.size == 1) { "a fresh token sent ${server.requests.size - 1} requests" }
                expect(runBlocking { manager.storedTokens(account) } == tokens) { "storedTokens" }
                expect(runBlocking { manager.storedTokens("nobody") } == null) { "storedTokens of nobody" }
                // A reconnect that brings no refresh token keeps the stored one.
            }
        }
        FakeTokenServer(200, """{"access_token":"at-again","expires_in":3600}""").use { server ->
            val store = storeWith(TokenSet(accessToken = "at-1", refreshToken = "rt-keep"))
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                val tokens = runBlocking { manager.connect(account, "code-2", verifier, t0) }
                expect(tokens.accessToken == "at-again" && tokens.refreshToken == "rt-keep") { "reconnect $tokens" }
                expect(openTokenSet(vault, account, store.rows.getValue(account)).refreshToken == "rt-keep") { "stored refresh token" }
                runBlocking { manager.disconnect(account) }
                expect(store.rows.isEmpty() && store.deletes.get() == 1) { "disconnect" }
            }
        }
    }

    check("TokenManager.accessToken on an expired token refreshes with rotation; the store holds the new sealed set") {
        tokenServer().use { server ->
            val store = storeWith(expired)
            val before = store.rows.getValue(account)
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                expect(runBlocking { manager.accessToken(account, t0) } == "at-2") { "refreshed token" }
                val r = server.requests.single()
                expect(r.form == mapOf("grant_type" to "refresh_token", "refresh_token" to "rt-old")) { "form ${r.form}" }
                val row = store.rows.getValue(account)
                expect(row != before && row.startsWith("bp1.") && !row.contains("at-2") && !row.contains("rt-2")) { row }
                val stored = openTokenSet(vault, account, row)
                expect(stored.accessToken == "at-2" && stored.refreshToken == "rt-2" && stored.expiresAt == t0.plusSeconds(3600)) { "stored $stored" }
                expect(store.puts.get() == 1) { "puts ${store.puts}" }
                // Now fresh: no further request.
                expect(runBlocking { manager.accessToken(account, t0.plusSeconds(60)) } == "at-2") { "fresh after refresh" }
                expect(server.requests.size == 1) { "requests ${server.requests.size}" }
                // Within the skew (5 min before expiry) it refreshes ahead of time.
                expect(runBlocking { manager.accessToken(account, t0.plusSeconds(3600 - 120)) } == "at-2") { "ahead of expiry" }
                expect(server.requests.size == 2 && server.requests[1].form["refresh_token"] == "rt-2") { "refresh ahead ${server.requests.size}" }
            }
            // A custom skew: 10 s instead of 5 min, so 2 min before expiry is still fresh.
            TokenManager(xClient(server.baseUrl), vault, storeWith(TokenSet(accessToken = "at-s", refreshToken = "rt-s", expiresAt = t0.plusSeconds(120))), skewSeconds = 10.0).use { manager ->
                expect(runBlocking { manager.accessToken(account, t0) } == "at-s") { "custom skew" }
                expect(server.requests.size == 2) { "custom skew sent a request" }
            }
        }
    }

    check("TokenManager.forceRefresh after a 401: refreshes the rejected token; a token already replaced needs no request") {
        tokenServer().use { server ->
            val store = storeWith(TokenSet(accessToken = "at-1", refreshToken = "rt-1", expiresAt = t0.plusSeconds(3600)))
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                expect(runBlocking { manager.forceRefresh(account, "at-1", t0) } == "at-2") { "forced" }
                expect(server.requests.single().form["refresh_token"] == "rt-1") { "form" }
                // Another caller still holding at-1 gets the replacement without a request.
                expect(runBlocking { manager.forceRefresh(account, "at-1", t0) } == "at-2") { "replacement" }
                expect(server.requests.size == 1) { "requests ${server.requests.size}" }
            }
        }
    }

    check("single flight: 100 concurrent accessToken calls on an expired token send exactly 1 refresh request") {
        tokenServer(delayMs = 200, refresh = 200 to """{"access_token":"at-new","refresh_token":"rt-new","expires_in":3600}""").use { server ->
            val store = storeWith(expired)
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                val results = runBlocking(Dispatchers.Default) {
                    (1..100).map { async { manager.accessToken(account, t0) } }.awaitAll()
                }
                expect(results.size == 100 && results.all { it == "at-new" }) { "results ${results.toSet()}" }
                expect(server.requests.size == 1) { "the server saw ${server.requests.size} refresh requests" }
                expect(store.puts.get() == 1) { "puts ${store.puts}" }
                // Every call read the store at least once; the waiters read it again under the lock.
                expect(store.gets.get() >= 100) { "gets ${store.gets}" }
                val stored = openTokenSet(vault, account, store.rows.getValue(account))
                expect(stored.accessToken == "at-new" && stored.refreshToken == "rt-new") { "stored $stored" }
            }
        }
    }

    check("TokenManager: a rejected refresh (400 invalid_grant) and an unknown account are ReauthRequired") {
        tokenServer(refresh = 400 to """{"error":"invalid_grant","error_description":"revoked"}""").use { server ->
            val store = storeWith(expired)
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                try {
                    runBlocking { manager.accessToken(account, t0) }
                    throw AssertionError("expected ReauthRequired")
                } catch (e: BrandpilotException.ReauthRequired) {
                    expect(e.code() == "reauth_required" && !e.isRetryable()) { "code ${e.code()}" }
                    expect(listOf("at-old", "rt-old", "shh").none { e.message!!.contains(it) }) { "a secret in ${e.message}" }
                }
                expect(server.requests.size == 1) { "requests ${server.requests.size}" }
                // The grant that failed is deleted, so it is never tried again.
                expect(store.rows.isEmpty() && store.deletes.get() == 1) { "rows ${store.rows.keys}" }
                expectCode("reauth_required") { runBlocking { manager.accessToken(account, t0) } }
                expectCode("reauth_required") { runBlocking { manager.accessToken("never-connected", t0) } }
                expectCode("reauth_required") { runBlocking { manager.forceRefresh("never-connected", "at", t0) } }
                expect(server.requests.size == 1) { "requests ${server.requests.size}" }
            }
        }
    }

    check("the host store throwing is BrandpilotException.Storage (retryable); garbage in the store is InvalidInput at sealed") {
        tokenServer().use { server ->
            val store = storeWith(expired)
            TokenManager(xClient(server.baseUrl), vault, store).use { manager ->
                // Any exception from the host's code (uniffi: an unexpected callback error).
                store.failWith = IllegalStateException("database is down")
                for (call in listOf<suspend () -> Any?>(
                    { manager.accessToken(account, t0) },
                    { manager.forceRefresh(account, "at-old", t0) },
                    { manager.storedTokens(account) },
                )) {
                    try {
                        runBlocking { call() }
                        throw AssertionError("expected Storage")
                    } catch (e: BrandpilotException.Storage) {
                        expect(e.code() == "storage" && e.isRetryable()) { "code ${e.code()}" }
                        expect(e.reason.contains("database is down") && e.reason.contains("SealedStore.get")) { "reason ${e.reason}" }
                    }
                }
                // The host may also throw the binding's own exception.
                store.failWith = BrandpilotException.Storage("quota exceeded")
                try {
                    runBlocking { manager.accessToken(account, t0) }
                    throw AssertionError("expected Storage")
                } catch (e: BrandpilotException.Storage) {
                    expect(e.reason.contains("quota exceeded")) { "reason ${e.reason}" }
                }
                // Even another of its cases: the host's storage failed all the same.
                store.failWith = BrandpilotException.InvalidInput("account", "no such row")
                expectCode("storage") { runBlocking { manager.accessToken(account, t0) } }
                expect(server.requests.isEmpty()) { "requests ${server.requests.size}" }
                // A failing put after a successful exchange: Storage, and no token in the message.
                store.failWith = null
                val failingPut = object : SealedStore by store {
                    override suspend fun put(account: String, sealed: String) {
                        throw java.io.IOException("disk full")
                    }
                }
                TokenManager(xClient(server.baseUrl), vault, failingPut).use { m ->
                    try {
                        runBlocking { m.connect("ada", "code-1", verifier, t0) }
                        throw AssertionError("expected Storage")
                    } catch (e: BrandpilotException.Storage) {
                        expect(e.reason.contains("disk full") && e.reason.contains("SealedStore.put")) { "reason ${e.reason}" }
                        expect(listOf("at-1", "rt-1").none { e.message!!.contains(it) }) { "a token in ${e.message}" }
                    }
                }
                expect(server.requests.size == 1) { "requests ${server.requests.size}" }
                // Garbage: not a sealed string, or another account's sealed text.
                store.garbage = "not a sealed string"
                expectInvalid("sealed") { runBlocking { manager.accessToken(account, t0) } }
                store.garbage = sealTokenSet(vault, "someone-else", expired)
                expectInvalid("sealed") { runBlocking { manager.accessToken(account, t0) } }
                store.garbage = null
                // The manager still works once the store recovers.
                expect(runBlocking { manager.accessToken(account, t0) } == "at-2") { "recovered" }
            }
        }
    }

    check("bad TokenManager constructor input is InvalidInput with its field (typed and fromJson)") {
        val store = MapStore()
        expectInvalid("client.provider") { TokenManager(xClient(null).copy(provider = ProviderRef.Preset("myspace")), vault, store) }
        expectInvalid("client.redirect_uri") { TokenManager(xClient(null).copy(redirectUri = "/cb"), vault, store) }
        expectInvalid("vault.keys.2026-11") { TokenManager(xClient(null), VaultSpec("2026-11", mapOf("2026-11" to "AAAA")), store) }
        expectInvalid("vault.keys.k") { TokenManager(xClient(null), VaultSpec("k", mapOf("k" to "not base64!")), store) }
        expectInvalid("vault.current_key_id") { TokenManager(xClient(null), VaultSpec("missing", vault.keys), store) }
        expectInvalid("skew_seconds") { TokenManager(xClient(null), vault, store, skewSeconds = -1.0) }
        expectInvalid("skew_seconds") { TokenManager(xClient(null), vault, store, skewSeconds = Double.NaN) }
        val vaultJson = """{"current_key_id": "2026-11", "keys": {"2026-11": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="}}"""
        tokenServer().use { server ->
            TokenManager.fromJson("""{"client": ${clientJson(server.baseUrl).toJson()}, "vault": $vaultJson, "skew_seconds": 60}""", store).use { manager ->
                expect(runBlocking { manager.connect(account, "c", verifier, t0) }.accessToken == "at-1") { "fromJson manager connects" }
                expect(openTokenSet(vault, account, store.rows.getValue(account)).accessToken == "at-1") { "fromJson seals with the vault" }
            }
        }
        expectInvalid("client.provider") { TokenManager.fromJson("""{"client": {"provider": "nope", "client_id": "a", "redirect_uri": "https://a.example/cb"}, "vault": $vaultJson}""", store) }
        expectInvalid("vault.keys.k") { TokenManager.fromJson("""{"client": ${clientJson("http://127.0.0.1:9").toJson()}, "vault": {"current_key_id": "k", "keys": {"k": "AAAA"}}}""", store) }
        expectInvalid("skew_seconds") { TokenManager.fromJson("""{"client": ${clientJson("http://127.0.0.1:9").toJson()}, "vault": $vaultJson, "skew_seconds": "soon"}""", store) }
        expectInvalid("") { TokenManager.fromJson("[]", store) }
        expect(store.gets.get() == 0 && store.puts.get() == 1) { "the store was used by bad input" }
    }

    println("(the Rust panic message printed next on stderr is expected)")
    check("a panic inside an async export is BrandpilotException.Internal and the JVM keeps running") {
        try {
            runBlocking { triggerAsyncPanicForTest() }
            throw AssertionError("expected BrandpilotException.Internal")
        } catch (e: BrandpilotException.Internal) {
            expect(e.code() == "internal" && e.reason.contains("trigger_async_panic_for_test")) { "reason ${e.reason}" }
        }
        // The runtime survived: async calls still work.
        FakeTokenServer(200, """{"access_token":"after-panic"}""").use { server ->
            expect(runBlocking { oauthRefresh(xClient(server.baseUrl), "rt", t0) }.accessToken == "after-panic") { "after panic" }
            expect(server.requests.size == 1) { "requests ${server.requests.size}" }
        }
        // ... and so does a TokenManager calling back into a Kotlin store from that runtime.
        tokenServer().use { server ->
            TokenManager(xClient(server.baseUrl), vault, storeWith(expired)).use { manager ->
                expect(runBlocking { manager.accessToken(account, t0) } == "at-2") { "manager after panic" }
            }
        }
    }

    // Every shared vector, through the JSON-string forms.
    val vectorRoot = File(root, "core/tests/vectors")
    val files = vectorRoot.walkTopDown().filter { it.isFile && it.extension == "json" }.sortedBy { it.path }.toList()
    check("shared vectors found (${files.size})") { expect(files.size >= 20) { "only ${files.size} vectors" } }
    for (file in files) {
        val name = file.relativeTo(vectorRoot).path
        check("vector $name") {
            val doc = parseJson(file.readText()) as Json.Obj
            val input = doc["input"].toJson()
            val call: (String) -> String = when (val f = str(doc["function"])) {
                "score_brand" -> ::scoreBrandJson
                "compare_analyses" -> ::compareAnalysesJson
                "evaluate_goal" -> ::evaluateGoalJson
                "best_times" -> ::bestTimesJson
                "plan" -> ::planJson
                "analyze_content" -> ::analyzeContentJson
                "analyze_content_batch" -> ::analyzeContentBatchJson
                "fit_engagement_model" -> ::fitEngagementModelJson
                "predict_engagement" -> ::predictEngagementJson
                "suggest_hashtags" -> ::suggestHashtagsJson
                "optimize_content" -> ::optimizeContentJson
                "generate_insights" -> ::generateInsightsJson
                "update_feedback" -> ::updateFeedbackJson
                "insight_digest" -> ::insightDigestJson
                "render_digest_html" -> ::renderDigestHtmlJson
                "oauth_authorize_url" -> ::oauthAuthorizeUrlJson
                "oauth_start" -> ::oauthStartJson
                "seal_token_set" -> ::sealTokenSetJson
                "open_token_set" -> ::openTokenSetJson
                "oauth_exchange_code" -> { text -> runBlocking { oauthExchangeCodeJson(text) } }
                "oauth_refresh" -> { text -> runBlocking { oauthRefreshJson(text) } }
                "platform_capabilities" -> { text -> PlatformClient.fromJson(text).use { it.capabilitiesJson() } }
                else -> throw AssertionError("unknown function $f")
            }
            val expectedError = doc["error"]
            if (expectedError is Json.Obj) {
                try {
                    call(input)
                    throw AssertionError("expected an error ${expectedError.toJson()}, got a result")
                } catch (e: BrandpilotException) {
                    expect(e.code() == str(expectedError["code"])) { "code ${e.code()} != ${expectedError["code"]}" }
                    val field = expectedError["field"]
                    if (field is Json.Str) {
                        val got = (e as? BrandpilotException.InvalidInput)?.field
                        expect(got == field.value) { "field $got != ${field.value}" }
                    }
                }
            } else {
                val out = parseJson(call(input))
                diff(out, doc["expected"])?.let { throw AssertionError(it) }
            }
        }
    }

    platformChecks(root)

    println("$passed passed, $failed failed")
    if (failed > 0) exitProcess(1)
}
