"""Many Python threads at once, and many calls in a row: the kernels release
the GIL, share cached plans and output buffers, and must neither race nor
leak."""
import concurrent.futures
import gc
import resource
import sys

import numpy as np
import pytest

import resample

RNG = np.random.default_rng(2026)
IMAGE = RNG.standard_normal((2, 8, 40, 48)).astype(np.float32)
IMAGE.setflags(write=False)
VOLUME = RNG.standard_normal((1, 4, 10, 12, 14)).astype(np.float32)
VOLUME.setflags(write=False)
SIGNAL = RNG.standard_normal((3, 5, 300)).astype(np.float64)
SIGNAL.setflags(write=False)
PHOTO = RNG.integers(0, 256, (60, 70, 3), dtype=np.uint8)
PHOTO.setflags(write=False)
WEIGHT = RNG.standard_normal((8, 4, 3, 3)).astype(np.float32)
WEIGHT.setflags(write=False)

def operator_calls(image, volume, signal, photo, weight):
    """Every operator, on the given (shared, read-only) inputs."""
    channels = image.shape[1]
    depthwise = resample.bilinear_kernel(2, channels=channels)
    halves, integers = image.astype(np.float16), (image * 1000).astype(np.int16)
    pooled, where = resample.max_pool2d(image, 2, return_indices=True)
    return {
        "max_pool2d": lambda: resample.max_pool2d(image, 3, 2, 1),
        "max_pool2d indices": lambda: resample.max_pool2d(image, 2, return_indices=True)[1],
        "avg_pool3d": lambda: resample.avg_pool3d(volume, 2, count_include_pad=False, padding=1),
        "max_pool1d": lambda: resample.max_pool1d(signal, 4, ceil_mode=True),
        "bilinear": lambda: resample.bilinear(image, 2.5),
        "bilinear antialias": lambda: resample.bilinear(image, 0.3, antialias=True),
        "bilinear uint8 NHWC": lambda: resample.bilinear(photo, size=(97, 31), layout="NHWC"),
        "trilinear": lambda: resample.trilinear(volume, 1.5, align_corners=True),
        "linear": lambda: resample.linear(signal, 3.0),
        "nearest": lambda: resample.nearest(image, (1.7, 0.6), mode="nearest-exact"),
        "interpolate": lambda: resample.interpolate(image, scale_factor=2, mode="bilinear"),
        "conv_transpose2d": lambda: resample.conv_transpose2d(image, weight, stride=2, padding=1),
        "conv_transpose2d depthwise": lambda: resample.conv_transpose2d(image, depthwise, stride=2, padding=1,
                                                                        groups=channels),
        "adaptive_avg_pool2d": lambda: resample.adaptive_avg_pool2d(image, (3, 5)),
        "adaptive_max_pool2d indices": lambda: resample.adaptive_max_pool2d(image, 4, return_indices=True)[1],
        "max_unpool2d": lambda: resample.max_unpool2d(pooled, where, 2, output_size=image.shape[-2:]),
        "interpolate area": lambda: resample.interpolate(image, size=(5, 4), mode="area"),
        "avg_pool2d float16": lambda: resample.avg_pool2d(halves, 3, 2, 1),
        "bilinear int16": lambda: resample.bilinear(integers, 1.5),
        "max_pool2d int16": lambda: resample.max_pool2d(integers, 3, 2, 1, return_indices=True)[1],
        "nearest bool": lambda: resample.nearest(integers > 0, 1.7),
    }


CALLS = operator_calls(IMAGE, VOLUME, SIGNAL, PHOTO, WEIGHT)
# The same operators on tiny inputs, for the many calls of the leak test.
TINY_CALLS = operator_calls(IMAGE[:1, :8, :6, :7], VOLUME[..., :4, :5, :6], SIGNAL[:1, :2, :30], PHOTO[:6, :7],
                            WEIGHT)


@pytest.fixture(scope="module")
def serial_results():
    with resample.threads(1):
        return {name: call() for name, call in CALLS.items()}


@pytest.mark.parametrize("kernel_threads", [1, 2], ids=lambda n: f"omp={n}")
def test_sixteen_python_threads_match_serial_calls(serial_results, kernel_threads):
    """16 Python threads, each calling every operator several times in its own
    order, give exactly the serial results (the same ISA level: bit-identical)."""
    jobs = [(name, call) for name, call in CALLS.items()] * 4
    with resample.threads(kernel_threads):
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            futures = []
            for worker in range(16):
                order = np.random.default_rng(worker).permutation(len(jobs))
                futures.append(pool.submit(lambda order=order: [(jobs[i][0], jobs[i][1]()) for i in order]))
            for future in concurrent.futures.as_completed(futures, timeout=300):
                for name, result in future.result():
                    np.testing.assert_array_equal(result, serial_results[name], err_msg=name)


def test_threads_inside_a_process_pool_of_threads_do_not_deadlock():
    """Python threads that each set a different thread budget and call the
    OpenMP kernels finish (no deadlock between OpenMP teams)."""
    big = np.ones((4, 64, 112, 112), np.float32)  # large enough to use 2 threads

    def work(n):
        with resample.threads(n):
            return float(resample.max_pool2d(big, 2).sum()), float(resample.bilinear(big[:1, :8], 2).sum())

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, [1, 2] * 8, timeout=300))
    assert all(r == results[0] for r in results)


def _rss_kib():
    if sys.platform.startswith("linux"):
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


ERRORS = {
    "max_pool2d bad kernel": lambda: resample.max_pool2d(IMAGE, 0),
    "bilinear bad scale": lambda: resample.bilinear(IMAGE, -1.0),
    "bilinear bad dtype": lambda: resample.bilinear(IMAGE.astype(np.int64), 2),
    "conv_transpose2d bad groups": lambda: resample.conv_transpose2d(IMAGE, WEIGHT, groups=3),
    "bad out": lambda: resample.avg_pool2d(IMAGE, 2, out=np.empty((1,), np.float32)),
}


@pytest.mark.parametrize("name", list(CALLS) + list(ERRORS))
def test_many_calls_leave_memory_flat(name):
    """20,000 calls (error paths included) leave the resident memory flat:
    after a warm-up, growth stays below 8 MiB (a leak of even 450 bytes per
    call would exceed it)."""
    call = TINY_CALLS.get(name) or ERRORS[name]

    def run(n):
        for _ in range(n):
            try:
                call()
            except (TypeError, ValueError):
                if name in TINY_CALLS:
                    raise

    run(500)  # warm-up: plan caches, recycled output blocks, allocator pools
    gc.collect()
    before = _rss_kib()
    run(20_000)
    gc.collect()
    grown = _rss_kib() - before
    assert grown < 8 * 1024, f"{name}: resident memory grew by {grown} KiB"
