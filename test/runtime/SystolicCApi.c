/*===- SystolicCApi.c - Driver options and profiles through the C API
 *------===//
 *
 * Part of the Loom project.
 *
 * loom-systolic-capi-test DIR: in DIR, the files loom-systolic-artifacts
 * writes. Runs model.loom (z = (x + y + c) * k, w = x + y, all 8x8xf32) on
 * the systolic driver with driver options given to
 * loom_executor_create_with_options, reads its profile with
 * loom_executor_profile, stops spin.loom's endless loop with
 * systolic.max-instructions, and checks the refused options.
 *
 *===----------------------------------------------------------------------===*/

#include "runtime/loom_runtime.h"
#include "test/CApiCheck.h"

#include <stdio.h>
#include <string.h>

static loom_artifact_t *load(const char *dir, const char *name) {
  char path[4096];
  loom_artifact_t *artifact = NULL;
  loom_status_t status;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  status = loom_artifact_load_file(path, &artifact);
  if (status) {
    fprintf(stderr, "%s\n", loom_status_message(status));
    loom_status_free(status);
  }
  return artifact;
}

int main(int argc, char **argv) {
  float x[64], y[64], z[64], w[64];
  const void *inputs[2] = {x, y};
  size_t sizes[2] = {sizeof x, sizeof y};
  void *outputs[2] = {z, w};
  loom_driver_option_t options[2] = {{"systolic.max-instructions", "100000"},
                                     {"systolic.trace", ""}};
  loom_driver_option_t cpuOption = {"cpu.threads", "1"};
  loom_driver_option_t nullValue = {"systolic.trace", NULL};
  loom_artifact_t *model, *spin;
  loom_executor_t *executor = (loom_executor_t *)&failures; /* not NULL */
  loom_status_t status;
  int i;

  if (argc != 2) {
    fprintf(stderr, "usage: loom-systolic-capi-test DIR\n");
    return 2;
  }
  model = load(argv[1], "model.loom");
  spin = load(argv[1], "spin.loom");
  if (!model || !spin)
    return 1;
  for (i = 0; i < 64; ++i) {
    x[i] = (float)i * 0.5f;
    y[i] = 3.0f - (float)i;
  }

  /* A run with a driver option, and its profile. */
  status = loom_executor_create_with_options(model, 1, options, 1, &executor);
  CHECK(status == NULL);
  loom_status_free(status);
  if (status)
    return 1;
  CHECK(strcmp(loom_executor_profile(executor), "") == 0);
  status = loom_executor_run(executor, inputs, sizes, 2, outputs, sizes, 2);
  CHECK(status == NULL);
  loom_status_free(status);
  for (i = 0; i < 64; ++i)
    CHECK(w[i] == x[i] + y[i]);
  CHECK(strstr(loom_executor_profile(executor),
               "systolic profile: 3 launches") != NULL);
  CHECK(strstr(loom_executor_profile(executor), "add_f32") != NULL);
  loom_executor_release(executor);

  /* A kernel that never ends stops at the limit. */
  options[0].value = "1000";
  status = loom_executor_create_with_options(spin, 1, options, 1, &executor);
  CHECK(status == NULL);
  loom_status_free(status);
  if (status)
    return 1;
  expectError(loom_executor_run(executor, inputs, sizes, 1, outputs, sizes, 0),
              LOOM_STATUS_DEADLINE_EXCEEDED,
              "kernel 'spin': stopped after 1000 instructions");
  loom_executor_release(executor);

  /* Refused options: a bad value, an empty trace file name, an option of a
     driver that runs no program of the artifact, NULLs. */
  options[0].value = "forever";
  expectError(
      loom_executor_create_with_options(model, 1, options, 1, &executor),
      LOOM_STATUS_INVALID_ARGUMENT,
      "systolic.max-instructions needs a positive integer, not 'forever'");
  CHECK(executor == NULL);
  expectError(
      loom_executor_create_with_options(model, 1, options + 1, 1, &executor),
      LOOM_STATUS_INVALID_ARGUMENT, "systolic.trace needs a file name");
  expectError(
      loom_executor_create_with_options(model, 1, &cpuOption, 1, &executor),
      LOOM_STATUS_INVALID_ARGUMENT,
      "driver option 'cpu.threads' is for the cpu driver, which runs no "
      "program of this artifact (its programs run on: systolic)");
  expectError(
      loom_executor_create_with_options(model, 1, &nullValue, 1, &executor),
      LOOM_STATUS_INVALID_ARGUMENT, "driver option 0 has a NULL key or value");
  expectError(loom_executor_create_with_options(model, 1, NULL, 1, &executor),
              LOOM_STATUS_INVALID_ARGUMENT, "the driver option array is NULL");
  status = loom_executor_create_with_options(model, 1, NULL, 0, &executor);
  CHECK(status == NULL);
  loom_status_free(status);
  loom_executor_release(executor);
  CHECK(strcmp(loom_executor_profile(NULL), "") == 0);

  loom_artifact_release(spin);
  loom_artifact_release(model);
  if (failures)
    fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
