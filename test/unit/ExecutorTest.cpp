//===- ExecutorTest.cpp - Tests of the executor and the CPU driver --------===//
//
// Part of the Loom project.
//
// The executor and its CPU driver over artifacts whose kernel library is
// Inputs/test_kernels.c, compiled at build time (LOOM_TEST_KERNELS names the
// shared object): a model with inputs, constants, arena intermediates,
// launches and a copy, checked against numbers computed by hand; every
// error a run or a load reports; drivers found through a registry; and the
// thread pool on its own.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executor.h"
#include "runtime/ArtifactWriter.h"
#include "runtime/drivers/cpu/CpuExecutable.h"
#include "runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

using namespace loom;

namespace loom {
// runtime/drivers/cpu/CpuDriver.cpp: the CPU driver, for a registry that
// has no driver for Cuda (the built-in one has the cuda driver).
std::unique_ptr<Driver> createCpuDriver();
} // namespace loom

namespace {

std::vector<uint8_t> readFile(const char *path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

std::vector<uint8_t> floatBytes(const std::vector<float> &values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

const std::vector<float> kConstant = {10, 20, 30, 40, 50, 60, 70, 80};

/// z = (x + y) * factor + c and w = x + y, all 2x4xf32:
///   t = add_f32(x, y)        over 3 workgroups (uneven split), into the arena
///   u = scale_f32(t, factor) over 2 workgroups, into the arena
///   z = add_f32(u, c)        over 4 workgroups, into output 0
///   w = copy of t            into output 1
ArtifactWriter modelWriter(float factor, std::vector<uint8_t> code,
                           std::vector<std::string> entryPoints = {
                               "add_f32", "scale_f32"}) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {2, 4});
  writer.addInput("y", DType::F32, {2, 4});
  writer.addOutput("z", DType::F32, {2, 4});
  writer.addOutput("w", DType::F32, {2, 4});
  writer.addConstant(floatBytes(kConstant));
  writer.addConstant(floatBytes({factor}));
  writer.addBuffer(artifact::BufferKind_Input, 0, 32, 4);     // 0: x
  writer.addBuffer(artifact::BufferKind_Input, 1, 32, 4);     // 1: y
  writer.addBuffer(artifact::BufferKind_Constant, 0, 32, 64); // 2: c
  writer.addBuffer(artifact::BufferKind_Constant, 1, 4, 4);   // 3: factor
  writer.addBuffer(artifact::BufferKind_Arena, 0, 32, 64);    // 4: t
  writer.addBuffer(artifact::BufferKind_Arena, 64, 32, 64);   // 5: u
  writer.addBuffer(artifact::BufferKind_Output, 0, 32, 4);    // 6: z
  writer.addBuffer(artifact::BufferKind_Output, 1, 32, 4);    // 7: w
  writer.setArenaSize(96);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    std::move(code), std::move(entryPoints));
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(cpu, 0, 0, {0, 1, 4}, {3});
  writer.addLaunch(cpu, 0, 1, {4, 3, 5}, {2, 1, 1});
  writer.addLaunch(cpu, 0, 0, {5, 2, 6}, {4, 1});
  writer.addCopy(cpu, 4, 7, 32);
  return writer;
}

