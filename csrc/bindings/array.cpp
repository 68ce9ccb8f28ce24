#include "bindings/array.hpp"

namespace resample {

void check_output(const py::array& out, const py::array& like, const std::vector<std::int64_t>& shape,
                  const char* what) {
  bool ok = out.ndim() == static_cast<py::ssize_t>(shape.size()) && out.writeable() &&
            (out.flags() & py::array::c_style) && out.dtype().equal(like.dtype());
  for (std::size_t i = 0; ok && i < shape.size(); ++i) ok = out.shape(static_cast<py::ssize_t>(i)) == shape[i];
  if (!ok) throw py::value_error(std::string(what) + ": expected a writable C-contiguous array of the output shape and dtype");
}

}  // namespace resample
