//===- ReductionConverters.cpp - ONNX reductions -----------------------------===//
//
// Part of the Loom project.
//
// The Reduce* family, ArgMax/ArgMin, CumSum and TopK. Sum, mean, max, min
// and prod map to their loom ops; the others are composed around
// loom.reduce_sum: L1 = sum |x|, L2 = sqrt(sum x^2), SumSquare = sum x^2,
// LogSum = log(sum x) and LogSumExp = m + log(sum exp(x - m)), with m the
// maximum where it is finite and 0 elsewhere, so that large inputs do not
// overflow and an all -inf slice gives -inf instead of NaN.
// TfIdfVectorizer counts n-grams with comparisons and loom.reduce_sum.
//
// Reductions over an empty extent give what ONNX (opset 18) specifies: 0 for
// the sums and L1/L2, 1 for prod, -inf for max (the lowest integer for
// integers), +inf for min, -inf for LogSum and LogSumExp, NaN for a float
// mean. Reducing over no axes (noop_with_empty_axes) applies the elementwise
// part to each element alone: the identity for sum, mean, max, min, prod and
// LogSumExp, |x| for L1 and L2, x^2 for SumSquare (as ONNX's reference
// implementation does) and log(x) for LogSum.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <limits>

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// What a Reduce* node reduces: sorted, distinct axes in [0, rank).
struct Reduction {
  SmallVector<int64_t> axes;
  bool keepDims;
};

/// Reads the axes of a Reduce* node: an attribute before opset 13 for
/// ReduceSum and before 18 for the others, an optional constant input from
/// then on, which is also when noop_with_empty_axes appears. Missing or
/// empty axes reduce every dimension unless noop_with_empty_axes is set.
/// Negative axes (ONNX from opset 11) count from the end in every opset.
std::optional<Reduction> readReduction(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type) {
    (void)node.fail("the data input is missing");
    return std::nullopt;
  }
  int64_t rank = type.getRank();
  bool axesAreInput = node.opset() >= (node.opType() == "ReduceSum" ? 13 : 18);
  std::vector<int64_t> axes;
  if (axesAreInput) {
    if (node.hasInput(1)) {
      std::optional<std::vector<int64_t>> values = node.intsInput(1, "axes");
      if (!values)
        return std::nullopt;
      axes = *values;
    }
  } else {
    axes = node.intsAttr("axes");
  }
  bool noop = axesAreInput && node.intAttr("noop_with_empty_axes", 0) != 0;
  if (axes.empty() && !noop)
    for (int64_t dim = 0; dim < rank; ++dim)
      axes.push_back(dim);
  Reduction reduction{{}, node.intAttr("keepdims", 1) != 0};
  for (int64_t axis : axes) {
    std::optional<int64_t> normalized =
        node.normalizeAxis(axis, rank, "axis");
    if (!normalized)
      return std::nullopt;
    if (llvm::is_contained(reduction.axes, *normalized)) {
      (void)node.fail("axis " + Twine(axis) + " repeats dimension " +
                      Twine(*normalized) + " in 'axes'");
      return std::nullopt;
    }
    reduction.axes.push_back(*normalized);
  }
  llvm::sort(reduction.axes);
  return reduction;
}

/// Reduce{Sum,Mean,Max,Min,Prod}: one loom op.
template <typename OpT> LogicalResult convertReduce(NodeContext &node) {
  std::optional<Reduction> reduction = readReduction(node);
  if (!reduction)
    return failure();
  return node.setResults({node.create<OpT>(node.input(0), reduction->axes,
                                           reduction->keepDims)});
}

