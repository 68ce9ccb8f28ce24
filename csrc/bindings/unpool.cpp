// Python entry point of max-unpooling: array geometry in, UnpoolCall out,
// with the GIL released while the kernel runs.
#include <algorithm>
#include <string>
#include <vector>

#include "bindings/array.hpp"
#include "dispatch/unpool_call.hpp"

namespace resample {
namespace {

using Ints = std::vector<std::int64_t>;

Dims3 trailing(const Ints& values, std::size_t first, int rank, std::int64_t fill) {
  Dims3 d{fill, fill, fill};
  for (int i = 0; i < rank; ++i) d[static_cast<std::size_t>(3 - rank + i)] = values[first + static_cast<std::size_t>(i)];
  return d;
}

template <class T>
void run_unpool(const std::string& op, const py::array& x, const py::array& indices, py::array& out, int rank,
                bool channels_last, const Ints& output_size) {
  const int ndim = static_cast<int>(x.ndim());
  const int batch_ndim = ndim - rank - (channels_last ? 1 : 0);
  if (batch_ndim < 0) throw py::type_error(op + ": x has too few dimensions");
  if (rank < 1 || rank > 3 || output_size.size() != static_cast<std::size_t>(rank))
    throw py::value_error(op + ": output_size must have one entry per spatial axis");
  for (std::int64_t s : output_size)
    if (s < 0) throw py::value_error(op + ": output_size must be non-negative");
  const Ints shape(x.shape(), x.shape() + ndim);
  if (indices.ndim() != ndim || !std::equal(shape.begin(), shape.end(), indices.shape()))
    throw py::value_error(op + ": indices must have the shape of x");
  if (indices.dtype().normalized_num() != py::dtype::num_of<std::int64_t>() || indices.dtype().byteorder() == '>')
    throw py::type_error(op + ": indices must be a native int64 array");
  const Ints strides = element_strides(x), index_strides = element_strides(indices);
  const auto first = static_cast<std::size_t>(batch_ndim);
  UnpoolRequest request;
  request.in_size = trailing(shape, first, rank, 1);
  request.out_size = trailing(output_size, 0, rank, 1);
  request.in_stride = trailing(strides, first, rank, 0);
  request.index_stride = trailing(index_strides, first, rank, 0);
  request.lanes = channels_last ? shape.back() : 1;
  request.in_lane_stride = channels_last ? strides.back() : 1;
  request.index_lane_stride = channels_last ? index_strides.back() : 1;
  request.batch_shape.assign(shape.begin(), shape.begin() + batch_ndim);
  request.in_batch_stride.assign(strides.begin(), strides.begin() + batch_ndim);
  request.index_batch_stride.assign(index_strides.begin(), index_strides.begin() + batch_ndim);
  UnpoolCall<T> call(request);

  Ints out_shape(shape.begin(), shape.begin() + batch_ndim);
  out_shape.insert(out_shape.end(), output_size.begin(), output_size.end());
  if (channels_last) out_shape.push_back(request.lanes);
  check_output(out, x, out_shape, "out");
  const T* in_data = static_cast<const T*>(x.data());
  const auto* index_data = static_cast<const std::int64_t*>(indices.data());
  T* out_data = static_cast<T*>(out.mutable_data());
  py::gil_scoped_release release;
  call.run(op, in_data, index_data, out_data);
}

void max_unpool(const std::string& op, const py::array& x, const py::array& indices, py::array out, int rank,
                bool channels_last, const Ints& output_size) {
  visit_float_dtype(x, op, [&](auto tag) {
    run_unpool<typename decltype(tag)::type>(op, x, indices, out, rank, channels_last, output_size);
  });
}

}  // namespace

void register_unpool(py::module_& m) {
  m.def("max_unpool", &max_unpool, py::arg("op"), py::arg("x"), py::arg("indices"), py::arg("out"),
        py::arg("rank"), py::arg("channels_last"), py::arg("output_size"),
        "Max-unpooling of x by indices into the preallocated C-contiguous out; raises ValueError for an "
        "index outside its output plane.");
}

}  // namespace resample
