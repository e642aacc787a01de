//===- CompareReference.cpp - loom-run --compare-reference ----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/CompareReference.h"

#include "compiler/loom_reference.h"
#include "runtime/DType.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <memory>
#include <mutex>
#include <unistd.h>

namespace loom::runner {
namespace {

/// The compiler library. It stays loaded until the process ends
/// (RTLD_NODELETE): unloading LLVM's and MLIR's libraries under a running
/// program would run their static destructors early, for nothing.
struct ReferenceLibrary {
  void *handle = nullptr;
  loom_reference_evaluate_kernel_fn evaluate = nullptr;
  void (*release)(char *) = nullptr;
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
    library.handle =
        dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
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

/// Slice `part` of `parts` equal slices of `tensor` along `axis`.
Tensor sliceAlong(const Tensor &tensor, int64_t axis, int64_t parts,
                  int64_t part) {
  Shape shape = tensor.shape();
  int64_t outer = 1, inner = 1, whole = shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  shape[axis] /= parts;
  Tensor result(tensor.dtype(), shape);
  int64_t length = shape[axis];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < length * inner; ++i)
      result.setDouble(
          o * length * inner + i,
          tensor.getDouble((o * whole + part * length) * inner + i));
  return result;
}

/// `tensors` (one shape) concatenated along `axis`.
Tensor concatAlong(const std::vector<Tensor> &tensors, int64_t axis) {
  Shape shape = tensors[0].shape();
  int64_t outer = 1, inner = 1, length = shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t count = static_cast<int64_t>(tensors.size());
  shape[axis] *= count;
  Tensor result(tensors[0].dtype(), shape);
  for (int64_t q = 0; q < count; ++q)
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < length * inner; ++i)
        result.setDouble((o * count + q) * length * inner + i,
                         tensors[q].getDouble(o * length * inner + i));
  return result;
}

/// The element-wise reduction of `tensors`, in double.
Tensor reduceAll(const std::vector<Tensor> &tensors,
                 artifact::ReductionKind kind) {
  Tensor result(tensors[0].dtype(), tensors[0].shape());
  for (int64_t i = 0; i < result.numElements(); ++i) {
    double value = tensors[0].getDouble(i);
    for (size_t q = 1; q < tensors.size(); ++q) {
      double next = tensors[q].getDouble(i);
      switch (kind) {
      case artifact::ReductionKind_Sum:
        value += next;
        break;
      case artifact::ReductionKind_Product:
        value *= next;
        break;
      case artifact::ReductionKind_Max:
        value = std::max(value, next);
        break;
      case artifact::ReductionKind_Min:
        value = std::min(value, next);
        break;
      }
    }
    result.setDouble(i, value);
  }
  return result;
}

} // namespace

/// What collective `op` must leave at the group's member `position`, from
/// the members' sources (null: a member whose source is not known).
Tensor expectedCollective(const artifact::Collective &op,
                          const std::vector<const Tensor *> &sources,
                          int64_t position) {
  int64_t members = static_cast<int64_t>(sources.size());
  std::vector<Tensor> all;
  auto every = [&] {
    for (const Tensor *source : sources)
      all.push_back(*source);
  };
  switch (op.kind()) {
  case artifact::CollectiveKind_AllReduce:
    every();
    return reduceAll(all, op.reduction());
  case artifact::CollectiveKind_AllGather:
    every();
    return concatAlong(all, op.axis());
  case artifact::CollectiveKind_ReduceScatter:
    every();
    return sliceAlong(reduceAll(all, op.reduction()), op.axis(), members,
                      position);
  case artifact::CollectiveKind_AllToAll:
    for (const Tensor *source : sources)
      all.push_back(sliceAlong(*source, op.axis(), members, position));
    return concatAlong(all, op.concat_axis());
  case artifact::CollectiveKind_Permute:
    for (size_t i = 0; op.pairs() && i < op.pairs()->size(); ++i)
      if (int64_t(op.pairs()->Get(i)->target()) == position)
        return *sources[op.pairs()->Get(i)->source()];
    {
      Tensor zeros(sources[position]->dtype(), sources[position]->shape());
      if (zeros.byteSize())
        std::memset(zeros.bytes(), 0, zeros.byteSize());
      return zeros;
    }
  }
  return Tensor();
}

namespace {

/// The evaluator's numerics for kernels of `target`: the systolic chip's
/// MXU multiplies bf16 and accumulates in f32 (docs/systolic.md), the
/// CPU computes in each op's type.
int32_t precisionOf(artifact::Target target) {
  return target == artifact::Target_Systolic
             ? LOOM_REFERENCE_PRECISION_BF16_MATMUL
             : LOOM_REFERENCE_PRECISION_NATIVE;
}

/// Checks every launch against the reference evaluator, and every
/// collective against its definition, as they run. The devices of a mesh
/// call it concurrently; one mutex serializes them, and each device's
/// lines are kept apart and printed in device order at the end.
class ReferenceObserver final : public CommandObserver {
public:
  ReferenceObserver(const Artifact &artifact, const ReferenceLibrary &library,
                    const Tolerance &tolerance, bool scaledAtol)
      : artifact(artifact), library(library), tolerance(tolerance),
        scaledAtol(scaledAtol),
        lines(artifact.hasMesh() ? artifact.mesh().deviceCount() : 1),
        saved(lines.size()) {}

