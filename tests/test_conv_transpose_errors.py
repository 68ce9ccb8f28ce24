"""Every validation rule of conv_transpose*d and bilinear_kernel: the right
exception type, and a message that names the parameter."""

import numpy as np
import pytest

import resample

X = np.zeros((1, 4, 5, 5), np.float32)
W = np.zeros((4, 3, 3, 3), np.float32)


@pytest.mark.parametrize("kwargs, match", [
    (dict(stride=0), "stride"),
    (dict(stride=(1, -2)), "stride"),
    (dict(dilation=0), "dilation"),
    (dict(padding=-1), "padding"),
    (dict(output_padding=-1), "output_padding"),
    (dict(output_padding=2, stride=2), "output_padding must be smaller than either stride or dilation"),
    (dict(output_padding=1), "output_padding must be smaller"),
    (dict(groups=0), "groups"),
    (dict(groups=3), "divisible by groups"),
    (dict(padding=5), "output size .* must be positive"),
    (dict(stride=(1, 2, 3)), "stride"),
    (dict(layout="NCWH"), "layout"),
    (dict(output_size=(30, 30)), "output_size"),
])
def test_value_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        resample.conv_transpose2d(X, W, **kwargs)


@pytest.mark.parametrize("args, kwargs, match", [
    ((np.zeros((1, 5, 5, 5), np.float32), W), {}, "input channels"),
    ((X, np.zeros((4, 3, 3), np.float32)), {}, "weight must have shape"),
    ((X, W, np.zeros(4, np.float32)), {}, "bias must have shape"),
    ((np.zeros((5, 5), np.float32), W), {}, "x must have shape"),
    ((np.zeros((1, 1, 4, 5, 5), np.float32), W), {}, "x must have shape"),
    ((np.zeros((1, 5, 5, 3), np.float32), W), dict(layout="NHWC"), "input channels"),
    ((X, np.zeros((4, 3, 0, 3), np.float32)), {}, "kernel"),
])
def test_shape_errors(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        resample.conv_transpose2d(*args, **kwargs)


@pytest.mark.parametrize("args, kwargs, match", [
    ((X.astype(np.int32), W), {}, "x must have dtype"),
    ((X.astype(np.complex64), W), {}, "x must have dtype"),
    ((X.astype(np.float16), W), {}, "weight must have the dtype of x"),
    ((X, W.astype(np.float64)), {}, "weight must have the dtype of x"),
    ((X, W, np.zeros(3, np.float64)), {}, "bias must have the dtype of x"),
    ((X, W), dict(stride=1.5), "stride must be an int"),
    ((X, W), dict(groups=1.0), "groups must be an int"),
    ((X, W), dict(out=[0.0]), "out must be a numpy.ndarray"),
    ((X, W), dict(output_size="big"), "output_size"),
])
def test_type_errors(args, kwargs, match):
    with pytest.raises(TypeError, match=match):
        resample.conv_transpose2d(*args, **kwargs)


def _read_only():
    out = np.zeros((1, 3, 7, 7), np.float32)
    out.setflags(write=False)
    return out


@pytest.mark.parametrize("out, match", [
    (np.zeros((1, 3, 7, 8), np.float32), "shape"),
    (np.zeros((3, 7, 7), np.float32), "shape"),
    (np.zeros((1, 3, 7, 7), np.float64), "dtype"),
    (_read_only(), "writable"),
])
def test_bad_out(out, match):
    with pytest.raises(ValueError, match=match):
        resample.conv_transpose2d(X, W, out=out)


def test_out_must_not_overlap_input():
    buf = np.zeros((1, 4, 7, 7), np.float32)
    with pytest.raises(ValueError, match="overlap"):
        resample.conv_transpose2d(buf[:, :, :5, :5], W, out=buf[:, :3])


def test_errors_name_the_operator():
    with pytest.raises(ValueError, match="conv_transpose1d"):
        resample.conv_transpose1d(np.zeros((1, 2, 3), np.float32), np.zeros((2, 2, 3), np.float32), stride=0)
    with pytest.raises(ValueError, match="conv_transpose3d"):
        resample.conv_transpose3d(np.zeros((1, 2, 3, 3, 3), np.float32), np.zeros((3, 2, 1, 1, 1), np.float32))


@pytest.mark.parametrize("args, kwargs, exc, match", [
    ((0,), {}, ValueError, "factor"),
    ((2.0,), {}, TypeError, "factor"),
    ((2,), dict(channels=0), ValueError, "channels"),
    ((2,), dict(dtype=np.int32), TypeError, "dtype"),
    ((2,), dict(dtype="nonsense"), TypeError, "dtype"),
])
def test_bilinear_kernel_errors(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        resample.bilinear_kernel(*args, **kwargs)
