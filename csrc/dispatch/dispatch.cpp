#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "dispatch/kernel_table.hpp"

namespace resample {
namespace {

const KernelTable* table_for(Isa isa) {
  switch (isa) {
    case Isa::baseline: return &kernel_table_baseline();
#ifdef RESAMPLE_HAVE_ISA_AVX2
    case Isa::avx2: return &kernel_table_avx2();
#endif
#ifdef RESAMPLE_HAVE_ISA_AVX512
    case Isa::avx512: return &kernel_table_avx512();
#endif
    default: return nullptr;
  }
}

// The best available level, lowered to RESAMPLE_ISA when that names an
// available level (an unknown or unavailable name is ignored here; the Python
// package warns about it).
const KernelTable* initial_table() {
  Isa best = available_isas().back();
  if (const char* forced = std::getenv("RESAMPLE_ISA")) {
    Isa wanted;
    if (parse_isa(forced, wanted) && wanted <= best && cpu_supports(wanted) && table_for(wanted))
      best = wanted;
  }
  return table_for(best);
}

std::atomic<const KernelTable*>& current_table() {
  static std::atomic<const KernelTable*> table{initial_table()};
  return table;
}

}  // namespace

const KernelTable& kernels() { return *current_table().load(std::memory_order_acquire); }

Isa selected_isa() { return kernels().isa; }

void select_isa(Isa isa) {
  const KernelTable* table = table_for(isa);
  if (!table || !cpu_supports(isa))
    throw std::invalid_argument(std::string("ISA level '") + isa_name(isa) +
                                "' is not available on this build and CPU");
  current_table().store(table, std::memory_order_release);
}

}  // namespace resample
