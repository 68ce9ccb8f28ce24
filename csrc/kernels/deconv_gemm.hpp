// Transposed convolution as one packed matrix multiply per output phase.
//
// For a group g and a phase (pd, ph, pw) (see core/deconv_geometry.hpp),
//   out[co, position] = sum over (ci, td, th, tw) of A[co, (ci, t)] * B[(ci, t), position]
// where A holds the phase's taps of the weights and B the input read at the
// taps' offsets (zero outside the input): an ordinary matrix multiply with
// M = C_out/groups, K = C_in/groups x taps of the phase, N = the phase's
// outputs. Nothing is multiplied by an inserted zero.
//
// Blocking (BLIS's, with roles chosen so the output's contiguous axis is the
// vector axis): A is packed (once per weight array, see deconv_call.cpp) into
// panels of gemm_mr channels, in chunks of B's depth blocks; a work item
// (DeconvBlock) packs B for at most nc_padded positions and deconv_kc depths
// at a time into panels of gemm_nr positions (the im2col of the phase,
// restricted to what the item needs), or reads it in place from a
// zero-padded copy of the input (unpacked_b), and runs the register tile
// over every A panel while the B panel stays in cache.
// Results land in a per-thread tile per phase; once the whole depth is
// summed, store_row_phases adds the bias and interleaves the W phases into
// the output rows.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/parallel.hpp"
#include "kernels/deconv_check.hpp"
#include "kernels/deconv_job.hpp"
#include "kernels/deconv_store.hpp"
#include "kernels/gemm_tile.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

// A packed matrix's depths in chunks, those of B's blocks (deconv_kc deep
// from B's depth 0): a register tile reads one chunk, whose panels follow
// each other. Phase pw's depth k is B's depth k + first, where first =
// w_first[pw] * per_tw with w_union, else 0.
struct DeconvDepthChunk {
  std::int64_t begin, end;
};
template <class T>
DeconvDepthChunk deconv_depth_chunk(const DeconvJob<T>& job, std::int64_t pw, std::int64_t per_tw,
                                    std::int64_t w_taps, std::int64_t k) {
  const std::int64_t shift = (job.w_union ? job.w_first[pw] * per_tw : 0) % deconv_kc;
  const std::int64_t block = (k + shift) / deconv_kc * deconv_kc;
  return {std::max<std::int64_t>(0, block - shift), std::min(per_tw * w_taps, block + deconv_kc - shift)};
}

// Packs input channel ci of group g, every output channel and tap, into
// job.packed_a: weight (ci, co, tap) of phase combination c = ((g*sd +
// pd)*sh + ph)*sw + pw goes to row R = a_row[c] + co of the matrix at
// a_offset[c] (a_rows rows), at the depth k = ((tw*cin_g + ci)*Td + td)*Th
// + th of its rank among the combination's taps. The matrix is stored
// chunk by chunk of depths (deconv_depth_chunk), each chunk panel by panel
// (gemm_mr rows: R / gemm_mr), each panel depth by depth, lane R % gemm_mr:
// the panels one tile after another reads are one run of memory, which the
// prefetchers follow (from a layout with each panel's whole depth
// together, every tile read its panel from a place 64 KB from the last in
// DCGAN's layer). The weights are read in memory order; rows past the
// channels are left as they are (packed_a comes zeroed).
template <class T>
void deconv_pack_a(const DeconvJob<T>& job, std::int64_t g, std::int64_t ci) {
  const Dims3 &s = job.stride, &kn = job.kernel;
  const std::int64_t taps_all = kn[0] * kn[1] * kn[2];
  // Where tap k of axis a goes: its phase, and its rank among the phase's taps.
  const auto locate = [&](int a, std::int64_t k, std::int64_t& phase, std::int64_t& rank) {
    for (phase = 0; phase < s[a]; ++phase) {
      const DeconvPhase& ph = job.phases[a][phase];
      for (rank = 0; rank < ph.tap_count; ++rank)
        if (job.taps[a][ph.tap_begin + rank].k == k) return;
    }
  };
  // Taps in chunks: for each, where its row 0 goes, how far a panel of
  // rows is, and its combination's first row.
  constexpr std::int64_t chunk = 64;
  std::int64_t at[chunk], panel_step[chunk], row0[chunk];
  for (std::int64_t t0 = 0; t0 < taps_all; t0 += chunk) {
    const std::int64_t n = std::min(chunk, taps_all - t0);
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t tap = t0 + i, kw = tap % kn[2], kh = tap / kn[2] % kn[1], kd = tap / (kn[2] * kn[1]);
      std::int64_t pd = 0, td = 0, ph = 0, th = 0, pw = 0, tw = 0;  // every tap belongs to a phase
      locate(0, kd, pd, td);
      locate(1, kh, ph, th);
      locate(2, kw, pw, tw);
      const std::int64_t combo = ((g * s[0] + pd) * s[1] + ph) * s[2] + pw;
      const std::int64_t tn_h = job.phases[1][ph].tap_count, tn_w = job.phases[2][pw].tap_count;
      const std::int64_t per_ci = job.phases[0][pd].tap_count * tn_h;  // depths per (tw, ci)
      const std::int64_t k = (tw * job.cin_g + ci) * per_ci + td * tn_h + th;
      const DeconvDepthChunk depths = deconv_depth_chunk(job, pw, job.cin_g * per_ci, tn_w, k);
      at[i] = job.a_offset[combo] + depths.begin * job.a_rows + (k - depths.begin) * gemm_mr;
      panel_step[i] = (depths.end - depths.begin) * gemm_mr;
      row0[i] = job.a_row[combo];
    }
    // Tap by tap, the channels' values (one line per channel: they stay in
    // L1 from tap to tap) go to consecutive lanes, a panel at a time.
    const T* w = job.weight + (g * job.cin_g + ci) * job.cout_g * taps_all + t0;
    for (std::int64_t i = 0; i < n; ++i) {
      T* panel = job.packed_a + at[i] + row0[i] / gemm_mr * panel_step[i];
      std::int64_t lane = row0[i] % gemm_mr;
      for (std::int64_t co = 0; co < job.cout_g; ++co) {
        panel[lane] = w[co * taps_all + i];
        if (++lane == gemm_mr) lane = 0, panel += panel_step[i];
      }
    }
  }
}

