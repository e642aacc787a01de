//===- ControlFlowOps.cpp - loom.scan and loom.yield ----------------------===//
//
// Part of the Loom project.
//
// The verifiers of the loop op: its operands against its body's block
// arguments, and what the body yields against its results.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomControlFlowOps.cpp.inc"

RankedTensorType ScanOp::stepType(RankedTensorType stacked) {
  return RankedTensorType::get(stacked.getShape().drop_front(),
                               stacked.getElementType());
}

/// Fails (at `op`) unless each of `values`, named `what` in messages, has
/// `length` entries along dimension 0.
static LogicalResult verifyStacks(ScanOp op, ValueRange values,
                                  StringRef what, int64_t length) {
  for (auto [index, value] : llvm::enumerate(values)) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() == 0 || type.getDimSize(0) != length)
      return op.emitOpError()
             << what << " #" << index << " must have " << length
             << " entries along dimension 0 (the loop's length), not "
             << type;
  }
  return success();
}

LogicalResult ScanOp::verify() {
  if (failed(verifyStacks(*this, getScanned(), "scanned operand",
                          getLength())))
    return failure();
  if (getResults().size() < getInits().size())
    return emitOpError("has ") << getResults().size()
                               << " results, fewer than its "
                               << getInits().size() << " carried values";
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getInits(), getCarried()))) {
    auto [init, result] = pair;
    if (init.getType() != result.getType())
      return emitOpError("carried result #")
             << index << " has type " << result.getType()
             << ", but its init has type " << init.getType();
  }
  return verifyStacks(*this, getStacked(), "stacked result", getLength());
}

LogicalResult ScanOp::verifyRegions() {
  Block &body = getBodyBlock();
  SmallVector<Type> expected;
  expected.push_back(RankedTensorType::get({}, IntegerType::get(getContext(), 64)));
  llvm::append_range(expected, getInits().getTypes());
  for (Value value : getScanned())
    expected.push_back(stepType(cast<RankedTensorType>(value.getType())));
  llvm::append_range(expected, getInvariants().getTypes());
  if (body.getNumArguments() != expected.size())
    return emitOpError("body must take ")
           << expected.size()
           << " arguments (the position, then one per carried, scanned and "
              "invariant operand), not "
           << body.getNumArguments();
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(body.getArgumentTypes(), expected))) {
    auto [actual, wanted] = pair;
    if (actual != wanted)
      return emitOpError("body argument #")
             << index << " has type " << actual << ", expected " << wanted;
  }
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end with loom.yield");
  if (yield.getValues().size() != getResults().size())
    return emitOpError("body yields ")
           << yield.getValues().size() << " values, but the loop has "
           << getResults().size() << " results";
  unsigned carried = getInits().size();
  for (auto [index, value] : llvm::enumerate(yield.getValues())) {
    Type wanted =
        index < carried
            ? getResults()[index].getType()
            : Type(stepType(cast<RankedTensorType>(getResults()[index].getType())));
    if (value.getType() != wanted)
      return emitOpError("body yields ")
             << value.getType() << " as value #" << index << ", expected "
             << wanted;
  }
  return success();
}

LogicalResult IfOp::verify() {
  if (getCondition().getType().getNumElements() != 1)
    return emitOpError("condition must hold one element, not ")
           << getCondition().getType();
  return success();
}

LogicalResult IfOp::verifyRegions() {
  for (auto [name, region] :
       {std::pair<StringRef, Region *>{"then", &getThenRegion()},
        std::pair<StringRef, Region *>{"else", &getElseRegion()}}) {
    Block &block = region->front();
    if (block.getArgumentTypes() != getInvariants().getTypes())
      return emitOpError("the ")
             << name << " region must take the invariants' types "
             << getInvariants().getTypes() << " as its arguments, not "
             << block.getArgumentTypes();
    auto yield = dyn_cast<YieldOp>(block.getTerminator());
    if (!yield)
      return emitOpError("the ") << name << " region must end with loom.yield";
    if (yield.getValues().getTypes() != getResultTypes())
      return emitOpError("the ")
             << name << " region yields " << yield.getValues().getTypes()
             << ", but the op's results are " << getResultTypes();
  }
  return success();
}
