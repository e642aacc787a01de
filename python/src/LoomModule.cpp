//===- LoomModule.cpp - The loom._loom Python extension --------------------===//
//
// Part of the Loom project.
//
// The native half of the Python package (python/loom/__init__.py is the
// other): compiling through the compiler's C++ API (compiler/Compiler.h),
// loading and running artifacts through the runtime's C API
// (runtime/loom_runtime.h), loom-run's command line for
// `python3 -m loom.run`, and loom-run --train's training loop for
// loom.train. NumPy arrays go in and out as buffers; the Python side
// checks dtypes and shapes and converts bf16. The GIL is released while a
// model compiles, loads its kernels, runs or trains. Errors are raised as the
// classes of loom._errors, with the tools' one-line messages.
//
//===----------------------------------------------------------------------===//

#include "compiler/Compiler.h"
#include "loom/Version.h"
#include "runtime/loom_runtime.h"
#include "runtime/Artifact.h"
#include "runtime/Executor.h"
#include "runtime/dataset/Example.h"
#include "runtime/dataset/TFRecord.h"
#include "runtime/training/TrainLoop.h"
#include "tools/loom-run/CompareReference.h"
#include "tools/loom-run/RunTool.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

/// A failure to raise as the loom._errors class `kind` with `message`.
struct LoomError : std::runtime_error {
  LoomError(std::string kind, const std::string &message,
            std::vector<std::string> diagnostics = {})
      : std::runtime_error(message), kind(std::move(kind)),
        diagnostics(std::move(diagnostics)) {}
  std::string kind;
  std::vector<std::string> diagnostics;
};

/// The class of loom._errors for a runtime status code.
const char *errorClass(loom_status_code_t code) {
  switch (code) {
  case LOOM_STATUS_INVALID_ARGUMENT:
    return "InvalidArgumentError";
  case LOOM_STATUS_DATA_LOSS:
    return "DataLossError";
  case LOOM_STATUS_UNIMPLEMENTED:
    return "UnimplementedError";
  case LOOM_STATUS_NOT_FOUND:
    return "NotFoundError";
  case LOOM_STATUS_OUT_OF_RANGE:
    return "OutOfRangeError";
  case LOOM_STATUS_RESOURCE_EXHAUSTED:
    return "ResourceExhaustedError";
  case LOOM_STATUS_ABORTED:
    return "AbortedError";
  case LOOM_STATUS_DEADLINE_EXCEEDED:
    return "DeadlineExceededError";
  case LOOM_STATUS_OK:
  case LOOM_STATUS_INTERNAL:
    break;
  }
  return "InternalError";
}

/// Throws a LoomError for a failed status (and frees it); nothing for NULL.
void check(loom_status_t status) {
  if (!status)
    return;
  std::string message = loom_status_message(status);
  const char *kind = errorClass(loom_status_code(status));
  loom_status_free(status);
  throw LoomError(kind, message);
}

const char *dtypeName(loom_element_type_t type) {
  switch (type) {
  case LOOM_ELEMENT_TYPE_F32:
    return "f32";
  case LOOM_ELEMENT_TYPE_F16:
    return "f16";
  case LOOM_ELEMENT_TYPE_BF16:
    return "bf16";
  case LOOM_ELEMENT_TYPE_F64:
    return "f64";
  case LOOM_ELEMENT_TYPE_I1:
    return "i1";
  case LOOM_ELEMENT_TYPE_I8:
    return "i8";
  case LOOM_ELEMENT_TYPE_I32:
    return "i32";
  case LOOM_ELEMENT_TYPE_I64:
    return "i64";
  case LOOM_ELEMENT_TYPE_I16:
    return "i16";
  case LOOM_ELEMENT_TYPE_UI8:
    return "ui8";
  case LOOM_ELEMENT_TYPE_UI16:
    return "ui16";
  case LOOM_ELEMENT_TYPE_UI32:
    return "ui32";
  case LOOM_ELEMENT_TYPE_UI64:
    return "ui64";
  }
  return "?";
}

