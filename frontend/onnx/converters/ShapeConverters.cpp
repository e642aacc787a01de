//===- ShapeConverters.cpp - ONNX constants, shapes and data movement --------===//
//
// Part of the Loom project.
//
// Ops that generate, inspect or rearrange tensors without arithmetic on their
// elements. Everything that decides a shape (Reshape's shape, Slice's
// starts, Pad's pads, ...) must be known at compile time: Loom compiles
// static shapes, and the NodeContext folds ops on constants as they are
// built, so Shape -> Gather -> Unsqueeze -> Concat -> Reshape chains arrive
// here as constants. Shape and Size therefore always produce constants.
//
// Negative axes became official in ONNX opset 11 for most of these ops; they
// are accepted at every opset, since their meaning is unambiguous and older
// runtimes accept them too.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/TensorProto.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "llvm/Support/CheckedArithmetic.h"
#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>

using namespace mlir;

namespace loom::onnx_import {
namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Input `index` when it has a static shape; otherwise records why not and
/// returns null.
RankedTensorType staticInputType(NodeContext &node, size_t index) {
  RankedTensorType type = node.inputType(index);
  if (!type) {
    (void)node.fail("input " + Twine(index) + " is missing");
    return {};
  }
  if (!type.hasStaticShape()) {
    (void)node.fail("input " + Twine(index) + " ('" +
                    node.node().input(static_cast<int>(index)) +
                    "') must have a static shape");
    return {};
  }
  return type;
}

/// Each axis made non-negative; duplicates are refused.
std::optional<SmallVector<int64_t>>
normalizeAxes(NodeContext &node, ArrayRef<int64_t> axes, int64_t rank,
              StringRef what) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    std::optional<int64_t> normalized = node.normalizeAxis(axis, rank, what);
    if (!normalized)
      return std::nullopt;
    if (llvm::is_contained(result, *normalized)) {
      (void)node.fail(what + " " + Twine(axis) + " is given twice");
      return std::nullopt;
    }
    result.push_back(*normalized);
  }
  return result;
}

/// The number of elements of `shape`; fails on a negative size or when the
/// count does not fit in int64.
std::optional<int64_t> elementCount(NodeContext &node, ArrayRef<int64_t> shape,
                                    StringRef what) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0) {
      (void)node.fail(what + " has the negative size " + Twine(dim));
      return std::nullopt;
    }
    std::optional<int64_t> product = llvm::checkedMul(count, dim);
    if (!product) {
      (void)node.fail(what + " has more elements than int64 can count");
      return std::nullopt;
    }
    count = *product;
  }
  return count;
}

std::string formatDouble(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

Value reshape(NodeContext &node, Value value, ArrayRef<int64_t> shape) {
  if (!value)
    return {};
  auto type = cast<RankedTensorType>(value.getType());
  return node.createTyped<ReshapeOp>(type.clone(shape), value);
}

/// A 1-D i64 constant.
Value i64Constant(NodeContext &node, ArrayRef<int64_t> values) {
  Tensor tensor(DType::I64, {static_cast<int64_t>(values.size())});
  for (auto [index, value] : llvm::enumerate(values))
    tensor.setInt(static_cast<int64_t>(index), value);
  return node.constant(tensor);
}

/// A compile-time int64 scalar input (Trilu's k, ...).
std::optional<int64_t> intScalarInput(NodeContext &node, size_t index,
                                      StringRef what) {
  std::optional<std::vector<int64_t>> values = node.intsInput(index, what);
  if (!values)
    return std::nullopt;
  if (values->size() != 1) {
    (void)node.fail("input " + Twine(index) + " (" + what +
                    ") must hold one value, not " + Twine(values->size()));
    return std::nullopt;
  }
  return values->front();
}

/// Axes of Squeeze and Unsqueeze: an attribute before opset 13, an input
/// from 13 on. Nullopt without a failure when they are absent.
std::optional<std::vector<int64_t>> axesOperand(NodeContext &node) {
  if (node.opset() < 13) {
    if (!node.hasAttribute("axes"))
      return std::nullopt;
    return node.intsAttr("axes");
  }
  if (!node.hasInput(1))
    return std::nullopt;
  return node.intsInput(1, "axes");
}

//===----------------------------------------------------------------------===//
// Constants and shape queries
//===----------------------------------------------------------------------===//

/// Constant: exactly one of value (all opsets), sparse_value (11+) or
/// value_float(s) / value_int(s) / value_string(s) (12+).
LogicalResult convertConstant(NodeContext &node) {
  if (node.node().attribute_size() != 1)
    return node.fail("needs exactly one value attribute, has " +
                     Twine(node.node().attribute_size()));
  const onnx::AttributeProto &attr = node.node().attribute(0);
  StringRef name = attr.name();
  if (name == "value") {
    std::optional<Tensor> value = node.tensorAttr("value");
    if (!value)
      return failure();
    return node.setResults({node.constant(*value)});
  }
  if (name == "value_float")
    return node.setResults(
        {node.constant(Tensor::fromDoubles(DType::F32, {}, {attr.f()}))});
  if (name == "value_floats") {
    std::vector<double> values(attr.floats().begin(), attr.floats().end());
    return node.setResults({node.constant(Tensor::fromDoubles(
        DType::F32, {static_cast<int64_t>(values.size())}, values))});
  }
  if (name == "value_int") {
    Tensor tensor(DType::I64, {});
    tensor.setInt(0, attr.i());
    return node.setResults({node.constant(tensor)});
  }
  if (name == "value_ints") {
    std::vector<int64_t> values(attr.ints().begin(), attr.ints().end());
    return node.setResults({i64Constant(node, values)});
  }
  if (name == "sparse_value")
    return node.fail("the 'sparse_value' form (a sparse tensor) is not "
                     "supported");
  if (name == "value_string" || name == "value_strings")
    return node.fail("the '" + name + "' form is not supported: Loom has "
                     "no string tensors");
  return node.fail("unknown attribute '" + name + "'");
}

/// Shape: the input's static shape as an i64 constant; from opset 15 the
/// dimensions [start, end), each counted from the back when negative and
/// clamped to [0, rank].
LogicalResult convertShape(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  int64_t start = 0, end = rank;
  if (node.opset() >= 15) {
    auto clampToRank = [&](int64_t index) {
      if (index < 0)
        index += rank;
      return std::clamp<int64_t>(index, 0, rank);
    };
    start = clampToRank(node.intAttr("start", 0));
    end = node.hasAttribute("end") ? clampToRank(node.intAttr("end", rank))
                                   : rank;
  }
  ArrayRef<int64_t> dims = type.getShape();
  return node.setResults({i64Constant(
      node, end > start ? dims.slice(start, end - start) : ArrayRef<int64_t>())});
}

LogicalResult convertSize(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  Tensor size(DType::I64, {});
  size.setInt(0, type.getNumElements());
  return node.setResults({node.constant(size)});
}

/// ConstantOfShape's `value` attribute (default f32 0) as a rank-0 tensor.
std::optional<Tensor> constantOfShapeValue(NodeContext &node) {
  Tensor scalar(DType::F32, {});
  if (!node.hasAttribute("value"))
    return scalar;
  std::optional<Tensor> value = node.tensorAttr("value");
  if (!value)
    return std::nullopt;
  if (value->numElements() != 1) {
    (void)node.fail("attribute 'value' must hold one element, not " +
                    Twine(value->numElements()));
    return std::nullopt;
  }
  scalar = Tensor(value->dtype(), {});
  std::memcpy(scalar.bytes(), value->bytes(), dtypeSize(value->dtype()));
  return scalar;
}

/// ConstantOfShape whose shape is only known at run time: a data-shaped
/// result (docs/dynamic-shapes.md), each dimension bounded by --max-dim.
LogicalResult convertRuntimeConstantOfShape(NodeContext &node,
                                            const Tensor &scalar) {
  auto shapeType = dyn_cast<RankedTensorType>(node.input(0).getType());
  if (!shapeType || shapeType.getRank() != 1 || !shapeType.hasStaticShape() ||
      !isa<IntegerType>(shapeType.getElementType()))
    return node.fail("input 0 (shape, '" + node.node().input(0) +
                     "') is given at run time; it must then be a rank-1 "
                     "integer tensor of static length");
  Value element = node.constant(scalar);
  int64_t rank = shapeType.getDimSize(0);
  if (rank == 0) // the shape of a scalar, whatever the run gives
    return node.setResults({element});
  std::optional<int64_t> bound = node.runTimeDimBound({{0, "shape"}}, rank);
  if (!bound)
    return failure();
  auto valueType = cast<RankedTensorType>(element.getType());
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<ConstantOfShapeOp>(
      none, none, castTo(node, node.input(0), node.builder().getI64Type()),
      eval::attrFromTensor(scalar, valueType),
      node.builder().getI64IntegerAttr(*bound));
  if (results.size() != 2)
    return failure();
  SmallVector<int64_t> bounds(rank, *bound);
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds)});
}

