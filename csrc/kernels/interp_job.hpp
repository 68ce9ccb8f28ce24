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

// uint8 resized along H and W with every weight a multiple of 1/8 (x2 and x4
// upscales and halvings with half-pixel centres, the pyramid steps): the
// float path's arithmetic is then exact, and its result is exactly
// (sum of eighths_h * eighths_w * input + 32) >> 6, which this path computes
// in 16-bit lanes (at most 64 * 255 + 32). Output row oh weighs its two input
// rows (H taps; one tap is a second of weight 0) by row_eighths[2 oh], [2 oh
// + 1]; output block b (V = the level's uint16 block) reads those row sums s
// at base[b] + rel_a and base[b] + rel_b, weighted by eighths_a and
// eighths_b (pattern[b]'s V entries each), from a window of two or four
// blocks (`window[b]`), or element by element (0). With every weight 1/2
// (`halves`: the 2x2 box of a halving) it is (a + b + c + d + 2) >> 2, plain
// sums.
struct EighthBlocks {
  const std::int64_t* base = nullptr;
  const std::uint8_t* window = nullptr;
  const std::int32_t* pattern = nullptr;
  const std::uint16_t* table = nullptr;  // per pattern, V entries each: rel_a, rel_b, eighths_a, eighths_b
  const std::uint16_t* row_eighths = nullptr;
  bool halves = false;
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
  bool eighths = false;            // the exact integer path (uint8 only; see EighthBlocks)
  EighthBlocks eighth_blocks;
  std::int64_t chunk_pixels = 1;   // output pixels per chunk, a multiple of the block size
  std::int64_t chunks = 1;
  std::int64_t cached_row = 0;     // elements of one cached row (a chunk, padded to whole blocks)

  bool stream_output = false;      // non-temporal stores: the output is far larger than the caches
  Acc* scratch = nullptr;          // per thread: taps_d * taps_h cached rows
  std::int64_t scratch_per_thread = 0;
  int threads = 1;
};

}  // namespace resample
