//===- loom_runtime.cpp - The Loom runtime's C API -----------------------===//
//
// Part of the Loom project.
//
// Each entry point nulls its out-parameters, checks its arguments, and runs
// the C++ API inside a catch-all. The runtime reports its errors as statuses;
// what it can throw is the standard library's: std::bad_alloc becomes
// LOOM_STATUS_RESOURCE_EXHAUSTED through a preallocated status (allocating
// one could fail again), and anything unexpected LOOM_STATUS_INTERNAL with
// its message, never a blanket "out of memory".
//
//===----------------------------------------------------------------------===//

#include "runtime/loom_runtime.h"

#include "runtime/CApi.h"
#include "runtime/dataset/Dataset.h"
#include "runtime/training/TrainLoop.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

// The C enums are casts of the C++ ones; these keep them in step.
static_assert(LOOM_STATUS_INVALID_ARGUMENT ==
              static_cast<int>(loom::StatusCode::InvalidArgument));
static_assert(LOOM_STATUS_DATA_LOSS ==
              static_cast<int>(loom::StatusCode::DataLoss));
static_assert(LOOM_STATUS_UNIMPLEMENTED ==
              static_cast<int>(loom::StatusCode::Unimplemented));
static_assert(LOOM_STATUS_NOT_FOUND ==
              static_cast<int>(loom::StatusCode::NotFound));
static_assert(LOOM_STATUS_OUT_OF_RANGE ==
              static_cast<int>(loom::StatusCode::OutOfRange));
static_assert(LOOM_STATUS_RESOURCE_EXHAUSTED ==
              static_cast<int>(loom::StatusCode::ResourceExhausted));
static_assert(LOOM_STATUS_ABORTED ==
              static_cast<int>(loom::StatusCode::Aborted));
static_assert(LOOM_STATUS_DEADLINE_EXCEEDED ==
              static_cast<int>(loom::StatusCode::DeadlineExceeded));
static_assert(LOOM_STATUS_INTERNAL ==
              static_cast<int>(loom::StatusCode::Internal));
static_assert(LOOM_ELEMENT_TYPE_BF16 == static_cast<int>(loom::DType::BF16));
static_assert(LOOM_ELEMENT_TYPE_I64 == static_cast<int>(loom::DType::I64));
static_assert(LOOM_ELEMENT_TYPE_UI64 == static_cast<int>(loom::DType::UI64));

namespace {

loom_status_s outOfMemoryStatus{LOOM_STATUS_RESOURCE_EXHAUSTED,
                                "out of memory"};

} // namespace

namespace loom::capi {

loom_status_t outOfMemory() { return &outOfMemoryStatus; }

loom_status_t makeStatus(loom_status_code_t code, std::string message) {
  try {
    return new loom_status_s{code, std::move(message)};
  } catch (...) {
    return outOfMemory();
  }
}

loom_status_t currentExceptionStatus() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc &) {
    return outOfMemory();
  } catch (const std::length_error &error) {
    return makeStatus(LOOM_STATUS_RESOURCE_EXHAUSTED,
                      std::string("a size exceeds what can be allocated (") +
                          error.what() + ")");
  } catch (const std::system_error &error) {
    std::error_condition condition = error.code().default_error_condition();
    bool exhausted =
        condition == std::errc::resource_unavailable_try_again ||
        condition == std::errc::not_enough_memory;
    return makeStatus(exhausted ? LOOM_STATUS_RESOURCE_EXHAUSTED
                                : LOOM_STATUS_INTERNAL,
                      std::string("system error: ") + error.what());
  } catch (const std::exception &error) {
    return makeStatus(LOOM_STATUS_INTERNAL,
                      std::string("unexpected error: ") + error.what());
  } catch (...) {
    return makeStatus(LOOM_STATUS_INTERNAL,
                      "unexpected exception of an unknown type");
  }
}

loom_status_t fromStatus(const Status &status) {
  if (status.isOk())
    return nullptr;
  // The C codes extend the C++ ones with the same values.
  return makeStatus(static_cast<loom_status_code_t>(status.code()),
                    status.message());
}

