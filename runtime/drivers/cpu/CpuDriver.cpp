//===- CpuDriver.cpp - Running device programs on the host CPU ------------===//
//
// Part of the Loom project.
//
// A CPU device runs one device program: a run takes the scratch arena
// (64-byte aligned; kept from the previous run, allocated on the first),
// binds every buffer of the plan to its memory (the
// caller's tensors, the constants in place in the artifact, or arena +
// offset), and executes the commands in order. A Launch calls its entry
// point (runtime/KernelAbi.h) once per workgroup, spread over the device's
// ThreadPool, and the next command starts only when all have returned; a
// Copy copies bytes; a Collective goes to the device's CollectiveRunner.
// With dimension symbols (docs/runtime.md) a sliced buffer is bound with its
// live size, a sliced copy copies its live bytes, and a sliced launch runs
// value x grid workgroups in one parallelFor: those of slice z see each
// sliced argument at buffer + z * slice bytes with the slice's size, and
// the other arguments whole.
// The plan is the program's own where it has one (every program of a
// multi-device artifact does), the artifact's otherwise. The artifact was validated when it was loaded, so
// indices and sizes are not checked again here.
//
//===----------------------------------------------------------------------===//

#include "runtime/Driver.h"
#include "runtime/ThreadPool.h"
#include "runtime/drivers/cpu/CpuExecutable.h"
#include "runtime/trace/Trace.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <string>

namespace loom {

namespace {

std::string str(uint64_t value) { return std::to_string(value); }

struct FreeDeleter {
  void operator()(void *memory) const { std::free(memory); }
};

/// The first failing workgroup of a launch (lowest linear index among those
/// that ran), shared by the pool's threads.
struct LaunchFailure {
  std::mutex mutex;
  std::atomic<bool> failed{false};
  size_t workgroup = std::numeric_limits<size_t>::max();
  int32_t code = 0;

  void record(size_t index, int32_t result) {
    std::lock_guard<std::mutex> lock(mutex);
    if (index < workgroup) {
      workgroup = index;
      code = result;
    }
    failed.store(true, std::memory_order_relaxed);
  }
};

class CpuDevice final : public Device {
public:
  CpuDevice(const Artifact &artifact, size_t index,
            const DeviceOptions &options)
      : model(artifact), program(artifact.device(index)),
        plan(artifact.plan(index)), collectives(options.collectives),
        trace(options.trace), observer(options.commandObserver),
        device(options.traceDevice),
        tracePid(TraceRecorder::kFirstDeviceProcess + options.traceDevice),
        pool(options.threads), libraries(artifact.libraryCount()) {
    if (trace) {
      trace->nameProcess(tracePid, "device " +
                                       std::to_string(options.traceDevice) +
                                       " (cpu)");
      trace->nameThread(tracePid, TraceRecorder::kCommandThread, "commands");
    }
  }

  /// Whether the pool's threads all started.
  const Status &threadsStatus() const { return pool.status(); }

  /// Loads every kernel library the program launches.
  Status loadLibraries();

  Status run(TensorList inputs, const std::vector<int64_t> &symbols,
             std::vector<Tensor> &outputs) override;

  /// The last successful run's wall time per kernel (all its launches
  /// together), slowest first.
  std::string profile() const override;

private:
  /// One launch of a run: its kernel, workgroups and wall time.
  struct LaunchTime {
    std::string kernel;
    uint64_t workgroups;
    double millis;
  };

  /// Runs `launch` once per slice of `slices` (1 for a launch that is not
  /// sliced).
  Status launch(size_t command, const artifact::Launch &launch,
                uint64_t slices, const std::vector<void *> &buffers,
                const std::vector<uint64_t> &sizes);

  /// Runs every workgroup of `slices` consecutive slices of a launch, from
  /// slice `firstSlice` of `totalSlices`: `arguments` and `argumentSizes`
  /// hold each slice's arguments, one row of `argumentCount` per slice.
  Status runWorkgroups(const std::string &where, const CpuExecutable &library,
                       const artifact::Launch &launch,
                       const uint32_t (&counts)[3], uint64_t total,
                       uint64_t firstSlice, uint64_t slices,
                       uint64_t totalSlices, size_t argumentCount,
                       void *const *arguments, const uint64_t *argumentSizes);

  /// The arena of a run: the one the previous run left, or a new one.
  Status takeArena(std::unique_ptr<void, FreeDeleter> &arena);

