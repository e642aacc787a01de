/*===- loom_runtime.h - The Loom runtime's C API ------------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * A C interface over the C++ runtime, for programs and languages that cannot
 * use C++. Every fallible call returns a loom_status_t, which must be used:
 * NULL means success, anything else carries a code and a message and must be
 * freed with loom_status_free. Out-parameters are set to NULL (or zero)
 * before anything can fail, so they never hold stale values. No C++
 * exception crosses this interface.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_RUNTIME_LOOM_RUNTIME_H
#define LOOM_RUNTIME_LOOM_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LOOM_MUST_USE __attribute__((warn_unused_result))
#else
#define LOOM_MUST_USE
#endif

typedef enum loom_status_code_e {
  /* Success; only loom_status_code(NULL) returns it. */
  LOOM_STATUS_OK = 0,
  /* The caller passed something unusable: a NULL pointer, an index past the
     end. Retrying with the same arguments fails again. */
  LOOM_STATUS_INVALID_ARGUMENT = 1,
  /* The data is corrupt or truncated, e.g. an artifact that fails
     validation. */
  LOOM_STATUS_DATA_LOSS = 2,
  /* Well formed, but needs something this runtime lacks: a newer artifact
     schema, an unknown command kind. */
  LOOM_STATUS_UNIMPLEMENTED = 3,
  /* A named thing (a file) does not exist. */
  LOOM_STATUS_NOT_FOUND = 4,
  /* A value lies outside the accepted range, e.g. a file too large to map. */
  LOOM_STATUS_OUT_OF_RANGE = 5,
  /* Memory ran out. */
  LOOM_STATUS_RESOURCE_EXHAUSTED = 6,
  /* A kernel reported an error while the model ran. */
  LOOM_STATUS_ABORTED = 7,
} loom_status_code_t;

/* NULL on success; otherwise a code and a message, owned by the caller. */
typedef struct loom_status_s *loom_status_t;

/* The code of `status`; LOOM_STATUS_OK for NULL. */
loom_status_code_t loom_status_code(loom_status_t status);
/* The one-line message of `status`, valid until it is freed; "" for NULL. */
const char *loom_status_message(loom_status_t status);
/* Frees `status`; NULL is allowed. */
void loom_status_free(loom_status_t status);

/* Returns the status of `expr` from the enclosing function when it failed. */
#define LOOM_STATUS_RETURN_IF_ERROR(expr)                                      \
  do {                                                                         \
    loom_status_t loom_status_ = (expr);                                       \
    if (loom_status_)                                                          \
      return loom_status_;                                                     \
  } while (0)

/* Element types, in the order of the artifact schema and loom::DType. */
typedef enum loom_element_type_e {
  LOOM_ELEMENT_TYPE_F32 = 0,
  LOOM_ELEMENT_TYPE_F16 = 1,
  LOOM_ELEMENT_TYPE_BF16 = 2,
  LOOM_ELEMENT_TYPE_F64 = 3,
  LOOM_ELEMENT_TYPE_I1 = 4,
  LOOM_ELEMENT_TYPE_I8 = 5,
  LOOM_ELEMENT_TYPE_I32 = 6,
  LOOM_ELEMENT_TYPE_I64 = 7,
} loom_element_type_t;

/* A loaded, validated artifact (docs/artifact.md). */
typedef struct loom_artifact_s loom_artifact_t;

/* Maps the file at `path` read-only and validates it. On success
   *out_artifact owns it; release it with loom_artifact_release. */
LOOM_MUST_USE loom_status_t loom_artifact_load_file(
    const char *path, loom_artifact_t **out_artifact);

/* Releases `artifact` and its mapping; NULL is allowed. Names and shapes
   obtained from it become invalid. */
void loom_artifact_release(loom_artifact_t *artifact);

/* The number of model inputs and outputs; 0 for NULL. */
size_t loom_artifact_input_count(const loom_artifact_t *artifact);
size_t loom_artifact_output_count(const loom_artifact_t *artifact);

/* The name of input or output `index` (NUL-terminated), valid as long as
   the artifact. */
LOOM_MUST_USE loom_status_t loom_artifact_input_name(
    const loom_artifact_t *artifact, size_t index, const char **out_name);
LOOM_MUST_USE loom_status_t loom_artifact_output_name(
    const loom_artifact_t *artifact, size_t index, const char **out_name);

/* The element type and shape of input or output `index`: `*out_rank`
   dimensions at `*out_dims` (NULL for rank 0), valid as long as the
   artifact. */
LOOM_MUST_USE loom_status_t loom_artifact_input_shape(
    const loom_artifact_t *artifact, size_t index,
    loom_element_type_t *out_element_type, size_t *out_rank,
    const int64_t **out_dims);
LOOM_MUST_USE loom_status_t loom_artifact_output_shape(
    const loom_artifact_t *artifact, size_t index,
    loom_element_type_t *out_element_type, size_t *out_rank,
    const int64_t **out_dims);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOOM_RUNTIME_LOOM_RUNTIME_H */
