// What one interpolation call asks of a kernel: plain data, no behaviour.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/pool_geometry.hpp"

namespace resample {

// The arithmetic type of an element type: uint8 images are computed in float.
template <class T>
using ComputeType = std::conditional_t<std::is_same_v<T, double>, double, float>;
// The integer of the same width as Acc: the index type of SIMD permutes.
template <class Acc>
using LaneIndex = std::conditional_t<sizeof(Acc) == 8, std::int64_t, std::int32_t>;

// One axis's taps (see AxisTaps), in the compute type.
template <class Acc>
struct AxisTable {
  std::int64_t taps = 1;
  const std::int64_t* index = nullptr;
  const Acc* weight = nullptr;
};

// The W axis of a channels-first or few-channel row, as SIMD blocks of output
// elements (element e = pixel * lanes + channel). Block b reads input elements
// base[b] + rel[t*B + j] with weights weight[t*B + j] (B = the level's block
// size), from the block's pattern: rel = pattern_rel + pattern[b] * taps * B,
// and the same for weight. Blocks at the same phase of a rational scale share
// a pattern, so the tables stay in L1 however long the row.
// `window[b]` = k (2 or 4): every source lies in [base, base + kB), so the
// block loads k input blocks and permutes; 0: it gathers element by element.
template <class Acc>
struct ElementBlocks {
  const std::int64_t* base = nullptr;
  const std::uint8_t* window = nullptr;
  const std::int32_t* pattern = nullptr;
  const LaneIndex<Acc>* pattern_rel = nullptr;
  const Acc* pattern_weight = nullptr;
};

// uint8 halved along H and W with half-pixel centres (every output the mean
// of a 2x2 cell, weights exactly 1/2 and 1/2): the float path's result is
// exactly (a + b + c + d + 2) >> 2, which this path computes in 16-bit lanes.
// Output block b (V = the level's uint16 block) reads the sums s = row0 +
// row1 at base[b] + rel_a and base[b] + rel_b (pattern[b]'s V entries each),
// from a window of four blocks (`window[b]`), or element by element.
struct BoxBlocks {
  const std::int64_t* base = nullptr;
  const std::uint8_t* window = nullptr;
  const std::int32_t* pattern = nullptr;
  const std::uint16_t* rel = nullptr;  // per pattern: V entries of rel_a, then V of rel_b
};

// The input is a set of planes (every combination of the batch axes), each a
// D x H x W grid of cells of `lanes` elements (1 for channels-first). Along W
// the cells are contiguous (stride lanes, channel stride 1); D and H have any
// strides. The output is C-contiguous: planes, D, H, W, lanes.
//
// Work items are (chunk of output pixels along W, output row): the kernel
// interpolates each needed input row along W into a cached row of the chunk,
// then combines the cached rows of an output row's D and H taps.
template <class T>
struct InterpJob {
  using Acc = ComputeType<T>;
  const T* in = nullptr;
  T* out = nullptr;
  Dims3 in_size{}, out_size{};
  std::int64_t lanes = 1;
  int batch_ndim = 0;
  const std::int64_t* batch_shape = nullptr;
  const std::int64_t* batch_stride = nullptr;
  std::int64_t planes = 1;
  std::int64_t stride_d = 0, stride_h = 0;

  AxisTable<Acc> axis[3];          // D, H, W
  bool by_channel = false;         // many channels: vectorize W across them (no ElementBlocks)
  ElementBlocks<Acc> blocks;
  bool box = false;                // the 2x2 box path (uint8 only; see BoxBlocks)
  BoxBlocks box_blocks;
  std::int64_t chunk_pixels = 1;   // output pixels per chunk, a multiple of the block size
  std::int64_t chunks = 1;
  std::int64_t cached_row = 0;     // elements of one cached row (a chunk, padded to whole blocks)

  bool stream_output = false;      // non-temporal stores: the output is far larger than the caches
  Acc* scratch = nullptr;          // per thread: taps_d * taps_h cached rows
  std::int64_t scratch_per_thread = 0;
  int threads = 1;
};

}  // namespace resample
