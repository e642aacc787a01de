/*===- CApiTest.c - The runtime's C API, compiled as C ----------------------===//
 *
 * Part of the Loom project.
 *
 * capi-test ARTIFACT: loads ARTIFACT (the "cpu" seed that
 * loom-artifact-seeds writes: inputs a 4x8xf32 and b 8xbf16, output c
 * 4x8xf32) and checks the signature queries, then the error paths. Being C,
 * it also proves the header is valid C.
 *
 *===----------------------------------------------------------------------===*/

#include "runtime/loom_runtime.h"
#include "test/CApiCheck.h"

#include <stdio.h>
#include <string.h>

/* Expects `status` to carry `code`, then frees it. */
static void expectCode(loom_status_t status, loom_status_code_t code) {
  CHECK(status != NULL);
  CHECK(loom_status_code(status) == code);
  CHECK(strlen(loom_status_message(status)) > 0);
  loom_status_free(status);
}

static void checkSignature(const loom_artifact_t *artifact) {
  const char *name = NULL;
  loom_element_type_t type;
  size_t rank = 0;
  const int64_t *dims = NULL;

  CHECK(loom_artifact_input_count(artifact) == 2);
  CHECK(loom_artifact_output_count(artifact) == 1);

  CHECK(loom_artifact_input_name(artifact, 1, &name) == NULL);
  CHECK(name && strcmp(name, "b") == 0);
  CHECK(loom_artifact_input_shape(artifact, 0, &type, &rank, &dims) == NULL);
  CHECK(type == LOOM_ELEMENT_TYPE_F32 && rank == 2 && dims[0] == 4 &&
        dims[1] == 8);
  CHECK(loom_artifact_input_shape(artifact, 1, &type, &rank, &dims) == NULL);
  CHECK(type == LOOM_ELEMENT_TYPE_BF16 && rank == 1 && dims[0] == 8);
  CHECK(loom_artifact_output_name(artifact, 0, &name) == NULL);
  CHECK(name && strcmp(name, "c") == 0);
  CHECK(loom_artifact_output_shape(artifact, 0, &type, &rank, &dims) == NULL);
  CHECK(type == LOOM_ELEMENT_TYPE_F32 && rank == 2);

  /* Out of range: an error, and the out-parameters nulled. */
  expectCode(loom_artifact_input_name(artifact, 2, &name),
             LOOM_STATUS_INVALID_ARGUMENT);
  CHECK(name == NULL);
  expectCode(loom_artifact_output_shape(artifact, 1, &type, &rank, &dims),
             LOOM_STATUS_INVALID_ARGUMENT);
  CHECK(rank == 0 && dims == NULL);
}

int main(int argc, char **argv) {
  loom_artifact_t *artifact = (loom_artifact_t *)&failures; /* not NULL */
  const char *name = "stale";
  loom_status_t status;

  if (argc != 2) {
    fprintf(stderr, "usage: capi-test ARTIFACT\n");
    return 2;
  }

  status = loom_artifact_load_file(argv[1], &artifact);
  if (status) {
    fprintf(stderr, "%s\n", loom_status_message(status));
    loom_status_free(status);
    return 1;
  }
  checkSignature(artifact);
  loom_artifact_release(artifact);

  /* A missing file, and a file that is not an artifact (this program). */
  artifact = (loom_artifact_t *)&failures;
  expectCode(loom_artifact_load_file("/nonexistent/model.loom", &artifact),
             LOOM_STATUS_NOT_FOUND);
  CHECK(artifact == NULL);
  status = loom_artifact_load_file(argv[0], &artifact);
  CHECK(loom_status_code(status) == LOOM_STATUS_DATA_LOSS);
  CHECK(strstr(loom_status_message(status), argv[0]) != NULL);
  loom_status_free(status);
  CHECK(artifact == NULL);

  /* NULL arguments. */
  expectCode(loom_artifact_load_file(NULL, &artifact),
             LOOM_STATUS_INVALID_ARGUMENT);
  expectCode(loom_artifact_input_name(NULL, 0, &name),
             LOOM_STATUS_INVALID_ARGUMENT);
  CHECK(name == NULL);
  CHECK(loom_artifact_input_count(NULL) == 0);
  CHECK(loom_status_code(NULL) == LOOM_STATUS_OK);
  CHECK(strcmp(loom_status_message(NULL), "") == 0);
  loom_status_free(NULL);
  loom_artifact_release(NULL);

  if (failures)
    fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