Artifact loadArtifact(const ArtifactWriter &writer) {
  Artifact artifact;
  Status status = Artifact::load(writer.finish(), artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  return artifact;
}

Artifact model(float factor = 2) {
  return loadArtifact(modelWriter(factor, readFile(LOOM_TEST_KERNELS)));
}

Tensor input(float base) {
  std::vector<double> values;
  for (int i = 0; i < 8; ++i)
    values.push_back(base + i);
  return Tensor::fromDoubles(DType::F32, {2, 4}, values);
}

/// Runs `artifact`'s CPU program on x and y and returns the status.
Status runModel(const Artifact &artifact, const std::vector<Tensor> &inputs,
                std::vector<Tensor> &outputs, unsigned threads = 2) {
  ExecutorOptions options;
  options.threads = threads;
  return run(artifact, inputs, outputs, options);
}

void expectModelOutputs(const std::vector<Tensor> &outputs, float xBase,
                        float yBase) {
  ASSERT_EQ(outputs.size(), 2u);
  for (const Tensor &output : outputs) {
    EXPECT_EQ(output.dtype(), DType::F32);
    EXPECT_EQ(output.shape(), (Shape{2, 4}));
  }
  for (int i = 0; i < 8; ++i) {
    float sum = (xBase + i) + (yBase + i);
    EXPECT_EQ(outputs[0].data<float>()[i], sum * 2 + kConstant[i]) << i;
    EXPECT_EQ(outputs[1].data<float>()[i], sum) << i;
  }
}

} // namespace

TEST(Executor, RunsLaunchesAndCopies) {
  Artifact artifact = model();
  for (unsigned threads : {1u, 4u}) {
    std::vector<Tensor> outputs;
    Status status =
        runModel(artifact, {input(1), input(100)}, outputs, threads);
    ASSERT_TRUE(status.isOk()) << status.message();
    expectModelOutputs(outputs, 1, 100);
  }
}

TEST(Executor, RunsAgainWithNewInputs) {
  Artifact artifact = model();
  Executor executor;
  ExecutorOptions options;
  options.threads = 3;
  Status loaded = Executor::load(artifact, options, executor);
  ASSERT_TRUE(loaded.isOk()) << loaded.message();
  std::vector<Tensor> inputs = {input(1), input(2)};
  std::vector<Tensor> outputs;
  ASSERT_TRUE(executor.run(inputs, outputs).isOk());
  expectModelOutputs(outputs, 1, 2);
  inputs = {input(-5), input(0.5f)};
  ASSERT_TRUE(executor.run(inputs, outputs).isOk());
  expectModelOutputs(outputs, -5, 0.5f);
}

TEST(CpuExecutable, TwoLibrariesLoadedAtOnce) {
  // Each library is reached through its own /proc/self/fd path while it is
  // loaded; a second, different library must not be mistaken for the first.
  Artifact first = model();
  Artifact second =
      loadArtifact(modelWriter(2, readFile(LOOM_TEST_KERNELS_ABI2)));
  CpuExecutable a, b;
  ASSERT_TRUE(CpuExecutable::load(first, 0, a).isOk());
  Status status = CpuExecutable::load(second, 0, b);
  EXPECT_EQ(status.message(), "kernel library 0 uses kernel ABI version 2, "
                              "but this runtime supports version 1");
  CpuExecutable c;
  EXPECT_TRUE(CpuExecutable::load(first, 0, c).isOk());
}

TEST(Executor, WorkgroupIdsAreRowMajor) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addOutput("ids", DType::I32, {2, 3, 4});
  writer.addBuffer(artifact::BufferKind_Output, 0, 96, 4);
  writer.addLibrary(artifact::Target_Cpu, artifact::CodeFormat_ElfSharedObject,
                    readFile(LOOM_TEST_KERNELS), {"record_ids"});
  uint32_t cpu = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addLaunch(cpu, 0, 0, {0}, {2, 3, 4});
  Artifact artifact = loadArtifact(writer);
  std::vector<Tensor> outputs;
  Status status = runModel(artifact, {}, outputs, 4);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(outputs.size(), 1u);
  for (int i = 0; i < 24; ++i)
    EXPECT_EQ(outputs[0].data<int32_t>()[i], i + 1) << i;
}

TEST(Executor, WrongInputShape) {
  std::vector<Tensor> outputs;
  Tensor x(DType::F32, {2, 3});
  Status status = runModel(model(), {x, input(0)}, outputs);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "input 'x' is 2x3xf32 but the model expects 2x4xf32");
  EXPECT_TRUE(outputs.empty());
}

