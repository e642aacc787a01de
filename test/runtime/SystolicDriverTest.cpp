//===- SystolicDriverTest.cpp - Tests of the systolic device --------------===//
//
// Part of the Loom project.
//
// The systolic driver over the hand-built artifacts of SystolicModels.h,
// without the compiler: the outputs against the host's arithmetic, runs
// again with new inputs, the profile and the trace, and every refusal: a
// chip that is not the library's, a corrupt or inconsistent library, bad
// driver options, a faulting kernel, a launch over several workgroups.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executor.h"
#include "runtime/trace/Trace.h"
#include "simulator/systolic/Config.h"
#include "test/runtime/SystolicModels.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <unistd.h>

using namespace loom;

namespace {

using test::ramp;
using test::systolicEntryPoints;
using test::systolicLibrary;
using test::SystolicLibrarySpec;
using test::systolicLibrarySpec;
using test::systolicModel;

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
  std::vector<float> z, w;
  test::systolicExpected(x, y, z, w);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(outputs[0].data<float>()[i], z[i]) << i;
    EXPECT_EQ(outputs[1].data<float>()[i], w[i]) << i;
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
  Artifact artifact = loadArtifact(systolicModel());
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
  Artifact artifact = loadArtifact(systolicModel());
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
  Artifact artifact = loadArtifact(systolicModel());
  TempFile trace("trace.json");
  Executor executor;
  Status status = load(artifact, executor, {{"systolic.trace", trace.path}});
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  ASSERT_TRUE(runOn(executor, {tensor(ramp(0, 1)), tensor(ramp(1, 1))}, outputs)
                  .isOk());
  nlohmann::json json = nlohmann::json::parse(trace.read());
  std::map<std::string, int> spans;
  std::vector<std::string> names;
  for (const nlohmann::json &event : json.at("traceEvents")) {
    if (event.at("ph") == "X") {
      ++spans[event.at("name").get<std::string>()];
      EXPECT_EQ(event.at("pid"), 0);
    } else if (event.at("name") == "process_name" ||
               event.at("name") == "thread_name") {
      names.push_back(event.at("args").at("name").get<std::string>());
    }
  }
  EXPECT_EQ(spans["scale_f32"], 1);
  // Unit operations are named by their instruction ("v.add v3, v1, v2").
  EXPECT_TRUE(std::any_of(spans.begin(), spans.end(), [](const auto &span) {
    return span.first.rfind("v.add ", 0) == 0;
  }));
  EXPECT_NE(std::find(names.begin(), names.end(), "kernels"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "systolic device 0"),
            names.end());

  // A trace that cannot be written fails the run with one line.
  std::string nowhere = trace.path + ".missing/trace.json";
  ASSERT_TRUE(load(artifact, executor, {{"systolic.trace", nowhere}}).isOk());
  Status failed =
      runOn(executor, {tensor(ramp(0, 1)), tensor(ramp(1, 1))}, outputs);
  EXPECT_EQ(failed.message(), "cannot write the trace to '" + nowhere + "'");
}

