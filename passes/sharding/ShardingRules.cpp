//===- ShardingRules.cpp - How each op class can be sharded ------------------===//
//
// Part of the Loom project.
//
// The rule of every op class in one place; docs/sharding.md has the table.
// Each builder states the op's factors and which dimension of which tensor
// each factor appears in. Sizes come from the types; a dynamic size gives a
// factor of unknown size, which any split is allowed to divide.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/ShardingRules.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace loom::sharding {
namespace {

bool isElementwise(Operation *op) {
  return isa<
#define GET_OP_LIST
#include "ir/LoomElementwiseOps.cpp.inc"
      >(op);
}

RankedTensorType tensorType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

/// Accumulates a rule: factors first, then each tensor's dimensions.
class RuleBuilder {
public:
  explicit RuleBuilder(Operation *op) {
    rule.operands.resize(op->getNumOperands());
    rule.results.resize(op->getNumResults());
  }

  unsigned factor(int64_t size, FactorKind kind = FactorKind::Parallel,
                  Combine combine = Combine::Sum) {
    rule.factors.push_back({size, kind, combine});
    return rule.factors.size() - 1;
  }
  /// One parallel factor per dimension of `type`.
  SmallVector<unsigned> factorsOf(RankedTensorType type) {
    SmallVector<unsigned> factors;
    for (int64_t size : type.getShape())
      factors.push_back(factor(size));
    return factors;
  }
  TensorFactors &operand(unsigned index) { return rule.operands[index]; }
  TensorFactors &result(unsigned index) { return rule.results[index]; }

  /// Maps the dimensions of `type`, aligned at the trailing end with the
  /// dimensions that `factors` stand for (sized `target`), as NumPy
  /// broadcasting does: a dimension of size 1 against a larger one is a
  /// broadcast and belongs to no factor.
  static TensorFactors broadcastDims(RankedTensorType type,
                                     RankedTensorType target,
                                     ArrayRef<unsigned> factors) {
    TensorFactors dims(type.getRank());
    int64_t offset = target.getRank() - type.getRank();
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      int64_t at = dim + offset;
      if (at < 0)
        continue;
      if (type.getDimSize(dim) == 1 && target.getDimSize(at) != 1)
        continue;
      dims[dim] = {factors[at]};
    }
    return dims;
  }
  static TensorFactors identityDims(ArrayRef<unsigned> factors) {
    TensorFactors dims;
    for (unsigned factor : factors)
      dims.push_back({factor});
    return dims;
  }

  OpShardingRule take(PartialPolicy policy, SmallVector<bool> linear = {}) {
    rule.partial = policy;
    rule.linear = std::move(linear);
    return std::move(rule);
  }

  OpShardingRule rule;
};

/// Gives every tensor that no builder mapped one entry per dimension,
/// belonging to no factor.
void fillUnmapped(Operation *op, OpShardingRule &rule) {
  for (auto [dims, value] : llvm::zip(rule.operands, op->getOperands()))
    if (auto type = tensorType(value); type && dims.size() != type.getRank())
      dims.assign(type.getRank(), {});
  for (auto [dims, value] : llvm::zip(rule.results, op->getResults()))
    if (auto type = tensorType(value); type && dims.size() != type.getRank())
      dims.assign(type.getRank(), {});
}

OpShardingRule elementwiseRule(Operation *op) {
  RuleBuilder builder(op);
  auto resultType = tensorType(op->getResult(0));
  SmallVector<unsigned> factors = builder.factorsOf(resultType);
  builder.result(0) = RuleBuilder::identityDims(factors);
  for (auto [index, value] : llvm::enumerate(op->getOperands()))
    if (auto type = tensorType(value))
      builder.operand(index) =
          RuleBuilder::broadcastDims(type, resultType, factors);
  // Sums of addends stay sums through the linear ops only.
  if (isa<AddOp, SubOp>(op))
    return builder.take(PartialPolicy::SameOnAll, {true, true});
  if (isa<MulOp>(op))
    return builder.take(PartialPolicy::OneOperand, {true, true});
  if (isa<DivOp>(op))
    return builder.take(PartialPolicy::OneOperand, {true, false});
  if (isa<NegOp>(op))
    return builder.take(PartialPolicy::OneOperand, {true});
  return builder.take(PartialPolicy::Reduce);
}

