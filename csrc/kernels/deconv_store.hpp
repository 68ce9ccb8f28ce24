// Writing one output row of a transposed convolution from its W phases.
//
// Both paths compute each W phase of a row contiguously (phase pw holds the
// outputs first + j*sw); the row itself interleaves them. Stride 1 is a plain
// copy, stride 2 (the usual x2 upsampling) interleaves two phases with
// shuffles, larger strides write the row in order; channels-last rows
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

// out[(pw + (col + j)*sw) * ostride] = phase(pw).data[j] + bias for every W
// phase pw < sw (phase pw starts at output pw) and j < phase(pw).count;
// `out` points at the row's output 0.
template <class T, class Phase>
void store_row_phases(T* out, std::int64_t ostride, std::int64_t sw, std::int64_t col, const Phase& phase, T bias) {
  std::int64_t done = 0;
  if (ostride == 1 && sw == 1) {
    const PhaseRow<T> p = phase(0);
    T* dst = out + col;
    for (std::int64_t j = 0; j < p.count; ++j) dst[j] = p.data[j] + bias;
    return;
  }
#if defined(__GNUC__) && !defined(__clang__)
  if (ostride == 1 && sw == 2) {
    // Blocks a (even outputs) and b (odd outputs) interleave into
    // a0 b0 a1 b1 ...: the low halves, then the high halves.
    constexpr std::int64_t lanes = block_size<T>;
    using Index = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
    Block<Index> lo, hi;
    for (std::int64_t j = 0; j < lanes; ++j) {
      lo[j] = static_cast<Index>(j / 2 + (j % 2) * lanes);
      hi[j] = static_cast<Index>(lanes / 2 + j / 2 + (j % 2) * lanes);
    }
    const PhaseRow<T> even = phase(0), odd = phase(1);
    const Block<T> b = broadcast(bias);
    T* dst = out + 2 * col;
    const std::int64_t pairs = std::min(even.count, odd.count);
    for (; done + lanes <= pairs; done += lanes) {
      const Block<T> e = load(even.data + done) + b, o = load(odd.data + done) + b;
      store(dst + 2 * done, __builtin_shuffle(e, o, lo));
      store(dst + 2 * done + lanes, __builtin_shuffle(e, o, hi));
    }
  }
#endif
  if (ostride == 1 && sw > 2) {
    // Larger strides: write the row in order, up to 16 phases side by side
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

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
