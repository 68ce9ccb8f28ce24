"""Cross-checks of resample's interpolation against PyTorch, onnxruntime and
OpenCV, on the configurations where those peers implement the same formulas.

Known, documented differences that are kept out of the random cases (see the
spec and the test report):
* an axis whose output length equals its input length while the given scale is
  not 1 (e.g. L=10, scale=1.05): PyTorch (per axis) and resample copy it;
  onnxruntime copies only when the whole tensor keeps its shape;
* PyTorch antialias with align_corners=True (documented deviation) and PyTorch
  antialias with an output width of 1 (wrong in PyTorch 2.13: every output row
  gets the same value);
* PyTorch float32 linear computes coordinates in float32 (error ~ L * 2**-24);
* PyTorch nearest on float64 tensors computes the index in double;
* onnxruntime antialias: replicates edge pixels instead of renormalising the
  filter (so only interior outputs are compared) and uses another filter width
  with align_corners; onnxruntime nearest rounds exact ties differently from the
  literal float32 formula (ties are excluded); floor + asymmetric is PyTorch's
  formula in the spec, not ONNX's;
* OpenCV INTER_NEAREST_EXACT is not PyTorch's nearest-exact.
"""

import math
import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import cv2
import onnxruntime as ort
from onnx import TensorProto, helper

import resample
from reference_interp import COORDINATE_MODES, source_coordinate

LINEAR = {1: "linear", 2: "bilinear", 3: "trilinear"}
AWKWARD = [1 / 3, 10 / 11, 251 / 256, 7.0, 0.5, 2.0, 1.5, 0.77, 3.3, 0.13, 2.05, 0.25, 4.0]


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _out_len(L, s):
    return math.floor(L * s)


def _copy_axis(sp, scale):
    """True when some axis has out == in with a scale != 1 (peers copy; see above)."""
    if scale is None:
        return False
    sc = scale if isinstance(scale, tuple) else (scale,) * len(sp)
    return any(_out_len(L, s) == L and s != 1.0 for L, s in zip(sp, sc))


def _data(rng, shape, dtype):
    if np.dtype(dtype) == np.uint8:
        return rng.integers(0, 256, size=shape, dtype=np.uint8)
    return rng.standard_normal(shape).astype(dtype)


def _close_float(got, peer, x, dtype, max_len=0):
    xm = float(np.abs(x).max()) if x.size else 0.0
    if dtype == np.float64:
        atol = 1e-10 * max(xm, 1.0)
    else:  # PyTorch / OpenCV compute float32 coordinates: error grows with the length
        atol = (1e-5 + 6e-7 * max_len) * max(xm, 1.0)
    np.testing.assert_allclose(got.astype(np.float64), peer.astype(np.float64), rtol=1e-5,
                               atol=atol)


def _within_one(got, peer):
    d = np.abs(got.astype(np.int64) - peer.astype(np.int64))
    assert d.max(initial=0) <= 1, f"uint8 differs by {d.max()} (> 1)"