/// ConstantOfShape (opset 9): a one-element `value` (default f32 0)
/// broadcast to the shape given by the constant input.
LogicalResult convertConstantOfShape(NodeContext &node) {
  std::optional<Tensor> scalar = constantOfShapeValue(node);
  if (!scalar)
    return failure();
  if (node.hasInput(0) && !node.constantInput(0))
    return convertRuntimeConstantOfShape(node, *scalar);
  std::optional<std::vector<int64_t>> shape = node.intsInput(0, "shape");
  if (!shape || !elementCount(node, *shape, "the shape"))
    return failure();
  Value element = node.constant(*scalar);
  if (shape->empty())
    return node.setResults({element});
  auto type = cast<RankedTensorType>(element.getType()).clone(*shape);
  return node.setResults({node.createTyped<BroadcastToOp>(type, element)});
}

/// Range whose start, limit or delta is only known at run time: a
/// data-shaped result (docs/dynamic-shapes.md) of at most --max-dim
/// elements.
LogicalResult convertRuntimeRange(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  for (int index = 0; index < 3; ++index)
    if (!type || type.getRank() != 0 || node.inputType(index) != type)
      return node.fail("start, limit and delta must be scalars of one type");
  SmallVector<std::pair<int, StringRef>> runTime;
  const char *names[] = {"start", "limit", "delta"};
  for (int index = 0; index < 3; ++index)
    if (!node.constantInput(index))
      runTime.push_back({index, StringRef(names[index])});
  std::optional<int64_t> bound = node.runTimeDimBound(runTime, 1);
  if (!bound)
    return failure();
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<RangeOp>(
      none, none, node.input(0), node.input(1), node.input(2),
      node.builder().getI64IntegerAttr(*bound));
  if (results.size() != 2)
    return failure();
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], {*bound})});
}

