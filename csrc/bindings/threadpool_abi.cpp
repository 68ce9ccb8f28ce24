// A C interface to the thread budget, for tools that manage the thread pools
// of every loaded native library by their exported symbols (threadpoolctl:
// see resample/_threadpoolctl.py). Exported despite pybind11's hidden
// default visibility.
#include "core/threads.hpp"

#define RESAMPLE_EXPORT extern "C" __attribute__((visibility("default")))

RESAMPLE_EXPORT int resample_get_num_threads() { return resample::get_num_threads(); }

RESAMPLE_EXPORT void resample_set_num_threads(int n) { resample::set_num_threads(n < 1 ? 1 : n); }

RESAMPLE_EXPORT const char* resample_version() { return RESAMPLE_VERSION; }
