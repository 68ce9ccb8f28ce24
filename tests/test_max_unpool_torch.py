"""Cross-check of max_unpool against torch.nn.functional.max_unpool*d, on
max pooling round trips (torch on one thread where indices repeat: its
multi-threaded choice among duplicates depends on the thread split)."""
import random

import numpy as np
import pytest
from numpy.testing import assert_array_equal

torch = pytest.importorskip("torch")
F = torch.nn.functional

import resample  # noqa: E402


def cases(n, seed):
    r = random.Random(seed)
    out = []
    while len(out) < n:
        rank = r.randint(1, 3)
        spatial = tuple(r.randint(2, {1: 40, 2: 14, 3: 8}[rank]) for _ in range(rank))
        k = tuple(r.randint(1, 4) for _ in range(rank))
        s = tuple(r.randint(1, 3) for _ in range(rank))
        p = tuple(r.randint(0, kk // 2) for kk in k)
        if any(sp + 2 * pp < kk for sp, pp, kk in zip(spatial, p, k)):
            continue
        out.append(pytest.param(rank, (r.randint(1, 3), r.choice([1, 4, 17])) + spatial, k, s, p,
                                r.random() < 0.5, id=f"{rank}d-{spatial}-k{k}s{s}p{p}".replace(" ", "")))
    return out


@pytest.fixture
def torch_one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("rank,shape,k,s,p,given", cases(30, 5))
def test_vs_torch(rank, shape, k, s, p, given, dtype, layout, rng, torch_one_thread):
    x = rng.integers(-3, 4, size=shape).astype(dtype)  # ties: overlapping windows share indices
    tv, ti = getattr(F, f"max_pool{rank}d")(torch.from_numpy(x), k, s, p, return_indices=True)
    size = shape[2:] if given else None
    v, i = tv.numpy(), ti.numpy()
    if layout == "NHWC":
        v, i = np.moveaxis(v, 1, -1), np.moveaxis(i, 1, -1)
    ours = getattr(resample, f"max_unpool{rank}d")
    try:  # the default size may be too small for the indices, output_size outside the allowed range
        expected = getattr(F, f"max_unpool{rank}d")(tv, ti, k, s, p, output_size=size).numpy()
    except (ValueError, RuntimeError) as error:
        with pytest.raises(ValueError, match="indices" if isinstance(error, RuntimeError) else "output_size"):
            ours(v, i, k, s, p, output_size=size, layout=layout)
        return
    got = ours(v, i, k, s, p, output_size=size, layout=layout)
    if layout == "NHWC":
        got = np.moveaxis(got, -1, 1)
    assert_array_equal(got, expected)


def test_random_duplicates_vs_torch_one_thread(rng, torch_one_thread):
    x = rng.standard_normal((2, 3, 6, 6)).astype(np.float32)
    i = rng.integers(0, 9, size=x.shape)
    expected = F.max_unpool2d(torch.from_numpy(x), torch.from_numpy(i), 2).numpy()
    assert_array_equal(resample.max_unpool2d(x, i, 2), expected)


def test_output_size_rule_matches_torch():
    x = torch.ones(1, 1, 4)
    i = torch.zeros(1, 1, 4, dtype=torch.long)
    for size in range(4, 13):
        try:
            F.max_unpool1d(x, i, 2, output_size=(size,))
            ok = True
        except (ValueError, RuntimeError):
            ok = False
        if ok:
            assert resample.max_unpool1d(x.numpy(), i.numpy(), 2, output_size=(size,)).shape == (1, 1, size)
        else:
            with pytest.raises(ValueError):
                resample.max_unpool1d(x.numpy(), i.numpy(), 2, output_size=(size,))
