// One transposed-convolution call, from shapes to the selected ISA's kernel:
// validates the geometry, splits every axis into stride phases, plans the
// work items and scratch, and runs. Shared by the Python bindings and the
// C++ benchmarks. Compiled at the baseline level.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/deconv_geometry.hpp"
#include "core/scratch.hpp"
#include "kernels/deconv_job.hpp"

namespace resample {

enum class DeconvPath { automatic, gemm, direct };

struct DeconvRequest {
  int rank = 2;            // spatial axes, 1-3; they fill the trailing entries of the Dims3
  Dims3 in_size{1, 1, 1};  // spatial sizes, padded in front with 1
  DeconvGeometry geometry;
  std::int64_t batch = 1, in_channels = 1, out_channels = 1, groups = 1;
  // Input strides in elements (any sign); the output is C-contiguous.
  std::int64_t in_batch_stride = 0, in_channel_stride = 0;
  Dims3 in_stride{0, 0, 1};
  bool channels_last = false;  // output (N, D, H, W, C) rather than (N, C, D, H, W)
  DeconvPath path = DeconvPath::automatic;  // tests force each path
};

template <class T>
class DeconvCall {
 public:
  // Throws std::invalid_argument naming `op` for impossible geometry or
  // channel counts.
  DeconvCall(const std::string& op, const DeconvRequest& request);
  const Dims3& out_size() const { return job_.out_size; }
  // Runs with the current thread budget. `weight` is C-contiguous
  // (C_in, C_out/groups, kd, kh, kw); `bias` (C_out) may be null; `out` is
  // C-contiguous in the request's layout.
  void run(const T* in, const T* weight, const T* bias, T* out);

 private:
  void plan_gemm(std::int64_t mr, std::int64_t nr, std::int64_t lanes);
  T* aligned_scratch(std::size_t per_thread, int threads);

  DeconvJob<T> job_;
  DeconvPath path_;
  DeconvAxisPhases axes_[3];
  std::vector<std::int64_t> a_offset_, a_row_, w_first_;
  std::vector<DeconvTap> w_union_;
  std::vector<DeconvBlock> blocks_;
  std::int64_t packed_a_size_ = 0;
  DeconvGeometry geometry_;
  std::shared_ptr<const std::vector<T>> packed_a_;  // from the cache of packed weights, or new
  Scratch<T> scratch_, padded_;
};

extern template class DeconvCall<float>;
extern template class DeconvCall<double>;

}  // namespace resample
