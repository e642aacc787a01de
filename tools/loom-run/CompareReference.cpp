//===- CompareReference.cpp - loom-run --compare-reference ----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/CompareReference.h"

#include "compiler/loom_reference.h"
#include "runtime/DType.h"

#include <fmt/format.h>

#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <unistd.h>

namespace loom::runner {
namespace {

/// The compiler library, open while the comparison runs.
struct ReferenceLibrary {
  void *handle = nullptr;
  loom_reference_evaluate_kernel_fn evaluate = nullptr;
  void (*release)(char *) = nullptr;
  ~ReferenceLibrary() {
    if (handle)
      dlclose(handle);
  }
};

constexpr const char *kLibraryName = "libloom_compiler.so.0";

/// The directory of the running executable, with a trailing '/'.
std::string executableDirectory() {
  char path[4096];
  ssize_t size = readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (size <= 0)
    return {};
  std::string text(path, size_t(size));
  size_t slash = text.find_last_of('/');
  return slash == std::string::npos ? std::string() : text.substr(0, slash + 1);
}

/// Opens the compiler library: the given path alone, or else
/// LOOM_COMPILER_LIBRARY, lib/ beside an installed loom-run (bin/), the
/// build tree's lib/ (tools/loom-run/), and the dynamic loader's search.
std::string openLibrary(const std::string &given, ReferenceLibrary &library) {
  std::vector<std::string> candidates;
  if (!given.empty()) {
    candidates.push_back(given);
  } else {
    if (const char *env = std::getenv("LOOM_COMPILER_LIBRARY"); env && *env)
      candidates.push_back(env);
    std::string here = executableDirectory();
    if (!here.empty()) {
      candidates.push_back(here + "../lib/" + kLibraryName);
      candidates.push_back(here + "../../lib/" + kLibraryName);
    }
    candidates.push_back(kLibraryName);
  }
  std::string firstError;
  for (const std::string &candidate : candidates) {
    // A path that does not exist is not worth dlopen's message; the last
    // candidate (a bare name) is searched by the loader.
    if (candidate.find('/') != std::string::npos &&
        access(candidate.c_str(), F_OK) != 0 && given.empty())
      continue;
    library.handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library.handle)
      break;
    if (firstError.empty())
      firstError = dlerror();
  }
  if (!library.handle)
    return fmt::format(
        "--compare-reference needs the compiler library ({}), which could "
        "not be opened ({}); give its path with --reference-library=PATH or "
        "LOOM_COMPILER_LIBRARY",
        given.empty() ? kLibraryName : given, firstError);
  library.evaluate = reinterpret_cast<loom_reference_evaluate_kernel_fn>(
      dlsym(library.handle, "loom_reference_evaluate_kernel"));
  library.release = reinterpret_cast<void (*)(char *)>(
      dlsym(library.handle, "loom_reference_free"));
  if (!library.evaluate || !library.release)
    return "--compare-reference: the compiler library has no "
           "loom_reference_evaluate_kernel (it is older than this loom-run)";
  return {};
}

std::string joined(const artifact::KernelSource &source) {
  std::string text;
  for (size_t i = 0; source.nodes() && i < source.nodes()->size(); ++i)
    text += (i ? ", " : "") + source.nodes()->Get(i)->str();
  return text.empty() ? "(none recorded)" : text;
}

/// Checks every launch against the reference evaluator as it runs.
class ReferenceObserver final : public LaunchObserver {
public:
  ReferenceObserver(const Artifact &artifact, const ReferenceLibrary &library,
                    const Tolerance &tolerance, std::ostream &out)
      : artifact(artifact), library(library), tolerance(tolerance), out(out) {}

  Status beforeLaunch(size_t, const artifact::Launch &launch,
                      const std::vector<void *> &arguments,
                      const std::vector<uint64_t> &sizes) override {
    // A kernel may write in place over what it reads: keep the inputs.
    saved.clear();
    for (size_t a = 0; a < arguments.size(); ++a) {
      if (launch.access()->Get(a) != artifact::ArgumentAccess_Read)
        continue;
      const auto *bytes = static_cast<const uint8_t *>(arguments[a]);
      saved.emplace_back(bytes, bytes + sizes[a]);
    }
    return Status::ok();
  }

