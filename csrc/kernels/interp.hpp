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
// downsampling) loads them and permutes; up to about 2x downsampling, four
// blocks and two permutes; beyond, it gathers. Many-channel rows vectorize
// across channels.
// uint8 images resized with weights in eighths (x2 and x4 upscales, halvings,
// with half-pixel centres) take an exact integer path instead (eighth_items).
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

// sum_t w(t) * v(t), left to right; Taps is the count when known at compile
// time (0: the run-time `taps`). The weights are w[t] broadcast, or with
// `stride` > 0 the blocks at w + t * stride.
template <int Taps, class Acc, class Value>
Block<Acc> weighted_sum(const Acc* w, std::int64_t taps, const Value& v, std::int64_t stride = 0) {
  const std::int64_t n = Taps ? Taps : taps;
  auto weight = [&](std::int64_t t) { return stride ? load(w + t * stride) : broadcast(w[t]); };
  Block<Acc> acc = weight(0) * v(0);
  for (std::int64_t t = 1; t < n; ++t) acc = acc + weight(t) * v(t);
  return acc;
}

// Output elements [block b0, b1) of one input row along W, few channels;
// block i of them goes to put(i * B, block).
template <int Taps, class T, class Put>
void interpolate_elements(const InterpJob<T>& job, const T* row, std::int64_t b0, std::int64_t b1, const Put& put) {
  using Acc = ComputeType<T>;
  constexpr std::int64_t B = block_size<Acc>;
  const std::int64_t taps = job.axis[2].taps;
  const ElementBlocks<Acc>& eb = job.blocks;
  using Index = LaneIndex<Acc>;
  for (std::int64_t b = b0; b < b1; ++b) {
    const T* src = row + eb.base[b];
    const LaneIndex<Acc>* rel = eb.pattern_rel + eb.pattern[b] * taps * B;
    const Acc* w = eb.pattern_weight + eb.pattern[b] * taps * B;
    Block<Acc> acc;
    if (eb.window[b] == 2) {
      const Block<Acc> lo = load_as<Acc>(src), hi = load_as<Acc>(src + B);
      acc = weighted_sum<Taps>(w, taps, [&](std::int64_t t) { return permute2<Acc, Index>(lo, hi, load(rel + t * B)); },
                               B);
    } else if (eb.window[b] == 4) {
      const Block<Acc> in[4] = {load_as<Acc>(src), load_as<Acc>(src + B), load_as<Acc>(src + 2 * B),
                                load_as<Acc>(src + 3 * B)};
      acc = weighted_sum<Taps>(w, taps, [&](std::int64_t t) { return permute4<Acc, Index>(in, load(rel + t * B)); }, B);
    } else {
      for (std::int64_t j = 0; j < B; ++j) {
        Acc v = w[j] * static_cast<Acc>(src[rel[j]]);
        for (std::int64_t t = 1; t < (Taps ? Taps : taps); ++t)
          v = v + w[t * B + j] * static_cast<Acc>(src[rel[t * B + j]]);
        acc[j] = v;
      }
    }
    put((b - b0) * B, acc);
  }
}

// Output pixels [p0, p1) of one input row along W, vectorized across its
// lanes >= B channels (the last block overlaps the one before it); element e
// of them goes to put(e, block).
template <int Taps, class T, class Put>
void interpolate_channels(const InterpJob<T>& job, const T* row, std::int64_t p0, std::int64_t p1, const Put& put) {
  using Acc = ComputeType<T>;
  constexpr std::int64_t B = block_size<Acc>;
  const std::int64_t lanes = job.lanes, taps = job.axis[2].taps;
  for (std::int64_t p = p0; p < p1; ++p) {
    const std::int64_t* index = job.axis[2].index + p * taps;
    const Acc* w = job.axis[2].weight + p * taps;
    for (std::int64_t c = 0; c < lanes; c += B) {
      const std::int64_t at = std::min(c, lanes - B);
      put((p - p0) * lanes + at, weighted_sum<Taps>(w, taps, [&](std::int64_t t) {
            return load_as<Acc>(row + index[t] * lanes + at);
          }));
    }
  }
}

// Stores blocks of an output row chunk of n elements as T: whole blocks
// inside it (non-temporally when `stream` and aligned), the last one cut.
template <class T>
struct RowWriter {
  using Acc = ComputeType<T>;
  T* out;
  std::int64_t n;
  bool stream;
  void operator()(std::int64_t e, const Block<Acc>& v) const {
    if (e + block_size<Acc> > n) {
      store_first<T, Acc>(out + e, v, n - e);
    } else if constexpr (std::is_same_v<T, Acc>) {
      if (stream && reinterpret_cast<std::uintptr_t>(out + e) % block_bytes == 0)
        stream_block(out + e, v);
      else
        store(out + e, v);
    } else {
      store_as<T, Acc>(out + e, v);  // narrow outputs stream only from combine_rows, in whole lines
    }
  }
};

