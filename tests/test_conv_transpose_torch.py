"""Cross-check against torch.nn.functional.conv_transpose1d/2d/3d and the
ConvTranspose modules' output_size rule."""

import random
import zlib

import numpy as np
import pytest
from numpy.testing import assert_allclose

torch = pytest.importorskip("torch")
F = torch.nn.functional

import resample  # noqa: E402
from test_conv_transpose import random_case, tol  # noqa: E402


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_random_vs_torch(rank, dtype, rng):
    r = random.Random(zlib.crc32(f"torch{rank}{dtype.__name__}".encode()))
    fn = getattr(resample, f"conv_transpose{rank}d")
    tfn = getattr(F, f"conv_transpose{rank}d")
    for _ in range(15):
        x_shape, w_shape, p = random_case(r, rank)
        x = rng.standard_normal(x_shape).astype(dtype)
        w = rng.standard_normal(w_shape).astype(dtype)
        b = rng.standard_normal(w_shape[1] * p["groups"]).astype(dtype)
        want = tfn(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), p["stride"], p["padding"],
                   p["output_padding"], p["groups"], p["dilation"]).numpy()
        got = fn(x, w, b, p["stride"], p["padding"], p["output_padding"], p["groups"], p["dilation"])
        assert_allclose(got, want, **tol(dtype, w.shape[0] * np.prod(w.shape[2:])))
        # Unbatched input, as torch takes it too.
        got = fn(x[0], w, b, p["stride"], p["padding"], p["output_padding"], p["groups"], p["dilation"])
        assert_allclose(got, want[0], **tol(dtype, w.shape[0] * np.prod(w.shape[2:])))


def test_channels_last_vs_torch(rng):
    x = rng.standard_normal((2, 9, 11, 16)).astype(np.float32)   # NHWC
    w = rng.standard_normal((16, 8, 4, 4)).astype(np.float32)
    want = F.conv_transpose2d(torch.from_numpy(x).permute(0, 3, 1, 2), torch.from_numpy(w), stride=2, padding=1)
    got = resample.conv_transpose2d(x, w, stride=2, padding=1, layout="NHWC")
    assert got.shape == (2, 18, 22, 8)
    assert_allclose(got, want.permute(0, 2, 3, 1).numpy(), **tol(np.float32, 16 * 16))


@pytest.mark.parametrize("size", [(13, 13), (14, 14), (14, 13)])
def test_output_size_like_module(size, rng):
    layer = torch.nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, dtype=torch.float64)
    x = rng.standard_normal((1, 4, 7, 7))
    want = layer(torch.from_numpy(x), output_size=size).detach().numpy()
    got = resample.conv_transpose2d(x, layer.weight.detach().numpy(), layer.bias.detach().numpy(),
                                    stride=2, padding=1, output_size=size)
    assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_fcn_layers_vs_torch(rng):
    """The bench's FCN shapes, small batch: upscore2 and upscore8."""
    for shape, wshape, s in [((1, 21, 12, 12), (21, 21, 4, 4), 2), ((1, 21, 6, 7), (21, 21, 16, 16), 8)]:
        x = rng.standard_normal(shape).astype(np.float32)
        w = rng.standard_normal(wshape).astype(np.float32)
        want = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), stride=s).numpy()
        assert_allclose(resample.conv_transpose2d(x, w, stride=s), want, **tol(np.float32, 21 * 16))