/// A validated artifact in memory (the runtime keeps its own copy of the
/// bytes) and the bytes themselves, for Artifact.save().
class LoadedArtifact {
public:
  LoadedArtifact(const std::string &bytes) {
    loom_artifact_t *loaded = nullptr;
    {
      py::gil_scoped_release release;
      check(loom_artifact_load_memory(bytes.data(), bytes.size(), &loaded));
    }
    artifact.reset(loaded);
  }

  const loom_artifact_t *get() const { return artifact.get(); }

  /// [(name, dtype, shape, symbols)] of the inputs or the outputs: shape at
  /// the bounds, symbols the number of each dimension's symbol (-1: static).
  py::list specs(bool inputs) const {
    py::list result;
    size_t count = inputs ? loom_artifact_input_count(artifact.get())
                          : loom_artifact_output_count(artifact.get());
    for (size_t i = 0; i < count; ++i) {
      const char *name = nullptr;
      loom_element_type_t type;
      size_t rank = 0;
      const int64_t *dims = nullptr;
      if (inputs) {
        check(loom_artifact_input_name(artifact.get(), i, &name));
        check(loom_artifact_input_shape(artifact.get(), i, &type, &rank,
                                        &dims));
      } else {
        check(loom_artifact_output_name(artifact.get(), i, &name));
        check(loom_artifact_output_shape(artifact.get(), i, &type, &rank,
                                         &dims));
      }
      size_t symbolRank = 0;
      const int32_t *symbolOf = nullptr;
      check(inputs ? loom_artifact_input_dim_symbols(artifact.get(), i,
                                                     &symbolRank, &symbolOf)
                   : loom_artifact_output_dim_symbols(artifact.get(), i,
                                                      &symbolRank, &symbolOf));
      py::tuple shape(rank), symbols(rank);
      for (size_t d = 0; d < rank; ++d) {
        shape[d] = dims[d];
        symbols[d] = symbolOf && d < symbolRank ? symbolOf[d] : -1;
      }
      result.append(py::make_tuple(name, dtypeName(type), shape, symbols));
    }
    return result;
  }

  /// [(name, bound)] of the dimension symbols (docs/dynamic-shapes.md).
  py::list dimSymbols() const {
    py::list result;
    for (size_t i = 0; i < loom_artifact_dim_symbol_count(artifact.get());
         ++i) {
      const char *name = nullptr;
      int64_t bound = 0;
      check(loom_artifact_dim_symbol(artifact.get(), i, &name, &bound));
      result.append(py::make_tuple(name, bound));
    }
    return result;
  }

private:
  struct Release {
    void operator()(loom_artifact_t *a) const { loom_artifact_release(a); }
  };
  std::unique_ptr<loom_artifact_t, Release> artifact;
};

/// An executor of a LoadedArtifact, which it keeps alive.
class Executor {
public:
  Executor(std::shared_ptr<LoadedArtifact> artifact, size_t threads,
           const std::map<std::string, std::string> &driverOptions)
      : artifact(std::move(artifact)) {
    std::vector<loom_driver_option_t> options;
    for (const auto &[key, value] : driverOptions)
      options.push_back({key.c_str(), value.c_str()});
    loom_executor_t *created = nullptr;
    {
      py::gil_scoped_release release;
      check(loom_executor_create_with_options(
          this->artifact->get(), threads, options.data(), options.size(),
          &created));
    }
    executor.reset(created);
  }

