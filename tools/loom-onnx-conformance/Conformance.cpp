//===- Conformance.cpp - Runs the ONNX backend test suite --------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-onnx-conformance/Conformance.h"

#include "compiler/Compiler.h"
#include "evaluator/Evaluator.h"
#include "frontend/onnx/OnnxImporter.h"
#include "frontend/onnx/TensorProto.h"
#include "passes/Pipelines.h"
#include "runtime/Executor.h"
#include "tools/loom-differential/TargetNumerics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "onnx/onnx-data_pb.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <cmath>
#include <cstring>
#include <sstream>

using namespace mlir;

namespace loom::conformance {
namespace {

constexpr double kRelativeTolerance = 1e-3;
constexpr double kAbsoluteTolerance = 1e-7;
const char *const kSuites[] = {"node", "pytorch-converted", "pytorch-operator",
                               "simple"};

std::string join(const std::string &a, const std::string &b) {
  llvm::SmallString<256> path(a);
  llvm::sys::path::append(path, b);
  return std::string(path);
}

/// The number in "input_12.pb" or "test_data_set_3"; names without one
/// sort first.
int64_t trailingNumber(llvm::StringRef name) {
  name = name.take_until([](char c) { return c == '.'; });
  size_t digits = name.size() - name.rtrim("0123456789").size();
  int64_t value = -1;
  (void)name.take_back(digits).getAsInteger(10, value);
  return value;
}

/// Entries of `dir` (folders or files) whose names start with `prefix`,
/// ordered by their trailing number (input_2 before input_10), then name.
std::vector<std::string> listDir(const std::string &dir, bool directories,
                                 llvm::StringRef prefix) {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    std::string name = llvm::sys::path::filename(it->path()).str();
    bool isDir = llvm::sys::fs::is_directory(it->path());
    if (isDir == directories && llvm::StringRef(name).starts_with(prefix))
      names.push_back(name);
  }
  std::sort(names.begin(), names.end(), [](const std::string &a, const std::string &b) {
    return std::make_pair(trailingNumber(a), a) < std::make_pair(trailingNumber(b), b);
  });
  return names;
}

/// Reads a serialized TensorProto. The name field tells which graph input
/// or output it belongs to.
std::optional<std::pair<std::string, Tensor>> readTensor(const std::string &path,
                                                         std::string &error) {
  auto file = llvm::MemoryBuffer::getFile(path, false, false);
  if (!file) {
    error = path + ": " + file.getError().message();
    return std::nullopt;
  }
  onnx::TensorProto proto;
  if (!proto.ParseFromArray((*file)->getBufferStart(),
                            static_cast<int>((*file)->getBufferSize()))) {
    error = path + ": not a TensorProto (inputs and outputs that are " +
            "sequences or optionals are not supported)";
    return std::nullopt;
  }
  std::optional<Tensor> tensor =
      onnx_import::tensorFromProto(proto, llvm::sys::path::parent_path(path), error);
  if (!tensor) {
    error = llvm::sys::path::filename(path).str() + ": " + error;
    return std::nullopt;
  }
  return std::make_pair(proto.name(), std::move(*tensor));
}

/// A test's value of one graph input or output, as the artifact takes or
/// gives it: a tensor is one tensor, a sequence one per element (named
/// NAME.0, NAME.1, ..., as the importer names them), an empty optional
/// none.
struct TestValue {
  enum class Kind { Tensor, Sequence, None };
  Kind kind = Kind::Tensor;
  std::string name;
  std::vector<std::pair<std::string, Tensor>> tensors;
  /// The --input-shape a user gives for it: a sequence's shapes
  /// ("NAME:2x3,4x3", "NAME:empty"), an empty optional's "NAME:none";
  /// empty for a tensor.
  std::string flag;
};

/// "2x3", or "scalar" for rank 0, as --input-shape writes a shape.
std::string shapeFlagText(const Tensor &tensor) {
  if (tensor.shape().empty())
    return "scalar";
  std::string text;
  for (auto [index, dim] : llvm::enumerate(tensor.shape()))
    text += (index ? "x" : "") + std::to_string(dim);
  return text;
}

/// Decodes the tensors of a SequenceProto into `value` (a sequence named
/// `name`).
bool readSequence(const onnx::SequenceProto &proto, const std::string &name,
                  llvm::StringRef directory, TestValue &value,
                  std::string &error) {
  if (proto.sequence_values_size() || proto.map_values_size() ||
      proto.optional_values_size()) {
    error = "sequences of sequences, maps and optionals are not supported";
    return false;
  }
  value.kind = TestValue::Kind::Sequence;
  for (const onnx::TensorProto &element : proto.tensor_values()) {
    std::optional<Tensor> tensor =
        onnx_import::tensorFromProto(element, directory, error);
    if (!tensor)
      return false;
    value.flag += (value.flag.empty() ? name + ":" : ",") +
                  shapeFlagText(*tensor);
    value.tensors.emplace_back(name + "." +
                                   std::to_string(value.tensors.size()),
                               std::move(*tensor));
  }
  if (value.tensors.empty())
    value.flag = name + ":empty";
  return true;
}

/// Reads the test value of a graph input or output of ONNX type `type`
/// named `name` (a TensorProto, SequenceProto or OptionalProto).
std::optional<TestValue> readValue(const std::string &path,
                                   const onnx::TypeProto *type,
                                   const std::string &name,
                                   std::string &error) {
  if (!type || type->has_tensor_type()) {
    std::optional<std::pair<std::string, Tensor>> tensor =
        readTensor(path, error);
    if (!tensor)
      return std::nullopt;
    TestValue value;
    value.name = tensor->first;
    value.tensors.push_back(std::move(*tensor));
    return value;
  }
  auto file = llvm::MemoryBuffer::getFile(path, false, false);
  if (!file) {
    error = path + ": " + file.getError().message();
    return std::nullopt;
  }
  std::string fileName = llvm::sys::path::filename(path).str();
  llvm::StringRef directory = llvm::sys::path::parent_path(path);
  TestValue value;
  value.name = name;
  if (type->has_sequence_type()) {
    onnx::SequenceProto proto;
    if (!proto.ParseFromArray((*file)->getBufferStart(),
                              static_cast<int>((*file)->getBufferSize())) ||
        !readSequence(proto, name, directory, value, error)) {
      error = fileName + ": " + (error.empty() ? "not a SequenceProto" : error);
      return std::nullopt;
    }
    return value;
  }
  if (!type->has_optional_type()) {
    error = fileName + ": maps are not supported";
    return std::nullopt;
  }
  onnx::OptionalProto proto;
  if (!proto.ParseFromArray((*file)->getBufferStart(),
                            static_cast<int>((*file)->getBufferSize()))) {
    error = fileName + ": not an OptionalProto";
    return std::nullopt;
  }
  if (proto.has_tensor_value()) {
    std::optional<Tensor> tensor =
        onnx_import::tensorFromProto(proto.tensor_value(), directory, error);
    if (!tensor) {
      error = fileName + ": " + error;
      return std::nullopt;
    }
    value.tensors.emplace_back(name, std::move(*tensor));
  } else if (proto.has_sequence_value()) {
    if (!readSequence(proto.sequence_value(), name, directory, value, error)) {
      error = fileName + ": " + error;
      return std::nullopt;
    }
  } else if (proto.has_map_value() || proto.has_optional_value()) {
    error = fileName + ": optionals of maps and optionals are not supported";
    return std::nullopt;
  } else {
    value.kind = TestValue::Kind::None;
    value.flag = name + ":none";
  }
  return value;
}

/// The declared types of a model's graph inputs that have no initializer,
/// and of its outputs, in order; empty when the model cannot be read (the
/// import reports why).
struct GraphSignature {
  std::vector<std::pair<std::string, onnx::TypeProto>> inputs, outputs;
};

GraphSignature readSignature(const std::string &modelPath) {
  GraphSignature signature;
  auto file = llvm::MemoryBuffer::getFile(modelPath, false, false);
  onnx::ModelProto model;
  if (!file || (*file)->getBufferSize() > INT_MAX ||
      !model.ParseFromArray((*file)->getBufferStart(),
                            static_cast<int>((*file)->getBufferSize())))
    return signature;
  std::set<std::string> initializers;
  for (const onnx::TensorProto &tensor : model.graph().initializer())
    initializers.insert(tensor.name());
  for (const onnx::ValueInfoProto &input : model.graph().input())
    if (!initializers.count(input.name()))
      signature.inputs.emplace_back(input.name(), input.type());
  for (const onnx::ValueInfoProto &output : model.graph().output())
    signature.outputs.emplace_back(output.name(), output.type());
  return signature;
}

/// ONNX 1.12 stores bf16 test data as uint16 bits; a user gives them as an
/// .npy '<u2', which loom-run takes as bf16 or ui16, whichever the model
/// expects. Returns `tensor` with the `expected` one of the two, or as is.
Tensor asSixteenBits(const Tensor &tensor, DType expected) {
  if (!((tensor.dtype() == DType::UI16 && expected == DType::BF16) ||
        (tensor.dtype() == DType::BF16 && expected == DType::UI16)))
    return tensor;
  Tensor bits(expected, tensor.shape());
  if (bits.byteSize())
    std::memcpy(bits.bytes(), tensor.bytes(), bits.byteSize());
  return bits;
}

/// Compares at the suite's tolerances; sets `why` on a mismatch.
bool matches(const Tensor &actual, const Tensor &expected, std::string &why) {
  // ONNX 1.12 stores expected bf16 outputs as uint16 bits.
  if (actual.dtype() == DType::BF16 && expected.dtype() == DType::UI16)
    return matches(actual, asSixteenBits(expected, DType::BF16), why);
  if (actual.dtype() != expected.dtype() || actual.shape() != expected.shape()) {
    why = "result is " + shapeString(actual.shape(), actual.dtype()) +
          " but expected " + shapeString(expected.shape(), expected.dtype());
    return false;
  }
  int64_t mismatches = 0, first = -1;
  for (int64_t i = 0; i < expected.numElements(); ++i) {
    bool ok;
    if (isInteger(expected.dtype())) {
      ok = actual.getInt(i) == expected.getInt(i);
    } else {
      double a = actual.getDouble(i), e = expected.getDouble(i);
      if (std::isnan(e) || std::isnan(a))
        ok = std::isnan(e) && std::isnan(a);
      else if (std::isinf(e) || std::isinf(a))
        ok = a == e;
      else
        ok = std::fabs(a - e) <= kAbsoluteTolerance + kRelativeTolerance * std::fabs(e);
    }
    if (!ok && mismatches++ == 0)
      first = i;
  }
  if (mismatches == 0)
    return true;
  std::ostringstream text;
  text << mismatches << " of " << expected.numElements()
       << " elements differ; first at " << first << ": got ";
  if (isInteger(expected.dtype()))
    text << actual.getInt(first) << ", expected " << expected.getInt(first);
  else
    text << actual.getDouble(first) << ", expected " << expected.getDouble(first);
  why = text.str();
  return false;
}

/// Compares with an expected output as `numerics` allow: at the suite's
/// tolerances, or for a target whose contract is not f32 (relativeL2 set),
/// floats by their relative L2 error and the rest exactly. Sets `why` on a
/// mismatch.
bool matchesExpected(const Tensor &actual, const Tensor &expected,
                     const differential::TargetNumerics &numerics,
                     std::string &why) {
  if (!numerics.relativeL2 || !isFloat(expected.dtype()) ||
      actual.dtype() != expected.dtype() || actual.shape() != expected.shape())
    return matches(actual, expected, why);
  double error = differential::relativeL2Error(actual, expected);
  if (error <= *numerics.relativeL2)
    return true;
  std::ostringstream text;
  text << "relative L2 error " << error << " against the expected output "
       << "(tolerance " << *numerics.relativeL2 << ")";
  why = text.str();
  return false;
}

/// Compares bit for bit with the evaluator's result in the precision the
/// target reproduces; sets `why` on a mismatch.
bool matchesOracle(const Tensor &actual, const Tensor &oracle,
                   const differential::TargetNumerics &numerics,
                   std::string &why) {
  if (actual.dtype() != oracle.dtype() || actual.shape() != oracle.shape()) {
    why = "result is " + shapeString(actual.shape(), actual.dtype()) +
          " but the evaluator's is " + shapeString(oracle.shape(), oracle.dtype());
    return false;
  }
  differential::BitComparison comparison =
      differential::compareBits(actual, oracle);
  if (!comparison.mismatches)
    return true;
  why = std::string("differs from the evaluator's ") + numerics.precisionName +
        " mode: " + differential::describeBitMismatch(actual, oracle, comparison);
  return false;
}

/// Collects error diagnostics as one line.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diagnostic) {
          if (diagnostic.getSeverity() == DiagnosticSeverity::Error) {
            if (!text.empty())
              text += "; ";
            text += diagnostic.str();
          }
          return success();
        }) {}
  std::string text;