loom_status_t createExecutor(
    const loom_artifact_t *artifact, const ExecutorOptions &options,
    std::unique_ptr<collectives::Communicator> communicator,
    loom_executor_t **out_executor) {
  return guarded([&]() -> loom_status_t {
    auto executor = std::make_unique<loom_executor_s>();
    executor->artifact = &artifact->artifact;
    for (const TensorSpec &spec : artifact->artifact.outputs())
      executor->outputShapes.push_back(spec.shape);
    executor->communicator = std::move(communicator);
    ExecutorOptions withCommunicator = options;
    withCommunicator.communicator = executor->communicator.get();
    Status status = Executor::load(artifact->artifact, withCommunicator,
                                   executor->executor);
    if (!status.isOk())
      return fromStatus(status);
    *out_executor = executor.release();
    return nullptr;
  });
}

} // namespace loom::capi

using loom::capi::fromStatus;
using loom::capi::guarded;
using loom::capi::makeStatus;

namespace {

loom_status_t specAt(const loom_artifact_t *artifact, size_t index,
                     bool input, const loom::TensorSpec **out) {
  if (!artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the artifact is NULL");
  const std::vector<loom::TensorSpec> &specs =
      input ? artifact->artifact.inputs() : artifact->artifact.outputs();
  const char *noun = input ? "input" : "output";
  if (index >= specs.size())
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      std::string(noun) + " " + std::to_string(index) +
                          " is out of range; the artifact has " +
                          std::to_string(specs.size()) + " " + noun + "s");
  *out = &specs[index];
  return nullptr;
}

loom_status_t nameOf(const loom_artifact_t *artifact, size_t index,
                     bool input, const char **out_name) {
  if (!out_name)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_name is NULL");
  *out_name = nullptr;
  const loom::TensorSpec *spec = nullptr;
  LOOM_STATUS_RETURN_IF_ERROR(specAt(artifact, index, input, &spec));
  *out_name = spec->name.c_str();
  return nullptr;
}

loom_status_t shapeOf(const loom_artifact_t *artifact, size_t index,
                      bool input, loom_element_type_t *out_element_type,
                      size_t *out_rank, const int64_t **out_dims) {
  if (!out_element_type || !out_rank || !out_dims)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "an out-parameter is NULL");
  *out_element_type = LOOM_ELEMENT_TYPE_F32;
  *out_rank = 0;
  *out_dims = nullptr;
  const loom::TensorSpec *spec = nullptr;
  LOOM_STATUS_RETURN_IF_ERROR(specAt(artifact, index, input, &spec));
  *out_element_type = static_cast<loom_element_type_t>(spec->dtype);
  *out_rank = spec->shape.size();
  *out_dims = spec->shape.empty() ? nullptr : spec->shape.data();
  return nullptr;
}

loom_status_t dimSymbolsOf(const loom_artifact_t *artifact, size_t index,
                           bool input, size_t *out_rank,
                           const int32_t **out_symbols) {
  if (!out_rank || !out_symbols)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "an out-parameter is NULL");
  *out_rank = 0;
  *out_symbols = nullptr;
  const loom::TensorSpec *spec = nullptr;
  LOOM_STATUS_RETURN_IF_ERROR(specAt(artifact, index, input, &spec));
  *out_rank = spec->dimSymbols.size();
  *out_symbols = spec->dimSymbols.empty() ? nullptr : spec->dimSymbols.data();
  return nullptr;
}

/// The run-time shape of input `spec` that `bytes` bytes hold: the size of
/// its symbolic dimension (at most one) follows from the byte count. A
/// value outside 1 to the bound is left for the executor to report.
loom_status_t inputShape(const loom::Artifact &artifact,
                         const loom::TensorSpec &spec, size_t bytes,
                         loom::Shape &shape) {
  shape = spec.shape;
  for (size_t d = 0; d < shape.size(); ++d) {
    int32_t k = spec.dimSymbols[d];
    if (k < 0)
      continue;
    int64_t bound = artifact.dimSymbols()[k].bound;
    // The bytes of one unit of the symbol's value.
    uint64_t unit = spec.byteSize / uint64_t(bound);
    if (unit == 0)
      return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                        "input '" + spec.name + "' (" +
                            artifact.specString(spec) +
                            ") has no bytes at any size, so its byte count "
                            "cannot tell the size of dimension " +
                            std::to_string(d));
    if (bytes % unit)
      return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                        "input '" + spec.name + "' has " +
                            std::to_string(bytes) +
                            " bytes; the model expects a multiple of " +
                            std::to_string(unit) + " (" +
                            artifact.specString(spec) + ")");
    shape[d] = spec.shape[d] / bound * int64_t(bytes / unit);
  }
  return nullptr;
}

