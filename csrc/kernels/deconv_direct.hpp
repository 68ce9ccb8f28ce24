// Transposed convolution computed directly, output row by output row: the
// path for groups with few channels (depthwise layers such as FCN's fixed
// bilinear upsampling, groups = channels), where a matrix multiply would
// have fewer rows than its register tile.
//
// An output row (image, channel, od, oh) belongs to one D and one H phase,
// which name the input rows that reach it (a handful: taps of the phase);
// each W phase of the row is an ordinary correlation of those input rows
// with its taps: a sum of shifted, weighted input rows, added up in SIMD
// registers, block by block along W. store_row_phases then adds the bias and
// interleaves the W phases.
#pragma once
#include <algorithm>
#include <cstdint>

#include "core/parallel.hpp"
#include "kernels/deconv_job.hpp"
#include "kernels/deconv_store.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

// One term of an output row's W phase: output j adds w * src[j * step] for
// j in [lo, hi) (where the tap's input lies inside the row).
template <class T>
struct RowTerm {
  const T* src;
  T w;
  std::int64_t lo, hi;
};

constexpr std::int64_t max_terms = 32;

// acc[j] (=, or += with `accumulate`) the sum of the terms, j in [0, n). In
// the range where every term is inside its input, SIMD blocks of outputs sum
// all terms in registers (one store per block, not one per term).
template <class T>
void sum_terms(T* acc, std::int64_t n, const RowTerm<T>* terms, std::int64_t count, std::int64_t step,
               bool accumulate) {
  constexpr std::int64_t lanes = block_size<T>;
  std::int64_t lo = 0, hi = n;
  for (std::int64_t t = 0; t < count; ++t) lo = std::max(lo, terms[t].lo), hi = std::min(hi, terms[t].hi);
  hi = std::max(lo, hi);
  // Outside [lo, hi) some term reads outside its input: checked, one by one.
  const auto checked = [&](std::int64_t j) {
    T sum = accumulate ? acc[j] : T(0);
    for (std::int64_t t = 0; t < count; ++t)
      if (j >= terms[t].lo && j < terms[t].hi) sum += terms[t].w * terms[t].src[j * step];
    acc[j] = sum;
  };
  for (std::int64_t j = 0; j < lo; ++j) checked(j);
  std::int64_t j = lo;
  if (step == 1) {
    // Four blocks at a time: four independent sums hide the latency of
    // the multiply-adds, which a single chain over the terms would expose.
    constexpr std::int64_t ways = 4;
    for (; j + ways * lanes <= hi; j += ways * lanes) {
      Block<T> sum[ways];
      for (std::int64_t b = 0; b < ways; ++b) sum[b] = accumulate ? load(acc + j + b * lanes) : Block<T>{};
      for (std::int64_t t = 0; t < count; ++t) {
        const Block<T> w = broadcast(terms[t].w);
        for (std::int64_t b = 0; b < ways; ++b) sum[b] += w * load(terms[t].src + j + b * lanes);
      }
      for (std::int64_t b = 0; b < ways; ++b) store(acc + j + b * lanes, sum[b]);
    }
    for (; j + lanes <= hi; j += lanes) {
      Block<T> sum = accumulate ? load(acc + j) : Block<T>{};
      for (std::int64_t t = 0; t < count; ++t) sum += broadcast(terms[t].w) * load(terms[t].src + j);
      store(acc + j, sum);
    }
    // The rest as one block that ends at hi and overlaps the last: its
    // first outputs are computed again, to the same values (unless adding
    // to acc, where the rest goes element by element).
    if (j < hi && !accumulate && hi - lo >= lanes) {
      j = hi - lanes;
      Block<T> sum{};
      for (std::int64_t t = 0; t < count; ++t) sum += broadcast(terms[t].w) * load(terms[t].src + j);
      store(acc + j, sum);
      j = hi;
    }
  }
  for (; j < hi; ++j) {
    T sum = accumulate ? acc[j] : T(0);
    for (std::int64_t t = 0; t < count; ++t) sum += terms[t].w * terms[t].src[j * step];
    acc[j] = sum;
  }
  for (j = hi; j < n; ++j) checked(j);
}

