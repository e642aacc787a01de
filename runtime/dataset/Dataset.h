//===- Dataset.h - Running a model over serialized batches -------*- C++
//-*-===//
//
// Part of the Loom project.
//
// Streams a TFRecord file of tf.train.Example records through a model
// (docs/datasets.md): each record is one sample whose features fill the
// model's inputs by name; records are assembled into batches of the
// leading dimension the inputs share, on a background thread that reads
// ahead while the model runs; outputs go to a TFRecord file (one Example a
// sample, a feature per output) or stacked into .npy files. Every damaged
// record, CRC mismatch, missing feature or wrong dtype/size stops the run
// with one line naming the file, the record (0-based) and the reason.
// LLVM-free, like the rest of the runtime; the C API
// (loom_executor_run_dataset), loom-run --dataset and the Python package's
// Session.run_dataset all run through runDataset.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DATASET_DATASET_H
#define LOOM_RUNTIME_DATASET_DATASET_H

#include "runtime/Artifact.h"
#include "runtime/Executor.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"
#include "runtime/dataset/Example.h"
#include "runtime/trace/Trace.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace loom::dataset {

/// How records fill a model's inputs.
struct BatchLayout {
  /// Records per run of the model.
  int64_t batchSize = 1;
  /// True: every input has the leading dimension batchSize and a record
  /// holds one row of each. False (an input of rank 0, or leading
  /// dimensions that differ): a record holds every input whole.
  bool batched = false;
};

/// The layout of `inputs`: batched by their shared leading dimension when
/// there is one.
BatchLayout batchLayout(const std::vector<TensorSpec> &inputs);

/// Writes the features of `example` into row `row` of `inputs` (tensors of
/// the specs' dtypes and shapes). A float_list fills a float input, an
/// int64_list an integer one (each value checked against the dtype's
/// range), a bytes_list holding one value of the row's exact byte size any
/// input (little-endian, i1 as bytes 0 or 1). A missing feature, another
/// kind or another number of values is InvalidArgument naming the feature
/// and the input (no file or record: the caller adds them).
Status fillRow(const Example &example, const std::vector<TensorSpec> &specs,
               const BatchLayout &layout, int64_t row,
               std::vector<Tensor> &inputs);

/// Records a TFRecord file's shuffle buffer holds unless told otherwise.
inline constexpr int64_t kDefaultShuffleBuffer = 10000;

/// The seed of epoch `epoch`'s order for a run shuffled with `seed`: the
/// epoch-th output of SplitMix64 started at `seed`, i.e. SplitMix64's
/// finalizer of seed + epoch * 0x9E3779B97F4A7C15 (docs/datasets.md,
/// "Shuffling"). Fixed, so that runs are reproducible across machines.
uint64_t epochSeed(uint64_t seed, int64_t epoch);

/// The order in which a reader shuffled with `seed` visits `n` in-memory
/// samples: Fisher-Yates over 0..n-1 (from the last slot down, slot i
/// swapped with uniformBelow(i + 1)) on std::mt19937_64 seeded with `seed`.
std::vector<int64_t> shuffledOrder(int64_t n, uint64_t seed);

/// An integer uniform in [0, n) (n > 0) from `engine`: a 64-bit draw,
/// redrawn while it is at or above the largest multiple of n, modulo n.
/// Unlike std::uniform_int_distribution, the same on every standard library.
uint64_t uniformBelow(std::mt19937_64 &engine, uint64_t n);

/// Reads a TFRecord file as batches of a model's inputs.
class BatchReader {
public:
  struct Options {
    /// Stop after this many batches; 0: every full batch of the file.
    int64_t maxBatches = 0;
    /// Read and assemble the next batches on a thread of their own (two
    /// batches ahead) while the caller runs the current one.
    bool prefetch = true;
    /// Records a span per batch read (TraceRecorder::kReaderThread, or
    /// the caller's thread without prefetch); null: none.
    TraceRecorder *trace = nullptr;
    /// Visit the samples in a pseudo-random order drawn from shuffleSeed
    /// (docs/datasets.md, "Shuffling"): an .npz file's rows in
    /// shuffledOrder(rows, shuffleSeed); a TFRecord file, which is
    /// streamed, through a buffer of shuffleBuffer records (filled in file
    /// order; each sample is a uniformly drawn slot, refilled with the
    /// file's next record, or, after the file's end, given the last
    /// slot's). Either way every sample comes exactly once.
    bool shuffle = false;
    uint64_t shuffleSeed = 0;
    /// At least 1; 1 keeps the file's order.
    int64_t shuffleBuffer = kDefaultShuffleBuffer;
  };

  ~BatchReader();

  /// Opens `path` for a model with inputs `specs`: a TFRecord file, or,
  /// for a name ending in .npz, an np.savez file (runtime/dataset/Npz.h)
  /// with an array per input, named as the input, of its dtype and of
  /// shape [samples, ...row], read whole here.
  static Status open(const std::string &path,
                     const std::vector<TensorSpec> &specs,
                     const Options &options, std::unique_ptr<BatchReader> &out);

  /// The next batch in `batch`, or `end` set after the last full batch. A
  /// bad record is DataLoss or InvalidArgument: "FILE: record I: REASON";
  /// every later call returns the same status.
  Status next(std::vector<Tensor> &batch, bool &end);

  const BatchLayout &layout() const;
  /// Records at the end of the file too few to fill a batch, which are not
  /// returned; known once `end` was returned.
  int64_t leftOver() const;

  struct Impl;

private:
  explicit BatchReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

/// Where outputs go: `path` ending in .npy receives output `name` (may be
/// empty for a model with one output) with the batches stacked, shape
/// [batches, ...output shape]; any other path is a TFRecord file receiving
/// every output (`name` empty), one Example a sample with a feature per
/// output named as the output: float_list for f32, int64_list for the
/// integers and i1, and for f16, bf16 and f64 a bytes_list with the
/// little-endian values (lossless).
struct OutputTarget {
  std::string name;
  std::string path;

  /// "[NAME=]FILE", as loom-run --output-dataset and the C API take it.
  static OutputTarget parse(const std::string &text);
};

struct RunOptions {
  std::string path;
  /// 0: every full batch.
  int64_t maxBatches = 0;
  std::vector<OutputTarget> outputs;
  bool prefetch = true;
  /// Records a span per batch read and per run of the model (on the host's
  /// reader and main threads); null: none. The executor records its
  /// devices' spans when it was loaded with the same recorder.
  TraceRecorder *trace = nullptr;
};

struct RunStats {
  int64_t records = 0;
  int64_t batches = 0;
  int64_t batchSize = 1;
  int64_t leftOver = 0;
  /// From opening the file to the last output written.
  double seconds = 0;
  double samplesPerSecond() const {
    return seconds > 0 ? static_cast<double>(records) / seconds : 0;
  }
};

/// Runs `executor` (loaded from `artifact`) over every batch of
/// options.path and writes the outputs to options.outputs. Stops at the
/// first error: a bad record (as BatchReader::next), an output target that
/// does not fit the model, a failed run ("batch K: REASON").
Status runDataset(const Executor &executor, const Artifact &artifact,
                  const RunOptions &options, RunStats &stats);

} // namespace loom::dataset

#endif // LOOM_RUNTIME_DATASET_DATASET_H