/// The executor counts threads in an unsigned; a larger count must not
/// wrap around to a small one.
loom_status_t checkThreadCount(size_t thread_count) {
  if (thread_count <= UINT_MAX)
    return nullptr;
  return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                    "thread_count " + std::to_string(thread_count) +
                        " is more than the " + std::to_string(UINT_MAX) +
                        " threads an executor can count");
}

} // namespace

extern "C" {

loom_status_code_t loom_status_code(loom_status_t status) {
  return status ? status->code : LOOM_STATUS_OK;
}

const char *loom_status_message(loom_status_t status) {
  return status ? status->message.c_str() : "";
}

void loom_status_free(loom_status_t status) {
  if (status != loom::capi::outOfMemory())
    delete status;
}

loom_status_t loom_artifact_load_file(const char *path,
                                      loom_artifact_t **out_artifact) {
  return loom_artifact_load_file_with_flags(path, 0, out_artifact);
}

loom_status_t loom_artifact_load_file_with_flags(const char *path,
                                                 uint32_t flags,
                                                 loom_artifact_t **out_artifact) {
  if (!out_artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_artifact is NULL");
  *out_artifact = nullptr;
  if (!path)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the path is NULL");
  if (flags & ~uint32_t(LOOM_ARTIFACT_SKIP_CHECKSUMS))
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "unknown artifact load flags " + std::to_string(flags));
  loom::ArtifactLoadOptions options;
  options.verifyChecksums = !(flags & LOOM_ARTIFACT_SKIP_CHECKSUMS);
  return guarded([&]() -> loom_status_t {
    auto *artifact = new loom_artifact_s();
    loom::Status status =
        loom::Artifact::loadFile(path, artifact->artifact, options);
    if (!status.isOk()) {
      delete artifact;
      return fromStatus(status);
    }
    *out_artifact = artifact;
    return nullptr;
  });
}

void loom_artifact_release(loom_artifact_t *artifact) { delete artifact; }

size_t loom_artifact_input_count(const loom_artifact_t *artifact) {
  return artifact ? artifact->artifact.inputs().size() : 0;
}

size_t loom_artifact_output_count(const loom_artifact_t *artifact) {
  return artifact ? artifact->artifact.outputs().size() : 0;
}

loom_status_t loom_artifact_input_name(const loom_artifact_t *artifact,
                                       size_t index, const char **out_name) {
  return guarded([&] { return nameOf(artifact, index, true, out_name); });
}

loom_status_t loom_artifact_output_name(const loom_artifact_t *artifact,
                                        size_t index, const char **out_name) {
  return guarded([&] { return nameOf(artifact, index, false, out_name); });
}

loom_status_t loom_artifact_input_shape(const loom_artifact_t *artifact,
                                        size_t index,
                                        loom_element_type_t *out_element_type,
                                        size_t *out_rank,
                                        const int64_t **out_dims) {
  return guarded([&] {
    return shapeOf(artifact, index, true, out_element_type, out_rank, out_dims);
  });
}

loom_status_t loom_artifact_output_shape(const loom_artifact_t *artifact,
                                         size_t index,
                                         loom_element_type_t *out_element_type,
                                         size_t *out_rank,
                                         const int64_t **out_dims) {
  return guarded([&] {
    return shapeOf(artifact, index, false, out_element_type, out_rank,
                   out_dims);
  });
}

size_t loom_artifact_dim_symbol_count(const loom_artifact_t *artifact) {
  return artifact ? artifact->artifact.dimSymbols().size() : 0;
}

loom_status_t loom_artifact_dim_symbol(const loom_artifact_t *artifact,
                                       size_t index, const char **out_name,
                                       int64_t *out_bound) {
  if (!out_name || !out_bound)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "an out-parameter is NULL");
  *out_name = nullptr;
  *out_bound = 0;
  if (!artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the artifact is NULL");
  return guarded([&]() -> loom_status_t {
    const std::vector<loom::DimSymbolSpec> &symbols =
        artifact->artifact.dimSymbols();
    if (index >= symbols.size())
      return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                        "dimension symbol " + std::to_string(index) +
                            " is out of range; the artifact has " +
                            std::to_string(symbols.size()));
    *out_name = symbols[index].name.c_str();
    *out_bound = symbols[index].bound;
    return nullptr;
  });
}

