//===- SystolicMeshTest.cpp - Mesh artifacts on one simulated torus -------===//
//
// Part of the Loom project.
//
// The systolic driver's mesh device (Driver::openMesh) over hand-built
// artifacts of 2 and 4 devices whose kernels move data between chips with
// `send` and `recv`: every device's program on its own chip of one System,
// command by command in lockstep. The outputs against the host's
// arithmetic, the profile per kernel and per chip with link bytes, the
// trace, and the refusals: a torus that is not the mesh's size, programs of
// different shapes, and kernels that deadlock (an error, never a hang).
//
//===----------------------------------------------------------------------===//

#include "runtime/ArtifactWriter.h"
#include "runtime/Executor.h"
#include "runtime/artifact/systolic_library_generated.h"
#include "simulator/systolic/Assembler.h"
#include "simulator/systolic/Config.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <unistd.h>

using namespace loom;

namespace {

namespace fbs = loom::systolic::library;
using artifact::BufferKind_Arena;
using artifact::BufferKind_Input;
using artifact::BufferKind_Output;

// Each kernel works on one 8x8 f32 tile (256 bytes, one DMA row); the left
// and right neighbours on the ring of s1 chips are s9 and s8.
#define NEIGHBOURS                                                             \
  "    s.addi    s8, s0, 1\n"                                                  \
  "    s.rem     s8, s8, s1\n"                                                 \
  "    s.add     s9, s0, s1\n"                                                 \
  "    s.subi    s9, s9, 1\n"                                                  \
  "    s.rem     s9, s9, s1\n"

const std::vector<std::pair<const char *, std::string>> kKernels = {
    // shift_add(a, out): out = a + the left neighbour's a.
    {"shift_add", "shift_add:\n" NEIGHBOURS R"(
    s.li      s6, 0
    s.li      s7, 256
    dma.load  s6, s3, f0, 1, 256, 256, 256
    wait      f0, 1
    recv      s7, s9, f1, 256
    send      s6, s8, f2, 256
    wait      f1, 1
    wait      f2, 1
    vld       v1, s6, 32, 8, 8
    vld       v2, s7, 32, 8, 8
    v.add     v3, v1, v2
    vst       v3, s6, 32, 8, 8
    dma.store s6, s4, f3, 1, 256, 256, 256
    wait      f3, 1
    halt
)"},
    // scale(a, out): out = a * the library's constants.
    {"scale", R"(scale:
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
)"},
    // ring_sum(a, out): out = the sum of every chip's a; each of the
    // s1 - 1 steps passes the tile received last to the right.
    {"ring_sum", "ring_sum:\n" NEIGHBOURS R"(
    s.li      s6, 0
    s.li      s7, 256
    s.li      s10, 512
    dma.load  s6, s3, f0, 1, 256, 256, 256
    dma.load  s7, s3, f0, 1, 256, 256, 256
    wait      f0, 2
    s.subi    s11, s1, 1
step:
    recv      s10, s9, f1, 256
    send      s7, s8, f2, 256
    wait      f1, 1
    wait      f2, 1
    vld       v1, s6, 32, 8, 8
    vld       v2, s10, 32, 8, 8
    v.add     v1, v1, v2
    vst       v1, s6, 32, 8, 8
    s.addi    s12, s7, 0
    s.addi    s7, s10, 0
    s.addi    s10, s12, 0
    loop      s11, step
    dma.store s6, s4, f3, 1, 256, 256, 256
    wait      f3, 1
    halt
)"},
    // stuck(a): waits for a message from the left that nobody sends.
    {"stuck", "stuck:\n" NEIGHBOURS R"(
    s.li      s6, 0
    recv      s6, s9, f0, 256
    wait      f0, 1
    halt
)"},
};
constexpr uint32_t kShiftAdd = 0, kScale = 1, kRingSum = 2, kStuck = 3;
const uint32_t kArgumentCounts[] = {2, 2, 2, 1};

std::vector<float> libraryConstant() {
  std::vector<float> values(64);
  for (int i = 0; i < 64; ++i)
    values[i] = 0.5f + 0.25f * float(i % 9);
  return values;
}

/// The kernels' library for the default chip.
ByteBuffer library() {
  std::string text;
  std::vector<uint32_t> entries;
  uint32_t next = 0;
  for (const auto &[name, code] : kKernels) {
    Result<systolic::Program> one =
        systolic::assemble(code, std::string(name) + ".s");
    EXPECT_TRUE(one.isOk()) << one.message();
    entries.push_back(next);
    next += static_cast<uint32_t>(one->code.size());
    text += code;
  }
  Result<systolic::Program> program =
      systolic::assemble(text, "mesh-kernels.s");
  EXPECT_TRUE(program.isOk()) << program.message();
  Result<std::vector<uint8_t>> binary = systolic::writeBinary(*program);
  EXPECT_TRUE(binary.isOk()) << binary.message();
  std::vector<float> constant = libraryConstant();
  std::vector<uint8_t> constants(256);
  std::memcpy(constants.data(), constant.data(), 256);

  flatbuffers::FlatBufferBuilder fbb;
  systolic::ChipConfig chip;
  auto requirements = fbs::CreateChipRequirements(
      fbb, chip.mxu.count, chip.mxu.rows, chip.mxu.cols,
      static_cast<uint32_t>(chip.mxu.accumulatorRows), chip.vmemBytes,
      chip.vector.sublanes, chip.vector.lanes, chip.vector.registers,
      static_cast<uint32_t>(chip.hbm.dmaAlignment));
  std::vector<flatbuffers::Offset<fbs::Kernel>> kernels;
  for (size_t k = 0; k < kKernels.size(); ++k)
    kernels.push_back(fbs::CreateKernel(fbb,
                                        fbb.CreateString(kKernels[k].first),
                                        entries[k], kArgumentCounts[k]));
  auto root = fbs::CreateLibrary(
      fbb, 1, requirements, fbb.CreateVector(*binary),
      fbb.CreateVector(constants), fbb.CreateVector(kernels));
  fbs::FinishLibraryBuffer(fbb, root);
  return {fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()};
}

std::vector<std::string> entryPoints() {
  std::vector<std::string> names;
  for (const auto &kernel : kKernels)
    names.push_back(kernel.first);
  return names;
}

/// A mesh of `devices` on one axis; x is (8 devices)x8xf32 split on
/// dimension 0. Each device runs
///   t = shift_add(x)     into the arena
///   y = scale(t)         output 0, split like x
///   s = ring_sum(x)      output 1, 8x8 replicated
///   w = copy of t        output 2, split like x
/// `extraCopy` gives device 1 one more command; `stuck` makes the first
/// launch the deadlocking kernel.
ArtifactWriter meshModel(uint32_t devices, bool extraCopy = false,
                         bool stuck = false) {
  ArtifactWriter writer("loom-test 1.0");
  int64_t rows = 8 * int64_t(devices);
  writer.addInput("x", DType::F32, {rows, 8});
  writer.addOutput("y", DType::F32, {rows, 8});
  writer.addOutput("s", DType::F32, {8, 8});
  writer.addOutput("w", DType::F32, {rows, 8});
  writer.setMesh({"ring"}, {devices});
  writer.setInputSharding(0, {{0}, {}});
  writer.setOutputSharding(0, {{0}, {}});
  writer.setOutputSharding(2, {{0}, {}});
  writer.addLibrary(artifact::Target_Systolic,
                    artifact::CodeFormat_SystolicProgram, library(),
                    entryPoints());
  for (uint32_t d = 0; d < devices; ++d) {
    uint32_t program = writer.addDevice(artifact::Target_Systolic, d);
    uint32_t x = writer.addProgramBuffer(program, BufferKind_Input, 0, 256, 64);
    uint32_t t = writer.addProgramBuffer(program, BufferKind_Arena, 0, 256, 64);
    uint32_t y =
        writer.addProgramBuffer(program, BufferKind_Output, 0, 256, 64);
    uint32_t s =
        writer.addProgramBuffer(program, BufferKind_Output, 1, 256, 64);
    uint32_t w =
        writer.addProgramBuffer(program, BufferKind_Output, 2, 256, 64);
    writer.setProgramArenaSize(program, 256);
    if (stuck)
      writer.addLaunch(program, 0, kStuck, {x}, {1, 1, 1});
    writer.addLaunch(program, 0, kShiftAdd, {x, t}, {1, 1, 1});
    writer.addLaunch(program, 0, kScale, {t, y}, {1, 1, 1});
    writer.addLaunch(program, 0, kRingSum, {x, s}, {1, 1, 1});
    writer.addCopy(program, t, w, 256);
    if (extraCopy && d == 1)
      writer.addCopy(program, t, w, 256);
  }
  return writer;
}

Artifact loadArtifact(const ArtifactWriter &writer) {
  Artifact artifact;
  Status status = Artifact::load(writer.finish(), artifact);
  EXPECT_TRUE(status.isOk()) << status.message();
  return artifact;
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

/// A chip config of the default chip on a ring of `chips`.
TempFile ringConfig(int chips) {
  return TempFile("ring" + std::to_string(chips) + ".cfg",
                  "[ici]\ntorus = " + std::to_string(chips) + "\n");
}

Status load(const Artifact &artifact, Executor &executor,
            std::map<std::string, std::string> driverOptions) {
  ExecutorOptions options;
  options.driverOptions = std::move(driverOptions);
  return Executor::load(artifact, options, executor);
}

/// x: device d's rows hold small integers, so every sum is exact in any
/// order.
Tensor input(uint32_t devices, float base) {
  Tensor x(DType::F32, {8 * int64_t(devices), 8});
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.data<float>()[i] = base + float(i % 61) - float(i / 64) * 3;
  return x;
}

void expectOutputs(uint32_t devices, const Tensor &x,
                   const std::vector<Tensor> &outputs) {
  ASSERT_EQ(outputs.size(), 3u);
  std::vector<float> k = libraryConstant();
  const float *in = x.data<float>();
  for (uint32_t d = 0; d < devices; ++d) {
    uint32_t left = (d + devices - 1) % devices;
    for (int i = 0; i < 64; ++i) {
      float w = in[d * 64 + i] + in[left * 64 + i];
      EXPECT_EQ(outputs[2].data<float>()[d * 64 + i], w) << d << " " << i;
      EXPECT_EQ(outputs[0].data<float>()[d * 64 + i], w * k[i])
          << d << " " << i;
    }
  }
  for (int i = 0; i < 64; ++i) {
    float sum = 0;
    for (uint32_t d = 0; d < devices; ++d)
      sum += in[d * 64 + i];
    EXPECT_EQ(outputs[1].data<float>()[i], sum) << i;
  }
}

} // namespace

TEST(SystolicMesh, RunsOnTwoAndFourChips) {
  for (uint32_t devices : {2u, 4u}) {
    SCOPED_TRACE(devices);
    Artifact artifact = loadArtifact(meshModel(devices));
    TempFile config = ringConfig(int(devices));
    Executor executor;
    Status status =
        load(artifact, executor, {{"systolic.chip-config", config.path}});
    ASSERT_TRUE(status.isOk()) << status.message();
    // Twice: constants stay, inputs are rewritten.
    for (float base : {1.0f, -20.0f}) {
      Tensor x = input(devices, base);
      std::vector<Tensor> outputs;
      status = executor.run(std::vector<Tensor>{x}, outputs);
      ASSERT_TRUE(status.isOk()) << status.message();
      expectOutputs(devices, x, outputs);
    }
  }
}

TEST(SystolicMesh, ProfilePerKernelAndChip) {
  Artifact artifact = loadArtifact(meshModel(4));
  TempFile config = ringConfig(4);
  Executor executor;
  ASSERT_TRUE(
      load(artifact, executor, {{"systolic.chip-config", config.path}}).isOk());
  std::vector<Tensor> outputs;
  ASSERT_TRUE(executor.run(std::vector<Tensor>{input(4, 0)}, outputs).isOk());
  std::string profile = executor.profile();
  EXPECT_EQ(profile.rfind("systolic profile: 4 chips, 3 launches, ", 0), 0u)
      << profile;
  EXPECT_NE(profile.find("4 copies of 1024 bytes"), std::string::npos)
      << profile;
  EXPECT_NE(profile.find("link bytes"), std::string::npos) << profile;
  EXPECT_NE(profile.find("link stall"), std::string::npos) << profile;
  // Row of a name: its text up to the end of the line.
  auto row = [&](const std::string &name) {
    size_t at = profile.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << name << "\n" << profile;
    if (at == std::string::npos)
      return std::string();
    return profile.substr(at + 1, profile.find('\n', at + 1) - at - 1);
  };
  // shift_add: every chip sends one tile; ring_sum: three each.
  EXPECT_NE(row("shift_add").find(" 1024 "), std::string::npos) << profile;
  EXPECT_NE(row("ring_sum").find(" 3072 "), std::string::npos) << profile;
  EXPECT_NE(row("scale").find(" 0 "), std::string::npos) << profile;
  for (int c = 0; c < 4; ++c)
    EXPECT_NE(row("chip " + std::to_string(c)).find(" 1024 "),
              std::string::npos)
        << profile;
  EXPECT_NE(profile.find("stalls (cycles): "), std::string::npos) << profile;
}

TEST(SystolicMesh, WritesOneTraceWithAProcessPerChip) {
  Artifact artifact = loadArtifact(meshModel(2));
  TempFile config = ringConfig(2);
  TempFile trace("mesh-trace.json");
  Executor executor;
  Status status = load(
      artifact, executor,
      {{"systolic.chip-config", config.path}, {"systolic.trace", trace.path}});
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  ASSERT_TRUE(executor.run(std::vector<Tensor>{input(2, 0)}, outputs).isOk());
  nlohmann::json json = nlohmann::json::parse(trace.read());
  std::map<int, std::string> processes;
  std::map<int, int> ringSums;
  for (const nlohmann::json &event : json.at("traceEvents")) {
    if (event.at("name") == "process_name")
      processes[event.at("pid").get<int>()] =
          event.at("args").at("name").get<std::string>();
    if (event.at("ph") == "X" && event.at("name") == "ring_sum")
      ++ringSums[event.at("pid").get<int>()];
  }
  EXPECT_EQ(processes[0], "systolic chip 0");
  EXPECT_EQ(processes[1], "systolic chip 1");
  EXPECT_EQ(ringSums[0], 1);
  EXPECT_EQ(ringSums[1], 1);
}

TEST(SystolicMesh, TorusMustHaveAChipPerDevice) {
  Artifact artifact = loadArtifact(meshModel(4));
  TempFile config = ringConfig(2);
  Executor executor;
  Status status =
      load(artifact, executor, {{"systolic.chip-config", config.path}});
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "the artifact's mesh has 4 devices, but the chip config '" +
                config.path +
                "' has a torus of 2 chips (ici.torus = 2); a mesh runs with "
                "one chip per device (set ici.torus to 4 chips in the chip "
                "config)");
  status = load(artifact, executor, {});
  EXPECT_EQ(status.message(),
            "the artifact's mesh has 4 devices, but the default chip has a "
            "torus of 1 chip (ici.torus = 1); a mesh runs with one chip per "
            "device (set ici.torus to 4 chips in the chip config)");
}

