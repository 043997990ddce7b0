"""OAuth and sealed token sets: the first I/O functions of the binding.

The token endpoint is a fake RFC 6749 server (`http.server.ThreadingHTTPServer` on
127.0.0.1, port 0) started by the `server` fixture; every client spec points at it through
`base_url`. Each test counts the requests the server saw. Both calling conventions are
exercised: the awaitable (`await brandpilot.oauth_refresh(...)`, run with `asyncio.run`)
and the blocking form (`brandpilot.oauth_refresh_blocking(...)`).
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import select
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs

import pytest

import brandpilot
from brandpilot import (
    InternalError,
    InvalidInputError,
    InvalidResponseError,
    NetworkError,
    ReauthRequiredError,
)

if TYPE_CHECKING:
    from brandpilot import OAuthClientSpec, TokenSet, VaultSpec

T = TypeVar("T")

NOW = "2026-11-23T09:00:00Z"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # RFC 7636 Appendix B
VAULT: VaultSpec = {
    "current_key_id": "k2",
    "keys": {
        "k1": base64.b64encode(bytes(range(32))).decode(),
        "k2": base64.b64encode(bytes(range(32, 64))).decode(),
    },
}


@dataclass
class Seen:
    """One request the fake token endpoint received."""

    path: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class TokenServer:
    """The fake token endpoint: records every request, answers with `reply`."""

    port: int
    requests: list[Seen] = field(default_factory=list)
    status: int = 200
    body: bytes = b"{}"
    content_type: str = "application/json"
    delay: float = 0.0
    hangups: int = 0  # requests whose client hung up before the (delayed) answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reply(self, status: int, body: Any, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.content_type = content_type

    def count(self) -> int:
        with self.lock:
            return len(self.requests)


@pytest.fixture
def server() -> Iterator[TokenServer]:
    state = TokenServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server naming
            length = int(self.headers.get("content-length", "0"))
            raw = self.rfile.read(length).decode()
            form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True, strict_parsing=False).items()}
            with state.lock:
                state.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, form))
            if state.delay:
                time.sleep(state.delay)
                readable, _, _ = select.select([self.connection], [], [], 0)
                if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                    with state.lock:
                        state.hangups += 1
                    return
            self.send_response(state.status)
            self.send_header("content-type", state.content_type)
            self.send_header("content-length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # 50 concurrent connects must not overflow the backlog (5)

    httpd = Server(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def spec(server: TokenServer, provider: str = "x", secret: str | None = "s3cret") -> OAuthClientSpec:
    client: OAuthClientSpec = {
        "provider": provider,
        "client_id": "app-123",
        "redirect_uri": "https://app.example/oauth/callback",
        "base_url": server.base_url,
    }
    if secret is not None:
        client["client_secret"] = secret
    return client


_budgets = itertools.count()


def fresh_spec(server: TokenServer) -> OAuthClientSpec:
    """A client of a custom provider with a name of its own, hence its own rate budget.

    The shared HttpClient meters each provider's token endpoint process-wide
    (`oauth:<provider>/token`, 60 requests a minute by default): tests that send many
    requests use this so they neither wait for nor spend the budget of the other tests.
    """
    provider = {**CUSTOM, "name": f"fake-{next(_budgets)}"}
    return {
        "provider": provider,  # type: ignore[typeddict-item]
        "client_id": "app-123",
        "client_secret": "s3cret",
        "redirect_uri": "https://app.example/oauth/callback",
        "base_url": server.base_url,
    }


def run(awaitable: Awaitable[T]) -> T:
    """Awaits `awaitable` in a fresh event loop."""

    async def main() -> T:
        return await awaitable

    return asyncio.run(main())


GRANT = {
    "access_token": "at-1",
    "token_type": "bearer",
    "expires_in": 7200,
    "refresh_token": "rt-1",
    "scope": "tweet.read users.read offline.access",
}


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --- exchange ------------------------------------------------------------------------------


def check_exchange(server: TokenServer, tokens: TokenSet) -> None:
    assert server.count() == 1
    seen = server.requests[0]
    assert seen.path == "/2/oauth2/token"
    assert seen.form == {
        "grant_type": "authorization_code",
        "code": "code-abc",
        "redirect_uri": "https://app.example/oauth/callback",
        "code_verifier": VERIFIER,
    }
    assert seen.headers["authorization"] == basic("app-123", "s3cret")
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert tokens == {
        "access_token": "at-1",
        "refresh_token": "rt-1",
        "expires_at": "2026-11-23T11:00:00Z",
        "scopes": ["tweet.read", "users.read", "offline.access"],
        "token_type": "bearer",
    }


def test_exchange_code_awaitable(server: TokenServer) -> None:
    server.reply(200, GRANT)
    tokens = asyncio.run(brandpilot.oauth_exchange_code(spec(server), "code-abc", VERIFIER, NOW))
    check_exchange(server, tokens)


def test_exchange_code_blocking(server: TokenServer) -> None:
    server.reply(200, GRANT)
    now = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
    tokens = brandpilot.oauth_exchange_code_blocking(spec(server), "code-abc", VERIFIER, now)
    check_exchange(server, tokens)


def test_exchange_with_client_secret_in_the_body(server: TokenServer) -> None:
    # LinkedIn: client_id + client_secret in the form, no PKCE, its own token path.
    server.reply(200, {"access_token": "li-1", "expires_in": 60, "scope": "openid,profile"})
    tokens = brandpilot.oauth_exchange_code_blocking(spec(server, "linkedin"), "c", VERIFIER, NOW)
    assert server.count() == 1
    seen = server.requests[0]
    assert seen.path == "/oauth/v2/accessToken"
    assert "authorization" not in seen.headers
    assert seen.form == {
        "grant_type": "authorization_code",
        "code": "c",
        "redirect_uri": "https://app.example/oauth/callback",
        "client_id": "app-123",
        "client_secret": "s3cret",
    }
    # serde skips the absent refresh token: the key is missing, not None (see gen_pyi.py).
    assert "refresh_token" not in tokens
    assert tokens["scopes"] == ["openid", "profile"]
    assert tokens["expires_at"] == "2026-11-23T09:01:00Z"


# --- refresh -------------------------------------------------------------------------------


def test_refresh_rotates_the_refresh_token(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})
    tokens = run(brandpilot.oauth_refresh(spec(server), "rt-1", NOW))
    assert server.count() == 1
    assert server.requests[0].form == {"grant_type": "refresh_token", "refresh_token": "rt-1"}
    assert server.requests[0].headers["authorization"] == basic("app-123", "s3cret")
    assert tokens["access_token"] == "at-2"
    assert tokens["refresh_token"] == "rt-2"
    assert tokens["expires_at"] == "2026-11-23T10:00:00Z"


def test_refresh_without_rotation_keeps_the_old_token(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-2", "token_type": "Bearer"})
    tokens = brandpilot.oauth_refresh_blocking(spec(server), "rt-1", NOW)
    assert server.count() == 1
    assert tokens["refresh_token"] == "rt-1"
    assert "expires_at" not in tokens


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_rejected_refresh_is_reauth_required(server: TokenServer, form: str) -> None:
    server.reply(400, {"error": "invalid_grant", "error_description": "token revoked"})
    with pytest.raises(ReauthRequiredError) as info:
        if form == "awaitable":
            run(brandpilot.oauth_refresh(spec(server), "rt-old", NOW))
        else:
            brandpilot.oauth_refresh_blocking(spec(server), "rt-old", NOW)
    assert info.value.code == "reauth_required"
    assert info.value.retryable is False
    assert "rt-old" not in str(info.value)  # the token never appears in messages
    assert server.count() == 1  # not retried


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_malformed_json_is_invalid_response(server: TokenServer, form: str) -> None:
    server.reply(200, b'{"access_token": "at-1", ', "application/json")
    with pytest.raises(InvalidResponseError) as info:
        if form == "awaitable":
            run(brandpilot.oauth_exchange_code(spec(server), "code-abc", VERIFIER, NOW))
        else:
            brandpilot.oauth_exchange_code_blocking(spec(server), "code-abc", VERIFIER, NOW)
    assert info.value.code == "invalid_response"
    assert server.count() == 1


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # nothing listens here any more


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_server_down_is_network_error(server: TokenServer, form: str) -> None:
    client = spec(server)
    client["base_url"] = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(NetworkError) as info:
        if form == "awaitable":
            run(brandpilot.oauth_refresh(client, "rt-1", NOW))
        else:
            brandpilot.oauth_refresh_blocking(client, "rt-1", NOW)
    assert info.value.code == "network"
    assert info.value.retryable is True
    assert server.count() == 0


# --- the async machinery -------------------------------------------------------------------


def test_the_awaitable_is_a_coroutine(server: TokenServer) -> None:
    server.reply(200, GRANT)
    coro = brandpilot.oauth_refresh(spec(server), "rt-1", NOW)
    assert server.count() == 0  # nothing happens before it is awaited
    assert asyncio.iscoroutine(coro)
    assert asyncio.run(coro)["access_token"] == "at-1"  # asyncio.run takes it directly
    assert server.count() == 1


def test_fifty_concurrent_awaits_share_the_runtime(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-n", "refresh_token": "rt-n", "expires_in": 60})

    async def main() -> list[TokenSet]:
        client = fresh_spec(server)
        return await asyncio.gather(*(brandpilot.oauth_refresh(client, f"rt-{i}", NOW) for i in range(50)))

    results = asyncio.run(main())
    assert len(results) == 50
    assert all(t["access_token"] == "at-n" for t in results)
    assert server.count() == 50
    assert sorted(r.form["refresh_token"] for r in server.requests) == sorted(f"rt-{i}" for i in range(50))


def test_concurrent_blocking_calls_from_threads(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-t", "expires_in": 60})
    client = fresh_spec(server)
    results: list[str] = []
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            results.append(brandpilot.oauth_refresh_blocking(client, f"rt-{i}", NOW)["access_token"])
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == ["at-t"] * 16
    assert server.count() == 16


def test_blocking_call_releases_the_gil(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-slow"})
    server.delay = 0.5
    ticks = 0
    done = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.01)

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        brandpilot.oauth_refresh_blocking(spec(server), "rt-1", NOW)
    finally:
        done.set()
        spinner.join()
    assert ticks >= 10  # the other thread ran while the call waited


def test_awaiting_does_not_block_the_event_loop(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-slow"})
    server.delay = 0.5

    async def main() -> int:
        ticks = 0
        call = asyncio.ensure_future(brandpilot.oauth_refresh(spec(server), "rt-1", NOW))
        while not call.done():
            ticks += 1
            await asyncio.sleep(0.01)
        assert (await call)["access_token"] == "at-slow"
        return ticks

    assert asyncio.run(main()) >= 10


def test_cancelling_the_awaitable(server: TokenServer) -> None:
    server.reply(200, {"access_token": "at-late"})
    server.delay = 1.0

    async def main() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(brandpilot.oauth_refresh(spec(server), "rt-1", NOW), timeout=0.1)

    asyncio.run(main())
    # Cancelling dropped the coroutine, which aborted the tokio task and closed the connection.
    deadline = time.monotonic() + 5
    while server.hangups == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.hangups == 1
    server.delay = 0.0
    # The runtime and the client keep working after a cancellation.
    assert brandpilot.oauth_refresh_blocking(spec(server), "rt-1", NOW)["access_token"] == "at-late"


def test_panic_in_an_async_task_is_internal_error(server: TokenServer) -> None:
    with pytest.raises(InternalError) as info:
        run(brandpilot._trigger_panic_async())
    assert info.value.code == "internal"
    assert "deliberate panic" in str(info.value)
    with pytest.raises(InternalError):
        brandpilot._trigger_panic_async_blocking()
    # `except Exception` catches it (pyo3's PanicException would be a BaseException).
    try:
        run(brandpilot._trigger_panic_async())
    except Exception as e:  # noqa: BLE001 - the point of the test
        assert isinstance(e, brandpilot.BrandpilotError)
    # The shared runtime survived: a real call still goes through.
    server.reply(200, {"access_token": "after-panic"})
    assert run(brandpilot.oauth_refresh(spec(server), "rt-1", NOW))["access_token"] == "after-panic"
    assert server.count() == 1


# --- bad input -----------------------------------------------------------------------------


def good_client() -> OAuthClientSpec:
    return {"provider": "x", "client_id": "app", "redirect_uri": "https://app.example/cb"}


Call = Callable[[], Any]

BAD_SYNC: list[tuple[str, Call, str]] = [
    ("authorize_url: unknown preset", lambda: brandpilot.oauth_authorize_url({**good_client(), "provider": "myspace"}, [], "st", VERIFIER), "client.provider"),
    ("authorize_url: short verifier", lambda: brandpilot.oauth_authorize_url(good_client(), [], "st", "short"), "code_verifier"),
    ("authorize_url: bad scope", lambda: brandpilot.oauth_authorize_url(good_client(), ["ok", "a b"], "st", VERIFIER), "scopes[1]"),
    ("authorize_url: scopes not a list", lambda: brandpilot.oauth_authorize_url(good_client(), "read", "st", VERIFIER), "scopes"),  # type: ignore[arg-type]
    ("authorize_url: state not a str", lambda: brandpilot.oauth_authorize_url(good_client(), [], 7, VERIFIER), "state"),  # type: ignore[arg-type]
    ("start: relative redirect", lambda: brandpilot.oauth_start({**good_client(), "redirect_uri": "/cb"}, []), "client.redirect_uri"),
    ("start: unknown key", lambda: brandpilot.oauth_start({**good_client(), "secret": "x"}, []), "client.secret"),  # type: ignore[typeddict-unknown-key]
    ("start: provider url not http", lambda: brandpilot.oauth_start({**good_client(), "provider": {**CUSTOM, "token_url": "ftp://x"}}, []), "client.provider.token_url"),  # type: ignore[typeddict-item]
    ("seal: short key", lambda: brandpilot.seal_token_set({"current_key_id": "k", "keys": {"k": "AAAA"}}, "ada", {"access_token": "a"}), "keys.k"),  # type: ignore[typeddict-item]
    ("seal: unknown current key", lambda: brandpilot.seal_token_set({**VAULT, "current_key_id": "k9"}, "ada", {"access_token": "a"}), "current_key_id"),  # type: ignore[typeddict-item]
    ("seal: tokens without access_token", lambda: brandpilot.seal_token_set(VAULT, "ada", {"refresh_token": "r"}), "tokens"),  # type: ignore[typeddict-item]
    ("seal: account not a str", lambda: brandpilot.seal_token_set(VAULT, None, {"access_token": "a"}), "account"),  # type: ignore[arg-type, typeddict-item]
    ("open: garbage", lambda: brandpilot.open_token_set(VAULT, "ada", "not-sealed"), "sealed"),
    ("open: vault not a dict", lambda: brandpilot.open_token_set([], "ada", "bp1.x.y.z"), "vault"),  # type: ignore[arg-type]
]

CUSTOM: dict[str, Any] = {
    "name": "acme",
    "authorize_url": "https://id.acme.example/authorize",
    "token_url": "https://id.acme.example/token",
    "client_auth": "basic",
    "client_id_param": "client_id",
    "scope_separator": " ",
    "pkce": "required",
    "issues_refresh_tokens": True,
    "extra_authorize_params": [],
}


@pytest.mark.parametrize(("what", "call", "field"), BAD_SYNC, ids=[b[0] for b in BAD_SYNC])
def test_bad_input_of_sync_functions(what: str, call: Call, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.code == "invalid_input"
    assert info.value.field == field, str(info.value)


def bad_async(server: TokenServer) -> list[tuple[str, Callable[[], Awaitable[Any]], Call, str]]:
    client = spec(server)
    return [
        (
            "exchange: empty code",
            lambda: brandpilot.oauth_exchange_code(client, " ", VERIFIER, NOW),
            lambda: brandpilot.oauth_exchange_code_blocking(client, " ", VERIFIER, NOW),
            "code",
        ),
        (
            "exchange: short verifier",
            lambda: brandpilot.oauth_exchange_code(client, "c", "short", NOW),
            lambda: brandpilot.oauth_exchange_code_blocking(client, "c", "short", NOW),
            "code_verifier",
        ),
        (
            "exchange: naive datetime",
            lambda: brandpilot.oauth_exchange_code(client, "c", VERIFIER, datetime(2026, 1, 1)),
            lambda: brandpilot.oauth_exchange_code_blocking(client, "c", VERIFIER, datetime(2026, 1, 1)),
            "now",
        ),
        (
            "exchange: bad base_url",
            lambda: brandpilot.oauth_exchange_code({**client, "base_url": "localhost:1"}, "c", VERIFIER, NOW),
            lambda: brandpilot.oauth_exchange_code_blocking({**client, "base_url": "localhost:1"}, "c", VERIFIER, NOW),
            "client.base_url",
        ),
        (
            "refresh: empty refresh token",
            lambda: brandpilot.oauth_refresh(client, "", NOW),
            lambda: brandpilot.oauth_refresh_blocking(client, "", NOW),
            "refresh_token",
        ),
        (
            "refresh: client missing client_id",
            lambda: brandpilot.oauth_refresh({"provider": "x", "redirect_uri": "https://a.example/cb"}, "rt", NOW),  # type: ignore[typeddict-item]
            lambda: brandpilot.oauth_refresh_blocking({"provider": "x", "redirect_uri": "https://a.example/cb"}, "rt", NOW),  # type: ignore[typeddict-item]
            "client",
        ),
        (
            "refresh: now not a time",
            lambda: brandpilot.oauth_refresh(client, "rt", "yesterday"),
            lambda: brandpilot.oauth_refresh_blocking(client, "rt", "yesterday"),
            "now",
        ),
    ]


def test_bad_input_of_async_functions(server: TokenServer) -> None:
    for what, make_awaitable, call_blocking, field in bad_async(server):
        awaitable = make_awaitable()  # the call itself never raises: `await` does
        with pytest.raises(InvalidInputError) as info:
            run(awaitable)
        assert info.value.field == field, (what, str(info.value))
        with pytest.raises(InvalidInputError) as info:
            call_blocking()
        assert info.value.field == field, (what, str(info.value))
    assert server.count() == 0  # no bad input ever reached the network


# --- authorisation URL ---------------------------------------------------------------------


def test_authorize_url_and_start(server: TokenServer) -> None:
    url = brandpilot.oauth_authorize_url(good_client(), ["tweet.read"], "st4te", VERIFIER)
    assert url.startswith("https://x.com/i/oauth2/authorize?")
    assert "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" in url
    assert "state=st4te" in url
    a = brandpilot.oauth_start(good_client(), ["tweet.read"])
    b = brandpilot.oauth_start(good_client(), ["tweet.read"])
    assert a["state"] != b["state"] and a["code_verifier"] != b["code_verifier"]
    # The start's URL is exactly the deterministic URL of its own state and verifier.
    assert a["url"] == brandpilot.oauth_authorize_url(good_client(), ["tweet.read"], a["state"], a["code_verifier"])
    custom = brandpilot.oauth_authorize_url({**good_client(), "provider": CUSTOM}, ["read"], "q", VERIFIER)  # type: ignore[typeddict-item]
    assert custom.startswith("https://id.acme.example/authorize?")
    assert server.count() == 0


# --- sealed token sets ---------------------------------------------------------------------


def test_seal_open_round_trip() -> None:
    tokens: TokenSet = {
        "access_token": "at-secret",
        "refresh_token": "rt-secret",
        "expires_at": "2026-11-23T11:00:00Z",
        "scopes": ["a", "b"],
        "token_type": "bearer",
    }
    sealed = brandpilot.seal_token_set(VAULT, "user-42/x", tokens)
    assert sealed.startswith("bp1.k2.")
    assert "secret" not in sealed
    assert brandpilot.seal_token_set(VAULT, "user-42/x", tokens) != sealed  # fresh nonce
    assert brandpilot.open_token_set(VAULT, "user-42/x", sealed) == tokens
    with pytest.raises(InvalidInputError) as info:
        brandpilot.open_token_set(VAULT, "user-43/x", sealed)
    assert info.value.field == "sealed"
    # A vault that dropped k2 can no longer open it; one that kept it as an old key can.
    rotated: VaultSpec = {"current_key_id": "k3", "keys": {**VAULT["keys"], "k3": base64.b64encode(b"\x07" * 32).decode()}}
    assert brandpilot.open_token_set(rotated, "user-42/x", sealed) == tokens
    retired: VaultSpec = {"current_key_id": "k1", "keys": {"k1": VAULT["keys"]["k1"]}}
    with pytest.raises(InvalidInputError) as info:
        brandpilot.open_token_set(retired, "user-42/x", sealed)
    assert info.value.field == "sealed"


def test_exchange_then_seal(server: TokenServer) -> None:
    server.reply(200, GRANT)
    tokens = brandpilot.oauth_exchange_code_blocking(spec(server), "code-abc", VERIFIER, NOW)
    sealed = brandpilot.seal_token_set(VAULT, "ada/x", tokens)
    assert brandpilot.open_token_set(VAULT, "ada/x", sealed) == tokens