/// Range (opset 11): start + i * delta for i < max(ceil((limit - start) /
/// delta), 0). The count fixes the result's shape: with all three inputs
/// constants it is static, otherwise the result is data-shaped.
LogicalResult convertRange(NodeContext &node) {
  if (node.hasInput(0) && node.hasInput(1) && node.hasInput(2) &&
      (!node.constantInput(0) || !node.constantInput(1) ||
       !node.constantInput(2)))
    return convertRuntimeRange(node);
  // Every input that is not a constant is named, so that a caller able to
  // bind them (the conformance runner) learns all of them at once.
  std::optional<Tensor> bounds[3];
  const char *names[] = {"start", "limit", "delta"};
  std::string missing;
  for (size_t index = 0; index < 3; ++index) {
    bounds[index] = node.constantInput(index);
    if (bounds[index] && bounds[index]->numElements() == 1)
      continue;
    missing += (missing.empty() ? "" : "; ") + std::string("input ") +
               std::to_string(index) + " (" + names[index] + ", '" +
               node.node().input(static_cast<int>(index)) +
               "') must be a constant scalar computable at compile time";
  }
  if (!missing.empty())
    return node.fail(missing + ": the inputs decide the size of the result");
  RankedTensorType type = node.inputType(0);
  DType dtype = bounds[0]->dtype();
  if (bounds[1]->dtype() != dtype || bounds[2]->dtype() != dtype)
    return node.fail("start, limit and delta must have the same element type");
  int64_t count;
  if (isFloat(dtype)) {
    double start = bounds[0]->getDouble(0), limit = bounds[1]->getDouble(0);
    double delta = bounds[2]->getDouble(0);
    double steps = std::ceil((limit - start) / delta);
    if (delta == 0 || !std::isfinite(steps) || steps > 1e15)
      return node.fail("start " + formatDouble(start) + ", limit " +
                       formatDouble(limit) + " and delta " +
                       formatDouble(delta) +
                       " do not give a usable number of elements");
    count = std::max<int64_t>(static_cast<int64_t>(steps), 0);
  } else {
    int64_t start = bounds[0]->getInt(0), limit = bounds[1]->getInt(0);
    int64_t delta = bounds[2]->getInt(0);
    if (delta == 0)
      return node.fail("delta is 0");
    // ceil((limit - start) / delta) in 128 bits, so no bound overflows.
    __int128 span = static_cast<__int128>(limit) - start;
    __int128 quotient = span / delta;
    if (quotient * delta != span && (span > 0) == (delta > 0))
      ++quotient;
    if (quotient > std::numeric_limits<int64_t>::max())
      return node.fail("the range has more elements than int64 can count");
    count = static_cast<int64_t>(std::max<__int128>(quotient, 0));
  }
  Value index = node.createTyped<IotaOp>(type.clone({count}), uint64_t{0});
  Value scaled = node.create<MulOp>(index, node.input(2));
  return node.setResults({node.create<AddOp>(scaled, node.input(0))});
}

/// EyeLike (opset 9): ones where column - row == k in a 2-D tensor of the
/// input's shape, in `dtype` or the input's element type.
LogicalResult convertEyeLike(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  if (type.getRank() != 2)
    return node.fail("the input must be 2-D, not of rank " +
                     Twine(type.getRank()));
  Type elementType = type.getElementType();
  if (node.hasAttribute("dtype")) {
    int64_t onnxType = node.intAttr("dtype", 0);
    std::optional<DType> dtype = dtypeFromOnnx(static_cast<int>(onnxType));
    if (!dtype)
      return node.fail("dtype " + onnxTypeName(static_cast<int>(onnxType)) +
                       " is not supported");
    elementType = eval::elementTypeOf(node.context(), *dtype);
  }
  Builder &b = node.builder();
  auto indexType = type.clone(b.getI64Type());
  Value rows = node.createTyped<IotaOp>(indexType, uint64_t{0});
  Value columns = node.createTyped<IotaOp>(indexType, uint64_t{1});
  Value offset = node.create<SubOp>(columns, rows);
  Tensor k(DType::I64, {});
  k.setInt(0, node.intAttr("k", 0));
  Value onDiagonal = node.create<CompareOp>(ComparePredicate::eq, offset,
                                            node.constant(k));
  if (elementType == b.getI1Type())
    return node.setResults({onDiagonal});
  return node.setResults(
      {node.createTyped<CastOp>(type.clone(elementType), onDiagonal)});
}

//===----------------------------------------------------------------------===//
// Reshapes
//===----------------------------------------------------------------------===//

/// Reshape: the shape is a constant input (opset 5+); 0 copies the input's
/// size unless allowzero (opset 14), and one -1 takes what is left.
/// Reshape whose `shape` is only known at run time (a graph input, or
/// computed from one): a data-shaped result (docs/dynamic-shapes.md), the
/// input's elements flat with the shape the run resolves, each dimension up
/// to the element count; an invalid shape fails the run.
LogicalResult convertRuntimeReshape(NodeContext &node,
                                    RankedTensorType inputType) {
  auto shapeType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!shapeType || shapeType.getRank() != 1 || !shapeType.hasStaticShape() ||
      shapeType.getDimSize(0) < 1 ||
      !isa<IntegerType>(shapeType.getElementType()))
    return node.fail("input 1 (shape, '" + node.node().input(1) +
                     "') is given at run time; it must then be a rank-1 "
                     "integer tensor of static length 1 or more");
  Value shape = castTo(node, node.input(1), node.builder().getI64Type());
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<ReshapeToShapeOp>(
      none, none, node.input(0), shape,
      node.builder().getBoolAttr(node.intAttr("allowzero", 0) != 0));
  if (results.size() != 2)
    return failure();
  SmallVector<int64_t> bounds(shapeType.getDimSize(0),
                              ReshapeToShapeOp::dimBound(inputType));
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds)});
}

