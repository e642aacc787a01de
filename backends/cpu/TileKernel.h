//===- TileKernel.h - Tile a whole kernel into one scf.forall ---*- C++ -*-===//
//
// Part of the Loom project.
//
// What loom-cpu-distribute-workgroups (a tile per workgroup) and
// loom-cuda-distribute-threads (a tile per GPU thread) share: the kernel's
// root is tiled into one scf.forall with every producer fused into the
// tile, and the result is accepted only when the forall is the whole
// kernel and writes the kernel's results directly.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_TILEKERNEL_H
#define LOOM_BACKENDS_CPU_TILEKERNEL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace loom::cpu {

/// reshape(tensor.empty) -> tensor.empty of the reshaped static type, in
/// `kernel`. A reshaped tensor.empty (a matmul accumulator after reshape
/// propagation, a root computed without its unit dimensions) would be the
/// forall's shared output, which empty-tensor elimination cannot replace by
/// the output buffer; as an empty of the reshaped type it can. (Upstream's
/// populateFoldTensorEmptyPatterns does this through
/// ReifyRankedShapedTypeOpInterface, which needs an external model the
/// static shapes here do not.)
mlir::LogicalResult foldReshapedEmpties(mlir::func::FuncOp kernel);

/// The kernel's root: its last linalg op, when it has pure tensor
/// semantics; null otherwise.
mlir::linalg::LinalgOp kernelRoot(mlir::func::FuncOp kernel);

/// Tiles `root`, the root of `kernel` (which may be a detached clone), by
/// `tileSizes` into one scf.forall and fuses every producer into the tile;
/// a producer the kernel also returns is yielded tile by tile when its
/// tiles are the root's (an elementwise producer, or any that only the
/// root reads, in loop order, with the root's loops all parallel).
/// Failure when anything but views and constants stays outside the forall
/// (every tile would run it in full), when a forall result reaches the
/// return other than directly or through a reshape, or when a shared
/// output is not a tensor.empty (the tiles would write a temporary that
/// every tile copies out).
mlir::FailureOr<mlir::scf::ForallOp>
tileKernel(mlir::func::FuncOp kernel, mlir::linalg::LinalgOp root,
           llvm::ArrayRef<int64_t> tileSizes);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_TILEKERNEL_H