# ----------------------------------------------------------------------------
# PyTorch
# ----------------------------------------------------------------------------
def torch_cases(n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        rank = r.choice([1, 2, 3])
        sp = tuple(r.choice([1, 2, 3, 5, 8, 11, 16, 31] if rank < 3 else [1, 2, 3, 5, 8])
                   for _ in range(rank))
        ac = r.random() < 0.4
        if r.random() < 0.5:
            sc = tuple(r.choice(AWKWARD) for _ in range(rank))
            if any(_out_len(L, s) < 1 for L, s in zip(sp, sc)):
                continue
            kw = dict(scale=sc)
        else:
            kw = dict(size=tuple(r.choice([1, 2, 3, 4, 9, 17, 40]) for _ in range(rank)))
        cid = f"{LINEAR[rank]}-x{sp}-ac{ac}-" + "-".join(f"{k}={v}" for k, v in kw.items())
        cases.append(pytest.param(rank, sp, ac, kw, id=cid))
    return cases


TORCH_CASES = torch_cases(45, 9001)


def _torch_kw(kw):
    if "scale" in kw:
        return dict(scale_factor=kw["scale"], recompute_scale_factor=False)
    return dict(size=kw["size"])


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("rank,sp,ac,kw", TORCH_CASES)
def test_linear_vs_torch(rank, sp, ac, kw, dtype, torch):
    rng = np.random.default_rng(zlib.crc32(repr((rank, sp, ac, kw)).encode()))
    x = _data(rng, (2, 3) + sp, dtype)
    t = torch.nn.functional.interpolate(torch.from_numpy(x), mode=LINEAR[rank],
                                        align_corners=ac, **_torch_kw(kw)).numpy()
    got = getattr(resample, LINEAR[rank])(x, align_corners=ac, **kw)
    assert got.shape == t.shape and got.dtype == x.dtype
    _close_float(got, t, x, dtype, max(sp + got.shape[2:]))
    # channels last and interpolate() agree too
    xl = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    gl = getattr(resample, LINEAR[rank])(xl, align_corners=ac, layout="NHWC", **kw)
    _close_float(np.moveaxis(gl, -1, 1), t, x, dtype, max(sp + got.shape[2:]))
    gi = resample.interpolate(x, mode=LINEAR[rank], align_corners=ac, **{
        ("scale_factor" if k == "scale" else k): v for k, v in kw.items()})
    _close_float(gi, t, x, dtype, max(sp + got.shape[2:]))


def _torch_aa_ok(case):
    rank, sp, ac, kw = case.values
    if rank != 2 or ac:
        return False
    outs = kw["size"] if "size" in kw else tuple(_out_len(L, s) for L, s in zip(sp, kw["scale"]))
    # PyTorch 2.13 bug: an output width of 1 with a resized height (see the docstring)
    return not (outs[1] == 1 and outs[0] != sp[0])


AA_CASES = [c for c in torch_cases(200, 9002) if _torch_aa_ok(c)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("rank,sp,ac,kw", AA_CASES)
def test_antialias_vs_torch(rank, sp, ac, kw, dtype, torch):
    rng = np.random.default_rng(zlib.crc32(repr((sp, kw, "aa")).encode()))
    x = _data(rng, (2, 3) + sp, dtype)
    got = resample.bilinear(x, antialias=True, **kw)
    t = torch.nn.functional.interpolate(torch.from_numpy(x), mode="bilinear",
                                        antialias=True, **_torch_kw(kw)).numpy()
    _close_float(got, t, x, dtype, max(sp + got.shape[2:]))
    gi = resample.interpolate(x, antialias=True, **{
        ("scale_factor" if k == "scale" else k): v for k, v in kw.items()})
    _close_float(gi, t, x, dtype, max(sp + got.shape[2:]))


@pytest.mark.parametrize("ac,antialias", [(False, False), (True, False), (False, True)])
def test_uint8_bilinear_vs_torch(ac, antialias, torch):  # ac + antialias: documented deviation
    r = random.Random(int(ac) * 2 + int(antialias))
    for _ in range(12):
        h, w = r.choice([2, 5, 13, 32, 64]), r.choice([2, 5, 13, 32, 64])
        size = (r.choice([1, 3, 9, 21, 50, 100]), r.choice([2, 3, 9, 21, 50, 100]))
        x = np.random.default_rng(r.randint(0, 99999)).integers(0, 256, (1, h, w, 3), np.uint8)
        t = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, -1, 1)))
        t = t.contiguous(memory_format=torch.channels_last)
        ty = torch.nn.functional.interpolate(t, size=size, mode="bilinear", align_corners=ac,
                                             antialias=antialias)
        ty = np.moveaxis(ty.contiguous().numpy(), 1, -1)
        got = resample.bilinear(x, size=size, align_corners=ac, antialias=antialias,
                                layout="NHWC")
        assert got.dtype == np.uint8 and got.shape == ty.shape
        _within_one(got, ty)


