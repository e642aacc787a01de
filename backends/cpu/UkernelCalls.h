//===- UkernelCalls.h - Building calls of the micro-kernels -----*- C++ -*-===//
//
// Part of the Loom project.
//
// What the passes that turn linalg ops into micro-kernel calls share
// (loom-cpu-matmul-to-ukernel, loom-cpu-depthwise-conv-to-ukernel): the
// operand checks, the zero fill a call replaces, and each operand as a
// pointer with its strides.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_UKERNELCALLS_H
#define LOOM_BACKENDS_CPU_UKERNELCALLS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

#include <cstdint>

#include <optional>
#include <utility>

namespace loom::cpu {

/// An f32 memref of rank at least `minRank` whose innermost dimension is
/// contiguous.
bool isF32WithUnitInnerStride(mlir::Value value, int64_t minRank);

/// A memref of rank at least `minRank` with elements of `elementType`
/// whose innermost dimension is contiguous.
bool hasUnitInnerStride(mlir::Value value, int64_t minRank,
                        mlir::Type elementType);

/// The signedness of the operands of an 8-bit integer contraction (what
/// loom.matmul_integer and loom.conv_integer lower to): two i8 inputs and
/// an i32 output whose body extends each input, arith.extui for an
/// unsigned one and arith.extsi for a signed one, and uses it nowhere
/// else. The caller checks that the op is a contraction.
struct Int8Operands {
  bool lhsUnsigned, rhsUnsigned;
};
std::optional<Int8Operands> int8ContractionOperands(mlir::linalg::LinalgOp op);

/// The linalg.fill of zero that `op`'s output got just before it, with
/// nothing in between that could read or write memory; null otherwise.
mlir::linalg::FillOp precedingZeroFill(mlir::linalg::LinalgOp op);

/// The accumulate flag of a micro-kernel call that replaces `op`: when
/// `op`'s output was just filled with zero (precedingZeroFill), the fill is
/// erased and the call overwrites the output (0); otherwise it accumulates
/// (LOOM_UKERNEL_ACCUMULATE).
uint32_t accumulateUnlessZeroFilled(mlir::linalg::LinalgOp op);

/// i64 constants for a call's arguments, each made once, where the builder
/// stands at its first use.
class I64Constants {
public:
  I64Constants(mlir::OpBuilder &builder, mlir::Location loc)
      : builder(builder), loc(loc) {}
  mlir::Value get(int64_t value);

private:
  mlir::OpBuilder &builder;
  mlir::Location loc;
  llvm::DenseMap<int64_t, mlir::Value> constants;
};

/// The address of `memref`'s first element as an !llvm.ptr, and its
/// strides in elements as i64.
std::pair<mlir::Value, llvm::SmallVector<mlir::Value>>
pointerAndStrides(mlir::OpBuilder &b, mlir::Location loc, mlir::Value memref);

/// The same with only the stride of `memref`'s first dimension (a
/// matrix's rows).
std::pair<mlir::Value, mlir::Value>
pointerAndRowStride(mlir::OpBuilder &b, mlir::Location loc, mlir::Value memref);

/// The last `keep` dimensions of `operand` (indexed by `map`, whose leading
/// results are batch loops) at the batch position `batchIndex` (loop
/// dimension -> index value): `operand` itself when it has no others.
mlir::Value
trailingSlice(mlir::OpBuilder &b, mlir::Location loc, mlir::Value operand,
              mlir::AffineMap map,
              const llvm::DenseMap<unsigned, mlir::Value> &batchIndex,
              unsigned keep);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_UKERNELCALLS_H
