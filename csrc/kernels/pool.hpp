// Max and average pooling, 1D/2D/3D, channels-first and channels-last: one
// generic kernel, instantiated per element type, reduction and ISA level.
//
// Work is split by output row (plane, od, oh). Channels-first (as in MLAS):
//  1. fold the window's in-bounds input rows (kd, kh) into one padded row
//     buffer, element by element, a SIMD block at a time;
//  2. fold that buffer across the kw taps into the output row, a block of
//     outputs at a time. The buffer's padding cells hold the reduction's
//     identity, so this pass has no bounds checks; the stride is a
//     compile-time constant for the common 1 and 2, so strided loads are
//     shuffles.
// Channels-last: each output cell folds its window's input cells directly,
// vectorized across channels.
// Each output's reduction order is fixed by these loops, never by the vector
// width, so every ISA level gives bit-identical results.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/batch.hpp"
#include "core/parallel.hpp"
#include "kernels/block.hpp"
#include "kernels/pool_job.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

template <class T>
struct MaxReduce {
  static constexpr bool averages = false;
  static constexpr T identity() {
    if constexpr (std::numeric_limits<T>::has_infinity)
      return -std::numeric_limits<T>::infinity();
    else
      return std::numeric_limits<T>::lowest();
  }
  // PyTorch's rule: a NaN wins (and stays), otherwise the strictly larger
  // value. For scalars and blocks alike.
  template <class V>
  static auto wins(const V& v, const V& acc) {
    if constexpr (std::numeric_limits<T>::has_quiet_NaN)
      return (v > acc) | (v != v);
    else
      return v > acc;  // integers
  }
  // The same rule as `wins`, written as a max and a NaN select so that
  // scalar code compiles to maxss and a blend, not to branches that random
  // data mispredicts.
  template <class V>
  static V combine(V acc, V v) {
    const V larger = v > acc ? v : acc;
    if constexpr (std::numeric_limits<T>::has_quiet_NaN)
      return v != v ? v : larger;
    else
      return larger;
  }
};

template <class T>
struct SumReduce {
  static constexpr bool averages = true;
  static constexpr T identity() { return T(0); }
  template <class V>
  static V combine(V acc, V v) {
    return acc + v;
  }
};

template <class T>
std::int64_t plane_offset(const PoolJob<T>& job, std::int64_t plane) {
  return resample::plane_offset(job.batch_ndim, job.batch_shape, job.batch_stride, plane);
}

// Most window rows (kd, kh taps) folded in one pass; more are folded in chunks.
constexpr int max_rows_per_pass = 32;

// Folds `count` input rows of any strides into `row` (element (x, c) of an
// input row is at x*sw + c*sc): the scalar form of fold_contiguous_rows.
template <class T, class Reduce>
void fold_strided_rows(const T* const* rows, int count, bool first, std::int64_t width, std::int64_t lanes,
                       std::int64_t sw, std::int64_t sc, T* __restrict row) {
  for (std::int64_t x = 0; x < width; ++x)
    for (std::int64_t c = 0; c < lanes; ++c) {
      const std::int64_t at = x * sw + c * sc;
      T v = first ? rows[0][at] : Reduce::combine(row[x * lanes + c], rows[0][at]);
      for (int r = 1; r < count; ++r) v = Reduce::combine(v, rows[r][at]);
      row[x * lanes + c] = v;
    }
}

// fold_contiguous_rows for n >= one block, in one pass over `row`, the running
// values in registers; Count is `count` as a compile-time constant (0: not).
template <int Count, class T, class Reduce>
void fold_rows_in_registers(const T* const* rows, int count, bool first, std::int64_t n, T* __restrict row) {
  constexpr std::int64_t B = block_size<T>;
  const int taps = Count > 0 ? Count : count;
  auto fold_block = [&](std::int64_t i, const Block<T>& old) {
    Block<T> v = load(rows[0] + i);
    if (!first) v = Reduce::combine(old, v);
    for (int r = 1; r < taps; ++r) v = Reduce::combine(v, load(rows[r] + i));
    return v;
  };
  // The partial last block: see fold_contiguous_rows.
  const std::int64_t full = n / B * B;
  const Block<T> old_tail = load(row + n - B);
  for (std::int64_t i = 0; i < full; i += B) store(row + i, fold_block(i, load(row + i)));
  if (full < n) store(row + n - B, fold_block(n - B, old_tail));
}

