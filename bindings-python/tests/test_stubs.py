"""The committed stubs agree with the built module (names and Python signatures).

Field types are checked by `scripts/gen_pyi.py --check` (stubs vs. the Rust schema); this
checks what the schema cannot know: parameter order, keyword-only markers and defaults.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import brandpilot
import brandpilot._brandpilot as native

STUB = Path(brandpilot.__file__).with_name("_brandpilot.pyi")


def stub_functions() -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(STUB.read_text())
    return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def shape_of_stub(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, str, bool]]:
    a = fn.args
    positional = [(p.arg, "POSITIONAL_OR_KEYWORD") for p in a.args]
    keyword = [(p.arg, "KEYWORD_ONLY") for p in a.kwonlyargs]
    pos_defaults = [False] * (len(a.args) - len(a.defaults)) + [True] * len(a.defaults)
    kw_defaults = [d is not None for d in a.kw_defaults]
    return [(n, k, d) for (n, k), d in zip(positional + keyword, pos_defaults + kw_defaults)]


def test_signatures_match_runtime() -> None:
    stubs = stub_functions()
    runtime = {n for n in dir(native) if callable(getattr(native, n)) and not isinstance(getattr(native, n), type)}
    assert set(stubs) == runtime
    for name, fn in stubs.items():
        sig = inspect.signature(getattr(native, name))
        actual = [(p.name, p.kind.name, p.default is not inspect.Parameter.empty) for p in sig.parameters.values()]
        assert actual == shape_of_stub(fn), name


def test_async_stubs_come_with_a_blocking_form() -> None:
    stubs = stub_functions()
    asyncs = {n for n, fn in stubs.items() if isinstance(fn, ast.AsyncFunctionDef)}
    assert {"oauth_exchange_code", "oauth_refresh", "_trigger_panic_async"} <= asyncs
    for name in asyncs:
        blocking = stubs[name + "_blocking"]
        assert isinstance(blocking, ast.FunctionDef), name
        assert ast.dump(blocking.args) == ast.dump(stubs[name].args), name
        assert ast.dump(blocking.returns) == ast.dump(stubs[name].returns), name  # type: ignore[arg-type]


def test_package_exports() -> None:
    for name in brandpilot.__all__:
        assert hasattr(brandpilot, name)
    init_pyi = ast.parse(Path(brandpilot.__file__).with_name("__init__.pyi").read_text())
    stub_all = next(
        ast.literal_eval(node.value)
        for node in init_pyi.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    assert sorted(stub_all) == sorted(brandpilot.__all__)
    from_native = {
        alias.name
        for node in init_pyi.body
        if isinstance(node, ast.ImportFrom) and node.module == "brandpilot._brandpilot"
        for alias in node.names
    }
    assert from_native == {n for n in dir(native) if not n.startswith("__") or n == "__version__"} - {"_brandpilot"}
