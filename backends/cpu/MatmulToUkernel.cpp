//===- MatmulToUkernel.cpp - Matmuls to the matmul micro-kernels ---------===//
//
// Part of the Loom project.
//
// loom-cpu-matmul-to-ukernel: a bufferized f32 matmul (a workgroup's tile)
// becomes calls of loom_ukernel_matmul_f32, and an 8-bit integer one (i8
// operands extended in its body, an i32 output) calls of
// loom_ukernel_matmul_i8 with the operands' signedness in its flags; their
// cache blocking and
// register tiles beat what loops and LLVM's vectorizer make of a matmul. The
// micro-kernel takes raw row-major pointers with row strides, which the
// memref descriptors of the tiles provide. Batched forms (linalg.batch_matmul,
// and the linalg.generic contractions that reshape propagation makes of
// matmuls on [B.., M, K] operands) become a loop nest over the batch
// dimensions around one call per [M, K] x [K, N] slice.
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

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUMATMULTOUKERNEL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

constexpr StringLiteral kMatmulUkernel = "loom_ukernel_matmul_f32";
constexpr StringLiteral kMatmulI8Ukernel = "loom_ukernel_matmul_i8";
constexpr StringLiteral kMatmulEpilogueUkernel =
    "loom_ukernel_matmul_epilogue_f32";

/// The reassociation of rowsOf: the leading unit dimensions with the first
/// other one (the rows), then the rest (the columns).
SmallVector<ReassociationIndices> rowGroups(MemRefType type) {
  SmallVector<ReassociationIndices> rows = {{}, {}};
  int64_t rowsEnd = leadingUnitDims(type);
  for (int64_t i = 0; i < type.getRank(); ++i)
    rows[i <= rowsEnd ? 0 : 1].push_back(i);
  return rows;
}

/// Whether rowsOf gives a view of `memref`.
bool collapsesToRows(Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getRank() == 2)
    return true;
  SmallVector<ReassociationIndices> rows = rowGroups(type);
  return type.getRank() > 2 && !rows[1].empty() &&
         memref::CollapseShapeOp::isGuaranteedCollapsible(type, rows);
}

/// `memref` as the rows of a matmul's output: itself when it has rank 2,
/// its rows (after unit dimensions) and its columns each collapsed into
/// one dimension where they are contiguous ([F, OH, OW] or [1, F, OH, OW]
/// as [F, OH * OW]), else null.
Value rowsOf(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getRank() == 2)
    return memref;
  if (!collapsesToRows(memref))
    return Value();
  return memref::CollapseShapeOp::create(b, loc, memref, rowGroups(type));
}

/// The loops of a contraction that the micro-kernel computes: the output
/// rows `m`, columns `n` and the reduction `k`; every other loop is a batch
/// loop around the calls.
struct MatmulLoops {
  unsigned m, n, k;
  SmallVector<unsigned> batch;
  /// The 8-bit operands of an integer matmul; none for f32.
  std::optional<Int8Operands> int8;
};

/// The loops of `op` when it is a row-major f32 or 8-bit integer matmul,
/// possibly batched:
/// a multiply-accumulate with one reduction loop whose operands are indexed
/// [batch.., m, k], [batch.., k, n] and [batch.., m, n] (the batch loops in
/// any order, each operand using any of them, the output all of them), all
/// with contiguous rows. Transposed or broadcast-at-zero operands do not
/// match.
std::optional<MatmulLoops> matchMatmul(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  std::optional<Int8Operands> int8 = int8ContractionOperands(op);
  Builder builder(op.getContext());
  bool rowMajor = int8 ? hasUnitInnerStride(op.getDpsInputs()[0], 2,
                                            builder.getI8Type()) &&
                             hasUnitInnerStride(op.getDpsInputs()[1], 2,
                                                builder.getI8Type()) &&
                             hasUnitInnerStride(op.getDpsInits()[0], 2,
                                                builder.getI32Type())
                       : llvm::all_of(op->getOperands(), [](Value operand) {
                           return isF32WithUnitInnerStride(operand, 2);
                         });
  if (!rowMajor)
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!llvm::all_of(maps, [](AffineMap map) {
        return map.isProjectedPermutation(/*allowZeroInResults=*/false) &&
               map.getNumResults() >= 2;
      }))
    return std::nullopt;
  auto dimAt = [](AffineMap map, int64_t fromBack) {
    return map.getDimPosition(map.getNumResults() - fromBack);
  };
  AffineMap lhs = maps[0], rhs = maps[1], out = maps[2];
  MatmulLoops loops{dimAt(out, 2), dimAt(out, 1), dimAt(lhs, 1), {}, int8};
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (dimAt(lhs, 2) != loops.m || dimAt(rhs, 2) != loops.k ||
      dimAt(rhs, 1) != loops.n ||
      iterators[loops.k] != utils::IteratorType::reduction ||
      op.getNumReductionLoops() != 1 ||
      out.getNumResults() != op.getNumLoops() - 1)
    return std::nullopt;
  for (unsigned position = 0; position + 2 < out.getNumResults(); ++position)
    loops.batch.push_back(out.getDimPosition(position));
  // The leading dimensions of the inputs must be batch loops (a loop that
  // indexes rows or columns there would make the slice strided).
  for (AffineMap map : {lhs, rhs})
    for (unsigned position = 0; position + 2 < map.getNumResults();
         ++position)
      if (!llvm::is_contained(loops.batch, map.getDimPosition(position)))
        return std::nullopt;
  return loops;
}

