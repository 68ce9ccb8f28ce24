"""FCN upsampling with resample, on a real photograph.

The fully convolutional network (FCN) of Long, Shelhamer and Darrell recovers
full-resolution predictions from a network that pooled its input down by 2 five
times (pool1 ... pool5, 1/32 of the size):

* FCN-32s upsamples pool5 by 32 in one step;
* FCN-16s upsamples pool5 by 2, fuses it with pool4, and upsamples that by 16;
* FCN-8s fuses once more, with pool3, and upsamples by 8.

FCN's upsampling layers are transposed convolutions initialised to bilinear
interpolation (its ``upsample_filt``, here ``resample.bilinear_kernel``). This
script runs that fusion on the pixels of a photograph instead of class scores,
with resample's operators, so that the effect of the skips is visible: the
reconstructions' errors against the input fall from 32s to 16s to 8s. "Fuse"
is FCN's sum of the two maps with the skip scaled, here by 1/2 each so that
the image keeps its brightness (FCN's "at-once" variant scales pool4 and pool3
by fixed factors the same way; the learned version lets a 1x1 score layer do it).

Each upsampling is done twice: with ``conv_transpose2d`` + ``bilinear_kernel``
(depthwise, ``groups=3``: one filter per colour channel) and with
``resample.bilinear`` where this build has it. The two agree except in the
``factor // 2`` outermost rows and columns, where the transposed convolution
sees zeros beyond the image (see ``help(resample.bilinear_kernel)``).

Usage: python examples/fcn_upsampling.py [--out fcn_upsampling.png] [--no-figure]
The photograph is scikit-image's bundled ``astronaut`` (pip install scikit-image);
the figure needs matplotlib. Both are optional for the numbers: without
scikit-image, matplotlib's bundled ``grace_hopper.jpg`` is used.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

import resample


def load_photograph() -> tuple[np.ndarray, str]:
    """A colour photograph as float32 (3, H, W) in [0, 1], H and W multiples of 32."""
    try:
        from skimage import data

        image, name = data.astronaut(), "scikit-image astronaut (NASA, Eileen Collins)"
    except ImportError:
        try:
            import matplotlib.cbook
            import matplotlib.pyplot as plt

            with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
                image, name = plt.imread(f, format="jpg"), "matplotlib grace_hopper.jpg"
        except (ImportError, OSError, ValueError):
            sys.exit("fcn_upsampling.py needs a photograph: pip install scikit-image (or matplotlib)")
    image = np.asarray(image)[..., :3]
    h, w = image.shape[0] // 32 * 32, image.shape[1] // 32 * 32
    return np.ascontiguousarray(image[:h, :w].transpose(2, 0, 1), dtype=np.float32) / 255, name


def upsample_conv_transpose(x: np.ndarray, factor: int) -> np.ndarray:
    """FCN's learnable upsampling, initialised to bilinear: a depthwise
    stride-`factor` transposed convolution with bilinear_kernel weights."""
    weight = resample.bilinear_kernel(factor, channels=x.shape[0])
    return resample.conv_transpose2d(x, weight, stride=factor, padding=factor // 2, groups=x.shape[0])


def upsample_bilinear(x: np.ndarray, factor: int) -> np.ndarray:
    return resample.bilinear(x, factor)


def pyramid(image: np.ndarray) -> list[np.ndarray]:
    """pool1 ... pool5: 2x2 max pooling, five times."""
    pools, x = [], image
    for _ in range(5):
        x = resample.max_pool2d(x, 2)
        pools.append(x)
    return pools


def fcn(pools: list[np.ndarray], upsample) -> dict[str, np.ndarray]:
    pool3, pool4, pool5 = pools[2], pools[3], pools[4]
    fuse_pool4 = 0.5 * (upsample(pool5, 2) + pool4)         # 1/16 of the input
    fuse_pool3 = 0.5 * (upsample(fuse_pool4, 2) + pool3)    # 1/8
    return {
        "FCN-32s": upsample(pool5, 32),
        "FCN-16s": upsample(fuse_pool4, 16),
        "FCN-8s": upsample(fuse_pool3, 8),
    }


def rmse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((a.astype(np.float64) - b) ** 2)))


def save_figure(path: str, image, name, pools, results) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no figure (pip install matplotlib)")
        return False
    show = lambda ax, x, title: (ax.imshow(np.clip(x.transpose(1, 2, 0), 0, 1), interpolation="nearest"),  # noqa: E731
                                 ax.set_title(title, fontsize=9), ax.axis("off"))
    rows = 1 + len(results)
    fig, axes = plt.subplots(rows, 6, figsize=(15, 2.9 * rows + 0.4), squeeze=False)
    show(axes[0, 0], image, f"input {image.shape[1]}x{image.shape[2]}")
    for i, p in enumerate(pools):
        show(axes[0, i + 1], p, f"pool{i + 1} {p.shape[1]}x{p.shape[2]}")
    for r, (method, outputs) in enumerate(results.items(), start=1):
        short = method.split(" (")[0]
        for c, (label, y) in enumerate(outputs.items()):
            show(axes[r, 2 * c], y, f"{label}, {short}\nRMSE {rmse(y, image):.4f}")
            axes[r, 2 * c + 1].axis("off")
    fig.suptitle(f"FCN upsampling with resample on {name}", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=72)
    print(f"figure saved to {path}")
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="fcn_upsampling.png", help="where to save the figure")
    parser.add_argument("--no-figure", action="store_true", help="print the errors only")
    args = parser.parse_args(argv)

    image, name = load_photograph()
    pools = pyramid(image)
    methods = {"conv_transpose2d + bilinear_kernel (groups=3)": upsample_conv_transpose}
    if hasattr(resample, "bilinear"):
        methods["bilinear (align_corners=False)"] = upsample_bilinear
    else:
        print("resample.bilinear is not in this build: only the conv_transpose2d column is computed")
    print(f"photograph: {name}, {image.shape[1]}x{image.shape[2]}, pooled to "
          + ", ".join(f"{p.shape[1]}x{p.shape[2]}" for p in pools))

    results, ok = {}, True
    for method, upsample in methods.items():
        outputs = fcn(pools, upsample)
        results[method] = outputs
        errors = {label: rmse(y, image) for label, y in outputs.items()}
        print(f"{method}:")
        for label, error in errors.items():
            print(f"  {label:8s} RMSE vs input {error:.4f}")
        falls = errors["FCN-32s"] > errors["FCN-16s"] > errors["FCN-8s"]
        print("  errors fall from 32s to 8s" if falls else "  ERROR: the errors do not fall from 32s to 8s")
        ok &= falls
    if "bilinear (align_corners=False)" in results:
        # The two methods differ only near the edges: each upsampling by f
        # changes its outer f//2 samples (the transposed convolution sees zeros
        # beyond the edge), and the next upsampling spreads that inwards.
        # FCN-8s: pool5 x2 differs at sample 0 of the 1/16 map; x2 spreads it
        # to samples 0-2 of the 1/8 map; x8 to image pixels < 3*8 + 4 = 28.
        b = 28
        a = results["conv_transpose2d + bilinear_kernel (groups=3)"]["FCN-8s"]
        c = results["bilinear (align_corners=False)"]["FCN-8s"]
        inner = np.abs(a - c)[:, b:-b, b:-b].max()
        print(f"FCN-8s, conv_transpose2d vs bilinear away from a {b}-pixel border: max difference {inner:.2e}")
        if inner > 1e-5:
            print("  ERROR: the two methods should agree away from the border")
            ok = False
    if not args.no_figure:
        save_figure(args.out, image, name, pools, results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
