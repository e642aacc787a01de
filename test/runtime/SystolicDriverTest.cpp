//===- SystolicDriverTest.cpp - Tests of the systolic device --------------===//
//
// Part of the Loom project.
//
// The systolic driver over hand-built artifacts, without the compiler: a
// kernel library assembled from text (two kernels, library constants),
// wrapped with an artifact constant, arena intermediates and a copy; its
// outputs against numbers computed by hand, the profile and the trace, and
// every refusal: a chip that is not the library's, a corrupt or
// inconsistent library, bad driver options, a faulting kernel.
//
//===----------------------------------------------------------------------===//

#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "runtime/artifact/systolic_library_generated.h"
#include "simulator/systolic/Assembler.h"
#include "simulator/systolic/Config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <unistd.h>

using namespace loom;

namespace {

namespace fbs = loom::systolic::library;

/// Tensors are 8x8 f32: one 256-byte DMA row, 8 sublanes of 8 lanes.
constexpr const char *kKernels = R"(
# add_f32(a, b, out): out = a + b
add_f32:
    s.li      s6, 0
    s.li      s7, 256
    dma.load  s6, s3, f0, 1, 256, 256, 256
    dma.load  s7, s4, f0, 1, 256, 256, 256
    wait      f0, 2
    vld       v1, s6, 32, 8, 8
    vld       v2, s7, 32, 8, 8
    v.add     v3, v1, v2
    vst       v3, s6, 32, 8, 8
    dma.store s6, s5, f1, 1, 256, 256, 256
    wait      f1, 1
    halt
# scale_f32(a, out): out = a * the library's constant table
scale_f32:
    s.li      s6, 0
    s.li      s7, 256
    dma.load  s6, s3, f0, 1, 256, 256, 256
    dma.load  s7, s2, f0, 1, 256, 256, 256
    wait      f0, 2
    vld       v1, s6, 32, 8, 8
    vld       v2, s7, 32, 8, 8
    v.mul     v3, v1, v2
    vst       v3, s6, 32, 8, 8
    dma.store s6, s4, f1, 1, 256, 256, 256
    wait      f1, 1
    halt
# fault(a): reads past the end of HBM
fault:
    s.li      s6, 0
    s.li      s7, 0x7ffffffff00
    dma.load  s6, s7, f0, 1, 256, 256, 256
    wait      f0, 1
    halt
)";

std::vector<uint8_t> floatBytes(const std::vector<float> &values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<float> ramp(float base, float step) {
  std::vector<float> values(64);
  for (int i = 0; i < 64; ++i)
    values[i] = base + step * i;
  return values;
}

const std::vector<float> kLibraryConstant = ramp(0.5f, 0.25f);
const std::vector<float> kArtifactConstant = ramp(-3, 1);

struct KernelSpec {
  std::string name;
  uint32_t entry, argumentCount;
};

/// What libraryBytes writes; tests change one field to break it.
struct LibrarySpec {
  uint32_t version = 1;
  systolic::ChipConfig chip;
  std::vector<uint8_t> code;
  std::vector<uint8_t> constants = floatBytes(kLibraryConstant);
  std::vector<KernelSpec> kernels;
};

LibrarySpec librarySpec() {
  LibrarySpec spec;
  systolic::Result<systolic::Program> program =
      systolic::assemble(kKernels, "kernels.s");
  EXPECT_TRUE(program.ok()) << program.message();
  systolic::Result<std::vector<uint8_t>> binary =
      systolic::writeBinary(*program);
  EXPECT_TRUE(binary.ok());
  spec.code = *binary;
  spec.kernels = {{"add_f32", 0, 3}, {"scale_f32", 12, 2}, {"fault", 24, 1}};
  return spec;
}

std::vector<uint8_t> libraryBytes(const LibrarySpec &spec) {
  flatbuffers::FlatBufferBuilder fbb;
  const systolic::ChipConfig &chip = spec.chip;
  auto requirements = fbs::CreateChipRequirements(
      fbb, chip.mxu.count, chip.mxu.rows, chip.mxu.cols,
      static_cast<uint32_t>(chip.mxu.accumulatorRows), chip.vmemBytes,
      chip.vector.sublanes, chip.vector.lanes, chip.vector.registers,
      static_cast<uint32_t>(chip.hbm.dmaAlignment));
  std::vector<flatbuffers::Offset<fbs::Kernel>> kernels;
  for (const KernelSpec &kernel : spec.kernels)
    kernels.push_back(fbs::CreateKernel(fbb, fbb.CreateString(kernel.name),
                                        kernel.entry, kernel.argumentCount));
  auto root = fbs::CreateLibrary(
      fbb, spec.version, requirements, fbb.CreateVector(spec.code),
      fbb.CreateVector(spec.constants), fbb.CreateVector(kernels));
  fbs::FinishLibraryBuffer(fbb, root);
  return {fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()};
}

std::vector<std::string> entryPoints(const LibrarySpec &spec) {
  std::vector<std::string> names;
  for (const KernelSpec &kernel : spec.kernels)
    names.push_back(kernel.name);
  return names;
}

/// z = (x + y + c) * k and w = x + y, all 8x8xf32, c an artifact constant,
/// k the library's constants:
///   t = add_f32(x, y)    into the arena
///   u = add_f32(t, c)    into the arena
///   z = scale_f32(u)     into output 0
///   w = copy of t        into output 1
ArtifactWriter modelWriter(std::vector<uint8_t> code,
                           std::vector<std::string> names) {
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {8, 8});
  writer.addInput("y", DType::F32, {8, 8});
  writer.addOutput("z", DType::F32, {8, 8});
  writer.addOutput("w", DType::F32, {8, 8});
  writer.addConstant(floatBytes(kArtifactConstant));
  writer.addBuffer(artifact::BufferKind_Input, 0, 256, 64);    // 0: x
  writer.addBuffer(artifact::BufferKind_Input, 1, 256, 64);    // 1: y
  writer.addBuffer(artifact::BufferKind_Constant, 0, 256, 64); // 2: c
  writer.addBuffer(artifact::BufferKind_Arena, 0, 256, 64);    // 3: t
  writer.addBuffer(artifact::BufferKind_Arena, 256, 256, 64);  // 4: u
  writer.addBuffer(artifact::BufferKind_Output, 0, 256, 64);   // 5: z
  writer.addBuffer(artifact::BufferKind_Output, 1, 256, 64);   // 6: w
  writer.setArenaSize(512);
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, std::move(code),
                    std::move(names));
  uint32_t device = writer.addDevice(artifact::Target_Systolic, 0);
  writer.addLaunch(device, 0, 0, {0, 1, 3}, {1, 1, 1});
  writer.addLaunch(device, 0, 0, {3, 2, 4}, {1, 1, 1});
  writer.addLaunch(device, 0, 1, {4, 5}, {1, 1, 1});
  writer.addCopy(device, 3, 6, 256);
  return writer;
}

