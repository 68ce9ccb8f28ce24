// Interpolation calls, from shapes to the selected ISA's kernel. An
// InterpPlan holds everything that depends only on the resize (per-axis taps,
// the SIMD block tables of the W axis, the chunking): it is immutable once
// built, so the bindings keep recent plans and reuse them across calls and
// threads. run() adds the arrays. Compiled at the baseline level.
#pragma once
#include <cstdint>
#include <vector>

#include "core/batch.hpp"
#include "core/interp_geometry.hpp"
#include "dispatch/kernel_table.hpp"
#include "kernels/interp_job.hpp"

namespace resample {

// A size-1 axis that is not resized.
AxisResize identity_axis();

// Where the input is: D and H strides (W cells must be contiguous: stride
// lanes, channel stride 1) and the batch axes.
struct InterpInput {
  std::int64_t stride_d = 0, stride_h = 0;
  BatchAxes batch;
};

template <class T>
class InterpPlan {
 public:
  using Acc = ComputeType<T>;
  // axis: D, H, W (axes beyond the rank are identity_axis()); lanes: the
  // channels of a channels-last array, else 1. The plan runs `kernels`'
  // level. Throws std::invalid_argument when a row is too long.
  InterpPlan(const AxisResize (&axis)[3], std::int64_t lanes, const KernelTable& kernels);
  InterpPlan(const InterpPlan&) = delete;
  InterpPlan& operator=(const InterpPlan&) = delete;

  const Dims3& out_size() const { return job_.out_size; }
  // Memory held by the tables (to bound a cache of plans).
  std::size_t bytes() const;
  // Runs with the current thread budget; `out` is C-contiguous: batch, D, H,
  // W, lanes. Safe to call from several threads at once.
  void run(const T* in, const InterpInput& input, T* out) const;

 private:
  void plan_w_axis(std::int64_t block);
  bool plan_eighths(std::int64_t block);

  InterpKernel<T> kernel_;
  InterpJob<T> job_;  // the plan's part; run() copies it and adds the arrays
  AxisTaps taps_[3];
  std::vector<Acc> weights_[3];
  std::vector<std::int64_t> block_base_;
  std::vector<std::uint8_t> block_window_;
  std::vector<std::int32_t> block_pattern_;
  std::vector<LaneIndex<Acc>> pattern_rel_;
  std::vector<Acc> pattern_weight_;
  std::vector<std::int64_t> eighth_base_;
  std::vector<std::uint8_t> eighth_window_;
  std::vector<std::int32_t> eighth_pattern_;
  std::vector<std::uint16_t> eighth_table_, row_eighths_;
};

extern template class InterpPlan<float>;
extern template class InterpPlan<double>;
extern template class InterpPlan<std::uint8_t>;

}  // namespace resample