loom_status_t loom_artifact_input_dim_symbols(const loom_artifact_t *artifact,
                                              size_t index, size_t *out_rank,
                                              const int32_t **out_symbols) {
  return guarded([&] {
    return dimSymbolsOf(artifact, index, true, out_rank, out_symbols);
  });
}

loom_status_t loom_artifact_output_dim_symbols(const loom_artifact_t *artifact,
                                               size_t index, size_t *out_rank,
                                               const int32_t **out_symbols) {
  return guarded([&] {
    return dimSymbolsOf(artifact, index, false, out_rank, out_symbols);
  });
}

loom_status_t loom_artifact_load_memory(const void *data, size_t size,
                                        loom_artifact_t **out_artifact) {
  if (!out_artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_artifact is NULL");
  *out_artifact = nullptr;
  if (!data && size)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the data is NULL");
  return guarded([&]() -> loom_status_t {
    const auto *bytes = static_cast<const uint8_t *>(data);
    loom::ByteBuffer copy(bytes, bytes + size);
    auto artifact = std::make_unique<loom_artifact_s>();
    loom::Status status = loom::Artifact::load(copy, artifact->artifact);
    if (!status.isOk())
      return fromStatus(status);
    *out_artifact = artifact.release();
    return nullptr;
  });
}

loom_status_t loom_executor_create(const loom_artifact_t *artifact,
                                   size_t thread_count,
                                   loom_executor_t **out_executor) {
  if (!out_executor)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_executor is NULL");
  *out_executor = nullptr;
  if (!artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the artifact is NULL");
  return guarded([&]() -> loom_status_t {
    LOOM_STATUS_RETURN_IF_ERROR(checkThreadCount(thread_count));
    loom::ExecutorOptions options;
    options.threads = static_cast<unsigned>(thread_count);
    return loom::capi::createExecutor(artifact, options, nullptr,
                                      out_executor);
  });
}

loom_status_t loom_executor_create_with_options(
    const loom_artifact_t *artifact, size_t thread_count,
    const loom_driver_option_t *options, size_t option_count,
    loom_executor_t **out_executor) {
  if (!out_executor)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "out_executor is NULL");
  *out_executor = nullptr;
  if (!artifact)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the artifact is NULL");
  if (loom_status_t status = guarded([&] { return checkThreadCount(thread_count); }))
    return status;
  if (option_count && !options)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "the driver option array is NULL");
  for (size_t i = 0; i < option_count; ++i)
    if (!options[i].key || !options[i].value)
      return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                        "driver option " + std::to_string(i) +
                            " has a NULL key or value");
  return guarded([&]() -> loom_status_t {
    loom::ExecutorOptions executorOptions;
    executorOptions.threads = static_cast<unsigned>(thread_count);
    for (size_t i = 0; i < option_count; ++i)
      executorOptions.driverOptions[options[i].key] = options[i].value;
    return loom::capi::createExecutor(artifact, executorOptions, nullptr,
                                      out_executor);
  });
}

const char *loom_executor_profile(loom_executor_t *executor) {
  if (!executor)
    return "";
  try {
    executor->profile = executor->executor.profile();
  } catch (...) {
    // Out of memory: no text rather than an exception across the C ABI.
    executor->profile.clear();
  }
  return executor->profile.c_str();
}

void loom_executor_release(loom_executor_t *executor) { delete executor; }