private:
  ScopedDiagnosticHandler handler;
};

/// Strips "PATH: " from importer messages for the report.
std::string withoutPath(std::string message, const std::string &path) {
  std::string prefix = path + ": ";
  size_t at;
  while ((at = message.find(prefix)) != std::string::npos)
    message.erase(at, prefix.size());
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::replace(message.begin(), message.end(), '|', '/');
  return message;
}

/// What a compiled artifact runs, from its commands.
struct ArtifactCode {
  /// Launches of the devices' own libraries, and of host libraries on a
  /// device of another target (host fallback).
  size_t deviceLaunches = 0, hostLaunches = 0;
  /// Copies from constant buffers and from the other buffers.
  size_t constantCopies = 0, otherCopies = 0;
  /// The generators' messages of the kernels placed on the host ("; "
  /// between them), from the compile report.
  std::string hostKernels;
};

/// The messages of the report's host fallback section (loomc --report=json),
/// which name each kernel, its op and the reason.
std::string hostPlacement(const std::string &report) {
  std::string text;
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(report);
  if (!parsed) {
    llvm::consumeError(parsed.takeError());
    return text;
  }
  const llvm::json::Object *root = parsed->getAsObject();
  const llvm::json::Array *kernels =
      root ? root->getArray("host_fallback") : nullptr;
  for (const llvm::json::Value &kernel : kernels ? *kernels
                                                 : llvm::json::Array())
    if (const llvm::json::Object *object = kernel.getAsObject())
      if (std::optional<llvm::StringRef> message =
              object->getString("message"))
        text += (text.empty() ? "" : "; ") + message->str();
  return text;
}