  /// Runs on the buffers of `inputs` (C-contiguous arrays of the signature's
  /// dtypes and shapes, checked by the caller) into those of `outputs`
  /// (arrays the caller allocated).
  void run(const std::vector<py::buffer> &inputs,
           const std::vector<py::buffer> &outputs) {
    std::vector<py::buffer_info> inInfo, outInfo;
    std::vector<const void *> inPtr;
    std::vector<void *> outPtr;
    std::vector<size_t> inSize, outSize;
    for (const py::buffer &buffer : inputs) {
      inInfo.push_back(buffer.request());
      inPtr.push_back(inInfo.back().ptr);
      inSize.push_back(inInfo.back().size * inInfo.back().itemsize);
    }
    for (const py::buffer &buffer : outputs) {
      outInfo.push_back(buffer.request(/*writable=*/true));
      outPtr.push_back(outInfo.back().ptr);
      outSize.push_back(outInfo.back().size * outInfo.back().itemsize);
    }
    py::gil_scoped_release release;
    // The runtime runs one model at a time per executor; Python threads
    // that share a Session take turns here.
    std::lock_guard<std::mutex> lock(mutex);
    check(loom_executor_run(executor.get(), inPtr.data(), inSize.data(),
                            inPtr.size(), outPtr.data(), outSize.data(),
                            outPtr.size()));
  }

  /// The shape of every output in the last run (a symbolic dimension at the
  /// size it ran with).
  py::list outputShapes() const {
    py::list result;
    size_t count = loom_artifact_output_count(artifact->get());
    for (size_t i = 0; i < count; ++i) {
      size_t rank = 0;
      const int64_t *dims = nullptr;
      check(loom_executor_output_shape(executor.get(), i, &rank, &dims));
      py::tuple shape(rank);
      for (size_t d = 0; d < rank; ++d)
        shape[d] = dims[d];
      result.append(shape);
    }
    return result;
  }

  /// Runs over the TFRecord file `path` (loom_executor_run_dataset);
  /// returns what ran as a dict.
  py::dict runDataset(const std::string &path,
                      const std::vector<std::string> &outputs,
                      uint64_t maxBatches) {
    std::vector<const char *> targets;
    for (const std::string &output : outputs)
      targets.push_back(output.c_str());
    loom_dataset_stats_t stats{};
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex);
      check(loom_executor_run_dataset(executor.get(), path.c_str(),
                                      targets.data(), targets.size(),
                                      maxBatches, &stats));
    }
    py::dict result;
    result["records"] = stats.records;
    result["batches"] = stats.batches;
    result["batch_size"] = stats.batch_size;
    result["left_over"] = stats.left_over;
    result["seconds"] = stats.seconds;
    result["samples_per_second"] =
        stats.seconds > 0 ? static_cast<double>(stats.records) / stats.seconds
                          : 0.0;
    return result;
  }

  std::string profile() { return loom_executor_profile(executor.get()); }

private:
  struct Release {
    void operator()(loom_executor_t *e) const { loom_executor_release(e); }
  };
  std::shared_ptr<LoadedArtifact> artifact;
  std::unique_ptr<loom_executor_t, Release> executor;
  std::mutex mutex;
};

/// Compiles a model file or its bytes; returns (artifact bytes, JSON report)
/// or raises CompileError with the diagnostics (loomc's lines).
py::tuple compile(const std::string &pathOrBytes, bool isBytes,
                  const std::string &format, const std::string &name,
                  const std::string &target,
                  const std::map<std::string, std::string> &targetOptions,
                  unsigned optLevel, const std::vector<std::string> &inputShapes,
                  const std::string &mesh, const std::vector<std::string> &shard,
                  const std::vector<std::string> &parallel, int64_t maxDim) {
  loom::CompileOptions options;
  options.target = target;
  options.targetOptions = targetOptions;
  options.optLevel = optLevel;
  options.inputShapes = inputShapes;
  options.mesh = mesh;
  options.shard = shard;
  options.parallel = parallel;
  options.maxDim = maxDim;
  options.emit = loom::EmitKind::Artifact;
  options.report = true;
  options.reportFormat = loom::ReportFormat::Json;
  loom::CompileResult result;
  {
    py::gil_scoped_release release;
    if (isBytes)
      result = loom::compileBuffer(pathOrBytes,
                                   format == "onnx" ? loom::ModelFormat::Onnx
                                                    : loom::ModelFormat::Mlir,
                                   name, options);
    else
      result = loom::compileFile(pathOrBytes, options);
  }
  if (!result.ok) {
    std::string message;
    for (const std::string &line : result.diagnostics)
      message += (message.empty() ? "" : "\n") + line;
    if (message.empty())
      message = "the compile failed without a diagnostic";
    throw LoomError("CompileError", message, result.diagnostics);
  }
  py::list warnings;
  for (const std::string &line : result.diagnostics)
    warnings.append(line);
  return py::make_tuple(
      py::bytes(reinterpret_cast<const char *>(result.output.data()),
                result.output.size()),
      result.report, warnings);
}

