// Output arrays for the kernels, allocated on a cache line. Very large ones
// are recycled: see output_pool.cpp.
#pragma once
#include <pybind11/numpy.h>

#include <cstdint>
#include <vector>

namespace resample {

// An uninitialised C-contiguous array of `dtype` and `shape` whose data
// starts on a 64-byte line. Raises ValueError if its size overflows.
pybind11::array empty_output(const pybind11::dtype& dtype, const std::vector<std::int64_t>& shape);

// Frees the blocks kept for reuse; returns how many bytes it freed.
std::int64_t release_cached_outputs();

}  // namespace resample
