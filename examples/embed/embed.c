/*===- embed.c - Compile and run a model from C ---------------------------===//
 *
 * Part of the Loom project.
 *
 * embed MODEL: compiles MODEL (examples/mlp.mlir: a 4x8xf32 input, a 4x2xf32
 * output) with the compiler's C API, loads the artifact from memory with the
 * runtime's C API, runs it on fixed inputs and prints the outputs. It is the
 * smallest complete use of both APIs; docs/compiler.md walks through it.
 *
 *===----------------------------------------------------------------------===*/

#include "compiler/loom_compiler.h"
#include "runtime/loom_runtime.h"

#include <stdio.h>
#include <stdlib.h>

/* Prints a failed status and frees it; returns 1 when there was one. */
static int failed(loom_status_t status, const char *what) {
  if (!status)
    return 0;
  fprintf(stderr, "embed: %s: %s\n", what, loom_status_message(status));
  loom_status_free(status);
  return 1;
}

/* Bytes of a tensor of the signature (this example handles f32 only). */
static size_t f32Elements(size_t rank, const int64_t *dims) {
  size_t count = 1;
  for (size_t i = 0; i < rank; ++i)
    count *= (size_t)dims[i];
  return count;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: embed MODEL.mlir|MODEL.onnx\n");
    return 2;
  }

  /* 1. Compile, for the host CPU at -O3. */
  loom_compile_options_t options;
  loom_compile_options_init(&options);
  loom_compile_result_t *compiled =
      loom_compiler_compile_file(argv[1], &options);
  if (loom_compile_result_status(compiled) != LOOM_COMPILE_OK) {
    fprintf(stderr, "embed: compiling %s failed:\n%s", argv[1],
            loom_compile_result_diagnostics(compiled));
    loom_compile_result_free(compiled);
    return 1;
  }
  size_t size = 0;
  const void *bytes = loom_compile_result_artifact(compiled, &size);

  /* 2. Load the artifact (a validated copy) and its kernels. */
  loom_artifact_t *artifact = NULL;
  loom_executor_t *executor = NULL;
  int status = 1;
  if (failed(loom_artifact_load_memory(bytes, size, &artifact), "load"))
    goto done;
  if (failed(loom_executor_create(artifact, 2, &executor), "executor"))
    goto done;
  if (loom_artifact_input_count(artifact) != 1 ||
      loom_artifact_output_count(artifact) != 1) {
    fprintf(stderr, "embed: expected a model with one input and one output\n");
    goto done;
  }

  /* 3. Fixed inputs: element i of the input is i / 16 - 1. */
  loom_element_type_t type;
  size_t inRank = 0, outRank = 0;
  const int64_t *inDims = NULL, *outDims = NULL;
  const char *outName = NULL;
  if (failed(loom_artifact_input_shape(artifact, 0, &type, &inRank, &inDims),
             "input shape") ||
      failed(loom_artifact_output_shape(artifact, 0, &type, &outRank, &outDims),
             "output shape") ||
      failed(loom_artifact_output_name(artifact, 0, &outName), "output name"))
    goto done;
  size_t inCount = f32Elements(inRank, inDims);
  size_t outCount = f32Elements(outRank, outDims);
  float *input = malloc(inCount * sizeof(float));
  float *output = malloc(outCount * sizeof(float));
  if (!input || !output) {
    free(input);
    free(output);
    goto done;
  }
  for (size_t i = 0; i < inCount; ++i)
    input[i] = (float)i / 16.0f - 1.0f;

  /* 4. Run and print. */
  const void *inputs[1] = {input};
  size_t inputSizes[1] = {inCount * sizeof(float)};
  void *outputs[1] = {output};
  size_t outputSizes[1] = {outCount * sizeof(float)};
  if (!failed(loom_executor_run(executor, inputs, inputSizes, 1, outputs,
                                outputSizes, 1),
              "run")) {
    printf("%s:", outName);
    for (size_t i = 0; i < outCount; ++i)
      printf(" %.4f", output[i]);
    printf("\n");
    status = 0;
  }
  free(input);
  free(output);

done:
  loom_executor_release(executor);
  loom_artifact_release(artifact);
  loom_compile_result_free(compiled);
  return status;
}
