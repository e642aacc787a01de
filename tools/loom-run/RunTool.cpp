//===- RunTool.cpp - The loom-run command line ------------------------------===//
//
// Part of the Loom project.
//
// Hand-rolled argument parsing, as in loom-sim: the tool must not link LLVM
// (so not llvm::cl), and a handful of `--name=value` options do not justify
// another dependency.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/RunTool.h"
#include "tools/loom-run/CompareReference.h"

#include "loom/Version.h"
#include "runtime/Driver.h"
#include "runtime/Executor.h"
#include "runtime/Npy.h"
#include "runtime/ThreadPool.h"
#include "runtime/collectives/Communicator.h"
#include "runtime/dataset/Dataset.h"
#include "runtime/trace/Trace.h"
#include "runtime/training/TrainLoop.h"
#include "tools/loom-run/TensorArgs.h"
#include "tools/loom-run/TensorComparison.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include <fmt/format.h>

#include <unistd.h>

namespace loom::runner {

namespace {

const char *kUsage =
    R"(usage: loom-run MODEL.loom [options]

Runs a compiled Loom artifact: its CPU or systolic program, or the programs
of all the devices of a multi-device artifact, each on threads of its own.

  --input=TENSOR       a model input, in signature order or NAME=TENSOR
  --output=[NAME=]@F   write an output to the .npy file F (in order, or by
                       name); outputs not written, compared or benchmarked
                       are printed
  --expected=TENSOR    compare an output with this tensor (in order, or by
                       name): |actual - expected| <= atol + rtol * |expected|
  --rtol=X --atol=X    the tolerances (default 1e-05 and 1e-08)
  --threads=N          threads that run workgroups (default: all cores)
  --benchmark=N        time N runs after one warm-up and print their median,
                       min, max and mean as one JSON object
  --timeout-ms=N       how long a collective of a multi-device artifact waits
                       for its peers before the run fails (default 60000)
  --skip-checksums     load without verifying the artifact's checksums: only
                       for a file you trust not to be damaged, or one written
                       before checksums existed (docs/artifact.md)
  --trace=FILE         write the runs as a Chrome trace-event JSON file
                       (Perfetto, chrome://tracing): a track per device with
                       a span per kernel launch, copy and collective, and the
                       host's runs (and dataset reads); under mpirun rank R
                       writes FILE.rankR, rank 0 FILE

Checking each kernel (docs/tools.md):
  --compare-reference  run once, each kernel beside the reference evaluator
                       on the very inputs it read, and print per kernel its
                       source nodes and each result's max abs and rel error;
                       stop with an error naming the nodes at the first
                       kernel beyond the tolerance (default rtol 1e-4, atol
                       1e-4 times max(1, the result's largest |value|);
                       --rtol, --atol (then not scaled)). CPU artifacts (a sharded one
                       per device, its collectives checked too) and
                       single-device systolic ones (bf16 products).
  --reference-library=F  the compiler library that evaluates them
                       (libloom_compiler.so.0; default: LOOM_COMPILER_LIBRARY,
                       then ../lib beside loom-run, then the loader's path)

Serialized batches (docs/datasets.md):
  --dataset=FILE       run the model over a TFRecord file of tf.train.Example
                       records instead of --input: one record a sample, its
                       features matched to the inputs by name, batches of
                       the inputs' shared leading dimension, read ahead on
                       a thread of their own; prints records, batches and
                       samples/s. FILE.npz: the arrays np.savez wrote, one
                       per input by name, a row a sample
  --batches=N          stop after N batches
  --output-dataset=[NAME=]FILE
                       write the outputs: FILE.tfrecord gets one Example a
                       sample with a feature per output; FILE.npy gets
                       output NAME (or the only one) with the batches
                       stacked, [batches, ...shape] (repeatable)

Training (docs/training.md):
  --train              run a training step (loomc --train) over --dataset:
                       inputs that are also outputs by name are the state,
                       loaded from --state and fed back after every step;
                       the others come from the dataset's batches; prints
                       each epoch's mean loss and steps/s on stderr; a
                       step compiled for a mesh (loomc --mesh=data=N
                       --parallel=data) runs data-parallel, under mpirun
                       too (every rank runs every step on its devices'
                       part of the batch; rank 0 writes and prints)
  --state=FILE.npz     the initial state (loomc --initial-state, or a
                       checkpoint)
  --epochs=N           passes over the dataset (default 1)
  --checkpoint=FILE.npz
                       write the final state (the --state names)
  --save-every=K       and every K steps
  --log=FILE.jsonl     one line a step: {"step":S,"epoch":E,"loss":L}
  --shuffle[=SEED]     each epoch visits the samples in its own order,
                       drawn from SEED (default 0) and the epoch by a fixed
                       generator: the same on every machine
  --shuffle-buffer=K   records a TFRecord dataset's shuffle buffer holds
                       (default 10000; an .npz dataset is permuted whole)

Systolic programs run on the simulated chip (docs/systolic.md):
  --chip-config=FILE   the chip's config file (default: the default chip);
                       it must be the chip the model was compiled for, and
                       for a sharded model its ici.torus must have a chip
                       per device of the mesh
  --profile            after the run, print what the devices measured (per
                       kernel: launches, cycles, time, MXU utilization, MACs,
                       HBM bytes, stalls) on stderr
  --driver-option=systolic.trace=FILE
                       write the simulated chip's own timeline to FILE as
                       Chrome trace JSON: a thread per unit of the chip

  --device=DRIVER[:N]  the device to run on: the artifact's programs must be
                       for DRIVER (cpu, cuda, systolic); N is the driver
                       option DRIVER.device, e.g. --device=cuda:0 for the
                       first GPU (docs/cuda.md)
  --driver-option=KEY=VALUE
                       a setting of a driver (repeatable; docs/runtime.md
                       lists the keys), e.g. systolic.max-instructions=N to
                       stop a kernel after N instructions (a loop that never
                       ends); --chip-config is the key systolic.chip-config.
                       An option for a driver that runs no program of the
                       model is an error

Under `mpirun -np P loom-run ...` (Open MPI, where loom-run was built with
MPI) the P ranks share the devices of a multi-device artifact, P dividing
their number; every rank takes the same arguments, and only rank 0 writes
or prints outputs. An error on any rank ends every rank.

TENSOR is @FILE.npy or DIMSxDTYPE=VALUES, e.g. 2x3xf32=1,2,3,4,5,6 or
f32=0.5 (a scalar); one value fills the whole tensor. DTYPE is f32, f16,
bf16, f64, i1, i8, i32 or i64; .npy files store bf16 as uint16.
)";

/// One line of loom-run --train's progress bar: the epoch, a bar over the
/// epoch's steps (once their number is known), the step's loss, samples/s
/// and the time left for the run, e.g.
/// `epoch 2/3 [########------------] 40/100 loss 0.8123 5120 samples/s ETA 0:12`.
std::string progressBar(const training::StepProgress &progress) {
  constexpr int64_t kWidth = 20;
  std::string line = fmt::format("epoch {}/{} ", progress.epoch,
                                 progress.epochs);
  if (progress.stepsPerEpoch > 0) {
    int64_t filled = std::min<int64_t>(
        kWidth, progress.step * kWidth / progress.stepsPerEpoch);
    line += fmt::format("[{}{}] {}/{}", std::string(filled, '#'),
                        std::string(kWidth - filled, '-'), progress.step,
                        progress.stepsPerEpoch);
  } else {
    line += fmt::format("step {}", progress.step);
  }
  line += fmt::format(" loss {:.4f} {:.0f} samples/s", progress.loss,
                      progress.samplesPerSecond);
  if (progress.etaSeconds >= 0) {
    auto seconds = static_cast<int64_t>(progress.etaSeconds + 0.5);
    line += fmt::format(" ETA {}:{:02}", seconds / 60, seconds % 60);
  }
  return line;
}

struct Options {
  std::string model;
  std::vector<TensorArg> inputs, outputs, expected;
  Tolerance tolerance;
  unsigned threads = 0;
  int64_t benchmarkRuns = 0;
  int64_t timeoutMs = 60000;
  bool profile = false;
  bool skipChecksums = false;
  /// --driver-option and --chip-config, as ExecutorOptions::driverOptions.
  std::map<std::string, std::string> driverOptions;
  /// --device's driver name; empty: whatever the artifact is for.
  std::string device;
  /// --dataset, --batches, --output-dataset.
  std::string dataset;
  int64_t batches = 0;
  std::vector<dataset::OutputTarget> outputDatasets;
  /// --train, --state, --epochs, --checkpoint, --save-every, --log,
  /// --shuffle, --shuffle-buffer (0: not given).
  bool train = false;
  std::string state, checkpoint, log;
  int64_t epochs = 0, saveEvery = 0;
  bool shuffle = false;
  uint64_t shuffleSeed = 0;
  int64_t shuffleBuffer = 0;
  /// --trace: the runtime's trace of the runs.
  std::string trace;
  /// --compare-reference, --reference-library; whether --rtol and --atol
  /// were given (the comparison has its own defaults).
  bool compareReference = false;
  std::string referenceLibrary;
  bool rtolGiven = false, atolGiven = false;
};

/// The exception-free way out of every step: one line on stderr, exit 1.
/// Under MPI one rank's error ends the whole job (MpiContext::abortJob),
/// so that no rank waits for it in a collective.
class ToolError {
public:
  ToolError(std::ostream &err, const MpiContext *mpi) : err(err), mpi(mpi) {}
  int operator()(const std::string &message) const {
    if (mpi)
      mpi->abortJob(aborted(
          fmt::format("loom-run: rank {}: error: {}", mpi->rank, message)));
    err << "loom-run: error: " << message << "\n";
    return 1;
  }

private:
  std::ostream &err;
  const MpiContext *mpi;
};

bool parseNumber(const std::string &text, double &value) {
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && value >= 0 && std::isfinite(value);
}

/// The largest count a flag takes (threads, runs, batches, epochs, ...).
constexpr int64_t kMaxCount = 1000000;

bool parseCount(const std::string &text, int64_t &value) {
  char *end = nullptr;
  value = std::strtoll(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0' && value > 0 && value <= kMaxCount;
}

/// Parses the command line into `options`; returns an error message, empty
/// on success.
std::string parseOptions(const std::vector<std::string> &args,
                         Options &options, bool &help) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "-h" || arg == "--help") {
      help = true;
      return {};
    }
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      if (!options.model.empty())
        return fmt::format("two models given, '{}' and '{}'", options.model,
                           arg);
      options.model = arg;
      continue;
    }
    if (arg == "--profile") {
      options.profile = true;
      continue;
    }
    if (arg == "--skip-checksums") {
      options.skipChecksums = true;
      continue;
    }
    if (arg == "--compare-reference") {
      options.compareReference = true;
      continue;
    }
    if (arg == "--train") {
      options.train = true;
      continue;
    }
    // --shuffle's seed is optional, so it only comes after '='.
    if (arg == "--shuffle" || arg.rfind("--shuffle=", 0) == 0) {
      options.shuffle = true;
      if (arg == "--shuffle")
        continue;
      std::string seed = arg.substr(std::strlen("--shuffle="));
      char *end = nullptr;
      errno = 0;
      options.shuffleSeed = std::strtoull(seed.c_str(), &end, 10);
      if (seed.empty() || !std::isdigit(static_cast<unsigned char>(seed[0])) ||
          *end != '\0' || errno == ERANGE)
        return fmt::format("--shuffle needs a seed, an integer from 0 to "
                           "2^64-1, not '{}'",
                           seed);
      continue;
    }
    // --name=value or --name value.
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    static const char *const kOptions[] = {
        "--input", "--output",      "--expected",     "--rtol",
        "--atol",  "--threads",     "--benchmark",    "--timeout-ms",
        "--trace", "--chip-config", "--driver-option", "--device",
        "--dataset", "--batches", "--output-dataset", "--reference-library",
        "--state", "--epochs", "--checkpoint", "--save-every", "--log",
        "--shuffle-buffer"};
    if (name == "--profile" || name == "--skip-checksums" ||
        name == "--compare-reference" || name == "--train")
      return name + " takes no value";
    if (std::find(std::begin(kOptions), std::end(kOptions), name) ==
        std::end(kOptions))
      return fmt::format("unknown option '{}' (see --help)", name);
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return fmt::format("{} needs a value", name);
    }
    std::string error;
    if (name == "--reference-library") {
      if (value.empty())
        return "--reference-library needs a file name";
      options.referenceLibrary = value;
    } else if (name == "--state" || name == "--checkpoint" ||
               name == "--log") {
      if (value.empty())
        return name + " needs a file name";
      (name == "--state"        ? options.state
       : name == "--checkpoint" ? options.checkpoint
                                : options.log) = value;
    } else if (name == "--dataset") {
      if (value.empty())
        return "--dataset needs a file name";
      options.dataset = value;
    } else if (name == "--output-dataset") {
      dataset::OutputTarget target = dataset::OutputTarget::parse(value);
      if (target.path.empty())
        return fmt::format("--output-dataset needs [NAME=]FILE, not '{}'",
                           value);
      options.outputDatasets.push_back(std::move(target));
    } else if (name == "--trace") {
      if (value.empty())
        return "--trace needs a file name";
      options.trace = value;
    } else if (name == "--chip-config") {
      if (value.empty())
        return "--chip-config needs a file name";
      options.driverOptions["systolic.chip-config"] = value;
    } else if (name == "--device") {
      size_t colon = value.find(':');
      options.device = value.substr(0, colon);
      if (options.device.empty())
        return fmt::format("--device needs DRIVER[:N], not '{}'", value);
      if (colon != std::string::npos)
        options.driverOptions[options.device + ".device"] =
            value.substr(colon + 1);
    } else if (name == "--driver-option") {
      size_t split = value.find('=');
      if (split == std::string::npos || split == 0)
        return fmt::format("--driver-option needs KEY=VALUE, not '{}'", value);
      options.driverOptions[value.substr(0, split)] = value.substr(split + 1);
    } else if (name == "--input" || name == "--output" ||
               name == "--expected") {
      std::optional<TensorArg> tensor = parseTensorArg(value, error);
      if (!tensor)
        return fmt::format("{}: {}", name, error);
      if (name == "--output" && tensor->file.empty())
        return fmt::format("--output '{}' must name an .npy file as "
                           "[NAME=]@FILE",
                           value);
      (name == "--input"    ? options.inputs
       : name == "--output" ? options.outputs
                            : options.expected)
          .push_back(std::move(*tensor));
    } else if (name == "--rtol" || name == "--atol") {
      double &into =
          name == "--rtol" ? options.tolerance.rtol : options.tolerance.atol;
      if (!parseNumber(value, into))
        return fmt::format("{} needs a non-negative number, not '{}'", name,
                           value);
      (name == "--rtol" ? options.rtolGiven : options.atolGiven) = true;
    } else { // --threads, --benchmark, --timeout-ms, --batches, --epochs,
             // --save-every, --shuffle-buffer
      int64_t count;
      if (!parseCount(value, count))
        return fmt::format("{} needs an integer from 1 to {}, not '{}'", name,
                           kMaxCount, value);
      if (name == "--threads")
        options.threads = static_cast<unsigned>(count);
      else if (name == "--timeout-ms")
        options.timeoutMs = count;
      else if (name == "--batches")
        options.batches = count;
      else if (name == "--epochs")
        options.epochs = count;
      else if (name == "--save-every")
        options.saveEvery = count;
      else if (name == "--shuffle-buffer")
        options.shuffleBuffer = count;
      else
        options.benchmarkRuns = count;
    }
  }
  if (options.model.empty())
    return "no model given (usage: loom-run MODEL.loom [--input=...]...; "
           "see --help)";
  if (options.train) {
    if (options.state.empty())
      return "--train needs --state=FILE.npz (loomc --initial-state writes "
             "one)";
    if (options.dataset.empty())
      return "--train needs --dataset";
    if (!options.inputs.empty() || !options.outputs.empty() ||
        !options.expected.empty() || options.benchmarkRuns ||
        !options.outputDatasets.empty() || options.compareReference)
      return "--train takes its inputs from --state and --dataset and writes "
             "--checkpoint; it takes no --input, --output, --expected, "
             "--benchmark, --output-dataset or --compare-reference";
    if (options.saveEvery && options.checkpoint.empty())
      return "--save-every needs --checkpoint";
    if (options.shuffleBuffer && !options.shuffle)
      return "--shuffle-buffer needs --shuffle";
  } else if (!options.state.empty() || options.epochs ||
             !options.checkpoint.empty() || options.saveEvery ||
             !options.log.empty() || options.shuffle ||
             options.shuffleBuffer) {
    return "--state, --epochs, --checkpoint, --save-every, --log, --shuffle "
           "and --shuffle-buffer go with --train";
  }
  if (options.dataset.empty() &&
      (options.batches || !options.outputDatasets.empty()))
    return fmt::format("{} needs --dataset",
                       options.batches ? "--batches" : "--output-dataset");
  if (!options.dataset.empty() &&
      (!options.inputs.empty() || !options.outputs.empty() ||
       !options.expected.empty() || options.benchmarkRuns))
    return "--dataset gives every input; it takes no --input, --output, "
           "--expected or --benchmark (write outputs with --output-dataset)";
  if (options.compareReference &&
      (!options.dataset.empty() || !options.expected.empty() ||
       options.benchmarkRuns || !options.outputs.empty() ||
       !options.trace.empty() || options.profile))
    return "--compare-reference runs the model once beside the reference "
           "evaluator; it takes no --dataset, --expected, --output, "
           "--benchmark, --trace or --profile";
  if (!options.referenceLibrary.empty() && !options.compareReference)
    return "--reference-library needs --compare-reference";
  return {};
}

