//===- LoomDialect.h - The loom dialect --------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The dialect class and its enum attributes. Ops are in ir/LoomOps.h.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_IR_LOOMDIALECT_H
#define LOOM_IR_LOOMDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "ir/LoomDialect.h.inc"
#include "ir/LoomEnums.h.inc"

#endif // LOOM_IR_LOOMDIALECT_H
