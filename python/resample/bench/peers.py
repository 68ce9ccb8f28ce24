"""The peer libraries resample is compared with.

Every peer is optional at run time: a peer whose module cannot be imported is reported
as "not installed" and the bench goes on. Whether a peer can do a given operation is
decided by the per-operation adapters (e.g. ``pool_ops.py``), which raise
``NotApplicable`` with a reason when it cannot.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

# A runner performs the operation once on the input it was built for and returns the
# result as a NumPy array (a view when the library allows it, so the conversion costs
# nothing inside the timed call).
Runner = Callable[[], np.ndarray]
# A builder turns (input, thread count) into a runner. Building happens outside the
# timed region: it is where sessions are created and inputs wrapped.
Builder = Callable[[np.ndarray, int], Runner]


class NotApplicable(Exception):
    """The peer cannot do this operation (the message says why)."""


@dataclass(frozen=True)
class Peer:
    name: str
    module_name: str
    # Only real competitors set the bar; the NumPy peer shows what plain NumPy gives.
    counts_for_bar: bool
    # Whether the library parallelises this kind of work; the NumPy peer does not, so it
    # is timed once per case rather than at every thread count.
    multithreaded: bool
    _set_threads: Callable[[Any, int], None] | None = None

    def module(self):
        """The imported module, or None when the peer is not installed."""
        return _import(self.module_name)

    @property
    def installed(self) -> bool:
        return self.module() is not None

    def version(self) -> str:
        module = self.module()
        return getattr(module, "__version__", "?") if module is not None else "not installed"

    def set_threads(self, n: int) -> None:
        module = self.module()
        if module is not None and self._set_threads is not None:
            self._set_threads(module, n)


_import_cache: dict[str, Any] = {}


def _import(module_name: str):
    if module_name not in _import_cache:
        try:
            _import_cache[module_name] = importlib.import_module(module_name)
        except Exception:  # ImportError, but also broken installs raising anything else
            _import_cache[module_name] = None
    return _import_cache[module_name]


def _torch_threads(torch, n: int) -> None:
    torch.set_num_threads(n)


def _opencv_threads(cv2, n: int) -> None:
    cv2.setNumThreads(n)


# onnxruntime takes its thread count per session (SessionOptions), so the adapter
# passes it when building the session; there is no global setting to touch here.
NUMPY = Peer("numpy", "numpy", counts_for_bar=False, multithreaded=False)
TORCH = Peer("torch", "torch", counts_for_bar=True, multithreaded=True, _set_threads=_torch_threads)
ONNXRUNTIME = Peer("onnxruntime", "onnxruntime", counts_for_bar=True, multithreaded=True)
OPENCV = Peer("opencv", "cv2", counts_for_bar=True, multithreaded=True, _set_threads=_opencv_threads)

ALL_PEERS: dict[str, Peer] = {p.name: p for p in (TORCH, ONNXRUNTIME, OPENCV, NUMPY)}


def onnxruntime_session(model: bytes, threads: int):
    """An onnxruntime CPU session of `model` on `threads` intra-op threads
    (the peer's thread count; no inter-op parallelism)."""
    ort = ONNXRUNTIME.module()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
