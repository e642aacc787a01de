//===- OnnxImportFuzzer.cpp - Fuzz target for the ONNX importer --------------===//
//
// Part of the Loom project.
//
// libFuzzer entry point: any byte string must import or be rejected with
// diagnostics, never crash, hang or abort. Built with clang and
// -DLOOM_LIBFUZZER=ON it links libFuzzer (scripts/fuzz-onnx-import.sh); in
// the normal build it links FuzzReplayMain.cpp, which ctest runs over a seed
// corpus and deterministic mutations of it.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/OnnxImporter.h"
#include "test/fuzz/FuzzDialects.h"

#include "mlir/IR/Diagnostics.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *context =
      loom::fuzz::createCompilerContext().release();
  mlir::ScopedDiagnosticHandler silence(
      context, [](mlir::Diagnostic &) { return mlir::success(); });
  loom::onnx_import::ImportOptions options;
  // Keep folding cheap: a mutated shape can ask for huge constants.
  options.maxFoldElements = 1 << 16;
  (void)loom::onnx_import::importOnnxBytes(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      "/nonexistent", *context, options);
  return 0;
}
