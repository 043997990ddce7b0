"""`brandpilot.TokenManager` over a host-implemented store (a map-backed object counting calls).

The token endpoint is the fake server of test_oauth.py (it counts requests and can answer
slowly). Both calling conventions are exercised: the awaitables (`asyncio.run`) and the
`_blocking` forms.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

import brandpilot
from brandpilot import InternalError, InvalidInputError, ReauthRequiredError, StorageError, TokenManager
from test_oauth import GRANT, NOW, VAULT, VERIFIER, TokenServer, fresh_spec, run, server

if TYPE_CHECKING:
    from brandpilot import TokenSet

__all__ = ["server"]  # the fixture, imported from test_oauth

# Every manager gets a provider of its own (`fresh_spec`), hence its own rate budget at the
# token endpoint: this file sends more requests than one provider's default budget allows.
spec = fresh_spec

ACCOUNT = "user:42/x"
LATER = "2026-11-23T10:00:00Z"  # the token (expires 11:00) is still fresh
EXPIRED = "2026-11-23T12:00:00Z"  # past expires_at
ROTATED = {"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600}


class MapStore:
    """The host's store: sealed strings in a dict; counts calls and the threads they ran on."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.calls: Counter[str] = Counter()
        self.threads: set[int] = set()
        self.lock = threading.Lock()

    def _seen(self, method: str) -> None:
        with self.lock:
            self.calls[method] += 1
            self.threads.add(threading.get_ident())

    def get(self, account: str) -> str | None:
        self._seen("get")
        with self.lock:
            return self.data.get(account)

    def put(self, account: str, sealed: str) -> None:
        self._seen("put")
        with self.lock:
            self.data[account] = sealed

    def delete(self, account: str) -> None:
        self._seen("delete")
        with self.lock:
            self.data.pop(account, None)


class AsyncMapStore(MapStore):
    """The same store with `async def` methods."""

    async def get(self, account: str) -> str | None:  # type: ignore[override]
        await asyncio.sleep(0)
        return MapStore.get(self, account)

    async def put(self, account: str, sealed: str) -> None:  # type: ignore[override]
        await asyncio.sleep(0)
        MapStore.put(self, account, sealed)

    async def delete(self, account: str) -> None:  # type: ignore[override]
        await asyncio.sleep(0)
        MapStore.delete(self, account)


def connected(server: TokenServer, store: MapStore) -> TokenManager:
    """A manager whose store holds GRANT (at-1 / rt-1, expiring 11:00) for ACCOUNT."""
    server.reply(200, GRANT)
    manager = TokenManager(spec(server), VAULT, store)
    manager.connect_blocking(ACCOUNT, "code-abc", VERIFIER, NOW)
    return manager


def stored(store: MapStore, account: str = ACCOUNT) -> TokenSet:
    return brandpilot.open_token_set(VAULT, account, store.data[account])


# --- connect and access ----------------------------------------------------------------------


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_connect_stores_a_sealed_set_and_serves_the_fresh_token(server: TokenServer, form: str) -> None:
    server.reply(200, GRANT)
    store = MapStore()
    manager = TokenManager(spec(server), VAULT, store)
    if form == "awaitable":
        tokens = run(manager.connect(ACCOUNT, "code-abc", VERIFIER, NOW))
    else:
        tokens = manager.connect_blocking(ACCOUNT, "code-abc", VERIFIER, NOW)
    assert tokens["access_token"] == "at-1" and tokens["refresh_token"] == "rt-1"
    assert server.count() == 1
    assert server.requests[0].form["code"] == "code-abc"
    sealed = store.data[ACCOUNT]
    assert sealed.startswith("bp1.k2.")
    assert "at-1" not in sealed and "rt-1" not in sealed
    assert store.calls["put"] == 1
    assert stored(store) == tokens
    # Fresh: served from the store, no request.
    if form == "awaitable":
        assert run(manager.access_token(ACCOUNT, LATER)) == "at-1"
    else:
        assert manager.access_token_blocking(ACCOUNT, LATER) == "at-1"
    assert server.count() == 1
    assert store.calls["get"] == 1
    # The store ran on a worker thread, never on the caller's.
    assert threading.get_ident() not in store.threads


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_expired_token_is_refreshed_with_rotation(server: TokenServer, form: str) -> None:
    store = MapStore()
    manager = connected(server, store)
    server.reply(200, ROTATED)
    if form == "awaitable":
        token = run(manager.access_token(ACCOUNT, EXPIRED))
    else:
        token = manager.access_token_blocking(ACCOUNT, EXPIRED)
    assert token == "at-2"
    assert server.count() == 2
    assert server.requests[1].form == {"grant_type": "refresh_token", "refresh_token": "rt-1"}
    after = stored(store)
    assert after["access_token"] == "at-2"
    assert after["refresh_token"] == "rt-2"
    assert after["expires_at"] == "2026-11-23T13:00:00Z"
    assert "at-2" not in store.data[ACCOUNT]
    assert store.calls["put"] == 2
    # The new token is fresh now: no further request.
    assert manager.access_token_blocking(ACCOUNT, EXPIRED) == "at-2"
    assert server.count() == 2


