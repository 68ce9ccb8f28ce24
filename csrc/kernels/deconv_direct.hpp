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
#include <vector>

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

// acc = the sum of the terms over N blocks of outputs, block i at start(b + i).
template <int N, class T, class Start>
void sum_blocks(T* acc, const RowTerm<T>* terms, std::int64_t count, const Start& start, std::int64_t b) {
  std::int64_t at[N];
  Block<T> sum[N];
  for (int i = 0; i < N; ++i) at[i] = start(b + i), sum[i] = Block<T>{};
  for (std::int64_t t = 0; t < count; ++t) {
    const Block<T> w = broadcast(terms[t].w);
    for (int i = 0; i < N; ++i) sum[i] += w * load(terms[t].src + at[i]);
  }
  for (int i = 0; i < N; ++i) store(acc + at[i], sum[i]);
}

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
  if (step == 1 && !accumulate && hi - lo >= lanes) {
    // Whole blocks from lo on, the last one ending at hi (overlapping the
    // one before: its first outputs are computed again, to the same
    // values), eight at a time: eight independent sums hide the latency of
    // the multiply-adds, which one chain over the terms per block would
    // expose. (Depthwise x2 rows: 127 outputs of a W phase in one pass.)
    const std::int64_t blocks = (hi - lo + lanes - 1) / lanes;
    const auto start = [&](std::int64_t b) { return std::min(lo + b * lanes, hi - lanes); };
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) sum_blocks<8>(acc, terms, count, start, b);
    if (b + 4 <= blocks) sum_blocks<4>(acc, terms, count, start, b), b += 4;
    if (b + 2 <= blocks) sum_blocks<2>(acc, terms, count, start, b), b += 2;
    if (b < blocks) sum_blocks<1>(acc, terms, count, start, b);
    j = hi;
  } else if (step == 1 && accumulate) {  // more terms than one call takes: no overlaps
    for (; j + lanes <= hi; j += lanes) {
      Block<T> sum = load(acc + j);
      for (std::int64_t t = 0; t < count; ++t) sum += broadcast(terms[t].w) * load(terms[t].src + j);
      store(acc + j, sum);
    }
  }
  for (; j < hi; ++j) {
    T sum = accumulate ? acc[j] : T(0);
    for (std::int64_t t = 0; t < count; ++t) sum += terms[t].w * terms[t].src[j * step];
    acc[j] = sum;
  }
  for (j = hi; j < n; ++j) checked(j);
}

// The terms of one (image, output channel, od) plane's rows, built once per
// plane: its rows differ only in the input row jh + offset that each term
// reads, and whether that row exists. (Built per row, they cost more than
// summing the row: depthwise x2 rows of 256 outputs sum 4 terms per W phase.)
template <class T>
struct PlanTerm {
  std::int64_t src;     // where it reads for jh = 0, from job.in (possibly outside the input)
  std::int64_t offset;  // its input row is jh + offset
  T w;
  std::int64_t lo, hi;  // the W phase's outputs whose input lies inside the row
};

template <class T>
class PlaneTerms {
 public:
  explicit PlaneTerms(const DeconvJob<T>& job)
      : job_(job), begin_(static_cast<std::size_t>(job.stride[1] * job.stride[2] + 1)) {}

  void build(std::int64_t image, std::int64_t co, std::int64_t od) {
    const DeconvJob<T>& job = job_;
    const Dims3 &s = job.stride, &isz = job.in_size, &ist = job.in_stride, &kn = job.kernel;
    const std::int64_t g = co / job.cout_g, m = co % job.cout_g, taps_all = kn[0] * kn[1] * kn[2];
    const DeconvPhase& phd = job.phases[0][od % s[0]];
    const std::int64_t jd = od / s[0];
    terms_.clear();
    for (std::int64_t ph = 0; ph < s[1]; ++ph) {
      const DeconvPhase& phh = job.phases[1][ph];
      for (std::int64_t pw = 0; pw < s[2]; ++pw) {
        begin_[static_cast<std::size_t>(ph * s[2] + pw)] = static_cast<std::int64_t>(terms_.size());
        const DeconvPhase& phw = job.phases[2][pw];
        for (std::int64_t ci = g * job.cin_g; ci < (g + 1) * job.cin_g; ++ci) {
          const std::int64_t channel = image * job.in_batch_stride + ci * job.in_channel_stride;
          const T* w_ci = job.weight + (ci * job.cout_g + m) * taps_all;
          for (std::int64_t td = 0; td < phd.tap_count; ++td) {
            const DeconvTap& tap_d = job.taps[0][phd.tap_begin + td];
            const std::int64_t id = jd + tap_d.offset;
            if (id < 0 || id >= isz[0]) continue;
            for (std::int64_t th = 0; th < phh.tap_count; ++th) {
              const DeconvTap& tap_h = job.taps[1][phh.tap_begin + th];
              const T* w_row = w_ci + (tap_d.k * kn[1] + tap_h.k) * kn[2];
              for (std::int64_t tw = 0; tw < phw.tap_count; ++tw) {
                const DeconvTap& tap_w = job.taps[2][phw.tap_begin + tw];
                // Outputs j of the phase whose input j + offset lies in [0, W).
                const std::int64_t lo = std::clamp<std::int64_t>(-tap_w.offset, 0, phw.count);
                const std::int64_t hi = std::clamp<std::int64_t>(isz[2] - tap_w.offset, lo, phw.count);
                terms_.push_back({channel + id * ist[0] + tap_h.offset * ist[1] + tap_w.offset * ist[2],
                                  tap_h.offset, w_row[tap_w.k], lo, hi});
              }
            }
          }
        }
      }
    }
    begin_.back() = static_cast<std::int64_t>(terms_.size());
  }