/// matmul and matmul_integer (whose i32 sums split over K add up exactly,
/// wrapping alike).
OpShardingRule matmulRule(Operation *op) {
  RuleBuilder builder(op);
  auto lhs = tensorType(op->getOperand(0)), rhs = tensorType(op->getOperand(1));
  auto result = tensorType(op->getResult(0));
  int64_t batchRank = result.getRank() - 2;
  SmallVector<unsigned> batch;
  for (int64_t dim = 0; dim < batchRank; ++dim)
    batch.push_back(builder.factor(result.getDimSize(dim)));
  unsigned m = builder.factor(result.getDimSize(batchRank));
  unsigned n = builder.factor(result.getDimSize(batchRank + 1));
  unsigned k = builder.factor(lhs.getDimSize(lhs.getRank() - 1),
                              FactorKind::Reduction, Combine::Sum);
  auto batchDims = [&](RankedTensorType type) {
    // The batch dimensions broadcast like elementwise operands.
    auto batchType = RankedTensorType::get(
        type.getShape().drop_back(2), type.getElementType());
    auto resultBatch = RankedTensorType::get(
        result.getShape().drop_back(2), result.getElementType());
    return RuleBuilder::broadcastDims(batchType, resultBatch, batch);
  };
  TensorFactors lhsDims = batchDims(lhs);
  lhsDims.push_back({m});
  lhsDims.push_back({k});
  TensorFactors rhsDims = batchDims(rhs);
  rhsDims.push_back({k});
  rhsDims.push_back({n});
  builder.operand(0) = lhsDims;
  builder.operand(1) = rhsDims;
  TensorFactors resultDims = RuleBuilder::identityDims(batch);
  resultDims.push_back({m});
  resultDims.push_back({n});
  builder.result(0) = resultDims;
  return builder.take(PartialPolicy::OneOperand, {true, true});
}

/// Convolutions: batch and channels only; the spatial dimensions and the
/// window are never split (a split would need halo exchange). With groups
/// the channel dimensions are [groups, channels per group], major first.
OpShardingRule convRule(Operation *op, int64_t groups, bool transposed) {
  RuleBuilder builder(op);
  auto input = tensorType(op->getOperand(0));
  auto filter = tensorType(op->getOperand(1));
  auto perGroup = [&](int64_t size) {
    return ShapedType::isDynamic(size) ? size : size / groups;
  };
  unsigned n = builder.factor(input.getDimSize(0));
  std::optional<unsigned> g;
  if (groups > 1)
    g = builder.factor(groups);
  int64_t outChannels = transposed ? filter.getDimSize(1) * groups
                                   : filter.getDimSize(0);
  if (transposed && ShapedType::isDynamic(filter.getDimSize(1)))
    outChannels = ShapedType::kDynamic;
  unsigned og = builder.factor(perGroup(outChannels));
  unsigned cg = builder.factor(perGroup(input.getDimSize(1)),
                               FactorKind::Reduction, Combine::Sum);
  auto grouped = [&](unsigned factor) {
    SmallVector<unsigned, 2> dim;
    if (g)
      dim.push_back(*g);
    dim.push_back(factor);
    return dim;
  };
  TensorFactors inputDims(input.getRank());
  inputDims[0] = {n};
  inputDims[1] = grouped(cg);
  TensorFactors filterDims(filter.getRank());
  if (transposed) {
    filterDims[0] = grouped(cg);
    filterDims[1] = {og};
  } else {
    filterDims[0] = grouped(og);
    filterDims[1] = {cg};
  }
  TensorFactors resultDims(tensorType(op->getResult(0)).getRank());
  resultDims[0] = {n};
  resultDims[1] = grouped(og);
  builder.operand(0) = inputDims;
  builder.operand(1) = filterDims;
  builder.result(0) = resultDims;
  return builder.take(PartialPolicy::OneOperand, {true, true});
}

OpShardingRule poolRule(Operation *op, bool linear) {
  RuleBuilder builder(op);
  auto input = tensorType(op->getOperand(0));
  unsigned n = builder.factor(input.getDimSize(0));
  unsigned c = builder.factor(input.getDimSize(1));
  TensorFactors dims(input.getRank());
  dims[0] = {n};
  dims[1] = {c};
  builder.operand(0) = dims;
  builder.result(0) = dims;
  return linear ? builder.take(PartialPolicy::OneOperand, {true})
                : builder.take(PartialPolicy::Reduce);
}

