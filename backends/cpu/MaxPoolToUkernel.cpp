//===- MaxPoolToUkernel.cpp - Max pools to the max pool micro-kernel ------===//
//
// Part of the Loom project.
//
// loom-cpu-max-pool-to-ukernel (Passes.td): a bufferized f32 2-D max pool
// (the linalg.generic that passes/LowerToLinalgNN.cpp makes of a
// loom.max_pool, arith.maximumf over the window into an output filled with
// -inf) becomes calls of loom_ukernel_max_pool2d_f32, which keeps up to
// four vectors of an output row in registers across the window; LLVM's
// vectorizer made 8-lane loops of it whose maxima waited on each other and
// on the output's stores and loads. A copy of the input padded with -inf
// made for the pool alone (bufferization's tensor.pad) is dropped: the
// micro-kernel reads the unpadded input and skips the padding.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUMAXPOOLTOUKERNEL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

constexpr StringLiteral kMaxPoolUkernel = "loom_ukernel_max_pool2d_f32";

/// What the call needs besides its operands: the output dimensions before
/// the channel (batch loops around the calls), the window and its steps.
struct MaxPool {
  linalg::GenericOp op;
  SmallVector<unsigned> batch;
  int64_t kernelH, kernelW, strideH, strideW, dilationH, dilationW;
};

/// Whether the body yields arith.maximumf of the output and the input (in
/// either order).
bool isMaximum(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 2)
    return false;
  auto max = cast<linalg::YieldOp>(body.getTerminator())
                 .getValues()[0]
                 .getDefiningOp<arith::MaximumFOp>();
  if (!max)
    return false;
  Value in = body.getArgument(0), acc = body.getArgument(2);
  return (max.getLhs() == acc && max.getRhs() == in) ||
         (max.getLhs() == in && max.getRhs() == acc);
}

/// `op` when it is a bufferized f32 max pool over 2-D planes: input
/// [batch.., C, H, W] and output [batch.., C, OH, OW] with contiguous
/// rows, a window-shaped second input [KH, KW] that the body does not
/// read, and the input's spatial indices `oh * sh + kh * dh` and
/// `ow * sw + kw * dw`.
std::optional<MaxPool> matchMaxPool(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 2 ||
      !isF32WithUnitInnerStride(op.getDpsInputs()[0], 3) ||
      !isF32WithUnitInnerStride(op.getDpsInits()[0], 3) || !isMaximum(op))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap input = maps[0], window = maps[1], output = maps[2];
  unsigned rank = output.getNumResults();
  if (input.getNumResults() != rank || window.getNumResults() != 2 ||
      rank != op.getNumLoops() - 2 ||
      !output.isProjectedPermutation(/*allowZeroInResults=*/false) ||
      !window.isProjectedPermutation(/*allowZeroInResults=*/false))
    return std::nullopt;
  unsigned row = output.getDimPosition(rank - 2);
  unsigned column = output.getDimPosition(rank - 1);
  unsigned windowRow = window.getDimPosition(0);
  unsigned windowColumn = window.getDimPosition(1);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (iterators[windowRow] != utils::IteratorType::reduction ||
      iterators[windowColumn] != utils::IteratorType::reduction ||
      ShapedType::isDynamic(ranges[windowRow]) ||
      ShapedType::isDynamic(ranges[windowColumn]))
    return std::nullopt;
  MaxPool pool{op, {}, ranges[windowRow], ranges[windowColumn], 0, 0, 0, 0};
  for (unsigned position = 0; position + 2 < rank; ++position) {
    if (input.getResult(position) != output.getResult(position))
      return std::nullopt;
    if (position + 3 < rank)
      pool.batch.push_back(output.getDimPosition(position));
  }
  auto vertical = windowSteps(input.getResult(rank - 2), row, windowRow);
  auto horizontal =
      windowSteps(input.getResult(rank - 1), column, windowColumn);
  if (!vertical || !horizontal)
    return std::nullopt;
  std::tie(pool.strideH, pool.dilationH) = *vertical;
  std::tie(pool.strideW, pool.dilationW) = *horizontal;
  return pool;
}

struct LoomCpuMaxPoolToUkernelPass
    : impl::LoomCpuMaxPoolToUkernelBase<LoomCpuMaxPoolToUkernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<MaxPool> pools;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<MaxPool> pool = matchMaxPool(op))
        pools.push_back(std::move(*pool));
    });
    if (pools.empty())
      return;

    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    Type pointer = LLVM::LLVMPointerType::get(context);
    Type i64 = builder.getI64Type();
    // in, its strides, height, width and pads; out, its strides; sizes,
    // window, strides, dilations.
    SmallVector<Type> arguments = {pointer, i64, i64,     i64, i64,
                                   i64,     i64, pointer, i64, i64};
    arguments.append(9, i64);
    declareUkernel(module, kMaxPoolUkernel, arguments);

    for (MaxPool &pool : pools) {
      linalg::GenericOp op = pool.op;
      Location loc = op.getLoc();
      builder.setInsertionPoint(op);
      SmallVector<AffineMap> maps = op.getIndexingMapsArray();
      Value result = op.getDpsInits()[0];
      // One call per batch position; the loops nest in the output's order.
      DenseMap<unsigned, Value> batchIndex =
          batchLoops(builder, loc, result, pool.batch);
      // The unpadded input, when the pool reads a copy padded with -inf.
      Value padded = op.getDpsInputs()[0];
      std::optional<PaddedCopy> copy = matchPaddedCopy(
          padded, op, /*padding=*/-std::numeric_limits<float>::infinity());
      if (copy && !isF32WithUnitInnerStride(copy->source, 3))
        copy.reset();
      Value input = trailingSlice(builder, loc, copy ? copy->source : padded,
                                  maps[0], batchIndex, 3);
      Value output =
          trailingSlice(builder, loc, result, maps[2], batchIndex, 3);
      auto [inPointer, inStrides] = pointerAndStrides(builder, loc, input);
      auto [outPointer, outStrides] = pointerAndStrides(builder, loc, output);
      I64Constants constants(builder, loc);
      auto i64Constant = [&](int64_t value) { return constants.get(value); };
      auto dim = [&](Value memref, int64_t index) -> Value {
        Value size = memref::DimOp::create(builder, loc, memref, index);
        return arith::IndexCastOp::create(builder, loc, i64, size);
      };
      func::CallOp::create(
          builder, loc, kMaxPoolUkernel, TypeRange{},
          ValueRange{inPointer, inStrides[0], inStrides[1], dim(input, 1),
                     dim(input, 2), i64Constant(copy ? copy->padTop : 0),
                     i64Constant(copy ? copy->padLeft : 0), outPointer,
                     outStrides[0], outStrides[1], dim(output, 0),
                     dim(output, 1), dim(output, 2), i64Constant(pool.kernelH),
                     i64Constant(pool.kernelW), i64Constant(pool.strideH),
                     i64Constant(pool.strideW), i64Constant(pool.dilationH),
                     i64Constant(pool.dilationW)});
      // The window-shaped operand is a temporary nothing reads.
      Value window = op.getDpsInputs()[1];
      op.erase();
      if (copy)
        erasePaddedCopy(*copy);
      if (auto alloc = window.getDefiningOp<memref::AllocOp>())
        if (llvm::all_of(alloc->getUsers(), [](Operation *user) {
              return isa<memref::DeallocOp>(user);
            })) {
          for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
            user->erase();
          alloc.erase();
        }
    }
  }
};

} // namespace
} // namespace loom::cpu
