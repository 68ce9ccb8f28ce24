// The check of cached packed weights, spread over the matrix multiply.
//
// A call whose weights match a cached packing's probe (deconv_call.cpp) runs
// with that packing at once; the weights are compared with the copy it was
// made from while the GEMM runs. The register tiles keep the FMA units busy
// and leave the memory idle: each tile fetches the next piece of both
// arrays, a line now and then (TileFetch), and the piece is compared when
// the tile is done, from the cache. A memcmp of DCGAN's 8 MB weights before
// the GEMM took 9% of the call. Each work item checks its own contiguous part.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels/deconv_job.hpp"
#include "kernels/gemm_tile.hpp"

namespace resample {
namespace RESAMPLE_ISA_NS {

class WeightCheck {
 public:
  // The part checked alongside work items [begin, end) of the job's: the
  // same fraction of the weights, so that the items' parts cover them all,
  // whichever thread runs each item. It expects about `steps` tiles, each
  // followed by step(), which compares an equal piece.
  template <class T>
  WeightCheck(const DeconvJob<T>& job, std::int64_t begin, std::int64_t end, std::int64_t steps)
      : weights_(job.check_weights), copy_(job.check_copy) {
    const std::int64_t bytes = job.check_bytes, items = std::max<std::int64_t>(job.block_count, 1);
    at_ = bytes * begin / items;
    end_ = bytes * end / items;
    // Whole lines, at most as many as a tile fetches (beyond that, the steps
    // the estimate lacks are left to finish()).
    const std::int64_t lines = ((end_ - at_) / std::max<std::int64_t>(steps, 1)) / line + 1;
    quantum_ = std::min(lines, most_lines) * line;
  }

  // What the next tile fetches: the piece that step() compares after it.
  TileFetch next_piece() const {
    if (at_ >= end_) return {};
    return {{weights_ + at_, copy_ + at_}, (std::min(end_, at_ + quantum_) - at_ + line - 1) / line};
  }

  // Compares the next piece.
  void step() { compare_to(std::min(end_, at_ + quantum_)); }

  // Compares what the steps left; true if the part differs anywhere.
  bool finish() {
    compare_to(end_);
    return differs_;
  }

 private:
  static constexpr std::int64_t line = 64, most_lines = 64;
  void compare_to(std::int64_t to) {
    if (at_ >= to) return;
    differs_ = differs_ || std::memcmp(weights_ + at_, copy_ + at_, static_cast<std::size_t>(to - at_)) != 0;
    at_ = to;
  }
  const unsigned char* weights_;
  const unsigned char* copy_;
  std::int64_t at_ = 0, end_ = 0, quantum_ = line;
  bool differs_ = false;
};

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