ArtifactWriter modelWriter(const LibrarySpec &spec = librarySpec()) {
  return modelWriter(libraryBytes(spec), entryPoints(spec));
}

Artifact loadArtifact(const ArtifactWriter &writer) {
  Artifact artifact;
  Status status = Artifact::load(writer.finish(), artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  return artifact;
}

Tensor tensor(const std::vector<float> &values) {
  Tensor result(DType::F32, {8, 8});
  std::memcpy(result.bytes(), values.data(), 256);
  return result;
}

void expectOutputs(const std::vector<Tensor> &outputs,
                   const std::vector<float> &x, const std::vector<float> &y) {
  ASSERT_EQ(outputs.size(), 2u);
  for (int i = 0; i < 64; ++i) {
    float sum = x[i] + y[i];
    EXPECT_EQ(outputs[0].data<float>()[i],
              (sum + kArtifactConstant[i]) * kLibraryConstant[i])
        << i;
    EXPECT_EQ(outputs[1].data<float>()[i], sum) << i;
  }
}

Status load(const Artifact &artifact, Executor &executor,
            std::map<std::string, std::string> driverOptions = {}) {
  ExecutorOptions options;
  options.driverOptions = std::move(driverOptions);
  return Executor::load(artifact, options, executor);
}

Status runOn(const Executor &executor, const std::vector<Tensor> &inputs,
             std::vector<Tensor> &outputs) {
  return executor.run(inputs, outputs);
}

/// A file in the test's temporary directory, removed at the end.
class TempFile {
public:
  explicit TempFile(const std::string &name, const std::string &text = "")
      : path(testing::TempDir() + "/" + std::to_string(::getpid()) + "-" +
             name) {
    if (!text.empty())
      std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
  std::string read() const {
    std::ifstream file(path);
    return std::string(std::istreambuf_iterator<char>(file), {});
  }
  const std::string path;
};

} // namespace

TEST(SystolicDriver, RunsLaunchesAndCopies) {
  Artifact artifact = loadArtifact(modelWriter());
  Executor executor;
  Status status = load(artifact, executor);
  ASSERT_TRUE(status.isOk()) << status.message();
  // A second run with other inputs: constants stay, inputs are rewritten.
  for (float base : {1.0f, -7.5f}) {
    std::vector<float> x = ramp(base, 0.5f), y = ramp(100, -2);
    std::vector<Tensor> outputs;
    status = runOn(executor, {tensor(x), tensor(y)}, outputs);
    ASSERT_TRUE(status.isOk()) << status.message();
    expectOutputs(outputs, x, y);
  }
}

TEST(SystolicDriver, ProfileListsKernels) {
  Artifact artifact = loadArtifact(modelWriter());
  Executor executor;
  ASSERT_TRUE(load(artifact, executor).isOk());
  EXPECT_EQ(executor.profile(), "");
  std::vector<Tensor> outputs;
  ASSERT_TRUE(runOn(executor, {tensor(ramp(0, 1)), tensor(ramp(1, 1))}, outputs)
                  .isOk());
  std::string profile = executor.profile();
  EXPECT_NE(profile.find("systolic profile: 3 launches"), std::string::npos)
      << profile;
  EXPECT_NE(profile.find("1 copy of 256 bytes"), std::string::npos) << profile;
  // add_f32 reads 2 x 256 bytes and writes 256 per launch, twice.
  EXPECT_NE(profile.find("add_f32"), std::string::npos) << profile;
  EXPECT_NE(profile.find("scale_f32"), std::string::npos) << profile;
  EXPECT_NE(profile.find("total"), std::string::npos) << profile;
  EXPECT_NE(profile.find("flag wait"), std::string::npos) << profile;
  EXPECT_EQ(profile.find("fault"), std::string::npos) << profile;
  size_t add = profile.find("\nadd_f32");
  ASSERT_NE(add, std::string::npos) << profile;
  std::string addRow =
      profile.substr(add + 1, profile.find('\n', add + 1) - add - 1);
  EXPECT_NE(addRow.find(" 2 "), std::string::npos) << addRow;
  EXPECT_NE(addRow.find(" 1024 "), std::string::npos) << addRow;
  EXPECT_NE(addRow.find(" 512"), std::string::npos) << addRow;
}

TEST(SystolicDriver, WritesTrace) {
  Artifact artifact = loadArtifact(modelWriter());
  TempFile trace("trace.json");
  Executor executor;
  Status status = load(artifact, executor, {{"systolic.trace", trace.path}});
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  ASSERT_TRUE(runOn(executor, {tensor(ramp(0, 1)), tensor(ramp(1, 1))}, outputs)
                  .isOk());
  std::string json = trace.read();
  EXPECT_EQ(json.rfind("{\"displayTimeUnit\": \"ns\", \"traceEvents\": [", 0),
            0u);
  EXPECT_NE(json.find("\"name\": \"scale_f32\", \"ph\": \"X\""),
            std::string::npos);
  EXPECT_NE(json.find("\"name\": \"kernels\""), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"systolic device 0\""), std::string::npos);
  EXPECT_NE(json.find("v.add"), std::string::npos);
}

