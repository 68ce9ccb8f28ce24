#include "dispatch/deconv_call.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <list>
#include <mutex>
#include <stdexcept>

#include "core/scratch.hpp"
#include "core/threads.hpp"
#include "dispatch/kernel_table.hpp"

namespace resample {
namespace {

std::int64_t round_up(std::int64_t n, std::int64_t m) { return (n + m - 1) / m * m; }

// Positions per GEMM work item: the packed B block (kc x positions) and the
// result tiles stay within the L2 cache.
constexpr std::int64_t target_positions = 256;
static_assert(target_positions <= deconv_max_rows, "a work item has at most target_positions rows");
// B is read in place from a zero-padded copy of the input (DeconvJob::unpacked_b)
// only when the copy is at most this large: it then stays in the L2 cache
// (1-2 MB on current cores) while the tiles read it.
constexpr std::size_t in_place_most_bytes = std::size_t{1} << 20;
// At most this many result tiles per work item when phases share B.
constexpr std::int64_t max_shared_tiles = 16;
// Fewer output channels per group than this: the direct path.
constexpr std::int64_t min_gemm_channels = 4;
// Below this many floating-point operations per thread (about 0.04 ms of
// one core's work), a thread team does not pay for itself: waking it costs
// microseconds. FCN's upscore2 (14 MFLOP) takes 0.26 ms on one thread and
// 0.17-0.19 ms on two, also with a busy loop on the other core. (A threshold
// of 2e7 once kept it on one thread after a 16 ms outlier on two, on a
// shared machine; that did not recur.)
constexpr double min_flops_per_thread = 5e6;
// Outputs beyond this many bytes are written with non-temporal stores: four
// times the L2 cache of current cores, they would not stay in the caches.
constexpr std::int64_t stream_bytes = 4 << 20;

// The cache of packed weights. A layer calls with the same weights again and
// again, and packing them costs a pass over scattered memory (8 MB and about
// 1.5 ms for DCGAN's 512x256x4x4 layer, 10% of the call). So the last few
// packings are kept, each with a copy of the weights it was made from, and a
// call whose weights are bit for bit those of an entry with the same packing
// parameters reuses it. Every weight is compared, so an array mutated in
// place between calls, or a different array at a recycled address, is never
// mistaken for the cached one. Small weights are compared before the call;
// from check_during_bytes on, an entry whose first and last bytes match is
// used at once and the rest is compared while the GEMM runs (see
// kernels/deconv_check.hpp): a memcmp of DCGAN's 8 MB before it took 9% of
// the call. If they differ after all, the call packs and runs again.
// At most 8 entries and 64 MiB of raw weights in all (with their packings,
// about twice that), so the cache never holds much memory behind the user's back.
constexpr std::size_t cache_entries = 8;
constexpr std::size_t cache_max_bytes = std::size_t{64} << 20;
constexpr std::size_t check_during_bytes = std::size_t{256} << 10;
constexpr std::size_t probe_bytes = 256;  // compared at each end before the call

template <class T>
struct PackKey {
  void (*pack)(const DeconvJob<T>&);  // the ISA level's packing (its panel sizes)
  std::int64_t groups, cin_g, cout_g;
  Dims3 kernel, stride, padding, dilation;  // these place each tap in its phase
  bool stacked, shared_d, shared_h;         // these, each phase's rows (DeconvJob::stacked_a)
  bool operator==(const PackKey& o) const {
    return pack == o.pack && groups == o.groups && cin_g == o.cin_g && cout_g == o.cout_g && kernel == o.kernel &&
           stride == o.stride && padding == o.padding && dilation == o.dilation && stacked == o.stacked &&
           (!stacked || (shared_d == o.shared_d && shared_h == o.shared_h));
  }
};

// A cached packing, and the weights it was made from if they are still to
// be compared with the call's (else null).
template <class T>
struct CachedPacking {
  std::shared_ptr<const std::vector<T>> packed, unchecked_copy;
};

template <class T>
class PackCache {
 public:
  // The packing of `weights` (count elements) under `key`, or none.
  CachedPacking<T> find(const PackKey<T>& key, const T* weights, std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
    const bool check_during = bytes >= check_during_bytes;
    const auto* given = reinterpret_cast<const unsigned char*>(weights);
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (!(it->key == key && it->weights->size() == count)) continue;
      const auto* cached = reinterpret_cast<const unsigned char*>(it->weights->data());
      const bool match =
          check_during ? std::memcmp(cached, given, probe_bytes) == 0 &&
                             std::memcmp(cached + bytes - probe_bytes, given + bytes - probe_bytes, probe_bytes) == 0
                       : std::memcmp(cached, given, bytes) == 0;
      if (match) {
        entries_.splice(entries_.begin(), entries_, it);  // most recently used first
        return {entries_.front().packed, check_during ? entries_.front().weights : nullptr};
      }
    }
    return {};
  }
  void insert(const PackKey<T>& key, const T* weights, std::size_t count, std::shared_ptr<const std::vector<T>> packed) {
    if (count * sizeof(T) > cache_max_bytes) return;
    auto copy = std::make_shared<const std::vector<T>>(weights, weights + count);
    const std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_front({key, std::move(copy), std::move(packed)});
    std::size_t bytes = 0, kept = 0;
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      bytes += it->weights->size() * sizeof(T);
      if (++kept > cache_entries || bytes > cache_max_bytes) {
        entries_.erase(it, entries_.end());
        break;
      }
    }
  }

