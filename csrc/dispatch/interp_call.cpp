#include "dispatch/interp_call.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"

namespace resample {
namespace {

// The cached rows of one thread stay within about this many bytes (L2):
// longer output rows are split into chunks of pixels.
constexpr std::int64_t cache_bytes = 128 * 1024;
constexpr std::int64_t line_bytes = 64;

std::int64_t round_up(std::int64_t n, std::int64_t m) { return (n + m - 1) / m * m; }

}  // namespace

AxisResize identity_axis() {
  AxisResize a;
  a.sampling = Sampling::nearest;
  return a;
}

template <class T>
InterpCall<T>::InterpCall(const InterpRequest& request) {
  for (std::size_t a = 0; a < 3; ++a) {
    const AxisResize& axis = request.axis[a];
    job_.in_size[a] = axis.in;
    job_.out_size[a] = axis.out;
    taps_[a] = axis_taps(axis);
    weights_[a].assign(taps_[a].weight.begin(), taps_[a].weight.end());
    job_.axis[a] = {taps_[a].taps, taps_[a].index.data(), weights_[a].data()};
  }
  job_.lanes = request.lanes;
  job_.stride_d = request.in_stride[0];
  job_.stride_h = request.in_stride[1];
  batch_ = BatchAxes(request.batch_shape, request.batch_stride);
  job_.planes = batch_.planes;
  job_.batch_ndim = batch_.ndim();
  job_.batch_shape = batch_.shape.data();
  job_.batch_stride = batch_.stride.data();
  // Element offsets within a row are LaneIndex<Acc> (int32 for float).
  if (job_.in_size[2] * job_.lanes > std::numeric_limits<LaneIndex<Acc>>::max() / 2)
    throw std::invalid_argument("input rows (width x channels) of more than 2^30 elements are not supported");
}

// The W plan depends on the SIMD block of the level that runs.
template <class T>
void InterpCall<T>::plan_for_block(std::int64_t B) {
  planned_block_ = B;
  const std::int64_t lanes = job_.lanes, OW = job_.out_size[2], IW = job_.in_size[2];
  const std::int64_t taps = job_.axis[2].taps, slots = job_.axis[0].taps * job_.axis[1].taps;
  job_.by_channel = lanes >= B;

  // Chunks of whole blocks that keep a thread's cached rows near cache_bytes.
  const std::int64_t budget = std::max<std::int64_t>(cache_bytes / (slots * sizeof(Acc)) / lanes, 1);
  job_.chunk_pixels = OW <= budget + budget / 2 ? OW : round_up(budget, B);
  job_.chunks = (OW + job_.chunk_pixels - 1) / job_.chunk_pixels;
  job_.cached_row = round_up(job_.chunk_pixels * lanes, line_bytes / static_cast<std::int64_t>(sizeof(Acc)));
  job_.scratch_per_thread = slots * job_.cached_row;

  block_base_.clear();
  block_window_.clear();
  block_rel_.clear();
  block_weight_.clear();
  if (!job_.by_channel) {
    const std::int64_t elements = OW * lanes, blocks = (elements + B - 1) / B, row = IW * lanes;
    block_base_.resize(static_cast<std::size_t>(blocks));
    block_window_.resize(static_cast<std::size_t>(blocks));
    block_rel_.resize(static_cast<std::size_t>(blocks * taps * B));
    block_weight_.resize(block_rel_.size());
    std::vector<std::int64_t> source(static_cast<std::size_t>(taps * B));
    for (std::int64_t b = 0; b < blocks; ++b) {
      std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
      for (std::int64_t j = 0; j < B; ++j) {
        const std::int64_t e = std::min(b * B + j, elements - 1);  // the tail repeats the last element
        const std::int64_t pixel = e / lanes, channel = e % lanes;
        for (std::int64_t t = 0; t < taps; ++t) {
          const std::int64_t s = job_.axis[2].index[pixel * taps + t] * lanes + channel;
          source[static_cast<std::size_t>(t * B + j)] = s;
          lo = std::min(lo, s);
          hi = std::max(hi, s);
          block_weight_[static_cast<std::size_t>((b * taps + t) * B + j)] = job_.axis[2].weight[pixel * taps + t];
        }
      }
      // Two input blocks from `base` must stay inside the row.
      const std::int64_t base = row >= 2 * B ? std::min(lo, row - 2 * B) : lo;
      block_base_[static_cast<std::size_t>(b)] = base;
      block_window_[static_cast<std::size_t>(b)] = row >= 2 * B && hi - base < 2 * B;
      for (std::int64_t k = 0; k < taps * B; ++k)
        block_rel_[static_cast<std::size_t>(b * taps * B + k)] =
            static_cast<LaneIndex<Acc>>(source[static_cast<std::size_t>(k)] - base);
    }
  }
  job_.blocks = {block_base_.data(), block_window_.data(), block_rel_.data(), block_weight_.data()};
}

template <class T>
void InterpCall<T>::run(const T* in, T* out) {
  if (job_.planes == 0 || job_.lanes == 0) return;
  const KernelTable& k = kernels();
  const std::int64_t B = k.block_bytes / static_cast<std::int64_t>(sizeof(Acc));
  if (B != planned_block_) plan_for_block(B);
  job_.in = in;
  job_.out = out;
  const Dims3& i = job_.in_size;
  const Dims3& o = job_.out_size;
  const std::int64_t rows = job_.planes * o[0] * o[1];
  const std::int64_t elements_in = job_.planes * i[0] * i[1] * i[2] * job_.lanes;
  const std::int64_t elements_out = rows * o[2] * job_.lanes;
  job_.threads = threads_for((elements_in + elements_out) * static_cast<std::int64_t>(sizeof(T)), rows * job_.chunks);
  // Each thread's cached rows start on their own cache line.
  const std::size_t line = line_bytes / sizeof(Acc);
  scratch_.assign(static_cast<std::size_t>(job_.scratch_per_thread * job_.threads) + line, Acc(0));
  const auto address = reinterpret_cast<std::uintptr_t>(scratch_.data());
  job_.scratch = scratch_.data() + (line - address / sizeof(Acc) % line) % line;
  k.interp<T>()(job_);
}

template class InterpCall<float>;
template class InterpCall<double>;
template class InterpCall<std::uint8_t>;

}  // namespace resample
