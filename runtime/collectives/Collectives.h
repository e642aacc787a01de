//===- Collectives.h - Vocabulary of Loom's collectives ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The values a collective is called with: the reduction kinds, a device's
// local tensor (pointer, dtype, row-major shape), a group of devices and the
// pairs of a collective permute, and the options every communicator shares.
// A group lists global device ids in order; that order decides where each
// member's data lands and the order in which reductions combine values.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_COLLECTIVES_H
#define LOOM_RUNTIME_COLLECTIVES_COLLECTIVES_H

#include "runtime/DType.h"
#include "runtime/Tensor.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loom::collectives {

/// How a reduction combines the members' values. Max and Min follow the
/// evaluator: a NaN operand gives NaN, and +0.0 counts as above -0.0.
/// Integer Sum and Product wrap (two's complement).
enum class ReduceKind : uint8_t { Sum, Product, Max, Min };

/// "sum", "product", "max", "min".
std::string_view reduceKindName(ReduceKind kind);

/// Whether reductions are defined for `type`: every dtype but i1.
bool isReducible(DType type);

/// A device's dense, row-major tensor that a collective reads.
struct ConstTensorView {
  const void *data = nullptr;
  DType dtype = DType::F32;
  Shape shape;
};

/// A device's dense, row-major tensor that a collective writes.
struct TensorView {
  void *data = nullptr;
  DType dtype = DType::F32;
  Shape shape;
};

/// Global device ids in [0, numDevices), each at most once, in group order.
using Group = std::vector<int>;

/// One transfer of a collective permute, as positions in the group (not
/// device ids): member `source` sends its tensor to member `target`.
struct PermutePair {
  int source = 0;
  int target = 0;
};

struct Options {
  /// How long one collective call may wait for its peers (local devices or
  /// other processes) before it fails; every wait is bounded by it.
  std::chrono::milliseconds timeout{60000};
  /// What this process runs, for a communicator spread over processes: at
  /// creation every rank tells the others its device count and this text
  /// (e.g. an artifact's name, size and hash), and creation fails on every
  /// rank, naming the first rank that differs from rank 0, unless all agree.
  /// Empty: only the device counts are compared.
  std::string program;
};

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_COLLECTIVES_H
