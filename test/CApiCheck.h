/*===- CApiCheck.h - Checks for the C tests of the C API ------------------===*
 *
 * Part of the Loom project.
 *
 * The C tests of the runtime's C API (test/unit/CApiTest.c,
 * test/runtime/SystolicCApi.c, test/training/TrainCApi.c) count failed
 * checks in `failures` and go on, so that one run reports every failure;
 * main returns non-zero when any failed. Include once per test program.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_TEST_CAPICHECK_H
#define LOOM_TEST_CAPICHECK_H

#include "runtime/loom_runtime.h"

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition)                                                       \
  do {                                                                         \
    if (!(condition)) {                                                        \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,         \
              #condition);                                                     \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Expects `status` to carry `code` and a message containing `text`, then
   frees it. */
static inline void expectError(loom_status_t status, loom_status_code_t code,
                               const char *text) {
  CHECK(status != NULL);
  if (!status)
    return;
  CHECK(loom_status_code(status) == code);
  if (!strstr(loom_status_message(status), text)) {
    fprintf(stderr, "expected '%s' in: %s\n", text,
            loom_status_message(status));
    ++failures;
  }
  loom_status_free(status);
}

#endif /* LOOM_TEST_CAPICHECK_H */
