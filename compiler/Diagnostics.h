//===- Diagnostics.h - Diagnostics as the compiler reports them -*- C++ -*-===//
//
// Part of the Loom project.
//
// The one-line form every compiler entry point (loomc, the C++ and C APIs)
// reports diagnostics in: "MODEL: node 'NAME': error: message" for ops
// imported from ONNX (their location names the node), "file:line:col:
// error: message" for MLIR sources, and the bare message when there is no
// location (the importer's own errors name the model already). Notes follow
// on lines of their own, indented: "  note: message".
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_DIAGNOSTICS_H
#define LOOM_COMPILER_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace loom {

/// The text of `diagnostic` and its notes, lines separated by '\n', with no
/// final newline.
std::string formatDiagnostic(mlir::Diagnostic &diagnostic);

/// While it lives, appends every diagnostic of `context` to `lines` (one
/// entry per diagnostic, notes included) instead of printing it.
class DiagnosticCollector {
public:
  DiagnosticCollector(mlir::MLIRContext &context,
                      std::vector<std::string> &lines);

private:
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace loom

#endif // LOOM_COMPILER_DIAGNOSTICS_H
