//===- Collective.h - Collectives over the torus links ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// A kernel that holds one `shard` collective (loom-systolic-outline-
// collectives) runs on every chip of the mesh at once and moves the data
// with send/recv (codegen/Collective.cpp). The algorithm is chosen by the
// alpha-beta model of the chip's links; planCollective gives the choice and
// its predicted time, so the compile report and the code agree.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_CODEGEN_COLLECTIVE_H
#define LOOM_BACKENDS_SYSTOLIC_CODEGEN_COLLECTIVE_H

#include "simulator/systolic/Config.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>
#include <optional>
#include <string>

namespace loom::systolic::codegen {

enum class CollectiveAlgorithm {
  /// all_reduce: ring reduce-scatter, then ring all-gather.
  Ring,
  /// all_reduce: every chip sends its tensor to every other member and
  /// reduces the p tensors in group order (one latency, p-1 times the
  /// bytes): the choice for small tensors.
  Direct,
  /// all_gather / reduce_scatter: p-1 ring steps.
  RingGather,
  RingScatter,
  /// all_to_all: every pair exchanges its blocks at once.
  Pairwise,
  /// A group of one chip: a copy.
  Copy,
};

struct CollectivePlan {
  CollectiveAlgorithm algorithm;
  /// Group size, and the messages each ring step splits into (one per
  /// parallel link of a direction).
  int64_t groupSize = 1;
  int64_t pieces = 1;
  /// The alpha-beta prediction in chip cycles: ring steps or exchanges of
  /// (hops x hop latency + bytes / link bandwidth), plus the HBM loads and
  /// stores around them.
  int64_t cycles = 0;
  /// "ring all_reduce over 4 chips: 6 steps of 3 x 16384 bytes, ..." for
  /// the report.
  std::string description;
};

/// The collective op of a kernel made by loom-systolic-outline-collectives,
/// or null.
mlir::Operation *collectiveOfKernel(mlir::func::FuncOp kernel);

/// The algorithm codegen uses for `collective` on `chip` and its predicted
/// time; none when the op's mesh cannot be read (the generator reports it).
std::optional<CollectivePlan> planCollective(mlir::Operation *collective,
                                             const ChipConfig &chip);

} // namespace loom::systolic::codegen

#endif // LOOM_BACKENDS_SYSTOLIC_CODEGEN_COLLECTIVE_H