/// ReduceSum: axes given at run time (an input from opset 13) make a
/// data-shaped result; otherwise one loom.reduce_sum.
LogicalResult convertReduceSum(NodeContext &node) {
  if (node.opset() >= 13 && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeAxes(node, RuntimeAxesOp::ReduceSum);
  return convertReduce<ReduceSumOp>(node);
}

/// Applies `fn`, which needs floats, to `value`. Integers (which ONNX allows
/// for ReduceL2, ReduceLogSum and ReduceLogSumExp up to opset 17) go through
/// f64 and back, truncating toward zero as NumPy's astype does.
template <typename Fn> Value inFloat(NodeContext &node, Value value, Fn fn) {
  if (!value)
    return {};
  auto type = cast<RankedTensorType>(value.getType());
  if (isa<FloatType>(type.getElementType()))
    return fn(value);
  Value result = fn(node.createTyped<CastOp>(
      type.clone(node.builder().getF64Type()), value));
  if (!result)
    return {};
  return node.createTyped<CastOp>(
      cast<RankedTensorType>(result.getType()).clone(type.getElementType()),
      result);
}

Value sumOfSquares(NodeContext &node, Value x, const Reduction &reduction) {
  return node.create<ReduceSumOp>(node.create<MulOp>(x, x), reduction.axes,
                                  reduction.keepDims);
}

LogicalResult convertReduceL1(NodeContext &node) {
  std::optional<Reduction> reduction = readReduction(node);
  if (!reduction)
    return failure();
  return node.setResults({node.create<ReduceSumOp>(
      node.create<AbsOp>(node.input(0)), reduction->axes,
      reduction->keepDims)});
}

LogicalResult convertReduceL2(NodeContext &node) {
  std::optional<Reduction> reduction = readReduction(node);
  if (!reduction)
    return failure();
  Value sum = sumOfSquares(node, node.input(0), *reduction);
  return node.setResults({inFloat(
      node, sum, [&](Value value) { return node.create<SqrtOp>(value); })});
}

LogicalResult convertReduceSumSquare(NodeContext &node) {
  std::optional<Reduction> reduction = readReduction(node);
  if (!reduction)
    return failure();
  return node.setResults({sumOfSquares(node, node.input(0), *reduction)});
}

LogicalResult convertReduceLogSum(NodeContext &node) {
  std::optional<Reduction> reduction = readReduction(node);
  if (!reduction)
    return failure();
  Value sum = node.create<ReduceSumOp>(node.input(0), reduction->axes,
                                       reduction->keepDims);
  return node.setResults({inFloat(
      node, sum, [&](Value value) { return node.create<LogOp>(value); })});
}

/// m + log(sum(exp(x - m))) over the axes, m the maximum made 0 where it is
/// not finite (an empty extent, all -inf, an inf or a NaN): the shift then
/// changes nothing, and exp/log give -inf, inf or NaN as the plain formula
/// does. The shift is computed with kept dimensions to broadcast against x;
/// without keepdims they are dropped at the end.
Value logSumExp(NodeContext &node, Value x, const Reduction &reduction) {
  Type type = elementTypeOf(x);
  Value max = node.create<ReduceMaxOp>(x, reduction.axes, /*keepdims=*/true);
  Value finite = node.create<CompareOp>(
      ComparePredicate::lt, node.create<AbsOp>(max),
      node.scalar(type, std::numeric_limits<double>::infinity()));
  Value shift = node.create<SelectOp>(finite, max, node.scalar(type, 0));
  Value sum = node.create<ReduceSumOp>(
      node.create<ExpOp>(node.create<SubOp>(x, shift)), reduction.axes,
      /*keepdims=*/true);
  Value result = node.create<AddOp>(node.create<LogOp>(sum), shift);
  if (!result || reduction.keepDims)
    return result;
  auto keptType = cast<RankedTensorType>(result.getType());
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < keptType.getRank(); ++dim)
    if (!llvm::is_contained(reduction.axes, dim))
      shape.push_back(keptType.getDimSize(dim));
  return node.createTyped<ReshapeOp>(keptType.clone(shape), result);
}

LogicalResult convertReduceLogSumExp(NodeContext &node) {
  std::optional<Reduction> reduction = readReduction(node);
  if (!reduction)
    return failure();
  return node.setResults({inFloat(node, node.input(0), [&](Value value) {
    return logSumExp(node, value, *reduction);
  })});
}

/// ArgMax/ArgMin: axis (default 0) and keepdims (default 1) in every opset,
/// select_last_index from opset 12.
template <typename OpT> LogicalResult convertArgReduce(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("the data input is missing");
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), type.getRank());
  if (!axis)
    return failure();
  bool selectLast =
      node.opset() >= 12 && node.intAttr("select_last_index", 0) != 0;
  return node.setResults({node.create<OpT>(
      node.input(0), *axis, node.intAttr("keepdims", 1) != 0, selectLast)});
}

