/*===- TrainCApi.c - The training loop through the C API -----------------===*
 *
 * Part of the Loom project.
 *
 * loom-train-capi-test STEP.loom STATE.npz DATASET CHECKPOINT.npz LOG.jsonl
 * EPOCHS [SEED [BUFFER]]: trains the step with loom_executor_train for
 * EPOCHS epochs (shuffled with SEED and a shuffle buffer of BUFFER records
 * when given), the
 * checkpoint and the log written where given (train_loop.py compares them
 * with loom-run --train's, bit for bit), the epoch callback seen once an
 * epoch with consistent figures; then the refusals: NULL options, paths
 * and counts out of range, a state file that does not exist.
 *
 *===----------------------------------------------------------------------===*/

#include "runtime/loom_runtime.h"
#include "test/CApiCheck.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Seen {
  uint64_t epochs;
  uint64_t steps;
};

static void onEpoch(const loom_train_epoch_t *epoch, void *user_data) {
  struct Seen *seen = (struct Seen *)user_data;
  ++seen->epochs;
  CHECK(epoch->epoch == seen->epochs);
  CHECK(epoch->steps > 0 && epoch->batch_size > 0);
  CHECK(epoch->mean_loss > 0 && epoch->seconds >= 0);
  seen->steps += epoch->steps;
}

int main(int argc, char **argv) {
  if (argc < 7 || argc > 9) {
    fprintf(stderr,
            "usage: %s STEP STATE DATASET CHECKPOINT LOG EPOCHS [SEED "
            "[BUFFER]]\n",
            argv[0]);
    return 2;
  }
  loom_artifact_t *artifact = NULL;
  loom_executor_t *executor = NULL;
  loom_status_t status = loom_artifact_load_file(argv[1], &artifact);
  if (!status)
    status = loom_executor_create(artifact, 2, &executor);
  if (status) {
    fprintf(stderr, "%s\n", loom_status_message(status));
    loom_status_free(status);
    return 1;
  }

  struct Seen seen = {0, 0};
  loom_train_options_t options;
  memset(&options, 0, sizeof options);
  options.state_path = argv[2];
  options.dataset_path = argv[3];
  options.checkpoint_path = argv[4];
  options.log_path = argv[5];
  options.epochs = strtoull(argv[6], NULL, 10);
  options.on_epoch = onEpoch;
  options.user_data = &seen;
  if (argc > 7) {
    options.shuffle = 1;
    options.shuffle_seed = strtoull(argv[7], NULL, 10);
  }
  if (argc > 8)
    options.shuffle_buffer = strtoull(argv[8], NULL, 10);
  status = loom_executor_train(executor, &options);
  if (status) {
    fprintf(stderr, "%s\n", loom_status_message(status));
    loom_status_free(status);
    ++failures;
  }
  CHECK(seen.epochs == options.epochs);
  CHECK(seen.steps > 0);

  loom_train_options_t bad = options;
  expectError(loom_executor_train(NULL, &options),
              LOOM_STATUS_INVALID_ARGUMENT, "the executor is NULL");
  expectError(loom_executor_train(executor, NULL),
              LOOM_STATUS_INVALID_ARGUMENT, "the options are NULL");
  bad.state_path = NULL;
  expectError(loom_executor_train(executor, &bad),
              LOOM_STATUS_INVALID_ARGUMENT, "state_path is NULL");
  bad = options;
  bad.dataset_path = NULL;
  expectError(loom_executor_train(executor, &bad),
              LOOM_STATUS_INVALID_ARGUMENT, "dataset_path is NULL");
  bad = options;
  bad.epochs = UINT64_MAX;
  expectError(loom_executor_train(executor, &bad),
              LOOM_STATUS_INVALID_ARGUMENT, "above INT64_MAX");
  bad = options;
  bad.shuffle = 1;
  bad.shuffle_buffer = UINT64_MAX;
  expectError(loom_executor_train(executor, &bad),
              LOOM_STATUS_INVALID_ARGUMENT, "above INT64_MAX");
  bad = options;
  bad.state_path = "no-such-state.npz";
  bad.checkpoint_path = NULL;
  bad.log_path = NULL;
  expectError(loom_executor_train(executor, &bad),
              LOOM_STATUS_INVALID_ARGUMENT, "no-such-state.npz");

  loom_executor_release(executor);
  loom_artifact_release(artifact);
  if (failures)
    fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
