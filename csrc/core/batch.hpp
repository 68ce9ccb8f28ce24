// Batch axes: every axis before the spatial ones (and, channels-first, the
// channel axis). Kernels see them as a run of "planes" and need each plane's
// offset into the input.
#pragma once
#include <cstdint>
#include <vector>

namespace resample {

// The batch axes with size-1 axes dropped and neighbours whose strides line
// up merged, so kernels walk as few axes as possible. `planes` is the product
// of all sizes (0 for an empty batch).
struct BatchAxes {
  std::vector<std::int64_t> shape, stride;
  std::int64_t planes = 1;

  BatchAxes() = default;
  BatchAxes(const std::vector<std::int64_t>& shape_, const std::vector<std::int64_t>& stride_) {
    for (std::size_t i = 0; i < shape_.size(); ++i) {
      const std::int64_t n = shape_[i], s = stride_[i];
      planes *= n;
      if (n == 1) continue;
      if (!shape.empty() && stride.back() == s * n) {
        shape.back() *= n;
        stride.back() = s;
      } else {
        shape.push_back(n);
        stride.push_back(s);
      }
    }
  }
  int ndim() const { return static_cast<int>(shape.size()); }
};

// Element offset of plane `plane` (the raveled batch index).
inline std::int64_t plane_offset(int ndim, const std::int64_t* shape, const std::int64_t* stride,
                                 std::int64_t plane) {
  std::int64_t offset = 0;
  for (int a = ndim - 1; a >= 0; --a) {
    offset += (plane % shape[a]) * stride[a];
    plane /= shape[a];
  }
  return offset;
}

// Walks output rows (plane, od, oh) in order, without divisions per row.
struct RowCursor {
  std::int64_t plane, od, oh;
  const std::int64_t OD, OH;
  RowCursor(std::int64_t item, std::int64_t OD_, std::int64_t OH_)
      : plane(item / (OD_ * OH_)), od(item / OH_ % OD_), oh(item % OH_), OD(OD_), OH(OH_) {}
  void next() {
    if (++oh < OH) return;
    oh = 0;
    if (++od < OD) return;
    od = 0;
    ++plane;
  }
};

}  // namespace resample