/// loom-run --compare-reference on the artifact's bytes and `inputs`
/// (C-contiguous arrays of the signature's dtypes and shapes, checked by
/// the caller); returns the report's lines, or raises the error (an
/// AbortedError for a kernel beyond the tolerance) with the lines printed
/// up to it as its `report`.
std::string compareReference(const py::bytes &data,
                             const std::vector<py::buffer> &inputs,
                             double rtol, double atol, size_t threads,
                             const std::map<std::string, std::string>
                                 &driverOptions) {
  std::string_view view = data;
  loom::ByteBuffer bytes(view.begin(), view.end());
  loom::Artifact artifact;
  std::vector<loom::Tensor> tensors;
  std::ostringstream report;
  loom::Status status;
  {
    py::gil_scoped_release release;
    status = loom::Artifact::load(bytes, artifact);
  }
  if (status.isOk()) {
    for (size_t i = 0; i < inputs.size() && i < artifact.inputs().size();
         ++i) {
      const loom::TensorSpec &spec = artifact.inputs()[i];
      py::buffer_info info = inputs[i].request();
      loom::Tensor tensor(spec.dtype, spec.shape);
      size_t size = static_cast<size_t>(info.size * info.itemsize);
      if (size != tensor.byteSize())
        throw LoomError("InvalidArgumentError",
                        "input '" + spec.name + "' has the wrong byte size");
      if (size)
        std::memcpy(tensor.bytes(), info.ptr, size);
      tensors.push_back(std::move(tensor));
    }
    loom::runner::CompareOptions options;
    if (rtol >= 0)
      options.tolerance.rtol = rtol;
    if (atol >= 0) {
      options.tolerance.atol = atol;
      options.scaledAtol = false;
    }
    loom::ExecutorOptions executorOptions;
    executorOptions.threads = static_cast<unsigned>(threads);
    executorOptions.driverOptions = driverOptions;
    py::gil_scoped_release release;
    status = loom::runner::compareReference(artifact, executorOptions, tensors,
                                            options, report);
  }
  if (!status.isOk()) {
    const char *kind =
        errorClass(static_cast<loom_status_code_t>(status.code()));
    // The report so far rides on the error (diagnostics: one per line).
    std::vector<std::string> lines;
    std::istringstream text(report.str());
    for (std::string line; std::getline(text, line);)
      lines.push_back(line);
    throw LoomError(kind, status.message(), lines);
  }
  return report.str();
}

