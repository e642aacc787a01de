//===- DepthwiseConvToUkernel.cpp - Depthwise convolutions to a ukernel ---===//
//
// Part of the Loom project.
//
// loom-cpu-depthwise-conv-to-ukernel: a bufferized 2-D depthwise convolution
// (the direct linalg.generic that passes/LowerToLinalgNN.cpp makes of a
// loom.conv whose groups equal its channels, once its unit dimensions are
// folded) becomes calls of loom_ukernel_depthwise_conv2d_f32, which keeps a
// tile of output rows in registers across the window and issues FMAs on
// whole vectors; LLVM's vectorizer made 4- to 8-wide loops without FMA of
// it. The elementwise generic right after it that adds a per-channel bias
// and clamps (a convolution's bias, then ReLU or ReLU6) is folded into the
// call as its epilogue, so the output is written once. A zero-padded copy of
// the input made for the convolution alone (what bufferization makes of its
// tensor.pad: an allocation, a fill with +0 and a copy into its interior) is
// dropped: the micro-kernel reads the unpadded input and pads implicitly.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <limits>

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUDEPTHWISECONVTOUKERNEL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

#define DEBUG_TYPE "loom-cpu-depthwise-conv-to-ukernel"

using namespace mlir;

namespace loom::cpu {
namespace {

constexpr StringLiteral kDepthwiseUkernel = "loom_ukernel_depthwise_conv2d_f32";

/// What the call needs besides its operands: the output dimensions before
/// the channel (batch loops around the calls), and the window's steps.
struct DepthwiseConv {
  linalg::GenericOp op;
  SmallVector<unsigned> batch;
  int64_t strideH, strideW, dilationH, dilationW;
};

/// Whether the body yields `acc + x * w` (in either operand order) of the
/// block arguments x = input, w = filter, acc = output.
bool isMultiplyAccumulate(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = body.getArgument(2);
  Value product = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  if ((add.getLhs() == acc) == (add.getRhs() == acc))
    return false;
  auto multiply = product.getDefiningOp<arith::MulFOp>();
  if (!multiply)
    return false;
  Value x = body.getArgument(0), w = body.getArgument(1);
  return (multiply.getLhs() == x && multiply.getRhs() == w) ||
         (multiply.getLhs() == w && multiply.getRhs() == x);
}

/// `op` when it is a bufferized f32 depthwise convolution over 2-D planes:
/// input [batch.., C, H, W], filter [C, KH, KW] and output [batch.., C, OH,
/// OW], all with contiguous rows, the input's spatial indices
/// `oh * sh + kh * dh` and `ow * sw + kw * dw`, and the window summed in
/// row-major order (the kh loop outside the kw loop), as the micro-kernel
/// sums it.
std::optional<DepthwiseConv> matchDepthwiseConv(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 ||
      !llvm::all_of(op->getOperands(),
                    [](Value v) { return isF32WithUnitInnerStride(v, 1); }) ||
      op.getNumReductionLoops() != 2 || !isMultiplyAccumulate(op))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap input = maps[0], filter = maps[1], output = maps[2];
  unsigned rank = output.getNumResults();
  if (rank < 3 || input.getNumResults() != rank ||
      filter.getNumResults() != 3 || rank != op.getNumLoops() - 2 ||
      !output.isProjectedPermutation(/*allowZeroInResults=*/false) ||
      !filter.isProjectedPermutation(/*allowZeroInResults=*/false))
    return std::nullopt;
  unsigned channel = output.getDimPosition(rank - 3);
  unsigned row = output.getDimPosition(rank - 2);
  unsigned column = output.getDimPosition(rank - 1);
  unsigned windowRow = filter.getDimPosition(1);
  unsigned windowColumn = filter.getDimPosition(2);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (filter.getDimPosition(0) != channel ||
      iterators[windowRow] != utils::IteratorType::reduction ||
      iterators[windowColumn] != utils::IteratorType::reduction ||
      windowRow > windowColumn)
    return std::nullopt;
  DepthwiseConv conv{op, {}, 0, 0, 0, 0};
  for (unsigned position = 0; position + 2 < rank; ++position) {
    if (input.getResult(position) != output.getResult(position))
      return std::nullopt;
    if (position + 3 < rank)
      conv.batch.push_back(output.getDimPosition(position));
  }
  auto vertical = windowSteps(input.getResult(rank - 2), row, windowRow);
  auto horizontal =
      windowSteps(input.getResult(rank - 1), column, windowColumn);
  if (!vertical || !horizontal)
    return std::nullopt;
  std::tie(conv.strideH, conv.dilationH) = *vertical;
  std::tie(conv.strideW, conv.dilationW) = *horizontal;
  return conv;
}

struct LoomCpuDepthwiseConvToUkernelPass
    : impl::LoomCpuDepthwiseConvToUkernelBase<
          LoomCpuDepthwiseConvToUkernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<DepthwiseConv> convs;
    module.walk([&](linalg::GenericOp op) {
      if (std::optional<DepthwiseConv> conv = matchDepthwiseConv(op))
        convs.push_back(std::move(*conv));
    });
    if (convs.empty())
      return;

    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    Type pointer = LLVM::LLVMPointerType::get(context);
    Type i64 = builder.getI64Type(), f32 = builder.getF32Type();
    if (!module.lookupSymbol<func::FuncOp>(kDepthwiseUkernel)) {
      builder.setInsertionPointToEnd(module.getBody());
      // in, its strides, height, width and pads; filter, strides; bias,
      // stride; out, strides; sizes, window, strides, dilations; clamp,
      // flags.
      SmallVector<Type> arguments = {pointer, i64, i64,     i64, i64,
                                     i64,     i64, pointer, i64, i64,
                                     pointer, i64, pointer, i64, i64};
      arguments.append(9, i64);
      arguments.append({f32, f32, builder.getI32Type()});
      auto declaration =
          func::FuncOp::create(builder, module.getLoc(), kDepthwiseUkernel,
                               builder.getFunctionType(arguments, {}));
      declaration.setPrivate();
    }

