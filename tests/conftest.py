"""Shared fixtures for the resample test suite."""

import os
import sys
import zlib

import numpy as np
import pytest

# Make ``import reference`` work whatever pytest's import mode is.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

try:  # keep conftest importable even when the extension is not built yet;
    import resample  # the test modules import it themselves and fail loudly.
except ImportError:  # pragma: no cover - only when the package is missing
    resample = None


def _available_isas():
    if resample is None:
        return ["baseline"]
    return list(resample.available_isas())


@pytest.fixture(params=_available_isas(), ids=lambda name: f"isa={name}")
def isa(request):
    """Switch the process-wide SIMD path to each available ISA in turn."""
    if resample is None:
        pytest.fail("resample is not importable")
    previous = resample.get_isa()
    resample.set_isa(request.param)
    try:
        assert resample.get_isa() == request.param
        yield request.param
    finally:
        resample.set_isa(previous)


@pytest.fixture(params=[1, 2], ids=lambda n: f"threads={n}")
def nthreads(request):
    """Run the test body with 1 and with 2 worker threads."""
    if resample is None:
        pytest.fail("resample is not importable")
    with resample.threads(request.param):
        assert resample.get_num_threads() == request.param
        yield request.param


@pytest.fixture
def rng(request):
    """A NumPy Generator seeded from the test id: deterministic per test."""
    seed = zlib.crc32(request.node.nodeid.encode("utf-8"))
    return np.random.default_rng(seed)