 private:
  struct Entry {
    PackKey<T> key;
    // Shared: a running call keeps an evicted entry's copy and packing alive.
    std::shared_ptr<const std::vector<T>> weights, packed;
  };
  std::mutex mutex_;
  std::list<Entry> entries_;
};

template <class T>
PackCache<T>& pack_cache() {
  static PackCache<T> cache;
  return cache;
}

}  // namespace

template <class T>
DeconvCall<T>::DeconvCall(const std::string& op, const DeconvRequest& r) : path_(r.path) {
  const DeconvGeometry& g = r.geometry;
  if (r.groups < 1) throw std::invalid_argument(op + ": groups must be positive");
  if (r.in_channels % r.groups != 0 || r.out_channels % r.groups != 0)
    throw std::invalid_argument(op + ": channel counts must be divisible by groups");
  job_.out_size = deconv_output_sizes(op, r.rank, r.in_size, g);
  job_.batch = r.batch;
  job_.groups = r.groups;
  job_.cin_g = r.in_channels / r.groups;
  job_.cout_g = r.out_channels / r.groups;
  job_.in_size = r.in_size;
  geometry_ = g;
  job_.kernel = g.kernel;
  job_.stride = g.stride;
  job_.in_batch_stride = r.in_batch_stride;
  job_.in_channel_stride = r.in_channel_stride;
  job_.in_stride = r.in_stride;
  const Dims3& o = job_.out_size;
  const std::int64_t cells = o[0] * o[1] * o[2];
  if (r.channels_last) {
    job_.out_channel_stride = 1;
    job_.out_stride = {o[1] * o[2] * r.out_channels, o[2] * r.out_channels, r.out_channels};
  } else {
    job_.out_channel_stride = cells;
    job_.out_stride = {o[1] * o[2], o[2], 1};
  }
  job_.out_batch_stride = cells * r.out_channels;
  for (std::size_t a = 0; a < 3; ++a) {
    axes_[a] = deconv_axis_phases(o[a], g.kernel[a], g.stride[a], g.padding[a], g.dilation[a]);
    job_.phases[a] = axes_[a].phases.data();
    job_.taps[a] = axes_[a].taps.data();
  }
}

template <class T>
T* DeconvCall<T>::aligned_scratch(std::size_t per_thread, int threads) {
  const std::size_t line = cache_line_bytes / sizeof(T);
  per_thread = (per_thread + line - 1) / line * line;
  job_.scratch_per_thread = static_cast<std::int64_t>(per_thread);
  return line_aligned_scratch(scratch_, per_thread, threads);
}

