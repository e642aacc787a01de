//===- MultiDeviceTest.cpp - Running multi-device artifacts in process ----===//
//
// Part of the Loom project.
//
// The executor over the hand-built multi-device artifacts of MeshModels.h,
// all devices in this process: data parallel against the single-device
// artifact bit for bit, tensor parallel through an all-reduce, a 2x2 mesh
// whose groups run concurrently, each other collective once, and the
// errors: no driver, no collective runner, and a kernel failing on one
// device while the others wait for it in a collective.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executor.h"
#include "runtime/collectives/Communicator.h"
#include "runtime/loom_runtime.h"
#include "test/runtime/MeshModels.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>

using namespace loom;
using namespace loom::test;

namespace loom {
// runtime/drivers/cpu/CpuDriver.cpp: the CPU driver, for a registry that
// has no driver for Cuda (the built-in one has the cuda driver).
std::unique_ptr<Driver> createCpuDriver();
} // namespace loom

namespace {

const ByteBuffer &kernels() {
  static const ByteBuffer code = readBytes(LOOM_TEST_KERNELS);
  return code;
}

Artifact load(const ArtifactWriter &writer) {
  Artifact artifact;
  Status status = Artifact::load(writer.finish(), artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  return artifact;
}

/// Values that are not round, so that a misplaced element shows.
Tensor sample(Shape shape, double seed) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  std::vector<double> values(count);
  for (int64_t i = 0; i < count; ++i)
    values[i] = std::sin(seed + 0.37 * double(i)) * 10;
  return Tensor::fromDoubles(DType::F32, shape, values);
}

/// Small integers, whose sums and products a float holds exactly.
Tensor integers(Shape shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  std::vector<double> values(count);
  for (int64_t i = 0; i < count; ++i)
    values[i] = double(i % 7) - 3;
  return Tensor::fromDoubles(DType::F32, shape, values);
}

Status runArtifact(const Artifact &artifact, const std::vector<Tensor> &inputs,
                   std::vector<Tensor> &outputs, ExecutorOptions options = {}) {
  Executor executor;
  LOOM_RETURN_IF_ERROR(Executor::load(artifact, options, executor));
  return executor.run(inputs, outputs);
}

TEST(MultiDevice, WriterStampsVersion2OnlyWithAMesh) {
  EXPECT_EQ(load(dataParallel(0, kernels())).schemaVersion(), 1u);
  Artifact mesh = load(dataParallel(2, kernels()));
  EXPECT_EQ(mesh.schemaVersion(), 2u);
  EXPECT_TRUE(mesh.hasMesh());
  EXPECT_EQ(mesh.mesh().axisNames, std::vector<std::string>{"batch"});
  EXPECT_EQ(mesh.inputs()[0].localShape, (Shape{4, 4}));
  EXPECT_EQ(mesh.inputs()[0].localByteSize, 64u);
}

TEST(MultiDevice, DataParallelEqualsOneDeviceBitForBit) {
  std::vector<Tensor> inputs = {sample({8, 4}, 0.5), sample({8, 4}, 1.5)};
  std::vector<Tensor> reference;
  Status status = runArtifact(load(dataParallel(0, kernels())), inputs,
                              reference);
  ASSERT_TRUE(status.isOk()) << status.message();
  for (uint32_t devices : {2u, 4u}) {
    std::vector<Tensor> outputs;
    status = runArtifact(load(dataParallel(devices, kernels())), inputs,
                         outputs);
    ASSERT_TRUE(status.isOk()) << devices << ": " << status.message();
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_EQ(outputs[0].shape(), (Shape{8, 4}));
    EXPECT_TRUE(outputs[0].bitwiseEqual(reference[0])) << devices;
  }
}

TEST(MultiDevice, RunsAgainWithNewInputs) {
  Artifact artifact = load(dataParallel(4, kernels()));
  Executor executor;
  ASSERT_TRUE(Executor::load(artifact, {}, executor).isOk());
  for (double seed : {0.0, 3.0}) {
    std::vector<Tensor> inputs = {sample({8, 4}, seed),
                                  sample({8, 4}, seed + 1)};
    std::vector<Tensor> outputs;
    ASSERT_TRUE(executor.run(inputs, outputs).isOk());
    for (int64_t i = 0; i < 32; ++i)
      EXPECT_EQ(outputs[0].data<float>()[i],
                (inputs[0].data<float>()[i] + inputs[1].data<float>()[i]) * 2);
  }
}

TEST(MultiDevice, WholeInputsAreChecked) {
  Artifact artifact = load(dataParallel(2, kernels()));
  std::vector<Tensor> inputs = {sample({4, 4}, 0), sample({8, 4}, 1)};
  std::vector<Tensor> outputs;
  Status status = runArtifact(artifact, inputs, outputs);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "input 'x' is 4x4xf32 but the model expects 8x4xf32");
}

