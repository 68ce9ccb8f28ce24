// The only translation unit compiled once per ISA level (see
// cmake/ResampleIsa.cmake): it instantiates every kernel inside
// namespace resample::isa_<level> and exports that level's table.
#ifndef RESAMPLE_ISA
#error "compile with -DRESAMPLE_ISA=baseline|avx2|avx512"
#endif
#if defined(__x86_64__) && defined(__AVX__) && RESAMPLE_IS_BASELINE
#error "the baseline kernels must run on any x86-64 CPU: do not compile them with -mavx or -march=native"
#endif
#define RESAMPLE_CONCAT_(a, b) a##b
#define RESAMPLE_CONCAT(a, b) RESAMPLE_CONCAT_(a, b)
#define RESAMPLE_ISA_NS RESAMPLE_CONCAT(isa_, RESAMPLE_ISA)

#include "dispatch/kernel_table.hpp"
#include "kernels/pool.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

template <class T>
constexpr PoolKernels<T> pool_kernels() {
  return {&pool<T, MaxReduce<T>>, &max_pool_with_indices<T>, &pool<T, SumReduce<T>>};
}

}  // namespace RESAMPLE_ISA_NS

const KernelTable& RESAMPLE_CONCAT(kernel_table_, RESAMPLE_ISA)() {
  static const KernelTable table{Isa::RESAMPLE_ISA, RESAMPLE_ISA_NS::pool_kernels<float>(),
                                 RESAMPLE_ISA_NS::pool_kernels<double>()};
  return table;
}

}  // namespace resample