TEST(Executor, WrongInputDType) {
  std::vector<Tensor> outputs;
  Tensor y(DType::F64, {2, 4});
  Status status = runModel(model(), {input(0), y}, outputs);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "input 'y' is 2x4xf64 but the model expects 2x4xf32");
}

TEST(Executor, WrongInputCount) {
  std::vector<Tensor> outputs;
  Status status = runModel(model(), {input(0)}, outputs);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(), "the model has 2 inputs but 1 were given");
}

TEST(Executor, KernelFailureNamesTheKernelAndWorkgroup) {
  // A factor of 0 makes scale_f32 fail in workgroup 1 of 2.
  for (unsigned threads : {1u, 4u}) {
    std::vector<Tensor> outputs;
    Status status = runModel(model(0), {input(0), input(0)}, outputs, threads);
    EXPECT_EQ(status.code(), StatusCode::Aborted);
    EXPECT_EQ(status.message(), "command 1: kernel 'scale_f32' returned 7 in "
                                "workgroup (1, 0, 0) of (2, 1, 1)");
    EXPECT_TRUE(outputs.empty());
  }
}

TEST(Executor, NoDeviceProgram) {
  ArtifactWriter writer("loom-test 1.0");
  std::vector<Tensor> outputs;
  Status status = runModel(loadArtifact(writer), {}, outputs);
  EXPECT_EQ(status.code(), StatusCode::NotFound);
  EXPECT_EQ(status.message(), "the artifact has no device program");
}

TEST(Executor, RefusesAProgramWithoutADriver) {
  // The CPU program could run, the CUDA one could not (a registry without
  // the cuda driver): nothing runs.
  ArtifactWriter writer("loom-test 1.0");
  writer.addDevice(artifact::Target_Cpu, 0);
  writer.addDevice(artifact::Target_Cuda, 0);
  Artifact artifact = loadArtifact(writer);
  Executor executor;
  DriverRegistry cpuOnly;
  cpuOnly.add(createCpuDriver());
  Status status = Executor::load(artifact, {}, executor, cpuOnly);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(), "device program 1 targets Cuda, which this "
                              "runtime has no driver for (drivers: cpu)");
  EXPECT_TRUE(executor.empty());
}

TEST(Executor, RefusesSeveralProgramsWithoutAMesh) {
  // Several programs run only as the devices of a mesh (test/runtime has
  // the multi-device tests).
  ArtifactWriter writer("loom-test 1.0");
  writer.addDevice(artifact::Target_Cpu, 0);
  writer.addDevice(artifact::Target_Cpu, 1);
  Artifact artifact = loadArtifact(writer);
  Executor executor;
  Status status = Executor::load(artifact, {}, executor);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(), "the artifact has 2 device programs but no "
                              "mesh; only artifacts with a mesh run on "
                              "several devices");
}

TEST(Executor, SingleDeviceArtifactsStayVersion1) {
  Artifact artifact = loadArtifact(modelWriter(2, readFile(LOOM_TEST_KERNELS)));
  EXPECT_EQ(artifact.schemaVersion(), 1u);
  EXPECT_FALSE(artifact.hasMesh());
}

/// A driver for the Cuda target (standing in for the built-in one) that fills
/// every output with its thread count, to show that the executor reaches
/// drivers only through the registry it is given.
class FakeDriver final : public Driver {
  class FakeDevice final : public Device {
  public:
    FakeDevice(const Artifact &artifact, unsigned threads)
        : artifact(artifact), threads(threads) {}
    Status run(TensorList, const std::vector<int64_t> &,
               std::vector<Tensor> &outputs) override {
      for (const TensorSpec &spec : artifact.outputs())
        outputs.push_back(Tensor::fromDoubles(
            spec.dtype, spec.shape,
            std::vector<double>(spec.byteSize / dtypeSize(spec.dtype),
                                threads)));
      return Status::ok();
    }

