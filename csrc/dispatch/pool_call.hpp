// One pooling call, from shapes to the selected ISA's kernel: validates the
// geometry, builds the per-axis tables and scratch, and runs. Shared by the
// Python bindings and the C++ benchmarks. Compiled at the baseline level.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/batch.hpp"
#include "core/scratch.hpp"
#include "core/pool_geometry.hpp"
#include "kernels/pool_job.hpp"

namespace resample {

enum class PoolKind { max, avg };

struct PoolRequest {
  PoolKind kind = PoolKind::max;
  int rank = 2;            // spatial axes, 1-3; they fill the trailing entries of the Dims3
  Dims3 in_size{1, 1, 1};  // spatial sizes, padded in front with 1
  Dims3 in_stride{0, 0, 1};
  PoolWindow window;
  std::int64_t lanes = 1, lane_stride = 1;  // channels-last: channels, else 1
  std::vector<std::int64_t> batch_shape, batch_stride;
  bool count_include_pad = true;
  std::int64_t divisor_override = 0;  // 0: none
  // Adaptive pooling: `window` is ignored; each output covers PyTorch's
  // adaptive window of the input (see adaptive_ranges), out_size given here
  // (entries may be 0). Along an axis where the input size is a multiple of
  // the output size that is an ordinary window (kernel = stride = in / out),
  // run by the ordinary paths; elsewhere the job takes per-output tap tables
  // (PoolJob: stride 0).
  bool adaptive = false;
  Dims3 adaptive_out{1, 1, 1};
};

template <class T>
class PoolCall {
 public:
  // Throws std::invalid_argument naming `op` for impossible geometry.
  PoolCall(const std::string& op, const PoolRequest& request);
  const Dims3& out_size() const { return job_.out_size; }
  // Runs with the current thread budget (small calls stay serial). `out`
  // (and `indices`, when requested) are C-contiguous, planes x D x H x W x lanes.
  void run(const T* in, T* out, std::int64_t* indices);

 private:
  PoolKind kind_;
  PoolJob<T> job_;
  BatchAxes batch_;
  std::vector<TapRange> taps_[3];
  std::vector<std::int64_t> counts_[3];
  Scratch<T> scratch_;
};

// Instantiated (in pool_call.cpp) for every type of MaxPoolTypes.

}  // namespace resample
