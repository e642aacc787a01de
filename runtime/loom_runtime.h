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
  /* A run went past a limit set for it, e.g. the driver option
     systolic.max-instructions. */
  LOOM_STATUS_DEADLINE_EXCEEDED = 8,
  /* A defect in Loom: an invariant broke or an unexpected error reached the
     API. The message says what; please report it. */
  LOOM_STATUS_INTERNAL = 9,
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
  LOOM_ELEMENT_TYPE_I16 = 8,
  LOOM_ELEMENT_TYPE_UI8 = 9,
  LOOM_ELEMENT_TYPE_UI16 = 10,
  LOOM_ELEMENT_TYPE_UI32 = 11,
  LOOM_ELEMENT_TYPE_UI64 = 12,
} loom_element_type_t;

/* A loaded, validated artifact (docs/artifact.md). */
typedef struct loom_artifact_s loom_artifact_t;

/* Maps the file at `path` read-only and validates it, checksums included
   (docs/artifact.md). On success *out_artifact owns it; release it with
   loom_artifact_release. */
LOOM_MUST_USE loom_status_t loom_artifact_load_file(
    const char *path, loom_artifact_t **out_artifact);

/* Flags of loom_artifact_load_file_with_flags. */
enum {
  /* Skip verifying the checksums of the flatbuffer, constants and code:
     only for a file you trust not to be damaged (damage then goes
     undetected), or one written before checksums existed. */
  LOOM_ARTIFACT_SKIP_CHECKSUMS = 1
};

/* loom_artifact_load_file with `flags`, a bitwise or of the flags above;
   an unknown flag is LOOM_STATUS_INVALID_ARGUMENT. */
LOOM_MUST_USE loom_status_t loom_artifact_load_file_with_flags(
    const char *path, uint32_t flags, loom_artifact_t **out_artifact);

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
   artifact. A symbolic dimension (loom_artifact_input_dim_symbols) has its
   size at its symbol's bound. */
LOOM_MUST_USE loom_status_t loom_artifact_input_shape(
    const loom_artifact_t *artifact, size_t index,
    loom_element_type_t *out_element_type, size_t *out_rank,
    const int64_t **out_dims);
LOOM_MUST_USE loom_status_t loom_artifact_output_shape(
    const loom_artifact_t *artifact, size_t index,
    loom_element_type_t *out_element_type, size_t *out_rank,
    const int64_t **out_dims);

/* The number of dimension symbols of `artifact`: sizes bound by each run's
   inputs, up to a bound the model was compiled for (docs/artifact.md,
   "Symbolic dimensions"). 0 for an artifact compiled for static shapes,
   and for NULL. */
size_t loom_artifact_dim_symbol_count(const loom_artifact_t *artifact);

/* Dimension symbol `index`: its name (the input and axis that introduced
   it, like "input:0"; NUL-terminated, valid as long as the artifact) and
   its bound, the largest value a run may give it (the smallest is 1). */
LOOM_MUST_USE loom_status_t loom_artifact_dim_symbol(
    const loom_artifact_t *artifact, size_t index, const char **out_name,
    int64_t *out_bound);

/* For each dimension of input or output `index`, -1 when it is static or
   the number of its symbol: `*out_rank` entries at `*out_symbols` (NULL for
   rank 0), valid as long as the artifact. A dimension of symbol k whose
   size at the bound is S has the size S / bound_k * value_k in a run. */
LOOM_MUST_USE loom_status_t loom_artifact_input_dim_symbols(
    const loom_artifact_t *artifact, size_t index, size_t *out_rank,
    const int32_t **out_symbols);
LOOM_MUST_USE loom_status_t loom_artifact_output_dim_symbols(
    const loom_artifact_t *artifact, size_t index, size_t *out_rank,
    const int32_t **out_symbols);

/* Validates the `size` bytes at `data` (a whole artifact file, e.g. from
   loom_compiler_compile_buffer) and loads a copy of them, so `data` may be
   freed afterwards. On success *out_artifact owns it. */
LOOM_MUST_USE loom_status_t loom_artifact_load_memory(
    const void *data, size_t size, loom_artifact_t **out_artifact);

