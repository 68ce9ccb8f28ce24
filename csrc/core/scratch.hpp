// Per-call scratch memory for the kernels, recycled across calls.
//
// A call's buffers (row buffers, packed matrix blocks, padded copies of the
// input) are often hundreds of KiB. Freed after every call, glibc hands such
// blocks back to the OS, and the next call takes a page fault for each of
// their pages again: on the development machine that was half of a 0.3 ms
// transposed convolution (FCN's upscore2). So released buffers are kept for
// the next call (the most recent few, at most kept_scratch_bytes in all).
#pragma once
#include <cstddef>
#include <cstdint>

namespace resample {

constexpr std::size_t cache_line_bytes = 64;

// Raw memory of at least `bytes`, on a cache line: a kept block if one fits,
// else a new one. Thread-safe.
void* take_scratch(std::size_t bytes, std::size_t& capacity);
// Returns a block from take_scratch (of that capacity) for reuse.
void give_back_scratch(void* block, std::size_t capacity);
// Frees every kept block; returns their bytes (_core.release_kept_scratch).
std::size_t release_kept_scratch();

// A buffer of T that lives for one call; its contents start unspecified.
template <class T>
class Scratch {
 public:
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (data_) give_back_scratch(data_, capacity_);
  }
  // Makes room for n elements (keeping none of the old ones) and returns it.
  T* resize(std::size_t n) {
    if (n * sizeof(T) > capacity_) {
      if (data_) give_back_scratch(data_, capacity_);
      data_ = static_cast<T*>(take_scratch(n * sizeof(T), capacity_));
    }
    return data_;
  }

 private:
  T* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// Sizes `buffer` to hold `threads` parts of `per_thread` elements (a whole
// number of cache lines each) and returns the first part's start, on a cache
// line: aligned SIMD blocks, and no two threads writing to one line.
template <class T>
T* line_aligned_scratch(Scratch<T>& buffer, std::size_t per_thread, int threads) {
  return buffer.resize(per_thread * static_cast<std::size_t>(threads));
}

}  // namespace resample
