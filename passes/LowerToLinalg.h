//===- LowerToLinalg.h - Patterns lowering loom ops to linalg ----*- C++ -*-===//
//
// Part of the Loom project.
//
// The rewrite patterns behind loom-lower-to-linalg, for passes and pipelines
// that lower loom ops to linalg, tensor, arith and math ops on tensors.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_LOWERTOLINALG_H
#define LOOM_PASSES_LOWERTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace loom {

/// Adds the patterns that rewrite statically shaped loom ops (constants,
/// elementwise ops, select, matmul, transpose, reshape, reduce_sum) into
/// linalg, tensor, arith and math ops on tensors.
void populateLoomToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// Adds the patterns of matmul, convolution, transposed convolution and
/// pooling (LowerToLinalgNN.cpp); populateLoomToLinalgPatterns includes them.
void populateLoomNNToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// Adds the patterns of the data-movement ops (broadcast_to, expand, concat,
/// slice, pad, iota, trilu; LowerToLinalgDataMovement.cpp);
/// populateLoomToLinalgPatterns includes them.
void populateLoomDataMovementToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// Adds the patterns of the indexing ops (the gathers, the scatters and
/// resize; LowerToLinalgIndexing.cpp); populateLoomToLinalgPatterns includes
/// them.
void populateLoomIndexingToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// The patterns of softmax, log_softmax and layer_norm
/// (LowerToLinalgNormalization.cpp); populateLoomToLinalgPatterns includes
/// them.
void populateLoomNormalizationToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// The patterns of argmax/argmin, cumsum and topk (LowerToLinalgScans.cpp);
/// populateLoomToLinalgPatterns includes them.
void populateLoomScanToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace loom

#endif // LOOM_PASSES_LOWERTOLINALG_H
