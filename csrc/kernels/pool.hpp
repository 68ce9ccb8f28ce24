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
#include <type_traits>

#include "core/batch.hpp"
#include "core/parallel.hpp"
#include "kernels/block.hpp"
#include "kernels/pool_job.hpp"
#include "kernels/pool_taps.hpp"

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
  // data mispredicts, and blocks to a max whose NaN test is off the chain of
  // running values.
  template <class V>
  static V combine(V acc, V v) {
    if constexpr (std::numeric_limits<T>::has_quiet_NaN)
      return v != v ? v : larger(acc, v);
    else
      return larger(acc, v);
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

// The input rows (kd, kh) of output row (od, oh)'s window that lie inside
// the input, as a grid of rows starting at `column`'s column.
template <class T>
TapGrid<T> window_rows(const PoolJob<T>& job, const T* column, std::int64_t od, std::int64_t oh) {
  const PoolWindow& w = job.window;
  const TapRange rd = job.taps[0][od], rh = job.taps[1][oh];
  const std::int64_t id = od * w.stride[0] - w.padding[0] + rd.first * w.dilation[0];
  const std::int64_t ih = oh * w.stride[1] - w.padding[1] + rh.first * w.dilation[1];
  return {column + id * job.in_stride[0] + ih * job.in_stride[1],
          {w.dilation[0] * job.in_stride[0], w.dilation[1] * job.in_stride[1], 0},
          {rd.count, rh.count, 1}};
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

// Step 1 (channels-first): row[w - lo] = reduction over the window's
// in-bounds input rows (kd, kh) of input(id, ih, w), for columns lo <= w < hi
// (cells of `lanes` elements for channels-last rows of cells). Set up once
// per run of output rows (one plane, od, and chunk), then called per oh.
template <class T, class Reduce>
class WindowRowFolder {
 public:
  WindowRowFolder(const PoolJob<T>& job, const T* plane, std::int64_t od, std::int64_t lo, std::int64_t hi)
      : job_(job), width_(hi - lo) {
    const PoolWindow& w = job.window;
    const std::int64_t lanes = job.lanes, sw = job.in_stride[2], sc = job.lane_stride;
    const TapRange rd = job.taps[0][od];
    row_zero_ = plane + lo * sw + (od * w.stride[0] - w.padding[0] + rd.first * w.dilation[0]) * job.in_stride[0];
    rows_ = {row_zero_, {w.dilation[0] * job.in_stride[0], w.dilation[1] * job.in_stride[1], 0}, {rd.count, 1, 1}};
    contiguous_ = width_ == 1 ? lanes == 1 || sc == 1 : lanes == 1 ? sw == 1 : sc == 1 && sw == lanes;
  }
  void operator()(std::int64_t oh, T* row) {
    const TapRange rh = job_.taps[1][oh];
    const PoolWindow& w = job_.window;
    rows_.first = row_zero_ + (oh * w.stride[1] - w.padding[1] + rh.first * w.dilation[1]) * job_.in_stride[1];
    rows_.count[1] = rh.count;
    if (contiguous_)
      fold_taps<T, Reduce>(rows_, width_ * job_.lanes, job_.plan.rows_in_sequence, row);
    else
      fold_strided_taps<T, Reduce>(rows_, width_, job_.lanes, job_.in_stride[2], job_.lane_stride, row);
  }

 private:
  const PoolJob<T>& job_;
  const T* row_zero_;  // input row ih = 0 of the window's first kd, at column lo
  TapGrid<T> rows_;
  std::int64_t width_;
  bool contiguous_;
};

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
                         std::int64_t kernel, std::int64_t dilation, bool stream = false) {
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
    return v;
  };
  std::int64_t o = 0;
  for (; o + B <= out_width; o += B) {
    if (stream && reinterpret_cast<std::uintptr_t>(out + o) % block_bytes == 0)
      stream_block(out + o, fold_block(o));
    else
      store(out + o, fold_block(o));
  }
  if (o < out_width) store(out + out_width - B, fold_block(out_width - B));
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
  const std::int64_t lanes = job.lanes, sw = job.in_stride[2], sc = job.lane_stride;
  TapGrid<T> taps = window_rows(job, plane, od, oh);
  const T* row_start = taps.first;
  taps.step[2] = w.dilation[2] * sw;
  for (std::int64_t ow = o0; ow < o1; ++ow) {
    T* __restrict cell = out + ow * lanes;
    const TapRange rw = job.taps[2][ow];
    taps.first = row_start + (ow * w.stride[2] - w.padding[2] + rw.first * w.dilation[2]) * sw;
    taps.count[2] = rw.count;
    if (sc == 1 || lanes == 1)
      fold_taps<T, Reduce>(taps, lanes, false, cell);
    else
      fold_strided_taps<T, Reduce>(taps, 1, lanes, sw, sc, cell);
    if constexpr (Reduce::averages) {
      const T divisor = row_divisor * col_divisors[ow];
      for (std::int64_t c = 0; c < lanes; ++c) cell[c] /= divisor;
    }
  }
}

