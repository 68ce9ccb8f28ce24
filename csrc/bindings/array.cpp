#include "bindings/array.hpp"

namespace resample {

void check_output(const py::array& out, const py::array& like, const std::vector<std::int64_t>& shape,
                  const char* what) {
  bool ok = out.ndim() == static_cast<py::ssize_t>(shape.size()) && out.writeable() &&
            (out.flags() & py::array::c_style) && out.dtype().equal(like.dtype());
  for (std::size_t i = 0; ok && i < shape.size(); ++i) ok = out.shape(static_cast<py::ssize_t>(i)) == shape[i];
  if (!ok) throw py::value_error(std::string(what) + ": expected a writable C-contiguous array of the output shape and dtype");
}

BatchAxes merge_batch_axes(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& stride) {
  BatchAxes axes;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    axes.count *= shape[i];
    if (shape[i] == 1) continue;
    // An axis merges into the previous one when stepping the previous one
    // equals stepping this one shape[i] times.
    if (!axes.shape.empty() && axes.stride.back() == stride[i] * shape[i]) {
      axes.shape.back() *= shape[i];
      axes.stride.back() = stride[i];
    } else {
      axes.shape.push_back(shape[i]);
      axes.stride.push_back(stride[i]);
    }
  }
  return axes;
}

}  // namespace resample
