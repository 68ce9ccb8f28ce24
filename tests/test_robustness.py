"""Inputs that once crashed, hung, or were accepted silently (from review)."""
import multiprocessing
import time

import numpy as np
import pytest

import resample


def _child_pools(queue):
    import warnings
    x = np.ones((4, 64, 112, 112), np.float32)  # large enough for two threads
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with resample.threads(2):  # refused with a warning: the child stays serial
            total = float(resample.max_pool2d(x, 2).sum())
    queue.put((total, resample.get_num_threads(), [str(w.message) for w in caught]))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork()")
def test_a_forked_child_can_pool_after_the_parent_used_threads():
    x = np.ones((4, 64, 112, 112), np.float32)
    with resample.threads(2):
        resample.max_pool2d(x, 2)  # the parent's thread team now exists
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_pools, args=(queue,))
    child.start()
    child.join(timeout=60)
    hung = child.is_alive()
    if hung:
        child.kill()
    assert not hung, "the forked child hung in the OpenMP runtime"
    total, threads, warned = queue.get(timeout=5)
    assert total == 4 * 64 * 56 * 56
    assert threads == 1
    assert any("forked" in w for w in warned)


def test_huge_padding_and_kernel_are_refused_quickly():
    start = time.perf_counter()
    with pytest.raises((ValueError, MemoryError)):
        resample.max_pool1d(np.zeros(1024, np.float32), 2**30 + 1, stride=1, padding=2**40, dilation=1024)
    assert time.perf_counter() - start < 5


def test_dilation_beyond_the_input_with_huge_padding_is_fast():
    # Taps at o - 2**30, o and o + 2**30: the middle one is inside each window.
    x = np.arange(4, dtype=np.float32)
    start = time.perf_counter()
    np.testing.assert_array_equal(resample.max_pool1d(x, 3, stride=1, padding=2**30, dilation=2**30), x)
    np.testing.assert_array_equal(resample.avg_pool1d(x, 3, 1, 2**30, count_include_pad=False, dilation=2**30), x)
    assert time.perf_counter() - start < 1


def test_many_windows_with_dilation_beyond_the_input_are_refused_quickly():
    start = time.perf_counter()
    with pytest.raises(ValueError, match="dilation larger than the input"):
        resample.max_pool1d(np.zeros(4, np.float32), 3, stride=1, padding=2**26 + 2**25, dilation=2**26)
    assert time.perf_counter() - start < 5


def test_a_long_single_row_is_split_between_threads_and_chunks():
    x = np.random.default_rng(5).standard_normal(3 * 2**20 + 7).astype(np.float32)
    with resample.threads(2):
        got = resample.max_pool1d(x, 3, 2, 1)
        got_avg = resample.avg_pool1d(x, 4, 3, 2, ceil_mode=True, count_include_pad=False)
    padded = np.concatenate([[-np.inf], x, [-np.inf, -np.inf]])
    n = got.shape[0]
    expected = np.maximum(np.maximum(padded[0:2 * n:2], padded[1:2 * n + 1:2]), padded[2:2 * n + 2:2])
    np.testing.assert_array_equal(got, expected)
    from reference import pool_output_size
    assert got_avg.shape == (pool_output_size(x.size, 4, 3, 2, 1, True),)
    for o in (0, 1, 12345, got_avg.size // 2, got_avg.size - 1):  # spot checks, edges included
        taps = [i for i in range(3 * o - 2, 3 * o + 2) if 0 <= i < x.size]
        np.testing.assert_allclose(got_avg[o], x[taps].astype(np.float64).mean(), rtol=1e-5)


@pytest.mark.parametrize("stride", [2**24, 2**40])
def test_huge_strides_need_no_huge_scratch(stride):
    x = np.arange(10, dtype=np.float32)
    np.testing.assert_array_equal(resample.max_pool1d(x, 2, stride=stride), [1.0])
    np.testing.assert_array_equal(resample.avg_pool1d(x, 2, stride=stride), [0.5])


def test_huge_padding_with_huge_dilation_needs_no_huge_scratch():
    x = np.arange(10, dtype=np.float32)
    got = resample.max_pool1d(x, 3, stride=2**28, padding=2**27, dilation=2**27)
    np.testing.assert_array_equal(got, [0.0])  # taps at -2**27, 0, 2**27: only x[0] is inside


def test_values_and_indices_outputs_must_not_overlap():
    x = np.random.default_rng(0).random((1, 1, 4, 8))
    buf = np.zeros((1, 1, 2, 8))
    with pytest.raises(ValueError, match="overlap"):
        resample.max_pool2d(x, 2, return_indices=True, out=(buf[..., ::2], buf.view(np.int64)[..., ::2]))


def test_average_divisor_of_huge_kernels_does_not_overflow():
    x = np.ones((1, 1, 1, 3))
    got = resample.avg_pool3d(x, (2**33, 2**33, 1), padding=(2**32, 2**32, 0), layout="NHWC")
    np.testing.assert_allclose(got, 1.0 / 2.0**66, rtol=1e-12)


@pytest.mark.parametrize("name", ["ceil_mode", "count_include_pad"])
@pytest.mark.parametrize("value", ["no", None, 2, 0.0])
def test_flags_must_be_bools(name, value):
    with pytest.raises(TypeError, match=name):
        resample.avg_pool2d(np.ones((4, 4)), 2, **{name: value})


def test_flags_accept_numpy_bools_and_0_1():
    x = np.arange(25.0).reshape(5, 5)
    ref = resample.max_pool2d(x, 2, ceil_mode=True)
    np.testing.assert_array_equal(resample.max_pool2d(x, 2, ceil_mode=np.True_), ref)
    np.testing.assert_array_equal(resample.max_pool2d(x, 2, ceil_mode=1), ref)
    with pytest.raises(TypeError, match="return_indices"):
        resample.max_pool2d(x, 2, return_indices="no")


@pytest.mark.parametrize("value, error", [((2,), TypeError), (2.0, TypeError), (True, TypeError), (0, ValueError)])
def test_divisor_override_must_be_one_positive_int(value, error):
    with pytest.raises(error, match="divisor_override"):
        resample.avg_pool2d(np.ones((4, 4)), 2, divisor_override=value)


def test_thread_counts_accept_numpy_ints_and_refuse_absurd_ones():
    before = resample.get_num_threads()
    try:
        resample.set_num_threads(np.int64(1))
        assert resample.get_num_threads() == 1
        with pytest.raises(ValueError, match="n must be between"):
            resample.set_num_threads(2**31)
    finally:
        resample.set_num_threads(before)


def test_set_isa_wants_a_string():
    with pytest.raises(TypeError, match="isa"):
        resample.set_isa(1)