/// Reductions over `axes`: a split reduced dimension leaves partial results;
/// sums (and means, whose local part divides by the global count) stay
/// pending, max/min/product are combined by the op itself.
OpShardingRule reduceRule(Operation *op, ArrayRef<int64_t> axes, bool keepdims,
                          std::optional<Combine> combine) {
  RuleBuilder builder(op);
  auto input = tensorType(op->getOperand(0));
  TensorFactors inputDims, resultDims;
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    bool reduced = llvm::is_contained(axes, dim);
    if (!reduced) {
      unsigned factor = builder.factor(input.getDimSize(dim));
      inputDims.push_back({factor});
      resultDims.push_back({factor});
      continue;
    }
    if (combine) {
      inputDims.push_back({builder.factor(input.getDimSize(dim),
                                          FactorKind::Reduction, *combine)});
    } else {
      inputDims.push_back({}); // Must be whole.
    }
    if (keepdims)
      resultDims.push_back({});
  }
  builder.operand(0) = inputDims;
  for (unsigned index = 0; index < op->getNumResults(); ++index)
    builder.result(index) = resultDims;
  bool linear = combine == Combine::Sum;
  return linear ? builder.take(PartialPolicy::OneOperand, {true})
                : builder.take(PartialPolicy::Reduce);
}

/// Softmax, log_softmax and layer_norm normalize over some dimensions,
/// which must then be whole; the others pass through.
OpShardingRule normalizeRule(Operation *op, int64_t firstNormalized,
                             int64_t onlyNormalized) {
  RuleBuilder builder(op);
  auto input = tensorType(op->getOperand(0));
  SmallVector<unsigned> factors;
  TensorFactors dims;
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    bool normalized = onlyNormalized >= 0 ? dim == onlyNormalized
                                          : dim >= firstNormalized;
    unsigned factor = builder.factor(input.getDimSize(dim),
                                     normalized ? FactorKind::Replicated
                                                : FactorKind::Parallel);
    factors.push_back(factor);
    dims.push_back({factor});
  }
  builder.operand(0) = dims;
  builder.result(0) = dims;
  // layer_norm's scale and bias broadcast to the normalized dimensions.
  for (unsigned index = 1; index < op->getNumOperands(); ++index)
    if (auto type = tensorType(op->getOperand(index)))
      builder.operand(index) =
          RuleBuilder::broadcastDims(type, input, factors);
  return builder.take(PartialPolicy::Reduce);
}

/// Ops along one axis that must be whole there (argmax, cumsum, topk).
OpShardingRule axisRule(Operation *op, int64_t axis, bool keepAxis,
                        bool linear) {
  RuleBuilder builder(op);
  auto input = tensorType(op->getOperand(0));
  TensorFactors inputDims, resultDims;
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    if (dim == axis) {
      inputDims.push_back({});
      if (keepAxis)
        resultDims.push_back({});
      continue;
    }
    unsigned factor = builder.factor(input.getDimSize(dim));
    inputDims.push_back({factor});
    resultDims.push_back({factor});
  }
  builder.operand(0) = inputDims;
  for (unsigned index = 0; index < op->getNumResults(); ++index)
    builder.result(index) = resultDims;
  return linear ? builder.take(PartialPolicy::OneOperand, {true})
                : builder.take(PartialPolicy::Reduce);
}

OpShardingRule transposeRule(TransposeOp op) {
  RuleBuilder builder(op);
  SmallVector<unsigned> factors =
      builder.factorsOf(tensorType(op.getInput()));
  builder.operand(0) = RuleBuilder::identityDims(factors);
  TensorFactors resultDims;
  for (int64_t source : op.getPermutation())
    resultDims.push_back({factors[source]});
  builder.result(0) = resultDims;
  return builder.take(PartialPolicy::OneOperand, {true});
}