/// The generic that restores the pre-packed weight `rhs` (a temporary
/// that only it writes and only `matmul` reads) from panels the
/// micro-kernel can read in place (whole rows of 32 contiguous floats), or
/// null.
linalg::GenericOp packedWeightUnpack(linalg::LinalgOp matmul, Value rhs) {
  linalg::GenericOp unpack;
  for (Operation *user : rhs.getUsers())
    if (auto generic = dyn_cast<linalg::GenericOp>(user))
      if (generic != matmul.getOperation() &&
          generic.getDpsInits()[0] == rhs && isWeightPanelUnpack(generic))
        unpack = generic;
  if (!unpack || !isTemporaryOnlyUsedBy(rhs, {unpack, matmul}) ||
      !unpack.hasPureBufferSemantics())
    return {};
  auto panels = dyn_cast<MemRefType>(unpack.getDpsInputs()[0].getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!panels || !panels.getElementType().isF32() ||
      failed(panels.getStridesAndOffset(strides, offset)) ||
      strides[1] != kWeightPanel || strides[2] != 1)
    return {};
  // The restoring generic must precede the matmul with nothing between
  // that could write the panels or the temporary.
  for (Operation *op = unpack->getNextNode(); op && op != matmul.getOperation();
       op = op->getNextNode())
    if (!isMemoryEffectFree(op) && !onlyAllocates(op) &&
        !isa<linalg::FillOp>(op))
      return {};
  return unpack;
}

