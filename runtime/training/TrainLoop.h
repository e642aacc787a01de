//===- TrainLoop.h - A training step run over a dataset ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// The training loop of loom-run --train (docs/training.md). A training step
// compiled by loomc --train takes its parameters and optimizer state as
// inputs and returns them, updated, as outputs of the same names: those
// inputs are the *state*, which the runtime keeps here. It is loaded from an
// .npz file (loomc --initial-state, or a checkpoint), every other input is
// filled by name from the batches of a dataset (runtime/dataset/Dataset.h),
// and each step's state outputs are moved into the next step's inputs (no
// copies), for a number of epochs. The state goes to an .npz checkpoint at
// the end and every K steps; since a checkpoint is the whole state, a run
// resumed from it continues exactly where the first stopped.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_TRAINING_TRAINLOOP_H
#define LOOM_RUNTIME_TRAINING_TRAINLOOP_H

#include "runtime/Artifact.h"
#include "runtime/Executor.h"
#include "runtime/Status.h"
#include "runtime/dataset/Dataset.h"
#include "runtime/trace/Trace.h"

#include <cstdint>
#include <functional>
#include <string>

namespace loom::training {

/// Where a run stands after a step, for a progress bar.
struct StepProgress {
  /// Both from 1.
  int64_t epoch = 0;
  int64_t epochs = 0;
  /// The step within the epoch, from 1.
  int64_t step = 0;
  /// Steps an epoch: known from the end of the first epoch (or from
  /// TrainOptions::maxBatches); 0 before.
  int64_t stepsPerEpoch = 0;
  double loss = 0;
  /// Samples per second over the epoch so far.
  double samplesPerSecond = 0;
  /// Seconds left for the whole run at the rate so far; negative while the
  /// number of steps is unknown.
  double etaSeconds = -1;
};

struct TrainOptions {
  /// The artifact's file, for errors about the artifact; may be empty.
  std::string artifactName;
  /// The initial state: an .npz file with an array per state input.
  std::string statePath;
  /// The batches: a TFRecord or .npz file (docs/datasets.md) holding every
  /// input that is not state.
  std::string datasetPath;
  int64_t epochs = 1;
  /// 0: every full batch of the dataset, each epoch.
  int64_t maxBatches = 0;
  /// The final state, and every `saveEvery` steps (0: only at the end),
  /// as .npz; empty: none.
  std::string checkpointPath;
  int64_t saveEvery = 0;
  /// One JSON line per step, {"step":S,"epoch":E,"loss":L} (both counted
  /// from 1); empty: none.
  std::string logPath;
  bool prefetch = true;
  /// Each epoch visits the samples in its own pseudo-random order: epoch E
  /// reads with BatchReader's shuffle seeded dataset::epochSeed(
  /// shuffleSeed, E) (an .npz file: a permutation of its rows; a TFRecord
  /// file: a buffer of shuffleBuffer records). The same seed gives the
  /// same batches on every machine; a run resumed from a checkpoint
  /// starts again at epoch 1's order.
  bool shuffle = false;
  uint64_t shuffleSeed = 0;
  int64_t shuffleBuffer = dataset::kDefaultShuffleBuffer;
  /// A span per step on the host's main thread; null: none.
  TraceRecorder *trace = nullptr;
  /// Called after every step (loom-run's progress bar); empty: nothing.
  std::function<void(const StepProgress &)> onStep;
};

struct EpochStats {
  /// From 1.
  int64_t epoch = 0;
  int64_t steps = 0;
  double meanLoss = 0;
  double seconds = 0;
  /// Records at the end of the dataset too few to fill a batch.
  int64_t leftOver = 0;
  int64_t batchSize = 1;
  double stepsPerSecond() const {
    return seconds > 0 ? static_cast<double>(steps) / seconds : 0;
  }
};

/// Trains `executor` (loaded from `artifact`, a training step) for
/// options.epochs epochs over options.datasetPath. The step's outputs must
/// include a scalar float `loss`; its state inputs are those whose names
/// are outputs too. `onEpoch`, when given, is called after every epoch.
/// Every error is one line: an artifact without state or loss, a state
/// tensor missing from the state file or of another dtype or shape, a
/// dataset without an input, a failed step, an unwritable log or
/// checkpoint.
Status train(const Executor &executor, const Artifact &artifact,
             const TrainOptions &options,
             const std::function<void(const EpochStats &)> &onEpoch = {});

} // namespace loom::training

#endif // LOOM_RUNTIME_TRAINING_TRAINLOOP_H
