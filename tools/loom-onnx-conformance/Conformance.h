//===- Conformance.h - Runs the ONNX backend test suite ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// Each case of the ONNX backend test data (a model.onnx and test_data_set_*
// folders of input_*.pb / output_*.pb TensorProtos) is imported, simplified
// and executed on a target — the reference evaluator, or a code generation
// target of the compiler's registry (compiled in process through the
// compiler API and run by the runtime) —
// and its outputs are compared with the expected ones at the suite's
// tolerances (rtol 1e-3, atol 1e-7; integers and booleans exactly). A
// target whose contract is not f32 (TargetNumerics.h: the systolic chip's
// bf16 matrix units) is held instead to the reference evaluator in the
// precision it reproduces, bit for bit, and to the expected float outputs
// by relative L2 error within its bound.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H
#define LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H

#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace loom::conformance {

enum class Outcome { Pass, Fail, Unsupported };

/// The target name that runs cases on the reference evaluator; every other
/// name is a compile target (loomc --target).
constexpr const char *kReferenceTarget = "reference";

struct RunOptions {
  std::string target = kReferenceTarget;
  /// Optimization level of compiled code: loomc's default, the code users
  /// get; -O0 would halve the suite's time (docs/testing.md).
  unsigned optLevel = 3;
};

struct CaseResult {
  std::string name;   ///< "suite/case", e.g. "node/test_add_bcast"
  Outcome outcome = Outcome::Unsupported;
  std::string reason; ///< One line; empty for a plain pass.
};

/// The cases under `dataDir` (its node, pytorch-converted, pytorch-operator
/// and simple folders), as "suite/case" names in sorted order.
std::vector<std::string> listCases(const std::string &dataDir);

/// Runs one case on `options.target`.
CaseResult runCase(mlir::MLIRContext &context, const std::string &dataDir,
                   const std::string &name, const RunOptions &options);

const char *outcomeName(Outcome outcome);

} // namespace loom::conformance

#endif // LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H
