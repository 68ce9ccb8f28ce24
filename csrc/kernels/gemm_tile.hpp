// The register tile of the packed matrix multiply: C[mr x nr] (+)= A * B,
// where A is a packed panel of mr rows (k-major: mr values per k) and B a
// packed panel of nr columns (nr values per k), nr = gemm_nb SIMD blocks.
//
// Each k step loads the nb blocks of B once and broadcasts mr values of A
// against them, so the tile's mr*nb accumulators stay in registers for the
// whole depth. AVX-512 has 32 vector registers: 8 x 3 = 24 accumulators plus
// three B blocks and a broadcast (8 rows rather than 12 x 2 because channel
// counts are usually multiples of 8, so no row of the tile is padding).
// AVX2 and SSE2 have 16: 6 x 2 = 12 accumulators. The file deconv_kernels.cpp that instantiates this is compiled with
// -ffp-contract=fast, so `acc += a * b` becomes one fused multiply-add where
// the level has FMA (see CMakeLists.txt): the matrix multiply is tested
// against the reference with a tolerance, not for bit-identity across levels.
#pragma once
#include <algorithm>
#include <cstdint>

#include "kernels/block.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

#if defined(__AVX512F__)
constexpr std::int64_t gemm_mr = 8, gemm_nb = 3;
#else
constexpr std::int64_t gemm_mr = 6, gemm_nb = 2;
#endif
template <class T>
constexpr std::int64_t gemm_nr = gemm_nb * block_size<T>;

// Where the tile finds depth k of its B panel: packed (nr values per k, one
// after the other), or read in place from a zero-padded copy of the input,
// depth k at base + offset[k] (see DeconvJob::unpacked_b).
template <class T>
struct PackedPanel {
  const T* data;
  const T* row(std::int64_t k) const { return data + k * gemm_nr<T>; }
};
template <class T>
struct InPlacePanel {
  const T* base;
  const std::int64_t* offset;
  const T* row(std::int64_t k) const { return base + offset[k]; }
};

// Memory the caller reads after a tile (the weight check's next piece, see
// deconv_check.hpp): two runs of `lines` cache lines, which the tile fetches
// a line now and then, spread over its depth. Fetched all at once between
// two tiles, they waited for the core's few line fill buffers.
struct TileFetch {
  const unsigned char* run[2] = {nullptr, nullptr};
  std::int64_t lines = 0;
};

// c (row stride ldc) = a * b over depth kc, or c += a * b with `accumulate`,
// for the first Nb SIMD blocks of the B panel.
template <std::int64_t Nb, class T, class Panel>
void gemm_tile_nb(std::int64_t kc, const T* __restrict a, const Panel& b, T* __restrict c, std::int64_t ldc,
                  bool accumulate, const TileFetch& fetch) {
  constexpr std::int64_t mr = gemm_mr, lanes = block_size<T>;
  using V = Block<T>;
  V acc[mr][Nb];
#pragma GCC unroll 16
  for (std::int64_t m = 0; m < mr; ++m)
#pragma GCC unroll 4
    for (std::int64_t j = 0; j < Nb; ++j) acc[m][j] = V{};
  // A line every `every` depths, alternating between the runs.
  const std::int64_t to_fetch = 2 * fetch.lines;
  const std::int64_t every = to_fetch > 0 ? std::max<std::int64_t>(1, kc / to_fetch) : kc + 1;
  std::int64_t fetched = 0, countdown = every;
  for (std::int64_t k = 0; k < kc; ++k) {
    if (--countdown == 0) {
      countdown = every;
      if (fetched < to_fetch) __builtin_prefetch(fetch.run[fetched & 1] + (fetched >> 1) * 64, 0, 3);
      ++fetched;
    }
    V bk[Nb];
    const T* bk_row = b.row(k);
#pragma GCC unroll 4
    for (std::int64_t j = 0; j < Nb; ++j) bk[j] = load(bk_row + j * lanes);
#pragma GCC unroll 16
    for (std::int64_t m = 0; m < mr; ++m) {
      const V am = broadcast(a[m]);
#pragma GCC unroll 4
      for (std::int64_t j = 0; j < Nb; ++j) acc[m][j] += am * bk[j];
    }
    a += mr;
  }
#pragma GCC unroll 16
  for (std::int64_t m = 0; m < mr; ++m) {
    T* row = c + m * ldc;
#pragma GCC unroll 4
    for (std::int64_t j = 0; j < Nb; ++j) {
      if (accumulate) acc[m][j] += load(row + j * lanes);
      store(row + j * lanes, acc[m][j]);
    }
  }
}

// The tile for `columns` (<= nr) valid columns of the B panel: a panel's
// last blocks of padding are skipped (DCGAN's 128-position work items fill
// two and two-thirds 48-wide panels at AVX-512; the last one runs 2 blocks).
template <class T, class Panel>
void gemm_tile(std::int64_t kc, const T* a, const Panel& b, T* c, std::int64_t ldc, bool accumulate,
               std::int64_t columns, const TileFetch& fetch) {
  const std::int64_t blocks = (columns + block_size<T> - 1) / block_size<T>;
  if (blocks >= gemm_nb) return gemm_tile_nb<gemm_nb>(kc, a, b, c, ldc, accumulate, fetch);
  if constexpr (gemm_nb > 2) {
    if (blocks == 2) return gemm_tile_nb<2>(kc, a, b, c, ldc, accumulate, fetch);
  }
  gemm_tile_nb<1>(kc, a, b, c, ldc, accumulate, fetch);
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