// Output row (image, co, od, oh).
template <class T>
void deconv_direct_row(const DeconvJob<T>& job, std::int64_t image, std::int64_t co, std::int64_t od,
                       std::int64_t oh, T* acc) {
  const Dims3 &s = job.stride, &osz = job.out_size, &isz = job.in_size, &ist = job.in_stride, &kn = job.kernel;
  const std::int64_t g = co / job.cout_g, m = co % job.cout_g;
  const DeconvPhase &phd = job.phases[0][od % s[0]], &phh = job.phases[1][oh % s[1]];
  const std::int64_t jd = od / s[0], jh = oh / s[1], taps_all = kn[0] * kn[1] * kn[2];

  // W phase pw keeps its outputs at acc + start(pw), one after the other.
  const std::int64_t shortest = osz[2] / s[2], longer = osz[2] % s[2];
  const auto start = [&](std::int64_t pw) { return pw * shortest + std::min(pw, longer); };
  for (std::int64_t pw = 0; pw < s[2]; ++pw) {
    const DeconvPhase& phw = job.phases[2][pw];
    RowTerm<T> terms[max_terms];
    std::int64_t count = 0;
    bool accumulate = false;
    for (std::int64_t ci = g * job.cin_g; ci < (g + 1) * job.cin_g; ++ci) {
      const T* channel = job.in + image * job.in_batch_stride + ci * job.in_channel_stride;
      const T* w_ci = job.weight + (ci * job.cout_g + m) * taps_all;
      for (std::int64_t td = 0; td < phd.tap_count; ++td) {
        const DeconvTap& tap_d = job.taps[0][phd.tap_begin + td];
        const std::int64_t id = jd + tap_d.offset;
        if (id < 0 || id >= isz[0]) continue;
        for (std::int64_t th = 0; th < phh.tap_count; ++th) {
          const DeconvTap& tap_h = job.taps[1][phh.tap_begin + th];
          const std::int64_t ih = jh + tap_h.offset;
          if (ih < 0 || ih >= isz[1]) continue;
          const T* in_row = channel + id * ist[0] + ih * ist[1];
          const T* w_row = w_ci + (tap_d.k * kn[1] + tap_h.k) * kn[2];
          for (std::int64_t tw = 0; tw < phw.tap_count; ++tw) {
            const DeconvTap& tap_w = job.taps[2][phw.tap_begin + tw];
            // Outputs j of the phase whose input j + offset lies in [0, W).
            const std::int64_t lo = std::clamp<std::int64_t>(-tap_w.offset, 0, phw.count);
            const std::int64_t hi = std::clamp<std::int64_t>(isz[2] - tap_w.offset, lo, phw.count);
            terms[count++] = {in_row + tap_w.offset * ist[2], w_row[tap_w.k], lo, hi};
            if (count == max_terms) {
              sum_terms(acc + start(pw), phw.count, terms, count, ist[2], accumulate);
              accumulate = true;
              count = 0;
            }
          }
        }
      }
    }
    if (count > 0 || !accumulate) sum_terms(acc + start(pw), phw.count, terms, count, ist[2], accumulate);
  }
  T* out = job.out + image * job.out_batch_stride + co * job.out_channel_stride + od * job.out_stride[0] +
           oh * job.out_stride[1];
  const auto phase = [&](std::int64_t pw) { return PhaseRow<T>{acc + start(pw), job.phases[2][pw].count}; };
  store_row_phases(out, job.out_stride[2], s[2], 0, phase, job.bias ? job.bias[co] : T(0), job.stream_output);
}

// Work items are output rows: batch x C_out x D x H of them. Each thread
// accumulates a row in its scratch (out_size W elements). A thread's rows
// are consecutive: their coordinates are counted up, not divided out of the
// row index (divisions were a fifth of a depthwise layer's time).
template <class T>
void deconv_direct(const DeconvJob<T>& job) {
  const Dims3& osz = job.out_size;
  const std::int64_t channels = job.groups * job.cout_g, rows = job.batch * channels * osz[0] * osz[1];
  parallel_for(rows, job.threads, [&](std::int64_t begin, std::int64_t end, int thread) {
    T* acc = job.scratch + thread * job.scratch_per_thread;
    std::int64_t oh = begin % osz[1], od = begin / osz[1] % osz[0], co = begin / (osz[1] * osz[0]) % channels,
                 image = begin / (osz[1] * osz[0] * channels);
    for (std::int64_t r = begin; r < end; ++r) {
      deconv_direct_row(job, image, co, od, oh, acc);
      if (++oh == osz[1]) {
        oh = 0;
        if (++od == osz[0]) {
          od = 0;
          if (++co == channels) co = 0, ++image;
        }
      }
    }
    if (job.stream_output) stream_fence();
  });
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
