#include "core/deconv_geometry.hpp"

#include <stdexcept>

namespace resample {
namespace {

const char* axis_name(int rank, std::size_t a) {
  static const char* names[3][3] = {{"", "", "L"}, {"", "H", "W"}, {"D", "H", "W"}};
  return names[rank - 1][a];
}

// Floor division and modulo for a positive divisor.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && a < 0 ? 1 : 0); }

}  // namespace

Dims3 deconv_output_sizes(const std::string& op, int rank, const Dims3& in, const DeconvGeometry& g) {
  if (rank < 1 || rank > 3) throw std::invalid_argument(op + ": rank must be 1, 2 or 3");
  constexpr std::int64_t limit = std::int64_t{1} << 40;  // keeps every product below 2**63
  Dims3 out{1, 1, 1};
  for (std::size_t a = 3 - static_cast<std::size_t>(rank); a < 3; ++a) {
    const std::string axis = std::string(" (axis ") + axis_name(rank, a) + ")";
    const std::int64_t k = g.kernel[a], s = g.stride[a], p = g.padding[a], op_ = g.output_padding[a],
                       d = g.dilation[a];
    if (s < 1 || d < 1) throw std::invalid_argument(op + ": stride and dilation must be positive" + axis);
    if (k < 1) throw std::invalid_argument(op + ": the kernel must have a positive size" + axis);
    if (p < 0 || op_ < 0) throw std::invalid_argument(op + ": padding and output_padding must be non-negative" + axis);
    if (op_ >= s && op_ >= d)
      throw std::invalid_argument(op + ": output_padding must be smaller than either stride or dilation, got output_padding=" +
                                  std::to_string(op_) + ", stride=" + std::to_string(s) +
                                  ", dilation=" + std::to_string(d) + axis);
    if (in[a] < 1) throw std::invalid_argument(op + ": the input must have a positive size" + axis);
    if (in[a] > limit || k > limit || s > limit || p > limit || d > limit)
      throw std::overflow_error(op + ": sizes too large" + axis);
    const std::int64_t size = (in[a] - 1) * s - 2 * p + d * (k - 1) + op_ + 1;
    if (size < 1)
      throw std::invalid_argument(op + ": the output size " + std::to_string(size) +
                                  " (= (L-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1 with L=" +
                                  std::to_string(in[a]) + ") must be positive" + axis);
    if (size > limit) throw std::overflow_error(op + ": output too large" + axis);
    out[a] = size;
  }
  return out;
}

DeconvAxisPhases deconv_axis_phases(std::int64_t out, std::int64_t kernel, std::int64_t stride,
                                    std::int64_t padding, std::int64_t dilation) {
  DeconvAxisPhases axis;
  for (std::int64_t r = 0; r < stride; ++r) {
    DeconvPhase phase{r, r < out ? (out - r + stride - 1) / stride : 0,
                      static_cast<std::int64_t>(axis.taps.size()), 0};
    for (std::int64_t k = 0; k < kernel; ++k) {
      const std::int64_t num = r + padding - k * dilation;  // = (input index) * stride for j = 0
      const std::int64_t offset = floor_div(num, stride);
      if (offset * stride == num) {
        axis.taps.push_back({k, offset});
        ++phase.tap_count;
      }
    }
    axis.phases.push_back(phase);
  }
  return axis;
}

}  // namespace resample
