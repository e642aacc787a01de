//===- ShardingRules.h - How each op class can be sharded --------*- C++ -*-===//
//
// Part of the Loom project.
//
// Every op's sharding rule, in the factor form of Shardy: the op's iteration
// space is a list of factors (a matmul has batch, M, N and K), each tensor
// dimension is made of factors (usually one; a reshape's merged dimension
// of several, major first), and a factor split over mesh axes splits every
// dimension it appears in. A split *reduction* factor leaves each device
// with part of a reduction: combined at once for max/min/product, or kept
// as a pending sum (a `partial` axis) for sums. A *replicated* factor must
// not be split (a softmax axis, a concat axis, a convolution window).
// Propagation and, later, partitioning read the same rules.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_SHARDING_SHARDINGRULES_H
#define LOOM_PASSES_SHARDING_SHARDINGRULES_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

namespace loom::sharding {

enum class FactorKind {
  /// Every device computes its own block of the factor.
  Parallel,
  /// Summed, or combined by max/min/product, across the factor.
  Reduction,
  /// Must be whole on every device.
  Replicated,
};

/// How the partial results of a split reduction factor combine.
enum class Combine { Sum, Max, Min, Product };

struct Factor {
  int64_t size; // mlir::ShapedType::kDynamic when unknown
  FactorKind kind;
  Combine combine = Combine::Sum;
};

/// How an op treats operands that are pending sums (`partial` axes).
enum class PartialPolicy {
  /// Not linear: every partial operand is summed (all-reduced) first.
  Reduce,
  /// Linear in all operands together (add, sub, concat): kept when every
  /// tensor operand is pending over the same axes, otherwise reduced.
  SameOnAll,
  /// Linear in each operand separately (mul, matmul, conv, the data of a
  /// gather): kept when exactly one of the `linear` operands is pending
  /// and no other operand is.
  OneOperand,
};

/// The dimensions of one tensor: the factors each is made of, major first.
/// An empty list means the dimension belongs to no factor (a broadcast
/// dimension of size 1, or a dimension the op needs whole): it is not split.
using TensorFactors = llvm::SmallVector<llvm::SmallVector<unsigned, 2>>;

struct OpShardingRule {
  llvm::SmallVector<Factor> factors;
  /// One entry per operand and per result; a non-tensor one has no dims.
  llvm::SmallVector<TensorFactors> operands;
  llvm::SmallVector<TensorFactors> results;
  PartialPolicy partial = PartialPolicy::Reduce;
  /// For SameOnAll and OneOperand: the operands the op is linear in.
  llvm::SmallVector<bool> linear;
  /// True for the fallback of an op without a rule of its own.
  bool isFallback = false;
};

/// The rule of `op`; ops without one of their own get the fallback: no
/// factors, every operand and result whole on every device.
OpShardingRule getShardingRule(mlir::Operation *op);

} // namespace loom::sharding

#endif // LOOM_PASSES_SHARDING_SHARDINGRULES_H