ArtifactCode codeOf(const Artifact &artifact) {
  ArtifactCode code;
  for (size_t d = 0; d < artifact.deviceCount(); ++d) {
    const artifact::DeviceProgram &program = artifact.device(d);
    BufferPlan plan = artifact.plan(d);
    const auto *commands = program.commands();
    for (size_t c = 0; commands && c < commands->size(); ++c) {
      const artifact::Command &command = *commands->Get(c);
      if (const artifact::Launch *launch = command.operation_as_Launch()) {
        const artifact::KernelLibrary &library =
            artifact.library(launch->library());
        if (library.target() == program.target()) {
          ++code.deviceLaunches;
          continue;
        }
        ++code.hostLaunches;
      } else if (const artifact::Copy *copy = command.operation_as_Copy()) {
        if (plan[copy->source()].kind() == artifact::BufferKind_Constant)
          ++code.constantCopies;
        else
          ++code.otherCopies;
      }
    }
  }
  return code;
}

/// Compiles the simplified `module` (in place) for `options.target` and runs
/// its artifact on `arguments`; errors are emitted at `function`. `code`
/// receives what the artifact runs.
FailureOr<std::vector<Tensor>> runCompiled(ModuleOp module,
                                           func::FuncOp function,
                                           const std::vector<Tensor> &arguments,
                                           const RunOptions &options,
                                           ArtifactCode &code) {
  CompileOptions compileOptions;
  compileOptions.target = options.target;
  compileOptions.optLevel = options.optLevel;
  // The report names the kernels placed on the host, with why.
  compileOptions.report = true;
  compileOptions.reportFormat = ReportFormat::Json;
  CompileResult compiled = compileModule(module, compileOptions);
  if (!compiled.ok) {
    std::string why;
    for (const std::string &line : compiled.diagnostics)
      why += (why.empty() ? "" : "; ") + line;
    return function.emitError(options.target + " compile: ") << why;
  }
  Artifact artifact;
  std::vector<Tensor> outputs;
  Status status = Artifact::load(compiled.output, artifact);
  if (status.isOk()) {
    code = codeOf(artifact);
    code.hostKernels = hostPlacement(compiled.report);
    // One thread: workgroups still run one after another through the same
    // code, and the suite's tensors are small.
    ExecutorOptions executorOptions;
    executorOptions.threads = 1;
    status = run(artifact, arguments, outputs, executorOptions);
  }
  if (!status.isOk())
    return function.emitError(options.target + " run: ") << status.message();
  return outputs;
}

