#include "dispatch/pool_call.hpp"

#include <stdexcept>
#include <type_traits>

#include "core/scratch.hpp"
#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"

namespace resample {

namespace {

// A window that is a whole contiguous channels-first plane (global pooling,
// adaptive pooling to 1x1) pools the plane as one row of D*H*W elements: one
// long run that the column fold reduces a SIMD block at a time, instead of H
// short rows. Indices stay the same (flat in the plane).
template <class T>
void flatten_global_window(PoolJob<T>& job) {
  const Dims3& in = job.in_size;
  PoolWindow& w = job.window;
  if (job.lanes != 1 || job.out_size != Dims3{1, 1, 1}) return;
  std::int64_t run = 1;  // elements of the plane's axes after this one
  for (std::size_t a = 3; a-- > 0;) {
    const bool whole = w.kernel[a] == in[a] && w.padding[a] == 0 && w.dilation[a] == 1;
    if (!whole || (in[a] > 1 && job.in_stride[a] != run)) return;
    run *= in[a];
  }
  job.in_size = {1, 1, run};
  job.in_stride = {run, run, 1};
  w.kernel = {1, 1, run};
  w.stride = {1, 1, run};
  w.padding = {0, 0, 0};
  w.dilation = {1, 1, 1};
}

}  // namespace

template <class T>
PoolCall<T>::PoolCall(const std::string& op, const PoolRequest& request) : kind_(request.kind) {
  if (kind_ == PoolKind::avg && !std::is_floating_point_v<T>)
    throw std::invalid_argument(op + ": average pooling runs on float32 and float64 only");
  job_.in_size = request.in_size;
  if (request.adaptive) {
    job_.out_size = request.adaptive_out;
    for (std::size_t a = 0; a < 3; ++a) {
      const std::int64_t in = request.in_size[a], out = request.adaptive_out[a];
      if (in < 1 || out < 0)
        throw std::invalid_argument(op + ": spatial axis of size " + std::to_string(in) + " to output size " +
                                    std::to_string(out) + "; expected a non-empty input and output_size >= 0");
      PoolWindow& w = job_.window;
      if (out > 0 && in % out == 0) {
        w.kernel[a] = w.stride[a] = in / out;
      } else {  // per-output tables: the window is the whole axis, the tables pick each output's part
        w.kernel[a] = in;
        w.stride[a] = 0;
        taps_[a] = adaptive_ranges(in, out);
      }
    }
  } else {
    job_.window = request.window;
    job_.out_size = pool_output_sizes(op, request.rank, request.in_size, request.window);
  }
  job_.in_stride = request.in_stride;
  job_.lanes = request.lanes;
  job_.lane_stride = request.lane_stride;
  flatten_global_window(job_);

  batch_ = BatchAxes(request.batch_shape, request.batch_stride);
  job_.planes = batch_.planes;
  job_.batch_ndim = batch_.ndim();
  job_.batch_shape = batch_.shape.data();
  job_.batch_stride = batch_.stride.data();

  const PoolWindow& w = job_.window;
  for (std::size_t a = 0; a < 3; ++a) {
    if (w.stride[a] > 0)
      for (std::int64_t o = 0; o < job_.out_size[a]; ++o)
        taps_[a].push_back(taps_inside(o, w.kernel[a], w.stride[a], w.padding[a], w.dilation[a], 0, job_.in_size[a]));
    job_.taps[a] = taps_[a].data();
  }
  if (kind_ == PoolKind::avg) {
    job_.divisor_override = request.adaptive ? 0 : request.divisor_override;
    if (job_.divisor_override <= 0) {
      for (std::size_t a = 0; a < 3; ++a) {
        if (w.stride[a] > 0) {
          counts_[a] = pool_divisor_counts(job_.in_size[a], job_.out_size[a], w.kernel[a], w.stride[a],
                                           w.padding[a], w.dilation[a], request.count_include_pad);
        } else {  // adaptive tables: every tap is inside the input
          for (const TapRange& r : taps_[a]) counts_[a].push_back(r.count);
        }
        job_.divisor_counts[a] = counts_[a].data();
      }
    }
  }
}

template <class T>
void PoolCall<T>::run(const T* in, T* out, std::int64_t* indices) {
  if (job_.planes == 0 || job_.lanes == 0) return;
  const Dims3& sizes = job_.out_size;
  if (sizes[0] == 0 || sizes[1] == 0 || sizes[2] == 0) return;
  job_.in = in;
  job_.out = out;
  job_.indices = indices;
  const Dims3& o = job_.out_size;
  const Dims3& i = job_.in_size;
  const std::int64_t rows = job_.planes * o[0] * o[1];
  job_.plan = pool_plan(o, job_.window, job_.lanes, sizeof(T));
  const std::int64_t items = rows * ((o[2] + job_.plan.chunk_outputs - 1) / job_.plan.chunk_outputs);
  const std::int64_t elements_in = job_.planes * i[0] * i[1] * i[2] * job_.lanes;
  const std::int64_t elements_out = rows * o[2] * job_.lanes;
  constexpr std::int64_t stream_bytes = 8 << 20;  // as interpolation's outputs
  job_.stream_output = elements_out * static_cast<std::int64_t>(sizeof(T)) > stream_bytes;
  job_.threads = threads_for((elements_in + elements_out) * static_cast<std::int64_t>(sizeof(T)), items);
  // Each thread's scratch starts on its own cache line (plan.scratch is a
  // whole number of lines): aligned blocks, no false sharing.
  job_.scratch = line_aligned_scratch(scratch_, static_cast<std::size_t>(job_.plan.scratch), job_.threads);

  const PoolKernels<T>& k = kernels().pool<T>();
  if (kind_ == PoolKind::avg)
    k.avg(job_);
  else if (indices)
    k.max_with_indices(job_);
  else
    k.max(job_);
}

template class PoolCall<float>;
template class PoolCall<double>;
template class PoolCall<std::int8_t>;
template class PoolCall<std::uint8_t>;
template class PoolCall<std::int16_t>;
template class PoolCall<std::uint16_t>;
template class PoolCall<std::int32_t>;
template class PoolCall<std::uint32_t>;
template class PoolCall<std::int64_t>;
template class PoolCall<std::uint64_t>;

}  // namespace resample
