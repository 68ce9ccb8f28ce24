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

}  // namespace RESAMPLE_ISA_NS
}  // namespace resample
