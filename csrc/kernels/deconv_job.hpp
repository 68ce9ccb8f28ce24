// What one transposed-convolution call asks of a kernel: plain data, no
// behaviour. Built by DeconvCall (dispatch/deconv_call.cpp) at the baseline.
#pragma once
#include <cstdint>

#include "core/deconv_geometry.hpp"

namespace resample {

// At most this many tap combinations (D x H x W taps) for packing B a plane
// at a time (DeconvJob::block_planes): the shifts of one packed block.
constexpr std::int64_t deconv_most_shifts = 64;
// W phases at most this long count as short rows (see DeconvJob::padded).
constexpr std::int64_t deconv_short_row = 16;
// Short rows are copied from DeconvJob::padded in chunks of this many
// elements, or a group of rows as two SIMD blocks: the copy has room for
// two of the widest blocks (64 bytes) past its end.
constexpr std::int64_t deconv_copy_chunk = 4;
constexpr std::int64_t deconv_pad_slack = 32;
// At most this many rows per GEMM work item.
constexpr std::int64_t deconv_max_rows = 256;
// Depth of one packed B block. A B panel (kc x nr, 48 KB of float32 at
// AVX-512) then streams from L2 rather than sitting in L1, but each result
// tile makes half the round trips to memory of kc = 128, which measured
// 1-2% faster on the benchmark's U-Net, DCGAN and 1D layers (Zen 4).
constexpr std::int64_t deconv_kc = 256;

// A GEMM work item: for one group and one (D, H) phase pair, the output rows
// [row_begin, row_end) of that phase pair (rows run over batch, then the D
// phase's outputs, then the H phase's) and its W outputs [col_begin,
// col_end) of every W phase (clipped to each phase's count). phase_d or
// phase_h < 0: every phase of that axis (a shared axis, see DeconvJob).
struct DeconvBlock {
  std::int64_t group, phase_d, phase_h, row_begin, row_end, col_begin, col_end;
};

// Where row r of a block's (D, H) phase pair lies: rows run over images,
// then the D phase's outputs jd, then the H phase's outputs jh. next()
// steps to the following row.
struct PairRow {
  std::int64_t image, jd, jh;
  PairRow(std::int64_t r, const DeconvPhase& d, const DeconvPhase& h)
      : image(r / h.count / d.count), jd(r / h.count % d.count), jh(r % h.count) {}
  void next(const DeconvPhase& d, const DeconvPhase& h) {
    if (++jh == h.count) {
      jh = 0;
      if (++jd == d.count) jd = 0, ++image;
    }
  }
};

template <class T>
struct DeconvJob {
  const T* in = nullptr;
  const T* weight = nullptr;  // C-contiguous (C_in, C_out/groups, kd, kh, kw)
  const T* bias = nullptr;    // C_out, or null
  T* out = nullptr;

  std::int64_t batch = 1, groups = 1, cin_g = 1, cout_g = 1;
  Dims3 in_size{1, 1, 1}, out_size{1, 1, 1}, kernel{1, 1, 1}, stride{1, 1, 1};
  // Strides in elements; the input's may be anything (negative too), the
  // output is C-contiguous in either layout.
  std::int64_t in_batch_stride = 0, in_channel_stride = 0;
  Dims3 in_stride{0, 0, 0};
  std::int64_t out_batch_stride = 0, out_channel_stride = 0;
  Dims3 out_stride{0, 0, 0};

  // Per axis, stride[a] phases and their taps (see deconv_geometry.hpp).
  const DeconvPhase* phases[3] = {nullptr, nullptr, nullptr};
  const DeconvTap* taps[3] = {nullptr, nullptr, nullptr};