  // Output row jh of H phase ph: each W phase pw's sum, at acc + start(pw).
  template <class Start>
  void sum_row(std::int64_t ph, std::int64_t jh, T* acc, const Start& start) const {
    const DeconvJob<T>& job = job_;
    const std::int64_t sw = job.stride[2], rows = job.in_size[1], row_step = job.in_stride[1];
    for (std::int64_t pw = 0; pw < sw; ++pw) {
      const std::int64_t count_w = job.phases[2][pw].count;
      const std::size_t at = static_cast<std::size_t>(ph * sw + pw);
      RowTerm<T> terms[max_terms];
      std::int64_t count = 0;
      bool accumulate = false;
      for (std::int64_t t = begin_[at]; t < begin_[at + 1]; ++t) {
        const PlanTerm<T>& p = terms_[static_cast<std::size_t>(t)];
        const std::int64_t ih = jh + p.offset;
        if (ih < 0 || ih >= rows) continue;
        terms[count++] = {job.in + (p.src + jh * row_step), p.w, p.lo, p.hi};
        if (count == max_terms) {
          sum_terms(acc + start(pw), count_w, terms, count, job.in_stride[2], accumulate);
          accumulate = true;
          count = 0;
        }
      }
      if (count > 0 || !accumulate) sum_terms(acc + start(pw), count_w, terms, count, job.in_stride[2], accumulate);
    }
  }

 private:
  const DeconvJob<T>& job_;
  std::vector<PlanTerm<T>> terms_;
  std::vector<std::int64_t> begin_;  // the terms of (ph, pw): [begin_[ph*sw + pw], begin_[ph*sw + pw + 1])
};

// Output row (image, co, od, oh), from its plane's terms.
template <class T>
void deconv_direct_row(const DeconvJob<T>& job, const PlaneTerms<T>& plane, std::int64_t image, std::int64_t co,
                       std::int64_t od, std::int64_t oh, T* acc) {
  const Dims3 &s = job.stride, &osz = job.out_size;
  // W phase pw keeps its outputs at acc + start(pw), one after the other.
  const std::int64_t shortest = osz[2] / s[2], longer = osz[2] % s[2];
  const auto start = [&](std::int64_t pw) { return pw * shortest + std::min(pw, longer); };
  plane.sum_row(oh % s[1], oh / s[1], acc, start);
  T* out = job.out + image * job.out_batch_stride + co * job.out_channel_stride + od * job.out_stride[0] +
           oh * job.out_stride[1];
  const auto phase = [&](std::int64_t pw) { return PhaseRow<T>{acc + start(pw), job.phases[2][pw].count}; };
  store_row_phases(out, job.out_stride[2], s[2], 0, phase, job.bias ? job.bias[co] : T(0), job.stream_output);
}

// The output rows are batch x C_out x D x H; a work item is a run of
// them, and the threads take the runs one at a time (parallel_items): a core
// slowed by a neighbour then takes fewer. Each thread accumulates a row in
// its scratch (out_size W elements). A run's coordinates are counted up,
// not divided out of the row index (divisions were a fifth of a depthwise
// layer's time), and each plane's terms are built when the run enters it.
template <class T>
void deconv_direct(const DeconvJob<T>& job) {
  const Dims3& osz = job.out_size;
  const std::int64_t channels = job.groups * job.cout_g, rows = job.batch * channels * osz[0] * osz[1];
  const std::int64_t runs = std::min<std::int64_t>(rows, job.threads > 1 ? 16 * job.threads : 1);
  const auto run = [&](std::int64_t begin, std::int64_t end, int thread) {
    T* acc = job.scratch + thread * job.scratch_per_thread;
    PlaneTerms<T> plane(job);
    std::int64_t oh = begin % osz[1], od = begin / osz[1] % osz[0], co = begin / (osz[1] * osz[0]) % channels,
                 image = begin / (osz[1] * osz[0] * channels);
    plane.build(image, co, od);
    for (std::int64_t r = begin; r < end; ++r) {
      deconv_direct_row(job, plane, image, co, od, oh, acc);
      if (++oh == osz[1]) {
        oh = 0;
        if (++od == osz[0]) {
          od = 0;
          if (++co == channels) co = 0, ++image;
        }
        if (r + 1 < end) plane.build(image, co, od);
      }
    }
  };
  parallel_items(
      runs, job.threads, [&](std::int64_t i, int thread) { run(rows * i / runs, rows * (i + 1) / runs, thread); },
      [&](int) {
        if (job.stream_output) stream_fence();
      });
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
