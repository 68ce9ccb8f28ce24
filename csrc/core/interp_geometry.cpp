#include "core/interp_geometry.hpp"

#include <algorithm>
#include <cmath>

namespace resample {
namespace {

// The source position of output o in input index units (0 = the first input
// sample's centre), in float64: ONNX Resize's coordinate_transformation_mode.
double source_coordinate(const AxisResize& a, std::int64_t o) {
  const double in = static_cast<double>(a.in), out = static_cast<double>(a.out);
  const double s = a.scale > 0 ? a.scale : out / in;
  switch (a.mode) {
    case CoordinateMode::half_pixel: return (o + 0.5) / s - 0.5;
    case CoordinateMode::pytorch_half_pixel: return a.out > 1 ? (o + 0.5) / s - 0.5 : 0.0;
    case CoordinateMode::align_corners: return a.out > 1 ? o * (in - 1) / (out - 1) : 0.0;
    case CoordinateMode::asymmetric: return o / s;
    case CoordinateMode::half_pixel_symmetric: {
      const double adjustment = out / (s * in);
      return in / 2 * (1 - adjustment) + (o + 0.5) / s - 0.5;
    }
  }
  return 0;
}

// The same in float32 arithmetic, step by step as onnxruntime evaluates it:
// nearest sampling rounds this value, so its float32 rounding decides ties.
float source_coordinate_f32(const AxisResize& a, std::int64_t o) {
  const float in = static_cast<float>(a.in), out = static_cast<float>(a.out), x = static_cast<float>(o);
  const float s = a.scale > 0 ? static_cast<float>(a.scale) : out / in;
  switch (a.mode) {
    case CoordinateMode::half_pixel: return (x + 0.5f) / s - 0.5f;
    case CoordinateMode::pytorch_half_pixel: return a.out > 1 ? (x + 0.5f) / s - 0.5f : 0.0f;
    case CoordinateMode::align_corners: return a.out > 1 ? x * (in - 1) / (out - 1) : 0.0f;
    case CoordinateMode::asymmetric: return x / s;
    case CoordinateMode::half_pixel_symmetric: {
      const float adjustment = out / (s * in);
      return in / 2 * (1 - adjustment) + (x + 0.5f) / s - 0.5f;
    }
  }
  return 0;
}

std::int64_t nearest_index(const AxisResize& a, std::int64_t o) {
  double i;
  if (a.rounding == NearestRounding::torch_floor || a.rounding == NearestRounding::torch_exact) {
    // PyTorch: r = float(1/scale) or float(in)/out.
    const float r = a.scale > 0 ? static_cast<float>(1.0 / a.scale)
                                : static_cast<float>(a.in) / static_cast<float>(a.out);
    if (a.rounding == NearestRounding::torch_floor) {
      if (a.torch_shortcuts && a.out == a.in) return o;
      if (a.torch_shortcuts && a.out == 2 * a.in) return o / 2;
      i = std::floor(static_cast<float>(o) * r);
    } else {
      i = std::floor(static_cast<float>((static_cast<double>(o) + 0.5) * r));
    }
  } else {
    const float x = source_coordinate_f32(a, o);
    switch (a.rounding) {
      // x -/+ 0.5 rounded to float32, as onnxruntime evaluates it.
      case NearestRounding::round_prefer_floor: i = std::ceil(x - 0.5f); break;
      case NearestRounding::round_prefer_ceil: i = std::floor(x + 0.5f); break;
      case NearestRounding::floor: i = std::floor(x); break;
      default: i = std::ceil(x); break;
    }
  }
  return static_cast<std::int64_t>(std::clamp(i, 0.0, static_cast<double>(a.in - 1)));
}

// Two taps: the clamped coordinate between its neighbours (PyTorch's rule:
// i1 = i0 + 1 except at the last sample).
void linear_taps(const AxisResize& a, std::int64_t o, std::int64_t* index, double* weight) {
  const double x = std::clamp(source_coordinate(a, o), 0.0, static_cast<double>(a.in - 1));
  const std::int64_t i0 = std::min(static_cast<std::int64_t>(x), a.in - 1);
  const double lambda = x - static_cast<double>(i0);
  index[0] = i0;
  index[1] = std::min(i0 + 1, a.in - 1);
  weight[0] = 1 - lambda;
  weight[1] = lambda;
}

// Antialiasing a downsampled axis: the triangle filter widened to `ratio`
// input samples per output sample, centred on the (unclamped) coordinate,
// normalised over the taps inside the input.
struct Triangle {
  double ratio;
  double centre(const AxisResize& a, std::int64_t o) const {
    return a.mode == CoordinateMode::align_corners ? o * ratio : source_coordinate(a, o);
  }
  std::int64_t first(double x) const { return static_cast<std::int64_t>(std::ceil(x - ratio)); }
  std::int64_t last(double x) const { return static_cast<std::int64_t>(std::floor(x + ratio)); }
  double weight(double x, std::int64_t j) const { return std::max(0.0, 1 - std::abs(j - x) / ratio); }
};

void triangle_taps(const AxisResize& a, const Triangle& f, std::int64_t o, std::int64_t taps, std::int64_t* index,
                   double* weight) {
  const double x = f.centre(a, o);
  const std::int64_t lo = std::max<std::int64_t>(f.first(x), 0), hi = std::min(f.last(x), a.in - 1);
  double total = 0;
  std::int64_t n = 0;
  for (std::int64_t j = lo; j <= hi; ++j) {
    const double w = f.weight(x, j);
    if (w <= 0) continue;
    index[n] = j;
    weight[n] = w;
    total += w;
    ++n;
  }
  if (n == 0) {  // the filter misses the input entirely (an extreme coordinate mode): nearest sample
    index[0] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::llround(x)), 0, a.in - 1);
    weight[0] = total = 1;
    n = 1;
  }
  for (std::int64_t t = 0; t < n; ++t) weight[t] /= total;
  for (std::int64_t t = n; t < taps; ++t) {
    index[t] = index[n - 1];
    weight[t] = 0;
  }
}

}  // namespace

