//===- CompareReference.h - loom-run --compare-reference --------*- C++ -*-===//
//
// Part of the Loom project.
//
// The compiled counterpart of eager mode: runs an artifact once with a
// CommandObserver (runtime/Driver.h) that, after each launch, evaluates the
// kernel's source (KernelSource in the artifact) with the reference
// evaluator on the very bytes the compiled kernel read and compares each
// result, printing a line per kernel and stopping at the first one beyond
// the tolerance with the source nodes to look at. A sharded artifact is
// checked per device, and each collective against its definition on the
// sources its group sent. The evaluator is the
// compiler's: libloom_compiler.so's loom_reference_evaluate_kernel
// (compiler/loom_reference.h), opened with dlopen, so that loom-run links no
// LLVM. docs/tools.md describes the output.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMRUN_COMPAREREFERENCE_H
#define LOOM_TOOLS_LOOMRUN_COMPAREREFERENCE_H

#include "tools/loom-run/TensorComparison.h"

#include "runtime/Artifact.h"
#include "runtime/Executor.h"

#include <ostream>
#include <string>
#include <vector>

namespace loom::runner {

/// The tolerance per kernel where the command line gives none: the CPU
/// computes in f32 like the evaluator, in another order of summation.
inline constexpr Tolerance kCompareTolerance{1e-4, 1e-4};

struct CompareOptions {
  Tolerance tolerance = kCompareTolerance;
  /// Whether atol is relative to each result's scale: the atol applied is
  /// atol * max(1, the largest finite |reference| of the result). A long
  /// f32 sum (a 3x3x512 convolution) loses absolute precision in
  /// proportion to its terms, so an output near zero among large ones
  /// differs by more than a fixed atol (ResNet-50: 1.2e-4 at 0.12). Off
  /// when the caller gives atol.
  bool scaledAtol = true;
  /// --reference-library: the compiler library's path; empty: searched
  /// (LOOM_COMPILER_LIBRARY, then beside loom-run, then the loader's path).
  std::string library;
};

/// What collective `op` must leave at the member `position` of its group,
/// computed in double from the members' sources (`sources[p]` is member
/// p's; a permute reads only the member paired with `position`):
/// docs/collectives.md's definitions.
Tensor expectedCollective(const artifact::Collective &op,
                          const std::vector<const Tensor *> &sources,
                          int64_t position);

/// Why `artifact` cannot be compared: Unimplemented for a target or mesh
/// it does not support, DataLoss for kernels without sources.
Status checkComparable(const Artifact &artifact);

/// Runs `artifact` once on `inputs` (options as loom-run's, the observer
/// added) and compares every launch with the reference evaluator, writing
/// the table to `out`. Fails with Aborted at the first kernel or
/// collective beyond the tolerance (naming it, its device and its source
/// nodes), Unimplemented or DataLoss for an artifact it cannot compare,
/// NotFound without the compiler library, or the run's own error.
Status compareReference(const Artifact &artifact,
                        ExecutorOptions executorOptions,
                        const std::vector<Tensor> &inputs,
                        const CompareOptions &options, std::ostream &out);

} // namespace loom::runner

#endif // LOOM_TOOLS_LOOMRUN_COMPAREREFERENCE_H
