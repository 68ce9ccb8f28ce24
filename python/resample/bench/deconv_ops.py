"""Transposed convolution: the operation spec and how each contender runs it.

``DeconvSpec`` describes one conv_transpose call independent of any library; the
functions below turn it into a resample callable and into peer builders (see
``peers.Builder``). The weights are part of the case (made once, like a trained
layer's), so peers may prepare them at build time: onnxruntime holds them as an
initializer, which lets it pre-pack them outside the timed call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .peers import Builder, NotApplicable, Runner, TORCH, onnxruntime_session


@dataclass(frozen=True)
class DeconvSpec:
    label: str                     # what the layer is, e.g. "U-Net 2D"
    x_shape: tuple[int, ...]       # (N, C_in, *spatial)
    w_shape: tuple[int, ...]       # (C_in, C_out/groups, *kernel)
    stride: int
    padding: int = 0
    groups: int = 1

    @property
    def dims(self) -> int:
        return len(self.x_shape) - 2

    @property
    def out_shape(self) -> tuple[int, ...]:
        spatial = tuple((n - 1) * self.stride - 2 * self.padding + k
                        for n, k in zip(self.x_shape[2:], self.w_shape[2:]))
        return (self.x_shape[0], self.w_shape[1] * self.groups) + spatial

    @property
    def flops(self) -> int:
        """2 N C_in prod(input spatial) (C_out/groups) prod(k): one multiply-add
        per input element, output channel of its group, and tap."""
        return 2 * math.prod(self.x_shape) * self.w_shape[1] * math.prod(self.w_shape[2:])

    def bytes_moved(self, itemsize: int = 4) -> int:
        return itemsize * (math.prod(self.x_shape) + math.prod(self.w_shape) + math.prod(self.out_shape))

    def describe(self) -> str:
        text = (f"conv_transpose{self.dims}d {self.label} x{_shape(self.x_shape)} w{_shape(self.w_shape)} "
                f"s{self.stride}")
        if self.padding:
            text += f" p{self.padding}"
        if self.groups > 1:
            text += f" g{self.groups}"
        return text

    def make_weight(self) -> np.ndarray:
        # Scaled like a trained layer so that outputs stay O(1) whatever the depth.
        fan_in = self.w_shape[0] // self.groups * math.prod(self.w_shape[2:])
        rng = np.random.default_rng(1)
        return (rng.standard_normal(self.w_shape) / math.sqrt(fan_in)).astype(np.float32)


def _shape(shape) -> str:
    return "(" + ",".join(map(str, shape)) + ")"


def resample_runner(spec: DeconvSpec):
    weight = spec.make_weight()

    def run(x: np.ndarray) -> np.ndarray:
        import resample

        fn = getattr(resample, f"conv_transpose{spec.dims}d")
        return fn(x, weight, None, spec.stride, spec.padding, groups=spec.groups)
    return run


def torch_builder(spec: DeconvSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        torch = TORCH.module()
        import torch.nn.functional as F

        fn = getattr(F, f"conv_transpose{spec.dims}d")
        t, w = torch.from_numpy(x), torch.from_numpy(spec.make_weight())

        def run() -> np.ndarray:
            with torch.no_grad():
                return fn(t, w, None, spec.stride, spec.padding, 0, spec.groups).numpy()
        return run
    return build


def onnxruntime_builder(spec: DeconvSpec) -> Builder:
    def build(x: np.ndarray, threads: int) -> Runner:
        session = onnxruntime_session(_onnx_model(spec), threads)
        feed = {"x": x}
        return lambda: session.run(None, feed)[0]
    return build


def _onnx_model(spec: DeconvSpec) -> bytes:
    try:
        import onnx
        from onnx import helper, numpy_helper, TensorProto
    except ImportError as error:
        raise NotApplicable("the onnx package (to build the model) is not installed") from error
    dims = spec.dims
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], kernel_shape=list(spec.w_shape[2:]),
                            strides=[spec.stride] * dims, pads=[spec.padding] * (2 * dims), group=spec.groups)
    graph = helper.make_graph(
        [node], "conv_transpose",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(spec.x_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(spec.out_shape))],
        initializer=[numpy_helper.from_array(spec.make_weight(), "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model.SerializeToString()
