// PlatformClient against a fake Mastodon instance on 127.0.0.1 (the JDK's HttpServer) serving
// the core's documented fixtures (core/tests/fixtures/mastodon): profile, paging, publish with
// an idempotency key, coded errors, a TokenManager-kept token refreshed after a 401, and
// account sync (typed and JSON; complete, idempotent, resumed after a failure midway).

import dev.brandpilot.BrandpilotException
import dev.brandpilot.PlatformClient
import dev.brandpilot.TokenManager
import dev.brandpilot.core.ClientSpec
import dev.brandpilot.core.Draft
import dev.brandpilot.core.DraftImage
import dev.brandpilot.core.OAuthClientSpec
import dev.brandpilot.core.Platform
import dev.brandpilot.core.PostMetricKind
import dev.brandpilot.core.PostsQuery
import dev.brandpilot.core.ProviderRef
import dev.brandpilot.core.SyncOptions
import dev.brandpilot.core.SyncState
import dev.brandpilot.core.TokenSet
import dev.brandpilot.core.VaultSpec
import dev.brandpilot.openTokenSet
import dev.brandpilot.sealTokenSet
import com.sun.net.httpserver.HttpServer
import java.io.File
import java.net.InetAddress
import java.net.InetSocketAddress
import java.time.Instant
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.runBlocking

class FakeMastodon(private val fixtures: File) : AutoCloseable {
    data class Seen(val method: String, val path: String, val headers: Map<String, String>, val body: String)

    val requests = CopyOnWriteArrayList<Seen>()
    val failPage2 = AtomicInteger(0)
    private val pool = Executors.newFixedThreadPool(8)
    private val server = HttpServer.create(InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64)
    private val statuses = "/api/v1/accounts/109302/statuses"
    private val pages = mapOf(null to 1, "113500007" to 2, "113500005" to 3)
    private val next = mapOf(1 to "113500007", 2 to "113500005")

    init {
        server.createContext("/") { ex ->
            val body = ex.requestBody.readBytes().toString(Charsets.UTF_8)
            val headers = ex.requestHeaders.entries.associate { (k, v) -> k.lowercase() to v.joinToString(",") }
            val path = ex.requestURI.path
            requests.add(Seen(ex.requestMethod, path, headers, body))
            fun reply(status: Int, file: String, link: String? = null) {
                val out = File(fixtures, file).readBytes()
                ex.responseHeaders.add("Content-Type", "application/json")
                if (link != null) ex.responseHeaders.add("Link", link)
                ex.sendResponseHeaders(status, out.size.toLong())
                ex.responseBody.use { it.write(out) }
            }
            when {
                ex.requestMethod == "POST" && path == "/2/oauth2/token" -> {
                    val out = """{"access_token": "good-token", "refresh_token": "rt-2", "expires_in": 7200, "token_type": "bearer"}""".toByteArray()
                    ex.responseHeaders.add("Content-Type", "application/json")
                    ex.sendResponseHeaders(200, out.size.toLong())
                    ex.responseBody.use { it.write(out) }
                }
                headers["authorization"] != "Bearer good-token" -> reply(401, "error_invalid_token.json")
                path == "/api/v1/accounts/verify_credentials" -> reply(200, "account.json")
                path == statuses -> {
                    val maxId = ex.requestURI.query?.split('&')?.firstOrNull { it.startsWith("max_id=") }?.substringAfter('=')
                    val page = pages[maxId]!!
                    if (page == 2 && failPage2.getAndDecrement() > 0) {
                        reply(404, "error_not_found.json")
                    } else {
                        val link = next[page]?.let { "<$baseUrl$statuses?max_id=$it>; rel=\"next\"" }
                        reply(200, "statuses_page$page.json", link)
                    }
                }
                ex.requestMethod == "POST" && path == "/api/v1/statuses" -> reply(200, "status_created.json")
                ex.requestMethod == "DELETE" -> reply(200, "status_created.json")
                else -> reply(404, "error_not_found.json")
            }
        }
        server.executor = pool
        server.start()
    }

