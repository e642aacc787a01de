//===- loom_compiler.cpp - The Loom compiler's C API ----------------------===//
//
// Part of the Loom project.
//
// A thin layer over compiler/Compiler.h. The compiler is built without
// exceptions, so nothing can escape into C; allocation of the result is the
// one failure reported as NULL.
//
//===----------------------------------------------------------------------===//

#include "compiler/loom_compiler.h"

#include "compiler/Compiler.h"

#include <new>
#include <string>
#include <vector>

struct loom_compile_result_s {
  loom_compile_status_t status;
  loom::ByteBuffer artifact;
  std::string diagnostics;
};

namespace {

loom::CompileOptions toOptions(const loom_compile_options_t *options) {
  loom::CompileOptions result;
  if (!options)
    return result;
  if (options->target)
    result.target = options->target;
  // The cpu target's options; another target refuses them by name.
  if (options->cpu && *options->cpu)
    result.targetOptions["cpu"] = options->cpu;
  if (options->cpu_features && *options->cpu_features)
    result.targetOptions["cpu-features"] = options->cpu_features;
  result.optLevel = options->opt_level;
  for (size_t i = 0; i < options->input_shape_count; ++i)
    result.inputShapes.push_back(
        options->input_shapes[i] ? options->input_shapes[i] : "");
  return result;
}

loom_compile_result_t *makeResult(loom_compile_status_t status,
                                  loom::CompileResult compiled) {
  auto *result = new (std::nothrow) loom_compile_result_s;
  if (!result)
    return nullptr;
  result->status = status;
  result->artifact = std::move(compiled.output);
  for (const std::string &line : compiled.diagnostics)
    result->diagnostics += line + "\n";
  return result;
}

loom_compile_result_t *invalidArgument(const char *message) {
  loom::CompileResult compiled;
  compiled.diagnostics.push_back(message);
  return makeResult(LOOM_COMPILE_INVALID_ARGUMENT, std::move(compiled));
}

loom_compile_result_t *finish(loom::CompileResult compiled) {
  loom_compile_status_t status =
      compiled.ok ? LOOM_COMPILE_OK : LOOM_COMPILE_ERROR;
  return makeResult(status, std::move(compiled));
}

} // namespace

extern "C" {

void loom_compile_options_init(loom_compile_options_t *options) {
  if (!options)
    return;
  *options = loom_compile_options_t{};
  options->opt_level = 3;
}

loom_compile_result_t *
loom_compiler_compile_file(const char *path,
                           const loom_compile_options_t *options) {
  if (!path)
    return invalidArgument("loom_compiler_compile_file: the path is NULL");
  return finish(loom::compileFile(path, toOptions(options)));
}

loom_compile_result_t *
loom_compiler_compile_buffer(const void *data, size_t size,
                             loom_model_format_t format, const char *name,
                             const loom_compile_options_t *options) {
  if (!data && size)
    return invalidArgument("loom_compiler_compile_buffer: the data is NULL");
  if (format != LOOM_MODEL_FORMAT_ONNX && format != LOOM_MODEL_FORMAT_MLIR)
    return invalidArgument(
        "loom_compiler_compile_buffer: unknown model format");
  llvm::StringRef bytes(static_cast<const char *>(data), size);
  return finish(loom::compileBuffer(
      bytes,
      format == LOOM_MODEL_FORMAT_ONNX ? loom::ModelFormat::Onnx
                                       : loom::ModelFormat::Mlir,
      name ? name : "<buffer>", toOptions(options)));
}

loom_compile_status_t
loom_compile_result_status(const loom_compile_result_t *result) {
  return result ? result->status : LOOM_COMPILE_INVALID_ARGUMENT;
}

const void *loom_compile_result_artifact(const loom_compile_result_t *result,
                                         size_t *out_size) {
  if (out_size)
    *out_size = 0;
  if (!result || result->status != LOOM_COMPILE_OK)
    return nullptr;
  if (out_size)
    *out_size = result->artifact.size();
  return result->artifact.data();
}

const char *
loom_compile_result_diagnostics(const loom_compile_result_t *result) {
  return result ? result->diagnostics.c_str() : "";
}

void loom_compile_result_free(loom_compile_result_t *result) { delete result; }

} // extern "C"
