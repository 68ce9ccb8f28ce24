// Python entry points of transposed convolution: array geometry in,
// DeconvCall out, with the GIL released while the kernel runs. The Python
// layer (resample/_conv_transpose.py) has checked shapes, dtypes and
// parameters and says so in its errors; the checks here guard direct calls.
#include <string>
#include <vector>

#include "bindings/array.hpp"
#include "dispatch/deconv_call.hpp"

namespace resample {
namespace {

using Ints = std::vector<std::int64_t>;

DeconvGeometry make_geometry(const std::string& op, int rank, const Ints& kernel, const Ints& stride,
                             const Ints& padding, const Ints& output_padding, const Ints& dilation) {
  const auto r = static_cast<std::size_t>(rank);
  if (rank < 1 || rank > 3 || kernel.size() != r || stride.size() != r || padding.size() != r ||
      output_padding.size() != r || dilation.size() != r)
    throw py::value_error(op + ": parameters must have one entry per spatial axis");
  DeconvGeometry g;
  for (std::size_t i = 0; i < r; ++i) {
    const std::size_t a = 3 - r + i;
    g.kernel[a] = kernel[i];
    g.stride[a] = stride[i];
    g.padding[a] = padding[i];
    g.output_padding[a] = output_padding[i];
    g.dilation[a] = dilation[i];
  }
  return g;
}


Ints output_sizes(const std::string& op, int rank, const Ints& in, const Ints& kernel, const Ints& stride,
                  const Ints& padding, const Ints& output_padding, const Ints& dilation) {
  if (in.size() != static_cast<std::size_t>(rank)) throw py::value_error(op + ": one input size per spatial axis");
  const DeconvGeometry g = make_geometry(op, rank, kernel, stride, padding, output_padding, dilation);
  const Dims3 out = deconv_output_sizes(op, rank, trailing(in, 0, rank, 1), g);
  return Ints(out.end() - rank, out.end());
}

DeconvPath parse_path(const std::string& path) {
  if (path == "auto") return DeconvPath::automatic;
  if (path == "gemm") return DeconvPath::gemm;
  if (path == "direct") return DeconvPath::direct;
  throw py::value_error("conv_transpose: path must be 'auto', 'gemm' or 'direct'");
}

template <class T>
void run(const std::string& op, DeconvRequest request, const py::array& x, const py::array& weight,
         const py::object& bias, py::array& out) {
  const int rank = request.rank, ndim = static_cast<int>(x.ndim());
  if (ndim != rank + 2) throw py::value_error(op + ": x must be batched (N, C, spatial...) here");
  const Ints shape(x.shape(), x.shape() + ndim), strides = element_strides(x);
  const bool last = request.channels_last;
  const std::size_t channel_axis = last ? static_cast<std::size_t>(ndim - 1) : 1, first = last ? 1 : 2;
  request.batch = shape[0];
  request.in_channels = shape[channel_axis];
  request.in_batch_stride = strides[0];
  request.in_channel_stride = strides[channel_axis];
  request.in_size = trailing(shape, first, rank, 1);
  request.in_stride = trailing(strides, first, rank, 0);

  if (weight.ndim() != rank + 2 || !(weight.flags() & py::array::c_style) || !weight.dtype().equal(x.dtype()))
    throw py::value_error(op + ": weight must be a C-contiguous (C_in, C_out/groups, k...) array of x's dtype");
  if (weight.shape(0) != request.in_channels)
    throw py::value_error(op + ": weight.shape[0] must equal the input channels");
  for (int i = 0; i < rank; ++i) {
    if (weight.shape(2 + i) != request.geometry.kernel[static_cast<std::size_t>(3 - rank + i)])
      throw py::value_error(op + ": kernel sizes must match weight.shape[2:]");
  }
  request.out_channels = weight.shape(1) * request.groups;
  const T* bias_data = nullptr;
  py::array bias_array;
  if (!bias.is_none()) {
    bias_array = bias.cast<py::array>();
    if (bias_array.ndim() != 1 || bias_array.shape(0) != request.out_channels ||
        !(bias_array.flags() & py::array::c_style) || !bias_array.dtype().equal(x.dtype()))
      throw py::value_error(op + ": bias must be a C-contiguous (C_out,) array of x's dtype");
    bias_data = static_cast<const T*>(bias_array.data());
  }
  DeconvCall<T> call(op, request);

  Ints out_shape{request.batch};
  if (!last) out_shape.push_back(request.out_channels);
  for (int i = 0; i < rank; ++i) out_shape.push_back(call.out_size()[static_cast<std::size_t>(3 - rank + i)]);
  if (last) out_shape.push_back(request.out_channels);
  check_output(out, x, out_shape, "out");
  const T* in_data = static_cast<const T*>(x.data());
  const T* weight_data = static_cast<const T*>(weight.data());
  T* out_data = static_cast<T*>(out.mutable_data());
  py::gil_scoped_release release;
  call.run(in_data, weight_data, bias_data, out_data);
}

void conv_transpose(const std::string& op, const py::array& x, const py::array& weight, const py::object& bias,
                    py::array out, int rank, bool channels_last, const Ints& stride, const Ints& padding,
                    const Ints& output_padding, std::int64_t groups, const Ints& dilation, const std::string& path) {
  DeconvRequest request;
  request.rank = rank;
  request.channels_last = channels_last;
  request.groups = groups;
  request.path = parse_path(path);
  if (weight.ndim() != rank + 2) throw py::value_error(op + ": weight must have rank + 2 dimensions");
  Ints kernel;
  for (int i = 0; i < rank; ++i) kernel.push_back(weight.shape(2 + i));
  request.geometry = make_geometry(op, rank, kernel, stride, padding, output_padding, dilation);
  visit_float_dtype(x, op, [&](auto tag) {
    run<typename decltype(tag)::type>(op, request, x, weight, bias, out);
  });
}

}  // namespace

void register_conv_transpose(py::module_& m) {
  m.def("conv_transpose_output_sizes", &output_sizes, py::arg("op"), py::arg("rank"), py::arg("input_sizes"),
        py::arg("kernel_size"), py::arg("stride"), py::arg("padding"), py::arg("output_padding"),
        py::arg("dilation"),
        "Output spatial sizes of a transposed convolution; raises ValueError for impossible geometry.");
  m.def("conv_transpose", &conv_transpose, py::arg("op"), py::arg("x"), py::arg("weight"), py::arg("bias"),
        py::arg("out"), py::arg("rank"), py::arg("channels_last"), py::arg("stride"), py::arg("padding"),
        py::arg("output_padding"), py::arg("groups"), py::arg("dilation"), py::arg("path") = "auto",
        "Transposed convolution of batched x into the preallocated C-contiguous out.");
}

}  // namespace resample