// Folds `count` input rows into `row`, element by element: row[i] becomes the
// reduction of (row[i] unless `first`) and each rows[r][i].
//
// Two loop orders, chosen by measurement: when windows do not overlap, every
// input row comes from memory once, and reading the rows one after the other
// keeps the input a single sequential stream; interleaving them (the other
// order) defeats the hardware prefetchers and was 2x slower (k2 s2 on
// 224-wide rows). When windows overlap, most rows are still in cache from the
// previous output row, and one pass over `row` with the running values in
// registers wins by 15-20%.
template <class T, class Reduce>
void fold_contiguous_rows(const T* const* rows, int count, bool first, bool row_by_row, std::int64_t n,
                          T* __restrict row) {
  constexpr std::int64_t B = block_size<T>;
  if (n < B) return fold_strided_rows<T, Reduce>(rows, count, first, n, 1, 1, 1, row);
  // A partial last block is computed as the full block ending at n, from the
  // values `row` had before this fold; where it overlaps the blocks before it,
  // it stores the same results, so there is no scalar tail. It is read after
  // the main loop: reading a row's end first would break the sequential
  // stream the prefetchers follow.
  const std::int64_t full = n / B * B;
  const bool tail = full < n;
  if (row_by_row) {
    for (int r = 0; r < count; ++r) {
      const T* __restrict src = rows[r];
      if (first && r == 0) {
        for (std::int64_t i = 0; i < full; i += B) store(row + i, load(src + i));
        if (tail) store(row + n - B, load(src + n - B));
        continue;
      }
      const Block<T> old_tail = load(row + n - B);
      for (std::int64_t i = 0; i < full; i += B) store(row + i, Reduce::combine(load(row + i), load(src + i)));
      if (tail) store(row + n - B, Reduce::combine(old_tail, load(src + n - B)));
    }
    return;
  }
  switch (count) {  // unrolled for the usual window heights (2, 3) and areas (4, 9)
    case 2: return fold_rows_in_registers<2, T, Reduce>(rows, count, first, n, row);
    case 3: return fold_rows_in_registers<3, T, Reduce>(rows, count, first, n, row);
    case 4: return fold_rows_in_registers<4, T, Reduce>(rows, count, first, n, row);
    case 9: return fold_rows_in_registers<9, T, Reduce>(rows, count, first, n, row);
    default: return fold_rows_in_registers<0, T, Reduce>(rows, count, first, n, row);
  }
}

// Calls visit(id, ih) for each in-bounds input row (kd, kh) of output row
// (od, oh)'s window, in raster order.
template <class T, class Visit>
void for_each_window_row(const PoolJob<T>& job, std::int64_t od, std::int64_t oh, Visit&& visit) {
  const PoolWindow& w = job.window;
  const TapRange rd = job.taps[0][od], rh = job.taps[1][oh];
  for (std::int64_t kd = rd.first; kd < rd.first + rd.count; ++kd) {
    const std::int64_t id = od * w.stride[0] - w.padding[0] + kd * w.dilation[0];
    for (std::int64_t kh = rh.first; kh < rh.first + rh.count; ++kh)
      visit(id, oh * w.stride[1] - w.padding[1] + kh * w.dilation[1]);
  }
}

// Folds the vectors (n elements, `lanes` per cell, input strides sw, sc)
// that add() is given, in order, into `acc`: up to max_rows_per_pass at a
// time, the first batch overwriting `acc`.
template <class T, class Reduce>
class TapFolder {
 public:
  TapFolder(T* acc, std::int64_t width, std::int64_t lanes, std::int64_t sw, std::int64_t sc, bool row_by_row)
      : acc_(acc), width_(width), lanes_(lanes), sw_(sw), sc_(sc), row_by_row_(row_by_row),
        contiguous_(lanes == 1 ? (sw == 1 || width == 1) : (sc == 1 && (sw == lanes || width == 1))) {}
  void add(const T* p) {
    taps_[count_++] = p;
    if (count_ == max_rows_per_pass) flush();
  }
  void flush() {
    if (count_ == 0) return;
    if (contiguous_)
      fold_contiguous_rows<T, Reduce>(taps_, count_, first_, row_by_row_, width_ * lanes_, acc_);
    else
      fold_strided_rows<T, Reduce>(taps_, count_, first_, width_, lanes_, sw_, sc_, acc_);
    first_ = false;
    count_ = 0;
  }

 private:
  const T* taps_[max_rows_per_pass];
  int count_ = 0;
  bool first_ = true;
  T* acc_;
  std::int64_t width_, lanes_, sw_, sc_;
  bool row_by_row_, contiguous_;
};

