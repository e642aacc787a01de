//===- ErrorTest.cpp - Bad input gets a precise message and exit code ------===//
//
// Part of the Loom project.
//
// Every failure path of loom-sim: malformed config, topology and program,
// out-of-range VMEM, misaligned DMA, flag deadlocks on one chip and across
// chips (detected, never a hang), runaway loops, mismatched messages. Each
// message must name the file and line or the instruction index.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include <unistd.h>

#include "SystolicTestUtils.h"

#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

/// Runs loom-sim with `args`, expects exit code `code` and that stderr is
/// exactly "loom-sim: error: " + `message` + "\n".
void expectError(const std::vector<std::string> &args,
                 const std::string &message, int code = 1) {
  std::string out, err;
  EXPECT_EQ(runTool(args, out, err), code);
  EXPECT_EQ(err, "loom-sim: error: " + message + "\n");
}

} // namespace

TEST(ErrorTest, MalformedInputsNameFileAndLine) {
  std::string cfg = inputPath("bad_chip.cfg");
  expectError({"run", "--config", cfg, inputPath("deadlock.s")},
              cfg + ":5: hbm.latency_cycles = 'fast': expected an integer in "
                    "[0, 1000000]");
  std::string program = inputPath("unknown_instruction.s");
  expectError({"run", program}, program + ":2: unknown instruction 'vmul'");
  std::string topology = inputPath("bad_topology.csv");
  expectError({"scalesim", "-c", inputPath("scalesim_32x32_ws.cfg"), "-t",
               topology, "-p", "/tmp"},
              topology + ":3: expected 'Layer name, IFMAP Height, IFMAP Width, "
                         "Filter Height, Filter Width, Channels, Num Filter, "
                         "Strides,' (optionally a second stride for the "
                         "width), got 6 cell(s)");
  std::string scaleCfg = inputPath("bad_scalesim.cfg");
  expectError({"scalesim", "-c", scaleCfg, "-t", inputPath("alexnet.csv"), "-p",
               "/tmp"},
              scaleCfg + ":6: ArrayWidth = 'thirty-two': expected an integer "
                         "in [8, 256]");
  expectError({"run", "/nonexistent/prog.s"},
              "/nonexistent/prog.s: cannot open file");
}

TEST(ErrorTest, RunTimeErrorsNameTheInstruction) {
  std::string vmem = inputPath("bad_vmem.s");
  expectError({"run", vmem},
              vmem + ":3: instruction 1 (vld v0, s2, 512, 8, 128): vld VMEM "
                     "range [33553920, 33558016) is outside VMEM (33554432 "
                     "bytes)");
  std::string dma = inputPath("misaligned_dma.s");
  expectError({"run", dma},
              dma + ":4: instruction 2 (dma.load s2, s3, f0, 1, 64, 0, 0): "
                    "misaligned DMA: HBM address 102 is not a multiple of the "
                    "4-byte DMA alignment");
  std::string noHalt = inputPath("no_halt.s");
  expectError({"run", noHalt},
              noHalt + ": execution ran past the last instruction (1) without "
                       "`halt`");
  std::string runaway = inputPath("runaway.s");
  expectError({"run", "--max-instructions", "1000", runaway},
              "stopped after 1000 instructions, the limit for one run; chip 0 "
              "is at " +
                  runaway + ":3: instruction 0 (s.addi s2, s2, 1) (does a "
                            "loop never end?)");
}

TEST(ErrorTest, FlagDeadlockOnOneChipIsReported) {
  std::string path = inputPath("deadlock.s");
  expectError({"run", path},
              "deadlock: no DMA, message or signal is pending that could raise "
              "the flags these chips wait on:\n  " +
                  path + ":3: instruction 1 (wait f3, 1) waits from cycle 1: "
                         "f3 is 0, needs 1");
}

TEST(ErrorTest, MultiChipDeadlockIsDetectedNotHung) {
  std::string path = inputPath("deadlock_pair.s");
  std::string config = fmt::format("{}/ring2-{}.cfg",
                                   std::filesystem::temp_directory_path().string(),
                                   ::getpid());
  std::string text = "[ici]\ntorus = 2\n";
  ASSERT_TRUE(
      writeFile(config, std::vector<uint8_t>(text.begin(), text.end())).isOk());
  expectError(
      {"run", "--config", config, path},
      "deadlock: no DMA, message or signal is pending that could raise the "
      "flags these chips wait on:\n"
      "  chip 0: " + path + ":6: instruction 4 (wait f1, 1) waits from cycle 4: "
      "f1 is 0, needs 1\n"
      "  chip 1: " + path + ":6: instruction 4 (wait f1, 1) waits from cycle 4: "
      "f1 is 0, needs 1\n"
      "  chip 0: " + path + ":5: instruction 3 (recv s2, s3, f1, 4096) is still "
      "waiting for a message from chip 1\n"
      "  chip 1: " + path + ":5: instruction 3 (recv s2, s3, f1, 4096) is still "
      "waiting for a message from chip 0");
  std::filesystem::remove(config);
}

