//===- LowerStridedCopies.cpp - Copies a kernel library can link ----------===//
//
// Part of the Loom project.
//
// loom-cpu-lower-strided-copies: finalize-memref-to-llvm lowers a copy
// between non-contiguous memrefs to a call of the runtime function
// `memrefCopy`, which exists only in MLIR's runner libraries. Kernel
// libraries are self-contained, so such copies become loops instead.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPULOWERSTRIDEDCOPIES
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

bool isContiguous(Value memref) {
  return memref::isStaticShapeAndContiguousRowMajor(
      cast<MemRefType>(memref.getType()));
}

struct LoomCpuLowerStridedCopiesPass
    : impl::LoomCpuLowerStridedCopiesBase<LoomCpuLowerStridedCopiesPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    getOperation().walk([&](memref::CopyOp copy) {
      if (isContiguous(copy.getSource()) && isContiguous(copy.getTarget()))
        return;
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    });
  }
};

} // namespace
} // namespace loom::cpu