/// The --input-shape flag a user gives for a test input: by name, or by
/// position when the tensor has none; empty for a scalar (the flag has no
/// spelling for rank 0).
std::string inputShapeFlag(const std::string &name, size_t position,
                           const Tensor &tensor) {
  if (tensor.shape().empty())
    return {};
  std::string text = name.empty() ? std::to_string(position) : name;
  text += ":";
  for (auto [index, dim] : llvm::enumerate(tensor.shape()))
    text += (index ? "x" : "") + std::to_string(dim);
  return text;
}

/// Binds the test's tensors to the artifact's inputs as loom-run does with
/// one --input per tensor: a named tensor to the input of its name, the
/// others to the inputs left, in order; each must have its input's dtype
/// and shape. Returns the error loom-run would print, or empty.
std::string bindInputs(const std::vector<std::pair<std::string, Tensor>> &tensors,
                       const std::vector<TensorSpec> &specs,
                       std::vector<Tensor> &arguments) {
  std::vector<int> binding(specs.size(), -1);
  std::vector<bool> used(tensors.size(), false);
  for (size_t slot = 0; slot < specs.size(); ++slot)
    for (size_t t = 0; t < tensors.size(); ++t)
      if (!used[t] && !tensors[t].first.empty() &&
          tensors[t].first == specs[slot].name) {
        binding[slot] = static_cast<int>(t);
        used[t] = true;
        break;
      }
  // A test tensor whose name is no input of the artifact (an input the
  // importer made a constant from its initializer) is given by position.
  size_t next = 0;
  for (size_t slot = 0; slot < specs.size(); ++slot) {
    if (binding[slot] != -1)
      continue;
    while (next < tensors.size() && used[next])
      ++next;
    if (next == tensors.size())
      return "input '" + specs[slot].name + "' (" +
             shapeString(specs[slot].shape, specs[slot].dtype) +
             ") is not given: the test data has no tensor for it";
    binding[slot] = static_cast<int>(next);
    used[next] = true;
  }
  arguments.clear();
  for (size_t slot = 0; slot < specs.size(); ++slot) {
    Tensor tensor = asSixteenBits(tensors[binding[slot]].second,
                                  specs[slot].dtype);
    if (tensor.dtype() != specs[slot].dtype ||
        tensor.shape() != specs[slot].shape)
      return "input '" + specs[slot].name + "': got " +
             shapeString(tensor.shape(), tensor.dtype()) +
             ", the model expects " +
             shapeString(specs[slot].shape, specs[slot].dtype);
    arguments.push_back(std::move(tensor));
  }
  return {};
}

