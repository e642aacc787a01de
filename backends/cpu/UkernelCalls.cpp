//===- UkernelCalls.cpp - Building calls of the micro-kernels ------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/UkernelCalls.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace loom::cpu {

bool hasUnitInnerStride(Value value, int64_t minRank, Type elementType) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || type.getRank() < minRank || type.getRank() < 1 ||
      type.getElementType() != elementType)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

bool isF32WithUnitInnerStride(Value value, int64_t minRank) {
  return hasUnitInnerStride(value, minRank,
                            Float32Type::get(value.getContext()));
}

std::optional<Int8Operands> int8ContractionOperands(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !getElementTypeOrSelf(op.getDpsInits()[0].getType()).isInteger(32))
    return std::nullopt;
  Block *body = op.getBlock();
  std::optional<bool> isUnsigned[2];
  for (unsigned i = 0; i < 2; ++i) {
    if (!getElementTypeOrSelf(op.getDpsInputs()[i].getType()).isInteger(8))
      return std::nullopt;
    BlockArgument arg = body->getArgument(i);
    if (!arg.hasOneUse())
      return std::nullopt;
    Operation *user = *arg.user_begin();
    if (!user->getResult(0).getType().isInteger(32))
      return std::nullopt;
    if (isa<arith::ExtUIOp>(user))
      isUnsigned[i] = true;
    else if (isa<arith::ExtSIOp>(user))
      isUnsigned[i] = false;
    else
      return std::nullopt;
  }
  return Int8Operands{*isUnsigned[0], *isUnsigned[1]};
}

linalg::FillOp precedingZeroFill(linalg::LinalgOp op) {
  Value output = op.getDpsInits()[0];
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(prev)) {
      if (fill.getDpsInits()[0] != output)
        return nullptr;
      Value value = fill.getDpsInputs()[0];
      return matchPattern(value, m_AnyZeroFloat()) ||
                     matchPattern(value, m_Zero())
                 ? fill
                 : nullptr;
    }
    if (!isMemoryEffectFree(prev))
      return nullptr;
  }
  return nullptr;
}

uint32_t accumulateUnlessZeroFilled(linalg::LinalgOp op) {
  linalg::FillOp fill = precedingZeroFill(op);
  if (!fill)
    return LOOM_UKERNEL_ACCUMULATE;
  fill.erase();
  return 0;
}

Value I64Constants::get(int64_t value) {
  Value &constant = constants[value];
  if (!constant)
    constant = arith::ConstantIntOp::create(builder, loc, value, 64);
  return constant;
}

namespace {

/// `memref`'s strided metadata and the address of its first element as an
/// !llvm.ptr.
std::pair<memref::ExtractStridedMetadataOp, Value>
metadataAndPointer(OpBuilder &b, Location loc, Value memref) {
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, memref);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  int64_t bits = cast<MemRefType>(memref.getType()).getElementTypeBitWidth();
  Value elementSize = arith::ConstantIndexOp::create(b, loc, bits / 8);
  Value offsetBytes =
      arith::MulIOp::create(b, loc, metadata.getOffset(), elementSize);
  Value address = arith::AddIOp::create(b, loc, base, offsetBytes);
  Value address64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  Value pointer = LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), address64);
  return {metadata, pointer};
}

} // namespace

std::pair<Value, SmallVector<Value>> pointerAndStrides(OpBuilder &b,
                                                       Location loc,
                                                       Value memref) {
  auto [metadata, pointer] = metadataAndPointer(b, loc, memref);
  SmallVector<Value> strides;
  for (Value stride : metadata.getStrides())
    strides.push_back(
        arith::IndexCastOp::create(b, loc, b.getI64Type(), stride));
  return {pointer, strides};
}

std::pair<Value, Value> pointerAndRowStride(OpBuilder &b, Location loc,
                                            Value memref) {
  auto [metadata, pointer] = metadataAndPointer(b, loc, memref);
  Value stride = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                            metadata.getStrides()[0]);
  return {pointer, stride};
}

Value trailingSlice(OpBuilder &b, Location loc, Value operand, AffineMap map,
                    const DenseMap<unsigned, Value> &batchIndex,
                    unsigned keep) {
  auto type = cast<MemRefType>(operand.getType());
  if (type.getRank() == keep)
    return operand;
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (unsigned position = 0; position < map.getNumResults(); ++position) {
    bool isBatch = position + keep < map.getNumResults();
    offsets.push_back(
        isBatch ? OpFoldResult(batchIndex.lookup(map.getDimPosition(position)))
                : OpFoldResult(b.getIndexAttr(0)));
    sizes.push_back(isBatch ? b.getIndexAttr(1)
                            : memref::getMixedSize(b, loc, operand, position));
    strides.push_back(b.getIndexAttr(1));
  }
  auto sliceType = memref::SubViewOp::inferRankReducedResultType(
      type.getShape().take_back(keep), type, offsets, sizes, strides);
  return memref::SubViewOp::create(b, loc, cast<MemRefType>(sliceType),
                                   operand, offsets, sizes, strides);
}

} // namespace loom::cpu
