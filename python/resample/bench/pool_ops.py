"""Pooling: the operation spec and how each contender runs it.

``PoolSpec`` describes one pooling call independent of any library; the functions below
turn it into a resample callable and into peer builders (see ``peers.Builder``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .peers import Builder, NotApplicable, Runner, TORCH, onnxruntime_session


def _tuple(value, dims: int) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * dims


@dataclass(frozen=True)
class PoolSpec:
    kind: str                  # "max" or "avg"
    dims: int                  # number of spatial dims: 2 or 3
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    ceil_mode: bool = False
    count_include_pad: bool = True   # avg only
    divisor_override: int | None = None  # avg only
    channels_last: bool = False      # NHWC / NDHWC instead of NCHW / NCDHW

    @classmethod
    def make(cls, kind, dims, kernel, stride=None, padding=0, dilation=1, *, ceil_mode=False,
             count_include_pad=True, divisor_override=None, channels_last=False) -> "PoolSpec":
        kernel = _tuple(kernel, dims)
        return cls(kind, dims, kernel, _tuple(stride, dims) if stride is not None else kernel,
                   _tuple(padding, dims), _tuple(dilation, dims), ceil_mode, count_include_pad,
                   divisor_override, channels_last)

    @property
    def layout(self) -> str:
        spatial = "DHW"[-self.dims:]
        return "N" + spatial + "C" if self.channels_last else "NC" + spatial

    @property
    def spatial_axes(self) -> tuple[int, ...]:
        first = 1 if self.channels_last else 2
        return tuple(range(first, first + self.dims))

    def describe(self) -> str:
        parts = [f"k{_short(self.kernel)}", f"s{_short(self.stride)}"]
        if any(self.padding):
            parts.append(f"p{_short(self.padding)}")
        if any(d != 1 for d in self.dilation):
            parts.append(f"d{_short(self.dilation)}")
        if self.ceil_mode:
            parts.append("ceil")
        if self.kind == "avg" and not self.count_include_pad:
            parts.append("count_include_pad=False")
        if self.divisor_override is not None:
            parts.append(f"divisor={self.divisor_override}")
        return f"{self.kind}_pool{self.dims}d " + " ".join(parts)

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """PyTorch's output-size rule (including the ceil_mode clamp)."""
        shape = list(input_shape)
        for i, axis in enumerate(self.spatial_axes):
            k, s, p, d = self.kernel[i], self.stride[i], self.padding[i], self.dilation[i]
            span = input_shape[axis] + 2 * p - d * (k - 1) - 1
            size = (math.ceil(span / s) if self.ceil_mode else span // s) + 1
            # With ceil_mode the last window must start inside the input or left padding.
            if self.ceil_mode and (size - 1) * s >= input_shape[axis] + p:
                size -= 1
            shape[axis] = size
        return tuple(shape)


def _short(values: tuple[int, ...]) -> str:
    return str(values[0]) if len(set(values)) == 1 else "x".join(map(str, values))


# --- resample ---------------------------------------------------------------------

def resample_runner(spec: PoolSpec):
    """Callable x -> result with resample; resample allocates the output (no out=)."""
    options = dict(stride=spec.stride, padding=spec.padding, dilation=spec.dilation,
                   ceil_mode=spec.ceil_mode, layout=spec.layout)
    if spec.kind == "avg":
        options.update(count_include_pad=spec.count_include_pad,
                       divisor_override=spec.divisor_override)

    def run(x: np.ndarray) -> np.ndarray:
        # Looked up at call time: the case table is built before resample is imported.
        import resample

        return getattr(resample, f"{spec.kind}_pool{spec.dims}d")(x, spec.kernel, **options)
    return run


# --- NumPy: what a NumPy user would write ------------------------------------------

def numpy_builder(spec: PoolSpec) -> Builder:
    """Vectorised NumPy: pad, take a strided sliding-window view, reduce the windows.

    Single-threaded whatever the thread count (NumPy reductions do not parallelise).
    """
    def build(x: np.ndarray, threads: int) -> Runner:
        if spec.ceil_mode:
            # Windows running past the padded edge need per-window divisors; a NumPy user
            # would not write this, and it is not in the case table.
            raise NotApplicable("ceil_mode not implemented in the NumPy peer")
        return lambda: _numpy_pool(spec, x)
    return build


def _numpy_pool(spec: PoolSpec, x: np.ndarray) -> np.ndarray:
    window_axes = tuple(range(-spec.dims, 0))   # sliding_window_view appends window dims
    pad_value = -np.inf if spec.kind == "max" else 0.0
    windows = _pooling_windows(spec, x, spec.spatial_axes, pad_value)
    if spec.kind == "max":
        return windows.max(axis=window_axes)
    total = windows.sum(axis=window_axes, dtype=np.float32)
    if spec.divisor_override is not None:
        divisor = np.float32(spec.divisor_override)
    elif spec.count_include_pad:
        divisor = np.float32(math.prod(spec.kernel))
    else:
        # The number of real (non-padding) elements of each window: pool ones the same way.
        ones = np.ones([x.shape[a] for a in spec.spatial_axes], dtype=np.float32)
        divisor = _pooling_windows(spec, ones, tuple(range(spec.dims)), 0.0).sum(axis=window_axes)
        if spec.channels_last:
            divisor = divisor[..., np.newaxis]   # broadcast over the trailing C axis
    return total / divisor


def _pooling_windows(spec: PoolSpec, a: np.ndarray, axes: tuple[int, ...], pad_value: float):
    """Strided view: a's pooled positions followed by one trailing axis per kernel dim."""
    from numpy.lib.stride_tricks import sliding_window_view

    if any(spec.padding):
        widths = [(0, 0)] * a.ndim
        for axis, p in zip(axes, spec.padding):
            widths[axis] = (p, p)
        a = np.pad(a, widths, constant_values=pad_value)
    spans = tuple(d * (k - 1) + 1 for k, d in zip(spec.kernel, spec.dilation))
    view = sliding_window_view(a, spans, axis=axes)
    # Step by the stride over window positions and by the dilation inside each window.
    index = [slice(None)] * view.ndim
    for i, axis in enumerate(axes):
        index[axis] = slice(None, None, spec.stride[i])
        index[a.ndim + i] = slice(None, None, spec.dilation[i])
    return view[tuple(index)]


# --- PyTorch ----------------------------------------------------------------------

def torch_builder(spec: PoolSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        torch = TORCH.module()
        import torch.nn.functional as F

        t = torch.from_numpy(x)
        if spec.channels_last:
            # A permuted NHWC array is a channels_last tensor, so PyTorch takes its
            # channels-last kernel: the natural way to hand it NHWC data.
            t = t.permute(0, spec.dims + 1, *range(1, spec.dims + 1))
        fn = getattr(F, f"{spec.kind}_pool{spec.dims}d")
        if spec.kind == "max":
            args = dict(kernel_size=spec.kernel, stride=spec.stride, padding=spec.padding,
                        dilation=spec.dilation, ceil_mode=spec.ceil_mode)
        else:
            if any(d != 1 for d in spec.dilation):
                raise NotApplicable("PyTorch avg_pool has no dilation")
            args = dict(kernel_size=spec.kernel, stride=spec.stride, padding=spec.padding,
                        ceil_mode=spec.ceil_mode, count_include_pad=spec.count_include_pad,
                        divisor_override=spec.divisor_override)
        to_layout = (0, *range(2, spec.dims + 2), 1) if spec.channels_last else None

        def run() -> np.ndarray:
            y = fn(t, **args)
            # Back to the input's layout as a view (no copy) for the result check.
            return (y.permute(*to_layout) if to_layout else y).numpy()
        return run
    return build


# --- onnxruntime ------------------------------------------------------------------

def onnxruntime_builder(spec: PoolSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        if spec.channels_last:
            raise NotApplicable("ONNX pooling is channels-first only")
        if spec.divisor_override is not None:
            raise NotApplicable("ONNX AveragePool has no divisor_override")
        session = onnxruntime_session(_onnx_pool_model(spec, x.shape, spec.output_shape(x.shape)), threads)
        feed = {"x": x}
        return lambda: session.run(None, feed)[0]
    return build


def _onnx_pool_model(spec: PoolSpec, in_shape, out_shape) -> bytes:
    try:
        import onnx
        from onnx import helper, TensorProto
    except ImportError as error:
        raise NotApplicable("the onnx package (to build the model) is not installed") from error

    attributes = dict(kernel_shape=list(spec.kernel), strides=list(spec.stride),
                      pads=list(spec.padding) * 2,  # all begins, then all ends
                      dilations=list(spec.dilation), ceil_mode=int(spec.ceil_mode))
    if spec.kind == "max":
        op = "MaxPool"
    else:
        op = "AveragePool"
        attributes["count_include_pad"] = int(spec.count_include_pad)
    node = helper.make_node(op, ["x"], ["y"], **attributes)
    graph = helper.make_graph(
        [node], "pool",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(in_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(out_shape))])
    # Opset 19: the first with dilations on AveragePool; IR 9 is its matching version
    # and is read by every onnxruntime recent enough to run opset 19.
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model.SerializeToString()


# --- OpenCV -----------------------------------------------------------------------

def opencv_builder(spec: PoolSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        raise NotApplicable("OpenCV has no pooling operator")
    return build