  Status beforeLaunch(int device, size_t, const artifact::Launch &launch,
                      const std::vector<void *> &arguments,
                      const std::vector<uint64_t> &sizes) override {
    std::lock_guard<std::mutex> lock(mutex);
    // A kernel may write in place over what it reads: keep the inputs.
    saved[device].clear();
    for (size_t a = 0; a < arguments.size(); ++a) {
      if (launch.access()->Get(a) != artifact::ArgumentAccess_Read)
        continue;
      const auto *bytes = static_cast<const uint8_t *>(arguments[a]);
      saved[device].emplace_back(bytes, bytes + sizes[a]);
    }
    return Status::ok();
  }

  Status afterLaunch(int device, size_t command, const artifact::Launch &launch,
                     const std::vector<void *> &arguments,
                     const std::vector<uint64_t> &sizes) override {
    std::lock_guard<std::mutex> lock(mutex);
    const artifact::KernelLibrary &kernels = artifact.library(launch.library());
    std::string name = kernels.entry_points()->Get(launch.entry())->str();
    const artifact::KernelSource &source =
        *kernels.sources()->Get(launch.entry());
    std::string nodes = joined(source);
    std::string &out = lines[device];
    out += fmt::format("{}command {}: kernel '{}' from {}\n", prefix(device),
                       command, name, nodes);
    ++launches;

    std::vector<const void *> inputs;
    std::vector<uint64_t> inputSizes;
    for (const std::vector<uint8_t> &bytes : saved[device]) {
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
        precisionOf(kernels.target()), inputs.data(), inputSizes.data(),
        static_cast<uint32_t>(inputs.size()), resultPointers.data(),
        resultSizes.data(), static_cast<uint32_t>(written.size()),
        dtypes.data(), used.data());
    if (error) {
      // The evaluator lacks something the kernel uses: say so and go on.
      out += fmt::format("  not evaluated: {}\n", error);
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
      std::string what =
          fmt::format("command {}: kernel '{}' differs from the reference "
                      "evaluator",
                      command, name);
      LOOM_RETURN_IF_ERROR(compare(device, what, r, actual, expected,
                                   "; look at its source nodes: " + nodes));
    }
    return Status::ok();
  }

  Status beforeCollective(int device, size_t command,
                          const artifact::Collective &op,
                          const void *source) override {
    std::lock_guard<std::mutex> lock(mutex);
    Shape shape;
    if (op.shape())
      shape.assign(op.shape()->begin(), op.shape()->end());
    Tensor copy(static_cast<DType>(op.element_type()), shape);
    if (copy.byteSize())
      std::memcpy(copy.bytes(), source, copy.byteSize());
    sources[{command, device}] = std::move(copy);
    return Status::ok();
  }

  Status afterCollective(int device, size_t command,
                         const artifact::Collective &op,
                         const void *destination) override {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<uint32_t> axes(op.mesh_axes()->begin(), op.mesh_axes()->end());
    std::vector<int> group = artifact.mesh().group(uint32_t(device), axes);
    // Every member has sent its source before any member's collective
    // ends (a permute's target needs only its source's).
    std::vector<const Tensor *> members;
    int64_t position = 0;
    for (size_t p = 0; p < group.size(); ++p) {
      auto found = sources.find({command, group[p]});
      members.push_back(found == sources.end() ? nullptr : &found->second);
      if (group[p] == device)
        position = int64_t(p);
    }
    std::string kind = artifact::EnumNameCollectiveKind(op.kind());
    std::string &out = lines[device];
    out += fmt::format("{}command {}: collective {} over {} devices\n",
                       prefix(device), command, kind, group.size());
    ++collectives;
    bool complete = op.kind() == artifact::CollectiveKind_Permute
                        ? members[position] != nullptr
                        : std::find(members.begin(), members.end(), nullptr) ==
                              members.end();
    for (size_t i = 0; op.kind() == artifact::CollectiveKind_Permute &&
                       op.pairs() && i < op.pairs()->size();
         ++i)
      if (int64_t(op.pairs()->Get(i)->target()) == position)
        complete = members[op.pairs()->Get(i)->source()] != nullptr;
    if (!complete) {
      out += "  not checked: a member's source was not seen\n";
      return Status::ok();
    }
    Tensor expected = expectedCollective(op, members, position);
    Tensor actual(expected.dtype(), expected.shape());
    if (actual.byteSize())
      std::memcpy(actual.bytes(), destination, actual.byteSize());
    // The driver names the command and the collective.
    return compare(device,
                   "the result differs from the collective's "
                   "definition",
                   0, actual, expected, "");
  }

