//===- LoomDialect.h - The loom dialect --------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The dialect class, its enums and attributes. Ops are in ir/LoomOps.h.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_IR_LOOMDIALECT_H
#define LOOM_IR_LOOMDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "ir/LoomEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/LoomAttributes.h.inc"

#include "ir/LoomDialect.h.inc"

namespace loom {

/// The `loom.kernel` attribute of `op`: set on the functions that fusion
/// outlines, null on every other op.
inline KernelAttr getKernelAttr(mlir::Operation *op) {
  return op->getAttrOfType<KernelAttr>(
      LoomDialect::KernelAttrHelper::getNameStr());
}

/// True when `op` is a function formed by fusion.
inline bool isKernel(mlir::Operation *op) {
  return static_cast<bool>(getKernelAttr(op));
}

} // namespace loom

#endif // LOOM_IR_LOOMDIALECT_H
