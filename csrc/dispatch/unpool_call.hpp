// One max-unpooling call, from shapes to the selected ISA's kernel. Shared by
// the Python bindings; compiled at the baseline level.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/pool_geometry.hpp"
#include "kernels/unpool_job.hpp"

namespace resample {

struct UnpoolRequest {
  Dims3 in_size{1, 1, 1}, out_size{1, 1, 1};  // spatial sizes, padded in front with 1
  Dims3 in_stride{0, 0, 1}, index_stride{0, 0, 1};
  std::int64_t lanes = 1, in_lane_stride = 1, index_lane_stride = 1;  // channels-last: channels
  std::vector<std::int64_t> batch_shape, in_batch_stride, index_batch_stride;
};

template <class T>
class UnpoolCall {
 public:
  explicit UnpoolCall(const UnpoolRequest& request);
  // Runs with the current thread budget; `out` is C-contiguous, planes x OD x
  // OH x OW x lanes. Throws std::invalid_argument naming `op` and `indices`
  // if an index lies outside its output plane (`out` is then unspecified).
  void run(const std::string& op, const T* in, const std::int64_t* indices, T* out);

 private:
  UnpoolJob<T> job_;
  std::vector<std::int64_t> shape_, in_stride_, index_stride_;
};

extern template class UnpoolCall<float>;
extern template class UnpoolCall<double>;

}  // namespace resample
