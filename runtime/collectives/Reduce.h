//===- Reduce.h - Element-wise reduction in group order ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The only arithmetic the collectives do. Every reduced element is
// ((x_0 ⊕ x_1) ⊕ x_2) ⊕ … over the sources in group order, whoever
// computes it and wherever the sources came from, which is what makes a
// reduction bit-identical for every placement of the devices. f16 and bf16
// accumulate in f32 and round once (to nearest even) at the end; integers
// wrap.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_REDUCE_H
#define LOOM_RUNTIME_COLLECTIVES_REDUCE_H

#include "runtime/collectives/Collectives.h"

#include <cstddef>
#include <cstdint>

namespace loom::collectives {

/// Reduces `count` elements of `type` from `numSources` sources (group
/// order) and writes the result to each of the `numOutputs` outputs. An
/// output may be one of the sources: each block of elements is read from
/// every source before it is written. `type` must be reducible.
void reduceElements(ReduceKind kind, DType type, const std::byte *const *sources,
                    int numSources, int64_t count, std::byte *const *outputs,
                    int numOutputs);

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_REDUCE_H
