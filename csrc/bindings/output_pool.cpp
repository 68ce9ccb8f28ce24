// Fresh outputs cost page faults: the first write to each new page makes the
// OS zero it (about 4 ms per 32 MiB on the development machine, a third of a
// max_pool3d call, and measurable at 2 threads from a few MiB). So outputs of
// 1 MiB or more come from blocks kept here: when such an array dies, its
// already-faulted block is kept (the most recent ones, at most 256 MiB in
// all) and handed to the next output that fits.
#include "bindings/output_pool.hpp"

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace resample {
namespace py = pybind11;
namespace {

constexpr std::int64_t line = 64;
constexpr std::int64_t huge_page = std::int64_t(2) << 20;
constexpr std::int64_t recycled_from = std::int64_t(1) << 20;
constexpr std::int64_t kept_bytes = std::int64_t(256) << 20;

struct Block {
  void* data;
  std::int64_t bytes;
};

class OutputPool {
 public:
  void* take(std::int64_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    // A kept block fits if it is large enough but not more than twice the size.
    for (std::size_t i = free_.size(); i-- > 0;) {
      if (free_[i].bytes >= bytes && free_[i].bytes <= 2 * bytes) {
        void* data = free_[i].data;
        live_.push_back(free_[i]);
        free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
        return data;
      }
    }
    // Large blocks are aligned to a huge page, so that the hint below can
    // apply to all of them; smaller ones only to a cache line.
    const std::int64_t align = bytes >= 16 * huge_page ? huge_page : line;
    const auto size = static_cast<std::size_t>((bytes + align - 1) / align * align);
    void* data = std::aligned_alloc(static_cast<std::size_t>(align), size);
    if (!data) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (align == huge_page) madvise(data, size, MADV_HUGEPAGE);  // fewer, larger faults; only a hint
#endif
    live_.push_back({data, bytes});
    return data;
  }

  void give_back(void* data) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < live_.size(); ++i) {
      if (live_[i].data != data) continue;
      free_.push_back(live_[i]);
      live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
    std::int64_t kept = 0;
    for (const Block& b : free_) kept += b.bytes;
    while (kept > kept_bytes) {  // drop the oldest
      kept -= free_.front().bytes;
      std::free(free_.front().data);
      free_.erase(free_.begin());
    }
  }

  std::int64_t release() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::int64_t bytes = 0;
    for (const Block& b : free_) {
      bytes += b.bytes;
      std::free(b.data);
    }
    free_.clear();
    return bytes;
  }

 private:
  std::mutex mutex_;
  std::vector<Block> live_, free_;
};

// Never destroyed: arrays may outlive static destruction at exit.
OutputPool& pool() {
  static OutputPool* instance = new OutputPool;
  return *instance;
}

}  // namespace

py::array empty_output(const py::dtype& dtype, const std::vector<std::int64_t>& shape) {
  const std::int64_t itemsize = dtype.itemsize();
  std::int64_t bytes = itemsize;
  for (std::int64_t n : shape) {
    if (n < 0) throw py::value_error("output shape must be non-negative");
    if (n != 0 && bytes > PTRDIFF_MAX / n)
      throw py::value_error("output is too large: its size overflows the address space");
    bytes *= n;
  }
  std::vector<py::ssize_t> strides(shape.size());
  py::ssize_t step = static_cast<py::ssize_t>(itemsize);
  for (std::size_t i = shape.size(); i-- > 0;) {
    strides[i] = step;
    step *= static_cast<py::ssize_t>(shape[i]);
  }
  if (bytes < recycled_from) {
    // NumPy's allocator; then start the array on a line inside it.
    py::array_t<std::uint8_t> raw(static_cast<py::ssize_t>(bytes + line));
    const auto address = reinterpret_cast<std::uintptr_t>(raw.mutable_data());
    auto* data = raw.mutable_data() + (line - static_cast<std::int64_t>(address % line)) % line;
    return py::array(dtype, std::vector<py::ssize_t>(shape.begin(), shape.end()), strides, data, raw);
  }
  void* data = pool().take(bytes);
  py::capsule owner(data, [](void* p) { pool().give_back(p); });
  return py::array(dtype, std::vector<py::ssize_t>(shape.begin(), shape.end()), strides, data, owner);
}

std::int64_t release_cached_outputs() { return pool().release(); }

}  // namespace resample
