"""Adaptive average pooling and max-unpooling: the operation specs and how
each contender runs them.

``AdaptiveSpec`` is one adaptive_avg_pool call (the PSPNet pyramid pools one
feature map to 1, 2, 3 and 6); ``UnpoolSpec`` is one max_unpool call
(SegNet's decoder), whose indices are part of the case: made once, one per
window at a random position inside it, as max pooling would return them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .peers import Builder, NotApplicable, Runner, TORCH


def _shape(shape) -> str:
    return "(" + ",".join(map(str, shape)) + ")"


@dataclass(frozen=True)
class AdaptiveSpec:
    x_shape: tuple[int, ...]       # (N, C, *spatial), channels first
    output_size: tuple[int, ...]

    @property
    def dims(self) -> int:
        return len(self.x_shape) - 2

    @property
    def out_shape(self) -> tuple[int, ...]:
        return self.x_shape[:2] + self.output_size

    def bytes_moved(self, itemsize: int = 4) -> int:
        return itemsize * (math.prod(self.x_shape) + math.prod(self.out_shape))

    def describe(self) -> str:
        return f"adaptive_avg_pool{self.dims}d to {_shape(self.output_size)} on {_shape(self.x_shape)} NCHW"


def adaptive_resample_runner(spec: AdaptiveSpec):
    def run(x: np.ndarray) -> np.ndarray:
        import resample

        return getattr(resample, f"adaptive_avg_pool{spec.dims}d")(x, spec.output_size)
    return run


def adaptive_torch_builder(spec: AdaptiveSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        TORCH.module()
        import torch.nn.functional as F

        t = TORCH.module().from_numpy(x)
        fn = getattr(F, f"adaptive_avg_pool{spec.dims}d")
        return lambda: fn(t, spec.output_size).numpy()
    return build


def adaptive_numpy_builder(spec: AdaptiveSpec) -> Builder:
    """What a NumPy user would write when the output divides the input: a reshape and a mean."""
    def build(x: np.ndarray, threads: int) -> Runner:
        if any(n % o for n, o in zip(spec.x_shape[2:], spec.output_size)):
            raise NotApplicable("uneven adaptive windows: no simple NumPy form")
        shape = list(spec.x_shape[:2])
        for n, o in zip(spec.x_shape[2:], spec.output_size):
            shape += [o, n // o]
        axes = tuple(range(3, 3 + 2 * spec.dims, 2))
        return lambda: x.reshape(shape).mean(axis=axes)
    return build


@dataclass(frozen=True)
class UnpoolSpec:
    x_shape: tuple[int, ...]       # the pooled values (N, C, *spatial), channels first
    kernel: int                    # kernel = stride, no padding

    @property
    def dims(self) -> int:
        return len(self.x_shape) - 2

    @property
    def out_shape(self) -> tuple[int, ...]:
        return self.x_shape[:2] + tuple(n * self.kernel for n in self.x_shape[2:])

    def bytes_moved(self, itemsize: int = 4) -> int:
        """Values and int64 indices read, the output written."""
        return itemsize * (math.prod(self.x_shape) + math.prod(self.out_shape)) + 8 * math.prod(self.x_shape)

    def describe(self) -> str:
        return (f"max_unpool{self.dims}d k{self.kernel} s{self.kernel} on {_shape(self.x_shape)} NCHW "
                f"-> {_shape(self.out_shape[2:])}")

    @cached_property
    def indices(self) -> np.ndarray:
        """One index per window, at a random tap of it, flat in the output plane."""
        rng = np.random.default_rng(2)
        k = self.kernel
        spatial_in, spatial_out = self.x_shape[2:], self.out_shape[2:]
        flat = np.zeros(self.x_shape, dtype=np.int64)
        for axis, (n, m) in enumerate(zip(spatial_in, spatial_out)):
            position = np.arange(n) * k
            shape = [1] * len(self.x_shape)
            shape[2 + axis] = n
            offsets = rng.integers(0, k, size=self.x_shape[:2] + tuple(spatial_in), dtype=np.int64)
            flat = flat * m + position.reshape(shape) + offsets
        return flat


def unpool_resample_runner(spec: UnpoolSpec):
    def run(x: np.ndarray) -> np.ndarray:
        import resample

        return getattr(resample, f"max_unpool{spec.dims}d")(x, spec.indices, spec.kernel)
    return run


def unpool_torch_builder(spec: UnpoolSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        torch = TORCH.module()
        import torch.nn.functional as F

        t, i = torch.from_numpy(x), torch.from_numpy(spec.indices)
        fn = getattr(F, f"max_unpool{spec.dims}d")
        return lambda: fn(t, i, spec.kernel).numpy()
    return build


def unpool_numpy_builder(spec: UnpoolSpec) -> Builder:
    """What a NumPy user would write: a zero output and put_along_axis on the flattened planes."""
    def build(x: np.ndarray, threads: int) -> Runner:
        planes = spec.x_shape[0] * spec.x_shape[1]

        def run() -> np.ndarray:
            out = np.zeros((planes, math.prod(spec.out_shape[2:])), dtype=x.dtype)
            np.put_along_axis(out, spec.indices.reshape(planes, -1), x.reshape(planes, -1), axis=1)
            return out.reshape(spec.out_shape)
        return run
    return build
