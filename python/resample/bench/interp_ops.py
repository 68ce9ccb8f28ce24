"""Interpolation (linear / bilinear / trilinear): the operation spec and how each contender runs it.

``InterpSpec`` describes one interpolation call independent of any library, with the
semantics of ``resample.linear|bilinear|trilinear`` (see the interpolation spec): output
length floor(L * scale) with the given scale used in the coordinate transform, or a
given size with scale = out / in; half-pixel centres (PyTorch align_corners=False, ONNX
"half_pixel") or align_corners=True; no antialias. The builders below turn it into a
resample callable and into peer builders (see ``peers.Builder``); a peer that cannot do
the operation with exactly these semantics raises ``NotApplicable`` saying why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .peers import Builder, NotApplicable, ONNXRUNTIME, OPENCV, Runner, TORCH, onnxruntime_session

MODES = {1: "linear", 2: "bilinear", 3: "trilinear"}
CHANNELS_FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
CHANNELS_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


@dataclass(frozen=True)
class InterpSpec:
    mode: str                              # "linear", "bilinear" or "trilinear"
    rank: int                              # number of spatial axes: 1, 2 or 3
    scale: tuple[float, ...] | None        # per spatial axis; exactly one of scale, size
    size: tuple[int, ...] | None
    align_corners: bool = False
    layout: str = "NCHW"                   # channels first (NCW/NCHW/NCDHW) or last (N..C)
    dtype: str = "float32"                 # "float32", "float64" or "uint8"

    @classmethod
    def make(cls, mode: str, scale=None, *, size=None, align_corners=False, layout=None,
             dtype="float32") -> "InterpSpec":
        rank = {m: r for r, m in MODES.items()}.get(mode)
        if rank is None:
            raise ValueError(f"unknown interpolation mode {mode!r}")
        if (scale is None) == (size is None):
            raise ValueError("exactly one of scale and size")
        if scale is not None:
            scale = tuple(float(s) for s in scale) if isinstance(scale, (tuple, list)) \
                else (float(scale),) * rank
        if size is not None:
            size = tuple(int(s) for s in size) if isinstance(size, (tuple, list)) else (int(size),) * rank
        if len(scale or size) != rank:
            raise ValueError(f"{mode}: scale/size needs {rank} entries")
        layout = layout or CHANNELS_FIRST[rank]
        if layout not in (CHANNELS_FIRST[rank], CHANNELS_LAST[rank]):
            raise ValueError(f"{mode}: layout {layout!r}")
        return cls(mode, rank, scale, size, bool(align_corners), layout, np.dtype(dtype).name)

    @property
    def channels_last(self) -> bool:
        return self.layout == CHANNELS_LAST[self.rank]

    def spatial_axes(self, ndim: int) -> tuple[int, ...]:
        """The spatial axes of an ndim-dimensional input (batch axes are optional)."""
        last = ndim - 1 if self.channels_last else ndim
        if last - self.rank < 0:
            raise ValueError(f"{self.mode} {self.layout}: input needs at least "
                             f"{self.rank + self.channels_last} dims, got {ndim}")
        return tuple(range(last - self.rank, last))

    def describe(self) -> str:
        if self.scale is not None:
            how = "x" + (_number(self.scale[0]) if len(set(self.scale)) == 1
                         else "(" + ",".join(map(_number, self.scale)) + ")")
        else:
            how = "to " + "x".join(map(str, self.size))
        return f"{self.mode} {how}" + (" align_corners" if self.align_corners else "")

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        shape = list(input_shape)
        for i, axis in enumerate(self.spatial_axes(len(input_shape))):
            if self.size is not None:
                shape[axis] = self.size[i]
            else:
                shape[axis] = math.floor(input_shape[axis] * self.scale[i])   # float64
                if shape[axis] < 1:
                    raise ValueError(f"{self.describe()}: output length 0 on axis {axis}")
        return tuple(shape)

    def coordinate_scales(self, input_shape: tuple[int, ...]) -> tuple[float, ...]:
        """The scale s of the coordinate formulas per spatial axis: given, or out / in."""
        if self.scale is not None:
            return self.scale
        axes = self.spatial_axes(len(input_shape))
        return tuple(o / input_shape[a] for o, a in zip(self.size, axes))

    def integral_scale(self, input_shape: tuple[int, ...]) -> bool:
        """Whether the given scale equals out / in on every axis (always true with size)."""
        if self.scale is None:
            return True
        out = self.output_shape(input_shape)
        return all(out[a] / input_shape[a] == s
                   for a, s in zip(self.spatial_axes(len(input_shape)), self.scale))


def _number(value: float) -> str:
    return f"{value:g}"


def _split(spec: InterpSpec, shape: tuple[int, ...]):
    """(batch, spatial, channels) of shape; channels is None when channels first."""
    axes = spec.spatial_axes(len(shape))
    batch = math.prod(shape[:axes[0]])
    spatial = tuple(shape[a] for a in axes)
    channels = shape[-1] if spec.channels_last else None
    return batch, spatial, channels


# --- resample ---------------------------------------------------------------------

def resample_runner(spec: InterpSpec):
    """Callable x -> result with resample; resample allocates the output (no out=)."""
    options = dict(align_corners=spec.align_corners, layout=spec.layout)
    if spec.size is not None:
        options["size"] = spec.size
    scale = spec.scale if spec.scale is None or len(set(spec.scale)) > 1 else spec.scale[0]

    def run(x: np.ndarray) -> np.ndarray:
        # Looked up at call time: the case table is built before resample is imported.
        import resample

        return getattr(resample, spec.mode)(x, scale, **options)
    return run


# --- NumPy: the formulas, vectorised (a correctness peer, not a bar peer) ----------

def numpy_builder(spec: InterpSpec) -> Builder:
    """Separable: per spatial axis, gather the two neighbours and blend them.

    Coordinates and weights in float64, rounded to the compute type (float32 for
    float32 and uint8, float64 for float64); uint8 is rounded half up and saturated at
    the end. Single-threaded.
    """
    def build(x: np.ndarray, threads: int) -> Runner:
        return lambda: numpy_interp(spec, x)
    return build


def numpy_interp(spec: InterpSpec, x: np.ndarray) -> np.ndarray:
    compute = np.float64 if x.dtype == np.float64 else np.float32
    out_shape = spec.output_shape(x.shape)
    scales = spec.coordinate_scales(x.shape)
    y = x.astype(compute, copy=False)
    for i, axis in enumerate(spec.spatial_axes(x.ndim)):
        i0, i1, w0, w1 = _axis_taps(x.shape[axis], out_shape[axis], scales[i],
                                    spec.align_corners, compute)
        bshape = [1] * x.ndim
        bshape[axis] = -1
        y = np.take(y, i0, axis=axis) * w0.reshape(bshape) + np.take(y, i1, axis=axis) * w1.reshape(bshape)
    if x.dtype == np.uint8:
        y = np.clip(np.floor(y + compute(0.5)), 0, 255).astype(np.uint8)
    return y


def _axis_taps(in_len: int, out_len: int, s: float, align_corners: bool, compute):
    o = np.arange(out_len, dtype=np.float64)
    if align_corners:
        src = o * (in_len - 1) / (out_len - 1) if out_len > 1 else np.zeros(out_len)
    else:
        src = (o + 0.5) / s - 0.5
    src = np.clip(src, 0.0, in_len - 1)
    i0 = np.floor(src).astype(np.intp)
    i1 = np.minimum(i0 + 1, in_len - 1)
    lam = src - i0
    return i0, i1, (1.0 - lam).astype(compute), lam.astype(compute)


# --- PyTorch ----------------------------------------------------------------------

def torch_builder(spec: InterpSpec) -> Builder:
    """F.interpolate on an (N, C, *spatial) tensor.

    Channels-last data is handed over as a permuted view, which is a channels_last
    (channels_last_3d) tensor for 2-D (3-D), so PyTorch takes its channels-last kernel.
    Other batch-axis counts are reshaped (a view for contiguous input) to one N axis.
    The scale is passed as scale_factor (used in the coordinates, as the spec says:
    recompute_scale_factor unset), the size as size.
    """
    def build(x: np.ndarray, threads: int) -> Runner:
        torch = TORCH.module()
        import torch.nn.functional as F

        if x.dtype == np.uint8 and spec.rank != 2:
            # PyTorch's uint8 support is the bilinear image path only.
            raise NotApplicable(f"PyTorch has no uint8 {spec.mode} interpolation")
        out_shape = spec.output_shape(x.shape)
        batch, spatial, channels = _split(spec, x.shape)
        if spec.channels_last:
            t = torch.from_numpy(x.reshape(batch, *spatial, channels))
            t = t.permute(0, spec.rank + 1, *range(1, spec.rank + 1))
            to_layout = (0, *range(2, spec.rank + 2), 1)
        else:
            first = x.ndim - spec.rank
            lead = x.shape[:first] if first == 2 else (1, batch)
            t = torch.from_numpy(x.reshape(*lead, *spatial))
            to_layout = None
        args = dict(mode=spec.mode, align_corners=spec.align_corners)
        if spec.size is not None:
            args["size"] = spec.size
        else:
            args["scale_factor"] = spec.scale

        def run() -> np.ndarray:
            y = F.interpolate(t, **args)
            # Back to the input's layout and shape as a view (no copy) for the check.
            return (y.permute(*to_layout) if to_layout else y).numpy().reshape(out_shape)
        return run
    return build


# --- onnxruntime ------------------------------------------------------------------

def onnxruntime_builder(spec: InterpSpec) -> Builder:
    """ONNX Resize, mode linear, coordinate_transformation_mode half_pixel or
    align_corners (the same formulas as the spec), scales or sizes as given.

    The input is reshaped (a view) to (N, C, *spatial) or (N, *spatial, C) with scale 1
    on N and C, which onnxruntime runs with its (N)CHW or NHWC kernels; a 1-D case is
    given a unit H axis (scale 1 with half_pixel maps every row to itself).
    """
    def build(x: np.ndarray, threads: int) -> Runner:
        ONNXRUNTIME.module()  # raises "not installed" before any work
        out_shape = spec.output_shape(x.shape)
        batch, spatial, channels = _split(spec, x.shape)
        scales = list(spec.scale) if spec.scale is not None else None
        sizes = list(out_shape[a] for a in spec.spatial_axes(x.ndim))
        if spec.rank == 1:
            spatial, sizes = (1, *spatial), [1, *sizes]
            scales = [1.0, *scales] if scales is not None else None
        if spec.channels_last:
            if spec.rank == 3:
                raise NotApplicable("onnxruntime's linear Resize has no channels-last 3-D kernel")
            in_shape = (batch, *spatial, channels)
            scales = [1.0, *scales, 1.0] if scales is not None else None
            sizes = [batch, *sizes, channels]
        else:
            first = x.ndim - spec.rank
            lead = x.shape[:first] if first == 2 else (1, batch)
            in_shape = (*lead, *spatial)
            scales = [1.0, 1.0, *scales] if scales is not None else None
            sizes = [*lead, *sizes]
        if scales is not None and any(np.float32(s) != s for s in scales):
            raise NotApplicable("ONNX Resize scales are float32; this scale is not exact in float32")
        xs = x.reshape(in_shape)
        model = _onnx_resize_model(spec, xs, scales, sizes, sizes)
        try:
            session = onnxruntime_session(model, threads)
        except Exception as error:  # noqa: BLE001 - onnxruntime raises its own types
            if "NOT_IMPLEMENTED" in str(error):
                raise NotApplicable(f"onnxruntime has no CPU Resize kernel for {x.dtype} "
                                    "with these attributes") from error
            raise
        feed = {"x": xs}
        return lambda: session.run(None, feed)[0].reshape(out_shape)
    return build


def _onnx_resize_model(spec: InterpSpec, x: np.ndarray, scales, sizes, out_shape) -> bytes:
    try:
        import onnx
        from onnx import helper, numpy_helper, TensorProto
    except ImportError as error:
        raise NotApplicable("the onnx package (to build the model) is not installed") from error

    elem = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.float64): TensorProto.DOUBLE,
            np.dtype(np.uint8): TensorProto.UINT8}[x.dtype]
    if scales is not None:
        inputs = ["x", "", "scales"]
        init = [numpy_helper.from_array(np.array(scales, dtype=np.float32), "scales")]
    else:
        inputs = ["x", "", "", "sizes"]
        init = [numpy_helper.from_array(np.array(sizes, dtype=np.int64), "sizes")]
    mode = "align_corners" if spec.align_corners else "half_pixel"
    node = helper.make_node("Resize", inputs, ["y"], mode="linear",
                            coordinate_transformation_mode=mode)
    graph = helper.make_graph(
        [node], "resize",
        [helper.make_tensor_value_info("x", elem, list(x.shape))],
        [helper.make_tensor_value_info("y", elem, list(out_shape))], initializer=init)
    # Opset 19 and IR 9, as for pooling.
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model.SerializeToString()


# --- OpenCV -----------------------------------------------------------------------

# cv2.resize handles at most this many channels per pixel (CV_CN_MAX).
_CV_CN_MAX = 512


def opencv_builder(spec: InterpSpec) -> Builder:
    """cv2.resize with INTER_LINEAR: half-pixel bilinear, coordinates from dsize / src size.

    * 2-D channels last: each (H, W, C) image of the batch is one call (C <= 512).
    * 2-D channels first: each (H, W) plane is one single-channel call (OpenCV has no
      planar multi-channel images). Batched calls write into one fresh output array.
    * 1-D: one call on the (B, W[, C]) array seen as an image of B rows, height kept
      (with half-pixel centres a scale of 1 maps each row to itself).
    * Not: align_corners (INTER_LINEAR is half-pixel only), 3-D (no volume resize), a
      scale that is not out / in (OpenCV derives it from dsize, or rounds fx*W).
    For an exact 2x downscale OpenCV's INTER_LINEAR switches to INTER_AREA, which is the
    same 2x2 mean as half-pixel bilinear there.
    """
    def build(x: np.ndarray, threads: int) -> Runner:
        cv2 = OPENCV.module()
        if spec.align_corners:
            raise NotApplicable("OpenCV INTER_LINEAR is half-pixel only (no align_corners)")
        if spec.rank == 3:
            raise NotApplicable("OpenCV has no 3-D (volume) resize")
        if x.dtype not in (np.uint8, np.float32, np.float64):
            raise NotApplicable(f"OpenCV resize does not take {x.dtype}")
        if not spec.integral_scale(x.shape):
            raise NotApplicable("OpenCV takes its scale from dsize / src size, not the given scale")
        out_shape = spec.output_shape(x.shape)
        batch, spatial, channels = _split(spec, x.shape)
        out_spatial = tuple(out_shape[a] for a in spec.spatial_axes(x.ndim))
        if channels is not None and channels > _CV_CN_MAX:
            raise NotApplicable(f"OpenCV images have at most {_CV_CN_MAX} channels")
        flags = cv2.INTER_LINEAR
        pixel = (channels,) if channels is not None else ()

        if spec.rank == 1:
            image = np.ascontiguousarray(x.reshape(batch, spatial[0], *pixel))
            dsize = (out_spatial[0], batch)
            return lambda: cv2.resize(image, dsize, interpolation=flags).reshape(out_shape)

        (h, w), (oh, ow) = spatial, out_spatial
        images = np.ascontiguousarray(x.reshape(batch, h, w, *pixel))
        if batch == 1:
            image = images[0]
            return lambda: cv2.resize(image, (ow, oh), interpolation=flags).reshape(out_shape)
        batch_shape = (batch, oh, ow, *pixel)

        def run() -> np.ndarray:
            # A fresh output per call, as every other contender allocates its result.
            out = np.empty(batch_shape, dtype=x.dtype)
            for i in range(batch):
                cv2.resize(images[i], (ow, oh), dst=out[i], interpolation=flags)
            return out.reshape(out_shape)
        # OpenCV writes into dst only when its shape and type fit; check once here.
        probe = np.empty(batch_shape[1:], dtype=x.dtype)
        if not np.shares_memory(cv2.resize(images[0], (ow, oh), dst=probe, interpolation=flags), probe):
            raise NotApplicable("cv2.resize did not write into the given output")
        return run
    return build