def test_skew_seconds(server: TokenServer) -> None:
    store = MapStore()
    connected(server, store)
    # 10:00 is one hour before expiry: fresh under the default 5-minute skew, due under 2 hours.
    eager = TokenManager(spec(server), VAULT, store, skew_seconds=7200)
    server.reply(200, ROTATED)
    assert eager.access_token_blocking(ACCOUNT, LATER) == "at-2"
    assert server.count() == 2
    assert "skew_seconds=7200.0" in repr(eager) and "at-" not in repr(eager)


def test_single_flight_hundred_concurrent_awaits(server: TokenServer) -> None:
    store = MapStore()
    manager = connected(server, store)
    server.reply(200, ROTATED)
    server.delay = 0.2  # the calls overlap while the refresh is in flight

    async def main() -> list[str]:
        return await asyncio.gather(*(manager.access_token(ACCOUNT, EXPIRED) for _ in range(100)))

    tokens = asyncio.run(main())
    assert tokens == ["at-2"] * 100
    refreshes = [r for r in server.requests if r.form.get("grant_type") == "refresh_token"]
    assert len(refreshes) == 1
    assert server.count() == 2  # the exchange and one refresh
    assert stored(store)["refresh_token"] == "rt-2"


def test_single_flight_concurrent_blocking_calls_from_threads(server: TokenServer) -> None:
    store = MapStore()
    manager = connected(server, store)
    server.reply(200, ROTATED)
    server.delay = 0.2
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(manager.access_token_blocking(ACCOUNT, EXPIRED))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == ["at-2"] * 20
    assert server.count() == 2


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_force_refresh(server: TokenServer, form: str) -> None:
    store = MapStore()
    manager = connected(server, store)
    server.reply(200, ROTATED)
    if form == "awaitable":
        # A token another caller already replaced: the stored one, no request.
        assert run(manager.force_refresh(ACCOUNT, "at-0", LATER)) == "at-1"
        assert server.count() == 1
        assert run(manager.force_refresh(ACCOUNT, "at-1", LATER)) == "at-2"
    else:
        assert manager.force_refresh_blocking(ACCOUNT, "at-0", LATER) == "at-1"
        assert server.count() == 1
        assert manager.force_refresh_blocking(ACCOUNT, "at-1", LATER) == "at-2"
    assert server.count() == 2
    assert stored(store)["access_token"] == "at-2"


def test_reconnect_without_refresh_token_keeps_the_stored_one(server: TokenServer) -> None:
    store = MapStore()
    manager = connected(server, store)
    server.reply(200, {"access_token": "at-3", "expires_in": 3600})
    tokens = manager.connect_blocking(ACCOUNT, "code-2", VERIFIER, NOW)
    assert tokens["refresh_token"] == "rt-1"
    assert stored(store)["access_token"] == "at-3"
    assert stored(store)["refresh_token"] == "rt-1"


# --- re-authorisation ------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_rejected_refresh_is_reauth_required(server: TokenServer, form: str) -> None:
    store = MapStore()
    manager = connected(server, store)
    server.reply(400, {"error": "invalid_grant"})
    with pytest.raises(ReauthRequiredError) as info:
        if form == "awaitable":
            run(manager.access_token(ACCOUNT, EXPIRED))
        else:
            manager.access_token_blocking(ACCOUNT, EXPIRED)
    assert info.value.code == "reauth_required"
    assert "rt-1" not in str(info.value) and "at-1" not in str(info.value)
    assert server.count() == 2
    # The dead grant is forgotten.
    assert ACCOUNT not in store.data
    assert store.calls["delete"] == 1


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_unknown_account_is_reauth_required(server: TokenServer, form: str) -> None:
    store = MapStore()
    manager = TokenManager(spec(server), VAULT, store)
    with pytest.raises(ReauthRequiredError):
        if form == "awaitable":
            run(manager.access_token("nobody", NOW))
        else:
            manager.access_token_blocking("nobody", NOW)
    assert server.count() == 0
    assert store.calls["get"] == 1