// Writes `count` positions from `pos` on of depth row kk of a packed B block
// (panels of nr positions, kcb depths each): src[0], src[step], ... or zeros.
template <class T>
void deconv_put_b(T* b, std::int64_t kcb, std::int64_t kk, std::int64_t pos, std::int64_t count, const T* src,
                  std::int64_t step) {
  constexpr std::int64_t nr = gemm_nr<T>;
  while (count > 0) {
    const std::int64_t lane = pos % nr, len = std::min(count, nr - lane);
    T* d = b + (pos / nr) * kcb * nr + kk * nr + lane;
    if (!src) {
      for (std::int64_t l = 0; l < len; ++l) d[l] = T(0);
    } else if (step == 1) {
      if (len == nr) {  // a whole panel row: SIMD blocks
        for (std::int64_t j = 0; j < nr; j += block_size<T>) store(d + j, load(src + j));
      } else {
        for (std::int64_t l = 0; l < len; ++l) d[l] = src[l];
      }
      src += len;
    } else {
      for (std::int64_t l = 0; l < len; ++l) d[l] = src[l * step];
      src += len * step;
    }
    pos += len;
    count -= len;
  }
}

// The depths of B for a block's D and H phases (phd, phh) and the W taps
// wtaps (a phase's, or the union of job.w_union): depth k = ((tw*cin_g +
// ci)*Td + td)*Th + th reads input channel first_channel + ci at the taps'
// offsets. A Depth names one by its ranks; next() steps to depth k + 1
// without dividing (divisions per depth were 15% of packing DCGAN's B).
template <class T>
struct BDepths {
  struct Depth {
    std::int64_t tw, ci, td, th;
  };
  struct Taps {
    const DeconvTap &tw, &th, &td;
    std::int64_t ci;  // the input channel
  };
  const DeconvJob<T>& job;
  const DeconvPhase &phd, &phh;
  const DeconvTap* wtaps;
  std::int64_t first_channel;