TEST(MultiDevice, TensorParallelAllReduce) {
  for (uint32_t devices : {2u, 4u}) {
    Tensor x = integers({6});
    std::vector<Tensor> outputs;
    Status status = runArtifact(load(tensorParallel(devices, kernels())), {x},
                                outputs);
    ASSERT_TRUE(status.isOk()) << status.message();
    float factor = float(devices * (devices + 1) / 2);
    for (int64_t i = 0; i < 6; ++i)
      EXPECT_EQ(outputs[0].data<float>()[i], x.data<float>()[i] * factor);
  }
}

TEST(MultiDevice, Mesh2x2ReducesOverOneAxisAndGathersOverTheOther) {
  Tensor x = integers({4, 6});
  std::vector<Tensor> outputs;
  ExecutorOptions options;
  options.threads = 4;
  Status status = runArtifact(load(mesh2x2(kernels())), {x}, outputs, options);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(outputs.size(), 3u);
  const float *in = x.data<float>();
  for (int64_t r = 0; r < 4; ++r) {
    // Rows 0-1 live on devices 0 and 1 (factors 1, 2); rows 2-3 on 2, 3.
    float sum = r < 2 ? 3 : 7;
    for (int64_t c = 0; c < 6; ++c) {
      EXPECT_EQ(outputs[0].data<float>()[r * 6 + c], in[r * 6 + c] * sum);
      EXPECT_EQ(outputs[1].data<float>()[r * 6 + c], in[r * 6 + c] * sum);
      for (int64_t m = 0; m < 2; ++m)
        EXPECT_EQ(outputs[2].data<float>()[r * 12 + m * 6 + c],
                  in[r * 6 + c] * float(2 * (r / 2) + m + 1))
            << r << "," << m << "," << c;
    }
  }
}

TEST(MultiDevice, ReduceScatter) {
  Tensor x = integers({4});
  std::vector<Tensor> outputs;
  Status status =
      runArtifact(load(reduceScatterModel(kernels())), {x}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(outputs[0].data<float>()[i], x.data<float>()[i] * 3);
}

TEST(MultiDevice, AllToAllMovesTheSplit) {
  Tensor x = sample({4, 2}, 2);
  std::vector<Tensor> outputs;
  Status status = runArtifact(load(allToAllModel()), {x}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_TRUE(outputs[0].bitwiseEqual(x));
}

TEST(MultiDevice, PermuteShiftsBlocks) {
  Tensor x = sample({8}, 4);
  std::vector<Tensor> outputs;
  Status status = runArtifact(load(permuteModel()), {x}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(outputs[0].data<float>()[0], 0.0f);
  EXPECT_EQ(outputs[0].data<float>()[1], 0.0f);
  for (int64_t i = 2; i < 8; ++i)
    EXPECT_EQ(outputs[0].data<float>()[i], x.data<float>()[i - 2]);
}

TEST(MultiDevice, PermuteWithoutPairsGivesZeros) {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {4});
  writer.addOutput("y", DType::F32, {4});
  writer.setMesh({"a"}, {2});
  writer.setInputSharding(0, {{0}});
  writer.setOutputSharding(0, {{0}});
  for (uint32_t d = 0; d < 2; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Cpu, d);
    writer.addProgramBuffer(program, artifact::BufferKind_Input, 0, 8, 4);
    writer.addProgramBuffer(program, artifact::BufferKind_Output, 0, 8, 4);
    ArtifactWriter::Collective none;
    none.kind = artifact::CollectiveKind_Permute;
    none.meshAxes = {0};
    none.source = 0;
    none.destination = 1;
    none.shape = {2};
    writer.addCollective(program, none);
  }
  std::vector<Tensor> outputs;
  Status status = runArtifact(load(writer), {sample({4}, 1)}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(outputs[0].data<float>()[i], 0.0f);
}

TEST(MultiDevice, RefusesAProgramWithoutADriver) {
  ArtifactWriter writer("loom-runtime-test");
  writer.setMesh({"a"}, {2});
  for (uint32_t d = 0; d < 2; ++d)
    writer.setProgramArenaSize(writer.addDevice(artifact::Target_Cuda, d), 0);
  Artifact artifact = load(writer);
  Executor executor;
  DriverRegistry cpuOnly;
  cpuOnly.add(createCpuDriver());
  Status status = Executor::load(artifact, {}, executor, cpuOnly);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(), "device program 0 targets Cuda, which this "
                              "runtime has no driver for (drivers: cpu)");
  EXPECT_TRUE(executor.empty());
}

TEST(MultiDevice, CpuDeviceRefusesCollectivesWithoutARunner) {
  Artifact artifact = load(tensorParallel(2, kernels()));
  const Driver *cpu = DriverRegistry::builtin().find(artifact::Target_Cpu);
  ASSERT_NE(cpu, nullptr);
  std::unique_ptr<Device> device;
  Status status = cpu->open(artifact, 1, DeviceOptions(), device);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "device program 1 command 1 is a collective, but the device was "
            "opened without a collective runner (run multi-device artifacts "
            "through the Executor)");
  EXPECT_EQ(device, nullptr);
}

