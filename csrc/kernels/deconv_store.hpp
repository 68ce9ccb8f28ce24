// Writing one output row of a transposed convolution from its W phases.
//
// Both paths compute each W phase of a row contiguously (phase pw holds the
// outputs first + j*sw); the row itself interleaves them. Stride 1 is a plain
// copy, power-of-two strides (x2 upsampling above all) interleave the phases
// with shuffles, other strides write the row in order; channels-last rows
// (ostride = channels) scatter element by element.
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/block.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

// A W phase's computed outputs: data[j] is the phase's output col + j.
template <class T>
struct PhaseRow {
  const T* data;
  std::int64_t count;
};

#if defined(__GNUC__) && !defined(__clang__)
// Interleaves S (a power of two) phase blocks: out, S blocks, holds
// in[0][0], in[1][0], ..., in[S-1][0], in[0][1], ... That is the
// interleave of the even phases zipped with the interleave of the odd ones
// (zip: a0 b0 a1 b1 ..., the low halves of a and b, then the high halves).
// Always inlined: GCC otherwise calls it for S = 4, passing the blocks
// through memory (1.6% of the 1D audio layer's time).
template <std::int64_t S, class T>
__attribute__((always_inline)) inline void interleave_phases(const Block<T>* in, Block<T>* out) {
  if constexpr (S == 1) {
    out[0] = in[0];
  } else {
    constexpr std::int64_t lanes = block_size<T>;
    using Index = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
    Block<Index> lo, hi;
    for (std::int64_t j = 0; j < lanes; ++j) {
      lo[j] = static_cast<Index>(j / 2 + (j % 2) * lanes);
      hi[j] = static_cast<Index>(lanes / 2 + j / 2 + (j % 2) * lanes);
    }
    Block<T> even[S / 2], odd[S / 2], e[S / 2], o[S / 2];
    for (std::int64_t i = 0; i < S / 2; ++i) even[i] = in[2 * i], odd[i] = in[2 * i + 1];
    interleave_phases<S / 2, T>(even, e);
    interleave_phases<S / 2, T>(odd, o);
    for (std::int64_t b = 0; b < S / 2; ++b) {
      out[2 * b] = __builtin_shuffle(e[b], o[b], lo);
      out[2 * b + 1] = __builtin_shuffle(e[b], o[b], hi);
    }
  }
}

// The first `done` outputs of every phase (a multiple of the SIMD block, at
// most the shortest phase's count) written S blocks at a time, with
// non-temporal stores when `stream` and dst is aligned for them. Returns done.
template <std::int64_t S, class T, class Phase>
__attribute__((always_inline)) inline std::int64_t store_interleaved(T* dst, const Phase& phase, T bias, bool stream) {
  constexpr std::int64_t lanes = block_size<T>;
  const T* src[S];
  for (std::int64_t i = 0; i < S; ++i) src[i] = phase(i).data;
  const std::int64_t common = phase(S - 1).count;  // the last phase is the shortest
  const Block<T> b = broadcast(bias);
  stream = stream && reinterpret_cast<std::uintptr_t>(dst) % block_bytes == 0;
  std::int64_t done = 0;
  for (; done + lanes <= common; done += lanes) {
    Block<T> in[S], out[S];
    for (std::int64_t i = 0; i < S; ++i) in[i] = load(src[i] + done) + b;
    interleave_phases<S, T>(in, out);
    T* d = dst + done * S;
    if (stream) {
      for (std::int64_t i = 0; i < S; ++i) stream_block(d + i * lanes, out[i]);
    } else {
      for (std::int64_t i = 0; i < S; ++i) store(d + i * lanes, out[i]);
    }
  }
  return done;
}

// Rows shorter than a block (small images: DCGAN's 4x4 inputs give rows of
// 4 per phase), of `cols` outputs in every one of the S phases, cols
// dividing the block. Phase pw's rows follow each other from src[pw], so a
// block of each phase holds block/cols rows; interleaved, each row is a run
// of cols*S outputs in the S blocks, written to row_out(r) (the row's output
// `col`) with one masked store, or whole blocks when it is longer than one.
// Rows go a block's worth at a time; returns how many were done.
template <std::int64_t S, class T, class RowOut>
__attribute__((always_inline)) inline std::int64_t store_short_rows(const T* const* src, std::int64_t rows,
                                                                    std::int64_t cols, const RowOut& row_out,
                                                                    T bias) {
  constexpr std::int64_t lanes = block_size<T>;
  const std::int64_t per_block = lanes / cols, length = cols * S;
  const Block<T> b = broadcast(bias);
  std::int64_t r = 0;
  for (; r + per_block <= rows; r += per_block) {
    Block<T> in[S], out[S];
    for (std::int64_t i = 0; i < S; ++i) in[i] = load(src[i] + r * cols) + b;
    interleave_phases<S, T>(in, out);
    for (std::int64_t i = 0; i < per_block; ++i) {
      const std::int64_t at = i * length;  // where row r + i starts in out
      T* dst = row_out(r + i);
      if (length >= lanes) {
        for (std::int64_t j = 0; j < length; j += lanes) store(dst + j, out[(at + j) / lanes]);
      } else {
        store_lanes(dst, out[at / lanes], at % lanes, length);
      }
    }
  }
  return r;
}
#endif

