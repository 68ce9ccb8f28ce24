// What one max-unpooling call asks of a kernel: plain data, no behaviour.
#pragma once
#include <cstdint>

#include "core/pool_geometry.hpp"

namespace resample {

// An invalid index a thread found (the first in its share of the work).
struct UnpoolError {
  bool found = false;
  std::int64_t index = 0;
};

// The input values and indices are sets of "planes" (every combination of
// the batch axes), each a D x H x W grid of cells of `lanes` elements (lanes
// = channels for channels-last, else 1), with arbitrary strides each. The
// output is C-contiguous, planes then OD, OH, OW, lanes. Element (cell, c)
// of a plane goes to output cell indices(cell, c) of the same plane, lane c;
// the output is zero elsewhere.
template <class T>
struct UnpoolJob {
  const T* in = nullptr;
  const std::int64_t* indices = nullptr;
  T* out = nullptr;

  Dims3 in_size{}, out_size{};
  std::int64_t lanes = 1;

  // Batch axes (size-1 axes dropped); plane p is their raveled index.
  int batch_ndim = 0;
  const std::int64_t* batch_shape = nullptr;
  const std::int64_t* in_batch_stride = nullptr;
  const std::int64_t* index_batch_stride = nullptr;
  std::int64_t planes = 1;
  Dims3 in_stride{}, index_stride{};
  std::int64_t in_lane_stride = 1, index_lane_stride = 1;

  int threads = 1;
  UnpoolError* errors = nullptr;  // one per thread
};

}  // namespace resample
