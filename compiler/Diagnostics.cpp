//===- Diagnostics.cpp - Diagnostics as the compiler reports them ---------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "compiler/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace loom {

std::string formatDiagnostic(Diagnostic &diagnostic) {
  std::string text;
  llvm::raw_string_ostream os(text);
  Location loc = diagnostic.getLocation();
  const char *kind =
      diagnostic.getSeverity() == DiagnosticSeverity::Error     ? "error"
      : diagnostic.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                                : "note";
  if (auto name = dyn_cast<NameLoc>(loc)) {
    auto file = dyn_cast<FileLineColLoc>(name.getChildLoc());
    os << (file ? file.getFilename().str() + ": " : std::string()) << "node '"
       << name.getName().str() << "': " << kind << ": " << diagnostic.str();
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn() << ": " << kind << ": " << diagnostic.str();
  } else {
    os << diagnostic.str();
  }
  for (Diagnostic &note : diagnostic.getNotes())
    os << "\n  note: " << note.str();
  return text;
}

DiagnosticCollector::DiagnosticCollector(MLIRContext &context,
                                         std::vector<std::string> &lines)
    : handler(&context, [&lines](Diagnostic &diagnostic) {
        lines.push_back(formatDiagnostic(diagnostic));
        return success();
      }) {}

} // namespace loom
