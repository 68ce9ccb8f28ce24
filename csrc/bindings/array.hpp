// Helpers shared by the bindings: element-type dispatch and array geometry.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/type_list.hpp"

namespace resample {
namespace py = pybind11;

template <class T>
struct TypeTag {
  using type = T;
};

// Calls visit(TypeTag<T>{}) with T the element type of `a`, one of Ts; the
// one place where a NumPy dtype becomes a C++ type. The Python layer has
// already checked the dtype, so the error only guards direct calls into _core.
template <class... Ts, class Visit>
void visit_dtype(const py::array& a, const std::string& op, Visit&& visit) {
  const py::dtype dt = a.dtype();
  const bool native = dt.byteorder() != '>' && dt.byteorder() != '<';
  bool done = false;
  ((done = done || (native && dt.normalized_num() == py::dtype::num_of<Ts>() && (visit(TypeTag<Ts>{}), true))), ...);
  if (done) return;
  std::string names;
  ((names += (names.empty() ? "" : ", ") + std::string(py::str(py::dtype::of<Ts>()))), ...);
  throw py::type_error(op + ": x must have dtype " + names + " (native byte order), got " + std::string(py::str(dt)));
}

template <class... Ts, class Visit>
void visit_dtype(TypeList<Ts...>, const py::array& a, const std::string& op, Visit&& visit) {
  visit_dtype<Ts...>(a, op, std::forward<Visit>(visit));
}

template <class Visit>
void visit_float_dtype(const py::array& a, const std::string& op, Visit&& visit) {
  visit_dtype<float, double>(a, op, std::forward<Visit>(visit));
}

// The `rank` entries of `values` from `first` as the trailing entries of a
// 3-axis (D, H, W) array, the leading ones `fill`: kernels see every problem
// as 3D.
inline std::array<std::int64_t, 3> trailing(const std::vector<std::int64_t>& values, std::size_t first, int rank,
                                            std::int64_t fill) {
  std::array<std::int64_t, 3> d{fill, fill, fill};
  for (int i = 0; i < rank; ++i) d[static_cast<std::size_t>(3 - rank + i)] = values[first + static_cast<std::size_t>(i)];
  return d;
}

// Strides in elements (NumPy gives bytes).
inline std::vector<std::int64_t> element_strides(const py::array& a) {
  std::vector<std::int64_t> strides(static_cast<std::size_t>(a.ndim()));
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (a.strides(i) % a.itemsize() != 0) throw py::value_error("x: strides must be multiples of the item size");
    strides[static_cast<std::size_t>(i)] = a.strides(i) / a.itemsize();
  }
  return strides;
}

// Checks that `out` is a C-contiguous, writable array of `shape` and the
// element type of `like`; the Python layer guarantees it, this guards _core.
void check_output(const py::array& out, const py::array& like, const std::vector<std::int64_t>& shape,
                  const char* what);

}  // namespace resample
