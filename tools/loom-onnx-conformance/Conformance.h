//===- Conformance.h - Runs the ONNX backend test suite ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// Each case of the ONNX backend test data (a model.onnx and test_data_set_*
// folders of input_*.pb / output_*.pb TensorProtos) is imported, simplified
// and executed on a target, and its outputs are compared with the expected
// ones at the suite's tolerances (rtol 1e-3, atol 1e-7; integers and
// booleans exactly).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H
#define LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H

#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace loom::conformance {

enum class Outcome { Pass, Fail, Unsupported };

struct CaseResult {
  std::string name;   ///< "suite/case", e.g. "node/test_add_bcast"
  Outcome outcome = Outcome::Unsupported;
  std::string reason; ///< One line; empty for a plain pass.
};

/// The cases under `dataDir` (its node, pytorch-converted, pytorch-operator
/// and simple folders), as "suite/case" names in sorted order.
std::vector<std::string> listCases(const std::string &dataDir);

/// Runs one case on the reference evaluator.
CaseResult runCase(mlir::MLIRContext &context, const std::string &dataDir,
                   const std::string &name);

const char *outcomeName(Outcome outcome);

} // namespace loom::conformance

#endif // LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H
