//===- loom-opt.cpp - The MLIR optimizer driver for Loom ---------------------===//
//
// Part of the Loom project.
//
// mlir-opt with the loom dialect, the upstream dialects Loom uses and Loom's
// passes: for writing lit tests and for running passes by hand.
//
//===----------------------------------------------------------------------===//

#include "passes/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  loom::registerLoomPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Loom optimizer driver\n", registry));
}