def nearest_torch_cases(n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        L = r.choice(list(range(1, 40)) + [100, 255, 256, 1000])
        mode = r.choice(["nearest", "nearest-exact"])
        if r.random() < 0.5:
            s = r.choice(AWKWARD + [round(r.uniform(0.05, 9.0), 4), 1.0, 1.05])
            if _out_len(L, s) < 1:
                continue
            kw = dict(scale=s)
        else:
            kw = dict(size=r.choice([1, 2, 3, L, 2 * L, L + 1, max(1, L - 1), r.randint(1, 3 * L)]))
        cases.append(pytest.param(L, mode, kw, id=f"L{L}-{mode}-" + "-".join(
            f"{k}={v}" for k, v in kw.items())))
    return cases


@pytest.mark.parametrize("dtype", [np.float32, np.uint8], ids=["f32", "u8"])
@pytest.mark.parametrize("L,mode,kw", nearest_torch_cases(60, 9003))
def test_nearest_vs_torch(L, mode, kw, dtype, torch):
    # float32 and uint8 only: PyTorch computes float64 tensors' indices in double
    x = (np.arange(L) % 256).astype(dtype).reshape(1, 1, L)
    x = np.concatenate([x, x[:, :, ::-1]], axis=1)
    tkw = dict(scale_factor=kw["scale"], recompute_scale_factor=False) if "scale" in kw \
        else dict(size=kw["size"])
    t = torch.nn.functional.interpolate(torch.from_numpy(x), mode=mode, **tkw).numpy()
    ours_mode = "floor" if mode == "nearest" else "nearest-exact"
    got = resample.nearest(x, kw.get("scale"), size=kw.get("size"), dims=1, mode=ours_mode)
    assert_array_equal(got, t)
    gi = resample.interpolate(x, size=kw.get("size"), scale_factor=kw.get("scale"), mode=mode)
    assert_array_equal(gi, t)


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact", "bilinear"])
def test_nearest_2d_3d_recompute_vs_torch(mode, torch):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 13, 17)).astype(np.float32)
    for kw in (dict(scale_factor=(1.7, 0.4)), dict(scale_factor=(2.05, 1 / 3),
                                                    recompute_scale_factor=True),
               dict(size=(5, 40))):
        t = torch.nn.functional.interpolate(torch.from_numpy(x), mode=mode, **kw).numpy()
        got = resample.interpolate(x, mode=mode, **kw)
        if mode == "bilinear":
            _close_float(got, t, x, np.float32, 40)
        else:
            assert_array_equal(got, t)
    if mode != "bilinear":
        x3 = rng.standard_normal((1, 2, 5, 7, 9)).astype(np.float32)
        t = torch.nn.functional.interpolate(torch.from_numpy(x3), scale_factor=(1.5, 0.5, 2.3),
                                            mode=mode).numpy()
        assert_array_equal(resample.interpolate(x3, scale_factor=(1.5, 0.5, 2.3), mode=mode), t)


@pytest.mark.parametrize("ac", [False, True])
def test_large_vs_torch_every_isa(ac, isa, nthreads, torch):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 40, 67)).astype(np.float32)
    t = torch.nn.functional.interpolate(torch.from_numpy(x), scale_factor=2.0, mode="bilinear",
                                        align_corners=ac, recompute_scale_factor=False).numpy()
    _close_float(resample.bilinear(x, 2.0, align_corners=ac), t, x, np.float32, 134)
    xl = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    _close_float(np.moveaxis(resample.bilinear(xl, 2.0, align_corners=ac, layout="NHWC"), -1, 1),
                 t, x, np.float32, 134)


# ----------------------------------------------------------------------------
# onnxruntime Resize
# ----------------------------------------------------------------------------
_SESSIONS = {}


