"""`brandpilot.PlatformClient` against a fake Mastodon instance on 127.0.0.1 serving the
core's documented fixtures (core/tests/fixtures/mastodon): profile, paging, metrics,
publish with an idempotency key, errors, a TokenManager-managed token refreshed after a 401,
and account sync (complete, idempotent, resumed after a failure midway). Both calling
conventions are exercised.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

import brandpilot
from brandpilot import (
    InvalidInputError,
    PlatformClient,
    ReauthRequiredError,
    TokenManager,
    UnsupportedError,
    UpstreamError,
)
from test_oauth import VAULT, run
from test_token_manager import MapStore

if TYPE_CHECKING:
    from brandpilot import ClientSpec

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "mastodon"
STATUSES = "/api/v1/accounts/109302/statuses"
NOW = "2026-11-23T12:00:00Z"
PAGES = {None: 1, "113500007": 2, "113500005": 3}
NEXT = {1: "113500007", 2: "113500005"}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


class Instance:
    """What the fake instance saw, and how it should misbehave."""

    def __init__(self) -> None:
        self.port = 0
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.fail_page2 = 0
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def seen(self, method: str, path: str) -> list[tuple[str, str, dict[str, str], bytes]]:
        with self.lock:
            return [r for r in self.requests if r[0] == method and urlsplit(r[1]).path == path]


@pytest.fixture()
def instance() -> Iterator[Instance]:
    state = Instance()

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def record(self) -> bytes:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            with state.lock:
                state.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            return body

        def authorized(self) -> bool:
            if self.headers.get("authorization") == "Bearer good-token":
                return True
            self.reply(401, fixture("error_invalid_token.json"))
            return False

        def do_GET(self) -> None:  # noqa: N802 - the http.server naming
            self.record()
            url = urlsplit(self.path)
            if not self.authorized():
                return
            if url.path == "/api/v1/accounts/verify_credentials":
                self.reply(200, fixture("account.json"))
            elif url.path == STATUSES:
                max_id = parse_qs(url.query).get("max_id", [None])[0]
                page = PAGES[max_id]
                if page == 2 and state.fail_page2 > 0:
                    state.fail_page2 -= 1
                    self.reply(404, fixture("error_not_found.json"))
                    return
                headers = {}
                if page in NEXT:
                    headers["link"] = f'<{state.base_url}{STATUSES}?max_id={NEXT[page]}>; rel="next"'
                self.reply(200, fixture(f"statuses_page{page}.json"), headers)
            else:
                self.reply(404, fixture("error_not_found.json"))

        def do_POST(self) -> None:  # noqa: N802
            self.record()
            if self.path == "/2/oauth2/token":
                self.reply(200, {"access_token": "good-token", "refresh_token": "rt-2", "expires_in": 7200, "token_type": "bearer"})
            elif self.authorized():
                self.reply(200, fixture("status_created.json"))

        def do_DELETE(self) -> None:  # noqa: N802
            self.record()
            if self.authorized():
                self.reply(200, fixture("status_created.json"))

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def spec(instance: Instance, token: str = "good-token") -> ClientSpec:
    return {"platform": "mastodon", "base_url": instance.base_url, "access_token": token}


def test_profile_audience_and_capabilities(instance: Instance) -> None:
    client = PlatformClient(spec(instance))
    profile = run(client.profile())
    assert profile["platform"] == "mastodon"
    assert profile["display_name"] == "Ada Lovelace"
    assert profile["followers"] == 1520
    assert profile["connections"] is None
    assert client.profile_blocking()["handle"] == profile["handle"]
    assert client.audience_blocking() == {"followers": 1520, "following": 310, "connections": None}
    caps = client.capabilities()
    assert caps["platform"] == "mastodon"
    assert "likes" in caps["post_metrics"] and "impressions" not in caps["post_metrics"]
    assert caps["idempotent_publish"] is True
    assert repr(client) == 'PlatformClient(platform="mastodon")'


def test_posts_page_by_cursor(instance: Instance) -> None:
    client = PlatformClient(spec(instance))
    ids: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = client.posts_blocking({"cursor": cursor} if cursor else None)
        pages += 1
        ids += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(ids) == 6 and "113500008" not in ids  # the reblog is skipped
    first = run(client.posts())["items"][0]
    assert first["metrics"]["likes"] == 41 and first["metrics"]["impressions"] is None
    since = run(client.posts({"since": datetime(2026, 11, 19, tzinfo=timezone.utc)}))
    assert [p["id"] for p in since["items"]] == ["113500009"] and since["next_cursor"] is None


def test_publish_sends_an_idempotency_key_and_delete(instance: Instance) -> None:
    client = PlatformClient(spec(instance))
    published = run(client.publish({"text": "Hello from brandpilot", "idempotency_key": "sched-7"}))
    assert published == {
        "platform": "mastodon",
        "id": "113500010",
        "url": "https://mastodon.example/@ada/113500010",
        "created_at": "2026-11-23T10:15:00Z",
    }
    (_, _, headers, body) = instance.seen("POST", "/api/v1/statuses")[0]
    assert headers["idempotency-key"] == "sched-7"
    assert json.loads(body)["status"] == "Hello from brandpilot"
    client.delete_blocking("113500010")
    assert len(instance.seen("DELETE", "/api/v1/statuses/113500010")) == 1


def test_errors_are_coded(instance: Instance) -> None:
    with pytest.raises(ReauthRequiredError) as revoked:
        PlatformClient(spec(instance, "revoked")).profile_blocking()
    assert "revoked" not in str(revoked.value)
    with pytest.raises(InvalidInputError) as bad:
        PlatformClient({"platform": "mastodon", "access_token": "t"})
    assert bad.value.field == "spec.base_url"
    with pytest.raises(InvalidInputError) as bad:
        PlatformClient({"platform": "myspace", "access_token": "t"})  # type: ignore[typeddict-item]
    assert bad.value.field == "spec.platform"
    with pytest.raises(InvalidInputError) as bad:
        PlatformClient(spec(instance)).publish_blocking({"text": "hi", "images": [{"mime_type": "text/plain", "url": "https://a.example/x"}]})
    assert bad.value.field == "draft.images[0].mime_type"
    with pytest.raises(InvalidInputError) as bad:
        run(PlatformClient(spec(instance)).post_metrics([""]))
    assert bad.value.field == "ids[0]"
    with pytest.raises(UnsupportedError):
        PlatformClient({"platform": "youtube", "access_token": "t"})
    client = PlatformClient(spec(instance))
    assert client.capabilities()["daily_series"] == []
    with pytest.raises(UnsupportedError):
        client.daily_series_blocking("2026-11-01", date(2026, 11, 2))
    with pytest.raises(UnsupportedError):
        run(client.daily_series(date(2026, 11, 1), "2026-11-02"))
    with pytest.raises(InvalidInputError) as bad:
        client.daily_series_blocking("November", "2026-11-02")
    assert bad.value.field == "from_date"
    manager = TokenManager({"provider": "x", "client_id": "app", "redirect_uri": "https://app.example/cb"}, VAULT, MapStore())
    with pytest.raises(InvalidInputError) as bad:
        PlatformClient(spec(instance), tokens=manager)
    assert bad.value.field == "account"


def test_managed_token_is_refreshed_after_a_401(instance: Instance) -> None:
    store = MapStore()
    expires = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    store.data["acct-1"] = brandpilot.seal_token_set(
        VAULT, "acct-1", {"access_token": "stale-token", "refresh_token": "rt-1", "expires_at": expires, "scopes": [], "token_type": "bearer"}
    )
    manager = TokenManager(
        {"provider": "x", "client_id": "app", "redirect_uri": "https://app.example/cb", "base_url": instance.base_url},
        VAULT,
        store,
    )
    client = PlatformClient({"platform": "mastodon", "base_url": instance.base_url}, tokens=manager, account="acct-1")
    assert run(client.profile())["followers"] == 1520
    assert len(instance.seen("POST", "/2/oauth2/token")) == 1
    assert len(instance.seen("GET", "/api/v1/accounts/verify_credentials")) == 2
    opened = brandpilot.open_token_set(VAULT, "acct-1", store.data["acct-1"])
    assert opened["access_token"] == "good-token"


def test_sync_is_complete_idempotent_and_resumable(instance: Instance) -> None:
    client = PlatformClient(spec(instance))
    first = run(client.sync(None, NOW))
    assert first["complete"] and first["error"] is None
    assert (first["pages"], first["new_posts"]) == (3, 6)
    snapshot = first["state"]["snapshot"]
    assert snapshot is not None and len(snapshot["posts"]) == 6
    second = client.sync_blocking(first["state"], NOW)
    assert second["state"]["snapshot"] == snapshot
    assert (second["new_posts"], second["updated_posts"]) == (0, 0)

    instance.fail_page2 = 1
    failed = client.sync_blocking(None, NOW, options={"max_pages": 10})
    assert not failed["complete"]
    error = failed["error"]
    assert error is not None and error["code"] == "upstream" and not error["retryable"]
    resume = failed["state"]["resume"]
    assert resume is not None and resume["cursor"] == "113500007"
    kept = failed["state"]["snapshot"]
    assert kept is not None and len(kept["posts"]) == 2
    resumed = client.sync_blocking(failed["state"], NOW)
    assert resumed["complete"] and resumed["pages"] == 2
    assert resumed["state"]["snapshot"] == snapshot
    with pytest.raises(InvalidInputError) as bad:
        client.sync_blocking(None, NOW, options={"max_pages": 0})
    assert bad.value.field == "options.max_pages"