TEST(MultiDevice, KernelFailureOnOneDeviceDoesNotHangTheOthers) {
  // Device 3's scale_f32 fails; device 2 waits for it in the all-reduce
  // over "model" and gives up after the timeout, and devices 0 and 1 wait
  // for device 2 in the all-gather over "data".
  Artifact artifact = load(mesh2x2(kernels(), /*failingDevice=*/3));
  ExecutorOptions options;
  options.collectiveTimeout = std::chrono::milliseconds(300);
  Executor executor;
  ASSERT_TRUE(Executor::load(artifact, options, executor).isOk());
  std::vector<Tensor> inputs = {integers({4, 6})}, outputs;
  auto start = std::chrono::steady_clock::now();
  Status status = executor.run(inputs, outputs);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(),
            "device 3: command 0: kernel 'scale_f32' returned 7 in workgroup "
            "(1, 0, 0) of (2, 1, 1)");
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  EXPECT_TRUE(outputs.empty());

  status = executor.run(inputs, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message(),
            "the executor is unusable after a failed run (device 3: command "
            "0: kernel 'scale_f32' returned 7 in workgroup (1, 0, 0) of (2, "
            "1, 1))");
}

TEST(MultiDevice, CommunicatorMustMatchTheMesh) {
  Artifact artifact = load(dataParallel(4, kernels()));
  std::unique_ptr<collectives::Communicator> communicator;
  ASSERT_TRUE(collectives::Communicator::createInProcess(2, {}, communicator)
                  .isOk());
  ExecutorOptions options;
  options.communicator = communicator.get();
  Executor executor;
  Status status = Executor::load(artifact, options, executor);
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(), "the communicator connects 2 devices, but the "
                              "artifact's mesh has 4");
}

TEST(MultiDevice, SingleDeviceProgramUsesItsOwnPlan) {
  // No mesh, but the program carries a plan; the artifact's is empty.
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {4});
  writer.addOutput("y", DType::F32, {4});
  writer.addConstant(ByteBuffer{0, 0, 0, 64}); // 2.0f, little-endian
  writer.addLibrary(artifact::Target_Cpu,
                    artifact::CodeFormat_ElfSharedObject, kernels(),
                    {"add_f32", "scale_f32"});
  uint32_t program = writer.addDevice(artifact::Target_Cpu, 0);
  writer.addProgramBuffer(program, artifact::BufferKind_Input, 0, 16, 4);
  writer.addProgramBuffer(program, artifact::BufferKind_Constant, 0, 4, 4);
  writer.addProgramBuffer(program, artifact::BufferKind_Output, 0, 16, 4);
  writer.setProgramArenaSize(program, 0);
  writer.addLaunch(program, 0, 1, {0, 1, 2}, {2});
  Artifact artifact = load(writer);
  EXPECT_EQ(artifact.schemaVersion(), 1u);
  EXPECT_EQ(artifact.bufferCount(), 0u);
  Tensor x = sample({4}, 3);
  std::vector<Tensor> outputs;
  Status status = runArtifact(artifact, {x}, outputs);
  ASSERT_TRUE(status.isOk()) << status.message();
  for (int64_t i = 0; i < 4; ++i)
    EXPECT_EQ(outputs[0].data<float>()[i], x.data<float>()[i] * 2);
}

/// A Systolic driver whose devices record what they were opened with and
/// fill their output shard with their program number.
class RecordingDriver final : public Driver {
public:
  struct Opened {
    size_t program;
    unsigned threads;
    bool runner;
  };
  mutable std::vector<Opened> opened;