TEST(SystolicMesh, ProgramsMustRunInLockstep) {
  Artifact artifact = loadArtifact(meshModel(2, /*extraCopy=*/true));
  TempFile config = ringConfig(2);
  Executor executor;
  Status status =
      load(artifact, executor, {{"systolic.chip-config", config.path}});
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(),
            "device 1 has 5 commands but device 0 has 4; the systolic driver "
            "runs a mesh's programs in lockstep, so they must have the same "
            "commands, launch for launch and copy for copy");
}

TEST(SystolicMesh, DeadlockIsAnError) {
  Artifact artifact = loadArtifact(meshModel(4, false, /*stuck=*/true));
  TempFile config = ringConfig(4);
  Executor executor;
  Status status =
      load(artifact, executor, {{"systolic.chip-config", config.path}});
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  status = executor.run(std::vector<Tensor>{input(4, 0)}, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
  EXPECT_EQ(status.message().rfind("command 0: kernel 'stuck': deadlock: ", 0),
            0u)
      << status.message();
  // One line, naming every waiting chip.
  EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("wait on: chip 0: "), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("; chip 3: "), std::string::npos)
      << status.message();
  // The mesh stays usable: the next run fails the same way, it does not
  // hang.
  status = executor.run(std::vector<Tensor>{input(4, 0)}, outputs);
  EXPECT_EQ(status.code(), StatusCode::Aborted);
}

TEST(SystolicMesh, ProgramsOfAMeshDoNotOpenAlone) {
  // Under MPI, with some devices in other processes, the executor opens
  // each local program with Driver::open; the systolic driver refuses.
  Artifact artifact = loadArtifact(meshModel(2));
  const Driver *driver =
      DriverRegistry::builtin().find(artifact::Target_Systolic);
  ASSERT_NE(driver, nullptr);
  std::unique_ptr<Device> device;
  Status status = driver->open(artifact, 1, DeviceOptions(), device);
  EXPECT_EQ(status.code(), StatusCode::Unimplemented);
  EXPECT_EQ(status.message(),
            "device program 1 is one of a mesh of 2 devices; the systolic "
            "driver runs a mesh's programs together on one simulated torus, "
            "so every device must run in this process");
  EXPECT_EQ(device, nullptr);
}
