//===- CheckAgainstTorch.cpp - A real model against PyTorch's output ---------===//
//
// Part of the Loom project.
//
// loom-check-model MODEL.onnx INPUT.npy EXPECTED.npy [MAX_RELATIVE_L2]
//
// Imports the model with the input's shape, simplifies it, runs it on the
// reference evaluator and compares with PyTorch's output by relative L2
// error, ||loom - torch|| / ||torch||. Prints the error; exits 1 when it
// exceeds the bound (default 1e-4) or anything fails.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Evaluator.h"
#include "frontend/onnx/OnnxImporter.h"
#include "passes/Pipelines.h"
#include "passes/Registration.h"
#include "runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdlib>

int main(int argc, char **argv) {
  if (argc < 4 || argc > 5) {
    llvm::errs() << "usage: loom-check-model MODEL.onnx INPUT.npy EXPECTED.npy "
                    "[MAX_RELATIVE_L2]\n";
    return 2;
  }
  double bound = argc == 5 ? std::atof(argv[4]) : 1e-4;
  std::string error;
  std::optional<loom::Tensor> input = loom::readNpy(argv[2], error);
  std::optional<loom::Tensor> expected =
      input ? loom::readNpy(argv[3], error) : std::nullopt;
  if (!input || !expected) {
    llvm::errs() << error << "\n";
    return 1;
  }

  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  loom::onnx_import::ImportOptions options;
  options.inputShapes.push_back({"", 0, input->shape()});
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loom::onnx_import::importOnnxFile(argv[1], context, options);
  if (!module)
    return 1;
  mlir::PassManager pm(&context);
  loom::buildSimplificationPipeline(pm);
  if (mlir::failed(pm.run(*module)))
    return 1;

  auto start = std::chrono::steady_clock::now();
  auto function = module->lookupSymbol<mlir::func::FuncOp>("main");
  mlir::FailureOr<std::vector<loom::Tensor>> outputs =
      loom::eval::evaluateFunction(function, {*input});
  if (mlir::failed(outputs))
    return 1;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const loom::Tensor &actual = outputs->front();
  if (actual.shape() != expected->shape()) {
    llvm::errs() << "output is " << loom::shapeString(actual.shape(), actual.dtype())
                 << " but PyTorch's is "
                 << loom::shapeString(expected->shape(), expected->dtype()) << "\n";
    return 1;
  }
  double difference = 0, norm = 0;
  for (int64_t i = 0; i < actual.numElements(); ++i) {
    double a = actual.getDouble(i), e = expected->getDouble(i);
    difference += (a - e) * (a - e);
    norm += e * e;
  }
  double relative = std::sqrt(difference) / std::sqrt(norm);
  llvm::outs() << argv[1] << ": relative L2 error " << relative << " (bound "
               << bound << "), evaluated in " << seconds << " s\n";
  return relative <= bound ? 0 : 1;
}
