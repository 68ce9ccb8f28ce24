// Max and average pooling, 1D/2D/3D, channels-first and channels-last: one
// generic kernel, instantiated per element type, reduction and ISA level.
//
// Loop order (as in MLAS): for each output row (plane, od, oh),
//  1. fold the window's in-bounds input rows (kd, kh) into one padded row
//     buffer, element by element: contiguous loads, vectorizes for any layout;
//  2. fold that buffer across the kw taps into the output row. The buffer's
//     padding cells hold the reduction's identity, so this pass has no bounds
//     checks. Channels-first vectorizes across output positions (the stride is
//     a compile-time constant for the common 1 and 2), channels-last across
//     channels.
// Each output's reduction order is fixed by these loops, never by the vector
// width, so every ISA level gives bit-identical results.
#pragma once
#include <cstdint>
#include <limits>

#include "core/parallel.hpp"
#include "kernels/pool_job.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

template <class T>
struct MaxReduce {
  static constexpr bool averages = false;
  static constexpr T identity() {
    return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                : std::numeric_limits<T>::lowest();
  }
  // PyTorch's rule: a NaN wins (and stays), otherwise the strictly larger value.
  static T combine(T acc, T v) { return (v > acc || v != v) ? v : acc; }
};

template <class T>
struct SumReduce {
  static constexpr bool averages = true;
  static constexpr T identity() { return T(0); }
  static T combine(T acc, T v) { return acc + v; }
};

template <class T>
std::int64_t plane_offset(const PoolJob<T>& job, std::int64_t plane) {
  std::int64_t offset = 0;
  for (int a = job.batch_ndim - 1; a >= 0; --a) {
    offset += (plane % job.batch_shape[a]) * job.batch_stride[a];
    plane /= job.batch_shape[a];
  }
  return offset;
}

// Step 1: row[w * lanes + c] = reduction over the window's in-bounds (kd, kh)
// input rows of input(id, ih, w, c).
template <class T, class Reduce>
void fold_window_rows(const PoolJob<T>& job, const T* plane, std::int64_t od, std::int64_t oh,
                      T* __restrict row) {
  const PoolWindow& w = job.window;
  const TapRange rd = taps_inside(od, w.kernel[0], w.stride[0], w.padding[0], w.dilation[0], 0, job.in_size[0]);
  const TapRange rh = taps_inside(oh, w.kernel[1], w.stride[1], w.padding[1], w.dilation[1], 0, job.in_size[1]);
  const std::int64_t width = job.in_size[2], lanes = job.lanes, n = width * lanes;
  const std::int64_t sw = job.in_stride[2], sc = job.lane_stride;
  const bool contiguous = lanes == 1 ? sw == 1 : (sc == 1 && sw == lanes);
  bool first = true;
  for (std::int64_t kd = rd.first; kd < rd.first + rd.count; ++kd) {
    const std::int64_t id = od * w.stride[0] - w.padding[0] + kd * w.dilation[0];
    for (std::int64_t kh = rh.first; kh < rh.first + rh.count; ++kh) {
      const std::int64_t ih = oh * w.stride[1] - w.padding[1] + kh * w.dilation[1];
      const T* __restrict src = plane + id * job.in_stride[0] + ih * job.in_stride[1];
      if (contiguous && first) {
        for (std::int64_t i = 0; i < n; ++i) row[i] = src[i];
      } else if (contiguous) {
        for (std::int64_t i = 0; i < n; ++i) row[i] = Reduce::combine(row[i], src[i]);
      } else {
        for (std::int64_t x = 0; x < width; ++x)
          for (std::int64_t c = 0; c < lanes; ++c) {
            const T v = src[x * sw + c * sc];
            T& r = row[x * lanes + c];
            r = first ? v : Reduce::combine(r, v);
          }
      }
      first = false;
    }
  }
}

// Step 2, channels-first: out[ow] = reduction over kw of buf[ow*stride + kw*dilation].
// Stride is a template constant when it is 1 or 2 (0: read at run time) so the
// compiler can vectorize the strided loads with shuffles instead of gathers.
template <class T, class Reduce, int Stride>
void fold_window_columns(const T* __restrict buf, T* __restrict out, std::int64_t out_width,
                         std::int64_t stride, std::int64_t taps, std::int64_t dilation) {
  const std::int64_t s = Stride > 0 ? Stride : stride;
  for (std::int64_t o = 0; o < out_width; ++o) out[o] = buf[o * s];
  for (std::int64_t t = 1; t < taps; ++t) {
    const T* __restrict tap = buf + t * dilation;
    for (std::int64_t o = 0; o < out_width; ++o) out[o] = Reduce::combine(out[o], tap[o * s]);
  }
}

// Step 2, channels-last: the same, each cell a vector of `lanes` channels.
template <class T, class Reduce>
void fold_window_cells(const T* __restrict buf, T* __restrict out, std::int64_t out_width,
                       std::int64_t stride, std::int64_t taps, std::int64_t dilation,
                       std::int64_t lanes) {
  for (std::int64_t o = 0; o < out_width; ++o) {
    T* __restrict cell = out + o * lanes;
    const T* __restrict window = buf + o * stride * lanes;
    for (std::int64_t c = 0; c < lanes; ++c) cell[c] = window[c];
    for (std::int64_t t = 1; t < taps; ++t) {
      const T* __restrict tap = window + t * dilation * lanes;
      for (std::int64_t c = 0; c < lanes; ++c) cell[c] = Reduce::combine(cell[c], tap[c]);
    }
  }
}

