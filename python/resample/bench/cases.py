"""The case table.

A case is everything the runner needs to benchmark one operation on one input: a name,
an input maker, the resample callable, the bytes the operation must move at least, and
one builder per peer. Adding an operator (interpolation, transposed convolution) means
writing its adapters next to ``pool_ops.py`` and appending entries here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from . import adaptive_ops, deconv_ops, interp_ops, pool_ops
from .peers import Builder, NUMPY, ONNXRUNTIME, OPENCV, TORCH


@dataclass(frozen=True)
class Case:
    name: str
    make_input: Callable[[], np.ndarray]
    run_resample: Callable[[np.ndarray], np.ndarray]
    # Input bytes read + output bytes written: the least traffic any implementation
    # needs, hence the basis of GB/s and of the roofline.
    bytes_moved: int
    peers: Mapping[str, Builder] = field(default_factory=dict)
    # Tolerances of the result check against the reference peer. Max pooling must be
    # exact; averaging may differ in the order of the additions. Interpolation: see
    # interp_case (uint8 results within 1).
    rtol: float = 1e-5
    atol: float = 1e-6
    # Floating-point operations the case needs (0: memory-bound, no compute
    # roofline). With it, the roofline is the larger of bytes / bandwidth and
    # flops / FMA peak.
    flops: int = 0


def random_input(shape: tuple[int, ...], seed: int = 0) -> Callable[[], np.ndarray]:
    return lambda: np.random.default_rng(seed).standard_normal(shape, dtype=np.float32)


def pool_case(shape: tuple[int, ...], kind: str, kernel, stride=None, padding=0, **options) -> Case:
    dims = len(shape) - 2
    spec = pool_ops.PoolSpec.make(kind, dims, kernel, stride, padding, **options)
    itemsize = np.dtype(np.float32).itemsize
    bytes_moved = itemsize * (math.prod(shape) + math.prod(spec.output_shape(shape)))
    shape_text = "(" + ",".join(map(str, shape)) + ")"
    return Case(
        name=f"{spec.describe()} on {shape_text} {spec.layout}",
        make_input=random_input(shape),
        run_resample=pool_ops.resample_runner(spec),
        bytes_moved=bytes_moved,
        peers={
            TORCH.name: pool_ops.torch_builder(spec),
            ONNXRUNTIME.name: pool_ops.onnxruntime_builder(spec),
            OPENCV.name: pool_ops.opencv_builder(spec),
            NUMPY.name: pool_ops.numpy_builder(spec),
        },
    )


def random_image(shape: tuple[int, ...], seed: int = 0) -> Callable[[], np.ndarray]:
    return lambda: np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def interp_case(shape: tuple[int, ...], mode: str, scale=None, *, size=None,
                align_corners=False, layout=None, dtype="float32") -> Case:
    spec = interp_ops.InterpSpec.make(mode, scale, size=size, align_corners=align_corners,
                                      layout=layout, dtype=dtype)
    itemsize = np.dtype(spec.dtype).itemsize
    bytes_moved = itemsize * (math.prod(shape) + math.prod(spec.output_shape(shape)))
    shape_text = "(" + ",".join(map(str, shape)) + ")"
    if spec.dtype == "uint8":
        # Libraries round uint8 differently (fixed point, truncation, half up): within 1.
        make_input, tolerances = random_image(shape), dict(rtol=0.0, atol=1.0)
    else:
        # Peers compute source positions in float32. Half-pixel with power-of-two scales
        # is exact; with align_corners a position near 111 is off by up to half an ulp
        # (4e-6), times neighbour differences of a few units of the N(0, 1) input: up
        # to 4e-5 seen. A wrong tap is off by O(1).
        atol = 1e-4 if spec.align_corners else 1e-5
        make_input, tolerances = random_input(shape), dict(rtol=1e-5, atol=atol)
    return Case(
        name=f"{spec.describe()} on {shape_text} {spec.layout} {spec.dtype}",
        make_input=make_input,
        run_resample=interp_ops.resample_runner(spec),
        bytes_moved=bytes_moved,
        peers={
            TORCH.name: interp_ops.torch_builder(spec),
            ONNXRUNTIME.name: interp_ops.onnxruntime_builder(spec),
            OPENCV.name: interp_ops.opencv_builder(spec),
            NUMPY.name: interp_ops.numpy_builder(spec),
        },
        **tolerances,
    )


def deconv_case(spec: deconv_ops.DeconvSpec) -> Case:
    return Case(
        name=spec.describe(),
        make_input=random_input(spec.x_shape),
        run_resample=deconv_ops.resample_runner(spec),
        bytes_moved=spec.bytes_moved(),
        peers={
            TORCH.name: deconv_ops.torch_builder(spec),
            ONNXRUNTIME.name: deconv_ops.onnxruntime_builder(spec),
        },
        # Sums of hundreds to thousands of float32 products, in another order
        # than PyTorch's: relative errors of a few 1e-6, more near zero outputs.
        rtol=1e-4, atol=1e-4,
        flops=spec.flops,
    )


def adaptive_case(spec: adaptive_ops.AdaptiveSpec) -> Case:
    return Case(
        name=spec.describe(),
        make_input=random_input(spec.x_shape),
        run_resample=adaptive_ops.adaptive_resample_runner(spec),
        bytes_moved=spec.bytes_moved(),
        peers={
            TORCH.name: adaptive_ops.adaptive_torch_builder(spec),
            NUMPY.name: adaptive_ops.adaptive_numpy_builder(spec),
        },
        # Means of up to 3600 float32 values, summed in another order than PyTorch's.
        rtol=1e-5, atol=1e-5,
    )


def unpool_case(spec: adaptive_ops.UnpoolSpec) -> Case:
    return Case(
        name=spec.describe(),
        make_input=random_input(spec.x_shape),
        run_resample=adaptive_ops.unpool_resample_runner(spec),
        bytes_moved=spec.bytes_moved(),
        peers={
            TORCH.name: adaptive_ops.unpool_torch_builder(spec),
            NUMPY.name: adaptive_ops.unpool_numpy_builder(spec),
        },
        rtol=0.0, atol=0.0,  # copies: exact
    )


DeconvSpec = deconv_ops.DeconvSpec
AdaptiveSpec = adaptive_ops.AdaptiveSpec
UnpoolSpec = adaptive_ops.UnpoolSpec

CASES: list[Case] = [
    pool_case((4, 64, 224, 224), "max", 2, 2),
    pool_case((8, 64, 112, 112), "max", 3, 2, 1),
    # Same as above with channels last: the array is (N, H, W, C).
    pool_case((8, 112, 112, 64), "max", 3, 2, 1, channels_last=True),
    pool_case((4, 64, 224, 224), "avg", 2, 2),
    pool_case((8, 64, 56, 56), "avg", 3, 1, 1, count_include_pad=False),
    pool_case((2, 32, 64, 128, 128), "max", 2, 2),
    # An RGB image, channels last: the step of an image pyramid.
    pool_case((1, 1080, 1920, 3), "avg", 2, 2, channels_last=True),
    # Interpolation: the speed bar of issue 3.
    interp_case((4, 64, 112, 112), "bilinear", 2),
    interp_case((4, 64, 112, 112), "bilinear", 2, align_corners=True),
    interp_case((4, 112, 112, 64), "bilinear", 2, layout="NHWC"),
    interp_case((4, 112, 112, 64), "bilinear", 2, align_corners=True, layout="NHWC"),
    # FCN-8s: the 8x upsampling of the 21-class PASCAL VOC logits.
    interp_case((1, 21, 64, 64), "bilinear", 8),
    # uint8 HWC images: 1080p halved and 1080p to 4K.
    interp_case((1080, 1920, 3), "bilinear", size=(540, 960), layout="NHWC", dtype="uint8"),
    interp_case((1080, 1920, 3), "bilinear", size=(2160, 3840), layout="NHWC", dtype="uint8"),
    interp_case((1024, 1024, 3), "bilinear", 2, layout="NHWC"),
    interp_case((1, 16, 32, 64, 64), "trilinear", 2),
    interp_case((16, 4, 65536), "linear", 2),
    # Transposed convolution (issue 4): the decoder layers of common networks.
    deconv_case(DeconvSpec("U-Net", (1, 256, 64, 64), (256, 128, 2, 2), 2)),
    deconv_case(DeconvSpec("FCN upscore2", (1, 21, 32, 32), (21, 21, 4, 4), 2)),
    deconv_case(DeconvSpec("FCN upscore8", (1, 21, 64, 64), (21, 21, 16, 16), 8)),
    deconv_case(DeconvSpec("DCGAN", (16, 512, 4, 4), (512, 256, 4, 4), 2, 1)),
    deconv_case(DeconvSpec("depthwise bilinear", (1, 64, 128, 128), (64, 1, 4, 4), 2, 1, groups=64)),
    deconv_case(DeconvSpec("3D U-Net", (1, 64, 16, 32, 32), (64, 32, 2, 2, 2), 2)),
    deconv_case(DeconvSpec("1D audio", (8, 128, 4096), (128, 64, 8), 4, 2)),
    # Issue 5: the PSPNet pyramid pooling of a ResNet feature map, and SegNet's unpooling.
    *(adaptive_case(AdaptiveSpec((8, 2048, 60, 60), (n, n))) for n in (1, 2, 3, 6)),
    unpool_case(UnpoolSpec((4, 64, 112, 112), 2)),
]


def select(substring: str | None) -> list[Case]:
    """Cases whose name contains ``substring`` (case-insensitive); all when None."""
    if not substring:
        return list(CASES)
    return [case for case in CASES if substring.lower() in case.name.lower()]
