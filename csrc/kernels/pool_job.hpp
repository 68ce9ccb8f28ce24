// What one pooling call asks of a kernel: plain data, no behaviour.
#pragma once
#include <cstdint>

#include "core/pool_geometry.hpp"
#include "core/type_list.hpp"

namespace resample {

// Max pooling runs on the floats and every integer type (bool as uint8);
// averaging only on the floats (the Python layer computes integer averages in
// float, see _dtypes.py).
using MaxPoolTypes = TypeList<float, double, std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t,
                              std::uint32_t, std::int64_t, std::uint64_t>;

// The input is a set of "planes" (every combination of the batch axes), each
// holding a D x H x W grid of cells of `lanes` elements: lanes = 1 for NCHW,
// lanes = channels for NHWC. Input strides are arbitrary (in elements, may be
// negative); the output and indices are C-contiguous, planes then D, H, W, lanes.
template <class T>
struct PoolJob {
  const T* in = nullptr;
  T* out = nullptr;
  std::int64_t* indices = nullptr;  // max pooling with return_indices, else null

  Dims3 in_size{}, out_size{};
  PoolWindow window;
  std::int64_t lanes = 1;

  // Batch axes, merged where the strides allow; plane p is their raveled index.
  int batch_ndim = 0;
  const std::int64_t* batch_shape = nullptr;
  const std::int64_t* batch_stride = nullptr;
  std::int64_t planes = 1;
  Dims3 in_stride{};
  std::int64_t lane_stride = 1;

  // Per axis and output position, the window taps inside the input
  // (taps_inside), each table out_size long. An axis with window stride 0
  // (adaptive pooling, see PoolRequest::adaptive) has kernel = the input
  // size, padding 0, dilation 1: output o's taps, taps[a][o], are then the
  // input positions first .. first + count - 1 themselves.
  const TapRange* taps[3] = {nullptr, nullptr, nullptr};

  // Average pooling: divisor = divisor_override if > 0, else the product of
  // the per-axis counts (see pool_divisor_counts), each table out_size long.
  std::int64_t divisor_override = 0;
  const std::int64_t* divisor_counts[3] = {nullptr, nullptr, nullptr};

  // Large outputs are written past the caches (non-temporal stores where
  // aligned): a third less memory traffic, and the input stays cached.
  bool stream_output = false;

  // How work is split and buffered, and the per-thread scratch it needs.
  PoolPlan plan{};
  T* scratch = nullptr;
  int threads = 1;
};

}  // namespace resample