/* Runs the CPU program of an artifact: its kernel libraries loaded and a
   pool of worker threads. A multi-device artifact (one with a mesh) runs
   every device of its mesh in this process, each on a thread of its own;
   inputs and outputs are still whole tensors (docs/runtime.md). One run at
   a time per executor. */
typedef struct loom_executor_s loom_executor_t;

/* Loads the kernel libraries of `artifact`, which must outlive the executor,
   and runs launches on `thread_count` threads, the caller's included (0: one
   per hardware thread). A count above UINT_MAX is LOOM_STATUS_INVALID_ARGUMENT;
   threads the system will not start are LOOM_STATUS_RESOURCE_EXHAUSTED. */
LOOM_MUST_USE loom_status_t loom_executor_create(
    const loom_artifact_t *artifact, size_t thread_count,
    loom_executor_t **out_executor);

/* A setting of one driver: `key` is "DRIVER.NAME" (docs/runtime.md lists
   every driver's keys, e.g. systolic.chip-config, systolic.max-instructions)
   and `value` its text. */
typedef struct loom_driver_option_s {
  const char *key;
  const char *value;
} loom_driver_option_t;

/* loom_executor_create with `option_count` driver options (`options` may be
   NULL when there are none; the strings are copied). A key that names no
   driver, one a driver does not know, a bad value, or an option for a
   driver that runs no program of the artifact is
   LOOM_STATUS_INVALID_ARGUMENT naming the option. */
LOOM_MUST_USE loom_status_t loom_executor_create_with_options(
    const loom_artifact_t *artifact, size_t thread_count,
    const loom_driver_option_t *options, size_t option_count,
    loom_executor_t **out_executor);

/* What the devices measured during the executor's last run, as text for
   people (e.g. the systolic driver's cycles per kernel); "" for devices that
   measure nothing, before the first run, and for NULL. The executor owns the
   text; it stays valid until the next call with `executor`, a run or its
   release. */
const char *loom_executor_profile(loom_executor_t *executor);

/* Releases `executor` and stops its threads; NULL is allowed. */
void loom_executor_release(loom_executor_t *executor);

/* Runs the model once. `inputs[i]` holds input i's elements (row-major, the
   element type's C representation; f16/bf16 as uint16_t bits, i1 one byte
   each) and `input_sizes[i]` their byte count, which must equal the
   signature's; `outputs[i]` receives output i and `output_sizes[i]` is its
   capacity, which must be at least the output's byte size. An input with a
   symbolic dimension (it has at most one) may have any size of it up to
   the bound: its byte count tells which, and binds the dimension's symbol;
   an output with one then has the size the symbols give it (at most its
   size at the bound; loom_executor_output_shape tells the shape). So does
   an output whose size depends on the data (NonZero, Compress): its
   capacity must be its size at the bounds, and the run writes its actual
   elements at the start and gives loom_executor_output_shape their shape
   (a dimension may be 0). A count
   or size that does not match, or inputs that give a symbol different
   values, is LOOM_STATUS_INVALID_ARGUMENT naming the tensor; a
   failing kernel is LOOM_STATUS_ABORTED, one stopped by a limit (the driver
   option systolic.max-instructions) LOOM_STATUS_DEADLINE_EXCEEDED. After a
   multi-device run failed, the executor is unusable: later runs return
   LOOM_STATUS_ABORTED. */
LOOM_MUST_USE loom_status_t loom_executor_run(
    loom_executor_t *executor, const void *const *inputs,
    const size_t *input_sizes, size_t input_count, void *const *outputs,
    const size_t *output_sizes, size_t output_count);

/* The shape of output `index` in the executor's last successful run:
   `*out_rank` dimensions at `*out_dims` (NULL for rank 0), valid until the
   executor's next run or its release. Before the first run, the
   signature's shape (a symbolic dimension at its bound). */
LOOM_MUST_USE loom_status_t loom_executor_output_shape(
    const loom_executor_t *executor, size_t index, size_t *out_rank,
    const int64_t **out_dims);

/* What loom_executor_run_dataset ran. */
typedef struct loom_dataset_stats_s {
  uint64_t records;    /* samples run: batches * batch_size */
  uint64_t batches;    /* runs of the model */
  uint64_t batch_size; /* records per run */
  uint64_t left_over;  /* records at the end too few for a batch, not run */
  double seconds;      /* from opening the file to the last output written */
} loom_dataset_stats_t;

