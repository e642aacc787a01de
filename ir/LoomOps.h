//===- LoomOps.h - Ops of the loom dialect -----------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Every op class of the dialect, generated from the group .td files, and the
// type-inference helpers their definitions use.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_IR_LOOMOPS_H
#define LOOM_IR_LOOMOPS_H

#include "ir/LoomDialect.h"
#include "ir/TypeInference.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "ir/LoomElementwiseOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomNNOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomReductionOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomDataMovementOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomIndexingOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomDataShapedOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomDataShapedAxesOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomDataShapedViewOps.h.inc"
#define GET_OP_CLASSES
#include "ir/LoomControlFlowOps.h.inc"

namespace loom {
/// Whether `op` has a result whose size depends on data: an op of
/// ir/LoomDataShapedOps.td or ir/LoomDataShapedViewOps.td, which fusion
/// keeps alone in its kernel.
bool isDataShaped(mlir::Operation *op);
/// For each result of `function` (a function op), whether it is the dims of
/// a data-shaped result (#loom.data_shape): a result of the program that is
/// no model output.
llvm::SmallVector<bool> dimsResults(mlir::Operation *function);
} // namespace loom

#endif // LOOM_IR_LOOMOPS_H