/// CumSum whose axis is known only at run time: the sums along every axis,
/// and the one the axis names chosen by selects (`axis == d` or
/// `axis == d - rank`). An axis out of [-rank, rank) is invalid ONNX; it
/// gives NaN for floats and 0 for integers.
LogicalResult convertCumSumRuntimeAxis(NodeContext &node,
                                       RankedTensorType type) {
  RankedTensorType axisType = node.inputType(1);
  if (!axisType || axisType.getNumElements() != 1 ||
      !axisType.getElementType().isSignlessInteger() ||
      axisType.getElementType().isInteger(1))
    return node.fail("input 1 (axis) must be an integer scalar or "
                     "one-element tensor");
  if (type.getRank() == 0)
    return node.fail("the input must have rank 1 or more");
  Value axis = node.input(1);
  if (axisType.getRank() != 0)
    axis = node.createTyped<ReshapeOp>(
        RankedTensorType::get({}, axisType.getElementType()), axis);
  bool exclusive = node.intAttr("exclusive", 0) != 0;
  bool reverse = node.intAttr("reverse", 0) != 0;
  Type element = type.getElementType();
  Value result = node.scalar(
      element, isa<FloatType>(element)
                   ? std::numeric_limits<double>::quiet_NaN()
                   : 0.0);
  for (int64_t d = type.getRank() - 1; d >= 0; --d) {
    Value sums = node.create<CumSumOp>(node.input(0), d, exclusive, reverse);
    Value chosen = node.create<OrOp>(
        node.create<CompareOp>(ComparePredicate::eq, axis,
                               node.scalar(axisType.getElementType(), d)),
        node.create<CompareOp>(
            ComparePredicate::eq, axis,
            node.scalar(axisType.getElementType(), d - type.getRank())));
    result = node.create<SelectOp>(chosen, sums, result);
  }
  return node.setResults({result});
}

/// CumSum (opset 11, 14): the axis is a 0-D (or one-element) input, a
/// constant (loom.cumsum's attribute) or known only at run time
/// (convertCumSumRuntimeAxis).
LogicalResult convertCumSum(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("the data input is missing");
  if (node.hasInput(1) && !node.constantInput(1))
    return convertCumSumRuntimeAxis(node, type);
  std::optional<std::vector<int64_t>> axisValues = node.intsInput(1, "axis");
  if (!axisValues)
    return failure();
  if (axisValues->size() != 1)
    return node.fail("input 1 (axis) must hold one value, it holds " +
                     Twine(axisValues->size()));
  std::optional<int64_t> axis =
      node.normalizeAxis(axisValues->front(), type.getRank());
  if (!axis)
    return failure();
  return node.setResults({node.create<CumSumOp>(
      node.input(0), *axis, node.intAttr("exclusive", 0) != 0,
      node.intAttr("reverse", 0) != 0)});
}

/// TopK (opset 10+) whose K is given at run time: values and indices as
/// data-shaped results of one shape (docs/dynamic-shapes.md), the axis'
/// size bounding K; a K above it fails the run.
LogicalResult convertRuntimeTopK(NodeContext &node, RankedTensorType type) {
  if (!type.hasStaticShape())
    return node.fail("input 0 ('" + node.node().input(0) +
                     "') must have a static shape when K is given at run "
                     "time");
  auto kType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!kType || !kType.hasStaticShape() || kType.getNumElements() != 1 ||
      !isa<IntegerType>(kType.getElementType()) ||
      kType.getElementType().isInteger(1))
    return node.fail("input 1 (K, '" + node.node().input(1) +
                     "') is given at run time; it must then be an integer "
                     "tensor of one element");
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", -1), type.getRank());
  if (!axis)
    return failure();
  Value k = castTo(node, node.input(1), node.builder().getI64Type());
  bool largest = node.opset() < 11 || node.intAttr("largest", 1) != 0;
  bool sorted = node.opset() < 11 || node.intAttr("sorted", 1) != 0;
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<RuntimeTopKOp>(
      none, none, none, node.input(0), k, static_cast<uint64_t>(*axis),
      largest, sorted);
  if (results.size() != 3)
    return failure();
  SmallVector<int64_t> bounds = RuntimeTopKOp::dimBounds(type);
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[2], bounds),
       dataShapedResult(node, results[1], results[2], bounds)});
}

/// TopK: k is an attribute before opset 10 and a one-element constant input
/// from then on; largest and sorted appear in opset 11 (before, the largest
/// come sorted). The axis defaults to the last.
LogicalResult convertTopK(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("the data input is missing");
  if (node.opset() >= 10 && node.hasInput(1) && !node.constantInput(1))
    return convertRuntimeTopK(node, type);
  int64_t k;
  if (node.opset() < 10) {
    if (!node.hasAttribute("k"))
      return node.fail("attribute 'k' is missing");
    k = node.intAttr("k", 0);
  } else {
    std::optional<std::vector<int64_t>> values = node.intsInput(1, "K");
    if (!values)
      return failure();
    if (values->size() != 1)
      return node.fail("input 1 (K) must hold one value, it holds " +
                       Twine(values->size()));
    k = values->front();
  }
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", -1), type.getRank());
  if (!axis)
    return failure();
  int64_t size = type.getDimSize(*axis);
  if (k < 0)
    return node.fail("K = " + Twine(k) + " is negative");
  if (!ShapedType::isDynamic(size) && k > size)
    return node.fail("K = " + Twine(k) + " exceeds the size " + Twine(size) +
                     " of axis " + Twine(*axis));
  bool largest = node.opset() < 11 || node.intAttr("largest", 1) != 0;
  bool sorted = node.opset() < 11 || node.intAttr("sorted", 1) != 0;
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<TopKOp>(
      none, none, node.input(0), *axis, k, largest, sorted);
  if (results.size() != 2)
    return failure();
  return node.setResults(results);
}