    val baseUrl: String get() = "http://127.0.0.1:${server.address.port}"

    fun seen(method: String, path: String) = requests.filter { it.method == method && it.path == path }

    override fun close() {
        server.stop(0)
        pool.shutdownNow()
    }
}

fun platformChecks(root: File) {
    val fixtures = File(root, "core/tests/fixtures/mastodon")
    val now = Instant.parse("2026-11-23T12:00:00Z")
    fun spec(server: FakeMastodon, token: String? = "good-token") =
        ClientSpec(platform = Platform.MASTODON, baseUrl = server.baseUrl, accessToken = token)
    fun expectCode(code: String, field: String? = null, body: () -> Unit) {
        try {
            body()
        } catch (e: BrandpilotException) {
            expect(e.code() == code) { "code ${e.code()} != $code: $e" }
            if (field != null) {
                val got = (e as? BrandpilotException.InvalidInput)?.field
                expect(got == field) { "field $got != $field" }
            }
            return
        }
        throw AssertionError("expected a BrandpilotException with code $code")
    }

    check("PlatformClient: profile, audience, capabilities and paging (suspend)") {
        FakeMastodon(fixtures).use { server ->
            PlatformClient(spec(server)).use { client ->
                val profile = runBlocking { client.profile() }
                expect(profile.platform == Platform.MASTODON && profile.followers == 1520L) { "profile $profile" }
                expect(profile.connections == null) { "connections absent" }
                val audience = runBlocking { client.audience() }
                expect(audience.followers == 1520L && audience.following == 310L) { "audience $audience" }
                val caps = client.capabilities()
                expect(PostMetricKind.LIKES in caps.postMetrics && PostMetricKind.IMPRESSIONS !in caps.postMetrics) { "caps $caps" }
                val ids = mutableListOf<String>()
                var cursor: String? = null
                var pages = 0
                do {
                    val page = runBlocking { client.posts(PostsQuery(cursor = cursor)) }
                    pages++
                    ids += page.items.map { it.id }
                    cursor = page.nextCursor
                } while (cursor != null)
                expect(pages == 3 && ids.size == 6 && "113500008" !in ids) { "pages $pages ids $ids" }
                val first = runBlocking { client.posts(PostsQuery()) }.items[0]
                expect(first.metrics.likes == 41L && first.metrics.impressions == null) { "metrics ${first.metrics}" }
            }
        }
    }

    check("PlatformClient: publish sends the idempotency key; delete") {
        FakeMastodon(fixtures).use { server ->
            val client = PlatformClient.fromJson("""{"spec": {"platform": "mastodon", "base_url": "${server.baseUrl}", "access_token": "good-token"}}""")
            val published = runBlocking { client.publish(Draft(text = "Hello from brandpilot", idempotencyKey = "sched-7")) }
            expect(published.id == "113500010" && published.platform == Platform.MASTODON) { "published $published" }
            val create = server.seen("POST", "/api/v1/statuses").single()
            expect(create.headers["idempotency-key"] == "sched-7") { "key ${create.headers}" }
            expect(create.body.contains("\"status\":\"Hello from brandpilot\"")) { "body ${create.body}" }
            runBlocking { client.delete("113500010") }
            expect(server.seen("DELETE", "/api/v1/statuses/113500010").size == 1) { "delete sent" }
        }
    }

    check("PlatformClient: errors are coded") {
        FakeMastodon(fixtures).use { server ->
            expectCode("reauth_required") { runBlocking { PlatformClient(spec(server, "revoked")).profile() } }
            expectCode("invalid_input", "spec.base_url") { PlatformClient(ClientSpec(platform = Platform.MASTODON, accessToken = "t")) }
            expectCode("invalid_input", "spec.access_token") { PlatformClient(ClientSpec(platform = Platform.MASTODON, baseUrl = server.baseUrl)) }
            expectCode("invalid_input", "spec.platform") { PlatformClient.fromJson("""{"spec": {"platform": "myspace"}}""") }
            expectCode("unsupported") { PlatformClient(ClientSpec(platform = Platform.YOUTUBE, accessToken = "t")) }
            val client = PlatformClient(spec(server))
            expectCode("invalid_input", "draft.images[0].mime_type") {
                runBlocking { client.publish(Draft(text = "hi", images = listOf(DraftImage(mimeType = "text/plain", url = "https://a.example/x")))) }
            }
            expectCode("invalid_input", "ids[0]") { runBlocking { client.postMetrics(listOf("")) } }
            expect(client.capabilities().dailySeries.isEmpty()) { "no daily series on Mastodon" }
            expectCode("unsupported") { runBlocking { client.dailySeries("2026-11-01", "2026-11-02") } }
            expectCode("invalid_input", "options.max_pages") {
                runBlocking { client.sync(SyncState(), now, SyncOptions(maxPages = 0u)) }
            }
        }
    }

    check("PlatformClient: a TokenManager-kept token is refreshed after a 401 and stored") {
        FakeMastodon(fixtures).use { server ->
            val vault = VaultSpec(currentKeyId = "k1", keys = mapOf("k1" to "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="))
            val store = MapStore()
            store.rows["acct-1"] = sealTokenSet(vault, "acct-1", TokenSet(accessToken = "stale-token", refreshToken = "rt-1", expiresAt = Instant.now().plusSeconds(3600)))
            val oauth = OAuthClientSpec(provider = ProviderRef.Preset("x"), clientId = "app", redirectUri = "https://app.example/cb", baseUrl = server.baseUrl)
            TokenManager(oauth, vault, store).use { manager ->
                val client = PlatformClient.withTokens(ClientSpec(platform = Platform.MASTODON, baseUrl = server.baseUrl), manager, "acct-1")
                expect(runBlocking { client.profile() }.followers == 1520L) { "profile via refreshed token" }
                expect(server.seen("POST", "/2/oauth2/token").size == 1) { "one refresh" }
                expect(server.seen("GET", "/api/v1/accounts/verify_credentials").size == 2) { "401 then retry" }
                expect(openTokenSet(vault, "acct-1", store.rows["acct-1"]!!).accessToken == "good-token") { "stored" }
            }
        }
    }

    check("PlatformClient: sync is complete, idempotent and resumes after a failure midway") {
        FakeMastodon(fixtures).use { server ->
            val client = PlatformClient(spec(server))
            val first = runBlocking { client.sync(SyncState(), now, SyncOptions()) }
            expect(first.complete && first.error == null && first.pages == 3u && first.newPosts == 6u) { "first $first" }
            val second = runBlocking { client.sync(first.state, now, SyncOptions()) }
            expect(second.state.snapshot == first.state.snapshot) { "idempotent" }
            expect(second.newPosts == 0u && second.updatedPosts == 0u) { "nothing new" }

            server.failPage2.set(1)
            val failedJson = parseJson(runBlocking { client.syncJson(null, now, null) }) as Json.Obj
            expect(failedJson["complete"] == Json.Bool(false)) { "incomplete" }
            expect(((failedJson["error"] as Json.Obj)["code"]) == Json.Str("upstream")) { "error ${failedJson["error"]}" }
            val state = failedJson["state"] as Json.Obj
            expect(((state["resume"] as Json.Obj)["cursor"]) == Json.Str("113500007")) { "resume ${state["resume"]}" }
            val resumed = parseJson(runBlocking { client.syncJson(state.toJson(), now, """{"max_pages": 10}""") }) as Json.Obj
            expect(resumed["complete"] == Json.Bool(true) && resumed["pages"] == Json.Num("2")) { "resumed ${resumed["pages"]}" }
            val posts = ((resumed["state"] as Json.Obj)["snapshot"] as Json.Obj)["posts"] as Json.Arr
            expect(posts.items.size == first.state.snapshot!!.posts.size) { "same posts" }
        }
    }
}
