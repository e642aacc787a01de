//===- HostContractions.h - The chip's numerics for host kernels -*- C++ -*-===//
//
// Part of the Loom project.
//
// A kernel the chip cannot run is compiled by the host fallback target (the
// CPU), whose contractions compute on f32 operands; the systolic target's
// contract (the evaluator's Bf16Matmul mode) rounds those operands to bf16.
// The systolic target applies roundHostContractionOperands to each kernel
// it places on the host before that target compiles it (docs/systolic.md,
// "Host fallback").
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_HOSTCONTRACTIONS_H
#define LOOM_BACKENDS_SYSTOLIC_HOSTCONTRACTIONS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace loom::systolic {

/// Rounds each operand of every f32 `loom.matmul`, `loom.conv` and
/// `loom.conv_transpose` of `kernel` to bf16 (round to nearest even) with a
/// pair of `loom.cast`s (f32 -> bf16 -> f32) before the op reads it; returns
/// how many contractions it changed. Under Bf16Matmul the module's meaning
/// is unchanged (rounding a bf16 value again is exact); computed in f32, the
/// contraction then multiplies the chip's operands and differs from the
/// evaluator only in its order of f32 accumulation.
unsigned roundHostContractionOperands(mlir::func::FuncOp kernel);

} // namespace loom::systolic

#endif // LOOM_BACKENDS_SYSTOLIC_HOSTCONTRACTIONS_H
