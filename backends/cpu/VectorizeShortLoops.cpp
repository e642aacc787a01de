//===- VectorizeShortLoops.cpp - Ask LLVM to vectorize short loops -------===//
//
// Part of the Loom project.
//
// loom-cpu-vectorize-short-loops: LLVM's loop vectorizer leaves a loop with
// a constant trip count below 16 scalar unless it is asked to (its
// tiny-trip-count threshold), and the loops of the small layers of CNNs are
// that short: the 14- and 7-wide rows of depthwise convolutions, pools and
// im2cols. Marking them `llvm.loop.vectorize.enable` makes LLVM vectorize
// them with a scalar remainder (or narrower vectors). The annotation is an
// attribute of the innermost scf.for; scf-to-cf moves it to the loop's
// latch branch, and cf-to-llvm into the branch's loop metadata.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMAttrs.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUVECTORIZESHORTLOOPS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

// LLVM's TinyTripCountVectorThreshold: longer loops are vectorized anyway.
constexpr int64_t kTinyTripCount = 16;
// Shorter loops gain nothing from vectors.
constexpr int64_t kMinTripCount = 4;
// The name of llvm.br's loop metadata attribute: scf-to-cf copies the
// loop's attributes to its latch cf.br, and cf-to-llvm the branch's to the
// llvm.br, where this one is the branch's own.
constexpr StringLiteral kLoopAnnotation = "loop_annotation";

/// The constant trip count of `loop`, if it has one.
std::optional<int64_t> constantTripCount(scf::ForOp loop) {
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lower || !upper || !step || *step <= 0)
    return std::nullopt;
  return llvm::divideCeil(std::max<int64_t>(*upper - *lower, 0), *step);
}

struct LoomCpuVectorizeShortLoopsPass
    : impl::LoomCpuVectorizeShortLoopsBase<LoomCpuVectorizeShortLoopsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    auto vectorize = LLVM::LoopAnnotationAttr::get(
        context, /*disableNonforced=*/{},
        LLVM::LoopVectorizeAttr::get(context,
                                     /*disable=*/BoolAttr::get(context, false),
                                     {}, {}, {}, {}, {}, {}),
        {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {});
    getOperation().walk([&](scf::ForOp loop) {
      bool innermost =
          !loop.getBody()
               ->walk([](scf::ForOp) { return WalkResult::interrupt(); })
               .wasInterrupted();
      std::optional<int64_t> trips = constantTripCount(loop);
      if (innermost && trips && *trips >= kMinTripCount &&
          *trips < kTinyTripCount)
        loop->setAttr(kLoopAnnotation, vectorize);
    });
  }
};

} // namespace
} // namespace loom::cpu