// The run trace (loom-run --trace): a wall-clock span per launch on the
// device's command track, and the chip's own unit-level timeline in
// simulated time on a process of its own, starting where the run started.
TEST(SystolicDriver, RecordsIntoTheRunTrace) {
  Artifact artifact = loadArtifact(systolicModel());
  TraceRecorder trace;
  ExecutorOptions options;
  options.trace = &trace;
  Executor executor;
  ASSERT_TRUE(Executor::load(artifact, options, executor).isOk());
  std::vector<Tensor> outputs;
  ASSERT_TRUE(runOn(executor, {tensor(ramp(0, 1)), tensor(ramp(1, 1))}, outputs)
                  .isOk());
  nlohmann::json json = nlohmann::json::parse(trace.json());
  const int device = TraceRecorder::kFirstDeviceProcess;
  const int chip = TraceRecorder::kFirstSimulatedProcess;
  std::map<int, std::string> processes;
  std::vector<nlohmann::json> launches, simulatedKernels, unitOps;
  for (const nlohmann::json &event : json.at("traceEvents")) {
    if (event.at("name") == "process_name")
      processes[event.at("pid").get<int>()] =
          event.at("args").at("name").get<std::string>();
    if (event.at("ph") != "X")
      continue;
    if (event.at("pid") == device && event.at("cat") == "launch")
      launches.push_back(event);
    else if (event.at("pid") == chip && event.at("cat") == "simulated")
      (event.at("name") == "scale_f32" || event.at("name") == "add_f32"
           ? simulatedKernels
           : unitOps)
          .push_back(event);
  }
  EXPECT_EQ(processes[device], "device 0 (systolic)");
  EXPECT_EQ(processes[chip], "device 0 (systolic chip, simulated time)");
  ASSERT_EQ(launches.size(), simulatedKernels.size());
  ASSERT_FALSE(launches.empty());
  EXPECT_EQ(launches[0].at("args").at("command"), 0);
  EXPECT_FALSE(unitOps.empty());
  // Simulated kernels follow each other from the run's start, each as long
  // as its cycles at the chip's clock.
  double frequencyMHz = systolic::ChipConfig().frequencyGHz * 1e3;
  for (const nlohmann::json &kernel : simulatedKernels) {
    double cycles = kernel.at("args").at("end_cycle").get<double>() -
                    kernel.at("args").at("start_cycle").get<double>();
    EXPECT_GT(cycles, 0);
    EXPECT_NEAR(kernel.at("dur").get<double>(), cycles / frequencyMHz, 1e-6);
    EXPECT_GE(kernel.at("ts").get<double>(),
              launches[0].at("ts").get<double>() - 1e3);
  }
}

TEST(SystolicDriver, ChipConfigMustMatchTheLibrary) {
  Artifact artifact = loadArtifact(systolicModel());
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
  SystolicLibrarySpec spec = systolicLibrarySpec();
  spec.chip.mxu.rows = 64;
  Artifact matching = loadArtifact(systolicModel(spec));
  status = load(matching, executor, {{"systolic.chip-config", config.path}});
  ASSERT_TRUE(status.isOk()) << status.message();
  std::vector<Tensor> outputs;
  std::vector<float> x = ramp(2, 1), y = ramp(3, 3);
  ASSERT_TRUE(runOn(executor, {tensor(x), tensor(y)}, outputs).isOk());
  expectOutputs(outputs, x, y);
}

TEST(SystolicDriver, BadChipConfig) {
  Artifact artifact = loadArtifact(systolicModel());
  TempFile config("bad.cfg", "[mxu]\nrows = banana\n");
  Executor executor;
  Status status =
      load(artifact, executor, {{"systolic.chip-config", config.path}});
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message().rfind(config.path + ":2:", 0), 0u)
      << status.message();
}