struct LoomCpuMatmulToUkernelPass
    : impl::LoomCpuMatmulToUkernelBase<LoomCpuMatmulToUkernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<linalg::LinalgOp, MatmulLoops>> matmuls;
    module.walk([&](linalg::LinalgOp op) {
      if (std::optional<MatmulLoops> loops = matchMatmul(op))
        matmuls.emplace_back(op, std::move(*loops));
    });
    if (matmuls.empty())
      return;

    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    Type pointer = LLVM::LLVMPointerType::get(context);
    Type i64 = builder.getI64Type();
    // Both entry points take (lhs, lhs_stride, rhs, rhs_stride, out,
    // out_stride, m, n, k, flags).
    // The bias-and-clamp entry takes (.., flags, bias, bias_stride,
    // clamp_min, clamp_max) after them.
    auto declare = [&](StringRef name) {
      SmallVector<Type> arguments = {pointer, i64, pointer, i64,
                                     pointer, i64, i64,     i64,
                                     i64,     builder.getI32Type()};
      if (name == kMatmulEpilogueUkernel)
        arguments.append({pointer, i64, pointer, i64, builder.getF32Type(),
                          builder.getF32Type()});
      declareUkernel(module, name, arguments);
    };

    for (auto &[matmul, loops] : matmuls) {
      Location loc = matmul.getLoc();
      builder.setInsertionPoint(matmul);
      uint32_t flags = accumulateUnlessZeroFilled(matmul);
      // A single f32 matmul's bias-and-clamp epilogue (a convolution tile's,
      // through the expand_shape to [F, OH, OW]) joins the call when its
      // output collapses back to the matmul's rows.
      std::optional<Epilogue> epilogue;
      Value epilogueOut;
      if (!loops.int8 && loops.batch.empty()) {
        epilogue = followingEpilogue(
            matmul, matmul.getDpsInits()[0],
            /*overwrites=*/(flags & LOOM_UKERNEL_ACCUMULATE) == 0,
            /*channelFirst=*/true, /*allowResidual=*/true,
            /*allowSilu=*/true, /*allowColumnBias=*/true);
        if (epilogue) {
          builder.setInsertionPoint(epilogue->op);
          epilogueOut = rowsOf(builder, loc, epilogue->output);
          // The residual must collapse to rows as well.
          if (!epilogueOut ||
              (epilogue->residual && !collapsesToRows(epilogue->residual)))
            epilogue.reset();
        }
      }
      StringRef callee = loops.int8     ? kMatmulI8Ukernel
                         : epilogue ? kMatmulEpilogueUkernel
                                    : kMatmulUkernel;
      declare(callee);
      builder.setInsertionPoint(epilogue ? epilogue->op.getOperation()
                                         : matmul.getOperation());
      if (epilogue && epilogue->silu)
        flags |= LOOM_UKERNEL_EPILOGUE_SILU;
      if (epilogue && epilogue->biasPerColumn)
        flags |= LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN;
      if (loops.int8 && loops.int8->lhsUnsigned)
        flags |= LOOM_UKERNEL_LHS_UNSIGNED;
      if (loops.int8 && loops.int8->rhsUnsigned)
        flags |= LOOM_UKERNEL_RHS_UNSIGNED;
      // One call per batch position; the loops nest in the output's order.
      // (Sizes are dynamic in a workgroup's remainder tiles.)
      DenseMap<unsigned, Value> batchIndex =
          batchLoops(builder, loc, matmul.getDpsInits()[0], loops.batch);
      SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
      Value lhs = trailingSlice(builder, loc, matmul.getDpsInputs()[0],
                                maps[0], batchIndex, 2);
      Value rhs = trailingSlice(builder, loc, matmul.getDpsInputs()[1],
                                maps[1], batchIndex, 2);
      // A pre-packed weight: the call reads its panels, and the generic
      // that would restore the matrix goes.
      linalg::GenericOp unpack;
      if (!loops.int8 && rhs == matmul.getDpsInputs()[1])
        unpack = packedWeightUnpack(matmul, rhs);
      if (unpack) {
        rhs = unpack.getDpsInputs()[0];
        flags |= LOOM_UKERNEL_RHS_PACKED;
      }
      Value out = epilogue ? epilogueOut
                           : trailingSlice(builder, loc, matmul.getDpsInits()[0],
                                           maps[2], batchIndex, 2);
      auto [lhsPointer, lhsStride] = pointerAndRowStride(builder, loc, lhs);
      // For panels, the first stride is the distance between panels.
      auto [rhsPointer, rhsStride] = pointerAndRowStride(builder, loc, rhs);
      auto [outPointer, outStride] = pointerAndRowStride(builder, loc, out);
      auto size = [&](Value matrix, int64_t index) -> Value {
        Value size = memref::DimOp::create(builder, loc, matrix, index);
        return arith::IndexCastOp::create(builder, loc, i64, size);
      };
      Value flagsValue = arith::ConstantIntOp::create(builder, loc, flags, 32);
      SmallVector<Value> arguments = {lhsPointer,   lhsStride,    rhsPointer,
                                      rhsStride,    outPointer,   outStride,
                                      size(out, 0), size(out, 1), size(lhs, 1),
                                      flagsValue};
      if (epilogue) {
        Value null;
        auto nullPointer = [&]() {
          if (!null)
            null = LLVM::ZeroOp::create(builder, loc, pointer);
          return null;
        };
        auto [biasPointer, biasStride] =
            biasPointerAndStride(builder, loc, matmul, *epilogue, nullPointer);
        auto f32Constant = [&](float value) -> Value {
          return arith::ConstantFloatOp::create(
              builder, loc, builder.getF32Type(), APFloat(value));
        };
        Value residualPointer, residualStride = arith::ConstantIntOp::create(
                                   builder, loc, i64, 0);
        if (epilogue->residual) {
          Value rows = rowsOf(builder, loc, epilogue->residual);
          std::tie(residualPointer, residualStride) =
              pointerAndRowStride(builder, loc, rows);
        } else {
          residualPointer = nullPointer();
        }
        arguments.append({biasPointer, biasStride, residualPointer,
                          residualStride, f32Constant(epilogue->lo),
                          f32Constant(epilogue->hi)});
      }
      func::CallOp::create(builder, loc, callee, TypeRange{}, arguments);
      if (epilogue)
        epilogue->op.erase();
      matmul.erase();
      if (unpack)
        unpack.erase();
    }
  }
};

} // namespace
} // namespace loom::cpu