// Step 1 (channels-first): row[w - lo] = reduction over the window's
// in-bounds input rows (kd, kh) of input(id, ih, w), for columns lo <= w < hi
// (cells of `lanes` elements for channels-last rows of cells).
template <class T, class Reduce>
void fold_window_rows(const PoolJob<T>& job, const T* plane, std::int64_t od, std::int64_t oh, std::int64_t lo,
                      std::int64_t hi, T* row) {
  TapFolder<T, Reduce> folder(row, hi - lo, job.lanes, job.in_stride[2], job.lane_stride,
                              job.plan.rows_in_sequence);
  const T* first_column = plane + lo * job.in_stride[2];
  for_each_window_row(job, od, oh, [&](std::int64_t id, std::int64_t ih) {
    folder.add(first_column + id * job.in_stride[0] + ih * job.in_stride[1]);
  });
  folder.flush();
}

// The reduction of p[0..n), in an order that no vector width changes: L =
// 256 bytes of running values, value j taking p[j], p[j + L], p[j + 2L], ...
// in turn, then folded in halves (j with j + L/2, then + L/4, ...). Four to
// sixteen SIMD blocks hold them: long windows (a global average, a wide 1D
// kernel) fold several independent blocks per step, at memory speed, instead
// of one element.
template <class T>
constexpr std::int64_t run_lanes = 256 / sizeof(T);

template <class T, class Reduce>
T reduce_run(const T* __restrict p, std::int64_t n) {
  constexpr std::int64_t lanes = run_lanes<T>, B = block_size<T>;
  if (n < lanes) {
    T v = p[0];
    for (std::int64_t t = 1; t < n; ++t) v = Reduce::combine(v, p[t]);
    return v;
  }
  static_assert(lanes % B == 0, "the running values fill whole blocks");
  T running[lanes];
  const std::int64_t whole = n / lanes * lanes;
  Block<T> acc[lanes / B];
  for (std::int64_t b = 0; b < lanes / B; ++b) acc[b] = load(p + b * B);
  for (std::int64_t i = lanes; i < whole; i += lanes)
    for (std::int64_t b = 0; b < lanes / B; ++b) acc[b] = Reduce::combine(acc[b], load(p + i + b * B));
  for (std::int64_t b = 0; b < lanes / B; ++b) store(running + b * B, acc[b]);
  for (std::int64_t j = 0; whole + j < n; ++j) running[j] = Reduce::combine(running[j], p[whole + j]);
  for (std::int64_t half = lanes / 2; half > 0; half /= 2)
    for (std::int64_t j = 0; j < half; ++j) running[j] = Reduce::combine(running[j], running[j + half]);
  return running[0];
}

// Whether fold_window_columns reduces output by output (reading exactly each
// window's taps) rather than a block of outputs at a time: for rows narrower
// than a block, and for long contiguous windows, which reduce_run folds in
// its own order. That order must not depend on the block size, so long
// windows take it on every ISA level.
template <class T>
bool folds_per_output(std::int64_t out_width, std::int64_t taps, std::int64_t dilation) {
  return out_width < block_size<T> || (dilation == 1 && taps >= run_lanes<T>);
}

// Step 2, channels-first: out[o] = reduction over kw of buf[o*stride + kw*dilation],
// divided by row_divisor * col_divisors[o] when averaging, a block of outputs
// at a time. Outputs depend only on `buf`, so a last partial block is
// recomputed overlapping the previous one; rows narrower than a block are
// done one output at a time (reading only their own taps).
template <class T, class Reduce, int Stride, int Taps>
void fold_window_columns(const T* __restrict buf, T* __restrict out, T row_divisor,
                         const T* __restrict col_divisors, std::int64_t out_width, std::int64_t stride,
                         std::int64_t kernel, std::int64_t dilation) {
  constexpr std::int64_t B = block_size<T>;
  const std::int64_t s = Stride > 0 ? Stride : stride;
  const std::int64_t taps = Taps > 0 ? Taps : kernel;
  if (folds_per_output<T>(out_width, taps, dilation)) {
    for (std::int64_t o = 0; o < out_width; ++o) {
      T v;
      if (dilation == 1) {
        v = reduce_run<T, Reduce>(buf + o * s, taps);
      } else {
        v = buf[o * s];
        for (std::int64_t t = 1; t < taps; ++t) v = Reduce::combine(v, buf[o * s + t * dilation]);
      }
      if constexpr (Reduce::averages) v /= row_divisor * col_divisors[o];
      out[o] = v;
    }
    return;
  }
  const Block<T> row_divisors = broadcast(row_divisor);
  auto fold_block = [&](std::int64_t o) {
    const T* __restrict window = buf + o * s;
    Block<T> v = load_every<Stride>(window, s);
    for (std::int64_t t = 1; t < taps; ++t) v = Reduce::combine(v, load_every<Stride>(window + t * dilation, s));
    if constexpr (Reduce::averages) v = v / (row_divisors * load(col_divisors + o));
    store(out + o, v);
  };
  std::int64_t o = 0;
  for (; o + B <= out_width; o += B) fold_block(o);
  if (o < out_width) fold_block(out_width - B);
}

