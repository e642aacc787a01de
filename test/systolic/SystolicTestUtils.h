//===- SystolicTestUtils.h - Helpers of the systolic tests -------*- C++ -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_SYSTOLIC_SYSTOLICTESTUTILS_H
#define LOOM_TEST_SYSTOLIC_SYSTOLICTESTUTILS_H

#include "simulator/systolic/Assembler.h"
#include "simulator/systolic/System.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace loom::systolic::test {

/// Path of a file under test/systolic/Inputs.
std::string inputPath(const std::string &name);

/// Assembles `text` (failing the test on error) and builds a system of
/// `config` with it loaded on every chip.
std::unique_ptr<System> makeSystem(const ChipConfig &config,
                                   const std::string &text,
                                   RunOptions options = RunOptions());

/// Runs `args` through loom-sim's entry point; returns the exit code and
/// fills `out` / `err`.
int runTool(const std::vector<std::string> &args, std::string &out,
            std::string &err);

/// Random f32 values of mixed magnitudes (normal, tiny, large, zeros).
std::vector<float> randomFloats(std::mt19937 &random, size_t count);
/// Random values already representable in bf16, and their bits.
std::vector<uint16_t> randomBf16(std::mt19937 &random, size_t count);

void writeHbm(Chip &chip, int64_t address, const void *data, size_t bytes);
std::vector<float> readHbmFloats(Chip &chip, int64_t address, size_t count);

/// Bitwise float comparison with a readable message for the first mismatch.
::testing::AssertionResult sameBits(const std::vector<float> &actual,
                                    const std::vector<float> &expected);

int64_t alignTo(int64_t value, int64_t alignment);

} // namespace loom::systolic::test

#endif // LOOM_TEST_SYSTOLIC_SYSTOLICTESTUTILS_H
