//===- HostContractions.cpp - The chip's numerics for host kernels --------===//
//
// Part of the Loom project.
//
// The host computes a placed kernel's contraction on operands already
// rounded to bf16: the casts are elementwise ops the host target fuses into
// the kernel's loops, and the products are then exactly the MXU's (a
// product of two bf16 values fits an f32). Only the order of the f32 sums
// may differ from the evaluator's, far inside the tolerances a comparison
// with f32 arithmetic allows; without the rounding, the host's f32
// operands put a result some 2^-9 (relative) away from the chip's.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/HostContractions.h"

#include "ir/LoomOps.h"

#include "mlir/IR/Builders.h"

namespace loom::systolic {

using namespace mlir;

namespace {

/// `value` (an f32 tensor) rounded to bf16 and widened back, inserted
/// before `user`.
Value roundedToBf16(OpBuilder &builder, Operation *user, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  builder.setInsertionPoint(user);
  auto narrow = CastOp::create(builder, user->getLoc(),
                               type.clone(builder.getBF16Type()), value);
  return CastOp::create(builder, user->getLoc(), type, narrow.getResult())
      .getResult();
}

} // namespace

unsigned roundHostContractionOperands(func::FuncOp kernel) {
  SmallVector<Operation *> contractions;
  kernel.walk([&](Operation *op) {
    if (!isa<MatmulOp, ConvOp, ConvTransposeOp>(op))
      return;
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (type && type.getElementType().isF32())
      contractions.push_back(op);
  });
  OpBuilder builder(kernel.getContext());
  for (Operation *op : contractions)
    for (OpOperand &operand : op->getOpOperands())
      operand.set(roundedToBf16(builder, op, operand.get()));
  return contractions.size();
}

} // namespace loom::systolic
