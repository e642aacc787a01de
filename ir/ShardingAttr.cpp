//===- ShardingAttr.cpp - The #loom.sharding attribute -----------------------===//
//
// Part of the Loom project.
//
// Syntax, verification and accessors of `#loom.sharding`:
//   #loom.sharding<@grid, [[0], []]>
//   #loom.sharding<@grid, [[], [1]], partial = [0]>
// The verifier checks what the attribute alone can tell (no negative axis,
// no axis twice); that the axes exist on the grid and divide the tensor is
// checked where grid and tensor are known (passes/sharding/ShardingSpec.h).
//
//===----------------------------------------------------------------------===//

#include "ir/ShardingAttr.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;

namespace loom {

static ParseResult parseAxisList(AsmParser &parser,
                                 SmallVectorImpl<int16_t> &axes) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        int16_t axis;
        if (parser.parseInteger(axis))
          return failure();
        axes.push_back(axis);
        return success();
      });
}

static void printAxisList(AsmPrinter &printer, ArrayRef<int16_t> axes) {
  printer << '[';
  llvm::interleaveComma(axes, printer);
  printer << ']';
}

Attribute ShardingAttr::parse(AsmParser &parser, Type) {
  FlatSymbolRefAttr grid;
  SmallVector<DenseI16ArrayAttr> splitAxes;
  SmallVector<int16_t> partial;
  if (parser.parseLess() || parser.parseAttribute(grid) || parser.parseComma())
    return {};
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            SmallVector<int16_t> axes;
            if (parseAxisList(parser, axes))
              return failure();
            splitAxes.push_back(
                DenseI16ArrayAttr::get(parser.getContext(), axes));
            return success();
          }))
    return {};
  if (succeeded(parser.parseOptionalComma()) &&
      (parser.parseKeyword("partial") || parser.parseEqual() ||
       parseAxisList(parser, partial)))
    return {};
  if (parser.parseGreater())
    return {};
  return parser.getChecked<ShardingAttr>(
      parser.getContext(), grid, ArrayRef<DenseI16ArrayAttr>(splitAxes),
      ArrayRef<int16_t>(partial));
}

void ShardingAttr::print(AsmPrinter &printer) const {
  printer << '<';
  printer.printAttributeWithoutType(getGrid());
  printer << ", [";
  llvm::interleaveComma(getSplitAxes(), printer, [&](DenseI16ArrayAttr axes) {
    printAxisList(printer, axes.asArrayRef());
  });
  printer << ']';
  if (!getPartialAxes().empty()) {
    printer << ", partial = ";
    printAxisList(printer, getPartialAxes());
  }
  printer << '>';
}

LogicalResult
ShardingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                     FlatSymbolRefAttr grid,
                     ArrayRef<DenseI16ArrayAttr> splitAxes,
                     ArrayRef<int16_t> partialAxes) {
  if (!grid)
    return emitError() << "a sharding needs a grid symbol";
  llvm::SmallSet<int16_t, 4> seen;
  auto check = [&](int16_t axis) -> LogicalResult {
    if (axis < 0)
      return emitError() << "grid axis " << axis << " is negative";
    if (!seen.insert(axis).second)
      return emitError() << "grid axis " << axis
                         << " appears twice in one sharding";
    return success();
  };
  for (DenseI16ArrayAttr axes : splitAxes) {
    if (!axes)
      return emitError() << "a dimension's axis list is null";
    for (int16_t axis : axes.asArrayRef())
      if (failed(check(axis)))
        return failure();
  }
  for (int16_t axis : partialAxes)
    if (failed(check(axis)))
      return failure();
  return success();
}

bool ShardingAttr::isReplicated() const {
  return getPartialAxes().empty() &&
         llvm::all_of(getSplitAxes(),
                      [](DenseI16ArrayAttr axes) { return axes.empty(); });
}

ShardingAttr getValueSharding(Value value) {
  StringRef name = LoomDialect::ShardingAttrHelper::getNameStr();
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto function =
        dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp());
    if (!function || argument.getOwner() != &function.getBody().front())
      return {};
    return function.getArgAttrOfType<ShardingAttr>(argument.getArgNumber(),
                                                   name);
  }
  Operation *op = value.getDefiningOp();
  unsigned index = cast<OpResult>(value).getResultNumber();
  if (op->getNumResults() == 1)
    return op->getAttrOfType<ShardingAttr>(name);
  auto all = op->getAttrOfType<ArrayAttr>(
      LoomDialect::ResultShardingsAttrHelper::getNameStr());
  if (!all || index >= all.size())
    return {};
  return dyn_cast<ShardingAttr>(all[index]);
}

void setResultShardings(Operation *op, ArrayRef<ShardingAttr> shardings) {
  if (shardings.size() == 1) {
    op->setAttr(LoomDialect::ShardingAttrHelper::getNameStr(),
                shardings.front());
    return;
  }
  SmallVector<Attribute> all(shardings.begin(), shardings.end());
  op->setAttr(LoomDialect::ResultShardingsAttrHelper::getNameStr(),
              ArrayAttr::get(op->getContext(), all));
}

ShardingAttr getOperandSharding(OpOperand &use) {
  auto all = use.getOwner()->getAttrOfType<ArrayAttr>(
      LoomDialect::OperandShardingsAttrHelper::getNameStr());
  if (all && use.getOperandNumber() < all.size())
    if (auto sharding = dyn_cast<ShardingAttr>(all[use.getOperandNumber()]))
      return sharding;
  return getValueSharding(use.get());
}

ShardingAttr getFunctionResultSharding(func::FuncOp function, unsigned index) {
  return function.getResultAttrOfType<ShardingAttr>(
      index, LoomDialect::ShardingAttrHelper::getNameStr());
}

} // namespace loom