# --- the host's store failing ----------------------------------------------------------------


class FailingStore(MapStore):
    """A store whose `failing` method raises ConnectionError."""

    def __init__(self, failing: str) -> None:
        super().__init__()
        self.failing = failing

    def _seen(self, method: str) -> None:
        super()._seen(method)
        if method == self.failing:
            raise ConnectionError("database is down")


@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_store_raising_on_get_is_storage_error(server: TokenServer, form: str) -> None:
    store = FailingStore("get")
    manager = TokenManager(spec(server), VAULT, store)
    with pytest.raises(StorageError) as info:
        if form == "awaitable":
            run(manager.access_token(ACCOUNT, NOW))
        else:
            manager.access_token_blocking(ACCOUNT, NOW)
    assert info.value.code == "storage"
    assert info.value.retryable is True
    assert "ConnectionError" in info.value.message and "database is down" in info.value.message
    assert "get" in info.value.message
    assert server.count() == 0


def test_store_raising_on_put_is_storage_error(server: TokenServer) -> None:
    server.reply(200, GRANT)
    manager = TokenManager(spec(server), VAULT, FailingStore("put"))
    with pytest.raises(StorageError) as info:
        run(manager.connect(ACCOUNT, "code-abc", VERIFIER, NOW))
    assert "put raised ConnectionError" in info.value.message
    assert "at-1" not in str(info.value) and "rt-1" not in str(info.value)
    with pytest.raises(StorageError):
        manager.connect_blocking(ACCOUNT, "code-abc", VERIFIER, NOW)


def test_store_raising_a_base_exception_is_storage_error(server: TokenServer) -> None:
    class Interrupted(MapStore):
        def get(self, account: str) -> str | None:
            raise KeyboardInterrupt

    manager = TokenManager(spec(server), VAULT, Interrupted())
    with pytest.raises(StorageError) as info:
        manager.access_token_blocking(ACCOUNT, NOW)
    assert "KeyboardInterrupt" in info.value.message


