//===- MatmulToUkernel.cpp - linalg.matmul to the f32 micro-kernel -------===//
//
// Part of the Loom project.
//
// loom-cpu-matmul-to-ukernel: a bufferized f32 linalg.matmul (a workgroup's
// tile) becomes a call of loom_ukernel_matmul_f32, whose cache blocking and
// register tiles beat what loops and LLVM's vectorizer make of a matmul. The
// micro-kernel takes raw row-major pointers with row strides, which the
// memref descriptors of the tiles provide.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
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

/// An f32 rank-2 memref whose rows are contiguous.
bool hasUnitInnerStride(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || type.getRank() != 2 || !type.getElementType().isF32())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides[1] == 1;
}

/// The linalg.fill of zero that `matmul`'s output got just before it, with
/// nothing in between that could read or write memory.
linalg::FillOp precedingZeroFill(linalg::MatmulOp matmul) {
  Value output = matmul.getDpsInits()[0];
  for (Operation *op = matmul->getPrevNode(); op; op = op->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(op)) {
      if (fill.getDpsInits()[0] != output)
        return nullptr;
      return matchPattern(fill.getDpsInputs()[0], m_AnyZeroFloat()) ? fill
                                                                    : nullptr;
    }
    if (!isMemoryEffectFree(op))
      return nullptr;
  }
  return nullptr;
}

/// The address of `memref`'s first element as an !llvm.ptr, and its row
/// stride in elements as i64.
std::pair<Value, Value> pointerAndRowStride(OpBuilder &b, Location loc,
                                            Value memref) {
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, memref);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  Value elementSize = arith::ConstantIndexOp::create(b, loc, sizeof(float));
  Value offsetBytes =
      arith::MulIOp::create(b, loc, metadata.getOffset(), elementSize);
  Value address = arith::AddIOp::create(b, loc, base, offsetBytes);
  Value address64 =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  Value pointer = LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), address64);
  Value stride = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                            metadata.getStrides()[0]);
  return {pointer, stride};
}

struct LoomCpuMatmulToUkernelPass
    : impl::LoomCpuMatmulToUkernelBase<LoomCpuMatmulToUkernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::MatmulOp> matmuls;
    module.walk([&](linalg::MatmulOp matmul) {
      // Only the plain row-major form: no transposed or broadcast maps.
      if (matmul.hasPureBufferSemantics() &&
          matmul.getIndexingMapsArray() ==
              linalg::MatmulOp::getDefaultIndexingMaps(&getContext()) &&
          llvm::all_of(matmul->getOperands(), hasUnitInnerStride))
        matmuls.push_back(matmul);
    });
    if (matmuls.empty())
      return;

    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    Type pointer = LLVM::LLVMPointerType::get(context);
    Type i64 = builder.getI64Type();
    if (!module.lookupSymbol<func::FuncOp>(kMatmulUkernel)) {
      builder.setInsertionPointToEnd(module.getBody());
      auto type = builder.getFunctionType(
          {pointer, i64, pointer, i64, pointer, i64, i64, i64, i64,
           builder.getI32Type()},
          {});
      auto declaration = func::FuncOp::create(builder, module.getLoc(),
                                              kMatmulUkernel, type);
      declaration.setPrivate();
    }

    for (linalg::MatmulOp matmul : matmuls) {
      Location loc = matmul.getLoc();
      builder.setInsertionPoint(matmul);
      Value lhs = matmul.getDpsInputs()[0];
      Value rhs = matmul.getDpsInputs()[1];
      Value out = matmul.getDpsInits()[0];
      uint32_t flags = LOOM_UKERNEL_ACCUMULATE;
      if (linalg::FillOp fill = precedingZeroFill(matmul)) {
        fill.erase();
        flags = 0;
      }
      auto [lhsPointer, lhsStride] = pointerAndRowStride(builder, loc, lhs);
      auto [rhsPointer, rhsStride] = pointerAndRowStride(builder, loc, rhs);
      auto [outPointer, outStride] = pointerAndRowStride(builder, loc, out);
      auto dim = [&](Value memref, int64_t index) -> Value {
        Value size = memref::DimOp::create(builder, loc, memref, index);
        return arith::IndexCastOp::create(builder, loc, i64, size);
      };
      Value flagsValue = arith::ConstantIntOp::create(builder, loc, flags, 32);
      func::CallOp::create(builder, loc, kMatmulUkernel, TypeRange{},
                           ValueRange{lhsPointer, lhsStride, rhsPointer,
                                      rhsStride, outPointer, outStride,
                                      dim(out, 0), dim(out, 1), dim(lhs, 1),
                                      flagsValue});
      matmul.erase();
    }
  }
};

} // namespace
} // namespace loom::cpu