/// TfIdfVectorizer on integer tokens: counts, per row of X ([C] or [N, C]),
/// the occurrences of each n-gram of the pool (pool_int64s, grouped by
/// length with ngram_counts), where an n-gram's tokens may lie s + 1 apart
/// for every skip s from 0 to max_skip_count (once for unigrams), and
/// n runs from min_gram_length to max_gram_length. Each n-gram length and
/// skip is one comparison of shifted windows of X with the pool's tokens
/// ([N, W, G]), all-of over the n tokens and a sum over the windows; a
/// constant one-hot matrix then puts each n-gram's count at its
/// ngram_indexes entry. TF gives the counts, IDF the weight of each output
/// entry whose count is not 0, TFIDF counts times weights (weights default
/// to 1).
LogicalResult convertTfIdfVectorizer(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type || !type.hasStaticShape() ||
      (type.getRank() != 1 && type.getRank() != 2))
    return node.fail("input X must have a static shape [C] or [N, C]");
  Type tokenType = type.getElementType();
  if (!tokenType.isSignlessInteger(32) && !tokenType.isSignlessInteger(64))
    return node.fail("only int32 and int64 tokens are supported");
  if (node.hasAttribute("pool_strings"))
    return node.fail("string pools (pool_strings) are not supported");
  std::string mode = node.stringAttr("mode", "");
  if (mode != "TF" && mode != "IDF" && mode != "TFIDF")
    return node.fail("mode '" + mode + "' is not one of TF, IDF, TFIDF");
  int64_t minLength = node.intAttr("min_gram_length", 0);
  int64_t maxLength = node.intAttr("max_gram_length", 0);
  int64_t maxSkip = node.intAttr("max_skip_count", 0);
  std::vector<int64_t> pool = node.intsAttr("pool_int64s");
  std::vector<int64_t> counts = node.intsAttr("ngram_counts");
  std::vector<int64_t> indexes = node.intsAttr("ngram_indexes");
  std::vector<float> weights = node.floatsAttr("weights");
  if (minLength < 1 || maxLength < minLength || maxSkip < 0)
    return node.fail("min_gram_length " + Twine(minLength) +
                     ", max_gram_length " + Twine(maxLength) +
                     " and max_skip_count " + Twine(maxSkip) +
                     " must satisfy 1 <= min <= max and skip >= 0");
  // Pool entry k of length n starts at counts[n - 1] + (k - ...) * n; the
  // n-grams are numbered in pool order, which ngram_indexes follows.
  struct Group {
    int64_t length, start, size, first; ///< first: number of its first n-gram
  };
  SmallVector<Group> groups;
  int64_t numbered = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    int64_t length = static_cast<int64_t>(i) + 1;
    int64_t start = counts[i];
    int64_t end = i + 1 < counts.size() ? counts[i + 1]
                                        : static_cast<int64_t>(pool.size());
    if (start < 0 || end < start || end > static_cast<int64_t>(pool.size()) ||
        (end - start) % length != 0)
      return node.fail("ngram_counts " + formatInts(counts) +
                       " does not split the pool of " + Twine(pool.size()) +
                       " tokens into n-grams");
    groups.push_back({length, start, (end - start) / length, numbered});
    numbered += (end - start) / length;
  }
  if (static_cast<int64_t>(indexes.size()) != numbered)
    return node.fail("ngram_indexes has " + Twine(indexes.size()) +
                     " entries but the pool holds " + Twine(numbered) +
                     " n-grams");
  int64_t outSize = 0;
  for (int64_t index : indexes) {
    if (index < 0)
      return node.fail("ngram_indexes holds the negative index " +
                       Twine(index));
    outSize = std::max(outSize, index + 1);
  }
  if (numbered == 0 || outSize == 0)
    return node.fail("the pool holds no n-gram");
  // Weights are per output entry (as onnxruntime reads them).
  if (!weights.empty() && static_cast<int64_t>(weights.size()) < outSize)
    return node.fail("weights has " + Twine(weights.size()) +
                     " entries but the output has " + Twine(outSize));

  Value x = node.input(0);
  int64_t rows = type.getRank() == 2 ? type.getDimSize(0) : 1;
  int64_t columns = type.getShape().back();
  x = node.createTyped<ReshapeOp>(RankedTensorType::get({rows, columns, 1},
                                                        tokenType),
                                  x);
  Type f32 = node.builder().getF32Type();
  DType tokenDType = tokenType.isSignlessInteger(32) ? DType::I32 : DType::I64;
  SmallVector<Value> perGroup; // [N, size] counts, in n-gram order
  for (const Group &group : groups) {
    Value total;
    bool wanted = group.length >= minLength && group.length <= maxLength;
    for (int64_t skip = 0; wanted && skip <= maxSkip; ++skip) {
      if (group.length == 1 && skip > 0)
        break; // unigrams are counted once
      int64_t windows = columns - (group.length - 1) * (skip + 1);
      if (windows <= 0 || group.size == 0)
        break;
      Value all;
      for (int64_t k = 0; k < group.length; ++k) {
        Tensor tokens(tokenDType, {group.size});
        for (int64_t g = 0; g < group.size; ++g)
          tokens.setInt(g, pool[group.start + g * group.length + k]);
        Value window = node.createTyped<SliceOp>(
            RankedTensorType::get({rows, windows, 1}, tokenType), x,
            ArrayRef<int64_t>{0, k * (skip + 1), 0},
            ArrayRef<int64_t>{1, 1, 1});
        Value equal = node.create<CompareOp>(ComparePredicate::eq, window,
                                             node.constant(tokens));
        all = all ? node.create<AndOp>(all, equal) : equal;
      }
      Value count = node.create<ReduceSumOp>(
          node.createTyped<CastOp>(
              RankedTensorType::get({rows, windows, group.size}, f32), all),
          ArrayRef<int64_t>{1}, /*keepdims=*/false);
      total = total ? node.create<AddOp>(total, count) : count;
    }
    if (!total && group.size > 0) {
      Tensor zeros(DType::F32, {rows, group.size});
      for (int64_t i = 0; i < zeros.numElements(); ++i)
        zeros.setDouble(i, 0.0);
      total = node.constant(zeros);
    }
    if (total)
      perGroup.push_back(total);
  }
  if (node.hasFailed())
    return failure();
  Value found = perGroup.size() == 1
                    ? perGroup.front()
                    : node.create<ConcatOp>(ValueRange(perGroup), uint64_t{1});
  Tensor placement(DType::F32, {numbered, outSize});
  for (int64_t i = 0; i < placement.numElements(); ++i)
    placement.setDouble(i, 0.0);
  for (int64_t k = 0; k < numbered; ++k)
    placement.setDouble(k * outSize + indexes[k], 1.0);
  Value y = node.create<MatmulOp>(found, node.constant(placement));
  if (mode != "TF") {
    Tensor weight(DType::F32, {outSize});
    for (int64_t j = 0; j < outSize; ++j)
      weight.setDouble(j, weights.empty() ? 1.0 : weights[j]);
    if (mode == "IDF")
      y = node.createTyped<CastOp>(
          RankedTensorType::get({rows, outSize}, f32),
          node.create<CompareOp>(ComparePredicate::gt, y, node.scalar(f32, 0)));
    y = node.create<MulOp>(y, node.constant(weight));
  }
  if (type.getRank() == 1)
    y = node.createTyped<ReshapeOp>(RankedTensorType::get({outSize}, f32), y);
  return node.setResults({y});
}
} // namespace

void registerReductionConverters(ConverterRegistry &registry) {
  registry.add("ReduceSum", convertReduceSum);
  registry.add("ReduceMean", convertReduce<ReduceMeanOp>);
  registry.add("ReduceMax", convertReduce<ReduceMaxOp>);
  registry.add("ReduceMin", convertReduce<ReduceMinOp>);
  registry.add("ReduceProd", convertReduce<ReduceProdOp>);
  registry.add("ReduceL1", convertReduceL1);
  registry.add("ReduceL2", convertReduceL2);
  registry.add("ReduceSumSquare", convertReduceSumSquare);
  registry.add("ReduceLogSum", convertReduceLogSum);
  registry.add("ReduceLogSumExp", convertReduceLogSumExp);
  registry.add("ArgMax", convertArgReduce<ArgMaxOp>);
  registry.add("ArgMin", convertArgReduce<ArgMinOp>);
  registry.add("CumSum", convertCumSum);
  registry.add("TopK", convertTopK);
  registry.add("TfIdfVectorizer", convertTfIdfVectorizer);
}

} // namespace loom::onnx_import
