//===- Partition.cpp - One program for every device ---------------------------===//
//
// Part of the Loom project.
//
// loom-partition: rewrites the entry function, whose tensors carry the
// layouts `loom-propagate-sharding` chose, into the program each device
// runs (SPMD: one program, every device on its own part of the data).
// Arguments and results take their device-local types; every op is rebuilt
// on local operands with local result types, after the collectives that
// bring each operand into the layout the op reads it in (Reshard.h); a
// constant stays whole and is followed by `shard.all_slice`, which artifact
// emission turns into each device's own slice. Two ops change meaning on a
// split reduction: a max, min or product reduction is combined at once
// (all_reduce), and a mean over split axes is a partial sum of local means,
// so it is scaled by the local over the whole count. An op whose local form
// does not verify is an error at the op that names its layouts.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"
#include "ir/ShardingAttr.h"
#include "passes/sharding/Reshard.h"
#include "passes/sharding/ShardingRules.h"
#include "passes/sharding/ShardingSpec.h"

#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"

namespace loom {
#define GEN_PASS_DEF_LOOMPARTITION
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

using sharding::Mesh;
using sharding::MeshAxis;
using sharding::TensorSharding;

/// What happens after an op's local form so that its result means what the
/// recorded layout says.
struct Fixup {
  /// Split max/min/product reductions: all-reduce over these axes.
  SmallVector<MeshAxis> combineAxes;
  shard::ReductionKind combine = shard::ReductionKind::Sum;
  /// A mean over split axes: multiply by 1 / this.
  int64_t meanDivisor = 1;
};

shard::ReductionKind reductionKind(sharding::Combine combine) {
  switch (combine) {
  case sharding::Combine::Sum:
    return shard::ReductionKind::Sum;
  case sharding::Combine::Max:
    return shard::ReductionKind::Max;
  case sharding::Combine::Min:
    return shard::ReductionKind::Min;
  case sharding::Combine::Product:
    return shard::ReductionKind::Product;
  }
  llvm_unreachable("unknown combine");
}

class Partitioner {
public:
  Partitioner(func::FuncOp function, shard::GridOp grid, const Mesh &mesh)
      : function(function), mesh(mesh),
        grid(FlatSymbolRefAttr::get(grid.getSymNameAttr())) {}

  LogicalResult run();

private:
  /// The layout of a value of the original function.
  FailureOr<TensorSharding> layoutOf(Value value);
  /// What `op` needs after its local form (see Fixup), from its rule and
  /// the layouts it reads its operands in.
  Fixup fixupOf(Operation *op);
  LogicalResult partitionOp(Operation *op, OpBuilder &builder);
  Value partitionSplitGather(GatherOp gather, ArrayRef<Value> operands,
                             OpBuilder &builder);
  Value local(Value value) { return mapping.lookupOrDefault(value); }
  /// `value` in layout `want`, through collectives built at the builder's
  /// point the first time a value is asked for in a layout and reused
  /// after: a gradient read by several optimizer ops is all-reduced once.
  Value reshardOnce(OpBuilder &builder, Location loc, Value value,
                    const TensorSharding &have, const TensorSharding &want);

