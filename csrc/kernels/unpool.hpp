// Max-unpooling (the scatter that undoes max pooling with indices), 1D/2D/3D,
// channels-first and channels-last.
//
// Work is split by plane: each plane's output is zero-filled and then written
// from its input in raster order (d, h, w, then lanes), while it is still in
// cache. Duplicate indices within a plane: the last element in that order
// wins (PyTorch's CPU result with one thread). An index outside the output
// plane is not written; the thread records it and the caller raises.
// Results are copies of input elements, identical at every ISA level.
#pragma once
#include <algorithm>
#include <cstdint>

#include "core/batch.hpp"
#include "core/parallel.hpp"
#include "kernels/unpool_job.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

template <class T>
void max_unpool(const UnpoolJob<T>& job) {
  const std::int64_t D = job.in_size[0], H = job.in_size[1], W = job.in_size[2], lanes = job.lanes;
  const std::int64_t cells = job.out_size[0] * job.out_size[1] * job.out_size[2];
  const std::int64_t plane_size = cells * lanes;
  const std::int64_t sd = job.in_stride[0], sh = job.in_stride[1], sw = job.in_stride[2], sc = job.in_lane_stride;
  const std::int64_t id = job.index_stride[0], ih = job.index_stride[1], iw = job.index_stride[2];
  const std::int64_t ic = job.index_lane_stride;
  parallel_for(job.planes, job.threads, [&](std::int64_t begin, std::int64_t end, int thread) {
    UnpoolError& error = job.errors[thread];
    for (std::int64_t plane = begin; plane < end && !error.found; ++plane) {
      T* __restrict out = job.out + plane * plane_size;
      std::fill(out, out + plane_size, T(0));
      const T* in = job.in + plane_offset(job.batch_ndim, job.batch_shape, job.in_batch_stride, plane);
      const std::int64_t* where =
          job.indices + plane_offset(job.batch_ndim, job.batch_shape, job.index_batch_stride, plane);
      for (std::int64_t d = 0; d < D; ++d)
        for (std::int64_t h = 0; h < H; ++h) {
          const T* in_row = in + d * sd + h * sh;
          const std::int64_t* where_row = where + d * id + h * ih;
          if (lanes == 1) {
            for (std::int64_t w = 0; w < W; ++w) {
              const std::int64_t k = where_row[w * iw];
              // One unsigned compare catches negative indices too.
              if (static_cast<std::uint64_t>(k) >= static_cast<std::uint64_t>(cells)) {
                error = {true, k};
                return;
              }
              out[k] = in_row[w * sw];
            }
            continue;
          }
          for (std::int64_t w = 0; w < W; ++w)
            for (std::int64_t c = 0; c < lanes; ++c) {
              const std::int64_t k = where_row[w * iw + c * ic];
              if (static_cast<std::uint64_t>(k) >= static_cast<std::uint64_t>(cells)) {
                error = {true, k};
                return;
              }
              out[k * lanes + c] = in_row[w * sw + c * sc];
            }
        }
    }
  });
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
