"""Anything NumPy can view is accepted (buffer protocol, __array__, nested
lists), and the result is always a NumPy array."""
import array

import numpy as np
import pytest

import resample

OPERATORS = {
    "max_pool1d": lambda x: resample.max_pool1d(x, 2),
    "avg_pool1d": lambda x: resample.avg_pool1d(x, 2),
    "linear": lambda x: resample.linear(x, 2.0),
    "nearest": lambda x: resample.nearest(x, (2.0,)),
}


class HasArray:
    """An object exposing only __array__ (like many tensor and image types)."""

    def __init__(self, a):
        self._a = a

    def __array__(self, dtype=None, copy=None):
        return self._a if dtype is None else self._a.astype(dtype)


def _variants():
    values = np.arange(8, dtype=np.float32).reshape(1, 8) * 0.5
    yield "ndarray", values
    yield "nested list", [[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]]  # float64 after asarray
    yield "array.array", np.frombuffer(array.array("f", values.ravel()), np.float32).reshape(1, 8)
    yield "memoryview", memoryview(values)
    yield "bytearray buffer", np.frombuffer(bytearray(values.tobytes()), np.float32).reshape(1, 8)
    yield "__array__", HasArray(values)


@pytest.mark.parametrize("op", list(OPERATORS))
@pytest.mark.parametrize("name,x", list(_variants()), ids=[n for n, _ in _variants()])
def test_array_likes_give_numpy_results(op, name, x):
    got = OPERATORS[op](x)
    assert type(got) is np.ndarray
    want = OPERATORS[op](np.asarray(x))
    np.testing.assert_array_equal(got, want)


def test_a_torch_cpu_tensor_is_viewed_not_required():
    torch = pytest.importorskip("torch")
    t = torch.arange(2 * 3 * 8 * 8, dtype=torch.float32).reshape(2, 3, 8, 8)
    got = resample.bilinear(t, 2.0)
    assert type(got) is np.ndarray
    np.testing.assert_array_equal(got, resample.bilinear(t.numpy(), 2.0))
    w = resample.bilinear_kernel(2, channels=3)
    up = resample.conv_transpose2d(t, torch.from_numpy(w), stride=2, padding=1, groups=3)
    assert type(up) is np.ndarray and up.shape == (2, 3, 16, 16)


def test_unsupported_dtype_lists_the_supported_ones():
    with pytest.raises(TypeError, match=r"float32.*float64.*got int64"):
        resample.avg_pool2d(np.zeros((4, 4), np.int64), 2)
    with pytest.raises(TypeError, match=r"float32.*float64.*uint8.*got complex64"):
        resample.bilinear(np.zeros((4, 4), np.complex64), 2.0)