LogicalResult convertReshape(NodeContext &node) {
  RankedTensorType inputType = staticInputType(node, 0);
  if (inputType && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeReshape(node, inputType);
  std::optional<std::vector<int64_t>> shape = node.intsInput(1, "shape");
  if (!inputType || !shape)
    return failure();
  bool allowZero = node.intAttr("allowzero", 0) != 0;
  SmallVector<int64_t> dims;
  int64_t inferred = -1;
  bool hasZero = false;
  for (auto [index, dim] : llvm::enumerate(*shape)) {
    if (dim == 0 && !allowZero) {
      if (index >= static_cast<size_t>(inputType.getRank()))
        return node.fail("shape entry " + Twine(index) +
                         " is 0 but the input has rank " +
                         Twine(inputType.getRank()));
      dim = inputType.getDimSize(index);
    } else if (dim == 0) {
      hasZero = true;
    }
    if (dim == -1) {
      if (inferred >= 0)
        return node.fail("shape has more than one -1");
      inferred = index;
      dims.push_back(1);
      continue;
    }
    if (dim < 0)
      return node.fail("shape entry " + Twine(index) + " is " + Twine(dim));
    dims.push_back(dim);
  }
  if (allowZero && hasZero && inferred >= 0)
    return node.fail("with allowzero = 1 the shape cannot hold both 0 and -1");
  std::optional<int64_t> known = elementCount(node, dims, "the shape");
  if (!known)
    return failure();
  int64_t total = inputType.getNumElements();
  if (inferred >= 0) {
    if (*known == 0 || total % *known != 0)
      return node.fail("cannot infer the -1 in the shape: " + Twine(total) +
                       " elements do not divide into " + Twine(*known));
    dims[inferred] = total / *known;
  } else if (*known != total) {
    return node.fail("the shape has " + Twine(*known) +
                     " elements but the input has " + Twine(total));
  }
  return node.setResults({reshape(node, node.input(0), dims)});
}

/// Flatten: a 2-D tensor of the dimensions before `axis` (default 1, in
/// [-rank, rank]) and those from it on; axis 0 gives 1 x everything.
LogicalResult convertFlatten(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  int64_t axis = node.intAttr("axis", 1);
  if (axis < -rank || axis > rank)
    return node.fail("axis " + Twine(axis) + " is out of range for rank " +
                     Twine(rank));
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> dims = type.getShape();
  int64_t outer = std::accumulate(dims.begin(), dims.begin() + axis,
                                  int64_t{1}, std::multiplies<int64_t>());
  int64_t inner = std::accumulate(dims.begin() + axis, dims.end(), int64_t{1},
                                  std::multiplies<int64_t>());
  return node.setResults({reshape(node, node.input(0), {outer, inner})});
}

/// Squeeze: removes the listed size-1 dimensions, or every size-1
/// dimension when no axes are given.
LogicalResult convertSqueeze(NodeContext &node) {
  if (node.opset() >= 13 && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeAxes(node, RuntimeAxesOp::Squeeze);
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  std::optional<std::vector<int64_t>> axes = axesOperand(node);
  if (node.hasFailed())
    return failure();
  SmallVector<int64_t> removed;
  if (axes) {
    std::optional<SmallVector<int64_t>> normalized =
        normalizeAxes(node, *axes, rank, "axis");
    if (!normalized)
      return failure();
    removed = *normalized;
    for (int64_t axis : removed)
      if (type.getDimSize(axis) != 1)
        return node.fail("dimension " + Twine(axis) + " has size " +
                         Twine(type.getDimSize(axis)) + ", not 1");
  } else {
    for (int64_t axis = 0; axis < rank; ++axis)
      if (type.getDimSize(axis) == 1)
        removed.push_back(axis);
  }
  SmallVector<int64_t> dims;
  for (int64_t axis = 0; axis < rank; ++axis)
    if (!llvm::is_contained(removed, axis))
      dims.push_back(type.getDimSize(axis));
  return node.setResults({reshape(node, node.input(0), dims)});
}

/// Unsqueeze: inserts size-1 dimensions at the given positions of the
/// result, whose rank is the input's plus the number of axes.
LogicalResult convertUnsqueeze(NodeContext &node) {
  if (node.opset() >= 13 && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeAxes(node, RuntimeAxesOp::Unsqueeze);
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  std::optional<std::vector<int64_t>> axes = axesOperand(node);
  if (!axes)
    return node.hasFailed() ? failure()
                            : node.fail("axes are required");
  int64_t resultRank = type.getRank() + static_cast<int64_t>(axes->size());
  std::optional<SmallVector<int64_t>> inserted =
      normalizeAxes(node, *axes, resultRank, "axis");
  if (!inserted)
    return failure();
  SmallVector<int64_t> dims;
  ArrayRef<int64_t> inputDims = type.getShape();
  for (int64_t axis = 0; axis < resultRank; ++axis) {
    if (llvm::is_contained(*inserted, axis)) {
      dims.push_back(1);
    } else {
      dims.push_back(inputDims.front());
      inputDims = inputDims.drop_front();
    }
  }
  return node.setResults({reshape(node, node.input(0), dims)});
}

//===----------------------------------------------------------------------===//
// Permutations, joins and splits
//===----------------------------------------------------------------------===//

/// Transpose: `perm` defaults to the reversed dimensions.
LogicalResult convertTranspose(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("input 0 is missing");
  int64_t rank = type.getRank();
  std::vector<int64_t> perm(rank);
  std::iota(perm.rbegin(), perm.rend(), int64_t{0});
  if (node.hasAttribute("perm")) {
    perm = node.intsAttr("perm");
    std::vector<int64_t> sorted = perm;
    llvm::sort(sorted);
    bool isPermutation = static_cast<int64_t>(sorted.size()) == rank;
    for (int64_t i = 0; isPermutation && i < rank; ++i)
      isPermutation = sorted[i] == i;
    if (!isPermutation)
      return node.fail("perm is not a permutation of the " + Twine(rank) +
                       " input dimensions");
  }
  return node.setResults({node.create<TransposeOp>(node.input(0),
                                                   ArrayRef<int64_t>(perm))});
}

/// Concat: `axis` is required from opset 4 on.
LogicalResult convertConcat(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("input 0 is missing");
  if (!node.hasAttribute("axis"))
    return node.fail("attribute 'axis' is missing");
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), type.getRank(), "axis");
  if (!axis)
    return failure();
  SmallVector<Value> inputs;
  for (size_t index = 0; index < node.numInputs(); ++index)
    inputs.push_back(node.input(index));
  return node.setResults(
      {node.create<ConcatOp>(ValueRange(inputs), static_cast<uint64_t>(*axis))});
}

/// An integer list input given at run time (not a constant) as rank-1 i64;
/// null with the reason recorded when it is not a rank-1 integer tensor of
/// static length.
Value runTimeList(NodeContext &node, size_t index, StringRef what) {
  auto type = dyn_cast<RankedTensorType>(node.input(index).getType());
  if (!type || type.getRank() != 1 || !type.hasStaticShape() ||
      !isa<IntegerType>(type.getElementType()) ||
      type.getElementType().isInteger(1)) {
    (void)node.fail("input " + Twine(index) + " (" + what + ", '" +
                    node.node().input(static_cast<int>(index)) +
                    "') is given at run time; it must then be a rank-1 "
                    "integer tensor of static length");
    return {};
  }
  return castTo(node, node.input(index), node.builder().getI64Type());
}

/// The rank-1 i64 constant `values`.
Value i64List(NodeContext &node, ArrayRef<int64_t> values) {
  Tensor tensor(DType::I64, {static_cast<int64_t>(values.size())});
  for (auto [index, value] : llvm::enumerate(values))
    tensor.setInt(static_cast<int64_t>(index), value);
  return node.constant(tensor);
}

/// Split (opset 13+) whose `split` sizes are given at run time: one
/// data-shaped result per output (docs/dynamic-shapes.md), each bounded by
/// the input's shape; sizes that do not add up to the axis fail the run.
LogicalResult convertRuntimeSplit(NodeContext &node, RankedTensorType type,
                                  int64_t axis) {
  Value split = runTimeList(node, 1, "split");
  if (!split)
    return failure();
  int64_t parts = cast<RankedTensorType>(split.getType()).getDimSize(0);
  int64_t outputs = node.node().output_size();
  if (parts != outputs)
    return node.fail("split has " + Twine(parts) + " sizes for " +
                     Twine(outputs) + " outputs");
  SmallVector<Type> none(parts, node.builder().getNoneType());
  SmallVector<Value> results = node.createMulti<RuntimeSplitOp>(
      TypeRange(none), TypeRange(none), node.input(0), split,
      static_cast<uint64_t>(axis));
  if (static_cast<int64_t>(results.size()) != 2 * parts)
    return failure();
  SmallVector<int64_t> bounds = RuntimeSplitOp::dimBounds(type);
  SmallVector<OnnxValue> values;
  for (int64_t i = 0; i < parts; ++i)
    values.push_back(
        dataShapedResult(node, results[i], results[parts + i], bounds));
  return node.setValueResults(values);
}

/// Split along `axis` into as many outputs as the node names: sizes from
/// the `split` attribute (before opset 13) or input (from 13), or equal.
LogicalResult convertSplit(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), rank, "axis");
  if (!axis)
    return failure();
  int64_t dim = type.getDimSize(*axis);
  int64_t outputs = node.node().output_size();
  std::optional<std::vector<int64_t>> sizes;
  if (node.opset() < 13 && node.hasAttribute("split")) {
    sizes = node.intsAttr("split");
  } else if (node.opset() >= 13 && node.hasInput(1)) {
    if (!node.constantInput(1))
      return convertRuntimeSplit(node, type, *axis);
    sizes = node.intsInput(1, "split");
    if (!sizes)
      return failure();
  }
  if (sizes) {
    if (static_cast<int64_t>(sizes->size()) != outputs)
      return node.fail("split has " + Twine(sizes->size()) +
                       " sizes for " + Twine(outputs) + " outputs");
    std::optional<int64_t> sum = 0;
    for (int64_t size : *sizes) {
      if (size < 0)
        return node.fail("split size " + Twine(size) + " is negative");
      sum = sum ? llvm::checkedAdd(*sum, size) : std::nullopt;
    }
    if (sum != dim)
      return node.fail("split sizes add up to " +
                       (sum ? Twine(*sum) : Twine("more than int64 holds")) +
                       " but dimension " + Twine(*axis) + " has " + Twine(dim));
  } else {
    if (dim % outputs != 0)
      return node.fail("dimension " + Twine(*axis) + " of size " + Twine(dim) +
                       " does not split into " + Twine(outputs) +
                       " equal parts");
    sizes = std::vector<int64_t>(outputs, dim / outputs);
  }
  SmallVector<Value> results;
  SmallVector<int64_t> offsets(rank, 0), steps(rank, 1);
  SmallVector<int64_t> dims(type.getShape());
  for (int64_t size : *sizes) {
    dims[*axis] = size;
    results.push_back(node.createTyped<SliceOp>(
        type.clone(dims), node.input(0), ArrayRef<int64_t>(offsets),
        ArrayRef<int64_t>(steps)));
    offsets[*axis] += size;
  }
  return node.setResults(results);
}