TEST(SystolicDriver, ChipConfigMustMatchTheLibrary) {
  Artifact artifact = loadArtifact(modelWriter());
  TempFile config("small.cfg", "[mxu]\nrows = 64\n");
  Executor executor;
  Status status =
      load(artifact, executor, {{"systolic.chip-config", config.path}});
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "kernel library 0 was compiled for a chip with mxu.rows = 128, "
            "but the chip config '" +
                config.path +
                "' has mxu.rows = 64 (compile and run with the same "
                "--chip-config)");

  // The library compiled for that chip runs on it.
  LibrarySpec spec = librarySpec();
  spec.chip.mxu.rows = 64;
  Artifact matching = loadArtifact(modelWriter(spec));
  status = load(matching, executor, {{"systolic.chip-config", config.path}});
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  std::vector<float> x = ramp(2, 1), y = ramp(3, 3);
  ASSERT_TRUE(runOn(executor, {tensor(x), tensor(y)}, outputs).isOk());
  expectOutputs(outputs, x, y);
}

TEST(SystolicDriver, BadChipConfig) {
  Artifact artifact = loadArtifact(modelWriter());
  TempFile config("bad.cfg", "[mxu]\nrows = banana\n");
  Executor executor;
  Status status =
      load(artifact, executor, {{"systolic.chip-config", config.path}});
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message().rfind(config.path + ":2:", 0), 0u)
      << status.message();
}

TEST(SystolicDriver, DriverOptions) {
  Artifact artifact = loadArtifact(modelWriter());
  Executor executor;
  Status status = load(artifact, executor, {{"systolic.speed", "fast"}});
  EXPECT_EQ(status.message(),
            "unknown systolic driver option 'systolic.speed' (known: "
            "systolic.chip-config, systolic.trace)");
  status = load(artifact, executor, {{"tpu.chip", "x"}});
  EXPECT_EQ(status.message(),
            "driver option 'tpu.chip' names no driver of this runtime (keys "
            "are DRIVER.NAME; drivers: cpu, systolic)");
  EXPECT_TRUE(executor.empty());
}

