// Python entry points of max/avg pooling: array geometry in, PoolCall out,
// with the GIL released while the kernel runs.
#include <string>
#include <vector>

#include "bindings/array.hpp"
#include "dispatch/pool_call.hpp"

namespace resample {
namespace {

using Ints = std::vector<std::int64_t>;

PoolWindow make_window(int rank, const Ints& kernel, const Ints& stride, const Ints& padding, const Ints& dilation,
                       bool ceil_mode) {
  const auto r = static_cast<std::size_t>(rank);
  if (rank < 1 || rank > 3 || kernel.size() != r || stride.size() != r || padding.size() != r ||
      dilation.size() != r)
    throw py::value_error("pool: window parameters must have one entry per spatial axis");
  PoolWindow w;
  w.ceil_mode = ceil_mode;
  for (std::size_t i = 0; i < r; ++i) {
    const std::size_t a = 3 - r + i;
    if (kernel[i] < 1 || stride[i] < 1 || dilation[i] < 1 || padding[i] < 0)
      throw py::value_error("pool: kernel_size, stride and dilation must be positive, padding non-negative");
    w.kernel[a] = kernel[i];
    w.stride[a] = stride[i];
    w.padding[a] = padding[i];
    w.dilation[a] = dilation[i];
  }
  return w;
}

Ints output_sizes(const std::string& op, int rank, const Ints& in, const Ints& kernel, const Ints& stride,
                  const Ints& padding, const Ints& dilation, bool ceil_mode) {
  if (in.size() != static_cast<std::size_t>(rank)) throw py::value_error(op + ": one input size per spatial axis");
  const PoolWindow w = make_window(rank, kernel, stride, padding, dilation, ceil_mode);
  const Dims3 out = pool_output_sizes(op, rank, trailing(in, 0, rank, 1), w);
  return Ints(out.end() - rank, out.end());
}

template <class T>
void run_pool(const std::string& op, PoolRequest request, const py::array& x, py::array& out, const py::object& indices,
              bool channels_last) {
  const int ndim = static_cast<int>(x.ndim()), rank = request.rank;
  const int batch_ndim = ndim - rank - (channels_last ? 1 : 0);
  if (batch_ndim < 0) throw py::type_error(op + ": x has too few dimensions");
  const Ints shape(x.shape(), x.shape() + ndim);
  const Ints strides = element_strides(x);
  const auto first = static_cast<std::size_t>(batch_ndim);
  request.in_size = trailing(shape, first, rank, 1);
  request.in_stride = trailing(strides, first, rank, 0);
  request.lanes = channels_last ? shape.back() : 1;
  request.lane_stride = channels_last ? strides.back() : 1;
  request.batch_shape.assign(shape.begin(), shape.begin() + batch_ndim);
  request.batch_stride.assign(strides.begin(), strides.begin() + batch_ndim);
  PoolCall<T> call(op, request);

  Ints out_shape(shape.begin(), shape.begin() + batch_ndim);
  for (int i = 0; i < rank; ++i) out_shape.push_back(call.out_size()[static_cast<std::size_t>(3 - rank + i)]);
  if (channels_last) out_shape.push_back(request.lanes);
  check_output(out, x, out_shape, "out");
  std::int64_t* index_data = nullptr;
  if (!indices.is_none()) {
    py::array index_array = indices.cast<py::array>();  // no conversion: a copy would not be written back
    if (index_array.dtype().normalized_num() != py::dtype::num_of<std::int64_t>())
      throw py::value_error("indices: expected an int64 array");
    check_output(index_array, index_array, out_shape, "indices");
    index_data = static_cast<std::int64_t*>(index_array.mutable_data());
  }
  const T* in_data = static_cast<const T*>(x.data());
  T* out_data = static_cast<T*>(out.mutable_data());
  py::gil_scoped_release release;
  call.run(in_data, out_data, index_data);
}

// Max pooling takes every type of MaxPoolTypes, averaging the floats.
template <class Visit>
void visit_pool_dtype(PoolKind kind, const py::array& x, const std::string& op, Visit&& visit) {
  if (kind == PoolKind::avg)
    visit_float_dtype(x, op, std::forward<Visit>(visit));
  else
    visit_dtype(MaxPoolTypes{}, x, op, std::forward<Visit>(visit));
}

void pool(const std::string& op, const std::string& kind, const py::array& x, py::array out, py::object indices,
          int rank, bool channels_last, const Ints& kernel, const Ints& stride, const Ints& padding,
          const Ints& dilation, bool ceil_mode, bool count_include_pad, std::int64_t divisor_override) {
  if (kind != "max" && kind != "avg") throw py::value_error("pool: kind must be 'max' or 'avg'");
  PoolRequest request;
  request.kind = kind == "avg" ? PoolKind::avg : PoolKind::max;
  request.rank = rank;
  request.window = make_window(rank, kernel, stride, padding, dilation, ceil_mode);
  request.count_include_pad = count_include_pad;
  request.divisor_override = divisor_override;
  visit_pool_dtype(request.kind, x, op, [&](auto tag) {
    run_pool<typename decltype(tag)::type>(op, request, x, out, indices, channels_last);
  });
}

void adaptive_pool(const std::string& op, const std::string& kind, const py::array& x, py::array out,
                   py::object indices, int rank, bool channels_last, const Ints& output_size) {
  if (kind != "max" && kind != "avg") throw py::value_error("adaptive_pool: kind must be 'max' or 'avg'");
  if (rank < 1 || rank > 3 || output_size.size() != static_cast<std::size_t>(rank))
    throw py::value_error("adaptive_pool: output_size must have one entry per spatial axis");
  PoolRequest request;
  request.kind = kind == "avg" ? PoolKind::avg : PoolKind::max;
  request.rank = rank;
  request.adaptive = true;
  request.adaptive_out = trailing(output_size, 0, rank, 1);
  visit_pool_dtype(request.kind, x, op, [&](auto tag) {
    run_pool<typename decltype(tag)::type>(op, request, x, out, indices, channels_last);
  });
}

}  // namespace

void register_pool(py::module_& m) {
  m.def("pool_output_sizes", &output_sizes, py::arg("op"), py::arg("rank"), py::arg("input_sizes"),
        py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("dilation"), py::arg("ceil_mode"),
        "Output spatial sizes of a pooling call; raises ValueError for impossible geometry.");
  m.def("pool", &pool, py::arg("op"), py::arg("kind"), py::arg("x"), py::arg("out"), py::arg("indices"),
        py::arg("rank"), py::arg("channels_last"), py::arg("kernel_size"), py::arg("stride"), py::arg("padding"),
        py::arg("dilation"), py::arg("ceil_mode"), py::arg("count_include_pad"), py::arg("divisor_override"),
        "Max or average pooling of x into the preallocated C-contiguous out (and indices).");
  m.def("adaptive_pool", &adaptive_pool, py::arg("op"), py::arg("kind"), py::arg("x"), py::arg("out"),
        py::arg("indices"), py::arg("rank"), py::arg("channels_last"), py::arg("output_size"),
        "Adaptive max or average pooling of x into the preallocated C-contiguous out (and indices).");
}

}  // namespace resample