/// Slice (opset 10+) whose starts, ends, axes or steps are given at run
/// time: a data-shaped result (docs/dynamic-shapes.md), the selected
/// elements flat with the shape the run resolves, each dimension bounded by
/// the input's. Absent axes and steps are the constants 0..n-1 and 1s.
LogicalResult convertRuntimeSlice(NodeContext &node, RankedTensorType type) {
  Value starts = runTimeList(node, 1, "starts");
  Value ends = runTimeList(node, 2, "ends");
  if (!starts || !ends)
    return failure();
  int64_t count = cast<RankedTensorType>(starts.getType()).getDimSize(0);
  if (count < 1 || count > type.getRank())
    return node.fail("starts has " + Twine(count) + " entries; with bounds "
                     "given at run time it needs 1 to the input's rank " +
                     Twine(type.getRank()));
  SmallVector<int64_t> iota(count), ones(count, 1);
  std::iota(iota.begin(), iota.end(), int64_t{0});
  Value axes = node.hasInput(3) ? runTimeList(node, 3, "axes")
                                : i64List(node, iota);
  Value steps = node.hasInput(4) ? runTimeList(node, 4, "steps")
                                 : i64List(node, ones);
  if (!axes || !steps)
    return failure();
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<RuntimeSliceOp>(
      none, none, node.input(0), starts, ends, axes, steps);
  if (results.size() != 2)
    return failure();
  return node.setValueResults({dataShapedResult(
      node, results[0], results[1], RuntimeSliceOp::dimBounds(type))});
}