// Average pooling: divide an output row by its divisors.
template <class T>
void divide_row(const PoolJob<T>& job, std::int64_t od, std::int64_t oh, T* __restrict out,
                T* __restrict divisors) {
  const std::int64_t out_width = job.out_size[2], lanes = job.lanes;
  if (job.divisor_override > 0) {
    for (std::int64_t o = 0; o < out_width; ++o) divisors[o] = T(job.divisor_override);
  } else {
    const std::int64_t rows = job.divisor_counts[0][od] * job.divisor_counts[1][oh];
    for (std::int64_t o = 0; o < out_width; ++o) divisors[o] = T(rows * job.divisor_counts[2][o]);
  }
  if (lanes == 1) {
    for (std::int64_t o = 0; o < out_width; ++o) out[o] /= divisors[o];
  } else {
    for (std::int64_t o = 0; o < out_width; ++o)
      for (std::int64_t c = 0; c < lanes; ++c) out[o * lanes + c] /= divisors[o];
  }
}

// Max or average pooling without indices.
template <class T, class Reduce>
void pool(const PoolJob<T>& job) {
  const std::int64_t OD = job.out_size[0], OH = job.out_size[1], OW = job.out_size[2];
  const std::int64_t lanes = job.lanes, rows_per_plane = OD * OH;
  const PoolWindow& w = job.window;
  const std::int64_t buf_len = job.scratch_per_thread - OW;
  parallel_for(job.planes * rows_per_plane, job.threads,
               [&](std::int64_t begin, std::int64_t end, int thread) {
    T* buf = job.scratch + thread * job.scratch_per_thread;
    T* divisors = buf + buf_len;
    for (std::int64_t i = 0; i < buf_len; ++i) buf[i] = Reduce::identity();
    T* row = buf + w.padding[2] * lanes;
    std::int64_t plane = -1;
    const T* in_plane = nullptr;
    for (std::int64_t item = begin; item < end; ++item) {
      const std::int64_t p = item / rows_per_plane, r = item % rows_per_plane;
      const std::int64_t od = r / OH, oh = r % OH;
      if (p != plane) {
        plane = p;
        in_plane = job.in + plane_offset(job, p);
      }
      T* out = job.out + item * OW * lanes;
      fold_window_rows<T, Reduce>(job, in_plane, od, oh, row);
      if (lanes > 1)
        fold_window_cells<T, Reduce>(buf, out, OW, w.stride[2], w.kernel[2], w.dilation[2], lanes);
      else if (w.stride[2] == 1)
        fold_window_columns<T, Reduce, 1>(buf, out, OW, 1, w.kernel[2], w.dilation[2]);
      else if (w.stride[2] == 2)
        fold_window_columns<T, Reduce, 2>(buf, out, OW, 2, w.kernel[2], w.dilation[2]);
      else
        fold_window_columns<T, Reduce, 0>(buf, out, OW, w.stride[2], w.kernel[2], w.dilation[2]);
      if constexpr (Reduce::averages) divide_row(job, od, oh, out, divisors);
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
    for (std::int64_t item = begin; item < end; ++item) {
      const std::int64_t p = item / rows_per_plane, r = item % rows_per_plane;
      const std::int64_t od = r / OH, oh = r % OH;
      const T* in_plane = job.in + plane_offset(job, p);
      const TapRange rd = taps_inside(od, w.kernel[0], w.stride[0], w.padding[0], w.dilation[0], 0, job.in_size[0]);
      const TapRange rh = taps_inside(oh, w.kernel[1], w.stride[1], w.padding[1], w.dilation[1], 0, H);
      for (std::int64_t ow = 0; ow < OW; ++ow) {
        const TapRange rw = taps_inside(ow, w.kernel[2], w.stride[2], w.padding[2], w.dilation[2], 0, W);
        T* __restrict best = job.out + (item * OW + ow) * lanes;
        std::int64_t* __restrict where = job.indices + (item * OW + ow) * lanes;
        bool first = true;
        for (std::int64_t kd = rd.first; kd < rd.first + rd.count; ++kd) {
          const std::int64_t id = od * w.stride[0] - w.padding[0] + kd * w.dilation[0];
          for (std::int64_t kh = rh.first; kh < rh.first + rh.count; ++kh) {
            const std::int64_t ih = oh * w.stride[1] - w.padding[1] + kh * w.dilation[1];
            for (std::int64_t kw = rw.first; kw < rw.first + rw.count; ++kw) {
              const std::int64_t iw = ow * w.stride[2] - w.padding[2] + kw * w.dilation[2];
              const std::int64_t flat = (id * H + ih) * W + iw;
              const T* src = in_plane + id * job.in_stride[0] + ih * job.in_stride[1] + iw * job.in_stride[2];
              for (std::int64_t c = 0; c < lanes; ++c) {
                const T v = src[c * sc];
                if (first || v > best[c] || v != v) {
                  best[c] = v;
                  where[c] = flat;
                }
              }
              first = false;
            }
          }
        }
      }
    }
  });
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
