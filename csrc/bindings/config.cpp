// Build and run-time configuration: ISA levels, threads, and the streaming
// copy and FMA probe that the benchmark uses to measure memory bandwidth and
// arithmetic peak.
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "bindings/array.hpp"
#include "bindings/output_pool.hpp"
#include "core/scratch.hpp"
#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"

namespace resample {
namespace {

std::vector<std::string> names(const std::vector<Isa>& levels) {
  std::vector<std::string> out;
  for (Isa isa : levels) out.emplace_back(isa_name(isa));
  return out;
}

void set_isa(const std::string& name) {
  Isa isa;
  if (!parse_isa(name, isa))
    throw py::value_error("isa: expected one of 'baseline', 'avx2', 'avx512', got '" + name + "'");
  select_isa(isa);
}

// memcpy split into one contiguous chunk per thread: the reference for "how
// fast can this machine stream bytes", measured in the benchmark's own run.
void stream_copy(py::array dst, const py::array& src) {
  if (!(dst.flags() & py::array::c_style) || !(src.flags() & py::array::c_style) || !dst.writeable() ||
      dst.nbytes() != src.nbytes())
    throw py::value_error("stream_copy: expected two C-contiguous arrays of equal size, dst writable");
  char* to = static_cast<char*>(dst.mutable_data());
  const char* from = static_cast<const char*>(src.data());
  const std::int64_t n = dst.nbytes();
  const int threads = get_num_threads();
  py::gil_scoped_release release;
#ifdef RESAMPLE_HAVE_OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
#endif
  for (int t = 0; t < threads; ++t) {
    const std::int64_t begin = n * t / threads, end = n * (t + 1) / threads;
    std::memcpy(to + begin, from + begin, static_cast<std::size_t>(end - begin));
  }
}

// Floating-point operations per second of the selected level's FMA probe
// (independent float32 fused multiply-add chains) run on every thread of
// the current budget at once: the arithmetic a core can do, the reference
// for compute-bound kernels.
double fma_peak(std::int64_t iterations) {
  if (iterations < 1) throw py::value_error("fma_peak: iterations must be positive");
  const KernelTable& table = kernels();
  const int threads = get_num_threads();
  float sink = 0;
  double seconds;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
#ifdef RESAMPLE_HAVE_OPENMP
#pragma omp parallel for num_threads(threads) schedule(static) reduction(+ : sink)
#endif
    for (int t = 0; t < threads; ++t) sink += table.fma_probe(iterations);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  if (sink == 12345.0f) py::print("");  // keeps the probe's result alive
  return static_cast<double>(iterations) * static_cast<double>(table.fma_probe_flops) * threads / seconds;
}

}  // namespace

void register_config(py::module_& m) {
  m.def("compiled_isas", [] { return names(compiled_isas()); }, "ISA levels compiled into this build.");
  m.def("available_isas", [] { return names(available_isas()); },
        "Compiled ISA levels this CPU can run, lowest first.");
  m.def("get_isa", [] { return std::string(isa_name(selected_isa())); }, "The ISA level kernels run at.");
  m.def("set_isa", &set_isa, py::arg("isa"), "Run kernels at this ISA level from now on.");
  m.def("have_openmp", &have_openmp);
  m.def("get_num_threads", &get_num_threads);
  m.def("set_num_threads", &set_num_threads, py::arg("n"));
  m.def("empty_output", &empty_output, py::arg("dtype"), py::arg("shape"),
        "Uninitialised C-contiguous output array starting on a 64-byte line; large ones are recycled.");
  m.def("release_cached_outputs", &release_cached_outputs,
        "Frees the large output blocks kept for reuse; returns the bytes freed.");
  m.def("release_kept_scratch", &release_kept_scratch,
        "Frees the kernels' scratch buffers kept for the next calls; returns the bytes freed.");
  m.def("stream_copy", &stream_copy, py::arg("dst"), py::arg("src"),
        "Parallel memcpy of src into dst with the current thread count (for bandwidth measurements).");
  m.def("fma_peak", &fma_peak, py::arg("iterations"),
        "FLOP/s of float32 FMA chains at the selected ISA level on every thread of the budget.");
}

}  // namespace resample
