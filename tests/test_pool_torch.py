"""Cross-check against torch.nn.functional pooling (values and indices).

torch only supports padding <= kernel_size / 2 and, for avg pooling, no
dilation; the randomised parameters stay inside those limits.
"""

import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

torch = pytest.importorskip("torch")
F = torch.nn.functional

import resample  # noqa: E402
from helpers import make_data  # noqa: E402
from reference import is_valid_config  # noqa: E402

DTYPES = [np.float32, np.float64]
DTYPE_IDS = {np.float32: "f32", np.float64: "f64"}
TOL = {np.float32: dict(rtol=1e-6, atol=1e-6), np.float64: dict(rtol=1e-12, atol=1e-12)}
MAX_SPATIAL = {1: 25, 2: 12, 3: 7}
MAX_KERNEL = {1: 5, 2: 4, 3: 3}


def fmt(v):
    if isinstance(v, tuple):
        return "(" + ",".join(map(str, v)) + ")"
    return str(v)


def torch_cases(rank, kind, n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        sp = tuple(r.randint(1, MAX_SPATIAL[rank]) for _ in range(rank))
        k = tuple(r.randint(1, MAX_KERNEL[rank]) for _ in range(rank))
        s = tuple(r.randint(1, 3) for _ in range(rank))
        d = tuple(r.choice([1, 1, 2, 3]) for _ in range(rank)) if kind == "max" \
            else (1,) * rank
        p = tuple(r.randint(0, k[a] // 2) for a in range(rank))
        ceil = r.random() < 0.5
        if not is_valid_config(sp, rank, k, s, p, d, ceil):
            continue
        if kind == "avg" and rank == 3 and any(sp[a] < k[a] for a in range(3)):
            continue  # torch's avg_pool3d rejects inputs smaller than the kernel
        n_batch, channels = r.randint(1, 3), r.choice([1, 2, 3, 4, 5, 8, 9, 17])
        extra = dict(ceil_mode=ceil)
        if kind == "avg":
            extra["count_include_pad"] = r.random() < 0.5
            extra["divisor_override"] = (r.randint(1, 10) if rank > 1 and r.random() < 0.3
                                         else None)
            mode = "normal"
        else:
            extra["dilation"] = d
            mode = r.choice(["normal", "ties", "nan", "inf"])
        cid = (f"{rank}d-{kind}-N{n_batch}C{channels}-x{fmt(sp)}-k{fmt(k)}-s{fmt(s)}"
               f"-p{fmt(p)}" + (f"-d{fmt(d)}" if kind == "max" else "")
               + ("-ceil" if ceil else ""))
        if kind == "avg":
            cid += "-cip" if extra["count_include_pad"] else "-nocip"
            if extra["divisor_override"] is not None:
                cid += f"-div{extra['divisor_override']}"
        else:
            cid += f"-{mode}"
        cases.append(pytest.param(rank, kind, (n_batch, channels) + sp, k, s, p, extra,
                                  mode, id=cid))
    return cases


CASES = []
_seed = 777
for _rank in (1, 2, 3):
    for _kind in ("max", "avg"):
        _seed += 1
        CASES += torch_cases(_rank, _kind, 12, _seed)


def torch_pool(kind, rank, x, k, s, p, extra, return_indices=False):
    t = torch.from_numpy(np.ascontiguousarray(x))
    if kind == "max":
        res = getattr(F, f"max_pool{rank}d")(t, k, s, p, extra["dilation"],
                                             extra["ceil_mode"], return_indices)
        if return_indices:
            return res[0].numpy(), res[1].numpy()
        return res.numpy()
    kw = {}
    if rank > 1:
        kw["divisor_override"] = extra["divisor_override"]
    return getattr(F, f"avg_pool{rank}d")(t, k, s, p, extra["ceil_mode"],
                                          extra["count_include_pad"], **kw).numpy()


def ours(kind, rank, x, k, s, p, extra, layout="NCHW", return_indices=False):
    f = getattr(resample, f"{kind}_pool{rank}d")
    if kind == "max":
        return f(x, k, s, p, extra["dilation"], extra["ceil_mode"], return_indices,
                 layout=layout)
    return f(x, k, s, p, extra["ceil_mode"], extra["count_include_pad"],
             extra.get("divisor_override"), layout=layout)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("rank,kind,shape,k,s,p,extra,mode", CASES)
def test_vs_torch_nchw(rank, kind, shape, k, s, p, extra, mode, dtype):
    rng = np.random.default_rng(zlib.crc32(repr((shape, k, s, p, mode)).encode()))
    x = make_data(rng, shape, dtype, mode)
    if kind == "max":
        tv, ti = torch_pool(kind, rank, x, k, s, p, extra, return_indices=True)
        v, i = ours(kind, rank, x, k, s, p, extra, return_indices=True)
        assert v.dtype == x.dtype and i.dtype == np.int64
        assert_array_equal(v, tv)  # NaNs compare equal
        assert_array_equal(i, ti)
        # torch's no-indices path (a different kernel in torch) agrees too
        assert_array_equal(ours(kind, rank, x, k, s, p, extra),
                           torch_pool(kind, rank, x, k, s, p, extra))
    else:
        tv = torch_pool(kind, rank, x, k, s, p, extra)
        v = ours(kind, rank, x, k, s, p, extra)
        assert v.dtype == x.dtype and v.shape == tv.shape
        assert_allclose(v, tv, **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
@pytest.mark.parametrize("rank,kind,shape,k,s,p,extra,mode", CASES)
def test_vs_torch_nhwc(rank, kind, shape, k, s, p, extra, mode, dtype):
    rng = np.random.default_rng(zlib.crc32(repr((shape, k, s, p, mode, 1)).encode()))
    x = make_data(rng, shape, dtype, mode)          # NCHW data for torch
    x_nhwc = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    if kind == "max":
        tv, ti = torch_pool(kind, rank, x, k, s, p, extra, return_indices=True)
        v, i = ours(kind, rank, x_nhwc, k, s, p, extra, layout="NHWC",
                    return_indices=True)
        assert_array_equal(np.moveaxis(v, -1, 1), tv)
        assert_array_equal(np.moveaxis(i, -1, 1), ti)  # channel not in the index
    else:
        tv = torch_pool(kind, rank, x, k, s, p, extra)
        v = ours(kind, rank, x_nhwc, k, s, p, extra, layout="NHWC")
        assert_allclose(np.moveaxis(v, -1, 1), tv, **TOL[dtype])


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: DTYPE_IDS[d])
def test_vs_torch_large(kind, dtype, isa, nthreads):
    """A larger 2d case through every ISA and thread count."""
    rng = np.random.default_rng(5)
    x = make_data(rng, (2, 3, 40, 50), dtype, "nan" if kind == "max" else "normal")
    extra = dict(ceil_mode=True, dilation=(1, 2), count_include_pad=False,
                 divisor_override=None)
    if kind == "avg":
        extra["dilation"] = 1
    if kind == "max":
        tv, ti = torch_pool(kind, 2, x, 3, (2, 1), 1, extra, return_indices=True)
        v, i = ours(kind, 2, x, 3, (2, 1), 1, extra, return_indices=True)
        assert_array_equal(v, tv)
        assert_array_equal(i, ti)
    else:
        tv = torch_pool(kind, 2, x, 3, (2, 1), 1, extra)
        v = ours(kind, 2, x, 3, (2, 1), 1, extra)
        assert_allclose(v, tv, **TOL[dtype])


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_vs_torch_nan_windows(rank):
    """Windows full of NaNs and ties: PyTorch's last-NaN / first-max indices."""
    shape = (2, 3) + (5,) * rank
    x = np.full(shape, np.nan)
    x.reshape(-1)[::3] = 1.0
    x.reshape(-1)[1::7] = -np.inf
    extra = dict(dilation=1, ceil_mode=True)
    tv, ti = torch_pool("max", rank, x, 3, 2, 1, extra, return_indices=True)
    v, i = ours("max", rank, x, 3, 2, 1, extra, return_indices=True)
    assert_array_equal(v, tv)
    assert_array_equal(i, ti)