TEST(ErrorTest, MismatchedAndMisaddressedMessages) {
  ChipConfig config;
  config.ici.torus = {2};
  std::unique_ptr<System> system = makeSystem(
      config, "    s.li s2, 0\n    s.li s3, 1\n    s.sub s3, s3, s0\n"
              "    br.eq s0, s2, sender\n"
              "    recv s2, s3, f1, 512\n    wait f1, 1\n    halt\n"
              "sender:\n    send s2, s3, f0, 1024\n    wait f0, 1\n    halt\n");
  Status status = system->run();
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "chip 1: test.s:5: instruction 4 (recv s2, s3, f1, 512): receives "
            "512 bytes from chip 0, but chip 0 sent 1024 bytes at test.s:9: "
            "instruction 7 (send s2, s3, f0, 1024)");
  std::unique_ptr<System> bad = makeSystem(
      config, "    s.li s2, 0\n    s.li s3, 5\n    send s2, s3, f0, 64\n"
              "    halt\n");
  status = bad->run();
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "chip 0: test.s:3: instruction 2 (send s2, s3, f0, 64): send to "
            "chip 5, but the torus 2 has chips 0..1");
  std::unique_ptr<System> orphan = makeSystem(
      config, "    s.li s2, 0\n    s.li s3, 1\n    br.eq s0, s3, done\n"
              "    send s2, s3, f0, 64\n    wait f0, 1\ndone:\n    halt\n");
  status = orphan->run();
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "chip 1 halted without receiving the 64-byte message chip 0 sent "
            "at test.s:4: instruction 3 (send s2, s3, f0, 64)");
}

TEST(ErrorTest, MxuMisuseIsReported) {
  ChipConfig config;
  struct Case {
    const char *program;
    const char *message;
  } cases[] = {
      {"    s.li s2, 0\n    matmul m0, s2, s2, 8, 256\n    halt\n",
       "test.s:2: instruction 1 (matmul m0, s2, s2, 8, 256): matmul on m0 "
       "before any weights are active (the first matmul after ldw needs .swap)"},
      {"    s.li s2, 0\n    ldw m7, s2, 8, 8, 16\n    halt\n",
       "test.s:2: instruction 1 (ldw m7, s2, 8, 8, 16): MXU m7 does not exist "
       "(the chip has 4)"},
      {"    s.li s2, 0\n    ldw m0, s2, 129, 8, 16\n    halt\n",
       "test.s:2: instruction 1 (ldw m0, s2, 129, 8, 16): weight tile 129x8 "
       "does not fit the 128x128 MXU"},
      {"    s.li s2, 0\n    s.li s3, 4090\n    ldw m0, s2, 8, 8, 16\n"
       "    matmul.swap m0, s3, s2, 8, 16\n    halt\n",
       "test.s:4: instruction 3 (matmul.swap m0, s3, s2, 8, 16): accumulator "
       "rows [4090, 4098) are outside m0's 4096 rows"},
      {"    s.li s2, 1\n    s.li s3, 0\n    s.div s4, s2, s3\n    halt\n",
       "test.s:3: instruction 2 (s.div s4, s2, s3): division by zero"},
      {"    s.li s2, 100\n    ldws m0, s2, 8, 8, 16, -20\n    halt\n",
       "test.s:2: instruction 1 (ldws m0, s2, 8, 8, 16, -20): ldw VMEM range "
       "starts at -180, below address 0"},
  };
  for (const Case &c : cases) {
    std::unique_ptr<System> system = makeSystem(config, c.program);
    Status status = system->run();
    ASSERT_FALSE(status.isOk()) << c.program;
    EXPECT_EQ(status.message(), c.message);
  }
}