/// Writes a TFRecord file of one tf.train.Example a row: feature
/// `names[i]` holds row r of the C-contiguous array whose bytes are
/// `data[i]`, float32 values as a float_list where `isFloat[i]`, int64
/// values as an int64_list otherwise (the Python side, loom.write_tfrecord,
/// converts the arrays and checks that each has `rows` rows). Raises the
/// writer's one-line error.
void writeTfrecord(const std::string &path,
                   const std::vector<std::string> &names,
                   const std::vector<bool> &isFloat,
                   const std::vector<std::string> &data, size_t rows) {
  auto raise = [](const loom::Status &status) {
    throw LoomError(errorClass(static_cast<loom_status_code_t>(status.code())),
                    status.message());
  };
  if (names.size() != isFloat.size() || names.size() != data.size())
    throw LoomError("InvalidArgumentError",
                    "write_tfrecord: names, kinds and arrays differ in number");
  loom::dataset::TFRecordWriter writer;
  loom::Status status = writer.open(path);
  if (!status.isOk())
    raise(status);
  for (size_t row = 0; row < rows; ++row) {
    loom::dataset::Example example;
    for (size_t i = 0; i < names.size(); ++i) {
      size_t rowBytes = data[i].size() / rows;
      const char *begin = data[i].data() + row * rowBytes;
      loom::dataset::Feature feature;
      if (isFloat[i]) {
        feature.kind = loom::dataset::Feature::Kind::Float;
        feature.floats.resize(rowBytes / sizeof(float));
        std::memcpy(feature.floats.data(), begin, rowBytes);
      } else {
        feature.kind = loom::dataset::Feature::Kind::Int64;
        feature.ints.resize(rowBytes / sizeof(int64_t));
        std::memcpy(feature.ints.data(), begin, rowBytes);
      }
      example.features.emplace_back(names[i], std::move(feature));
    }
    status = writer.write(loom::dataset::serializeExample(example));
    if (!status.isOk())
      raise(status);
  }
  status = writer.close();
  if (!status.isOk())
    raise(status);
}

/// The training loop of loom-run --train (runtime/training/TrainLoop.h) on
/// the artifact's bytes, with the GIL released but for `onEpoch` (None: no
/// callback), which gets a dict per epoch. Returns the epochs' dicts, or
/// raises the loop's one-line error; an exception raised by `onEpoch` stops
/// the loop (no final checkpoint) and propagates. `shuffleBuffer` 0: the
/// default.
py::list train(const py::bytes &data, const std::string &artifactName,
               const std::string &state, const std::string &dataset,
               int64_t epochs, int64_t batches, const std::string &checkpoint,
               int64_t saveEvery, const std::string &log, size_t threads,
               const std::map<std::string, std::string> &driverOptions,
               const py::object &onEpoch, bool shuffle, uint64_t shuffleSeed,
               int64_t shuffleBuffer) {
  std::string_view view = data;
  loom::ByteBuffer bytes(view.begin(), view.end());
  loom::training::TrainOptions options;
  options.artifactName = artifactName;
  options.statePath = state;
  options.datasetPath = dataset;
  options.epochs = epochs;
  options.maxBatches = batches;
  options.checkpointPath = checkpoint;
  options.saveEvery = saveEvery;
  options.logPath = log;
  options.shuffle = shuffle;
  options.shuffleSeed = shuffleSeed;
  if (shuffleBuffer)
    options.shuffleBuffer = shuffleBuffer;
  loom::ExecutorOptions executorOptions;
  executorOptions.threads = static_cast<unsigned>(threads);
  executorOptions.driverOptions = driverOptions;

  // Built with the GIL held: the epochs' dicts and the callback's error.
  std::vector<loom::training::EpochStats> epochStats;
  std::optional<py::error_already_set> callbackError;
  struct Stop {};
  auto toDict = [](const loom::training::EpochStats &stats) {
    py::dict result;
    result["epoch"] = stats.epoch;
    result["steps"] = stats.steps;
    result["mean_loss"] = stats.meanLoss;
    result["steps_per_second"] = stats.stepsPerSecond();
    result["seconds"] = stats.seconds;
    result["left_over"] = stats.leftOver;
    result["batch_size"] = stats.batchSize;
    return result;
  };
  loom::Status status;
  {
    py::gil_scoped_release release;
    loom::Artifact artifact;
    loom::Executor executor;
    status = loom::Artifact::load(bytes, artifact);
    if (!status.isOk() && !artifactName.empty())
      status = loom::Status(status.code(),
                            artifactName + ": " + status.message());
    if (status.isOk()) {
      status = loom::Executor::load(artifact, executorOptions, executor);
      if (!status.isOk() && !artifactName.empty())
        status = loom::Status(status.code(),
                              artifactName + ": " + status.message());
    }
    if (status.isOk()) {
      try {
        status = loom::training::train(
            executor, artifact, options,
            [&](const loom::training::EpochStats &stats) {
              epochStats.push_back(stats);
              if (onEpoch.is_none())
                return;
              py::gil_scoped_acquire acquire;
              try {
                onEpoch(toDict(stats));
              } catch (py::error_already_set &error) {
                callbackError.emplace(std::move(error));
                throw Stop{};
              }
            });
      } catch (const Stop &) {
      }
    }
  }
  if (callbackError)
    throw *callbackError;
  if (!status.isOk())
    throw LoomError(errorClass(static_cast<loom_status_code_t>(status.code())),
                    status.message());
  py::list result;
  for (const loom::training::EpochStats &stats : epochStats)
    result.append(toDict(stats));
  return result;
}