// Step 2, channels-first, along an axis of per-output tap tables (window
// stride 0, adaptive pooling): out[o] = reduction of buf[first .. first +
// count) of taps[o], left to right, one output at a time.
template <class T, class Reduce>
void fold_table_columns(const T* __restrict buf, T* __restrict out, T row_divisor, const T* __restrict col_divisors,
                        const TapRange* __restrict taps, std::int64_t out_width) {
  for (std::int64_t o = 0; o < out_width; ++o) {
    T v = reduce_run<T, Reduce>(buf + taps[o].first, taps[o].count);
    if constexpr (Reduce::averages) v /= row_divisor * col_divisors[o];
    out[o] = v;
  }
}

// Step 2 for rows of cells (channels-last with fewer channels than a block,
// buf holding `lanes` elements per input column): out[o*lanes + c] =
// reduction over the taps t of window o of buf[tap*lanes + c], in tap order.
// Windows are strided (first o*stride, `kernel` taps `dilation` apart) or,
// with stride 0, the adaptive `tables`. Stride 1 is one channels-first fold
// over elements (a tap `dilation * lanes` elements on); the rest go element
// by element.
template <class T, class Reduce>
void fold_cell_columns(const T* __restrict buf, T* __restrict out, T row_divisor, const T* __restrict col_divisors,
                       std::int64_t out_width, std::int64_t lanes, std::int64_t stride, std::int64_t kernel,
                       std::int64_t dilation, const TapRange* __restrict tables) {
  if (stride == 1) {
    if (kernel == 3)
      return fold_window_columns<T, Reduce, 1, 3>(buf, out, row_divisor, col_divisors, out_width * lanes, 1,
                                                  kernel, dilation * lanes);
    return fold_window_columns<T, Reduce, 1, 0>(buf, out, row_divisor, col_divisors, out_width * lanes, 1, kernel,
                                               dilation * lanes);
  }
  for (std::int64_t o = 0; o < out_width; ++o) {
    const std::int64_t first = stride > 0 ? o * stride : tables[o].first;
    const std::int64_t taps = stride > 0 ? kernel : tables[o].count, step = stride > 0 ? dilation : 1;
    for (std::int64_t c = 0; c < lanes; ++c) {
      const T* __restrict column = buf + first * lanes + c;
      T v = column[0];
      for (std::int64_t t = 1; t < taps; ++t) v = Reduce::combine(v, column[t * step * lanes]);
      if constexpr (Reduce::averages) v /= row_divisor * col_divisors[o * lanes + c];
      out[o * lanes + c] = v;
    }
  }
}

// Channels-last: each output cell is the reduction over its window's
// in-bounds taps (kd, kh, kw), in raster order, of input cells of `lanes`
// channels, folded in one pass with the running values in registers. No row
// buffer: a row of cells is `lanes` times longer than a channels-first row
// and would not stay in L1.
template <class T, class Reduce>
void fold_window_cells(const PoolJob<T>& job, const T* plane, std::int64_t od, std::int64_t oh, std::int64_t o0,
                       std::int64_t o1, T* __restrict out, T row_divisor, const T* __restrict col_divisors) {
  const PoolWindow& w = job.window;
  const std::int64_t lanes = job.lanes, sw = job.in_stride[2];
  for (std::int64_t ow = o0; ow < o1; ++ow) {
    T* __restrict cell = out + ow * lanes;
    const TapRange rw = job.taps[2][ow];
    TapFolder<T, Reduce> folder(cell, 1, lanes, sw, job.lane_stride, false);
    for_each_window_row(job, od, oh, [&](std::int64_t id, std::int64_t ih) {
      const T* row = plane + id * job.in_stride[0] + ih * job.in_stride[1];
      for (std::int64_t kw = rw.first; kw < rw.first + rw.count; ++kw)
        folder.add(row + (ow * w.stride[2] - w.padding[2] + kw * w.dilation[2]) * sw);
    });
    folder.flush();
    if constexpr (Reduce::averages) {
      const T divisor = row_divisor * col_divisors[ow];
      for (std::int64_t c = 0; c < lanes; ++c) cell[c] /= divisor;
    }
  }
}