bool parse_coordinate_mode(const std::string& name, CoordinateMode& mode) {
  static const std::pair<const char*, CoordinateMode> names[] = {
      {"half_pixel", CoordinateMode::half_pixel},
      {"pytorch_half_pixel", CoordinateMode::pytorch_half_pixel},
      {"align_corners", CoordinateMode::align_corners},
      {"asymmetric", CoordinateMode::asymmetric},
      {"half_pixel_symmetric", CoordinateMode::half_pixel_symmetric}};
  for (const auto& [n, m] : names)
    if (name == n) return mode = m, true;
  return false;
}

bool parse_nearest_rounding(const std::string& name, NearestRounding& rounding) {
  static const std::pair<const char*, NearestRounding> names[] = {
      {"torch_floor", NearestRounding::torch_floor},
      {"torch_exact", NearestRounding::torch_exact},
      {"round_prefer_floor", NearestRounding::round_prefer_floor},
      {"round_prefer_ceil", NearestRounding::round_prefer_ceil},
      {"floor", NearestRounding::floor},
      {"ceil", NearestRounding::ceil}};
  for (const auto& [n, r] : names)
    if (name == n) return rounding = r, true;
  return false;
}

AxisTaps axis_taps(const AxisResize& a) {
  AxisTaps t;
  const auto out = static_cast<std::size_t>(a.out);
  if (a.sampling == Sampling::nearest) {
    t.taps = 1;
    t.index.resize(out);
    t.weight.assign(out, 1.0);
    for (std::int64_t o = 0; o < a.out; ++o) t.index[static_cast<std::size_t>(o)] = nearest_index(a, o);
    return t;
  }
  if (a.out == a.in) {  // copied, whatever the scale: PyTorch and onnxruntime do so
    t.index.resize(out);
    t.weight.assign(out, 1.0);
    for (std::int64_t o = 0; o < a.out; ++o) t.index[static_cast<std::size_t>(o)] = o;
    return t;
  }
  if (a.antialias && a.out < a.in) {
    const double s = a.scale > 0 ? a.scale : static_cast<double>(a.out) / static_cast<double>(a.in);
    const double ratio = a.mode == CoordinateMode::align_corners
                             ? (a.out > 1 ? static_cast<double>(a.in - 1) / static_cast<double>(a.out - 1) : 1.0)
                             : 1 / s;
    if (ratio > 1) {
      const Triangle f{ratio};
      for (std::int64_t o = 0; o < a.out; ++o) {
        const double x = f.centre(a, o);
        const std::int64_t lo = std::max<std::int64_t>(f.first(x), 0), hi = std::min(f.last(x), a.in - 1);
        t.taps = std::max(t.taps, hi - lo + 1);
      }
      t.index.resize(out * static_cast<std::size_t>(t.taps));
      t.weight.resize(t.index.size());
      for (std::int64_t o = 0; o < a.out; ++o)
        triangle_taps(a, f, o, t.taps, &t.index[static_cast<std::size_t>(o * t.taps)],
                      &t.weight[static_cast<std::size_t>(o * t.taps)]);
      return t;
    }
  }
  t.taps = 2;
  t.index.resize(2 * out);
  t.weight.resize(2 * out);
  for (std::int64_t o = 0; o < a.out; ++o)
    linear_taps(a, o, &t.index[static_cast<std::size_t>(2 * o)], &t.weight[static_cast<std::size_t>(2 * o)]);
  return t;
}

}  // namespace resample