  Status afterLaunch(size_t command, const artifact::Launch &launch,
                     const std::vector<void *> &arguments,
                     const std::vector<uint64_t> &sizes) override {
    const artifact::KernelLibrary &kernels = artifact.library(launch.library());
    std::string name = kernels.entry_points()->Get(launch.entry())->str();
    const artifact::KernelSource &source =
        *kernels.sources()->Get(launch.entry());
    std::string nodes = joined(source);
    out << fmt::format("command {}: kernel '{}' from {}\n", command, name,
                       nodes);
    ++launches;

    std::vector<const void *> inputs;
    std::vector<uint64_t> inputSizes;
    for (const std::vector<uint8_t> &bytes : saved) {
      inputs.push_back(bytes.data());
      inputSizes.push_back(bytes.size());
    }
    std::vector<size_t> written;
    for (size_t a = 0; a < arguments.size(); ++a)
      if (launch.access()->Get(a) == artifact::ArgumentAccess_Write)
        written.push_back(a);
    std::vector<std::vector<uint8_t>> results;
    std::vector<void *> resultPointers;
    std::vector<uint64_t> resultSizes;
    for (size_t a : written) {
      results.emplace_back(sizes[a]);
      resultSizes.push_back(sizes[a]);
    }
    for (std::vector<uint8_t> &result : results)
      resultPointers.push_back(result.data());
    std::vector<int32_t> dtypes(written.size());
    std::vector<uint64_t> used(written.size());
    const flatbuffers::String *mlir = source.mlir();
    char *error = library.evaluate(
        mlir->c_str(), mlir->size(), name.c_str(),
        LOOM_REFERENCE_PRECISION_NATIVE, inputs.data(), inputSizes.data(),
        static_cast<uint32_t>(inputs.size()), resultPointers.data(),
        resultSizes.data(), static_cast<uint32_t>(written.size()),
        dtypes.data(), used.data());
    if (error) {
      // The evaluator lacks something the kernel uses: say so and go on.
      out << "  not evaluated: " << error << "\n";
      library.release(error);
      ++skipped;
      return Status::ok();
    }
    for (size_t r = 0; r < written.size(); ++r) {
      auto dtype = static_cast<DType>(dtypes[r]);
      int64_t elements = int64_t(used[r] / dtypeSize(dtype));
      Tensor actual(dtype, {elements}), expected(dtype, {elements});
      if (used[r]) {
        std::memcpy(actual.bytes(), arguments[written[r]], used[r]);
        std::memcpy(expected.bytes(), results[r].data(), used[r]);
      }
      Comparison comparison = compareTensors(actual, expected, tolerance);
      out << fmt::format("  result {} ({} x {}): max abs error {}, max rel "
                         "error {}{}\n",
                         r, elements, dtypeName(dtype), comparison.maxAbsError,
                         comparison.maxRelError,
                         comparison.mismatches ? "  BEYOND TOLERANCE" : "");
      if (comparison.mismatches)
        return aborted(fmt::format(
            "command {}: kernel '{}' differs from the reference evaluator "
            "(rtol {}, atol {}): result {}: {}; look at its source nodes: {}",
            command, name, tolerance.rtol, tolerance.atol, r,
            describeMismatch(actual, expected, comparison), nodes));
    }
    return Status::ok();
  }

  size_t launches = 0, skipped = 0;

private:
  const Artifact &artifact;
  const ReferenceLibrary &library;
  Tolerance tolerance;
  std::ostream &out;
  std::vector<std::vector<uint8_t>> saved;
};

} // namespace

std::string checkComparable(const Artifact &artifact) {
  if (artifact.hasMesh())
    return "--compare-reference: a multi-device (sharded) artifact is not "
           "supported yet; compile the model for one device to compare it";
  for (size_t p = 0; p < artifact.deviceCount(); ++p)
    if (artifact.device(p).target() != artifact::Target_Cpu)
      return fmt::format(
          "--compare-reference: device program {} targets {}, which is not "
          "supported yet (only cpu artifacts)",
          p, artifact::EnumNameTarget(artifact.device(p).target()));
  // Every launched kernel needs its source and its arguments' access.
  const auto *commands = artifact.device(0).commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Launch *launch = commands->Get(c)->operation_as_Launch();
    if (!launch)
      continue;
    const artifact::KernelLibrary &kernels = artifact.library(launch->library());
    if (!kernels.sources() || !launch->access())
      return fmt::format(
          "--compare-reference: kernel library {} has no kernel sources (the "
          "artifact was written before Loom kept them): recompile it",
          launch->library());
  }
  return {};
}

std::string compareReference(const Artifact &artifact,
                             ExecutorOptions executorOptions,
                             const std::vector<Tensor> &inputs,
                             const CompareOptions &options, std::ostream &out) {
  if (std::string error = checkComparable(artifact); !error.empty())
    return error;
  ReferenceLibrary library;
  if (std::string error = openLibrary(options.library, library);
      !error.empty())
    return error;
  ReferenceObserver observer(artifact, library, options.tolerance, out);
  executorOptions.launchObserver = &observer;
  Executor executor;
  if (Status status = Executor::load(artifact, executorOptions, executor);
      !status.isOk())
    return status.message();
  std::vector<Tensor> outputs;
  if (Status status = executor.run(inputs, outputs); !status.isOk())
    return status.message();
  out << fmt::format("{} launches match the reference evaluator (rtol {}, "
                     "atol {}){}\n",
                     observer.launches - observer.skipped,
                     options.tolerance.rtol, options.tolerance.atol,
                     observer.skipped ? fmt::format("; {} not evaluated",
                                                    observer.skipped)
                                      : "");
  return {};
}

} // namespace loom::runner
