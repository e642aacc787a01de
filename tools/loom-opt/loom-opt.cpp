//===- loom-opt.cpp - The MLIR optimizer driver for Loom ---------------------===//
//
// Part of the Loom project.
//
// mlir-opt with the loom dialect, the upstream dialects Loom uses, Loom's
// passes and the CPU backend's: for writing lit tests and for running passes
// by hand.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#ifdef LOOM_ENABLE_CUDA
#include "backends/cuda/Passes.h"
#endif
#include "loom/Version.h"
#include "passes/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "loom-opt (Loom) " << LOOM_VERSION << "\n";
  });
  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  loom::registerLoomPasses();
  loom::cpu::registerCpuCodegenDialects(registry);
  loom::cpu::registerCpuCodegenPasses();
#ifdef LOOM_ENABLE_CUDA
  loom::cuda::registerCudaCodegenDialects(registry);
  loom::cuda::registerCudaCodegenPasses();
#endif
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Loom optimizer driver\n", registry));
}
