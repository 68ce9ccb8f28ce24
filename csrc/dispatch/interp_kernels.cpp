// Interpolation at one ISA level (compiled once per level).
#include "dispatch/isa_namespace.hpp"
#include "kernels/interp.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

void add_interp_kernels(KernelTable& table) {
  table.interp_f32 = &interpolate<float>;
  table.interp_f64 = &interpolate<double>;
  table.interp_u8 = &interpolate<std::uint8_t>;
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
