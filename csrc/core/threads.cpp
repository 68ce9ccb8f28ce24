#include "core/threads.hpp"

#include <algorithm>
#include <atomic>

#ifdef RESAMPLE_HAVE_OPENMP
#include <omp.h>
#endif

namespace resample {
namespace {

int default_threads() {
#ifdef RESAMPLE_HAVE_OPENMP
  return std::max(1, omp_get_max_threads());
#else
  return 1;
#endif
}

std::atomic<int>& thread_budget() {
  static std::atomic<int> budget{default_threads()};
  return budget;
}

// Below this much memory traffic per thread, a thread team does not pay for
// itself (waking it costs a few microseconds).
constexpr std::int64_t min_bytes_per_thread = 256 * 1024;

}  // namespace

bool have_openmp() {
#ifdef RESAMPLE_HAVE_OPENMP
  return true;
#else
  return false;
#endif
}

int get_num_threads() { return thread_budget().load(std::memory_order_relaxed); }

void set_num_threads(int n) {
#ifdef RESAMPLE_HAVE_OPENMP
  thread_budget().store(std::max(1, n), std::memory_order_relaxed);
#else
  (void)n;
#endif
}

int threads_for(std::int64_t bytes, std::int64_t items) {
  std::int64_t n = std::min<std::int64_t>(get_num_threads(), bytes / min_bytes_per_thread);
  n = std::min(n, items);
  return static_cast<int>(std::max<std::int64_t>(n, 1));
}

}  // namespace resample
