// Window geometry of max/avg pooling: output sizes, which taps of each window
// fall inside the input, and the average's divisor. Pure arithmetic, shared by
// the bindings and the C++ benchmarks; all spatial problems are padded to
// three axes (D, H, W) with size-1, kernel-1 axes in front.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace resample {

using Dims3 = std::array<std::int64_t, 3>;

struct PoolWindow {
  Dims3 kernel{1, 1, 1}, stride{1, 1, 1}, padding{0, 0, 0}, dilation{1, 1, 1};
  bool ceil_mode = false;
};

// PyTorch's rule: floor (or ceil) of (L + 2p - d(k-1) - 1) / s, plus one; with
// ceil_mode, a last window that would start in the right padding is dropped.
// Throws std::invalid_argument (naming `op` and the axis) when an output size
// is below 1 or a window has no tap inside the input, and when a size
// overflows. `rank` (1-3) says how many trailing axes are real.
Dims3 pool_output_sizes(const std::string& op, int rank, const Dims3& in, const PoolWindow& w);

// The taps t in [0, kernel) of window `o` along one axis whose input position
// o*stride - padding + t*dilation lies in [lo, hi): returns their count and
// the first one.
struct TapRange {
  std::int64_t first, count;
};
TapRange taps_inside(std::int64_t o, std::int64_t kernel, std::int64_t stride,
                     std::int64_t padding, std::int64_t dilation, std::int64_t lo, std::int64_t hi);

// Per output position along one axis: the taps counted by the average's
// divisor. count_include_pad counts taps inside the padded extent
// [-p, L + p) (PyTorch: (hend - hstart) with hend clipped to L + p), otherwise
// the taps inside the input.
std::vector<std::int64_t> pool_divisor_counts(std::int64_t in, std::int64_t out, std::int64_t kernel,
                                              std::int64_t stride, std::int64_t padding,
                                              std::int64_t dilation, bool count_include_pad);

// How the pooling kernel splits and buffers a call. Work items are
// (output row, chunk of that row's outputs): chunks keep the row buffer of a
// channels-first row small (in L1, whatever the width, stride or padding)
// and let a single long row use every thread. Per thread the kernel needs
// `scratch` elements: the row buffer (`buf`, the reduction's identity
// wherever the window reaches outside the input, plus slack for the last
// SIMD block) and `divisors` column divisors. `cells`: channels-last with at
// least a widest SIMD block of channels folds each output cell's taps
// directly, vectorized across channels; fewer channels (an RGB image) are
// pooled as channels-first rows of W x C elements instead. `direct`:
// windows too wide for any row buffer (huge dilation x kernel) are folded
// tap by tap from the input instead. `rows_in_sequence`: windows do not
// overlap across output rows, so each input row comes from memory once and is
// best read as one sequential stream (see fold_taps). `band`: row buffers per
// thread, so that short rows are pooled a band at a time (see RowPooler).
// Adaptive pooling (PyTorch's windows): output o of `out` along an axis of
// length `in` covers [floor(o*in/out), ceil((o+1)*in/out)). Returns, per
// output, that range as a TapRange whose `first` is the absolute start.
// Requires in >= 1, out >= 0.
std::vector<TapRange> adaptive_ranges(std::int64_t in, std::int64_t out);

struct PoolPlan {
  std::int64_t chunk_outputs;
  bool cells, direct, rows_in_sequence;
  std::int64_t buf, band, divisors, scratch;
};
PoolPlan pool_plan(const Dims3& out, const PoolWindow& w, std::int64_t lanes, std::int64_t element_size);

}  // namespace resample