TEST(ErrorTest, MisusedIsaExtensionsAreReported) {
  ChipConfig config;
  struct Case {
    const char *program;
    const char *message;
  } cases[] = {
      {"    x.sum.init v0, v1, v2, 129\n    halt\n",
       "test.s:1: instruction 0 (x.sum.init v0, v1, v2, 129): 129 lanes is not "
       "within the register's 128 lanes"},
      {"    s.li s2, 8\n    vlds v0, s2, 0, 1, 128, -1\n    halt\n",
       "test.s:2: instruction 1 (vlds v0, s2, 0, 1, 128, -1): vld VMEM range "
       "[-500, 12) starts below address 0"},
      {"    s.li s2, 0x1fffff0\n    vsts.i64 v0, s2, 0, 1, 3, 1\n    halt\n",
       "test.s:2: instruction 1 (vsts.i64 v0, s2, 0, 1, 3, 1): vst VMEM range "
       "[33554416, 33554440) is outside VMEM (33554432 bytes)"},
      {"    s.li s2, 33554430\n    s.ld s3, s2\n    halt\n",
       "test.s:2: instruction 1 (s.ld s3, s2): s.ld VMEM range [33554430, "
       "33554438) is outside VMEM (33554432 bytes)"},
      {"    s.li s2, -4\n    s.ld32 s3, s2\n    halt\n",
       "test.s:2: instruction 1 (s.ld32 s3, s2): s.ld32 VMEM address -4 is "
       "negative"},
  };
  for (const Case &c : cases) {
    std::unique_ptr<System> system = makeSystem(config, c.program);
    Status status = system->run();
    ASSERT_FALSE(status.isOk()) << c.program;
    EXPECT_EQ(status.message(), c.message);
  }
}

TEST(ErrorTest, UsageErrorsExitWithTwo) {
  std::string out, err;
  EXPECT_EQ(runTool({}, out, err), 2);
  EXPECT_EQ(runTool({"frobnicate"}, out, err), 2);
  EXPECT_NE(err.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(runTool({"run"}, out, err), 2);
  EXPECT_EQ(runTool({"run", "--hbm-in", "zzz", "x.s"}, out, err), 2);
  EXPECT_EQ(runTool({"scalesim", "-c", "x"}, out, err), 2);
  EXPECT_EQ(runTool({"help"}, out, err), 0);
  EXPECT_NE(out.find("usage: loom-sim"), std::string::npos);
}

TEST(ErrorTest, TheBinaryExitsNonZeroWithTheMessage) {
  std::string log = fmt::format("{}/loom-sim-err-{}.txt",
                                std::filesystem::temp_directory_path().string(),
                                ::getpid());
  std::string command = fmt::format("{} run {} 2> {}", LOOM_SIM_BINARY,
                                    inputPath("deadlock.s"), log);
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  Result<std::vector<uint8_t>> text = readBinaryFile(log);
  ASSERT_TRUE(text.isOk());
  std::string message(text->begin(), text->end());
  EXPECT_NE(message.find("deadlock:"), std::string::npos) << message;
  std::filesystem::remove(log);
}

TEST(ErrorTest, RandomProgramsEndInHaltOrAnErrorNeverACrash) {
  // Random instructions with random fields (registers hold whatever earlier
  // random instructions put there) on two small chips: every run must end,
  // cleanly or with a message, within the instruction limit.
  ChipConfig config;
  config.ici.torus = {2};
  config.vmemBytes = 64 << 10;
  config.hbm.bytes = 64 << 10;
  config.mxu.rows = config.mxu.cols = 8;
  config.mxu.accumulatorRows = 64;
  RunOptions options;
  options.maxInstructions = 20000;
  std::mt19937_64 random(2024);
  const std::vector<MnemonicInfo> &table = mnemonicTable();
  int failures = 0, successes = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Program program;
    program.name = fmt::format("random{}", trial);
    const int length = 24;
    for (int i = 0; i < length; ++i) {
      const MnemonicInfo &mnemonic = table[random() % table.size()];
      Instruction inst;
      inst.opcode = mnemonic.opcode;
      inst.func = mnemonic.func;
      const OpcodeInfo &info = opcodeInfo(mnemonic.opcode);
      for (size_t f = 0; f < mnemonic.shownFields.size(); ++f) {
        const FieldInfo &field = info.fields[mnemonic.shownFields[f]];
        int64_t value;
        switch (field.kind) {
        case FieldKind::Target: value = random() % length; break;
        case FieldKind::Signed: value = static_cast<int64_t>(random() % 4096) - 64; break;
        case FieldKind::Unsigned: value = random() % (field.bits > 12 ? 600 : 9); break;
        default: value = random() % (uint64_t(1) << field.bits); break;
        }
        inst.field[mnemonic.shownFields[f]] = value;
      }
      program.code.push_back(inst);
    }
    program.code.push_back(Instruction()); // halt
    Result<std::unique_ptr<System>> system = System::create(config, options);
    ASSERT_TRUE(system.isOk());
    ASSERT_TRUE((*system)->loadPrograms({program}).isOk());
    Status status = (*system)->run();
    if (status.isOk())
      ++successes;
    else {
      ++failures;
      EXPECT_FALSE(status.message().empty());
    }
  }
  EXPECT_GT(failures, 0);
  EXPECT_GT(successes, 0);
}
