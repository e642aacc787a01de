//===- SystolicTestUtils.cpp - Helpers of the systolic tests ---------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/Tool.h"
#include "runtime/Float16.h"

#include <cmath>
#include <cstring>
#include <sstream>

namespace loom::systolic::test {

std::string inputPath(const std::string &name) {
  return std::string(LOOM_SYSTOLIC_INPUTS) + "/" + name;
}

std::unique_ptr<System> makeSystem(const ChipConfig &config,
                                   const std::string &text,
                                   RunOptions options) {
  Result<Program> program = assemble(text, "test.s");
  EXPECT_TRUE(program.isOk()) << program.message();
  if (!program.isOk())
    return nullptr;
  Result<std::unique_ptr<System>> system = System::create(config, options);
  EXPECT_TRUE(system.isOk()) << system.message();
  if (!system.isOk())
    return nullptr;
  std::vector<Program> programs{*program};
  Status loaded = (*system)->loadPrograms(programs);
  EXPECT_TRUE(loaded.isOk()) << loaded.message();
  return std::move(*system);
}

int runTool(const std::vector<std::string> &args, std::string &out,
            std::string &err) {
  std::ostringstream outStream, errStream;
  int code = runLoomSim(args, outStream, errStream);
  out = outStream.str();
  err = errStream.str();
  return code;
}

std::vector<float> randomFloats(std::mt19937 &random, size_t count) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_int_distribution<int> kind(0, 19);
  std::vector<float> values(count);
  for (float &value : values) {
    int k = kind(random);
    float x = normal(random);
    value = k == 0 ? 0.0f : k == 1 ? -0.0f : k == 2 ? x * 1e-3f : k == 3 ? x * 1e3f : x;
  }
  return values;
}

std::vector<uint16_t> randomBf16(std::mt19937 &random, size_t count) {
  std::vector<float> values = randomFloats(random, count);
  std::vector<uint16_t> bits(count);
  for (size_t i = 0; i < count; ++i)
    bits[i] = floatToBFloat16(values[i]);
  return bits;
}

void writeHbm(Chip &chip, int64_t address, const void *data, size_t bytes) {
  chip.hbm().write(address, data, static_cast<int64_t>(bytes));
}

std::vector<float> readHbmFloats(Chip &chip, int64_t address, size_t count) {
  std::vector<float> values(count);
  chip.hbm().read(address, values.data(), static_cast<int64_t>(4 * count));
  return values;
}

::testing::AssertionResult sameBits(const std::vector<float> &actual,
                                    const std::vector<float> &expected) {
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure()
           << "sizes differ: " << actual.size() << " vs " << expected.size();
  for (size_t i = 0; i < actual.size(); ++i)
    if (floatBits(actual[i]) != floatBits(expected[i]))
      return ::testing::AssertionFailure()
             << "element " << i << ": got " << actual[i] << " (0x" << std::hex
             << floatBits(actual[i]) << "), expected " << std::dec
             << expected[i] << " (0x" << std::hex << floatBits(expected[i])
             << ")";
  return ::testing::AssertionSuccess();
}

int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

} // namespace loom::systolic::test
