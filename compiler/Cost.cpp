//===- Cost.cpp - Operation counts of loom ops ----------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "compiler/Cost.h"

#include "ir/LoomOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;

namespace loom {
namespace {

constexpr int64_t kSaturated = std::numeric_limits<int64_t>::max();

/// Elements of a statically shaped tensor; -1 otherwise.
int64_t elementsOf(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return -1;
  return type.getNumElements();
}

/// The product of `factors`, saturating; -1 when any factor is.
int64_t product(std::initializer_list<int64_t> factors) {
  int64_t result = 1;
  for (int64_t factor : factors) {
    if (factor < 0)
      return -1;
    if (llvm::MulOverflow(result, factor, result))
      return kSaturated;
  }
  return result;
}

/// Elements of `value` after the first dimension (per output or input
/// channel of a filter).
int64_t elementsPerChannel(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t elements = elementsOf(value);
  if (elements < 0 || type.getDimSize(0) == 0)
    return elements < 0 ? -1 : 0;
  return elements / type.getDimSize(0);
}

bool isElementwise(Operation *op) {
  return op->hasTrait<OpTrait::Elementwise>() ||
         isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp, RemOp, CompareOp,
             AndOp, OrOp, XorOp, SelectOp, ClampOp, CastOp>(op);
}

} // namespace

int64_t flopCount(Operation *op) {
  if (!isa<LoomDialect>(op->getDialect()) || op->getNumResults() == 0)
    return 0;
  Value result = op->getResult(0);
  int64_t count =
      llvm::TypeSwitch<Operation *, int64_t>(op)
          .Case<MatmulOp, MatmulIntegerOp>([&](auto matmul) {
            auto lhs = cast<RankedTensorType>(matmul.getLhs().getType());
            return product(
                {2, elementsOf(result), lhs.getDimSize(lhs.getRank() - 1)});
          })
          .Case<ConvOp, ConvIntegerOp>([&](auto conv) {
            return product(
                {2, elementsOf(result), elementsPerChannel(conv.getFilter())});
          })
          .Case([&](ConvTransposeOp conv) {
            return product({2, elementsOf(conv.getInput()),
                            elementsPerChannel(conv.getFilter())});
          })
          .Case<MaxPoolOp, AvgPoolOp>([&](auto pool) {
            int64_t window = 1;
            for (int64_t size : pool.getKernel())
              window = product({window, size});
            return product({elementsOf(result), window});
          })
          .Case<SoftmaxOp, LogSoftmaxOp>([&](Operation *) {
            return product({5, elementsOf(result)});
          })
          .Case([&](LayerNormOp) {
            return product({8, elementsOf(result)});
          })
          .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
                ReduceProdOp, ArgMaxOp, ArgMinOp, CumSumOp, TopKOp>(
              [&](Operation *reduction) {
                return elementsOf(reduction->getOperand(0));
              })
          .Default([&](Operation *other) -> int64_t {
            return isElementwise(other) ? elementsOf(result) : 0;
          });
  return count < 0 ? 0 : count;
}

} // namespace loom
