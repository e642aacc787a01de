/*===- loom_compiler.h - The Loom compiler's C API ----------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * Compiles a model (ONNX, or the loom dialect as .mlir text) to an artifact
 * in memory, for programs that cannot use the C++ API (compiler/Compiler.h).
 * A compile returns a result object that holds a status, the artifact's
 * bytes on success, and the diagnostics as text — the lines `loomc` prints,
 * which name the model file and the ONNX node or source line. Load the bytes
 * with the runtime (runtime/loom_runtime.h), or write them to a .loom file.
 * Nothing here aborts or throws; docs/compiler.md has an example. Compiles
 * may be started from several threads at once; they take turns.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_COMPILER_LOOM_COMPILER_H
#define LOOM_COMPILER_LOOM_COMPILER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum loom_compile_status_e {
  /* The artifact was produced. */
  LOOM_COMPILE_OK = 0,
  /* The model or an option was rejected; the diagnostics say why. */
  LOOM_COMPILE_ERROR = 1,
  /* The call itself was wrong: a NULL path or buffer. */
  LOOM_COMPILE_INVALID_ARGUMENT = 2,
} loom_compile_status_t;

typedef enum loom_model_format_e {
  LOOM_MODEL_FORMAT_ONNX = 0,
  LOOM_MODEL_FORMAT_MLIR = 1,
} loom_model_format_t;

typedef struct loom_compile_options_t {
  /* The target, by its registered name (loomc --target); NULL means
     "cpu". */
  const char *target;
  /* Options of the cpu target: the LLVM CPU name (e.g. "x86-64-v3") and
     target features (e.g. "+avx2,+fma"); NULL or "" selects the host's.
     Another target refuses them by name. */
  const char *cpu;
  const char *cpu_features;
  /* Optimization level of the generated code, 0 to 3. */
  unsigned opt_level;
  /* `input_shape_count` shapes of model inputs, each "NAME:1x3x224x224" or
     "INDEX:1x3x224x224", for inputs the model leaves dynamic. */
  const char *const *input_shapes;
  size_t input_shape_count;
} loom_compile_options_t;

/* Sets `options` to the defaults: target cpu on the host CPU, -O3, no input
   shapes. */
void loom_compile_options_init(loom_compile_options_t *options);

/* The outcome of a compile, owned by the caller. */
typedef struct loom_compile_result_s loom_compile_result_t;

/* Compiles the model at `path` (the extension, .onnx or .mlir, selects the
   format). `options` may be NULL for the defaults. Returns NULL only when
   memory for the result cannot be allocated. */
loom_compile_result_t *
loom_compiler_compile_file(const char *path,
                           const loom_compile_options_t *options);

/* Compiles the `size` bytes at `data`; `name` (may be NULL) names the model
   in diagnostics. */
loom_compile_result_t *
loom_compiler_compile_buffer(const void *data, size_t size,
                             loom_model_format_t format, const char *name,
                             const loom_compile_options_t *options);

/* The status of `result`; LOOM_COMPILE_INVALID_ARGUMENT for NULL. */
loom_compile_status_t
loom_compile_result_status(const loom_compile_result_t *result);

/* The artifact's bytes (NULL unless the status is LOOM_COMPILE_OK) and their
   number in *out_size; valid until the result is freed. */
const void *loom_compile_result_artifact(const loom_compile_result_t *result,
                                         size_t *out_size);

/* The diagnostics, one per line, each line ending in '\n'; "" when there are
   none. Valid until the result is freed. */
const char *
loom_compile_result_diagnostics(const loom_compile_result_t *result);

/* Frees `result`; NULL is allowed. */
void loom_compile_result_free(loom_compile_result_t *result);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOOM_COMPILER_LOOM_COMPILER_H */