  const Artifact &model;
  const artifact::DeviceProgram &program;
  BufferPlan plan;
  /// The arena between runs. A fresh allocation each run came from pages
  /// the kernels then faulted in one by one (glibc did not hand the same
  /// chunk back: MobileNetV2 faulted 300-1000 new pages a run, 12-17% of its
  /// profile, and its peak RSS grew 0.6 MB a run); a run that finds none here
  /// (the first, or one concurrent with another) allocates its own, and puts
  /// it back when it ends.
  std::mutex arenaMutex;
  std::unique_ptr<void, FreeDeleter> spareArena;
  /// The launches of the last successful run, for profile().
  mutable std::mutex profileMutex;
  std::vector<LaunchTime> lastRun;
  CollectiveRunner *collectives;
  /// DeviceOptions::trace and this device's process in it.
  TraceRecorder *trace;
  /// DeviceOptions::commandObserver.
  CommandObserver *observer;
  /// The device's number in the run (DeviceOptions::traceDevice).
  int device;
  int tracePid;
  ThreadPool pool;
  /// Indexed by library number; libraries the program does not launch stay
  /// empty.
  std::vector<CpuExecutable> libraries;
};

Status CpuDevice::loadLibraries() {
  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Launch *launch = commands->Get(c)->operation_as_Launch();
    if (!launch || !libraries[launch->library()].empty())
      continue;
    LOOM_RETURN_IF_ERROR(CpuExecutable::load(model, launch->library(),
                                             libraries[launch->library()]));
  }
  return Status::ok();
}

Status CpuDevice::launch(size_t command, const artifact::Launch &launch,
                         uint64_t slices, const std::vector<void *> &buffers,
                         const std::vector<uint64_t> &sizes) {
  const CpuExecutable &library = libraries[launch.library()];
  std::string where = "command " + str(command) + ": kernel '" +
                      library.entryName(launch.entry()) + "'";

  uint32_t counts[3] = {1, 1, 1};
  const auto *grid = launch.workgroups();
  size_t rank = grid ? grid->size() : 0;
  if (rank > 3)
    return unimplemented(where + " is launched over " + str(rank) +
                         " workgroup dimensions; the CPU kernel ABI has 3");
  for (size_t d = 0; d < rank; ++d)
    counts[d] = grid->Get(d);
  // Three 32-bit factors can overflow 64 bits; check each step.
  uint64_t total = 1;
  for (uint32_t count : counts)
    if (__builtin_mul_overflow(total, uint64_t(count), &total) ||
        total > std::numeric_limits<size_t>::max())
      return outOfRange(where + " is launched over " + str(counts[0]) + "x" +
                        str(counts[1]) + "x" + str(counts[2]) +
                        " workgroups, more than can be counted");

  uint64_t all;
  if (__builtin_mul_overflow(total, slices, &all) ||
      all > std::numeric_limits<size_t>::max())
    return outOfRange(where + " is launched over " + str(slices) +
                      " slices of " + str(total) +
                      " workgroups, more than can be counted");

  // One row of arguments per slice: slice z sees a sliced argument's z-th
  // slice, any other argument whole.
  size_t argumentCount = launch.arguments() ? launch.arguments()->size() : 0;
  std::vector<void *> arguments(argumentCount * slices);
  std::vector<uint64_t> argumentSizes(argumentCount * slices);
  for (size_t a = 0; a < argumentCount; ++a) {
    uint32_t b = launch.arguments()->Get(a);
    const artifact::Buffer &buffer = plan[b];
    uint64_t sliceBytes =
        buffer.symbol() < 0 ? 0 : model.sliceSize(buffer);
    for (uint64_t z = 0; z < slices; ++z) {
      arguments[z * argumentCount + a] =
          static_cast<uint8_t *>(buffers[b]) + z * sliceBytes;
      argumentSizes[z * argumentCount + a] =
          buffer.symbol() < 0 ? sizes[b] : sliceBytes;
    }
  }

  // The observer sees each slice as a launch of its own (its kernel is the
  // one slice's), so with one the slices run one after another.
  if (observer) {
    for (uint64_t z = 0; z < slices; ++z) {
      std::vector<void *> sliceArguments(
          arguments.begin() + z * argumentCount,
          arguments.begin() + (z + 1) * argumentCount);
      std::vector<uint64_t> sliceSizes(
          argumentSizes.begin() + z * argumentCount,
          argumentSizes.begin() + (z + 1) * argumentCount);
      LOOM_RETURN_IF_ERROR(observer->beforeLaunch(
          device, command, launch, sliceArguments, sliceSizes));
      LOOM_RETURN_IF_ERROR(runWorkgroups(
          where, library, launch, counts, total, z, 1, slices, argumentCount,
          sliceArguments.data(), sliceSizes.data()));
      LOOM_RETURN_IF_ERROR(observer->afterLaunch(
          device, command, launch, sliceArguments, sliceSizes));
    }
    return Status::ok();
  }
  return runWorkgroups(where, library, launch, counts, total, 0, slices,
                       slices, argumentCount, arguments.data(),
                       argumentSizes.data());
}

Status CpuDevice::runWorkgroups(const std::string &where,
                                const CpuExecutable &library,
                                const artifact::Launch &launch,
                                const uint32_t (&counts)[3], uint64_t total,
                                uint64_t firstSlice, uint64_t slices,
                                uint64_t totalSlices, size_t argumentCount,
                                void *const *arguments,
                                const uint64_t *argumentSizes) {
  loom_kernel_entry_t entry = library.entry(launch.entry());
  LaunchFailure failure;
  // Workgroup `index` is workgroup index % total of slice index / total.
  pool.parallelFor(static_cast<size_t>(total * slices), [&](size_t index) {
    // Once a workgroup failed the launch's result is an error; the rest
    // need not run.
    if (failure.failed.load(std::memory_order_relaxed))
      return;
    size_t slice = index / total;
    loom_kernel_dispatch_t dispatch;
    dispatch.buffers = const_cast<void **>(arguments + slice * argumentCount);
    dispatch.buffer_sizes = argumentSizes + slice * argumentCount;
    dispatch.buffer_count = static_cast<uint32_t>(argumentCount);
    // Row-major: the last dimension varies fastest.
    size_t rest = index % total;
    for (int d = 2; d >= 0; --d) {
      dispatch.workgroup_count[d] = counts[d];
      dispatch.workgroup_id[d] = static_cast<uint32_t>(rest % counts[d]);
      rest /= counts[d];
    }
    if (int32_t result = entry(&dispatch))
      failure.record(index, result);
  });
  if (!failure.failed.load())
    return Status::ok();

  size_t slice = failure.workgroup / total;
  size_t index = failure.workgroup % total;
  uint32_t id[3];
  for (int d = 2; d >= 0; --d) {
    id[d] = static_cast<uint32_t>(index % counts[d]);
    index /= counts[d];
  }
  // Which slice failed, for a sliced launch.
  std::string sliceText;
  if (launchSymbol(plan, launch) >= 0)
    sliceText = "slice " + str(firstSlice + slice) + " of " + str(totalSlices);
  // A failed run-time check names its node, and any workgroup could have
  // met the bad index: its message is the reason.
  std::vector<uint64_t> sizes(argumentSizes + slice * argumentCount,
                              argumentSizes + (slice + 1) * argumentCount);
  std::string reason = library.describeStatus(failure.code, sizes);
  if (failure.code > 0 && !reason.empty())
    return aborted(where + (sliceText.empty() ? "" : " (" + sliceText + ")") +
                   ": " + reason);
  return aborted(where + " returned " + std::to_string(failure.code) +
                 " in workgroup (" + str(id[0]) + ", " + str(id[1]) + ", " +
                 str(id[2]) + ") of (" + str(counts[0]) + ", " +
                 str(counts[1]) + ", " + str(counts[2]) + ")" +
                 (sliceText.empty() ? "" : ", " + sliceText) +
                 (reason.empty() ? "" : ": " + reason));
}

Status CpuDevice::takeArena(std::unique_ptr<void, FreeDeleter> &arena) {
  uint64_t arenaSize = plan.arenaSize;
  if (!arenaSize)
    return Status::ok();
  {
    std::lock_guard<std::mutex> lock(arenaMutex);
    arena = std::move(spareArena);
  }
  if (arena)
    return Status::ok();
  // aligned_alloc wants a multiple of the alignment.
  uint64_t rounded = (arenaSize + 63) / 64 * 64;
  if (rounded < arenaSize || rounded > std::numeric_limits<size_t>::max())
    return resourceExhausted("cannot allocate an arena of " + str(arenaSize) +
                             " bytes");
  arena.reset(std::aligned_alloc(64, static_cast<size_t>(rounded)));
  if (!arena)
    return resourceExhausted("cannot allocate an arena of " + str(arenaSize) +
                             " bytes");
  return Status::ok();
}

Status CpuDevice::run(TensorList inputs, const std::vector<int64_t> &symbols,
                      std::vector<Tensor> &outputs) {
  outputs.clear();
  // The sizes below index the values by symbol.
  if (symbols.size() != model.dimSymbols().size())
    return invalidArgument("the device was given " + str(symbols.size()) +
                           " symbol values, but the artifact has " +
                           str(model.dimSymbols().size()) +
                           " dimension symbols");
  std::vector<Tensor> results;
  for (const TensorSpec &spec : model.outputs()) {
    // A data-shaped output with an element bound is flat at that bound.
    if (spec.dataShape && spec.dataShape->elementBound)
      results.emplace_back(spec.dtype, Shape{spec.dataShape->elementBound});
    else
      results.emplace_back(spec.dtype, symbols.empty()
                                           ? spec.localShape
                                           : model.runShape(spec, symbols));
  }

  std::unique_ptr<void, FreeDeleter> arena;
  LOOM_RETURN_IF_ERROR(takeArena(arena));
  // Whatever way the run ends, the arena is kept for the next one.
  struct KeepArena {
    CpuDevice &device;
    std::unique_ptr<void, FreeDeleter> &arena;
    ~KeepArena() {
      std::lock_guard<std::mutex> lock(device.arenaMutex);
      if (!device.spareArena)
        device.spareArena = std::move(arena);
    }
  } keepArena{*this, arena};

  // Kernels receive `void *` for every buffer; inputs and constants are
  // read-only by the ABI's contract, hence the const_casts.
  size_t bufferCount = plan.size();
  std::vector<void *> buffers(bufferCount);
  std::vector<uint64_t> sizes(bufferCount);
  for (size_t b = 0; b < bufferCount; ++b) {
    const artifact::Buffer &buffer = plan[b];
    sizes[b] = model.liveSize(buffer, symbols);
    switch (buffer.kind()) {
    case artifact::BufferKind_Input:
      buffers[b] = const_cast<std::byte *>(inputs[buffer.index()].bytes());
      break;
    case artifact::BufferKind_Output:
      buffers[b] = results[buffer.index()].bytes();
      break;
    case artifact::BufferKind_Constant:
      buffers[b] = const_cast<uint8_t *>(model.constant(buffer.index()).data);
      break;
    case artifact::BufferKind_Arena:
      buffers[b] = static_cast<uint8_t *>(arena.get()) + buffer.index();
      break;
    }
  }

  std::vector<LaunchTime> times;
  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    if (const artifact::Launch *l = command.operation_as_Launch()) {
      double traceStart = trace ? trace->now() : 0;
      auto start = std::chrono::steady_clock::now();
      int32_t symbol = launchSymbol(plan, *l);
      uint64_t slices = symbol < 0 ? 1 : uint64_t(symbols[symbol]);
      LOOM_RETURN_IF_ERROR(launch(c, *l, slices, buffers, sizes));
      std::chrono::duration<double, std::milli> elapsed =
          std::chrono::steady_clock::now() - start;
      uint64_t workgroups = slices;
      if (const auto *grid = l->workgroups())
        for (uint32_t count : *grid)
          workgroups *= count;
      times.push_back({libraries[l->library()].entryName(l->entry()),
                       workgroups, elapsed.count()});
      if (trace)
        trace->span("launch", times.back().kernel, tracePid,
                    TraceRecorder::kCommandThread, traceStart, trace->now(),
                    {{"command", double(c)},
                     {"workgroups", double(workgroups)}});
    } else if (const artifact::Copy *copy = command.operation_as_Copy()) {
      TraceSpan span(trace, "copy", "copy", tracePid,
                     TraceRecorder::kCommandThread);
      uint64_t bytes = model.liveSize(*copy, symbols);
      span.arg({"command", double(c)});
      span.arg({"bytes", double(bytes)});
      // memmove: the plan may let the two ranges overlap.
      if (bytes)
        std::memmove(buffers[copy->destination()], buffers[copy->source()],
                     bytes);
    } else if (const artifact::Collective *collective =
                   command.operation_as_Collective()) {
      TraceSpan span(trace, "collective",
                     artifact::EnumNameCollectiveKind(collective->kind()),
                     tracePid, TraceRecorder::kCommandThread);
      span.arg({"command", double(c)});
      if (observer)
        LOOM_RETURN_IF_ERROR(observer->beforeCollective(
            device, c, *collective, buffers[collective->source()]));
      // open() refused a program with collectives and no runner.
      Status status = collectives->run(*collective, buffers[collective->source()],
                                       buffers[collective->destination()]);
      if (status.isOk() && observer)
        status = observer->afterCollective(
            device, c, *collective, buffers[collective->destination()]);
      if (!status.isOk())
        return Status(status.code(),
                      "command " + str(c) + " (" +
                          artifact::EnumNameCollectiveKind(collective->kind()) +
                          "): " + status.message());
    } else {
      return unimplemented("command " + str(c) + " has operation type " +
                           str(command.operation_type()) +
                           ", which the CPU driver does not run");
    }
  }
  // Outputs whose size depends on data come back at the shape the run
  // left in their dims (docs/dynamic-shapes.md), their leading bytes.
  for (size_t n = 0; n < results.size(); ++n) {
    const TensorSpec &spec = model.outputs()[n];
    if (!spec.dataShape)
      continue;
    Shape shape;
    LOOM_RETURN_IF_ERROR(Artifact::dataShape(
        spec,
        static_cast<const uint8_t *>(buffers[spec.dataShape->dimsBuffer]) +
            spec.dataShape->dimsOffset,
        shape));
    Tensor actual(spec.dtype, shape);
    if (actual.byteSize())
      std::memcpy(actual.bytes(), results[n].bytes(), actual.byteSize());
    results[n] = std::move(actual);
  }
  outputs = std::move(results);
  std::lock_guard<std::mutex> lock(profileMutex);
  lastRun = std::move(times);
  return Status::ok();
}

