#include "dispatch/interp_call.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "core/scratch.hpp"
#include "core/threads.hpp"

namespace resample {
namespace {

// The cached rows of one thread stay within about this many bytes (L2; the
// measured optimum is flat between 32 and 256 KiB):
// longer output rows are split into chunks of pixels.
constexpr std::int64_t cache_bytes = 128 * 1024;
// Outputs beyond this many bytes are written with non-temporal stores: they
// would not stay in the caches anyway.
constexpr std::int64_t stream_bytes = 8 << 20;

std::int64_t round_up(std::int64_t n, std::int64_t m) { return (n + m - 1) / m * m; }

// Ids of per-block table patterns: blocks at the same phase of a rational
// scale have equal tables, so each distinct one is stored once and the
// tables stay small however long the row.
class PatternIds {
 public:
  // The id of the pattern made of the vectors' entries, and whether it is new
  // (the caller then stores it, ids counting up from 0).
  template <class... Vectors>
  std::pair<std::int32_t, bool> find_or_add(const Vectors&... parts) {
    std::string key;
    (key.append(reinterpret_cast<const char*>(parts.data()), parts.size() * sizeof(parts[0])), ...);
    const auto [it, added] = ids_.try_emplace(std::move(key), static_cast<std::int32_t>(ids_.size()));
    return {it->second, added};
  }

