"""The type stubs (python/resample/__init__.pyi) describe the API that runs:
every public function, with the same parameter names, kinds and defaults."""

import ast
import inspect
import pathlib

import numpy as np
import pytest

import resample

STUB = pathlib.Path(resample.__file__).with_name("__init__.pyi")


def _stub_functions():
    """name -> list of ast.FunctionDef (several for @overload)."""
    tree = ast.parse(STUB.read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found.setdefault(node.name, []).append(node)
    return found


def _stub_parameters(node):
    a = node.args
    params = []
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for arg, default in zip(positional, defaults):
        params.append((arg.arg, "positional", default))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        params.append((arg.arg, "keyword", default))
    return params


def _runtime_parameters(fn):
    params = []
    for p in inspect.signature(fn).parameters.values():
        kind = "keyword" if p.kind is inspect.Parameter.KEYWORD_ONLY else "positional"
        params.append((p.name, kind, p.default))
    return params


def _same_default(stub_default, runtime_default):
    if runtime_default is inspect.Parameter.empty:
        return stub_default is None
    if stub_default is None:
        return False
    if isinstance(stub_default, ast.Constant) and stub_default.value is Ellipsis:
        return True  # an @overload's placeholder
    if runtime_default is np.float32:
        return ast.unparse(stub_default) == "np.float32"
    return ast.literal_eval(stub_default) == runtime_default


def test_package_is_typed():
    assert STUB.with_name("py.typed").exists()


@pytest.mark.parametrize("name", resample.__all__)
def test_stub_matches_runtime_signature(name):
    stubs = _stub_functions()
    assert name in stubs, f"{name} is public but missing from __init__.pyi"
    runtime = _runtime_parameters(getattr(resample, name))
    for node in stubs[name]:
        stub = _stub_parameters(node)
        assert [(n, k) for n, k, _ in stub] == [(n, k) for n, k, _ in runtime], name
        for (pname, _, sd), (_, _, rd) in zip(stub, runtime):
            assert _same_default(sd, rd), f"{name}: default of {pname}: stub {ast.unparse(sd) if sd else None}, runtime {rd!r}"


def test_stub_has_no_stale_functions():
    assert set(_stub_functions()) <= set(resample.__all__)