// Average pooling: an output's divisor is row_divisor(od, oh) * col_divisors[ow],
// both small integers, so their float product is exact.
template <class T>
T row_divisor(const PoolJob<T>& job, std::int64_t od, std::int64_t oh) {
  if (job.divisor_override > 0) return T(job.divisor_override);
  // In double: with huge kernels the integer product could overflow.
  return T(double(job.divisor_counts[0][od]) * double(job.divisor_counts[1][oh]));
}

// Column divisors, each repeated `repeat` times (once per element of a cell
// for rows of cells).
template <class T>
void fill_col_divisors(const PoolJob<T>& job, T* __restrict col_divisors, std::int64_t length, std::int64_t repeat) {
  for (std::int64_t e = 0; e < length; ++e) {
    const std::int64_t o = e / repeat;
    col_divisors[e] = job.divisor_override > 0 || o >= job.out_size[2] ? T(1) : T(job.divisor_counts[2][o]);
  }
}

// Max or average pooling without indices.
template <class T, class Reduce>
void pool(const PoolJob<T>& job) {
  const std::int64_t OD = job.out_size[0], OH = job.out_size[1], OW = job.out_size[2];
  const std::int64_t lanes = job.lanes, W = job.in_size[2];
  const PoolWindow& w = job.window;
  const std::int64_t s = w.stride[2], k = w.kernel[2], d = w.dilation[2], p = w.padding[2];
  const PoolPlan& plan = job.plan;
  const std::int64_t chunks = (OW + plan.chunk_outputs - 1) / plan.chunk_outputs;
  parallel_for(job.planes * OD * OH * chunks, job.threads, [&](std::int64_t begin, std::int64_t end, int thread) {
    T* buf = job.scratch + thread * plan.scratch;
    T* col_divisors = buf + plan.buf;
    // Channels-last with few channels runs as channels-first rows of cells.
    const bool cell_rows = lanes > 1 && !plan.cells && !plan.direct;
    if constexpr (Reduce::averages) fill_col_divisors(job, col_divisors, plan.divisors, cell_rows ? lanes : 1);
    // The stride (and, for the common 3, the kernel width) as compile-time
    // constants, so strided loads become shuffles and tap loops unroll.
    // (Unrolling k=2, s=2 too measured slower with AVX-512.)
    auto fold_columns = [&](T* out, T divisor, const T* divisors, std::int64_t n) {
      if (s == 1 && k == 3)
        fold_window_columns<T, Reduce, 1, 3>(buf, out, divisor, divisors, n, s, k, d);
      else if (s == 1)
        fold_window_columns<T, Reduce, 1, 0>(buf, out, divisor, divisors, n, s, k, d);
      else if (s == 2 && k == 3)
        fold_window_columns<T, Reduce, 2, 3>(buf, out, divisor, divisors, n, s, k, d);
      else if (s == 2)
        fold_window_columns<T, Reduce, 2, 0>(buf, out, divisor, divisors, n, s, k, d);
      else
        fold_window_columns<T, Reduce, 0, 0>(buf, out, divisor, divisors, n, s, k, d);
    };
    std::int64_t plane = -1;
    const T* in_plane = nullptr;
    std::int64_t data_begin = -1, data_end = -1;  // where buf holds input data, not identity
    std::int64_t item = begin, chunk = begin % chunks;
    for (RowCursor at(begin / chunks, OD, OH); item < end; ++item) {
      const std::int64_t od = at.od, oh = at.oh;
      if (at.plane != plane) {
        plane = at.plane;
        in_plane = job.in + plane_offset(job, plane);
      }
      T* out = job.out + ((at.plane * OD + od) * OH + oh) * OW * lanes;
      const T divisor = Reduce::averages ? row_divisor(job, od, oh) : T(1);
      const std::int64_t o0 = chunk * plan.chunk_outputs, o1 = std::min(OW, o0 + plan.chunk_outputs);
      const std::int64_t x0 = o0 * s - p, x1 = (o1 - 1) * s - p + (k - 1) * d + 1;
      const TapRange rd = job.taps[0][od], rh = job.taps[1][oh];
      if (plan.cells || plan.direct) {
        fold_window_cells<T, Reduce>(job, in_plane, od, oh, o0, o1, out, divisor, col_divisors);
      } else if (lanes == 1 && rd.count == 1 && rh.count == 1 && s > 0 && folds_per_output<T>(o1 - o0, k, d) &&
                 x0 >= 0 && x1 <= W && job.in_stride[2] == 1) {
        // One input row, inside the input, folded output by output (a global
        // window, a wide 1D kernel): the taps fold straight from the input
        // row, in one pass, with nothing to stage in buf.
        const std::int64_t id = od * w.stride[0] - w.padding[0] + rd.first * w.dilation[0];
        const std::int64_t ih = oh * w.stride[1] - w.padding[1] + rh.first * w.dilation[1];
        const T* row = in_plane + id * job.in_stride[0] + ih * job.in_stride[1] + x0;
        fold_window_columns<T, Reduce, 0, 0>(row, out + o0, divisor, col_divisors + o0, o1 - o0, s, k, d);
      } else {
        // buf[i] holds input column x0 + i (elements i*lanes on): the columns
        // this chunk's windows span, with the identity where they reach
        // outside the input.
        const std::int64_t lo = std::max<std::int64_t>(x0, 0), hi = std::min(x1, W);
        if (lo - x0 != data_begin || hi - x0 != data_end) {  // only when the chunk's span changes
          data_begin = lo - x0;
          data_end = hi - x0;
          for (std::int64_t i = 0; i < data_begin * lanes; ++i) buf[i] = Reduce::identity();
          for (std::int64_t i = data_end * lanes; i < plan.buf; ++i) buf[i] = Reduce::identity();
        }
        fold_window_rows<T, Reduce>(job, in_plane, od, oh, lo, hi, buf + data_begin * lanes);
        if (cell_rows)
          fold_cell_columns<T, Reduce>(buf, out + o0 * lanes, divisor, col_divisors + o0 * lanes, o1 - o0, lanes, s,
                                       k, d, job.taps[2] + o0);
        else if (s == 0)  // adaptive tables: the buffer holds the whole row (x0 = 0)
          fold_table_columns<T, Reduce>(buf, out + o0, divisor, col_divisors + o0, job.taps[2] + o0, o1 - o0);
        else
          fold_columns(out + o0, divisor, col_divisors + o0, o1 - o0);
      }
      if (++chunk == chunks) {
        chunk = 0;
        at.next();
      }
    }
  });
}