/// "input 'x'", or "input 2" for an unnamed one.
std::string label(const char *kind, size_t index, const TensorSpec &spec) {
  if (spec.name.empty())
    return fmt::format("{} {}", kind, index);
  return fmt::format("{} '{}'", kind, spec.name);
}

std::string nameList(const std::vector<TensorSpec> &specs) {
  std::string text;
  for (const TensorSpec &spec : specs)
    text += (text.empty() ? "'" : ", '") + spec.name + "'";
  return text.empty() ? "none" : text;
}

/// Assigns `args` to `specs`: named ones by name, then unnamed ones to the
/// positions left, in signature order. Returns, per spec, the index of its
/// argument (or -1); an error message when an argument has no place.
std::string bindArgs(const char *kind, const std::vector<TensorArg> &args,
                     const std::vector<TensorSpec> &specs,
                     std::vector<int> &binding) {
  binding.assign(specs.size(), -1);
  if (args.size() > specs.size())
    return fmt::format("the model has {} {}s but {} were given", specs.size(),
                       kind, args.size());
  for (size_t a = 0; a < args.size(); ++a) {
    if (args[a].name.empty())
      continue;
    auto it = std::find_if(specs.begin(), specs.end(), [&](const TensorSpec &spec) {
      return spec.name == args[a].name;
    });
    if (it == specs.end())
      return fmt::format("the model has no {} '{}'; its {}s are {}", kind,
                         args[a].name, kind, nameList(specs));
    size_t slot = it - specs.begin();
    if (binding[slot] != -1)
      return fmt::format("{} is given twice", label(kind, slot, specs[slot]));
    binding[slot] = static_cast<int>(a);
  }
  size_t slot = 0;
  for (size_t a = 0; a < args.size(); ++a) {
    if (!args[a].name.empty())
      continue;
    // There is a free slot: no more arguments than slots, each in one.
    while (binding[slot] != -1)
      ++slot;
    binding[slot] = static_cast<int>(a);
  }
  return {};
}

