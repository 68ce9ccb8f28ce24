#include "core/scratch.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace resample {
namespace {

constexpr std::size_t kept_blocks = 8;
constexpr std::size_t kept_scratch_bytes = std::size_t{64} << 20;

struct Kept {
  void* block;
  std::size_t capacity;
};

struct ScratchStore {
  std::mutex mutex;
  std::vector<Kept> kept;  // oldest first
};

// Never destroyed: kernels may run during static destruction at exit.
ScratchStore& store() {
  static ScratchStore* instance = new ScratchStore;
  return *instance;
}

}  // namespace

void* take_scratch(std::size_t bytes, std::size_t& capacity) {
  {
    ScratchStore& s = store();
    std::lock_guard<std::mutex> lock(s.mutex);
    // The most recent block that fits without being more than 4 times too large.
    for (std::size_t i = s.kept.size(); i-- > 0;) {
      const Kept k = s.kept[i];
      if (k.capacity >= bytes && k.capacity / 4 <= bytes) {
        s.kept.erase(s.kept.begin() + static_cast<std::ptrdiff_t>(i));
        capacity = k.capacity;
        return k.block;
      }
    }
  }
  capacity = (bytes + cache_line_bytes - 1) / cache_line_bytes * cache_line_bytes;
  if (capacity == 0) capacity = cache_line_bytes;
  void* block = std::aligned_alloc(cache_line_bytes, capacity);
  if (!block) throw std::bad_alloc();
  return block;
}

void give_back_scratch(void* block, std::size_t capacity) {
  ScratchStore& s = store();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.kept.push_back({block, capacity});
  std::size_t bytes = 0;
  for (const Kept& k : s.kept) bytes += k.capacity;
  while (s.kept.size() > kept_blocks || bytes > kept_scratch_bytes) {  // drop the oldest
    bytes -= s.kept.front().capacity;
    std::free(s.kept.front().block);
    s.kept.erase(s.kept.begin());
  }
}

std::size_t release_kept_scratch() {
  ScratchStore& s = store();
  std::lock_guard<std::mutex> lock(s.mutex);
  std::size_t bytes = 0;
  for (const Kept& k : s.kept) {
    bytes += k.capacity;
    std::free(k.block);
  }
  s.kept.clear();
  return bytes;
}

}  // namespace resample