/// A reshape groups the dimensions of both sides into runs of equal
/// product. A run of one dimension on either side keeps its factors: a
/// split dimension [H*D] -> [H, D] is made of the factors H and D (major
/// first), so a split of the merged dimension maps onto H when H divides
/// by it. A run of several dimensions on both sides ([6, 4] -> [4, 6])
/// and every dimension of a reshape with dynamic sizes belong to no factor.
OpShardingRule reshapeRule(ReshapeOp op) {
  RuleBuilder builder(op);
  auto input = tensorType(op.getInput());
  auto result = tensorType(op.getResult());
  TensorFactors inputDims(input.getRank()), resultDims(result.getRank());
  if (input.hasStaticShape() && result.hasStaticShape() &&
      input.getNumElements() == result.getNumElements() &&
      input.getNumElements() > 0) {
    auto nonUnit = [](RankedTensorType type) {
      SmallVector<int64_t> dims;
      for (int64_t dim = 0; dim < type.getRank(); ++dim)
        if (type.getDimSize(dim) != 1)
          dims.push_back(dim);
      return dims;
    };
    SmallVector<int64_t> in = nonUnit(input), out = nonUnit(result);
    size_t i = 0, j = 0;
    while (i < in.size() && j < out.size()) {
      SmallVector<int64_t> inRun{in[i++]}, outRun{out[j++]};
      int64_t inProduct = input.getDimSize(inRun[0]);
      int64_t outProduct = result.getDimSize(outRun[0]);
      while (inProduct != outProduct) {
        if (inProduct < outProduct) {
          inRun.push_back(in[i]);
          inProduct *= input.getDimSize(in[i++]);
        } else {
          outRun.push_back(out[j]);
          outProduct *= result.getDimSize(out[j++]);
        }
      }
      if (inRun.size() > 1 && outRun.size() > 1)
        continue;
      // The side with several dimensions names the factors.
      bool splits = outRun.size() > 1;
      RankedTensorType many = splits ? result : input;
      ArrayRef<int64_t> manyRun = splits ? outRun : inRun;
      TensorFactors &manyDims = splits ? resultDims : inputDims;
      auto &oneDim = splits ? inputDims[inRun[0]] : resultDims[outRun[0]];
      for (int64_t dim : manyRun) {
        unsigned factor = builder.factor(many.getDimSize(dim));
        manyDims[dim] = {factor};
        oneDim.push_back(factor);
      }
    }
  }
  builder.operand(0) = inputDims;
  builder.result(0) = resultDims;
  return builder.take(PartialPolicy::OneOperand, {true});
}

/// broadcast_to and expand: input dimension `i` is result dimension
/// `placement[i]` unless it is a broadcast of size 1.
OpShardingRule broadcastRule(Operation *op, ArrayRef<int64_t> placement) {
  RuleBuilder builder(op);
  auto input = tensorType(op->getOperand(0));
  auto result = tensorType(op->getResult(0));
  SmallVector<unsigned> factors = builder.factorsOf(result);
  builder.result(0) = RuleBuilder::identityDims(factors);
  TensorFactors inputDims(input.getRank());
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    int64_t at = placement[dim];
    if (input.getDimSize(dim) == 1 && result.getDimSize(at) != 1)
      continue;
    inputDims[dim] = {factors[at]};
  }
  builder.operand(0) = inputDims;
  return builder.take(PartialPolicy::OneOperand, {true});
}

/// Ops that keep some dimensions as they are (concat off its axis, slice
/// and pad where they take or add nothing) and need the others whole.
OpShardingRule passThroughRule(Operation *op, ArrayRef<bool> kept,
                               PartialPolicy policy, SmallVector<bool> linear) {
  RuleBuilder builder(op);
  auto result = tensorType(op->getResult(0));
  TensorFactors dims(result.getRank());
  for (int64_t dim = 0; dim < result.getRank(); ++dim)
    if (kept[dim])
      dims[dim] = {builder.factor(result.getDimSize(dim))};
  for (auto [index, value] : llvm::enumerate(op->getOperands()))
    if (tensorType(value))
      builder.operand(index) = dims;
  builder.result(0) = dims;
  return builder.take(policy, std::move(linear));
}

