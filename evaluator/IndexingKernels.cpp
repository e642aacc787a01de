//===- IndexingKernels.cpp - Kernels of gathers, scatters and resize ---------===//
//
// Part of the Loom project.
//
// Gathers copy element bytes and so work for every dtype. Scatters apply
// their updates in row-major order of the updates, so that duplicate indices
// have one defined outcome (the last update wins without a reduction).
// Resize computes coordinates and weights in f64 and interpolates in the
// compute type.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"
#include "evaluator/ResizeCoordinates.h"

#include "ir/LoomOps.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;

namespace loom::eval {
namespace {

//===----------------------------------------------------------------------===//
// Index helpers
//===----------------------------------------------------------------------===//

/// Index `index` into dimension `dim` of size `size`, negative counting from
/// the end; an error when it lands outside the dimension.
llvm::Expected<int64_t> normalizeIndex(int64_t index, int64_t dim,
                                       int64_t size) {
  int64_t normalized = index < 0 ? index + size : index;
  if (normalized < 0 || normalized >= size)
    return kernelError("index " + llvm::Twine(index) +
                       " is out of range for dimension " + llvm::Twine(dim) +
                       " of size " + llvm::Twine(size));
  return normalized;
}

/// Every element of `indices` normalized against dimension `dim` of `shape`.
llvm::Expected<std::vector<int64_t>>
normalizeAll(const Tensor &indices, int64_t dim, const Shape &shape) {
  std::vector<int64_t> positions(indices.numElements());
  for (int64_t i = 0; i < indices.numElements(); ++i) {
    llvm::Expected<int64_t> position =
        normalizeIndex(indices.getInt(i), dim, shape[dim]);
    if (!position)
      return position.takeError();
    positions[i] = *position;
  }
  return positions;
}

/// The product of `shape[begin, end)`.
int64_t product(const Shape &shape, size_t begin, size_t end) {
  int64_t result = 1;
  for (size_t dim = begin; dim < end; ++dim)
    result *= shape[dim];
  return result;
}

/// The offset (in elements) of the slice that the index tuple starting at
/// element `first` of `indices` selects in dimensions [begin, begin + k) of
/// `shape`, whose strides are `strides`.
llvm::Expected<int64_t> tupleOffset(const Tensor &indices, int64_t first,
                                    int64_t k, const Shape &shape,
                                    const Shape &strides, int64_t begin) {
  int64_t offset = 0;
  for (int64_t j = 0; j < k; ++j) {
    llvm::Expected<int64_t> position =
        normalizeIndex(indices.getInt(first + j), begin + j, shape[begin + j]);
    if (!position)
      return position.takeError();
    offset += *position * strides[begin + j];
  }
  return offset;
}

/// gather_elements and scatter index `data` with positions of a tensor as
/// large as `data` or smaller, except along `axis`. The verifier checks this
/// on static types; it is checked again here because reads depend on it.
llvm::Error checkAlongAxis(const Shape &data, const Shape &indices,
                           int64_t axis) {
  if (data.size() != indices.size())
    return kernelError("indices has rank " + llvm::Twine(indices.size()) +
                       " but data has rank " + llvm::Twine(data.size()));
  for (size_t dim = 0; dim < data.size(); ++dim)
    if (static_cast<int64_t>(dim) != axis && indices[dim] > data[dim])
      return kernelError("indices dimension " + llvm::Twine(dim) +
                         " has size " + llvm::Twine(indices[dim]) +
                         " but data's has only " + llvm::Twine(data[dim]));
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

llvm::Expected<Tensor> gather(const KernelContext &context, const Tensor &data,
                              const Tensor &indices, int64_t axis) {
  Tensor result = context.makeResult();
  const Shape &shape = data.shape();
  // Viewed as [outer, axisSize, inner] and the result as
  // [outer, indexCount, inner].
  int64_t outer = product(shape, 0, axis);
  int64_t inner = product(shape, axis + 1, shape.size());
  int64_t axisSize = shape[axis];
  int64_t indexCount = indices.numElements();
  size_t rowBytes = inner * dtypeSize(data.dtype());
  for (int64_t i = 0; i < indexCount; ++i) {
    llvm::Expected<int64_t> position =
        normalizeIndex(indices.getInt(i), axis, axisSize);
    if (!position)
      return position.takeError();
    for (int64_t o = 0; o < outer; ++o)
      std::memcpy(result.bytes() + (o * indexCount + i) * rowBytes,
                  data.bytes() + (o * axisSize + *position) * rowBytes,
                  rowBytes);
  }
  return result;
}

llvm::Expected<Tensor> gatherElements(const KernelContext &context,
                                      const Tensor &data, const Tensor &indices,
                                      int64_t axis) {
  if (llvm::Error error = checkAlongAxis(data.shape(), indices.shape(), axis))
    return std::move(error);
  llvm::Expected<std::vector<int64_t>> positions =
      normalizeAll(indices, axis, data.shape());
  if (!positions)
    return positions.takeError();
  Tensor result = context.makeResult();
  Shape strides = rowMajorStrides(data.shape());
  size_t elementSize = dtypeSize(data.dtype());
  forEachIndex(indices.shape(), [&](int64_t linear, const Shape &index) {
    int64_t offset = offsetOf(index, strides) +
                     ((*positions)[linear] - index[axis]) * strides[axis];
    std::memcpy(result.bytes() + linear * elementSize,
                data.bytes() + offset * elementSize, elementSize);
  });
  return result;
}

/// Tuples of `indices` select slices of data dimensions
/// [batchDims + k, rank) within their batch; results are
/// [batch, tuple, slice] in row-major order.
llvm::Expected<Tensor> gatherNd(const KernelContext &context,
                                const Tensor &data, const Tensor &indices,
                                int64_t batchDims) {
  const Shape &dataShape = data.shape();
  const Shape &indexShape = indices.shape();
  for (int64_t dim = 0; dim < batchDims; ++dim)
    if (dataShape[dim] != indexShape[dim])
      return kernelError("batch dimension " + llvm::Twine(dim) + " has size " +
                         llvm::Twine(dataShape[dim]) + " in data but " +
                         llvm::Twine(indexShape[dim]) + " in indices");
  int64_t k = indexShape.back();
  int64_t batches = product(indexShape, 0, batchDims);
  int64_t tuples = product(indexShape, batchDims, indexShape.size() - 1);
  int64_t batchSize = product(dataShape, batchDims, dataShape.size());
  int64_t slice = product(dataShape, batchDims + k, dataShape.size());
  Shape strides = rowMajorStrides(dataShape);
  size_t sliceBytes = slice * dtypeSize(data.dtype());

  Tensor result = context.makeResult();
  for (int64_t batch = 0; batch < batches; ++batch) {
    for (int64_t tuple = 0; tuple < tuples; ++tuple) {
      int64_t position = batch * tuples + tuple;
      llvm::Expected<int64_t> offset =
          tupleOffset(indices, position * k, k, dataShape, strides, batchDims);
      if (!offset)
        return offset.takeError();
      std::memcpy(result.bytes() + position * sliceBytes,
                  data.bytes() +
                      (batch * batchSize + *offset) * dtypeSize(data.dtype()),
                  sliceBytes);
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Scatters
//===----------------------------------------------------------------------===//


/// `update` combined into `element` by `reduction`; integers wrap.
template <typename T>
T combine(ScatterReduction reduction, T element, T update) {
  using W = WrapType<T>;
  switch (reduction) {
  case ScatterReduction::none:
    return update;
  case ScatterReduction::add:
    return static_cast<T>(static_cast<W>(element) + static_cast<W>(update));
  case ScatterReduction::mul:
    return static_cast<T>(static_cast<W>(element) * static_cast<W>(update));
  case ScatterReduction::max:
    return nanMaximum(element, update);
  case ScatterReduction::min:
    return nanMinimum(element, update);
  }
  return update;
}

/// A copy of `data` (already in the result's compute dtype) to scatter into.
llvm::Expected<Tensor> scatterTarget(const KernelContext &context,
                                     const Tensor &data,
                                     ScatterReduction reduction) {
  if (reduction != ScatterReduction::none && data.dtype() == DType::I1)
    return kernelError("reduction " + stringifyScatterReduction(reduction) +
                       " needs numbers, but the elements are i1");
  Tensor result = context.makeResult();
  // An empty tensor has no buffer, and memcpy's pointers must not be null.
  if (data.byteSize() != 0)
    std::memcpy(result.bytes(), data.bytes(), data.byteSize());
  return result;
}

llvm::Expected<Tensor> scatter(const KernelContext &context, const Tensor &data,
                               const Tensor &indices, const Tensor &updates,
                               int64_t axis, ScatterReduction reduction) {
  if (llvm::Error error = checkAlongAxis(data.shape(), indices.shape(), axis))
    return std::move(error);
  if (updates.shape() != indices.shape())
    return kernelError("updates and indices differ in shape");
  llvm::Expected<std::vector<int64_t>> positions =
      normalizeAll(indices, axis, data.shape());
  if (!positions)
    return positions.takeError();
  llvm::Expected<Tensor> result = scatterTarget(context, data, reduction);
  if (!result)
    return result.takeError();
  Shape strides = rowMajorStrides(data.shape());
  dispatchAny(result->dtype(), [&](auto tag) {
    using T = decltype(tag);
    T *out = result->template data<T>();
    const T *in = updates.data<T>();
    forEachIndex(updates.shape(), [&](int64_t linear, const Shape &index) {
      int64_t target = offsetOf(index, strides) +
                       ((*positions)[linear] - index[axis]) * strides[axis];
      out[target] = combine(reduction, out[target], in[linear]);
    });
  });
  return result;
}

llvm::Expected<Tensor> scatterNd(const KernelContext &context,
                                 const Tensor &data, const Tensor &indices,
                                 const Tensor &updates,
                                 ScatterReduction reduction) {
  const Shape &dataShape = data.shape();
  int64_t k = indices.shape().back();
  int64_t tuples = product(indices.shape(), 0, indices.shape().size() - 1);
  int64_t slice = product(dataShape, k, dataShape.size());
  if (updates.numElements() != tuples * slice)
    return kernelError("updates has " + llvm::Twine(updates.numElements()) +
                       " elements but indices and data require " +
                       llvm::Twine(tuples * slice));
  llvm::Expected<Tensor> result = scatterTarget(context, data, reduction);
  if (!result)
    return result.takeError();
  Shape strides = rowMajorStrides(dataShape);
  // Every tuple is checked before the first write; the order of the writes
  // is then that of the updates, row-major.
  std::vector<int64_t> offsets(tuples);
  for (int64_t tuple = 0; tuple < tuples; ++tuple) {
    llvm::Expected<int64_t> offset =
        tupleOffset(indices, tuple * k, k, dataShape, strides, 0);
    if (!offset)
      return offset.takeError();
    offsets[tuple] = *offset;
  }
  dispatchAny(result->dtype(), [&](auto tag) {
    using T = decltype(tag);
    T *out = result->template data<T>();
    const T *in = updates.data<T>();
    for (int64_t tuple = 0; tuple < tuples; ++tuple)
      for (int64_t i = 0; i < slice; ++i) {
        T &element = out[offsets[tuple] + i];
        element = combine(reduction, element, in[tuple * slice + i]);
      }
  });
  return result;
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

llvm::Expected<Tensor> resize(const KernelContext &context, ResizeOp op,
                              const Tensor &input) {
  Tensor result = context.makeResult();
  const Shape &inShape = input.shape();
  const Shape &outShape = result.shape();
  if (result.numElements() == 0)
    return result;
  size_t rank = inShape.size();
  ArrayRef<double> scales = op.getScales();
  if (outShape.size() != rank || scales.size() != rank)
    return kernelError("input, result and scales differ in rank");
  bool linear = op.getMode() == ResizeMode::linear;
  Shape strides = rowMajorStrides(inShape);

  std::vector<std::vector<ResizeTap>> taps(rank);
  for (size_t dim = 0; dim < rank; ++dim) {
    int64_t in = inShape[dim], out = outShape[dim];
    if (in == 0)
      return kernelError("cannot resize dimension " + llvm::Twine(dim) +
                         " of size 0 to size " + llvm::Twine(out));
    for (int64_t x = 0; x < out; ++x) {
      ResizeTap tap = resizeTap(op, dim, in, out, x);
      // From here on the taps hold element offsets.
      tap.lower *= strides[dim];
      tap.upper *= strides[dim];
      taps[dim].push_back(tap);
    }
  }

  if (!linear) {
    size_t elementSize = dtypeSize(input.dtype());
    forEachIndex(outShape, [&](int64_t linearIndex, const Shape &index) {
      int64_t offset = 0;
      for (size_t dim = 0; dim < rank; ++dim)
        offset += taps[dim][index[dim]].lower;
      std::memcpy(result.bytes() + linearIndex * elementSize,
                  input.bytes() + offset * elementSize, elementSize);
    });
    return result;
  }

  dispatchFloat(result.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *in = input.data<T>();
    T *out = result.data<T>();
    forEachIndex(outShape, [&](int64_t linearIndex, const Shape &index) {
      // Corners in row-major order: bit (rank - 1 - dim) of `corner` picks
      // the upper neighbour of dimension `dim`.
      T sum = 0;
      bool first = true;
      for (uint64_t corner = 0; corner < (uint64_t(1) << rank); ++corner) {
        double weight = 1;
        int64_t offset = 0;
        for (size_t dim = 0; dim < rank && weight != 0; ++dim) {
          const ResizeTap &tap = taps[dim][index[dim]];
          bool upper = (corner >> (rank - 1 - dim)) & 1;
          weight *= upper ? tap.weight : 1 - tap.weight;
          offset += upper ? tap.upper : tap.lower;
        }
        if (weight == 0)
          continue;
        T term = static_cast<T>(weight) * in[offset];
        sum = first ? term : sum + term;
        first = false;
      }
      out[linearIndex] = sum;
    });
  });
  return result;
}

} // namespace

void registerIndexingKernels(KernelRegistry &registry) {
  registry.add<GatherOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<GatherOp>(context.getOp());
    return single(gather(context, operands[0], operands[1], op.getAxis()));
  });
  registry.add<GatherElementsOp>([](const KernelContext &context,
                                    ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<GatherElementsOp>(context.getOp());
    return single(
        gatherElements(context, operands[0], operands[1], op.getAxis()));
  });
  registry.add<GatherNdOp>([](const KernelContext &context,
                              ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<GatherNdOp>(context.getOp());
    return single(
        gatherNd(context, operands[0], operands[1], op.getBatchDims()));
  });
  registry.add<ScatterOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ScatterOp>(context.getOp());
    return single(scatter(context, operands[0], operands[1], operands[2],
                          op.getAxis(), op.getReduction()));
  });
  registry.add<ScatterNdOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ScatterNdOp>(context.getOp());
    return single(scatterNd(context, operands[0], operands[1], operands[2],
                            op.getReduction()));
  });
  registry.add<ResizeOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    return single(
        resize(context, cast<ResizeOp>(context.getOp()), operands[0]));
  });
}

} // namespace loom::eval
