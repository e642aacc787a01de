//===- TrainLoop.cpp - A training step run over a dataset -----------------===//
//
// Part of the Loom project.
//
// The state lives in the `inputs` vector itself, at the state inputs'
// positions: after a step, each state output is swapped into its input's
// slot, so the buffers the executor allocated for the outputs become the
// next step's inputs without a copy. Only a checkpoint copies the state.
//
//===----------------------------------------------------------------------===//

#include "runtime/training/TrainLoop.h"

#include "runtime/dataset/Dataset.h"
#include "runtime/dataset/Npz.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace loom::training {

namespace {

/// A state input and the output that updates it.
struct StatePair {
  size_t input;
  size_t output;
};

std::string describe(const TensorSpec &spec) {
  return shapeString(spec.shape, spec.dtype);
}

/// Pairs every input with the output of its name; the loss output's index.
Status findState(const Artifact &artifact, std::vector<StatePair> &state,
                 size_t &loss) {
  const std::vector<TensorSpec> &inputs = artifact.inputs();
  const std::vector<TensorSpec> &outputs = artifact.outputs();
  std::optional<size_t> lossIndex;
  for (size_t o = 0; o < outputs.size(); ++o)
    if (outputs[o].name == "loss")
      lossIndex = o;
  for (size_t i = 0; i < inputs.size(); ++i)
    for (size_t o = 0; o < outputs.size(); ++o) {
      if (inputs[i].name.empty() || inputs[i].name != outputs[o].name)
        continue;
      if (inputs[i].dtype != outputs[o].dtype ||
          inputs[i].shape != outputs[o].shape)
        return invalidArgument(fmt::format(
            "state '{}' is an input of {} but an output of {}", inputs[i].name,
            describe(inputs[i]), describe(outputs[o])));
      state.push_back({i, o});
    }
  if (state.empty())
    return invalidArgument(
        "the artifact has no state (no input is also an output by name): "
        "--train runs a training step compiled with loomc --train");
  if (!lossIndex || !outputs[*lossIndex].shape.empty() ||
      !isFloat(outputs[*lossIndex].dtype))
    return invalidArgument("the artifact has no scalar float output 'loss' "
                           "(loomc --train's first output)");
  loss = *lossIndex;
  return Status::ok();
}

/// Loads every state input from the .npz file, checked against its spec.
Status loadState(const std::string &path, const Artifact &artifact,
                 const std::vector<StatePair> &state,
                 std::vector<Tensor> &inputs) {
  dataset::NpzArrays arrays;
  std::string error;
  if (!dataset::readNpz(path, arrays, error))
    return invalidArgument(error);
  for (const StatePair &pair : state) {
    const TensorSpec &spec = artifact.inputs()[pair.input];
    auto it = std::find_if(arrays.begin(), arrays.end(),
                           [&](const auto &a) { return a.first == spec.name; });
    if (it == arrays.end())
      return invalidArgument(fmt::format("{}: no array '{}' for state input "
                                         "'{}' ({})",
                                         path, spec.name, spec.name,
                                         describe(spec)));
    if (it->second.dtype() != spec.dtype || it->second.shape() != spec.shape)
      return invalidArgument(fmt::format(
          "{}: array '{}' is {}; state input '{}' is {}", path, spec.name,
          shapeString(it->second.shape(), it->second.dtype()), spec.name,
          describe(spec)));
    inputs[pair.input] = std::move(it->second);
  }
  return Status::ok();
}

Status writeState(const std::string &path, const Artifact &artifact,
                  const std::vector<StatePair> &state,
                  const std::vector<Tensor> &inputs) {
  dataset::NpzArrays arrays;
  arrays.reserve(state.size());
  for (const StatePair &pair : state)
    arrays.emplace_back(artifact.inputs()[pair.input].name,
                        inputs[pair.input]);
  std::string error;
  if (!dataset::writeNpz(path, arrays, error))
    return invalidArgument("--checkpoint: " + error);
  return Status::ok();
}

} // namespace