/// Slice: starts/ends/axes attributes before opset 10; starts, ends and the
/// optional axes and steps inputs from 10. ONNX clamps the bounds to the
/// dimension, so out-of-range and INT_MAX/INT_MIN bounds select up to the
/// edge, and the result may be empty.
LogicalResult convertSlice(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return failure();
  if (node.opset() >= 10 && node.numInputs() >= 3 && node.hasInput(1) &&
      node.hasInput(2)) {
    for (size_t index = 1; index < std::min<size_t>(node.numInputs(), 5);
         ++index)
      if (node.hasInput(index) && !node.constantInput(index))
        return convertRuntimeSlice(node, type);
  }
  int64_t rank = type.getRank();
  std::optional<std::vector<int64_t>> starts, ends, axes, steps;
  if (node.opset() < 10) {
    if (!node.hasAttribute("starts") || !node.hasAttribute("ends"))
      return node.fail("attributes 'starts' and 'ends' are required");
    starts = node.intsAttr("starts");
    ends = node.intsAttr("ends");
    if (node.hasAttribute("axes"))
      axes = node.intsAttr("axes");
  } else {
    if (!(starts = node.intsInput(1, "starts")) ||
        !(ends = node.intsInput(2, "ends")) ||
        (node.hasInput(3) && !(axes = node.intsInput(3, "axes"))) ||
        (node.hasInput(4) && !(steps = node.intsInput(4, "steps"))))
      return failure();
  }
  size_t count = starts->size();
  if (!axes) {
    axes = std::vector<int64_t>(count);
    std::iota(axes->begin(), axes->end(), int64_t{0});
  }
  if (!steps)
    steps = std::vector<int64_t>(count, 1);
  if (ends->size() != count || axes->size() != count || steps->size() != count)
    return node.fail("starts, ends, axes and steps have " + Twine(count) +
                     ", " + Twine(ends->size()) + ", " + Twine(axes->size()) +
                     " and " + Twine(steps->size()) +
                     " entries; they must match");
  std::optional<SmallVector<int64_t>> dimsSliced =
      normalizeAxes(node, *axes, rank, "axis");
  if (!dimsSliced)
    return failure();

  SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
  SmallVector<int64_t> sizes(type.getShape());
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = (*dimsSliced)[i], dim = sizes[axis];
    int64_t start = (*starts)[i], end = (*ends)[i], step = (*steps)[i];
    if (step == 0)
      return node.fail("step of axis " + Twine(axis) + " is 0");
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    // Forward slices stop before `end` in [0, dim]; backward ones start at
    // most at the last element and stop after `end` in [-1, dim - 1].
    if (step > 0 || dim == 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    // ceil(|end - start| / |step|) without overflowing on extreme steps.
    uint64_t magnitude = step > 0 ? static_cast<uint64_t>(step)
                                  : 0 - static_cast<uint64_t>(step);
    int64_t span = step > 0 ? end - start : start - end;
    int64_t size =
        span <= 0 ? 0 : static_cast<int64_t>((span - 1) / magnitude + 1);
    offsets[axis] = size == 0 ? 0 : start;
    strides[axis] = step;
    sizes[axis] = size;
  }
  return node.setResults({node.createTyped<SliceOp>(
      type.clone(sizes), node.input(0), ArrayRef<int64_t>(offsets),
      ArrayRef<int64_t>(strides))});
}

//===----------------------------------------------------------------------===//
// Broadcasts and padding
//===----------------------------------------------------------------------===//

/// Expand whose shape is only known at run time: a data-shaped result
/// (docs/dynamic-shapes.md); a result dimension where the input has size 1
/// (or none) is bounded by --max-dim, the others by the input's size.
LogicalResult convertRuntimeExpand(NodeContext &node, RankedTensorType type) {
  auto shapeType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!shapeType || shapeType.getRank() != 1 || !shapeType.hasStaticShape() ||
      shapeType.getDimSize(0) < 1 ||
      !isa<IntegerType>(shapeType.getElementType()))
    return node.fail("input 1 (shape, '" + node.node().input(1) +
                     "') is given at run time; it must then be a rank-1 "
                     "integer tensor of static length 1 or more");
  int64_t length = shapeType.getDimSize(0);
  int64_t bound = 1;
  if (ExpandToShapeOp::needsBound(type, length)) {
    int64_t free = 0; // result dimensions that only the shape decides
    for (int64_t dim : ExpandToShapeOp::dimBounds(type, length, -1))
      free += dim == -1;
    std::optional<int64_t> dimBound =
        node.runTimeDimBound({{1, "shape"}}, free);
    if (!dimBound)
      return failure();
    bound = *dimBound;
  }
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<ExpandToShapeOp>(
      none, none, node.input(0),
      castTo(node, node.input(1), node.builder().getI64Type()),
      node.builder().getI64IntegerAttr(bound));
  if (results.size() != 2)
    return failure();
  return node.setValueResults({dataShapedResult(
      node, results[0], results[1],
      ExpandToShapeOp::dimBounds(type, length, bound))});
}

/// Expand (opset 8): bidirectional broadcast of the input's shape with the
/// given shape, whose 1s keep the input's size.
LogicalResult convertExpand(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (type && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeExpand(node, type);
  std::optional<std::vector<int64_t>> shape = node.intsInput(1, "shape");
  if (!type || !shape)
    return failure();
  ArrayRef<int64_t> inputDims = type.getShape();
  size_t rank = std::max(inputDims.size(), shape->size());
  SmallVector<int64_t> dims(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the trailing dimension; missing leading ones count as 1.
    size_t fromInput = rank - inputDims.size(), fromShape = rank - shape->size();
    int64_t a = i < fromInput ? 1 : inputDims[i - fromInput];
    int64_t b = i < fromShape ? 1 : (*shape)[i - fromShape];
    if (b < 0)
      return node.fail("shape entry " + Twine(i - fromShape) + " is " +
                       Twine(b));
    if (a != b && a != 1 && b != 1)
      return node.fail("the input shape does not broadcast with the shape: "
                       "size " + Twine(a) + " against " + Twine(b));
    dims[i] = a == 1 ? b : a;
  }
  if (!elementCount(node, dims, "the result"))
    return failure();
  return node.setResults(
      {node.createTyped<BroadcastToOp>(type.clone(dims), node.input(0))});
}

/// Tile: [d0, d1, ...] becomes [1, d0, 1, d1, ...], is broadcast to
/// [r0, d0, r1, d1, ...] and reshaped to [r0 * d0, r1 * d1, ...].
/// Tile whose repeats are only known at run time: a data-shaped result
/// (docs/dynamic-shapes.md), each dimension bounded by --max-dim (or the
/// input's size when that is larger).
LogicalResult convertRuntimeTile(NodeContext &node, RankedTensorType type) {
  auto repeatsType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!repeatsType || repeatsType.getRank() != 1 ||
      repeatsType.getDimSize(0) != type.getRank() || type.getRank() < 1 ||
      !isa<IntegerType>(repeatsType.getElementType()))
    return node.fail("input 1 (repeats, '" + node.node().input(1) +
                     "') is given at run time; it must then be a rank-1 "
                     "integer tensor of one entry per input dimension");
  std::optional<int64_t> bound =
      node.runTimeDimBound({{1, "repeats"}}, type.getRank());
  if (!bound)
    return failure();
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<TileToRepeatsOp>(
      none, none, node.input(0),
      castTo(node, node.input(1), node.builder().getI64Type()),
      node.builder().getI64IntegerAttr(*bound));
  if (results.size() != 2)
    return failure();
  return node.setValueResults({dataShapedResult(
      node, results[0], results[1], TileToRepeatsOp::dimBounds(type, *bound))});
}