// One output row chunk: sum over D taps of wd * (sum over H taps of wh *
// cached row), written by `put`. `rows` holds taps_d * taps_h cached rows.
template <int TapsH, class T>
void combine_rows(const ComputeType<T>* const* rows, const ComputeType<T>* wd, std::int64_t taps_d,
                  const ComputeType<T>* wh, std::int64_t taps_h, const RowWriter<T>& put) {
  using Acc = ComputeType<T>;
  constexpr std::int64_t B = block_size<Acc>;
  const bool single_d = taps_d == 1 && wd[0] == Acc(1);  // 1D and 2D: skip the multiply by 1
  // The common 2D case keeps its two row pointers in registers: with them in
  // memory, every store would force them to be reloaded.
  const Acc* const r0 = rows[0];
  const Acc* const r1 = rows[TapsH == 2 ? 1 : 0];
  auto block = [&](std::int64_t e) {
    if constexpr (TapsH == 2) {
      if (single_d) return broadcast(wh[0]) * load(r0 + e) + broadcast(wh[1]) * load(r1 + e);
    }
    auto over_h = [&](const Acc* const* r) {
      return weighted_sum<TapsH>(wh, taps_h, [&](std::int64_t t) { return load(r[t] + e); });
    };
    return single_d ? over_h(rows)
                    : weighted_sum<0>(wd, taps_d, [&](std::int64_t t) { return over_h(rows + t * taps_h); });
  };
  T* const out = put.out;
  const std::int64_t n = put.n, whole = n / B * B;
  std::int64_t e = 0;
  if (put.stream) {
    if constexpr (std::is_same_v<T, Acc>) {
      if (reinterpret_cast<std::uintptr_t>(out) % block_bytes == 0)
        for (; e < whole; e += B) stream_block(out + e, block(e));
    } else {
      // uint8: four blocks per streaming store, from the first aligned group.
      constexpr std::int64_t group = 4 * B;
      if (reinterpret_cast<std::uintptr_t>(out) % B == 0) {
        for (; e < whole && reinterpret_cast<std::uintptr_t>(out + e) % group != 0; e += B)
          store_as<T, Acc>(out + e, block(e));
        for (; e + group <= n; e += group) {
          const Block<Acc> v[4] = {block(e), block(e + B), block(e + 2 * B), block(e + 3 * B)};
          if (!stream_bytes4(out + e, v)) break;
        }
      }
    }
  }
  for (; e < whole; e += B) store_as<T, Acc>(out + e, block(e));
  if (e < n) store_first<T, Acc>(out + e, block(e), n - e);
}

// Interpolates an input row along W for output pixels [p0, p1) (p0 on a
// block boundary), into put.
template <int TapsW, class T, class Put>
void interpolate_row(const InterpJob<T>& job, const T* row, std::int64_t p0, std::int64_t p1, const Put& put) {
  constexpr std::int64_t B = block_size<ComputeType<T>>;
  if (job.by_channel) {
    interpolate_channels<TapsW>(job, row, p0, p1, put);
  } else {
    const std::int64_t b0 = p0 * job.lanes / B, b1 = (p1 * job.lanes + B - 1) / B;
    interpolate_elements<TapsW>(job, row, b0, b1, put);
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
    const RowWriter<T> put{job.out + ((at.plane * OD + at.od) * OH + at.oh) * row_out + p0 * job.lanes,
                           (p1 - p0) * job.lanes, job.stream_output};
    if (slots == 1 && ad.weight[at.od] == Acc(1) && ah.weight[at.oh] == Acc(1)) {
      // A single input row with weight 1 (1D, nearest rows): straight to the output.
      const T* row = job.in + plane_offset_ + ad.index[at.od] * job.stride_d + ah.index[at.oh] * job.stride_h;
      interpolate_row<TapsW>(job, row, p0, p1, put);
    } else {
      for (std::int64_t td = 0; td < taps_d; ++td) {
        const std::int64_t d = ad.index[at.od * taps_d + td];
        for (std::int64_t th = 0; th < taps_h; ++th) {
          const std::int64_t h = ah.index[at.oh * taps_h + th];
          const std::int64_t slot = (d % taps_d) * taps_h + h % taps_h;
          const std::int64_t want = (at.plane * ID + d) * IH + h;
          Acc* cached = cache + slot * job.cached_row;
          if (key[static_cast<std::size_t>(slot)] != want) {
            const T* row = job.in + plane_offset_ + d * job.stride_d + h * job.stride_h;
            interpolate_row<TapsW>(job, row, p0, p1, [&](std::int64_t e, const Block<Acc>& v) { store(cached + e, v); });
            key[static_cast<std::size_t>(slot)] = want;
          }
          taps[static_cast<std::size_t>(td * taps_h + th)] = cached;
        }
      }
      combine_rows<TapsH>(taps.data(), ad.weight + at.od * taps_d, taps_d, ah.weight + at.oh * taps_h, taps_h, put);
    }

    at.next();
    if (at.plane == job.planes) {  // next chunk: the cached rows belong to the last one
      at.plane = 0;
      ++chunk;
      std::fill(key.begin(), key.end(), -1);
    }
  }
  if (job.stream_output) stream_fence();
}

