// Per-thread scratch memory for the kernels.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace resample {

constexpr std::size_t cache_line_bytes = 64;

// Grows `buffer` to hold `threads` parts of `per_thread` elements (a whole
// number of cache lines each) and returns the first part's start, on a cache
// line: aligned SIMD blocks, and no two threads writing to one line.
template <class T>
T* line_aligned_scratch(std::vector<T>& buffer, std::size_t per_thread, int threads) {
  const std::size_t line = cache_line_bytes / sizeof(T);
  buffer.resize(per_thread * static_cast<std::size_t>(threads) + line);
  const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
  return buffer.data() + (line - address / sizeof(T) % line) % line;
}

}  // namespace resample
