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

// Per-thread scratch of the pooling kernel, in elements, each part a whole
// number of 64-byte lines: for channels-first, a padded input row (with the
// reduction's identity in the padding, wide enough for the last tap of the
// last block of outputs) and a spill block for the last outputs; and a row of
// divisors.
struct PoolScratch {
  std::int64_t buf, spill, divisors, total;
};
PoolScratch pool_scratch_layout(const Dims3& in, const Dims3& out, const PoolWindow& w, std::int64_t lanes,
                                std::int64_t element_size);

}  // namespace resample