    for (DepthwiseConv &conv : convs) {
      linalg::GenericOp op = conv.op;
      Location loc = op.getLoc();
      uint32_t flags = accumulateUnlessZeroFilled(op);
      std::optional<Epilogue> epilogue =
          followingEpilogue(op, op.getDpsInits()[0], /*overwrites=*/flags == 0,
                            /*channelFirst=*/false);

      // Where the epilogue was: its output may be a view made after the
      // convolution (only side-effect-free ops and allocations lie between).
      builder.setInsertionPoint(epilogue ? epilogue->op : op);
      SmallVector<AffineMap> maps = op.getIndexingMapsArray();
      Value result = op.getDpsInits()[0];
      // One call per batch position; the loops nest in the output's order.
      DenseMap<unsigned, Value> batchIndex =
          batchLoops(builder, loc, result, conv.batch);
      // The unpadded input, when the convolution reads a padded copy of it.
      Value padded = op.getDpsInputs()[0];
      std::optional<PaddedCopy> copy =
          matchPaddedCopy(padded, op, /*padding=*/0.0f);
      if (copy && !isF32WithUnitInnerStride(copy->source, 3))
        copy.reset();
      Value input = trailingSlice(builder, loc, copy ? copy->source : padded,
                                  maps[0], batchIndex, 3);
      Value output =
          trailingSlice(builder, loc, epilogue ? epilogue->output : result,
                        maps[2], batchIndex, 3);
      Value filter = op.getDpsInputs()[1];
      auto [inPointer, inStrides] = pointerAndStrides(builder, loc, input);
      auto [filterPointer, filterStrides] =
          pointerAndStrides(builder, loc, filter);
      auto [outPointer, outStrides] = pointerAndStrides(builder, loc, output);
      I64Constants constants(builder, loc);
      auto i64Constant = [&](int64_t value) { return constants.get(value); };
      Value biasPointer, biasStride = i64Constant(0);
      if (epilogue && epilogue->bias) {
        auto [biasAddress, biasStrides] =
            pointerAndStrides(builder, loc, epilogue->bias);
        biasPointer = biasAddress;
        biasStride = biasStrides[0];
      } else if (epilogue && epilogue->biasConstant) {
        biasPointer = constantInMemory(builder, op, *epilogue->biasConstant);
      } else {
        biasPointer = LLVM::ZeroOp::create(builder, loc, pointer);
      }
      auto dim = [&](Value memref, int64_t index) -> Value {
        Value size = memref::DimOp::create(builder, loc, memref, index);
        return arith::IndexCastOp::create(builder, loc, i64, size);
      };
      auto f32Constant = [&](float value) -> Value {
        return arith::ConstantFloatOp::create(
            builder, loc, cast<FloatType>(f32), APFloat(value));
      };
      float lo =
          epilogue ? epilogue->lo : -std::numeric_limits<float>::infinity();
      float hi =
          epilogue ? epilogue->hi : std::numeric_limits<float>::infinity();
      func::CallOp::create(
          builder, loc, kDepthwiseUkernel, TypeRange{},
          ValueRange{inPointer,
                     inStrides[0],
                     inStrides[1],
                     dim(input, 1),
                     dim(input, 2),
                     i64Constant(copy ? copy->padTop : 0),
                     i64Constant(copy ? copy->padLeft : 0),
                     filterPointer,
                     filterStrides[0],
                     filterStrides[1],
                     biasPointer,
                     biasStride,
                     outPointer,
                     outStrides[0],
                     outStrides[1],
                     dim(output, 0),
                     dim(output, 1),
                     dim(output, 2),
                     dim(filter, 1),
                     dim(filter, 2),
                     i64Constant(conv.strideH),
                     i64Constant(conv.strideW),
                     i64Constant(conv.dilationH),
                     i64Constant(conv.dilationW),
                     f32Constant(lo),
                     f32Constant(hi),
                     arith::ConstantIntOp::create(builder, loc, flags, 32)});
      if (epilogue)
        epilogue->op.erase();
      op.erase();
      if (copy)
        erasePaddedCopy(*copy);
    }
  }
};

} // namespace
} // namespace loom::cpu