  Depth at(std::int64_t k) const {
    const std::int64_t th_n = phh.tap_count, td_n = phd.tap_count, per_w = job.cin_g * td_n * th_n;
    const std::int64_t in_w = k % per_w;
    return {k / per_w, in_w / (td_n * th_n), in_w / th_n % td_n, in_w % th_n};
  }
  void next(Depth& d) const {
    if (++d.th < phh.tap_count) return;
    d.th = 0;
    if (++d.td < phd.tap_count) return;
    d.td = 0;
    if (++d.ci < job.cin_g) return;
    d.ci = 0;
    ++d.tw;
  }
  Taps taps(const Depth& d) const {
    return {wtaps[d.tw], job.taps[1][phh.tap_begin + d.th], job.taps[0][phd.tap_begin + d.td], first_channel + d.ci};
  }
  // Where the depth's rows start in the padded copy, less each row's own
  // place (padded_row).
  std::int64_t padded_start(const Depth& d) const {
    const auto [tw, th, td, ci] = taps(d);
    const Dims3& psz = job.padded_size;
    return ci * job.batch * psz[0] * psz[1] * psz[2] + (td.offset * psz[1] + th.offset) * psz[2] + tw.offset;
  }
};

// B from input planes of one SIMD block (DeconvJob::block_planes) for a
// block of whole images: depth k of an image's positions is its plane in
// channel ci shifted by the depth's tap offsets, with zeros where a tap
// reads outside it: one permute of the plane and a block of zeros, and no
// padded copy to make first (DCGAN's copy and its packing from it took 8%
// of the layer's time). The shifts are worked out once per packed block and
// tap combination. False, with nothing packed, for a block that is not whole
// images or has more tap combinations than the table holds (the plan
// avoids both).
template <class T>
bool deconv_pack_b_planes(const DeconvJob<T>& job, const DeconvBlock& blk, const BDepths<T>& depths,
                          std::int64_t cols, std::int64_t k0, std::int64_t kcb, T* b) {
  constexpr std::int64_t lanes = block_size<T>, nr = gemm_nr<T>, most_shifts = deconv_most_shifts;
  using Index = SignedOfSize<sizeof(T)>;
  const DeconvPhase &phd = depths.phd, &phh = depths.phh;
  const std::int64_t per_image = phd.count * phh.count, rows = blk.row_end - blk.row_begin;
  const std::int64_t td_n = phd.tap_count, th_n = phh.tap_count, per_tw = job.cin_g * td_n * th_n;
  const std::int64_t tw0 = k0 / per_tw, shifts = ((k0 + kcb - 1) / per_tw - tw0 + 1) * td_n * th_n;
  if (blk.col_begin != 0 || per_image * cols != lanes || blk.row_begin % per_image != 0 || rows % per_image != 0 ||
      shifts > most_shifts)
    return false;
  const Dims3& isz = job.in_size;
  Block<Index> shift[most_shifts];  // lane q of a depth's block reads plane[shift[q]], or zero (shift = lanes)
  for (std::int64_t i = 0; i < shifts; ++i) {
    const auto [tw, th, td, ci] = depths.taps({tw0 + i / (td_n * th_n), 0, i / th_n % td_n, i % th_n});
    for (std::int64_t q = 0; q < lanes; ++q) {
      const std::int64_t iw = q % cols + tw.offset, ih = q / cols % phh.count + th.offset;
      const std::int64_t id = q / cols / phh.count + td.offset;
      const bool inside = 0 <= id && id < isz[0] && 0 <= ih && ih < isz[1] && 0 <= iw && iw < isz[2];
      shift[i][q] = static_cast<Index>(inside ? (id * isz[1] + ih) * isz[2] + iw : lanes);
    }
  }
  const std::int64_t images = rows / per_image, n = images * lanes, npad = (n + nr - 1) / nr * nr;
  const T* first_image = job.in + blk.row_begin / per_image * job.in_batch_stride;
  const Block<T> zeros{};
  // A panel at a time, depth by depth: the panel's few images are each read
  // in order of channels, and the panel is written in order.
  constexpr std::int64_t per_panel = nr / lanes;
  for (std::int64_t i0 = 0; i0 * lanes < npad; i0 += per_panel) {
    T* d = b + i0 * lanes / nr * kcb * nr;
    const std::int64_t in_panel = std::min(images - i0, per_panel);
    const T* image = first_image + i0 * job.in_batch_stride + depths.first_channel * job.in_channel_stride;
    auto depth = depths.at(k0);
    for (std::int64_t kk = 0; kk < kcb; ++kk, depths.next(depth), d += nr) {
      const Block<Index> at = shift[((depth.tw - tw0) * td_n + depth.td) * th_n + depth.th];
      const T* plane = image + depth.ci * job.in_channel_stride;
      std::int64_t i = 0;
      for (; i < in_panel; ++i) store(d + i * lanes, permute2<T, Index>(load(plane + i * job.in_batch_stride), zeros, at));
      for (; i < per_panel; ++i) store(d + i * lanes, zeros);
    }
  }
  return true;
}

