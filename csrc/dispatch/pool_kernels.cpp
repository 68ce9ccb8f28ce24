// Max and average pooling at one ISA level (compiled once per level).
#include "dispatch/isa_namespace.hpp"
#include "kernels/pool.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

template <class T>
constexpr PoolKernels<T> pool_kernels() {
  return {&pool<T, MaxReduce<T>>, &max_pool_with_indices<T>, &pool<T, SumReduce<T>>};
}

void add_pool_kernels(KernelTable& table) {
  table.pool_f32 = pool_kernels<float>();
  table.pool_f64 = pool_kernels<double>();
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
