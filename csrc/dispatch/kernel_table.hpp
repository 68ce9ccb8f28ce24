// The kernels of one ISA level, as plain function pointers. Each level's
// table is filled by its own compilation of the per-level sources
// (instantiate.cpp and dispatch/*_kernels.cpp); dispatch.cpp
// chooses which table runs.
#pragma once
#include <tuple>

#include "core/isa.hpp"
#include "kernels/interp_job.hpp"
#include "kernels/deconv_job.hpp"
#include "kernels/pool_job.hpp"
#include "kernels/unpool_job.hpp"

namespace resample {

template <class T>
struct PoolKernels {
  void (*max)(const PoolJob<T>&);
  void (*max_with_indices)(const PoolJob<T>&);
  void (*avg)(const PoolJob<T>&);  // null for integer types
};

template <class List>
struct PoolKernelSet;
template <class... Ts>
struct PoolKernelSet<TypeList<Ts...>> {
  std::tuple<PoolKernels<Ts>...> of_type;
};

template <class T>
using InterpKernel = void (*)(const InterpJob<T>&);

template <class T>
using UnpoolKernel = void (*)(const UnpoolJob<T>&);

template <class T>
struct DeconvKernels {
  // The matrix multiply's register tile: output channels x positions (the
  // packed buffers' panel sizes, which DeconvCall allocates). The tile skips
  // a panel's padding in whole SIMD blocks of `lanes` positions.
  std::int64_t mr, nr, lanes;
  // Packs the weights into job.packed_a (DeconvCall caches the result, see
  // deconv_call.cpp); gemm then reads them from there.
  void (*pack_a)(const DeconvJob<T>&);
  void (*gemm)(const DeconvJob<T>&);
  void (*direct)(const DeconvJob<T>&);
};

struct KernelTable {
  Isa isa;
  std::int64_t block_bytes;  // the SIMD block of this level's kernels
  PoolKernelSet<MaxPoolTypes> pools;
  InterpKernel<float> interp_f32;
  InterpKernel<double> interp_f64;
  InterpKernel<std::uint8_t> interp_u8;
  DeconvKernels<float> deconv_f32;
  DeconvKernels<double> deconv_f64;
  UnpoolKernel<float> unpool_f32;
  UnpoolKernel<double> unpool_f64;
  // Independent float32 fused multiply-add chains at this level's vector
  // width, `iterations` rounds of fma_probe_flops floating-point operations
  // each: the compute roofline of the benchmark. Returns a sum of the chains
  // so that the loop cannot be optimised away.
  float (*fma_probe)(std::int64_t iterations);
  std::int64_t fma_probe_flops;

  // The element type selects its kernels: kernels().pool<T>(), interp<T>(), deconv<T>(),
  // unpool<T>().
  template <class T>
  const PoolKernels<T>& pool() const {
    return std::get<PoolKernels<T>>(pools.of_type);
  }
  template <class T>
  InterpKernel<T> interp() const;
  template <class T>
  const DeconvKernels<T>& deconv() const;
  template <class T>
  UnpoolKernel<T> unpool() const;
};

template <>
inline const DeconvKernels<float>& KernelTable::deconv<float>() const { return deconv_f32; }
template <>
inline const DeconvKernels<double>& KernelTable::deconv<double>() const { return deconv_f64; }

template <>
inline UnpoolKernel<float> KernelTable::unpool<float>() const { return unpool_f32; }
template <>
inline UnpoolKernel<double> KernelTable::unpool<double>() const { return unpool_f64; }

template <>
inline InterpKernel<float> KernelTable::interp<float>() const { return interp_f32; }
template <>
inline InterpKernel<double> KernelTable::interp<double>() const { return interp_f64; }
template <>
inline InterpKernel<std::uint8_t> KernelTable::interp<std::uint8_t>() const { return interp_u8; }

// One table per compiled level (defined in instantiate.cpp).
const KernelTable& kernel_table_baseline();
const KernelTable& kernel_table_avx2();
const KernelTable& kernel_table_avx512();

// The table in use: the best level this CPU runs, unless RESAMPLE_ISA or
// set_isa asked for a lower one.
const KernelTable& kernels();
Isa selected_isa();
// Selects `isa` for every later call; throws std::invalid_argument if it is
// not compiled in or this CPU cannot run it.
void select_isa(Isa isa);

}  // namespace resample
