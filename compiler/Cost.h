//===- Cost.h - Operation counts of loom ops --------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// How much arithmetic an op performs, for `loomc --report` and for any pass
// that sizes work (fusion, workgroup grids). The counts follow the usual
// conventions: a multiply-add is two operations, an elementwise op one per
// result element, data movement none.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_COST_H
#define LOOM_COMPILER_COST_H

#include "mlir/IR/Operation.h"

#include <cstdint>

namespace loom {

/// The arithmetic operations (floating-point or integer) `op` performs on
/// static shapes, saturating at INT64_MAX:
///  - matmul: 2 * result elements * K; conv: 2 * result elements * the
///    filter's elements per output channel; conv_transpose: 2 * input
///    elements * the filter's elements per input channel;
///  - max_pool / avg_pool: result elements * window size;
///  - softmax / log_softmax: 5 per element (max, subtract, exp, sum,
///    divide); layer_norm: 8 per element (mean, variance, normalize, scale
///    and shift);
///  - reductions, arg reductions, cumsum and topk: one per input element;
///  - elementwise ops: one per result element;
///  - constants, data movement and indexing: 0.
/// Returns 0 for ops outside the loom dialect and for dynamic shapes.
int64_t flopCount(mlir::Operation *op);

} // namespace loom

#endif // LOOM_COMPILER_COST_H