  func::FuncOp function;
  const Mesh &mesh;
  FlatSymbolRefAttr grid;
  IRMapping mapping;
  /// The whole (unpartitioned) type of every tensor of the function.
  DenseMap<Value, RankedTensorType> wholeTypes;
  DenseMap<Operation *, Fixup> fixups;
  /// reshardOnce's values: (a value of the original function, a layout).
  DenseMap<std::pair<Value, Attribute>, Value> resharded;
};

Value Partitioner::reshardOnce(OpBuilder &builder, Location loc, Value value,
                               const TensorSharding &have,
                               const TensorSharding &want) {
  Value &moved = resharded[{value, sharding::toAttr(grid, want)}];
  if (!moved)
    moved = sharding::reshard(builder, loc, grid, mesh, local(value),
                              wholeTypes.lookup(value), have, want);
  return moved;
}

FailureOr<TensorSharding> Partitioner::layoutOf(Value value) {
  if (ShardingAttr attr = getValueSharding(value))
    return sharding::fromAttr(attr);
  if (auto annotation = value.getDefiningOp<shard::ShardOp>())
    if (auto spec = annotation.getSharding().getDefiningOp<shard::ShardingOp>())
      return sharding::fromShardingOp(
          spec, cast<RankedTensorType>(value.getType()).getRank());
  if (Operation *op = value.getDefiningOp())
    return op->emitError("a result of this op has no sharding; run "
                         "loom-propagate-sharding before loom-partition");
  return function.emitError("argument #")
         << cast<BlockArgument>(value).getArgNumber()
         << " has no sharding; run loom-propagate-sharding before "
            "loom-partition";
}

Fixup Partitioner::fixupOf(Operation *op) {
  Fixup fixup;
  sharding::OpShardingRule rule = sharding::getShardingRule(op);
  for (OpOperand &use : op->getOpOperands()) {
    if (!isa<RankedTensorType>(use.get().getType()) ||
        use.getOperandNumber() >= rule.operands.size())
      continue;
    ShardingAttr read = getOperandSharding(use);
    if (!read)
      continue;
    TensorSharding layout = sharding::fromAttr(read);
    const sharding::TensorFactors &dims = rule.operands[use.getOperandNumber()];
    for (auto [dim, factors] : llvm::enumerate(dims)) {
      if (factors.size() != 1 || dim >= layout.rank() ||
          layout.dims[dim].empty())
        continue;
      const sharding::Factor &factor = rule.factors[factors.front()];
      if (factor.kind != sharding::FactorKind::Reduction)
        continue;
      if (factor.combine != sharding::Combine::Sum) {
        for (MeshAxis axis : layout.dims[dim])
          if (!llvm::is_contained(fixup.combineAxes, axis))
            fixup.combineAxes.push_back(axis);
        fixup.combine = reductionKind(factor.combine);
      } else if (isa<ReduceMeanOp>(op)) {
        fixup.meanDivisor *= mesh.product(layout.dims[dim]);
      }
    }
  }
  llvm::sort(fixup.combineAxes);
  return fixup;
}

/// A gather from a table split along the gathered axis (a vocabulary-split
/// embedding): each device holds rows [offset, offset + rows) and looks up
/// only the indices that fall there, giving zeros elsewhere, so the devices'
/// results are addends of the whole lookup (the result is a pending sum).
/// Each device's offset is a constant of its own: a whole [n] constant of
/// the offsets, sliced like the table. Returns null for any other gather.
Value Partitioner::partitionSplitGather(GatherOp gather,
                                        ArrayRef<Value> operands,
                                        OpBuilder &builder) {
  ShardingAttr read = getOperandSharding(gather->getOpOperand(0));
  int64_t axis = gather.getAxis();
  if (!read)
    return nullptr;
  TensorSharding layout = sharding::fromAttr(read);
  ArrayRef<MeshAxis> axes = layout.dims[axis];
  if (axes.empty())
    return nullptr;
  Location loc = gather.getLoc();
  Value table = operands[0], indices = operands[1];
  auto indexType = cast<RankedTensorType>(indices.getType());
  Type indexElement = indexType.getElementType();
  int64_t rows = cast<RankedTensorType>(table.getType()).getDimSize(axis);
  int64_t parts = mesh.product(axes);

  SmallVector<APInt> starts;
  unsigned width = indexElement.getIntOrFloatBitWidth();
  for (int64_t part = 0; part < parts; ++part)
    starts.push_back(APInt(width, part * rows, /*isSigned=*/true));
  auto startsType = RankedTensorType::get({parts}, indexElement);
  Value allStarts = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(startsType, starts));
  TensorSharding startsLayout = TensorSharding::replicated(1);
  startsLayout.dims[0].assign(axes.begin(), axes.end());
  Value start = sharding::reshard(builder, loc, grid, mesh, allStarts,
                                  startsType,
                                  TensorSharding::replicated(1), startsLayout);
  auto scalar = RankedTensorType::get({}, indexElement);
  start = ReshapeOp::create(builder, loc, scalar, start);
  auto scalarConstant = [&](int64_t value) -> Value {
    return ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(scalar, APInt(width, value, true)));
  };
  Value shifted = SubOp::create(builder, loc, indices, start);
  Value inside = AndOp::create(
      builder, loc,
      CompareOp::create(builder, loc, ComparePredicate::ge, shifted,
                        scalarConstant(0)),
      CompareOp::create(builder, loc, ComparePredicate::lt, shifted,
                        scalarConstant(rows)));
  Value safe = SelectOp::create(builder, loc, inside, shifted,
                                scalarConstant(0));
  Value rowsOut = GatherOp::create(builder, loc, table, safe, axis);
  auto resultType = cast<RankedTensorType>(rowsOut.getType());
  // The mask, broadcast over the table's other dimensions.
  SmallVector<int64_t> maskShape(axis, 1);
  llvm::append_range(maskShape, indexType.getShape());
  maskShape.resize(resultType.getRank(), 1);
  Value mask = ReshapeOp::create(
      builder, loc,
      RankedTensorType::get(maskShape, builder.getI1Type()), inside);
  Type element = resultType.getElementType();
  Value zero = ConstantOp::create(
      builder, loc,
      cast<ElementsAttr>(builder.getZeroAttr(RankedTensorType::get({}, element))));
  return SelectOp::create(builder, loc, mask, rowsOut, zero);
}

