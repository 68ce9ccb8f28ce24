// Folding a pooling window's taps: the in-bounds taps of one window as a grid
// of vectors (input rows, or input cells of channels), reduced element by
// element into a row, a SIMD block at a time. Generic over the reduction
// (pool.hpp's MaxReduce and SumReduce), which fixes the order: raster order
// over the taps, whatever the vector width.
#pragma once
#include <cstdint>

#include "kernels/block.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

// The in-bounds taps of one window: a count[0] x count[1] x count[2] grid of
// vectors (input rows, or input cells of `lanes` channels), tap (a, b, c)
// starting at first + a*step[0] + b*step[1] + c*step[2]. Folds walk it in
// raster order, the window's (kd, kh, kw) order. Steps, not a list of
// pointers: computing the taps costs nothing per output row, which matters
// for short rows (a 56-wide feature map spent more on gathering its three
// row pointers than on folding them).
template <class T>
struct TapGrid {
  const T* first;
  std::int64_t step[3];
  std::int64_t count[3];
};

// Calls visit(offset) for every tap of g after the first, in raster order.
// N0..N2: the counts, when known at compile time (0: read from g), so the
// usual windows unroll and their offsets stay in registers.
template <int N0, int N1, int N2, class T, class Visit>
inline void for_each_later_tap(const TapGrid<T>& g, Visit&& visit) {
  const std::int64_t n0 = N0 > 0 ? N0 : g.count[0], n1 = N1 > 0 ? N1 : g.count[1], n2 = N2 > 0 ? N2 : g.count[2];
  for (std::int64_t a = 0; a < n0; ++a)
    for (std::int64_t b = 0; b < n1; ++b)
      for (std::int64_t c = a == 0 && b == 0 ? 1 : 0; c < n2; ++c)
        visit(a * g.step[0] + b * g.step[1] + c * g.step[2]);
}

// row[x*lanes + c] = the reduction over the taps of element (x, c), which a
// tap holds at x*sw + c*sc: the scalar form of fold_taps, for any strides.
template <class T, class Reduce>
void fold_strided_taps(const TapGrid<T>& g, std::int64_t width, std::int64_t lanes, std::int64_t sw,
                       std::int64_t sc, T* __restrict row) {
  for (std::int64_t x = 0; x < width; ++x)
    for (std::int64_t c = 0; c < lanes; ++c) {
      const T* at = g.first + x * sw + c * sc;
      T v = at[0];
      for_each_later_tap<0, 0, 0>(g, [&](std::int64_t offset) { v = Reduce::combine(v, at[offset]); });
      row[x * lanes + c] = v;
    }
}

// fold_taps for n >= one block, in one pass over `row` with the running
// values in registers. A partial last block is computed as the full block
// ending at n: where it overlaps the blocks before it, it stores the same
// results, so there is no scalar tail.
template <int N0, int N1, int N2, class T, class Reduce>
void fold_taps_in_registers(const TapGrid<T>& g, std::int64_t n, T* __restrict row) {
  constexpr std::int64_t B = block_size<T>;
  auto fold_block = [&](std::int64_t i) {
    const T* p = g.first + i;
    Block<T> v = load(p);
    for_each_later_tap<N0, N1, N2>(g, [&](std::int64_t offset) { v = Reduce::combine(v, load(p + offset)); });
    store(row + i, v);
  };
  const std::int64_t full = n / B * B;
  for (std::int64_t i = 0; i < full; i += B) fold_block(i);
  if (full < n) fold_block(n - B);
}

// fold_taps for n >= one block, one tap after the other, each a sequential
// pass over `row`. A partial last block is the full block ending at n,
// combined with the values `row` had before this tap; they are read before
// the tap's main loop overwrites them.
template <class T, class Reduce>
void fold_taps_in_sequence(const TapGrid<T>& g, std::int64_t n, T* __restrict row) {
  constexpr std::int64_t B = block_size<T>;
  const std::int64_t full = n / B * B;
  const T* __restrict src = g.first;
  for (std::int64_t i = 0; i < full; i += B) store(row + i, load(src + i));
  if (full < n) store(row + n - B, load(src + n - B));
  for_each_later_tap<0, 0, 0>(g, [&](std::int64_t offset) {
    const T* __restrict tap = g.first + offset;
    const Block<T> old_tail = load(row + n - B);
    for (std::int64_t i = 0; i < full; i += B) store(row + i, Reduce::combine(load(row + i), load(tap + i)));
    if (full < n) store(row + n - B, Reduce::combine(old_tail, load(tap + n - B)));
  });
}

// row[i] = the reduction over the taps of g of tap[i], i < n, for taps of n
// contiguous elements.
//
// Two loop orders, chosen by measurement: when windows do not overlap, every
// input row comes from memory once, and reading the rows one after the other
// keeps the input a single sequential stream; interleaving them (the other
// order) defeats the hardware prefetchers and was 2x slower (k2 s2 on
// 224-wide rows). When windows overlap, most rows are still in cache from the
// previous output row, and one pass over `row` with the running values in
// registers wins by 15-20%.
template <class T, class Reduce>
__attribute__((always_inline)) inline void fold_taps(const TapGrid<T>& g, std::int64_t n, bool in_sequence,
                                                     T* __restrict row) {
  if (n < block_size<T>) return fold_strided_taps<T, Reduce>(g, n, 1, 1, 1, row);
  if (in_sequence) return fold_taps_in_sequence<T, Reduce>(g, n, row);
  const std::int64_t* c = g.count;
  // Unrolled for the usual windows: 2-D rows (1, k, 1), 3-D rows (k, k, 1),
  // 2-D cells (1, k, k), for k = 1 to 3, the border's shorter ones included.
  if (c[0] == 1 && c[2] == 1) {
    if (c[1] == 1) return fold_taps_in_registers<1, 1, 1, T, Reduce>(g, n, row);
    if (c[1] == 2) return fold_taps_in_registers<1, 2, 1, T, Reduce>(g, n, row);
    if (c[1] == 3) return fold_taps_in_registers<1, 3, 1, T, Reduce>(g, n, row);
  } else if (c[2] == 1 && c[0] == c[1]) {
    if (c[1] == 2) return fold_taps_in_registers<2, 2, 1, T, Reduce>(g, n, row);
    if (c[1] == 3) return fold_taps_in_registers<3, 3, 1, T, Reduce>(g, n, row);
  } else if (c[0] == 1 && c[1] == c[2]) {
    if (c[1] == 2) return fold_taps_in_registers<1, 2, 2, T, Reduce>(g, n, row);
    if (c[1] == 3) return fold_taps_in_registers<1, 3, 3, T, Reduce>(g, n, row);
  }
  fold_taps_in_registers<0, 0, 0, T, Reduce>(g, n, row);
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