TEST(SystolicDriver, CorruptLibrary) {
  LibrarySpec spec = librarySpec();
  std::vector<uint8_t> bytes = libraryBytes(spec);
  // Truncated: the root offset points past the end.
  std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + 12);
  Artifact artifact = loadArtifact(modelWriter(truncated, entryPoints(spec)));
  Executor executor;
  Status status = load(artifact, executor);
  EXPECT_EQ(status.code(), StatusCode::DataLoss);
  EXPECT_EQ(status.message(),
            "kernel library 0 is corrupt: its code is not a systolic kernel "
            "library that passes verification");
  // Every byte flipped in turn: refused or run, never a crash.
  for (size_t i = 0; i < bytes.size(); i += 7) {
    std::vector<uint8_t> flipped = bytes;
    flipped[i] ^= 0xa5;
    Artifact broken;
    if (!Artifact::load(modelWriter(flipped, entryPoints(spec)).finish(),
                        broken)
             .isOk())
      continue;
    // A flip in an immediate or in the constants still verifies.
    Executor any;
    Status opened = load(broken, any);
    EXPECT_TRUE(opened.isOk() || !opened.message().empty()) << i;
  }
}

TEST(SystolicDriver, InconsistentLibrary) {
  struct Case {
    std::function<void(LibrarySpec &)> breakIt;
    StatusCode code;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](LibrarySpec &s) { s.version = 2; }, StatusCode::Unimplemented,
       "kernel library 0 has systolic library version 2; this runtime reads "
       "version 1"},
      {[](LibrarySpec &s) { s.kernels[1].entry = 40; }, StatusCode::DataLoss,
       "kernel library 0 kernel 1 ('scale_f32') starts at instruction 40, "
       "but the program has 29"},
      {[](LibrarySpec &s) { s.kernels[0].argumentCount = 30; },
       StatusCode::DataLoss,
       "kernel library 0 kernel 0 ('add_f32') has 30 arguments; registers "
       "s3-s31 hold at most 29"},
      {[](LibrarySpec &s) { s.kernels[1].argumentCount = 3; },
       StatusCode::DataLoss,
       "command 2: kernel 'scale_f32' is launched with 2 arguments, but it "
       "takes 3"},
      {[](LibrarySpec &s) { s.kernels[0].name = ""; }, StatusCode::DataLoss,
       "kernel library 0 kernel 0 has no name"},
      {[](LibrarySpec &s) { s.code.resize(s.code.size() - 16); },
       StatusCode::DataLoss, "kernel library 0: "},
  };
  for (const Case &c : cases) {
    LibrarySpec spec = librarySpec();
    std::vector<std::string> names = entryPoints(spec);
    c.breakIt(spec);
    Artifact artifact = loadArtifact(modelWriter(libraryBytes(spec), names));
    Executor executor;
    Status status = load(artifact, executor);
    EXPECT_EQ(status.code(), c.code) << status.message();
    EXPECT_EQ(status.message().rfind(c.message, 0), 0u) << status.message();
  }

  // The artifact's entry points must be the library's kernels.
  LibrarySpec spec = librarySpec();
  Artifact artifact = loadArtifact(
      modelWriter(libraryBytes(spec), {"add_f32", "scale", "fault"}));
  Executor executor;
  EXPECT_EQ(load(artifact, executor).message(),
            "kernel library 0 entry point 1 is 'scale', but the systolic "
            "library's kernel 1 is 'scale_f32'");
}

TEST(SystolicDriver, FaultingKernel) {
  LibrarySpec spec = librarySpec();
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {8, 8});
  writer.addBuffer(artifact::BufferKind_Input, 0, 256, 64);
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, libraryBytes(spec),
                    entryPoints(spec));
  uint32_t device = writer.addDevice(artifact::Target_Systolic, 0);
  writer.addLaunch(device, 0, 2, {0}, {1, 1, 1});
  Artifact artifact = loadArtifact(writer);
  Executor executor;
  ASSERT_TRUE(load(artifact, executor).isOk());
  std::vector<Tensor> outputs;
  Status status = runOn(executor, {tensor(ramp(0, 1))}, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message().rfind("command 0: kernel 'fault': ", 0), 0u)
      << status.message();
  EXPECT_NE(status.message().find("dma.load"), std::string::npos)
      << status.message();
  EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
}

TEST(SystolicDriver, SeveralWorkgroupsRefused) {
  LibrarySpec spec = librarySpec();
  ArtifactWriter writer("loom-test 1.0");
  writer.addInput("x", DType::F32, {8, 8});
  writer.addBuffer(artifact::BufferKind_Input, 0, 256, 64);
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, libraryBytes(spec),
                    entryPoints(spec));
  uint32_t device = writer.addDevice(artifact::Target_Systolic, 0);
  writer.addLaunch(device, 0, 2, {0}, {2, 1, 1});
  Artifact artifact = loadArtifact(writer);
  Executor executor;
  EXPECT_EQ(load(artifact, executor).message(),
            "command 0: kernel 'fault' is launched over several workgroups; "
            "a systolic kernel runs once per launch");
}