TEST(SystolicDriver, DriverOptions) {
  Artifact artifact = loadArtifact(systolicModel());
  Executor executor;
  Status status = load(artifact, executor, {{"systolic.speed", "fast"}});
  EXPECT_EQ(status.message(),
            "unknown systolic driver option 'systolic.speed' (known: "
            "systolic.chip-config, systolic.trace, "
            "systolic.max-instructions)");
  status = load(artifact, executor, {{"tpu.chip", "x"}});
  EXPECT_EQ(status.message(),
            "driver option 'tpu.chip' names no driver of this runtime (keys "
            "are DRIVER.NAME; drivers: cpu, cuda, systolic)");
  status = load(artifact, executor, {{"cpu.threads", "1"}});
  EXPECT_EQ(status.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(status.message(),
            "driver option 'cpu.threads' is for the cpu driver, which runs no "
            "program of this artifact (its programs run on: systolic)");
  EXPECT_TRUE(executor.empty());
  EXPECT_EQ(executor.profile(), "");
}

TEST(SystolicDriver, CorruptLibrary) {
  SystolicLibrarySpec spec = systolicLibrarySpec();
  std::vector<uint8_t> bytes = systolicLibrary(spec);
  // Truncated: the root offset points past the end.
  std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + 12);
  Artifact artifact =
      loadArtifact(systolicModel(truncated, systolicEntryPoints(spec)));
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
    if (!Artifact::load(
             systolicModel(flipped, systolicEntryPoints(spec)).finish(), broken)
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
    std::function<void(SystolicLibrarySpec &)> breakIt;
    StatusCode code;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](SystolicLibrarySpec &s) { s.version = 2; }, StatusCode::Unimplemented,
       "kernel library 0 has systolic library version 2; this runtime reads "
       "version 1"},
      {[](SystolicLibrarySpec &s) { s.kernels[1].entry = 40; },
       StatusCode::DataLoss,
       "kernel library 0 kernel 1 ('scale_f32') starts at instruction 40, "
       "but the program has 30"},
      {[](SystolicLibrarySpec &s) { s.kernels[0].argumentCount = 30; },
       StatusCode::DataLoss,
       "kernel library 0 kernel 0 ('add_f32') has 30 arguments; registers "
       "s3-s31 hold at most 29"},
      {[](SystolicLibrarySpec &s) { s.kernels[1].argumentCount = 3; },
       StatusCode::DataLoss,
       "command 2: kernel 'scale_f32' is launched with 2 arguments, but it "
       "takes 3"},
      {[](SystolicLibrarySpec &s) { s.kernels[0].name = ""; },
       StatusCode::DataLoss, "kernel library 0 kernel 0 has no name"},
      {[](SystolicLibrarySpec &s) { s.code.resize(s.code.size() - 16); },
       StatusCode::DataLoss, "kernel library 0: "},
  };
  for (const Case &c : cases) {
    SystolicLibrarySpec spec = systolicLibrarySpec();
    std::vector<std::string> names = systolicEntryPoints(spec);
    c.breakIt(spec);
    Artifact artifact =
        loadArtifact(systolicModel(systolicLibrary(spec), names));
    Executor executor;
    Status status = load(artifact, executor);
    EXPECT_EQ(status.code(), c.code) << status.message();
    EXPECT_EQ(status.message().rfind(c.message, 0), 0u) << status.message();
  }

  // The artifact's entry points must be the library's kernels.
  SystolicLibrarySpec spec = systolicLibrarySpec();
  Artifact artifact = loadArtifact(systolicModel(
      systolicLibrary(spec), {"add_f32", "scale", "fault", "spin"}));
  Executor executor;
  EXPECT_EQ(load(artifact, executor).message(),
            "kernel library 0 entry point 1 is 'scale', but the systolic "
            "library's kernel 1 is 'scale_f32'");
}

TEST(SystolicDriver, FaultingKernel) {
  Artifact artifact = loadArtifact(test::systolicSingleLaunch(2));
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

TEST(SystolicDriver, RunawayKernelStops) {
  Artifact artifact = loadArtifact(test::systolicSingleLaunch(3));
  Executor executor;
  ASSERT_TRUE(
      load(artifact, executor, {{"systolic.max-instructions", "1000"}}).isOk());
  std::vector<Tensor> outputs;
  Status status = runOn(executor, {tensor(ramp(0, 1))}, outputs);
  EXPECT_EQ(status.code(), StatusCode::DeadlineExceeded);
  EXPECT_EQ(status.message(),
            "command 0: kernel 'spin': stopped after 1000 instructions, the "
            "limit for one run; chip 0 is at kernel library 0: instruction 29 "
            "(jmp 29) (does a loop never end?)");
  for (const char *bad : {"0", "-5", "many", "10x", ""})
    EXPECT_EQ(load(artifact, executor, {{"systolic.max-instructions", bad}})
                  .message(),
              std::string("systolic.max-instructions needs a positive "
                          "integer, not '") +
                  bad + "'");
}

TEST(SystolicDriver, SeveralWorkgroupsRefused) {
  Artifact artifact = loadArtifact(test::systolicSingleLaunch(2, {2, 1, 1}));
  Executor executor;
  EXPECT_EQ(load(artifact, executor).message(),
            "command 0: kernel 'fault' is launched over several workgroups; "
            "a systolic kernel runs once per launch");
}
