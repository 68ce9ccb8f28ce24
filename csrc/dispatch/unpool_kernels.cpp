// Max-unpooling at one ISA level (compiled once per level).
#include "dispatch/isa_namespace.hpp"
#include "kernels/unpool.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

void add_unpool_kernels(KernelTable& table) {
  table.unpool_f32 = &max_unpool<float>;
  table.unpool_f64 = &max_unpool<double>;
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