class GarbageStore(MapStore):
    """A store whose `get` answers `value`."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value

    def get(self, account: str) -> Any:
        return self.value


@pytest.mark.parametrize("value", ["not-sealed", "bp1.k2.AAAA.BBBB", 42, b"bp1.k2.x.y", ["x"]])
@pytest.mark.parametrize("form", ["awaitable", "blocking"])
def test_store_returning_garbage_is_invalid_sealed(server: TokenServer, value: Any, form: str) -> None:
    manager = TokenManager(spec(server), VAULT, GarbageStore(value))
    with pytest.raises(InvalidInputError) as info:
        if form == "awaitable":
            run(manager.access_token(ACCOUNT, NOW))
        else:
            manager.access_token_blocking(ACCOUNT, NOW)
    assert info.value.field == "sealed", str(info.value)
    assert server.count() == 0


def test_text_sealed_for_another_account_does_not_open(server: TokenServer) -> None:
    store = MapStore()
    manager = connected(server, store)
    store.data["user:43/x"] = store.data[ACCOUNT]  # a row copied to another account
    with pytest.raises(InvalidInputError) as info:
        manager.access_token_blocking("user:43/x", LATER)
    assert info.value.field == "sealed"


# --- async store methods ---------------------------------------------------------------------


def test_async_store_methods_run_on_the_callers_loop(server: TokenServer) -> None:
    store = AsyncMapStore()
    server.reply(200, GRANT)
    manager = TokenManager(spec(server), VAULT, store)

    async def main() -> tuple[str, str]:
        await manager.connect(ACCOUNT, "code-abc", VERIFIER, NOW)
        fresh = await manager.access_token(ACCOUNT, LATER)
        server.reply(200, ROTATED)
        tokens = await asyncio.gather(*(manager.access_token(ACCOUNT, EXPIRED) for _ in range(10)))
        assert set(tokens) == {"at-2"}
        return fresh, tokens[0]

    assert asyncio.run(main()) == ("at-1", "at-2")
    assert server.count() == 2
    assert stored(store)["refresh_token"] == "rt-2"
    assert store.threads == {threading.get_ident()}  # the coroutines ran on this thread's loop


def test_async_store_methods_under_the_blocking_forms(server: TokenServer) -> None:
    store = AsyncMapStore()
    manager = connected(server, store)
    assert manager.access_token_blocking(ACCOUNT, LATER) == "at-1"
    assert stored(store)["access_token"] == "at-1"
    assert threading.get_ident() not in store.threads  # asyncio.run on a worker thread


def test_async_store_raising_is_storage_error(server: TokenServer) -> None:
    class Failing(AsyncMapStore):
        async def get(self, account: str) -> str | None:  # type: ignore[override]
            raise TimeoutError("pool exhausted")

    manager = TokenManager(spec(server), VAULT, Failing())
    with pytest.raises(StorageError) as info:
        run(manager.access_token(ACCOUNT, NOW))
    assert "pool exhausted" in info.value.message
    with pytest.raises(StorageError):
        manager.access_token_blocking(ACCOUNT, NOW)


# --- bad input -------------------------------------------------------------------------------


def test_bad_constructor_input(server: TokenServer) -> None:
    good = spec(server)
    cases: list[tuple[str, Any, Any, Any, Any, str]] = [
        ("unknown preset", {**good, "provider": "myspace"}, VAULT, MapStore(), 300, "client.provider"),
        ("client not a dict", "x", VAULT, MapStore(), 300, "client"),
        ("short vault key", good, {"current_key_id": "k", "keys": {"k": "AAAA"}}, MapStore(), 300, "vault.keys.k"),
        ("unknown current key", good, {**VAULT, "current_key_id": "k9"}, MapStore(), 300, "vault.current_key_id"),
        ("store without put", good, VAULT, object(), 300, "store"),
        ("store.get not callable", good, VAULT, type("S", (MapStore,), {"get": 1})(), 300, "store"),
        ("negative skew", good, VAULT, MapStore(), -1, "skew_seconds"),
        ("nan skew", good, VAULT, MapStore(), float("nan"), "skew_seconds"),
        ("skew not a number", good, VAULT, MapStore(), "5m", "skew_seconds"),
        ("skew a bool", good, VAULT, MapStore(), True, "skew_seconds"),
    ]
    for what, client, vault, store, skew, field in cases:
        with pytest.raises(InvalidInputError) as info:
            TokenManager(client, vault, store, skew_seconds=skew)
        assert info.value.field == field, (what, str(info.value))


def test_bad_call_input(server: TokenServer) -> None:
    store = MapStore()
    manager = connected(server, store)
    cases: list[tuple[Any, Any, str]] = [
        (None, NOW, "account"),
        (ACCOUNT, "yesterday", "now"),
    ]
    for account, now, field in cases:
        awaitable = manager.access_token(account, now)  # the call never raises: `await` does
        with pytest.raises(InvalidInputError) as info:
            run(awaitable)
        assert info.value.field == field
        with pytest.raises(InvalidInputError) as info:
            manager.access_token_blocking(account, now)
        assert info.value.field == field
    with pytest.raises(InvalidInputError) as info:
        manager.connect_blocking(ACCOUNT, "c", "short", NOW)
    assert info.value.field == "code_verifier"
    with pytest.raises(InvalidInputError) as info:
        run(manager.force_refresh(ACCOUNT, 7, NOW))  # type: ignore[arg-type]
    assert info.value.field == "rejected_token"
    assert server.count() == 1  # only the exchange of `connected`


# --- panics ----------------------------------------------------------------------------------


def test_panic_in_the_store_bridge_is_internal_error(server: TokenServer) -> None:
    with pytest.raises(InternalError) as info:
        brandpilot._trigger_panic_in_store()
    assert "deliberate panic" in str(info.value)
    # The runtime and its blocking pool keep serving.
    store = MapStore()
    manager = connected(server, store)
    assert manager.access_token_blocking(ACCOUNT, LATER) == "at-1"


def test_the_awaitables_are_coroutines(server: TokenServer) -> None:
    store = MapStore()
    manager = connected(server, store)
    coro = manager.access_token(ACCOUNT, LATER)
    assert asyncio.iscoroutine(coro)
    assert store.calls["get"] == 0  # nothing happens before it is awaited
    assert asyncio.run(coro) == "at-1"
