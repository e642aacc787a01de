//===- SystolicLibrary.h - A verified systolic kernel library ---*- C++ -*-===//
//
// Part of the Loom project.
//
// The code segment of a SystolicProgram kernel library
// (runtime/artifact/systolic_library.fbs), verified and decoded once when a
// device opens: the FlatBuffers verifier, then the version, the chip
// requirements, the program (the simulator's LOOMSYS1 binary), and every
// kernel's name, entry and argument count, each checked against its bounds.
// A corrupt library is a DataLoss status naming the field, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICLIBRARY_H
#define LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICLIBRARY_H

#include "runtime/Artifact.h"
#include "runtime/Status.h"
#include "simulator/systolic/Config.h"
#include "simulator/systolic/Isa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace loom {

/// The library version this runtime reads.
constexpr uint32_t kSystolicLibraryVersion = 1;

/// At a kernel's entry s0..s2 hold the chip id, the chip count and the
/// constants' address, so s3..s31 leave room for 29 arguments.
constexpr uint32_t kSystolicMaxArguments = 29;

struct SystolicKernel {
  std::string name;
  /// Index of the kernel's first instruction in the library's program.
  uint32_t entry = 0;
  uint32_t argumentCount = 0;
};

/// The chip parameters a library's code was generated for.
struct SystolicChipRequirements {
  uint32_t mxuCount = 0, mxuRows = 0, mxuCols = 0, accumulatorRows = 0;
  uint64_t vmemBytes = 0;
  uint32_t sublanes = 0, lanes = 0, vectorRegisters = 0, dmaAlignment = 0;
};

class SystolicLibrary {
public:
  /// Verifies and decodes kernel library `library` of `artifact`, whose
  /// entry points must be the library's kernels in order. Messages start
  /// with "kernel library N".
  static Status load(const Artifact &artifact, size_t library,
                     SystolicLibrary &out);

  /// Checks that `chip` is the chip the code was generated for; a mismatch
  /// names the config key, the library's value and the chip's. `chipName`
  /// (the config file, or "the default chip") is named too.
  Status checkChip(const systolic::ChipConfig &chip,
                   const std::string &chipName) const;

  const systolic::Program &program() const { return code; }
  const std::vector<SystolicKernel> &kernels() const { return entries; }
  /// The library's constants, in place in the artifact.
  ByteSpan constants() const { return constantBytes; }

private:
  std::string where;
  SystolicChipRequirements requirements;
  systolic::Program code;
  std::vector<SystolicKernel> entries;
  ByteSpan constantBytes;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICLIBRARY_H