LogicalResult Partitioner::partitionOp(Operation *op, OpBuilder &builder) {
  Location loc = op->getLoc();
  // An annotation moves its operand into the annotated layout.
  if (auto annotation = dyn_cast<shard::ShardOp>(op)) {
    FailureOr<TensorSharding> from = layoutOf(annotation.getSrc());
    FailureOr<TensorSharding> to = layoutOf(annotation.getResult());
    if (failed(from) || failed(to))
      return failure();
    mapping.map(annotation.getResult(),
                sharding::reshard(builder, loc, grid, mesh,
                                  local(annotation.getSrc()),
                                  wholeTypes.lookup(annotation.getSrc()),
                                  *from, *to));
    return success();
  }
  if (isa<shard::ShardingOp>(op))
    return success();

  // Operands into the layouts the op reads them in.
  SmallVector<Value> operands;
  for (OpOperand &use : op->getOpOperands()) {
    Value value = use.get();
    if (!isa<RankedTensorType>(value.getType())) {
      operands.push_back(local(value));
      continue;
    }
    FailureOr<TensorSharding> have = layoutOf(value);
    if (failed(have))
      return failure();
    TensorSharding want = *have;
    if (ShardingAttr read = getOperandSharding(use))
      want = sharding::fromAttr(read);
    operands.push_back(reshardOnce(builder, loc, value, *have, want));
  }

  if (auto gather = dyn_cast<GatherOp>(op))
    if (Value value = partitionSplitGather(gather, operands, builder)) {
      mapping.map(gather.getResult(), value);
      return success();
    }

  Operation *clone = builder.clone(*op);
  clone->setOperands(operands);
  // A grouped convolution split over its channels keeps whole groups on
  // each device: fewer of them.
  auto localGroups = [&](int64_t groups) {
    int64_t whole = wholeTypes.lookup(op->getOperand(0)).getDimSize(1);
    int64_t here = cast<RankedTensorType>(operands[0].getType()).getDimSize(1);
    return builder.getI64IntegerAttr(groups * here / whole);
  };
  if (auto conv = dyn_cast<ConvOp>(clone); conv && conv.getGroups() > 1)
    conv.setGroupsAttr(localGroups(conv.getGroups()));
  if (auto conv = dyn_cast<ConvTransposeOp>(clone); conv && conv.getGroups() > 1)
    conv.setGroupsAttr(localGroups(conv.getGroups()));
  if (auto conv = dyn_cast<ConvIntegerOp>(clone); conv && conv.getGroups() > 1)
    conv.setGroupsAttr(localGroups(conv.getGroups()));
  for (StringRef name : {LoomDialect::ShardingAttrHelper::getNameStr(),
                         LoomDialect::ResultShardingsAttrHelper::getNameStr(),
                         LoomDialect::OperandShardingsAttrHelper::getNameStr()})
    clone->removeAttr(name);
  const Fixup &fixup = fixups.lookup(op);
  for (auto [result, cloned] :
       llvm::zip_equal(op->getResults(), clone->getResults())) {
    auto type = dyn_cast<RankedTensorType>(result.getType());
    if (!type) {
      mapping.map(result, cloned);
      continue;
    }
    FailureOr<TensorSharding> layout = layoutOf(result);
    if (failed(layout))
      return failure();
    Value value = cloned;
    if (isa<ConstantOp>(op)) {
      // Whole in the program; each device's slice is cut at emission.
      value = sharding::reshard(builder, loc, grid, mesh, cloned, type,
                                TensorSharding::replicated(type.getRank()),
                                *layout);
    } else {
      cloned.setType(sharding::localType(type, *layout, mesh));
    }
    if (!fixup.combineAxes.empty())
      value = shard::AllReduceOp::create(builder, loc, value.getType(),
                                         grid.getValue(), fixup.combineAxes,
                                         value, fixup.combine);
    if (fixup.meanDivisor != 1) {
      auto localType = cast<RankedTensorType>(value.getType());
      Type element = localType.getElementType();
      auto scale = ConstantOp::create(
          builder, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({}, element),
              builder.getFloatAttr(element, 1.0 / fixup.meanDivisor)));
      value = MulOp::create(builder, loc, localType, value, scale);
    }
    mapping.map(result, value);
  }
  if (failed(verify(clone, /*verifyRecursively=*/false))) {
    InFlightDiagnostic diagnostic =
        op->emitError("this op cannot run on the local parts of its operands "
                      "in the layouts chosen for it");
    for (OpOperand &use : op->getOpOperands())
      if (ShardingAttr read = getOperandSharding(use))
        diagnostic.attachNote()
            << "operand #" << use.getOperandNumber() << " is read as " << read;
    return failure();
  }
  return success();
}

