//===- MlirParseFuzzer.cpp - Fuzz target for loomc's .mlir input ---------===//
//
// Part of the Loom project.
//
// libFuzzer entry point for the front door of `loomc MODEL.mlir`: the text
// is parsed and verified in a context with the dialects the compiler loads
// (compiler/Compiler.cpp), so the loom dialect's custom syntax, attributes
// and verifiers see every input. Any text must parse or be rejected with an
// error diagnostic, never crash, hang or abort. A module that parses must
// print to text that parses and prints the same (the custom printers and
// parsers agree).
//
//===----------------------------------------------------------------------===//

#include "test/fuzz/FuzzCheck.h"
#include "test/fuzz/FuzzDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

/// A context like the compiler's. Attributes and types stay uniqued in a
/// context for its lifetime, so a fresh one every few thousand inputs keeps
/// a long fuzzing run's memory flat.
mlir::MLIRContext &context() {
  static std::unique_ptr<mlir::MLIRContext> context;
  static unsigned uses = 0;
  if (!context || ++uses % 4096 == 0) {
    context = loom::fuzz::createCompilerContext();
    context->printOpOnDiagnostic(false);
  }
  return *context;
}

std::string print(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &ctx = context();
  bool reported = false;
  std::string lastError;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
      reported = true;
      lastError = diag.str();
    }
    return mlir::success();
  });
  // As compiler/Compiler.cpp reads a model: a null-terminated copy (the
  // lexer relies on the terminator) in a source manager.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.mlir"),
      llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &ctx);
  if (!module) {
    LOOM_FUZZ_CHECK(reported, "a rejected module reports an error", "");
    return 0;
  }
  std::string printed = print(*module);
  mlir::OwningOpRef<mlir::ModuleOp> again =
      mlir::parseSourceString<mlir::ModuleOp>(printed, &ctx, "printed.mlir");
  LOOM_FUZZ_CHECK(again, "a printed module parses",
                  lastError + "\n" + printed);
  LOOM_FUZZ_CHECK(print(*again) == printed,
                  "a printed module parses to the same module", printed);
  return 0;
}
