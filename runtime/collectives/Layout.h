//===- Layout.h - Boxes of row-major tensors --------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Every data movement of the collectives is a box (a sub-block) of one
// row-major tensor placed into a box of the same shape in another: a slice
// along one axis, or a whole tensor at an offset along the concatenation
// axis. forEachRun walks such a pair of boxes as the longest contiguous runs
// both sides allow, so a leading-axis slice is one memcpy and a slice along
// the last axis is one run per row.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_LAYOUT_H
#define LOOM_RUNTIME_COLLECTIVES_LAYOUT_H

#include "runtime/Tensor.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loom::collectives {

/// A block of `shape` elements at `offset` inside a larger row-major tensor.
struct Box {
  Shape shape;
  Shape offset;
};

/// The `part`-th of `parts` equal slices of `shape` along `axis`.
Box sliceBox(const Shape &shape, int64_t axis, int64_t parts, int64_t part);

/// The same slice as contiguous runs: `blocks` runs of `blockBytes` bytes,
/// `strideBytes` apart, starting `offsetBytes` into the tensor.
struct Strided {
  int64_t offsetBytes = 0;
  int64_t blocks = 0;
  int64_t blockBytes = 0;
  int64_t strideBytes = 0;
};
Strided sliceRuns(const Shape &shape, int64_t axis, int64_t parts, int64_t part,
                  size_t elementBytes);

/// Calls fn(srcByteOffset, dstByteOffset, runBytes) for each contiguous run
/// of copying box `box` (shape `box.shape`) from `src` (a tensor of
/// `srcShape`, the box at `box.offset`) to a tensor of `dstShape` with the
/// box at `dstOffset`.
template <typename Fn>
void forEachRun(const Shape &srcShape, const Box &box, const Shape &dstShape,
                const Shape &dstOffset, size_t elementBytes, Fn fn) {
  const int rank = static_cast<int>(box.shape.size());
  for (int64_t d : box.shape)
    if (d == 0)
      return;
  const Shape srcStrides = rowMajorStrides(srcShape);
  const Shape dstStrides = rowMajorStrides(dstShape);
  int64_t srcBase = 0, dstBase = 0;
  for (int d = 0; d < rank; ++d) {
    srcBase += box.offset[d] * srcStrides[d];
    dstBase += dstOffset[d] * dstStrides[d];
  }
  // Trailing dimensions that the box covers in full on both sides merge
  // into one run, together with the first dimension that does not.
  int64_t runElements = 1;
  int outer = rank;
  while (outer > 0) {
    --outer;
    runElements *= box.shape[outer];
    if (box.shape[outer] != srcShape[outer] || box.shape[outer] != dstShape[outer])
      break;
  }
  const int64_t runBytes = runElements * static_cast<int64_t>(elementBytes);
  const int64_t elementSize = static_cast<int64_t>(elementBytes);
  std::vector<int64_t> index(outer, 0);
  while (true) {
    int64_t src = srcBase, dst = dstBase;
    for (int d = 0; d < outer; ++d) {
      src += index[d] * srcStrides[d];
      dst += index[d] * dstStrides[d];
    }
    fn(src * elementSize, dst * elementSize, runBytes);
    int d = outer - 1;
    while (d >= 0 && ++index[d] == box.shape[d])
      index[d--] = 0;
    if (d < 0)
      return;
  }
}

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_LAYOUT_H