/// The --max-dim a user gives when the importer asks for one (an input
/// whose values decide a result's size, docs/dynamic-shapes.md): every
/// such size in the suite's tests is below it.
constexpr int64_t kUserMaxDim = 32;

/// A user's compile of a model file: loomc MODEL.onnx --target=T
/// [--input-shape=...] [--max-dim=32] -o m.loom.
struct UserCompile {
  bool ok = false;
  std::string error; ///< The compile's diagnostics on one line.
  ByteBuffer artifact;
  std::string report; ///< loomc --report=json
};

UserCompile compileAsUser(const std::string &modelPath,
                          const std::vector<std::string> &shapeFlags,
                          int64_t maxDim, const RunOptions &options) {
  CompileOptions compileOptions;
  compileOptions.target = options.target;
  compileOptions.optLevel = options.optLevel;
  compileOptions.inputShapes = shapeFlags;
  compileOptions.maxDim = maxDim;
  compileOptions.report = true;
  compileOptions.reportFormat = ReportFormat::Json;
  CompileResult compiled = compileFile(modelPath, compileOptions);
  UserCompile result;
  result.ok = compiled.ok;
  if (!compiled.ok) {
    for (const std::string &line : compiled.diagnostics)
      result.error += (result.error.empty() ? "" : "; ") + line;
    return result;
  }
  result.artifact = std::move(compiled.output);
  result.report = std::move(compiled.report);
  return result;
}

/// Runs a user's artifact on the test's tensors, as loom-run --input=...
/// for every one of them; errors are emitted at `function`.
FailureOr<std::vector<Tensor>>
runAsUser(const UserCompile &compiled,
          const std::vector<std::pair<std::string, Tensor>> &tensors,
          func::FuncOp function, const RunOptions &options,
          ArtifactCode &code) {
  if (!compiled.ok)
    return function.emitError(options.target + " compile: ") << compiled.error;
  Artifact artifact;
  std::vector<Tensor> arguments, outputs;
  Status status = Artifact::load(compiled.artifact, artifact);
  if (!status.isOk())
    return function.emitError(options.target + " load: ") << status.message();
  code = codeOf(artifact);
  code.hostKernels = hostPlacement(compiled.report);
  if (std::string error = bindInputs(tensors, artifact.inputs(), arguments);
      !error.empty())
    return function.emitError("loom-run: ") << error;
  ExecutorOptions executorOptions;
  executorOptions.threads = 1;
  status = run(artifact, arguments, outputs, executorOptions);
  if (!status.isOk())
    return function.emitError(options.target + " run: ") << status.message();
  return outputs;
}

} // namespace

