"""Configuration: SIMD level selection, threads, show_config."""
import subprocess
import sys

import numpy as np
import pytest

import resample


def run_python(code, **env):
    import os
    full_env = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env, check=True)


def test_available_isas_are_ordered_and_include_baseline():
    isas = resample.available_isas()
    assert isas[0] == "baseline"
    order = ["baseline", "avx2", "avx512"]
    assert isas == sorted(isas, key=order.index)
    assert resample.get_isa() in isas


def test_default_isa_is_the_best_available():
    out = run_python("import resample; print(resample.get_isa(), resample.available_isas()[-1])")
    chosen, best = out.stdout.split()
    assert chosen == best


@pytest.mark.parametrize("isa", resample.available_isas())
def test_environment_forces_a_level(isa):
    out = run_python("import resample; print(resample.get_isa())", RESAMPLE_ISA=isa)
    assert out.stdout.strip() == isa


def test_environment_with_an_unknown_level_warns_and_keeps_the_best():
    out = run_python("import warnings; warnings.simplefilter('always')\nimport resample; print(resample.get_isa())",
                     RESAMPLE_ISA="sse9")
    assert out.stdout.strip() == resample.available_isas()[-1]
    assert "RESAMPLE_ISA='sse9'" in out.stderr


def test_set_isa_rejects_unknown_levels():
    with pytest.raises(ValueError, match="isa"):
        resample.set_isa("sse9")


def test_set_isa_switches_and_results_do_not_change():
    x = np.random.default_rng(0).random((3, 37, 41), dtype=np.float32)
    previous = resample.get_isa()
    try:
        results = {}
        for isa in resample.available_isas():
            resample.set_isa(isa)
            assert resample.get_isa() == isa
            results[isa] = resample.avg_pool2d(x, 3, 2, 1)
        for r in results.values():
            np.testing.assert_array_equal(r, results["baseline"])
    finally:
        resample.set_isa(previous)


def test_threads_context_manager_restores():
    before = resample.get_num_threads()
    with resample.threads(1):
        assert resample.get_num_threads() == 1
    assert resample.get_num_threads() == before


def test_threads_context_manager_restores_after_an_error():
    before = resample.get_num_threads()
    with pytest.raises(RuntimeError):
        with resample.threads(1):
            raise RuntimeError("boom")
    assert resample.get_num_threads() == before


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-2, ValueError), (1.5, TypeError), (True, TypeError)])
def test_set_num_threads_rejects_bad_counts(bad, error):
    with pytest.raises(error, match="n must"):
        resample.set_num_threads(bad)


def test_omp_num_threads_is_honoured():
    out = run_python("import resample; print(resample.get_num_threads())", OMP_NUM_THREADS="1")
    assert out.stdout.strip() == "1"


def test_show_config_names_everything(capsys):
    resample.show_config()
    text = capsys.readouterr().out
    assert resample.__version__ in text
    for needle in ["compiled", "in use", "OpenMP", "threads", resample.get_isa()]:
        assert needle in text


def test_outputs_start_on_a_cache_line():
    x = np.random.default_rng(1).random((3, 5, 64, 64), dtype=np.float32)
    for y in (resample.max_pool2d(x, 2), resample.avg_pool2d(x, 3, 1, 1)):
        assert y.ctypes.data % 64 == 0
        assert y.flags.c_contiguous and y.flags.writeable


def test_large_outputs_are_recycled_and_correct():
    # Outputs of 1 MiB or more come from a small pool of recycled blocks.
    x = np.random.default_rng(2).random((1, 4, 2, 2048, 1024), dtype=np.float32)  # 64 MiB in
    first = resample.max_pool3d(x, (2, 1, 1))  # 32 MiB out
    address = first.ctypes.data
    del first
    second = resample.avg_pool3d(x, (2, 1, 1))
    assert second.ctypes.data == address
    np.testing.assert_allclose(second, (x[:, :, 0] + x[:, :, 1])[:, :, None] / 2, rtol=1e-6)
    del second
    assert resample._core.release_cached_outputs() >= 32 << 20
    assert resample._core.release_cached_outputs() == 0


def test_recycled_blocks_are_bounded():
    row = np.random.default_rng(4).random(1 << 20, dtype=np.float32)
    outputs = [resample.max_pool1d(row, 1) for _ in range(72)]  # 72 x 4 MiB alive at once
    assert len({o.ctypes.data for o in outputs}) == 72
    del outputs
    freed = resample._core.release_cached_outputs()
    assert 200 << 20 < freed <= 256 << 20


def test_a_recycled_block_is_never_shared_by_two_live_arrays():
    x = np.random.default_rng(3).random((1, 4, 2, 2048, 1024), dtype=np.float32)
    a = resample.max_pool3d(x, (2, 1, 1))
    b = resample.max_pool3d(x, (2, 1, 1))
    assert not np.shares_memory(a, b)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shape", [(2**62, 4), (2**40, 2**40)])
def test_output_sizes_that_overflow_raise_before_allocating(shape):
    with pytest.raises(ValueError, match="too large"):
        resample._core.empty_output(np.dtype(np.float32), list(shape))


def test_threadpoolctl_sees_and_limits_the_thread_budget():
    threadpoolctl = pytest.importorskip("threadpoolctl")  # in the test extras
    ours = [info for info in threadpoolctl.threadpool_info() if info["internal_api"] == "resample"]
    assert len(ours) == 1
    assert ours[0]["user_api"] == "openmp"
    assert ours[0]["version"] == resample.__version__
    assert ours[0]["num_threads"] == resample.get_num_threads()
    with resample.threads(2):
        with threadpoolctl.threadpool_limits(limits=1):
            assert resample.get_num_threads() == 1
        assert resample.get_num_threads() == 2
        with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
            assert resample.get_num_threads() == 2  # only OpenMP limits reach resample


def test_kernel_scratch_is_kept_for_the_next_call_and_bounded():
    # Scratch buffers outlive their call (a fresh one would take its page
    # faults again every call), at most 8 of them and 64 MiB in all.
    x = np.random.default_rng(5).random((1, 21, 32, 32), dtype=np.float32)
    w = np.random.default_rng(6).random((21, 21, 4, 4), dtype=np.float32)
    first = resample.conv_transpose2d(x, w, stride=2)
    assert resample._core.release_kept_scratch() > 0
    assert resample._core.release_kept_scratch() == 0
    np.testing.assert_array_equal(resample.conv_transpose2d(x, w, stride=2), first)  # from fresh scratch
    np.testing.assert_array_equal(resample.conv_transpose2d(x, w, stride=2), first)  # from kept scratch
    big = np.random.default_rng(7).random((1, 1, 5000, 5000), dtype=np.float32)
    for width in range(1000, 1020):  # 20 calls, differently sized row buffers
        resample.avg_pool2d(big[..., :width], 3, 1, 1)
    resample.conv_transpose2d(np.zeros((1, 4, 2000, 2000), np.float32), np.zeros((4, 1, 3, 3), np.float32),
                              groups=4)
    assert 0 < resample._core.release_kept_scratch() <= 64 << 20