  const char *name() const override { return "recording"; }
  artifact::Target target() const override {
    return artifact::Target_Systolic;
  }
  Status open(const Artifact &artifact, size_t program,
              const DeviceOptions &options,
              std::unique_ptr<Device> &out) const override {
    opened.push_back({program, options.threads, options.collectives != nullptr});
    out = std::make_unique<Filler>(artifact, program);
    return Status::ok();
  }

private:
  class Filler final : public Device {
  public:
    Filler(const Artifact &artifact, size_t program)
        : artifact(artifact), program(program) {}
    Status run(TensorList inputs, const std::vector<int64_t> &symbols,
               std::vector<Tensor> &outputs) override {
      EXPECT_TRUE(symbols.empty());
      EXPECT_EQ(inputs[0].shape(), artifact.inputs()[0].localShape);
      const TensorSpec &spec = artifact.outputs()[0];
      outputs.push_back(Tensor::fromDoubles(
          spec.dtype, spec.localShape,
          std::vector<double>(spec.localByteSize / 4, double(program))));
      return Status::ok();
    }

  private:
    const Artifact &artifact;
    size_t program;
  };
};

TEST(MultiDevice, EachDeviceGetsItsShareOfThreadsAndARunner) {
  ArtifactWriter writer("loom-runtime-test");
  writer.addInput("x", DType::F32, {8});
  writer.addOutput("y", DType::F32, {8});
  writer.setMesh({"a", "b"}, {2, 2});
  writer.setInputSharding(0, {{0, 1}});
  writer.setOutputSharding(0, {{1, 0}});
  for (uint32_t d = 0; d < 4; ++d)
    writer.setProgramArenaSize(writer.addDevice(artifact::Target_Systolic, d),
                               0);
  Artifact artifact = load(writer);
  for (auto [threads, each] : {std::pair{8u, 2u}, std::pair{2u, 1u}}) {
    DriverRegistry drivers;
    drivers.add(std::make_unique<RecordingDriver>());
    const auto &driver =
        static_cast<const RecordingDriver &>(*drivers.find(
            artifact::Target_Systolic));
    ExecutorOptions options;
    options.threads = threads;
    Executor executor;
    ASSERT_TRUE(Executor::load(artifact, options, executor, drivers).isOk());
    ASSERT_EQ(driver.opened.size(), 4u);
    for (size_t d = 0; d < 4; ++d) {
      EXPECT_EQ(driver.opened[d].program, d);
      EXPECT_EQ(driver.opened[d].threads, each);
      EXPECT_TRUE(driver.opened[d].runner);
    }
    std::vector<Tensor> inputs = {sample({8}, 0)}, outputs;
    ASSERT_TRUE(executor.run(inputs, outputs).isOk());
    // y is split over (b, a): device (a, b) holds block 2b + a.
    std::vector<float> expected = {0, 0, 2, 2, 1, 1, 3, 3};
    for (int64_t i = 0; i < 8; ++i)
      EXPECT_EQ(outputs[0].data<float>()[i], expected[i]) << i;
  }
}

TEST(MultiDevice, RunsThroughTheCApi) {
  ByteBuffer bytes = mesh2x2(kernels()).finish();
  loom_artifact_t *artifact = nullptr;
  ASSERT_EQ(loom_artifact_load_memory(bytes.data(), bytes.size(), &artifact),
            nullptr);
  loom_executor_t *executor = nullptr;
  ASSERT_EQ(loom_executor_create(artifact, 2, &executor), nullptr);
  Tensor x = integers({4, 6});
  std::vector<float> y(24), z(24), w(48);
  const void *inputs[] = {x.bytes()};
  size_t inputSizes[] = {x.byteSize()};
  void *outputs[] = {y.data(), z.data(), w.data()};
  size_t outputSizes[] = {96, 96, 192};
  loom_status_t status =
      loom_executor_run(executor, inputs, inputSizes, 1, outputs, outputSizes, 3);
  EXPECT_EQ(status, nullptr);
  loom_status_free(status);

  std::vector<Tensor> expected;
  ASSERT_TRUE(runArtifact(load(mesh2x2(kernels())), {x}, expected).isOk());
  EXPECT_EQ(std::memcmp(y.data(), expected[0].bytes(), 96), 0);
  EXPECT_EQ(std::memcmp(z.data(), expected[1].bytes(), 96), 0);
  EXPECT_EQ(std::memcmp(w.data(), expected[2].bytes(), 192), 0);
  loom_executor_release(executor);
  loom_artifact_release(artifact);
}

} // namespace
