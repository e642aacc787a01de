//===- Elementwise.cpp - (being written) -------------------------------------------===//

#include "backends/systolic/codegen/KernelCodegen.h"

namespace loom::systolic::codegen {

void addElementwisePatterns(std::vector<KernelPattern> &) {}

} // namespace loom::systolic::codegen

namespace loom::systolic::codegen {
mlir::FailureOr<ElementwiseChain> ElementwiseChain::analyze(KernelEnv &env,
                                                            mlir::Value) {
  (void)env.error(nullptr, "elementwise chains are not generated yet");
  return mlir::failure();
}
int ElementwiseChain::emit(KernelEnv &, int, llvm::ArrayRef<int>) const {
  return -1;
}
} // namespace loom::systolic::codegen