/// gather: the data's gathered axis is a reduction factor. A device holding
/// rows [lo, hi) of a vocabulary-split table looks up the indices in its
/// range and gives zeros for the others, so the sum over the axis's devices
/// is the full lookup: the result is a pending sum.
OpShardingRule gatherRule(GatherOp op) {
  RuleBuilder builder(op);
  auto data = tensorType(op.getData());
  auto indices = tensorType(op.getIndices());
  int64_t axis = op.getAxis();
  TensorFactors dataDims, indexDims, resultDims;
  for (int64_t dim = 0; dim < data.getRank(); ++dim) {
    if (dim == axis) {
      dataDims.push_back({builder.factor(data.getDimSize(dim),
                                         FactorKind::Reduction, Combine::Sum)});
      for (int64_t index = 0; index < indices.getRank(); ++index) {
        unsigned factor = builder.factor(indices.getDimSize(index));
        indexDims.push_back({factor});
        resultDims.push_back({factor});
      }
      continue;
    }
    unsigned factor = builder.factor(data.getDimSize(dim));
    dataDims.push_back({factor});
    resultDims.push_back({factor});
  }
  builder.operand(0) = dataDims;
  builder.operand(1) = indexDims;
  builder.result(0) = resultDims;
  return builder.take(PartialPolicy::OneOperand, {true, false});
}

