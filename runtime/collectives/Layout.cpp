//===- Layout.cpp - Boxes of row-major tensors ----------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/Layout.h"

namespace loom::collectives {

Box sliceBox(const Shape &shape, int64_t axis, int64_t parts, int64_t part) {
  Box box{shape, Shape(shape.size(), 0)};
  box.shape[axis] = shape[axis] / parts;
  box.offset[axis] = part * box.shape[axis];
  return box;
}

Strided sliceRuns(const Shape &shape, int64_t axis, int64_t parts, int64_t part,
                  size_t elementBytes) {
  int64_t outer = 1, inner = static_cast<int64_t>(elementBytes);
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  const int64_t sliceRows = shape[axis] / parts;
  Strided runs;
  runs.offsetBytes = part * sliceRows * inner;
  runs.blocks = outer;
  runs.blockBytes = sliceRows * inner;
  runs.strideBytes = shape[axis] * inner;
  return runs;
}

} // namespace loom::collectives
