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

#include <string>

namespace loom {

/// Choices of the lowering that change the code, not its results.
struct LoomToLinalgOptions {
  /// What the evaluator reports as an error, an index outside its dimension
  /// (gathers, scatters) and an integer division or remainder by zero, gets
  /// a `cf.assert` that fails then, whose message names the op
  /// (runtimeCheckMessage); the CPU backend turns them into kernel statuses.
  /// The code is defined either way: a gather reads the clamped position, a
  /// scatter skips the update, and x / 0 and x % 0 are 0.
  bool runtimeChecks = false;
};

/// Adds the patterns that rewrite statically shaped loom ops (constants,
/// elementwise ops, select, matmul, transpose, reshape, reduce_sum) into
/// linalg, tensor, arith and math ops on tensors.
void populateLoomToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                  const LoomToLinalgOptions &options = {});

/// The message of a run-time check of `op`: "node 'NAME' (loom.gather):
/// `what`" for an op imported from a named node, "loom.gather at
/// FILE:LINE:COL: `what`" otherwise.
std::string runtimeCheckMessage(mlir::Operation *op, const llvm::Twine &what);

/// Emits `cf.assert %holds, runtimeCheckMessage(op, what)` at `b`'s
/// insertion point.
void emitRuntimeCheck(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::Value holds, mlir::Operation *op,
                      const llvm::Twine &what);

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
void populateLoomIndexingToLinalgPatterns(
    mlir::RewritePatternSet &patterns, const LoomToLinalgOptions &options = {});

/// The patterns of softmax, log_softmax and layer_norm
/// (LowerToLinalgNormalization.cpp); populateLoomToLinalgPatterns includes
/// them.
void populateLoomNormalizationToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// The patterns of argmax/argmin, cumsum and topk (LowerToLinalgScans.cpp);
/// populateLoomToLinalgPatterns includes them.
void populateLoomScanToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// The patterns of loom.scan and loom.if, an scf.for and an scf.if whose
/// regions keep the loom ops for the other patterns to lower
/// (LowerToLinalgControlFlow.cpp); populateLoomToLinalgPatterns includes
/// them.
void populateLoomControlFlowToSCFPatterns(mlir::RewritePatternSet &patterns);

} // namespace loom

#endif // LOOM_PASSES_LOWERTOLINALG_H
