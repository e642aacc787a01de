//===- ExtractSliceProgram.cpp - The program of one slice ----------------===//
//
// Part of the Loom project.
//
// loom-extract-slice-program: a model compiled with a symbolic dimension
// (docs/dynamic-shapes.md) is imported at the dimension's bound B and
// partitioned over a one-axis grid of B devices that splits the symbolic
// dimension of every input that has it: each device then holds one slice
// (one batch element). When that partition needs no collective and no
// device's program differs from another's, the slices are computed
// independently of each other, so the device program is the program of any
// one slice, and the runtime runs it once per slice of whatever size the
// inputs have at run time (at most B). This pass checks that and turns the
// partitioned module into that program: the grid and every layout go; the
// entry gets `loom.dim_symbol` and the arguments and results that carry the
// dimension `loom.sliced_dim`.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/sharding/ShardingSpec.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"

namespace loom {
#define GEN_PASS_DEF_LOOMEXTRACTSLICEPROGRAM
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// The dimension of a layout that is split over `axis`, none when the
/// tensor is whole, or failure when it is split otherwise (over another
/// axis, over several dimensions, or pending).
FailureOr<std::optional<int64_t>> slicedDimension(ShardingAttr layout,
                                                  int16_t axis) {
  if (!layout)
    return std::optional<int64_t>();
  if (!layout.getPartialAxes().empty())
    return failure();
  std::optional<int64_t> sliced;
  for (auto [dim, axes] : llvm::enumerate(layout.getSplitAxes())) {
    if (axes.empty())
      continue;
    if (sliced || axes.size() != 1 || axes[0] != axis)
      return failure();
    sliced = static_cast<int64_t>(dim);
  }
  return sliced;
}

/// Whether the slices of a tensor whose dimension `dim` is split, each of
/// local type `type`, lie one after another in the whole tensor's
/// row-major bytes: every dimension before `dim` has size 1.
bool slicesAreContiguous(RankedTensorType type, int64_t dim) {
  return llvm::all_of(type.getShape().take_front(dim),
                      [](int64_t size) { return size == 1; });
}

std::string nameOf(func::FuncOp function, unsigned index, bool isResult) {
  auto name = isResult
                  ? function.getResultAttrOfType<StringAttr>(index, "loom.name")
                  : function.getArgAttrOfType<StringAttr>(index, "loom.name");
  if (name)
    return name.str();
  return (isResult ? "output_" : "input_") + std::to_string(index);
}

struct LoomExtractSliceProgramPass
    : impl::LoomExtractSliceProgramBase<LoomExtractSliceProgramPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    shard::GridOp grid;
    for (auto candidate : module.getOps<shard::GridOp>()) {
      auto axes = LoomDialect::MeshAxesAttrHelper(&getContext())
                      .getAttr(candidate);
      if (axes && axes.size() == 1 &&
          cast<StringAttr>(axes[0]).getValue() == axis)
        grid = candidate;
    }
    if (!grid)
      return;
    if (llvm::range_size(module.getOps<shard::GridOp>()) != 1) {
      grid.emitError("a symbolic dimension cannot be combined with a device "
                     "mesh yet");
      return signalPassFailure();
    }
    int64_t bound = grid.getShape()[0];
    func::FuncOp entry = sharding::findEntryFunction(module);
    if (!entry)
      return signalPassFailure();

    // The arguments and results: each whole, or split over the axis along
    // one dimension whose slices lie one after another.
    auto sliced = LoomDialect::SlicedDimAttrHelper(&getContext());
    auto layoutHelper = LoomDialect::ShardingAttrHelper(&getContext());
    std::string symbolName;
    auto take = [&](DictionaryAttr attrs, Type type, unsigned index,
                    bool isResult) -> FailureOr<std::optional<int64_t>> {
      ShardingAttr layout =
          attrs ? attrs.getAs<ShardingAttr>(layoutHelper.getName())
                : ShardingAttr();
      std::string what = (isResult ? "output '" : "input '") +
                         nameOf(entry, index, isResult) + "'";
      FailureOr<std::optional<int64_t>> dim = slicedDimension(layout, 0);
      if (failed(dim)) {
        entry.emitError(what) << " would be laid out as " << layout
                              << " over the slices of the symbolic dimension; "
                                 "only one whole dimension can be sliced";
        return failure();
      }
      if (*dim && !slicesAreContiguous(cast<RankedTensorType>(type), **dim)) {
        entry.emitError(what)
            << " carries the symbolic dimension in dimension " << **dim
            << " of " << type
            << ", behind a dimension larger than 1: only a leading symbolic "
               "dimension is supported";
        return failure();
      }
      if (*dim && symbolName.empty() && !isResult)
        symbolName = nameOf(entry, index, false) + ":" + std::to_string(**dim);
      return dim;
    };
    OpBuilder builder(&getContext());
    for (unsigned index = 0; index < entry.getNumArguments(); ++index) {
      FailureOr<std::optional<int64_t>> dim =
          take(entry.getArgAttrDict(index), entry.getArgument(index).getType(),
               index, false);
      if (failed(dim))
        return signalPassFailure();
      entry.removeArgAttr(index, layoutHelper.getName());
      if (*dim)
        entry.setArgAttr(index, sliced.getName(),
                         builder.getI64IntegerAttr(**dim));
    }
    for (unsigned index = 0; index < entry.getNumResults(); ++index) {
      FailureOr<std::optional<int64_t>> dim = take(
          entry.getResultAttrDict(index), entry.getResultTypes()[index], index,
          true);
      if (failed(dim))
        return signalPassFailure();
      entry.removeResultAttr(index, layoutHelper.getName());
      if (*dim)
        entry.setResultAttr(index, sliced.getName(),
                            builder.getI64IntegerAttr(**dim));
    }
    if (symbolName.empty()) {
      entry.emitError("no input carries the symbolic dimension");
      return signalPassFailure();
    }

    // Every op computes its own slice: a collective would combine slices,
    // and a device-local slice of a constant would differ between them.
    WalkResult walk = entry.walk([&](Operation *op) {
      if (!isa<shard::ShardDialect>(op->getDialect()))
        return WalkResult::advance();
      if (auto slice = dyn_cast<shard::AllSliceOp>(op)) {
        op->emitError("this value would differ between the slices of symbolic "
                      "dimension '")
            << symbolName << "' (each takes its own part of a "
            << slice.getInput().getType()
            << "): a symbolic dimension must be computed slice by slice, and "
               "here a tensor of the dimension's size is not an input";
        return WalkResult::interrupt();
      }
      // The collective reads what the op that computed its operand left
      // split (or pending): that op, an ONNX node, is what to name.
      Operation *culprit = op;
      if (op->getNumOperands() > 0)
        if (Operation *producer = op->getOperand(0).getDefiningOp())
          culprit = producer;
      culprit->emitError("this op combines the slices of symbolic dimension '")
          << symbolName << "' (it needs " << op->getName()
          << " across them): a symbolic dimension must be computed slice by "
             "slice; give the dimension a fixed size with --input-shape";
      return WalkResult::interrupt();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    entry.walk([&](Operation *op) {
      for (StringRef name :
           {LoomDialect::ShardingAttrHelper::getNameStr(),
            LoomDialect::ResultShardingsAttrHelper::getNameStr(),
            LoomDialect::OperandShardingsAttrHelper::getNameStr()})
        op->removeAttr(name);
    });
    grid.erase();
    LoomDialect::DimSymbolAttrHelper(&getContext())
        .setAttr(entry, DimSymbolAttr::get(&getContext(), symbolName, bound));
  }
};

} // namespace
} // namespace loom
