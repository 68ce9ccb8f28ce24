// Python entry point of interpolation: array geometry and the resolved
// per-axis rules in, InterpCall out, with the GIL released while it runs.
// The Python layer (resample/_interp.py) validates arguments and computes
// output sizes; this guards what reaches the kernels.
#include <string>
#include <vector>

#include "bindings/array.hpp"
#include "dispatch/interp_call.hpp"

namespace resample {
namespace {

using Ints = std::vector<std::int64_t>;

template <class T>
void run_interp(InterpRequest request, int rank, bool channels_last, const Ints& out_sizes, const py::array& x,
                py::array& out) {
  const int ndim = static_cast<int>(x.ndim());
  const int batch_ndim = ndim - rank - (channels_last ? 1 : 0);
  if (batch_ndim < 0) throw py::type_error("interpolate: x has too few dimensions");
  const Ints shape(x.shape(), x.shape() + ndim);
  const Ints strides = element_strides(x);
  const std::size_t first = static_cast<std::size_t>(batch_ndim);
  for (int i = 0; i < rank; ++i) {
    AxisResize& axis = request.axis[3 - rank + i];
    axis.in = shape[first + static_cast<std::size_t>(i)];
    axis.out = out_sizes[static_cast<std::size_t>(i)];
    if (axis.in < 1 || axis.out < 1) throw py::value_error("interpolate: spatial sizes must be positive");
    request.in_stride[static_cast<std::size_t>(3 - rank + i)] = strides[first + static_cast<std::size_t>(i)];
  }
  request.lanes = channels_last ? shape.back() : 1;
  const std::int64_t lane_stride = channels_last ? strides.back() : 1;
  const std::int64_t width = request.axis[2].in;
  if ((request.lanes > 1 && lane_stride != 1) || (width > 1 && request.in_stride[2] != request.lanes))
    throw py::value_error("interpolate: the width and channel axes of x must be contiguous");
  request.batch_shape.assign(shape.begin(), shape.begin() + batch_ndim);
  request.batch_stride.assign(strides.begin(), strides.begin() + batch_ndim);

  Ints out_shape(shape.begin(), shape.begin() + batch_ndim);
  out_shape.insert(out_shape.end(), out_sizes.begin(), out_sizes.end());
  if (channels_last) out_shape.push_back(request.lanes);
  check_output(out, x, out_shape, "out");

  InterpCall<T> call(request);
  const T* in_data = static_cast<const T*>(x.data());
  T* out_data = static_cast<T*>(out.mutable_data());
  py::gil_scoped_release release;
  call.run(in_data, out_data);
}

void interpolate(const py::array& x, py::array out, int rank, bool channels_last, const Ints& out_sizes,
                 const std::vector<double>& scales, const std::string& sampling, const std::string& coordinate_mode,
                 const std::string& rounding, bool antialias) {
  const auto r = static_cast<std::size_t>(rank);
  if (rank < 1 || rank > 3 || out_sizes.size() != r || scales.size() != r)
    throw py::value_error("interpolate: one output size and scale per spatial axis");
  if (sampling != "linear" && sampling != "nearest")
    throw py::value_error("interpolate: sampling must be 'linear' or 'nearest'");
  InterpRequest request;
  for (auto& axis : request.axis) axis = identity_axis();
  for (std::size_t i = 0; i < r; ++i) {
    AxisResize& axis = request.axis[3 - r + i];
    axis.sampling = sampling == "linear" ? Sampling::linear : Sampling::nearest;
    axis.scale = scales[i];
    axis.antialias = antialias;
    if (!parse_coordinate_mode(coordinate_mode, axis.mode))
      throw py::value_error("interpolate: unknown coordinate_mode '" + coordinate_mode + "'");
    if (!parse_nearest_rounding(rounding, axis.rounding))
      throw py::value_error("interpolate: unknown rounding '" + rounding + "'");
  }
  visit_dtype<float, double, std::uint8_t>(x, "interpolate", [&](auto tag) {
    run_interp<typename decltype(tag)::type>(request, rank, channels_last, out_sizes, x, out);
  });
}

}  // namespace

void register_interp(py::module_& m) {
  m.def("interpolate", &interpolate, py::arg("x"), py::arg("out"), py::arg("rank"), py::arg("channels_last"),
        py::arg("out_sizes"), py::arg("scales"), py::arg("sampling"), py::arg("coordinate_mode"),
        py::arg("rounding"), py::arg("antialias"),
        "Resizes x into the preallocated C-contiguous out. scales: the user's per-axis scale, or 0 when the "
        "output size was given.");
}

}  // namespace resample
