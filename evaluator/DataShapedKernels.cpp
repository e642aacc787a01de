//===- DataShapedKernels.cpp - Kernels of ops with data-dependent sizes ---===//
//
// Part of the Loom project.
//
// NonZero, Compress, Unique, NonMaxSuppression and Reshape to a run-time
// shape as the dialect defines them: the actual result
// densely at the start of the flat `values` tensor, zeros after it, and its
// shape in `dims`. Written from the ONNX definitions, independently of the
// CPU micro-kernels (backends/cpu/ukernels/data_shaped.c) they check.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

using namespace mlir;

namespace loom::eval {
namespace {

/// Whether element `index` of `tensor` (in a compute dtype) is not zero.
bool isNonZero(const Tensor &tensor, int64_t index) {
  DType type = tensor.dtype();
  if (type == DType::F32 || type == DType::F64)
    return tensor.getDouble(index) != 0.0; // NaN is not zero, -0.0 is
  return tensor.getInt(index) != 0;
}

KernelResult nonZero(const KernelContext &context, const Tensor &input) {
  const Shape &shape = input.shape();
  int64_t rank = static_cast<int64_t>(shape.size());
  std::vector<Shape> found;
  forEachIndex(shape, [&](int64_t linear, const Shape &index) {
    if (isNonZero(input, linear))
      found.push_back(index);
  });
  int64_t count = static_cast<int64_t>(found.size());
  Tensor values = context.makeResult(0);
  if (rank * count > values.numElements())
    return kernelError("nonzero found " + llvm::Twine(count) +
                       " elements, above its bound");
  for (int64_t d = 0; d < rank; ++d)
    for (int64_t j = 0; j < count; ++j)
      values.setInt(d * count + j, found[j][d]);
  Tensor dims = context.makeResult(1);
  dims.setInt(0, rank);
  dims.setInt(1, count);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

KernelResult compress(const KernelContext &context, CompressOp op,
                      const Tensor &input, const Tensor &condition) {
  const Shape &shape = input.shape();
  std::optional<int64_t> axis;
  if (std::optional<uint64_t> attr = op.getAxis())
    axis = static_cast<int64_t>(*attr);
  // The input as [outer, size, inner] around the axis (flat without one).
  int64_t outer = 1, size = input.numElements(), inner = 1;
  if (axis) {
    size = shape[*axis];
    for (int64_t d = 0; d < *axis; ++d)
      outer *= shape[d];
    for (size_t d = *axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  }
  int64_t length = condition.numElements();
  if (length > size)
    return kernelError("condition has " + llvm::Twine(length) +
                       " entries, more than the " + llvm::Twine(size) +
                       " slices");
  std::vector<int64_t> kept;
  for (int64_t i = 0; i < length; ++i)
    if (condition.getInt(i) != 0)
      kept.push_back(i);
  int64_t count = static_cast<int64_t>(kept.size());
  Tensor values = context.makeResult(0);
  size_t elementBytes = dtypeSize(input.dtype());
  if (outer * count * inner > values.numElements() ||
      dtypeSize(values.dtype()) != elementBytes)
    return kernelError("compress result above its bound");
  const std::byte *from = input.bytes();
  std::byte *to = values.bytes();
  for (int64_t o = 0; o < outer && inner; ++o)
    for (int64_t slice : kept) {
      std::memcpy(to, from + ((o * size + slice) * inner) * elementBytes,
                  inner * elementBytes);
      to += inner * elementBytes;
    }
  Tensor dims = context.makeResult(1);
  if (axis) {
    for (size_t d = 0; d < shape.size(); ++d)
      dims.setInt(d, static_cast<int64_t>(d) == *axis ? count : shape[d]);
  } else {
    dims.setInt(0, count);
  }
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// -1, 0 or 1 as element `a` of `x` is below, equal to or above element
/// `b`: floats by value with every NaN equal and above all numbers,
/// integers exactly.
int compareElements(const Tensor &x, int64_t a, int64_t b) {
  if (x.dtype() == DType::F32 || x.dtype() == DType::F64) {
    double u = x.getDouble(a), v = x.getDouble(b);
    if (std::isnan(u) || std::isnan(v))
      return std::isnan(u) == std::isnan(v) ? 0 : std::isnan(u) ? 1 : -1;
    return u < v ? -1 : u > v ? 1 : 0;
  }
  if (isUnsigned(x.dtype())) {
    auto u = static_cast<uint64_t>(x.getInt(a)),
         v = static_cast<uint64_t>(x.getInt(b));
    return u < v ? -1 : u > v ? 1 : 0;
  }
  int64_t u = x.getInt(a), v = x.getInt(b);
  return u < v ? -1 : u > v ? 1 : 0;
}

KernelResult unique(const KernelContext &context, UniqueOp op,
                    const Tensor &input) {
  const Shape &shape = input.shape();
  int64_t outer = 1, slices = input.numElements(), inner = 1;
  std::optional<int64_t> axis;
  if (std::optional<uint64_t> attr = op.getAxis()) {
    axis = static_cast<int64_t>(*attr);
    slices = shape[*axis];
    for (int64_t d = 0; d < *axis; ++d)
      outer *= shape[d];
    for (size_t d = *axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  }
  // Slice s is the elements (o, s, i) for every o, then i: compared in that
  // order, lexicographically.
  auto compareSlices = [&](int64_t a, int64_t b) {
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i)
        if (int c = compareElements(input, (o * slices + a) * inner + i,
                                    (o * slices + b) * inner + i))
          return c;
    return 0;
  };
  // The distinct slices by their first position: each slice is compared
  // with the distinct ones found before it.
  std::vector<int64_t> firsts, counts, inverse(slices);
  for (int64_t s = 0; s < slices; ++s) {
    int64_t found = -1;
    for (size_t u = 0; u < firsts.size() && found < 0; ++u)
      if (compareSlices(firsts[u], s) == 0)
        found = static_cast<int64_t>(u);
    if (found < 0) {
      found = static_cast<int64_t>(firsts.size());
      firsts.push_back(s);
      counts.push_back(0);
    }
    ++counts[found];
    inverse[s] = found;
  }
  // The output order: first occurrence, or ascending.
  std::vector<int64_t> order(firsts.size());
  std::iota(order.begin(), order.end(), 0);
  if (op.getSorted())
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return compareSlices(firsts[a], firsts[b]) < 0;
    });
  std::vector<int64_t> rank(order.size());
  for (size_t k = 0; k < order.size(); ++k)
    rank[order[k]] = static_cast<int64_t>(k);
  int64_t count = static_cast<int64_t>(order.size());

  Tensor values = context.makeResult(0);
  size_t elementBytes = dtypeSize(input.dtype());
  if (outer * count * inner > values.numElements() ||
      dtypeSize(values.dtype()) != elementBytes)
    return kernelError("unique result above its bound");
  // values has the input's layout with the axis cut to `count`.
  for (int64_t o = 0; o < outer && inner; ++o)
    for (int64_t k = 0; k < count; ++k)
      std::memcpy(values.bytes() + ((o * count + k) * inner) * elementBytes,
                  input.bytes() +
                      ((o * slices + firsts[order[k]]) * inner) * elementBytes,
                  inner * elementBytes);
  Tensor dims = context.makeResult(1);
  if (axis) {
    for (size_t d = 0; d < shape.size(); ++d)
      dims.setInt(d, static_cast<int64_t>(d) == *axis ? count : shape[d]);
  } else {
    dims.setInt(0, count);
  }
  Tensor indices = context.makeResult(2);
  Tensor inverseTensor = context.makeResult(3);
  Tensor countTensor = context.makeResult(4);
  for (int64_t k = 0; k < count; ++k) {
    indices.setInt(k, firsts[order[k]]);
    countTensor.setInt(k, counts[order[k]]);
  }
  for (int64_t s = 0; s < slices; ++s)
    inverseTensor.setInt(s, rank[inverse[s]]);
  Tensor countDims = context.makeResult(5);
  countDims.setInt(0, count);
  return std::vector<Tensor>{std::move(values),        std::move(dims),
                             std::move(indices),       std::move(inverseTensor),
                             std::move(countTensor),   std::move(countDims)};
}

/// A box as its lower and upper corner, whatever corners it was given by.
struct Box {
  double yMin, xMin, yMax, xMax;
};

Box boxAt(const Tensor &boxes, int64_t at, bool centered) {
  double a = boxes.getDouble(at), b = boxes.getDouble(at + 1),
         c = boxes.getDouble(at + 2), d = boxes.getDouble(at + 3);
  if (centered) // x_center, y_center, width, height
    return {b - d / 2, a - c / 2, b + d / 2, a + c / 2};
  return {std::min(a, c), std::min(b, d), std::max(a, c), std::max(b, d)};
}

/// Whether `a` and `b` overlap by more than `threshold` in intersection
/// over union (never for boxes without area or without an intersection).
bool overlaps(const Box &a, const Box &b, double threshold) {
  double yMin = std::max(a.yMin, b.yMin), yMax = std::min(a.yMax, b.yMax);
  double xMin = std::max(a.xMin, b.xMin), xMax = std::min(a.xMax, b.xMax);
  if (yMax <= yMin || xMax <= xMin)
    return false;
  double areaA = (a.yMax - a.yMin) * (a.xMax - a.xMin);
  double areaB = (b.yMax - b.yMin) * (b.xMax - b.xMin);
  if (areaA <= 0 || areaB <= 0)
    return false;
  double intersection = (yMax - yMin) * (xMax - xMin);
  double unionArea = areaA + areaB - intersection;
  return unionArea > 0 && intersection / unionArea > threshold;
}

KernelResult nonMaxSuppression(const KernelContext &context,
                               NonMaxSuppressionOp op,
                               ArrayRef<Tensor> operands) {
  const Tensor &boxes = operands[0], &scores = operands[1];
  int64_t batches = scores.shape()[0], classes = scores.shape()[1],
          count = scores.shape()[2];
  int64_t limit = operands[2].getInt(0);
  double iou = operands[3].getDouble(0);
  std::optional<double> threshold;
  if (operands.size() > 4)
    threshold = operands[4].getDouble(0);
  bool centered = op.getCenterPointBox() == 1;
  std::vector<int64_t> rows;
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t c = 0; c < classes; ++c) {
      // The candidates by decreasing score, equal scores by index.
      std::vector<int64_t> candidates;
      for (int64_t i = 0; i < count; ++i) {
        double score = scores.getDouble((b * classes + c) * count + i);
        if (!threshold || score > *threshold)
          candidates.push_back(i);
      }
      std::stable_sort(candidates.begin(), candidates.end(),
                       [&](int64_t x, int64_t y) {
                         return scores.getDouble((b * classes + c) * count +
                                                 x) >
                                scores.getDouble((b * classes + c) * count + y);
                       });
      std::vector<Box> kept;
      for (int64_t i : candidates) {
        if (static_cast<int64_t>(kept.size()) >= limit)
          break;
        Box box = boxAt(boxes, (b * count + i) * 4, centered);
        if (std::any_of(kept.begin(), kept.end(), [&](const Box &other) {
              return overlaps(other, box, iou);
            }))
          continue;
        kept.push_back(box);
        rows.insert(rows.end(), {b, c, i});
      }
    }
  Tensor selected = context.makeResult(0);
  if (static_cast<int64_t>(rows.size()) > selected.numElements())
    return kernelError("non_max_suppression result above its bound");
  for (size_t i = 0; i < rows.size(); ++i)
    selected.setInt(static_cast<int64_t>(i), rows[i]);
  Tensor dims = context.makeResult(1);
  dims.setInt(0, static_cast<int64_t>(rows.size() / 3));
  dims.setInt(1, 3);
  return std::vector<Tensor>{std::move(selected), std::move(dims)};
}

/// ONNX Reshape to the run-time `shape`: the input's bytes unchanged and
/// the resolved shape (0 copies the input's dimension unless allowzero, one
/// -1 is inferred); an invalid shape is an error.
KernelResult reshapeToShape(const KernelContext &context, ReshapeToShapeOp op,
                            const Tensor &input, const Tensor &shape) {
  const Shape &inputShape = input.shape();
  bool allowZero = op.getAllowzero();
  int64_t rank = shape.numElements();
  Shape resolved;
  std::optional<int64_t> minusOne;
  bool zero = false;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = shape.getInt(d);
    if (size == -1) {
      if (minusOne)
        return kernelError("the shape has two -1 entries (" +
                           llvm::Twine(*minusOne) + " and " + llvm::Twine(d) +
                           ")");
      minusOne = d;
    } else if (size < -1) {
      return kernelError("shape entry " + llvm::Twine(d) + " is " +
                         llvm::Twine(size));
    } else if (size == 0 && !allowZero) {
      if (d >= static_cast<int64_t>(inputShape.size()))
        return kernelError("shape entry " + llvm::Twine(d) +
                           " is 0 but the input has rank " +
                           llvm::Twine(inputShape.size()));
      size = inputShape[d];
    } else if (size == 0) {
      zero = true;
    }
    resolved.push_back(size);
  }
  if (zero && minusOne)
    return kernelError("with allowzero the shape cannot hold both 0 and -1");
  int64_t numel = input.numElements();
  // Products in unsigned 128 bits: no entry overflows them.
  auto product = [&](std::optional<int64_t> skip) {
    unsigned __int128 count = 1;
    for (int64_t d = 0; d < rank; ++d)
      if (d != skip) {
        count *= static_cast<uint64_t>(resolved[d]);
        if (count > static_cast<uint64_t>(numel))
          count = static_cast<uint64_t>(numel) + 1;
      }
    return static_cast<int64_t>(count);
  };
  if (minusOne) {
    int64_t known = product(minusOne);
    if (known == 0 || numel % known != 0)
      return kernelError("cannot infer the -1 of the shape: " +
                         llvm::Twine(numel) + " elements do not divide into " +
                         llvm::Twine(known));
    resolved[*minusOne] = numel / known;
  }
  int64_t count = product(std::nullopt);
  if (count != numel)
    return kernelError("the shape has " + llvm::Twine(count) +
                       " elements but the input has " + llvm::Twine(numel));
  int64_t bound = ReshapeToShapeOp::dimBound(
      cast<RankedTensorType>(op.getInput().getType()));
  for (int64_t d = 0; d < rank; ++d)
    if (resolved[d] > bound)
      return kernelError("shape entry " + llvm::Twine(d) + " is " +
                         llvm::Twine(resolved[d]) + ", above its bound " +
                         llvm::Twine(bound) +
                         " (the input's largest dimension when it is empty)");
  Tensor values = context.makeResult(0);
  if (values.numElements() != std::max<int64_t>(numel, 1))
    return kernelError("reshape_to_shape result is not the input's size");
  if (input.byteSize())
    std::memcpy(values.bytes(), input.bytes(), input.byteSize());
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, resolved[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

} // namespace

void registerDataShapedKernels(KernelRegistry &registry) {
  registry.add<ReshapeToShapeOp>([](const KernelContext &context,
                                    ArrayRef<Tensor> operands) -> KernelResult {
    return reshapeToShape(context, cast<ReshapeToShapeOp>(context.getOp()),
                          operands[0], operands[1]);
  });
  registry.add<UniqueOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    return unique(context, cast<UniqueOp>(context.getOp()), operands[0]);
  });
  registry.add<NonMaxSuppressionOp>(
      [](const KernelContext &context,
         ArrayRef<Tensor> operands) -> KernelResult {
        return nonMaxSuppression(
            context, cast<NonMaxSuppressionOp>(context.getOp()), operands);
      });
  registry.add<NonZeroOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    return nonZero(context, operands[0]);
  });
  registry.add<CompressOp>([](const KernelContext &context,
                              ArrayRef<Tensor> operands) -> KernelResult {
    return compress(context, cast<CompressOp>(context.getOp()), operands[0],
                    operands[1]);
  });
}

} // namespace loom::eval