  private:
    const Artifact &artifact;
    unsigned threads;
  };

public:
  const char *name() const override { return "fake"; }
  artifact::Target target() const override { return artifact::Target_Cuda; }
  Status open(const Artifact &artifact, size_t program,
              const DeviceOptions &options,
              std::unique_ptr<Device> &out) const override {
    EXPECT_EQ(program, 0u);
    out = std::make_unique<FakeDevice>(artifact, options.threads);
    return Status::ok();
  }
};

TEST(Executor, FindsDriversThroughTheRegistry) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addOutput("out", DType::F32, {3});
  writer.addBuffer(artifact::BufferKind_Output, 0, 12, 4);
  writer.addDevice(artifact::Target_Cuda, 0);
  Artifact artifact = loadArtifact(writer);

  Executor executor;
  ExecutorOptions options;
  options.threads = 5;
  DriverRegistry cpuOnly;
  cpuOnly.add(createCpuDriver());
  Status status = Executor::load(artifact, options, executor, cpuOnly);
  EXPECT_EQ(status.message(), "device program 0 targets Cuda, which this "
                              "runtime has no driver for (drivers: cpu)");

  DriverRegistry drivers;
  drivers.add(std::make_unique<FakeDriver>());
  status = Executor::load(artifact, options, executor, drivers);
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  ASSERT_TRUE(executor.run(std::vector<Tensor>(), outputs).isOk());
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].data<float>()[2], 5.0f);
}

TEST(CpuExecutable, LoadsEveryEntryPoint) {
  Artifact artifact = model();
  CpuExecutable library;
  Status status = CpuExecutable::load(artifact, 0, library);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(library.entryCount(), 2u);
  EXPECT_EQ(library.entryName(1), "scale_f32");
  EXPECT_NE(library.entry(0), nullptr);
  CpuExecutable moved = std::move(library);
  EXPECT_TRUE(library.empty());
  EXPECT_FALSE(moved.empty());
}

TEST(CpuExecutable, MissingEntryPoint) {
  Artifact artifact = loadArtifact(
      modelWriter(2, readFile(LOOM_TEST_KERNELS), {"add_f32", "mul_f32"}));
  CpuExecutable library;
  Status status = CpuExecutable::load(artifact, 0, library);
  EXPECT_EQ(status.code(), StatusCode::NotFound);
  EXPECT_EQ(status.message(), "kernel library 0 has no entry point 'mul_f32'");
  EXPECT_TRUE(library.empty());
  // The executor reports the same.
  std::vector<Tensor> outputs;
  EXPECT_EQ(runModel(artifact, {input(0), input(0)}, outputs).message(),
            "kernel library 0 has no entry point 'mul_f32'");
}

TEST(CpuExecutable, NotAnElfFile) {
  std::vector<uint8_t> code(256, 0x5a);
  Artifact artifact = loadArtifact(modelWriter(2, code));
  CpuExecutable library;
  Status status = CpuExecutable::load(artifact, 0, library);
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message().rfind(
                "kernel library 0 is not a loadable shared object: ", 0),
            0u)
      << status.message();
  EXPECT_TRUE(library.empty());
}

TEST(CpuExecutable, WrongAbiVersion) {
  Artifact artifact =
      loadArtifact(modelWriter(2, readFile(LOOM_TEST_KERNELS_ABI2)));
  CpuExecutable library;
  Status status = CpuExecutable::load(artifact, 0, library);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(), "kernel library 0 uses kernel ABI version 2, "
                              "but this runtime supports version 1");
}

TEST(CpuExecutable, WrongFormat) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addLibrary(artifact::Target_Cuda, artifact::CodeFormat_Ptx,
                    std::vector<uint8_t>(8, 1), {"k"});
  Artifact artifact = loadArtifact(writer);
  CpuExecutable library;
  Status status = CpuExecutable::load(artifact, 0, library);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(), "kernel library 0 is Cuda Ptx; the CPU executor "
                              "runs Cpu ElfSharedObject only");
}