  // GEMM path. Per (group, phase d, phase h, phase w) the weights are packed
  // at packed_a + a_offset[((g*sd + pd)*sh + ph)*sw + pw] into panels of mr
  // output channels (m_padded of them, zero-filled past cout_g), depth
  // k = ((tw*cin_g + ci)*Td + td)*Th + th (the W tap outermost, see w_union),
  // in chunks of the depths of B's blocks (see deconv_depth_chunk).
  // With stacked_a, the phases of a work item (see DeconvBlock) share one
  // matrix of a_rows rows instead: phase i of the item (i = (id*nh + ih)*sw
  // + pw) holds rows a_row[combo] = i*cout_g on, and its result tile starts
  // at that row too. That is chosen where the phases read all of B's depths
  // and their own padding to mr rows would cost work: FCN's 21 channels
  // take 4 phases x 24 rows at x2 and 8 x 24 at x8, stacked 88 and 168.
  const std::int64_t* a_offset = nullptr;
  const std::int64_t* a_row = nullptr;
  T* packed_a = nullptr;
  std::int64_t m_padded = 0;
  bool stacked_a = false;
  // Rows of one packed matrix: stacked_a, tiles*cout_g rounded up to mr; else m_padded.
  std::int64_t a_rows = 0;
  // D and H axes whose phases all read the same input positions (equal
  // output counts and equal tap offsets, rank by rank; e.g. kernel =
  // stride, FCN's kernel = 2 x stride): their phases share each packed B
  // block. (shared[2] is unused: see w_union.)
  bool shared[3] = {false, false, false};
  // Along W, the phases share one packed B whose depth runs over the union
  // of their tap offsets, w_union[u] (decreasing), when each phase's taps
  // read consecutive entries w_union[w_first[pw] + tw] (always true without
  // dilation): B depth row (u, ci, td, th) serves every phase with a tap at
  // offset w_union[u], and phase pw's depths are a contiguous range of
  // B's. With a stride 4 and kernel 8 (the 1D audio layer) the four phases'
  // 2 taps each need 3 packed offsets, not 8. Null: each W phase packs its
  // own B.
  const DeconvTap* w_union = nullptr;
  const std::int64_t* w_first = nullptr;
  std::int64_t w_union_count = 0;
  std::int64_t tiles = 1;  // result tiles per work item: the phases of a block
  const DeconvBlock* blocks = nullptr;
  std::int64_t block_count = 0;
  // W phases of at most deconv_short_row outputs (small images), unless
  // block_planes: B is packed from `padded`, a contiguous copy of the input
  // with pad_lo[a] zeros before and enough after along each axis a that
  // every tap of every phase reads inside it, (C_in, batch, padded_size)
  // elements: channel first, so what one depth of B reads (one channel of a
  // block's images) lies together. Along W, neighbouring rows share their
  // zeros: a row's zeros after it and the next row's before it are the same
  // ones (padded_size[2] = W + the larger of the two), so FCN's rows of 32
  // inputs, read at offsets -1 and 0, lie 33 apart, as long as the phases'
  // rows of outputs.
  // Packing a row is then a plain copy of a few elements, with no bounds
  // checks (which cost more than the copy on rows this short), in chunks
  // that may run past its end, into deconv_pad_slack elements of room.
  // Null: B is packed from the input itself.
  // unpacked_b (rows longer than deconv_short_row, a copy that stays in the
  // caches: FCN's 32x32 and 64x64 score maps): B is not packed at all. Its
  // depth k, positions r*padded_size[2] + c of a block's rows r (of one
  // (image, D output) plane) and columns c, is a run of the copy, read in
  // place by the register tile; the tile computes the columns between rows
  // too, if any (the copy's padding), which are never stored.
  T* padded = nullptr;
  bool unpacked_b = false;
  const T* padded_end = nullptr;  // one past the copy's slack: no chunk reads beyond it
  Dims3 pad_lo{0, 0, 0}, padded_size{1, 1, 1};
  // Input planes of exactly one SIMD block, contiguous, whose phase pairs
  // have one block of positions per image (DCGAN's 4x4 at AVX-512's float):
  // B is packed from the input a plane at a time (deconv_pack_b_planes),
  // work items are whole images, and there is no padded copy.
  bool block_planes = false;
  // Columns of a result tile: the positions of one block and W phase (with
  // unpacked_b, the columns between its rows too), rounded up to nr.
  std::int64_t nc_padded = 0;
  std::int64_t packed_b_size = 0;  // deconv_kc * nc_padded, or 0 if unpacked_b
  // Per thread: scratch_per_thread elements, cache-line aligned: the packed
  // B block (deconv_kc * nc_padded, none if unpacked_b), then one m_padded x
  // nc_padded tile per phase of a block.
  T* scratch = nullptr;
  std::int64_t scratch_per_thread = 0;

  // Non-temporal stores for output rows: the output is far larger than the
  // caches (it would not stay there anyway, and they skip reading each line
  // before writing it).
  bool stream_output = false;
  int threads = 1;
  double flops = 0;  // useful multiply-adds x 2 of the whole call

  // Weights whose packing came from the cache on the strength of a cheap
  // probe (see deconv_call.cpp): while the GEMM runs, each work item compares
  // its part of them with the copy the packing was made from, a little
  // between register tiles (which leave the memory idle, see
  // deconv_check.hpp), and sets check_differs[thread] of the thread that ran
  // it if any byte differs; the caller then repacks and runs again.
  // check_bytes = 0: nothing to check.
  const unsigned char* check_weights = nullptr;
  const unsigned char* check_copy = nullptr;
  std::int64_t check_bytes = 0;
  unsigned char* check_differs = nullptr;  // one flag per thread
};

}  // namespace resample
