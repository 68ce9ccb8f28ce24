// Geometry of transposed convolution: output sizes, and the split of each
// spatial axis into stride phases. Pure arithmetic, compiled at the baseline
// and shared by the bindings and the C++ benchmarks; problems are padded to
// three axes (D, H, W) with size-1, kernel-1, stride-1 axes in front.
//
// Along one axis, input i and tap k feed output o = i*s - p + k*d. Outputs
// with the same o mod s (a "phase") see the same taps: those k with
// (o + p - k*d) divisible by s, each reading input i = j + offset(k) for the
// phase's j-th output o = first + j*s. So every phase is an ordinary small
// correlation of the input, and the zeros of the textbook zero-insertion
// never appear.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/pool_geometry.hpp"  // Dims3

namespace resample {

struct DeconvGeometry {
  Dims3 kernel{1, 1, 1}, stride{1, 1, 1}, padding{0, 0, 0}, output_padding{0, 0, 0}, dilation{1, 1, 1};
};

// PyTorch's size (L-1)*s - 2p + d*(k-1) + output_padding + 1 per axis.
// Throws std::invalid_argument naming `op` when a parameter is out of range
// (non-positive stride or dilation, negative padding, output_padding not
// smaller than stride or dilation), an input size is below 1, or an output
// size is below 1; std::overflow_error when a size does not fit.
Dims3 deconv_output_sizes(const std::string& op, int rank, const Dims3& in, const DeconvGeometry& g);

// One tap of a phase: kernel index k, read at input j + offset for the
// phase's j-th output.
struct DeconvTap {
  std::int64_t k, offset;
};

// One phase along one axis: outputs first + j*s for j in [0, count); its
// taps are taps[tap_begin, tap_begin + tap_count) of the axis.
struct DeconvPhase {
  std::int64_t first, count, tap_begin, tap_count;
};

// The s phases of one axis (phase r holds the outputs o with o mod s == r)
// and their taps, grouped by phase in increasing k.
struct DeconvAxisPhases {
  std::vector<DeconvPhase> phases;
  std::vector<DeconvTap> taps;
};
DeconvAxisPhases deconv_axis_phases(std::int64_t out, std::int64_t kernel, std::int64_t stride,
                                    std::int64_t padding, std::int64_t dilation);

}  // namespace resample