loom_status_t loom_executor_run_dataset(loom_executor_t *executor,
                                        const char *dataset_path,
                                        const char *const *outputs,
                                        size_t output_count,
                                        uint64_t max_batches,
                                        loom_dataset_stats_t *out_stats) {
  if (!executor)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the executor is NULL");
  if (!dataset_path)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the dataset path is NULL");
  if (output_count && !outputs)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "the output target array is NULL");
  for (size_t i = 0; i < output_count; ++i)
    if (!outputs[i])
      return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                        "output target " + std::to_string(i) + " is NULL");
  if (max_batches > static_cast<uint64_t>(INT64_MAX))
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "max_batches is above INT64_MAX");
  return guarded([&]() -> loom_status_t {
    loom::dataset::RunOptions options;
    options.path = dataset_path;
    options.maxBatches = static_cast<int64_t>(max_batches);
    for (size_t i = 0; i < output_count; ++i)
      options.outputs.push_back(
          loom::dataset::OutputTarget::parse(outputs[i]));
    loom::dataset::RunStats stats;
    loom::Status status = loom::dataset::runDataset(
        executor->executor, *executor->artifact, options, stats);
    if (!status.isOk())
      return fromStatus(status);
    if (out_stats) {
      out_stats->records = static_cast<uint64_t>(stats.records);
      out_stats->batches = static_cast<uint64_t>(stats.batches);
      out_stats->batch_size = static_cast<uint64_t>(stats.batchSize);
      out_stats->left_over = static_cast<uint64_t>(stats.leftOver);
      out_stats->seconds = stats.seconds;
    }
    return nullptr;
  });
}

loom_status_t loom_executor_run(loom_executor_t *executor,
                                const void *const *inputs,
                                const size_t *input_sizes, size_t input_count,
                                void *const *outputs,
                                const size_t *output_sizes,
                                size_t output_count) {
  if (!executor)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the executor is NULL");
  const loom::Artifact &artifact = *executor->artifact;
  if (input_count != artifact.inputs().size() ||
      output_count != artifact.outputs().size())
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "the model has " +
                          std::to_string(artifact.inputs().size()) +
                          " inputs and " +
                          std::to_string(artifact.outputs().size()) +
                          " outputs; the call passes " +
                          std::to_string(input_count) + " and " +
                          std::to_string(output_count));
  if ((input_count && (!inputs || !input_sizes)) ||
      (output_count && (!outputs || !output_sizes)))
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "an input or output array is NULL");
  return guarded([&]() -> loom_status_t {
    // The executor runs on host tensors; the caller's bytes are copied in
    // and out, which keeps this interface free of tensor ownership.
    std::vector<loom::Tensor> tensors;
    for (size_t i = 0; i < input_count; ++i) {
      const loom::TensorSpec &spec = artifact.inputs()[i];
      loom::Shape shape = spec.shape;
      if (!artifact.hasDimSymbols()) {
        if (input_sizes[i] != spec.byteSize || (spec.byteSize && !inputs[i]))
          return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                            "input '" + spec.name + "' has " +
                                std::to_string(input_sizes[i]) +
                                " bytes; the model expects " +
                                std::to_string(spec.byteSize) + " (" +
                                loom::shapeString(spec.shape, spec.dtype) +
                                ")");
      } else {
        LOOM_STATUS_RETURN_IF_ERROR(
            inputShape(artifact, spec, input_sizes[i], shape));
        if (input_sizes[i] && !inputs[i])
          return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                            "input '" + spec.name + "' is NULL");
      }
      tensors.emplace_back(spec.dtype, shape);
      if (input_sizes[i])
        std::memcpy(tensors.back().bytes(), inputs[i], input_sizes[i]);
    }
    // An output with a symbolic dimension is checked once the run gave it
    // its size.
    for (size_t i = 0; i < output_count; ++i) {
      const loom::TensorSpec &spec = artifact.outputs()[i];
      bool symbolic = std::any_of(spec.dimSymbols.begin(),
                                  spec.dimSymbols.end(),
                                  [](int32_t k) { return k >= 0; });
      if (symbolic)
        continue;
      if (output_sizes[i] < spec.byteSize || (spec.byteSize && !outputs[i]))
        return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                          "output '" + spec.name + "' needs " +
                              std::to_string(spec.byteSize) +
                              " bytes; the call gives " +
                              std::to_string(output_sizes[i]));
    }
    std::vector<loom::Tensor> results;
    loom::Status status = executor->executor.run(tensors, results);
    if (!status.isOk())
      return fromStatus(status);
    for (size_t i = 0; i < output_count; ++i) {
      size_t bytes = results[i].byteSize();
      if (output_sizes[i] < bytes || (bytes && !outputs[i]))
        return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                          "output '" + artifact.outputs()[i].name +
                              "' needs " + std::to_string(bytes) +
                              " bytes in this run (" +
                              loom::shapeString(results[i].shape(),
                                                results[i].dtype()) +
                              "); the call gives " +
                              std::to_string(output_sizes[i]));
    }
    for (size_t i = 0; i < output_count; ++i) {
      if (results[i].byteSize())
        std::memcpy(outputs[i], results[i].bytes(), results[i].byteSize());
      executor->outputShapes[i] = results[i].shape();
    }
    return nullptr;
  });
}

