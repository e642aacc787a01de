/*===- SymbolCApi.c - The C API over an artifact with a symbolic batch ----===//
 *
 * Part of the Loom project.
 *
 * loom-symbol-capi-test DIR: the C API, compiled as C, over DIR/model.loom
 * that loom-symbol-artifacts writes (SymbolModels.h: x, y ?(<=4)x3xf32;
 * z = 2 (x + y), w = x + y, ids: ?(<=4)x6xi32). The dimension symbol and
 * each tensor's symbols; runs at batches 3 and 1, told by the inputs' byte
 * counts, whose outputs have those batches; and each refusal.
 *
 *===----------------------------------------------------------------------===*/

#include "test/CApiCheck.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char path[4096];
  /* x and y hold the largest batch the refusals below claim (5 rows). */
  float x[15] = {0}, y[15] = {0}, z[12], w[12];
  int32_t ids[24];
  const void *inputs[2] = {x, y};
  size_t inputSizes[2] = {9 * sizeof(float), 9 * sizeof(float)};
  void *outputs[3] = {z, w, ids};
  size_t outputSizes[3] = {sizeof z, sizeof w, sizeof ids};
  loom_artifact_t *model = NULL;
  loom_executor_t *executor = NULL;
  loom_status_t status;
  const char *name = NULL;
  int64_t bound = 0;
  size_t rank = 0;
  const int32_t *symbols = NULL;
  const int64_t *dims = NULL;
  int i;

  if (argc != 2) {
    fprintf(stderr, "usage: loom-symbol-capi-test DIR\n");
    return 2;
  }
  snprintf(path, sizeof path, "%s/model.loom", argv[1]);
  status = loom_artifact_load_file(path, &model);
  if (status) {
    fprintf(stderr, "%s\n", loom_status_message(status));
    loom_status_free(status);
    return 1;
  }

  /* The signature. */
  CHECK(loom_artifact_dim_symbol_count(model) == 1);
  CHECK(loom_artifact_dim_symbol_count(NULL) == 0);
  status = loom_artifact_dim_symbol(model, 0, &name, &bound);
  CHECK(status == NULL && strcmp(name, "x:0") == 0 && bound == 4);
  loom_status_free(status);
  expectError(loom_artifact_dim_symbol(model, 1, &name, &bound),
              LOOM_STATUS_INVALID_ARGUMENT,
              "dimension symbol 1 is out of range; the artifact has 1");
  CHECK(name == NULL && bound == 0);
  status = loom_artifact_input_dim_symbols(model, 1, &rank, &symbols);
  CHECK(status == NULL && rank == 2 && symbols[0] == 0 && symbols[1] == -1);
  loom_status_free(status);
  status = loom_artifact_output_dim_symbols(model, 2, &rank, &symbols);
  CHECK(status == NULL && rank == 2 && symbols[0] == 0 && symbols[1] == -1);
  loom_status_free(status);
  expectError(loom_artifact_output_dim_symbols(model, 3, &rank, &symbols),
              LOOM_STATUS_INVALID_ARGUMENT, "output 3 is out of range");
  CHECK(rank == 0 && symbols == NULL);

  status = loom_executor_create(model, 2, &executor);
  CHECK(status == NULL);
  loom_status_free(status);
  if (status)
    return 1;
  /* Before a run: the signature's shape, at the bound. */
  status = loom_executor_output_shape(executor, 2, &rank, &dims);
  CHECK(status == NULL && rank == 2 && dims[0] == 4 && dims[1] == 6);
  loom_status_free(status);

  /* Batch 3, then 1. */
  for (i = 0; i < 12; ++i) {
    x[i] = (float)i;
    y[i] = 100.0f + (float)i;
  }
  status = loom_executor_run(executor, inputs, inputSizes, 2, outputs,
                             outputSizes, 3);
  CHECK(status == NULL);
  if (status)
    fprintf(stderr, "%s\n", loom_status_message(status));
  loom_status_free(status);
  for (i = 0; i < 9; ++i) {
    CHECK(w[i] == x[i] + y[i]);
    CHECK(z[i] == 2 * (x[i] + y[i]));
  }
  for (i = 0; i < 18; ++i)
    CHECK(ids[i] == i % 6 + 1);
  status = loom_executor_output_shape(executor, 0, &rank, &dims);
  CHECK(status == NULL && rank == 2 && dims[0] == 3 && dims[1] == 3);
  loom_status_free(status);
  status = loom_executor_output_shape(executor, 2, &rank, &dims);
  CHECK(status == NULL && rank == 2 && dims[0] == 3 && dims[1] == 6);
  loom_status_free(status);
  inputSizes[0] = inputSizes[1] = 3 * sizeof(float);
  status = loom_executor_run(executor, inputs, inputSizes, 2, outputs,
                             outputSizes, 3);
  CHECK(status == NULL);
  loom_status_free(status);
  status = loom_executor_output_shape(executor, 1, &rank, &dims);
  CHECK(status == NULL && rank == 2 && dims[0] == 1 && dims[1] == 3);
  loom_status_free(status);

  /* Refusals: a byte count of no whole batch, one above the bound,
     mismatched batches, an output too small for this run's batch, an
     output out of range. */
  inputSizes[0] = inputSizes[1] = 7 * sizeof(float);
  expectError(loom_executor_run(executor, inputs, inputSizes, 2, outputs,
                                outputSizes, 3),
              LOOM_STATUS_INVALID_ARGUMENT,
              "input 'x' has 28 bytes; the model expects a multiple of 12 "
              "(?(<=4)x3xf32)");
  inputSizes[0] = inputSizes[1] = 15 * sizeof(float);
  expectError(loom_executor_run(executor, inputs, inputSizes, 2, outputs,
                                outputSizes, 3),
              LOOM_STATUS_INVALID_ARGUMENT,
              "input 'x' dimension 0 is 5, above the bound 4 the artifact "
              "was compiled for (symbol 'x:0')");
  inputSizes[0] = 6 * sizeof(float);
  inputSizes[1] = 9 * sizeof(float);
  expectError(loom_executor_run(executor, inputs, inputSizes, 2, outputs,
                                outputSizes, 3),
              LOOM_STATUS_INVALID_ARGUMENT,
              "input 'y' dimension 0 is 3, but input 'x' gives symbol 'x:0' "
              "the value 2");
  inputSizes[1] = 6 * sizeof(float);
  outputSizes[2] = 10 * sizeof(int32_t);
  expectError(loom_executor_run(executor, inputs, inputSizes, 2, outputs,
                                outputSizes, 3),
              LOOM_STATUS_INVALID_ARGUMENT,
              "output 'ids' needs 48 bytes in this run (2x6xi32); the call "
              "gives 40");
  expectError(loom_executor_output_shape(executor, 3, &rank, &dims),
              LOOM_STATUS_INVALID_ARGUMENT,
              "output 3 is out of range; the artifact has 3 outputs");
  CHECK(rank == 0 && dims == NULL);

  loom_executor_release(executor);
  loom_artifact_release(model);
  if (failures)
    fprintf(stderr, "%d checks failed\n", failures);
  return failures != 0;
}
