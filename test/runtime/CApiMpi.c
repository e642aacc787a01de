/*===- CApiMpi.c - The runtime's C API over MPI, from C -----------*- C -*-===//
 *
 * Part of the Loom project.
 *
 *   mpirun -np P loom-capi-mpi-test MODEL.loom
 *
 * Every rank loads a multi-device artifact with one f32 input and runs it
 * twice on the same input: with loom_executor_create (every device in this
 * process: the reference) and with loom_executor_create_mpi on
 * MPI_COMM_WORLD (the devices spread over the ranks). Every output must be
 * the same bytes. Any failure ends the job through MPI_Abort.
 *
 *===----------------------------------------------------------------------===*/

#include "runtime/loom_runtime_mpi.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(loom_status_t status, const char *what) {
  if (!status)
    return;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  fprintf(stderr, "loom-capi-mpi-test: rank %d: %s: %s\n", rank, what,
          loom_status_message(status));
  loom_status_free(status);
  MPI_Abort(MPI_COMM_WORLD, 1);
}

static size_t byteSize(const loom_artifact_t *artifact, size_t index,
                       int input) {
  loom_element_type_t type;
  size_t rank;
  const int64_t *dims;
  check(input ? loom_artifact_input_shape(artifact, index, &type, &rank, &dims)
              : loom_artifact_output_shape(artifact, index, &type, &rank,
                                           &dims),
        "shape");
  size_t bytes = type == LOOM_ELEMENT_TYPE_F32 ? 4 : 0;
  for (size_t d = 0; d < rank; ++d)
    bytes *= (size_t)dims[d];
  return bytes;
}

/* Runs `executor` on `input` into freshly allocated outputs. */
static void **run(loom_executor_t *executor, const loom_artifact_t *artifact,
                  const float *input, size_t inputSize, size_t *sizes) {
  size_t count = loom_artifact_output_count(artifact);
  void **outputs = calloc(count, sizeof(void *));
  for (size_t i = 0; i < count; ++i) {
    sizes[i] = byteSize(artifact, i, 0);
    outputs[i] = malloc(sizes[i] ? sizes[i] : 1);
  }
  const void *inputs[] = {input};
  check(loom_executor_run(executor, inputs, &inputSize, 1,
                          (void *const *)outputs, sizes, count),
        "run");
  return outputs;
}

int main(int argc, char **argv) {
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (argc != 2 || provided < MPI_THREAD_SERIALIZED) {
    fprintf(stderr, "usage: mpirun -np P loom-capi-mpi-test MODEL.loom (with "
                    "MPI_THREAD_SERIALIZED)\n");
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  loom_artifact_t *artifact = NULL;
  check(loom_artifact_load_file(argv[1], &artifact), argv[1]);
  if (loom_artifact_input_count(artifact) != 1 ||
      byteSize(artifact, 0, 1) == 0) {
    fprintf(stderr, "loom-capi-mpi-test: %s must have one f32 input\n",
            argv[1]);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  size_t inputSize = byteSize(artifact, 0, 1);
  float *input = malloc(inputSize);
  for (size_t i = 0; i < inputSize / 4; ++i)
    input[i] = (float)((i * 37) % 17) / 8.0f - 1.0f;

  size_t count = loom_artifact_output_count(artifact);
  size_t *referenceSizes = calloc(count, sizeof(size_t));
  size_t *sizes = calloc(count, sizeof(size_t));
  loom_executor_t *local = NULL, *spread = NULL;
  check(loom_executor_create(artifact, 1, &local), "loom_executor_create");
  void **reference = run(local, artifact, input, inputSize, referenceSizes);
  check(loom_executor_create_mpi(artifact, 1, MPI_COMM_WORLD, 20000, &spread),
        "loom_executor_create_mpi");
  void **outputs = run(spread, artifact, input, inputSize, sizes);
  for (size_t i = 0; i < count; ++i)
    if (sizes[i] != referenceSizes[i] ||
        memcmp(outputs[i], reference[i], sizes[i]) != 0) {
      fprintf(stderr, "loom-capi-mpi-test: rank %d: output %zu differs from "
                      "the in-process run\n", rank, i);
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
  if (rank == 0)
    printf("%zu outputs equal the in-process run's, byte for byte\n", count);

  for (size_t i = 0; i < count; ++i) {
    free(reference[i]);
    free(outputs[i]);
  }
  free(reference);
  free(outputs);
  free(sizes);
  free(referenceSizes);
  free(input);
  loom_executor_release(spread);
  loom_executor_release(local);
  loom_artifact_release(artifact);
  MPI_Finalize();
  return 0;
}
