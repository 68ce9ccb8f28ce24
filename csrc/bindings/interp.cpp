// Python entry point of interpolation: array geometry and the resolved
// per-axis rules in, an InterpPlan run out, with the GIL released while it
// runs. The Python layer (resample/_interp.py) validates arguments and
// computes output sizes; this guards what reaches the kernels.
//
// Plans are kept for reuse (a loop over same-shaped arrays builds one): the
// most recent ones, up to a total size, keyed by everything they depend on.
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "bindings/array.hpp"
#include "dispatch/interp_call.hpp"

namespace resample {
namespace {

using Ints = std::vector<std::int64_t>;

constexpr std::size_t max_cached_plans = 16;
constexpr std::size_t max_cached_bytes = 64 << 20;

// Appends the raw bytes of each value: a key that tells plans apart.
template <class... Values>
void append_bytes(std::string& key, const Values&... values) {
  (key.append(reinterpret_cast<const char*>(&values), sizeof values), ...);
}

template <class T>
std::shared_ptr<const InterpPlan<T>> find_or_build_plan(const AxisResize (&axis)[3], std::int64_t lanes) {
  struct Cache {
    std::mutex mutex;
    std::list<std::pair<std::string, std::shared_ptr<const InterpPlan<T>>>> recent;  // most recent first
  };
  static Cache cache;
  const KernelTable& k = kernels();
  std::string key;
  append_bytes(key, k.isa, lanes);
  for (const AxisResize& a : axis)
    append_bytes(key, a.in, a.out, a.scale, a.mode, a.sampling, a.rounding, a.antialias, a.torch_shortcuts);

  std::lock_guard<std::mutex> lock(cache.mutex);
  for (auto it = cache.recent.begin(); it != cache.recent.end(); ++it)
    if (it->first == key) {
      cache.recent.splice(cache.recent.begin(), cache.recent, it);
      return it->second;
    }
  auto plan = std::make_shared<const InterpPlan<T>>(axis, lanes, k);
  cache.recent.emplace_front(std::move(key), plan);
  std::size_t total = 0, count = 0;
  for (auto it = cache.recent.begin(); it != cache.recent.end(); ++it) {
    total += it->second->bytes();
    if (++count > max_cached_plans || (count > 1 && total > max_cached_bytes)) {
      cache.recent.erase(it, cache.recent.end());
      break;
    }
  }
  return plan;
}

template <class T>
void run_interp(AxisResize (&axis)[3], int rank, bool channels_last, const Ints& out_sizes, const py::array& x,
                py::array& out) {
  const int ndim = static_cast<int>(x.ndim());
  const int batch_ndim = ndim - rank - (channels_last ? 1 : 0);
  if (batch_ndim < 0) throw py::type_error("interpolate: x has too few dimensions");
  const Ints shape(x.shape(), x.shape() + ndim);
  const Ints strides = element_strides(x);
  const auto first = static_cast<std::size_t>(batch_ndim);
  Dims3 in_stride{0, 0, 0};
  for (int i = 0; i < rank; ++i) {
    const auto a = static_cast<std::size_t>(3 - rank + i);
    axis[a].in = shape[first + static_cast<std::size_t>(i)];
    axis[a].out = out_sizes[static_cast<std::size_t>(i)];
    if (axis[a].in < 1 || axis[a].out < 1) throw py::value_error("interpolate: spatial sizes must be positive");
    in_stride[a] = strides[first + static_cast<std::size_t>(i)];
  }
  const std::int64_t lanes = channels_last ? shape.back() : 1;
  const std::int64_t lane_stride = channels_last ? strides.back() : 1;
  if ((lanes > 1 && lane_stride != 1) || (axis[2].in > 1 && in_stride[2] != lanes))
    throw py::value_error("interpolate: the width and channel axes of x must be contiguous");

  Ints out_shape(shape.begin(), shape.begin() + batch_ndim);
  out_shape.insert(out_shape.end(), out_sizes.begin(), out_sizes.end());
  if (channels_last) out_shape.push_back(lanes);
  check_output(out, x, out_shape, "out");

  const auto plan = find_or_build_plan<T>(axis, lanes);
  InterpInput input;
  input.stride_d = in_stride[0];
  input.stride_h = in_stride[1];
  input.batch = BatchAxes(Ints(shape.begin(), shape.begin() + batch_ndim),
                          Ints(strides.begin(), strides.begin() + batch_ndim));
  const T* in_data = static_cast<const T*>(x.data());
  T* out_data = static_cast<T*>(out.mutable_data());
  py::gil_scoped_release release;
  plan->run(in_data, input, out_data);
}

// The resize of the trailing `rank` of three axes (the others unchanged), as
// the Python layer names it.
void make_axes(AxisResize (&axis)[3], int rank, const Ints& out_sizes, const std::vector<double>& scales,
               const std::string& sampling, const std::string& coordinate_mode, const std::string& rounding,
               bool antialias) {
  const auto r = static_cast<std::size_t>(rank);
  if (rank < 1 || rank > 3 || out_sizes.size() != r || scales.size() != r)
    throw py::value_error("interpolate: one output size and scale per spatial axis");
  if (sampling != "linear" && sampling != "nearest")
    throw py::value_error("interpolate: sampling must be 'linear' or 'nearest'");
  for (std::size_t i = 0; i < r; ++i) {
    AxisResize& a = axis[3 - r + i];
    a.sampling = sampling == "linear" ? Sampling::linear : Sampling::nearest;
    a.scale = scales[i];
    a.antialias = antialias;
    if (!parse_coordinate_mode(coordinate_mode, a.mode))
      throw py::value_error("interpolate: unknown coordinate_mode '" + coordinate_mode + "'");
    if (!parse_nearest_rounding(rounding, a.rounding))
      throw py::value_error("interpolate: unknown rounding '" + rounding + "'");
    a.torch_shortcuts = rank == 2;
  }
}

void interpolate(const py::array& x, py::array out, int rank, bool channels_last, const Ints& out_sizes,
                 const std::vector<double>& scales, const std::string& sampling, const std::string& coordinate_mode,
                 const std::string& rounding, bool antialias) {
  AxisResize axis[3] = {identity_axis(), identity_axis(), identity_axis()};
  make_axes(axis, rank, out_sizes, scales, sampling, coordinate_mode, rounding, antialias);
  visit_dtype<float, double, std::uint8_t>(x, "interpolate", [&](auto tag) {
    run_interp<typename decltype(tag)::type>(axis, rank, channels_last, out_sizes, x, out);
  });
}

// Per spatial axis, the input index each output position of a nearest resize
// takes (every dtype without a kernel is gathered with these, see _interp.py).
std::vector<Ints> nearest_indices(const Ints& in_sizes, const Ints& out_sizes, const std::vector<double>& scales,
                                  const std::string& coordinate_mode, const std::string& rounding) {
  const int rank = static_cast<int>(in_sizes.size());
  AxisResize axis[3] = {identity_axis(), identity_axis(), identity_axis()};
  make_axes(axis, rank, out_sizes, scales, "nearest", coordinate_mode, rounding, false);
  std::vector<Ints> indices;
  for (int i = 0; i < rank; ++i) {
    AxisResize& a = axis[3 - rank + i];
    a.in = in_sizes[static_cast<std::size_t>(i)];
    a.out = out_sizes[static_cast<std::size_t>(i)];
    if (a.in < 1 || a.out < 1) throw py::value_error("nearest_indices: spatial sizes must be positive");
    indices.push_back(axis_taps(a).index);  // one tap per output
  }
  return indices;
}

}  // namespace

void register_interp(py::module_& m) {
  m.def("nearest_indices", &nearest_indices, py::arg("in_sizes"), py::arg("out_sizes"), py::arg("scales"),
        py::arg("coordinate_mode"), py::arg("rounding"),
        "Per spatial axis, the input index of each output position of a nearest resize.");
  m.def("interpolate", &interpolate, py::arg("x"), py::arg("out"), py::arg("rank"), py::arg("channels_last"),
        py::arg("out_sizes"), py::arg("scales"), py::arg("sampling"), py::arg("coordinate_mode"),
        py::arg("rounding"), py::arg("antialias"),
        "Resizes x into the preallocated C-contiguous out. scales: the user's per-axis scale, or 0 when the "
        "output size was given.");
}

}  // namespace resample
