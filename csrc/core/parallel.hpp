// parallel_for: split [0, n) into one contiguous range per thread.
// Included by the per-ISA kernels, so it is a template instantiated inside
// each ISA's namespace (see dispatch/isa_namespace.hpp).
#pragma once
#include <cstdint>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace resample {
namespace RESAMPLE_ISA_NS {

// Calls body(begin, end, thread_index) once per thread. Contiguous ranges keep
// each thread on neighbouring rows and planes, which the prefetchers like.
template <class Body>
void parallel_for(std::int64_t n, int threads, const Body& body) {
#ifdef _OPENMP
  if (threads > 1 && n > 1) {
#pragma omp parallel num_threads(threads)
    {
      const std::int64_t team = omp_get_num_threads();
      const std::int64_t t = omp_get_thread_num();
      const std::int64_t begin = n * t / team, end = n * (t + 1) / team;
      if (begin < end) body(begin, end, static_cast<int>(t));
    }
    return;
  }
#endif
  (void)threads;
  if (n > 0) body(0, n, 0);
}

// Calls item(i, thread_index) for every i in [0, n), handing the items out
// one at a time to whichever thread is free, then done(thread_index) once per
// thread. For items of equal work (the matrix multiply's, the runs of rows
// of transposed convolution's direct path), where a fixed split would make
// the call wait for its slowest thread: on a shared machine one core can run
// at half speed for a while (a busy neighbour on its physical core), and the
// other then takes more of the items.
template <class Item, class Done>
void parallel_items(std::int64_t n, int threads, const Item& item, const Done& done) {
#ifdef _OPENMP
  if (threads > 1 && n > 1) {
#pragma omp parallel num_threads(threads)
    {
      const int t = omp_get_thread_num();
#pragma omp for schedule(dynamic, 1) nowait
      for (std::int64_t i = 0; i < n; ++i) item(i, t);
      done(t);
    }
    return;
  }
#endif
  (void)threads;
  for (std::int64_t i = 0; i < n; ++i) item(i, 0);
  done(0);
}

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
