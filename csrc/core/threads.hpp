// How many threads a kernel call may use.
#pragma once
#include <cstdint>

namespace resample {

bool have_openmp();
// The thread budget for kernel calls: starts at OpenMP's default (so
// OMP_NUM_THREADS is honoured), changed by set_num_threads.
int get_num_threads();
void set_num_threads(int n);
// Threads worth using for a call that moves `bytes` bytes in `items`
// independent work items: small calls stay serial, since waking a thread
// team costs more than the work.
int threads_for(std::int64_t bytes, std::int64_t items);

}  // namespace resample