// Where output `row` of a phase pair, at column col, reads the padded copy
// for a tap at offset 0 on every axis, less the depth's start.
template <class T>
std::int64_t padded_row(const DeconvJob<T>& job, const PairRow& row, std::int64_t col) {
  const Dims3 &psz = job.padded_size, &lo = job.pad_lo;
  return ((row.image * psz[0] + row.jd + lo[0]) * psz[1] + row.jh + lo[1]) * psz[2] + lo[2] + col;
}

// Packs depths [k0, k0 + kcb) of B (see BDepths) for D and H phases (pd,
// ph) of `blk` and the W taps wtaps: `cols` positions per row from column
// blk.col_begin, rows one after the other, zero-padded to whole panels.
template <class T>
void deconv_pack_b(const DeconvJob<T>& job, const DeconvBlock& blk, std::int64_t pd, std::int64_t ph,
                   const DeconvTap* wtaps, std::int64_t cols, std::int64_t k0, std::int64_t kcb, T* b) {
  const DeconvPhase &phd = job.phases[0][pd], &phh = job.phases[1][ph];
  const std::int64_t rows = blk.row_end - blk.row_begin, n = rows * cols;
  const std::int64_t npad = (n + gemm_nr<T> - 1) / gemm_nr<T> * gemm_nr<T>;
  const Dims3 &isz = job.in_size, &ist = job.in_stride;
  const BDepths<T> depth_taps{job, phd, phh, wtaps, blk.group * job.cin_g};
  if (job.block_planes && deconv_pack_b_planes(job, blk, depth_taps, cols, k0, kcb, b)) return;
  // Each depth reads a few input lines of another channel, too few for the
  // hardware prefetchers to learn: the lines of a later depth are fetched
  // ahead while this one is copied.
  constexpr std::int64_t ahead = 4, most_fetched = 2048;
  const auto fetch = [&](const T* from, std::int64_t bytes) {
    // (from may lie outside the input: integer arithmetic, and a prefetch never faults.)
    const auto p = reinterpret_cast<std::uintptr_t>(from);
    for (std::int64_t at = 0; at < std::min(bytes, most_fetched); at += 64)
      __builtin_prefetch(reinterpret_cast<const void*>(p + static_cast<std::uintptr_t>(at)));
  };
  const PairRow first_row(blk.row_begin, phd, phh);
  if (job.padded) {
    // From the zero-padded copy: row r of depth k starts at
    // start(k) + row_at[r], and every read lies inside the copy.
    const Dims3& psz = job.padded_size;
    std::int64_t row_at[deconv_max_rows];
    PairRow here = first_row;
    for (std::int64_t r = 0; r < rows; ++r, here.next(phd, phh)) row_at[r] = padded_row(job, here, blk.col_begin);
    constexpr std::int64_t nr = gemm_nr<T>, lanes = block_size<T>, chunk = deconv_copy_chunk;
    const std::int64_t chunks = (cols + chunk - 1) / chunk * chunk;
    // Rows shorter than a block whose length divides it (DCGAN's rows of
    // 4): a group of lanes/cols consecutive rows of one plane fills a block
    // of B, and lies within two blocks of the copy (rows psz[2] apart), so
    // it is one permute of two loads. group[r]: a group starts at row r.
    using Index = SignedOfSize<sizeof(T)>;
    const std::int64_t per_group = lanes % cols == 0 ? lanes / cols : 0;
    bool group[deconv_max_rows] = {};
    Block<Index> gather{};
    if (per_group > 1 && (per_group - 1) * psz[2] + cols <= 2 * lanes) {
      for (std::int64_t j = 0; j < lanes; ++j) gather[j] = static_cast<Index>(j / cols * psz[2] + j % cols);
      for (std::int64_t r = 0; r + per_group <= rows; r += per_group) {
        group[r] = true;
        for (std::int64_t i = 1; i < per_group; ++i) group[r] = group[r] && row_at[r + i] == row_at[r] + i * psz[2];
      }
    }
    const std::int64_t span = (row_at[rows - 1] + cols - row_at[0]) * static_cast<std::int64_t>(sizeof(T));
    auto depth = depth_taps.at(k0), later = depth_taps.at(k0 + ahead);
    for (std::int64_t kk = 0; kk < kcb; ++kk, depth_taps.next(depth), depth_taps.next(later)) {
      if (kk + ahead < kcb) fetch(job.padded + depth_taps.padded_start(later) + row_at[0], span);
      const T* start = job.padded + depth_taps.padded_start(depth);
      T* d = b + kk * nr;
      std::int64_t lane = 0;
      for (std::int64_t r = 0; r < rows;) {
        const T* row = start + row_at[r];
        if (group[r] && row + 2 * lanes <= job.padded_end) {
          // (A group starts at a multiple of the block in B: inside a panel.)
          store(d + lane, permute2<T, Index>(load(row), load(row + lanes), gather));
          r += per_group;
          lane += lanes;
        } else if (lane + chunks <= nr && row + chunks <= job.padded_end) {
          // Whole chunks (one short vector move each): the elements past
          // the row's end land where the next row or the panel's zero
          // padding goes; the read stays inside the copy and its slack.
          for (std::int64_t c = 0; c < chunks; c += chunk) std::memcpy(d + lane + c, row + c, chunk * sizeof(T));
          ++r;
          lane += cols;
        } else {  // the row crosses into the next panel, or its chunks would read past the copy
          for (std::int64_t c = 0; c < cols; ++c) {
            d[lane] = row[c];
            if (++lane == nr) lane = 0, d += kcb * nr;
          }
          ++r;
        }
        if (lane == nr) lane = 0, d += kcb * nr;
      }
      deconv_put_b<T>(b, kcb, kk, n, npad - n, nullptr, 0);
    }
    return;
  }
  const std::int64_t fetch_bytes = rows * cols * static_cast<std::int64_t>(sizeof(T));
  auto depth = depth_taps.at(k0), later = depth_taps.at(k0 + ahead);
  for (std::int64_t kk = 0; kk < kcb; ++kk, depth_taps.next(depth), depth_taps.next(later)) {
    if (kk + ahead < kcb) {  // the first row of a later depth
      const auto [tw, th, td, ci] = depth_taps.taps(later);
      const std::int64_t at = ci * job.in_channel_stride + first_row.image * job.in_batch_stride +
                              (first_row.jd + td.offset) * ist[0] + (first_row.jh + th.offset) * ist[1] +
                              (blk.col_begin + tw.offset) * ist[2];
      fetch(job.in + at, fetch_bytes);
    }
    const auto [tw, th, td, ci] = depth_taps.taps(depth);
    const T* channel = job.in + ci * job.in_channel_stride;
    // Columns whose input iw = jw + offset lies inside [0, W).
    const std::int64_t c_end = blk.col_begin + cols;
    const std::int64_t lo = std::clamp(-tw.offset, blk.col_begin, c_end);
    const std::int64_t hi = std::clamp(isz[2] - tw.offset, lo, c_end);
    PairRow here = first_row;
    // Whole rows that follow each other in the input (a phase that reads
    // every input row, as when kernel = stride) are copied as one run.
    const T* run = nullptr;
    std::int64_t run_pos = 0, run_length = 0;
    const auto flush = [&] {
      if (run_length > 0) deconv_put_b(b, kcb, kk, run_pos, run_length, run, 1);
      run_length = 0;
    };
    const bool whole_rows = lo == blk.col_begin && hi == c_end && ist[2] == 1;
    for (std::int64_t r = 0; r < rows; ++r) {
      const std::int64_t id = here.jd + td.offset, ih = here.jh + th.offset, pos = r * cols;
      if (id < 0 || id >= isz[0] || ih < 0 || ih >= isz[1]) {
        flush();
        deconv_put_b<T>(b, kcb, kk, pos, cols, nullptr, 0);
      } else if (whole_rows && cols > deconv_short_row) {
        const T* start = channel + here.image * job.in_batch_stride + id * ist[0] + ih * ist[1] + lo + tw.offset;
        if (run_length > 0 && run + run_length == start) {
          run_length += cols;
        } else {
          flush();
          run = start, run_pos = pos, run_length = cols;
        }
      } else if (cols <= deconv_short_row) {
        // Short rows (small images, many of them per block): one pass over
        // the row's positions, cheaper than three segment copies.
        const T* row = channel + here.image * job.in_batch_stride + id * ist[0] + ih * ist[1] + tw.offset * ist[2];
        std::int64_t lane = pos % gemm_nr<T>;
        T* d = b + (pos / gemm_nr<T>) * kcb * gemm_nr<T> + kk * gemm_nr<T>;
        for (std::int64_t c = blk.col_begin; c < c_end; ++c) {
          d[lane] = c >= lo && c < hi ? row[c * ist[2]] : T(0);
          if (++lane == gemm_nr<T>) lane = 0, d += kcb * gemm_nr<T>;
        }
      } else {
        const T* row = channel + here.image * job.in_batch_stride + id * ist[0] + ih * ist[1];
        deconv_put_b<T>(b, kcb, kk, pos, lo - blk.col_begin, nullptr, 0);
        deconv_put_b(b, kcb, kk, pos + lo - blk.col_begin, hi - lo, row + (lo + tw.offset) * ist[2], ist[2]);
        deconv_put_b<T>(b, kcb, kk, pos + hi - blk.col_begin, c_end - hi, nullptr, 0);
      }
      here.next(phd, phh);
    }
    flush();
    deconv_put_b<T>(b, kcb, kk, n, npad - n, nullptr, 0);
  }
}

