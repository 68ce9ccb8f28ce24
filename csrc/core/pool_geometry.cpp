#include "core/pool_geometry.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace resample {
namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::int64_t floor_div(std::int64_t a, std::int64_t b) {  // b > 0
  std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

std::string describe_axis(int rank, int axis, const Dims3& in, const PoolWindow& w) {
  const int user_axis = axis - (3 - rank);
  return "spatial axis " + std::to_string(user_axis) + " (input size " + std::to_string(in[axis]) +
         ", kernel_size " + std::to_string(w.kernel[axis]) + ", stride " +
         std::to_string(w.stride[axis]) + ", padding " + std::to_string(w.padding[axis]) +
         ", dilation " + std::to_string(w.dilation[axis]) + ")";
}

}  // namespace

TapRange taps_inside(std::int64_t o, std::int64_t kernel, std::int64_t stride, std::int64_t padding,
                     std::int64_t dilation, std::int64_t lo, std::int64_t hi) {
  const std::int64_t start = o * stride - padding;
  // smallest t with start + t*d >= lo, largest t with start + t*d <= hi - 1
  const std::int64_t first = start >= lo ? 0 : -floor_div(start - lo, dilation);
  std::int64_t last = floor_div(hi - 1 - start, dilation);
  if (last > kernel - 1) last = kernel - 1;
  const std::int64_t count = last >= first ? last - first + 1 : 0;
  return {first, count};
}

Dims3 pool_output_sizes(const std::string& op, int rank, const Dims3& in, const PoolWindow& w) {
  Dims3 out{1, 1, 1};
  for (int a = 3 - rank; a < 3; ++a) {
    const std::int64_t k = w.kernel[a], s = w.stride[a], p = w.padding[a], d = w.dilation[a];
    // Every term is below 2^62 (checked by the caller) except these products.
    if (k - 1 > 0 && d > (int64_max / 4) / (k - 1))
      throw std::invalid_argument(op + ": dilation * (kernel_size - 1) is too large along " +
                                  describe_axis(rank, a, in, w));
    const std::int64_t span = in[a] + 2 * p - d * (k - 1) - 1;  // last start position
    std::int64_t n = floor_div(span + (w.ceil_mode ? s - 1 : 0), s) + 1;
    if (w.ceil_mode && n > 0 && (n - 1) * s >= in[a] + p) --n;
    if (n < 1)
      throw std::invalid_argument(op + ": output size would be " + std::to_string(n) + " along " +
                                  describe_axis(rank, a, in, w) +
                                  "; expected at least 1: the input is smaller than the window");
    // With dilation <= input size, taps cannot step over the input, so a
    // window misses it only if its whole span lies left or right of it; the
    // first and last windows are the extremes. Larger dilations can step
    // over it: then every window is checked, and absurdly many are refused
    // rather than checked for minutes.
    const std::int64_t in_len = in[a];
    auto check = [&](std::int64_t o) {
      if (taps_inside(o, k, s, p, d, 0, in_len).count == 0)
        throw std::invalid_argument(
            op + ": window " + std::to_string(o) + " lies entirely in the padding along " +
            describe_axis(rank, a, in, w) +
            "; expected every window to cover at least one input element (reduce padding)");
    };
    if (d <= in_len) {
      check(0);
      check(n - 1);
    } else {
      constexpr std::int64_t max_checked = std::int64_t(1) << 24;
      if (n > max_checked)
        throw std::invalid_argument(op + ": " + std::to_string(n) + " windows along " + describe_axis(rank, a, in, w) +
                                    " with a dilation larger than the input; expected at most " +
                                    std::to_string(max_checked));
      for (std::int64_t o = 0; o < n; ++o) check(o);
    }
    out[a] = n;
  }
  return out;
}

std::vector<std::int64_t> pool_divisor_counts(std::int64_t in, std::int64_t out, std::int64_t kernel,
                                              std::int64_t stride, std::int64_t padding,
                                              std::int64_t dilation, bool count_include_pad) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(out));
  const std::int64_t lo = count_include_pad ? -padding : 0;
  const std::int64_t hi = count_include_pad ? in + padding : in;
  for (std::int64_t o = 0; o < out; ++o)
    counts[static_cast<std::size_t>(o)] = taps_inside(o, kernel, stride, padding, dilation, lo, hi).count;
  return counts;
}

std::vector<TapRange> adaptive_ranges(std::int64_t in, std::int64_t out) {
  if (in < 1 || out < 0 || (out > 0 && in > (int64_max / 4) / out))
    throw std::invalid_argument("adaptive pooling: input size " + std::to_string(in) + " and output size " +
                                std::to_string(out) + " out of range");
  std::vector<TapRange> ranges(static_cast<std::size_t>(out));
  for (std::int64_t o = 0; o < out; ++o) {
    const std::int64_t start = o * in / out, end = ((o + 1) * in + out - 1) / out;
    ranges[static_cast<std::size_t>(o)] = {start, end - start};
  }
  return ranges;
}

PoolPlan pool_plan(const Dims3& out, const PoolWindow& w, std::int64_t lanes, std::int64_t element_size) {
  constexpr std::int64_t target_bytes = 32 * 1024;  // a row buffer that stays in L1
  const std::int64_t block = 64 / element_size;       // the widest SIMD block
  const std::int64_t target = target_bytes / element_size;
  const std::int64_t reach = (w.kernel[2] - 1) * w.dilation[2] + 1;  // one window's width
  auto lines = [&](std::int64_t n) { return (n + block - 1) / block * block; };
  PoolPlan plan{out[2], false, false, false, 0, 1, 0, 0};
  plan.rows_in_sequence = w.stride[0] >= (w.kernel[0] - 1) * w.dilation[0] + 1 &&
                          w.stride[1] >= (w.kernel[1] - 1) * w.dilation[1] + 1;
  // The choice depends on bytes, never on the ISA level's block, so every
  // level reduces in the same order.
  plan.cells = lanes > 1 && lanes >= block;
  if (plan.cells) {  // folds cells straight from the input; chunks only split work
    plan.chunk_outputs = std::max<std::int64_t>(1, std::min(out[2], target / lanes));
  } else if (reach * lanes > target) {
    plan.direct = true;
    plan.chunk_outputs = std::max<std::int64_t>(1, std::min(out[2], target / lanes));
  } else {
    // The buffer holds a chunk's span of input cells, `lanes` elements each.
    if (w.stride[2] > 0 && ((out[2] - 1) * w.stride[2] + reach) * lanes > target) {
      const std::int64_t fit = (target / lanes - reach) / w.stride[2] + 1;
      plan.chunk_outputs = fit >= block ? fit / block * block : fit;
    }
    // The last block of a chunk may read one block past its last tap.
    plan.buf = lines(((plan.chunk_outputs - 1) * w.stride[2] + reach) * lanes + 2 * block);
    constexpr std::int64_t max_band = 8;
    plan.band = std::clamp<std::int64_t>(target / plan.buf, 1, max_band);
  }
  // Column divisors, per element of an output row (channels-first rows of
  // cells repeat each cell's divisor `lanes` times).
  plan.divisors = lines(out[2] * (plan.cells ? 1 : lanes));
  plan.scratch = plan.band * plan.buf + plan.divisors;
  return plan;
}

}  // namespace resample
