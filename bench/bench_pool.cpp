





// Pooling microbenchmarks: every compiled ISA level this CPU runs x dtype x
// case x thread count, reported as bytes moved (input + output) per second.
//
//   cmake -S . -B build-bench -DRESAMPLE_BUILD_BENCHMARKS=ON -Dpybind11_DIR=$(python -m pybind11 --cmakedir)
//   cmake --build build-bench --target resample_bench && build-bench/bench/resample_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "core/isa.hpp"
#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"
#include "dispatch/pool_call.hpp"

namespace {

using resample::Dims3;
using resample::PoolKind;

struct Case {
  const char* name;
  PoolKind kind;
  int rank;
  std::vector<std::int64_t> shape;  // N, C, spatial... (channels-last: N, spatial..., C)
  std::int64_t kernel, stride, padding;
  bool channels_last;
  bool count_include_pad;
};

// The cases of the Python benchmark's speed bar.
const Case cases[] = {
    {"max2d_k2s2_4x64x224x224", PoolKind::max, 2, {4, 64, 224, 224}, 2, 2, 0, false, true},
    {"max2d_k3s2p1_8x64x112x112", PoolKind::max, 2, {8, 64, 112, 112}, 3, 2, 1, false, true},
    {"max2d_k3s2p1_nhwc_8x112x112x64", PoolKind::max, 2, {8, 112, 112, 64}, 3, 2, 1, true, true},
    {"avg2d_k2s2_4x64x224x224", PoolKind::avg, 2, {4, 64, 224, 224}, 2, 2, 0, false, true},
    {"avg2d_k3s1p1_nopad_8x64x56x56", PoolKind::avg, 2, {8, 64, 56, 56}, 3, 1, 1, false, false},
    {"max3d_k2s2_2x32x64x128x128", PoolKind::max, 3, {2, 32, 64, 128, 128}, 2, 2, 0, false, true},
};

resample::PoolRequest request_for(const Case& c) {
  resample::PoolRequest r;
  r.kind = c.kind;
  r.rank = c.rank;
  r.count_include_pad = c.count_include_pad;
  const std::size_t batch = c.channels_last ? 1 : 2, first = batch;
  std::vector<std::int64_t> strides(c.shape.size());
  std::int64_t step = 1;
  for (std::size_t i = c.shape.size(); i-- > 0;) {
    strides[i] = step;
    step *= c.shape[i];
  }
  r.batch_shape.assign(c.shape.begin(), c.shape.begin() + static_cast<std::ptrdiff_t>(batch));
  r.batch_stride.assign(strides.begin(), strides.begin() + static_cast<std::ptrdiff_t>(batch));
  for (int i = 0; i < c.rank; ++i) {
    const auto a = static_cast<std::size_t>(3 - c.rank + i);
    r.in_size[a] = c.shape[first + static_cast<std::size_t>(i)];
    r.in_stride[a] = strides[first + static_cast<std::size_t>(i)];
    r.window.kernel[a] = c.kernel;
    r.window.stride[a] = c.stride;
    r.window.padding[a] = c.padding;
  }
  if (c.channels_last) {
    r.lanes = c.shape.back();
    r.lane_stride = 1;
  }
  return r;
}

// Memory on huge-page boundaries, with the kernel asked to back it by huge pages.
template <class T>
struct HugeBuffer {
  static constexpr std::size_t huge = std::size_t(2) << 20;
  explicit HugeBuffer(std::int64_t n) {
    bytes = (static_cast<std::size_t>(n) * sizeof(T) + huge - 1) / huge * huge;
    data = static_cast<T*>(std::aligned_alloc(huge, bytes));
    if (!data) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(data, bytes, MADV_HUGEPAGE);
#endif
  }
  ~HugeBuffer() { std::free(data); }
  HugeBuffer(const HugeBuffer&) = delete;
  HugeBuffer& operator=(const HugeBuffer&) = delete;
  T* data;
  std::size_t bytes;
};

template <class T>
void run_case(benchmark::State& state, const Case& c, resample::Isa isa, int threads) {
  resample::select_isa(isa);
  resample::set_num_threads(threads);
  const resample::PoolRequest request = request_for(c);
  resample::PoolCall<T> call("bench", request);
  std::int64_t in_elements = 1;
  for (std::int64_t n : c.shape) in_elements *= n;
  const Dims3& o = call.out_size();
  std::int64_t out_elements = o[0] * o[1] * o[2] * request.lanes;
  for (std::int64_t n : request.batch_shape) out_elements *= n;
  // As from Python: NumPy asks for huge pages for large arrays, and puts
  // them 16 bytes into a page; resample's outputs start on a cache line.
  // (Without huge pages, TLB misses made timings vary 2-3x between runs.)
  HugeBuffer<T> in_store(in_elements + 16), out_store(out_elements + 16);
  T* in = in_store.data + 16 / sizeof(T);
  T* out = out_store.data;
  std::mt19937 rng(42);
  std::uniform_real_distribution<T> uniform(-1, 1);
  for (std::int64_t i = 0; i < in_elements; ++i) in[i] = uniform(rng);
  for (auto _ : state) {
    call.run(in, out, nullptr);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * (in_elements + out_elements) * static_cast<std::int64_t>(sizeof(T)));
}

}  // namespace

int main(int argc, char** argv) {
  const int max_threads = resample::get_num_threads();
  for (resample::Isa isa : resample::available_isas())
    for (const Case& c : cases)
      for (int threads = 1; threads <= max_threads; threads *= 2) {
        const std::string suffix = std::string("/") + resample::isa_name(isa) + "/threads:" + std::to_string(threads);
        benchmark::RegisterBenchmark((std::string(c.name) + "/f32" + suffix).c_str(),
                                     [&c, isa, threads](benchmark::State& s) { run_case<float>(s, c, isa, threads); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((std::string(c.name) + "/f64" + suffix).c_str(),
                                     [&c, isa, threads](benchmark::State& s) { run_case<double>(s, c, isa, threads); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
      }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
