"""interpolate(mode="area"): adaptive average pooling to the output size, as
torch.nn.functional.interpolate defines it (sizes from scale_factor by
floor, align_corners and antialias refused)."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import resample
from reference_adaptive import adaptive_pool_ref


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("rank,shape,size,scale", [
    (1, (2, 3, 17), (5,), None), (2, (2, 3, 13, 10), (4, 7), None), (3, (1, 2, 5, 6, 7), (2, 3, 9), None),
    (2, (2, 3, 13, 10), None, 0.5), (2, (1, 2, 9, 9), None, (1.7, 0.34)), (1, (1, 2, 10), None, 0.3),
])
def test_vs_reference(rank, shape, size, scale, layout, rng):
    x = rng.standard_normal(shape).astype(np.float32)
    spatial = shape[2:]
    sizes = size if size is not None else tuple(
        int(np.floor(n * s)) for n, s in zip(spatial, scale if isinstance(scale, tuple) else (scale,) * rank))
    xi = x if layout == "NCHW" else np.moveaxis(x, 1, -1)
    got = resample.interpolate(xi, size=size, scale_factor=scale, mode="area", layout=layout)
    assert_allclose(got, adaptive_pool_ref(xi, rank, "avg", sizes, layout), rtol=2e-6, atol=2e-6)
    assert_array_equal(got, getattr(resample, f"adaptive_avg_pool{rank}d")(xi, sizes, layout=layout))


def test_errors():
    x = np.ones((1, 2, 6, 6), np.float32)
    with pytest.raises(ValueError, match="align_corners"):
        resample.interpolate(x, size=3, mode="area", align_corners=False)
    with pytest.raises(ValueError, match="antialias"):
        resample.interpolate(x, size=3, mode="area", antialias=True)
    with pytest.raises(TypeError, match="float32, float64.*got int64"):
        resample.interpolate(x.astype(np.int64), size=3, mode="area")
    with pytest.raises(ValueError, match="exactly one"):
        resample.interpolate(x, mode="area")
    with pytest.raises(ValueError, match="size"):
        resample.interpolate(x, size=(3,), mode="area")
    with pytest.raises(ValueError, match="scale_factor"):
        resample.interpolate(x, scale_factor=-1.0, mode="area")
    with pytest.raises(ValueError, match="recompute_scale_factor"):
        resample.interpolate(x, size=3, mode="area", recompute_scale_factor=True)


def test_vs_torch(rng):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    for shape, kw in [((2, 3, 13, 10), dict(size=(4, 7))), ((2, 3, 13, 10), dict(scale_factor=0.5)),
                      ((2, 3, 5, 7), dict(scale_factor=0.1)), ((1, 2, 9), dict(scale_factor=2.5)),
                      ((1, 2, 5, 6, 7), dict(size=(2, 3, 9))), ((1, 2, 9, 9), dict(scale_factor=(1.7, 0.34))),
                      ((2, 3, 8, 8), dict(scale_factor=0.5, recompute_scale_factor=False))]:
        x = rng.standard_normal(shape).astype(np.float64)
        expected = F.interpolate(torch.from_numpy(x), mode="area", **kw).numpy()
        got = resample.interpolate(x, mode="area", **kw)
        assert got.shape == expected.shape
        assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
