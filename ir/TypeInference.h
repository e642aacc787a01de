//===- TypeInference.h - Shared shape and type inference --------*- C++ -*-===//
//
// Part of the Loom project.
//
// Helpers the loom ops use to infer and check result types. Shapes may hold
// dynamic sizes (mlir::ShapedType::kDynamic); every helper propagates them.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_IR_TYPEINFERENCE_H
#define LOOM_IR_TYPEINFERENCE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeRange.h"
#include "mlir/Support/LLVM.h"

#include <optional>

namespace loom {

/// True when each actual type may stand for the inferred one: same element
/// type and rank, and sizes equal wherever both are static.
bool areCompatibleTensorTypes(mlir::TypeRange inferred, mlir::TypeRange actual);

/// The NumPy broadcast of two shapes, or failure with a message through
/// `location` (when present) naming both shapes.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(std::optional<mlir::Location> location,
                llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Result type of a broadcasting binary op: the broadcast shape of `lhs` and
/// `rhs` (ranked tensors) with `elementType`.
llvm::LogicalResult inferBroadcastType(std::optional<mlir::Location> location,
                                       mlir::Type lhs, mlir::Type rhs,
                                       mlir::Type elementType,
                                       llvm::SmallVectorImpl<mlir::Type> &results);

/// Result type of reducing `input` over `axes` (each in [0, rank), no
/// repeats), keeping reduced dimensions as size 1 when `keepDims`.
llvm::LogicalResult inferReducedType(std::optional<mlir::Location> location,
                                     mlir::Type input,
                                     llvm::ArrayRef<int64_t> axes, bool keepDims,
                                     llvm::SmallVectorImpl<mlir::Type> &results);

/// Checks that `axis` lies in [-rank, rank) and returns it made
/// non-negative; `what` names the attribute in the message.
mlir::FailureOr<int64_t> normalizeAxis(std::optional<mlir::Location> location,
                                       llvm::StringRef what, int64_t axis,
                                       int64_t rank);

/// Formats a shape as "2x?x3" for messages.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace loom

#endif // LOOM_IR_TYPEINFERENCE_H