/// loom-run's command line (`python3 -m loom.run`); returns the exit code.
int runTool(const std::vector<std::string> &args) {
  py::gil_scoped_release release;
  int code = loom::runner::runLoomRun(args, std::cout, std::cerr);
  std::cout.flush();
  std::cerr.flush();
  return code;
}

} // namespace

PYBIND11_MODULE(_loom, m) {
  m.doc() = "The native part of the loom package; use loom's own API.";
  m.attr("__version__") = LOOM_VERSION;

  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer)
        std::rethrow_exception(pointer);
    } catch (const LoomError &error) {
      py::object errors = py::module_::import("loom._errors");
      py::object instance = errors.attr(error.kind.c_str())(error.what());
      if (!error.diagnostics.empty())
        instance.attr("diagnostics") = py::cast(error.diagnostics);
      PyErr_SetObject(instance.get_type().ptr(), instance.ptr());
    }
  });

  py::class_<LoadedArtifact, std::shared_ptr<LoadedArtifact>>(m,
                                                              "LoadedArtifact")
      .def(py::init<const std::string &>(), py::arg("data"))
      .def("inputs", [](const LoadedArtifact &a) { return a.specs(true); })
      .def("outputs", [](const LoadedArtifact &a) { return a.specs(false); })
      .def("dim_symbols", &LoadedArtifact::dimSymbols);

  py::class_<Executor>(m, "Executor")
      .def(py::init<std::shared_ptr<LoadedArtifact>, size_t,
                    const std::map<std::string, std::string> &>(),
           py::arg("artifact"), py::arg("threads"), py::arg("driver_options"))
      .def("run", &Executor::run, py::arg("inputs"), py::arg("outputs"))
      .def("output_shapes", &Executor::outputShapes)
      .def("run_dataset", &Executor::runDataset, py::arg("path"),
           py::arg("outputs"), py::arg("max_batches"))
      .def("profile", &Executor::profile);

  m.def("compile", &compile, py::arg("path_or_bytes"), py::arg("is_bytes"),
        py::arg("format"), py::arg("name"), py::arg("target"),
        py::arg("target_options"), py::arg("opt_level"),
        py::arg("input_shapes"), py::arg("mesh"), py::arg("shard"),
        py::arg("parallel"), py::arg("max_dim"));
  m.def("run_tool", &runTool, py::arg("args"));
  m.def("train", &train, py::arg("data"), py::arg("artifact_name"),
        py::arg("state"), py::arg("dataset"), py::arg("epochs"),
        py::arg("batches"), py::arg("checkpoint"), py::arg("save_every"),
        py::arg("log"), py::arg("threads"), py::arg("driver_options"),
        py::arg("on_epoch"), py::arg("shuffle"), py::arg("shuffle_seed"),
        py::arg("shuffle_buffer"));
  m.def("write_tfrecord", &writeTfrecord, py::arg("path"), py::arg("names"),
        py::arg("is_float"), py::arg("data"), py::arg("rows"));
  m.def("compare_reference", &compareReference, py::arg("data"),
        py::arg("inputs"), py::arg("rtol"), py::arg("atol"),
        py::arg("threads"), py::arg("driver_options"));
}