LogicalResult Partitioner::run() {
  Block &body = function.getBody().front();
  auto terminator = cast<func::ReturnOp>(body.getTerminator());
  SmallVector<Operation *> ops;
  for (Operation &op : body.without_terminator())
    ops.push_back(&op);

  // Everything that reads the original types happens before any changes.
  for (BlockArgument argument : body.getArguments())
    if (auto type = dyn_cast<RankedTensorType>(argument.getType()))
      wholeTypes[argument] = type;
  for (Operation *op : ops) {
    for (Value result : op->getResults())
      if (auto type = dyn_cast<RankedTensorType>(result.getType()))
        wholeTypes[result] = type;
    if (op->getDialect() == op->getContext()->getLoadedDialect<LoomDialect>())
      fixups[op] = fixupOf(op);
  }
  SmallVector<TensorSharding> argumentLayouts;
  for (BlockArgument argument : body.getArguments()) {
    if (!wholeTypes.count(argument)) {
      argumentLayouts.emplace_back();
      continue;
    }
    FailureOr<TensorSharding> layout = layoutOf(argument);
    if (failed(layout))
      return failure();
    argumentLayouts.push_back(*layout);
  }

  // Arguments take their local types; ops are rebuilt before the originals.
  for (auto [argument, layout] :
       llvm::zip_equal(body.getArguments(), argumentLayouts))
    if (auto type = wholeTypes.lookup(argument))
      argument.setType(sharding::localType(type, layout, mesh));
  for (Operation *op : ops) {
    OpBuilder builder(op);
    if (failed(partitionOp(op, builder)))
      return failure();
  }

  // Results: in the layout callers receive, never pending.
  OpBuilder builder(terminator);
  SmallVector<Value> returned;
  SmallVector<Type> resultTypes;
  for (auto [index, value] : llvm::enumerate(terminator.getOperands())) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type) {
      returned.push_back(local(value));
      resultTypes.push_back(value.getType());
      continue;
    }
    FailureOr<TensorSharding> have = layoutOf(value);
    if (failed(have))
      return failure();
    TensorSharding want = TensorSharding::replicated(type.getRank());
    if (ShardingAttr attr = getFunctionResultSharding(function, index))
      want = sharding::fromAttr(attr);
    want.partial.clear();
    returned.push_back(
        reshardOnce(builder, terminator.getLoc(), value, *have, want));
    resultTypes.push_back(sharding::localType(type, want, mesh));
    function.setResultAttr(index, LoomDialect::ShardingAttrHelper::getNameStr(),
                           sharding::toAttr(grid, want));
  }
  func::ReturnOp::create(builder, terminator.getLoc(), returned);
  terminator.erase();
  for (Operation *op : llvm::reverse(ops)) {
    op->dropAllUses();
    op->erase();
  }
  for (auto [argument, layout] :
       llvm::zip_equal(body.getArguments(), argumentLayouts))
    if (wholeTypes.count(argument))
      function.setArgAttr(argument.getArgNumber(),
                          LoomDialect::ShardingAttrHelper::getNameStr(),
                          sharding::toAttr(grid, layout));
  function.setType(FunctionType::get(function.getContext(),
                                     body.getArgumentTypes(), resultTypes));
  return success();
}

struct LoomPartitionPass : impl::LoomPartitionBase<LoomPartitionPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto grids = module.getOps<shard::GridOp>();
    if (grids.empty())
      return; // Nothing is sharded: the program is the model.
    if (!llvm::hasSingleElement(grids)) {
      module.emitError("the module has several shard.grid ops; partitioning "
                       "supports one");
      return signalPassFailure();
    }
    shard::GridOp grid = *grids.begin();
    func::FuncOp function = sharding::findEntryFunction(module);
    if (!function)
      return;
    std::string error;
    std::optional<Mesh> mesh = sharding::meshOfGrid(grid, error);
    if (!mesh) {
      grid.emitError(error);
      return signalPassFailure();
    }
    if (failed(Partitioner(function, grid, *mesh).run()))
      signalPassFailure();
  }
};

} // namespace
} // namespace loom