std::string CpuDevice::profile() const {
  std::vector<LaunchTime> run;
  {
    std::lock_guard<std::mutex> lock(profileMutex);
    run = lastRun;
  }
  if (run.empty())
    return {};
  // Launches of one kernel together, in the order of their first launch;
  // then slowest first.
  struct Kernel {
    std::string name;
    size_t launches = 0;
    uint64_t workgroups = 0;
    double millis = 0;
  };
  std::vector<Kernel> kernels;
  double total = 0;
  for (const LaunchTime &launch : run) {
    auto it = std::find_if(kernels.begin(), kernels.end(),
                           [&](const Kernel &k) { return k.name == launch.kernel; });
    if (it == kernels.end())
      it = kernels.insert(kernels.end(), Kernel{launch.kernel});
    ++it->launches;
    it->workgroups = launch.workgroups;
    it->millis += launch.millis;
    total += launch.millis;
  }
  std::stable_sort(kernels.begin(), kernels.end(),
                   [](const Kernel &a, const Kernel &b) { return a.millis > b.millis; });
  char line[256];
  std::snprintf(line, sizeof line,
                "cpu profile: %zu launches, %.3f ms (wall time of the last run's launches, %u threads)\n",
                run.size(), total, pool.size());
  std::string text = line;
  text += "kernel                           launches  workgroups          ms      %\n";
  for (const Kernel &k : kernels) {
    std::snprintf(line, sizeof line, "%-32s %8zu %11llu %11.3f %6.1f\n",
                  k.name.c_str(), k.launches,
                  static_cast<unsigned long long>(k.workgroups), k.millis,
                  total > 0 ? 100 * k.millis / total : 0.0);
    text += line;
  }
  return text;
}

class CpuDriver final : public Driver {
public:
  const char *name() const override { return "cpu"; }
  artifact::Target target() const override { return artifact::Target_Cpu; }
  Status open(const Artifact &artifact, size_t program,
              const DeviceOptions &options,
              std::unique_ptr<Device> &out) const override {
    out.reset();
    const auto *commands = artifact.device(program).commands();
    for (size_t c = 0; commands && c < commands->size(); ++c)
      if (!options.collectives && commands->Get(c)->operation_as_Collective())
        return invalidArgument(
            "device program " + str(program) + " command " + str(c) +
            " is a collective, but the device was opened without a "
            "collective runner (run multi-device artifacts through the "
            "Executor)");
    auto device = std::make_unique<CpuDevice>(artifact, program, options);
    LOOM_RETURN_IF_ERROR(device->threadsStatus());
    LOOM_RETURN_IF_ERROR(device->loadLibraries());
    out = std::move(device);
    return Status::ok();
  }
};

} // namespace

std::unique_ptr<Driver> createCpuDriver() {
  return std::make_unique<CpuDriver>();
}

} // namespace loom