template <class T>
void DeconvCall<T>::plan_gemm(std::int64_t mr, std::int64_t nr, std::int64_t lanes) {
  const Dims3& s = job_.stride;
  job_.m_padded = round_up(job_.cout_g, mr);
  // Phases that read the same input share B: always along W, along H and D
  // while the result tiles stay few.
  const auto uniform = [&](std::size_t a) {
    const DeconvAxisPhases& ax = axes_[a];
    for (const DeconvPhase& p : ax.phases) {
      const DeconvPhase& q = ax.phases[0];
      if (p.count != q.count || p.tap_count != q.tap_count) return false;
      for (std::int64_t t = 0; t < p.tap_count; ++t)
        if (ax.taps[static_cast<std::size_t>(p.tap_begin + t)].offset != ax.taps[static_cast<std::size_t>(q.tap_begin + t)].offset)
          return false;
    }
    return true;
  };
  std::int64_t tiles = s[2];
  // Along W, the union of the phases' tap offsets (see DeconvJob::w_union).
  std::vector<std::int64_t> offsets;
  for (const DeconvTap& t : axes_[2].taps) offsets.push_back(t.offset);
  std::sort(offsets.begin(), offsets.end(), std::greater<>());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  w_first_.assign(static_cast<std::size_t>(s[2]), 0);
  bool runs = true;  // every phase's offsets are consecutive entries of the union
  for (std::size_t pw = 0; pw < w_first_.size(); ++pw) {
    const DeconvPhase& p = axes_[2].phases[pw];
    if (p.tap_count == 0) continue;
    const auto tap = [&](std::int64_t t) { return axes_[2].taps[static_cast<std::size_t>(p.tap_begin + t)]; };
    const auto u0 = std::find(offsets.begin(), offsets.end(), tap(0).offset) - offsets.begin();
    w_first_[pw] = u0;
    for (std::int64_t t = 0; t < p.tap_count; ++t)
      runs = runs && u0 + t < static_cast<std::int64_t>(offsets.size()) &&
             offsets[static_cast<std::size_t>(u0 + t)] == tap(t).offset;
  }
  w_union_.clear();
  for (std::int64_t o : offsets) w_union_.push_back({-1, o});
  job_.w_union = runs && !w_union_.empty() ? w_union_.data() : nullptr;
  job_.w_first = w_first_.data();
  job_.w_union_count = static_cast<std::int64_t>(w_union_.size());
  job_.shared[1] = s[1] > 1 && uniform(1) && tiles * s[1] <= max_shared_tiles;
  tiles *= job_.shared[1] ? s[1] : 1;
  job_.shared[0] = s[0] > 1 && uniform(0) && tiles * s[0] <= max_shared_tiles;
  tiles *= job_.shared[0] ? s[0] : 1;
  job_.tiles = tiles;

  // Packed weights: every phase combination of every group, one after the
  // other, or one matrix per work item's set of phases (DeconvJob::stacked_a).
  const std::size_t combos = static_cast<std::size_t>(job_.groups * s[0] * s[1] * s[2]);
  const auto depth_of = [&](std::size_t c) {
    const auto i = static_cast<std::int64_t>(c);
    return job_.cin_g * axes_[0].phases[i / (s[2] * s[1]) % s[0]].tap_count *
           axes_[1].phases[i / s[2] % s[1]].tap_count * axes_[2].phases[i % s[2]].tap_count;
  };
  bool every_depth = tiles > 1 && job_.w_union;  // each phase of a work item reads every depth of its B
  for (std::int64_t pw = 0; pw < s[2]; ++pw)
    every_depth = every_depth && w_first_[static_cast<std::size_t>(pw)] == 0 &&
                  axes_[2].phases[pw].tap_count == job_.w_union_count;
  for (std::size_t c = 0; c < combos; ++c) every_depth = every_depth && depth_of(c) > 0;
  job_.stacked_a = every_depth && round_up(tiles * job_.cout_g, mr) < tiles * job_.m_padded;
  job_.a_rows = job_.stacked_a ? round_up(tiles * job_.cout_g, mr) : job_.m_padded;
  a_offset_.assign(combos, 0);
  a_row_.assign(combos, 0);
  std::int64_t total = 0;
  for (std::size_t c = 0; c < combos; ++c) {
    const auto i = static_cast<std::int64_t>(c);
    const std::int64_t pw = i % s[2], ph = i / s[2] % s[1], pd = i / (s[2] * s[1]) % s[0], g = i / (s[2] * s[1] * s[0]);
    const std::int64_t id = job_.shared[0] ? pd : 0, ih = job_.shared[1] ? ph : 0;  // its place in a work item
    const std::int64_t nh = job_.shared[1] ? s[1] : 1, place = (id * nh + ih) * s[2] + pw;
    if (job_.stacked_a && place > 0) {  // the matrix of the item's first phase
      a_offset_[c] = a_offset_[static_cast<std::size_t>(((g * s[0] + pd - id) * s[1] + ph - ih) * s[2])];
      a_row_[c] = place * job_.cout_g;
    } else {
      a_offset_[c] = total;
      total += job_.a_rows * depth_of(c);
    }
  }
  packed_a_size_ = std::max<std::int64_t>(total, 1);
  job_.a_offset = a_offset_.data();
  job_.a_row = a_row_.data();

  // The zero-padded copy of the input (see DeconvJob::padded): for short
  // rows, B is packed from it (unless block_planes); for longer ones, read
  // from it in place when it stays in the caches and its rows are hardly
  // longer than the phases'.
  const std::int64_t width = axes_[2].phases[0].count;  // phase 0 is the longest
  for (std::size_t a = 0; a < 3; ++a) {
    std::int64_t first = 0, last = job_.in_size[a] - 1;  // the inputs any tap reads
    for (const DeconvPhase& p : axes_[a].phases) {
      if (p.count == 0) continue;
      for (std::int64_t t = p.tap_begin; t < p.tap_begin + p.tap_count; ++t) {
        const std::int64_t offset = axes_[a].taps[static_cast<std::size_t>(t)].offset;
        first = std::min(first, offset);
        last = std::max(last, p.count - 1 + offset);
      }
    }
    job_.pad_lo[a] = -first;
    const std::int64_t after = last - (job_.in_size[a] - 1);
    job_.padded_size[a] = a == 2 ? job_.in_size[a] + std::max(-first, after) : last - first + 1;  // (rows share zeros)
  }
  const Dims3& psz = job_.padded_size;
  const std::int64_t pitch = psz[2];
  // The copy is made only if it is not far larger than the input (huge
  // paddings or dilations make it mostly zeros, and its size could
  // overflow); else B is packed from the input itself.
  const std::int64_t planes = job_.batch * job_.groups * job_.cin_g;
  std::int64_t copy_elements = planes;
  bool small_copy = true;
  for (std::size_t a = 0; a < 3; ++a)
    small_copy = small_copy && !__builtin_mul_overflow(copy_elements, psz[a], &copy_elements);
  small_copy = small_copy &&
               copy_elements <= 4 * planes * job_.in_size[0] * job_.in_size[1] * job_.in_size[2] + (1 << 16);
  // (The last row's zeros after it run up to pad_lo[2] past the last plane.)
  const auto padded_count = static_cast<std::size_t>(copy_elements + job_.pad_lo[2] + deconv_pad_slack);
  job_.unpacked_b = small_copy && width > deconv_short_row && pitch <= width + width / 8 &&
                    padded_count * sizeof(T) <= in_place_most_bytes;
  // Input planes of one SIMD block (see DeconvJob::block_planes): the
  // input contiguous within each plane, every phase pair one block of
  // positions per image (the work items are then whole images, below), at
  // most deconv_most_shifts tap combinations.
  std::int64_t plane = 1;
  bool block_planes = !job_.unpacked_b;
  for (std::size_t a = 3; a-- > 0;) {
    block_planes = block_planes && (job_.in_size[a] == 1 || job_.in_stride[a] == plane);
    plane *= job_.in_size[a];
  }
  block_planes = block_planes && plane == lanes;
  std::int64_t w_taps = job_.w_union ? job_.w_union_count : 0;
  for (const DeconvPhase& pw : axes_[2].phases) {
    block_planes = block_planes && (job_.w_union || pw.count == width);
    w_taps = std::max(w_taps, pw.tap_count);
  }
  for (const DeconvPhase& pd : axes_[0].phases)
    for (const DeconvPhase& ph : axes_[1].phases)
      block_planes = block_planes && pd.count * ph.count * width == lanes &&
                     pd.tap_count * ph.tap_count * w_taps <= deconv_most_shifts;
  job_.block_planes = block_planes;
  job_.padded = nullptr;
  if (small_copy && !block_planes && (width <= deconv_short_row || job_.unpacked_b)) {
    job_.padded = padded_.resize(padded_count);
    job_.padded_end = job_.padded + padded_count;
  }

  // Work items: rows of a (D, H) phase pair times a range of W outputs,
  // about target_positions outputs per W phase. Short rows are stacked,
  // with as few padding columns as a choice of the row count allows (the
  // tile skips a panel's padding in whole SIMD blocks, so that is what
  // counts: FCN's upscore8 takes 3 rows of 65, 13 blocks for 195
  // positions, not 2 rows, 9 for 130); long rows are cut into whole panels.
  // B read in place: a block's rows lie in one (image, D output) plane of
  // the copy, pitch apart, and the tile computes the columns between them;
  // with no packed B block to keep in L2, a block takes twice the
  // positions (FCN's upscore8 at one thread: 11.8 -> 10.2 ms, upscore2
  // 0.183 -> 0.178 ms).
  const int budget = get_num_threads();
  // A work item's rows are a multiple of this: whole images with block_planes.
  const std::int64_t image_rows = block_planes ? lanes / width : 1;
  std::int64_t cols = width, rows_per = 1;
  const auto span = [&](std::int64_t rows) { return job_.unpacked_b ? (rows - 1) * pitch + cols : rows * cols; };
  if (width >= target_positions) {
    cols = std::max(nr, target_positions / nr * nr);
  } else {
    const std::int64_t most = std::max<std::int64_t>(1, (job_.unpacked_b ? 2 : 1) * target_positions / width);
    double best = 2;
    for (std::int64_t r = (most + 1) / 2; r <= most; ++r) {
      const double waste =
          static_cast<double>(round_up(span(r), lanes) - r * width) / static_cast<double>(r * width);
      if (waste <= best) best = waste, rows_per = r;
    }
  }
  for (;;) {
    blocks_.clear();
    std::int64_t largest = 0;
    for (std::int64_t grp = 0; grp < job_.groups; ++grp)
      for (std::int64_t pd = 0; pd < (job_.shared[0] ? 1 : s[0]); ++pd)
        for (std::int64_t ph = 0; ph < (job_.shared[1] ? 1 : s[1]); ++ph) {
          const std::int64_t rows = job_.batch * axes_[0].phases[pd].count * axes_[1].phases[ph].count;
          const std::int64_t plane = job_.unpacked_b ? axes_[1].phases[ph].count : rows;
          for (std::int64_t p0 = 0; p0 < rows; p0 += plane) {
            // Equal shares: no nearly empty last block that still sweeps all of A.
            const std::int64_t p_rows = std::min(plane, rows - p0);
            const std::int64_t parts = (p_rows + rows_per - 1) / rows_per;
            const std::int64_t share = round_up((p_rows + parts - 1) / parts, image_rows);
            largest = std::max(largest, share);
            for (std::int64_t r0 = p0; r0 < p0 + p_rows; r0 += share)
              for (std::int64_t c0 = 0; c0 < width; c0 += cols)
                blocks_.push_back({grp, job_.shared[0] ? -1 : pd, job_.shared[1] ? -1 : ph, r0,
                                   std::min(p0 + p_rows, r0 + share), c0, std::min(width, c0 + cols)});
          }
        }
    rows_per = std::max<std::int64_t>(largest, 1);
    // Enough items to keep every thread busy, if rows allow.
    if (static_cast<std::int64_t>(blocks_.size()) >= 2 * budget || rows_per <= image_rows) break;
    rows_per = (rows_per + 1) / 2;
  }
  job_.blocks = blocks_.data();
  job_.block_count = static_cast<std::int64_t>(blocks_.size());
  job_.nc_padded = round_up(span(rows_per), nr);
  job_.packed_b_size = job_.unpacked_b ? 0 : deconv_kc * job_.nc_padded;
}