TEST(ThreadPool, RunsEveryIndexExactlyOnce) {
  for (unsigned threads : {1u, 4u}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.size(), threads);
    // Many rounds of varying size, so that a worker late for one round
    // cannot steal or miss the next one's indices unnoticed.
    for (size_t count : {0u, 1u, 2u, 7u, 1000u, 3u, 64u}) {
      std::vector<std::atomic<int>> runs(count);
      pool.parallelFor(count, [&](size_t i) { runs[i].fetch_add(1); });
      for (size_t i = 0; i < count; ++i)
        EXPECT_EQ(runs[i].load(), 1)
            << threads << " threads, index " << i << " of " << count;
    }
  }
}

TEST(ThreadPool, UsesSeveralThreadsAndTheCaller) {
  ThreadPool pool(4);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  // Every index waits until four are running at once, so all four threads
  // (the caller among them) must take one.
  pool.parallelFor(4, [&](size_t) {
    waiting.fetch_add(1);
    while (waiting.load() < 4)
      std::this_thread::yield();
    std::lock_guard<std::mutex> lock(mutex);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen.count(std::this_thread::get_id()), 1u);
}

TEST(ThreadPool, ALateWorkerDoesNotHoldUpTheCaller) {
  // The worker is held (as a thread the system has not scheduled yet would
  // be) until released, or for 5 s at most. A parallelFor whose indices the
  // caller takes all by itself returns without it; it used to wait for
  // every worker to check in, i.e. the 5 s here, and on a loaded machine
  // the scheduler's delay on every launch.
  std::atomic<bool> release{false}, workerRan{false};
  ThreadPool pool(2, [&](std::function<void()> body) {
    return std::thread([&, body = std::move(body)] {
      for (int i = 0; i < 5000 && !release.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      workerRan.store(true);
      body();
    });
  });
  ASSERT_TRUE(pool.status().isOk());
  std::atomic<int> runs{0};
  pool.parallelFor(8, [&](size_t) { runs.fetch_add(1); });
  EXPECT_EQ(runs.load(), 8);
  EXPECT_FALSE(workerRan.load()) << "parallelFor waited for the held worker";
  release.store(true);
  // Released, the worker takes part in later calls again.
  std::vector<std::atomic<int>> each(64);
  pool.parallelFor(64, [&](size_t i) { each[i].fetch_add(1); });
  for (size_t i = 0; i < each.size(); ++i)
    EXPECT_EQ(each[i].load(), 1) << "index " << i;
}

TEST(ThreadPool, WorkersThatWentToSleepAreWokenForTheNextLaunch) {
  // Idle workers spin for kSpinMicros, then sleep. Launches back to back
  // (spinning workers) and after pauses far longer than the spin (sleeping
  // ones) must both have every index run once, by every thread when each
  // index waits for the others, and the workers' plain writes must be
  // visible to the caller once parallelFor returns.
  ThreadPool pool(3);
  for (int round = 0; round < 20; ++round) {
    if (round % 2)
      std::this_thread::sleep_for(
          std::chrono::microseconds(20 * ThreadPool::kSpinMicros));
    std::vector<int> written(3, 0);
    std::atomic<int> waiting{0};
    std::mutex mutex;
    std::set<std::thread::id> seen;
    pool.parallelFor(3, [&](size_t i) {
      waiting.fetch_add(1);
      while (waiting.load() < 3)
        std::this_thread::yield();
      written[i] = static_cast<int>(i) + 1;
      std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
    });
    EXPECT_EQ(seen.size(), 3u) << "round " << round;
    EXPECT_EQ(written, (std::vector<int>{1, 2, 3})) << "round " << round;
  }
}

TEST(ThreadPool, DefaultSizeIsAtLeastOne) {
  ThreadPool pool;
  EXPECT_GE(pool.size(), 1u);
  std::atomic<size_t> sum{0};
  pool.parallelFor(100, [&](size_t i) { sum.fetch_add(i); });
  EXPECT_EQ(sum.load(), 4950u);
}