def ort_resize(x, mode, cmode, nearest_mode="round_prefer_floor", scales=None, sizes=None,
               antialias=0):
    elem = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.uint8): TensorProto.UINT8}[x.dtype]
    key = (x.dtype.str, mode, cmode, nearest_mode, scales is None, antialias)
    if key not in _SESSIONS:
        inputs = [helper.make_tensor_value_info("X", elem, None)]
        if scales is not None:
            names = ["X", "", "scales"]
            inputs.append(helper.make_tensor_value_info("scales", TensorProto.FLOAT, [None]))
        else:
            names = ["X", "", "", "sizes"]
            inputs.append(helper.make_tensor_value_info("sizes", TensorProto.INT64, [None]))
        attrs = dict(mode=mode, coordinate_transformation_mode=cmode)
        if mode == "nearest":
            attrs["nearest_mode"] = nearest_mode
        if antialias:
            attrs["antialias"] = 1
        node = helper.make_node("Resize", names, ["Y"], **attrs)
        graph = helper.make_graph([node], "resize", inputs,
                                  [helper.make_tensor_value_info("Y", elem, None)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
        model.ir_version = 9
        _SESSIONS[key] = ort.InferenceSession(model.SerializeToString(),
                                              providers=["CPUExecutionProvider"])
    feed = {"X": x}
    if scales is not None:
        feed["scales"] = np.array([1.0] * (x.ndim - len(scales)) + list(scales), np.float32)
    else:
        feed["sizes"] = np.array(list(x.shape[: x.ndim - len(sizes)]) + list(sizes), np.int64)
    return _SESSIONS[key].run(None, feed)[0]


def _ort_scale_ok(sp, sc):
    """ORT's output length is int(float32(scale) * L) in float32: keep cases where it
    equals the spec's floor(L * scale) in float64, and no out == in copy."""
    return all(_out_len(L, s) >= 1 and int(np.float32(s) * np.float32(L)) == _out_len(L, s)
               for L, s in zip(sp, sc)) and not _copy_axis(sp, sc)


def ort_linear_cases(n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        rank = r.choice([1, 2, 3])
        sp = tuple(r.choice([1, 2, 3, 5, 8, 13, 31] if rank < 3 else [1, 2, 3, 5, 8])
                   for _ in range(rank))
        cm = COORDINATE_MODES[len(cases) % len(COORDINATE_MODES)]
        if r.random() < 0.5:
            sc = tuple(r.choice(AWKWARD) for _ in range(rank))
            if not _ort_scale_ok(sp, sc):
                continue
            kw = dict(scale=sc)
        else:
            kw = dict(size=tuple(r.choice([1, 2, 3, 4, 9, 17]) for _ in range(rank)))
        cases.append(pytest.param(rank, sp, cm, kw, id=f"{rank}d-x{sp}-{cm}-" + "-".join(
            f"{k}={v}" for k, v in kw.items())))
    return cases


def _ort_kw(kw):
    return dict(scales=kw["scale"]) if "scale" in kw else dict(sizes=kw["size"])


@pytest.mark.parametrize("rank,sp,cm,kw", ort_linear_cases(50, 9101))
def test_linear_vs_onnxruntime(rank, sp, cm, kw):
    rng = np.random.default_rng(zlib.crc32(repr((rank, sp, cm, kw)).encode()))
    x = _data(rng, (2, 3) + sp, np.float32)
    y = ort_resize(x, "linear", cm, **_ort_kw(kw))
    got = getattr(resample, LINEAR[rank])(x, coordinate_mode=cm, **kw)
    assert got.shape == y.shape
    _close_float(got, y, x, np.float32, max(sp + got.shape[2:]))
    xu = _data(rng, (1, 2) + sp, np.uint8)
    yu = ort_resize(xu, "linear", cm, **_ort_kw(kw))
    _within_one(getattr(resample, LINEAR[rank])(xu, coordinate_mode=cm, **kw), yu)


def _interior_mask(L, out, s, cm):
    """Output positions whose antialias support lies strictly inside the input."""
    if out >= L:
        return np.ones(out, bool)
    r = 1.0 / s
    m = []
    for o in range(out):
        xs = source_coordinate(o, L, out, s, cm)
        m.append(xs - r > -1 + 1e-9 and xs + r < L - 1e-9)
    return np.array(m)


@pytest.mark.parametrize("cm", [m for m in COORDINATE_MODES if m != "align_corners"])
@pytest.mark.parametrize("dtype", [np.float32, np.uint8], ids=["f32", "u8"])
def test_antialias_interior_vs_onnxruntime(cm, dtype):
    r = random.Random(zlib.crc32(f"{cm}{np.dtype(dtype).name}".encode()))
    compared = 0
    for _ in range(15):
        rank = r.choice([1, 2, 3])
        sp = tuple(r.choice([8, 13, 16, 31, 40] if rank < 3 else [8, 13, 16]) for _ in range(rank))
        size = tuple(r.choice([2, 3, 4, 5, 9]) for _ in range(rank))
        x = _data(np.random.default_rng(r.randint(0, 99999)), (1, 2) + sp, dtype)
        y = ort_resize(x, "linear", cm, sizes=size, antialias=1)
        got = getattr(resample, LINEAR[rank])(x, size=size, coordinate_mode=cm, antialias=True)
        mask = np.ones(got.shape, bool)
        for a in range(rank):
            shape = [1] * got.ndim
            shape[2 + a] = -1
            mask &= _interior_mask(sp[a], size[a], size[a] / sp[a], cm).reshape(shape)
        if not mask.any():
            continue
        compared += 1
        if dtype == np.uint8:
            _within_one(got[mask], y[mask])
        else:
            _close_float(got[mask], y[mask], x, np.float32, 40)
    assert compared >= 5


def _near_tie(L, out, s32, cm, nm, o):
    """Is output o within 1e-4 of a rounding boundary of the exact coordinate?"""
    if cm == "align_corners":
        xs = o * (L - 1) / (out - 1) if out > 1 else 0.0
    else:
        xs = source_coordinate(o, L, out, float(s32), cm)
    frac = xs - math.floor(xs)
    if nm in ("floor", "ceil"):
        return min(frac, 1 - frac) < 1e-4
    return abs(frac - 0.5) < 1e-4


ORT_NEAREST = [(c, n) for n in ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]
               for c in COORDINATE_MODES
               if not (n == "floor" and c == "asymmetric")]  # the spec: PyTorch's formula there


@pytest.mark.parametrize("cm,nm", ORT_NEAREST, ids=[f"{c}-{n}" for c, n in ORT_NEAREST])
def test_nearest_vs_onnxruntime(cm, nm):
    r = random.Random(zlib.crc32(f"{cm}-{nm}".encode()))
    checked = 0
    for _ in range(40):
        L = r.choice(list(range(1, 40)) + [100, 255])
        if r.random() < 0.5:
            s = r.choice(AWKWARD + [round(r.uniform(0.05, 9.0), 3)])
            if not _ort_scale_ok((L,), (s,)):
                continue
            out, kw, okw, s32 = _out_len(L, s), dict(scale=(s,)), dict(scales=(s,)), np.float32(s)
        else:
            out = r.choice([1, 2, 3, L, 2 * L, L + 1, max(1, L - 1), r.randint(1, 3 * L)])
            kw, okw, s32 = dict(size=(out,)), dict(sizes=(out,)), np.float32(out) / np.float32(L)
        x = np.arange(L, dtype=np.float32).reshape(1, 1, L)
        y = ort_resize(x, "nearest", cm, nm, **okw)
        got = resample.nearest(x, mode=nm, coordinate_mode=cm, **kw)
        assert got.shape == y.shape
        keep = [o for o in range(out) if not _near_tie(L, out, s32, cm, nm, o)]
        assert_array_equal(got[0, 0, keep], y[0, 0, keep], err_msg=f"L={L} {kw}")
        checked += len(keep)
        xu = (np.arange(L) % 251).astype(np.uint8).reshape(1, 1, L)
        yu = ort_resize(xu, "nearest", cm, nm, **okw)
        assert_array_equal(resample.nearest(xu, mode=nm, coordinate_mode=cm, **kw)[0, 0, keep],
                           yu[0, 0, keep])
    assert checked > 100


# ----------------------------------------------------------------------------
# OpenCV
# ----------------------------------------------------------------------------
CV_CASES = [
    # (H, W, C, out_h, out_w)
    (13, 17, 3, 26, 34), (13, 17, 3, 6, 8), (100, 64, 3, 33, 200), (64, 100, 4, 128, 50),
    (31, 5, 1, 9, 16), (1, 64, 3, 5, 31), (64, 1, 3, 31, 5), (50, 51, 3, 50, 51),
    (120, 250, 3, 60, 125), (120, 250, 3, 240, 500), (7, 9, 4, 7 * 7, 9 * 7),
]


@pytest.mark.parametrize("dtype", [np.float32, np.uint8], ids=["f32", "u8"])
@pytest.mark.parametrize("H,W,C,oh,ow", CV_CASES, ids=[f"{c[0]}x{c[1]}x{c[2]}-to-{c[3]}x{c[4]}"
                                                       for c in CV_CASES])
def test_vs_opencv(H, W, C, oh, ow, dtype):
    rng = np.random.default_rng(zlib.crc32(repr((H, W, C, oh, ow)).encode()))
    x = _data(rng, (H, W, C), dtype)
    y = cv2.resize(x, (ow, oh), interpolation=cv2.INTER_LINEAR)
    y = y.reshape(oh, ow, C)
    got = resample.bilinear(x, size=(oh, ow), layout="NHWC")
    assert got.shape == y.shape and got.dtype == x.dtype
    if dtype == np.uint8:
        _within_one(got, y)
    else:
        _close_float(got, y, x, np.float32, max(H, W, oh, ow))
    yn = cv2.resize(x, (ow, oh), interpolation=cv2.INTER_NEAREST).reshape(oh, ow, C)
    assert_array_equal(resample.nearest(x, size=(oh, ow), layout="NHWC"), yn)


# ----------------------------------------------------------------------------
# documented deviations from PyTorch, and PyTorch 2.13 behaviours we follow
# ----------------------------------------------------------------------------
def test_axis_of_unchanged_length_is_copied_like_torch(torch):
    """out == L with a scale != 1 copies the axis, in every rank, as PyTorch."""
    F = torch.nn.functional
    for rank, fn in LINEAR.items():
        x = np.random.default_rng(rank).standard_normal((2,) + (10,) * rank).astype(np.float32)
        got = getattr(resample, fn)(x, 1.05)
        assert_array_equal(got, x)
        want = F.interpolate(torch.from_numpy(x[None]), scale_factor=1.05, mode=fn)[0].numpy()
        assert_array_equal(got, want)


def test_nearest_2d_shortcuts_like_torch(torch):
    """PyTorch's 2-D nearest (only) copies at out == L and halves at out == 2L."""
    F = torch.nn.functional
    x = np.arange(60, dtype=np.float32).reshape(1, 1, 6, 10)
    for scale in [(2.05, 1.05), (1.05, 2.1)]:
        want = F.interpolate(torch.from_numpy(x), scale_factor=scale, mode="nearest").numpy()
        assert_array_equal(resample.nearest(x, scale), want)
    # 1-D keeps the formula: index floor(o * float32(1/2.05)), o=2 -> 0, not 1
    x1 = np.arange(6, dtype=np.float32).reshape(1, 1, 6)
    want = F.interpolate(torch.from_numpy(x1), scale_factor=2.05, mode="nearest").numpy()
    assert_array_equal(resample.nearest(x1, (2.05,)), want)
    assert want[0, 0, 2] == 0


def test_antialias_align_corners_keeps_corners_unlike_torch(torch):
    """Deviation: antialias with align_corners centres the filter on o*(L-1)/(out-1)."""
    F = torch.nn.functional
    x = (np.arange(10, dtype=np.float64) ** 2).reshape(1, 1, 1, 10)
    got = resample.bilinear(x, size=(1, 3), align_corners=True, antialias=True)
    j = np.arange(10.0)
    r = 9 / 2
    for o, centre in enumerate([0.0, 4.5, 9.0]):
        w = np.maximum(0, 1 - np.abs(j - centre) / r)
        assert got[0, 0, 0, o] == pytest.approx((w * x.ravel()).sum() / w.sum(), rel=1e-12)
    theirs = F.interpolate(torch.from_numpy(x), size=(1, 3), mode="bilinear", align_corners=True,
                           antialias=True).numpy()
    assert not np.allclose(got, theirs)
    # upsampled axes are plain align_corners interpolation, antialias or not
    up = resample.bilinear(x, size=(1, 19), align_corners=True, antialias=True)
    assert_array_equal(up, resample.bilinear(x, size=(1, 19), align_corners=True))
    assert up[0, 0, 0, 0] == x[0, 0, 0, 0] and up[0, 0, 0, -1] == x[0, 0, 0, -1]


def test_antialias_output_width_one_follows_the_formula_not_torch(torch):
    """PyTorch 2.13's antialiased bilinear gives every row the first row's value
    when the output width is 1; resample follows the formula (as it does for the
    same data with a width of 2)."""
    F = torch.nn.functional
    x = np.arange(5, dtype=np.float64).reshape(1, 1, 5, 1)
    got = resample.bilinear(x, size=(4, 1), antialias=True)
    np.testing.assert_allclose(got.ravel(), [0.25, 1 + 5 / 12, 2 + 7 / 12, 3.75], rtol=1e-12)
    wide = resample.bilinear(np.repeat(x, 2, axis=3), size=(4, 2), antialias=True)
    np.testing.assert_allclose(got[..., 0], wide[..., 0], rtol=1e-12)
    theirs = F.interpolate(torch.from_numpy(x), size=(4, 1), mode="bilinear", antialias=True).numpy()
    assert np.ptp(theirs) == 0  # the PyTorch bug this documents


def test_interpolate_default_mode_is_bilinear(torch):
    """Deviation asked for by the issue: the default mode is bilinear, not nearest."""
    F = torch.nn.functional
    x = np.random.default_rng(0).standard_normal((1, 2, 5, 7)).astype(np.float32)
    want = F.interpolate(torch.from_numpy(x), scale_factor=2, mode="bilinear").numpy()
    np.testing.assert_allclose(resample.interpolate(x, scale_factor=2), want, rtol=1e-6, atol=1e-6)


def test_antialias_align_corners_single_output_reads_first_sample():
    """align_corners with an output length of 1 reads x = 0, antialias or not."""
    x = np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3) + 1
    for aa in (False, True):
        got = resample.bilinear(x, size=(1, 1), align_corners=True, antialias=aa)
        assert got.ravel().tolist() == [1.0]
