//===- Bf16Rounding.h - Constants rounded to bf16 for the MXUs --*- C++ -*-===//
//
// Part of the Loom project.
//
// Shared by the passes that store constant MXU operands as bf16
// (loom-systolic-bf16-matmul-weights, loom-systolic-bf16-conv-weights).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_BF16ROUNDING_H
#define LOOM_BACKENDS_SYSTOLIC_BF16ROUNDING_H

#include "mlir/IR/BuiltinAttributes.h"

namespace loom::systolic {

/// `value` (f32) rounded to bf16 element by element (round to nearest
/// even, as the MXUs round), or null when its data cannot be read.
mlir::DenseElementsAttr roundToBf16(mlir::ElementsAttr value);

} // namespace loom::systolic

#endif // LOOM_BACKENDS_SYSTOLIC_BF16ROUNDING_H