// One work item. Its phases: the block's D and H phase, or every phase of
// an axis the block shares (DeconvBlock::phase_d/phase_h < 0), times every W
// phase. Phases that read the same input (job.shared, job.w_union) share
// each packed B block; each has its own result tile. Each register tile is
// followed by a step of the weight check.
template <class T>
void deconv_gemm_block(const DeconvJob<T>& job, const DeconvBlock& blk, T* scratch, WeightCheck& check) {
  constexpr std::int64_t mr = gemm_mr, nr = gemm_nr<T>;
  const Dims3& s = job.stride;
  const std::int64_t d0 = blk.phase_d < 0 ? 0 : blk.phase_d, nd = blk.phase_d < 0 ? s[0] : 1;
  const std::int64_t h0 = blk.phase_h < 0 ? 0 : blk.phase_h, nh = blk.phase_h < 0 ? s[1] : 1;
  const DeconvPhase &phd = job.phases[0][d0], &phh = job.phases[1][h0];  // shared ones have equal counts
  const std::int64_t rows = blk.row_end - blk.row_begin, ldc = job.nc_padded;
  T* b = scratch;
  T* tiles = scratch + job.packed_b_size;
  // A phase's result tile starts at its row of the stacked matrix
  // (a_row[combo] = its place * cout_g), or after the tiles of the phases
  // before it.
  const std::int64_t tile_rows = job.stacked_a ? job.cout_g : job.m_padded;
  const auto tile = [&](std::int64_t id, std::int64_t ih, std::int64_t pw) {
    return tiles + ((id * nh + ih) * s[2] + pw) * tile_rows * ldc;
  };
  // W phase pw computes its outputs [col_begin, col_end) clipped to its count.
  const auto cols = [&](std::int64_t pw) {
    return std::max<std::int64_t>(0, std::min(blk.col_end, job.phases[2][pw].count) - blk.col_begin);
  };
  // Each phase's tile has a row of B's positions per output row: B's
  // layout is that of phase 0 (the longest) when the W phases share it.
  const auto tile_cols = [&](std::int64_t pw) { return job.w_union ? cols(0) : cols(pw); };
  // Where row r starts in a tile: rows follow each other, or lie as far
  // apart as in the padded copy that B is read from in place.
  const auto tile_pitch = [&](std::int64_t pw) { return job.unpacked_b ? job.padded_size[2] : tile_cols(pw); };
  const std::int64_t per_tw = job.cin_g * phd.tap_count * phh.tap_count;  // depths per W tap
  const T* in_place = job.unpacked_b ? job.padded + padded_row(job, PairRow(blk.row_begin, phd, phh), blk.col_begin)
                                     : nullptr;
  std::int64_t offset[deconv_kc];  // unpacked_b: where depth k0 + kk of B lies, from in_place
  // W phases [pw_begin, pw_end) with one packed B: all of them (job.w_union), or one at a time.
  for (std::int64_t pw_begin = 0; pw_begin < s[2]; pw_begin += job.w_union ? s[2] : 1) {
    const std::int64_t pw_end = job.w_union ? s[2] : pw_begin + 1;
    const DeconvTap* wtaps = job.w_union ? job.w_union : job.taps[2] + job.phases[2][pw_begin].tap_begin;
    const std::int64_t depth_b = per_tw * (job.w_union ? job.w_union_count : job.phases[2][pw_begin].tap_count);
    const std::int64_t n = tile_cols(pw_begin) > 0 ? (rows - 1) * tile_pitch(pw_begin) + tile_cols(pw_begin) : 0;
    if (n == 0) continue;
    const BDepths<T> depths{job, phd, phh, wtaps, blk.group * job.cin_g};
    const std::int64_t panels = (n + nr - 1) / nr;
    for (std::int64_t pw = pw_begin; pw < pw_end; ++pw) {
      if (per_tw * job.phases[2][pw].tap_count > 0) continue;
      for (std::int64_t id = 0; id < nd; ++id)  // no tap reaches this phase: the bias alone
        for (std::int64_t ih = 0; ih < nh; ++ih)
          for (std::int64_t m = 0; m < job.cout_g; ++m)
            for (std::int64_t p = 0; p < n; ++p) tile(id, ih, pw)[m * ldc + p] = T(0);
    }
    for (std::int64_t k0 = 0; k0 < depth_b; k0 += deconv_kc) {
      const std::int64_t kcb = std::min(deconv_kc, depth_b - k0);
      if (job.unpacked_b) {
        auto depth = depths.at(k0);
        for (std::int64_t kk = 0; kk < kcb; ++kk, depths.next(depth)) offset[kk] = depths.padded_start(depth);
      } else {
        deconv_pack_b(job, blk, d0, h0, wtaps, tile_cols(pw_begin), k0, kcb, b);
      }
      // The tile over B's panel np from depth k0 + kk on, with A panel a.
      const auto multiply = [&](std::int64_t np, std::int64_t kk, std::int64_t depth, const T* a, T* c,
                                bool accumulate) {
        if (job.unpacked_b) {
          gemm_tile(depth, a, InPlacePanel<T>{in_place + np * nr, offset + kk}, c, ldc, accumulate, n - np * nr,
                    check.next_piece());
        } else {
          gemm_tile(depth, a, PackedPanel<T>{b + np * kcb * nr + kk * nr}, c, ldc, accumulate, n - np * nr,
                    check.next_piece());
        }
        check.step();
      };
      if (job.stacked_a) {  // one matrix for every phase, each reading all of B's depths
        const T* a = job.packed_a + job.a_offset[((blk.group * s[0] + d0) * s[1] + h0) * s[2]];
        for (std::int64_t np = 0; np < panels; ++np)
          for (std::int64_t mp = 0; mp * mr < job.a_rows; ++mp)
            multiply(np, 0, kcb, a + k0 * job.a_rows + mp * kcb * mr, tiles + mp * mr * ldc + np * nr, k0 > 0);
        continue;
      }
      for (std::int64_t pw = pw_begin; pw < pw_end; ++pw) {
        // Phase pw's depths are B's [first, first + depth); this block holds [lo, hi) of them.
        const std::int64_t first = job.w_union ? job.w_first[pw] * per_tw : 0;
        const std::int64_t depth = per_tw * job.phases[2][pw].tap_count;
        const std::int64_t lo = std::max(k0, first), hi = std::min(k0 + kcb, first + depth);
        if (lo >= hi) continue;
        for (std::int64_t id = 0; id < nd; ++id)
          for (std::int64_t ih = 0; ih < nh; ++ih) {
            const std::int64_t combo = ((blk.group * s[0] + d0 + id) * s[1] + h0 + ih) * s[2] + pw;
            const T* a = job.packed_a + job.a_offset[combo];
            T* c = tile(id, ih, pw);
            for (std::int64_t np = 0; np < panels; ++np)
              for (std::int64_t mp = 0; mp * mr < job.cout_g; ++mp)
                multiply(np, lo - k0, hi - lo, a + (lo - first) * job.a_rows + mp * (hi - lo) * mr,
                         c + mp * mr * ldc + np * nr, lo > first);
          }
      }
    }
  }
  // Bias, and the W phases interleaved into the output rows.
  // Rows shorter than a block go a block's worth at a time (store_short_rows)
  // when every W phase's rows are as long and follow each other in its tile.
  bool short_rows = job.out_stride[2] == 1 && s[2] <= 16;
  for (std::int64_t pw = 0; pw < s[2]; ++pw) short_rows = short_rows && cols(pw) == cols(0) && tile_pitch(pw) == cols(0);
  for (std::int64_t id = 0; id < nd; ++id)
    for (std::int64_t ih = 0; ih < nh; ++ih) {
      const std::int64_t first_d = job.phases[0][d0 + id].first, first_h = job.phases[1][h0 + ih].first;
      // Where each row's output 0 lies in channel 0.
      std::int64_t row_at[deconv_max_rows];
      PairRow here(blk.row_begin, phd, phh);
      for (std::int64_t r = 0; r < rows; ++r, here.next(phd, phh))
        row_at[r] = here.image * job.out_batch_stride + (first_d + here.jd * s[0]) * job.out_stride[0] +
                    (first_h + here.jh * s[1]) * job.out_stride[1];
      for (std::int64_t m = 0; m < job.cout_g; ++m) {
        const std::int64_t co = blk.group * job.cout_g + m;
        const T bias = job.bias ? job.bias[co] : T(0);
        T* out = job.out + co * job.out_channel_stride;
        std::int64_t r = 0;
        if (short_rows) {
          const T* src[16];
          for (std::int64_t pw = 0; pw < s[2]; ++pw) src[pw] = tile(id, ih, pw) + m * ldc;
          const auto row_out = [&](std::int64_t row) { return out + row_at[row] + blk.col_begin * s[2]; };
          r = store_short_rows_any(s[2], src, rows, cols(0), row_out, bias);
        }
        for (; r < rows; ++r) {
          const auto phase = [&](std::int64_t pw) {
            return PhaseRow<T>{tile(id, ih, pw) + m * ldc + r * tile_pitch(pw), cols(pw)};
          };
          store_row_phases(out + row_at[r], job.out_stride[2], s[2], blk.col_begin, phase, bias, job.stream_output);
        }
      }
    }
}