LogicalResult convertTile(NodeContext &node) {
  RankedTensorType type = staticInputType(node, 0);
  if (type && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeTile(node, type);
  std::optional<std::vector<int64_t>> repeats = node.intsInput(1, "repeats");
  if (!type || !repeats)
    return failure();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(repeats->size()) != rank)
    return node.fail("repeats has " + Twine(repeats->size()) +
                     " entries for an input of rank " + Twine(rank));
  SmallVector<int64_t> spread, broadcast, result;
  for (auto [dim, repeat] : llvm::zip(type.getShape(), *repeats)) {
    spread.append({1, dim});
    broadcast.append({repeat, dim});
  }
  if (!elementCount(node, broadcast, "the tiled result"))
    return failure();
  for (auto [dim, repeat] : llvm::zip(type.getShape(), *repeats))
    result.push_back(repeat * dim);
  if (llvm::all_of(*repeats, [](int64_t repeat) { return repeat == 1; }))
    return node.setResults({node.input(0)});
  Value spreadOut = reshape(node, node.input(0), spread);
  Value repeated =
      node.createTyped<BroadcastToOp>(type.clone(broadcast), spreadOut);
  return node.setResults({reshape(node, repeated, result)});
}

/// Pad: `pads` (begin values of every dimension, then end values; negative
/// ones crop) is an attribute with a float `value` before opset 11 and an
/// input with an optional scalar `constant_value` input from 11 on.
LogicalResult convertPad(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("input 0 is missing");
  int64_t rank = type.getRank();
  std::string modeName = node.stringAttr("mode", "constant");
  std::optional<PadMode> mode = symbolizePadMode(modeName);
  if (!mode)
    return node.fail("mode '" + modeName + "' is not supported");
  if (node.opset() >= 11 && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimePad(node, *mode);

  std::vector<int64_t> pads;
  std::optional<double> value = 0.0;
  Value dynamicValue; // a constant_value the attribute cannot carry
  if (node.opset() < 11) {
    if (!node.hasAttribute("pads"))
      return node.fail("attribute 'pads' is missing");
    pads = node.intsAttr("pads");
    value = node.floatAttr("value", 0.0f);
  } else {
    std::optional<std::vector<int64_t>> padsInput = node.intsInput(1, "pads");
    if (!padsInput)
      return failure();
    pads = std::move(*padsInput);
    if (node.hasInput(2) && *mode == PadMode::constant) {
      std::optional<Tensor> constantValue = node.constantInput(2);
      if (constantValue && constantValue->numElements() != 1)
        return node.fail("constant_value must be a scalar, it has " +
                         Twine(constantValue->numElements()) + " elements");
      // The value attribute is an f64: integers beyond 2^53 and values
      // known only at run time are selected in instead.
      constexpr int64_t kExact = int64_t{1} << 53;
      if (constantValue &&
          (isFloat(constantValue->dtype()) ||
           (constantValue->getInt(0) >= -kExact &&
            constantValue->getInt(0) <= kExact)))
        value = constantValue->getDouble(0);
      else
        dynamicValue = node.input(2);
    }
  }
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return node.fail("pads has " + Twine(pads.size()) +
                     " entries; an input of rank " + Twine(rank) + " needs " +
                     Twine(2 * rank));
  ArrayRef<int64_t> low = ArrayRef<int64_t>(pads).take_front(rank);
  ArrayRef<int64_t> high = ArrayRef<int64_t>(pads).drop_front(rank);

  Builder &b = node.builder();
  auto build = [&](Value input, double padValue) {
    bool constantMode = *mode == PadMode::constant;
    return node.create<PadOp>(
        input, b.getDenseI64ArrayAttr(low), b.getDenseI64ArrayAttr(high),
        PadModeAttr::get(node.context(), *mode),
        constantMode && padValue != 0.0 ? b.getF64FloatAttr(padValue)
                                        : FloatAttr());
  };
  if (!dynamicValue)
    return node.setResults({build(node.input(0), *value)});
  // Pad with zeros, then select the value wherever no input element landed.
  auto maskType = type.clone(b.getI1Type());
  Value inside = node.createTyped<BroadcastToOp>(
      maskType, node.scalar(b.getI1Type(), 1));
  Value mask = build(inside, 0.0);
  return node.setResults(
      {node.create<SelectOp>(mask, build(node.input(0), 0.0), dynamicValue)});
}

//===----------------------------------------------------------------------===//
// Block rearrangements and triangles
//===----------------------------------------------------------------------===//

/// The N x C x H x W input and its blocksize for DepthToSpace and
/// SpaceToDepth.
RankedTensorType blockInput(NodeContext &node, int64_t &blocksize) {
  RankedTensorType type = staticInputType(node, 0);
  if (!type)
    return {};
  if (type.getRank() != 4) {
    (void)node.fail("the input must be 4-D (N x C x H x W), not of rank " +
                    Twine(type.getRank()));
    return {};
  }
  if (!node.hasAttribute("blocksize")) {
    (void)node.fail("attribute 'blocksize' is missing");
    return {};
  }
  blocksize = node.intAttr("blocksize", 0);
  // Every intermediate and result size is then at most the input's
  // element count times blocksize^2, so none overflows.
  if (blocksize <= 0 || !llvm::checkedMul(blocksize, blocksize) ||
      !llvm::checkedMul(type.getNumElements(), blocksize * blocksize)) {
    (void)node.fail("blocksize " + Twine(blocksize) +
                    " must be positive and small enough for the shapes");
    return {};
  }
  return type;
}

/// DepthToSpace: DCR mode (the only one before opset 11) takes the block
/// offsets from the outer part of the channels, CRD from the inner.
LogicalResult convertDepthToSpace(NodeContext &node) {
  int64_t b = 0;
  RankedTensorType type = blockInput(node, b);
  if (!type)
    return failure();
  std::string mode = node.stringAttr("mode", "DCR");
  if (mode != "DCR" && mode != "CRD")
    return node.fail("mode '" + mode + "' is neither DCR nor CRD");
  int64_t n = type.getDimSize(0), c = type.getDimSize(1);
  int64_t h = type.getDimSize(2), w = type.getDimSize(3);
  if (c % (b * b) != 0)
    return node.fail(Twine(c) + " channels do not divide by blocksize^2 = " +
                     Twine(b * b));
  int64_t depth = c / (b * b);
  bool dcr = mode == "DCR";
  SmallVector<int64_t> blocks =
      dcr ? SmallVector<int64_t>{n, b, b, depth, h, w}
          : SmallVector<int64_t>{n, depth, b, b, h, w};
  SmallVector<int64_t> perm = dcr ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
                                  : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
  Value moved = node.create<TransposeOp>(reshape(node, node.input(0), blocks),
                                         ArrayRef<int64_t>(perm));
  return node.setResults({reshape(node, moved, {n, depth, h * b, w * b})});
}

LogicalResult convertSpaceToDepth(NodeContext &node) {
  int64_t b = 0;
  RankedTensorType type = blockInput(node, b);
  if (!type)
    return failure();
  int64_t n = type.getDimSize(0), c = type.getDimSize(1);
  int64_t h = type.getDimSize(2), w = type.getDimSize(3);
  if (h % b != 0 || w % b != 0)
    return node.fail("height " + Twine(h) + " and width " + Twine(w) +
                     " must divide by the blocksize " + Twine(b));
  Value blocks = reshape(node, node.input(0), {n, c, h / b, b, w / b, b});
  Value moved = node.create<TransposeOp>(
      blocks, ArrayRef<int64_t>({0, 3, 5, 1, 2, 4}));
  return node.setResults({reshape(node, moved, {n, c * b * b, h / b, w / b})});
}

/// Trilu whose diagonal k is known only at run time: element (i, j) of
/// each matrix is kept where `j - i >= k` (upper) or `j - i <= k`, a
/// comparison of a constant M x N table of `j - i` with k, and a select.
LogicalResult convertTriluRuntimeK(NodeContext &node, RankedTensorType type,
                                   bool upper) {
  RankedTensorType kType = node.inputType(1);
  if (!kType || kType.getNumElements() != 1 ||
      !kType.getElementType().isInteger(64))
    return node.fail("input 1 (k) must be an int64 scalar or one-element "
                     "tensor");
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t cols = type.getDimSize(type.getRank() - 1);
  if (rows * cols > node.maxConstantElements())
    return node.fail("the matrices (" + Twine(rows) + "x" + Twine(cols) +
                     ") are too large for a diagonal given at run time");
  Tensor offsets(DType::I64, {rows, cols});
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      offsets.setInt(i * cols + j, j - i);
  Value k = node.input(1);
  if (kType.getRank() != 0)
    k = node.createTyped<ReshapeOp>(
        RankedTensorType::get({}, kType.getElementType()), k);
  Value keep = node.create<CompareOp>(
      upper ? ComparePredicate::ge : ComparePredicate::le,
      node.constant(offsets), k);
  return node.setResults({node.create<SelectOp>(
      keep, node.input(0), node.scalar(type.getElementType(), 0))});
}

/// Trilu (opset 14): `upper` (default 1) and the diagonal k, an optional
/// input: a constant becomes loom.trilu's attribute; one known only at run
/// time is compared with a table of the diagonals (convertTriluRuntimeK).
LogicalResult convertTrilu(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("input 0 is missing");
  if (type.getRank() < 2)
    return node.fail("the input must have rank 2 or more, not " +
                     Twine(type.getRank()));
  int64_t k = 0;
  if (node.hasInput(1) && !node.constantInput(1))
    return convertTriluRuntimeK(node, type, node.intAttr("upper", 1) != 0);
  if (node.hasInput(1)) {
    std::optional<int64_t> diagonal = intScalarInput(node, 1, "k");
    if (!diagonal)
      return failure();
    k = *diagonal;
  }
  Builder &b = node.builder();
  bool upper = node.intAttr("upper", 1) != 0;
  return node.setResults({node.create<TriluOp>(
      node.input(0), upper ? b.getUnitAttr() : UnitAttr(),
      b.getI64IntegerAttr(k))});
}

} // namespace

void registerShapeConverters(ConverterRegistry &registry) {
  registry.add("Constant", convertConstant);
  registry.add("ConstantOfShape", convertConstantOfShape);
  registry.add("EyeLike", convertEyeLike);
  registry.add("Range", convertRange);
  registry.add("Shape", convertShape);
  registry.add("Size", convertSize);

  registry.add("Flatten", convertFlatten);
  registry.add("Reshape", convertReshape);
  registry.add("Squeeze", convertSqueeze);
  registry.add("Unsqueeze", convertUnsqueeze);

  registry.add("Concat", convertConcat);
  registry.add("Split", convertSplit);
  registry.add("Slice", convertSlice);
  registry.add("Transpose", convertTranspose);

  registry.add("Expand", convertExpand);
  registry.add("Pad", convertPad);
  registry.add("Tile", convertTile);

  registry.add("DepthToSpace", convertDepthToSpace);
  registry.add("SpaceToDepth", convertSpaceToDepth);
  registry.add("Trilu", convertTrilu);
}

} // namespace loom::onnx_import