 private:
  std::unordered_map<std::string, std::int32_t> ids_;
};

}  // namespace

AxisResize identity_axis() {
  AxisResize a;
  a.sampling = Sampling::nearest;
  return a;
}

template <class T>
InterpPlan<T>::InterpPlan(const AxisResize (&axis)[3], std::int64_t lanes, const KernelTable& kernels)
    : kernel_(kernels.interp<T>()) {
  for (std::size_t a = 0; a < 3; ++a) {
    job_.in_size[a] = axis[a].in;
    job_.out_size[a] = axis[a].out;
    taps_[a] = axis_taps(axis[a]);
    weights_[a].assign(taps_[a].weight.begin(), taps_[a].weight.end());
    taps_[a].weight = {};  // only the compute-type copy is used
    job_.axis[a] = {taps_[a].taps, taps_[a].index.data(), weights_[a].data()};
  }
  job_.lanes = lanes;
  // Element offsets within a row are LaneIndex<Acc> (int32 for float).
  if (job_.in_size[2] * lanes > std::numeric_limits<LaneIndex<Acc>>::max() / 2)
    throw std::invalid_argument("input rows (width x channels) of more than 2^30 elements are not supported");
  plan_w_axis(kernels.block_bytes / static_cast<std::int64_t>(sizeof(Acc)));
  if constexpr (std::is_same_v<T, std::uint8_t>) job_.eighths = plan_eighths(kernels.block_bytes / 2);
}

// Whether the exact integer path applies (uint8, one D tap, at most two H
// and W taps, every weight a multiple of 1/8, and interpolation along H or W
// rather than a copy: see EighthBlocks), and its tables for uint16 blocks of V.
template <class T>
bool InterpPlan<T>::plan_eighths(std::int64_t V) {
  auto eighths = [](Acc w) {  // w * 8 if that is a whole number of eighths, else -1
    const Acc e = w * Acc(8);
    return e >= 0 && e <= 8 && e == static_cast<Acc>(static_cast<int>(e)) ? static_cast<int>(e) : -1;
  };
  auto eligible = [&](const AxisTable<Acc>& a, std::int64_t out) {
    if (a.taps > 2) return false;
    for (std::int64_t i = 0; i < out * a.taps; ++i)
      if (eighths(a.weight[i]) < 0) return false;
    return true;
  };
  const AxisTable<Acc>&d = job_.axis[0], &h = job_.axis[1], &w = job_.axis[2];
  for (std::int64_t o = 0; o < job_.out_size[0]; ++o)
    if (d.taps != 1 || d.weight[o] != Acc(1)) return false;
  if ((h.taps < 2 && w.taps < 2) || !eligible(h, job_.out_size[1]) || !eligible(w, job_.out_size[2])) return false;

  // H: the two taps of each output row and their eighths (one tap: twice, the second weighing 0).
  bool halves = h.taps == 2 && w.taps == 2;
  row_eighths_.clear();
  for (std::int64_t o = 0; o < job_.out_size[1]; ++o)
    for (std::int64_t t = 0; t < 2; ++t) {
      const int e = t < h.taps ? eighths(h.weight[o * h.taps + t]) : 0;
      halves = halves && e == 4;
      row_eighths_.push_back(static_cast<std::uint16_t>(e));
    }
  // W: per block of V output elements, where each element's two taps are.
  const std::int64_t lanes = job_.lanes, n = job_.out_size[2] * lanes, row = job_.in_size[2] * lanes;
  const std::int64_t blocks = (n + V - 1) / V;
  eighth_base_.assign(static_cast<std::size_t>(blocks), 0);
  eighth_window_.assign(static_cast<std::size_t>(blocks), 0);
  eighth_pattern_.assign(static_cast<std::size_t>(blocks), 0);
  eighth_table_.clear();
  std::vector<std::int64_t> at(static_cast<std::size_t>(2 * V));
  std::vector<std::uint16_t> table(static_cast<std::size_t>(4 * V));
  PatternIds patterns;
  for (std::int64_t b = 0; b < blocks; ++b) {
    std::int64_t lo = row, hi = 0;
    for (std::int64_t j = 0; j < V; ++j) {
      const std::int64_t e = std::min(b * V + j, n - 1);  // the tail repeats the last element
      const std::int64_t o = e / lanes, c = e % lanes;
      for (std::int64_t t = 0; t < 2; ++t) {
        const std::int64_t tap = o * w.taps + std::min<std::int64_t>(t, w.taps - 1);
        const int e8 = t < w.taps ? eighths(w.weight[tap]) : 0;
        halves = halves && e8 == 4;
        at[static_cast<std::size_t>(t * V + j)] = w.index[tap] * lanes + c;
        table[static_cast<std::size_t>((2 + t) * V + j)] = static_cast<std::uint16_t>(e8);
        lo = std::min(lo, w.index[tap] * lanes + c);
        hi = std::max(hi, w.index[tap] * lanes + c + 1);
      }
    }
    std::uint8_t window = 0;
    std::int64_t base = lo;
    for (const std::int64_t k : {2, 4})
      if (row >= k * V && hi - std::min(lo, row - k * V) <= k * V) {
        window = static_cast<std::uint8_t>(k);
        base = std::min(lo, row - k * V);
        break;
      }
    if (hi - base > 65535) return false;  // offsets within a block must fit 16 bits
    for (std::int64_t i = 0; i < 2 * V; ++i)
      table[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(at[static_cast<std::size_t>(i)] - base);
    const auto [id, added] = patterns.find_or_add(table);
    if (added) eighth_table_.insert(eighth_table_.end(), table.begin(), table.end());
    eighth_base_[static_cast<std::size_t>(b)] = base;
    eighth_window_[static_cast<std::size_t>(b)] = window;
    eighth_pattern_[static_cast<std::size_t>(b)] = id;
  }
  job_.eighth_blocks = {eighth_base_.data(), eighth_window_.data(), eighth_pattern_.data(),
                        eighth_table_.data(), row_eighths_.data(), halves};
  return true;
}

// Chunks, and the W axis as SIMD blocks (see ElementBlocks), for blocks of B.
template <class T>
void InterpPlan<T>::plan_w_axis(std::int64_t B) {
  const std::int64_t lanes = job_.lanes, OW = job_.out_size[2], IW = job_.in_size[2];
  const std::int64_t taps = job_.axis[2].taps, slots = job_.axis[0].taps * job_.axis[1].taps;
  job_.by_channel = lanes >= B;

  // Chunks of whole blocks that keep a thread's cached rows near cache_bytes.
  const std::int64_t budget = std::max<std::int64_t>(cache_bytes / (slots * sizeof(Acc)) / lanes, 1);
  job_.chunk_pixels = OW <= budget + budget / 2 ? OW : round_up(budget, B);
  job_.chunks = (OW + job_.chunk_pixels - 1) / job_.chunk_pixels;
  job_.cached_row = round_up(job_.chunk_pixels * lanes, static_cast<std::int64_t>(cache_line_bytes / sizeof(Acc)));
  job_.scratch_per_thread = slots * job_.cached_row;

  block_base_.clear();
  block_window_.clear();
  block_pattern_.clear();
  pattern_rel_.clear();
  pattern_weight_.clear();
  if (!job_.by_channel) {
    const std::int64_t elements = OW * lanes, blocks = (elements + B - 1) / B, row = IW * lanes;
    const auto per_block = static_cast<std::size_t>(taps * B);
    block_base_.resize(static_cast<std::size_t>(blocks));
    block_window_.resize(static_cast<std::size_t>(blocks));
    block_pattern_.resize(static_cast<std::size_t>(blocks));
    std::vector<std::int64_t> source(per_block);
    std::vector<LaneIndex<Acc>> rel(per_block);
    std::vector<Acc> weight(per_block);
    PatternIds patterns;
    for (std::int64_t b = 0; b < blocks; ++b) {
      std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
      for (std::int64_t j = 0; j < B; ++j) {
        const std::int64_t e = std::min(b * B + j, elements - 1);  // the tail repeats the last element
        const std::int64_t pixel = e / lanes, channel = e % lanes;
        for (std::int64_t t = 0; t < taps; ++t) {
          const std::int64_t s = job_.axis[2].index[pixel * taps + t] * lanes + channel;
          source[static_cast<std::size_t>(t * B + j)] = s;
          weight[static_cast<std::size_t>(t * B + j)] = job_.axis[2].weight[pixel * taps + t];
          lo = std::min(lo, s);
          hi = std::max(hi, s);
        }
      }
      // The smallest window of k input blocks from `base` that holds every
      // source and stays inside the row.
      std::int64_t base = lo;
      std::uint8_t window = 0;
      for (const std::int64_t k : {2, 4}) {
        const std::int64_t start = std::min(lo, row - k * B);
        if (row >= k * B && hi - start < k * B) {
          base = start;
          window = static_cast<std::uint8_t>(k);
          break;
        }
      }
      for (std::size_t k = 0; k < per_block; ++k) rel[k] = static_cast<LaneIndex<Acc>>(source[k] - base);
      const auto [id, added] = patterns.find_or_add(rel, weight);
      if (added) {
        pattern_rel_.insert(pattern_rel_.end(), rel.begin(), rel.end());
        pattern_weight_.insert(pattern_weight_.end(), weight.begin(), weight.end());
      }
      block_base_[static_cast<std::size_t>(b)] = base;
      block_window_[static_cast<std::size_t>(b)] = window;
      block_pattern_[static_cast<std::size_t>(b)] = id;
    }
  }
  job_.blocks = {block_base_.data(), block_window_.data(), block_pattern_.data(), pattern_rel_.data(),
                 pattern_weight_.data()};
}

template <class T>
void InterpPlan<T>::run(const T* in, const InterpInput& input, T* out) const {
  InterpJob<T> job = job_;
  job.planes = input.batch.planes;
  if (job.planes == 0 || job.lanes == 0) return;
  job.in = in;
  job.out = out;
  job.stride_d = input.stride_d;
  job.stride_h = input.stride_h;
  job.batch_ndim = input.batch.ndim();
  job.batch_shape = input.batch.shape.data();
  job.batch_stride = input.batch.stride.data();
  const Dims3& i = job.in_size;
  const Dims3& o = job.out_size;
  const std::int64_t rows = job.planes * o[0] * o[1];
  const std::int64_t elements_in = job.planes * i[0] * i[1] * i[2] * job.lanes;
  const std::int64_t elements_out = rows * o[2] * job.lanes;
  job.stream_output = elements_out * static_cast<std::int64_t>(sizeof(T)) > stream_bytes;
  job.threads = threads_for((elements_in + elements_out) * static_cast<std::int64_t>(sizeof(T)), rows * job.chunks);
  Scratch<Acc> scratch;
  job.scratch = line_aligned_scratch(scratch, static_cast<std::size_t>(job.scratch_per_thread), job.threads);
  kernel_(job);
}

template <class T>
std::size_t InterpPlan<T>::bytes() const {
  std::size_t n = block_base_.size() * sizeof(std::int64_t) + block_window_.size() +
                  eighth_base_.size() * sizeof(std::int64_t) + eighth_window_.size() + eighth_pattern_.size() * 4 +
                  (eighth_table_.size() + row_eighths_.size()) * 2 +
                  block_pattern_.size() * sizeof(std::int32_t) + pattern_rel_.size() * sizeof(LaneIndex<Acc>) +
                  pattern_weight_.size() * sizeof(Acc);
  for (std::size_t a = 0; a < 3; ++a) n += taps_[a].index.size() * sizeof(std::int64_t) + weights_[a].size() * sizeof(Acc);
  return n;
}

template class InterpPlan<float>;
template class InterpPlan<double>;
template class InterpPlan<std::uint8_t>;

}  // namespace resample