loom_status_t loom_executor_output_shape(const loom_executor_t *executor,
                                         size_t index, size_t *out_rank,
                                         const int64_t **out_dims) {
  if (!out_rank || !out_dims)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "an out-parameter is NULL");
  *out_rank = 0;
  *out_dims = nullptr;
  if (!executor)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the executor is NULL");
  const std::vector<loom::Shape> &shapes = executor->outputShapes;
  if (index >= shapes.size())
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "output " + std::to_string(index) +
                          " is out of range; the artifact has " +
                          std::to_string(shapes.size()) + " outputs");
  *out_rank = shapes[index].size();
  *out_dims = shapes[index].empty() ? nullptr : shapes[index].data();
  return nullptr;
}

loom_status_t loom_executor_train(loom_executor_t *executor,
                                  const loom_train_options_t *options) {
  if (!executor)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the executor is NULL");
  if (!options)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT, "the options are NULL");
  if (!options->state_path)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "training needs a state file (state_path is NULL)");
  if (!options->dataset_path)
    return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                      "training needs a dataset (dataset_path is NULL)");
  for (uint64_t value : {options->epochs, options->max_batches,
                         options->save_every, options->shuffle_buffer})
    if (value > static_cast<uint64_t>(INT64_MAX))
      return makeStatus(LOOM_STATUS_INVALID_ARGUMENT,
                        "a count of the options is above INT64_MAX");
  return guarded([&]() -> loom_status_t {
    loom::training::TrainOptions train;
    train.statePath = options->state_path;
    train.datasetPath = options->dataset_path;
    train.epochs = options->epochs ? static_cast<int64_t>(options->epochs) : 1;
    train.maxBatches = static_cast<int64_t>(options->max_batches);
    if (options->checkpoint_path)
      train.checkpointPath = options->checkpoint_path;
    train.saveEvery = static_cast<int64_t>(options->save_every);
    if (options->log_path)
      train.logPath = options->log_path;
    train.shuffle = options->shuffle != 0;
    train.shuffleSeed = options->shuffle_seed;
    if (options->shuffle_buffer)
      train.shuffleBuffer = static_cast<int64_t>(options->shuffle_buffer);
    std::function<void(const loom::training::EpochStats &)> onEpoch;
    if (options->on_epoch)
      onEpoch = [options](const loom::training::EpochStats &stats) {
        loom_train_epoch_t epoch;
        epoch.epoch = static_cast<uint64_t>(stats.epoch);
        epoch.steps = static_cast<uint64_t>(stats.steps);
        epoch.mean_loss = stats.meanLoss;
        epoch.seconds = stats.seconds;
        epoch.batch_size = static_cast<uint64_t>(stats.batchSize);
        epoch.left_over = static_cast<uint64_t>(stats.leftOver);
        options->on_epoch(&epoch, options->user_data);
      };
    loom::Status status = loom::training::train(
        executor->executor, *executor->artifact, train, onEpoch);
    return status.isOk() ? nullptr : fromStatus(status);
  });
}

} // extern "C"
