// One interpolation call, from shapes to the selected ISA's kernel: builds
// the per-axis taps, the SIMD block tables of the W axis, the work split and
// the scratch, and runs. Shared by the Python bindings and the C++
// benchmarks. Compiled at the baseline level.
#pragma once
#include <cstdint>
#include <vector>

#include "core/batch.hpp"
#include "core/interp_geometry.hpp"
#include "kernels/interp_job.hpp"

namespace resample {

struct InterpRequest {
  // D, H, W; axes beyond the rank are in = out = 1 (see identity_axis).
  AxisResize axis[3];
  Dims3 in_stride{0, 0, 1};  // only D and H are used: W cells must be contiguous
  std::int64_t lanes = 1;    // channels-last: channels, else 1
  std::vector<std::int64_t> batch_shape, batch_stride;
};

// A size-1 axis that is not resized.
AxisResize identity_axis();

template <class T>
class InterpCall {
 public:
  using Acc = ComputeType<T>;
  // Throws std::invalid_argument when a row is too long for the kernels.
  explicit InterpCall(const InterpRequest& request);
  // Runs with the current ISA level and thread budget. `out` is C-contiguous:
  // batch, D, H, W, lanes.
  void run(const T* in, T* out);

 private:
  void plan_for_block(std::int64_t block);

  InterpJob<T> job_;
  BatchAxes batch_;
  AxisTaps taps_[3];
  std::vector<Acc> weights_[3];
  std::int64_t planned_block_ = 0;  // the block size the W tables below were built for
  std::vector<std::int64_t> block_base_;
  std::vector<std::uint8_t> block_window_;
  std::vector<LaneIndex<Acc>> block_rel_;
  std::vector<Acc> block_weight_;
  std::vector<Acc> scratch_;
};

extern template class InterpCall<float>;
extern template class InterpCall<double>;
extern template class InterpCall<std::uint8_t>;

}  // namespace resample
