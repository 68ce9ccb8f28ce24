// Included first by every translation unit compiled once per ISA level (see
// cmake/ResampleIsa.cmake): names that level's namespace, resample::isa_<level>,
// so each level's copy of the templates stays apart from the others.
#pragma once
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

namespace resample {
namespace RESAMPLE_ISA_NS {

// One per operator family, each defined in its own per-level source
// (dispatch/<family>_kernels.cpp), so a family compiles on its own.
void add_pool_kernels(KernelTable& table);
void add_interp_kernels(KernelTable& table);
void add_deconv_kernels(KernelTable& table);
void add_unpool_kernels(KernelTable& table);

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
