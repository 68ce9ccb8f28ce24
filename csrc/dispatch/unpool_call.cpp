#include "dispatch/unpool_call.hpp"

#include <stdexcept>

#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"

namespace resample {

template <class T>
UnpoolCall<T>::UnpoolCall(const UnpoolRequest& request) {
  job_.in_size = request.in_size;
  job_.out_size = request.out_size;
  job_.in_stride = request.in_stride;
  job_.index_stride = request.index_stride;
  job_.lanes = request.lanes;
  job_.in_lane_stride = request.in_lane_stride;
  job_.index_lane_stride = request.index_lane_stride;
  // Batch axes without the size-1 ones; neighbours merged where both arrays' strides line up.
  for (std::size_t i = 0; i < request.batch_shape.size(); ++i) {
    const std::int64_t n = request.batch_shape[i], a = request.in_batch_stride[i], b = request.index_batch_stride[i];
    job_.planes *= n;
    if (n == 1) continue;
    if (!shape_.empty() && in_stride_.back() == a * n && index_stride_.back() == b * n) {
      shape_.back() *= n;
      in_stride_.back() = a;
      index_stride_.back() = b;
    } else {
      shape_.push_back(n);
      in_stride_.push_back(a);
      index_stride_.push_back(b);
    }
  }
  job_.batch_ndim = static_cast<int>(shape_.size());
  job_.batch_shape = shape_.data();
  job_.in_batch_stride = in_stride_.data();
  job_.index_batch_stride = index_stride_.data();
}

template <class T>
void UnpoolCall<T>::run(const std::string& op, const T* in, const std::int64_t* indices, T* out) {
  const Dims3& i = job_.in_size;
  const Dims3& o = job_.out_size;
  const std::int64_t in_elements = job_.planes * i[0] * i[1] * i[2] * job_.lanes;
  const std::int64_t out_elements = job_.planes * o[0] * o[1] * o[2] * job_.lanes;
  if (out_elements == 0) {
    if (in_elements == 0) return;
    throw std::invalid_argument(op + ": indices: every index is invalid, the output planes being empty");
  }
  job_.in = in;
  job_.indices = indices;
  job_.out = out;
  const std::int64_t bytes =
      in_elements * static_cast<std::int64_t>(sizeof(T) + sizeof(std::int64_t)) + out_elements * static_cast<std::int64_t>(sizeof(T));
  job_.threads = threads_for(bytes, job_.planes);
  std::vector<UnpoolError> errors(static_cast<std::size_t>(job_.threads));
  job_.errors = errors.data();
  kernels().unpool<T>()(job_);
  for (const UnpoolError& e : errors)
    if (e.found)
      throw std::invalid_argument(op + ": indices: found an invalid index " + std::to_string(e.index) +
                                  "; expected 0 <= index < " + std::to_string(o[0] * o[1] * o[2]) +
                                  ", the number of elements of an output plane");
}

template class UnpoolCall<float>;
template class UnpoolCall<double>;

}  // namespace resample
