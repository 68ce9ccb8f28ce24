// Linear/bilinear/trilinear (with or without antialias) and nearest
// interpolation, 1D/2D/3D, channels-first and channels-last: one separable
// kernel, instantiated per element type and ISA level. Nearest is the same
// kernel with one tap of weight 1 (exact: 1 * x == x).
//
// Per output row (plane, od, oh) and chunk of its pixels:
//  1. each input row (d, h) among the row's D x H taps is interpolated along
//     W into a cached row (a small direct-mapped cache keyed by (plane, d, h),
//     so consecutive output rows that share input rows compute them once);
//  2. the output is the weighted sum of those cached rows, H taps inside D
//     taps: sum_d wd * (sum_h wh * row(d, h)), a SIMD block at a time.
// Along W, few-channel rows vectorize across output elements: a block of B
// outputs whose sources fit in two input blocks (any upsampling, mild
// downsampling) loads them and permutes; others gather. Many-channel rows
// vectorize across channels.
// Every output's arithmetic order is fixed by these loops, never by the
// vector width, so every ISA level gives bit-identical results.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/batch.hpp"
#include "core/parallel.hpp"
#include "kernels/block.hpp"
#include "kernels/interp_job.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

// sum_t w[t] * v(t), left to right; Taps is the count when known at compile
// time (0: the run-time `taps`).
template <int Taps, class Acc, class Value>
Block<Acc> weighted_sum(const Acc* w, std::int64_t taps, const Value& v) {
  const std::int64_t n = Taps ? Taps : taps;
  Block<Acc> acc = broadcast(w[0]) * v(0);
  for (std::int64_t t = 1; t < n; ++t) acc = acc + broadcast(w[t]) * v(t);
  return acc;
}

// Output elements [block b0, b1) of one input row along W, few channels.
template <int Taps, class T, class Acc>
void interpolate_elements(const InterpJob<T>& job, const T* row, std::int64_t b0, std::int64_t b1, Acc* dst) {
  constexpr std::int64_t B = block_size<Acc>;
  const std::int64_t taps = job.axis[2].taps;
  const ElementBlocks<Acc>& eb = job.blocks;
  for (std::int64_t b = b0; b < b1; ++b, dst += B) {
    const T* src = row + eb.base[b];
    const LaneIndex<Acc>* rel = eb.rel + b * taps * B;
    const Acc* w = eb.weight + b * taps * B;
    Block<Acc> acc;
    if (eb.window[b]) {
      const Block<Acc> lo = load_as<Acc>(src), hi = load_as<Acc>(src + B);
      acc = load(w) * permute2<Acc, LaneIndex<Acc>>(lo, hi, load(rel));
      for (std::int64_t t = 1; t < (Taps ? Taps : taps); ++t)
        acc = acc + load(w + t * B) * permute2<Acc, LaneIndex<Acc>>(lo, hi, load(rel + t * B));
    } else {
      for (std::int64_t j = 0; j < B; ++j) {
        Acc v = w[j] * static_cast<Acc>(src[rel[j]]);
        for (std::int64_t t = 1; t < (Taps ? Taps : taps); ++t)
          v = v + w[t * B + j] * static_cast<Acc>(src[rel[t * B + j]]);
        acc[j] = v;
      }
    }
    store(dst, acc);
  }
}

// Output pixels [p0, p1) of one input row along W, vectorized across its
// lanes >= B channels (the last block overlaps the one before it).
template <int Taps, class T, class Acc>
void interpolate_channels(const InterpJob<T>& job, const T* row, std::int64_t p0, std::int64_t p1, Acc* dst) {
  constexpr std::int64_t B = block_size<Acc>;
  const std::int64_t lanes = job.lanes, taps = job.axis[2].taps;
  for (std::int64_t p = p0; p < p1; ++p, dst += lanes) {
    const std::int64_t* index = job.axis[2].index + p * taps;
    const Acc* w = job.axis[2].weight + p * taps;
    for (std::int64_t c = 0; c < lanes; c += B) {
      const std::int64_t at = std::min(c, lanes - B);
      store(dst + at, weighted_sum<Taps>(w, taps, [&](std::int64_t t) {
              return load_as<Acc>(row + index[t] * lanes + at);
            }));
    }
  }
}

// One output row chunk: sum over D taps of wd * (sum over H taps of wh *
// cached row), stored as T. `rows` holds taps_d * taps_h cached rows.
template <int TapsH, class T, class Acc>
void combine_rows(const Acc* const* rows, const Acc* wd, std::int64_t taps_d, const Acc* wh, std::int64_t taps_h,
                  std::int64_t n, T* out) {
  constexpr std::int64_t B = block_size<Acc>;
  const bool single_d = taps_d == 1 && wd[0] == Acc(1);  // 1D and 2D: skip the multiply by 1
  auto block = [&](std::int64_t e) {
    auto over_h = [&](const Acc* const* r) {
      return weighted_sum<TapsH>(wh, taps_h, [&](std::int64_t t) { return load(r[t] + e); });
    };
    if (single_d) return over_h(rows);
    return weighted_sum<0>(wd, taps_d, [&](std::int64_t t) { return over_h(rows + t * taps_h); });
  };
  std::int64_t e = 0;
  for (; e + B <= n; e += B) store_as<T, Acc>(out + e, block(e));
  if (e < n) store_first<T, Acc>(out + e, block(e), n - e);
}

