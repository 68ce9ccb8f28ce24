// Python entry points of max/avg pooling: geometry from the arrays, then the
// selected ISA's kernel with the GIL released.
#include <string>
#include <vector>

#include "bindings/array.hpp"
#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"

namespace resample {
namespace {

PoolWindow make_window(int rank, const std::vector<std::int64_t>& kernel, const std::vector<std::int64_t>& stride,
                       const std::vector<std::int64_t>& padding, const std::vector<std::int64_t>& dilation,
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

Dims3 spatial_sizes(const std::vector<std::int64_t>& sizes, int rank) {
  Dims3 in{1, 1, 1};
  for (int i = 0; i < rank; ++i) in[static_cast<std::size_t>(3 - rank + i)] = sizes[static_cast<std::size_t>(i)];
  return in;
}

std::vector<std::int64_t> output_sizes(const std::string& op, int rank, const std::vector<std::int64_t>& in,
                                       const std::vector<std::int64_t>& kernel, const std::vector<std::int64_t>& stride,
                                       const std::vector<std::int64_t>& padding,
                                       const std::vector<std::int64_t>& dilation, bool ceil_mode) {
  if (in.size() != static_cast<std::size_t>(rank)) throw py::value_error(op + ": one input size per spatial axis");
  const Dims3 out = pool_output_sizes(op, rank, spatial_sizes(in, rank), make_window(rank, kernel, stride, padding, dilation, ceil_mode));
  return std::vector<std::int64_t>(out.end() - rank, out.end());
}

template <class T>
void run_pool(const std::string& op, const std::string& kind, const py::array& x, py::array& out,
              py::object indices, int rank, bool channels_last, const PoolWindow& window,
              bool count_include_pad, std::int64_t divisor_override) {
  const int ndim = static_cast<int>(x.ndim());
  const int batch_ndim = ndim - rank - (channels_last ? 1 : 0);
  if (batch_ndim < 0) throw py::type_error(op + ": x has too few dimensions");
  const std::vector<std::int64_t> shape(x.shape(), x.shape() + ndim);
  const std::vector<std::int64_t> strides = element_strides(x);

  PoolJob<T> job;
  job.window = window;
  std::vector<std::int64_t> spatial(shape.begin() + batch_ndim, shape.begin() + batch_ndim + rank);
  job.in_size = spatial_sizes(spatial, rank);
  job.out_size = pool_output_sizes(op, rank, job.in_size, window);
  for (int i = 0; i < rank; ++i)
    job.in_stride[static_cast<std::size_t>(3 - rank + i)] = strides[static_cast<std::size_t>(batch_ndim + i)];
  job.lanes = channels_last ? shape.back() : 1;
  job.lane_stride = channels_last ? strides.back() : 1;

  std::vector<std::int64_t> out_shape(shape.begin(), shape.begin() + batch_ndim);
  for (int i = 0; i < rank; ++i) out_shape.push_back(job.out_size[static_cast<std::size_t>(3 - rank + i)]);
  if (channels_last) out_shape.push_back(job.lanes);
  check_output(out, x, out_shape, "out");
  py::array index_array;
  if (!indices.is_none()) {
    index_array = indices.cast<py::array>();  // no conversion: a copy would not be written back
    if (index_array.dtype().normalized_num() != py::dtype::num_of<std::int64_t>())
      throw py::value_error("indices: expected an int64 array");
    check_output(index_array, index_array, out_shape, "indices");
  }

  const BatchAxes batch = merge_batch_axes(std::vector<std::int64_t>(shape.begin(), shape.begin() + batch_ndim),
                                           std::vector<std::int64_t>(strides.begin(), strides.begin() + batch_ndim));
  job.batch_ndim = static_cast<int>(batch.shape.size());
  job.batch_shape = batch.shape.data();
  job.batch_stride = batch.stride.data();
  job.planes = batch.count;
  if (job.planes == 0 || job.lanes == 0) return;

  std::vector<TapRange> taps[3];
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::int64_t o = 0; o < job.out_size[a]; ++o)
      taps[a].push_back(taps_inside(o, window.kernel[a], window.stride[a], window.padding[a], window.dilation[a], 0,
                                    job.in_size[a]));
    job.taps[a] = taps[a].data();
  }
  std::vector<std::int64_t> counts[3];
  if (kind == "avg" && divisor_override <= 0) {
    for (std::size_t a = 0; a < 3; ++a) {
      counts[a] = pool_divisor_counts(job.in_size[a], job.out_size[a], window.kernel[a], window.stride[a],
                                      window.padding[a], window.dilation[a], count_include_pad);
      job.divisor_counts[a] = counts[a].data();
    }
  }
  job.divisor_override = kind == "avg" ? divisor_override : 0;

  job.in = static_cast<const T*>(x.data());
  job.out = static_cast<T*>(out.mutable_data());
  job.indices = indices.is_none() ? nullptr : static_cast<std::int64_t*>(index_array.mutable_data());
  const std::int64_t rows = job.planes * job.out_size[0] * job.out_size[1];
  const std::int64_t bytes = (static_cast<std::int64_t>(x.size()) + static_cast<std::int64_t>(out.size())) *
                             static_cast<std::int64_t>(sizeof(T));
  job.threads = threads_for(bytes, rows);
  const PoolScratch layout = pool_scratch_layout(job.in_size, job.out_size, window, job.lanes, sizeof(T));
  std::vector<T> scratch(static_cast<std::size_t>(layout.total * job.threads));
  job.scratch = scratch.data();

  const PoolKernels<T>& k = kernels().pool<T>();
  auto* kernel = kind == "avg" ? k.avg : (job.indices ? k.max_with_indices : k.max);
  py::gil_scoped_release release;
  kernel(job);
}

void pool(const std::string& op, const std::string& kind, const py::array& x, py::array out, py::object indices,
          int rank, bool channels_last, const std::vector<std::int64_t>& kernel,
          const std::vector<std::int64_t>& stride, const std::vector<std::int64_t>& padding,
          const std::vector<std::int64_t>& dilation, bool ceil_mode, bool count_include_pad,
          std::int64_t divisor_override) {
  if (kind != "max" && kind != "avg") throw py::value_error("pool: kind must be 'max' or 'avg'");
  const PoolWindow window = make_window(rank, kernel, stride, padding, dilation, ceil_mode);
  visit_float_dtype(x, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    run_pool<T>(op, kind, x, out, indices, rank, channels_last, window, count_include_pad, divisor_override);
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
}

}  // namespace resample