template <class T>
void DeconvCall<T>::run(const T* in, const T* weight, const T* bias, T* out) {
  const Dims3 &o = job_.out_size, &i = job_.in_size, &k = job_.kernel;
  const std::int64_t out_channels = job_.groups * job_.cout_g;
  const std::int64_t outputs = job_.batch * out_channels * o[0] * o[1] * o[2];
  if (outputs == 0) return;
  job_.in = in;
  job_.weight = weight;
  job_.bias = bias;
  job_.out = out;
  const DeconvKernels<T>& kernels_here = kernels().deconv<T>();
  const bool direct = path_ == DeconvPath::direct ||
                      (path_ == DeconvPath::automatic && job_.cout_g < min_gemm_channels);
  const double flops = 2.0 * static_cast<double>(job_.batch * job_.groups * job_.cin_g * job_.cout_g) *
                       static_cast<double>(i[0] * i[1] * i[2]) * static_cast<double>(k[0] * k[1] * k[2]);
  const std::int64_t bytes = (outputs + job_.batch * job_.groups * job_.cin_g * i[0] * i[1] * i[2]) *
                             static_cast<std::int64_t>(sizeof(T));
  job_.stream_output = outputs * static_cast<std::int64_t>(sizeof(T)) > stream_bytes;
  job_.flops = flops;
  // Threads: as many as the memory traffic or the arithmetic pays for.
  const auto threads_for_work = [&](std::int64_t items) {
    const int by_bytes = threads_for(bytes, items);
    const auto by_flops = static_cast<std::int64_t>(flops / min_flops_per_thread);
    const std::int64_t n = std::min<std::int64_t>({get_num_threads(), items, std::max<std::int64_t>(by_bytes, by_flops)});
    return static_cast<int>(std::max<std::int64_t>(n, 1));
  };
  if (direct) {
    job_.threads = threads_for_work(job_.batch * out_channels * o[0] * o[1]);
    job_.scratch = aligned_scratch(static_cast<std::size_t>(o[2]), job_.threads);
    kernels_here.direct(job_);
  } else {
    plan_gemm(kernels_here.mr, kernels_here.nr, kernels_here.lanes);
    job_.threads = threads_for_work(job_.block_count);
    const std::size_t per_thread =
        static_cast<std::size_t>(job_.packed_b_size + job_.tiles * job_.m_padded * job_.nc_padded);
    job_.scratch = aligned_scratch(per_thread, job_.threads);
    const PackKey<T> key{kernels_here.pack_a, job_.groups, job_.cin_g, job_.cout_g,
                      geometry_.kernel, geometry_.stride, geometry_.padding, geometry_.dilation,
                      job_.stacked_a, job_.shared[0], job_.shared[1]};
    const auto count = static_cast<std::size_t>(job_.groups * job_.cin_g * job_.cout_g * k[0] * k[1] * k[2]);
    const auto pack_new = [&] {
      auto packed = std::make_shared<std::vector<T>>(static_cast<std::size_t>(packed_a_size_));
      job_.packed_a = packed->data();
      kernels_here.pack_a(job_);
      pack_cache<T>().insert(key, weight, count, packed);
      packed_a_ = std::move(packed);
    };
    CachedPacking<T> cached = pack_cache<T>().find(key, weight, count);
    packed_a_ = std::move(cached.packed);
    if (!packed_a_) pack_new();
    job_.packed_a = const_cast<T*>(packed_a_->data());  // read only from here on
    std::vector<unsigned char> differs(static_cast<std::size_t>(job_.threads), 0);
    if (cached.unchecked_copy) {
      job_.check_weights = reinterpret_cast<const unsigned char*>(weight);
      job_.check_copy = reinterpret_cast<const unsigned char*>(cached.unchecked_copy->data());
      job_.check_bytes = static_cast<std::int64_t>(count * sizeof(T));
      job_.check_differs = differs.data();
    }
    kernels_here.gemm(job_);
    job_.check_bytes = 0;
    if (std::find(differs.begin(), differs.end(), 1) != differs.end()) {  // not the cached weights after all
      pack_new();
      job_.packed_a = const_cast<T*>(packed_a_->data());
      kernels_here.gemm(job_);
    }
  }
}

template class DeconvCall<float>;
template class DeconvCall<double>;

}  // namespace resample