const char *inputModeName(InputMode mode) {
  return mode == InputMode::UserPath ? "user path" : "constants bound";
}

const char *outcomeName(Outcome outcome) {
  switch (outcome) {
  case Outcome::Pass: return "pass";
  case Outcome::HostFallback: return "pass (host fallback)";
  case Outcome::NoTargetCode: return "no target code";
  case Outcome::Fail: return "fail";
  case Outcome::Unsupported: return "unsupported";
  }
  return "";
}

std::vector<std::string> listCases(const std::string &dataDir) {
  std::vector<std::string> cases;
  for (const char *suite : kSuites)
    for (const std::string &name : listDir(join(dataDir, suite), true, ""))
      if (llvm::sys::fs::exists(join(join(join(dataDir, suite), name), "model.onnx")))
        cases.push_back(std::string(suite) + "/" + name);
  return cases;
}

CaseResult runCase(MLIRContext &context, const std::string &dataDir,
                   const std::string &name, const RunOptions &runOptions) {
  CaseResult result;
  result.name = name;
  std::string caseDir = join(dataDir, name);
  std::string modelPath = join(caseDir, "model.onnx");
  auto unsupported = [&](const std::string &why) {
    result.outcome = Outcome::Unsupported;
    result.reason = withoutPath(why, modelPath);
    return result;
  };

  std::vector<std::string> dataSets = listDir(caseDir, true, "test_data_set_");
  if (dataSets.empty())
    return unsupported("no test data");
  // What the compiled artifacts ran, over the data sets.
  ArtifactCode code;
  bool boundConstants = false;
  const bool userPath = runOptions.inputMode == InputMode::UserPath;
  // The user's compiles, by their --input-shape flags: data sets of the
  // same shapes share one artifact.
  std::map<std::pair<std::vector<std::string>, int64_t>, UserCompile>
      userCompiles;
  // The graph's declared types tell how each input_N.pb and output_N.pb is
  // stored: a TensorProto, a SequenceProto or an OptionalProto.
  GraphSignature signature = readSignature(modelPath);

  for (const std::string &dataSet : dataSets) {
    std::string setDir = join(caseDir, dataSet);
    std::vector<TestValue> inputValues, outputValues;
    std::string error;
    for (auto [position, file] :
         llvm::enumerate(listDir(setDir, false, "input_"))) {
      bool declared = position < signature.inputs.size();
      std::optional<TestValue> value = readValue(
          join(setDir, file),
          declared ? &signature.inputs[position].second : nullptr,
          declared ? signature.inputs[position].first : "", error);
      if (!value)
        return unsupported(error);
      inputValues.push_back(std::move(*value));
    }
    for (auto [position, file] :
         llvm::enumerate(listDir(setDir, false, "output_"))) {
      bool declared = position < signature.outputs.size();
      std::optional<TestValue> value = readValue(
          join(setDir, file),
          declared ? &signature.outputs[position].second : nullptr,
          declared ? signature.outputs[position].first : "", error);
      if (!value)
        return unsupported(error);
      outputValues.push_back(std::move(*value));
    }
    // The artifact's tensors: a sequence's one per element, an empty
    // optional's none.
    std::vector<std::pair<std::string, Tensor>> inputs, outputs;
    for (TestValue &value : inputValues)
      llvm::append_range(inputs, value.tensors);
    for (TestValue &value : outputValues)
      llvm::append_range(outputs, value.tensors);
    onnx_import::ImportOptions options;
    // Test tensors are matched to graph inputs by name, or by position when
    // they carry none. A user gives --input-shape only when the importer
    // asks for it (an input with a symbolic or no shape, a sequence), and
    // NAME:none for an optional input the test leaves empty.
    std::vector<onnx_import::InputShape> testShapes;
    std::vector<std::string> shapeFlags;
    for (auto [position, value] : llvm::enumerate(inputValues)) {
      if (value.kind == TestValue::Kind::Tensor) {
        const auto &[inputName, tensor] = value.tensors.front();
        testShapes.push_back(
            {inputName,
             inputName.empty() ? std::optional<size_t>(position) : std::nullopt,
             tensor.shape()});
        continue;
      }
      std::optional<onnx_import::InputShape> shape =
          onnx_import::parseInputShape(value.flag, error);
      if (!shape)
        return unsupported(error);
      testShapes.push_back(*shape);
      if (value.kind == TestValue::Kind::None) {
        shapeFlags.push_back(value.flag);
        options.inputShapes.push_back(*shape);
      }
    }
    if (!userPath)
      options.inputShapes = testShapes;

    OwningOpRef<ModuleOp> module;
    std::string importError;
    bool boundShapeInputs = false;
    {
      DiagnosticCollector diagnostics(context);
      module = onnx_import::importOnnxFile(modelPath, context, options);
      importError = diagnostics.text;
    }
    if (userPath && !module &&
        importError.find("--input-shape=") != std::string::npos) {
      for (auto [position, value] : llvm::enumerate(inputValues)) {
        std::string flag =
            value.kind == TestValue::Kind::Sequence ? value.flag
            : value.kind == TestValue::Kind::Tensor
                ? inputShapeFlag(value.tensors.front().first, position,
                                 value.tensors.front().second)
                : "";
        if (!flag.empty()) {
          shapeFlags.push_back(flag);
          options.inputShapes.push_back(testShapes[position]);
        }
      }
      DiagnosticCollector diagnostics(context);
      module = onnx_import::importOnnxFile(modelPath, context, options);
      importError = diagnostics.text;
    }
    // A user gives --max-dim when the importer asks for it, at a bound
    // above every size the tests' inputs give (kUserMaxDim).
    if (userPath && !module &&
        importError.find("--max-dim=") != std::string::npos) {
      options.symbolicDimBound = kUserMaxDim;
      DiagnosticCollector diagnostics(context);
      module = onnx_import::importOnnxFile(modelPath, context, options);
      importError = diagnostics.text;
    }
    if (!userPath && !module &&
        (importError.find("must be a constant") != std::string::npos ||
         importError.find("--max-dim=") != std::string::npos)) {
      // Loom compiles static shapes: inputs that only feed shapes (Reshape's
      // shape, Slice's starts, ...) are bound to the test's values, and so
      // is any input the importer names as "(what, 'NAME')" (Resize's float
      // scales, OneHot's depth, Dropout's training_mode).
      for (const TestValue &value : inputValues) {
        if (value.kind != TestValue::Kind::Tensor)
          continue;
        const auto &[inputName, tensor] = value.tensors.front();
        if ((isInteger(tensor.dtype()) && tensor.dtype() != DType::I1) ||
            importError.find("'" + inputName + "')") != std::string::npos)
          options.constantInputs[inputName] = tensor;
      }
      llvm::erase_if(options.inputShapes, [&](const onnx_import::InputShape &shape) {
        return options.constantInputs.count(shape.name) != 0;
      });
      DiagnosticCollector diagnostics(context);
      module = onnx_import::importOnnxFile(modelPath, context, options);
      importError = diagnostics.text;
      boundShapeInputs = true;
    }
    if (!module)
      return unsupported(importError);

    bool compiled = runOptions.target != kReferenceTarget;
    // The evaluator returns data-shaped outputs at their bounds and their
    // shapes beside them; the model's outputs are those cut to the shapes.
    auto outputsOf = [](func::FuncOp function,
                        FailureOr<std::vector<Tensor>> results)
        -> FailureOr<std::vector<Tensor>> {
      if (failed(results))
        return failure();
      return eval::modelOutputs(function, std::move(*results));
    };
    differential::TargetNumerics numerics =
        compiled ? differential::targetNumerics(runOptions.target)
                 : differential::TargetNumerics();
    std::string runError;
    ArtifactCode setCode;
    FailureOr<std::vector<Tensor>> actual = failure();
    // What a bit-exact target's outputs must equal: the evaluator in the
    // precision the target reproduces.
    FailureOr<std::vector<Tensor>> oracle = failure();
    {
      DiagnosticCollector diagnostics(context);
      // Constants fold in the target's precision, as its compile would.
      PassManager pm(&context);
      buildSimplificationPipeline(pm, numerics.precision);
      if (succeeded(pm.run(*module))) {
        auto function = module->lookupSymbol<func::FuncOp>("main");
        std::vector<Tensor> arguments;
        for (unsigned i = 0; i < function.getNumArguments(); ++i) {
          auto argName = function.getArgAttrOfType<StringAttr>(i, "loom.name");
          auto it = std::find_if(inputs.begin(), inputs.end(), [&](auto &input) {
            return argName && input.first == argName.getValue();
          });
          if (it != inputs.end())
            arguments.push_back(it->second);
          else if (i < inputs.size())
            arguments.push_back(inputs[i].second);
        }
        for (unsigned i = 0; i < arguments.size() && i < function.getNumArguments(); ++i)
          if (std::optional<DType> declared = eval::dtypeOf(
                  getElementTypeOrSelf(function.getArgument(i).getType())))
            arguments[i] = asSixteenBits(arguments[i], *declared);
        if (arguments.size() != function.getNumArguments())
          function.emitError("the test data has no tensor for some inputs");
        else if (!compiled)
          actual = outputsOf(function,
                             eval::evaluateFunction(function, arguments));
        else if (numerics.bitExact &&
                 failed(oracle = outputsOf(
                            function, eval::evaluateFunction(
                                          function, arguments,
                                          {numerics.precision}))))
          function.emitError("the evaluator's ")
              << numerics.precisionName << " mode fails";
        else if (userPath) {
          auto key = std::make_pair(shapeFlags, options.symbolicDimBound);
          auto it = userCompiles.find(key);
          if (it == userCompiles.end())
            it = userCompiles
                     .emplace(key, compileAsUser(modelPath, shapeFlags,
                                                 options.symbolicDimBound,
                                                 runOptions))
                     .first;
          actual = runAsUser(it->second, inputs, function, runOptions, setCode);
        } else
          // Compiling changes the module: the oracle is evaluated first.
          actual = runCompiled(*module, function, arguments, runOptions,
                               setCode);
      }
      runError = diagnostics.text;
    }
    if (failed(actual)) {
      result.outcome = Outcome::Fail;
      result.reason = withoutPath(runError, modelPath);
      return result;
    }
    if (actual->size() != outputs.size()) {
      result.outcome = Outcome::Fail;
      result.reason = "produced " + std::to_string(actual->size()) +
                      " outputs, expected " + std::to_string(outputs.size());
      return result;
    }
    // The host's arithmetic is the CPU target's: a case with kernels on the
    // host is held to the evaluator at the suite's tolerances.
    bool onHost = setCode.hostLaunches != 0;
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string why;
      bool ok = true;
      if (succeeded(oracle) && onHost) {
        ok = matches((*actual)[i], (*oracle)[i], why);
        if (!ok)
          why = std::string("differs from the evaluator's ") +
                numerics.precisionName + " mode beyond the suite's "
                "tolerances: " + why;
      } else if (succeeded(oracle)) {
        ok = matchesOracle((*actual)[i], (*oracle)[i], numerics, why);
      }
      if (ok)
        ok = matchesExpected((*actual)[i], outputs[i].second, numerics, why);
      if (!ok) {
        result.outcome = Outcome::Fail;
        result.reason = dataSet + " output " + std::to_string(i) + ": " + why;
        return result;
      }
    }
    if (boundShapeInputs)
      result.reason = "inputs bound as constants";
    boundConstants |= boundShapeInputs;
    code.deviceLaunches += setCode.deviceLaunches;
    code.hostLaunches += setCode.hostLaunches;
    code.constantCopies += setCode.constantCopies;
    code.otherCopies += setCode.otherCopies;
    if (code.hostKernels.empty())
      code.hostKernels = setCode.hostKernels;
  }
  result.outcome = Outcome::Pass;
  if (runOptions.target == kReferenceTarget)
    return result;
  if (code.hostLaunches) {
    result.outcome = Outcome::HostFallback;
    result.reason = withoutPath("on the host: " + code.hostKernels, modelPath);
  } else if (!code.deviceLaunches) {
    result.outcome = Outcome::NoTargetCode;
    result.reason = code.otherCopies
                        ? "the artifact launches no kernel: its outputs are "
                          "copies"
                        : "constant-folded: the artifact launches no kernel";
    if (boundConstants)
      result.reason += " (inputs bound as constants)";
  }
  return result;
}

} // namespace loom::conformance