  /// Every device's lines, in device order.
  std::string text() const {
    std::string all;
    for (const std::string &device : lines)
      all += device;
    return all;
  }

  size_t launches = 0, skipped = 0, collectives = 0;

private:
  std::string prefix(int device) const {
    return artifact.hasMesh() ? fmt::format("device {}: ", device)
                              : std::string();
  }

  /// Prints result `r`'s errors; an error beyond the tolerance stops the
  /// device's run.
  Status compare(int device, const std::string &what, size_t r,
                 const Tensor &actual, const Tensor &expected,
                 const std::string &hint) {
    Tolerance applied = tolerance;
    if (scaledAtol && isFloat(expected.dtype())) {
      double scale = 1;
      for (int64_t i = 0; i < expected.numElements(); ++i)
        if (double value = std::fabs(expected.getDouble(i));
            std::isfinite(value))
          scale = std::max(scale, value);
      applied.atol *= scale;
    }
    Comparison comparison = compareTensors(actual, expected, applied);
    lines[device] += fmt::format(
        "  result {} ({} x {}): max abs error {}, max rel error {}{}\n", r,
        actual.numElements(), dtypeName(actual.dtype()), comparison.maxAbsError,
        comparison.maxRelError,
        comparison.mismatches ? "  BEYOND TOLERANCE" : "");
    if (!comparison.mismatches)
      return Status::ok();
    // The executor names the device of a mesh.
    return aborted(fmt::format(
        "{} (rtol {}, atol {:.3g}): result {}: {}{}", what, applied.rtol,
        applied.atol, r, describeMismatch(actual, expected, comparison), hint));
  }

  const Artifact &artifact;
  const ReferenceLibrary &library;
  Tolerance tolerance;
  bool scaledAtol;
  std::mutex mutex;
  std::vector<std::string> lines;
  std::vector<std::vector<std::vector<uint8_t>>> saved;
  std::map<std::pair<size_t, int>, Tensor> sources;
};

} // namespace

Status checkComparable(const Artifact &artifact) {
  for (size_t p = 0; p < artifact.deviceCount(); ++p) {
    artifact::Target target = artifact.device(p).target();
    // The systolic driver shows a device of its own to the observer, not
    // the chips of a torus.
    bool systolicAlone =
        target == artifact::Target_Systolic && !artifact.hasMesh();
    if (target != artifact::Target_Cpu && !systolicAlone)
      return unimplemented(fmt::format(
          "--compare-reference: device program {} targets {}{}, which is "
          "not supported yet (cpu artifacts, sharded or not, and "
          "single-device systolic ones)",
          p, artifact::EnumNameTarget(target),
          artifact.hasMesh() ? " in a mesh" : ""));
  }
  // Every launched kernel needs its source and its arguments' access.
  for (size_t p = 0; p < artifact.deviceCount(); ++p) {
    const auto *commands = artifact.device(p).commands();
    for (size_t c = 0; commands && c < commands->size(); ++c) {
      const artifact::Launch *launch = commands->Get(c)->operation_as_Launch();
      if (!launch)
        continue;
      const artifact::KernelLibrary &kernels =
          artifact.library(launch->library());
      if (!kernels.sources() || !launch->access())
        return dataLoss(fmt::format(
            "--compare-reference: kernel library {} has no kernel sources "
            "(the artifact was written before Loom kept them): recompile it",
            launch->library()));
    }
  }
  return Status::ok();
}

Status compareReference(const Artifact &artifact,
                        ExecutorOptions executorOptions,
                        const std::vector<Tensor> &inputs,
                        const CompareOptions &options, std::ostream &out) {
  LOOM_RETURN_IF_ERROR(checkComparable(artifact));
  ReferenceLibrary library;
  if (std::string error = openLibrary(options.library, library); !error.empty())
    return notFound(error);
  ReferenceObserver observer(artifact, library, options.tolerance,
                             options.scaledAtol);
  executorOptions.commandObserver = &observer;
  Executor executor;
  LOOM_RETURN_IF_ERROR(Executor::load(artifact, executorOptions, executor));
  std::vector<Tensor> outputs;
  Status ran = executor.run(inputs, outputs);
  out << observer.text();
  if (!ran.isOk())
    return ran;
  std::string collectives;
  if (artifact.hasMesh())
    collectives = fmt::format(" and {} collectives their definition",
                              observer.collectives);
  out << fmt::format(
      "{} launches match the reference evaluator{} (rtol {}, "
      "atol {}){}\n",
      observer.launches - observer.skipped, collectives, options.tolerance.rtol,
      options.scaledAtol
          ? fmt::format("{} x max(1, max |reference|)", options.tolerance.atol)
          : fmt::format("{}", options.tolerance.atol),
      observer.skipped ? fmt::format("; {} not evaluated", observer.skipped)
                       : "");
  return Status::ok();
}

} // namespace loom::runner