// out[(pw + (col + j)*sw) * ostride] = phase(pw).data[j] + bias for every W
// phase pw < sw (phase pw starts at output pw) and j < phase(pw).count;
// `out` points at the row's output 0. Contiguous rows (ostride 1) with a
// stride of 1, 2, 4, 8 or 16 are written a SIMD block at a time (with
// non-temporal stores if `stream`, for outputs far larger than the caches;
// the caller then ends with stream_fence()), the rest element by element.
// Always inlined into the caller's loop over rows: short rows (64 outputs,
// 65,536 of them per call of the 3D U-Net layer) paid for a call each.
template <class T, class Phase>
__attribute__((always_inline)) inline void store_row_phases(T* out, std::int64_t ostride, std::int64_t sw,
                                                            std::int64_t col, const Phase& phase, T bias,
                                                            bool stream = false) {
  std::int64_t done = 0;
#if defined(__GNUC__) && !defined(__clang__)
  if (ostride == 1) {
    T* dst = out + col * sw;
    switch (sw) {
      case 1: done = store_interleaved<1>(dst, phase, bias, stream); break;
      case 2: done = store_interleaved<2>(dst, phase, bias, stream); break;
      case 4: done = store_interleaved<4>(dst, phase, bias, stream); break;
      case 8: done = store_interleaved<8>(dst, phase, bias, stream); break;
      case 16: done = store_interleaved<16>(dst, phase, bias, stream); break;
      default: break;
    }
  }
#endif
  if (ostride == 1 && sw > 2) {
    // Other strides: write the row in order, up to 16 phases side by side
    // (each output line is then filled at once, not revisited per phase).
    constexpr std::int64_t chunk = 16;
    const std::int64_t common = phase(sw - 1).count;  // the last phase is the shortest
    for (std::int64_t p0 = 0; p0 < sw; p0 += chunk) {
      const std::int64_t n = std::min(chunk, sw - p0);
      const T* src[chunk];
      for (std::int64_t i = 0; i < n; ++i) src[i] = phase(p0 + i).data;
      T* dst = out + col * sw + p0;
      for (std::int64_t j = done; j < common; ++j)
        for (std::int64_t i = 0; i < n; ++i) dst[j * sw + i] = src[i][j] + bias;
    }
    done = std::max(done, common);
  }
  const std::int64_t step = sw * ostride;
  for (std::int64_t pw = 0; pw < sw; ++pw) {
    const PhaseRow<T> p = phase(pw);
    T* dst = out + (pw + col * sw) * ostride;
    for (std::int64_t j = done; j < p.count; ++j) dst[j * step] = p.data[j] + bias;
  }
}

// store_short_rows for any stride sw; 0 rows done where it does not apply
// (a stride other than 1, 2, 4, 8 or 16, or cols not dividing the block).
template <class T, class RowOut>
__attribute__((always_inline)) inline std::int64_t store_short_rows_any(std::int64_t sw, const T* const* src,
                                                                        std::int64_t rows, std::int64_t cols,
                                                                        const RowOut& row_out, T bias) {
#if defined(__GNUC__) && !defined(__clang__)
  if (cols < 1 || cols >= block_size<T> || block_size<T> % cols != 0) return 0;
  switch (sw) {
    case 1: return store_short_rows<1>(src, rows, cols, row_out, bias);
    case 2: return store_short_rows<2>(src, rows, cols, row_out, bias);
    case 4: return store_short_rows<4>(src, rows, cols, row_out, bias);
    case 8: return store_short_rows<8>(src, rows, cols, row_out, bias);
    case 16: return store_short_rows<16>(src, rows, cols, row_out, bias);
    default: return 0;
  }
#else
  return 0;
#endif
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
