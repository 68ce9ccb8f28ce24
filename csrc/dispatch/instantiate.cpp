// This level's kernel table, assembled from the operator families compiled
// at the same level (dispatch/*_kernels.cpp).
#include "dispatch/isa_namespace.hpp"
#include "kernels/block.hpp"

namespace resample {
namespace {

KernelTable make_table() {
  KernelTable table{};
  table.isa = Isa::RESAMPLE_ISA;
  table.block_bytes = RESAMPLE_ISA_NS::block_bytes;
  RESAMPLE_ISA_NS::add_pool_kernels(table);
  RESAMPLE_ISA_NS::add_interp_kernels(table);
  RESAMPLE_ISA_NS::add_deconv_kernels(table);
  RESAMPLE_ISA_NS::add_unpool_kernels(table);
  return table;
}

}  // namespace

const KernelTable& RESAMPLE_CONCAT(kernel_table_, RESAMPLE_ISA)() {
  static const KernelTable table = make_table();
  return table;
}

}  // namespace resample