// The zero-padded copy of the input (DeconvJob::padded), in its order.
template <class T>
void deconv_pad_input(const DeconvJob<T>& job) {
  const Dims3 &psz = job.padded_size, &lo = job.pad_lo, &isz = job.in_size, &ist = job.in_stride;
  const std::int64_t channels = job.groups * job.cin_g, plane = psz[0] * psz[1] * psz[2];
  // Planes in the input's order (image by image): small planes (DCGAN's
  // 4x4, one cache line) taken channel by channel for the copy's order
  // would read lines an image apart, each a miss the prefetchers do not
  // foresee (6% of that layer's time at two threads).
  parallel_for(job.batch * channels, job.threads, [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t p = begin; p < end; ++p) {
      const std::int64_t image = p / channels, channel = p % channels;
      T* dst = job.padded + (channel * job.batch + image) * plane;
      std::fill(dst, dst + plane, T(0));
      const T* src = job.in + image * job.in_batch_stride + channel * job.in_channel_stride;
      for (std::int64_t d = 0; d < isz[0]; ++d)
        for (std::int64_t h = 0; h < isz[1]; ++h) {
          T* row = dst + ((d + lo[0]) * psz[1] + h + lo[1]) * psz[2] + lo[2];
          const T* in_row = src + d * ist[0] + h * ist[1];
          for (std::int64_t w = 0; w < isz[2]; ++w) row[w] = in_row[w * ist[2]];
        }
    }
  });
  // The last row's zeros after it, past the last plane (rows share zeros:
  // see DeconvJob::padded), and the slack that the tile reads into (for
  // columns it drops: zeros rather than a previous call's leftovers, which
  // could be NaNs or denormals that slow the arithmetic down).
  T* end = job.padded + job.batch * channels * plane;
  std::fill(end, end + (job.padded_end - end), T(0));
}

// Every input channel of every group into job.packed_a (zeroed).
template <class T>
void deconv_pack_weights(const DeconvJob<T>& job) {
  parallel_for(job.groups * job.cin_g, job.threads, [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t i = begin; i < end; ++i) deconv_pack_a(job, i / job.cin_g, i % job.cin_g);
  });
}

// The matrix multiplies, from weights already packed (deconv_pack_weights).
template <class T>
void deconv_gemm(const DeconvJob<T>& job) {
  if (job.padded) deconv_pad_input(job);
  // Each item checks its part of the weights (if any), spread over its
  // register tiles: at least its share of the work over a full tile's.
  const double tile_flops = 2.0 * gemm_mr * gemm_nr<T> * deconv_kc;
  const auto tiles = static_cast<std::int64_t>(job.flops / static_cast<double>(job.block_count) / tile_flops);
  parallel_items(
      job.block_count, job.threads,
      [&](std::int64_t i, int thread) {
        WeightCheck check(job, i, i + 1, tiles);
        deconv_gemm_block(job, job.blocks[i], job.scratch + thread * job.scratch_per_thread, check);
        if (check.finish()) job.check_differs[thread] = 1;
      },
      [&](int) {
        if (job.stream_output) stream_fence();
      });
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