// Average pooling: an output's divisor is row_divisor * col_divisors[ow],
// both small integers, so their float product is exact. row_divisor is
// count_d * count_h (in double: with huge kernels the integer product could
// overflow).
template <class T>
T row_divisor(const PoolJob<T>& job, std::int64_t od, std::int64_t oh) {
  if (job.divisor_override > 0) return T(job.divisor_override);
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

// One thread's share of pool(): runs of output rows (consecutive oh of one
// plane and od, over one chunk of their outputs). What a run's rows share is
// set up once per run, and the per-row loop is specialized per column fold,
// so a short row (56 outputs) costs little more than its arithmetic.
template <class T, class Reduce>
class RowPooler {
 public:
  RowPooler(const PoolJob<T>& job, T* scratch)
      : job_(job), buf_(scratch), col_divisors_(scratch + job.plan.band * job.plan.buf),
        cell_rows_(job.lanes > 1 && !job.plan.cells && !job.plan.direct) {
    if constexpr (Reduce::averages)
      fill_col_divisors(job, col_divisors_, job.plan.divisors, cell_rows_ ? job.lanes : 1);
  }

  // Output rows row .. row + n - 1 (raveled (plane, od, oh), all of one
  // plane and od), outputs of chunk `chunk`.
  void pool_rows(std::int64_t row, std::int64_t chunk, std::int64_t n) {
    const PoolJob<T>& job = job_;
    const std::int64_t OD = job.out_size[0], OH = job.out_size[1], OW = job.out_size[2];
    const std::int64_t lanes = job.lanes, W = job.in_size[2];
    const PoolWindow& w = job.window;
    const std::int64_t s = w.stride[2], k = w.kernel[2], d = w.dilation[2], p = w.padding[2];
    const std::int64_t od = row / OH % OD, oh0 = row % OH;
    const T* in_plane = job.in + plane_offset(job, row / (OD * OH));
    T* out = job.out + row * OW * lanes;
    const std::int64_t o0 = chunk * job.plan.chunk_outputs, o1 = std::min(OW, o0 + job.plan.chunk_outputs);
    const std::int64_t x0 = o0 * s - p, x1 = (o1 - 1) * s - p + (k - 1) * d + 1;
    const std::int64_t out_step = OW * lanes;
    if (job.plan.cells || job.plan.direct) {
      for (std::int64_t r = 0; r < n; ++r, out += out_step)
        fold_window_cells<T, Reduce>(job, in_plane, od, oh0 + r, o0, o1, out,
                                     Reduce::averages ? row_divisor(job, od, oh0 + r) : T(1), col_divisors_);
      return;
    }
    // buf[i] holds input column x0 + i (elements i*lanes on): the columns
    // this chunk's windows span, with the identity where they reach
    // outside the input.
    const std::int64_t lo = std::max<std::int64_t>(x0, 0), hi = std::min(x1, W);
    if (lo - x0 != data_begin_ || hi - x0 != data_end_) {  // only when the chunk's span changes
      data_begin_ = lo - x0;
      data_end_ = hi - x0;
      for (std::int64_t b = 0; b < job.plan.band; ++b) {
        T* buf = buf_ + b * job.plan.buf;
        for (std::int64_t i = 0; i < data_begin_ * lanes; ++i) buf[i] = Reduce::identity();
        for (std::int64_t i = data_end_ * lanes; i < job.plan.buf; ++i) buf[i] = Reduce::identity();
      }
    }
    // One input row inside the input, folded output by output (a global
    // window, a wide 1D kernel): its taps fold straight from the input row,
    // with nothing to stage in buf.
    const bool one_row_from_input = lanes == 1 && job.taps[0][od].count == 1 && s > 0 &&
                                    folds_per_output<T>(o1 - o0, k, d) && x0 >= 0 && x1 <= W &&
                                    job.in_stride[2] == 1;
    WindowRowFolder<T, Reduce> fold_window_rows(job, in_plane, od, lo, hi);
    auto from_input = [&](std::int64_t oh) { return one_row_from_input && job.taps[1][oh].count == 1; };
    // A band of rows at a time: first every row's window rows into its own
    // buffer, then every row's columns. Folding a row's columns right after
    // storing its buffer (with loads that straddle those stores) was 13%
    // slower on 56-wide rows.
    const std::int64_t band = job.plan.band;
    const bool stream = job.stream_output;
    auto rows = [&](auto&& fold_columns) {
      for (std::int64_t r0 = 0; r0 < n; r0 += band) {
        const std::int64_t rows_in_band = std::min(band, n - r0);
        for (std::int64_t i = 0; i < rows_in_band; ++i)
          if (!from_input(oh0 + r0 + i)) fold_window_rows(oh0 + r0 + i, buf_ + i * job.plan.buf + data_begin_ * lanes);
        for (std::int64_t i = 0; i < rows_in_band; ++i, out += out_step) {
          const std::int64_t oh = oh0 + r0 + i;
          const T divisor = Reduce::averages ? row_divisor(job, od, oh) : T(1);
          if (from_input(oh)) {
            const TapGrid<T> taps = window_rows(job, in_plane + x0, od, oh);
            fold_window_columns<T, Reduce, 0, 0>(taps.first, out + o0, divisor, col_divisors_ + o0, o1 - o0, s, k,
                                                 d);
          } else {
            fold_columns(buf_ + i * job.plan.buf, out, divisor);
          }
        }
      }
    };
    const T* divisors = col_divisors_ + o0 * (cell_rows_ ? lanes : 1);
    const std::int64_t m = o1 - o0;
    // The stride (and, for the common 3, the kernel width) as compile-time
    // constants, so strided loads become shuffles and tap loops unroll.
    // (Unrolling k=2, s=2 too measured slower with AVX-512.)
    auto window_columns = [&](auto stride, auto taps) {
      rows([&](const T* buf, T* o, T div) {
        fold_window_columns<T, Reduce, decltype(stride)::value, decltype(taps)::value>(buf, o + o0, div, divisors, m,
                                                                                      s, k, d, stream);
      });
    };
    using std::integral_constant;
    if (cell_rows_)
      rows([&](const T* buf, T* o, T div) {
        fold_cell_columns<T, Reduce>(buf, o + o0 * lanes, div, divisors, m, lanes, s, k, d, job.taps[2] + o0);
      });
    else if (s == 0)  // adaptive tables: the buffer holds the whole row (x0 = 0)
      rows([&](const T* buf, T* o, T div) {
        fold_table_columns<T, Reduce>(buf, o + o0, div, divisors, job.taps[2] + o0, m);
      });
    else if (s == 1)
      k == 3 ? window_columns(integral_constant<int, 1>{}, integral_constant<int, 3>{})
             : window_columns(integral_constant<int, 1>{}, integral_constant<int, 0>{});
    else if (s == 2)
      k == 3 ? window_columns(integral_constant<int, 2>{}, integral_constant<int, 3>{})
             : window_columns(integral_constant<int, 2>{}, integral_constant<int, 0>{});
    else
      window_columns(integral_constant<int, 0>{}, integral_constant<int, 0>{});
  }

 private:
  const PoolJob<T>& job_;
  T* buf_;
  T* col_divisors_;
  bool cell_rows_;  // channels-last with few channels, run as channels-first rows of cells
  std::int64_t data_begin_ = -1, data_end_ = -1;  // where buf holds input data, not identity
};

// Max or average pooling without indices. Items are (output row, chunk of
// its outputs); with one chunk per row, a thread's consecutive rows of one
// (plane, od) are pooled as one run.
template <class T, class Reduce>
void pool(const PoolJob<T>& job) {
  const std::int64_t OH = job.out_size[1], OW = job.out_size[2];
  const std::int64_t chunks = (OW + job.plan.chunk_outputs - 1) / job.plan.chunk_outputs;
  parallel_for(job.planes * job.out_size[0] * OH * chunks, job.threads,
               [&](std::int64_t begin, std::int64_t end, int thread) {
    RowPooler<T, Reduce> pooler(job, job.scratch + thread * job.plan.scratch);
    for (std::int64_t item = begin; item < end;) {
      const std::int64_t row = item / chunks;
      const std::int64_t n = chunks == 1 ? std::min(end - item, OH - row % OH) : 1;
      pooler.pool_rows(row, item % chunks, n);
      item += n;
    }
    if (job.stream_output) stream_fence();
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