/// Whether `shape` can be `spec`'s in some run: its static dimensions
/// match; a symbolic dimension's size is checked when the run binds it; a
/// data-shaped output's dimensions are within their bounds.
bool fitsSpec(const TensorSpec &spec, const Shape &shape) {
  if (shape.size() != spec.shape.size())
    return false;
  if (spec.dataShape) {
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] > spec.shape[d])
        return false;
    return true;
  }
  for (size_t d = 0; d < shape.size(); ++d)
    if (spec.dimSymbols[d] < 0 && shape[d] != spec.shape[d])
      return false;
  return true;
}

/// "ran with input:0=5, mask:0=5": the symbols' values in a run.
std::string symbolValues(const Artifact &artifact,
                         const std::vector<int64_t> &values) {
  std::string text = "ran with ";
  for (size_t k = 0; k < values.size(); ++k)
    text += fmt::format("{}{}={}", k ? ", " : "",
                        artifact.dimSymbols()[k].name, values[k]);
  return text;
}

/// Loads every bound argument; reports a tensor whose dtype or shape differs
/// from its spec (`artifact`'s), a symbolic dimension matching any size.
std::string loadBound(const char *kind, const std::vector<TensorArg> &args,
                      const Artifact &artifact,
                      const std::vector<TensorSpec> &specs,
                      const std::vector<int> &binding,
                      std::vector<std::optional<Tensor>> &tensors) {
  tensors.assign(specs.size(), std::nullopt);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (binding[i] < 0)
      continue;
    std::string error;
    std::optional<Tensor> tensor = loadTensorArg(args[binding[i]], error);
    if (!tensor)
      return fmt::format("{}: {}", label(kind, i, specs[i]), error);
    // .npy writes ui16 and bf16 alike as '<u2', read back as bf16.
    if (tensor->dtype() == DType::BF16 && specs[i].dtype == DType::UI16) {
      Tensor bits(DType::UI16, tensor->shape());
      if (bits.byteSize())
        std::memcpy(bits.bytes(), tensor->bytes(), bits.byteSize());
      tensor = std::move(bits);
    }
    if (tensor->dtype() != specs[i].dtype ||
        !fitsSpec(specs[i], tensor->shape()))
      return fmt::format("{}: got {}, the model {} {}",
                         label(kind, i, specs[i]),
                         shapeString(tensor->shape(), tensor->dtype()),
                         std::string_view(kind) == "input" ? "expects"
                                                           : "produces",
                         artifact.specString(specs[i]));
    tensors[i] = std::move(tensor);
  }
  return {};
}

