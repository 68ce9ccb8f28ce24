// Max and average pooling at one ISA level (compiled once per level).
#include "dispatch/isa_namespace.hpp"
#include <type_traits>

#include "kernels/pool.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

template <class T>
constexpr PoolKernels<T> pool_kernels() {
  if constexpr (std::is_floating_point_v<T>)
    return {&pool<T, MaxReduce<T>>, &max_pool_with_indices<T>, &pool<T, SumReduce<T>>};
  else
    return {&pool<T, MaxReduce<T>>, &max_pool_with_indices<T>, nullptr};
}

template <class... Ts>
void fill(PoolKernelSet<TypeList<Ts...>>& set) {
  ((std::get<PoolKernels<Ts>>(set.of_type) = pool_kernels<Ts>()), ...);
}

void add_pool_kernels(KernelTable& table) { fill(table.pools); }

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