// The exact integer path (see EighthBlocks): output rows [begin, end). With
// Halves (every weight 1/2) the weighted sums are plain sums.
template <bool Halves>
void eighth_items(const InterpJob<std::uint8_t>& job, std::int64_t begin, std::int64_t end) {
  constexpr std::int64_t V = block_size<std::uint16_t>;
  const std::int64_t OD = job.out_size[0], OH = job.out_size[1], n = job.out_size[2] * job.lanes;
  const std::int64_t blocks = (n + V - 1) / V, taps_h = job.axis[1].taps;
  const EighthBlocks& eb = job.eighth_blocks;
  RowCursor at(begin, OD, OH);
  for (std::int64_t item = begin; item < end; ++item, at.next()) {
    const std::uint8_t* plane = job.in + plane_offset(job.batch_ndim, job.batch_shape, job.batch_stride, at.plane) +
                                job.axis[0].index[at.od] * job.stride_d;
    const std::int64_t* rows = job.axis[1].index + at.oh * taps_h;
    const std::uint8_t* r0 = plane + rows[0] * job.stride_h;
    const std::uint8_t* r1 = plane + rows[taps_h - 1] * job.stride_h;
    const std::uint16_t q0 = eb.row_eighths[2 * at.oh], q1 = eb.row_eighths[2 * at.oh + 1];
    const Words w0 = broadcast(q0), w1 = broadcast(q1);
    // The two input rows weighed: 8 * (row value), in eighths (or plain
    // sums), a block from element i on, or the one element i.
    auto row_sum = [&](std::int64_t i) {
      const Words a = load_words(r0 + i), b = load_words(r1 + i);
      return Halves ? a + b : a * w0 + b * w1;
    };
    auto row_value = [&](std::int64_t i) {
      return static_cast<std::uint16_t>(Halves ? r0[i] + r1[i] : q0 * r0[i] + q1 * r1[i]);
    };
    std::uint8_t* out = job.out + item * n;
    auto block_sum = [&](std::int64_t b) {
      const std::uint16_t* table = eb.table + eb.pattern[b] * 4 * V;
      const std::int64_t base = eb.base[b];
      Words pa, pb;
      if (eb.window[b] == 2) {
        const Words s0 = row_sum(base), s1 = row_sum(base + V);
        pa = permute2<std::uint16_t, std::uint16_t>(s0, s1, load(table));
        pb = permute2<std::uint16_t, std::uint16_t>(s0, s1, load(table + V));
      } else if (eb.window[b] == 4) {
        const Words s[4] = {row_sum(base), row_sum(base + V), row_sum(base + 2 * V), row_sum(base + 3 * V)};
        pa = permute4<std::uint16_t, std::uint16_t>(s, load(table));
        pb = permute4<std::uint16_t, std::uint16_t>(s, load(table + V));
      } else {
        for (std::int64_t j = 0; j < V; ++j) {
          pa[j] = row_value(base + table[j]);
          pb[j] = row_value(base + table[V + j]);
        }
      }
      return Halves ? (pa + pb + broadcast(std::uint16_t{2})) >> 2
                    : (pa * load(table + 2 * V) + pb * load(table + 3 * V) + broadcast(std::uint16_t{32})) >> 6;
    };
    std::int64_t b = 0;
    if (job.stream_output)  // aligned pairs of blocks: whole lines of bytes, streamed
      for (; (b + 2) * V <= n; b += 2) {
        if (reinterpret_cast<std::uintptr_t>(out + b * V) % block_bytes == 0) {
          stream_words2(out + b * V, block_sum(b), block_sum(b + 1));
        } else {
          store_words(out + b * V, block_sum(b));
          store_words(out + (b + 1) * V, block_sum(b + 1));
        }
      }
    for (; b < blocks; ++b) {
      const Words sum = block_sum(b);
      const std::int64_t e0 = b * V;
      if (e0 + V <= n) {
        store_words(out + e0, sum);
      } else {
        for (std::int64_t j = 0; e0 + j < n; ++j) out[e0 + j] = static_cast<std::uint8_t>(sum[j]);
      }
    }
  }
  if (job.stream_output) stream_fence();
}

template <class T>
void interpolate(const InterpJob<T>& job) {
  if constexpr (std::is_same_v<T, std::uint8_t>) {
    if (job.eighths) {
      const std::int64_t rows = job.planes * job.out_size[0] * job.out_size[1];
      if (job.eighth_blocks.halves)
        parallel_for(rows, job.threads, [&](std::int64_t b, std::int64_t e, int) { eighth_items<true>(job, b, e); });
      else
        parallel_for(rows, job.threads, [&](std::int64_t b, std::int64_t e, int) { eighth_items<false>(job, b, e); });
      return;
    }
  }
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