/// {"median_ms":..,"min_ms":..,"max_ms":..,"mean_ms":..,"runs":N,"threads":T}
std::string benchmarkJson(std::vector<double> millis, unsigned threads) {
  std::sort(millis.begin(), millis.end());
  size_t n = millis.size();
  double median =
      n % 2 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
  double sum = 0;
  for (double ms : millis)
    sum += ms;
  // Six significant digits: a sub-microsecond run keeps its digits (as
  // 2.815e-05 where needed, still a JSON number), and the clock's noise
  // does not show as 0.17283300000000001.
  return fmt::format("{{\"median_ms\": {:.6g}, \"min_ms\": {:.6g}, "
                     "\"max_ms\": {:.6g}, \"mean_ms\": {:.6g}, \"runs\": {}, "
                     "\"threads\": {}}}",
                     median, millis.front(), millis.back(), sum / n, n,
                     threads);
}

} // namespace

int runLoomRun(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err, const MpiContext *mpi) {
  ToolError fail(err, mpi);
  if (args.size() == 1 && args[0] == "--version") {
    if (!mpi || mpi->rank == 0)
      out << "loom-run (Loom) " << LOOM_VERSION << "\n";
    return 0;
  }
  Options options;
  bool help = false;
  if (std::string error = parseOptions(args, options, help); !error.empty())
    return fail(error);
  if (help) {
    if (!mpi || mpi->rank == 0)
      out << kUsage;
    return 0;
  }

  Artifact artifact;
  ArtifactLoadOptions loadOptions;
  loadOptions.verifyChecksums = !options.skipChecksums;
  if (Status status = Artifact::loadFile(options.model, artifact, loadOptions);
      !status.isOk())
    return fail(status.message());
  if (options.compareReference) {
    if (mpi)
      return fail("--compare-reference runs in one process, not under mpirun");
    if (Status status = checkComparable(artifact); !status.isOk())
      return fail(options.model + ": " + status.message());
  }
  if (!options.device.empty()) {
    const Driver *driver = DriverRegistry::builtin().findByName(options.device);
    if (!driver)
      return fail(fmt::format("--device: no driver '{}' (this runtime has {})",
                              options.device,
                              DriverRegistry::builtin().names()));
    for (size_t p = 0; p < artifact.deviceCount(); ++p)
      if (artifact.device(p).target() != driver->target())
        return fail(fmt::format(
            "--device={}: device program {} of {} is for target {}, not {} "
            "(compile it with loomc --target={})",
            options.device, p, options.model,
            artifact::EnumNameTarget(artifact.device(p).target()),
            options.device, options.device));
  }
  Executor executor;
  ExecutorOptions executorOptions;
  executorOptions.threads = options.threads;
  executorOptions.collectiveTimeout =
      std::chrono::milliseconds(options.timeoutMs);
  executorOptions.driverOptions = options.driverOptions;
  std::unique_ptr<TraceRecorder> trace;
  if (!options.trace.empty()) {
    trace = std::make_unique<TraceRecorder>();
    trace->nameProcess(TraceRecorder::kHostProcess, "loom-run");
    trace->nameThread(TraceRecorder::kHostProcess, TraceRecorder::kMainThread,
                      "main");
    executorOptions.trace = trace.get();
  }
  // Written after the runs: rank 0's to the file, another rank's beside it.
  auto writeTrace = [&]() -> std::string {
    if (!trace)
      return {};
    std::string path = options.trace;
    if (mpi && mpi->rank != 0)
      path += ".rank" + std::to_string(mpi->rank);
    Status status = trace->write(path);
    return status.isOk() ? std::string() : status.message();
  };
  // Under MPI the ranks share a multi-device artifact's devices; a
  // single-device artifact runs whole on every rank.
  std::unique_ptr<collectives::Communicator> communicator;
  if (mpi && artifact.hasMesh()) {
    // Every rank must run the same artifact; the communicator compares them.
    const ByteSpan bytes = artifact.bytes();
    const size_t slash = options.model.find_last_of('/');
    const std::string program = collectives::describeProgram(
        slash == std::string::npos ? options.model
                                   : options.model.substr(slash + 1),
        bytes.data, bytes.size);
    if (Status status =
            mpi->communicator(static_cast<int>(artifact.mesh().deviceCount()),
                              executorOptions.collectiveTimeout, program,
                              communicator);
        !status.isOk())
      return fail(options.model + ": " + status.message());
    executorOptions.communicator = communicator.get();
    // A failing device ends the job at once; its peers on other ranks
    // would otherwise wait for it until the collectives' timeout.
    executorOptions.onDeviceFailure = [&](const Status &status) {
      fail(options.model + ": " + status.message());
    };
  }
  if (Status status = Executor::load(artifact, executorOptions, executor);
      !status.isOk())
    return fail(options.model + ": " + status.message());

  if (options.train) {
    // Under mpirun every rank runs every step, its devices on their part
    // of each batch; rank 0 alone writes the log and the checkpoints and
    // prints.
    const bool writes = !mpi || mpi->rank == 0;
    training::TrainOptions trainOptions;
    trainOptions.artifactName = options.model;
    trainOptions.statePath = options.state;
    trainOptions.datasetPath = options.dataset;
    trainOptions.epochs = options.epochs ? options.epochs : 1;
    trainOptions.maxBatches = options.batches;
    trainOptions.checkpointPath = writes ? options.checkpoint : "";
    trainOptions.saveEvery = options.saveEvery;
    trainOptions.logPath = writes ? options.log : "";
    trainOptions.trace = trace.get();
    trainOptions.shuffle = options.shuffle;
    trainOptions.shuffleSeed = options.shuffleSeed;
    if (options.shuffleBuffer)
      trainOptions.shuffleBuffer = options.shuffleBuffer;
    // On a terminal, a progress bar redrawn after every step; the epoch
    // lines below are the plain record either way.
    const bool bar = writes && isatty(STDERR_FILENO);
    if (bar)
      trainOptions.onStep = [&](const training::StepProgress &progress) {
        err << "\r" << progressBar(progress) << std::flush;
      };
    bool warned = false;
    Status status = training::train(
        executor, artifact, trainOptions,
        [&](const training::EpochStats &stats) {
          if (!writes)
            return;
          if (bar)
            err << "\r\033[K"; // the bar gives way to the epoch's line
          if (stats.leftOver && !warned) {
            warned = true;
            err << fmt::format("loom-run: warning: {}: the last {} record(s) "
                               "do not fill a batch of {} and are not run\n",
                               options.dataset, stats.leftOver,
                               stats.batchSize);
          }
          err << fmt::format("epoch {}/{}: {} steps, mean loss {:.6g}, "
                             "{:.1f} steps/s\n",
                             stats.epoch, trainOptions.epochs, stats.steps,
                             stats.meanLoss, stats.stepsPerSecond());
        });
    if (!status.isOk())
      return fail(status.message());
    if (options.profile)
      err << executor.profile();
    if (std::string error = writeTrace(); !error.empty())
      return fail(error);
    return 0;
  }

  if (!options.dataset.empty()) {
    dataset::RunOptions runOptions;
    runOptions.path = options.dataset;
    runOptions.maxBatches = options.batches;
    runOptions.trace = trace.get();
    // Under MPI every rank runs every batch; rank 0 alone writes.
    if (!mpi || mpi->rank == 0)
      runOptions.outputs = options.outputDatasets;
    dataset::RunStats stats;
    if (Status status =
            dataset::runDataset(executor, artifact, runOptions, stats);
        !status.isOk())
      return fail(status.message());
    if (options.profile)
      err << executor.profile();
    if (std::string error = writeTrace(); !error.empty())
      return fail(error);
    if (mpi && mpi->rank != 0)
      return 0;
    if (stats.leftOver)
      err << fmt::format("loom-run: warning: {}: the last {} record(s) do "
                         "not fill a batch of {} and were not run\n",
                         options.dataset, stats.leftOver, stats.batchSize);
    out << fmt::format("{}: {} records in {} batches of {}, {:.3f} s, {:.1f} "
                       "samples/s\n",
                       options.dataset, stats.records, stats.batches,
                       stats.batchSize, stats.seconds,
                       stats.samplesPerSecond());
    return 0;
  }

  // Inputs: every one must be bound, with the signature's dtype and shape.
  const std::vector<TensorSpec> &inputSpecs = artifact.inputs();
  std::vector<int> inputBinding;
  std::vector<std::optional<Tensor>> boundInputs;
  if (std::string error =
          bindArgs("input", options.inputs, inputSpecs, inputBinding);
      !error.empty())
    return fail(error);
  for (size_t i = 0; i < inputSpecs.size(); ++i)
    if (inputBinding[i] < 0)
      return fail(fmt::format(
          "{} ({}) is not given", label("input", i, inputSpecs[i]),
          artifact.specString(inputSpecs[i])));
  if (std::string error = loadBound("input", options.inputs, artifact,
                                    inputSpecs, inputBinding, boundInputs);
      !error.empty())
    return fail(error);
  std::vector<Tensor> inputs;
  for (std::optional<Tensor> &input : boundInputs)
    inputs.push_back(std::move(*input));

  if (options.compareReference) {
    CompareOptions compare;
    if (options.rtolGiven)
      compare.tolerance.rtol = options.tolerance.rtol;
    if (options.atolGiven) {
      compare.tolerance.atol = options.tolerance.atol;
      compare.scaledAtol = false;
    }
    compare.library = options.referenceLibrary;
    if (Status status =
            compareReference(artifact, executorOptions, inputs, compare, out);
        !status.isOk())
      return fail(options.model + ": " + status.message());
    return 0;
  }

  // Outputs to write and to compare; read the references before the run so
  // that a bad file fails fast.
  const std::vector<TensorSpec> &outputSpecs = artifact.outputs();
  std::vector<int> outputBinding, expectedBinding;
  std::vector<std::optional<Tensor>> expected;
  if (std::string error =
          bindArgs("output", options.outputs, outputSpecs, outputBinding);
      !error.empty())
    return fail(error);
  if (std::string error =
          bindArgs("output", options.expected, outputSpecs, expectedBinding);
      !error.empty())
    return fail("--expected: " + error);
  if (std::string error = loadBound("output", options.expected, artifact,
                                    outputSpecs, expectedBinding, expected);
      !error.empty())
    return fail("--expected: " + error);

  std::vector<Tensor> outputs;
  std::vector<double> millis;
  // A benchmark's first run warms caches and page mappings and is not timed.
  for (int64_t run = 0; run <= options.benchmarkRuns; ++run) {
    auto start = std::chrono::steady_clock::now();
    TraceSpan span(trace.get(), "run", "run " + std::to_string(run),
                   TraceRecorder::kHostProcess, TraceRecorder::kMainThread);
    Status ran = executor.run(inputs, outputs);
    span.end();
    if (Status status = std::move(ran); !status.isOk())
      return fail(options.model + ": " + status.message());
    std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - start;
    if (run > 0)
      millis.push_back(elapsed.count());
  }
  // The symbols' values, which the run bound from the inputs just as here.
  if (artifact.hasDimSymbols()) {
    std::vector<int64_t> values;
    if (Status status = bindInputs(artifact, inputs, values); !status.isOk())
      return fail(options.model + ": " + status.message());
    err << symbolValues(artifact, values) << "\n";
  }
  // The shapes the data gave the outputs whose size depends on it.
  if (artifact.hasDataShapes()) {
    std::string text = "data-dependent shapes: ";
    bool first = true;
    for (size_t i = 0; i < outputSpecs.size(); ++i)
      if (outputSpecs[i].dataShape) {
        text += fmt::format("{}{}={}", first ? "" : ", ", outputSpecs[i].name,
                            shapeString(outputs[i].shape(),
                                        outputs[i].dtype()));
        first = false;
      }
    err << text << "\n";
  }
  // Each rank reports its own devices.
  if (options.profile)
    err << executor.profile();
  if (std::string error = writeTrace(); !error.empty())
    return fail(error);

  // Every rank holds the whole outputs; rank 0 alone writes, compares and
  // prints them.
  if (mpi && mpi->rank != 0)
    return 0;
  for (size_t i = 0; i < outputSpecs.size(); ++i) {
    if (outputBinding[i] < 0)
      continue;
    std::string error;
    if (!writeNpy(options.outputs[outputBinding[i]].file, outputs[i], error))
      return fail(fmt::format("{}: {}", label("output", i, outputSpecs[i]),
                              error));
  }

  // Every comparison before any printing, so that a mismatch leaves stdout
  // empty and its error line alone.
  std::vector<Comparison> comparisons(outputSpecs.size());
  for (size_t i = 0; i < outputSpecs.size(); ++i) {
    if (!expected[i])
      continue;
    // A symbolic output's shape is known only now.
    if (expected[i]->shape() != outputs[i].shape())
      return fail(fmt::format(
          "--expected: {}: got {}, the model produces {} in this run",
          label("output", i, outputSpecs[i]),
          shapeString(expected[i]->shape(), expected[i]->dtype()),
          shapeString(outputs[i].shape(), outputs[i].dtype())));
    comparisons[i] = compareTensors(outputs[i], *expected[i], options.tolerance);
    if (comparisons[i].mismatches)
      return fail(fmt::format(
          "{} does not match (rtol {}, atol {}): {}",
          label("output", i, outputSpecs[i]), options.tolerance.rtol,
          options.tolerance.atol,
          describeMismatch(outputs[i], *expected[i], comparisons[i])));
  }

  if (options.benchmarkRuns) {
    out << benchmarkJson(std::move(millis), ThreadPool::resolve(options.threads))
        << "\n";
    return 0;
  }
  for (size_t i = 0; i < outputSpecs.size(); ++i) {
    if (expected[i])
      out << fmt::format("{}: matches (max abs error {}, max rel error {})\n",
                         label("output", i, outputSpecs[i]),
                         comparisons[i].maxAbsError,
                         comparisons[i].maxRelError);
    else if (outputBinding[i] < 0)
      out << label("output", i, outputSpecs[i]) << ": "
          << formatTensor(outputs[i]) << "\n";
  }
  return 0;
}

} // namespace loom::runner
