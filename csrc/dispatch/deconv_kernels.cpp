// Transposed convolution at one ISA level (compiled once per level), and the
// FMA probe that measures the level's compute peak.
//
// This file alone is compiled with -ffp-contract=fast (see
// cmake/ResampleIsa.cmake): a*b + c becomes a fused multiply-add on the
// AVX2 and AVX-512 levels. Transposed convolution is a sum of many products,
// where FMA doubles the arithmetic rate; its tests compare against the
// reference with a tolerance rather than for bit-identity across levels.
#include "dispatch/isa_namespace.hpp"
#include "kernels/deconv_direct.hpp"
#include "kernels/deconv_gemm.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {
namespace {

// Enough independent chains to hide the FMA latency on every unit a core
// has (4 cycles x 2 pipes on current x86 cores needs 8).
constexpr std::int64_t probe_chains = 12;

// The chains' start values are read from a volatile: known at compile time,
// chain 0 (1 * 0.999999 + 1e-6 rounds to 1 again) was a fixed point that GCC
// removed from the loop, so the probe ran 11 FMAs while counting 12 and
// overstated the peak by 9%.
volatile float probe_start = 1.0f;

float fma_probe(std::int64_t iterations) {
  using V = Block<float>;
  V acc[probe_chains];
  const float start = probe_start;
  for (std::int64_t i = 0; i < probe_chains; ++i) acc[i] = broadcast(start + 0.001f * static_cast<float>(i));
  const V a = broadcast(0.999999f), b = broadcast(1e-6f);
  for (std::int64_t it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
    for (std::int64_t i = 0; i < probe_chains; ++i) acc[i] = acc[i] * a + b;
  }
  float sum = 0;
  for (std::int64_t i = 0; i < probe_chains; ++i)
    for (std::int64_t l = 0; l < block_size<float>; ++l) sum += acc[i][l];
  return sum;
}

template <class T>
constexpr DeconvKernels<T> deconv_kernels() {
  return {gemm_mr, gemm_nr<T>, block_size<T>, &deconv_pack_weights<T>, &deconv_gemm<T>, &deconv_direct<T>};
}

}  // namespace

void add_deconv_kernels(KernelTable& table) {
  table.deconv_f32 = deconv_kernels<float>();
  table.deconv_f64 = deconv_kernels<double>();
  table.fma_probe = &fma_probe;
  table.fma_probe_flops = 2 * probe_chains * block_size<float>;
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