/// True for a constant of zeros: a scatter-add into it can run on every
/// device with that device's updates only, the sum over devices being the
/// whole scatter (autodiff's adjoints of gathers are such scatters).
bool isZeros(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  auto dense = constant ? dyn_cast<DenseElementsAttr>(constant.getValue())
                        : DenseElementsAttr();
  if (!dense || !dense.isSplat())
    return false;
  if (isa<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().isPosZero();
  return dense.getSplatValue<APInt>().isZero();
}

bool addsIntoZeros(Value data, ScatterReduction reduction) {
  return reduction == ScatterReduction::add && isZeros(data);
}

/// gather_elements and scatter (ONNX ScatterElements): off the axis, a
/// dimension that data, indices (and updates) have at one size is split the
/// same way in all of them and in the result, so each device picks or
/// writes within its own rows (the batch of a cross-entropy loss). Along the
/// axis the data must be whole: any index may point anywhere in it. A
/// dimension where indices are smaller than the data stays whole too.
OpShardingRule alongAxisRule(Operation *op, Value data, Value indices,
                             int64_t axis, PartialPolicy policy,
                             SmallVector<bool> linear) {
  RuleBuilder builder(op);
  auto dataType = tensorType(data);
  auto indexType = tensorType(indices);
  TensorFactors dataDims(dataType.getRank()), indexDims(indexType.getRank());
  for (int64_t dim = 0; dim < dataType.getRank(); ++dim) {
    int64_t size = dataType.getDimSize(dim);
    if (dim == axis || ShapedType::isDynamic(size) ||
        size != indexType.getDimSize(dim))
      continue;
    unsigned factor = builder.factor(size);
    dataDims[dim] = {factor};
    indexDims[dim] = {factor};
  }
  // gather_elements: the result has the indices' shape, and splitting the
  // indices along the axis splits the result with them.
  // Splitting the indices along the axis splits gather_elements' result
  // with them; a scatter-add into zeros sums the devices' parts.
  bool gathers = isa<GatherElementsOp>(op);
  auto scatter = dyn_cast<ScatterOp>(op);
  if (!ShapedType::isDynamic(indexType.getDimSize(axis))) {
    if (gathers)
      indexDims[axis] = {builder.factor(indexType.getDimSize(axis))};
    else if (addsIntoZeros(data, scatter.getReduction()))
      indexDims[axis] = {builder.factor(indexType.getDimSize(axis),
                                        FactorKind::Reduction, Combine::Sum)};
  }
  builder.operand(0) = dataDims;
  builder.operand(1) = indexDims;
  if (gathers) {
    builder.result(0) = indexDims;
  } else {
    builder.operand(2) = indexDims; // updates: the shape of the indices
    builder.result(0) = dataDims;
  }
  return builder.take(policy, std::move(linear));
}

/// scatter_nd: the data dimensions after the indexed ones are slices the
/// updates carry whole, split alike in data, updates and result. The
/// dimensions of the index tuples are split only for a scatter-add into
/// zeros, where they are a summed reduction (each device adds its own
/// tuples' updates); otherwise they and the indexed data dimensions stay
/// whole.
OpShardingRule scatterNdRule(ScatterNdOp op) {
  RuleBuilder builder(op);
  auto data = tensorType(op.getData());
  auto indices = tensorType(op.getIndices());
  int64_t tuples = indices.getRank() - 1;
  int64_t indexed = indices.getDimSize(tuples);
  TensorFactors dataDims(data.getRank()), indexDims(indices.getRank()),
      updateDims(tuples + data.getRank() - indexed);
  if (addsIntoZeros(op.getData(), op.getReduction()))
    for (int64_t dim = 0; dim < tuples; ++dim)
      if (!ShapedType::isDynamic(indices.getDimSize(dim))) {
        unsigned factor = builder.factor(indices.getDimSize(dim),
                                         FactorKind::Reduction, Combine::Sum);
        indexDims[dim] = {factor};
        updateDims[dim] = {factor};
      }
  for (int64_t dim = indexed; dim < data.getRank(); ++dim) {
    unsigned factor = builder.factor(data.getDimSize(dim));
    dataDims[dim] = {factor};
    updateDims[tuples + dim - indexed] = {factor};
  }
  builder.operand(0) = dataDims;
  builder.operand(1) = indexDims;
  builder.operand(2) = updateDims;
  builder.result(0) = dataDims;
  return builder.take(PartialPolicy::Reduce);
}

/// Ops without operands produce every block locally: a constant's devices
/// hold their blocks of it, and iota's values along its counting dimension
/// depend on the position, so that dimension stays whole.
OpShardingRule sourceRule(Operation *op, std::optional<int64_t> wholeDim) {
  RuleBuilder builder(op);
  auto result = tensorType(op->getResult(0));
  TensorFactors dims(result.getRank());
  for (int64_t dim = 0; dim < result.getRank(); ++dim)
    if (!wholeDim || dim != *wholeDim)
      dims[dim] = {builder.factor(result.getDimSize(dim))};
  builder.result(0) = dims;
  return builder.take(PartialPolicy::Reduce);
}

/// `shard.shard` passes its value through unchanged; an annotated value is
/// always a reduced one (upstream 22 has no partial annotations).
OpShardingRule shardRule(shard::ShardOp op) {
  RuleBuilder builder(op);
  SmallVector<unsigned> factors = builder.factorsOf(tensorType(op.getSrc()));
  builder.operand(0) = RuleBuilder::identityDims(factors);
  builder.result(0) = RuleBuilder::identityDims(factors);
  return builder.take(PartialPolicy::Reduce);
}

SmallVector<bool> keptDims(RankedTensorType type,
                           llvm::function_ref<bool(int64_t)> keeps) {
  SmallVector<bool> kept;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    kept.push_back(keeps(dim));
  return kept;
}

std::optional<OpShardingRule> ruleOf(Operation *op) {
  if (op->getNumResults() == 0 || !tensorType(op->getResult(0)))
    return std::nullopt;
  if (isElementwise(op))
    return elementwiseRule(op);
  return llvm::TypeSwitch<Operation *, std::optional<OpShardingRule>>(op)
      .Case<MatmulOp, MatmulIntegerOp>(
          [](Operation *op) { return matmulRule(op); })
      .Case([](ConvOp op) { return convRule(op, op.getGroups(), false); })
      .Case([](ConvIntegerOp op) {
        return convRule(op, op.getGroups(), false);
      })
      .Case([](ConvTransposeOp op) {
        return convRule(op, op.getGroups(), true);
      })
      .Case([](MaxPoolOp op) { return poolRule(op, /*linear=*/false); })
      .Case([](AvgPoolOp op) { return poolRule(op, /*linear=*/true); })
      .Case<ReduceSumOp, ReduceMeanOp>(
          [](auto op) -> std::optional<OpShardingRule> {
            // An integer mean truncates, so partial means do not add up.
            bool exact = isa<ReduceSumOp>(op) ||
                         isa<FloatType>(op.getInput().getType().getElementType());
            return reduceRule(op, op.getAxes(), op.getKeepdims(),
                              exact ? std::optional(Combine::Sum)
                                    : std::nullopt);
          })
      .Case([](ReduceMaxOp op) {
        return reduceRule(op, op.getAxes(), op.getKeepdims(), Combine::Max);
      })
      .Case([](ReduceMinOp op) {
        return reduceRule(op, op.getAxes(), op.getKeepdims(), Combine::Min);
      })
      .Case([](ReduceProdOp op) {
        return reduceRule(op, op.getAxes(), op.getKeepdims(),
                          Combine::Product);
      })
      .Case<ArgMaxOp, ArgMinOp>([](auto op) {
        return axisRule(op, op.getAxis(), op.getKeepdims(), /*linear=*/false);
      })
      .Case([](CumSumOp op) {
        return axisRule(op, op.getAxis(), /*keepAxis=*/true, /*linear=*/true);
      })
      .Case([](TopKOp op) {
        return axisRule(op, op.getAxis(), /*keepAxis=*/true, /*linear=*/false);
      })
      .Case<SoftmaxOp, LogSoftmaxOp>([](auto op) {
        return normalizeRule(op, /*firstNormalized=*/-1, op.getAxis());
      })
      .Case([](LayerNormOp op) {
        return normalizeRule(op, op.getAxis(), /*onlyNormalized=*/-1);
      })
      .Case([](TransposeOp op) { return transposeRule(op); })
      .Case([](ReshapeOp op) { return reshapeRule(op); })
      .Case([](BroadcastToOp op) {
        int64_t offset = op.getType().getRank() -
                         op.getInput().getType().getRank();
        SmallVector<int64_t> placement;
        for (int64_t dim = 0; dim < op.getInput().getType().getRank(); ++dim)
          placement.push_back(dim + offset);
        return broadcastRule(op, placement);
      })
      .Case([](ExpandOp op) { return broadcastRule(op, op.getDims()); })
      .Case([](ConcatOp op) {
        SmallVector<bool> linear(op->getNumOperands(), true);
        return passThroughRule(
            op, keptDims(op.getType(),
                         [&](int64_t dim) { return dim != op.getAxis(); }),
            PartialPolicy::SameOnAll, linear);
      })
      .Case([](SliceOp op) {
        RankedTensorType input = op.getInput().getType();
        return passThroughRule(
            op, keptDims(op.getType(),
                         [&](int64_t dim) {
                           int64_t size = input.getDimSize(dim);
                           return op.getOffsets()[dim] == 0 &&
                                  op.getSteps()[dim] == 1 &&
                                  !ShapedType::isDynamic(size) &&
                                  size == op.getType().getDimSize(dim);
                         }),
            PartialPolicy::OneOperand, {true});
      })
      .Case([](PadOp op) {
        return passThroughRule(
            op, keptDims(op.getType(),
                         [&](int64_t dim) {
                           return op.getLow()[dim] == 0 &&
                                  op.getHigh()[dim] == 0;
                         }),
            PartialPolicy::Reduce, {});
      })
      .Case([](TriluOp op) {
        int64_t rank = op.getType().getRank();
        return passThroughRule(
            op, keptDims(op.getType(),
                         [&](int64_t dim) { return dim < rank - 2; }),
            PartialPolicy::OneOperand, {true});
      })
      .Case([](GatherOp op) { return gatherRule(op); })
      .Case([](GatherElementsOp op) {
        // Picking elements of a pending sum picks its addends.
        return alongAxisRule(op, op.getData(), op.getIndices(), op.getAxis(),
                             PartialPolicy::OneOperand, {true, false});
      })
      .Case([](ScatterNdOp op) { return scatterNdRule(op); })
      .Case([](ScatterOp op) {
        return alongAxisRule(op, op.getData(), op.getIndices(), op.getAxis(),
                             PartialPolicy::Reduce, {});
      })
      .Case([](ConstantOp op) { return sourceRule(op, std::nullopt); })
      .Case([](IotaOp op) { return sourceRule(op, op.getDim()); })
      .Case([](shard::ShardOp op) { return shardRule(op); })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace

OpShardingRule getShardingRule(Operation *op) {
  std::optional<OpShardingRule> rule = ruleOf(op);
  if (!rule) {
    rule.emplace();
    rule->operands.resize(op->getNumOperands());
    rule->results.resize(op->getNumResults());
    rule->isFallback = true;
  }
  fillUnmapped(op, *rule);
  return std::move(*rule);
}

} // namespace loom::sharding
