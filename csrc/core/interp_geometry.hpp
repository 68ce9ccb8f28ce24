// Where each output sample of an interpolation reads its input: per axis and
// output position, a few input indices and their weights. Pure arithmetic,
// compiled once (baseline), shared by the bindings and the C++ benchmarks.
// The formulas are ONNX Resize's coordinate transforms and PyTorch's
// nearest/linear/antialias rules; see README "Interpolation semantics".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace resample {

enum class CoordinateMode { half_pixel, pytorch_half_pixel, align_corners, asymmetric, half_pixel_symmetric };

enum class Sampling {
  linear,    // two taps, or a widened triangle filter when antialiasing a downsampled axis
  nearest,   // one tap, weight 1
};

// How nearest sampling rounds the source coordinate.
enum class NearestRounding {
  torch_floor,         // PyTorch "nearest": floor(o * r) in float32 (asymmetric)
  torch_exact,         // PyTorch "nearest-exact": floor((o + 0.5) * r) (half_pixel)
  round_prefer_floor,  // ONNX nearest_mode names, on the float32 coordinate
  round_prefer_ceil,
  floor,
  ceil,
};

bool parse_coordinate_mode(const std::string& name, CoordinateMode& mode);
bool parse_nearest_rounding(const std::string& name, NearestRounding& rounding);

// One axis of a resize.
struct AxisResize {
  std::int64_t in = 1, out = 1;
  double scale = 0;  // the user's scale for this axis; 0 when the output size was given (scale = out/in)
  CoordinateMode mode = CoordinateMode::half_pixel;
  Sampling sampling = Sampling::linear;
  NearestRounding rounding = NearestRounding::torch_floor;
  bool antialias = false;
  // PyTorch's 2D nearest (only 2D) copies when out == in and halves the
  // index when out == 2 in, whatever the given scale.
  bool torch_shortcuts = false;
};

// Output position o reads input indices index[o*taps + t] with weights
// weight[o*taps + t], t < taps; every output has the same tap count (unused
// taps repeat a valid index with weight 0). Weights of one output sum to 1.
struct AxisTaps {
  std::int64_t taps = 1;
  std::vector<std::int64_t> index;
  std::vector<double> weight;
};
AxisTaps axis_taps(const AxisResize& axis);

}  // namespace resample