Status train(const Executor &executor, const Artifact &artifact,
             const TrainOptions &options,
             const std::function<void(const EpochStats &)> &onEpoch) {
  // Errors about the artifact name its file.
  auto aboutArtifact = [&](Status status) {
    if (options.artifactName.empty())
      return status;
    return Status(status.code(),
                  options.artifactName + ": " + status.message());
  };
  std::vector<StatePair> state;
  size_t lossOutput = 0;
  if (Status status = findState(artifact, state, lossOutput); !status.isOk())
    return aboutArtifact(std::move(status));
  const std::vector<TensorSpec> &specs = artifact.inputs();
  // The data inputs, in signature order, and their positions.
  std::vector<bool> isState(specs.size(), false);
  for (const StatePair &pair : state)
    isState[pair.input] = true;
  std::vector<TensorSpec> dataSpecs;
  std::vector<size_t> dataInputs;
  for (size_t i = 0; i < specs.size(); ++i)
    if (!isState[i]) {
      dataSpecs.push_back(specs[i]);
      dataInputs.push_back(i);
    }
  if (dataSpecs.empty())
    return aboutArtifact(
        invalidArgument("every input of the artifact is state; there is "
                        "nothing for the dataset to fill"));

  std::vector<Tensor> inputs(specs.size());
  if (Status status = loadState(options.statePath, artifact, state, inputs);
      !status.isOk())
    return status;

  std::ofstream log;
  if (!options.logPath.empty()) {
    log.open(options.logPath, std::ios::trunc);
    if (!log)
      return invalidArgument(options.logPath + ": cannot write the log");
  }

  dataset::BatchReader::Options readerOptions;
  readerOptions.maxBatches = options.maxBatches;
  readerOptions.prefetch = options.prefetch;
  readerOptions.trace = options.trace;
  readerOptions.shuffle = options.shuffle;
  readerOptions.shuffleBuffer = options.shuffleBuffer;
  std::vector<Tensor> batch, outputs;
  int64_t step = 0;
  int64_t stepsPerEpoch = options.maxBatches;
  const auto runStart = std::chrono::steady_clock::now();
  for (int64_t epoch = 1; epoch <= options.epochs; ++epoch) {
    auto start = std::chrono::steady_clock::now();
    // Each epoch reads the dataset again, from the start, in its own
    // order when shuffled.
    readerOptions.shuffleSeed = dataset::epochSeed(options.shuffleSeed, epoch);
    std::unique_ptr<dataset::BatchReader> reader;
    if (Status status = dataset::BatchReader::open(
            options.datasetPath, dataSpecs, readerOptions, reader);
        !status.isOk())
      return status;
    EpochStats stats;
    stats.epoch = epoch;
    stats.batchSize = reader->layout().batchSize;
    double lossSum = 0;
    for (;;) {
      bool end = false;
      if (Status status = reader->next(batch, end); !status.isOk())
        return status;
      if (end)
        break;
      for (size_t d = 0; d < dataInputs.size(); ++d)
        inputs[dataInputs[d]] = std::move(batch[d]);
      ++step;
      TraceSpan span(options.trace, "step", "step " + std::to_string(step),
                     TraceRecorder::kHostProcess, TraceRecorder::kMainThread);
      Status ran = executor.run(inputs, outputs);
      span.end();
      if (!ran.isOk())
        return Status(ran.code(),
                      fmt::format("{}: epoch {}, step {}: {}",
                                  options.datasetPath, epoch, step,
                                  ran.message()));
      // The new state becomes the next step's input; the old buffers go
      // to `outputs`, which the next run clears.
      for (const StatePair &pair : state)
        std::swap(inputs[pair.input], outputs[pair.output]);
      const double loss = outputs[lossOutput].getDouble(0);
      lossSum += loss;
      ++stats.steps;
      if (log.is_open()) {
        nlohmann::ordered_json line = {{"step", step}, {"epoch", epoch}, {"loss", loss}};
        log << line.dump() << "\n";
        if (!log)
          return invalidArgument(options.logPath + ": cannot write the log");
      }
      if (options.onStep) {
        auto now = std::chrono::steady_clock::now();
        double epochSeconds =
            std::chrono::duration<double>(now - start).count();
        double runSeconds =
            std::chrono::duration<double>(now - runStart).count();
        StepProgress progress;
        progress.epoch = epoch;
        progress.epochs = options.epochs;
        progress.step = stats.steps;
        progress.stepsPerEpoch = stepsPerEpoch;
        progress.loss = loss;
        if (epochSeconds > 0)
          progress.samplesPerSecond =
              static_cast<double>(stats.steps * stats.batchSize) / epochSeconds;
        if (stepsPerEpoch > 0) {
          int64_t left = stepsPerEpoch * options.epochs - step;
          progress.etaSeconds =
              runSeconds / static_cast<double>(step) *
              static_cast<double>(std::max<int64_t>(left, 0));
        }
        options.onStep(progress);
      }
      if (options.saveEvery && step % options.saveEvery == 0 &&
          !options.checkpointPath.empty())
        if (Status status = writeState(options.checkpointPath, artifact,
                                       state, inputs);
            !status.isOk())
          return status;
    }
    if (stats.steps == 0)
      return invalidArgument(fmt::format(
          "{}: no full batch of {} to train on", options.datasetPath,
          stats.batchSize));
    stats.leftOver = reader->leftOver();
    stepsPerEpoch = stats.steps; // every epoch reads the same batches
    stats.meanLoss = lossSum / static_cast<double>(stats.steps);
    stats.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    if (onEpoch)
      onEpoch(stats);
  }
  if (log.is_open() && !log.flush())
    return invalidArgument(options.logPath + ": cannot write the log");
  if (!options.checkpointPath.empty())
    return writeState(options.checkpointPath, artifact, state, inputs);
  return Status::ok();
}

} // namespace loom::training