// Max pooling with PyTorch's indices: each window is scanned in raster order
// (d, h, w), starting from its first in-bounds tap, with MaxReduce's rule, so
// ties keep the first element and NaN takes over. Indices are flat in the
// element's own D*H*W plane. Vectorizes across channels (channels-last).
template <class T>
void max_pool_with_indices(const PoolJob<T>& job) {
  const std::int64_t OD = job.out_size[0], OH = job.out_size[1], OW = job.out_size[2];
  const std::int64_t H = job.in_size[1], W = job.in_size[2];
  const std::int64_t lanes = job.lanes, rows_per_plane = OD * OH, sc = job.lane_stride;
  const PoolWindow& w = job.window;
  parallel_for(job.planes * rows_per_plane, job.threads,
               [&](std::int64_t begin, std::int64_t end, int) {
    std::int64_t item = begin;
    for (RowCursor at(begin, OD, OH); item < end; at.next(), ++item) {
      const std::int64_t od = at.od, oh = at.oh;
      const T* in_plane = job.in + plane_offset(job, at.plane);
      for (std::int64_t ow = 0; ow < OW; ++ow) {
        const TapRange rw = job.taps[2][ow];
        T* __restrict best = job.out + (item * OW + ow) * lanes;
        std::int64_t* __restrict where = job.indices + (item * OW + ow) * lanes;
        bool first = true;
        for_each_window_row(job, od, oh, [&](std::int64_t id, std::int64_t ih) {
          for (std::int64_t kw = rw.first; kw < rw.first + rw.count; ++kw) {
            const std::int64_t iw = ow * w.stride[2] - w.padding[2] + kw * w.dilation[2];
            const std::int64_t flat = (id * H + ih) * W + iw;
            const T* src = in_plane + id * job.in_stride[0] + ih * job.in_stride[1] + iw * job.in_stride[2];
            for (std::int64_t c = 0; c < lanes; ++c) {
              const T v = src[c * sc];
              if (first || MaxReduce<T>::wins(v, best[c])) {
                best[c] = v;
                where[c] = flat;
              }
            }
            first = false;
          }
        });
      }
    }
  });
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
