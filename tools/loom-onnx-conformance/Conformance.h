//===- Conformance.h - Runs the ONNX backend test suite ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// Each case of the ONNX backend test data (a model.onnx and test_data_set_*
// folders of input_*.pb / output_*.pb TensorProtos, or SequenceProtos and
// OptionalProtos where the graph declares sequences and optionals, whose
// tensors the artifact takes one by one) is imported, simplified
// and executed on a target — the reference evaluator, or a code generation
// target of the compiler's registry (compiled in process through the
// compiler API and run by the runtime) —
// and its outputs are compared with the expected ones at the suite's
// tolerances (rtol 1e-3, atol 1e-7; integers and booleans exactly). A
// target whose contract is not f32 (TargetNumerics.h: the systolic chip's
// bf16 matrix units) is held instead to the reference evaluator in the
// precision it reproduces, bit for bit, and to the expected float outputs
// by relative L2 error within its bound. A case whose artifact runs kernels
// on the host (host fallback) is held to the evaluator at the suite's
// tolerances instead of bit for bit, since the host's arithmetic is the CPU
// target's.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H
#define LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H

#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace loom::conformance {

/// How a case ended. On a compile target a pass is split by what ran:
/// Pass when the target's generated code computed the outputs on its own
/// device, HostFallback when some kernels ran on the host instead (the
/// systolic target's host fallback, docs/systolic.md), NoTargetCode when the
/// artifact launches no kernel at all (every input bound as a constant and
/// the outputs folded, or outputs that are copies of inputs): the outputs
/// are right, but no code of the target was tested, so it is not a target
/// pass.
enum class Outcome { Pass, HostFallback, NoTargetCode, Fail, Unsupported };

/// The target name that runs cases on the reference evaluator; every other
/// name is a compile target (loomc --target).
constexpr const char *kReferenceTarget = "reference";

/// How a case's inputs reach the model.
enum class InputMode {
  /// What a user of the command line gets (`loomc model.onnx -o m.loom`,
  /// then `loom-run m.loom --input=...` with every test input): the model
  /// is compiled from its file through the compiler's file path, with
  /// --input-shape only where the importer asks for it (and NAME:none for
  /// an optional input the test leaves empty), and every input is given at
  /// run time, bound to the artifact's inputs by name (else by position; a
  /// sequence's tensors as NAME.0, NAME.1, ...) and checked against their
  /// dtypes and shapes.
  UserPath,
  /// The inputs that must be known at compile time (Reshape's `shape`,
  /// Slice's `starts`, ...) and every integer input are bound to the test's
  /// values as constants when the importer asks for a constant, and the
  /// imported module is compiled in process. Not what a user gets; it
  /// measures the converters and kernels behind those inputs.
  BindConstants,
};

struct RunOptions {
  std::string target = kReferenceTarget;
  InputMode inputMode = InputMode::UserPath;
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
/// "user path" or "constants bound"; the names of --mode.
const char *inputModeName(InputMode mode);

} // namespace loom::conformance

#endif // LOOM_TOOLS_CONFORMANCE_CONFORMANCE_H