// Interpolates input row (d, h) of the plane at `in_plane` along W into
// `dst`, for output pixels [p0, p1) (p0 on a block boundary).
template <int TapsW, class T, class Acc>
void interpolate_row(const InterpJob<T>& job, const T* row, std::int64_t p0, std::int64_t p1, Acc* dst) {
  constexpr std::int64_t B = block_size<Acc>;
  if (job.by_channel) {
    interpolate_channels<TapsW>(job, row, p0, p1, dst);
  } else {
    const std::int64_t b0 = p0 * job.lanes / B, b1 = (p1 * job.lanes + B - 1) / B;
    interpolate_elements<TapsW>(job, row, b0, b1, dst);
  }
}

template <int TapsW, int TapsH, class T>
void interpolate_items(const InterpJob<T>& job, std::int64_t begin, std::int64_t end, int thread) {
  using Acc = ComputeType<T>;
  const std::int64_t OD = job.out_size[0], OH = job.out_size[1], OW = job.out_size[2];
  const std::int64_t ID = job.in_size[0], IH = job.in_size[1];
  const AxisTable<Acc>& ad = job.axis[0];
  const AxisTable<Acc>& ah = job.axis[1];
  const std::int64_t taps_d = ad.taps, taps_h = ah.taps, slots = taps_d * taps_h;
  const std::int64_t rows = job.planes * OD * OH, row_out = OW * job.lanes;

  // The cache: slot (d mod taps_d, h mod taps_h) holds input row (plane, d, h)
  // interpolated along W for the current chunk. An output row's taps are
  // consecutive in d and in h, so they never collide.
  Acc* cache = job.scratch + thread * job.scratch_per_thread;
  std::vector<std::int64_t> key(static_cast<std::size_t>(slots), -1);
  std::vector<const Acc*> taps(static_cast<std::size_t>(slots));

  std::int64_t chunk = begin / rows, plane_of_offset = -1, plane_offset_ = 0;
  RowCursor at(begin % rows, OD, OH);
  for (std::int64_t item = begin; item < end; ++item) {
    const std::int64_t p0 = chunk * job.chunk_pixels, p1 = std::min(OW, p0 + job.chunk_pixels);
    if (at.plane != plane_of_offset) {
      plane_of_offset = at.plane;
      plane_offset_ = plane_offset(job.batch_ndim, job.batch_shape, job.batch_stride, at.plane);
    }
    for (std::int64_t td = 0; td < taps_d; ++td) {
      const std::int64_t d = ad.index[at.od * taps_d + td];
      for (std::int64_t th = 0; th < taps_h; ++th) {
        const std::int64_t h = ah.index[at.oh * taps_h + th];
        const std::int64_t slot = (d % taps_d) * taps_h + h % taps_h;
        const std::int64_t want = (at.plane * ID + d) * IH + h;
        Acc* cached = cache + slot * job.cached_row;
        if (key[static_cast<std::size_t>(slot)] != want) {
          const T* row = job.in + plane_offset_ + d * job.stride_d + h * job.stride_h;
          interpolate_row<TapsW>(job, row, p0, p1, cached);
          key[static_cast<std::size_t>(slot)] = want;
        }
        taps[static_cast<std::size_t>(td * taps_h + th)] = cached;
      }
    }
    T* out = job.out + ((at.plane * OD + at.od) * OH + at.oh) * row_out + p0 * job.lanes;
    combine_rows<TapsH>(taps.data(), ad.weight + at.od * taps_d, taps_d, ah.weight + at.oh * taps_h, taps_h,
                        (p1 - p0) * job.lanes, out);

    at.next();
    if (at.plane == job.planes) {  // next chunk: the cached rows belong to the last one
      at.plane = 0;
      ++chunk;
      std::fill(key.begin(), key.end(), -1);
    }
  }
}

template <class T>
void interpolate(const InterpJob<T>& job) {
  const std::int64_t items = job.planes * job.out_size[0] * job.out_size[1] * job.chunks;
  const std::int64_t tw = job.axis[2].taps, th = job.axis[1].taps;
  // The common tap counts get compile-time loops.
  auto run = [&](auto body) { parallel_for(items, job.threads, body); };
  auto items_with = [&](auto w, auto h) {
    run([&](std::int64_t b, std::int64_t e, int t) {
      interpolate_items<decltype(w)::value, decltype(h)::value>(job, b, e, t);
    });
  };
  using One = std::integral_constant<int, 1>;
  using Two = std::integral_constant<int, 2>;
  using Any = std::integral_constant<int, 0>;
  if (tw == 2 && th == 2) items_with(Two{}, Two{});
  else if (tw == 2 && th == 1) items_with(Two{}, One{});
  else if (tw == 1 && th == 1) items_with(One{}, One{});
  else items_with(Any{}, Any{});
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