/* Runs the model over the TFRecord file `dataset_path` of tf.train.Example
   records (docs/datasets.md), as loom-run --dataset: one record a sample,
   its features matched to the inputs by name, batches of the inputs' shared
   leading dimension read ahead on a thread of their own; a path ending in
   .npz is instead an np.savez file with an array per input by name, a row
   a sample. `outputs` holds
   `output_count` targets "[NAME=]FILE" as loom-run --output-dataset takes
   them (FILE.tfrecord: every output, one Example a sample; FILE.npy: output
   NAME, or the only one, stacked [batches, ...shape]); it may be NULL when
   the count is 0. `max_batches` 0 runs every full batch. A damaged,
   truncated or mismatched record is LOOM_STATUS_DATA_LOSS or
   LOOM_STATUS_INVALID_ARGUMENT, "FILE: record I: REASON"; the run stops
   there with the output files holding the batches that ran. `out_stats`
   may be NULL. */
LOOM_MUST_USE loom_status_t loom_executor_run_dataset(
    loom_executor_t *executor, const char *dataset_path,
    const char *const *outputs, size_t output_count, uint64_t max_batches,
    loom_dataset_stats_t *out_stats);

/* One epoch of loom_executor_train. */
typedef struct loom_train_epoch_s {
  uint64_t epoch;      /* from 1 */
  uint64_t steps;      /* steps run in the epoch */
  double mean_loss;    /* of its steps */
  double seconds;      /* the epoch's wall time */
  uint64_t batch_size; /* samples a step */
  uint64_t left_over;  /* records at the end too few for a batch, not run */
} loom_train_epoch_t;

/* What loom_executor_train does; zero-initialize, then set the paths.
   Fields are only ever added at the end, with 0 meaning the behaviour from
   before them, so that zero-initializing source written for an older header
   compiles and behaves unchanged; the runtime reads the whole struct, so a
   binary built against an older header must be rebuilt with the new one. */
typedef struct loom_train_options_s {
  /* The initial state: an .npz file with an array per state input (loomc
     --initial-state, or a checkpoint). Required. */
  const char *state_path;
  /* The batches: a TFRecord or .npz file holding every other input, by
     name (docs/datasets.md). Required. */
  const char *dataset_path;
  uint64_t epochs;      /* 0: 1 */
  uint64_t max_batches; /* per epoch; 0: every full batch */
  /* The final state as .npz, and every `save_every` steps when that is not
     0; NULL: none. */
  const char *checkpoint_path;
  uint64_t save_every;
  /* One JSON line a step, {"step":S,"epoch":E,"loss":L}; NULL: none. */
  const char *log_path;
  /* Called on the calling thread after every epoch; NULL: none. */
  void (*on_epoch)(const loom_train_epoch_t *epoch, void *user_data);
  void *user_data;
  /* Not 0: each epoch visits the samples in its own pseudo-random order,
     derived from shuffle_seed and the epoch by a fixed generator (the same
     on every machine; docs/datasets.md, "Shuffling"): an .npz file's rows
     permuted, a TFRecord file's records through a buffer of shuffle_buffer
     records (0: 10000). 0: the file's order every epoch. */
  int shuffle;
  uint64_t shuffle_seed;
  uint64_t shuffle_buffer;
} loom_train_options_t;

/* Trains a training step (an artifact of loomc --train) as loom-run --train
   does (docs/training.md): the inputs that are also outputs by name are the
   state, loaded from options->state_path and fed back after every step; the
   others come from the dataset's batches. A step compiled for a mesh trains
   data-parallel; with an executor of loom_executor_create_mpi every rank
   calls this with the same options, and only rank 0 should be given
   checkpoint_path and log_path. An artifact without state or without a
   `loss` output, a missing or mismatched state array, a dataset without an
   input, a failed step or an unwritable file is an error of one line. */
LOOM_MUST_USE loom_status_t loom_executor_train(
    loom_executor_t *executor, const loom_train_options_t *options);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOOM_RUNTIME_LOOM_RUNTIME_H */
