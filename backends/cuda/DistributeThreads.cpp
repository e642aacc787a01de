//===- DistributeThreads.cpp - One GPU thread per output element ----------===//
//
// Part of the Loom project.
//
// loom-cuda-distribute-threads: the root of a kernel (its last linalg op) is
// tiled by 1 along its static parallel dimensions into an scf.forall with
// every producer fused into the tile, so that each iteration (one GPU
// thread, loom-cuda-outline-kernels) computes one element of the result.
// A kernel that cannot be tiled as a whole is left as it was.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/TileKernel.h"
#include "backends/cuda/Passes.h"
#include "ir/LoomDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cuda {
#define GEN_PASS_DEF_LOOMCUDADISTRIBUTETHREADS
#include "backends/cuda/Passes.h.inc"
} // namespace loom::cuda

using namespace mlir;

namespace loom::cuda {
namespace {

/// Tiles and fuses `kernel` (a detached clone); failure when the result is
/// not one forall that writes the kernel's results directly.
LogicalResult distribute(func::FuncOp kernel) {
  if (failed(cpu::foldReshapedEmpties(kernel)))
    return failure();
  linalg::LinalgOp root = cpu::kernelRoot(kernel);
  if (!root)
    return failure();
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<int64_t> tileSizes(ranges.size(), 0);
  bool tiled = false;
  for (auto [dim, iterator] : llvm::enumerate(root.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::parallel &&
        !ShapedType::isDynamic(ranges[dim]) && ranges[dim] > 1) {
      tileSizes[dim] = 1;
      tiled = true;
    }
  if (!tiled)
    return failure();
  return success(succeeded(cpu::tileKernel(kernel, root, tileSizes)));
}

struct LoomCudaDistributeThreadsPass
    : impl::LoomCudaDistributeThreadsBase<LoomCudaDistributeThreadsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp kernel = getOperation();
    if (!isKernel(kernel) || kernel.isExternal())
      return;
    // Outputs that may share an input's buffer are computed in temporaries
    // and copied at the end (loom-cpu-results-to-out-params): every thread
    // would copy all of them.
    if (cpu::needsOutputCopies(kernel))
      return;
    // Tile a detached copy, so that a kernel that cannot be distributed as
    // a whole is left exactly as it was.
    auto candidate = cast<func::FuncOp>(kernel->clone());
    if (failed(distribute(candidate))) {
      candidate.erase();
      return;
    }
    kernel.getBody().takeBody(candidate.getBody());
    candidate.erase();
  }
};

} // namespace
} // namespace loom::cuda
