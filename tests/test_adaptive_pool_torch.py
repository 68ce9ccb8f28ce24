"""Cross-check of adaptive pooling against torch.nn.functional (values and
indices), in both layouts."""
import random

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

torch = pytest.importorskip("torch")
F = torch.nn.functional

import resample  # noqa: E402


def cases(n, seed):
    r = random.Random(seed)
    out = []
    for _ in range(n):
        rank = r.randint(1, 3)
        limit = {1: 50, 2: 20, 3: 8}[rank]
        spatial = tuple(r.randint(1, limit) for _ in range(rank))
        size = tuple(r.choice([None, r.randint(0, limit + 4)]) for _ in range(rank))
        shape = (r.randint(1, 3), r.choice([1, 2, 5, 16, 19])) + spatial
        out.append(pytest.param(rank, shape, size, r.choice(["normal", "ties", "nan"]),
                                id=f"{rank}d-{shape}-to{size}".replace(" ", "")))
    return out


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("rank,shape,size,mode", cases(40, 99))
def test_vs_torch(rank, shape, size, mode, dtype, layout, rng):
    if mode == "ties":
        x = rng.integers(-2, 3, size=shape).astype(dtype)
    else:
        x = rng.standard_normal(shape).astype(dtype)
        if mode == "nan":
            x[rng.random(shape) < 0.2] = np.nan
    t = torch.from_numpy(x)
    # torch's 1D functions take no None (resample's do: the input's size)
    tsize = tuple(shape[-1] if s is None else s for s in size) if rank == 1 else size
    tv, ti = getattr(F, f"adaptive_max_pool{rank}d")(t, tsize, return_indices=True)
    ta = getattr(F, f"adaptive_avg_pool{rank}d")(t, tsize)
    xi = x if layout == "NCHW" else np.moveaxis(x, 1, -1)

    def back(a):
        return a if layout == "NCHW" else np.moveaxis(a, -1, 1)

    v, i = getattr(resample, f"adaptive_max_pool{rank}d")(xi, size, True, layout=layout)
    assert_array_equal(back(v), tv.numpy())
    assert_array_equal(back(i), ti.numpy())
    a = getattr(resample, f"adaptive_avg_pool{rank}d")(xi, size, layout=layout)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    assert_allclose(back(a), ta.numpy(), **tol)


def test_pspnet_pyramid(rng):
    x = rng.standard_normal((2, 16, 60, 60)).astype(np.float32)
    for size in (1, 2, 3, 6):
        assert_allclose(resample.adaptive_avg_pool2d(x, size),
                        F.adaptive_avg_pool2d(torch.from_numpy(x), size).numpy(), rtol=1e-5, atol=1e-6)
