/*===- loom_reference.h - One kernel on the reference evaluator, from C ----===*
 *
 * Part of the Loom project.
 *
 * The entry point loom-run --compare-reference opens with dlopen in
 * libloom_compiler.so, so that loom-run itself links no LLVM or MLIR: it
 * evaluates one kernel's source, as the artifact keeps it
 * (KernelLibrary.sources, docs/artifact.md), with the reference evaluator
 * on the bytes the compiled kernel read.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_COMPILER_LOOM_REFERENCE_H
#define LOOM_COMPILER_LOOM_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The evaluator's precisions (eval::Precision): how loom-run evaluates a
   kernel compiled for the CPU (native) or the systolic chip (bf16 matmul). */
#define LOOM_REFERENCE_PRECISION_NATIVE 0
#define LOOM_REFERENCE_PRECISION_BF16_MATMUL 2

/* Evaluates function `kernel` of `source` (MLIR text of a module, size
   bytes) on `inputs`, one per argument of the function, each the row-major
   bytes of its tensor type (input_sizes[i] must be its byte size). The
   results go to `outputs`, one per result, buffers of output_sizes[i]
   bytes, at least each result's byte size; output_dtypes[i] receives its
   element type (the value of loom::DType and artifact::ElementType) and
   output_bytes[i] its byte size. Returns NULL on success, or a message
   (malloc'd, freed with loom_reference_free). */
char *loom_reference_evaluate_kernel(
    const char *source, size_t source_size, const char *kernel,
    int32_t precision, const void *const *inputs, const uint64_t *input_sizes,
    uint32_t input_count, void *const *outputs, const uint64_t *output_sizes,
    uint32_t output_count, int32_t *output_dtypes, uint64_t *output_bytes);

void loom_reference_free(char *message);

/* The type of loom_reference_evaluate_kernel, for dlsym. */
typedef char *(*loom_reference_evaluate_kernel_fn)(
    const char *, size_t, const char *, int32_t, const void *const *,
    const uint64_t *, uint32_t, void *const *, const uint64_t *, uint32_t,
    int32_t *, uint64_t *);

#ifdef __cplusplus
}
#endif

#endif /* LOOM_COMPILER_LOOM_REFERENCE_H */
