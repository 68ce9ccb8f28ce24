"""bilinear_kernel: FCN's upsampling filter, and the equivalence of a
transposed convolution with it to half-pixel bilinear upsampling
(align_corners=False) away from the borders."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import resample


def bilinear_upsample_ref(x, f):
    """Half-pixel bilinear upsampling by an integer factor along the last two
    axes: output o reads source (o + 0.5)/f - 0.5, clamped to the edge (what
    PyTorch's interpolate(..., mode="bilinear", align_corners=False) does)."""
    def axis_weights(n):
        src = np.clip((np.arange(n * f) + 0.5) / f - 0.5, 0, n - 1)
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, n - 1)
        frac = src - lo
        m = np.zeros((n * f, n))
        m[np.arange(n * f), lo] += 1 - frac
        m[np.arange(n * f), hi] += frac
        return m
    my, mx = axis_weights(x.shape[-2]), axis_weights(x.shape[-1])
    return np.einsum("oh,...hw,pw->...op", my, x, mx)


def fcn_upsample_filt(size):
    """FCN's surgery.upsample_filt, as published with the paper's code."""
    factor = (size + 1) // 2
    center = factor - 1 if size % 2 == 1 else factor - 0.5
    og = np.ogrid[:size, :size]
    return (1 - abs(og[0] - center) / factor) * (1 - abs(og[1] - center) / factor)


@pytest.mark.parametrize("factor", [1, 2, 3, 4, 5, 8, 32])
def test_matches_fcn_filter(factor):
    k = resample.bilinear_kernel(factor)
    assert k.shape == (2 * factor - factor % 2,) * 2 and k.dtype == np.float32
    assert_allclose(k, fcn_upsample_filt(k.shape[0]), rtol=1e-7)
    w = resample.bilinear_kernel(factor, channels=3, dtype=np.float64)
    assert w.shape == (3, 1) + k.shape and w.dtype == np.float64 and w.flags.c_contiguous
    assert_allclose(w[2, 0], fcn_upsample_filt(k.shape[0]))


@pytest.mark.parametrize("factor", [2, 3, 4, 8])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_equals_bilinear_away_from_borders(factor, layout, rng):
    x = rng.random((2, 3, 6, 7))
    w = resample.bilinear_kernel(factor, channels=3, dtype=np.float64)
    xin = np.moveaxis(x, 1, -1) if layout == "NHWC" else x
    y = resample.conv_transpose2d(xin, w, stride=factor, padding=factor // 2, groups=3, layout=layout)
    if layout == "NHWC":
        y = np.moveaxis(y, -1, 1)
    ref = bilinear_upsample_ref(x, factor)
    assert y.shape == ref.shape == (2, 3, 6 * factor, 7 * factor)
    b = factor // 2   # the border: outputs whose source position lies outside the input
    inner = (Ellipsis, slice(b, y.shape[-2] - b), slice(b, y.shape[-1] - b))
    assert_allclose(y[inner], ref[inner], rtol=1e-12, atol=1e-12)
    if b:
        # At the border the transposed convolution sees zeros beyond the
        # input, where bilinear clamps to the edge: a constant image darkens.
        ones = resample.conv_transpose2d(np.ones((3, 4, 4)), w, stride=factor, padding=factor // 2, groups=3)
        assert np.all(ones[:, :b, :] < 1) and np.all(ones[:, :, -b:] < 1)
        assert_allclose(ones[:, b:-b, b:-b], 1, rtol=1e-12)
        if factor == 2:
            assert_allclose(y[..., 0, 2:-2], 0.75 * ref[..., 0, 2:-2] + 0.25 * 0, rtol=1e-12)


def test_bilinear_kernel_preserves_dc_in_the_interior(rng):
    # Every output of the interior is a convex combination of inputs.
    for f in (2, 3, 4, 7):
        k = resample.bilinear_kernel(f, dtype=np.float64)
        for r in range(f):
            for c in range(f):
                assert_allclose(k[(r + f // 2) % f::f, (c + f // 2) % f::f].sum(), 1.0, rtol=1e-12)
